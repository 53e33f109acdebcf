#!/bin/sh
# SPDX-License-Identifier: MIT
# memory.sh - a million NDJSON inspections convert to CSV, every one of
# them, in flat memory (the figures against other tools are in bench/).
. "$(dirname "$0")/lib.sh"

N=1000000
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"id\":\"R%07d\",\"body_name\":\"Area %07d YOT\",\"inspectorate\":\"HMIP\",\"framework\":\"hmip-unrated\",\"published\":\"2020\",\"overall_rating\":\"Not rated\"}\n", i, i }' \
    >"$TMP/big.ndjson"

run million /usr/bin/time -f "%M" -o "$TMP/peak" "$INSPEX" convert -q "$TMP/big.ndjson" -t csv -o "$TMP/big.csv"
expect_rc 0
# every record came out, after the header
expect_true test "$(wc -l <"$TMP/big.csv")" -eq $((N + 1))
expect_true grep -q '^R0999999,Area 0999999 YOT,' "$TMP/big.csv"
peak=$(cat "$TMP/peak")
echo "peak resident memory for $N inspections: $((peak / 1024)) MiB"
# Sanitizer builds keep freed memory in quarantine: the bound holds for
# the plain build.
if [ -z "${INSPEX_SANITIZED:-}" ]; then
    current="peak memory under 32 MiB"
    if [ "$peak" -lt 32768 ]; then ok; else bad "peak $peak KiB"; fi
fi

finish
