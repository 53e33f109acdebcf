/* SPDX-License-Identifier: MIT */
/*
 * sheet_write.c - the spreadsheet writers. The columns and rows are the
 * CSV writer's (plugins/csv/csv_write.c, through its row sink), so a sheet
 * holds what the CSV would and reads back through the same reader; here
 * each cell gets its type: dates as dates, whole and decimal numbers as
 * numbers when the number's text comes back exactly, everything else
 * (ratings, codes, text) as text. XLSX with libxlsxwriter in its
 * constant-memory mode (rows go to a temporary file as they come): the
 * header frozen and filtered; ODS with libxml2's writer into a temporary
 * content.xml, packed by libzip. With -O sheets=all, sheets of
 * judgements, recommendations and actions in long form follow.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parserInternals.h>
#include <libxml/xmlwriter.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "../csv/csv.h"
#include "sheet.h"

enum { KIND_TEXT, KIND_NUMBER, KIND_DATE };

/* A sheet being written, in either format. */
typedef struct out_sheet {
    lxw_worksheet *ws;    /* xlsx */
    xmlTextWriterPtr xw;  /* ods: the sheet's table in content.xml */
    unsigned long rows;   /* rows written */
    size_t cols;          /* the widest row */
    unsigned char *kinds; /* per column, from the header */
    size_t nkinds;
} out_sheet_t;

typedef struct sstate {
    int ods;
    void *csv; /* the CSV writer's state, with our sink */
    char path[4096], content[4096];
    int have_path, have_content;
    lxw_workbook *wb;
    lxw_format *bold, *date;
    xmlTextWriterPtr xw; /* ods content.xml */
    out_sheet_t main;
    int all;              /* -O sheets=all */
    out_sheet_t longs[3]; /* judgements, recommendations, actions */
    unsigned long record;
    inspex_buf_t tmp;
    inspex_buf_t esc; /* a cell's text with its literal _xHHHH_ escaped */
    inspex_buf_t row; /* ods: a row's XML, handed to the writer at once */
} sstate_t;

static const char *const long_names[3] = {"Judgements", "Recommendations",
                                          "Actions"};

/* A temporary file's path into buf: TMPDIR, else /tmp. */
static int temp_path(char *buf, size_t size, const char *what)
{
    const char *dir = getenv("TMPDIR");
    int fd;

    snprintf(buf, size, "%s/inspex-%s-XXXXXX", dir && *dir ? dir : "/tmp",
             what);
    if ((fd = mkstemp(buf)) < 0)
        return -1;
    close(fd);
    return 0;
}

/* The type a column's cells get, by the field its header names. */
static unsigned char column_kind(const char *header)
{
    int f = header ? inspex_match_field(header) : -1;

    if (f < 0 || strcmp(inspex_field_name((inspex_field_t)f), header) != 0)
        return KIND_TEXT; /* only inspex's own names: an extra stays text */
    switch (inspex_field_kind((inspex_field_t)f)) {
    case INSPEX_KIND_DATE: return KIND_DATE;
    case INSPEX_KIND_INTEGER:
    case INSPEX_KIND_DECIMAL: return KIND_NUMBER;
    default: return KIND_TEXT;
    }
}

/* 1 when v is a number whose text a reader gets back exactly. */
static int exact_number(const char *v, double *d)
{
    char *end, back[64];

    if (*v == '\0' || *v == ' ' || *v == '+')
        return 0;
    *d = strtod(v, &end);
    if (*end != '\0')
        return 0;
    snprintf(back, sizeof(back), "%.16G", *d);
    return strcmp(back, v) == 0;
}

/* 1 when v is a whole ISO date, YYYY-MM-DD, into *y, *m, *d. */
static int full_date(const char *v, int *y, int *m, int *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? v[i] != '-' : (v[i] < '0' || v[i] > '9'))
            return 0;
    if (v[10] != '\0')
        return 0;
    *y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 +
         (v[3] - '0');
    *m = (v[5] - '0') * 10 + (v[6] - '0');
    *d = (v[8] - '0') * 10 + (v[9] - '0');
    return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static int set_kinds(out_sheet_t *o, const char *const *cells, size_t n)
{
    if ((o->kinds = calloc(n ? n : 1, 1)) == NULL)
        return -1;
    o->nkinds = n;
    for (size_t i = 0; i < n; i++)
        o->kinds[i] = column_kind(cells[i]);
    return 0;
}

/* ---- xlsx ------------------------------------------------------------------
 */

static inspex_status_t lxw_fail(lxw_error e, inspex_error_t *err)
{
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "a cell of more than 32767 characters, which "
                                "an XLSX sheet cannot hold (write CSV or JSON "
                                "for it)");
    return inspex_error_set(err,
                            e == LXW_ERROR_MEMORY_MALLOC_FAILED
                                ? INSPEX_ERR_NOMEM
                                : INSPEX_ERR_IO,
                            "writing the XLSX workbook: %s", lxw_strerror(e));
}

static inspex_status_t xlsx_row(sstate_t *s, out_sheet_t *o,
                                const char *const *cells, size_t n, int header,
                                inspex_error_t *err)
{
    lxw_row_t r = (lxw_row_t)o->rows;
    lxw_error e = LXW_NO_ERROR;

    if (o->rows >= SHEET_MAX_ROWS)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "more than %lu rows, which an XLSX sheet "
                                "cannot hold",
                                SHEET_MAX_ROWS);
    if (n > SHEET_MAX_COLS)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "more than %d columns, which an XLSX sheet "
                                "cannot hold",
                                SHEET_MAX_COLS);
    for (size_t i = 0; i < n && e == LXW_NO_ERROR; i++) {
        const char *v = cells[i];
        unsigned char kind = !header && i < o->nkinds ? o->kinds[i] : 0;
        lxw_col_t c = (lxw_col_t)i;
        double d;
        int y, m, dd;
        if (v == NULL || *v == '\0')
            continue;
        const char *t = sheet_xlsx_escape(v, &s->esc);
        if (t == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        if (header)
            e = worksheet_write_string(o->ws, r, c, t, s->bold);
        else if (kind == KIND_DATE && full_date(v, &y, &m, &dd)) {
            lxw_datetime dt = {y, m, dd, 0, 0, 0};
            e = worksheet_write_datetime(o->ws, r, c, &dt, s->date);
        } else if (kind == KIND_NUMBER && exact_number(v, &d))
            e = worksheet_write_number(o->ws, r, c, d, NULL);
        else
            e = worksheet_write_string(o->ws, r, c, t, NULL);
    }
    if (e != LXW_NO_ERROR)
        return lxw_fail(e, err);
    o->rows++;
    if (n > o->cols)
        o->cols = n;
    return INSPEX_OK;
}

/* ---- ods -------------------------------------------------------------------
 */

#define T(s) ((const xmlChar *)(s))

/* XML 1.0 holds no control character but tab, line feed and carriage
 * return, nor U+FFFE or U+FFFF, and OpenDocument has no escape for them:
 * such a cell is refused, never dropped. */
static inspex_status_t ods_text_ok(const char *v, inspex_error_t *err)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        unsigned u = *p;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            u = p[2] == 0xBE ? 0xFFFEu : 0xFFFFu;
        else if (u >= 0x20 || u == '\t' || u == '\n' || u == '\r')
            continue;
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "cannot write \"%.40s\" as ODS: the "
                                "%s U+%04X, which an ODS cell cannot hold; "
                                "write CSV or JSON",
                                v, u < 0x20 ? "control character" : "character",
                                u);
    }
    return INSPEX_OK;
}

/* Appends the len bytes at v as XML text, escaped as xmlTextWriter
 * escapes text: &, <, > and " as entities, a carriage return as &#13;.
 * 0; -1 when out of memory; 1 at a control character, U+FFFE or
 * U+FFFF, which XML cannot hold (ods_text_ok then says which). */
static int add_text(inspex_buf_t *b, const char *v, size_t len)
{
    size_t run = 0;

    for (size_t i = 0; i < len; i++) {
        const char *e;
        switch (v[i]) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\r': e = "&#13;"; break;
        case '\t':
        case '\n': continue;
        default:
            if ((unsigned char)v[i] < 0x20)
                return 1;
            /* U+FFFE, U+FFFF (EF BF BE, EF BF BF): XML holds neither */
            if ((unsigned char)v[i] == 0xEF && i + 2 < len &&
                (unsigned char)v[i + 1] == 0xBF &&
                ((unsigned char)v[i + 2] & 0xFE) == 0xBE)
                return 1;
            continue;
        }
        if (inspex_buf_add(b, v + run, i - run) != 0 ||
            inspex_buf_adds(b, e) != 0)
            return -1;
        run = i + 1;
    }
    return inspex_buf_add(b, v + run, len - run);
}

#define ROW_ADD(b, lit) inspex_buf_add(b, lit, sizeof(lit) - 1)

/* A cell's text (ods_row's cell v) escaped into its row b; a control
 * character in it refuses the row, said by ods_text_ok. */
#define ROW_TEXT(p, len)                    \
    do {                                    \
        if ((rc = add_text(b, p, len)) > 0) \
            return ods_text_ok(v, err);     \
        bad |= rc;                          \
    } while (0)

/* A row of content.xml, made in s->row and handed to the text writer
 * whole (xmlTextWriter's own calls, a dozen a cell, were most of the
 * writer's time). The same bytes as those calls made. */
static inspex_status_t ods_row(sstate_t *s, out_sheet_t *o,
                               const char *const *cells, size_t n, int header,
                               inspex_error_t *err)
{
    inspex_buf_t *b = &s->row;
    int bad = 0, rc;

    inspex_buf_reset(b);
    /* a row of no cells is one empty element, as the text writer made it */
    bad |= n ? ROW_ADD(b, "<table:table-row>")
             : ROW_ADD(b, "<table:table-row/>");
    for (size_t i = 0; i < n && !bad; i++) {
        const char *v = cells[i] ? cells[i] : "";
        unsigned char kind = !header && i < o->nkinds ? o->kinds[i] : 0;
        double d;
        int y, m, dd;
        if (*v == '\0') {
            bad |= ROW_ADD(b, "<table:table-cell/>");
            continue;
        }
        /* a date's or a number's value (digits, '-', '.', '+', 'E', INF,
         * NAN: none needs an escape), escaped as text all the same */
        if (kind == KIND_DATE && full_date(v, &y, &m, &dd)) {
            bad |= ROW_ADD(b, "<table:table-cell table:style-name=\"ceDate\" "
                              "office:value-type=\"date\" "
                              "office:date-value=\"");
            ROW_TEXT(v, strlen(v));
            bad |= ROW_ADD(b, "\">");
        } else if (kind == KIND_NUMBER && exact_number(v, &d)) {
            bad |= ROW_ADD(b, "<table:table-cell office:value-type=\"float\" "
                              "office:value=\"");
            ROW_TEXT(v, strlen(v));
            bad |= ROW_ADD(b, "\">");
        } else if (header) {
            bad |= ROW_ADD(b, "<table:table-cell table:style-name=\"ceHead\" "
                              "office:value-type=\"string\">");
        } else {
            bad |= ROW_ADD(b,
                           "<table:table-cell office:value-type=\"string\">");
        }
        /* the shown text; a string's line breaks become paragraphs */
        for (const char *p = v; !bad;) {
            size_t len = strcspn(p, "\n");
            bad |= ROW_ADD(b, "<text:p>");
            ROW_TEXT(p, len);
            bad |= ROW_ADD(b, "</text:p>");
            if (p[len] == '\0')
                break;
            p += len + 1;
        }
        bad |= ROW_ADD(b, "</table:table-cell>");
    }
    if (n)
        bad |= ROW_ADD(b, "</table:table-row>");
    if (bad)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (b->len > INT_MAX) /* only with the limits raised far */
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "cannot write a row of more than 2 GiB as ODS "
                                "XML; write CSV or JSON");
    if (xmlTextWriterWriteRawLen(s->xw, (const xmlChar *)b->p, (int)b->len) < 0)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "writing the ODS content: %s", strerror(errno));
    if (b->cap > ((size_t)1 << 20))
        inspex_buf_free(b); /* a huge row's room is not kept */
    o->rows++;
    if (n > o->cols)
        o->cols = n;
    return INSPEX_OK;
}

#undef ROW_TEXT
#undef ROW_ADD

static inspex_status_t put_row(sstate_t *s, out_sheet_t *o,
                               const char *const *cells, size_t n, int header,
                               inspex_error_t *err)
{
    if (header && o->kinds == NULL && set_kinds(o, cells, n) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return s->ods ? ods_row(s, o, cells, n, header, err)
                  : xlsx_row(s, o, cells, n, header, err);
}

/* The CSV writer's rows: the inspections' sheet. */
static inspex_status_t sink(void *ud, const char *const *cells, size_t n,
                            int header, inspex_error_t *err)
{
    sstate_t *s = ud;

    return put_row(s, &s->main, cells, n, header, err);
}

/* ---- the long sheets
 * --------------------------------------------------------- */

static const char *const judgement_head[] = {"inspection", "body_name",
                                             "published",  "standard",
                                             "title",      "rating"};

/* The header of long sheet k, into cells; its count. */
static size_t long_header(int k, const char **cells)
{
    inspex_item_kind_t kind = k == 1 ? INSPEX_ITEM_RECOMMENDATION
                                     : INSPEX_ITEM_ACTION;
    const inspex_attr_t *attrs;
    size_t na, n = 3;

    memcpy(cells, judgement_head, 3 * sizeof(*cells));
    if (k == 0) {
        memcpy(cells + 3, judgement_head + 3, 3 * sizeof(*cells));
        return 6;
    }
    attrs = inspex_item_attrs(kind, &na);
    for (size_t i = 0; i < na && n < 32; i++)
        cells[n++] = inspex_attr_name(attrs[i]);
    return n;
}

static inspex_status_t long_rows(sstate_t *s, const inspex_inspection_t *insp,
                                 inspex_error_t *err)
{
    const char *cells[32];
    char num[24];
    inspex_status_t st = INSPEX_OK;

    snprintf(num, sizeof(num), "%lu", s->record);
    cells[0] = num;
    cells[1] = inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME);
    cells[2] = inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED);
    for (size_t i = 0;
         st == INSPEX_OK && i < inspex_inspection_judgement_count(insp); i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        cells[3] = inspex_judgement_code(j);
        cells[4] = inspex_judgement_title(j);
        cells[5] = inspex_judgement_rating(j);
        st = put_row(s, &s->longs[0], cells, 6, 0, err);
    }
    for (int k = 1; k <= 2 && st == INSPEX_OK; k++) {
        inspex_item_kind_t kind = k == 1 ? INSPEX_ITEM_RECOMMENDATION
                                         : INSPEX_ITEM_ACTION;
        size_t na;
        const inspex_attr_t *attrs = inspex_item_attrs(kind, &na);
        for (size_t i = 0;
             st == INSPEX_OK && i < inspex_inspection_item_count(insp, kind);
             i++) {
            const inspex_item_t *item = inspex_inspection_item(insp, kind, i);
            size_t n = 3;
            for (size_t a = 0; a < na && n < 32; a++)
                cells[n++] = inspex_item_get(item, attrs[a]);
            st = put_row(s, &s->longs[k], cells, n, 0, err);
        }
    }
    return st;
}

/* ---- begin, record, end
 * ------------------------------------------------------- */

void sheet__free(void *state)
{
    sstate_t *s = state;

    if (s == NULL)
        return;
    csv__wstate_free(s->csv);
    if (s->wb) /* a failed run: what was written goes */
        workbook_close(s->wb);
    if (s->xw)
        xmlFreeTextWriter(s->xw);
    if (s->have_path)
        unlink(s->path);
    if (s->have_content)
        unlink(s->content);
    free(s->main.kinds);
    for (int k = 0; k < 3; k++)
        free(s->longs[k].kinds);
    free(s->tmp.p);
    free(s->esc.p);
    free(s->row.p);
    free(s);
}

static inspex_status_t xlsx_begin(sstate_t *s, inspex_error_t *err)
{
    const char *dir = getenv("TMPDIR");
    lxw_workbook_options o = {.constant_memory = LXW_TRUE,
                              .tmpdir = (char *)(dir && *dir ? dir : NULL)};

    if (temp_path(s->path, sizeof(s->path), "xlsx") != 0)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "a temporary file for the workbook: %s",
                                strerror(errno));
    s->have_path = 1;
    if ((s->wb = workbook_new_opt(s->path, &o)) == NULL ||
        (s->main.ws = workbook_add_worksheet(s->wb, "Inspections")) == NULL ||
        (s->bold = workbook_add_format(s->wb)) == NULL ||
        (s->date = workbook_add_format(s->wb)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM,
                                "starting the XLSX workbook");
    format_set_bold(s->bold);
    format_set_num_format(s->date, "yyyy-mm-dd");
    worksheet_freeze_panes(s->main.ws, 1, 0);
    for (int k = 0; s->all && k < 3; k++) {
        if ((s->longs[k].ws = workbook_add_worksheet(s->wb, long_names[k])) ==
            NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM,
                                    "starting the XLSX workbook");
        worksheet_freeze_panes(s->longs[k].ws, 1, 0);
        /* the header first: in constant memory, rows go in order */
        const char *cells[32];
        size_t n = long_header(k, cells);
        inspex_status_t st = put_row(s, &s->longs[k], cells, n, 1, err);
        if (st != INSPEX_OK)
            return st;
    }
    return INSPEX_OK;
}

/* content.xml up to the first table's rows. */
static inspex_status_t ods_begin(sstate_t *s, inspex_error_t *err)
{
    xmlTextWriterPtr w;
    int rc;

    if (temp_path(s->content, sizeof(s->content), "ods") != 0)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "a temporary file for the ODS content: %s",
                                strerror(errno));
    s->have_content = 1;
    if ((w = s->xw = xmlNewTextWriterFilename(s->content, 0)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "writing the ODS content: %s", strerror(errno));
    rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    static const char *const ns[][2] = {
        {"xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"},
        {"xmlns:style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"},
        {"xmlns:text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
        {"xmlns:table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
        {"xmlns:fo", "urn:oasis:names:tc:opendocument:xmlns:"
                     "xsl-fo-compatible:1.0"},
        {"xmlns:number",
         "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"}};
    if (rc >= 0)
        rc = xmlTextWriterStartElement(w, T("office:document-content"));
    for (size_t i = 0; rc >= 0 && i < sizeof(ns) / sizeof(ns[0]); i++)
        rc = xmlTextWriterWriteAttribute(w, T(ns[i][0]), T(ns[i][1]));
    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(w, T("office:version"), T("1.2"));
    /* a date style (2020-06-04) and a bold header */
    if (rc >= 0)
        rc = xmlTextWriterWriteRaw(
            w, T("<office:automatic-styles>"
                 "<number:date-style style:name=\"N1\">"
                 "<number:year number:style=\"long\"/><number:text>-"
                 "</number:text><number:month number:style=\"long\"/>"
                 "<number:text>-</number:text><number:day "
                 "number:style=\"long\"/></number:date-style>"
                 "<style:style style:name=\"ceDate\" "
                 "style:family=\"table-cell\" style:data-style-name=\"N1\"/>"
                 "<style:style style:name=\"ceHead\" "
                 "style:family=\"table-cell\"><style:text-properties "
                 "fo:font-weight=\"bold\"/></style:style>"
                 "</office:automatic-styles>"));
    if (rc >= 0)
        rc = xmlTextWriterStartElement(w, T("office:body"));
    if (rc >= 0)
        rc = xmlTextWriterStartElement(w, T("office:spreadsheet"));
    if (rc >= 0)
        rc = xmlTextWriterStartElement(w, T("table:table"));
    if (rc >= 0)
        rc = xmlTextWriterWriteAttribute(w, T("table:name"), T("Inspections"));
    if (rc < 0)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "writing the ODS content: %s", strerror(errno));
    return INSPEX_OK;
}

inspex_status_t sheet__begin(inspex_export_t *ctx, void **state,
                             inspex_error_t *err)
{
    sstate_t *s = calloc(1, sizeof(*s));
    const char *all = inspex_export_option(ctx, "sheets");
    inspex_status_t st;

    *state = s;
    if (s == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
#ifdef INSPEX_ODS
    s->ods = 1;
#endif
    s->all = all && strcmp(all, "all") == 0;
    if ((st = csv__begin(ctx, &s->csv, err)) != INSPEX_OK)
        return st;
    csv__set_sink(s->csv, sink, s, s->ods ? "ODS" : "XLSX");
    return s->ods ? ods_begin(s, err) : xlsx_begin(s, err);
}

/* INSPEX_OK when a cell can hold v: ODS no character XML cannot hold
 * (ods_text_ok), XLSX no more than 32767 characters once escaped. */
static inspex_status_t text_fits(sstate_t *s, const char *v,
                                 inspex_error_t *err)
{
    const char *t;
    size_t chars = 0;

    if (v == NULL)
        return INSPEX_OK;
    if (s->ods) {
        /* a line is a paragraph, one text node: libxml2 (without
         * XML_PARSE_HUGE, as inspex reads) takes none longer than this */
        for (const char *p = v; *p;) {
            size_t n = strcspn(p, "\n");
            if (n > XML_MAX_TEXT_LENGTH)
                return inspex_error_set(err, INSPEX_ERR_INVALID,
                                        "cannot write a line of %zu bytes in "
                                        "a cell as ODS: more than the %d an "
                                        "XML reader (libxml2) takes in one "
                                        "text; write CSV or JSON",
                                        n, XML_MAX_TEXT_LENGTH);
            p += n + (p[n] == '\n');
        }
        return ods_text_ok(v, err);
    }
    if (strlen(v) <= 32767 / 7) /* escaped, at most 7 characters a byte */
        return INSPEX_OK;
    if ((t = sheet_xlsx_escape(v, &s->esc)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    for (const unsigned char *p = (const unsigned char *)t; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    return chars > 32767 ? lxw_fail(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, err)
                         : INSPEX_OK;
}

/* INSPEX_OK when every text of insp fits a cell (text_fits). Checked as
 * the record comes, not when its row is made: the first records are held
 * until the columns are planned, and one refused then could not be
 * rejected on its own (--keep-going). */
static inspex_status_t record_fits(sstate_t *s, const inspex_inspection_t *insp,
                                   inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;

    for (int f = 0; f < INSPEX_FIELD__COUNT && st == INSPEX_OK; f++)
        st = text_fits(s, inspex_inspection_get(insp, (inspex_field_t)f), err);
    for (size_t i = 0;
         i < inspex_inspection_judgement_count(insp) && st == INSPEX_OK; i++) {
        const inspex_judgement_t *j = inspex_inspection_judgement(insp, i);
        const char *name;
        if ((st = text_fits(s, inspex_judgement_code(j), err)) == INSPEX_OK &&
            (st = text_fits(s, inspex_judgement_title(j), err)) == INSPEX_OK)
            st = text_fits(s, inspex_judgement_rating(j), err);
        for (size_t k = 0; st == INSPEX_OK &&
                           inspex_judgement_strand(j, k, &name, NULL, NULL);
             k++)
            st = text_fits(s, name, err);
    }
    for (int kd = 0; kd < INSPEX_ITEM__COUNT && st == INSPEX_OK; kd++)
        for (size_t i = 0;
             st == INSPEX_OK &&
             i < inspex_inspection_item_count(insp, (inspex_item_kind_t)kd);
             i++) {
            const inspex_item_t *item =
                inspex_inspection_item(insp, (inspex_item_kind_t)kd, i);
            for (int a = 0; a < INSPEX_ATTR__COUNT && st == INSPEX_OK; a++)
                st = text_fits(s, inspex_item_get(item, (inspex_attr_t)a), err);
        }
    for (size_t i = 0;
         i < inspex_inspection_extra_count(insp) && st == INSPEX_OK; i++)
        if ((st = text_fits(s, inspex_inspection_extra_key(insp, i), err)) ==
            INSPEX_OK)
            st = text_fits(s, inspex_inspection_extra_value(insp, i), err);
    return st;
}

inspex_status_t sheet__record(inspex_export_t *ctx, void *state,
                              const inspex_inspection_t *insp,
                              inspex_error_t *err)
{
    sstate_t *s = state;
    inspex_status_t st = record_fits(s, insp, err);

    if (st == INSPEX_OK)
        st = csv__record(ctx, s->csv, insp, err);

    s->record++;
    if (st != INSPEX_OK || !s->all || s->ods)
        return st;
    return long_rows(s, insp, err);
}

/* Copies the file at path to the export's writer. */
static inspex_status_t copy_out(inspex_export_t *ctx, const char *path,
                                inspex_error_t *err)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    inspex_status_t st = INSPEX_OK;

    if (f == NULL)
        return inspex_error_set(err, INSPEX_ERR_IO, "%s: %s", path,
                                strerror(errno));
    while (st == INSPEX_OK && (n = fread(buf, 1, sizeof(buf), f)) > 0)
        st = inspex_writer_write(inspex_export_writer(ctx), buf, n, err);
    if (st == INSPEX_OK && ferror(f))
        st = inspex_error_set(err, INSPEX_ERR_IO, "%s: %s", path,
                              strerror(errno));
    fclose(f);
    return st;
}

static inspex_status_t xlsx_end(inspex_export_t *ctx, sstate_t *s,
                                inspex_error_t *err)
{
    lxw_error e;

    if (s->main.rows > 1 && s->main.cols)
        worksheet_autofilter(s->main.ws, 0, 0, (lxw_row_t)(s->main.rows - 1),
                             (lxw_col_t)(s->main.cols - 1));
    e = workbook_close(s->wb);
    s->wb = NULL;
    if (e != LXW_NO_ERROR)
        return lxw_fail(e, err);
    return copy_out(ctx, s->path, err);
}

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
    "xmlns:manifest:1.0\" manifest:version=\"1.2\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" "
    "manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" "
    "manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"settings.xml\" "
    "manifest:media-type=\"text/xml\"/></manifest:manifest>\n";
/* The view: the header row frozen (a vertical split in freeze mode, 2,
 * at row 1), as LibreOffice writes it. */
#define CONFIG_ITEM(name, type, value)                                 \
    "<config:config-item config:name=\"" name "\" config:type=\"" type \
    "\">" value "</config:config-item>"
static const char settings[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-settings xmlns:office=\"urn:oasis:names:tc:"
    "opendocument:xmlns:office:1.0\" xmlns:config=\"urn:oasis:names:tc:"
    "opendocument:xmlns:config:1.0\" office:version=\"1.2\">"
    "<office:settings><config:config-item-set config:name=\"ooo:view-"
    "settings\"><config:config-item-map-indexed config:name=\"Views\">"
    "<config:config-item-map-entry>" CONFIG_ITEM(
        "ViewId", "string",
        "view1") "<config:config-item-map-named config:name=\"Tables\">"
                 "<config:config-item-map-entry "
                 "config:name=\"Inspections\">" CONFIG_ITEM(
                     "HorizontalSplitMode", "short",
                     "0") CONFIG_ITEM("VerticalSplitMode", "short", "2")
                     CONFIG_ITEM("HorizontalSplitPosition", "int", "0")
                         CONFIG_ITEM("VerticalSplitPosition", "int", "1")
                             CONFIG_ITEM("ActiveSplitRange", "short",
                                         "2") CONFIG_ITEM("PositionLeft", "int",
                                                          "0")
                                 CONFIG_ITEM("PositionRight", "int",
                                             "0") CONFIG_ITEM("PositionTop",
                                                              "int", "0")
                                     CONFIG_ITEM(
                                         "PositionBottom", "int",
                                         "1") "</"
                                              "config:config-item-map-entry></"
                                              "config:config-item-map-"
                                              "named>" CONFIG_ITEM("ActiveTabl"
                                                                   "e",
                                                                   "string",
                                                                   "Inspection"
                                                                   "s") "</"
                                                                        "config"
                                                                        ":confi"
                                                                        "g-"
                                                                        "item-"
                                                                        "map-"
                                                                        "entry>"
                                                                        "</"
                                                                        "config"
                                                                        ":confi"
                                                                        "g-"
                                                                        "item-"
                                                                        "map-"
                                                                        "indexe"
                                                                        "d>"
                                                                        "</"
                                                                        "config"
                                                                        ":confi"
                                                                        "g-"
                                                                        "item-"
                                                                        "set></"
                                                                        "office"
                                                                        ":setti"
                                                                        "ngs>"
                                                                        "</"
                                                                        "office"
                                                                        ":docum"
                                                                        "ent-"
                                                                        "settin"
                                                                        "gs>\n";
static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";

static inspex_status_t ods_end(inspex_export_t *ctx, sstate_t *s,
                               inspex_error_t *err)
{
    int rc = xmlTextWriterEndDocument(s->xw); /* closes every element */
    zip_t *z;
    zip_source_t *src;
    zip_int64_t i;
    int zerr;

    xmlFreeTextWriter(s->xw);
    s->xw = NULL;
    if (rc < 0)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "writing the ODS content: %s", strerror(errno));
    if (temp_path(s->path, sizeof(s->path), "odszip") != 0)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "a temporary file for the ODS package: %s",
                                strerror(errno));
    s->have_path = 1;
    if ((z = zip_open(s->path, ZIP_TRUNCATE, &zerr)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_IO,
                                "starting the ODS package (libzip error %d)",
                                zerr);
    /* the mimetype first and stored, so that a probe finds it */
    if ((src = zip_source_buffer(z, mimetype, sizeof(mimetype) - 1, 0)) ==
            NULL ||
        (i = zip_file_add(z, "mimetype", src, 0)) < 0 ||
        zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0 ||
        (src = zip_source_buffer(z, manifest, sizeof(manifest) - 1, 0)) ==
            NULL ||
        zip_file_add(z, "META-INF/manifest.xml", src, 0) < 0 ||
        (src = zip_source_buffer(z, settings, sizeof(settings) - 1, 0)) ==
            NULL ||
        zip_file_add(z, "settings.xml", src, 0) < 0 ||
        (src = zip_source_file(z, s->content, 0, -1)) == NULL ||
        (i = zip_file_add(z, "content.xml", src, 0)) < 0 ||
        /* zlib's default level: libzip's own is 9, several times slower
         * on a large sheet for a few per cent less */
        zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_DEFLATE, 6) != 0 ||
        zip_close(z) != 0) {
        inspex_status_t st = inspex_error_set(err, INSPEX_ERR_IO,
                                              "writing the ODS package: %s",
                                              zip_strerror(z));
        zip_discard(z);
        return st;
    }
    return copy_out(ctx, s->path, err);
}

inspex_status_t sheet__end(inspex_export_t *ctx, void *state,
                           inspex_error_t *err)
{
    sstate_t *s = state;
    inspex_status_t st = csv__end(ctx, s->csv, err);

    if (st != INSPEX_OK)
        return st;
    return s->ods ? ods_end(ctx, s, err) : xlsx_end(ctx, s, err);
}
