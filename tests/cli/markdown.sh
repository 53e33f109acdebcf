#!/bin/sh
# SPDX-License-Identifier: MIT
# markdown.sh - the markdown tables (issue 15): GitHub pipe tables whose
# every row has the header's number of cells, whatever pipes, line ends
# and markup the data holds; one section per inspection with its
# recommendations and actions under -O sections=true; and pandoc reads
# the result as the same table, where pandoc is installed.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
HOSTILE="$top_srcdir/tests/support/hostile.csv"
set -- "$FIX/ratings.csv" "$FIX/medway-2020.json" "$FIX/medway-2020-plan.csv" \
    "$HOSTILE"
"$INSPEX" convert -q "$@" -t json -o "$TMP/ref.json"

run table "$INSPEX" convert -q "$@" -t markdown -o "$TMP/t.md"
expect_rc 0

cat >"$TMP/check.py" <<'PYEOF'
import json, re, sys

ref = json.load(open(sys.argv[1]))["inspections"]
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
fails = []

def cells(line):
    # split on pipes that are not escaped; drop the outer empty ones
    parts = re.split(r"(?<!\\)\|", line)
    return [p.strip() for p in parts[1:-1]]

def unescape(c):
    return re.sub(r"\\(.)", r"\1", c).replace("<br>", "\n")

rows = [l for l in lines if l.startswith("|")]
if len(rows) < 2:
    fails.append("no table")
else:
    head = cells(rows[0])
    if not re.fullmatch(r"(\|-+:?)+\|", rows[1].replace("---:", "---")):
        fails.append("no delimiter row: %r" % rows[1])
    if len(cells(rows[1])) != len(head):
        fails.append("the delimiter row has %d cells, not %d" %
                     (len(cells(rows[1])), len(head)))
    body = rows[2:2 + len(ref)]
    if len(body) != len(ref):
        fails.append("%d rows for %d inspections" % (len(body), len(ref)))
    for n, (row, insp) in enumerate(zip(body, ref), 1):
        c = cells(row)
        if len(c) != len(head):
            fails.append("row %d has %d cells, not %d: %r" %
                         (n, len(c), len(head), row))
            continue
        # named as messages name it (inspex_inspection_label): the body,
        # else the local authority, else where it was read
        name = insp.get("body_name") or insp.get("local_authority") or \
            sys.argv[3]
        if unescape(c[0]) != name:
            fails.append("row %d is %r, not %r" % (n, unescape(c[0]), name))
        for k, code in enumerate(head[7:], 7):
            want = insp.get("judgements", {}).get(unescape(code), {}) \
                .get("rating", "\u2014")
            if unescape(c[k]) != want:
                fails.append("row %d, %s: %r" % (n, code, c[k]))
for f in fails:
    print(f)
sys.exit(1 if fails else 0)
PYEOF
run structure $PY "$TMP/check.py" "$TMP/ref.json" "$TMP/t.md" \
    "line 2 of $FIX/medway-2020-plan.csv"
expect_rc 0
# the hostile names, escaped: no HTML, no cell ended by a pipe
expect_true grep -qF '| \<script\>document.title='"'"'pwned'"'"'\</script\> |' "$TMP/t.md"
expect_true grep -qF '| Tom \& Jerry "YOT" \| pipe<br>and a new line |' "$TMP/t.md"
expect_true grep -qF -- '- 3.4: Joint working' "$TMP/t.md"

run sections "$INSPEX" convert -q "$@" -t markdown -O sections=true \
    -O title=Report
expect_rc 0
expect_true test "$(grep -c '^## ' "$TMP/out")" -eq \
    "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["inspections"]))' "$TMP/ref.json")"
expect_out_has "# Report"
expect_out_has "### Recommendations"
expect_out_has "- **1.** *To Medway Youth Offending Team:* Make sure that case managers"
expect_out_has "### Improvement plan"
expect_out_has "| Ref | Action | Lead | Due | Success measure | RAG status |"
expect_out_has "- **Agrees:** The published score, 18 out of 36, is the sum of the standards' points."
expect_out_has "- **Not checked:** No score was computed: 12 counted standards are not rated here"
cp "$TMP/out" "$TMP/s.md"
# the section of the inspection without a body or local authority is
# named by its line, never "(no body name)"
# (Markdown escapes the path's punctuation: a tree under _build/ is
# written \_build/; the heading is compared unescaped)
expect_true $PY -c 'import re, sys
want = "## line 2 of " + sys.argv[2]
heads = [re.sub(r"\\(.)", r"\1", l.rstrip("\n")) for l in open(sys.argv[1])]
sys.exit(0 if want in heads else 1)' "$TMP/s.md" "$FIX/medway-2020-plan.csv"
if grep -q 'no body name' "$TMP/s.md" "$TMP/t.md"; then
    bad "an inspection named (no body name)"
else
    ok
fi
# a local authority names an inspection without a body, in the table
# and its section
printf 'body_name,local_authority,framework,published,overall_rating\n%s\n' \
    ',Kent,hmip-youth-2018,2020-01-01,Good' >"$TMP/names.csv"
run names "$INSPEX" convert -q "$TMP/names.csv" -t markdown -O sections=true
expect_rc 0
expect_out_has "| Kent | 2020-01-01 |"
expect_out_has "## Kent (published 2020-01-01)"
# records with failed checks are rejected, as in the other formats (the
# markdown exporter does not show the checks)
run faults "$INSPEX" convert "$FIX/faults.csv" -t markdown -o "$TMP/f.md"
expect_rc 1
expect_no_file "$TMP/f.md"
expect_err_has "6 of 9 records are invalid, so nothing was written"

if command -v pandoc >/dev/null 2>&1; then
    run pandoc pandoc -f gfm -t html "$TMP/t.md"
    expect_rc 0
    expect_true test "$(grep -c '<tr' "$TMP/out")" -eq \
        "$(($(grep -c '^|' "$TMP/t.md") - 1))"
    run pandoc-docx pandoc -f gfm "$TMP/s.md" -o "$TMP/report.docx"
    expect_rc 0
else
    echo "SKIP: pandoc is not installed: the tables are checked by structure only"
fi

run formats "$INSPEX" formats markdown
expect_out_has "holds the dataset in memory"

finish
