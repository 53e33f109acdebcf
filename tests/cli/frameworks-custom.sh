#!/bin/sh
# SPDX-License-Identifier: MIT
# frameworks-custom.sh - a new inspectorate is a data file and nothing
# else: a framework the code has never seen (its scale, standards and
# scoring rule), found through INSPEX_FRAMEWORK_PATH, imports, validates,
# is inferred and computes; a word two loaded scales read differently is
# settled by the framework, or said to be unsettled.
. "$(dirname "$0")/lib.sh"

mkdir "$TMP/fw" "$TMP/fw2"
cat >"$TMP/fw/ofsted-report-card-2025.json" <<'EOF'
{
  "id": "ofsted-report-card-2025",
  "title": "Ofsted: school inspection report cards (2025)",
  "inspectorate": "Ofsted",
  "in_force": {"from": "2025-11", "to": null},
  "scale": {
    "id": "ofsted-five-point",
    "ratings": [
      {"label": "Exceptional", "aliases": ["EX"], "points": 4},
      {"label": "Strong standard", "aliases": ["Strong"], "points": 3},
      {"label": "Expected standard", "aliases": ["Expected"], "points": 2},
      {"label": "Needs attention", "aliases": ["NA"], "points": 1},
      {"label": "Urgent improvement", "aliases": ["Urgent"], "points": 0}
    ]
  },
  "standards": [
    {"code": "RC1", "title": "Inclusion", "counted": true},
    {"code": "RC2", "title": "Curriculum and teaching", "counted": true},
    {"code": "RC3", "title": "Achievement", "counted": true},
    {"code": "RC4", "title": "Attendance and behaviour", "counted": true},
    {"code": "RC5", "title": "Personal development and well-being", "counted": true},
    {"code": "RC6", "title": "Leadership and governance", "counted": true}
  ],
  "standards_complete": true,
  "scoring": {
    "rule": "sum",
    "max": 24,
    "bands": [
      {"min": 0, "max": 5, "rating": "Urgent improvement"},
      {"min": 6, "max": 11, "rating": "Needs attention"},
      {"min": 12, "max": 17, "rating": "Expected standard"},
      {"min": 18, "max": 21, "rating": "Strong standard"},
      {"min": 22, "max": 24, "rating": "Exceptional"}
    ]
  }
}
EOF
# another inspectorate, whose alias "Strong" is a label of its own
cat >"$TMP/fw2/other-review-2025.json" <<'EOF'
{
  "id": "other-review-2025",
  "title": "Another inspectorate's reviews (2025)",
  "inspectorate": "Other",
  "in_force": {"from": "2025", "to": null},
  "scale": {
    "id": "other-three-point",
    "ratings": [
      {"label": "Secure", "aliases": ["Strong"], "points": null},
      {"label": "Developing", "aliases": [], "points": null},
      {"label": "Weak", "aliases": [], "points": null}
    ]
  },
  "standards": [{"code": "Q1", "title": "Quality of reviews", "counted": false}],
  "standards_complete": true,
  "scoring": null
}
EOF

HEAD="body_name,inspectorate,framework,published,overall_rating,inclusion,curriculum_and_teaching,achievement,attendance_and_behaviour,personal_development_and_well_being,leadership_and_governance"
{
    echo "$HEAD"
    echo "Hill School,Ofsted,ofsted-report-card-2025,2026-01-20,Strong standard,Strong,expected standard,EX,Strong standard,Exceptional,strong standard"
    echo "Vale School,Ofsted,ofsted-report-card-2025,2026-02-03,Urgent improvement,Needs attention,NA,Urgent,needs attention,Expected,Urgent improvement"
} >"$TMP/named.csv"
# the same without the framework column: inferred from the standards
cut -d, -f1,2,4- "$TMP/named.csv" >"$TMP/inferred.csv"
CARD="$TMP/fw"

run listed env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" frameworks
expect_rc 0
expect_out_has "ofsted-report-card-2025 Ofsted 2025-11 to now       6 standards  score out of 24"
expect_out_has "hmip-youth-2018  HMIP"

run shown env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" frameworks ofsted-report-card-2025
expect_rc 0
expect_out_has "    RC5          Personal development and well-being"
expect_out_has "    18-21 Strong standard"

HILL='{"body_name":"Hill School","inspectorate":"Ofsted","framework":"ofsted-report-card-2025","published":"2026-01-20","overall_rating":"Strong standard","computed_score":19,"computed_rating":"Strong standard","judgements":{"RC1":{"rating":"Strong standard"},"RC2":{"rating":"Expected standard"},"RC3":{"rating":"Exceptional"},"RC4":{"rating":"Strong standard"},"RC5":{"rating":"Exceptional"},"RC6":{"rating":"Strong standard"}}}'
VALE='{"body_name":"Vale School","inspectorate":"Ofsted","framework":"ofsted-report-card-2025","published":"2026-02-03","overall_rating":"Urgent improvement","computed_score":5,"computed_rating":"Urgent improvement","judgements":{"RC1":{"rating":"Needs attention"},"RC2":{"rating":"Needs attention"},"RC3":{"rating":"Urgent improvement"},"RC4":{"rating":"Needs attention"},"RC5":{"rating":"Expected standard"},"RC6":{"rating":"Urgent improvement"}}}'

run imported env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" convert -t ndjson "$TMP/named.csv"
expect_rc 0
expect_out_lines 2
expect_out_has "$HILL"
expect_out_has "$VALE"
expect_err ""

run validated env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" validate "$TMP/named.csv"
expect_rc 0
expect_err "inspex: 2 inspections checked: 0 errors, 0 warnings"

# the scoring rule is the file's: 5 points is Urgent improvement
sed 's/,Urgent improvement,Needs attention,/,Needs attention,Needs attention,/' "$TMP/named.csv" >"$TMP/mismatch.csv"
run mismatch env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" validate "$TMP/mismatch.csv"
expect_rc 1
expect_out_lines 1
expect_out_has "$TMP/mismatch.csv:3: error: Vale School (2026-02-03): published overall rating Needs attention differs from the rating computed from the standards, Urgent improvement (score 5) [rating-mismatch]"

run inferred env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" convert -v -t ndjson "$TMP/inferred.csv"
expect_rc 0
expect_out_has "$HILL"
expect_err_has "inspex: $TMP/inferred.csv: Hill School (2026-01-20): inferred framework ofsted-report-card-2025: publication date 2026-01-20 within 2025-11 to now, inspectorate Ofsted, 6 matching standards and titles"

# the scale's words are the accepted ones, in the message too
printf 'body_name,framework,published,inclusion\nX,ofsted-report-card-2025,2026-01-20,Goodish\n' >"$TMP/unknown.csv"
run unknown-word env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" convert -t ndjson "$TMP/unknown.csv"
expect_rc 1
expect_err_has "inspex: $TMP/unknown.csv:2:38: unknown rating \"Goodish\" for standard RC1; accepted: Outstanding, Good, Requires improvement (RI), Inadequate, "
expect_err_has ", Exceptional (EX), Strong standard, Expected standard, Needs attention (NA), Urgent improvement, "

# an HMIP word is a word, but not on this scale
printf 'body_name,framework,published,inclusion\nX,ofsted-report-card-2025,2026-01-20,Good\n' >"$TMP/off.csv"
run off-scale env INSPEX_FRAMEWORK_PATH="$CARD" "$INSPEX" validate "$TMP/off.csv"
expect_rc 1
expect_out_has "rating \"Good\" for standard RC1 is not on the scale of ofsted-report-card-2025 (Exceptional, Strong standard, Expected standard, Needs attention, Urgent improvement) [rating-off-scale]"

# without the file, its words are nobody's
run not-loaded "$INSPEX" convert -t ndjson "$TMP/named.csv"
expect_rc 1
expect_err_has "unknown rating \"Strong standard\" for overall_rating"

# "Strong": Strong standard to Ofsted, Secure to the other
BOTH="$TMP/fw:$TMP/fw2"
printf 'body_name,framework,published,overall_rating\nA,ofsted-report-card-2025,2026-01-20,strong\nB,other-review-2025,2026-01-20,STRONG\nC,,2026-01-20,Strong\n' >"$TMP/shared.csv"
run settled env INSPEX_FRAMEWORK_PATH="$BOTH" "$INSPEX" convert -t ndjson "$TMP/shared.csv"
expect_rc 0
expect_out_has '{"body_name":"A","framework":"ofsted-report-card-2025","published":"2026-01-20","overall_rating":"Strong standard"}'
expect_out_has '{"body_name":"B","framework":"other-review-2025","published":"2026-01-20","overall_rating":"Secure"}'
expect_out_has '{"body_name":"C","published":"2026-01-20","overall_rating":"Strong"}'
expect_err_has "inspex: $TMP/shared.csv:4: warning: C (2026-01-20): overall rating \"Strong\" means \"Strong standard\" on scale ofsted-five-point, \"Secure\" on scale other-three-point, and no framework settles which; name it in a framework column"

finish
