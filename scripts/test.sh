#!/usr/bin/env bash
# test.sh — the one test command: install what is missing, build two trees, run CTest.
#
#   ./scripts/test.sh [--no-install] [--only normal|asan] [-- CTEST_ARGS...]
#
#   build/       Release (-O3, what start.sh and the benchmarks run: optimizer-only bugs
#                such as a conservative-GC root kept only in a dropped register show here)
#   build-asan/  RelWithDebInfo with -DSANDPIPER_SANITIZE=ON (ASan + UBSan, assertions on)
#
# Runs `ctest --output-on-failure -j2` in both trees (a tree whose build fails counts as
# failed, and the other tree still runs), prints one closing summary line, and exits
# non-zero if anything failed. `.ci/run` runs exactly this script.
# The tree directories can be moved with SANDPIPER_BUILD_DIR / SANDPIPER_ASAN_BUILD_DIR.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT" || exit 1
install=1
only=
ctest_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-install) install=0 ;;
        --only) only=$2; shift ;;
        --) shift; ctest_args=("$@"); break ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "test.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
JOBS=${SANDPIPER_TEST_JOBS:-2}

if [ $install = 1 ]; then
    bash "$ROOT/scripts/install-deps.sh" test || { echo "test.sh: installing dependencies failed" >&2; exit 1; }
fi

total_pass=0
total_fail=0
failed_trees=()
start=$(date +%s)

# run_tree NAME DIR BUILD_ARGS... — build one tree and run its tests.
run_tree() {
    local name=$1 dir=$2
    shift 2
    echo
    echo "==================== $name tree: $dir ===================="
    if ! bash "$ROOT/scripts/build.sh" --dir "$dir" "$@"; then
        echo "test.sh: $name build FAILED" >&2
        failed_trees+=("$name (build)")
        total_fail=$((total_fail + 1))
        return
    fi
    local log
    log=$(mktemp)
    case "$dir" in /*) ;; *) dir="$ROOT/$dir" ;; esac
    (cd "$dir" && ctest --output-on-failure -j"$JOBS" --timeout 300 "${ctest_args[@]}") 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    # "97% tests passed, 3 tests failed out of 640"
    local line n_fail n_all
    line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
    if [ -n "$line" ]; then
        n_fail=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
        n_all=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
        total_pass=$((total_pass + n_all - n_fail))
        total_fail=$((total_fail + n_fail))
    elif [ "$rc" -ne 0 ]; then
        total_fail=$((total_fail + 1))
    fi
    if ! grep -qE 'out of [1-9]' "$log"; then
        echo "test.sh: $name tree ran no test" >&2
        rc=1
        total_fail=$((total_fail + 1))
    fi
    [ "$rc" -ne 0 ] && failed_trees+=("$name")
    rm -f "$log"
}

if [ -z "$only" ] || [ "$only" = normal ]; then
    run_tree normal "${SANDPIPER_BUILD_DIR:-build}" --release
fi
if [ -z "$only" ] || [ "$only" = asan ]; then
    # The GC scans the C stack conservatively: fake stacks for use-after-return would hide roots.
    export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    run_tree asan "${SANDPIPER_ASAN_BUILD_DIR:-build-asan}" --relwithdebinfo --asan
    unset ASAN_OPTIONS UBSAN_OPTIONS
fi

echo
echo "test.sh: finished in $(( $(date +%s) - start )) s"
if [ ${#failed_trees[@]} -gt 0 ]; then
    echo "test.sh: FAILED: ${failed_trees[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[ ${#failed_trees[@]} -eq 0 ]
