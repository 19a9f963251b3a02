#!/usr/bin/env bash
# run_one.sh — run one conformance program through one stage of `sandpiper` and compare.
#
#   run_one.sh MODE SANDPIPER PROG.py       MODE: run | tokens | ast | dis
#
# Runs the binary exactly as regen.sh ran CPython: cwd = the program's directory, the
# relative file name, stdin from PROG.in (or /dev/null), same environment, same path
# normalisation. Then:
#   run     stdout, stderr and exit status must equal PROG.out / PROG.err / PROG.code
#   tokens  exit status must equal PROG.stages' "tokens"; stdout must equal PROG.tokens
#           ("any": exit 1, or exit 0 with stdout equal to PROG.tokens)
#   ast     exit status must equal PROG.stages' "ast";    stdout must equal PROG.ast
#   dis     exit status must equal PROG.stages' "dis";    output is not compared
# Any sanitizer report on stderr fails every mode. `run` gets $SP_RUN_OPTIONS (default
# "--time-limit 20s") before the file name. Prints unified diffs on mismatch;
# exits 0 on success, 1 on failure.
set -uo pipefail

mode=$1
bin=$2
path=$3
case "$bin" in /*) ;; *) bin="$(pwd -P)/$bin" ;; esac
dir=$(cd "$(dirname "$path")" && pwd -P)
name=$(basename "$path")
stem=${name%.py}
limit=${SP_TEST_TIMEOUT:-60}
cd "$dir" || exit 1

if [ ! -x "$bin" ]; then
    echo "run_one.sh: no sandpiper binary at $bin" >&2
    exit 1
fi
# Hundreds of these run per tree, so the success path stays in bash builtins: the only
# processes are timeout, env, the binary and the final rm.
tmp="${TMPDIR:-/tmp}/sp-conf.$$.$RANDOM"
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT

in=/dev/null
[ -f "$stem.in" ] && in="$stem.in"
# Keep the caller's sanitizer options; otherwise the same clean environment as regen.sh.
envv=(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=/nonexistent)
[ -n "${ASAN_OPTIONS:-}" ] && envv+=("ASAN_OPTIONS=$ASAN_OPTIONS")
[ -n "${UBSAN_OPTIONS:-}" ] && envv+=("UBSAN_OPTIONS=$UBSAN_OPTIONS")
[ -n "${LSAN_OPTIONS:-}" ] && envv+=("LSAN_OPTIONS=$LSAN_OPTIONS")

# `run` goes through the sandbox, whose default CPU limit (2 s) is meant for users, not
# for a sanitizer build: give it room (SP_RUN_OPTIONS overrides).
opts=()
if [ "$mode" = run ]; then
    read -r -a opts <<<"${SP_RUN_OPTIONS---time-limit 20s}"
fi
SECONDS=0
"${envv[@]}" timeout -k 5 "$limit" "$bin" "$mode" "${opts[@]}" "$name" <"$in" >"$tmp/out" 2>"$tmp/err.raw"
code=$?
elapsed=$SECONDS

# slurp VAR FILE — the whole file into VAR, byte for byte (text has no NULs), no fork.
slurp() { IFS= read -r -d '' "$1" <"$2" || true; }
out='' err_raw=''
slurp out "$tmp/out"
slurp err_raw "$tmp/err.raw"
abs="File \"$dir/"
rel='File "'
err=${err_raw//"$abs"/"$rel"}

fail=0
complain() { echo "FAIL [$mode $stem]: $*"; fail=1; }

if [ $code -eq 124 ] || [ $code -eq 137 ]; then
    if [ "$elapsed" -ge "$limit" ]; then
        complain "killed by the runner after ${limit}s"
    else
        complain "exit status $code after ${elapsed}s (sandpiper's time limit verdict?)"
    fi
    printf '%s\n' "${err:0:2000}"
fi
sanitizer_re='ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer'
if [[ $err =~ $sanitizer_re ]]; then
    complain "sanitizer report:"
    printf '%s\n' "$err"
fi

# compare EXPECTED_FILE ACTUAL_TEXT LABEL — on mismatch a unified diff, cut at 200 lines
compare() {
    local want
    slurp want "$1"
    [[ $want == "$2" ]] && return 0
    printf '%s' "$2" >"$tmp/actual"
    diff -u --label "expected/$3" --label "actual/$3" "$1" "$tmp/actual" >"$tmp/diff"
    head -n 200 "$tmp/diff"
    local n
    n=$(wc -l <"$tmp/diff")
    [ "$n" -gt 200 ] && echo "... ($((n - 200)) more diff lines)"
    complain "$3 differs (diff above)"
}

case "$mode" in
run)
    compare "$stem.out" "$out" "$stem.out"
    compare "$stem.err" "$err" "$stem.err"
    read -r want <"$stem.code"
    [ "$code" = "$want" ] || complain "exit status $code, expected $want"
    ;;
tokens|ast|dis)
    want=
    while read -r stage status; do
        [ "$stage" = "$mode" ] && want=$status
    done <"$stem.stages"
    # "any": the lexer may stop at an error that python's lenient tokenize passes over
    [ "$want" = any ] && { [ "$code" = 1 ] && want=1 || want=0; }
    if [ "$code" != "$want" ]; then
        complain "exit status $code, expected $want"
        printf -- '--- stderr:\n%s\n' "${err:0:4000}"
    fi
    if [ "$want" = 0 ] && [ "$mode" != dis ]; then
        compare "$stem.$mode" "$out" "$stem.$mode"
    fi
    if [ "$code" -gt 1 ] && [ "$code" != "$want" ]; then
        complain "crashed or failed internally (status $code)"
    fi
    ;;
*)
    echo "run_one.sh: unknown mode '$mode'" >&2
    exit 2
    ;;
esac
[ $fail = 0 ] && echo "ok [$mode $stem]"
exit $fail
