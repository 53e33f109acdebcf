#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-site.sh - `inspex fetch` against pages shaped like the
# inspectorate's two websites (fixtures/site/, served by tests/support/
# testhttpd.py --site on 127.0.0.1 and 127.0.0.2): a crawl of a listing
# with several pages and years, the same report on two pages, a page that
# links to itself, links to another host and to a local file, a minified
# listing, a probation report, landing pages and the newer full HTML
# reports; the fetch safety rules (http and https only, the listing's own
# host, --cache that cannot be used) and --strict.
. "$(dirname "$0")/lib.sh"

SITE="$FIX/site"
SITE_REAL=$(cd "$SITE" && pwd -P) # as the server names it
python3 "$top_srcdir/tests/support/testhttpd.py" --root "$FIX/pages" \
    --site "$SITE" --hosts 2 --port-file "$TMP/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$TMP/port")
B="http://127.0.0.1:$PORT"
B2="http://127.0.0.2:$PORT"
LIST="$B/hmiprobation/inspections/?probation-inspection-type=inspection-of-youth-offending-services-2018-onwards"
stats() { python3 -c "import json,sys,urllib.request as u; d=json.load(u.urlopen('$B/stats')); print(eval(sys.argv[1]))" "$1"; }
reset() { python3 -c "import urllib.request as u; u.urlopen('$B/reset').read()"; }
# the values of EXPR for every NDJSON line of the output, one a line
jall() { python3 -c "import json,sys; [print(eval(sys.argv[1])) for r in (json.loads(l) for l in open('$TMP/out'))]" "$1"; }
jfield() { python3 -c "import json,sys; r=[json.loads(l) for l in open('$TMP/out')][int(sys.argv[1])-1]; print(eval(sys.argv[2]))" "$1" "$2"; }

# ---- a crawl: two years, their pages, one report listed twice ------------

reset
# (-O pdf=false: these pages' PDFs are not in fixtures/site; the pdf
# importer's following is tests/cli/pdf.sh's)
run crawl "$INSPEX" fetch -O pdf=false -O follow=true -O years=2019,2021 -t ndjson "$LIST&year=2019"
expect_rc 0
# 2019 page 1 (Reading, Tower Hamlets, Cardiff), page 2 (Reading again,
# a probation report, another host, a file, itself), 2021 (Kent, and
# Reading once more): four reports, each once
expect_true test "$(jall "r['body_code']" | tr '\n' ' ')" = "readingyjs th-yjs cardiffyjs kent-yjs "
expect_true test "$(stats "d['paths'].get('/hmiprobation/inspections/readingyjs2019/')")" = 1
# the minified 2021 listing is read as a listing, and its next page, with
# no results, ends it without an error
expect_true test "$(stats "d['paths'].get('/hmiprobation/inspections/?probation-inspection-type=inspection-of-youth-offending-services-2018-onwards&year=2021&paged=2')")" = 1
expect_err_has "inspex: $LIST&year=2019&paged=2: warning: 2 links to another host or scheme not followed (the first: $B2/hmiprobation/inspections/offsite-yos/); -O follow-hosts=HOST follows a host's links"
# nothing from the other host, nothing from the local file, no probation
expect_true test "$(stats "len([p for p in d['paths'] if 'offsite' in p or 'stockton' in p])")" = 0
if grep -q "Secret\|Elsewhere\|Stockton" "$TMP/out"; then bad "followed a link it must not"; else ok; fi

# the names of every title form
expect_true test "$(jfield 1 "r['body_name'], r['local_authority'], r['region'], r['fieldwork_start'], r['fieldwork_end'], r['published']")" = "('Reading', 'Reading', 'South East', '2019-07-08', '2019-07-12', '2019-11-12')"
expect_true test "$(jfield 1 "[e for e in r['extra']]")" = "[['Lead inspector', 'Jane Example']]"
expect_true test "$(jfield 2 "r['body_name'], r['local_authority']")" = "('Tower Hamlets and City of London', 'Tower Hamlets; City of London')"
expect_true test "$(jfield 3 "r['body_name'], r['inspection_type'], r['extra']")" = "('Cardiff', 'joint inspection', [['Partner inspectorates', 'Estyn; Healthcare Inspectorate Wales; Care Inspectorate Wales']])"
# the report's PDF is the one naming the inspection, not the promoted
# annual report; a Welsh PDF is one more source
expect_true test "$(jfield 2 "r['sources'][0]['pdf_url'].split('/')[-1], len(r['sources'])")" = "('Tower-Hamlets-and-City-of-London-YOS-inspection-report.pdf', 2)"
expect_true test "$(jfield 3 "[s['url'].split('/')[-1] for s in r['sources'][1:]]")" = "['Cardiff-YJS-inspection-report.pdf', 'Cardiff-YJS-inspection-report-Welsh.pdf']"
# Kent, published after the 2021 standards began: no fieldwork date, no
# standards on the page, so no framework, and it says so
expect_true test "$(jfield 4 "r['body_name'], 'framework' in r")" = "('Kent', False)"
expect_err_has "inspex: $B/hmiprobation/inspections/kent-yjs/: warning: Kent (2021-10-19): no framework named, and 2 fit equally (hmip-youth-2018, hmip-youth-2021; publication 2021-10-19 with no fieldwork date, so the standards' titles must decide and do not, 0 matching standards); name it in a framework column"
# the ratings are in the PDF: said once per page, naming it
expect_err_has "inspex: $B/hmiprobation/inspections/kent-yjs/: warning: no ratings on the page (no overall rating, score or standards); they are probably in the report's PDF, which was not read: $B/hmiprobation/wp-content/uploads/sites/5/2021/10/Kent-YJS-inspection-report.pdf"

# a remote listing's link to a local file is never followed, nor one to
# another host or another scheme
reset
run no-file-link "$INSPEX" fetch -O pdf=false -O follow=true -t ndjson "$B/hostile-listing.html"
expect_rc 0
expect_out_lines 1
expect_out_has '"body_name":"Reading"'
if grep -q "Secret" "$TMP/out"; then bad "followed a file: link"; else ok; fi
if grep -q "Elsewhere" "$TMP/out"; then bad "followed a link to another host"; else ok; fi
expect_err "inspex: $B/hostile-listing.html: warning: 2 links to another host or scheme not followed (the first: file://$SITE_REAL/secret.html); -O follow-hosts=HOST follows a host's links
inspex: $B/hostile-listing.html: warning: 1 link that is not http or https not followed
inspex: $B/hmiprobation/inspections/readingyjs2019/: warning: no ratings on the page (no overall rating, score or standards); they are probably in the report's PDF, which was not read: $B/hmiprobation/wp-content/uploads/sites/5/2019/11/Reading-YOS-inspection-report.pdf
inspex: $B/hmiprobation/inspections/readingyjs2019/: warning: Reading (2019-11-12): no framework named, and 2 fit equally (hmip-unrated, hmip-youth-2018; fieldwork 2019-07-08, 0 matching standards); name it in a framework column"

# the listing's other host, when asked
reset
run follow-hosts "$INSPEX" fetch -q -O follow=true -O "follow-hosts=127.0.0.2:$PORT" -t ndjson "$LIST&year=2019&paged=2"
expect_rc 0
# page 2 first, then page 1 by its pagination link
expect_true test "$(jall "r['body_name']" | tr '\n' ' ')" = "Reading Elsewhere Tower Hamlets and City of London Cardiff "
if grep -q "Secret" "$TMP/out"; then bad "followed a file: link"; else ok; fi

# -O years must be years
run bad-years "$INSPEX" fetch -O follow=true -O years=last -t ndjson "$LIST&year=2019"
expect_rc 3
expect_err "inspex: $LIST&year=2019: -O years=last: give years as 2018-2025, 2019,2021 or all
inspex: 1 of 1 URL failed; the other inspections were written"
expect_out_lines 0

# every year the listing's year filter offers (2018 to 2025 here; the
# fixtures hold 2019 and 2021, the other years' pages are no results)
reset
run years-all "$INSPEX" fetch -q -O follow=true -O years=all -t ndjson "$LIST&year=2019"
expect_rc 0
expect_true test "$(jall "r['body_code']" | tr '\n' ' ')" = "readingyjs th-yjs cardiffyjs kent-yjs "
expect_true test "$(stats "len([p for p in d['paths'] if 'year=2025' in p])")" = 1

# ---- a listing whose last page is followed by an HTTP error ---------------

# WordPress answers 404 past a listing's last page (past=CODE makes the
# test server do so). The 2021 listing has no "next" link, so inspex asks
# for paged=2, a guess that may not exist: its 404 ends the listing, with
# a note under -v, and every report is written
P21="$LIST&year=2021&past=404&paged=2"
reset
run past-last-404 "$INSPEX" fetch -v -O follow=true -O pdf=false -t ndjson "$LIST&year=2021&past=404"
expect_rc 0
expect_true test "$(jall "r['body_code']" | tr '\n' ' ')" = "kent-yjs readingyjs "
expect_true test "$(stats "d['paths'].get('${P21#"$B"}')")" = 1
expect_err_has "inspex: $P21: HTTP 404 Not Found; asked for as a page that may not exist, so the listing ended at the page before it (not a failure)"
if grep -q "failed" "$TMP/err"; then bad "a guessed page past the last counted as failed"; else ok; fi
# without -v, nothing is said about it; a 410 (Gone) ends it too
run past-last-410 "$INSPEX" fetch -O follow=true -O pdf=false -t ndjson "$LIST&year=2021&past=410"
expect_rc 0
expect_out_lines 2
if grep -q "paged=2" "$TMP/err"; then bad "said more than a note about the guessed page"; else ok; fi
# a 5xx says nothing about whether the page exists: still a failure
run past-last-500 "$INSPEX" fetch --retries 0 -O follow=true -O pdf=false -t ndjson "$LIST&year=2021&past=500"
expect_rc 3
expect_out_lines 2
expect_err_has "inspex: $LIST&year=2021&past=500&paged=2: HTTP 500 Internal Server Error"
expect_err_has "inspex: 1 of 4 URLs failed; the other inspections were written"
# a real "next" link that 404s is a failure: the listing said it exists
run next-missing "$INSPEX" fetch -O follow=true -O pdf=false -t ndjson "$B/next-missing/"
expect_rc 3
expect_out_lines 1
expect_out_has '"body_code":"readingyjs"'
expect_err_has "inspex: $B/next-missing/?paged=2: HTTP 404 Not Found"
expect_err_has "inspex: 1 of 3 URLs failed; the other inspections were written"

# ---- the newer site's full reports ----------------------------------------

run newer "$INSPEX" fetch -q -t ndjson "$B/document/sefton-yjs-2025" "$B/document/rochdale-yjs-2025"
expect_rc 0
expect_true test "$(jfield 1 "r['body_code'], r['published'], r['fieldwork_start'], r['fieldwork_end'], r['framework']")" = "('sefton-yjs', '2025-09-09', '2025-01-13', '2025-01-17', 'hmip-youth-2021')"
expect_true test "$(jfield 1 "r['score'], r['score_max'], r['overall_rating'], r['computed_score'], len(r['judgements'])")" = "(22, 36, 'Good', 22, 13)"
expect_true test "$(jfield 1 "r['judgements']['3.4']['title'], r['judgements']['4.1']['title'], r['judgements']['4.1']['rating']")" = "('Out-of-court disposal policy and provision', 'Resettlement policy and provision', 'Requires improvement')"
expect_true test "$(jfield 1 "[(x['addressee'], x['reference']) for x in r['recommendations']]")" = "[('Sefton Youth Justice Service', '1'), ('Sefton Youth Justice Service', '2'), ('Sefton Youth Justice Partnership Board', '3')]"
expect_true test "$(jfield 2 "r['inspection_type'], r['framework'], r['fieldwork_start'], r['fieldwork_end'], r['overall_rating']")" = "('work with children and victims', 'hmip-youth-2025', '2025-06-02', '2025-06-06', 'Requires improvement')"

# ---- not a youth inspection -----------------------------------------------

run probation "$INSPEX" fetch -t ndjson "$B/document/stockton-and-hartlepool-pdu-2025" "$B/hmiprobation/inspections/stockton-hartlepool-pdu/"
expect_rc 3
expect_err "inspex: $B/document/stockton-and-hartlepool-pdu-2025: \"An inspection of probation services in Stockton and Hartlepool PDU\" is an adult probation inspection, not a youth justice one: not imported (inspex's frameworks are for youth justice)
inspex: $B/hmiprobation/inspections/stockton-hartlepool-pdu/: \"An inspection of probation services in Stockton and Hartlepool PDU\" is an adult probation inspection, not a youth justice one: not imported (inspex's frameworks are for youth justice)
inspex: 2 of 2 URLs failed; the other inspections were written"
expect_out_lines 0

# ---- --strict: a page without ratings is an error -------------------------

run strict "$INSPEX" fetch -O pdf=false --strict -t ndjson "$B/hmiprobation/inspections/kent-yjs/" "$B/document/sefton-yjs-2025"
expect_rc 3
expect_err_has "inspex: $B/hmiprobation/inspections/kent-yjs/: no ratings on the page (no overall rating, score or standards); they are probably in the report's PDF, which was not read: $B/hmiprobation/wp-content/uploads/sites/5/2021/10/Kent-YJS-inspection-report.pdf (--strict)"
expect_out_lines 1
expect_out_has '"body_code":"sefton-yjs"'

# ---- only http and https --------------------------------------------------

run file-url-input "$INSPEX" fetch -t ndjson "file://$SITE/secret.html"
expect_rc 2
expect_err "inspex: fetch: file://$SITE/secret.html: only http and https URLs are fetched; give a local page as its path"
run file-url-list "$INSPEX" fetch -t ndjson -i - <<EOT
file://$SITE/secret.html
EOT
expect_rc 2
expect_err "inspex: fetch: file://$SITE/secret.html: only http and https URLs are fetched; give a local page as its path"
run redirect-to-file "$INSPEX" fetch --retries 0 -t ndjson "$B/fault/redirect?to=file://$SITE/secret.html"
expect_rc 3
expect_err_has "inspex: $B/fault/redirect?to=file://$SITE/secret.html: "
if grep -q Secret "$TMP/out"; then bad "a redirect reached a local file"; else ok; fi

# ---- --cache that cannot cache --------------------------------------------

: >"$TMP/a-file"
run cache-file "$INSPEX" fetch --cache "$TMP/a-file" -t ndjson "$B/document/sefton-yjs-2025"
expect_rc 3
expect_err "inspex: $TMP/a-file: the cache directory is not a directory"
expect_out_lines 0
mkdir "$TMP/ro"
chmod 555 "$TMP/ro"
if [ "$(id -u)" != 0 ]; then
    run cache-read-only "$INSPEX" fetch --cache "$TMP/ro" -t ndjson "$B/document/sefton-yjs-2025"
    expect_rc 3
    expect_err "inspex: $TMP/ro: cannot write to the cache directory: Permission denied"
fi
chmod 755 "$TMP/ro"

finish
