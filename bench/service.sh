#!/usr/bin/env bash
# service.sh — the service under load: `sandpiper serve` on loopback, persistence on,
# driven by wrk at 1, 8, 32 and 128 connections with a hello-world execution, then
# with a program that burns ~10 ms of CPU. Writes bench/results/service.md (or --out).
#
#   bench/service.sh [--sandpiper PATH] [--seconds N] [--connections "1 8 32 128"]
#                    [--programs "hello cpu"] [--workers N] [--repeat N] [--out FILE]
#                    [--perf FILE]
#
# Every request must answer 201: a non-2xx answer or a socket error counts as an error
# and is reported in the table (the target is none). CPU columns (user+system ms per
# execution, from /proc ticks; wrk's own CPU excluded) do not depend on what else the
# machine runs, unlike executions/s and latency: "daemon" is the daemon's own threads
# (HTTP, JSON, SQLite, workers waiting on the sandbox), "sandbox" the fork server and
# the run children it reaped; "daemon threads" splits the daemon's column by thread
# name (MHD-worker = HTTP, sp-worker = run workers, sp-store = the SQLite writer,
# sp-checkpoint = WAL checkpoints). --perf FILE records the daemon (`perf record -g`)
# during the first row. The load average is taken before and after each row, and
# "steal" is the share of the machine's CPU time the hypervisor gave to other guests
# during the row (/proc/stat): latency on a virtual machine depends on it. --repeat N
# runs each row N times, one table line each (latency percentiles of separate
# windows are not averaged), then a table of each row's medians over its windows.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
sp="$ROOT/build-release/server/sandpiper"
secs=5
conns="1 8 32 128"
progs="hello cpu"
workers=""
repeat=1
out="$ROOT/bench/results/service.md"
perf_out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sandpiper) sp=$2; shift ;;
        --seconds) secs=$2; shift ;;
        --connections) conns=$2; shift ;;
        --programs) progs=$2; shift ;;
        --workers) workers=$2; shift ;;
        --repeat) repeat=$2; shift ;;
        --out) out=$2; shift ;;
        --perf) perf_out=$2; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
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
    --per-ip-connections 1024 ${workers:+--workers "$workers"} >"$tmp/daemon.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && break
    sleep 0.05
done

printf '{"source": "print(\\"hello\\")"}' >"$tmp/hello.json"
# ~10 ms of CPU under CPython 3.11 on this machine class.
printf '{"source": "s = 0\\nfor i in range(200000):\\n    s += i * i\\nprint(s)"}' >"$tmp/cpu.json"

mkdir -p "$(dirname "$out")"
{
    echo "# Service under load"
    echo
    echo "\`bench/service.sh\` on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)),"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), wrk for ${secs}s per row, persistence on (SQLite WAL, group commit),"
    echo "binary $sp."
    echo
    echo "The machine may be shared: the load column (1-minute load average before → after"
    echo "the row) says how much. Compare rows of one run, and the CPU columns, which do"
    echo "not depend on waiting."
    echo
    echo "| program | connections | executions/s | p50 ms | p99 ms | requests | errors | CPU ms/exec | daemon | sandbox | daemon threads | load | steal |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|"
} >"$out"

# CPU ticks (user+system) used so far: the daemon's own threads (/proc/PID/stat fields
# 14-15), and the sandbox: the run children the daemon reaped (its fields 16-17), the
# fork server and whatever runs below it.
hz=$(getconf CLK_TCK)
stat_fields() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null; }
daemon_ticks() {
    local f
    f=$(stat_fields "$pid") || { echo 0; return; }
    set -- $f
    echo $(( ${12} + ${13} ))
}
# The whole process tree below the daemon: a process's own ticks plus those of the
# children it has reaped (fields 14-17), so a run child that exits moves its ticks
# into its parent's and nothing is counted twice.
descendants() {
    local p
    for p in $(pgrep -P "$1" 2>/dev/null); do
        echo "$p"
        descendants "$p"
    done
}
# Run children are the daemon's own since the fork server clones them with
# CLONE_PARENT (the daemon reaps them): their ticks are the daemon's fields 16-17.
sandbox_ticks() {
    local total=0 p f
    f=$(stat_fields "$pid") && { set -- $f; total=$(( ${14} + ${15} )); }
    for p in $(descendants "$pid"); do
        f=$(stat_fields "$p") || continue
        set -- $f
        total=$(( total + ${12} + ${13} + ${14} + ${15} ))
    done
    echo "$total"
}
# "NAME TICKS" per thread name of the daemon, summed over its threads
thread_ticks() {
    local t f
    for t in /proc/"$pid"/task/*; do
        f=$(sed 's/^.*) //' "$t/stat" 2>/dev/null) || continue
        set -- $f
        echo "$(cat "$t/comm" 2>/dev/null | tr ' ' _) $(( ${12} + ${13} ))"
    done | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
per_thread() { # before-file after-file requests -> "name ms, ..."
    join "$1" "$2" | awk -v hz="$hz" -v n="$3" \
        'n > 0 && $3 > $2 {printf "%s%s %.3f", sep, $1, ($3 - $2) * 1000 / hz / n; sep = ", "}'
}
per_exec() { # ticks requests -> ms/exec
    awk -v t="$1" -v hz="$hz" -v n="$2" \
        'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }'
}
load1() { cut -d' ' -f1 /proc/loadavg; }
# "total steal" jiffies of all CPUs so far (/proc/stat's first line; steal is field 9)
cpu_jiffies() { awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9}' /proc/stat; }
steal_pct() { # "total0 steal0" "total1 steal1" -> percent
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
        d = y[1] - x[1]; printf "%.0f %%", (d > 0 ? 100 * (y[2] - x[2]) / d : 0) }'
}
first=1
for prog in $progs; do
    for c in $conns; do
      for _ in $(seq "$repeat"); do
        threads=$(( c < 2 ? 1 : 2 ))
        load0=$(load1)
        j0=$(cpu_jiffies)
        thread_ticks >"$tmp/threads0"
        d0=$(daemon_ticks); s0=$(sandbox_ticks)
        perf_pid=""
        if [ -n "$perf_out" ] && [ "$first" = 1 ]; then
            perf record -q -e cpu-clock -g -p "$pid" -o "$perf_out" -- sleep "$secs" \
                >/dev/null 2>&1 &
            perf_pid=$!
        fi
        line=$(SP_BODY_FILE="$tmp/$prog.json" wrk -t"$threads" -c"$c" -d"${secs}s" --timeout 10s \
               -s "$ROOT/bench/service_post.lua" "http://127.0.0.1:$port/v1/executions" |
               grep '^SP_RESULT' || echo "SP_RESULT rps=0 p50_ms=0 p99_ms=0 requests=0 errors=-1")
        j1=$(cpu_jiffies)
        d1=$(daemon_ticks); s1=$(sandbox_ticks)
        thread_ticks >"$tmp/threads1"
        [ -n "$perf_pid" ] && wait "$perf_pid" || true
        first=0
        eval "$(sed 's/^SP_RESULT //' <<<"$line")"
        cpu_ms=$(per_exec $(( d1 - d0 + s1 - s0 )) "$requests")
        d_ms=$(per_exec $(( d1 - d0 )) "$requests")
        s_ms=$(per_exec $(( s1 - s0 )) "$requests")
        threads_ms=$(per_thread "$tmp/threads0" "$tmp/threads1" "$requests")
        echo "| $prog | $c | $rps | $p50_ms | $p99_ms | $requests | $errors | $cpu_ms | $d_ms | $s_ms | $threads_ms | $load0 → $(load1) | $(steal_pct "$j0" "$j1") |" >>"$out"
        echo "$prog $c $rps $p99_ms" >>"$tmp/windows"
      done
    done
done
if [ "$repeat" -gt 1 ]; then # medians over the windows of each row (never averaged)
    {
        echo
        echo "Over $repeat windows each:"
        echo
        echo "| program | connections | executions/s median (min–max) | p99 ms median (min–max) |"
        echo "|---|---:|---:|---:|"
        awk '{k = $1 " " $2; if (!(k in seen)) {seen[k] = 1; order[++n] = k}
              r[k] = r[k] " " $3; q[k] = q[k] " " $4}
             function med(s,   a, m, i, j, t) {
                 m = split(s, a, " ")
                 for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
                     if (a[j] + 0 < a[i] + 0) {t = a[i]; a[i] = a[j]; a[j] = t}
                 return sprintf("%s (%s–%s)", (m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2), a[1], a[m])
             }
             END {for (i = 1; i <= n; i++) {split(order[i], kc, " ")
                  printf "| %s | %s | %s | %s |\n", kc[1], kc[2], med(r[order[i]]), med(q[order[i]])}}' \
            "$tmp/windows"
    } >>"$out"
fi
rows=$(sqlite3 "$tmp/bench.db" "SELECT count(*) FROM executions" 2>/dev/null || echo "?")
echo >>"$out"
echo "Executions stored during the run: $rows." >>"$out"
cat "$out"
