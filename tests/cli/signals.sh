#!/bin/sh
# SPDX-License-Identifier: MIT
# signals.sh - Ctrl-C, SIGTERM and SIGHUP during a conversion remove the
# hidden temporary output; a dead run's leftover is removed by the next.
. "$(dirname "$0")/lib.sh"

HEAD=$(head -n 1 "$FIX/ratings.csv")
ROW=$(sed -n 2p "$FIX/ratings.csv")

# killed SIGNAL: starts a conversion from a FIFO that never ends, waits
# for its temporary output to appear, sends SIGNAL, and sets rc.
killed() {
    rm -f "$TMP/in.csv"
    mkfifo "$TMP/in.csv"
    (printf '%s\n%s\n' "$HEAD" "$ROW"; sleep 20) >"$TMP/in.csv" &
    feeder=$!
    # a background job of a script ignores SIGINT: give it back
    python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$INSPEX" convert -q "$TMP/in.csv" \
        -o "$TMP/out.ndjson" 2>"$TMP/err" &
    pid=$!
    n=0
    while [ -z "$(ls -A "$TMP" | grep '^\.out\.ndjson\.inspex-')" ] && [ $n -lt 100 ]; do
        sleep 0.05
        n=$((n + 1))
    done
    kill -"$1" $pid
    wait $pid
    rc=$?
    kill $feeder 2>/dev/null
    wait $feeder 2>/dev/null
    : >"$TMP/out"
}

for sig in INT TERM HUP; do
    current="signal-$sig"
    killed $sig
    expect_rc $((128 + $(kill -l $sig)))
    expect_no_file "$TMP/out.ndjson"
    expect_true test -z "$(ls -A "$TMP" | grep '^\.out\.ndjson')"
done

# A run killed outright (SIGKILL) leaves its temporary: the next run
# into the same output removes it, and leaves a live run's alone.
printf '%s\n%s\n' "$HEAD" "$ROW" >"$TMP/ok.csv"
: >"$TMP/.out.ndjson.inspex-2147483646.Ab12Cd"
: >"$TMP/.out.ndjson.inspex-$$.Xy34Zw"
run stale "$INSPEX" convert -q "$TMP/ok.csv" -o "$TMP/out.ndjson"
expect_rc 0
expect_no_file "$TMP/.out.ndjson.inspex-2147483646.Ab12Cd"
expect_true test -e "$TMP/.out.ndjson.inspex-$$.Xy34Zw"
expect_true test -s "$TMP/out.ndjson"

finish
