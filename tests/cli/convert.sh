#!/bin/sh
# SPDX-License-Identifier: MIT
# convert.sh - conversions end to end: formats chosen by name, extension
# and content; stdin and stdout; atomic output; exit statuses; rejects.
. "$(dirname "$0")/lib.sh"

RI_ACCEPTED="accepted: Outstanding, Good, Requires improvement (RI), Inadequate, Satisfactory, Unsatisfactory, Poor, Not rated"
# the installed formats that write and that read, as the messages list
# them, so that a new plugin breaks no test here
WRITERS=$("$INSPEX" formats | awk '/ export /{printf "%s%s", s, $1; s=", "}')
READERS=$("$INSPEX" formats | awk '/ import /{printf "%s%s", s, $1; s=", "}')
current=formats-listed
for f in csv json ndjson; do
    case ", $WRITERS, " in *", $f, "*) ok ;; *) bad "$f not among the writers: $WRITERS" ;; esac
done
for f in csv json ndjson report; do
    case ", $READERS, " in *", $f, "*) ok ;; *) bad "$f not among the readers: $READERS" ;; esac
done

run csv-to-json "$INSPEX" convert "$FIX/ratings.csv" -o "$TMP/r.json"
expect_rc 0
expect_err "inspex: $FIX/ratings.csv:3: warning: Rotherham YOT (2020-12-17): 8 counted standards not rated (1.1, 1.3, 2.2, 2.3, 2.4, 3.2, 3.3, 3.4): no score computed
inspex: $FIX/ratings.csv:4: warning: Essex YOS (2018-12): 12 counted standards not rated (1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 3.4): no score computed"
expect_true grep -q '^{"format":"inspex","version":1,"inspections":\[' "$TMP/r.json"
expect_true grep -q '"body_name":"Cardiff YOS"' "$TMP/r.json"

run json-back-to-csv "$INSPEX" convert "$TMP/r.json" -t csv
expect_rc 0
"$INSPEX" convert "$FIX/ratings.csv" -t csv >"$TMP/direct.csv"
expect_true cmp -s "$TMP/out" "$TMP/direct.csv"

run_in stdin-stdout "$FIX/ratings.csv" "$INSPEX" convert -f csv -t ndjson -
expect_rc 0
expect_out_lines 4

run_in stdin-probe "$FIX/ratings.csv" "$INSPEX" convert -v -t ndjson -
expect_rc 0
expect_out_lines 4
expect_err_has "inspex: reading <stdin> as csv (chosen by its content (probe score 50 of 100))"
expect_err_has "inspex: writing <stdout> as ndjson (chosen by -t)"

run output-extension "$INSPEX" convert -v "$FIX/medway-2020.json" -o "$TMP/m.ndjson"
expect_rc 0
expect_err_has "inspex: writing $TMP/m.ndjson as ndjson (chosen by the extension .ndjson)"
expect_true test "$(wc -l <"$TMP/m.ndjson")" -eq 1

run several-inputs "$INSPEX" convert "$FIX/ratings.csv" "$FIX/medway-2020.json" -t ndjson
expect_rc 0
expect_out_lines 5

# gzip in (by magic bytes) and out (by the .gz name)
gzip -c "$FIX/ratings.csv" >"$TMP/r.csv.gz"
run gzip-in "$INSPEX" convert "$TMP/r.csv.gz" -t ndjson
expect_rc 0
expect_out_lines 4
run gzip-out "$INSPEX" convert "$FIX/ratings.csv" -o "$TMP/r.ndjson.gz"
expect_rc 0
expect_true test "$(gzip -dc "$TMP/r.ndjson.gz" | wc -l)" -eq 4
head -c 100 "$TMP/r.csv.gz" >"$TMP/cut.csv.gz"
run gzip-truncated "$INSPEX" convert "$TMP/cut.csv.gz" -o "$TMP/cut.json"
expect_rc 3
expect_err "inspex: $TMP/cut.csv.gz: truncated gzip data: the compressed stream ends early"
expect_no_file "$TMP/cut.json"

run file-url "$INSPEX" convert "file://$FIX/ratings.csv" -t ndjson
expect_rc 0
expect_out_lines 4

# A failed run leaves an existing output untouched and no temporary file.
mkdir "$TMP/atomic"
printf 'OLD' >"$TMP/atomic/out.json"
printf 'body_name,1.1\nMedway YOT,Good\nRotherham YOT,Goodish\n' >"$TMP/bad.csv"
run atomic "$INSPEX" convert -q "$TMP/bad.csv" -o "$TMP/atomic/out.json"
expect_rc 1
expect_err "inspex: $TMP/bad.csv:3:15: unknown rating \"Goodish\" for standard 1.1; $RI_ACCEPTED
inspex: 1 of 2 records is invalid, so nothing was written; --keep-going writes the other 1, and --rejects FILE keeps the invalid one with its reason"
expect_file "$TMP/atomic/out.json" "OLD"
expect_true test "$(ls -A "$TMP/atomic")" = "out.json"

# --keep-going: good records written, each bad one kept verbatim
run keep-going "$INSPEX" convert -q --keep-going --rejects "$TMP/rejects.txt" "$TMP/bad.csv" -o "$TMP/kept.ndjson"
expect_rc 1
expect_err "inspex: $TMP/bad.csv:3:15: unknown rating \"Goodish\" for standard 1.1; $RI_ACCEPTED
inspex: 1 record rejected; written to $TMP/rejects.txt"
expect_true test "$(wc -l <"$TMP/kept.ndjson")" -eq 1
expect_file "$TMP/rejects.txt" "# $TMP/bad.csv:3:15: unknown rating \"Goodish\" for standard 1.1; $RI_ACCEPTED
# 22 bytes
Rotherham YOT,Goodish"

# A write that fails part way (the records are written on a second
# thread) stops the run with the writer's error.
if [ -c /dev/full ]; then
    /usr/bin/python3 "$top_srcdir/bench/gen-ratings.py" 3000 >"$TMP/many.csv"
    run disk-full "$INSPEX" convert -q "$TMP/many.csv" -t ndjson -o /dev/full
    expect_rc 3
    expect_err "inspex: /dev/full: write error: No space left on device"
fi

run rejects-needs-keep-going "$INSPEX" convert --rejects "$TMP/x" "$TMP/bad.csv" -t json
expect_rc 2
expect_err "inspex: convert: --rejects needs --keep-going"

run missing-input "$INSPEX" convert "$TMP/nope.csv" -o "$TMP/nope.json"
expect_rc 3
expect_err "inspex: $TMP/nope.csv: cannot open: No such file or directory"
expect_no_file "$TMP/nope.json"

run no-input "$INSPEX" convert -t json
expect_rc 2
expect_err "inspex: convert: no input; give a file, a URL or - for stdin"

run no-output-format "$INSPEX" convert "$FIX/ratings.csv"
expect_rc 2
expect_err "inspex: cannot tell the output format; name it with -t (one of: $WRITERS)"

run unknown-output-format "$INSPEX" convert "$FIX/ratings.csv" -t nosuch -o "$TMP/x.nosuch"
expect_rc 2
expect_err "inspex: unknown format 'nosuch'; formats that can write: $WRITERS"
expect_no_file "$TMP/x.nosuch"

run unknown-input-format "$INSPEX" convert -f nosuch "$TMP/nope.csv" -t json
expect_rc 2
expect_err "inspex: unknown format 'nosuch'; formats that can read: $READERS"

run unknown-option "$INSPEX" convert "$FIX/ratings.csv" -t json -O colour=red -o "$TMP/o.json"
expect_rc 2
expect_err "inspex: unknown option 'colour'; valid options are delimiter, encoding, map, dayfirst, header-row, ragged, layout, pretty"
expect_no_file "$TMP/o.json"

run bad-option-value "$INSPEX" convert -f csv "$FIX/ratings.csv" -t csv -O out.crlf=maybe
expect_rc 2
expect_err "inspex: option 'crlf' takes true or false, not 'maybe'"

run option-form "$INSPEX" convert "$FIX/ratings.csv" -t json -O pretty
expect_rc 2
expect_err "inspex: option 'pretty' is not of the form key=value"

run stdin-twice "$INSPEX" convert -t json - -
expect_rc 2

printf '{"format":"inspex","version":1,"inspections":[]}\n' >"$TMP/empty.json"
run empty-document "$INSPEX" convert "$TMP/empty.json" -t json
expect_rc 0
expect_out_has '{"format":"inspex","version":1,"inspections":[]}'

# A scraped community dataset: snake_case headers, score_%, DD/MM/YY,
# "Requires Improvement", ambiguous standard titles, a footnote in a cell.
run scraped "$INSPEX" convert "$FIX/scraped-ratings.csv" -t ndjson
expect_rc 1
expect_err_has "inspex: $FIX/scraped-ratings.csv:1:166: warning: column \"assessment\" could be standard 2.1, 3.1; kept as an extra field, not guessed"
expect_err_has "inspex: $FIX/scraped-ratings.csv:4:97: unknown rating \"Good (see note 1: confirmed after fieldwork)\" for standard 1.2; $RI_ACCEPTED"
run scraped-keep-going "$INSPEX" convert -q --keep-going "$FIX/scraped-ratings.csv" -t ndjson
expect_rc 1
expect_out_lines 2
expect_out_has '{"body_name":"Medway YOT","local_authority":"Medway","region":"South East","framework":"hmip-youth-2018","fieldwork_start":"2020-02-24","published":"2020-06-04","overall_rating":"Requires improvement","score":18,"score_max":36,"score_percent":50.00,'
expect_out_has '["assessment","Good"]'
run scraped-map "$INSPEX" convert -q --keep-going -O map="$FIX/scraped-ratings.map.json" "$FIX/scraped-ratings.csv" -t ndjson
expect_out_has '"2.1":{"rating":"Good"},"2.2":{"rating":"Inadequate"},"2.3":{"rating":"Good"}'
printf '{"a": "bodyname_typo"}' >"$TMP/badmap.json"
run bad-map "$INSPEX" convert -O map="$TMP/badmap.json" "$FIX/scraped-ratings.csv" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/badmap.json: \"a\" maps to \"bodyname_typo\", which names no field or standard code"

run info "$INSPEX" info "$FIX/ratings.csv" "$FIX/medway-2020.json"
expect_rc 0
expect_true test "$(cat "$TMP/out")" = "inspections: 5
frameworks:
  hmip-youth-2018          5
overall ratings:
  Requires improvement     3
  Outstanding              1
  Inadequate               1
standard ratings:
  Requires improvement     8
  Good                     16
  Inadequate               16
problems: 0 errors, 3 warnings (inspex validate lists them)"

run info-bad "$INSPEX" info "$TMP/bad.csv"
expect_rc 1

# Records are checked beside the writing: the first bad record is still the
# one reported, before a syntax error further on, and nothing is written.
{
    echo "body_name,inspectorate,published,fieldwork_start"
    i=1
    while [ $i -le 300 ]; do
        case $i in
        3) echo "Bad,HMIP,2020-06-04,2020-07-01" ;;
        250) echo "Short,HMIP" ;;
        *) echo "A$i,HMIP,2020-06-04,2020-02-01" ;;
        esac
        i=$((i + 1))
    done
} >"$TMP/order.csv"
run first-error-first "$INSPEX" convert -q "$TMP/order.csv" -o "$TMP/order.ndjson"
expect_rc 1
expect_err "inspex: $TMP/order.csv:4: Bad (2020-06-04): fieldwork starts 2020-07-01, after publication 2020-06-04
inspex: 2 of 300 records are invalid, so nothing was written; --keep-going writes the other 298, and --rejects FILE keeps the invalid ones with their reasons"
expect_no_file "$TMP/order.ndjson"
sed -i '4s/.*/Good,HMIP,2020-06-04,2020-02-01/' "$TMP/order.csv"
run syntax-error-after-good-records "$INSPEX" convert -q "$TMP/order.csv" -o "$TMP/order.ndjson"
expect_rc 1
expect_err_has "inspex: $TMP/order.csv:251:"
expect_no_file "$TMP/order.ndjson"


# --keep-going with an exporter that refuses some records: each refused
# record is rejected verbatim, with its own location, the others are
# written, and the messages are the same from run to run (the writer
# once failed on another thread and the reader blamed whatever record it
# held then, a timing-dependent number of times).
run keep-going-exporter-refuses "$INSPEX" convert --keep-going \
    --rejects "$TMP/refused.txt" "$FIX/ratings.csv" -t csv -O out.layout=actions
expect_rc 1
expect_err_has "inspex: $FIX/ratings.csv:2: cannot write record 1 in the actions layout: it has standards; use the wide layout, JSON or NDJSON"
expect_err_has "inspex: $FIX/ratings.csv:5: cannot write record 4 in the actions layout"
expect_err_has "inspex: 3 records rejected; written to $TMP/refused.txt"
expect_out_has ",Essex YOS,"
expect_true test "$(grep -c '^# [0-9]* bytes$' "$TMP/refused.txt")" -eq 3
expect_true grep -q '^# .*ratings.csv:5: cannot write record 4' "$TMP/refused.txt"
cp "$TMP/err" "$TMP/refused.err1"
python3 "$top_srcdir/bench/gen-ratings.py" 3000 >"$TMP/3k.csv"
"$INSPEX" convert --keep-going "$TMP/3k.csv" -t csv -O out.layout=actions \
    >/dev/null 2>"$TMP/3k.err1"
"$INSPEX" convert --keep-going "$TMP/3k.csv" -t csv -O out.layout=actions \
    >/dev/null 2>"$TMP/3k.err2"
current=keep-going-exporter-refuses-repeatable
expect_true cmp -s "$TMP/3k.err1" "$TMP/3k.err2"
expect_true grep -q "3k.csv:4770: cannot write record 3000 " "$TMP/3k.err1"
# issue 18 (perf): the json importer hands the fast path each record
# straight from its 256 KiB buffer, twice the last record's length at a
# time. Records that cross the buffer's edges, a large one after small
# ones, and characters of 2, 3 and 4 bytes at every offset must come out
# as the same records read one a line (NDJSON, which has no such
# buffer); a record over the record limit is still refused.
python3 - "$TMP/edges" <<'PYEOF'
import json, sys
recs = []
for i in range(900):
    pad = "x" * (i % 97) + ["\u00e9", "\u20ac", "\U0001F600", "a"][i % 4] * (i % 13)
    r = {"body_name": "Body %d %s" % (i, pad), "score": i % 37,
         "judgements": {"1.1": {"title": "T\u00e9 %d" % i, "rating": "Good"}},
         "extra": [["Note", pad + "\n\"q\""]]}
    if i == 400:
        r["extra"].append(["Big", "y" * 20000 + "\u20ac"])
    recs.append(r)
with open(sys.argv[1] + ".json", "w", encoding="utf-8") as f:
    f.write('{"format": "inspex", "version": 1, "inspections": [')
    f.write(",".join(json.dumps(r, ensure_ascii=False, separators=(",", ":"))
                     for r in recs))
    f.write("]}")
with open(sys.argv[1] + ".ndjson", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
PYEOF
run json-records-across-the-buffer "$INSPEX" convert -q "$TMP/edges.json" -t ndjson
expect_rc 0
cp "$TMP/out" "$TMP/edges.from-json"
run json-records-across-the-buffer-ndjson "$INSPEX" convert -q "$TMP/edges.ndjson" -t ndjson
expect_rc 0
expect_true cmp -s "$TMP/out" "$TMP/edges.from-json"
expect_true test "$(wc -l <"$TMP/out")" -eq 900
run json-record-over-the-limit "$INSPEX" convert -q --limit record=8K "$TMP/edges.json" -t ndjson
expect_rc 1
expect_err_has "more than the 8 KiB allowed for one record"
run json-record-over-the-limit-keep-going "$INSPEX" convert -q --keep-going --limit record=8K "$TMP/edges.json" -t ndjson
expect_true test "$(wc -l <"$TMP/out")" -eq 899

# A record the CSV writer cannot hold (a title with no rating) among the
# first 256, which it holds to plan the columns: rejected alone under
# --keep-going, at its place, and the others written.
printf '%s\n' '{"body_name":"A YOT","judgements":{"1.1":{"rating":"Good"}}}' \
    '{"body_name":"B YOT","judgements":{"1.1":{"title":"Governance"}}}' \
    '{"body_name":"C YOT","judgements":{"1.1":{"rating":"Good"}}}' \
    >"$TMP/title-only.ndjson"
run csv-title-only-keep-going "$INSPEX" convert -q --keep-going \
    --rejects "$TMP/title-only.rej" "$TMP/title-only.ndjson" -o "$TMP/t.csv"
expect_rc 1
expect_err "inspex: $TMP/title-only.ndjson:2: cannot write record 2 as CSV: standard 1.1 has a title but no rating, which a wide CSV cell cannot hold; use -O layout=long, JSON or NDJSON
inspex: 1 record rejected; written to $TMP/title-only.rej"
expect_file "$TMP/t.csv" "$(printf 'id,body_name,body_code,local_authority,region,nation,inspectorate,framework,inspection_type,fieldwork_start,fieldwork_end,published,overall_rating,score,score_max,score_percent,computed_score,computed_rating,1.1\n,A YOT,,,,,,,,,,,,,,,,,Good\n,C YOT,,,,,,,,,,,,,,,,,Good')"
expect_true grep -qF '{"body_name":"B YOT",' "$TMP/title-only.rej"

# Bad data late in a long stream: standard output already holds whole
# records from before it, and the message says so; a file holds nothing.
python3 -c '
for i in range(3000):
    print("{\"body_name\":\"Area %05d Youth Justice Service\",\"framework\":\"hmip-youth-2018\",\"published\":\"2020-06-04\",\"overall_rating\":\"Good\"}" % i)
print("{\"body_name\":\"Late\",\"overall_rating\":\"Goodish\"}")' >"$TMP/late.ndjson"
run late-bad-stdout "$INSPEX" convert -q "$TMP/late.ndjson" -t ndjson
expect_rc 1
expect_err_has "inspex: 1 of 3001 records is invalid, so the output stops short of it (standard output is written as the records come); --keep-going writes the other 3000"
current=late-bad-stdout-whole
if python3 -c 'import json, sys
n = 0
for line in open(sys.argv[1]):
    json.loads(line)
    n += 1
sys.exit(not 0 < n < 3000)' "$TMP/out"; then ok; else bad "not whole records, or none"; fi
run late-bad-file "$INSPEX" convert -q "$TMP/late.ndjson" -o "$TMP/late.out.ndjson"
expect_rc 1
expect_err_has "inspex: 1 of 3001 records is invalid, so nothing was written"
expect_no_file "$TMP/late.out.ndjson"
run late-bad-stdout-csv "$INSPEX" convert -q "$TMP/late.ndjson" -t csv
expect_rc 1
expect_err_has "inspex: 1 of 3001 records is invalid, so nothing was written"
expect_out_lines 0
finish
