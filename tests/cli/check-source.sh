#!/bin/sh
# SPDX-License-Identifier: MIT
# check-source.sh - the source checks of make check catch what they are
# for: scripts/check-source on a file with each banned call and an
# over-long line, scripts/complexity on functions over its cutoff and on
# stale allow-list entries (each script's --self-test).
. "$(dirname "$0")/lib.sh"

run check-source-self-test "$top_srcdir/scripts/check-source" --self-test
expect_rc 0
expect_out_has "check-source self-test: ok"

if command -v pmccabe >/dev/null 2>&1; then
    run complexity-self-test "$top_srcdir/scripts/complexity" --self-test
    expect_rc 0
    expect_out_has "complexity self-test: ok"
else
    echo "SKIP: complexity self-test: pmccabe is not installed"
fi

# Every source git knows of carries its SPDX licence line (LICENSE); a
# release tarball has no git to list them, and is checked before it is made.
if git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
    run spdx-every-source sh -c "cd '$top_srcdir' && python3 scripts/spdx check"
    expect_rc 0
else
    echo "SKIP: spdx check: not in a git checkout"
fi

finish
