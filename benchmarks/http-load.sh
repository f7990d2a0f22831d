#!/usr/bin/env bash
# The HTTP load test of issue #10: the jcoro server (1 and 2 loops), the hand-written reactor (the
# floor), virtual threads and Netty (1 and 2 event-loop threads), each in its own JVM on 127.0.0.1,
# driven by wrk in the same run with the same handlers; then benchmarks/http-report.py's table.
#
# It builds nothing: build first, from the repository root:
#     mvn -B -q -DskipTests -pl samples,benchmarks -am package
#
# Usage: benchmarks/http-load.sh [--short] [--jdk N] [--out DIR]
#   --short   warm-up 2 s, measurements of 3 s, 1,000 idle connections (about 2 minutes; for CI)
#   default   warm-up 5 s, measurements of 10 s, 10,000 idle connections (about 5 minutes)
#   --jdk N   every server on the JDK N found under /usr/lib/jvm; by default JDK 25 when it is there
#             (virtual threads need 21+, so all the rows are in one run), else $JAVA_HOME or java
#   --out DIR where results go (default benchmarks/target/http-load)
#
# For each server: wait for its "listening on 127.0.0.1:<port>" line (it picks a free port); warm
# up; `wrk -t1 -c100 --latency /hello` (req/s, p50, p99; server CPU µs per request from
# /proc/<pid>/stat utime+stime over the measured run); `wrk -t1 -c1000 --latency /slow`; then the
# live heap (jcmd GC.class_histogram, after a full GC) before and while IdleConnections holds N
# keep-alive connections open, each having been answered once: the difference / N per connection.
# Writes DIR/meta.txt, DIR/results.tsv, each tool's raw output and each server's log, then
# DIR/report.md (http-report.py DIR). Loopback only; every wrk and client run is bounded by timeout.
# Without wrk (and no way to install it) it prints "skipped: wrk not available" and exits 0.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
command_line="benchmarks/http-load.sh $*"

short=0
jdk=""
out="$here/target/http-load"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --short) short=1; shift ;;
        --jdk) jdk="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "http-load.sh: unknown option $1 (usage: [--short] [--jdk N] [--out DIR])" >&2; exit 2 ;;
    esac
done
if (( short )); then
    warm=2 duration=3 idle_count=1000 mode_name=short
else
    warm=5 duration=10 idle_count=10000 mode_name=full
fi

if ! command -v wrk > /dev/null; then
    echo "http-load.sh: wrk is not installed; trying apt-get install -y wrk" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt-get install -y wrk > /dev/null 2>&1 || { apt-get update > /dev/null 2>&1 && apt-get install -y wrk > /dev/null 2>&1; } || true
    elif command -v sudo > /dev/null; then
        sudo -n apt-get install -y wrk > /dev/null 2>&1 || true
    fi
    if ! command -v wrk > /dev/null; then
        echo "skipped: wrk not available (install the Debian package wrk, as root: apt-get install -y wrk)"
        exit 0
    fi
fi

# shellcheck source=java-for.sh
source "$here/java-for.sh"
if [[ -z "$jdk" ]] && java_for 25 > /dev/null; then
    jdk=25
fi
if ! java=$(java_for "$jdk"); then
    echo "http-load.sh: no JDK $jdk found under /usr/lib/jvm" >&2
    exit 1
fi
java=$(command -v "$java")
jcmd="$(dirname "$java")/jcmd"
version_line=$("$java" -version 2>&1 | head -n 1)
feature=$(echo "$version_line" | sed -E 's/.*version "([0-9]+).*/\1/')

samples_jar="$root/samples/target/jcoro-samples.jar"
bench_jar="$here/target/benchmarks.jar"
runtime_jar=$(ls "$root"/runtime/target/jcoro-runtime-*.jar 2> /dev/null | grep -v -E '(sources|javadoc)\.jar$' | head -n 1 || true)
if [[ -f "$samples_jar" ]]; then
    samples=(-jar "$samples_jar" http-server)
    samples_how="java -jar samples/target/jcoro-samples.jar http-server"
elif [[ -d "$root/samples/target/classes" && -n "$runtime_jar" ]]; then
    samples=(-cp "$root/samples/target/classes:$runtime_jar" io.github.jcoro.samples.HttpServerSample)
    samples_how="java -cp samples/target/classes:runtime/target/$(basename "$runtime_jar") io.github.jcoro.samples.HttpServerSample"
else
    samples=()
fi
if [[ ${#samples[@]} -eq 0 || ! -f "$bench_jar" ]]; then
    echo "http-load.sh: build first, from $root: mvn -B -q -DskipTests -pl samples,benchmarks -am package" >&2
    exit 1
fi

mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.log "$out"/results.tsv
heap=(-Xms1g -Xmx1g)
netty_opts=()
if (( feature >= 22 )); then
    netty_opts=(--enable-native-access=ALL-UNNAMED) # Netty loads its epoll library
fi
ticks=$(getconf CLK_TCK)
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "command: $command_line"
    echo "mode: $mode_name (warm-up ${warm} s, measurements ${duration} s, $idle_count idle connections)"
    echo "java: $version_line"
    echo "vm: $("$java" -version 2>&1 | tail -n 1)"
    echo "server jvm options: ${heap[*]}"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1), $(nproc) cores"
    echo "memory: $(free -g 2> /dev/null | awk '/^Mem:/ { print $2 " GiB" }')"
    echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    echo "wrk: $(wrk -v 2>&1 | head -n 1 | cut -d ' ' -f 1-2)"
    echo "open files limit: $(ulimit -n)"
    echo "jcoro started as: $samples_how"
} > "$out/meta.txt"
cat "$out/meta.txt"

# The servers: id, label, how to start it (after java), and why it cannot run here (empty: it can).
idle_opt=(--idle-timeout 3600) # the held connections must outlive the measurement
ids=(jcoro-1 jcoro-2 reactor virtual netty-1 netty-2)
declare -A label start skip
label[jcoro-1]="jcoro, 1 loop"
label[jcoro-2]="jcoro, 2 loops"
label[reactor]="hand-written reactor (floor)"
label[virtual]="virtual threads"
label[netty-1]="Netty, 1 thread"
label[netty-2]="Netty, 2 threads"
start[jcoro-1]="${samples[*]} --port 0 --loops 1 ${idle_opt[*]}"
start[jcoro-2]="${samples[*]} --port 0 --loops 2 ${idle_opt[*]}"
start[reactor]="${samples[*]} --port 0 --reactor ${idle_opt[*]}"
start[virtual]="${samples[*]} --port 0 --virtual ${idle_opt[*]}"
start[netty-1]="${netty_opts[*]} -cp $bench_jar io.github.jcoro.benchmarks.http.NettyHttpServer --port 0 --threads 1"
start[netty-2]="${netty_opts[*]} -cp $bench_jar io.github.jcoro.benchmarks.http.NettyHttpServer --port 0 --threads 2"
if (( feature < 21 )); then
    skip[virtual]="virtual threads need JDK 21+ (this run is on JDK $feature)"
fi

columns="id	label	status	reason	load	hello_rps	hello_p50_ms	hello_p99_ms	hello_requests	hello_errors	cpu_us_per_req	slow_rps	slow_p50_ms	slow_p99_ms	slow_errors	idle_count	heap_before	heap_held	bytes_per_conn	idle_note"
echo "$columns" > "$out/results.tsv"

# wrk's figures: requests, req/s, p50 and p99 in ms, and errors (socket errors plus non-2xx).
wrk_figures() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
            return v + 0
        }
        / requests in / { requests = $1 }
        /^Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        END { printf "%s %s %.3f %.3f %d\n", requests + 0, rps + 0, p50, p99, errors }
    ' "$1"
}

cpu_ticks() {
    # utime and stime are fields 14 and 15, counted after the ")" that ends the command name.
    sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

live_heap() {
    timeout 120 "$jcmd" "$1" GC.class_histogram > "$2" 2>&1 || return 1
    awk '/^Total / { print $3 }' "$2" | tail -n 1
}

server_pid=""
client_pid=""
cleanup() {
    [[ -n "$client_pid" ]] && kill "$client_pid" 2> /dev/null || true
    [[ -n "$server_pid" ]] && kill "$server_pid" 2> /dev/null || true
}
trap cleanup EXIT

stop_server() {
    kill "$server_pid" 2> /dev/null || true
    for _ in $(seq 50); do
        kill -0 "$server_pid" 2> /dev/null || break
        sleep 0.2
    done
    kill -9 "$server_pid" 2> /dev/null || true
    wait "$server_pid" 2> /dev/null || true
    server_pid=""
}

row() { # id status reason [figures...]
    local id=$1 status=$2 reason=$3
    shift 3
    local cells=("$id" "${label[$id]}" "$status" "$reason" "$(cut -d ' ' -f 1 /proc/loadavg)" "$@")
    while [[ ${#cells[@]} -lt 20 ]]; do cells+=("-"); done
    (IFS=$'\t'; echo "${cells[*]}") >> "$out/results.tsv"
}

t0=$(date +%s)
for id in "${ids[@]}"; do
    echo
    echo "== ${label[$id]} ($id) =="
    if [[ -n "${skip[$id]:-}" ]]; then
        echo "not run: ${skip[$id]}"
        row "$id" "not run" "${skip[$id]}"
        continue
    fi
    log="$out/$id-server.log"
    # shellcheck disable=SC2086 # start[] holds the words of the command line
    "$java" "${heap[@]}" ${start[$id]} > "$log" 2>&1 &
    server_pid=$!
    echo "java ${heap[*]} ${start[$id]}" | sed "s|$root/||g" > "$out/$id-command.txt"
    port=""
    for _ in $(seq 150); do
        port=$(grep -o -E -m 1 'listening on 127\.0\.0\.1:[0-9]+' "$log" | sed 's/.*://' || true)
        [[ -n "$port" ]] && break
        kill -0 "$server_pid" 2> /dev/null || break
        sleep 0.2
    done
    if [[ -z "$port" ]]; then
        reason="did not start: $(grep -v '^WARNING' "$log" | tail -n 1)"
        echo "not run: $reason"
        stop_server
        row "$id" "not run" "$reason"
        continue
    fi
    echo "$(grep -m 1 'listening on' "$log"); pid $server_pid"
    url="http://127.0.0.1:$port"
    bound=$((warm + duration + 30))

    timeout "$bound" wrk -t1 -c100 -d"${warm}s" "$url/hello" > "$out/$id-warmup.txt" 2>&1 || true
    timeout "$bound" wrk -t1 -c1000 -d"$(( (warm + 1) / 2 ))s" "$url/slow" >> "$out/$id-warmup.txt" 2>&1 || true
    sleep 1
    before=$(cpu_ticks "$server_pid")
    if ! timeout "$bound" wrk -t1 -c100 -d"${duration}s" --latency "$url/hello" > "$out/$id-hello.txt" 2>&1; then
        reason="wrk /hello failed: $(tail -n 1 "$out/$id-hello.txt")"
        echo "not run: $reason"
        stop_server
        row "$id" "not run" "$reason"
        continue
    fi
    after=$(cpu_ticks "$server_pid")
    read -r h_req h_rps h_p50 h_p99 h_err <<< "$(wrk_figures "$out/$id-hello.txt")"
    cpu=$(awk -v d=$((after - before)) -v t="$ticks" -v n="$h_req" 'BEGIN { printf "%.2f", (n > 0 ? d / t * 1e6 / n : 0) }')
    echo "/hello: $h_rps req/s, p50 $h_p50 ms, p99 $h_p99 ms, $h_err errors; server CPU $cpu µs/request"

    timeout "$bound" wrk -t1 -c1000 -d"${duration}s" --latency "$url/slow" > "$out/$id-slow.txt" 2>&1 || true
    read -r s_req s_rps s_p50 s_p99 s_err <<< "$(wrk_figures "$out/$id-slow.txt")"
    echo "/slow, 1,000 connections: $s_rps req/s, p50 $s_p50 ms, p99 $s_p99 ms, $s_err errors"
    sleep 2 # wrk's connections close

    note=""
    heap_before="-" heap_held="-" per="-"
    if heap_before=$(live_heap "$server_pid" "$out/$id-histogram-before.txt") && [[ -n "$heap_before" ]]; then
        fifo="$out/.hold-$id"
        rm -f "$fifo"
        mkfifo "$fifo"
        timeout 300 "$java" -cp "$bench_jar" io.github.jcoro.benchmarks.http.IdleConnections \
            --port "$port" --count "$idle_count" --hold 240 < "$fifo" > "$out/$id-idle.txt" 2>&1 &
        client_pid=$!
        exec 3> "$fifo"
        for _ in $(seq 600); do
            grep -q -E '^(holding|failed)' "$out/$id-idle.txt" && break
            kill -0 "$client_pid" 2> /dev/null || break
            sleep 0.2
        done
        if grep -q '^holding' "$out/$id-idle.txt"; then
            heap_held=$(live_heap "$server_pid" "$out/$id-histogram-held.txt" || echo "-")
        else
            note="client: $(tail -n 1 "$out/$id-idle.txt")"
        fi
        exec 3>&-
        wait "$client_pid" 2> /dev/null || true
        client_pid=""
        rm -f "$fifo"
        if [[ -z "$note" ]]; then
            note=$(grep -E 'still open|closed by the server' "$out/$id-idle.txt" | head -n 1 || true)
        fi
        if [[ "$heap_held" =~ ^[0-9]+$ ]]; then
            per=$(( (heap_held - heap_before) / idle_count ))
        else
            heap_held="-"
        fi
    else
        heap_before="-"
        note="jcmd GC.class_histogram failed: $(tail -n 1 "$out/$id-histogram-before.txt")"
    fi
    echo "heap: $heap_before B live before, $heap_held B holding $idle_count idle connections: $per B each ($note)"
    stop_server
    row "$id" "ok" "-" "$h_rps" "$h_p50" "$h_p99" "$h_req" "$h_err" "$cpu" "$s_rps" "$s_p50" "$s_p99" "$s_err" \
        "$idle_count" "$heap_before" "$heap_held" "$per" "${note:--}"
done
echo "wall time: $(( $(date +%s) - t0 )) s" | tee -a "$out/meta.txt"

echo
if command -v python3 > /dev/null; then
    python3 "$here/http-report.py" "$out" | tee "$out/report.md"
    echo
    echo "report: $out/report.md (python3 benchmarks/http-report.py $out --readme README.md puts it in the README)"
else
    column -t -s $'\t' "$out/results.tsv"
fi
