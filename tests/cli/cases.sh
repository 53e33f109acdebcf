#!/bin/sh
# SPDX-License-Identifier: MIT
# cases.sh - the data-driven cases: every folder tests/data/FORMAT/CASE/
# is one conversion of its input.* by the built inspex, and what it must
# give. Adding a case is adding a folder; see tests/data/README.md.
#
#   tests/cli/cases.sh                 runs every case (as make check does)
#   tests/cli/cases.sh DIR...          runs the cases in those folders
#   tests/cli/cases.sh --show DIR      prints what inspex gives for one case,
#                                      as expected.json and expected-error
#                                      would hold it, to check by eye
. "$(dirname "$0")/lib.sh"

DATA="$top_srcdir/tests/data"
# the runs happen inside the case folders: an absolute inspex
case $INSPEX in /*) ;; *) INSPEX=$(pwd)/$INSPEX ;; esac

# convert_case DIR: runs the conversion of DIR into $TMP/out, $TMP/err
# and $rc (from inside DIR, so messages name the input as input.EXT).
convert_case() {
    dir=$1
    format=$(basename "$(dirname "$dir")")
    input=
    for f in "$dir"/input.*; do
        [ -f "$f" ] || continue
        if [ -n "$input" ]; then
            input=several
            return 1
        fi
        input=$(basename "$f")
    done
    [ -n "$input" ] || return 1
    args=
    if [ -f "$dir/options" ]; then
        # words split on white space; a # starts a comment line
        args=$(grep -v '^#' "$dir/options" | tr '\n' ' ')
    fi
    # shellcheck disable=SC2086 # the options are words by design
    if [ "$format" = framework ]; then
        # a framework file, alone in a folder searched first
        rm -rf "$TMP/fw" && mkdir "$TMP/fw" && cp "$dir/$input" "$TMP/fw/"
        (cd "$TMP/fw" && INSPEX_FRAMEWORK_PATH=. exec "$INSPEX" frameworks \
            --json $args) >"$TMP/raw-out" 2>"$TMP/raw-err"
    else
        (cd "$dir" && exec "$INSPEX" convert -f "$format" $args "$input" \
            -t json -O out.pretty=true) >"$TMP/raw-out" 2>"$TMP/raw-err"
    fi
    rc=$?
    # the case's folder, where a message or a source URL gives it whole,
    # is written $CASE, so the files do not depend on where the tree is
    esc=$(printf '%s' "$dir" | sed 's/[][\.*^$|]/\\&/g')
    sed "s|$esc|\$CASE|g" "$TMP/raw-out" >"$TMP/out"
    sed "s|$esc|\$CASE|g" "$TMP/raw-err" >"$TMP/err"
    return 0
}

# the expected-error form of what the last conversion wrote to stderr
error_form() {
    cat "$TMP/err"
    echo "exit $rc"
}

if [ "${1:-}" = "--show" ]; then
    [ $# -eq 2 ] && [ -d "$2" ] || { echo "usage: $0 --show DIR" >&2; exit 2; }
    dir=$(cd "$2" && pwd -P)
    convert_case "$dir" || { echo "$2: no single input.* file" >&2; exit 2; }
    if [ -s "$TMP/out" ]; then
        echo "== expected.json"
        cat "$TMP/out"
    fi
    if [ -s "$TMP/err" ] || [ "$rc" -ne 0 ]; then
        echo "== expected-error"
        error_form
    fi
    exit 0
fi

if [ $# -gt 0 ]; then
    dirs="$*"
else
    dirs=$(find "$DATA" -mindepth 2 -maxdepth 2 -type d | LC_ALL=C sort)
fi

ncases=0
for dir in $dirs; do
    dir=$(cd "$dir" && pwd -P)
    current=${dir#"$DATA"/}
    ncases=$((ncases + 1))
    : >"$TMP/out"
    : >"$TMP/err"
    if ! convert_case "$dir"; then
        bad "needs exactly one input.* file"
        continue
    fi
    if [ ! -f "$dir/expected.json" ] && [ ! -f "$dir/expected-error" ]; then
        bad "has neither expected.json nor expected-error"
        continue
    fi
    # stdout: the document, or nothing when none is expected
    if [ -f "$dir/expected.json" ]; then
        if cmp -s "$TMP/out" "$dir/expected.json"; then ok; else
            bad "output differs from expected.json:
$(diff "$dir/expected.json" "$TMP/out" | head -n 20)"
        fi
    elif [ -s "$TMP/out" ]; then
        bad "wrote output, and the case has no expected.json"
    else
        ok
    fi
    # stderr and the exit status: as written, or none and 0
    if [ -f "$dir/expected-error" ]; then
        error_form >"$TMP/errform"
        if cmp -s "$TMP/errform" "$dir/expected-error"; then ok; else
            bad "stderr and exit status differ from expected-error:
$(diff "$dir/expected-error" "$TMP/errform" | head -n 20)"
        fi
    elif [ -s "$TMP/err" ] || [ "$rc" -ne 0 ]; then
        bad "exit status $rc with messages, and the case has no expected-error"
    else
        ok
    fi
done
current="the cases"
if [ "$ncases" -gt 0 ]; then ok; else bad "no case found under $DATA"; fi
echo "$ncases cases"
finish
