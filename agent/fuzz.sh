#!/usr/bin/env bash
# The long differential-fuzzing run of the instrumenter (InstrumenterFuzzTest).
#
#   agent/fuzz.sh [count] [first-seed] [seconds]        (defaults: 10000 1000 36000)
#   JVM=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java agent/fuzz.sh 10000 1000
#
# Each seed is one random program, compiled at two --release levels, instrumented, verified, run and
# compared with its eager reference. A failing program is shrunk and written as
# agent/src/test/resources/fixtures/Fuzz<seed>.java (with a known-issue header). Progress is printed
# every 100 programs; the run stops after count programs or seconds, whichever comes first.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
seed=${2:-1000}
seconds=${3:-36000}
exec mvn -B -o test -pl runtime,agent -Dtest=InstrumenterFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Djcoro.fuzz.count="$count" -Djcoro.fuzz.seed="$seed" -Djcoro.fuzz.seconds="$seconds" \
    ${JVM:+-Djvm="$JVM"} -Dsurefire.printSummary=true -Dsurefire.useFile=false
