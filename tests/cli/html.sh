#!/bin/sh
# SPDX-License-Identifier: MIT
# html.sh - the html report (issue 15): the page parses with libxml2's
# HTML parser, and a structural check finds every inspection and every
# standard (each grid cell holding the rating the model has); every text
# is escaped; the page fetches nothing; every colour pair passes WCAG AA;
# there is a print style sheet for A4; `inspex formats html` says the
# dataset is held in memory. The real-browser test is browser.sh.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
HOSTILE="$top_srcdir/tests/support/hostile.csv"
set -- "$FIX/ratings.csv" "$FIX/medway-2020.json" "$FIX/medway-2020-plan.csv" \
    "$FIX/hmip-youth-ratings.csv" "$HOSTILE"

run export "$INSPEX" convert -q "$@" -t html -o "$TMP/report.html"
expect_rc 0
"$INSPEX" convert -q "$@" -t json -o "$TMP/ref.json"

command -v xmllint >/dev/null 2>&1 || {
    echo "SKIP: html.sh needs xmllint (libxml2-utils) to parse the page"
    exit 77
}
# libxml2's HTML parser knows HTML 4: the HTML5 elements are the only
# "errors" it may report
run parse xmllint --html --noout "$TMP/report.html"
expect_rc 0
if grep 'error' "$TMP/err" | grep -vq 'Tag [a-z]* invalid'; then
    bad "the HTML parser found errors: $(grep error "$TMP/err" | grep -v 'Tag [a-z]* invalid' | head -3)"
else
    ok
fi
xmllint --html --xmlout --nowarning "$TMP/report.html" >"$TMP/report.xml" \
    2>/dev/null

cat >"$TMP/check.py" <<'PYEOF'
import json, re, sys
import xml.etree.ElementTree as ET

ref = json.load(open(sys.argv[1]))["inspections"]
# how the page names an inspection (inspex_inspection_label): its body,
# else its local authority, else where it was read (the one inspection
# of the input without either)
nameless = sys.argv[4]
def name_of(insp):
    return insp.get("body_name") or insp.get("local_authority") or nameless
root = ET.parse(sys.argv[2]).getroot()
page = open(sys.argv[3], encoding="utf-8").read()
fails = []

def text(e):
    return "".join(e.itertext()).strip()

def first(path):
    found = root.findall(path)
    return found[0] if found else None

# the grid: a row an inspection, a column each standard, the rating word
grid = [t for t in root.iter("table") if "grid" in t.get("class", "")]
if len(grid) != 1:
    fails.append("%d grids" % len(grid))
else:
    g = grid[0]
    heads = [text(th) for th in g.find("thead").find("tr").findall("th")]
    codes = sorted({c for i in ref for c in i.get("judgements", {})})
    fixed = ["Service", "Published", "Framework", "Overall", "Score",
             "Computed"]
    if heads[:6] != fixed:
        fails.append("grid headings %r" % heads[:6])
    col = {}
    # a standard's heading is its code, then its title in a span
    for k, th in enumerate(g.find("thead").find("tr").findall("th")[6:]):
        col[(th.text or "").strip()] = 6 + k
    for c in codes:
        if c not in col:
            fails.append("standard %s has no column" % c)
    rows = g.find("tbody").findall("tr")
    if len(rows) != len(ref):
        fails.append("%d grid rows for %d inspections" % (len(rows), len(ref)))
    for n, (tr, insp) in enumerate(zip(rows, ref), 1):
        cells = list(tr)
        name = name_of(insp).replace("\n", " ")
        got = " ".join(text(cells[0]).split())
        if got != " ".join(name.split()):
            fails.append("row %d is %r, not %r" % (n, got, name))
        if text(cells[3]) != insp.get("overall_rating", "\u2014"):
            fails.append("row %d overall %r" % (n, text(cells[3])))
        for c, k in col.items():
            want = insp.get("judgements", {}).get(c, {}).get("rating",
                                                             "\u2014")
            if text(cells[k]) != want:
                fails.append("row %d standard %s: %r, not %r"
                             % (n, c, text(cells[k]), want))
            if want != "\u2014" and not re.search(r"\bt[0-4]\b",
                                                  cells[k].get("class", "")):
                fails.append("row %d standard %s has no colour" % (n, c))

# a section an inspection, each with its published and computed score
arts = [a for a in root.iter("article")]
if len(arts) != len(ref):
    fails.append("%d sections for %d inspections" % (len(arts), len(ref)))
for n, (a, insp) in enumerate(zip(arts, ref), 1):
    h3 = " ".join(text(a.find("h3")).split())
    name = " ".join(name_of(insp).split())
    if not h3.startswith(name):
        fails.append("section %d is %r" % (n, h3))
    h4 = [text(h) for h in a.iter("h4")]
    if not any(h.startswith("Score: published and computed") for h in h4):
        fails.append("section %d has no score" % n)
    if "Framework checks" not in h4:
        fails.append("section %d has no checks" % n)
    rec = len(insp.get("recommendations", []))
    lis = [ul for ul in a.iter("ul") if ul.get("class") == "recommendations"]
    if rec and (not lis or len(lis[0].findall("li")) != rec):
        fails.append("section %d: recommendations missing" % n)
    acts = len(insp.get("actions", []))
    tabs = [t for t in a.iter("table") if "actions" in t.get("class", "")]
    if acts and (not tabs or len(tabs[0].find("tbody").findall("tr")) != acts):
        fails.append("section %d: actions missing" % n)

# escaping: the one script is inspex's own, at the end; names are text
scripts = list(root.iter("script"))
if len(scripts) != 1:
    fails.append("%d script elements" % len(scripts))
if any(e.tag == "img" for e in root.iter()):
    fails.append("an img element came from the data")
if "<script>document.title='pwned'</script>" not in [text(e) for e in root.iter("a")]:
    fails.append("the service named <script> is not shown as text")

# nothing fetched: no src, no link, no url() or @import in the style
for e in root.iter():
    if e.get("src") is not None or e.tag == "link":
        fails.append("external resource: <%s>" % e.tag)
    href = e.get("href")
    if href is not None and not (href.startswith("#") or
                                 href.startswith("http")):
        fails.append("href %r" % href)
style = text(first(".//style"))
if "url(" in style or "@import" in style:
    fails.append("the style sheet fetches")
if "@page{size:A4" not in style or "@media print" not in style:
    fails.append("no A4 print style sheet")

# WCAG AA: every foreground/background pair of the style sheet, and the
# coloured text on the white page
def lum(h):
    h = h.lstrip("#")
    v = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    v = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
         for c in v]
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]

def ratio(a, b):
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

pairs = 0
for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", style):
    bg = re.search(r"background:(#[0-9a-fA-F]{6})", body)
    fg = re.search(r"(?:^|;)color:(#[0-9a-fA-F]{6})", body)
    if fg:
        pairs += 1
        b = bg.group(1) if bg else "#ffffff"
        if ratio(fg.group(1), b) < 4.5:
            fails.append("%s: %s on %s is %.2f:1" % (sel.strip(), fg.group(1),
                                                     b, ratio(fg.group(1), b)))
if pairs < 8:
    fails.append("only %d colour pairs found" % pairs)

for f in fails:
    print(f)
sys.exit(1 if fails else 0)
PYEOF
run structure $PY "$TMP/check.py" "$TMP/ref.json" "$TMP/report.xml" \
    "$TMP/report.html" "line 2 of $FIX/medway-2020-plan.csv"
expect_rc 0
expect_true test "$(grep -c 'no body name' "$TMP/report.html")" -eq 0

# the score: what agrees, what cannot be checked, what is not counted
expect_true grep -q 'Agrees:</span> The published score, 18 out of 36, is the sum' "$TMP/report.html"
expect_true grep -q 'Not checked:</span> No score was computed: 12 counted standards are not rated' "$TMP/report.html"
expect_true grep -q 'does not count towards the score under hmip-youth-2021' "$TMP/report.html"
# the checks the host ran, with their names: Medway comes three times
expect_true grep -q 'Warning</span> (duplicate): duplicate inspection: Medway YOT published 2020-06-04' "$TMP/report.html"
# the framework each was rated under
expect_true grep -q '<dt>Rated under</dt><dd>HM Inspectorate of Probation' "$TMP/report.html"

# The names (inspex_inspection_label, as messages have them): the body,
# else the local authority, else the line it was read at.
printf 'body_name,local_authority,framework,published,overall_rating\n%s\n%s\n' \
    ',Kent,hmip-youth-2018,2020-01-01,Good' \
    ',,hmip-youth-2018,2020-02-02,Good' >"$TMP/names.csv"
run names "$INSPEX" convert -q "$TMP/names.csv" -t html
expect_rc 0
expect_out_has '<h3>Kent <span'
expect_out_has "<h3>line 3 of $TMP/names.csv <span"
expect_out_has '">Kent</a>'

# Disagreements (issue 15): the html exporter has INSPEX_CAP_SHOWS_CHECKS,
# so the records of faults.csv whose only faults are failed checks are
# in the page, each disagreement marked and explained, instead of being
# rejected; each error is still said, and the exit status is 1.
F="$FIX/faults.csv"
run faults "$INSPEX" convert "$F" -t html -o "$TMP/faults.html"
expect_rc 1
expect_err_has "$F:2: error: Score Mismatch YOT (2020-06-04): published score 17 differs from the score computed from the standards, 18"
expect_err_has "$F:3: error: Band Mismatch YOT (2020-06-04): overall rating Good is outside the band for a score of 18 (7-18: Requires improvement)"
expect_err_has "inspex: 6 inspections failed their checks; $TMP/faults.html shows them with why (html)"
if grep -q 'nothing was written\|rejected' "$TMP/err"; then
    bad "the report was written, yet stderr says otherwise"
else
    ok
fi
expect_true test "$(grep -c '<article' "$TMP/faults.html")" -eq 9
cat >"$TMP/faults.py" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
fails = []

def text(e):
    return " ".join("".join(e.itertext()).split())

arts = {text(a.find("h3")).split(" published")[0]: a for a in root.iter("article")}
def points(name):
    a = arts.get(name)
    if a is None:
        fails.append("no section for %s" % name)
        return [], {}
    # published against computed, a row each
    vals = {}
    for tr in a.iter("tr"):
        c = [text(x) for x in tr]
        if len(c) == 3:
            vals[c[0]] = (c[1], c[2])
    # (the checks' errors are marked too: Error (score-mismatch): ...)
    marked = [text(li) for li in a.iter("li")
              if "disagree" in li.get("class", "") and
              text(li).startswith("Disagreement")]
    return marked, vals

m, v = points("Score Mismatch YOT")
if v.get("Score") != ("17", "18"):
    fails.append("score mismatch: published and computed %r" % (v.get("Score"),))
if m != ["Disagreement: The published score, 17, differs from the score the "
         "standards give, 18 out of 36 (each counted standard's points: see "
         "the table)."]:
    fails.append("score mismatch marked %r" % m)
m, v = points("Band Mismatch YOT")
if v.get("Overall rating") != ("Good", "Requires improvement"):
    fails.append("band mismatch: ratings %r" % (v.get("Overall rating"),))
if len(m) != 2 or not m[0].startswith("Disagreement: The published overall "
                                      "rating, Good, is outside the band of "
                                      "the published score: 18 falls in 7 to "
                                      "18, Requires improvement."):
    fails.append("band mismatch marked %r" % m)
m, v = points("Medway YOT")
if m:
    fails.append("Medway marked %r" % m)
for f in fails:
    print(f)
sys.exit(1 if fails else 0)
PYEOF
xmllint --html --xmlout --nowarning "$TMP/faults.html" >"$TMP/faults.xml" \
    2>/dev/null
run faults-marked $PY "$TMP/faults.py" "$TMP/faults.xml"
expect_rc 0
# the checks' own words, with their names, for each
expect_true grep -q 'Error</span> (score-mismatch): published score 17 differs' "$TMP/faults.html"
expect_true grep -q 'Error</span> (rating-off-scale): rating &quot;Satisfactory&quot; for standard 1.1' "$TMP/faults.html"
# under --keep-going the same: nothing rejected, the same page
run faults-kg "$INSPEX" convert --keep-going "$F" -t html -o "$TMP/faults-kg.html"
expect_rc 1
expect_true cmp -s "$TMP/faults.html" "$TMP/faults-kg.html"
# the other formats still reject them
run faults-json "$INSPEX" convert "$F" -t json -o "$TMP/faults.json"
expect_rc 1
expect_err_has "6 of 9 records are invalid, so nothing was written"
expect_no_file "$TMP/faults.json"
# a record that could not be read stays rejected: without --keep-going
# it stops the run and nothing is written
{ head -3 "$F"; echo 'Bad Date YOT,HMIP,hmip-youth-2018,,,2020-13-45,,,,,,,,,,,,,,,,,'; } \
    >"$TMP/baddate.csv"
run baddate "$INSPEX" convert "$TMP/baddate.csv" -t html -o "$TMP/bad.html"
expect_rc 1
expect_no_file "$TMP/bad.html"
expect_err_has "$TMP/baddate.csv:4"
run baddate-kg "$INSPEX" convert --keep-going --rejects "$TMP/rej.txt" \
    "$TMP/baddate.csv" -t html -o "$TMP/bad.html"
expect_rc 1
expect_true test "$(grep -c '<article' "$TMP/bad.html")" -eq 2
expect_true grep -q 'Bad Date YOT' "$TMP/rej.txt"
if grep -q 'Score Mismatch' "$TMP/rej.txt"; then bad "a check error was rejected"; else ok; fi
expect_err_has "1 record rejected; written to $TMP/rej.txt"

# a whole-document output, and it says so
run formats "$INSPEX" formats html
expect_rc 0
expect_out_has "holds the dataset in memory"
expect_out_has "capabilities: export"

# an empty dataset is still a page
printf 'body_name,framework\n' >"$TMP/empty.csv"
run empty "$INSPEX" convert "$TMP/empty.csv" -t html
expect_rc 0
expect_out_has "<p>0 inspections."
expect_out_has "</html>"

finish
