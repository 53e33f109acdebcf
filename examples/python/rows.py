#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""rows.py - an inspex plugin in Python, run out of process.

The "rows" format: a "# rows" line, then one inspection per line,
"body name;published;overall rating". `rows.py import` reads it on stdin
and writes inspex NDJSON on stdout; `rows.py export` reads inspex NDJSON
on stdin and writes rows on stdout. Rejects and warnings go to stderr as
JSON lines, with the line of the input they are about. The manifest
rows.inspex-plugin names it; copy both into a plugin directory.
"""
import json
import os
import re
import sys

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def say(**kw):
    print(json.dumps(kw), file=sys.stderr)


def do_import():
    sep = os.environ.get("INSPEX_OPTION_SEPARATOR", ";")
    for n, raw in enumerate(sys.stdin.buffer, start=1):
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line or line.startswith("#"):
            continue
        cells = line.split(sep)
        if len(cells) != 3:
            say(reject="%d cells, not 3 (name%spublished%srating)"
                % (len(cells), sep, sep),
                line=n, column=1, raw=raw.decode("utf-8", "replace"))
            continue
        name, published, rating = (c.strip() for c in cells)
        record = {"body_name": name}
        if published:
            if not DATE.match(published):
                say(warning="published date %r is not YYYY-MM-DD; left out"
                    % published, line=n, column=len(name) + 2)
            else:
                record["published"] = published
        if rating:
            record["overall_rating"] = rating
        print(json.dumps(record))


def do_export():
    print("# rows")
    for line in sys.stdin:
        if not line.strip():
            continue
        r = json.loads(line)
        print(";".join([r.get("body_name", ""), r.get("published", ""),
                        r.get("overall_rating", "")]))


if __name__ == "__main__":
    {"import": do_import, "export": do_export}[sys.argv[1]]()
