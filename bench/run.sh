#!/usr/bin/env bash
# run.sh — the one benchmark command.
#
#   bench/run.sh [-n RUNS] [--sandpiper PATH] [--no-build] [--sp-args "OPTS"] [PROGRAM...]
#
# Installs what is missing (python3.11, GNU time; the build dependencies), builds the
# Release binary in build-release/ unless --sandpiper or --no-build is given, then runs
# bench/harness.py: CPython 3.11 and `sandpiper run` alternately RUNS times (default 5)
# on every program in bench/programs/ (or the named ones), plus the start-up benchmark.
# Writes bench/results/latest.md and prints it. A sandpiper that is missing or fails
# is reported in the table; the harness itself only fails on its own errors.
# --sp-args sets the options given to `sandpiper run` (default: generous limits).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
runs=5
sp=
build=1
only=()
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        -n) runs=$2; shift ;;
        --sandpiper) sp=$2; build=0; shift ;;
        --no-build) build=0 ;;
        --sp-args) extra=(--sp-args "$2"); shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
        *) only+=("$1") ;;
    esac
    shift
done

bash "$ROOT/scripts/install-deps.sh" bench
if [ -z "$sp" ]; then
    sp="$ROOT/build-release/server/sandpiper"
    if [ $build = 1 ] && ! bash "$ROOT/scripts/build.sh" --release --dir build-release; then
        echo "run.sh: building sandpiper failed; benchmarking CPython only" >&2
    fi
fi
case "$sp" in /*) ;; *) sp="$(pwd -P)/$sp" ;; esac
[ -x "$sp" ] || echo "run.sh: no sandpiper binary at $sp; its column will say so" >&2

exec /usr/bin/python3.11 "$ROOT/bench/harness.py" --sandpiper "$sp" -n "$runs" "${extra[@]}" "${only[@]}"
