/* SPDX-License-Identifier: MIT */
/*
 * sheet.h - what the spreadsheet plugins' files share (internal, not
 * installed). One folder builds two plugins, xlsx and ods (-DINSPEX_ODS),
 * as plugins/json builds json and ndjson.
 *
 * sheet.c        the descriptors, options, probes and the import driver:
 *                a sheet's rows go to the CSV plugin's table reader
 *                (plugins/csv/csv_read.c, built in), so a sheet and the
 *                CSV saved from it are read by the same code and the same
 *                header plan
 * sheet_zip.c    the package: libzip over the input held in memory, with
 *                the limits against zip bombs, and libxml2's streaming
 *                reader over an entry
 * sheet_xlsx.c   Office Open XML: workbook, relationships, shared strings
 *                (read lazily), styles (which number formats are dates),
 *                a worksheet's rows
 * sheet_ods.c    OpenDocument: content.xml's tables and rows
 * sheet_write.c  the writers: libxlsxwriter (constant memory) and
 *                libxml2's writer into a libzip package
 */
#ifndef INSPEX_PLUGIN_SHEET_H
#define INSPEX_PLUGIN_SHEET_H

#include <stddef.h>

#include <libxml/xmlreader.h>

#include <inspex/buf.h>
#include <inspex/plugin.h>

/* ---- limits ------------------------------------------------------------- */

/* The package's limits are the library's (<inspex/limits.h>, so that
 * --limit raises them): zip-file (the package, read whole: its directory
 * is at its end), zip-entry and zip-total (bytes inflated, of one entry
 * and of all read in one import) and zip-ratio (an entry's inflated to
 * compressed size past its first SHEET_RATIO_FREE bytes): zip bombs stop
 * there, whatever an entry's header claims. */
typedef struct sheet_limits {
    size_t file, entry, total, ratio;
} sheet_limits_t;
/* The import's limits (ctx NULL: the defaults). */
void sheet_limits_of(const inspex_import_t *ctx, sheet_limits_t *l);
#define SHEET_RATIO_FREE (1024UL * 1024)
/* A sheet's columns, as Excel and LibreOffice have them (XFD), and
 * rows. */
#define SHEET_MAX_COLS 16384
#define SHEET_MAX_ROWS 1048576UL
/* Shared strings held: their bytes in all. */
#define SHEET_MAX_STRINGS_BYTES (256UL * 1024 * 1024)
/* Merged ranges remembered, sheets listed. */
#define SHEET_MAX_MERGES 65536
#define SHEET_MAX_SHEETS 4096

/* ---- the package (sheet_zip.c) ----------------------------------------- */

typedef struct sheet_zip sheet_zip_t;
typedef struct sheet_entry sheet_entry_t;

/* Reads all of r (at most lim->file bytes) and opens it as a zip, its
 * entries held to lim (copied). source names it in messages. The caller
 * owns *out (sheet_zip_free).
 * Errors: INSPEX_ERR_SYNTAX for what is no zip or a truncated one, those
 * of reading, INSPEX_ERR_NOMEM. */
inspex_status_t sheet_zip_open(inspex_reader_t *r, const char *source,
                               const sheet_limits_t *lim, sheet_zip_t **out,
                               inspex_error_t *err);
void sheet_zip_free(sheet_zip_t *z);
/* 1 when the package has an entry of that name. */
int sheet_zip_has(sheet_zip_t *z, const char *name);
/* Opens entry name for reading, through the limits. The caller owns *out
 * (sheet_entry_close). Errors: INSPEX_ERR_SYNTAX "no entry NAME",
 * INSPEX_ERR_SYNTAX for an entry libzip cannot read, INSPEX_ERR_NOMEM. */
inspex_status_t sheet_entry_open(sheet_zip_t *z, const char *name,
                                 sheet_entry_t **out, inspex_error_t *err);
/* Reads at most size bytes: the count, 0 at the end, -1 on an error (a
 * limit, a corrupt entry), which sheet_entry_error then gives. */
long sheet_entry_read(sheet_entry_t *e, char *buf, size_t size);
/* The error that stopped the entry (INSPEX_OK when none) into err. */
inspex_status_t sheet_entry_error(const sheet_entry_t *e, inspex_error_t *err);
void sheet_entry_close(sheet_entry_t *e);

/* A streaming XML reader over an open entry (borrowed; it must outlive
 * the reader): no network, no DTD loaded, no entity substituted; a
 * document type declaration is refused by sheet_xml_next. NULL when out
 * of memory. */
xmlTextReaderPtr sheet_xml_open(sheet_entry_t *e, const char *name);
/* Advances the reader: 1 at a node, 0 at the end; on an error (the XML's,
 * a DTD, the entry's limits) err is set, and the result is -1. */
int sheet_xml_next(xmlTextReaderPtr x, sheet_entry_t *e, const char *source,
                   inspex_error_t *err);

/* The value of the current element's attribute local, with that prefix
 * (NULL: none): as xmlTextReaderGetAttribute("prefix:local") gives it, but
 * borrowed, with no copy, valid until the reader moves on; NULL when the
 * element has no such attribute. */
const char *sheet_xml_attr(xmlTextReaderPtr x, const char *prefix,
                           const char *local);

/* ---- a row of cells ----------------------------------------------------- */

typedef struct sheet_row {
    unsigned long num; /* the row's number, from 1 */
    inspex_buf_t text; /* the cells' text, a NUL after each */
    size_t *at;        /* per column: offset + 1 into text; 0 = empty */
    size_t n, cap;     /* columns up to the last one set */
} sheet_row_t;

/* Empties the row (keeps its memory). */
void sheet_row_reset(sheet_row_t *r);
/* Sets column col (from 0) to the len bytes at v; -1 when out of memory.
 * Setting a column already set replaces it. */
int sheet_row_set(sheet_row_t *r, size_t col, const char *v, size_t len);
/* The text of column col, or "" when empty. */
const char *sheet_row_get(const sheet_row_t *r, size_t col);
void sheet_row_free(sheet_row_t *r);

/* ---- a workbook ---------------------------------------------------------- */

typedef struct sheet_info {
    char *name;
    int hidden;
    char *path; /* xlsx: the worksheet's entry */
} sheet_info_t;

typedef struct sheet_book sheet_book_t;
typedef struct sheet_cursor sheet_cursor_t;

/* The workbook in z (borrowed; it must outlive the book): its sheets in
 * order. The caller owns *out (sheet_book_free). Errors: INSPEX_ERR_SYNTAX
 * for a package that is not a workbook, the XML's, the limits'. */
inspex_status_t xlsx_book_open(sheet_zip_t *z, const char *source,
                               sheet_book_t **out, inspex_error_t *err);
inspex_status_t ods_book_open(sheet_zip_t *z, const char *source,
                              sheet_book_t **out, inspex_error_t *err);
void sheet_book_free(sheet_book_t *b);
/* Lists the book's sheets as far as sheet i (SIZE_MAX: all of them); an
 * ODS lists its tables only as they are asked for. Then b->n counts those
 * listed. Errors: the XML's, the limits'. */
inspex_status_t sheet_book_reach(sheet_book_t *b, size_t i,
                                 inspex_error_t *err);
size_t sheet_book_count(const sheet_book_t *b);
const sheet_info_t *sheet_book_sheet(const sheet_book_t *b, size_t i);

/* Opens sheet i of b (borrowed) to read its rows in order. The caller owns
 * *out (sheet_cursor_free). Errors: as xlsx_book_open. */
inspex_status_t sheet_cursor_open(sheet_book_t *b, size_t i,
                                  sheet_cursor_t **out, inspex_error_t *err);
/* The next row that has a cell, into row; *got 0 at the end of the sheet.
 * Errors: the XML's, the limits', a cell past SHEET_MAX_COLS, a shared
 * string out of range, INSPEX_ERR_NOMEM; located at the row and cell. */
inspex_status_t sheet_cursor_next(sheet_cursor_t *c, sheet_row_t *row, int *got,
                                  inspex_error_t *err);
/* Frees a cursor; NULL is accepted. */
void sheet_cursor_free(sheet_cursor_t *c);

/* A merged range. Its value is its top-left cell's, and the other cells
 * are read blank: as the CSV Excel saves from the sheet has them, so the
 * sheet and that CSV give the same inspections. */
typedef struct sheet_merge {
    size_t c1, c2;        /* columns, from 0, inclusive */
    unsigned long r1, r2; /* rows, from 1, inclusive */
} sheet_merge_t;

/* The formats' parts of the book and cursor (sheet_xlsx.c, sheet_ods.c),
 * behind the calls above. */
struct sheet_book {
    sheet_zip_t *zip;
    const char *source;
    int ods;
    int want_merges; /* 1: a cursor lists the merged ranges (for -v) */
    sheet_info_t *sheets;
    size_t n;
    void *impl; /* the format's own state */
    void (*impl_free)(void *impl);
    inspex_status_t (*open)(sheet_book_t *b, size_t i, sheet_cursor_t **out,
                            inspex_error_t *err);
    /* lists sheets until sheet upto is listed or there are no more (NULL:
     * all are listed when the book opens) */
    inspex_status_t (*more)(sheet_book_t *b, size_t upto, inspex_error_t *err);
};

struct sheet_cursor {
    inspex_status_t (*next)(sheet_cursor_t *c, sheet_row_t *row, int *got,
                            inspex_error_t *err);
    void (*free)(sheet_cursor_t *c);
    /* the ranges merged over several rows, known when the sheet opens
     * (XLSX lists them after the rows; ODS marks them as they come, and
     * gives none here) */
    const sheet_merge_t *merges;
    size_t nmerges;
};

/* Days since the epoch of a spreadsheet's serial date into "YYYY-MM-DD"
 * (buf of 11 or more): 1900 system (Excel's, with its phantom 29 February
 * 1900) or 1904. 0 when the serial is out of range (before 1900 or past
 * 9999). */
int sheet_serial_date(double serial, int date1904, char *buf, size_t size);

/* Text as OOXML escapes it (sheet_xlsx.c): _xHHHH_ is the character
 * U+HHHH (how a control character, which XML cannot hold, is written), and
 * _x005F_ before such a form keeps it literal. sheet_xlsx_unescape decodes
 * v, sheet_xlsx_escape writes a literal form in v as _x005F_xHHHH_ (as
 * Excel does; libxlsxwriter escapes only control characters) and U+FFFE
 * and U+FFFF, which XML cannot hold either, as _xFFFE_ and _xFFFF_: v itself
 * when there is nothing to change, else the text made in b (the caller's;
 * reused); NULL when out of memory. */
const char *sheet_xlsx_unescape(const char *v, inspex_buf_t *b);
const char *sheet_xlsx_escape(const char *v, inspex_buf_t *b);

/* ---- the writers (sheet_write.c) ----------------------------------------- */

inspex_status_t sheet__begin(inspex_export_t *ctx, void **state,
                             inspex_error_t *err);
inspex_status_t sheet__record(inspex_export_t *ctx, void *state,
                              const inspex_inspection_t *insp,
                              inspex_error_t *err);
inspex_status_t sheet__end(inspex_export_t *ctx, void *state,
                           inspex_error_t *err);
void sheet__free(void *state);

#endif
