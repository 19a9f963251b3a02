#!/usr/bin/env bash
# cli_verdicts.sh — each verdict through `sandpiper run --json`, the exit statuses
# without --json, and `sandpiper check`.
#
#   cli_verdicts.sh /path/to/sandpiper
set -uo pipefail
SP=${1:?usage: cli_verdicts.sh SANDPIPER}
command -v jq >/dev/null || { echo "jq is required (scripts/install-deps.sh test)"; exit 1; }
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nobody_before=$(ps -u 65534 -o pid= 2>/dev/null | wc -l)

# expect NAME JQ-FILTER [run options...] -c CODE     (stdin from $tmp/stdin if present)
expect() {
    local name=$1 filter=$2
    shift 2
    local out
    out=$("$SP" run --json "$@" < "${STDIN:-/dev/null}" 2>"$tmp/err")
    if [ $? -eq 0 ] && printf '%s' "$out" | jq -e "$filter" >/dev/null 2>&1; then
        pass=$((pass + 1)); echo "ok   $name"
    else
        fail=$((fail + 1)); echo "FAIL $name"
        echo "     filter: $filter"
        echo "     got:    $(printf '%s' "$out" | jq -c 'del(.stages, .stats)' 2>/dev/null || printf '%s' "$out" | head -c 400)"
        head -c 400 "$tmp/err"
    fi
}

# status NAME WANTED-EXIT-STATUS STDERR-REGEX [run options...]
status() {
    local name=$1 want=$2 re=$3
    shift 3
    "$SP" run "$@" </dev/null >/dev/null 2>"$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ] && { [ "$re" = EMPTY ] && [ ! -s "$tmp/err" ] || grep -Eq "$re" "$tmp/err"; }; then
        pass=$((pass + 1)); echo "ok   $name"
    else
        fail=$((fail + 1)); echo "FAIL $name: exit $got (want $want), stderr:"; head -c 400 "$tmp/err"
    fi
}

expect "ok" '.status == "ok" and .exit_code == 0 and .stdout == "hi\n" and .signal == null
             and (.stages | map(.name) | index("execute")) != null and .wall_ms > 0' \
    -c 'print("hi")'
expect "runtime_error: exception" '.status == "runtime_error" and .exception.type == "ZeroDivisionError"
             and .exception.message == "division by zero" and .exception.line == 2 and .exit_code == 1' \
    -c 'x = 1
y = x / 0'
expect "runtime_error: sys.exit(3)" '.status == "runtime_error" and .exit_code == 3 and .exception == null' \
    -c 'import sys
sys.exit(3)'
expect "syntax_error" '.status == "syntax_error" and .exception.type == "SyntaxError" and .exit_code == 1' \
    -c 'x = (1,'
expect "time_limit_exceeded: cpu" '.status == "time_limit_exceeded" and .tle_reason == "cpu" and .cpu_ms < 1500' \
    --cpu-limit 500ms --wall-limit 20s -c 'while True: pass'
expect "time_limit_exceeded: instructions" '.status == "time_limit_exceeded" and .tle_reason == "instructions"' \
    --instructions 10000 -c 'while True: pass'
expect "time_limit_exceeded: wall" '.status == "time_limit_exceeded" and .tle_reason == "wall" and .wall_ms < 1500' \
    --wall-limit 300ms -c 'import time
time.sleep(5)'
expect "memory_limit_exceeded" '.status == "memory_limit_exceeded"' \
    --memory-limit 32M -c 'x = []
while True: x.append(" " * 100000)'
expect "output_limit_exceeded" '.status == "output_limit_exceeded" and .stdout_truncated == true
             and (.stdout | length) <= 4096 and (.stdout | length) > 3000' \
    --output-limit 4K -c 'while True: print("x" * 100)'
expect "output cut at a UTF-8 boundary" '.status == "output_limit_exceeded" and .stdout_truncated
             and (.stdout | test("^(é€)*é?$"))' \
    --output-limit 1K -c 'while True: print("é€" * 100, end="")'
expect "time.process_time and time.sleep are allowed" '.status == "ok" and .stdout == "True\n"' \
    -c 'import time
t = time.process_time(); time.sleep(0.01); print(time.process_time() >= t)'
printf 'line one\n' >"$tmp/stdin"
STDIN="$tmp/stdin" expect "stdin reaches the program" '.status == "ok" and .stdout == "line one\n"' \
    -c 'print(input())'
expect "argv" '.status == "ok" and .stdout == "[\u0027-c\u0027, \u0027a\u0027, \u0027b\u0027]\n"' \
    -c 'import sys; print(sys.argv)' a b

status "exit status: program's own" 3 EMPTY -c 'import sys; sys.exit(3)'
status "exit status: time limit" 124 'time limit exceeded \(' --time-limit 300ms -c 'while True: pass'
status "exit status: memory limit" 125 'memory limit exceeded' --memory-limit 32M -c 's = "ab"
while True: s += s'
status "exit status: output limit" 123 'output limit exceeded' --output-limit 2K -c 'while True: print(1)'
status "usage: bad limit" 2 'invalid value for --time-limit' --time-limit soon -c 'pass'
status "usage: limit over the maximum" 2 'cpu_ms must be between' --cpu-limit 999s -c 'pass'

if "$SP" check >"$tmp/check" 2>&1 && grep -q '^seccomp *active' "$tmp/check"; then
    pass=$((pass + 1)); echo "ok   sandpiper check"
else
    fail=$((fail + 1)); echo "FAIL sandpiper check"; cat "$tmp/check"
fi
# As root (CI) the kernel allows every namespace: a run must be in all five,
# measured from outside (the run child's /proc/<pid>/ns against ours before).
if [ "$(id -u)" = 0 ]; then
    if grep -q '^namespaces *active *separate: pid, net, ipc, mnt, uts; shared with host: none' \
        "$tmp/check"; then
        pass=$((pass + 1)); echo "ok   sandpiper check: all namespaces separate"
    else
        fail=$((fail + 1)); echo "FAIL sandpiper check: namespaces"; grep namespaces "$tmp/check"
    fi
fi

# Nothing may outlive a run: no sandboxed (uid 65534) process, no fork server.
for _ in 1 2 3 4 5; do   # other suites' runs may come and go meanwhile
    sleep 0.3
    left=$(ps -u 65534 -o pid= 2>/dev/null | wc -l)
    [ "$left" -le "$nobody_before" ] && break
done
if [ "$left" -le "$nobody_before" ]; then
    pass=$((pass + 1)); echo "ok   no sandboxed process left behind"
else
    fail=$((fail + 1)); echo "FAIL $((left - nobody_before)) sandboxed process(es) left behind"
    ps -u 65534 -o pid,ppid,etime,cmd
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
