/* SPDX-License-Identifier: MIT */
/*
 * xml_read.c - the XML plugin's reader: libxml2's xmlTextReader walks the
 * document a node at a time, and each <inspection> becomes an inspection
 * as its elements pass, so memory stays flat whatever the document's
 * size.
 *
 * Safe by default. The parser is given XML_PARSE_NONET and none of
 * XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE; beyond that, a
 * document type declaration is refused before libxml2 sees a byte of it
 * (inspex XML has none, and a DTD is where external entities and entity
 * expansion live), and every element is checked against what its parent
 * may hold as soon as it opens, so a deeply nested document stops at its
 * first unexpected element.
 *
 * A record whose values cannot be read is rejected with the record as
 * read (its nodes written out again, as libxml2 reports them) and the
 * reason at its line. With -O validate=true the document is also checked
 * against docs/schema/inspex.xsd (compiled in, xsd.c) as it streams; the
 * schema's violations make the whole document invalid: each is listed
 * with its line, and no record after the first is handed on.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include <inspex/buf.h>

#include "xml.h"

#define X(s) ((const xmlChar *)(s))
#define S(s) ((const char *)(s))
/* inspex XML nests no deeper than a strand in a judgement: root (0),
 * inspection (1), judgement (2), strand (3). */
#define MAX_DEPTH 3
/* violations listed in the message; the rest are counted */
#define MAX_LISTED 10

typedef struct xr {
    inspex_import_t *ctx;
    inspex_reader_t *in;
    xmlTextReaderPtr rd;
    const char *source;
    inspex_error_t *ioerr; /* what the input stream said when it failed */
    int io_failed;
    int perr; /* the parser's first error */
    int pcode;
    int root_closed; /* the root's end tag has been read */
    unsigned long pline, pcol;
    char pmsg[512];
    unsigned long nviol, vline; /* schema violations, and the first's line */
    inspex_buf_t viol;
    int in_record;
    int empty;            /* the input holds only white space (check_prolog) */
    char view[16 * 1024]; /* a UTF-16 prolog's ASCII (check_prolog) */
    inspex_buf_t raw;     /* the record as read */
    inspex_buf_t text;    /* a leaf element's text */
} xr_t;

/* ---- input and messages ------------------------------------------------- */

static int io_read(void *ud, char *buf, int len)
{
    xr_t *x = ud;
    size_t n = 0;

    if (inspex_reader_read(x->in, buf, (size_t)len, &n, x->ioerr) !=
        INSPEX_OK) {
        x->io_failed = 1;
        return -1;
    }
    return (int)n;
}

static int io_close(void *ud)
{
    (void)ud;
    return 0;
}

/* libxml2's message without its line end, and without inspex's namespace
 * before every element name ("{urn:x-inspex:xml:1}score" is "score"). */
static void trimmed(char *dst, size_t size, const char *msg)
{
    static const char ns[] = "{" XML__NS "}";
    size_t n = 0;

    if (msg == NULL)
        msg = "malformed XML";
    while (*msg && n + 1 < size) {
        if (strncmp(msg, ns, sizeof(ns) - 1) == 0) {
            msg += sizeof(ns) - 1;
            continue;
        }
        dst[n++] = *msg++;
    }
    dst[n] = '\0';
    while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
        dst[--n] = '\0';
}

static void on_error(void *ud, xmlErrorPtr e)
{
    xr_t *x = ud;
    char msg[512];

    if (e == NULL || e->level < XML_ERR_ERROR)
        return;
    trimmed(msg, sizeof(msg), e->message);
    if (e->domain == XML_FROM_SCHEMASV) {
        if (x->nviol == 0)
            x->vline = (unsigned long)(e->line > 0 ? e->line : 0);
        /* past MAX_LISTED (or out of memory) only the count says */
        if (x->nviol < MAX_LISTED)
            inspex_buf_addf(&x->viol, "%sline %d: %s", x->nviol ? "; " : "",
                            e->line, msg);
        x->nviol++;
        return;
    }
    if (x->perr)
        return;
    x->perr = 1;
    x->pcode = e->code;
    x->pline = (unsigned long)(e->line > 0 ? e->line : 0);
    x->pcol = (unsigned long)(e->int2 > 0 ? e->int2 : 0);
    snprintf(x->pmsg, sizeof(x->pmsg), "%s", msg);
}

/* The status of a read that failed: the input's own error, the parser's
 * first, or a plain one. */
static inspex_status_t read_failed(xr_t *x, inspex_error_t *err)
{
    if (x->io_failed) {
        inspex_error_copy(err, x->ioerr);
        return inspex_error_code(err);
    }
    /* libxml2's push parser calls an input that stops inside an element
     * "extra content at the end" */
    if (x->perr && x->pcode == XML_ERR_DOCUMENT_END && !x->root_closed)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, x->source, x->pline,
                                   x->pcol,
                                   "malformed XML: the input ends before its "
                                   "elements are closed");
    if (x->perr)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, x->source, x->pline,
                                   x->pcol, "malformed XML: %s", x->pmsg);
    return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, x->source,
                               (unsigned long)xmlTextReaderGetParserLineNumber(
                                   x->rd),
                               0, "malformed XML");
}

/* The line of the current node (elements know theirs). */
static unsigned long node_line(xr_t *x)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(x->rd);
    long line = n ? xmlGetLineNo(n) : -1;

    if (line <= 0)
        line = xmlTextReaderGetParserLineNumber(x->rd);
    return line > 0 ? (unsigned long)line : 0;
}

static inspex_status_t error_here(xr_t *x, inspex_status_t code,
                                  inspex_error_t *err, const char *fmt, ...)
    INSPEX_PRINTF(4, 5);

static inspex_status_t error_here(xr_t *x, inspex_status_t code,
                                  inspex_error_t *err, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return inspex_error_set_at(err, code, x->source, node_line(x), 0, "%s",
                               msg);
}

/* ---- the record as read ------------------------------------------------- */

static void add_escaped(inspex_buf_t *b, const char *s, int attr)
{
    const char *run = s;

    for (; s && *s; s++) {
        const char *rep;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        default: rep = NULL;
        }
        if (rep == NULL)
            continue;
        inspex_buf_add(b, run, (size_t)(s - run));
        inspex_buf_adds(b, rep);
        run = s + 1;
    }
    if (run)
        inspex_buf_adds(b, run);
}

/* Writes the current node into the record's raw bytes. */
static void keep_node(xr_t *x, int type)
{
    xmlTextReaderPtr rd = x->rd;
    inspex_buf_t *b = &x->raw;
    const char *name = S(xmlTextReaderConstName(rd));
    const char *value = S(xmlTextReaderConstValue(rd));

    /* pieces, not a format: this runs for every node */
    switch (type) {
    case XML_READER_TYPE_ELEMENT:
        inspex_buf_adds(b, "<");
        inspex_buf_adds(b, name);
        while (xmlTextReaderMoveToNextAttribute(rd) == 1) {
            inspex_buf_adds(b, " ");
            inspex_buf_adds(b, S(xmlTextReaderConstName(rd)));
            inspex_buf_adds(b, "=\"");
            add_escaped(b, S(xmlTextReaderConstValue(rd)), 1);
            inspex_buf_adds(b, "\"");
        }
        xmlTextReaderMoveToElement(rd);
        inspex_buf_adds(b, xmlTextReaderIsEmptyElement(rd) ? "/>" : ">");
        break;
    case XML_READER_TYPE_END_ELEMENT:
        inspex_buf_adds(b, "</");
        inspex_buf_adds(b, name);
        inspex_buf_adds(b, ">");
        break;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        add_escaped(b, value, 0);
        break;
    case XML_READER_TYPE_CDATA:
        inspex_buf_adds(b, "<![CDATA[");
        inspex_buf_adds(b, value);
        inspex_buf_adds(b, "]]>");
        break;
    case XML_READER_TYPE_COMMENT:
        inspex_buf_adds(b, "<!--");
        inspex_buf_adds(b, value);
        inspex_buf_adds(b, "-->");
        break;
    default: break;
    }
}

/* Reads the next node into *type (0 at the end of the input). A failure
 * of the input or the parser is fatal: *fatal is set. */
static inspex_status_t step(xr_t *x, int *type, inspex_error_t *err)
{
    int ret = xmlTextReaderRead(x->rd);

    if (ret < 0 || x->io_failed || x->perr)
        return read_failed(x, err);
    *type = ret == 0 ? 0 : xmlTextReaderNodeType(x->rd);
    if (ret && x->in_record)
        keep_node(x, *type);
    if (ret && xmlTextReaderDepth(x->rd) > MAX_DEPTH + 1)
        return error_here(x, INSPEX_ERR_SYNTAX, err,
                          "elements nested deeper than inspex XML allows");
    return INSPEX_OK;
}

/* 1 for text that is only XML white space. */
static int blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* The current element's local name, checked to be in inspex's namespace
 * (or in none). */
static inspex_status_t element_name(xr_t *x, const char **name,
                                    inspex_error_t *err)
{
    const char *ns = S(xmlTextReaderConstNamespaceUri(x->rd));

    *name = S(xmlTextReaderConstLocalName(x->rd));
    if (ns && strcmp(ns, XML__NS) != 0)
        return error_here(x, INSPEX_ERR_INVALID, err,
                          "element <%s> is in namespace %s, not inspex XML's "
                          "(%s)",
                          *name, ns, XML__NS);
    return INSPEX_OK;
}

/* Nodes that may come between elements: white space, comments and
 * processing instructions. Text is an error naming the parent. */
static inspex_status_t between(xr_t *x, int type, const char *parent,
                               inspex_error_t *err)
{
    if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) &&
        !blank(S(xmlTextReaderConstValue(x->rd))))
        return error_here(x, INSPEX_ERR_INVALID, err,
                          "text directly in <%s>: only its elements may "
                          "hold text",
                          parent);
    if (type == XML_READER_TYPE_ENTITY_REFERENCE)
        return error_here(x, INSPEX_ERR_INVALID, err,
                          "entity references are not allowed in inspex XML");
    return INSPEX_OK;
}

/* The text of the current element into x->text (NUL-terminated): an
 * element that holds another is an error saying what it holds. */
static inspex_status_t leaf_text_of(xr_t *x, const char *name,
                                    const char *holds, int *fatal,
                                    inspex_error_t *err)
{
    int type;

    inspex_buf_reset(&x->text);
    if (inspex_buf_adds(&x->text, "") != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (xmlTextReaderIsEmptyElement(x->rd))
        return INSPEX_OK;
    for (;;) {
        inspex_status_t st = step(x, &type, err);
        if (st != INSPEX_OK || type == 0) {
            *fatal = 1;
            return st != INSPEX_OK ? st : read_failed(x, err);
        }
        switch (type) {
        case XML_READER_TYPE_END_ELEMENT: return INSPEX_OK;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
            if (inspex_buf_adds(&x->text, S(xmlTextReaderConstValue(x->rd))))
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        case XML_READER_TYPE_ELEMENT:
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "element <%s> is not allowed in <%s>, which "
                              "%s",
                              S(xmlTextReaderConstLocalName(x->rd)), name,
                              holds);
        case XML_READER_TYPE_ENTITY_REFERENCE:
            return between(x, type, name, err);
        default: break;
        }
    }
}

static inspex_status_t leaf_text(xr_t *x, const char *name, int *fatal,
                                 inspex_error_t *err)
{
    return leaf_text_of(x, name, "holds only text", fatal, err);
}

/* An attribute of the current element, or NULL; the caller frees it
 * with xmlFree. */
static char *attr(xr_t *x, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(x->rd, X(name));
}

/* A whole number of a strand ("9"), or -1. */
static int count_of(const char *s)
{
    char *end;
    long v;

    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || v > 1000000000L)
        return -1;
    return (int)v;
}

static inspex_status_t read_strand(xr_t *x, inspex_judgement_t *j,
                                   inspex_error_t *err)
{
    char *name = attr(x, "name"), *a = attr(x, "numerator"),
         *b = attr(x, "denominator");
    int num = count_of(a), den = count_of(b);
    inspex_status_t st;

    if (name == NULL || num < 0 || den < 0)
        st = error_here(x, INSPEX_ERR_INVALID, err,
                        "<strand> needs a name and whole-number numerator "
                        "and denominator attributes");
    else
        st = inspex_judgement_add_strand(j, name, num, den, err);
    xmlFree(name);
    xmlFree(a);
    xmlFree(b);
    return st;
}

static inspex_status_t read_judgement(xr_t *x, inspex_inspection_t *insp,
                                      int *fatal, inspex_error_t *err)
{
    char *code = attr(x, "code"), *title = attr(x, "title"),
         *rating = attr(x, "rating");
    inspex_judgement_t *j = NULL;
    inspex_status_t st = INSPEX_OK;
    int type, empty = xmlTextReaderIsEmptyElement(x->rd);

    if (code == NULL)
        st = error_here(x, INSPEX_ERR_INVALID, err,
                        "<judgement> has no code attribute");
    else if ((j = inspex_inspection_add_judgement(insp, code, err)) == NULL)
        st = inspex_error_code(err) ? inspex_error_code(err)
                                    : INSPEX_ERR_INVALID;
    if (st == INSPEX_OK && title)
        st = inspex_judgement_set_title(j, title, err);
    if (st == INSPEX_OK && rating)
        st = inspex_judgement_set_rating(j, rating, err);
    xmlFree(code);
    xmlFree(title);
    xmlFree(rating);
    while (st == INSPEX_OK && !empty) {
        const char *name;
        if ((st = step(x, &type, err)) != INSPEX_OK || type == 0) {
            *fatal = 1;
            return st != INSPEX_OK ? st : read_failed(x, err);
        }
        if (type == XML_READER_TYPE_END_ELEMENT)
            break;
        if (type != XML_READER_TYPE_ELEMENT) {
            st = between(x, type, "judgement", err);
            continue;
        }
        if ((st = element_name(x, &name, err)) != INSPEX_OK)
            break;
        if (strcmp(name, "strand") != 0)
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "element <%s> is not allowed in <judgement>, "
                              "which holds only <strand>",
                              name);
        st = read_strand(x, j, err);
        /* a strand holds nothing: its end, if it has one, follows */
        if (st == INSPEX_OK && !xmlTextReaderIsEmptyElement(x->rd)) {
            st = leaf_text_of(x, "strand",
                              "holds nothing but its "
                              "attributes",
                              fatal, err);
            if (st == INSPEX_OK && !blank(x->text.p))
                st = error_here(x, INSPEX_ERR_INVALID, err,
                                "<strand> holds text; it has only "
                                "attributes");
        }
    }
    return st;
}

static inspex_status_t read_item(xr_t *x, inspex_inspection_t *insp,
                                 inspex_item_kind_t kind, int *fatal,
                                 inspex_error_t *err)
{
    inspex_item_t *item = inspex_inspection_add_item(insp, kind);
    const char *kname = inspex_item_kind_name(kind);
    size_t na;
    const inspex_attr_t *attrs = inspex_item_attrs(kind, &na);
    inspex_status_t st = INSPEX_OK;
    int type;

    if (item == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (xmlTextReaderIsEmptyElement(x->rd))
        return INSPEX_OK;
    while (st == INSPEX_OK) {
        const char *name;
        size_t a;
        if ((st = step(x, &type, err)) != INSPEX_OK || type == 0) {
            *fatal = 1;
            return st != INSPEX_OK ? st : read_failed(x, err);
        }
        if (type == XML_READER_TYPE_END_ELEMENT)
            break;
        if (type != XML_READER_TYPE_ELEMENT) {
            st = between(x, type, kname, err);
            continue;
        }
        if ((st = element_name(x, &name, err)) != INSPEX_OK)
            break;
        for (a = 0; a < na && strcmp(inspex_attr_name(attrs[a]), name); a++)
            ;
        if (a == na)
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "element <%s> is not allowed in <%s>", name,
                              kname);
        if (inspex_item_get(item, attrs[a]))
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "<%s> is given twice in one <%s>", name, kname);
        unsigned long line = node_line(x);
        if ((st = leaf_text(x, name, fatal, err)) != INSPEX_OK)
            break;
        st = inspex_item_set(item, attrs[a], x->text.p, 0, err);
        if (st != INSPEX_OK)
            inspex_error_locate(err, x->source, line, 0);
    }
    return st;
}

static int field_of(const char *name)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        if (strcmp(inspex_field_name((inspex_field_t)f), name) == 0)
            return f;
    return -1;
}

static int kind_of(const char *name)
{
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++)
        if (strcmp(inspex_item_kind_name((inspex_item_kind_t)k), name) == 0)
            return k;
    return -1;
}

/* One element of an <inspection>. */
static inspex_status_t read_member(xr_t *x, inspex_inspection_t *insp,
                                   unsigned long *seen, int *fatal,
                                   inspex_error_t *err)
{
    const char *name;
    inspex_status_t st = element_name(x, &name, err);
    unsigned long line = node_line(x);
    int f, k;

    if (st != INSPEX_OK)
        return st;
    if ((f = field_of(name)) >= 0) {
        if (*seen & (1ul << f))
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "<%s> is given twice in one <inspection>", name);
        *seen |= 1ul << f;
        if ((st = leaf_text(x, name, fatal, err)) != INSPEX_OK)
            return st;
        st = inspex_inspection_set(insp, (inspex_field_t)f, x->text.p, 0, err);
    } else if (strcmp(name, "judgement") == 0) {
        return read_judgement(x, insp, fatal, err);
    } else if ((k = kind_of(name)) >= 0) {
        return read_item(x, insp, (inspex_item_kind_t)k, fatal, err);
    } else if (strcmp(name, "extra") == 0) {
        char *key = attr(x, "key");
        if (key == NULL)
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "<extra> has no key attribute");
        st = leaf_text(x, name, fatal, err);
        if (st == INSPEX_OK)
            st = inspex_inspection_add_extra(insp, key, x->text.p, err);
        xmlFree(key);
    } else {
        return error_here(x, INSPEX_ERR_INVALID, err,
                          "element <%s> is not allowed in <inspection>", name);
    }
    if (st != INSPEX_OK && inspex_error_line(err) == 0)
        inspex_error_locate(err, x->source, line, 0);
    return st;
}

/* After a record's error: reads on to its end, keeping its bytes, so
 * that it can be rejected whole and the next one read. */
static inspex_status_t skip_record(xr_t *x, inspex_error_t *err)
{
    int type;

    while (xmlTextReaderDepth(x->rd) > 1 ||
           xmlTextReaderNodeType(x->rd) != XML_READER_TYPE_END_ELEMENT) {
        if (xmlTextReaderDepth(x->rd) == 1 &&
            xmlTextReaderIsEmptyElement(x->rd))
            return INSPEX_OK;
        inspex_status_t st = step(x, &type, err);
        if (st != INSPEX_OK || type == 0)
            return st != INSPEX_OK ? st : read_failed(x, err);
    }
    return INSPEX_OK;
}

static inspex_status_t read_record(xr_t *x, inspex_error_t *err)
{
    inspex_inspection_t *insp = inspex_inspection_new();
    unsigned long line = node_line(x), seen = 0;
    inspex_status_t st = INSPEX_OK;
    int type, fatal = 0, empty = xmlTextReaderIsEmptyElement(x->rd);

    if (insp == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    inspex_buf_reset(&x->raw);
    x->in_record = 1;
    keep_node(x, XML_READER_TYPE_ELEMENT);
    while (!empty) {
        if ((st = step(x, &type, err)) != INSPEX_OK || type == 0) {
            fatal = 1;
            st = st != INSPEX_OK ? st : read_failed(x, err);
            break;
        }
        if (type == XML_READER_TYPE_END_ELEMENT)
            break;
        st = type == XML_READER_TYPE_ELEMENT
                 ? read_member(x, insp, &seen, &fatal, err)
                 : between(x, type, "inspection", err);
        if (st != INSPEX_OK)
            break;
    }
    if (st != INSPEX_OK && !fatal) {
        /* the record's error, unless reading on to its end fails too */
        inspex_error_t *skip = inspex_error_new();
        inspex_status_t s2 = skip ? skip_record(x, skip) : INSPEX_ERR_NOMEM;
        inspex_error_free(skip);
        fatal = s2 != INSPEX_OK;
    }
    x->in_record = 0;
    if (x->nviol && !fatal) {
        /* the document breaks the schema, which says why: nothing more
         * is handed on, and the violations end the import */
        inspex_inspection_free(insp);
        return INSPEX_OK;
    }
    if (st != INSPEX_OK) {
        inspex_inspection_free(insp);
        if (inspex_error_source(err)[0] == '\0')
            inspex_error_locate(err, x->source, line, 0);
        return fatal || st == INSPEX_ERR_NOMEM
                   ? st
                   : inspex_import_reject(x->ctx, x->raw.p, x->raw.len, err);
    }
    inspex_inspection_set_origin(insp, x->source, line);
    return inspex_import_emit(x->ctx, insp, x->raw.p, x->raw.len, err);
}

/* ---- the document ------------------------------------------------------- */

/* The prolog's ASCII, for a look before the parser's: UTF-8 as it is
 * (its BOM skipped), UTF-16 (by its BOM, or by "<" beside a 0 byte) a
 * byte of each pair. Writes at most size bytes to view; returns how
 * many, or 0 to use d itself (*off: where its text starts). */
static size_t ascii_view(const unsigned char *d, size_t len, char *view,
                         size_t size, size_t *off)
{
    size_t i = 0, step = 2, n = 0;

    *off = inspex_bom_length(d, len);
    if (len >= 2 &&
        ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == '<' && d[1] == 0)))
        i = d[0] == 0xFF ? 2 : 0; /* little-endian: the low byte first */
    else if (len >= 2 &&
             ((d[0] == 0xFE && d[1] == 0xFF) || (d[0] == 0 && d[1] == '<')))
        i = d[0] == 0xFE ? 3 : 1;
    else
        return 0;
    for (; i < len && n < size; i += step)
        view[n++] = (char)d[i];
    *off = 0;
    return n;
}

/* Looks at the prolog's bytes before the parser does: a document type
 * declaration is refused there, so that libxml2 never reads a DTD (with
 * its external entities and entity expansions). */
static inspex_status_t check_prolog(xr_t *x, inspex_error_t *err)
{
    const unsigned char *raw;
    const unsigned char *d;
    size_t len, i, rawlen;
    unsigned long line = 1;

    if (inspex_reader_peek(x->in, 64 * 1024, &raw, &rawlen, err) != INSPEX_OK)
        return inspex_error_code(err);
    len = ascii_view(raw, rawlen, x->view, sizeof(x->view), &i);
    d = len ? (const unsigned char *)x->view : raw;
    if (len == 0)
        len = rawlen;
    while (i < len) {
        if (d[i] == '\n')
            line++;
        if (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n') {
            i++;
            continue;
        }
        if (d[i] != '<' || i + 1 >= len)
            break;
        if (d[i + 1] == '?' || (i + 3 < len && !memcmp(d + i, "<!--", 4))) {
            const char *close = d[i + 1] == '?' ? "?>" : "-->";
            size_t k = i + 2;
            for (; k + strlen(close) <= len &&
                   memcmp(d + k, close, strlen(close));
                 k++)
                if (d[k] == '\n')
                    line++;
            i = k + strlen(close);
            continue;
        }
        if (len - i >= 9 && !memcmp(d + i, "<!DOCTYPE", 9))
            return inspex_error_set_at(
                err, INSPEX_ERR_INVALID, x->source, line, 0,
                "a document type declaration (<!DOCTYPE>) is not allowed in "
                "inspex XML: it could read files or expand entities; "
                "nothing was read from it");
        break;
    }
    x->empty = i >= len && rawlen < 64 * 1024;
    return INSPEX_OK;
}

static inspex_status_t read_root(xr_t *x, inspex_error_t *err)
{
    const char *name;
    char *version;
    inspex_status_t st;
    int type;

    do {
        if ((st = step(x, &type, err)) != INSPEX_OK)
            return st;
        if (type == 0)
            return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, x->source, 0, 0,
                                       "no XML document in the input");
        if (type == XML_READER_TYPE_DOCUMENT_TYPE)
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "a document type declaration (<!DOCTYPE>) is "
                              "not allowed in inspex XML");
    } while (type != XML_READER_TYPE_ELEMENT);
    if ((st = element_name(x, &name, err)) != INSPEX_OK)
        return st;
    if (strcmp(name, "inspections") != 0)
        return error_here(x, INSPEX_ERR_INVALID, err,
                          "the document is <%s>, not inspex XML (whose root "
                          "is <inspections xmlns=\"%s\">)",
                          name, XML__NS);
    version = attr(x, "version");
    if (version == NULL || strcmp(version, XML__VERSION) != 0)
        st = error_here(x, INSPEX_ERR_INVALID, err,
                        version ? "inspex XML version \"%s\" is not known; "
                                  "this inspex reads version " XML__VERSION
                                : "%s<inspections> has no version attribute",
                        version ? version : "");
    xmlFree(version);
    return st;
}

static inspex_status_t read_document(xr_t *x, inspex_error_t *err)
{
    inspex_status_t st = read_root(x, err);
    int type = 0, empty;

    if (st != INSPEX_OK)
        return st;
    empty = xmlTextReaderIsEmptyElement(x->rd);
    while (!empty) {
        const char *name;
        if ((st = step(x, &type, err)) != INSPEX_OK)
            return st;
        if (type == 0)
            return read_failed(x, err);
        if (type == XML_READER_TYPE_END_ELEMENT)
            break;
        if (type != XML_READER_TYPE_ELEMENT) {
            if ((st = between(x, type, "inspections", err)) != INSPEX_OK)
                return st;
            continue;
        }
        if ((st = element_name(x, &name, err)) != INSPEX_OK)
            return st;
        if (strcmp(name, "inspection") != 0)
            return error_here(x, INSPEX_ERR_INVALID, err,
                              "element <%s> is not allowed in <inspections>, "
                              "which holds only <inspection>",
                              name);
        if ((st = read_record(x, err)) != INSPEX_OK)
            return st;
    }
    /* what follows the root: only comments and white space */
    x->root_closed = 1;
    do {
        if ((st = step(x, &type, err)) != INSPEX_OK)
            return st;
    } while (type != 0);
    return INSPEX_OK;
}

inspex_status_t xml__import(inspex_import_t *ctx, inspex_error_t *err)
{
    xr_t x;
    xmlSchemaParserCtxtPtr pctx = NULL;
    xmlSchemaPtr schema = NULL;
    inspex_status_t st;

    memset(&x, 0, sizeof(x));
    x.ctx = ctx;
    x.in = inspex_import_reader(ctx);
    x.source = inspex_import_source(ctx);
    if ((st = check_prolog(&x, err)) != INSPEX_OK)
        return st;
    if (x.empty)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, x.source, 0, 0,
                                   "no XML document in the input");
    if ((x.ioerr = inspex_error_new()) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    /* no XML_PARSE_NOENT, _DTDLOAD or _HUGE: entities stay unexpanded,
     * no DTD is loaded, libxml2's limits hold; and no network */
    x.rd = xmlReaderForIO(io_read, io_close, &x, x.source, NULL,
                          XML_PARSE_NONET);
    if (x.rd == NULL) {
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        goto done;
    }
    xmlTextReaderSetStructuredErrorHandler(x.rd, on_error, &x);
    if (inspex_import_option_bool(ctx, "validate")) {
        pctx = xmlSchemaNewMemParserCtxt(xml__xsd, (int)xml__xsd_len);
        schema = pctx ? xmlSchemaParse(pctx) : NULL;
        if (schema == NULL || xmlTextReaderSetSchema(x.rd, schema) != 0) {
            st = inspex_error_set(err, INSPEX_ERR_PLUGIN,
                                  "the inspex XML schema could not be "
                                  "loaded");
            goto done;
        }
    }
    st = read_document(&x, err);
    if (st == INSPEX_OK && x.nviol)
        st = inspex_error_set_at(
            err, INSPEX_ERR_INVALID, x.source, x.vline, 0,
            "the document does not follow the inspex XML schema: %lu "
            "violation%s: %s%s",
            x.nviol, x.nviol == 1 ? "" : "s", x.viol.p ? x.viol.p : "",
            x.nviol > MAX_LISTED ? "; ..." : "");
done:
    if (x.rd)
        xmlFreeTextReader(x.rd);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pctx);
    inspex_error_free(x.ioerr);
    inspex_buf_free(&x.raw);
    inspex_buf_free(&x.text);
    inspex_buf_free(&x.viol);
    return st;
}
