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
# The persistent network namespace cases (netns_*) use $tmp/ns, never /run/sandpiper;
# whatever they mounted under $tmp is unmounted before it is removed.
umount_tmp() {
    awk -v d="$tmp/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
        while read -r m; do umount -l "$m"; done
}
trap 'umount_tmp 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
complain() { echo "FAIL [$case_name]: $*"; fail=1; }
envv=(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=/nonexistent)
[ -n "${ASAN_OPTIONS:-}" ] && envv+=("ASAN_OPTIONS=$ASAN_OPTIONS")
[ -n "${UBSAN_OPTIONS:-}" ] && envv+=("UBSAN_OPTIONS=$UBSAN_OPTIONS")

extra_env=() # more environment for sp
wrap=()      # a command sp runs sandpiper under (strace)

# sp ARGS... — run sandpiper with stdin from $tmp/in (or /dev/null); sets $code,
# leaves $tmp/out and $tmp/err.
sp() {
    local in=/dev/null
    [ -f "$tmp/in" ] && in=$tmp/in
    SECONDS=0
    (cd "$tmp" && "${envv[@]}" "${extra_env[@]}" timeout -k 5 30 "${wrap[@]}" "$bin" "$@" <"$in" >"$tmp/out" 2>"$tmp/err")
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
run_time_limit run_bad_limits trace_limits netns_reuse netns_missing netns_bogus
netns_not_empty netns_bad_dir"

# The netns_* cases: DIR is $tmp/ns. Not as another user (then there is no
# persistent namespace: nothing to test), nor without strace.
nsdir=$tmp/ns
netns_setup() {
    if [ "$(id -u)" != 0 ] || ! command -v strace >/dev/null; then
        echo "ok [$case_name] (skipped: needs root and strace)"
        return 1
    fi
    extra_env=("SANDPIPER_NETNS_DIR=$nsdir")
}
# The namespace on DIR/net: its inode, or nothing when DIR/net is not one.
netns_ino() {
    [ "$(findmnt -n -o FSTYPE --mountpoint "$nsdir/net" 2>/dev/null | tail -n 1)" = nsfs ] &&
        stat -L -c %i "$nsdir/net"
}
# netns_run FRESH ARGS... — sp run ARGS under strace; FRESH=1: the run must have
# created a network namespace of its own, 0: it must have reused DIR/net's.
netns_run() {
    local fresh=$1
    shift
    local saved=("${extra_env[@]}")
    # LeakSanitizer cannot work under ptrace: the leak check is left to sp's other runs.
    [ -n "${ASAN_OPTIONS:-}" ] && extra_env+=("ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0")
    wrap=(strace -f -qq -e trace=unshare,setns -o "$tmp/strace")
    sp run "$@"
    wrap=()
    extra_env=("${saved[@]}")
    local n
    n=$(grep -c 'unshare(CLONE_NEWNET' "$tmp/strace")
    [ "$n" = "$fresh" ] || complain "$n fresh network namespaces, expected $fresh: run $*"
    grep -q 'setns(.*CLONE_NEWNET' "$tmp/strace" || complain "no network namespace joined: run $*"
}
netns_check_separate() {
    sp check --json; expect_code 0
    expect_json '.layers[] | select(.name == "namespaces") | .detail | test("separate: [^;]*net")'
}

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
netns_reuse)
    # As root the CLI keeps one empty network namespace on DIR/net across runs.
    netns_setup || exit 0
    sp run -c 'print(6 * 7)'; expect_code 0; expect_out '^42$'
    [ "$(stat -c %a:%u "$nsdir")" = 700:0 ] || complain "DIR is $(stat -c %a:%u "$nsdir")"
    ino=$(netns_ino); [ -n "$ino" ] || complain "no namespace on DIR/net after the first run"
    [ "net:[$ino]" != "$(readlink /proc/self/ns/net)" ] || complain "DIR/net is the host's"
    netns_run 0 -c 'print(1)'; expect_code 0; expect_out '^1$'
    netns_run 0 -c 'print(2)'; expect_code 0; expect_out '^2$'
    [ "$(netns_ino)" = "$ino" ] || complain "the namespace was replaced: $ino -> $(netns_ino)"
    n=$(awk -v f="$nsdir/net" '$5 == f' /proc/self/mountinfo | wc -l)
    [ "$n" = 1 ] || complain "$n mounts on DIR/net"
    netns_check_separate ;;
netns_missing)
    # A missing DIR/net (or DIR) is created at the next run, which runs in a fresh one.
    netns_setup || exit 0
    sp run -c pass; expect_code 0; ino=$(netns_ino)
    # Hold the old namespace alive: a freed one's inode number may be given again.
    exec {old_ns}<"$nsdir/net"
    umount -l "$nsdir/net" && rm "$nsdir/net"
    netns_run 1 -c 'print(1)'; expect_code 0; expect_out '^1$'
    ino2=$(netns_ino)
    exec {old_ns}<&-
    [ -n "$ino2" ] && [ "$ino2" != "$ino" ] || complain "not recreated: '$ino' -> '$ino2'"
    umount "$nsdir/net" && rm -r "$nsdir"
    netns_run 1 -c 'print(2)'; expect_code 0; expect_out '^2$'
    [ "$(stat -c %a:%u "$nsdir" 2>&1)" = 700:0 ] || complain "DIR not recreated 0700"
    [ -n "$(netns_ino)" ] || complain "DIR/net not recreated"
    netns_run 0 -c pass; expect_code 0
    # Concurrent first runs: each runs, one of them places its namespace.
    umount "$nsdir/net" && rm "$nsdir/net"
    for i in 1 2 3 4; do
        (cd "$tmp" && "${envv[@]}" "${extra_env[@]}" "$bin" run -c "print($i)" >"$tmp/par$i" 2>&1) &
    done
    wait
    for i in 1 2 3 4; do [ "$(cat "$tmp/par$i")" = "$i" ] || complain "concurrent run $i: $(cat "$tmp/par$i")"; done
    n=$(awk -v f="$nsdir/net" '$5 == f' /proc/self/mountinfo | wc -l)
    [ "$n" = 1 ] || complain "$n mounts on DIR/net after concurrent first runs"
    netns_run 0 -c pass; expect_code 0 ;;
netns_bogus)
    # Whatever else is on DIR/net: a fresh namespace for the run, and DIR/net is
    # replaced only when it is an empty file (a creator that died) or a namespace.
    netns_setup || exit 0
    mkdir -m 700 "$nsdir"
    echo keep >"$nsdir/net"
    netns_run 1 -c 'print(1)'; expect_code 0; expect_out '^1$'
    [ "$(cat "$nsdir/net")" = keep ] || complain "a non-empty file was replaced"
    rm "$nsdir/net"; ln -s /proc/self/ns/net "$nsdir/net"
    netns_run 1 -c 'print(2)'; expect_code 0; expect_out '^2$'
    [ -L "$nsdir/net" ] || complain "a symbolic link was replaced"
    rm "$nsdir/net"; : >"$nsdir/net"
    netns_run 1 -c 'print(3)'; expect_code 0; expect_out '^3$'
    [ -n "$(netns_ino)" ] || complain "an empty file was not made the namespace"
    umount "$nsdir/net"; mount --bind /proc/self/ns/uts "$nsdir/net"
    netns_run 1 -c 'print(4)'; expect_code 0; expect_out '^4$'
    [ -n "$(netns_ino)" ] || complain "a uts namespace was not replaced"
    netns_run 0 -c pass; expect_code 0 ;;
netns_not_empty)
    # A namespace that is not empty (lo up and used; the host's) is never used.
    netns_setup || exit 0
    mkdir -m 700 "$nsdir"; : >"$nsdir/net"
    unshare --net="$nsdir/net" sh -c 'ip link set lo up && exec python3 -c "
import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b\"x\", (\"127.0.0.1\", 9))"' ||
        complain "cannot make a used namespace"
    ino=$(netns_ino)
    netns_run 1 -c 'print(1)'; expect_code 0; expect_out '^1$'
    ino2=$(netns_ino)
    [ -n "$ino2" ] && [ "$ino2" != "$ino" ] || complain "a used namespace stayed: $ino -> $ino2"
    [ "$(nsenter --net="$nsdir/net" cat /proc/net/dev | wc -l)" = 3 ] || complain "replaced by a used one"
    umount "$nsdir/net"; mount --bind /proc/self/ns/net "$nsdir/net"
    netns_run 1 -c 'print(2)'; expect_code 0; expect_out '^2$'
    [ "net:[$(netns_ino)]" != "$(readlink /proc/self/ns/net)" ] || complain "the host's stayed"
    netns_run 0 -c pass; expect_code 0
    netns_check_separate ;;
netns_bad_dir)
    # DIR not root's 0700: never used nor written; "" turns the persistence off.
    netns_setup || exit 0
    sp run -c pass; expect_code 0; ino=$(netns_ino)
    chmod 755 "$nsdir"
    netns_run 1 -c 'print(1)'; expect_code 0; expect_out '^1$'
    chmod 700 "$nsdir"; chown 65534 "$nsdir"
    netns_run 1 -c 'print(2)'; expect_code 0; expect_out '^2$'
    chown 0 "$nsdir"; umount "$nsdir/net"
    chmod 750 "$nsdir"
    netns_run 1 -c 'print(3)'; expect_code 0; expect_out '^3$'
    [ -z "$(netns_ino)" ] || complain "a namespace was placed in a group-readable DIR"
    netns_check_separate
    nsdir=$tmp/none; extra_env=("SANDPIPER_NETNS_DIR=")
    netns_run 1 -c 'print(4)'; expect_code 0; expect_out '^4$'
    extra_env=("SANDPIPER_NETNS_DIR=relative/dir")
    netns_run 1 -c 'print(5)'; expect_code 0; expect_out '^5$'
    [ ! -e "$tmp/relative" ] || complain "a relative DIR was used" ;;
*)
    echo "cli_test.sh: unknown case '$case_name'" >&2; exit 2 ;;
esac
[ $fail = 0 ] && echo "ok [$case_name]"
exit $fail
