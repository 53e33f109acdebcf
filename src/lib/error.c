/* SPDX-License-Identifier: MIT */
/* error.c - the error object and status names. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/buf.h>
#include <inspex/error.h>

#include "internal.h"

struct inspex_error {
    inspex_status_t code;
    char *message;
    char *source;
    unsigned long line;
    unsigned long column;
    char *text; /* cache for inspex_error_text */
};

inspex_error_t *inspex_error_new(void)
{
    return calloc(1, sizeof(inspex_error_t));
}

void inspex_error_clear(inspex_error_t *err)
{
    if (err == NULL)
        return;
    free(err->message);
    free(err->source);
    free(err->text);
    memset(err, 0, sizeof(*err));
}

void inspex_error_free(inspex_error_t *err)
{
    inspex_error_clear(err);
    free(err);
}

/* ---- messages safe on a terminal ---------------------------------------
 *
 * A message quotes input: a value, a key, a file name. Whatever bytes
 * those hold must not reach a terminal as control sequences, nor a
 * rejects file as a second line, nor fill a screen: control bytes (C0,
 * DEL, C1) and bytes that are not UTF-8 become \xNN, and a quoted value
 * longer than CUT_OVER bytes keeps its first CUT_KEEP and says its size.
 * Applied twice it changes nothing more. */

#define CUT_OVER 200
#define CUT_KEEP 64
#define MESSAGE_MAX 4096 /* a whole message longer than this is cut */

/* The length of the UTF-8 character at s (n bytes left), 0 when the
 * bytes there are not one, or are a C1 control (U+0080..U+009F). */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;

    if (s[0] > 0xf4 || len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if (len == 2 && s[0] == 0xc2 && s[1] < 0xa0)
        return 0;
    if (len == 3 &&
        ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0)))
        return 0;
    if (len == 4 &&
        ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
        return 0;
    return len;
}

/* Appends s[0..n) escaped; -1 when out of memory. */
static int add_escaped(inspex_buf_t *b, const unsigned char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < n;) {
        size_t k = s[i] >= 0x20 && s[i] < 0x7f ? 1
                   : s[i] >= 0x80              ? utf8_char(s + i, n - i)
                                               : 0;
        if (k) {
            if (inspex_buf_add(b, s + i, k) != 0)
                return -1;
            i += k;
            continue;
        }
        char e[4] = {'\\', 'x', hex[s[i] >> 4], hex[s[i] & 15]};
        if (inspex_buf_add(b, e, 4) != 0)
            return -1;
        i++;
    }
    return 0;
}

/* Where a quoted value that starts at q (after its quote) ends: its
 * closing quote, the next one followed by what ends a quotation (not a
 * letter or digit), else NULL. */
static const char *quote_end(const char *q)
{
    for (const char *c = strchr(q, '"'); c; c = strchr(c + 1, '"')) {
        unsigned char after = (unsigned char)c[1];
        if (after == '\0' || after == ' ' || after == ',' || after == ';' ||
            after == ':' || after == ')' || after == '.' || after == '\'')
            return c;
    }
    return NULL;
}

/* The length of s's first n bytes cut back to a character boundary. */
static size_t utf8_floor(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    return n;
}

char *inspex_message_clean(const char *text)
{
    inspex_buf_t b = {0};
    const char *p = text ? text : "";
    size_t total = strlen(p);

    if (inspex_buf_add(&b, "", 0) != 0)
        return NULL;
    while (*p) {
        const char *q = strchr(p, '"'), *e;
        size_t run = q ? (size_t)(q - p) + 1 : strlen(p);
        if (add_escaped(&b, (const unsigned char *)p, run) != 0)
            goto nomem;
        p += run;
        if (q == NULL)
            break;
        /* a quoted value: cut when it is long */
        e = quote_end(p);
        if (e == NULL || (size_t)(e - p) <= CUT_OVER)
            continue;
        size_t keep = utf8_floor(p, CUT_KEEP);
        if (add_escaped(&b, (const unsigned char *)p, keep) != 0 ||
            inspex_buf_addf(&b, "...\" (%zu bytes)", (size_t)(e - p)) != 0)
            goto nomem;
        p = e + 1;
    }
    if (b.len > MESSAGE_MAX) {
        size_t keep = utf8_floor(b.p, MESSAGE_MAX - 64);
        b.len = keep;
        if (inspex_buf_addf(&b, "... (%zu bytes in all)", total) != 0)
            goto nomem;
    }
    return inspex_buf_take(&b, NULL);
nomem:
    inspex_buf_free(&b);
    return NULL;
}

static void set_message(inspex_error_t *err, inspex_status_t code,
                        const char *fmt, va_list ap) INSPEX_PRINTF(3, 0);

static void set_message(inspex_error_t *err, inspex_status_t code,
                        const char *fmt, va_list ap)
{
    char *raw = inspex__vasprintf(fmt, ap);
    char *msg = raw ? inspex_message_clean(raw) : NULL;

    free(raw);
    free(err->message);
    free(err->text);
    err->text = NULL;
    /* Out of memory while reporting: fall back to the code's name. */
    err->message = msg ? msg : inspex__strdup(inspex_strerror(code));
    err->code = code;
}

inspex_status_t inspex_error_set(inspex_error_t *err, inspex_status_t code,
                                 const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    va_start(ap, fmt);
    set_message(err, code, fmt, ap);
    va_end(ap);
    return code;
}

inspex_status_t inspex_error_set_at(inspex_error_t *err, inspex_status_t code,
                                    const char *source, unsigned long line,
                                    unsigned long column, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    va_start(ap, fmt);
    set_message(err, code, fmt, ap);
    va_end(ap);
    free(err->source);
    err->source = inspex__strdup(source);
    err->line = line;
    err->column = column;
    return code;
}

void inspex_error_locate(inspex_error_t *err, const char *source,
                         unsigned long line, unsigned long column)
{
    if (err == NULL)
        return;
    if (source) {
        char *s = inspex__strdup(source);
        free(err->source);
        err->source = s;
    }
    err->line = line;
    err->column = column;
    free(err->text);
    err->text = NULL;
}

void inspex_error_copy(inspex_error_t *dst, const inspex_error_t *src)
{
    if (dst == NULL || src == NULL || dst == src)
        return;
    inspex_error_clear(dst);
    dst->code = src->code;
    dst->message = inspex__strdup(src->message);
    dst->source = inspex__strdup(src->source);
    dst->line = src->line;
    dst->column = src->column;
}

inspex_status_t inspex_error_code(const inspex_error_t *err)
{
    return err ? err->code : INSPEX_OK;
}

const char *inspex_error_message(const inspex_error_t *err)
{
    return err && err->message ? err->message : "";
}

const char *inspex_error_source(const inspex_error_t *err)
{
    return err && err->source ? err->source : "";
}

unsigned long inspex_error_line(const inspex_error_t *err)
{
    return err ? err->line : 0;
}

unsigned long inspex_error_column(const inspex_error_t *err)
{
    return err ? err->column : 0;
}

const char *inspex_error_text(inspex_error_t *err)
{
    if (err == NULL)
        return "";
    if (err->text == NULL) {
        /* the source is a name from outside too (a file name, a URL) */
        char *t = inspex__located(err->source, err->line, err->column,
                                  err->message ? err->message
                                               : inspex_strerror(err->code));
        err->text = t ? inspex_message_clean(t) : NULL;
        free(t);
    }
    return err->text ? err->text : inspex_error_message(err);
}

/* The codes' numbers are the ABI: a change to INSPEX_STATUS_MAP that
 * moves one fails here. */
_Static_assert(INSPEX_OK == 0 && INSPEX_ERR_NOMEM == 1 &&
                   INSPEX_ERR_USAGE == 2 && INSPEX_ERR_IO == 3 &&
                   INSPEX_ERR_NETWORK == 4 && INSPEX_ERR_SYNTAX == 5 &&
                   INSPEX_ERR_INVALID == 6 && INSPEX_ERR_ENCODING == 7 &&
                   INSPEX_ERR_PLUGIN == 8 && INSPEX_ERR_STOP == 9 &&
                   INSPEX_ERR_LIMIT == 10,
               "status codes are part of the ABI");

const char *inspex_strerror(inspex_status_t code)
{
#define MESSAGE_(value, name, message, exit) \
    case INSPEX_##name: return message;
    switch (code) {
        INSPEX_STATUS_MAP(MESSAGE_)
    }
#undef MESSAGE_
    return "unknown error";
}
