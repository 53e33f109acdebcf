#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch.sh - `inspex fetch` against a local server (tests/support/
# testhttpd.py on 127.0.0.1, an ephemeral port): report pages into the
# model, every injected fault with its exact error, retries, the cache,
# concurrency limits and following a listing page.
. "$(dirname "$0")/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 is missing: it runs the test HTTP server"
    exit 1
fi
PAGES="$FIX/pages"
python3 "$top_srcdir/tests/support/testhttpd.py" --root "$PAGES" \
    --port-file "$TMP/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$TMP/port")
B="http://127.0.0.1:$PORT"
stats() { python3 -c "import json,sys,urllib.request as u; d=json.load(u.urlopen('$B/stats')); print(eval(sys.argv[1]))" "$1"; }
reset() { python3 -c "import urllib.request as u; u.urlopen('$B/reset').read()"; }
# waits until the server answers nothing (earlier tests give up on slow
# responses the server is still sleeping on), then resets its counts
quiet_reset() {
    python3 -c "
import json, time, urllib.request as u
for _ in range(100):
    if json.load(u.urlopen('$B/stats'))['inflight'] == 0:
        break
    time.sleep(0.1)
u.urlopen('$B/reset').read()"
}
# a field of NDJSON line N (1-based): jfield N EXPR, EXPR on the object r
jfield() { python3 -c "import json,sys; r=[json.loads(l) for l in open('$TMP/out')][int(sys.argv[1])-1]; print(eval(sys.argv[2]))" "$1" "$2"; }
FAST="--retry-delay 0.05"

# ---- pages into the model --------------------------------------------------

run pages "$INSPEX" fetch -q -t ndjson "$B/pages/medway-2020.html" \
    "$B/pages/medway-2020-report.html" "$B/pages/cardiff-2020-report.html" \
    "$B/pages/rotherham-2020.html" "$B/pages/essex-2018.html" \
    "$B/pages/nottinghamshire-2024-report.html" "$B/pages/swindon-2015.html"
expect_rc 0
expect_out_lines 7
expect_true test "$(jfield 1 "r['body_name'], r['published'], r['fieldwork_start'], r['fieldwork_end'], r['inspectorate']")" = "('Medway', '2020-06-04', '2020-02-24', '2020-02-28', 'HMIP')"
expect_true test "$(jfield 1 "r['sources'][0]['pdf_url']")" = "$B/hmiprobation/wp-content/uploads/sites/5/2020/06/Medway-YOS-inspection-report.pdf"
expect_true test "$(jfield 1 "r['sources'][1]['title'], r['sources'][1]['media_type']")" = "('An inspection of youth offending services in Medway (PDF, 1.4 MB)', 'application/pdf')"
expect_true test "$(jfield 1 "r['sources'][0]['url'], r['sources'][0]['http_status'], r['sources'][0]['last_modified'], r['sources'][0]['media_type']")" = "('$B/pages/medway-2020.html', 200, 'Thu, 04 Jun 2020 09:00:00 GMT', 'text/html')"
expect_true test "$(jfield 1 "len(r['sources'][0]['etag'])")" = 18
expect_true test "$(jfield 1 "bool(__import__('re').fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', r['sources'][0]['retrieved_at']))")" = True
expect_true test "$(jfield 2 "r['score'], r['overall_rating'], r['computed_score'], r['framework'], len(r['judgements']), r['judgements']['2.2']['rating']")" = "(18, 'Requires improvement', 18, 'hmip-youth-2018', 12, 'Inadequate')"
expect_true test "$(jfield 2 "len(r['recommendations']), r['recommendations'][4]['addressee'], r['recommendations'][0]['addressee']")" = "(5, 'Youth Justice Partnership Board', 'Medway Youth Offending Team')"
expect_true test "$(jfield 3 "r['body_name'], r['score'], r['computed_rating']")" = "('Cardiff', 0, 'Inadequate')"
expect_true test "$(jfield 4 "r['body_name'], r['region']")" = "('Rotherham', 'Yorkshire and the Humber')"
expect_true test "$(jfield 6 "r['framework'], r['score'], r['judgements']['4.1']['rating']")" = "('hmip-youth-2021', 19, 'Outstanding')"
expect_true test "$(jfield 7 "r['body_name'], r['framework'], r['inspection_type']")" = "('Swindon', 'hmip-fji-2012', 'full joint inspection')"

# the same through convert -f report, and from local paths
run convert-report "$INSPEX" convert -q -f report -t ndjson "$B/pages/medway-2020-report.html"
expect_rc 0
expect_out_has '"score":18'
# a listing page's links are followed because its importer fetches,
# however its format was chosen: by extension here, as with -f report
run convert-listing-local "$INSPEX" convert -q -O follow=true -t ndjson "$PAGES/listing.html"
expect_rc 0
expect_out_lines 7
expect_true test "$(jfield 1 "r['sources'][0]['url']")" = "$(python3 -c "import os,sys; print('file://' + os.path.normpath(sys.argv[1]))" "$PAGES/medway-2020.html")"
expect_true test "$(jfield 7 "r['body_name']")" = "Swindon"
run convert-listing-url "$INSPEX" convert -q -O follow=true -t ndjson "$B/pages/listing.html"
expect_rc 0
expect_out_lines 7
expect_true test "$(jfield 2 "r['sources'][0]['url']")" = "$B/pages/medway-2020-report.html"
# and a page read as a file stays a file, -f or not
run convert-page-local "$INSPEX" convert -q -f report -t ndjson "$PAGES/essex-2018.html"
expect_rc 0
expect_true test "$(jfield 1 "r['sources'][0]['url']")" = "$PAGES/essex-2018.html"
run local-path "$INSPEX" fetch -q -t ndjson "$PAGES/essex-2018.html"
expect_rc 0
expect_out_has "\"url\":\"file://$PAGES/essex-2018.html\""

run fallbacks "$INSPEX" fetch -q -t ndjson "$B/pages/article-og.html" "$B/pages/article-jsonld.html"
expect_rc 0
expect_true test "$(jfield 1 "r['body_name'], r['published'], 'inspectorate' in r")" = "('Medway', '2020-06-04', False)"
expect_true test "$(jfield 2 "r['body_name'], r['published']")" = "('Essex', '2018-12-05')"

reset
run gzip "$INSPEX" fetch -q -t ndjson "$B/pages/medway-2020-report.html?gzip=1"
expect_rc 0
expect_out_has '"score":18'
# what every request says of itself
expect_true test "$(stats "d['user_agents'], d['accept_encoding']")" = "(['inspex/$("$INSPEX" --version | cut -d' ' -f2)'], ['gzip, deflate'])"

run redirect "$INSPEX" fetch -q -t ndjson "$B/fault/redirect?to=/pages/essex-2018.html"
expect_rc 0
expect_true test "$(jfield 1 "r['sources'][0]['url'], r['sources'][0]['final_url'], r['sources'][1]['url']")" = "('$B/fault/redirect?to=/pages/essex-2018.html', '$B/pages/essex-2018.html', '$B/hmiprobation/wp-content/uploads/sites/5/2018/12/Essex-YOS-inspection-report.pdf')"

# ---- faults: each with its exact error; the other URLs are kept ------------

reset
run http-500 "$INSPEX" fetch -q $FAST --retries 2 -t ndjson "$B/fault/500" "$B/pages/essex-2018.html" -o "$TMP/500.ndjson"
expect_rc 3
expect_err "inspex: $B/fault/500: HTTP 500 Internal Server Error (gave up after 3 attempts)
inspex: 1 of 2 URLs failed; the other inspections were written"
expect_true test "$(wc -l <"$TMP/500.ndjson")" -eq 1
expect_true grep -q '"body_name":"Essex"' "$TMP/500.ndjson"
expect_true test "$(stats "d['paths']['/fault/500']")" = 3

reset
# (-O pdf=false: these count the requests for pages, not their PDFs)
run flaky-503 "$INSPEX" fetch -q -O pdf=false $FAST -t ndjson "$B/fault/flaky?n=2&page=medway-2020.html&key=f1"
expect_rc 0
expect_out_has '"body_name":"Medway"'
expect_true test "$(stats "d['requests']")" = 3

reset
run retry-after "$INSPEX" fetch -q -O pdf=false $FAST -t ndjson "$B/fault/429?n=1&after=1&page=essex-2018.html&key=r1"
expect_rc 0
expect_out_has '"body_name":"Essex"'
expect_true test "$(stats "d['requests']")" = 2
# the second request came at least the Retry-After second later
expect_true test "$(stats "int(d['times']['/fault/429'][1] - d['times']['/fault/429'][0] >= 0.95)")" = 1

run retry-after-too-long "$INSPEX" fetch $FAST -t ndjson "$B/fault/429?n=9&after=600&page=essex-2018.html&key=r2"
expect_rc 3
expect_err "inspex: $B/fault/429?n=9&after=600&page=essex-2018.html&key=r2: HTTP 429 Too Many Requests; the server asks to retry after 600 s, longer than the 120 s inspex waits
inspex: 1 of 1 URL failed; the other inspections were written"

run timeout "$INSPEX" fetch --timeout 0.3 --retries 1 $FAST -t ndjson "$B/pages/essex-2018.html?delay=2000"
expect_rc 3
expect_err "inspex: $B/pages/essex-2018.html?delay=2000: timed out after 300 ms (gave up after 2 attempts)
inspex: 1 of 1 URL failed; the other inspections were written"

run cut-short "$INSPEX" fetch --retries 1 $FAST -t ndjson "$B/fault/cut"
expect_rc 3
expect_err "inspex: $B/fault/cut: response cut short: transfer closed with 49000 bytes remaining to read (gave up after 2 attempts)
inspex: 1 of 1 URL failed; the other inspections were written"

reset
run redirect-loop "$INSPEX" fetch $FAST -t ndjson "$B/fault/loop"
expect_rc 3
expect_err "inspex: $B/fault/loop: more than 5 redirects (a redirect loop?)
inspex: 1 of 1 URL failed; the other inspections were written"
expect_true test "$(stats "d['requests']")" = 6

run oversized "$INSPEX" fetch --max-size 1M -t ndjson "$B/fault/big?mb=2" "$B/fault/big?mb=2&chunked=1"
expect_rc 3
expect_err "inspex: $B/fault/big?mb=2: response is larger than the size cap (1 MiB)
inspex: $B/fault/big?mb=2&chunked=1: response is larger than the size cap (1 MiB)
inspex: 2 of 2 URLs failed; the other inspections were written"

reset
run not-found "$INSPEX" fetch $FAST -t ndjson "$B/fault/404"
expect_rc 3
expect_err "inspex: $B/fault/404: HTTP 404 Not Found
inspex: 1 of 1 URL failed; the other inspections were written"
expect_true test "$(stats "d['requests']")" = 1

run unrecognised "$INSPEX" fetch -t ndjson "$B/pages/not-a-report.html"
expect_rc 3
expect_err "inspex: $B/pages/not-a-report.html: not a recognised report page: no title naming a body (looked for <h1>, og:title, JSON-LD headline and <title>) and no publication date (looked for #inspection-meta, a \"Published:\" line, article:published_time and JSON-LD datePublished); and no links to reports
inspex: 1 of 1 URL failed; the other inspections were written"
expect_out_lines 0

run refused "$INSPEX" fetch --retries 0 -t ndjson "http://127.0.0.1:1/x.html"
expect_rc 3
expect_err_has "inspex: http://127.0.0.1:1/x.html: Failed to connect to 127.0.0.1 port 1"

# ---- the cache ------------------------------------------------------------

reset
CACHED="$B/pages/medway-2020.html $B/pages/medway-2020-report.html $B/pages/essex-2018.html"
run cache-first "$INSPEX" fetch -q -O pdf=false --cache "$TMP/cache" -t ndjson $CACHED
expect_rc 0
cp "$TMP/out" "$TMP/first.ndjson"
expect_true test "$(stats "d['requests'], d['conditional']")" = "(3, 0)"
reset
run cache-second "$INSPEX" fetch -q -O pdf=false --cache "$TMP/cache" -t ndjson $CACHED
expect_rc 0
# only conditional requests, each answered 304, and the same inspections
expect_true test "$(stats "d['requests'], d['conditional'], d['not_modified']")" = "(3, 3, 3)"
sed 's/"retrieved_at":"[^"]*"//' "$TMP/first.ndjson" >"$TMP/a"
sed 's/"retrieved_at":"[^"]*"//' "$TMP/out" >"$TMP/b"
expect_true cmp -s "$TMP/a" "$TMP/b"
reset
run offline "$INSPEX" fetch -q --cache "$TMP/cache" --offline -t ndjson $CACHED
expect_rc 0
expect_out_lines 3
expect_true test "$(stats "d['requests']")" = 0
run offline-miss "$INSPEX" fetch --cache "$TMP/cache" --offline -t ndjson "$B/pages/cardiff-2020-report.html"
expect_rc 3
expect_err "inspex: $B/pages/cardiff-2020-report.html: not in the cache (offline)
inspex: 1 of 1 URL failed; the other inspections were written"

# ---- concurrency ----------------------------------------------------------

# 400 ms a response, so that transfers meant to overlap do, even on a
# loaded machine (the suite runs in parallel, and under sanitizers)
urls() { n=1; while [ $n -le "$1" ]; do echo "$B/pages/essex-2018.html?delay=400&n=$n"; n=$((n + 1)); done; }
urls 12 >"$TMP/urls"
quiet_reset
run per-host-default "$INSPEX" fetch -q -j 8 -i "$TMP/urls" -t ndjson
expect_rc 0
expect_out_lines 12
expect_true test "$(stats "d['max_inflight']")" = 2
# in pairs, not one after another: 6 rounds of 400 ms (2 s from the first
# request to the last), not 12 (4.4 s)
expect_true test "$(stats "int(max(d['times']['/pages/essex-2018.html']) - min(d['times']['/pages/essex-2018.html']) < 3.2)")" = 1
quiet_reset
run jobs-4 "$INSPEX" fetch -q -j 4 --per-host 8 -i "$TMP/urls" -t ndjson
expect_rc 0
expect_out_lines 12
expect_true test "$(stats "d['max_inflight']")" = 4
# in input order, whatever order they finished in
expect_true test "$(jfield 12 "r['sources'][0]['url']")" = "$B/pages/essex-2018.html?delay=400&n=12"

{ echo "# reports"; echo; echo "$B/pages/essex-2018.html"; echo "  $B/pages/swindon-2015.html  "; } >"$TMP/list"
run_in list-stdin "$TMP/list" "$INSPEX" fetch -q -i - -t ndjson
expect_rc 0
expect_out_lines 2

# ---- listing pages --------------------------------------------------------

run listing-no-follow "$INSPEX" fetch -t ndjson "$B/pages/listing.html"
expect_rc 3
expect_err "inspex: $B/pages/listing.html: a listing page with 7 links to reports; give -O follow=true to import them
inspex: 1 of 1 URL failed; the other inspections were written"

run listing-follow "$INSPEX" fetch -q -O follow=true -t ndjson "$B/pages/listing.html"
expect_rc 0
expect_out_lines 7
expect_true test "$(jfield 1 "r['sources'][0]['url']")" = "$B/pages/medway-2020.html"
expect_true test "$(jfield 2 "r['sources'][0]['url']")" = "$B/pages/medway-2020-report.html"
expect_true test "$(jfield 7 "r['body_name']")" = "Swindon"

# to CSV: one header for landing pages and full reports alike, read back
run listing-to-csv "$INSPEX" fetch -q -O follow=true -o "$TMP/listing.csv" "$B/pages/listing.html"
expect_rc 0
run listing-csv-back "$INSPEX" convert -q "$TMP/listing.csv" -t ndjson
expect_rc 0
expect_out_lines 7
expect_true test "$(jfield 2 "r['score'], len(r['recommendations']), r['sources'][0]['etag'][0]")" = "(18, 5, '\"')"

run listing-max-links "$INSPEX" fetch -O follow=true -O max-links=2 -t ndjson "$B/pages/listing.html"
expect_rc 0
expect_out_lines 2
expect_err_has "inspex: $B/pages/listing.html: warning: a listing page with 7 links to reports; following the first 2 (-O max-links)"

# ---- progress: on a terminal only (the other tests show stderr without it)

if command -v script >/dev/null 2>&1; then
    run progress-tty script -qec "'$INSPEX' fetch -t ndjson -o '$TMP/p.ndjson' '$B/pages/medway-2020-report.html' '$B/fault/404'" /dev/null
    expect_out_has "inspex: fetched 2/2, 1 failed, "
    run progress-tty-quiet script -qec "'$INSPEX' fetch -q -t ndjson -o '$TMP/p.ndjson' '$B/pages/medway-2020-report.html'" /dev/null
    if grep -q "fetched" "$TMP/out"; then bad "a progress line under -q"; else ok; fi
fi

# ---- usage ----------------------------------------------------------------

run no-urls "$INSPEX" fetch -t ndjson
expect_rc 2
expect_err "inspex: fetch: no URLs; give them as arguments or with -i FILE"
run offline-no-cache "$INSPEX" fetch --offline -t ndjson "$B/pages/essex-2018.html"
expect_rc 2
expect_err "inspex: fetch: --offline needs --cache DIR"
run bad-jobs "$INSPEX" fetch -j 0 -t ndjson "$B/pages/essex-2018.html"
expect_rc 2
expect_err "inspex: fetch: bad value '0' for -j"
run not-web "$INSPEX" fetch -f csv -t ndjson "$B/pages/essex-2018.html"
expect_rc 2
expect_err "inspex: fetch: format 'csv' does not read web pages; fetch needs one that does (report)"
run stdin-dash "$INSPEX" fetch -t ndjson -
expect_rc 2
expect_err "inspex: fetch: - is not a URL; read URLs from stdin with -i -"

# nothing half-written: a failing output leaves no file
run output-unwritable "$INSPEX" fetch -q -t ndjson -o "$TMP/no/such/dir/x.ndjson" "$B/pages/essex-2018.html"
expect_rc 3
expect_no_file "$TMP/no/such/dir/x.ndjson"

finish
