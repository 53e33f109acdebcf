#!/bin/sh
# SPDX-License-Identifier: MIT
# validate.sh - `inspex validate` and `inspex frameworks` end to end, and
# the checks `convert` makes.
. "$(dirname "$0")/lib.sh"

run frameworks "$INSPEX" frameworks
expect_rc 0
expect_out_has "hmip-youth-2018  HMIP   2018-06 to 2021-07  12 standards  score out of 36"
expect_out_has "hmip-fji-2012    HMIP   2012 to 2018         6 standards  not scored"
# a line for each framework file, however many there are
expect_out_lines "$(ls "$top_srcdir"/frameworks/*.json | wc -l)"

run frameworks-one "$INSPEX" frameworks hmip-youth-2021
expect_rc 0
expect_out_has "    3.4          Out-of-court disposal policy and provision"
expect_out_has "    4.1          Resettlement policy and provision (not counted towards the score)"
expect_out_has "    19-30 Good"

run frameworks-json "$INSPEX" frameworks --json hmip-youth-2018
expect_rc 0
expect_out_has '"score_max": 36'

run frameworks-unknown "$INSPEX" frameworks hmip-youth-1999
expect_rc 2
expect_err "inspex: unknown framework 'hmip-youth-1999'; 'inspex frameworks' lists them"

run clean "$INSPEX" validate "$FIX/medway-2020.json"
expect_rc 0
expect_err "inspex: 1 inspection checked: 0 errors, 0 warnings"

run warnings-only "$INSPEX" validate "$FIX/hmip-youth-ratings.csv"
expect_rc 0
expect_out_lines 2
expect_out_has "$FIX/hmip-youth-ratings.csv:4: warning: Nottinghamshire YJS (2024): 12 counted standards not rated (1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 3.4): no score computed [standard-missing]"

run strict "$INSPEX" validate --strict "$FIX/hmip-youth-ratings.csv"
expect_rc 1

run inferred "$INSPEX" validate -v "$FIX/hmip-youth-ratings.csv" "$FIX/swindon-2015.json"
expect_rc 0
expect_err_has "inspex: $FIX/hmip-youth-ratings.csv: Medway YOT (2020-06-04): inferred framework hmip-youth-2018: publication date 2020-06-04 within 2018-06 to 2021-07, inspectorate HMIP, 12 matching standards and titles"
expect_err_has "Nottinghamshire YJS (2024): inferred framework hmip-youth-2021"
expect_err_has "Swindon YOT (2015-06-10): inferred framework hmip-fji-2012"

run faults "$INSPEX" validate "$FIX/faults.csv"
expect_rc 1
expect_err "inspex: 9 inspections checked: 6 errors, 9 warnings"
expect_out_has "$FIX/faults.csv:2: error: Score Mismatch YOT (2020-06-04): published score 17 differs from the score computed from the standards, 18 [score-mismatch]"
expect_out_has "$FIX/faults.csv:3: error: Band Mismatch YOT (2020-06-04): overall rating Good is outside the band for a score of 18 (7-18: Requires improvement) [band-mismatch]"
expect_out_has "$FIX/faults.csv:4: error: Off Scale YOT (2020-06-04): rating \"Satisfactory\" for standard 1.1 is not on the scale of hmip-youth-2018 (Outstanding, Good, Requires improvement, Inadequate) [rating-off-scale]"
expect_out_has "$FIX/faults.csv:5: error: Unknown Standard YOT (2020-06-04): standard 4.1 does not belong to hmip-youth-2018 [unknown-standard]"
expect_out_has "$FIX/faults.csv:6: error: Date Order YOT (2020-06-04): fieldwork ends 2020-07-05, after publication 2020-06-04 [date-order]"
expect_out_has "$FIX/faults.csv:7: warning: Out Of Force YOT (2024-03-01): published 2024-03-01, outside the dates hmip-youth-2018 was in force (2018-06 to 2021-07) [out-of-force]"
expect_out_has "$FIX/faults.csv:8: error: Percent YOT (2020-06-04): score_percent 50.5 is not a whole number of points out of 36 (18.18 points) [score-percent]"
expect_out_has "$FIX/faults.csv:10: warning: Medway YOT (2020-06-04): duplicate inspection: Medway YOT published 2020-06-04 was already read at $FIX/faults.csv:9 [duplicate]"

run faults-json "$INSPEX" validate -q --json "$FIX/faults.csv"
expect_rc 1
expect_err ""
expect_out_has '{"severity":"error","check":"score-mismatch","message":"published score 17 differs from the score computed from the standards, 18","source":"'"$FIX"'/faults.csv","line":2,"body":"Score Mismatch YOT","published":"2020-06-04"}'
expect_true test "$(head -c 1 "$TMP/out")" = "["
expect_true test "$(tail -n 1 "$TMP/out")" = "]"

printf 'body_name,framework,1.1\nA YOT,hmip-youth-2018,Goodish\n' >"$TMP/unreadable.csv"
run invalid-record "$INSPEX" validate "$TMP/unreadable.csv"
expect_rc 1
expect_out_has "$TMP/unreadable.csv:2:23: unknown rating \"Goodish\" for standard 1.1; accepted: Outstanding, Good, Requires improvement (RI), Inadequate, Satisfactory, Unsatisfactory, Poor, Not rated [invalid-record]"

# convert makes the same checks: an error stops the run, nothing written
run convert-faults "$INSPEX" convert -q "$FIX/faults.csv" -o "$TMP/f.json"
expect_rc 1
expect_err "inspex: $FIX/faults.csv:2: Score Mismatch YOT (2020-06-04): published score 17 differs from the score computed from the standards, 18
inspex: 6 of 9 records are invalid, so nothing was written; --keep-going writes the other 3, and --rejects FILE keeps the invalid ones with their reasons"
expect_no_file "$TMP/f.json"

run convert-faults-keep-going "$INSPEX" convert -q --keep-going --rejects "$TMP/rej.csv" "$FIX/faults.csv" -o "$TMP/f.ndjson"
expect_rc 1
expect_err_has "inspex: 6 records rejected; written to $TMP/rej.csv"
expect_true test "$(wc -l <"$TMP/f.ndjson")" -eq 3
expect_true grep -q '^Score Mismatch YOT,HMIP,hmip-youth-2018,' "$TMP/rej.csv"

# computed values go out beside the published ones
run computed "$INSPEX" convert "$FIX/medway-2020.json" -t ndjson
expect_rc 0
expect_out_has '"score":18,"score_max":36,"computed_score":18,"computed_rating":"Requires improvement"'

run percent "$INSPEX" convert -q "$FIX/faults.csv" --keep-going -t ndjson
expect_out_has '"body_name":"Medway YOT","inspectorate":"HMIP","framework":"hmip-youth-2018","published":"2020-06-04","score":16,"score_max":36,"score_percent":44.44'

# titles and codes of standards from the frameworks map columns
printf 'body_name,published,assessment,governance_and_leadership,resettlement\nA YOT,2023,Good,RI,Outstanding\n' >"$TMP/titles.csv"
run title-columns "$INSPEX" convert "$TMP/titles.csv" -t ndjson
expect_rc 0
expect_err_has "inspex: $TMP/titles.csv:1:21: warning: column \"assessment\" could be standard 2.1, 3.1; kept as an extra field, not guessed"
expect_out_has '"judgements":{"1.1":{"rating":"Requires improvement"},"4.1":{"rating":"Outstanding"}},"extra":[["assessment","Good"]]'

# an improvement plan, one row per action, through JSON and back
run plan "$INSPEX" convert -q "$FIX/medway-2020-plan.csv" -t ndjson
expect_rc 0
expect_out_lines 1
expect_out_has '{"reference":"2D","text":"The implementation of a criminal exploitation screening process within the Youth Offending Team, and a strengthening of the use of the CSE tool kit.","lead":"Operation and Practice Manager","success_measure":'
"$INSPEX" convert -q "$FIX/medway-2020-plan.csv" -o "$TMP/plan.json"
run plan-back "$INSPEX" convert -q "$TMP/plan.json" -t csv -O layout=actions
expect_rc 0
expect_out_lines 11

# The checks run on a second thread while the reader reads ahead
# (INSPEX_ENGINE_RECORDS_ASIDE): a record that cannot be read is still
# said after the problems of the records before it, and before those after.
awk 'BEGIN {
    for (i = 1; i <= 1000; i++)
        if (i == 700) print "{bad"
        else printf "{\"body_name\":\"YJS %d\",\"published\":\"2020-06-04\",\"framework\":\"hmip-youth-2018\",\"score\":40,\"score_max\":36}\n", i
}' >"$TMP/many.ndjson"
run in-order "$INSPEX" validate -q "$TMP/many.ndjson"
expect_rc 1
grep -E '\[(score-range|invalid-record)\]$' "$TMP/out" |
    sed 's/^[^:]*:\([0-9]*\):.*/\1/' >"$TMP/lines"
seq 1 1000 >"$TMP/want"
expect_true cmp -s "$TMP/lines" "$TMP/want"
expect_out_has "many.ndjson:700:4: string or '}' expected near 'bad' [invalid-record]"

finish
