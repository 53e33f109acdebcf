#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""rejects.py - reads an inspex rejects file back (the format of inspex(1),
--rejects): for each record a "# reason" line, a "# N bytes" (or "# N of
TOTAL bytes (cut)") line, then exactly N bytes and a line break when they do
not end with one. Writes each record's bytes to OUTDIR/N (1, 2, ...) and its
reason to OUTDIR/N.reason; exits 1 on a file that does not follow the
format."""
import os
import re
import sys


def main():
    data = open(sys.argv[1], "rb").read()
    out = sys.argv[2]
    pos, n = 0, 0
    count = re.compile(rb"# (\d+)(?: of (\d+))? bytes(?: \(cut\))?\n")
    while pos < len(data):
        nl = data.find(b"\n", pos)
        if not data.startswith(b"# ", pos) or nl < 0:
            sys.exit("record %d: no reason line at byte %d" % (n + 1, pos))
        reason = data[pos + 2:nl]
        pos = nl + 1
        m = count.match(data, pos)
        if not m:
            sys.exit("record %d: no byte count at byte %d" % (n + 1, pos))
        size = int(m.group(1))
        pos = m.end()
        raw = data[pos:pos + size]
        if len(raw) != size:
            sys.exit("record %d: %d bytes, not %d" % (n + 1, len(raw), size))
        pos += size
        if not raw.endswith(b"\n"):
            if data[pos:pos + 1] != b"\n":
                sys.exit("record %d: no line end after it" % (n + 1))
            pos += 1
        n += 1
        with open(os.path.join(out, str(n)), "wb") as f:
            f.write(raw)
        with open(os.path.join(out, "%d.reason" % n), "wb") as f:
            f.write(reason)
    print(n)


main()
