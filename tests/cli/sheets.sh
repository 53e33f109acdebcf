#!/bin/sh
# SPDX-License-Identifier: MIT
# sheets.sh - spreadsheets (issue 14): the xlsx and ods formats, the CSV
# Excel saves from the same sheet, and hostile packages. The files are made
# by scripts/make-sheet-fixtures (the data cases in tests/data/xlsx, ods
# and csv/excel-*; the large hostile ones here, in $TMP).
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
GEN="$top_srcdir/scripts/make-sheet-fixtures"
DATA="$top_srcdir/tests/data"

# The script makes the committed files, byte for byte.
$PY "$GEN" "$TMP/data"
for f in xlsx/hand-saved/input.xlsx xlsx/date-1904/input.xlsx \
    ods/hand-saved/input.ods csv/excel-unicode-text/input.csv \
    csv/excel-windows-1252/input.csv xlsx/entity-expansion/input.xlsx; do
    current="regenerate $f"
    if cmp -s "$TMP/data/$f" "$DATA/$f"; then ok; else bad "differs from $GEN's"; fi
done

# One sheet, five files (XLSX in the 1900 and 1904 date systems, ODS, and
# the CSV saved from it as UTF-16LE "Unicode text" and as Windows-1252):
# one model.
"$INSPEX" convert -q "$DATA/xlsx/hand-saved/input.xlsx" -t ndjson >"$TMP/ref"
for f in xlsx/date-1904/input.xlsx ods/hand-saved/input.ods \
    csv/excel-unicode-text/input.csv csv/excel-windows-1252/input.csv; do
    run "same model: $f" "$INSPEX" convert -q "$DATA/$f" -t ndjson
    expect_rc 0
    if cmp -s "$TMP/out" "$TMP/ref"; then ok; else bad "another model"; fi
done
expect_true test -s "$TMP/ref"

# Probed by content: no extension needed; a legacy .xls says what to do.
cp "$DATA/xlsx/hand-saved/input.xlsx" "$TMP/workbook"
cp "$DATA/ods/hand-saved/input.ods" "$TMP/spreadsheet"
for f in workbook spreadsheet; do
    run "probe $f" "$INSPEX" convert -q "$TMP/$f" -t ndjson
    expect_rc 0
    if cmp -s "$TMP/out" "$TMP/ref"; then ok; else bad "another model"; fi
done
run probe-verbose "$INSPEX" convert -v "$TMP/workbook" -t ndjson
expect_err_has 'sheet "Cover" is hidden: not looked at (-O sheet= reads it)'
expect_err_has 'sheet "Ratings" (2 of 3): its row 4 reads as a header'
expect_err_has 'cells B5:B6 are merged: B5 holds the value, the others are read blank'
cp "$DATA/xlsx/legacy-xls/input.xls" "$TMP/old"
run legacy-xls "$INSPEX" convert "$TMP/old" -o "$TMP/old.json"
expect_rc 1
expect_err "inspex: $TMP/old: a legacy Excel 97-2003 workbook (.xls), which inspex does not read: open it in Excel or LibreOffice and save it as .xlsx, .ods or CSV"
expect_no_file "$TMP/old.json"
run wrong-format "$INSPEX" convert -f xlsx "$TMP/spreadsheet" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/spreadsheet: an OpenDocument package, not an Excel workbook: read it with -f ods"
run wrong-format-ods "$INSPEX" convert -f ods "$TMP/workbook" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/workbook: an Excel workbook, not an OpenDocument spreadsheet: read it with -f xlsx"

# -O sheet=: by name or number, hidden sheets too; an unknown one is named
run sheet-unknown "$INSPEX" convert -O sheet=Nope "$TMP/workbook" -t ndjson
expect_rc 2
expect_err "inspex: $TMP/workbook: -O sheet=Nope: no such sheet; the workbook has \"Cover\" (hidden), \"Ratings\", \"Recommendations\""
run sheet-hidden "$INSPEX" convert -v -O sheet=1 "$TMP/workbook" -t ndjson
expect_rc 0
expect_err_has 'sheet "Cover" (1 of 3): -O sheet'
expect_err_has 'column 1 "Working notes: not for publication" -> extra'
run header-row "$INSPEX" convert -q -O sheet=Ratings -O header-row=4 \
    "$TMP/workbook" -t ndjson
expect_rc 0
if cmp -s "$TMP/out" "$TMP/ref"; then ok; else bad "another model"; fi

# Export: typed cells, the header frozen and filtered, and back again.
run export-xlsx "$INSPEX" convert -q "$FIX/ratings.csv" -o "$TMP/r.xlsx"
expect_rc 0
$PY - "$TMP/r.xlsx" >"$TMP/xml" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(z.read("xl/worksheets/sheet1.xml").decode())
print(z.read("xl/workbook.xml").decode())
EOF
current="export-xlsx frozen"
grep -q 'ySplit="1"' "$TMP/xml" && ok || bad "no frozen header"
current="export-xlsx filtered"
grep -q '<autoFilter ref="A1:' "$TMP/xml" && ok || bad "no filter"
current="export-xlsx sheet name"
grep -q 'name="Inspections"' "$TMP/xml" && ok || bad "no Inspections sheet"
current="export-xlsx a date is a number"
grep -q '<c r="L2" s="[0-9]*"><v>43986</v></c>' "$TMP/xml" && ok ||
    bad "published 2020-06-04 is not serial 43986"
"$INSPEX" convert -q "$FIX/ratings.csv" -t ndjson >"$TMP/a"
for f in r.xlsx; do
    run "read back $f" "$INSPEX" convert -q "$TMP/$f" -t ndjson
    expect_rc 0
    if cmp -s "$TMP/out" "$TMP/a"; then ok; else bad "another model"; fi
done
run export-ods "$INSPEX" convert -q "$FIX/ratings.csv" -o "$TMP/r.ods"
expect_rc 0
current="export-ods mimetype first and stored"
$PY - "$TMP/r.ods" <<'EOF' && ok || bad "mimetype is not the first, stored entry"
import sys, zipfile
i = zipfile.ZipFile(sys.argv[1]).infolist()[0]
sys.exit(not (i.filename == "mimetype" and i.compress_type == 0))
EOF
run "read back r.ods" "$INSPEX" convert -q "$TMP/r.ods" -t ndjson
expect_rc 0
if cmp -s "$TMP/out" "$TMP/a"; then ok; else bad "another model"; fi
run sheets-all "$INSPEX" convert -q -O sheets=all "$FIX/medway-2020.json" \
    -o "$TMP/all.xlsx"
expect_rc 0
current="sheets-all"
$PY - "$TMP/all.xlsx" <<'EOF' && ok || bad "not four sheets with rows"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
rows = [len(re.findall(r"<row ", z.read("xl/worksheets/sheet%d.xml" % i)
                       .decode())) for i in range(1, 5)]
sys.exit(not (names == ["Inspections", "Judgements", "Recommendations",
                        "Actions"] and rows[0] == 2 and rows[1] == 13 and
              rows[2] > 1))
EOF
printf '{"body_name":"A\\u0008B"}\n' >"$TMP/ctl.ndjson"
run ods-control "$INSPEX" convert "$TMP/ctl.ndjson" -o "$TMP/ctl.ods"
expect_rc 1
expect_err_has 'the control character U+0008, which an ODS cell cannot hold'
expect_no_file "$TMP/ctl.ods"
# U+FFFE and U+FFFF, which XML cannot hold either: XLSX writes them as
# _xFFFE_ and _xFFFF_ and reads them back; ODS has no escape, and refuses
# them, in a value or an extra key (a column's header)
printf '{"body_name":"A\\ufffeB","notes\\uffff":"C\\uffffD"}\n' >"$TMP/nonchar.ndjson"
"$INSPEX" convert -q "$TMP/nonchar.ndjson" -t ndjson -o "$TMP/nonchar.want"
run xlsx-nonchar "$INSPEX" convert -q "$TMP/nonchar.ndjson" -o "$TMP/nonchar.xlsx"
expect_rc 0
run "read back nonchar.xlsx" "$INSPEX" convert -q "$TMP/nonchar.xlsx" -t ndjson
expect_rc 0
if cmp -s "$TMP/out" "$TMP/nonchar.want"; then ok; else bad "another model"; fi
expect_out_has "$(printf 'A\357\277\276B')"
expect_out_has "$(printf 'C\357\277\277D')"
printf '{"body_name":"A\\ufffeB"}\n' >"$TMP/nonval.ndjson"
run ods-nonchar "$INSPEX" convert "$TMP/nonval.ndjson" -o "$TMP/nonchar.ods"
expect_rc 1
expect_err_has 'the character U+FFFE, which an ODS cell cannot hold'
expect_no_file "$TMP/nonchar.ods"
# A cell a sheet cannot hold among the first 256 records (held until the
# columns are planned): under --keep-going the record is rejected alone,
# at its place, and the others written.
printf '%s\n' '{"body_name":"A YOT"}' '{"body_name":"B\u0001 YOT"}' \
    '{"body_name":"C YOT"}' >"$TMP/kg-ods.ndjson"
run ods-keep-going "$INSPEX" convert -q --keep-going --rejects "$TMP/kg.rej" \
    "$TMP/kg-ods.ndjson" -o "$TMP/kg.ods"
expect_rc 1
expect_err "inspex: $TMP/kg-ods.ndjson:2: cannot write \"B\\x01 YOT\" as ODS: the control character U+0001, which an ODS cell cannot hold; write CSV or JSON
inspex: 1 record rejected; written to $TMP/kg.rej"
run "read back kg.ods" "$INSPEX" convert -q "$TMP/kg.ods" -t csv
expect_out_has ",A YOT,"
expect_out_has ",C YOT,"
expect_out_lines 3
$PY -c 'import json; print(json.dumps({"body_name": "B YOT", "notes": "x" * 40000}))' >"$TMP/kg-xlsx.ndjson.b"
{ echo '{"body_name":"A YOT"}'; cat "$TMP/kg-xlsx.ndjson.b"; echo '{"body_name":"C YOT"}'; } >"$TMP/kg-xlsx.ndjson"
run xlsx-keep-going "$INSPEX" convert -q --keep-going --rejects "$TMP/kg.rej" \
    "$TMP/kg-xlsx.ndjson" -o "$TMP/kg.xlsx"
expect_rc 1
expect_err "inspex: $TMP/kg-xlsx.ndjson:2: a cell of more than 32767 characters, which an XLSX sheet cannot hold (write CSV or JSON for it)
inspex: 1 record rejected; written to $TMP/kg.rej"
run "read back kg.xlsx" "$INSPEX" convert -q "$TMP/kg.xlsx" -t csv
expect_out_has ",A YOT,"
expect_out_has ",C YOT,"
expect_out_lines 3
# a cell's line longer than libxml2 reads back (10,000,000 bytes): refused
python3 -c 'print("body_name,notes\nA YOT," + "x" * 10000001)' >"$TMP/long.csv"
run ods-too-long "$INSPEX" convert -q "$TMP/long.csv" -o "$TMP/long.ods"
expect_rc 1
expect_err "inspex: $TMP/long.csv:2: cannot write a line of 10000001 bytes in a cell as ODS: more than the 10000000 an XML reader (libxml2) takes in one text; write CSV or JSON"
expect_no_file "$TMP/long.ods"
printf '{"body_name":"A","notes\\uffff":"C"}\n' >"$TMP/nonkey.ndjson"
run ods-nonchar-key "$INSPEX" convert "$TMP/nonkey.ndjson" -o "$TMP/nonkey.ods"
expect_rc 1
expect_err_has 'the character U+FFFF, which an ODS cell cannot hold'
expect_no_file "$TMP/nonkey.ods"

# Hostile packages: a clear error, in bounded time and memory.
$PY "$GEN" --hostile "$TMP/h"
run zip-bomb timeout 60 "$INSPEX" convert "$TMP/h/bomb.xlsx" -o "$TMP/b.json"
expect_rc 1
expect_err "inspex: $TMP/h/bomb.xlsx: xl/worksheets/sheet1.xml inflates more than 200 times its compressed size: a zip bomb? not read"
expect_no_file "$TMP/b.json"
# the zip limits are the library's: --limit moves them
run zip-ratio-raised timeout 60 "$INSPEX" convert --limit zip-ratio=2000 \
    --limit zip-entry=8M "$TMP/h/bomb.xlsx" -o "$TMP/b.json"
expect_rc 1
expect_err "inspex: $TMP/h/bomb.xlsx: xl/worksheets/sheet1.xml inflates to more than 8 MiB: a zip bomb? not read (--limit zip-entry=SIZE raises it)"
expect_no_file "$TMP/b.json"
run zip-total timeout 60 "$INSPEX" convert --limit zip-ratio=2000 \
    --limit zip-total=4M "$TMP/h/bomb.xlsx" -o "$TMP/b.json"
expect_rc 1
expect_err "inspex: $TMP/h/bomb.xlsx: the entries read inflate to more than 4 MiB, at xl/worksheets/sheet1.xml: a zip bomb? not read (--limit zip-total=SIZE raises it)"
expect_no_file "$TMP/b.json"
run zip-file "$INSPEX" convert --limit zip-file=1K "$TMP/h/bomb.xlsx" \
    -o "$TMP/b.json"
expect_rc 1
expect_err "inspex: $TMP/h/bomb.xlsx: the spreadsheet is larger than 1 KiB: not read (--limit zip-file=SIZE raises it)"
expect_no_file "$TMP/b.json"
# 2 million shared strings, 4 of them used: read as far as the cells refer
run big-strings /usr/bin/time -f '%M' -o "$TMP/rss" timeout 60 \
    "$INSPEX" convert -q "$TMP/h/big-strings.xlsx" -t ndjson
expect_rc 0
expect_out_has '{"body_name":"Medway YOT","framework":"hmip-unrated"}'
current="big-strings memory"
[ "$(tail -1 "$TMP/rss")" -lt 80000 ] && ok ||
    bad "peak memory $(tail -1 "$TMP/rss") KiB"

# A broken quote among the rows searched for the header: without
# --keep-going the run fails at it, nothing written; with it, that record
# is rejected (with its reason and bytes) and the header below is found.
printf '%s\n' 'Youth justice ratings, 2024' '"Note: provisional"x,figures' \
    'body_name,framework,1.1' 'Medway YOT,hmip-youth-2018,Good' \
    'Rotherham YOT,hmip-youth-2018,Good' >"$TMP/quote.csv"
QUOTE_ERR="$TMP/quote.csv:2:20: 'x' follows the closing quote of this field, where a delimiter or the line's end must be (a quote inside a quoted field is written twice: \"\")"
run quote-above-header "$INSPEX" convert -q "$TMP/quote.csv" -o "$TMP/q.ndjson"
expect_rc 1
expect_err "inspex: $QUOTE_ERR
inspex: 1 of 3 records is invalid, so nothing was written; --keep-going writes the other 2, and --rejects FILE keeps the invalid one with its reason"
expect_no_file "$TMP/q.ndjson"
run quote-above-header-keep-going "$INSPEX" convert -q --keep-going \
    --rejects "$TMP/q.rej" "$TMP/quote.csv" -o "$TMP/q.ndjson"
expect_rc 1
expect_err "inspex: $QUOTE_ERR
inspex: 1 record rejected; written to $TMP/q.rej"
expect_file "$TMP/q.ndjson" '{"body_name":"Medway YOT","framework":"hmip-youth-2018","judgements":{"1.1":{"rating":"Good"}}}
{"body_name":"Rotherham YOT","framework":"hmip-youth-2018","judgements":{"1.1":{"rating":"Good"}}}'
expect_file "$TMP/q.rej" "# $QUOTE_ERR
# 29 bytes
\"Note: provisional\"x,figures"
# -O header-row=N counts the rejected record as a row
run quote-header-row "$INSPEX" convert -q --keep-going -O header-row=3 \
    "$TMP/quote.csv" -t ndjson
expect_rc 1
expect_out_has '{"body_name":"Rotherham YOT","framework":"hmip-youth-2018","judgements":{"1.1":{"rating":"Good"}}}'

# Prints entry ARGV[2] of the zip file ARGV[1].
ZIP_ENTRY='import sys, zipfile
sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())'

# An ODS cell's text is escaped as XML text, and its lines are paragraphs:
# it reads back as it was.
printf '%s\n' '{"body_name":"A & B <YOT> \"q\"","framework":"hmip-unrated","extra":[["notes","one\r\ntwo & <three>\n\tfour"]]}' >"$TMP/esc.ndjson"
run ods-escapes "$INSPEX" convert -q "$TMP/esc.ndjson" -o "$TMP/esc2.ods"
expect_rc 0
run ods-escapes-content $PY -c "$ZIP_ENTRY" "$TMP/esc2.ods" content.xml
expect_rc 0
expect_out_has '<text:p>A &amp; B &lt;YOT&gt; &quot;q&quot;</text:p>'
expect_out_has '<text:p>one&#13;</text:p><text:p>two &amp; &lt;three&gt;</text:p><text:p>	four</text:p>'
run ods-escapes-back "$INSPEX" convert -q "$TMP/esc2.ods" -t ndjson
expect_rc 0
expect_out_has '"body_name":"A & B <YOT> \"q\""'
expect_out_has '"extra":[["notes","one\r\ntwo & <three>\n\tfour"]]'

# An XLSX cell holding a literal _xHHHH_ is written escaped, as Excel does
# (_x005F_xHHHH_), so it reads back as itself, not as the character.
printf '%s\n' 'body_name,framework,notes' \
    'Medway YOT,hmip-unrated,_x0041_ and _x005F_ kept' >"$TMP/esc.csv"
run literal-escape sh -c "\"$INSPEX\" convert -q \"$TMP/esc.csv\" \
    -o \"$TMP/esc.xlsx\" && \"$INSPEX\" convert -q \"$TMP/esc.xlsx\" -t ndjson"
expect_rc 0
expect_out_has '"extra":[["notes","_x0041_ and _x005F_ kept"]]'
# The shared writer's refusals name the sheet's format, not CSV.
echo '{"body_name":"X","framework":"hmip-youth-2018","judgements":{"2.1":{"title":"Assessment"}}}' >"$TMP/title.ndjson"
for f in xlsx ods; do
    F=$(echo "$f" | tr a-z A-Z)
    run "refusal-names-$f" "$INSPEX" convert -q "$TMP/title.ndjson" \
        -o "$TMP/title.$f"
    expect_rc 1
    expect_err "inspex: $TMP/title.ndjson:1: cannot write record 1 as $F: standard 2.1 has a title but no rating, which a wide $F cell cannot hold; use -O layout=long, JSON or NDJSON"
    expect_no_file "$TMP/title.$f"
done
# The ODS export freezes its header row (settings.xml, as LibreOffice).
run ods-frozen "$INSPEX" convert -q "$TMP/esc.csv" -o "$TMP/esc.ods"
expect_rc 0
run ods-frozen-settings $PY -c "$ZIP_ENTRY" "$TMP/esc.ods" settings.xml
expect_rc 0
expect_out_has '<config:config-item config:name="VerticalSplitMode" config:type="short">2</config:config-item>'
expect_out_has '<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>'

finish
