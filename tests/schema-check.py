#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""schema-check.py SCHEMA FILE... - validates each JSON FILE against the
JSON Schema SCHEMA and prints one line per problem; exits 1 on any."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    with open(path) as f:
        doc = json.load(f)
    for e in validator.iter_errors(doc):
        where = "/".join(str(p) for p in e.absolute_path)
        print(f"{path}: {where}: {e.message}")
        bad += 1
print(f"schema check: {len(sys.argv) - 2} files, {bad} problems")
sys.exit(1 if bad else 0)
