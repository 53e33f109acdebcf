#!/bin/sh
# SPDX-License-Identifier: MIT
# hostile.sh - the promises under hostile input and faults (issue 19), on
# generated inputs: the size limits and --limit, --keep-going past bad
# quotes and records over a limit, the rejects file read back byte for
# byte, files that must differ, the rejects committed before the output,
# modes kept, control bytes and huge values in messages, a fetch where
# everything failed. The slow cases (inputs of hundreds of MB, wide
# records) are in tests/slow/hostile-slow.sh, run by scripts/test-all.
. "$(dirname "$0")/lib.sh"

REJ="/usr/bin/python3 $top_srcdir/tests/support/rejects.py"
HEAD='body_name,published,overall_rating'

# ---- limits -----------------------------------------------------------------

# One field over the field limit: an error at the field, nothing written.
{
    echo "$HEAD"
    echo "A,4 June 2020,Good"
    printf '"'
    head -c 300000 /dev/zero | tr '\0' 'x'
    printf '",4 June 2020,Good\nC,4 June 2020,Good\n'
} >"$TMP/field.csv"
run field-limit "$INSPEX" convert -q --limit field=100K "$TMP/field.csv" -o "$TMP/field.ndjson"
expect_rc 1
expect_err "inspex: $TMP/field.csv:3:1: this field is 293 KiB, more than the 100 KiB allowed for one field (--limit field=SIZE raises it)"
expect_no_file "$TMP/field.ndjson"

# Raised, the same file converts.
run field-limit-raised "$INSPEX" convert -q --limit field=1M "$TMP/field.csv" -t ndjson
expect_rc 0
expect_out_lines 3

# Under --keep-going the record is rejected with its head and size.
run field-limit-keep-going "$INSPEX" convert -q --keep-going --limit field=100K \
    --rejects "$TMP/field.rej" "$TMP/field.csv" -t ndjson
expect_rc 1
expect_out_lines 2
expect_true grep -qx '# 4096 of 300020 bytes (cut)' "$TMP/field.rej"

# The same limit holds for a JSON string, a value or a key, counted as
# it decodes (an escape is the character it stands for), on every path:
# NDJSON, a JSON array's record read from the buffer, and one captured.
python3 - "$TMP" <<'EOF'
import json, sys
rec = lambda **k: json.dumps(dict(body_name="A YOT", **k))
with open(sys.argv[1] + "/field.ndjson", "w") as f:
    print(rec(), file=f)
    print(rec(notes="x" * 150000), file=f)
    print(rec(**{"k" * 150000: "v"}), file=f)
    # 60,000 escapes of 6 bytes: 360 KB of text, 120 KB decoded
    f.write('{"body_name":"B YOT","notes":"' + "\\u00e9" * 60000 + '"}\n')
    print(rec(), file=f)
with open(sys.argv[1] + "/field.json", "w") as f:
    f.write("[" + rec() + ",\n" + rec(notes="x" * 150000) + "]\n")
EOF
run json-field-limit "$INSPEX" convert -q --limit field=100K "$TMP/field.ndjson" -o "$TMP/f.ndjson"
expect_rc 1
expect_err "inspex: $TMP/field.ndjson:2: this field is 146.5 KiB, more than the 100 KiB allowed for one field (--limit field=SIZE raises it)"
expect_no_file "$TMP/f.ndjson"
run json-field-limit-keep-going "$INSPEX" convert -q --keep-going --limit field=100K "$TMP/field.ndjson" -t ndjson
expect_rc 1
expect_out_lines 2
expect_err "inspex: $TMP/field.ndjson:2: this field is 146.5 KiB, more than the 100 KiB allowed for one field (--limit field=SIZE raises it)
inspex: $TMP/field.ndjson:3: this field is 146.5 KiB, more than the 100 KiB allowed for one field (--limit field=SIZE raises it)
inspex: $TMP/field.ndjson:4: this field is 117.2 KiB, more than the 100 KiB allowed for one field (--limit field=SIZE raises it)
inspex: 3 records rejected (keep them with --rejects FILE)"
run json-field-limit-escapes "$INSPEX" convert -q --keep-going --limit field=130K "$TMP/field.ndjson" -t ndjson
expect_out_lines 3
run json-field-limit-array "$INSPEX" convert -q --limit field=100K "$TMP/field.json" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/field.json:2: this field is 146.5 KiB, more than the 100 KiB allowed for one field (--limit field=SIZE raises it)"
run json-field-limit-raised "$INSPEX" convert -q --limit field=1M "$TMP/field.json" -t ndjson
expect_rc 0
expect_out_lines 2

# A record over the record limit: stopped where it passes it, at most a
# chunk of input later ("at least"); under --keep-going its whole size.
# A web page is held to the same library page limit (--limit page=SIZE)
# as any importer that reads its input whole.
run page-limit "$INSPEX" convert -q --limit page=1K "$FIX/site/document/sefton-yjs-2025.html" -o "$TMP/page.ndjson"
expect_rc 1
expect_err "inspex: $FIX/site/document/sefton-yjs-2025.html: this page is at least 1025 bytes, more than the 1 KiB allowed for one page (--limit page=SIZE raises it)"
expect_no_file "$TMP/page.ndjson"

run record-limit "$INSPEX" convert -q --limit record=1K "$TMP/field.csv" -t ndjson
expect_rc 1
expect_err_has "inspex: $TMP/field.csv:3: this record is at least "
expect_err_has "more than the 1 KiB allowed for one record (--limit record=SIZE raises it)"
run record-limit-keep-going "$INSPEX" convert -q --keep-going --limit record=1K "$TMP/field.csv" -t ndjson
expect_rc 1
expect_err_has "inspex: $TMP/field.csv:3: this record is 293 KiB, more than the 1 KiB allowed for one record (--limit record=SIZE raises it)"
expect_out_lines 2

# A line over the line limit.
printf '%s\nA,4 June 2020,Good\nB,4 June 2020,Good,%0200d\n' "$HEAD" 0 >"$TMP/line.csv"
run line-limit "$INSPEX" convert -q --limit line=100 "$TMP/line.csv" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/line.csv:3: this line is 219 bytes, more than the 100 bytes allowed for one line (--limit line=SIZE raises it)"

# /dev/zero as CSV: stopped at the field limit, not by the OOM killer.
current=dev-zero
{ echo "$HEAD"; head -c 40000000 /dev/zero; } |
    "$INSPEX" convert -q -f csv --limit field=1M - -t ndjson >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 1
expect_err_has "inspex: <stdin>:2:1: this field is at least "
# (its size when the limit is seen depends on how the pipe delivered it)
expect_err_has ", more than the 1 MiB allowed for one field (--limit field=SIZE raises it)"

# Bad --limit arguments.
run limit-unknown "$INSPEX" convert --limit rows=5 "$TMP/field.csv" -t ndjson
expect_rc 2
expect_err "inspex: convert: unknown limit 'rows'; the limits are line, field, record, page, zip-file, zip-entry, zip-total and zip-ratio (--limit record=1G)"
run limit-bad-size "$INSPEX" convert --limit record=lots "$TMP/field.csv" -t ndjson
expect_rc 2
expect_err "inspex: convert: --limit record needs a size in bytes, with K, M or G for KiB, MiB or GiB (record=64M)"

# NDJSON: a line over the limit is rejected and the run goes on.
/usr/bin/python3 -c '
import json
print(json.dumps({"body_name": "A", "published": "2020-06-04"}))
print(json.dumps({"body_name": "B" * 5000, "published": "2020-06-04"}))
print(json.dumps({"body_name": "C", "published": "2020-06-04"}))' >"$TMP/long.ndjson"
run ndjson-line-limit "$INSPEX" convert -q --limit line=1K "$TMP/long.ndjson" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/long.ndjson:2: this line is 4.9 KiB, more than the 1 KiB allowed for one line (--limit line=SIZE raises it)"
run ndjson-line-limit-keep-going "$INSPEX" convert -q --keep-going --limit line=1K "$TMP/long.ndjson" -t ndjson
expect_rc 1
expect_out_lines 2
expect_err "inspex: $TMP/long.ndjson:2: this line is 4.9 KiB, more than the 1 KiB allowed for one line (--limit line=SIZE raises it)
inspex: 1 record rejected (keep them with --rejects FILE)"
expect_out_has '"body_name":"C"'

# JSON: an inspection over the record limit, the same.
/usr/bin/python3 -c '
import json
print(json.dumps([{"body_name": "A", "published": "2020-06-04"},
                  {"body_name": "B" * 5000, "published": "2020-06-04"},
                  {"body_name": "C", "published": "2020-06-04"}]))' >"$TMP/long.json"
run json-record-limit-keep-going "$INSPEX" convert -q --keep-going --limit record=1K "$TMP/long.json" -t ndjson
expect_rc 1
expect_out_lines 2
expect_err_has "inspex: $TMP/long.json:1:49: this record is 4.9 KiB, more than the 1 KiB allowed for one record"

# ---- --keep-going past bad quotes ------------------------------------------

printf '%s\nA,4 June 2020,Good\n"B" ,4 June 2020,Good\nC,4 June 2020,Good\n"D,4 June 2020,Good\nE,4 June 2020,Good\n' \
    "$HEAD" >"$TMP/quotes.csv"
run quotes-keep-going "$INSPEX" convert -q --keep-going --rejects "$TMP/quotes.rej" "$TMP/quotes.csv" -t ndjson
expect_rc 1
expect_out_lines 3
expect_out_has '"body_name":"E"'
expect_err "inspex: $TMP/quotes.csv:3:4: a space follows the closing quote of this field, where a delimiter or the line's end must be (a quote inside a quoted field is written twice: \"\")
inspex: $TMP/quotes.csv:5:1: unterminated quoted field: the quote opened here is never closed
inspex: 2 records rejected; written to $TMP/quotes.rej"
mkdir "$TMP/q"
run quotes-rejects-read-back $REJ "$TMP/quotes.rej" "$TMP/q"
expect_out_has 2
expect_true cmp -s "$TMP/q/1" "$(printf '"B" ,4 June 2020,Good\n' >"$TMP/q1"; echo "$TMP/q1")"
expect_true cmp -s "$TMP/q/2" "$(printf '"D,4 June 2020,Good\n' >"$TMP/q2"; echo "$TMP/q2")"

# Without --keep-going the first stops the run, at its place.
run quotes-stop "$INSPEX" convert -q "$TMP/quotes.csv" -o "$TMP/quotes.ndjson"
expect_rc 1
expect_no_file "$TMP/quotes.ndjson"

# ---- the rejects file read back byte for byte -------------------------------

# Bad records holding what could break a line-based format: a line break
# and a '#' inside quotes, CR LF, a control byte, and the last one with no
# line end at the end of the file. Every raw record comes back.
/usr/bin/python3 - "$TMP/rt" <<'PY'
import os, sys
d = sys.argv[1]
os.mkdir(d)
bad = [b'"B\n# not a reason",4 June 2020,Goodish\n',
       b'C,4 June 2020,Bad\r\n',
       b'"D\x1b[31m",4 June 2020,Meh\n',
       b'F,4 June 2020,Nope']
good = b'A,4 June 2020,Good\n'
with open(os.path.join(d, "in.csv"), "wb") as f:
    f.write(b'body_name,published,overall_rating\n' + good)
    for i, b in enumerate(bad):
        f.write(b)
        if i < len(bad) - 1:
            f.write(good)
for i, b in enumerate(bad):
    with open(os.path.join(d, "want%d" % (i + 1)), "wb") as f:
        f.write(b)
PY
run rejects-round-trip "$INSPEX" convert -q --keep-going --rejects "$TMP/rt/rej" "$TMP/rt/in.csv" -t ndjson
expect_rc 1
expect_out_lines 4
mkdir "$TMP/rt/got"
run rejects-round-trip-read $REJ "$TMP/rt/rej" "$TMP/rt/got"
expect_rc 0
expect_out_has 4
for i in 1 2 3 4; do
    current="rejects-round-trip-record-$i"
    expect_true cmp -s "$TMP/rt/want$i" "$TMP/rt/got/$i"
done
# each reason is one line, its control byte escaped
expect_true grep -q 'unknown rating "Meh"' "$TMP/rt/got/3.reason"
expect_true test "$(grep -c "$(printf '\033')" "$TMP/rt/rej")" -eq 1

# ---- control bytes and huge values in messages ------------------------------

printf '%s\n"X\033]0;owned\007",4 June 2020,"Go\033[2Jod"\n' "$HEAD" >"$TMP/esc.csv"
run escape-control-bytes "$INSPEX" convert -q "$TMP/esc.csv" -t ndjson
expect_rc 1
expect_err_has 'inspex: '"$TMP"'/esc.csv:2:27: unknown rating "Go\x1b[2Jod" for overall_rating; accepted: '
{
    echo "$HEAD"
    printf 'X,4 June 2020,'
    head -c 100000 /dev/zero | tr '\0' 'G'
    echo
} >"$TMP/huge.csv"
run huge-value-cut "$INSPEX" convert -q "$TMP/huge.csv" -t ndjson
expect_rc 1
expect_err_has "inspex: $TMP/huge.csv:2:15: unknown rating \"GGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG...\" (100000 bytes) for overall_rating; accepted: "

# ---- files that must differ -------------------------------------------------

cp "$FIX/ratings.csv" "$TMP/self.csv"
cp "$TMP/self.csv" "$TMP/self.orig"
run output-is-input "$INSPEX" convert -q "$TMP/self.csv" -o "$TMP/self.csv"
expect_rc 2
expect_err "inspex: convert: the output file $TMP/self.csv is the input $TMP/self.csv: it would be replaced while it is read; write to another file"
expect_true cmp -s "$TMP/self.csv" "$TMP/self.orig"
ln "$TMP/self.csv" "$TMP/link.csv"
run output-is-input-by-inode "$INSPEX" convert -q "$TMP/self.csv" -t csv -o "$TMP/link.csv"
expect_rc 2
expect_true cmp -s "$TMP/self.csv" "$TMP/self.orig"
run rejects-is-input "$INSPEX" convert -q --keep-going --rejects "$TMP/link.csv" "$TMP/self.csv" -t ndjson
expect_rc 2
expect_err "inspex: convert: the rejects file $TMP/link.csv is the input $TMP/self.csv: it would be replaced while it is read; keep the rejects in another file"
expect_true cmp -s "$TMP/self.csv" "$TMP/self.orig"
run rejects-is-output "$INSPEX" convert -q --keep-going --rejects "$TMP/o.ndjson" "$TMP/self.csv" -o "$TMP/o.ndjson"
expect_rc 2
expect_err "inspex: convert: the rejects file $TMP/o.ndjson is the output file: give them different names"
run rejects-on-stdout-with-data "$INSPEX" convert -q --keep-going --rejects - "$TMP/quotes.csv" -t ndjson
expect_rc 2
expect_err "inspex: convert: rejected records cannot go to standard output (--rejects -) while the output does: they would be mixed into the data; give --rejects a file, or -o one"
run rejects-on-stdout-output-to-file "$INSPEX" convert -q --keep-going --rejects - "$TMP/quotes.csv" -o "$TMP/q.ndjson"
expect_rc 1
expect_true test "$(grep -c '^# [0-9]* bytes$' "$TMP/out")" -eq 2

# ---- the rejects are committed before the output ----------------------------

if [ -c /dev/full ]; then
    echo previous >"$TMP/kept.ndjson"
    run rejects-disk-full "$INSPEX" convert -q --keep-going --rejects /dev/full "$TMP/quotes.csv" -o "$TMP/kept.ndjson"
    expect_rc 3
    expect_err_has "inspex: /dev/full: write error: No space left on device"
    expect_file "$TMP/kept.ndjson" previous
fi

# ---- a replaced file keeps its mode -----------------------------------------

current=mode-kept
echo old >"$TMP/private.ndjson"
chmod 600 "$TMP/private.ndjson"
(umask 022 && "$INSPEX" convert -q "$FIX/ratings.csv" -o "$TMP/private.ndjson")
expect_true test "$(stat -c %a "$TMP/private.ndjson")" = 600
current=mode-not-wider-than-umask
echo old >"$TMP/open.ndjson"
chmod 666 "$TMP/open.ndjson"
(umask 022 && "$INSPEX" convert -q "$FIX/ratings.csv" -o "$TMP/open.ndjson")
expect_true test "$(stat -c %a "$TMP/open.ndjson")" = 644
current=mode-new-file
(umask 027 && "$INSPEX" convert -q "$FIX/ratings.csv" -o "$TMP/new.ndjson")
expect_true test "$(stat -c %a "$TMP/new.ndjson")" = 640

# ---- CSV output: late keys, the header's formula guard ----------------------

# A key first seen after the records the columns are planned from gets
# its column at the end: the records before it an empty cell there.
/usr/bin/python3 -c '
import json
for r in range(300):
    d = {"body_name": "B%d" % r, "published": "2020-06-04"}
    if r == 280:
        d["late"] = "x"
    print(json.dumps(d))' >"$TMP/late.ndjson"
run late-key "$INSPEX" convert -q "$TMP/late.ndjson" -o "$TMP/late.csv"
expect_rc 0
expect_true test "$(head -1 "$TMP/late.csv" | awk -F, '{print $NF}')" = late
expect_true test "$(sed -n 282p "$TMP/late.csv" | awk -F, '{print $2 "=" $NF}')" = B280=x
expect_true test "$(awk -F, '{print NF}' "$TMP/late.csv" | sort -u)" = 19
run late-key-back "$INSPEX" convert -q "$TMP/late.csv" -t ndjson
expect_out_has '{"body_name":"B280","published":"2020-06-04","extra":[["late","x"]]}'

# A header cell gets the formula guard a value gets.
/usr/bin/python3 -c '
import json
print(json.dumps({"body_name": "A", "=HYPERLINK(\"http://x\")": "=1+1"}))' >"$TMP/formula.ndjson"
run header-formula-guard "$INSPEX" convert -q "$TMP/formula.ndjson" -t csv
expect_rc 0
expect_true grep -q ",\"'=HYPERLINK(\"\"http://x\"\")\"\$" "$TMP/out"
expect_true grep -q ",'=1+1\$" "$TMP/out"

# ---- quadratic work made linear ----------------------------------------------
# Inputs large enough that the quadratic code took minutes (100,000 CSV
# columns to CSV: 280 s; 3,000 NDJSON keys a record to CSV: about ten);
# linear, each takes a second or two, under the sanitizers a few.
/usr/bin/python3 -c '
n = 100000
print(",".join(["body_name", "published"] + ["x%d" % i for i in range(n)]))
print(",".join(["A", "2020-06-04"] + ["v"] * n))' >"$TMP/wide.csv"
run wide-csv "timeout" 120 "$INSPEX" convert -q "$TMP/wide.csv" -t csv
expect_rc 0
expect_true test "$(head -1 "$TMP/out" | awk -F, '{print NF}')" = 100018
/usr/bin/python3 -c '
import json
for r in range(100):
    d = {"body_name": "B%d" % r, "published": "2020-06-04"}
    d.update(("key%d" % k, "v") for k in range(3000))
    print(json.dumps(d))' >"$TMP/keys.ndjson"
run many-keys "timeout" 120 "$INSPEX" convert -q "$TMP/keys.ndjson" -t csv
expect_rc 0
expect_out_lines 101

# ---- every command checks its writes: a full disk is exit status 3 ---------

if [ -c /dev/full ]; then
    for cmd in "info $FIX/ratings.csv" "validate $FIX/ratings.csv" \
        "validate --json $FIX/ratings.csv" formats "formats csv" \
        "formats --json" frameworks "frameworks hmip-youth-2018" \
        "frameworks --json" "convert -q $FIX/ratings.csv -t csv" --help; do
        current="disk-full: $cmd"
        # shellcheck disable=SC2086
        "$INSPEX" $cmd >/dev/full 2>"$TMP/err"
        rc=$?
        expect_rc 3
        expect_err_has "No space left on device"
    done
fi

# ---- messages: the right place, in a sentence --------------------------------

printf '%s,score\nA,4 June 2020,Good,0/0\nB,4 June 2020,Good,5/3\n' "$HEAD" >"$TMP/score.csv"
run score-messages "$INSPEX" convert -q --keep-going "$TMP/score.csv" -t ndjson
expect_err "inspex: $TMP/score.csv:2:20: score \"0/0\" is out of 0: a score's maximum must be more than 0
inspex: $TMP/score.csv:3:20: score \"5/3\" is more than its maximum of 3
inspex: 2 records rejected (keep them with --rejects FILE)"
echo '{"format":"inspex","version":1.0,"inspections":[]}' >"$TMP/v.json"
run version-1.0 "$INSPEX" convert -q "$TMP/v.json" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/v.json:1:30: this document is inspex document version 1.0; this inspex reads version 1, written as a whole number"
# a byte error in a quoted field, after a doubled quote: its own column
# (with encoding=utf-8: by default such a file is read as Windows-1252)
printf 'body_name,region\n"a""b\377",x\n' >"$TMP/col.csv"
run quoted-column "$INSPEX" convert -q -O encoding=utf-8 "$TMP/col.csv" -t ndjson
expect_err "inspex: $TMP/col.csv:2:6: invalid UTF-8 (byte 4 of the field); if the file was saved by Excel, try -O encoding=windows-1252"

# ---- a fetch in which everything failed ------------------------------------

echo '{"format":"inspex","version":1,"inspections":[]} ' >"$TMP/prev.json"
cp "$TMP/prev.json" "$TMP/prev.orig"
run fetch-all-failed "$INSPEX" fetch -q "$TMP/no/a.html" "$TMP/no/b.html" -o "$TMP/prev.json"
expect_rc 3
expect_err_has "inspex: all 2 URLs failed and nothing was fetched, so $TMP/prev.json is left as it was"
expect_true cmp -s "$TMP/prev.json" "$TMP/prev.orig"
run fetch-all-failed-new "$INSPEX" fetch -q "$TMP/no/a.html" -o "$TMP/none.json"
expect_rc 3
expect_err_has "inspex: the URL failed and nothing was fetched, so $TMP/none.json was not written"
expect_no_file "$TMP/none.json"

finish
