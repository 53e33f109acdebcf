#!/bin/sh
# SPDX-License-Identifier: MIT
# encodings.sh - CSV input in other character encodings (-O encoding=),
# converted to UTF-8 by iconv(3); the files are made here with iconv(1).
. "$(dirname "$0")/lib.sh"

# utf8_to ENCODING FILE TEXT: TEXT (UTF-8, printf format) saved in ENCODING.
utf8_to() {
    printf "$3" | iconv -f UTF-8 -t "$1" >"$2" ||
        { echo "FAIL: iconv cannot make $1"; failed=$((failed + 1)); }
}

# UTF-16LE with its byte-order mark, as Excel's "Unicode text" saves it:
# read as UTF-16 (the mark says the byte order) or as UTF-16LE (the mark
# is then a UTF-8 one, skipped like any other).
utf8_to UTF-16LE "$TMP/u16.csv" '\357\273\277body_name,region,notes\r\nŁódź YOS,Wales,“naïve” – 5 €\r\n'
for enc in UTF-16 UTF-16LE utf-16le; do
    run "utf-16-$enc" "$INSPEX" convert -O encoding=$enc "$TMP/u16.csv" -t ndjson
    expect_rc 0
    expect_out_has '"body_name":"Łódź YOS","region":"Wales"'
    expect_out_has '["notes","“naïve” – 5 €"]'
done

# Central European windows-1250 and ISO-8859-15 (latin-9, with the euro)
utf8_to windows-1250 "$TMP/cp1250.csv" 'body_name,region\nŠťastný Žďár YOS,Łódź\n'
run windows-1250 "$INSPEX" convert -O encoding=windows-1250 "$TMP/cp1250.csv" -t ndjson
expect_rc 0
expect_out_has '"body_name":"Šťastný Žďár YOS","region":"Łódź"'
utf8_to ISO-8859-15 "$TMP/latin9.csv" 'body_name,notes\nCafé Œuvre YOS,€ 5 Šž Ÿ\n'
run iso-8859-15 "$INSPEX" convert -O encoding=ISO-8859-15 "$TMP/latin9.csv" -t ndjson
expect_rc 0
expect_out_has '"body_name":"Café Œuvre YOS"'
expect_out_has '["notes","€ 5 Šž Ÿ"]'
# the same bytes as ISO-8859-1 are other letters
run iso-8859-1 "$INSPEX" convert -O encoding=latin-1 "$TMP/latin9.csv" -t ndjson
expect_rc 0
expect_out_has '["notes","¤ 5 ¦¸ ¾"]'

# Errors keep their line numbers: the third line of a UTF-16 file
utf8_to UTF-16 "$TMP/bad16.csv" 'body_name,1.1\nA YOS,Good\nB YOS,Goodish\n'
run utf-16-line "$INSPEX" convert -O encoding=UTF-16 "$TMP/bad16.csv" -t ndjson
expect_rc 1
expect_err_has "inspex: $TMP/bad16.csv:3:7: unknown rating \"Goodish\" for standard 1.1"

# A byte the encoding does not define, where it is
printf 'body_name\nA\201\n' >"$TMP/undef.csv"
run undefined-byte "$INSPEX" convert -O encoding=windows-1252 "$TMP/undef.csv" -t ndjson
expect_rc 1
expect_err "inspex: $TMP/undef.csv:2:2: byte 0x81 is not defined in windows-1252"

# An encoding iconv does not know
run unknown-encoding "$INSPEX" convert -O encoding=klingon "$FIX/ratings.csv" -t ndjson
expect_rc 2
expect_err "inspex: $FIX/ratings.csv: unknown character encoding 'klingon' (\`iconv -l\` lists the ones this system knows)"

# A UTF-8 byte-order mark is skipped by every importer, once, and only
# at the start
printf '\357\273\277body_name,region\nA YOS,Wales\n' >"$TMP/bom.csv"
printf '\357\273\277{"body_name":"A YOS","region":"Wales"}\n' >"$TMP/bom.ndjson"
printf '\357\273\277[{"body_name":"A YOS","region":"Wales"}]' >"$TMP/bom.json"
for f in bom.csv bom.ndjson bom.json; do
    run "bom-$f" "$INSPEX" convert "$TMP/$f" -t ndjson
    expect_rc 0
    expect_out_has '{"body_name":"A YOS","region":"Wales"'
done
printf '{"body_name":"A YOS"}\n\357\273\277{"body_name":"B YOS"}\n' >"$TMP/bom2.ndjson"
run bom-not-first "$INSPEX" convert "$TMP/bom2.ndjson" -t ndjson
expect_rc 1
expect_err_has "bom2.ndjson:2:1: '[' or '{' expected"

finish
