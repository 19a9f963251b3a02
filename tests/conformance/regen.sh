#!/usr/bin/env bash
# regen.sh — (re)generate the expected outputs of the conformance programs with CPython.
#
#   tests/conformance/regen.sh [PROG.py ...]      (default: every program)
#
# The ONLY source of expected files. For each program P.py (stdin from P.in when it
# exists, else /dev/null) it runs Debian's /usr/bin/python3.11 from inside P's directory
# with the relative file name, exactly as run_one.sh runs `sandpiper run`, and writes:
#   P.out     stdout
#   P.err     stderr, with "File \"/abs/dir/P.py\"" normalised to "File \"P.py\""
#   P.code    exit status
#   P.tokens  `python3.11 -m tokenize P.py`            (only when tokenize succeeds)
#   P.ast     ast.dump(ast.parse(src), indent=2) + "\n"  (only when parsing succeeds)
#   P.stages  the exit status of each stage: "tokens N", "ast N", "dis N" (dis = compile());
#             "tokens any" when tokenize succeeds but parsing fails (0 with P.tokens, or 1)
# Refuses to run with any other Python: the expected files must come from 3.11.
set -euo pipefail

PY=/usr/bin/python3.11
HERE=$(cd "$(dirname "$0")" && pwd -P)
if [ ! -x "$PY" ] || ! "$PY" --version 2>&1 | grep -qE '^Python 3\.11\.' ||
   ! dpkg-query -S "$PY" >/dev/null 2>&1; then
    echo "regen.sh: needs Debian's $PY (apt-get install python3.11)" >&2
    exit 1
fi

# A clean, fixed environment: no PYTHON* variables, UTF-8 I/O, no user site.
pyenv=(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME=/nonexistent)

# The stage checks, run by CPython on the program's bytes.
AST_PY='import ast, sys
src = open(sys.argv[1], "rb").read()
try:
    tree = ast.parse(src, sys.argv[1])
except SyntaxError:
    sys.exit(1)
print(ast.dump(tree, indent=2))'
DIS_PY='import sys
src = open(sys.argv[1], "rb").read()
try:
    compile(src, sys.argv[1], "exec")
except SyntaxError:
    sys.exit(1)'

regen_one() {
    local path=$1 dir name stem in
    dir=$(cd "$(dirname "$path")" && pwd -P)
    name=$(basename "$path")
    stem=${name%.py}
    (
        cd "$dir"
        in=/dev/null
        [ -f "$stem.in" ] && in="$stem.in"
        set +e
        "${pyenv[@]}" timeout 60 "$PY" "$name" <"$in" >"$stem.out" 2>"$stem.err.raw"
        echo $? >"$stem.code"
        sed "s|File \"$dir/|File \"|g" "$stem.err.raw" >"$stem.err"
        rm -f "$stem.err.raw"

        "${pyenv[@]}" "$PY" -m tokenize "$name" >"$stem.tokens" 2>/dev/null
        local tok=$?
        [ $tok -eq 0 ] || rm -f "$stem.tokens"
        "${pyenv[@]}" "$PY" -c "$AST_PY" "$name" >"$stem.ast" 2>/dev/null
        local ast=$?
        [ $ast -eq 0 ] || rm -f "$stem.ast"
        "${pyenv[@]}" "$PY" -c "$DIS_PY" "$name" >/dev/null 2>&1
        local dis=$?
        # The pure-Python tokenize module is more lenient than CPython's C tokenizer
        # (no tab-consistency check, ERRORTOKEN instead of an error). When tokenize
        # succeeds but parsing fails, a lexer may report the error itself: "any".
        local tokwant=$tok
        [ $tok -eq 0 ] && [ $ast -ne 0 ] && tokwant=any
        printf 'tokens %s\nast %d\ndis %d\n' $tokwant $ast $dis >"$stem.stages"
        if [ "$(cat "$stem.code")" = 124 ]; then
            echo "regen.sh: $path timed out" >&2
        fi
    )
}

if [ $# -gt 0 ]; then
    progs=("$@")
else
    mapfile -t progs < <(cd "$HERE" && find . -name '*.py' -not -path './_*' | sed 's|^\./||' | sort)
    cd "$HERE"
fi
n=0
for p in "${progs[@]}"; do
    regen_one "$p"
    n=$((n + 1))
done
echo "regen.sh: regenerated $n program(s) with $("$PY" --version 2>&1)"
