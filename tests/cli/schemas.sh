#!/bin/sh
# SPDX-License-Identifier: MIT
# schemas.sh - the shipped framework files validate against their JSON
# Schema, and so does the JSON that inspex writes for every fixture.
. "$(dirname "$0")/lib.sh"

CHECK="/usr/bin/python3 $top_srcdir/tests/schema-check.py"

run frameworks $CHECK "$top_srcdir/docs/schema/framework.schema.json" "$top_srcdir"/frameworks/*.json
expect_rc 0
expect_out_has "schema check: $(ls "$top_srcdir"/frameworks/*.json | wc -l) files, 0 problems"

for fixture in "$FIX"/*.csv "$FIX"/*.json; do
    name=$(basename "$fixture")
    case $name in *.map.json) continue ;; esac
    "$INSPEX" convert -q --keep-going "$fixture" -o "$TMP/$name.out.json" 2>/dev/null
    run "export of $name" $CHECK "$top_srcdir/docs/schema/inspex.schema.json" "$TMP/$name.out.json"
    expect_rc 0
done

# report pages, with their sources, as fetch writes them
"$INSPEX" fetch -q -t json -o "$TMP/pages.json" "$FIX"/pages/medway-2020.html \
    "$FIX"/pages/medway-2020-report.html "$FIX"/pages/cardiff-2020-report.html \
    "$FIX"/pages/nottinghamshire-2024-report.html "$FIX"/pages/article-*.html
run "export of fetched pages" $CHECK "$top_srcdir/docs/schema/inspex.schema.json" "$TMP/pages.json"
expect_rc 0

# the schema is not a rubber stamp
printf '{"format":"inspex","version":1,"inspections":[{"score":"18","colour":"red"}]}' >"$TMP/bad.json"
run schema-rejects $CHECK "$top_srcdir/docs/schema/inspex.schema.json" "$TMP/bad.json"
expect_rc 1
expect_out_has "'18' is not of type 'integer'"

finish
