#!/bin/sh
# SPDX-License-Identifier: MIT
# plugins.sh - the plugin search path and the broken plugin fixtures.
. "$(dirname "$0")/lib.sh"

TP="$top_builddir/tests/plugins/.libs"
WARNINGS="inspex: warning: skipping plugin $TP/nosymbol.so: no inspex_plugin_entry symbol: not an inspex plugin
inspex: warning: skipping plugin $TP/wrongabi.so: built for plugin ABI 999, this inspex uses ABI 1"

run plugin-dir "$INSPEX" formats --plugin-dir "$TP"
expect_rc 0
expect_err "$WARNINGS"
expect_out_has "noprobe  import"
expect_out_has "csv      import export"

run quiet "$INSPEX" formats -q --plugin-dir "$TP"
expect_rc 0
expect_err ""

run env-path env INSPEX_PLUGIN_PATH="/nonexistent:$TP" "$INSPEX" formats
expect_rc 0
expect_err "$WARNINGS"
expect_out_has "noprobe  import"

run wrong-abi-asked "$INSPEX" convert -q --plugin-dir "$TP" -f wrongabi "$FIX/ratings.csv" -t json
expect_rc 4
expect_err "inspex: format 'wrongabi' is unavailable: plugin $TP/wrongabi.so was skipped: built for plugin ABI 999, this inspex uses ABI 1"

run wrong-abi-formats "$INSPEX" formats -q --plugin-dir "$TP" wrongabi
expect_rc 4

WRITERS=$("$INSPEX" formats | awk '/ export /{printf "%s%s", s, $1; s=", "}')
run import-only-as-output "$INSPEX" convert -q --plugin-dir "$TP" "$FIX/ratings.csv" -t noprobe
expect_rc 2
expect_err "inspex: format 'noprobe' cannot write; formats that can: $WRITERS"

printf 'Medway YOT\nCardiff YOS\n' >"$TMP/names.txt"
run noprobe-named "$INSPEX" convert -q --plugin-dir "$TP" -f noprobe "$TMP/names.txt" -t ndjson
expect_rc 0
expect_out_has '{"body_name":"Cardiff YOS"}'

run missing-plugin-dir "$INSPEX" formats --plugin-dir /nonexistent
expect_rc 2
expect_err "inspex: /nonexistent: cannot open plugin directory"

# ---- sdk (issue 16): a misbehaving plugin is named, and does no harm -------
CR="$top_builddir/tests/plugins/crash/.libs"
export INSPEX_PLUGIN_CACHE="$TMP/plugin-cache"
export INSPEX_PROBE_TIMEOUT=0.5
printf 'CRASHY\nMedway YOT\n' >"$TMP/in.txt"
# one_plugin VARIANT: a folder with only that build of the crashy plugin
one_plugin() {
    rm -rf "$TMP/one"
    mkdir "$TMP/one"
    cp "$CR/$1.so" "$TMP/one/"
}
crash_line() {
    echo "inspex: plugin '$1' ($TMP/one/$2.so) $3; see 'inspex plugins check'"
}

one_plugin ctor
run crash-ctor "$INSPEX" formats --plugin-dir "$TMP/one"
expect_rc 4
expect_err "$(crash_line ctor ctor 'crashed in load (SIGSEGV)')"
# the next command skips it by name, with the reason
run crash-ctor-skipped "$INSPEX" formats --plugin-dir "$TMP/one"
expect_rc 0
expect_err "inspex: warning: skipping plugin $TMP/one/ctor.so: crashed in load (SIGSEGV) before; 'inspex plugins check' checks it again"
# until the file changes
rm -f "$INSPEX_PLUGIN_CACHE"

one_plugin entry
run crash-entry "$INSPEX" formats --plugin-dir "$TMP/one"
expect_rc 4
expect_err "$(crash_line entry entry 'crashed in inspex_plugin_entry (SIGSEGV)')"
rm -f "$INSPEX_PLUGIN_CACHE"

one_plugin probe
run crash-probe "$INSPEX" convert --plugin-dir "$TMP/one" "$TMP/in.txt" -t ndjson -o "$TMP/out.ndjson"
expect_rc 4
expect_err "$(crash_line crashy probe 'crashed in probe (SIGSEGV)')"
expect_no_file "$TMP/out.ndjson"
expect_true test -z "$(ls -A "$TMP" | grep '^\.out\.ndjson')"
# afterwards the other plugins still choose by content
run crash-probe-skipped "$INSPEX" convert -q --plugin-dir "$TMP/one" - -t ndjson <"$FIX/ratings.csv"
expect_rc 0
expect_out_has '"body_name":"Medway YOT"'
rm -f "$INSPEX_PLUGIN_CACHE"

one_plugin hang
run hang-probe "$INSPEX" convert --plugin-dir "$TMP/one" "$TMP/in.txt" -t ndjson
expect_rc 4
expect_err "$(crash_line crashy hang 'hung in probe (did not return within 0.5 s)')"
rm -f "$INSPEX_PLUGIN_CACHE"

one_plugin import
run crash-import "$INSPEX" convert --plugin-dir "$TMP/one" -f crashy "$TMP/in.txt" -t ndjson -o "$TMP/out.ndjson"
expect_rc 4
expect_err "$(crash_line crashy import 'crashed in import (SIGSEGV)')"
expect_true test -z "$(ls -A "$TMP" | grep '^\.out\.ndjson')"
# a crash in import depends on the input: the plugin is not skipped later
expect_no_file "$INSPEX_PLUGIN_CACHE"

one_plugin exit
run exit-import "$INSPEX" convert --plugin-dir "$TMP/one" -f crashy "$TMP/in.txt" -t ndjson -o "$TMP/out.ndjson"
expect_rc 4
expect_err "$(crash_line crashy exit 'called exit() in import')"
expect_no_file "$TMP/out.ndjson"

one_plugin export
run crash-export "$INSPEX" convert -q --plugin-dir "$TMP/one" "$FIX/ratings.csv" -o "$TMP/out.crashy"
expect_rc 4
expect_err "$(crash_line crashy export 'crashed in export_record (SIGSEGV)')"
expect_no_file "$TMP/out.crashy"
expect_true test -z "$(ls -A "$TMP" | grep '^\.out\.crashy')"

# ---- sdk (issue 16): descriptors, extensions, the old header, the checks --
OD="$top_builddir/tests/plugins/odd/.libs"
one_odd() {
    rm -rf "$TMP/one"
    mkdir "$TMP/one"
    for f in "$@"; do cp "$f" "$TMP/one/"; done
}
one_odd "$OD/reserved.so" "$OD/option.so" "$OD/default.so"
run odd-descriptors "$INSPEX" formats --plugin-dir "$TMP/one"
expect_rc 0
expect_err "inspex: warning: skipping plugin $TMP/one/default.so: its default is invalid: option 'count' takes a whole number, not 'many'
inspex: warning: skipping plugin $TMP/one/option.so: option 'layout' is a choice without choices
inspex: warning: skipping plugin $TMP/one/reserved.so: reserved[2] is not NULL"
run formats-json-broken "$INSPEX" formats -q --json --plugin-dir "$TMP/one"
expect_rc 0
expect_out_has '"broken": "reserved[2] is not NULL"'

# two plugins claiming .csv: an error naming both, unless -f chooses
one_odd "$OD/csv.so"
CSVSO=$("$INSPEX" formats | awk '$1 == "csv" {print $NF}')
run extension-claimed-twice "$INSPEX" convert --plugin-dir "$TMP/one" "$FIX/ratings.csv" -t ndjson
expect_rc 2
expect_err "inspex: extension .csv is claimed by formats 'odd' ($TMP/one/csv.so) and 'csv' ($CSVSO); name one with -f"
run extension-chosen "$INSPEX" convert -q --plugin-dir "$TMP/one" -f csv "$FIX/ratings.csv" -t ndjson
expect_rc 0

# a plugin built against the first plugin header still loads and works
one_odd "$top_builddir/tests/plugins/frozen/.libs/frozen.so"
printf 'Medway YOT\nEssex YOS\n' >"$TMP/two.frozen"
run frozen-header "$INSPEX" convert -q --plugin-dir "$TMP/one" "$TMP/two.frozen" -t ndjson
expect_rc 0
expect_out_has '{"body_name":"Essex YOS"}'
run frozen-headers-shown "$INSPEX" formats --plugin-dir "$TMP/one" frozen
expect_out_has "headers:      not recorded (built before descriptors carried it)"
run headers-shown "$INSPEX" formats csv
expect_out_has "headers:      0.1."

# plugins check: each broken file with the step it broke in, conflicts,
# shadowing; afterwards the broken ones are skipped by name
rm -f "$INSPEX_PLUGIN_CACHE"
one_odd "$CR/probe.so" "$CR/hang.so" "$CR/exit.so" "$OD/csv.so"
mkdir "$TMP/one/later"
cp "$TMP/one/csv.so" "$TMP/one/later/csv.so"
run plugins-check "$INSPEX" plugins check --plugin-dir "$TMP/one" --plugin-dir "$TMP/one/later"
expect_rc 4
expect_out_has "broken    crashy ($TMP/one/probe.so): crashed in probe (empty input) (SIGSEGV)"
expect_out_has "broken    crashy ($TMP/one/hang.so): hung in probe (empty input) (did not return within 0.5 s)"
expect_out_has "ok        crashy ($TMP/one/exit.so), headers 0.1."
expect_out_has "shadowed  odd ($TMP/one/later/csv.so): not used, 'odd' from $TMP/one/csv.so comes first on the search path"
expect_out_has "conflict  .csv is claimed by 'odd' ($TMP/one/csv.so) and 'csv' ($CSVSO): a file named *.csv needs -f"
expect_out_has "broken, 1 extension conflict"
run plugins-check-skips "$INSPEX" formats --plugin-dir "$TMP/one"
expect_rc 0
expect_err_has "inspex: warning: skipping plugin $TMP/one/probe.so: crashed in probe (empty input) (SIGSEGV) before; 'inspex plugins check' checks it again"
run plugins-check-json "$INSPEX" plugins check --json --plugin-dir "$TMP/one"
expect_rc 4
expect_out_has '"reason": "crashed in probe (empty input) (SIGSEGV)"'
# a sound set checks clean
one_odd "$top_builddir/tests/plugins/.libs/noprobe.so"
run plugins-check-clean "$INSPEX" plugins check --plugin-dir "$TMP/one"
expect_rc 0
expect_out_has "ok        noprobe ($TMP/one/noprobe.so)"

# plugins test: the conformance suite
run plugins-test-csv "$INSPEX" plugins test "$CSVSO" "$FIX/ratings.csv"
expect_rc 0
expect_out_has "ok: --keep-going: 1 rejected with its bytes"
expect_out_has "ok: every field, item and extra: the same after export and import"
expect_out_has "csv: 0 failures"
run plugins-test-exit "$INSPEX" plugins test "$CR/exit.so" "$TMP/in.txt"
expect_rc 4
expect_err "inspex: plugin 'crashy' ($CR/exit.so) called exit() in import; see 'inspex plugins check'"

# inspex probe: every score, and why the winner won
cp "$FIX/ratings.csv" "$TMP/ratings.txt"
run probe-content "$INSPEX" probe "$TMP/ratings.txt"
expect_rc 0
expect_out_has "csv         50  likely"
expect_out_has "chosen: csv, by its content (probe score 50 of 100): the highest score, and no other as high"
run probe-extension "$INSPEX" probe "$FIX/ratings.csv"
expect_out_has "chosen: csv, by the extension .csv (an extension decides before content)"

# ---- sdk (issue 16): a C++ plugin (examples/cpp), its warnings named -----
if command -v g++ >/dev/null 2>&1; then
    rm -rf "$TMP/cpp"
    mkdir "$TMP/cpp"
    run cpp-build g++ -std=c++20 -Wall -Wextra -Werror -shared -fPIC \
        -I"$top_srcdir/include" -I"$top_builddir" -o "$TMP/cpp/lines.so" \
        "$top_srcdir/examples/cpp/lines.cpp" -L"$top_builddir/.libs" -linspex
    expect_rc 0
    run cpp-export "$INSPEX" convert --plugin-dir "$TMP/cpp" "$FIX/ratings.csv" -o "$TMP/r.lines"
    expect_rc 0
    expect_err_has "inspex: $FIX/ratings.csv:2: warning: Medway YOT: the publication date is not kept (plugin 'lines')"
    mv "$TMP/r.lines" "$TMP/r.txt"
    run cpp-import "$INSPEX" convert -q --plugin-dir "$TMP/cpp" "$TMP/r.txt" -t ndjson
    expect_rc 0
    expect_out_has '{"body_name":"Medway YOT"}'
else
    echo "SKIP: C++ plugin: no g++"
fi

# ---- sdk (issue 16): out-of-process plugins (examples/python) ------------
if command -v python3 >/dev/null 2>&1; then
    rm -rf "$TMP/py"
    mkdir "$TMP/py"
    cp "$top_srcdir/examples/python/rows.py" "$top_srcdir/examples/python/rows.inspex-plugin" "$TMP/py/"
    printf '# rows\nMedway YOT;2020-06-04;Requires improvement\nbad row\nEssex YOS;7 Dec 2018;Good\n' >"$TMP/in.rows"
    run py-import "$INSPEX" convert --plugin-dir "$TMP/py" --keep-going --rejects "$TMP/rej.txt" "$TMP/in.rows" -t ndjson
    expect_rc 1
    expect_out_has '{"body_name":"Medway YOT","framework":"hmip-youth-2018","published":"2020-06-04","overall_rating":"Requires improvement"}'
    expect_out_has '{"body_name":"Essex YOS","overall_rating":"Good"}'
    expect_err_has "inspex: $TMP/in.rows:4:11: warning: published date '7 Dec 2018' is not YYYY-MM-DD; left out (plugin 'rows')"
    expect_file "$TMP/rej.txt" "# $TMP/in.rows:3:1: 1 cells, not 3 (name;published;rating)
# 8 bytes
bad row"
    run py-no-keep-going "$INSPEX" convert -q --plugin-dir "$TMP/py" "$TMP/in.rows" -o "$TMP/o.ndjson"
    expect_rc 1
    expect_err "inspex: $TMP/in.rows:3:1: 1 cells, not 3 (name;published;rating) (plugin 'rows')
inspex: 1 of 3 records is invalid, so nothing was written; --keep-going writes the other 2, and --rejects FILE keeps the invalid one with its reason"
    expect_no_file "$TMP/o.ndjson"
    # chosen by its manifest's probe, options through the environment
    tr ';' '|' <"$TMP/in.rows" | sed 3d >"$TMP/in.txt"
    run py-probe-option "$INSPEX" convert -q --plugin-dir "$TMP/py" -O separator='|' "$TMP/in.txt" -t ndjson
    expect_rc 0
    expect_out_has '{"body_name":"Essex YOS","overall_rating":"Good"}'
    run py-export "$INSPEX" convert -q --plugin-dir "$TMP/py" "$FIX/ratings.csv" -o "$TMP/out.rows"
    expect_rc 0
    expect_file "$TMP/out.rows" "# rows
Medway YOT;2020-06-04;Requires improvement
Rotherham YOT;2020-12-17;Requires improvement
Essex YOS;2018-12;Outstanding
Cardiff YOS;2020;Inadequate"
    # a program that crashes is a failed child, named
    printf '{"name": "dies", "extensions": ["dies"], "import": ["sh", "-c", "echo reading >&2; kill -SEGV $$"]}\n' >"$TMP/py/dies.inspex-plugin"
    : >"$TMP/x.dies"
    run py-crash "$INSPEX" convert -q --plugin-dir "$TMP/py" "$TMP/x.dies" -t ndjson -o "$TMP/o.ndjson"
    expect_rc 4
    expect_err "inspex: $TMP/x.dies: plugin 'dies' ($TMP/py/dies.inspex-plugin): sh was killed by signal 11: reading"
    expect_no_file "$TMP/o.ndjson"
    printf '{"name": "bad", "import": "not a list"}\n' >"$TMP/py/bad.inspex-plugin"
    run py-bad-manifest "$INSPEX" formats --plugin-dir "$TMP/py"
    expect_err_has "inspex: warning: skipping plugin $TMP/py/bad.inspex-plugin: \"import\" and \"export\" are a program and its arguments: [\"python3\", \"prog.py\"]"
else
    echo "SKIP: out-of-process plugins: no python3"
fi

# the guide's man page is made from the guide (scripts/md2man)
if command -v python3 >/dev/null 2>&1; then
    run guide-man python3 "$top_srcdir/scripts/md2man" "$top_srcdir/docs/writing-plugins.md" inspex-writing-plugins 7
    expect_rc 0
    expect_true cmp -s "$TMP/out" "$top_srcdir/docs/man/inspex-writing-plugins.7"
fi

finish
