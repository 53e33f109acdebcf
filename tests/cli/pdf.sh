#!/bin/sh
# SPDX-License-Identifier: MIT
# pdf.sh - the pdf importer end to end. The PDFs are drawn at test time
# by tests/support/mkpdf from the tables in tests/cli/pdf-fixtures/ (read
# them to see what each PDF says), read with `inspex convert`, and
# followed from landing pages by `inspex fetch` against the local server
# (tests/support/testhttpd.py on 127.0.0.1). Every bad PDF has its exact
# error and leaves no output behind.
. "$(dirname "$0")/lib.sh"

MKPDF="$top_builddir/tests/support/mkpdf"
TABLES="$top_srcdir/tests/cli/pdf-fixtures"
if [ ! -x "$MKPDF" ] || ! "$INSPEX" formats pdf >/dev/null 2>&1; then
    echo "the pdf importer is not built (configure found no poppler-glib)"
    exit 77
fi
P="$TMP/pdf"
mkdir -p "$P"
# (fontconfig, under cairo, keeps its caches to the end: not inspex's)
for t in "$TABLES"/*.txt; do
    ASAN_OPTIONS=detect_leaks=0 "$MKPDF" "$t" "$P/$(basename "$t" .txt).pdf" ||
        exit 1
done
# a field of NDJSON line N (1-based): jfield N EXPR, EXPR on the object r
jfield() { python3 -c "import json,sys; r=[json.loads(l) for l in open('$TMP/out')][int(sys.argv[1])-1]; print(eval(sys.argv[2]))" "$1" "$2"; }
ratings() { jfield 1 "' '.join(k + '=' + ''.join(w[0].upper() for w in v['rating'].split()) for k, v in sorted(r['judgements'].items()))"; }
# the code the 2021 framework gives its resettlement standard
RESET=$(python3 -c "import json,sys; print([s['code'] for s in json.load(open(sys.argv[1]))['standards'] if s['title'].startswith('Resettlement')][0])" "$top_srcdir/frameworks/hmip-youth-2021.json")

# ---- the layouts -----------------------------------------------------------

run medway "$INSPEX" convert -q -t ndjson "$P/medway-2020.pdf"
expect_rc 0
expect_true test "$(ratings)" = "1.1=RI 1.2=G 1.3=RI 1.4=G 2.1=G 2.2=I 2.3=G 2.4=RI 3.1=G 3.2=RI 3.3=G 3.4=G"
expect_true test "$(jfield 1 "r['score'], r['score_max'], r['overall_rating'], r['computed_score'], r['framework']")" = "(18, 36, 'Requires improvement', 18, 'hmip-youth-2018')"
expect_true test "$(jfield 1 "r['body_name'], r['published'], r['inspectorate'], r['fieldwork_start'], r['fieldwork_end']")" = "('Medway Youth Offending Service', '2020-06', 'HMIP', '2020-02-24', '2020-02-28')"
# split, wrapped and two-line titles come out as the framework has them
expect_true test "$(jfield 1 "r['judgements']['1.3']['title'], r['judgements']['2.3']['title']")" = "('Partnerships and services', 'Implementation and delivery')"
expect_true test "$(jfield 1 "[(x['reference'], x['addressee']) for x in r['recommendations']]")" = "[('1', 'Medway Youth Offending Team'), ('2', 'Medway Youth Offending Team'), ('3', 'Youth Justice Partnership Board')]"
expect_true test "$(jfield 1 "r['sources']")" = "[{'url': '$P/medway-2020.pdf', 'title': 'An inspection of youth offending services in Medway', 'media_type': 'application/pdf'}]"
run medway-notes "$INSPEX" convert -v -t ndjson "$P/medway-2020.pdf"
expect_err_has "inspex: $P/medway-2020.pdf: the ratings page is page 4"
# in this process, without the child: the same record
cp "$TMP/out" "$TMP/sandboxed"
run medway-inproc "$INSPEX" convert -q -t ndjson -O sandbox=false "$P/medway-2020.pdf"
expect_rc 0
expect_true cmp -s "$TMP/out" "$TMP/sandboxed"

# the 2021 standards, a table drawn bottom to top with its rating column
# first, "Outofcourt" for the hyphens drawn as lines, a footnote mark on
# the resettlement standard, which is rated and not counted
run nottinghamshire "$INSPEX" convert -q -t ndjson "$P/nottinghamshire-2024.pdf"
expect_rc 0
expect_true test "$(ratings)" = "1.1=G 1.2=G 1.3=G 1.4=G 2.1=RI 2.2=RI 2.3=G 2.4=RI 3.1=RI 3.2=G 3.3=RI 3.4=G $RESET=O"
expect_true test "$(jfield 1 "r['framework'], r['score'], r['computed_score'], r['computed_rating']")" = "('hmip-youth-2021', 19, 19, 'Good')"
expect_true test "$(jfield 1 "r['judgements']['3.4']['title'], r['judgements']['$RESET']['title']")" = "('Out-of-court disposal policy and provision', 'Resettlement policy and provision')"

# "Requires improvement" in every row, columns touching, the overall
# rating on the line below its label
run requires-improvement "$INSPEX" convert -q -t ndjson "$P/requires-improvement.pdf"
expect_rc 0
expect_true test "$(ratings)" = "1.1=RI 1.2=RI 1.3=RI 1.4=RI 2.1=RI 2.2=RI 2.3=RI 2.4=RI 3.1=RI 3.2=RI 3.3=RI 3.4=RI"
expect_true test "$(jfield 1 "r['overall_rating'], r['computed_score']")" = "('Requires improvement', 12)"

# rows with no code take theirs from the domain above them; what cannot
# be read is a warning naming the page, and is left out
run cardiff "$INSPEX" convert -t ndjson "$P/cardiff-2020.pdf"
expect_rc 0
expect_true test "$(ratings)" = "1.1=I 1.2=I 1.3=I 2.1=I 2.2=I 2.3=I 3.1=I 3.2=I 3.3=I 3.4=I"
expect_err_has "inspex: $P/cardiff-2020.pdf: warning: page 2: standard 1.4: \"Goodish\" is not a rating on any loaded framework's scale; the standard is left out"
expect_err_has "inspex: $P/cardiff-2020.pdf: warning: page 2: standard 2.4: no rating beside it; the standard is left out"

# ---- PDFs that cannot be read ----------------------------------------------

run no-ratings "$INSPEX" convert -t ndjson "$P/no-ratings.pdf"
expect_rc 0
expect_err_has "inspex: $P/no-ratings.pdf: warning: no ratings page in pages 1-2 of 2 (a page with a score or an overall rating and rows of standards); the inspection has no ratings"
expect_true test "$(jfield 1 "r['sources'][0]['title'], 'judgements' in r")" = "('A thematic inspection of resettlement work', False)"

# 2,000 pages: only the first -O max-pages are read, quickly
start=$(date +%s)
run pages-2000 "$INSPEX" convert -t ndjson -O max-pages=10 "$P/pages-2000.pdf"
expect_rc 0
expect_err_has "inspex: $P/pages-2000.pdf: warning: no ratings page in pages 1-10 of 2000"
expect_true test $(($(date +%s) - start)) -lt 10

for bad in truncated encrypted bomb notpdf; do
    case $bad in
    truncated) msg="the PDF is truncated: no %EOF marker at its end ($(wc -c <"$P/truncated.pdf") bytes)" ;;
    encrypted) msg="the PDF is encrypted: inspex cannot read it without its password" ;;
    bomb) msg="reading the PDF took longer than 1 s (-O timeout); it may be a decompression bomb" ;;
    notpdf)
        cp "$FIX/pages/medway-2020.html" "$P/notpdf.pdf"
        msg="not a PDF: no %PDF- header in its first 1024 bytes" ;;
    esac
    start=$(date +%s)
    run "$bad" "$INSPEX" convert -O timeout=1 -o "$TMP/$bad.ndjson" "$P/$bad.pdf"
    expect_rc 1
    expect_err "inspex: $P/$bad.pdf: $msg"
    expect_no_file "$TMP/$bad.ndjson"
    expect_true test $(($(date +%s) - start)) -lt 10
done
# a content stream that would take poppler gigabytes: the child's memory
# budget stops it (sanitizer builds set no address-space limit, so there
# the time budget does: one second, since the 256 MiB of text take a
# sanitized build some five seconds at a fast moment, and this is about
# the budget holding, not about how fast the machine is)
tb_timeout=8
[ -n "${INSPEX_SANITIZED:-}" ] && tb_timeout=1
run textbomb "$INSPEX" convert -O max-memory=64 -O timeout=$tb_timeout -o "$TMP/tb.ndjson" "$P/textbomb.pdf"
expect_rc 1
if [ -n "${INSPEX_SANITIZED:-}" ]; then
    expect_err "inspex: $P/textbomb.pdf: reading the PDF took longer than 1 s (-O timeout); it may be a decompression bomb"
else
    expect_err_has "inspex: $P/textbomb.pdf: poppler failed reading the PDF (signal "
    expect_err_has "): the file is damaged, or needed more than 64 MiB (-O max-memory)"
fi
expect_no_file "$TMP/tb.ndjson"
# a PDF is held to the library's page limit, as any input read whole
run pdf-page-limit "$INSPEX" convert --limit page=4K -o "$TMP/pl.ndjson" "$P/medway-2020.pdf"
expect_rc 1
expect_err_has "inspex: $P/medway-2020.pdf: this page is at least "
expect_err_has "more than the 4 KiB allowed for one page (--limit page=SIZE raises it)"
expect_no_file "$TMP/pl.ndjson"

# ---- the poppler module (issue 18) -------------------------------------------
# pdf.so does not link poppler: its module pdftext.so does, and is loaded
# only to read a PDF, so a process that reads none never maps poppler
# (LD_DEBUG=files lists what the dynamic linker loads)
PDFSO="$top_builddir/plugins/pdf/.libs/pdf.so"
if command -v readelf >/dev/null; then
    run pdf-so-needed readelf -d "$PDFSO"
    expect_rc 0
    expect_true grep -q 'NEEDED.*libinspex' "$TMP/out"
    expect_true test "$(grep -c 'NEEDED.*poppler' "$TMP/out")" = 0
fi
run ld-debug-csv env LD_DEBUG=files "$INSPEX" convert -q -t ndjson -o "$TMP/ld.ndjson" "$FIX/ratings.csv"
expect_rc 0
expect_true grep -q 'file=.*plugins/pdf/.libs/pdf.so' "$TMP/err"
expect_true test "$(grep -c 'file=.*poppler' "$TMP/err")" = 0
# reading one loads it (so the check above can fail)
for sb in true false; do
    run "ld-debug-pdf-$sb" env LD_DEBUG=files "$INSPEX" convert -q -t ndjson -O sandbox=$sb -o "$TMP/ld.ndjson" "$P/medway-2020.pdf"
    expect_rc 0
    expect_true grep -q 'file=.*pdftext.so' "$TMP/err"
    expect_true grep -q 'file=.*libpoppler-glib' "$TMP/err"
done
# the child's memory budget is above what it inherits, poppler's mappings
# (more than 16 MiB of address space) among it: the least budget reads
run least-memory "$INSPEX" convert -q -t ndjson -O max-memory=16 "$P/medway-2020.pdf"
expect_rc 0
expect_true cmp -s "$TMP/out" "$TMP/sandboxed"
# the module is found beside the plugin, in pdf/, as make install puts it
# (a copy of the plugin is a third party's, so its errors are marked so)
mkdir -p "$TMP/plug/pdf"
cp "$PDFSO" "$TMP/plug/pdf.so"
for sb in true false; do
    run "no-module-sandbox-$sb" "$INSPEX" convert --plugin-dir "$TMP/plug" -O sandbox=$sb -o "$TMP/nm.ndjson" "$P/medway-2020.pdf"
    expect_rc 1
    expect_err "inspex: $P/medway-2020.pdf: cannot load the pdf plugin's poppler module $TMP/plug/pdf/pdftext.so: cannot open shared object file: No such file or directory (plugin 'pdf')"
    expect_no_file "$TMP/nm.ndjson"
done
# a module that is not one: dlerror() says why
cp "$P/medway-2020.pdf" "$TMP/plug/pdf/pdftext.so"
run bad-module "$INSPEX" convert --plugin-dir "$TMP/plug" -o "$TMP/nm.ndjson" "$P/medway-2020.pdf"
expect_rc 1
expect_err_has "inspex: $P/medway-2020.pdf: cannot load the pdf plugin's poppler module $TMP/plug/pdf/pdftext.so: "
expect_err_has "invalid ELF header (plugin 'pdf')"
expect_no_file "$TMP/nm.ndjson"
cp "$top_builddir/plugins/pdf/pdftext/.libs/pdftext.so" "$TMP/plug/pdf/pdftext.so"
for sb in true false; do
    run "module-beside-$sb" "$INSPEX" convert -q --plugin-dir "$TMP/plug" -O sandbox=$sb -t ndjson "$P/medway-2020.pdf"
    expect_rc 0
    expect_true cmp -s "$TMP/out" "$TMP/sandboxed"
done
# and through a symbolic link to the plugin, beside what it links to
mkdir -p "$TMP/link"
ln -s "$TMP/plug/pdf.so" "$TMP/link/pdf.so"
run module-symlink "$INSPEX" convert -q --plugin-dir "$TMP/link" -t ndjson "$P/medway-2020.pdf"
expect_rc 0
expect_true cmp -s "$TMP/out" "$TMP/sandboxed"

# with --keep-going the good PDFs are written, the bad one said
run keep-going "$INSPEX" convert -q --keep-going -t ndjson "$P/medway-2020.pdf" "$P/encrypted.pdf" "$P/cardiff-2020.pdf"
expect_rc 1
expect_out_lines 2

# ---- followed from landing pages ---------------------------------------------

SITE="$TMP/site"
mkdir -p "$SITE"
cp "$P"/*.pdf "$SITE/"
landing() { # landing NAME PDF: Medway's landing page, linking to PDF
    sed "s|/hmiprobation/wp-content/uploads/sites/5/2020/06/Medway-YOS-inspection-report.pdf|$2|" \
        "$FIX/pages/medway-2020.html" >"$SITE/$1.html"
}
landing medway medway-2020.pdf
landing missing no-such.pdf
landing wrong nottinghamshire-2024.pdf
landing broken encrypted.pdf
python3 "$top_srcdir/tests/support/testhttpd.py" --root "$SITE" \
    --port-file "$TMP/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
B="http://127.0.0.1:$(cat "$TMP/port")"
stats() { python3 -c "import json,sys,urllib.request as u; d=json.load(u.urlopen('$B/stats')); print(eval(sys.argv[1]))" "$1"; }
reset() { python3 -c "import urllib.request as u; u.urlopen('$B/reset').read()"; }

reset
run fetch-merged "$INSPEX" fetch -q --cache "$TMP/cache" -t ndjson "$B/pages/medway.html"
expect_rc 0
# the landing page's metadata, the PDF's ratings, both in the sources
expect_true test "$(jfield 1 "r['body_name'], r['published'], r['fieldwork_start'], r['score'], r['overall_rating'], r['framework']")" = "('Medway', '2020-06-04', '2020-02-24', 18, 'Requires improvement', 'hmip-youth-2018')"
expect_true test "$(ratings)" = "1.1=RI 1.2=G 1.3=RI 1.4=G 2.1=G 2.2=I 2.3=G 2.4=RI 3.1=G 3.2=RI 3.3=G 3.4=G"
expect_true test "$(jfield 1 "len(r['recommendations'])")" = 3
expect_true test "$(jfield 1 "[(s['url'], s['media_type'], s.get('http_status')) for s in r['sources']]")" = "[('$B/pages/medway.html', 'text/html', 200), ('$B/pages/medway-2020.pdf', 'application/pdf', 200)]"
expect_true test "$(stats "d['paths'].get('/pages/medway-2020.pdf')")" = 1
# again: both revalidated through the cache
run fetch-cached "$INSPEX" fetch -q --cache "$TMP/cache" -t ndjson "$B/pages/medway.html"
expect_rc 0
expect_true test "$(stats "d['conditional'], d['paths'].get('/pages/medway-2020.pdf')")" = "(2, 2)"
expect_true test "$(ratings)" = "1.1=RI 1.2=G 1.3=RI 1.4=G 2.1=G 2.2=I 2.3=G 2.4=RI 3.1=G 3.2=RI 3.3=G 3.4=G"

# -O pdf=false: the landing page alone, one request
reset
run fetch-nopdf "$INSPEX" fetch -q -O pdf=false -t ndjson "$B/pages/medway.html"
expect_rc 0
expect_true test "$(jfield 1 "'judgements' in r, len(r['sources'])")" = "(False, 2)"
expect_true test "$(stats "d['requests']")" = 1

# a PDF that fails or cannot be read is a warning: the page is written
run fetch-404 "$INSPEX" fetch --retries 0 -t ndjson "$B/pages/missing.html" "$B/pages/broken.html"
expect_rc 0
expect_out_lines 2
expect_err_has "inspex: $B/pages/missing.html: warning: $B/pages/no-such.pdf: HTTP 404 Not Found; the inspection is written without it"
expect_err_has "inspex: $B/pages/broken.html: warning: $B/pages/encrypted.pdf: the PDF is encrypted: inspex cannot read it without its password; the inspection is written without it"

# a PDF that disagrees with its page: the page's values, and warnings
run fetch-conflict "$INSPEX" fetch -t ndjson "$B/pages/wrong.html"
expect_rc 0
expect_err_has "inspex: $B/pages/wrong.html: warning: the page and the document it links to disagree on body_name: \"Medway\" and \"Nottinghamshire Youth Justice Service\"; the page's is kept"
expect_err_has "inspex: $B/pages/wrong.html: warning: the page and the document it links to disagree on published: \"2020-06-04\" and \"2024-03-12\"; the page's is kept"
expect_true test "$(jfield 1 "r['body_name'], r['published']")" = "('Medway', '2020-06-04')"

# a landing page read as a file is not followed (inspex convert)
run convert-landing "$INSPEX" convert -v -t ndjson "$SITE/medway.html"
expect_rc 0
expect_err_has "inspex: $SITE/medway.html: warning: no ratings on the page (no overall rating, score or standards); they are probably in the report's PDF, which was not read: $SITE/medway-2020.pdf"
expect_true test "$(jfield 1 "'judgements' in r")" = False

finish
