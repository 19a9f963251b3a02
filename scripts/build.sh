#!/usr/bin/env bash
# build.sh — configure and build one CMake tree of Sandpiper.
#
#   scripts/build.sh [--release|--debug|--relwithdebinfo] [--asan] [--dir DIR] [-- CMAKE_ARGS...]
#
# Defaults: RelWithDebInfo in build/ (build-asan/ with --asan, build-release/ with
# --release). Uses every core (nproc). Exits non-zero when configuring or building fails.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
type=RelWithDebInfo
asan=OFF
dir=
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --release) type=Release ;;
        --debug) type=Debug ;;
        --relwithdebinfo) type=RelWithDebInfo ;;
        --asan) asan=ON ;;
        --dir) dir=$2; shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$dir" ]; then
    if [ "$asan" = ON ]; then dir=build-asan
    elif [ "$type" = Release ]; then dir=build-release
    else dir=build
    fi
fi
case "$dir" in /*) ;; *) dir="$ROOT/$dir" ;; esac

echo "build.sh: $type, sanitizers $asan, in $dir"
cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DSANDPIPER_SANITIZE="$asan" "${extra[@]}"
cmake --build "$dir" -j"$(nproc)"
