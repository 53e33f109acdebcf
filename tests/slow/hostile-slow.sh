#!/bin/sh
# SPDX-License-Identifier: MIT
# hostile-slow.sh - the hostile cases too slow for make check (issue 19),
# run by scripts/test-all: hundreds of MB of one line through CSV and
# NDJSON (stopped at the limit in bounded memory, or read past under
# --keep-going), 200,000 CSV columns and 10,000 NDJSON keys to CSV
# (linear), and a gzip output over 4 GiB written whole (test_stream with
# INSPEX_SLOW=1). Usage: tests/slow/hostile-slow.sh [BUILDDIR]
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
top_builddir=$(cd "${1:-$top_srcdir/build}" && pwd)
. "$top_srcdir/tests/cli/lib.sh"

HEAD='body_name,published,overall_rating'

# 300 MB of one line: an error at 16 MiB, in bounded memory (under 200 MB)
current=one-line-csv
{ echo "$HEAD"; head -c 300000000 /dev/zero | tr '\0' x; echo; } |
    /usr/bin/time -f %M -o "$TMP/mem" "$INSPEX" convert -q -f csv - -t ndjson \
        >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 1
expect_err_has "this field is at least"
expect_true test "$(tail -n 1 "$TMP/mem")" -lt 200000

# the same under --keep-going: read past, the next record written
current=one-line-csv-keep-going
{ echo "$HEAD"; head -c 300000000 /dev/zero | tr '\0' x; printf ',x,y\nB,4 June 2020,Good\n'; } |
    /usr/bin/time -f %M -o "$TMP/mem" "$INSPEX" convert -q --keep-going -f csv - -t ndjson \
        >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 1
expect_out_has '"body_name":"B"'
expect_true test "$(tail -n 1 "$TMP/mem")" -lt 200000

# NDJSON: a 300 MB line among good ones
current=one-line-ndjson-keep-going
{ echo '{"body_name":"A"}'; printf '{"body_name":"'; head -c 300000000 /dev/zero | tr '\0' x; echo '"}'; echo '{"body_name":"C"}'; } |
    /usr/bin/time -f %M -o "$TMP/mem" "$INSPEX" convert -q --keep-going -f ndjson - -t ndjson \
        >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 1
expect_out_lines 2
expect_err_has "inspex: <stdin>:2: this line is 286.1 MiB, more than the 64 MiB allowed for one line (--limit line=SIZE raises it)"
expect_true test "$(tail -n 1 "$TMP/mem")" -lt 300000

# wide records, linear: 200,000 columns; 10,000 keys a record
/usr/bin/python3 -c '
n = 200000
print(",".join(["body_name", "published"] + ["x%d" % i for i in range(n)]))
print(",".join(["A", "2020-06-04"] + ["v"] * n))' >"$TMP/wide.csv"
run wide-csv timeout 300 "$INSPEX" convert -q "$TMP/wide.csv" -t csv
expect_rc 0
/usr/bin/python3 -c '
import json
for r in range(100):
    d = {"body_name": "B%d" % r}
    d.update(("key%d" % k, "v") for k in range(10000))
    print(json.dumps(d))' >"$TMP/keys.ndjson"
run many-keys timeout 300 "$INSPEX" convert -q "$TMP/keys.ndjson" -t csv
expect_rc 0
expect_out_lines 101

# gzip output over 4 GiB
current=gzip-over-4gib
INSPEX_SLOW=1 "$top_builddir/tests/unit/test_stream" >"$TMP/out" 2>&1
rc=$?
expect_rc 0
expect_true grep -q 'OK \] test_gzip_over_4gib' "$TMP/out"

finish
