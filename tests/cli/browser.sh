#!/bin/sh
# SPDX-License-Identifier: MIT
# browser.sh - the html report in a real browser (issue 15): Debian's
# chromium loads the page headless and the test reads the DOM it
# rendered (--dump-dom): the grid and every inspection are there, a
# service named <script> shows as text and runs nothing, the page's own
# script makes the headings sort buttons, and clicking one (a script run
# in the browser, appended to a copy of the page) sorts the rows; with
# scripts off the page is whole and unsorted. Screenshots, the sorted
# page's and the print style sheet's (applied on screen), and an A4 PDF
# are kept under the build tree, in tests/browser/. Skipped (exit 77)
# only when chromium is not installed.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHROME=
for c in chromium chromium-browser google-chrome; do
    command -v "$c" >/dev/null 2>&1 && { CHROME=$c; break; }
done
if [ -z "$CHROME" ]; then
    echo "SKIP: chromium is not installed (scripts/deps installs it)"
    exit 77
fi
OUT="$top_builddir/tests/browser"
mkdir -p "$OUT"
sandbox=
[ "$(id -u)" = 0 ] && sandbox=--no-sandbox

# browse ARGS... URL: chromium headless, its own profile, nothing else
browse() {
    # shellcheck disable=SC2086
    timeout 120 "$CHROME" --headless $sandbox --disable-gpu \
        --no-first-run --no-default-browser-check --disable-extensions \
        --user-data-dir="$TMP/profile" "$@"
}

HOSTILE="$top_srcdir/tests/support/hostile.csv"
set -- "$FIX/ratings.csv" "$FIX/medway-2020.json" "$FIX/medway-2020-plan.csv" \
    "$FIX/hmip-youth-ratings.csv" "$HOSTILE"
"$INSPEX" convert -q "$@" -t json -o "$TMP/ref.json"
run export "$INSPEX" convert -q "$@" -t html -o "$OUT/report.html"
expect_rc 0
# the one inspection without a body or local authority: named by its line
NAMELESS="line 2 of $FIX/medway-2020-plan.csv"

# The page as chromium built it, read back as XML for the checks.
cat >"$TMP/dom.py" <<'PYEOF'
import json, sys
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "rect"}


class Tree(HTMLParser):
    """Just enough of a DOM: elements with attributes, children, text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = {"tag": "#root", "attrs": {}, "kids": []}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        e = {"tag": tag, "attrs": dict(attrs), "kids": []}
        self.stack[-1]["kids"].append(e)
        if tag not in VOID:
            self.stack.append(e)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1]["kids"].append({"tag": tag, "attrs": dict(attrs),
                                       "kids": []})

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1]["kids"].append(data)


def walk(e):
    yield e
    for k in e["kids"]:
        if isinstance(k, dict):
            yield from walk(k)


def text(e):
    return "".join(k if isinstance(k, str) else text(k) for k in e["kids"])


def kids(e, tag):
    return [k for k in e["kids"] if isinstance(k, dict) and k["tag"] == tag]


def load(path):
    t = Tree()
    t.feed(open(path, encoding="utf-8").read())
    return t.root


def grid(root):
    g = [e for e in walk(root) if e["tag"] == "table" and
         "grid" in e["attrs"].get("class", "")]
    return g[0] if len(g) == 1 else None


def rows(g):
    return kids(kids(g, "tbody")[0], "tr")


def first_text(e):
    """The first words of an element: a standard heading's code."""
    for k in e["kids"]:
        t = k.strip() if isinstance(k, str) else first_text(k)
        if t:
            return t
    return ""


def column(g, heading):
    hs = kids(kids(kids(g, "thead")[0], "tr")[0], "th")
    for i, th in enumerate(hs):
        if first_text(th) == heading:
            return i, th
    raise SystemExit("no column %r" % heading)


def cell(tr, i):
    return [k for k in tr["kids"] if isinstance(k, dict)][i]


def key(c):
    return c["attrs"].get("data-sort", text(c).strip())


def disagreements(root, g):
    """faults.csv's page: each disagreement marked, in the grid and in
    its inspection's section, published beside computed."""
    fails = []
    i, _ = column(g, "Computed")
    marked = {" ".join(text(cell(tr, 0)).split()): text(cell(tr, i)).split()
              for tr in rows(g)
              if "disagree" in cell(tr, i)["attrs"].get("class", "")}
    if marked != {"Score Mismatch YOT": ["18", "differs"],
                  "Band Mismatch YOT": ["18", "differs"]}:
        fails.append("grid cells marked as differing: %r" % marked)
    arts = {}
    for a in walk(root):
        if a["tag"] == "article":
            h3 = [e for e in walk(a) if e["tag"] == "h3"][0]
            arts[" ".join(text(h3).split()).split(" published")[0]] = a
    want = {
        "Score Mismatch YOT": ["Disagreement: The published score, 17, "
                               "differs from the score the standards give, "
                               "18 out of 36 (each counted standard's "
                               "points: see the table)."],
        "Band Mismatch YOT": ["Disagreement: The published overall rating, "
                              "Good, is outside the band of the published "
                              "score: 18 falls in 7 to 18, Requires "
                              "improvement.",
                              "Disagreement: The published overall rating, "
                              "Good, differs from the rating the standards "
                              "give: their score, 18, falls in 7 to 18, "
                              "Requires improvement."],
        "Medway YOT": []}
    for name, points in want.items():
        a = arts.get(name)
        if a is None:
            fails.append("no section for %s" % name)
            continue
        got = [" ".join(text(li).split()) for li in walk(a)
               if li["tag"] == "li" and
               "disagree" in li["attrs"].get("class", "") and
               text(li).strip().startswith("Disagreement")]
        if got != points:
            fails.append("%s: marked %r" % (name, got))
    return fails


mode, path = sys.argv[1], sys.argv[2]
root = load(path)
if mode == "disagree":
    g = grid(root)
    fails = disagreements(root, g) if g else ["no grid"]
    for f in fails:
        print(f)
    sys.exit(1 if fails else 0)
ref = json.load(open(sys.argv[3]))["inspections"]
fails = []
g = grid(root)
if g is None:
    sys.exit("no grid")
names = [" ".join(text(cell(tr, 0)).split()) for tr in rows(g)]
# how the page names an inspection (inspex_inspection_label): its body,
# else its local authority, else where it was read
nameless = sys.argv[4]
want = [" ".join((i.get("body_name") or i.get("local_authority") or
                  nameless).split()) for i in ref]
head = [e for e in walk(root) if e["tag"] == "head"]
title = [text(e) for e in kids(head[0], "title")] if head else []
if title != ["Inspection ratings"]:
    fails.append("the page's title is %r: a script from the data ran" % title)
if any(e["tag"] == "img" for e in walk(root)):
    fails.append("an img element from the data")
if "<script>document.title='pwned'</script>" not in names:
    fails.append("the service named <script> is not shown as its text")
arts = [e for e in walk(root) if e["tag"] == "article"]
if len(arts) != len(ref):
    fails.append("%d inspections shown, not %d" % (len(arts), len(ref)))
buttons = [e for e in walk(kids(g, "thead")[0]) if e["tag"] == "button"]
heads = kids(kids(kids(g, "thead")[0], "tr")[0], "th")
if mode == "noscript":
    if buttons:
        fails.append("buttons without scripts")
    if names != want:
        fails.append("rows not in the order written: %r" % names)
elif mode == "loaded":
    if len(buttons) != len(heads):
        fails.append("%d sort buttons for %d headings" % (len(buttons),
                                                         len(heads)))
    if names != want:
        fails.append("rows moved before any click")
else:
    # sorted:COLUMN:DIRECTION, after the clicks
    _, col, direction = mode.split(":")
    i, th = column(g, col)
    if th["attrs"].get("aria-sort") != direction:
        fails.append("%s's aria-sort is %r" % (col,
                                               th["attrs"].get("aria-sort")))
    keys = [key(cell(tr, i)) for tr in rows(g)]
    nums = [float(k) for k in keys if k != ""]
    empty = [k == "" for k in keys]
    # the cells without a value last, whichever way (as spreadsheets do)
    if direction == "ascending":
        ok = nums == sorted(nums) and empty == sorted(empty)
    else:
        ok = nums == sorted(nums, reverse=True) and empty == sorted(empty)
    if not any(empty) or all(empty):
        fails.append("column %s: no rows both with and without a value" % col)
    if not ok:
        fails.append("column %s is not sorted %s: %r" % (col, direction, keys))
    if sorted(names) != sorted(want):
        fails.append("rows were lost or made in sorting")
for f in fails:
    print(f)
sys.exit(1 if fails else 0)
PYEOF

# As loaded, scripts on: the grid, the buttons, the escaping.
run dump browse --dump-dom "file://$OUT/report.html"
expect_rc 0
cp "$TMP/out" "$OUT/report.dom.html"
run loaded $PY "$TMP/dom.py" loaded "$OUT/report.dom.html" "$TMP/ref.json" \
    "$NAMELESS"
expect_rc 0

# Scripts off: the same page, unsorted, without buttons. (Chromium's
# scriptEnabled=false setting stops --dump-dom too; a copy of the page
# whose content security policy allows no script does the same to it.)
sed "s#<head>#<head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">#" \
    "$OUT/report.html" >"$OUT/report-noscript.html"
run dump-noscript browse --dump-dom "file://$OUT/report-noscript.html"
expect_rc 0
cp "$TMP/out" "$OUT/report.noscript.dom.html"
run noscript $PY "$TMP/dom.py" noscript "$OUT/report.noscript.dom.html" \
    "$TMP/ref.json" "$NAMELESS"
expect_rc 0

# Sorting, by the page's own script: a copy of the page that clicks a
# heading's button on load (once: ascending; twice: descending).
clicks() { # clicks FILE COLUMN-INDEX TIMES
    sed 's#</body>##; s#</html>##' "$OUT/report.html" >"$1"
    {
        echo '<script>'
        echo "var b = document.querySelectorAll('table.grid thead th')[$2].querySelector('button');"
        i=0
        while [ "$i" -lt "$3" ]; do echo 'b.click();'; i=$((i + 1)); done
        echo '</script>'
        echo '</body>'
        echo '</html>'
    } >>"$1"
}
# columns: 4 is the published score, 6 the first standard (1.1)
clicks "$OUT/report-sorted.html" 4 1
run dump-sorted browse --dump-dom "file://$OUT/report-sorted.html"
cp "$TMP/out" "$OUT/report-sorted.dom.html"
run sorted-score $PY "$TMP/dom.py" sorted:Score:ascending \
    "$OUT/report-sorted.dom.html" "$TMP/ref.json" "$NAMELESS"
expect_rc 0
clicks "$OUT/report-sorted2.html" 6 2
run dump-sorted2 browse --dump-dom "file://$OUT/report-sorted2.html"
cp "$TMP/out" "$OUT/report-sorted2.dom.html"
run sorted-standard $PY "$TMP/dom.py" sorted:1.1:descending \
    "$OUT/report-sorted2.dom.html" "$TMP/ref.json" "$NAMELESS"
expect_rc 0

clicks "$OUT/report-sorted3.html" 4 2
run dump-sorted3 browse --dump-dom "file://$OUT/report-sorted3.html"
cp "$TMP/out" "$OUT/report-sorted3.dom.html"
run sorted-score-down $PY "$TMP/dom.py" sorted:Score:descending \
    "$OUT/report-sorted3.dom.html" "$TMP/ref.json" "$NAMELESS"
expect_rc 0

# Disagreements: faults.csv's records whose only faults are failed
# checks are in the page (the html exporter shows the checks), each
# disagreement marked in the grid and explained in its section.
rm -f "$OUT/disagree.html" # not an old run's
run export-faults "$INSPEX" convert -q "$FIX/faults.csv" -t html \
    -o "$OUT/disagree.html"
expect_rc 1
run dump-faults browse --dump-dom "file://$OUT/disagree.html"
expect_rc 0
cp "$TMP/out" "$OUT/disagree.dom.html"
run disagree $PY "$TMP/dom.py" disagree "$OUT/disagree.dom.html"
expect_rc 0
run screenshot-faults browse --window-size=1400,2000 \
    --screenshot="$OUT/disagree.png" "file://$OUT/disagree.html"
expect_true test -s "$OUT/disagree.png"

# Pictures to look at, and the A4 print.
run screenshot browse --window-size=1400,2400 \
    --screenshot="$OUT/report.png" "file://$OUT/report.html"
expect_true test -s "$OUT/report.png"
run screenshot-sorted browse --window-size=1400,1200 \
    --screenshot="$OUT/report-sorted.png" "file://$OUT/report-sorted.html"
expect_true test -s "$OUT/report-sorted.png"
# the print style sheet, applied on screen at the width of A4 landscape
sed 's#@media print{#@media all{#' "$OUT/report.html" >"$OUT/report-print.html"
run screenshot-print browse --window-size=1123,2400 \
    --screenshot="$OUT/report-print.png" "file://$OUT/report-print.html"
expect_true test -s "$OUT/report-print.png"
run print browse --no-pdf-header-footer --print-to-pdf="$OUT/report.pdf" \
    "file://$OUT/report.html"
expect_true test "$(head -c 5 "$OUT/report.pdf")" = "%PDF-"
# every page A4 landscape (the grid's columns fit across): 842 x 595 points
if grep -a -o 'MediaBox \[[^]]*\]' "$OUT/report.pdf" | grep -qv '0 0 84[12][.0-9]* 59[45][.0-9]*'; then
    bad "a page of report.pdf is not A4"
else
    ok
fi
echo "screenshots: $OUT/report.png $OUT/report-sorted.png $OUT/report-print.png $OUT/disagree.png; print: $OUT/report.pdf"

finish
