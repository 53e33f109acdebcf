#!/bin/sh
# SPDX-License-Identifier: MIT
# install-check.sh - `make install` into a scratch prefix, then check that
# the installed inspex finds its plugins with no environment variable, from
# another directory, and that a third-party plugin builds out of tree with
# nothing but `pkg-config --cflags --libs inspex`.
# Usage: tests/install-check.sh SRCDIR
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/inspex-install-XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
mkdir "$work/build"
cd "$work/build"
"$src/configure" -q --prefix="$prefix" --enable-werror
make -j"$(nproc)" >/dev/null
make install >/dev/null
cd /
unset INSPEX_PLUGIN_PATH
fail() { echo "FAIL: install-check: $*"; exit 1; }

"$prefix/bin/inspex" formats >"$work/formats" || fail "inspex formats"
grep -q "^csv .*$prefix/lib/inspex/plugins/csv.so" "$work/formats" ||
    fail "installed inspex does not list its installed plugins: $(cat "$work/formats")"
"$prefix/bin/inspex" convert "$src/fixtures/ratings.csv" -t ndjson >"$work/out" ||
    fail "installed inspex cannot convert"
[ "$(wc -l <"$work/out")" -eq 4 ] || fail "wrong output"
[ -f "$prefix/share/man/man1/inspex.1" ] || fail "man page not installed"
"$prefix/bin/inspex" frameworks >"$work/frameworks" || fail "inspex frameworks"
# as many as the tree ships, whatever that number is
[ "$(wc -l <"$work/frameworks")" -eq "$(ls "$src"/frameworks/*.json | wc -l)" ] ||
    fail "installed inspex does not find its frameworks: $(cat "$work/frameworks")"
"$prefix/bin/inspex" frameworks --json hmip-youth-2018 |
    grep -q "\"file\": \"$prefix/share/inspex/frameworks/hmip-youth-2018.json\"" ||
    fail "frameworks not read from the installed directory"

# the pdf plugin (issue 18) finds its poppler module installed in pdf/
# beside it, and the registry does not take the module for a plugin
if [ -f "$prefix/lib/inspex/plugins/pdf.so" ]; then
    [ -f "$prefix/lib/inspex/plugins/pdf/pdftext.so" ] ||
        fail "the pdf plugin's module is not installed"
    (cd "$work/build" && make tests/support/mkpdf >/dev/null) ||
        fail "tests/support/mkpdf does not build"
    "$work/build/tests/support/mkpdf" \
        "$src/tests/cli/pdf-fixtures/medway-2020.txt" "$work/medway.pdf" ||
        fail "mkpdf"
    for sb in true false; do
        "$prefix/bin/inspex" convert -q -O sandbox=$sb -t ndjson \
            "$work/medway.pdf" >"$work/out" ||
            fail "installed inspex cannot read a PDF (sandbox=$sb)"
        grep -q '"score":18' "$work/out" || fail "PDF output: $(cat "$work/out")"
    done
    "$prefix/bin/inspex" plugins check >"$work/plugins" 2>&1 ||
        fail "inspex plugins check: $(cat "$work/plugins")"
    grep -q ' 0 broken' "$work/plugins" && ! grep -q pdftext "$work/plugins" ||
        fail "the module is taken for a plugin: $(cat "$work/plugins")"
fi

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
plugindir=$(pkg-config --variable=plugindir inspex)
[ "$plugindir" = "$prefix/lib/inspex/plugins" ] || fail "plugindir is $plugindir"
# A plugin built outside the tree against the installed headers only.
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -o "$plugindir/lines.so" \
    "$src/tests/plugins/noprobe.c" $(pkg-config --cflags --libs inspex) ||
    fail "out-of-tree plugin does not build"
printf 'Medway YOT\n' >"$work/names.txt"
LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/inspex" convert -f noprobe \
    "$work/names.txt" -t ndjson >"$work/out" || fail "out-of-tree plugin not loaded"
grep -q '"body_name":"Medway YOT"' "$work/out" || fail "out-of-tree plugin output"

# sdk (issue 16): the plugin template, from nothing to a conversion with
# the installed inspex and pkg-config alone
cd "$work"
PATH="$prefix/bin:$PATH" LD_LIBRARY_PATH="$prefix/lib" \
    inspex plugins new pipes "$work/pipes" >/dev/null ||
    fail "inspex plugins new"
cd "$work/pipes"
make >/dev/null || fail "the template does not build with pkg-config"
make install >/dev/null || fail "the template does not install"
[ -f "$plugindir/pipes.so" ] || fail "the template is not in $plugindir"
LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/inspex" convert sample.pipes \
    -t ndjson >"$work/out" || fail "the installed template does not convert"
grep -q '"body_name":"Essex YOS"' "$work/out" || fail "template output: $(cat "$work/out")"
if pkg-config --exists cmocka; then
    PATH="$prefix/bin:$PATH" LD_LIBRARY_PATH="$prefix/lib" make check \
        >"$work/check" 2>&1 || fail "the template's make check: $(tail -5 "$work/check")"
fi
cd /
echo "install check: 2 passed, 0 failed"
