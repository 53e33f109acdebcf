#!/bin/sh
# SPDX-License-Identifier: MIT
# firstrun.sh - the first run on real data (issue 17): the community
# dataset (fixtures/community, 83 rows, 4 with scraping faults) counted,
# checked and converted in a screenful of messages; inspex map; -O in./out.;
# NDJSON saved as .json; shell completion.
. "$(dirname "$0")/lib.sh"

D=$FIX/community/hmi_youth_justice_inspection_ratings.csv
RI_ACCEPTED="accepted: Outstanding, Good, Requires improvement (RI), Inadequate, Satisfactory, Unsatisfactory, Poor, Not rated"
# expect_out TEXT: stdout is exactly TEXT.
expect_out() {
    if [ "$(cat "$TMP/out")" = "$1" ]; then ok; else bad "stdout differs; expected: $1"; fi
}
A='could be standard'

run d2i-validate "$INSPEX" validate "$D"
expect_rc 1
expect_out "$D:1:126: warning: column \"assessment\" $A 2.1, 3.1; kept as an extra field, not guessed
$D:1:137: warning: column \"planning\" $A 2.2, 3.2; kept as an extra field, not guessed
$D:1:156: warning: column \"implementation_and_delivery\" $A 2.3, 3.3; kept as an extra field, not guessed
$D:8: error: Ceredigion (2024-11-12): score_percent 4.17 is not a whole number of points out of 36 (1.50 points) [score-percent]
$D:65: error: West Sussex (2022-06-22): overall rating Requires improvement is outside the band for a score of 26 (19-30: Good) [band-mismatch]
$D:66:33: unknown rating \"1 The resettlement standard does not contribute to the overall rating for the YOT.\" for overall_rating; $RI_ACCEPTED [invalid-record]
$D:67: error: Bridgend (2022-06-14): score_percent 4.56 is not a whole number of points out of 36 (1.64 points) [score-percent]
$D: 75 of 83 inspections: counted standards not rated, so no score computed (lines 2, 3, 4, ...; -v lists each) [standard-missing]
$D: 7 of 83 inspections: several frameworks fit equally; name one in a framework column (lines 76, 77, 79, ...; -v lists each) [framework-ambiguous]"
expect_err "inspex: hint: 3 columns could be more than one standard; 'inspex map FILE' shows how each column was read, and -O map=FILE maps columns to fields or standard codes (see MAP FILES in inspex(1))
inspex: 82 inspections checked, 1 record could not be read: 4 errors, 85 warnings"
# never "(no body name)": the la_name column names them
run d2i-no-unnamed "$INSPEX" validate -v "$D"
expect_true test "$(grep -c 'no body name' "$TMP/out" "$TMP/err" | awk -F: '{s+=$2} END {print s}')" -eq 0
# -v lists every one
expect_true test "$(grep -c '\[standard-missing\]' "$TMP/out")" -eq 75
expect_out_has "$D:2: warning: Newcastle (2025-02-18): 8 counted standards not rated"
# --json is every problem, as before
run d2i-json "$INSPEX" validate --json "$D"
expect_rc 1
expect_true test "$(grep -c '"check":"standard-missing"' "$TMP/out")" -eq 75
expect_true test "$(grep -c '"severity":"error"' "$TMP/out")" -eq 4

run d2i-info "$INSPEX" info "$D"
expect_rc 1
expect_out_has "inspections: 82
records that could not be read: 1"
expect_out_has "problems: 3 errors, 82 warnings (inspex validate lists them)"
expect_err_has "$D:66:33: unknown rating"
run d2i-info-json "$INSPEX" info --json "$D"
expect_rc 1
expect_true python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["inspections"] == 82 and d["unreadable"] == 1, d
assert sum(d["overall_ratings"].values()) == 82, d
assert d["problems"] == {"errors": 3, "warnings": 82}, d
' "$TMP/out"

run d2i-convert "$INSPEX" convert "$D" -o "$TMP/d2i.json"
expect_rc 1
expect_no_file "$TMP/d2i.json"
expect_err_has "inspex: $D:8: Ceredigion (2024-11-12): score_percent 4.17 is not a whole number of points out of 36 (1.50 points)"
expect_err_has "inspex: 4 of 83 records are invalid, so nothing was written; --keep-going writes the other 79, and --rejects FILE keeps the invalid ones with their reasons"
run d2i-keep-going "$INSPEX" convert -q --keep-going --rejects "$TMP/d2i.rej" "$D" -o "$TMP/d2i.ndjson"
expect_rc 1
expect_true test "$(wc -l <"$TMP/d2i.ndjson")" -eq 79
expect_true test "$(grep -c '^# [0-9][0-9]* bytes$' "$TMP/d2i.rej")" -eq 4

run d2i-map "$INSPEX" map "$D"
expect_rc 0
expect_out_has '  column 1 "la_name" -> local_authority (a known name for local_authority)'
expect_out_has '  column 10 "assessment" -> extra (ambiguous: could be standard 2.1, 3.1; kept in extra, not guessed)'
expect_out_has '  header plan: wide layout, 18 columns, 12 to the model, 6 kept in extra'
expect_out_has 'hint: 6 columns kept in extra (3 ambiguous); to read one as a field or a standard, write a map file, a JSON object from column names to field names or standard codes ({"assessment": "2.1"}), and give it with -O map=FILE; see MAP FILES in inspex(1)'
# with a map, the ambiguous columns are standards
cat >"$TMP/d2i.map.json" <<'MAP'
{"assessment": "2.1", "planning": "2.2", "implementation_and_delivery": "2.3"}
MAP
run d2i-mapped "$INSPEX" map -O map="$TMP/d2i.map.json" "$D"
expect_out_has '"assessment" -> standard 2.1'
expect_out_has 'hint: 3 columns kept in extra (0 ambiguous)'

# an option both sides have names its side
run option-both "$INSPEX" convert "$FIX/ratings.csv" -t csv -O layout=long
expect_rc 2
expect_err "inspex: option 'layout' is taken by both the csv importer and the csv exporter: write in.layout or out.layout"
run option-out "$INSPEX" convert -q "$FIX/ratings.csv" -t csv -O out.layout=long
expect_rc 0
expect_out_has ",standard,title,rating"
"$INSPEX" convert -q "$FIX/ratings.csv" -o "$TMP/r.json"
run option-json-to-csv "$INSPEX" convert -q "$TMP/r.json" -t csv -O layout=long
expect_rc 0
expect_out_has ",standard,title,rating"

# NDJSON saved as .json
"$INSPEX" convert -q "$FIX/ratings.csv" -t ndjson >"$TMP/lines.json"
run ndjson-as-json "$INSPEX" convert -q "$TMP/lines.json" -t csv
expect_rc 0
expect_out_has ",Essex YOS,"
run ndjson-as-json-note "$INSPEX" info -v "$TMP/lines.json"
expect_err_has "one JSON object per line: read as NDJSON"

# no progress line when stderr is not a terminal
run no-progress "$INSPEX" info "$FIX/ratings.csv"
expect_true test "$(grep -c 'records/s' "$TMP/err")" -eq 0

# on a terminal, after a second of work, one progress line; none with -q
if command -v script >/dev/null 2>&1; then
    python3 "$top_srcdir/bench/gen-ratings.py" 1200 >"$TMP/big.csv"
    cat >"$TMP/slow.sh" <<SLOW
{ head -n 600 "$TMP/big.csv"; sleep 1.5; tail -n +601 "$TMP/big.csv"; } |
    "$INSPEX" info \$1 -f csv - >/dev/null
SLOW
    script -qfec "sh $TMP/slow.sh" /dev/null >"$TMP/tty" 2>&1
    current=progress-on-a-terminal
    expect_true grep -aq 'inspex: 512 records, [0-9]* kB, [0-9]* records/s' "$TMP/tty"
    script -qfec "sh $TMP/slow.sh -q" /dev/null >"$TMP/tty" 2>&1
    current=progress-not-with-q
    expect_true test "$(grep -ac 'records/s' "$TMP/tty")" -eq 0
fi

# completion from the tables
run completion-bash "$INSPEX" completion bash
expect_rc 0
expect_out_has "complete -o filenames -F _inspex inspex"
expect_out_has "map) opts=\" --from -f --option -O"
expect_true bash -n "$TMP/out"
run completion-zsh "$INSPEX" completion zsh
expect_out_has "#compdef inspex"
run completion-bad "$INSPEX" completion fish
expect_rc 2
expect_err "inspex: completion: name one shell: bash or zsh"

# scripts/spdx adds the licence line in each file's comment syntax, after
# a #! line, and checks it
if [ -f "$top_srcdir/scripts/spdx" ]; then
    printf '/* x.c */\nint x;\n' >"$TMP/x.c"
    printf '#!/bin/sh\necho hi\n' >"$TMP/x.sh"
    run spdx-check-missing python3 "$top_srcdir/scripts/spdx" check "$TMP/x.c" "$TMP/x.sh"
    expect_rc 1
    expect_out_has "spdx: 2 files without an SPDX line"
    run spdx-add python3 "$top_srcdir/scripts/spdx" add "$TMP/x.c" "$TMP/x.sh"
    expect_rc 0
    expect_file "$TMP/x.c" "/* SPDX-License-Identifier: MIT */
/* x.c */
int x;"
    expect_file "$TMP/x.sh" "#!/bin/sh
# SPDX-License-Identifier: MIT
echo hi"
    run spdx-check-done python3 "$top_srcdir/scripts/spdx" check "$TMP/x.c" "$TMP/x.sh"
    expect_rc 0
fi

finish
