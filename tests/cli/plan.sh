#!/bin/sh
# SPDX-License-Identifier: MIT
# plan.sh - the header plan end to end: one flat table imports to the same
# model from CSV, TSV, a JSON array and NDJSON, and -v shows where each
# column went and why.
. "$(dirname "$0")/lib.sh"

# Names the matcher knows by their words, a standard by its code with a
# title, one by its title alone, a strand, items and a column for extra.
cat >"$TMP/t.csv" <<'CSV'
body_name,Date fieldwork began,Fieldwork ended,Report published,overall,1.1 Governance and leadership,Staff,2.1,strand.2.1.Desistance,recommendation.1.text,action.1.due,notes
Medway YOT,24/02/2020,28/02/2020,04/06/2020,Good,Good,Outstanding,Requires improvement,9/10,Do better,June 2021,n1
Swindon YOT,2021-03-01,2021-03-05,2021-06-10,Inadequate,Inadequate,Good,Good,,,,
CSV
tr ',' '\t' <"$TMP/t.csv" >"$TMP/t.tsv"
cat >"$TMP/t.json" <<'JSON'
[
 {"body_name": "Medway YOT", "Date fieldwork began": "24/02/2020",
  "Fieldwork ended": "28/02/2020", "Report published": "04/06/2020",
  "overall": "Good", "1.1 Governance and leadership": "Good",
  "Staff": "Outstanding", "2.1": "Requires improvement",
  "strand.2.1.Desistance": "9/10", "recommendation.1.text": "Do better",
  "action.1.due": "June 2021", "notes": "n1"},
 {"body_name": "Swindon YOT", "Date fieldwork began": "2021-03-01",
  "Fieldwork ended": "2021-03-05", "Report published": "2021-06-10",
  "overall": "Inadequate", "1.1 Governance and leadership": "Inadequate",
  "Staff": "Good", "2.1": "Good", "strand.2.1.Desistance": "",
  "recommendation.1.text": "", "action.1.due": "", "notes": ""}
]
JSON
cat >"$TMP/t.ndjson" <<'NDJSON'
{"body_name": "Medway YOT", "Date fieldwork began": "24/02/2020", "Fieldwork ended": "28/02/2020", "Report published": "04/06/2020", "overall": "Good", "1.1 Governance and leadership": "Good", "Staff": "Outstanding", "2.1": "Requires improvement", "strand.2.1.Desistance": "9/10", "recommendation.1.text": "Do better", "action.1.due": "June 2021", "notes": "n1"}
{"body_name": "Swindon YOT", "Date fieldwork began": "2021-03-01", "Fieldwork ended": "2021-03-05", "Report published": "2021-06-10", "overall": "Inadequate", "1.1 Governance and leadership": "Inadequate", "Staff": "Good", "2.1": "Good", "strand.2.1.Desistance": "", "recommendation.1.text": "", "action.1.due": "", "notes": ""}
NDJSON

run same-model-csv "$INSPEX" convert -q "$TMP/t.csv" -t json -O pretty=false -o "$TMP/csv.out"
expect_rc 0
expect_err ""
expect_true grep -qF '"fieldwork_start":"2020-02-24","fieldwork_end":"2020-02-28","published":"2020-06-04"' "$TMP/csv.out"
expect_true grep -qF '"1.2":{"rating":"Outstanding"}' "$TMP/csv.out"
expect_true grep -qF '"strands":[{"name":"Desistance","numerator":9,"denominator":10}]' "$TMP/csv.out"
expect_true grep -qF '"recommendations":[{"text":"Do better"}],"actions":[{"due":"2021-06"}],"extra":[["notes","n1"]]' "$TMP/csv.out"
for f in tsv json ndjson; do
    run "same-model-$f" "$INSPEX" convert -q "$TMP/t.$f" -t json -O pretty=false -o "$TMP/$f.out"
    expect_rc 0
    expect_err ""
    expect_true cmp -s "$TMP/csv.out" "$TMP/$f.out"
done

# nested, as other tools write it: Miller's {"1": {"1": ...}} for the
# column 1.1, arrays of items numbered from 1, a strand under its path
cat >"$TMP/nested.json" <<'JSON'
[{"body_name": "Medway YOT", "Date fieldwork began": "24/02/2020",
  "Fieldwork ended": "28/02/2020", "Report published": "04/06/2020",
  "overall": "Good", "1.1 Governance and leadership": "Good",
  "Staff": "Outstanding", "2": {"1": "Requires improvement"},
  "strand": {"2": {"1": {"Desistance": "9/10"}}},
  "recommendation": [{"text": "Do better"}], "action": [{"due": "June 2021"}],
  "notes": "n1"}]
JSON
head -2 "$TMP/t.csv" >"$TMP/t1.csv"
"$INSPEX" convert -q "$TMP/t1.csv" -t json -O pretty=false -o "$TMP/t1.out"
run nested-json "$INSPEX" convert -q "$TMP/nested.json" -t json -O pretty=false -o "$TMP/nested.out"
expect_rc 0
expect_true cmp -s "$TMP/t1.out" "$TMP/nested.out"

# -v: every column, where it went and why, then a summary
run plan-verbose "$INSPEX" convert -v "$TMP/t.csv" -t ndjson -o "$TMP/v.ndjson"
expect_rc 0
expect_err_has "inspex: $TMP/t.csv:1:11: column 2 \"Date fieldwork began\" -> fieldwork_start (the words of 'fieldwork start')"
expect_err_has "column 5 \"overall\" -> overall_rating (a known name for overall_rating)"
expect_err_has "column 6 \"1.1 Governance and leadership\" -> standard 1.1 (standard 1.1 by its code)"
expect_err_has "column 7 \"Staff\" -> standard 1.2 (standard 1.2 by its title 'Staff' in domain 1)"
expect_err_has "column 9 \"strand.2.1.Desistance\" -> strand 'Desistance' of standard 2.1"
expect_err_has "column 10 \"recommendation.1.text\" -> recommendation 1 text"
expect_err_has "column 12 \"notes\" -> extra (no field matches: kept in extra)"
expect_err_has "inspex: $TMP/t.csv:1: header plan: wide layout, 12 columns, 11 to the model, 1 kept in extra"
run plan-quiet "$INSPEX" convert "$TMP/t.csv" -t ndjson -o "$TMP/v.ndjson"
expect_rc 0
expect_true test "$(grep -c 'column\|header plan' "$TMP/err")" -eq 0

# a JSON importer says it for each key, the first time it is seen
run plan-verbose-json "$INSPEX" convert -v "$TMP/t.ndjson" -t ndjson -o "$TMP/v.ndjson"
expect_rc 0
expect_err_has "inspex: $TMP/t.ndjson:1: key \"Date fieldwork began\" -> fieldwork_start (the words of 'fieldwork start')"
expect_err_has "inspex: $TMP/t.ndjson:1: key \"notes\" -> extra (no field matches: kept in extra)"
expect_true test "$(grep -c 'key "notes"' "$TMP/err")" -eq 1

# ambiguous names are kept in extra, and said so, from every importer
printf 'body_name,framework,assessment\nA YOT,hmip-youth-2018,Good\n' >"$TMP/a.csv"
run ambiguous-csv "$INSPEX" convert "$TMP/a.csv" -t ndjson
expect_rc 0
expect_err_has "inspex: $TMP/a.csv:1:21: warning: column \"assessment\" could be standard 2.1, 3.1; kept as an extra field, not guessed"
expect_out_has '"extra":[["assessment","Good"]]'
printf '{"body_name": "A YOT", "framework": "hmip-youth-2018", "assessment": "Good"}\n' >"$TMP/a.ndjson"
run ambiguous-ndjson "$INSPEX" convert "$TMP/a.ndjson" -t ndjson
expect_rc 0
expect_err_has "inspex: $TMP/a.ndjson:1: warning: key \"assessment\" could be standard 2.1, 3.1; kept as an extra field, not guessed"
expect_out_has '"extra":[["assessment","Good"]]'

finish
