#!/usr/bin/env bash
# The full real-world corpus run (RealWorldCorpusTest over every class, not a sample):
#   agent/corpus.sh                      (the build's JDK)
#   JVM=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java agent/corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -o test -pl runtime,agent -Dtest=RealWorldCorpusTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Djcoro.corpus.full=true ${JVM:+-Djvm="$JVM"} -Dsurefire.useFile=false
