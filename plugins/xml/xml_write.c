/* SPDX-License-Identifier: MIT */
/*
 * xml_write.c - the XML plugin's writer: libxml2's xmlTextWriter into a
 * memory buffer that is handed to the output after each record and
 * emptied, so memory stays flat however many records pass.
 *
 * XML 1.0 cannot carry every character the model can hold: control
 * characters other than tab, line feed and carriage return, and U+FFFE
 * and U+FFFF. A record holding one is refused with a message naming the
 * record, the value and the character, never written in a form that no
 * parser reads back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "xml.h"

typedef struct wstate {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    unsigned long count;
} wstate_t;

#define X(s) ((const xmlChar *)(s))

void xml__free(void *state)
{
    wstate_t *s = state;

    if (s == NULL)
        return;
    if (s->w)
        xmlFreeTextWriter(s->w);
    if (s->buf)
        xmlBufferFree(s->buf);
    free(s);
}

/* The first character of s that XML 1.0 cannot hold, as a code point, or
 * 0 when there is none. s is UTF-8 (the model checked it). */
static unsigned long bad_char(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return *p;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            return p[2] == 0xBE ? 0xFFFEul : 0xFFFFul;
    }
    return 0;
}

/* INSPEX_ERR_INVALID for a value XML cannot carry, else INSPEX_OK. */
static inspex_status_t carry(const wstate_t *s, const char *what, const char *v,
                             inspex_error_t *err)
{
    unsigned long c = bad_char(v);

    if (c == 0)
        return INSPEX_OK;
    return inspex_error_set(err, INSPEX_ERR_INVALID,
                            "cannot write record %lu as XML: %s holds "
                            "U+%04lX, a character XML 1.0 cannot carry",
                            s->count + 1, what, c);
}

/* Hands what the text writer has made to the output. */
static inspex_status_t flush(inspex_export_t *ctx, wstate_t *s,
                             inspex_error_t *err)
{
    inspex_status_t st;

    if (xmlTextWriterFlush(s->w) < 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_writer_write(inspex_export_writer(ctx),
                             xmlBufferContent(s->buf),
                             (size_t)xmlBufferLength(s->buf), err);
    xmlBufferEmpty(s->buf);
    return st;
}

inspex_status_t xml__begin(inspex_export_t *ctx, void **state,
                           inspex_error_t *err)
{
    wstate_t *s = calloc(1, sizeof(*s));
    int rc;

    if (s == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    *state = s;
    if ((s->buf = xmlBufferCreate()) == NULL ||
        (s->w = xmlNewTextWriterMemory(s->buf, 0)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (inspex_export_option_bool(ctx, "indent")) {
        xmlTextWriterSetIndent(s->w, 1);
        xmlTextWriterSetIndentString(s->w, X("  "));
    }
    rc = xmlTextWriterStartDocument(s->w, "1.0", "UTF-8", NULL);
    if (rc >= 0)
        rc = xmlTextWriterStartElementNS(s->w, NULL, X("inspections"),
                                         X(XML__NS));
    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(s->w, X("version"), X(XML__VERSION));
    if (rc < 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return flush(ctx, s, err);
}

/* <name>value</name>; rc keeps the first failure. */
static void element(wstate_t *s, const char *name, const char *value, int *rc)
{
    if (*rc >= 0)
        *rc = xmlTextWriterWriteElement(s->w, X(name), X(value));
}

static void attribute(wstate_t *s, const char *name, const char *value, int *rc)
{
    if (*rc >= 0 && value)
        *rc = xmlTextWriterWriteAttribute(s->w, X(name), X(value));
}

static void start(wstate_t *s, const char *name, int *rc)
{
    if (*rc >= 0)
        *rc = xmlTextWriterStartElement(s->w, X(name));
}

static void end(wstate_t *s, int *rc)
{
    if (*rc >= 0)
        *rc = xmlTextWriterEndElement(s->w);
}

static void write_judgement(wstate_t *s, const inspex_judgement_t *j, int *rc)
{
    size_t ns = inspex_judgement_strand_count(j);

    start(s, "judgement", rc);
    attribute(s, "code", inspex_judgement_code(j), rc);
    attribute(s, "title", inspex_judgement_title(j), rc);
    attribute(s, "rating", inspex_judgement_rating(j), rc);
    for (size_t i = 0; i < ns; i++) {
        const char *name;
        int a, b;
        char num[24], den[24];

        inspex_judgement_strand(j, i, &name, &a, &b);
        snprintf(num, sizeof(num), "%d", a);
        snprintf(den, sizeof(den), "%d", b);
        start(s, "strand", rc);
        attribute(s, "name", name, rc);
        attribute(s, "numerator", num, rc);
        attribute(s, "denominator", den, rc);
        end(s, rc);
    }
    end(s, rc);
}

static void write_items(wstate_t *s, const inspex_inspection_t *insp, int *rc)
{
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        size_t na,
            n = inspex_inspection_item_count(insp, (inspex_item_kind_t)k);
        const inspex_attr_t *attrs = inspex_item_attrs((inspex_item_kind_t)k,
                                                       &na);
        for (size_t i = 0; i < n; i++) {
            const inspex_item_t *item =
                inspex_inspection_item(insp, (inspex_item_kind_t)k, i);
            start(s, inspex_item_kind_name((inspex_item_kind_t)k), rc);
            for (size_t a = 0; a < na; a++) {
                const char *v = inspex_item_get(item, attrs[a]);
                if (v)
                    element(s, inspex_attr_name(attrs[a]), v, rc);
            }
            end(s, rc);
        }
    }
}

static inspex_status_t check_items(const wstate_t *s,
                                   const inspex_inspection_t *insp,
                                   inspex_error_t *err)
{
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        size_t na,
            n = inspex_inspection_item_count(insp, (inspex_item_kind_t)k);
        const inspex_attr_t *attrs = inspex_item_attrs((inspex_item_kind_t)k,
                                                       &na);
        for (size_t i = 0; i < n; i++)
            for (size_t a = 0; a < na; a++) {
                const char *v = inspex_item_get(
                    inspex_inspection_item(insp, (inspex_item_kind_t)k, i),
                    attrs[a]);
                if (v && carry(s, inspex_attr_name(attrs[a]), v, err))
                    return INSPEX_ERR_INVALID;
            }
    }
    return INSPEX_OK;
}

/* Checks what the record holds before anything of it is written, so a
 * refused record leaves no half-written element behind. */
static inspex_status_t check_record(const wstate_t *s,
                                    const inspex_inspection_t *insp,
                                    inspex_error_t *err)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        const char *v = inspex_inspection_get(insp, (inspex_field_t)f);
        if (v && carry(s, inspex_field_name((inspex_field_t)f), v, err))
            return INSPEX_ERR_INVALID;
    }
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        const char *title = inspex_judgement_title(j);
        if (title && carry(s, "a standard's title", title, err))
            return INSPEX_ERR_INVALID;
        for (size_t k = 0; k < inspex_judgement_strand_count(j); k++) {
            const char *name;
            int a, b;
            inspex_judgement_strand(j, k, &name, &a, &b);
            if (carry(s, "a strand's name", name, err))
                return INSPEX_ERR_INVALID;
        }
    }
    if (check_items(s, insp, err) != INSPEX_OK)
        return INSPEX_ERR_INVALID;
    for (size_t i = 0; i < inspex_inspection_extra_count(insp); i++)
        if (carry(s, "an extra key", inspex_inspection_extra_key(insp, i),
                  err) ||
            carry(s, "an extra value", inspex_inspection_extra_value(insp, i),
                  err))
            return INSPEX_ERR_INVALID;
    return INSPEX_OK;
}

inspex_status_t xml__record(inspex_export_t *ctx, void *state,
                            const inspex_inspection_t *insp,
                            inspex_error_t *err)
{
    wstate_t *s = state;
    int rc = 0;
    inspex_status_t st = check_record(s, insp, err);

    if (st != INSPEX_OK)
        return st;
    start(s, "inspection", &rc);
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        const char *v = inspex_inspection_get(insp, (inspex_field_t)f);
        if (v)
            element(s, inspex_field_name((inspex_field_t)f), v, &rc);
    }
    for (size_t i = 0; i < inspex_inspection_judgement_count(insp); i++)
        write_judgement(s, inspex_inspection_judgement(insp, i), &rc);
    write_items(s, insp, &rc);
    for (size_t i = 0; i < inspex_inspection_extra_count(insp); i++) {
        start(s, "extra", &rc);
        attribute(s, "key", inspex_inspection_extra_key(insp, i), &rc);
        if (rc >= 0)
            rc = xmlTextWriterWriteString(
                s->w, X(inspex_inspection_extra_value(insp, i)));
        end(s, &rc);
    }
    end(s, &rc);
    if (rc < 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    s->count++;
    return flush(ctx, s, err);
}

inspex_status_t xml__end(inspex_export_t *ctx, void *state, inspex_error_t *err)
{
    wstate_t *s = state;

    /* ends <inspections> and the document, with a last newline */
    if (xmlTextWriterEndDocument(s->w) < 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return flush(ctx, s, err);
}
