#!/usr/bin/env bash
# service.sh — the service under load: `sandpiper serve` on loopback, persistence on,
# driven by wrk at 1, 8, 32 and 128 connections with a hello-world execution, then
# with a program that burns ~10 ms of CPU. Writes bench/results/service.md.
#
#   bench/service.sh [--sandpiper PATH] [--seconds N]
#
# Every request must answer 201: a non-2xx answer or a socket error counts as an error
# and is reported in the table (the target is none). The CPU column is the daemon's,
# the fork server's and the run children's user+system time per execution (wrk's own
# CPU excluded): unlike executions/s it does not depend on what else the machine runs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
sp="$ROOT/build-release/server/sandpiper"
secs=5
while [ $# -gt 0 ]; do
    case "$1" in
        --sandpiper) sp=$2; shift ;;
        --seconds) secs=$2; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "service.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
bash "$ROOT/scripts/install-deps.sh" bench
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
[ -x "$sp" ] || bash "$ROOT/scripts/build.sh" --release --dir build-release

tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
"$sp" serve --listen "127.0.0.1:$port" --db "$tmp/bench.db" --queue 4096 \
    --per-ip-connections 1024 >"$tmp/daemon.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && break
    sleep 0.05
done

printf '{"source": "print(\\"hello\\")"}' >"$tmp/hello.json"
# ~10 ms of CPU under CPython 3.11 on this machine class.
printf '{"source": "s = 0\\nfor i in range(200000):\\n    s += i * i\\nprint(s)"}' >"$tmp/cpu.json"

out="$ROOT/bench/results/service.md"
mkdir -p "$ROOT/bench/results"
{
    echo "# Service under load"
    echo
    echo "\`bench/service.sh\` on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)),"
    echo "$(date -u +%Y-%m-%d), wrk for ${secs}s per row, persistence on (SQLite WAL, group commit)."
    echo
    echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared:"
    echo "compare rows of one run, and the CPU column, which does not depend on waiting)."
    echo
    echo "| program | connections | executions/s | p50 ms | p99 ms | requests | errors | CPU ms/exec |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} >"$out"

# CPU seconds (user+system) used so far by the daemon, the fork server and every run
# child the fork server has reaped (its cutime/cstime): /proc/PID/stat fields 14-17.
hz=$(getconf CLK_TCK)
service_cpu_ticks() {
    local total=0 p f
    for p in "$pid" $(pgrep -P "$pid" 2>/dev/null); do
        f=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue
        set -- $f
        total=$(( total + ${12} + ${13} + ${14} + ${15} ))
    done
    echo "$total"
}
for prog in hello cpu; do
    for c in 1 8 32 128; do
        threads=$(( c < 2 ? 1 : 2 ))
        cpu0=$(service_cpu_ticks)
        line=$(SP_BODY_FILE="$tmp/$prog.json" wrk -t"$threads" -c"$c" -d"${secs}s" --timeout 10s \
               -s "$ROOT/bench/service_post.lua" "http://127.0.0.1:$port/v1/executions" |
               grep '^SP_RESULT' || echo "SP_RESULT rps=0 p50_ms=0 p99_ms=0 requests=0 errors=-1")
        cpu1=$(service_cpu_ticks)
        eval "$(sed 's/^SP_RESULT //' <<<"$line")"
        cpu_ms=$(awk -v t=$(( cpu1 - cpu0 )) -v hz="$hz" -v n="$requests" \
                 'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }')
        echo "| $prog | $c | $rps | $p50_ms | $p99_ms | $requests | $errors | $cpu_ms |" >>"$out"
    done
done
rows=$(sqlite3 "$tmp/bench.db" "SELECT count(*) FROM executions" 2>/dev/null || echo "?")
echo >>"$out"
echo "Executions stored during the run: $rows." >>"$out"
cat "$out"
