#!/bin/sh
# SPDX-License-Identifier: MIT
# basics.sh - version, help, exit statuses of bad usage, `formats`.
. "$(dirname "$0")/lib.sh"

run version "$INSPEX" --version
expect_rc 0
expect_out_has "inspex 0.1.0 (plugin ABI 1)"

run help "$INSPEX" --help
expect_rc 0
expect_out_has "exit status:"
expect_out_has "  4  plugin error"

run no-command "$INSPEX"
expect_rc 2

run unknown-command "$INSPEX" frobnicate
expect_rc 2
expect_err "inspex: unknown command 'frobnicate'; commands: convert, fetch, validate, info, map, formats, frameworks, plugins, probe, completion"

run bad-option "$INSPEX" convert --frobnicate x.csv
expect_rc 2

# An unknown option or a missing argument: getopt's message, then the
# usage line made from the command's option table.
run bad-option-validate "$INSPEX" validate --frobnicate x.csv
expect_rc 2
expect_err "validate: unrecognized option '--frobnicate'
usage: inspex validate [--strict] [--json] [-f FMT] [-O key=value]... INPUT..."

run missing-argument "$INSPEX" info x.csv -f
expect_rc 2
expect_err "info: option requires an argument -- 'f'
usage: inspex info [--json] [-f FMT] [-O key=value]... INPUT..."

run help-unknown "$INSPEX" help frobnicate
expect_rc 2
expect_err "inspex: unknown command 'frobnicate'; commands: convert, fetch, validate, info, map, formats, frameworks, plugins, probe, completion"

run formats "$INSPEX" formats
expect_rc 0
expect_out_has "csv      import export stream  .csv .tsv"
expect_out_has "json     import export stream  .json"
expect_out_has "ndjson   import export stream  .ndjson .jsonl"
expect_out_has "report   import fetch          .html .htm"
# issue 15: the outputs; html and markdown hold the dataset (no stream)
expect_out_has "xml      import export stream  .xml"
expect_out_has "html     export                .html .htm"
expect_out_has "markdown export                .md .markdown"
expect_out_has "$top_builddir/plugins/csv/.libs/csv.so"

run formats-one "$INSPEX" formats csv
expect_rc 0
expect_out_has "options (-O key=value):"
expect_out_has "formula-guard"

run formats-json "$INSPEX" formats --json json
expect_rc 0
expect_out_has '"name": "pretty"'
expect_out_has '"capabilities": ['

run formats-unknown "$INSPEX" formats yaml
expect_rc 2
expect_err "inspex: unknown format 'yaml'; 'inspex formats' lists them"

# Every command checks its writes: output that cannot be written is exit
# status 3 and one line saying why, not a silent success.
if [ -c /dev/full ]; then
    for args in "validate $FIX/ratings.csv" "validate --json $FIX/ratings.csv" \
        "validate $FIX/faults.csv" "info $FIX/ratings.csv" formats "formats csv" \
        "formats --json" frameworks "frameworks hmip-youth-2018" \
        "frameworks --json" "convert -q $FIX/ratings.csv -t csv" \
        "convert -q $FIX/ratings.csv -t json -o -" "fetch -q $FIX/pages/essex-2018.html -t ndjson" \
        --help --version "help validate" "info --help"; do
        current="write to a full disk: $args"
        # shellcheck disable=SC2086
        "$INSPEX" $args >/dev/full 2>"$TMP/err"
        rc=$?
        expect_rc 3
        expect_err_has "write error: No space left on device"
        expect_true test "$(wc -l <"$TMP/err")" -eq 1
    done
fi
current="write to a closed stdout"
"$INSPEX" frameworks >&- 2>"$TMP/err"
rc=$?
expect_rc 3
expect_err "inspex: write error: Bad file descriptor"

# validate stops at its first failed write, not at the end of its input:
# endless input, all of it problems, ends (before the timeout) with 3.
if [ -c /dev/full ] && command -v timeout >/dev/null; then
    current="validate of endless input to a full disk"
    row=$(sed -n 2p "$FIX/faults.csv")
    { head -1 "$FIX/faults.csv"; yes "$row"; } |
        timeout 60 "$INSPEX" validate - >/dev/full 2>"$TMP/err"
    rc=$?
    expect_rc 3
    expect_err "inspex: write error: No space left on device"
fi

# Every option a plugin declares is documented in docs/formats.md.
"$INSPEX" formats --json >"$TMP/formats.json"
for opt in $(sed -n 's/^ *"name": "\([a-z-]*\)",$/\1/p' "$TMP/formats.json"); do
    current="documented option $opt"
    if grep -q -- "\`$opt\`" "$top_srcdir/docs/formats.md"; then ok; else bad "docs/formats.md does not document $opt"; fi
done

finish
