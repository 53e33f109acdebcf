#!/bin/sh
# plugins.sh - the plugin search path and the broken plugin fixtures.
. "$(dirname "$0")/lib.sh"

TP="$top_builddir/tests/plugins/.libs"
WARNINGS="inspex: warning: skipping plugin $TP/nosymbol.so: no inspex_plugin_entry symbol: not an inspex plugin
inspex: warning: skipping plugin $TP/wrongabi.so: built for plugin ABI 999, this inspex uses ABI 1"

run plugin-dir "$INSPEX" formats --plugin-dir "$TP"
expect_rc 0
expect_err "$WARNINGS"
expect_out_has "noprobe  import"
expect_out_has "csv      import export"

run quiet "$INSPEX" formats -q --plugin-dir "$TP"
expect_rc 0
expect_err ""

run env-path env INSPEX_PLUGIN_PATH="/nonexistent:$TP" "$INSPEX" formats
expect_rc 0
expect_err "$WARNINGS"
expect_out_has "noprobe  import"

run wrong-abi-asked "$INSPEX" convert -q --plugin-dir "$TP" -f wrongabi "$FIX/ratings.csv" -t json
expect_rc 4
expect_err "inspex: format 'wrongabi' is unavailable: plugin $TP/wrongabi.so was skipped: built for plugin ABI 999, this inspex uses ABI 1"

run wrong-abi-formats "$INSPEX" formats -q --plugin-dir "$TP" wrongabi
expect_rc 4

WRITERS=$("$INSPEX" formats | awk '/ export /{printf "%s%s", s, $1; s=", "}')
run import-only-as-output "$INSPEX" convert -q --plugin-dir "$TP" "$FIX/ratings.csv" -t noprobe
expect_rc 2
expect_err "inspex: format 'noprobe' cannot write; formats that can: $WRITERS"

printf 'Medway YOT\nCardiff YOS\n' >"$TMP/names.txt"
run noprobe-named "$INSPEX" convert -q --plugin-dir "$TP" -f noprobe "$TMP/names.txt" -t ndjson
expect_rc 0
expect_out_has '{"body_name":"Cardiff YOS"}'

run missing-plugin-dir "$INSPEX" formats --plugin-dir /nonexistent
expect_rc 2
expect_err "inspex: /nonexistent: cannot open plugin directory"

finish
