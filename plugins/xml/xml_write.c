/* SPDX-License-Identifier: MIT */
/*
 * xml_write.c - the XML plugin's writer. Each record is written into a
 * buffer of its own, with the escapes libxml2's xmlTextWriter makes (the
 * writer this replaced, in a fifth of its instructions; test_xml.c
 * compares the two), and handed to the output whole, so memory stays
 * flat however many records pass.
 *
 * XML 1.0 cannot carry every character the model can hold: control
 * characters other than tab, line feed and carriage return, and U+FFFE
 * and U+FFFF. A record holding one is refused with a message naming the
 * record, the value and the character, never written in a form that no
 * parser reads back: the record's text is dropped from the buffer, so
 * nothing of it reaches the output.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>

#include <inspex/buf.h>
#include <inspex/scan.h>

#include "xml.h"

typedef struct wstate {
    inspex_buf_t b;
    int indent;
    int open;   /* <inspections> has its '>' */
    int failed; /* out of memory while writing the record */
    /* the first value XML cannot carry, and what it is */
    unsigned long bad;
    const char *bad_what;
    size_t too_long; /* or the length of the first value too long to read */
    unsigned long count;
} wstate_t;

void xml__free(void *state)
{
    wstate_t *s = state;

    if (s == NULL)
        return;
    inspex_buf_free(&s->b);
    free(s);
}

static inline void put(wstate_t *s, const char *p, size_t n)
{
    if (inspex_buf_add(&s->b, p, n) != 0)
        s->failed = 1;
}

#define PUT(s, lit) put(s, lit, sizeof(lit) - 1)

/* A value XML cannot carry: the first is said. */
static void refuse(wstate_t *s, unsigned long c, const char *what)
{
    if (s->bad == 0) {
        s->bad = c;
        s->bad_what = what;
    }
}

/* 1 when the UTF-8 text v (len bytes) holds U+FFFE or U+FFFF (EF BF BE,
 * EF BF BF), which XML 1.0 cannot carry. */
static int noncharacter(const char *v, size_t len)
{
    const char *p = v, *end = v + len;

    while ((p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
        const unsigned char *u = (const unsigned char *)p;
        if (end - p >= 3 && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF))
            return 1;
        p++;
    }
    return 0;
}

/* The first character of v that XML 1.0 cannot carry, as a code point,
 * or 0: a control character but tab, line feed and carriage return, or
 * U+FFFE or U+FFFF. Byte by byte, for the refusal's message only. */
static unsigned long first_bad(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return *p;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            return p[2] == 0xBE ? 0xFFFEul : 0xFFFFul;
    }
    return 0;
}

/* The escapes, as libxml2's xmlTextWriter writes them: &, <, > and " as
 * entities everywhere, and carriage return as &#13;; in an attribute tab
 * and line feed too (&#9;, &#10;), which a parser would read there as
 * spaces. Any other control character is refused. */
#define SEGMENT 4096 /* bytes of a value escaped into one reserve */

/* v, a model string (padded: read a block at a time), escaped; what
 * names it in a refusal. */
static void put_escaped(wstate_t *s, const char *v, int attr, const char *what)
{
    size_t len = strlen(v);
    const char *p = v, *end = v + len;
    /* libxml2 reads no text or attribute value longer than this (without
     * XML_PARSE_HUGE, which inspex's reader does not give it): refused,
     * not written as a file that does not read back */
    if (len > XML_MAX_TEXT_LENGTH) {
        if (s->bad == 0 && s->too_long == 0) {
            s->too_long = len;
            s->bad_what = what;
        }
        return;
    }
    /* refused: the first character that cannot be carried is said,
     * whichever kind it is */
    if (noncharacter(v, len)) {
        refuse(s, first_bad(v), what);
        return;
    }
    while (p < end) {
        const char *seg = (size_t)(end - p) > SEGMENT ? p + SEGMENT : end;
        char *o;

        /* at most 6 bytes for one ("&quot;"), and a block's overshoot */
        if (inspex_buf_reserve(&s->b, (size_t)(seg - p) * 6 +
                                          INSPEX_SCAN_BLOCK) != 0) {
            unsigned long c = first_bad(p); /* a refusal still says so */
            if (c)
                refuse(s, c, what);
            s->failed = 1;
            return;
        }
        o = s->b.p + s->b.len;
        while (p < seg) {
            unsigned m = inspex_scan_block(p, o, '&', '<', '>', '"', 0x20);
            const char *e;
            size_t k = m ? inspex_scan_first(m) : INSPEX_SCAN_BLOCK;
            if (p + k >= seg) { /* the segment's plain end */
                o += seg - p;
                p = seg;
                break;
            }
            p += k;
            o += k;
            if (m == 0)
                continue; /* a plain block */
            switch (*p) {
            case '&': e = "&amp;"; break;
            case '<': e = "&lt;"; break;
            case '>': e = "&gt;"; break;
            case '"': e = "&quot;"; break;
            case '\r': e = "&#13;"; break;
            case '\t': e = attr ? "&#9;" : "\t"; break;
            case '\n': e = attr ? "&#10;" : "\n"; break;
            default: refuse(s, (unsigned char)*p, what); return;
            }
            k = strlen(e);
            memcpy(o, e, k);
            o += k;
            p++;
        }
        s->b.len = (size_t)(o - s->b.p);
    }
}

/* A line's indent at depth (with -O indent). */
static void pad(wstate_t *s, int depth)
{
    static const char spaces[] = "            ";

    if (s->indent)
        put(s, spaces,
            (size_t)depth * 2 < sizeof(spaces) - 1 ? (size_t)depth * 2
                                                   : sizeof(spaces) - 1);
}

static void nl(wstate_t *s)
{
    if (s->indent)
        PUT(s, "\n");
}

/* The start of <name at depth; its attributes and '>' or "/>" follow. */
static void open_tag(wstate_t *s, int depth, const char *name)
{
    pad(s, depth);
    PUT(s, "<");
    put(s, name, strlen(name));
}

/*  name="value", when there is a value. */
static void attribute(wstate_t *s, const char *name, const char *value,
                      const char *what)
{
    if (value == NULL)
        return;
    PUT(s, " ");
    put(s, name, strlen(name));
    PUT(s, "=\"");
    put_escaped(s, value, 1, what);
    PUT(s, "\"");
}

static void close_tag(wstate_t *s, int depth, const char *name)
{
    pad(s, depth);
    PUT(s, "</");
    put(s, name, strlen(name));
    PUT(s, ">");
    nl(s);
}

/* <name>value</name> at depth. */
static void element(wstate_t *s, int depth, const char *name, const char *value,
                    const char *what)
{
    open_tag(s, depth, name);
    PUT(s, ">");
    put_escaped(s, value, 0, what);
    PUT(s, "</");
    put(s, name, strlen(name));
    PUT(s, ">");
    nl(s);
}

inspex_status_t xml__begin(inspex_export_t *ctx, void **state,
                           inspex_error_t *err)
{
    wstate_t *s = calloc(1, sizeof(*s));
    inspex_status_t st;

    if (s == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    *state = s;
    s->indent = inspex_export_option_bool(ctx, "indent");
    /* the root's start tag ends with its first record, or is "/>" */
    PUT(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<inspections version=\"" XML__VERSION "\" xmlns=\"" XML__NS "\"");
    if (s->failed)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_writer_write(inspex_export_writer(ctx), s->b.p, s->b.len, err);
    inspex_buf_reset(&s->b);
    return st;
}

static void write_judgement(wstate_t *s, const inspex_judgement_t *j)
{
    size_t ns = inspex_judgement_strand_count(j);

    open_tag(s, 2, "judgement");
    attribute(s, "code", inspex_judgement_code(j), "a standard's code");
    attribute(s, "title", inspex_judgement_title(j), "a standard's title");
    attribute(s, "rating", inspex_judgement_rating(j), "a standard's rating");
    if (ns == 0) {
        PUT(s, "/>");
        nl(s);
        return;
    }
    PUT(s, ">");
    nl(s);
    for (size_t i = 0; i < ns; i++) {
        const char *name;
        int a, b;
        char num[24], den[24];

        inspex_judgement_strand(j, i, &name, &a, &b);
        snprintf(num, sizeof(num), "%d", a);
        snprintf(den, sizeof(den), "%d", b);
        open_tag(s, 3, "strand");
        attribute(s, "name", name, "a strand's name");
        /* digits, in buffers of ours (not padded): as they are */
        PUT(s, " numerator=\"");
        put(s, num, strlen(num));
        PUT(s, "\" denominator=\"");
        put(s, den, strlen(den));
        PUT(s, "\"");
        PUT(s, "/>");
        nl(s);
    }
    close_tag(s, 2, "judgement");
}

static void write_items(wstate_t *s, const inspex_inspection_t *insp)
{
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        inspex_item_kind_t kind = (inspex_item_kind_t)k;
        const char *tag = inspex_item_kind_name(kind);
        size_t na, n = inspex_inspection_item_count(insp, kind);
        const inspex_attr_t *attrs = inspex_item_attrs(kind, &na);

        for (size_t i = 0; i < n; i++) {
            const inspex_item_t *item = inspex_inspection_item(insp, kind, i);
            int any = 0;
            open_tag(s, 2, tag);
            for (size_t a = 0; a < na; a++) {
                const char *v = inspex_item_get(item, attrs[a]);
                if (v == NULL)
                    continue;
                if (!any) {
                    PUT(s, ">");
                    nl(s);
                    any = 1;
                }
                element(s, 3, inspex_attr_name(attrs[a]), v,
                        inspex_attr_name(attrs[a]));
            }
            if (any) {
                close_tag(s, 2, tag);
            } else {
                PUT(s, "/>");
                nl(s);
            }
        }
    }
}

/* 1 when the record has anything to go inside <inspection>. */
static int has_content(const inspex_inspection_t *insp)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        if (inspex_inspection_get(insp, (inspex_field_t)f))
            return 1;
    if (inspex_inspection_judgement_count(insp) ||
        inspex_inspection_extra_count(insp))
        return 1;
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++)
        if (inspex_inspection_item_count(insp, (inspex_item_kind_t)k))
            return 1;
    return 0;
}

inspex_status_t xml__record(inspex_export_t *ctx, void *state,
                            const inspex_inspection_t *insp,
                            inspex_error_t *err)
{
    wstate_t *s = state;
    inspex_status_t st;

    inspex_buf_reset(&s->b);
    s->failed = 0;
    s->bad = 0;
    s->too_long = 0;
    if (!s->open) {
        PUT(s, ">");
        nl(s);
    }
    open_tag(s, 1, "inspection");
    if (!has_content(insp)) {
        PUT(s, "/>");
        nl(s);
    } else {
        PUT(s, ">");
        nl(s);
        for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
            const char *v = inspex_inspection_get(insp, (inspex_field_t)f);
            const char *name = inspex_field_name((inspex_field_t)f);
            if (v)
                element(s, 2, name, v, name);
        }
        for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++)
            write_judgement(s, inspex_inspection_judgement(insp, i));
        write_items(s, insp);
        for (size_t i = 0; i < inspex_inspection_extra_count(insp); i++) {
            open_tag(s, 2, "extra");
            attribute(s, "key", inspex_inspection_extra_key(insp, i),
                      "an extra key");
            PUT(s, ">");
            put_escaped(s, inspex_inspection_extra_value(insp, i), 0,
                        "an extra value");
            PUT(s, "</extra>");
            nl(s);
        }
        close_tag(s, 1, "inspection");
    }
    /* a refused record: its text is dropped, nothing of it written */
    if (s->too_long && !s->bad)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "cannot write record %lu as XML: %s is %zu "
                                "bytes, more than the %d an XML reader "
                                "(libxml2) takes in one value; write JSON or "
                                "NDJSON",
                                s->count + 1, s->bad_what, s->too_long,
                                XML_MAX_TEXT_LENGTH);
    if (s->bad)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "cannot write record %lu as XML: %s holds "
                                "U+%04lX, a character XML 1.0 cannot carry",
                                s->count + 1, s->bad_what, s->bad);
    if (s->failed)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_writer_write(inspex_export_writer(ctx), s->b.p, s->b.len, err);
    if (s->b.cap > ((size_t)1 << 20))
        inspex_buf_free(&s->b); /* a huge record's room is not kept */
    s->open = 1;
    s->count++;
    return st;
}

inspex_status_t xml__end(inspex_export_t *ctx, void *state, inspex_error_t *err)
{
    wstate_t *s = state;

    /* ends <inspections> (an empty one as "/>"), with a last newline */
    inspex_buf_reset(&s->b);
    s->failed = 0;
    if (s->open)
        PUT(s, "</inspections>\n");
    else
        PUT(s, "/>\n");
    if (s->failed)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return inspex_writer_write(inspex_export_writer(ctx), s->b.p, s->b.len,
                               err);
}
