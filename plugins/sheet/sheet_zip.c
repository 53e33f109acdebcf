/* SPDX-License-Identifier: MIT */
/*
 * sheet_zip.c - a spreadsheet's package: libzip over the input read into
 * memory (a zip's directory is at its end, and a stream cannot seek), each
 * entry inflated through the limits of sheet.h, and libxml2's streaming
 * reader over an entry with no network, no DTD and no entity expansion.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include <inspex/limits.h>

#include "sheet.h"

struct sheet_zip {
    char *data;
    size_t len;
    zip_t *zip;
    const char *source;
    unsigned long long inflated; /* bytes of every entry read so far */
    sheet_limits_t lim;
};

struct sheet_entry {
    sheet_zip_t *z;
    zip_file_t *f;
    char *name;
    unsigned long long comp, size, read;
    inspex_status_t st;
    char msg[256];
    char xmlmsg[160]; /* libxml2's first message on the entry */
};

void sheet_zip_free(sheet_zip_t *z)
{
    if (z == NULL)
        return;
    if (z->zip)
        zip_discard(z->zip);
    free(z->data);
    free(z);
}

void sheet_limits_of(const inspex_import_t *ctx, sheet_limits_t *l)
{
    if (ctx) {
        l->file = inspex_import_limit(ctx, INSPEX_LIMIT_ZIP_FILE);
        l->entry = inspex_import_limit(ctx, INSPEX_LIMIT_ZIP_ENTRY);
        l->total = inspex_import_limit(ctx, INSPEX_LIMIT_ZIP_TOTAL);
        l->ratio = inspex_import_limit(ctx, INSPEX_LIMIT_ZIP_RATIO);
    } else {
        l->file = inspex_limits_get(NULL, INSPEX_LIMIT_ZIP_FILE);
        l->entry = inspex_limits_get(NULL, INSPEX_LIMIT_ZIP_ENTRY);
        l->total = inspex_limits_get(NULL, INSPEX_LIMIT_ZIP_TOTAL);
        l->ratio = inspex_limits_get(NULL, INSPEX_LIMIT_ZIP_RATIO);
    }
}

inspex_status_t sheet_zip_open(inspex_reader_t *r, const char *source,
                               const sheet_limits_t *lim, sheet_zip_t **out,
                               inspex_error_t *err)
{
    sheet_zip_t *z = calloc(1, sizeof(*z));
    inspex_buf_t buf = {0};
    inspex_status_t st = INSPEX_OK;
    zip_source_t *src;
    zip_error_t zerr;

    *out = NULL;
    if (z == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    z->source = source;
    z->lim = *lim;
    for (;;) {
        size_t n;
        if (inspex_buf_reserve(&buf, 256 * 1024) != 0) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
        st = inspex_reader_read(r, buf.p + buf.len, 256 * 1024, &n, err);
        if (st != INSPEX_OK || n == 0)
            break;
        buf.len += n;
        if (buf.len > lim->file) {
            char t[32];
            inspex_size_text(lim->file, t, sizeof(t));
            st = inspex_error_set_at(err, INSPEX_ERR_INVALID, source, 0, 0,
                                     "the spreadsheet is larger than %s: "
                                     "not read (--limit zip-file=SIZE "
                                     "raises it)",
                                     t);
            break;
        }
    }
    z->data = buf.p;
    z->len = buf.len;
    if (st != INSPEX_OK) {
        sheet_zip_free(z);
        return st;
    }
    zip_error_init(&zerr);
    src = zip_source_buffer_create(z->data, z->len, 0, &zerr);
    if (src == NULL ||
        (z->zip = zip_open_from_source(src, ZIP_RDONLY, &zerr)) == NULL) {
        st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, source, 0, 0,
                                 "not a readable zip package (%s): a "
                                 "truncated or damaged file?",
                                 zip_error_strerror(&zerr));
        if (src)
            zip_source_free(src);
        zip_error_fini(&zerr);
        sheet_zip_free(z);
        return st;
    }
    zip_error_fini(&zerr);
    *out = z;
    return INSPEX_OK;
}

int sheet_zip_has(sheet_zip_t *z, const char *name)
{
    return zip_name_locate(z->zip, name, 0) >= 0;
}

inspex_status_t sheet_entry_open(sheet_zip_t *z, const char *name,
                                 sheet_entry_t **out, inspex_error_t *err)
{
    zip_int64_t i = zip_name_locate(z->zip, name, 0);
    sheet_entry_t *e;
    zip_stat_t sb;

    *out = NULL;
    if (i < 0)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, z->source, 0, 0,
                                   "the package has no entry %s", name);
    zip_stat_init(&sb);
    if (zip_stat_index(z->zip, (zip_uint64_t)i, 0, &sb) != 0)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, z->source, 0, 0,
                                   "%s: %s", name, zip_strerror(z->zip));
    if ((e = calloc(1, sizeof(*e))) == NULL ||
        (e->name = malloc(strlen(name) + 1)) == NULL) {
        free(e);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    memcpy(e->name, name, strlen(name) + 1);
    e->z = z;
    e->comp = (sb.valid & ZIP_STAT_COMP_SIZE) ? sb.comp_size : 0;
    e->size = (sb.valid & ZIP_STAT_SIZE) ? sb.size : 0;
    if ((e->f = zip_fopen_index(z->zip, (zip_uint64_t)i, 0)) == NULL) {
        inspex_error_set_at(err, INSPEX_ERR_SYNTAX, z->source, 0, 0, "%s: %s",
                            name, zip_strerror(z->zip));
        sheet_entry_close(e);
        return INSPEX_ERR_SYNTAX;
    }
    *out = e;
    return INSPEX_OK;
}

/* Stops the entry with a message: -1 for sheet_entry_read. */
static long stop(sheet_entry_t *e, inspex_status_t st, const char *fmt, ...)
    INSPEX_PRINTF(3, 4);
static long stop(sheet_entry_t *e, inspex_status_t st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    e->st = st;
    return -1;
}

long sheet_entry_read(sheet_entry_t *e, char *buf, size_t size)
{
    zip_int64_t n;

    if (e->st != INSPEX_OK)
        return -1;
    n = zip_fread(e->f, buf, size);
    if (n < 0)
        return stop(e, INSPEX_ERR_SYNTAX, "%s: %s", e->name,
                    zip_file_strerror(e->f));
    e->read += (unsigned long long)n;
    e->z->inflated += (unsigned long long)n;
    /* What was inflated, not what the headers claim, is held to the
     * limits. */
    const sheet_limits_t *l = &e->z->lim;
    char t[32];
    if (e->read > l->entry) {
        inspex_size_text(l->entry, t, sizeof(t));
        return stop(e, INSPEX_ERR_INVALID,
                    "%s inflates to more than %s: a zip bomb? not read "
                    "(--limit zip-entry=SIZE raises it)",
                    e->name, t);
    }
    if (e->z->inflated > l->total) {
        inspex_size_text(l->total, t, sizeof(t));
        return stop(e, INSPEX_ERR_INVALID,
                    "the entries read inflate to more than %s, at %s: a zip "
                    "bomb? not read (--limit zip-total=SIZE raises it)",
                    t, e->name);
    }
    if (e->read > SHEET_RATIO_FREE &&
        e->read / (e->comp ? e->comp : 1) > l->ratio)
        return stop(e, INSPEX_ERR_INVALID,
                    "%s inflates more than %zu times its compressed size: a "
                    "zip bomb? not read",
                    e->name, l->ratio);
    return (long)n;
}

inspex_status_t sheet_entry_error(const sheet_entry_t *e, inspex_error_t *err)
{
    if (e->st == INSPEX_OK)
        return INSPEX_OK;
    return inspex_error_set_at(err, e->st, e->z->source, 0, 0, "%s", e->msg);
}

void sheet_entry_close(sheet_entry_t *e)
{
    if (e == NULL)
        return;
    if (e->f)
        zip_fclose(e->f);
    free(e->name);
    free(e);
}

/* ---- XML over an entry --------------------------------------------------- */

static int xml_read(void *ctx, char *buf, int len)
{
    long n = sheet_entry_read(ctx, buf, (size_t)len);
    return n < 0 ? -1 : (int)n;
}

/* libxml2's first message is kept for the error, not printed. */
static void xml_quiet(void *arg, const char *msg, xmlParserSeverities severity,
                      xmlTextReaderLocatorPtr loc)
{
    sheet_entry_t *e = arg;
    size_t n;

    (void)loc;
    if (e->xmlmsg[0] || (severity != XML_PARSER_SEVERITY_ERROR &&
                         severity != XML_PARSER_SEVERITY_VALIDITY_ERROR))
        return;
    snprintf(e->xmlmsg, sizeof(e->xmlmsg), "%s", msg);
    n = strlen(e->xmlmsg);
    while (n && (e->xmlmsg[n - 1] == '\n' || e->xmlmsg[n - 1] == ' '))
        e->xmlmsg[--n] = '\0';
}

xmlTextReaderPtr sheet_xml_open(sheet_entry_t *e, const char *name)
{
    /* No XML_PARSE_NOENT (entities are not substituted), no DTDLOAD, no
     * DTDATTR, no HUGE (libxml2's own caps on a text node stay). */
    xmlTextReaderPtr x = xmlReaderForIO(xml_read, NULL, e, name, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR |
                                            XML_PARSE_NOWARNING |
                                            XML_PARSE_NOCDATA |
                                            XML_PARSE_COMPACT);
    if (x)
        xmlTextReaderSetErrorHandler(x, xml_quiet, e);
    return x;
}

/* After the XML's error in e: reads on (at most 256 MiB more, and only
 * as far as the ratio can be passed) so that a zip bomb is said as one
 * rather than as the huge text node libxml2 stops at first. */
static void drain(sheet_entry_t *e)
{
    enum { CHUNK = 65536 };
    unsigned long long upto = ((unsigned long long)e->z->lim.ratio + 1) *
                              (e->comp ? e->comp : 1);
    unsigned long long stop_at = e->read + (256ULL << 20);
    char *buf = malloc(CHUNK);

    while (buf && e->read <= upto && e->read < stop_at &&
           sheet_entry_read(e, buf, CHUNK) > 0)
        ;
    free(buf);
}

int sheet_xml_next(xmlTextReaderPtr x, sheet_entry_t *e, const char *source,
                   inspex_error_t *err)
{
    int r = xmlTextReaderRead(x);
    int type = r == 1 ? xmlTextReaderNodeType(x) : 0;

    if (type == XML_READER_TYPE_ELEMENT ||
        type == XML_READER_TYPE_END_ELEMENT || type == XML_READER_TYPE_TEXT)
        return r; /* the common nodes, at once */
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
        inspex_error_set_at(err, INSPEX_ERR_INVALID, source, 0, 0,
                            "%s has a document type declaration, which no "
                            "spreadsheet writes (entity tricks?): not read",
                            e->name);
        return -1;
    }
    if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
        inspex_error_set_at(err, INSPEX_ERR_INVALID, source, 0, 0,
                            "%s refers to an entity, which no spreadsheet "
                            "writes: not read",
                            e->name);
        return -1;
    }
    if (r >= 0)
        return r;
    if (sheet_entry_error(e, err) != INSPEX_OK)
        return -1;
    drain(e);
    if (sheet_entry_error(e, err) != INSPEX_OK)
        return -1;
    inspex_error_set_at(err, INSPEX_ERR_SYNTAX, source, 0, 0,
                        "%s: malformed XML near line %d%s%s", e->name,
                        xmlTextReaderGetParserLineNumber(x),
                        e->xmlmsg[0] ? ": " : "", e->xmlmsg);
    return -1;
}

const char *sheet_xml_attr(xmlTextReaderPtr x, const char *prefix,
                           const char *local)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(x);

    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, local) != 0)
            continue;
        if (prefix ? !(a->ns && a->ns->prefix &&
                       strcmp((const char *)a->ns->prefix, prefix) == 0)
                   : a->ns != NULL)
            continue;
        /* No entity is declared (a DTD is refused before any element) and
         * none is substituted, so a value is one text node, or none. */
        if (a->children == NULL)
            return "";
        return a->children->type == XML_TEXT_NODE && a->children->content
                   ? (const char *)a->children->content
                   : NULL;
    }
    return NULL;
}
