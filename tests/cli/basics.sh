#!/bin/sh
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
expect_err "inspex: unknown command 'frobnicate'; commands: convert, fetch, validate, info, formats, frameworks"

run bad-option "$INSPEX" convert --frobnicate x.csv
expect_rc 2

run formats "$INSPEX" formats
expect_rc 0
expect_out_has "csv      import export stream  .csv .tsv"
expect_out_has "json     import export stream  .json"
expect_out_has "ndjson   import export stream  .ndjson .jsonl"
expect_out_has "report   import fetch          .html .htm"
expect_out_has "$top_builddir/plugins/csv/.libs/csv.so"

run formats-one "$INSPEX" formats csv
expect_rc 0
expect_out_has "options (-O key=value):"
expect_out_has "formula-guard"

run formats-json "$INSPEX" formats --json json
expect_rc 0
expect_out_has '"name": "pretty"'
expect_out_has '"capabilities": ['

run formats-unknown "$INSPEX" formats xml
expect_rc 2
expect_err "inspex: unknown format 'xml'; 'inspex formats' lists them"

# Every option a plugin declares is documented in docs/formats.md.
"$INSPEX" formats --json >"$TMP/formats.json"
for opt in $(sed -n 's/^ *"name": "\([a-z-]*\)",$/\1/p' "$TMP/formats.json"); do
    current="documented option $opt"
    if grep -q -- "\`$opt\`" "$top_srcdir/docs/formats.md"; then ok; else bad "docs/formats.md does not document $opt"; fi
done

finish
