# SPDX-License-Identifier: MIT
# lib.sh - helpers for the end-to-end tests of the built `inspex`.
# Each test script sources this, calls `run` and the checks, then `finish`.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
INSPEX="$top_builddir/src/inspex"
FIX="$top_srcdir/fixtures"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/inspex-cli-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export INSPEX_PLUGIN_PATH=
passed=0
failed=0
current=""

# run NAME CMD...: runs CMD, keeping its stdout, stderr and exit status.
run() {
    current=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
}

# run_in NAME FILE CMD...: as run, with FILE as standard input.
run_in() {
    current=$1
    input=$2
    shift 2
    "$@" <"$input" >"$TMP/out" 2>"$TMP/err"
    rc=$?
}

ok() { passed=$((passed + 1)); }
bad() {
    failed=$((failed + 1))
    echo "FAIL: $current: $*"
    echo "  stdout: $(head -c 600 "$TMP/out")"
    echo "  stderr: $(head -c 600 "$TMP/err")"
}

expect_rc() { if [ "$rc" = "$1" ]; then ok; else bad "exit status $rc, expected $1"; fi; }
# expect_err TEXT: stderr is exactly TEXT (one or more lines).
expect_err() {
    if [ "$(cat "$TMP/err")" = "$1" ]; then ok; else bad "stderr differs; expected: $1"; fi
}
expect_err_has() { if grep -qF -- "$1" "$TMP/err"; then ok; else bad "stderr lacks: $1"; fi; }
expect_out_has() { if grep -qF -- "$1" "$TMP/out"; then ok; else bad "stdout lacks: $1"; fi; }
expect_out_lines() {
    n=$(wc -l <"$TMP/out")
    if [ "$n" -eq "$1" ]; then ok; else bad "stdout has $n lines, expected $1"; fi
}
expect_file() { if [ "$(cat "$1")" = "$2" ]; then ok; else bad "$1 holds: $(head -c 300 "$1")"; fi; }
expect_no_file() { if [ ! -e "$1" ]; then ok; else bad "$1 exists"; fi; }
expect_true() { if "$@"; then ok; else bad "not true: $*"; fi; }

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
