#!/usr/bin/env bash
# cli_test.sh — small tests of the `sandpiper` command line itself.
#
#   cli_test.sh CASE SANDPIPER        (CASE "list" prints the case names)
#
# Cases that run Python code (`run -c ...`) compare stdout, stderr and exit status with
# Debian's /usr/bin/python3.11 run the same way, live. Every case also fails on any
# sanitizer report.
set -uo pipefail

case_name=$1
bin=${2:-}
PY=/usr/bin/python3.11
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sp-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
complain() { echo "FAIL [$case_name]: $*"; fail=1; }
envv=(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=/nonexistent)
[ -n "${ASAN_OPTIONS:-}" ] && envv+=("ASAN_OPTIONS=$ASAN_OPTIONS")
[ -n "${UBSAN_OPTIONS:-}" ] && envv+=("UBSAN_OPTIONS=$UBSAN_OPTIONS")

# sp ARGS... — run sandpiper with stdin from $tmp/in (or /dev/null); sets $code,
# leaves $tmp/out and $tmp/err.
sp() {
    local in=/dev/null
    [ -f "$tmp/in" ] && in=$tmp/in
    SECONDS=0
    (cd "$tmp" && "${envv[@]}" timeout -k 5 30 "$bin" "$@" <"$in" >"$tmp/out" 2>"$tmp/err")
    code=$?
    local elapsed=$SECONDS
    if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' "$tmp/err"; then
        complain "sanitizer report from: sandpiper $*"
        cat "$tmp/err"
    fi
    [ $code -eq 124 ] && [ "$elapsed" -ge 30 ] && complain "timed out: sandpiper $*"
    [ $code -ge 128 ] && complain "killed by signal $((code - 128)): sandpiper $*"
    return 0
}
expect_code() { [ "$code" = "$1" ] || { complain "exit status $code, expected $1"; cat "$tmp/err"; }; }
expect_out() { grep -qE "$1" "$tmp/out" || { complain "stdout lacks /$1/:"; cat "$tmp/out"; }; }
expect_err() { grep -qE "$1" "$tmp/err" || { complain "stderr lacks /$1/:"; cat "$tmp/err"; }; }
# expect_json JQ_FILTER — the filter must print "true" on $tmp/out (needs jq)
expect_json() {
    local got
    got=$(jq -e "$1" "$tmp/out" 2>&1) || { complain "JSON check failed: $1 -> $got"; head -c 2000 "$tmp/out"; echo; }
}

# like_python ARGS... — `sandpiper run ARGS` must behave exactly like `python3.11 ARGS`.
like_python() {
    local in=/dev/null
    [ -f "$tmp/in" ] && in=$tmp/in
    (cd "$tmp" && "${envv[@]}" "$PY" "$@" <"$in" >"$tmp/py.out" 2>"$tmp/py.err.raw")
    local pycode=$?
    sed "s|File \"$(cd "$tmp" && pwd -P)/|File \"|g" "$tmp/py.err.raw" >"$tmp/py.err"
    sp run "$@"
    sed -i "s|File \"$(cd "$tmp" && pwd -P)/|File \"|g" "$tmp/err"
    diff -u --label expected/stdout --label actual/stdout "$tmp/py.out" "$tmp/out" || complain "stdout differs"
    diff -u --label expected/stderr --label actual/stderr "$tmp/py.err" "$tmp/err" || complain "stderr differs"
    [ "$code" = "$pycode" ] || complain "exit status $code, expected $pycode"
}

SUBCOMMANDS="run tokens ast dis"
CASES="help_main help_run help_tokens help_ast help_dis help_listed no_args unknown_command
version run_no_file run_missing_file run_c run_c_argv run_file_argv run_exit_code
run_exit_message run_stdin run_syntax_error run_uncaught tokens_no_file ast_no_file
dis_no_file tokens_missing_file ast_stdin run_json_ok run_json_exception run_json_syntax
run_time_limit run_bad_limits trace_limits"

if [ "$case_name" = list ]; then
    echo $CASES
    exit 0
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "cli_test.sh: no sandpiper binary at '$bin'" >&2
    exit 1
fi

case "$case_name" in
help_main)
    sp --help; expect_code 0; expect_out '^usage:'
    for s in $SUBCOMMANDS; do expect_out "^[[:space:]]+$s([[:space:]]|$)"; done ;;
help_run|help_tokens|help_ast|help_dis)
    sub=${case_name#help_}
    sp "$sub" --help; expect_code 0; expect_out "usage: sandpiper $sub" ;;
help_listed)
    # every subcommand the main usage lists (serve, check, ... as they appear) has --help
    sp --help
    subs=$(awk '/^commands:/ { on = 1; next } on && /^[[:space:]]+[a-z]/ { print $1 }' "$tmp/out")
    [ -n "$subs" ] || complain "main --help lists no commands"
    for s in $subs; do
        sp "$s" --help
        [ "$code" = 0 ] || complain "'sandpiper $s --help' exited $code"
        grep -q 'usage' "$tmp/out" || complain "'sandpiper $s --help' prints no usage"
    done ;;
no_args)
    sp; expect_code 2; expect_err '^usage:' ;;
unknown_command)
    sp frobnicate; expect_code 2; expect_err 'unknown command' ;;
version)
    sp --version; expect_code 0; expect_out '^sandpiper [0-9]' ;;
run_no_file)
    sp run; expect_code 2; expect_err 'usage' ;;
run_missing_file)
    sp run does_not_exist.py; expect_code 2; expect_err "can't open file" ;;
run_c)
    like_python -c 'print(6 * 7); print("héllo", [1, 2.5, None])' ;;
run_c_argv)
    like_python -c 'import sys; print(sys.argv)' alpha "two words" ;;
run_file_argv)
    printf 'import sys\nprint(sys.argv[0], sys.argv[1:])\nprint(__name__)\n' >"$tmp/prog.py"
    like_python prog.py x --y ;;
run_exit_code)
    like_python -c 'import sys; print("bye"); sys.exit(3)' ;;
run_exit_message)
    like_python -c 'import sys; sys.exit("fatal: bad input")' ;;
run_stdin)
    printf 'line one\nline two\n' >"$tmp/in"
    like_python -c 'import sys; data = sys.stdin.read(); print(len(data), data.upper(), end="")' ;;
run_syntax_error)
    printf 'x = 1\nif x\n    print(x)\n' >"$tmp/bad.py"
    like_python bad.py ;;
run_uncaught)
    printf 'def f(n):\n    return 10 // n\n\nprint(f(2))\nprint(f(0))\n' >"$tmp/div.py"
    like_python div.py ;;
tokens_no_file|ast_no_file|dis_no_file)
    sp "${case_name%_no_file}"; expect_code 2 ;;
tokens_missing_file)
    sp tokens does_not_exist.py; expect_code 2; expect_err 'does_not_exist.py' ;;
ast_stdin)
    # "-" reads the program from stdin
    printf 'x = [1, 2]\n' >"$tmp/in"
    sp ast -; expect_code 0
    "$PY" -c 'import ast; print(ast.dump(ast.parse("x = [1, 2]\n"), indent=2))' >"$tmp/want"
    diff -u --label expected --label actual "$tmp/want" "$tmp/out" || complain "ast output differs" ;;
run_json_ok)
    sp run --json -c 'print(6 * 7)'; expect_code 0
    expect_json '.status == "ok" and .exit_code == 0 and .stdout == "42\n" and .stderr == "" and .exception == null' ;;
run_json_exception)
    sp run --json -c 'x = 1
print(x / 0)'; expect_code 0
    expect_json '.exit_code == 1 and .exception.type == "ZeroDivisionError" and .exception.message == "division by zero" and .exception.line == 2 and (.stderr | contains("Traceback"))' ;;
run_json_syntax)
    sp run --json -c 'x = ('; expect_code 0
    expect_json '.status == "syntax_error" and .exit_code == 1 and .exception.type == "SyntaxError"' ;;
run_time_limit)
    # the documented CLI verdict: exit status 124 and a message on stderr
    sp run --time-limit 300ms -c 'while True: pass'; expect_code 124; expect_err 'time limit' ;;
run_bad_limits)
    # every bad limit is a usage error (2) that names the option or the range
    sp run --memory-limit 1x -c pass; expect_code 2; expect_err "invalid value for --memory-limit: '1x'"
    sp run --output-limit 0 -c pass; expect_code 2; expect_err 'invalid value for --output-limit'
    sp run --cpu-limit -c pass; expect_code 2; expect_err 'invalid value for --cpu-limit'
    sp run --instructions -5 -c pass; expect_code 2; expect_err 'invalid value for --instructions'
    sp run --wall-limit 100 -c pass; expect_code 2; expect_err 'wall_ms must be between'
    sp run --time-limit; expect_code 2; expect_err 'time-limit needs a value'
    # a bare number is seconds for run: 0.5 = 500 ms
    sp run --json --cpu-limit 0.5 -c 'while True: pass'; expect_code 0
    expect_json '.status == "time_limit_exceeded"' ;;
trace_limits)
    # trace shares run's limit options; a bare number is milliseconds for trace
    printf 'while True: pass\n' >"$tmp/loop.py"
    sp trace --cpu-limit 200 loop.py; expect_code 0; expect_out 'status: time_limit_exceeded'
    sp trace --time-limit 200ms --memory-limit 64M --output-limit 64K loop.py; expect_code 0
    expect_out 'status: time_limit_exceeded'
    sp trace --instructions 1000 loop.py; expect_code 0; expect_out 'status: time_limit_exceeded'
    sp trace --cpu-limit 0 loop.py; expect_code 2; expect_err "invalid value for --cpu-limit: '0'"
    sp trace --wall-limit 70000 loop.py; expect_code 2; expect_err 'wall_ms must be between'
    sp trace --memory-limit; expect_code 2; expect_err 'memory-limit needs a value' ;;
*)
    echo "cli_test.sh: unknown case '$case_name'" >&2; exit 2 ;;
esac
[ $fail = 0 ] && echo "ok [$case_name]"
exit $fail
