#!/bin/sh
# SPDX-License-Identifier: MIT
# xml.sh - the xml format (issue 15): every fixture through XML and back
# is byte-identical, CSV -> XML -> JSON -> CSV gives the model CSV gave,
# what inspex writes follows docs/schema/inspex.xsd, import and export
# stream in flat memory, and hostile documents (an external entity that
# would read a file, a billion laughs, deep nesting) fail with a clear
# error, reading nothing from disk. The error cases are in tests/data/xml.
. "$(dirname "$0")/lib.sh"

XSD="$top_srcdir/docs/schema/inspex.xsd"

# ---- every fixture through XML and back ---------------------------------
for f in "$FIX"/*.csv "$FIX"/*.json; do
    name=$(basename "$f")
    case $name in *.map.json) continue ;; esac
    opt=
    [ "$name" = scraped-ratings.csv ] && opt="-O map=$FIX/scraped-ratings.map.json"
    # shellcheck disable=SC2086
    run "$name -> xml" "$INSPEX" convert -q --keep-going $opt "$f" -t xml \
        -o "$TMP/a.xml"
    # 1 when the fixture has records of its own that are rejected
    expect_true test "$rc" -le 1
    # shellcheck disable=SC2086
    "$INSPEX" convert -q --keep-going $opt "$f" -t json -O pretty=true \
        >"$TMP/a.json" 2>/dev/null
    run "$name: xml -> xml is byte-identical" "$INSPEX" convert \
        "$TMP/a.xml" -t xml -o "$TMP/b.xml"
    expect_rc 0
    expect_true cmp -s "$TMP/a.xml" "$TMP/b.xml"
    run "$name: xml -> json is the fixture's json" "$INSPEX" convert \
        -O validate=true "$TMP/a.xml" -t json -O pretty=true
    expect_rc 0
    expect_true cmp -s "$TMP/out" "$TMP/a.json"
    if command -v xmllint >/dev/null 2>&1; then
        run "$name: xmllint validates it against the XSD" xmllint --noout \
            --nonet --schema "$XSD" "$TMP/a.xml"
        expect_rc 0
    fi
done

# report pages: their sources carry the time they were read, so the XML
# is made from the JSON they gave once
for f in "$FIX"/pages/*.html; do
    name=pages/$(basename "$f")
    "$INSPEX" convert -q --keep-going -f report "$f" -t json -O pretty=true \
        >"$TMP/p.json" 2>/dev/null
    [ -s "$TMP/p.json" ] || continue # not a report page
    run "$name -> xml -> xml" "$INSPEX" convert -q "$TMP/p.json" -t xml \
        -o "$TMP/p1.xml"
    expect_rc 0
    "$INSPEX" convert -q "$TMP/p1.xml" -t xml -o "$TMP/p2.xml"
    expect_true cmp -s "$TMP/p1.xml" "$TMP/p2.xml"
    run "$name: xml -> json" "$INSPEX" convert -q -O validate=true \
        "$TMP/p1.xml" -t json -O pretty=true
    expect_rc 0
    expect_true cmp -s "$TMP/out" "$TMP/p.json"
done

# ---- CSV -> XML -> JSON -> CSV: the same model ----------------------------
for f in "$FIX"/*.csv; do
    name=$(basename "$f")
    [ "$name" = scraped-ratings.csv ] && continue # needs its map
    "$INSPEX" convert -q --keep-going "$f" -t json -O pretty=true \
        >"$TMP/ref.json" 2>/dev/null
    "$INSPEX" convert -q --keep-going "$f" -t xml -o "$TMP/1.xml" 2>/dev/null
    "$INSPEX" convert -q "$TMP/1.xml" -t json -o "$TMP/2.json"
    "$INSPEX" convert -q "$TMP/2.json" -t csv -O formula-guard=false \
        -o "$TMP/3.csv"
    run "$name: csv -> xml -> json -> csv" "$INSPEX" convert -q "$TMP/3.csv" \
        -t json -O pretty=true
    expect_rc 0
    expect_true cmp -s "$TMP/out" "$TMP/ref.json"
done

# ---- what XML cannot carry is refused, not written ------------------------
printf 'body_name,framework,published\n"A\001B",hmip-unrated,2020\n' \
    >"$TMP/ctl.csv"
run control-character "$INSPEX" convert "$TMP/ctl.csv" -t xml -o "$TMP/ctl.xml"
expect_rc 1
expect_err "inspex: $TMP/ctl.csv:2: cannot write record 1 as XML: body_name holds U+0001, a character XML 1.0 cannot carry"
expect_no_file "$TMP/ctl.xml"
# a value longer than libxml2 reads back (10,000,000 bytes; the field
# limit is 16 MiB), refused; one just under it is written and read back
python3 -c 'print("body_name,notes\nA YOT," + "x" * 10000001 + "\nB YOT,short")' \
    >"$TMP/long.csv"
run too-long "$INSPEX" convert -q "$TMP/long.csv" -o "$TMP/long.xml"
expect_rc 1
expect_err "inspex: $TMP/long.csv:2: cannot write record 1 as XML: an extra value is 10000001 bytes, more than the 10000000 an XML reader (libxml2) takes in one value; write JSON or NDJSON"
expect_no_file "$TMP/long.xml"
python3 -c 'print("body_name,notes\nA YOT," + "x" * 10000000)' >"$TMP/long.csv"
run just-long-enough "$INSPEX" convert -q "$TMP/long.csv" -o "$TMP/long.xml"
expect_rc 0
run "read back long.xml" "$INSPEX" convert -q "$TMP/long.xml" -t csv
expect_rc 0
expect_true test "$(wc -c <"$TMP/out")" -gt 10000000

# ---- a rejected record is kept whole -------------------------------------
run rejects "$INSPEX" convert --keep-going --rejects "$TMP/rejects.txt" \
    "$top_srcdir/tests/data/xml/bad-value-keep-going/input.xml" -t ndjson
expect_rc 1
expect_file "$TMP/rejects.txt" "# $top_srcdir/tests/data/xml/bad-value-keep-going/input.xml:5: score must be a whole number, not \"eighteen\"
# 125 bytes
<inspection>
  <body_name>First YOT</body_name>
  <framework>hmip-unrated</framework>
  <score>eighteen</score>
</inspection>"

# ---- hostile documents ---------------------------------------------------
# A file only an external entity would read: its text must appear
# nowhere, and (where strace is installed) it is never opened.
echo "SECRET-$$-NOT-TO-BE-READ" >"$TMP/secret.txt"
cat >"$TMP/xxe.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE inspections [<!ENTITY xxe SYSTEM "file://$TMP/secret.txt">]>
<inspections xmlns="urn:x-inspex:xml:1" version="1"><inspection><body_name>&xxe;</body_name></inspection></inspections>
XML
for v in "" "-O validate=true"; do
    # shellcheck disable=SC2086
    run "external entity $v" "$INSPEX" convert $v "$TMP/xxe.xml" -t json
    expect_rc 1
    expect_err "inspex: $TMP/xxe.xml:2: a document type declaration (<!DOCTYPE>) is not allowed in inspex XML: it could read files or expand entities; nothing was read from it"
    expect_true test ! -s "$TMP/out"
done
if command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null
then
    run "external entity: the file is never opened" strace -f -qq \
        -e trace=open,openat,stat,newfstatat -o "$TMP/trace" \
        "$INSPEX" convert "$TMP/xxe.xml" -t json
    expect_rc 1
    expect_true grep -q 'xxe.xml' "$TMP/trace" # the trace does work
    if grep -q 'secret.txt' "$TMP/trace"; then
        bad "secret.txt was touched: $(grep secret.txt "$TMP/trace")"
    else
        ok
    fi
else
    echo "SKIP: strace cannot run here: only the output is checked"
fi

# a billion laughs, behind a comment and the declaration: stopped at once
{
    echo '<?xml version="1.0"?>'
    echo '<!-- 10^9 lols -->'
    echo '<!DOCTYPE inspections ['
    echo ' <!ENTITY lol "lol">'
    p=lol
    for i in 1 2 3 4 5 6 7 8 9; do
        printf ' <!ENTITY lol%s "' $i
        for k in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' $p; done
        echo '">'
        p=lol$i
    done
    echo ']>'
    echo '<inspections xmlns="urn:x-inspex:xml:1" version="1"><inspection><body_name>&lol9;</body_name></inspection></inspections>'
} >"$TMP/laughs.xml"
run billion-laughs timeout 10 /usr/bin/time -f "%M" -o "$TMP/peak" \
    "$INSPEX" convert "$TMP/laughs.xml" -t json
expect_rc 1
expect_err "inspex: $TMP/laughs.xml:3: a document type declaration (<!DOCTYPE>) is not allowed in inspex XML: it could read files or expand entities; nothing was read from it"

# a million levels of nesting inside a record, and of the root
awk 'BEGIN { printf "<inspections xmlns=\"urn:x-inspex:xml:1\" version=\"1\"><inspection><judgement code=\"1.1\">";
    for (i = 0; i < 1000000; i++) printf "<strand name=\"a\" numerator=\"1\" denominator=\"2\">" }' \
    >"$TMP/deep.xml"
run deep-nesting timeout 10 /usr/bin/time -f "%M" -o "$TMP/peak" \
    "$INSPEX" convert "$TMP/deep.xml" -t json
expect_rc 1
expect_err "inspex: $TMP/deep.xml:1: element <strand> is not allowed in <strand>, which holds nothing but its attributes"
if [ -z "${INSPEX_SANITIZED:-}" ]; then
    current="deep nesting in small memory"
    peak=$(tail -n 1 "$TMP/peak")
    if [ "$peak" -lt 32768 ]; then ok; else bad "peak $peak KiB"; fi
fi
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "<inspections>" }' \
    >"$TMP/deep-root.xml"
run deep-root timeout 10 "$INSPEX" convert -f xml "$TMP/deep-root.xml" -t json
expect_rc 1
expect_err "inspex: $TMP/deep-root.xml:1: <inspections> has no version attribute"

# ---- both ways stream in flat memory -------------------------------------
N=200000
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"id\":\"R%07d\",\"body_name\":\"Area %07d YOT\",\"inspectorate\":\"HMIP\",\"framework\":\"hmip-unrated\",\"published\":\"2020\",\"overall_rating\":\"Not rated\"}\n", i, i }' \
    >"$TMP/big.ndjson"
run big-export /usr/bin/time -f "%M" -o "$TMP/peak" "$INSPEX" convert -q \
    "$TMP/big.ndjson" -t xml -o "$TMP/big.xml"
expect_rc 0
peak_out=$(tail -n 1 "$TMP/peak")
run big-import /usr/bin/time -f "%M" -o "$TMP/peak" "$INSPEX" convert -q \
    -O validate=true "$TMP/big.xml" -t ndjson -o "$TMP/back.ndjson"
expect_rc 0
peak_in=$(tail -n 1 "$TMP/peak")
expect_true cmp -s "$TMP/big.ndjson" "$TMP/back.ndjson"
echo "peak resident memory for $N inspections: to XML $((peak_out / 1024)) MiB, from XML (validating) $((peak_in / 1024)) MiB"
if [ -z "${INSPEX_SANITIZED:-}" ]; then
    current="XML in flat memory"
    if [ "$peak_out" -lt 32768 ] && [ "$peak_in" -lt 32768 ]; then ok; else
        bad "peaks $peak_out and $peak_in KiB"
    fi
fi

finish
