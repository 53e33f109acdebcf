/* SPDX-License-Identifier: MIT */
/* rawtext.c - a report page's scripts and styles, emptied before libxml2
 * parses it.
 *
 * A page of the live site carries some 140 KB of inline scripts and
 * styles, and libxml2's HTML parser reads that text a character at a
 * time (some 80 instructions a byte): a fifth of the time a heavy page
 * takes. Nothing but a JSON-LD script is read from them, so the text of
 * the others is dropped first, by a scan that follows the parser's rules
 * just far enough to know where that text starts and ends:
 *
 *   - outside a tag, only '<' matters;
 *   - "<!--" runs to the next "-->"; "</" and "<!DOCTYPE" to the next
 *     '>' (with no '<' before it);
 *   - a start tag runs to the '>' outside its quoted attribute values
 *     (a quote opens a value only after '=', as in the parser);
 *   - the text of <script> and <style> runs to the first "</script" or
 *     "</style", in any case, which is where the parser (with
 *     HTML_PARSE_RECOVER) ends it too.
 *
 * The tags themselves, and each newline of the dropped text (so lines
 * keep their numbers), are kept. Whenever the page does something the
 * scan does not expect - a comment or a tag that never ends, a quote or
 * a '<' where an attribute belongs, any other "<!" or "<?", a script
 * with no end, a self-closing "<script/>", a script holding a NUL, a
 * control character or bytes that are not UTF-8 - it gives up, and the
 * page is parsed as it came. tests/unit/test_report.c and fuzz/html_extract.c
 * check that the parser makes the same tree of both, but for that text.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <inspex/model.h>

#include "extract.h"

/* The first case-insensitive "</NAME" at or after p, or NULL. */
static const char *find_end_tag(const char *p, const char *end,
                                const char *name, size_t n)
{
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) >= n + 2 && p[1] == '/' &&
            strncasecmp(p + 2, name, n) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* The first "-->" at or after p, or NULL. */
static const char *find_comment_end(const char *p, const char *end)
{
    while ((p = memchr(p, '-', (size_t)(end - p))) != NULL) {
        if (end - p >= 3 && p[1] == '-' && p[2] == '>')
            return p;
        p++;
    }
    return NULL;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A byte of an element's name, as the parser reads one. */
static int is_name(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == ':' || c == '_' ||
           c == '.' || c == '-';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The '>' that ends the start tag whose name ends at p, or NULL when it
 * has none or holds what the scan does not expect. */
static const char *tag_end(const char *p, const char *end)
{
    char prev = ' '; /* the last byte that was not white space */

    for (; p < end; p++) {
        char c = *p;
        if (c == '>')
            return p;
        if (c == '<')
            return NULL;
        if (c == '"' || c == '\'') {
            const char *q;
            if (prev != '=')
                return NULL;
            if ((q = memchr(p + 1, c, (size_t)(end - p - 1))) == NULL)
                return NULL;
            p = q;
            prev = c;
            continue;
        }
        if (!is_space(c))
            prev = c;
    }
    return NULL;
}

/* 1 when the start tag from p to its '>' at gt says it is JSON-LD. */
static int is_json_ld(const char *p, const char *gt)
{
    static const char want[] = "ld+json";
    size_t n = sizeof(want) - 1;

    for (; p + n <= gt; p++)
        if (strncasecmp(p, want, n) == 0)
            return 1;
    return 0;
}

/* 1 when the parser reads the text [p, e) through, as it is: valid
 * UTF-8 with no control character but tab, newline and return. A NUL
 * ends its reading of the page there, and a byte that is not UTF-8
 * makes it read the rest of the page as Latin-1: text like that is
 * left for it to see. */
static int plain_text(const char *p, const char *e)
{
    size_t bad;

    for (const char *q = p; q < e; q++)
        if ((unsigned char)*q < 0x20 && *q != '\t' && *q != '\n' && *q != '\r')
            return 0;
    return inspex_utf8_check(p, (size_t)(e - p), &bad) == INSPEX_OK;
}

/* Copies the newlines of [p, e) to o; returns the new end of o. */
static char *newlines(char *o, const char *p, const char *e)
{
    while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
        *o++ = '\n';
        p++;
    }
    return o;
}

char *report_drop_raw_text(const char *html, size_t len, size_t *outlen)
{
    const char *p = html, *end = html + len, *from = html;
    char *out = NULL, *o = NULL;

    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        const char *q = p + 1, *gt, *close;
        const char *name;
        size_t n;

        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            if ((q = find_comment_end(p + 4, end)) == NULL)
                goto give_up;
            p = q + 3;
            continue;
        }
        if (q < end && (*q == '/' ||
                        (end - q >= 8 && strncasecmp(q, "!doctype", 8) == 0))) {
            /* an end tag or the doctype: to its '>' */
            const char *lt;
            if ((gt = memchr(q, '>', (size_t)(end - q))) == NULL)
                goto give_up;
            if ((lt = memchr(q, '<', (size_t)(gt - q))) != NULL)
                goto give_up;
            p = gt + 1;
            continue;
        }
        if (q < end && (*q == '!' || *q == '?'))
            goto give_up; /* CDATA, a conditional comment, a PI */
        if (q == end || !is_alpha(*q)) { /* a '<' in the text */
            p = q;
            continue;
        }
        for (name = q; q < end && is_name(*q);)
            q++;
        n = (size_t)(q - name);
        if ((gt = tag_end(q, end)) == NULL)
            goto give_up;
        p = gt + 1;
        if (!((n == 6 && strncasecmp(name, "script", 6) == 0) ||
              (n == 5 && strncasecmp(name, "style", 5) == 0)))
            continue;
        if (gt[-1] == '/')
            goto give_up; /* "<script/>": the parser's own reading */
        if ((close = find_end_tag(p, end, name, n)) == NULL)
            goto give_up;
        if (close == p || (n == 6 && is_json_ld(name, gt))) {
            p = close;
            continue;
        }
        if (!plain_text(p, close))
            goto give_up;
        if (out == NULL && (o = out = malloc(len + 1)) == NULL)
            return NULL;
        memcpy(o, from, (size_t)(p - from));
        o = newlines(o + (p - from), p, close);
        from = p = close;
    }
    if (out == NULL)
        return NULL;
    memcpy(o, from, (size_t)(end - from));
    o += end - from;
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;

give_up:
    free(out);
    return NULL;
}
