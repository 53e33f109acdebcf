#!/bin/sh
# SPDX-License-Identifier: MIT
# help.sh - every command's --help and docs/man/inspex.1 list the same
# options, and the man page's exit statuses are those of --help and of
# INSPEX_STATUS_MAP in include/inspex/error.h.
. "$(dirname "$0")/lib.sh"

MAN="$top_srcdir/docs/man/inspex.1"
: >"$TMP/out"
: >"$TMP/err"

# The commands, from `inspex --help`.
"$INSPEX" --help >"$TMP/help"
commands=$(sed -n '/^commands:$/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$TMP/help")
current="commands listed"
if [ -n "$commands" ]; then ok; else bad "no commands in inspex --help"; fi

# The options of the man page's OPTIONS section for command $1, one
# "--long -x" (or "--long") per line: those under each .SS heading that
# names the command or says "Every command". The tag is the line after
# .TP, with the roff escapes taken out.
man_options() {
    sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$MAN" |
        awk -v cmd="$1" '
        /^\.SS / {
            h = $0; sub(/^\.SS /, "", h); gsub(/"/, "", h); gsub(/,/, " ", h)
            mine = (h ~ /^Every command/)
            n = split(h, w, " ")
            for (i = 1; i <= n; i++) if (w[i] == cmd) mine = 1
            next
        }
        /^\.TP/ { tag = 1; next }
        tag { tag = 0; if (mine) print }' |
        sed 's/\\f[BIRP]//g; s/\\-/-/g' |
        while read -r line; do
            long=$(printf '%s\n' "$line" | grep -o -- '--[a-z][a-z-]*' | head -1)
            short=$(printf '%s\n' "$line" | grep -oE -- '(^|[ "])-[A-Za-z]([ "]|$)' |
                tr -d ' "' | head -1)
            echo "$long${short:+ $short}"
        done | sort
}

# The options of `inspex $1 --help`, in the same form.
help_options() {
    "$INSPEX" "$1" --help | sed -n 's/^  \(-[A-Za-z], \|    \)\(--[a-z][a-z-]*\).*/\2 \1/p' |
        sed 's/ *$//; s/ \(-[A-Za-z]\),$/ \1/' | sort
}

for cmd in $commands; do
    man_options "$cmd" >"$TMP/man.$cmd"
    help_options "$cmd" >"$TMP/help.$cmd"
    current="$cmd: options in --help and inspex(1)"
    if [ ! -s "$TMP/help.$cmd" ]; then
        bad "inspex $cmd --help lists no options"
    elif cmp -s "$TMP/man.$cmd" "$TMP/help.$cmd"; then
        ok
    else
        bad "only in inspex(1): $(comm -23 "$TMP/man.$cmd" "$TMP/help.$cmd" | tr '\n' ' ')" \
            "only in --help: $(comm -13 "$TMP/man.$cmd" "$TMP/help.$cmd" | tr '\n' ' ')"
    fi
    # `inspex help CMD` is `inspex CMD --help`.
    run "help $cmd" "$INSPEX" help "$cmd"
    expect_rc 0
    "$INSPEX" "$cmd" --help >"$TMP/own"
    expect_true cmp -s "$TMP/out" "$TMP/own"
done

# Every OPTIONS subsection names commands that exist.
sed -n 's/^\.SS //p' "$MAN" | tr -d '"' | tr ',' ' ' >"$TMP/sections"
current="OPTIONS subsections name commands"
unknown=""
for w in $(sed '/^Every command$/d' "$TMP/sections"); do
    case " $(echo $commands) " in *" $w "*) ;; *) unknown="$unknown $w" ;; esac
done
if [ -z "$unknown" ]; then ok; else bad "inspex(1) names no such command:$unknown"; fi

# Exit statuses: inspex(1)'s table, --help's and the last column of
# INSPEX_STATUS_MAP are the same set.
sed -n '/^\.SH EXIT STATUS/,/^\.SH /{/^\.TP/{n;s/^\.B \([0-9]*\)$/\1/p}}' "$MAN" |
    sort -u >"$TMP/exit.man"
sed -n '/^exit status:$/,/^$/s/^  \([0-9]\)  .*/\1/p' "$TMP/help" | sort -u >"$TMP/exit.help"
sed -n 's/^ *X([0-9]*, *[A-Z_]*, *".*", *\([0-9]*\)) *\\*$/\1/p' \
    "$top_srcdir/include/inspex/error.h" | sort -u >"$TMP/exit.map"
current="exit statuses: inspex(1) and --help"
if [ -s "$TMP/exit.man" ] && cmp -s "$TMP/exit.man" "$TMP/exit.help"; then ok; else
    bad "inspex(1): $(tr '\n' ' ' <"$TMP/exit.man"); --help: $(tr '\n' ' ' <"$TMP/exit.help")"
fi
current="exit statuses: inspex(1) and INSPEX_STATUS_MAP"
if [ -s "$TMP/exit.map" ] && cmp -s "$TMP/exit.man" "$TMP/exit.map"; then ok; else
    bad "inspex(1): $(tr '\n' ' ' <"$TMP/exit.man"); error.h: $(tr '\n' ' ' <"$TMP/exit.map")"
fi

finish
