#!/usr/bin/env bash
# install-deps.sh — install the Debian 12 packages Sandpiper needs, and only those missing.
#
#   scripts/install-deps.sh [build] [test] [bench]     (default: build)
#
# Each set is a list of Debian package names. A package counts as present when
# `dpkg -s` says "install ok installed"; when everything is present the script does
# nothing (no network, well under a second). Otherwise it runs `apt-get update` once and
# installs the missing ones non-interactively. Needs root, or sudo.
set -euo pipefail

BUILD_PKGS=(build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev
            libseccomp-dev libsqlite3-dev)
# Test-time tools: the reference interpreter that generated the expected outputs, and
# the tools the CLI/service tests use (tests/api validates responses against the
# OpenAPI document with python3-yaml + python3-jsonschema).
TEST_PKGS=(python3.11 jq curl diffutils python3-yaml python3-jsonschema)
# Benchmarks: python3.11 to compare against, GNU time for peak RSS.
BENCH_PKGS=(python3.11 time)

sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(build)

wanted=()
for s in "${sets[@]}"; do
    case "$s" in
        build) wanted+=("${BUILD_PKGS[@]}") ;;
        test)  wanted+=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}") ;;
        bench) wanted+=("${BUILD_PKGS[@]}" "${BENCH_PKGS[@]}") ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install-deps.sh: unknown set '$s' (build, test, bench)" >&2; exit 2 ;;
    esac
done

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${wanted[@]}"; do
    is_installed "$p" || missing+=("$p")
done
# de-duplicate, keep order
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
fi
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all packages present (${sets[*]})"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "install-deps: missing packages: ${missing[*]}" >&2
        echo "install-deps: run as root (or install sudo) to install them" >&2
        exit 1
    fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}" </dev/null
