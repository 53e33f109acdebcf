#!/bin/sh
# SPDX-License-Identifier: MIT
# roundtrip.sh - every fixture, and every data-driven case that imports,
# through every exporter (each CSV layout) and back through its importer:
# the model that comes back is the model the input gives directly,
# compared as inspex JSON (judgements by code, as the model compares
# them). What a format cannot carry is named below, per format, and in
# docs/formats.md; anything else that differs fails.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
# some runs happen inside the input's folder: an absolute inspex
case $INSPEX in /*) ;; *) INSPEX=$(pwd)/$INSPEX ;; esac

# ---- what each format cannot carry -------------------------------------
# VARIANT (a format, or FORMAT:LAYOUT) then one of:
#   REFUSES KIND...  a record holding one of these kinds is refused on
#                    export ("cannot write record N in the LAYOUT layout:
#                    it has ..."), never written without them. Kinds:
#                    judgements strands recommendations findings actions
#                    sources
#   REFUSAL TEXT     an export may also fail with a message holding TEXT
#                    (data the format has no place for, refused, not lost)
#   DIFFERS WHAT...  what may come back different: a model path
#                    (judgements.*.title), or extra:empty (an extra key
#                    with an empty value and no key at all are one empty
#                    cell)
# A format (or CSV layout) not named here must carry everything. Each
# limit is in docs/formats.md.
cat >"$TMP/limits" <<'EOF'
csv:wide     DIFFERS extra:empty
csv:wide     REFUSAL has no column (the columns come from the first 256 records)
csv:long     DIFFERS extra:empty
csv:long     REFUSES strands recommendations findings actions sources
csv:long     REFUSAL has no column (the columns come from the first 256 records)
csv:actions  DIFFERS extra:empty
csv:actions  REFUSES judgements strands recommendations findings sources
csv:actions  REFUSAL has no column (the columns come from the first 256 records)
xlsx         DIFFERS extra:empty
xlsx         REFUSAL has no column (the columns come from the first 256 records)
ods          DIFFERS extra:empty
ods          REFUSAL has no column (the columns come from the first 256 records)
ods          REFUSAL which an ODS cell cannot hold
xml          REFUSAL a character XML 1.0 cannot carry
EOF

# ---- known losses, reported to be fixed --------------------------------
# INPUT VARIANT: the one input (a fixture, or data/FORMAT/CASE) through
# the one exporter that is skipped; everything else still runs. Remove a
# line when its loss is fixed.
#  - data/csv/fuzz-two-rating-columns through csv:long: an extra column
#    whose name holds "standard" or "rating" is read back as the layout's
#    own role column (an extra key "standard rating" takes the ratings).
#  - data/xlsx/sheet-by-name through csv:actions: the same with an extra
#    column "Recommendation", which the actions layout reads as its own.
cat >"$TMP/skips" <<'EOF'
data/csv/fuzz-two-rating-columns csv:long
data/xlsx/sheet-by-name csv:actions
EOF

cat >"$TMP/rt.py" <<'EOF'
import json, sys

KINDS = ("judgements", "strands", "recommendations", "findings", "actions",
         "sources")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["inspections"]


def kinds(insp):
    """The kinds of things a record holds."""
    have = set()
    j = insp.get("judgements") or {}
    if j:
        have.add("judgements")
    if any(v.get("strands") for v in j.values()):
        have.add("strands")
    for k in KINDS[2:]:
        if insp.get(k):
            have.add(k)
    return have


def limits(path, variant):
    refuses, differs, refusals = set(), set(), []
    with open(path) as f:
        for line in f:
            w = line.split(None, 2)
            if len(w) < 3 or w[0] != variant:
                continue
            if w[1] == "REFUSES":
                refuses.update(w[2].split())
            elif w[1] == "DIFFERS":
                differs.update(w[2].split())
            elif w[1] == "REFUSAL":
                refusals.append(w[2].strip())
    return refuses, differs, refusals


def strip(v, path, differs):
    """v without the model paths in differs ("extra", "judgements.*.title")."""
    if path == ("extra",) and "extra:empty" in differs:
        v = [kv for kv in v if kv[1] != ""]
        path = ("extra", "[]")
    if isinstance(v, dict):
        return {k: strip(x, path + (k,), differs) for k, x in v.items()
                if ".".join(path + (k,)) not in differs and
                ".".join(path[:-1] + ("*", k)) not in differs}
    if isinstance(v, list):
        return [strip(x, path if path[-1:] == ("[]",) else path + ("[]",),
                      differs) for x in v]
    return v


def diff(a, b, where=""):
    """The first place a and b differ, as text, or None."""
    if type(a) is not type(b):
        return "%s: %s against %s" % (where or "record", json.dumps(a)[:200],
                                      json.dumps(b)[:200])
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return "%s.%s: only in the %s" % (where, k, "input" if k in a
                                                  else "round trip")
            d = diff(a[k], b[k], where + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items against %d" % (where, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, "%s[%d]" % (where, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %s against %s" % (
        where, json.dumps(a)[:200], json.dumps(b)[:200])


def main():
    cmd = sys.argv[1]
    if cmd == "exporters":
        # every format that both writes and reads, and each CSV-like
        # layout its exporter offers
        for f in json.load(open(sys.argv[2])):
            caps = f.get("capabilities", [])
            if "export" not in caps or "import" not in caps:
                continue
            layouts = [o.get("choices", "").split("|")
                       for o in f.get("options", [])
                       if o["name"] == "layout" and
                       "export" in o.get("applies_to", "")]
            if layouts:
                for l in layouts[0]:
                    print("%s:%s" % (f["name"], l))
            else:
                print(f["name"])
    elif cmd == "guarded":
        # formats whose exporter guards cells against spreadsheet formulas
        for f in json.load(open(sys.argv[2])):
            if any(o["name"] == "formula-guard" for o in f.get("options", [])):
                print(f["name"])
    elif cmd == "refused":
        # the first record the variant must refuse, and what it holds
        ref, variant = load(sys.argv[2]), sys.argv[4]
        refuses = limits(sys.argv[3], variant)[0]
        for n, insp in enumerate(ref, 1):
            bad = kinds(insp) & refuses
            if bad:
                print(n)
                return
    elif cmd == "compare":
        ref, back = load(sys.argv[2]), load(sys.argv[3])
        differs = limits(sys.argv[4], sys.argv[5])[1]
        if len(ref) != len(back):
            print("%d inspections came back, not %d" % (len(back), len(ref)))
            sys.exit(1)
        for n, (a, b) in enumerate(zip(ref, back), 1):
            d = diff(strip(a, (), differs), strip(b, (), differs))
            if d:
                print("record %d%s" % (n, d))
                sys.exit(1)
    elif cmd == "refusal":
        # 0 when the export's messages hold a refusal the variant may make
        text = open(sys.argv[2], encoding="utf-8", errors="replace").read()
        for r in limits(sys.argv[3], sys.argv[4])[2]:
            if r in text:
                return
        sys.exit(1)
    elif cmd == "count":
        print(len(load(sys.argv[2])))


main()
EOF

"$INSPEX" formats --json >"$TMP/formats.json"
exporters=$($PY "$TMP/rt.py" exporters "$TMP/formats.json")
# The formula guard (on by default) prefixes ' to cells starting = + - @,
# which then read back with it, by design; the round trip turns it off.
guarded=" $($PY "$TMP/rt.py" guarded "$TMP/formats.json" | tr '\n' ' ') "

# roundtrip NAME DIR INPUT [IMPORT-ARGS...]: INPUT (in DIR) read once to
# the reference model, then through each exporter and back. The export is
# made from INPUT itself, or, with FROM_REF=1, from the reference (report
# pages: their sources carry the time they were read).
roundtrip() {
    name=$1
    dir=$2
    input=$3
    shift 3
    current="$name (reference)"
    : >"$TMP/out"
    (cd "$dir" && exec "$INSPEX" convert -q --keep-going "$@" "$input" \
        -t json -O out.pretty=true) >"$TMP/ref.json" 2>"$TMP/ref.err"
    refrc=$?
    if ! $PY "$TMP/rt.py" count "$TMP/ref.json" >"$TMP/n" 2>"$TMP/err"; then
        # a page that is not a report (or a listing not followed) is
        # invalid as a whole: exit 1 and nothing written, so nothing to
        # carry; any other failure is the test's
        if [ "$refrc" -eq 1 ] && [ ! -s "$TMP/ref.json" ]; then
            echo "SKIP: $current: the input does not import ($(head -c 200 "$TMP/ref.err"))"
            return
        fi
        bad "the reference import wrote no inspex document (exit $refrc)"
        return
    fi
    if [ "$(cat "$TMP/n")" -eq 0 ]; then
        return # nothing imports: nothing to carry
    fi
    if [ "${FROM_REF:-0}" = 1 ]; then
        : >"$TMP/ref.err" # the reference reads back without a message
    fi
    for variant in $exporters; do
        fmt=${variant%%:*}
        current="$name -> $variant"
        if grep -qx "$name $variant" "$TMP/skips"; then
            echo "SKIP: $current: a known loss (see the list in $0)"
            continue
        fi
        out=
        in=
        case $variant in
        *:*)
            out="-O out.layout=${variant#*:}"
            in="-O in.layout=${variant#*:}"
            ;;
        esac
        case $guarded in *" $fmt "*) out="$out -O out.formula-guard=false" ;; esac
        # shellcheck disable=SC2086
        if [ "${FROM_REF:-0}" = 1 ]; then
            "$INSPEX" convert -q -f json "$TMP/ref.json" -t "$fmt" $out
        else
            (cd "$dir" && exec "$INSPEX" convert -q --keep-going "$@" \
                "$input" -t "$fmt" $out)
        fi >"$TMP/exported" 2>"$TMP/err"
        refused=$($PY "$TMP/rt.py" refused "$TMP/ref.json" "$TMP/limits" \
            "$variant")
        if [ -n "$refused" ]; then
            # what the format cannot carry is refused, never dropped
            why="cannot write record $refused in the ${variant#*:} layout: it has "
            if grep -qF "$why" "$TMP/err"; then
                ok
            else
                bad "record $refused should have been refused"
            fi
            continue
        fi
        # the export says what the reference import said (the input's own
        # bad records), or makes a refusal the format may make
        if ! cmp -s "$TMP/err" "$TMP/ref.err"; then
            if $PY "$TMP/rt.py" refusal "$TMP/err" "$TMP/limits" "$variant"; then
                ok
            else
                bad "the export failed"
            fi
            continue
        fi
        # shellcheck disable=SC2086
        "$INSPEX" convert -q -f "$fmt" $in "$TMP/exported" -t json \
            -O out.pretty=true >"$TMP/back.json" 2>"$TMP/err"
        rc=$?
        if [ "$rc" -ne 0 ]; then
            bad "reading back failed with exit status $rc"
            continue
        fi
        if $PY "$TMP/rt.py" compare "$TMP/ref.json" "$TMP/back.json" \
            "$TMP/limits" "$variant" >"$TMP/out"; then
            ok
        else
            bad "the model differs"
        fi
    done
}

options_of() {
    [ -f "$1/options" ] && grep -v '^#' "$1/options" | tr '\n' ' '
}

for f in "$FIX"/*.csv "$FIX"/*.json "$FIX"/pages/*.html; do
    name=${f#"$FIX"/}
    case $name in
    *.map.json) continue ;; # the header map of scraped-ratings.csv
    scraped-ratings.csv)
        roundtrip "$name" "$FIX" "$name" -O map=scraped-ratings.map.json ;;
    pages/*)
        FROM_REF=1
        roundtrip "$name" "$FIX" "$name" -f report
        FROM_REF=0
        ;;
    *) roundtrip "$name" "$FIX" "$name" ;;
    esac
done

# the data-driven cases that import (they have an expected.json)
for exp in "$top_srcdir"/tests/data/*/*/expected.json; do
    [ -f "$exp" ] || continue
    dir=$(dirname "$exp")
    format=$(basename "$(dirname "$dir")")
    [ "$format" = framework ] && continue # a framework file, not a dataset
    input=$(cd "$dir" && ls input.*)
    # shellcheck disable=SC2046
    roundtrip "data/$format/$(basename "$dir")" "$dir" "$input" -f "$format" \
        $(options_of "$dir")
done

finish
