/* SPDX-License-Identifier: MIT */
/*
 * csv.h - what the CSV plugin's files share (internal, not installed): the
 * record parser's state, the column kinds and layouts, and the csv__
 * functions one file calls in another.
 *
 * csv.c          the descriptor, the option table and the probe
 * csv_tokenise.c the RFC 4180 record parser, delimiter detection, the
 *                text check (other encodings are converted before it, by
 *                the library's transcoding reader)
 * csv_header.c   the header, mapped through the library's header plan
 * csv_read.c     the wide, long and actions readers
 * csv_write.c    the writer
 */
#ifndef INSPEX_PLUGIN_CSV_H
#define INSPEX_PLUGIN_CSV_H

#include <stdlib.h>
#include <string.h>

#include <inspex/framework.h>
#include <inspex/buf.h>
#include <inspex/plan.h>
#include <inspex/plugin.h>
#include <inspex/scan.h>

/* ---- the RFC 4180 record parser (csv_tokenise.c) ------------------------ */

typedef struct field {
    size_t off, len;         /* into rec.fields */
    unsigned long line, col; /* where the field starts */
} field_t;

typedef struct parser {
    inspex_reader_t *r;
    const char *source;
    char delim;
    char *in;
    size_t inlen, inpos;
    int eof;
    unsigned long line, col;
    int pending_cr;   /* last byte was a CR ending a record */
    inspex_buf_t raw; /* a record's bytes that spanned a refill */
    size_t raw_start; /* where the record began in `in`, or NO_RAW */
    const char *rawp; /* the record's bytes as read: in `in` or `raw` */
    size_t rawlen;
    inspex_buf_t data; /* unescaped field bytes, NUL after each */
    field_t *f;
    size_t nf, capf;
    unsigned long rec_line;
    /* Rows from elsewhere than the tokeniser (the spreadsheet importers,
     * issue 14): pull fills the record as csv__next_record would, with
     * its cells, their places, rawp/rawlen and rec_line; NULL for CSV. */
    inspex_status_t (*pull)(struct parser *ps, int *got, inspex_error_t *err);
    void *pull_ud;
    int pad; /* short rows are padded (a sheet stores no trailing blanks) */
    /* Rows read ahead while the header was looked for, given back to the
     * reader before any new one (csv_header.c). */
    struct lookahead *ahead;
    /* Rows that look like footnotes, held until the table ends (then
     * they are said, not read) or a record comes (then they are given
     * back as records, force of them: forced is 1 for such a row). */
    struct lookahead *held;
    size_t force;
    int forced;
    /* the limits (inspex/limits.h), and the input offsets they are
     * measured from */
    size_t max_line, max_field, max_record;
    unsigned long long base;    /* of in[0] */
    unsigned long long line_at; /* where the current line begins */
    unsigned long long rec_at;  /* where the current record begins */
    unsigned long long qat;     /* the quote of the open quoted field */
    unsigned long long_line;    /* a line of the record over max_line */
    size_t long_len;
    /* A record that went wrong part-way (CSV_BAD_*): csv__resync reads
     * past the rest of it. */
    int bad, bad_state, bad_kind;
    size_t rawtotal;     /* the bad record's size, when rawlen is cut */
    inspex_buf_t replay; /* input to read again, before the reader's */
    size_t replay_pos;
} parser_t;

/* What csv__resync has to do after a record failed (parser_t.bad). */
enum {
    CSV_BAD_NONE,
    CSV_BAD_DONE, /* the record was read to its end */
    CSV_BAD_CUT,  /* over a limit: pass over the rest, keep its head */
    CSV_BAD_REST, /* bad part-way: pass over the rest, keep it all */
    CSV_BAD_QUOTE /* a quote never closed: the record ends with the
                     quote's line, and the lines after it are read again */
};

#define IN_CHUNK (256 * 1024)

/* The bytes that matter, 16 at a time (<inspex/scan.h>): the input buffer
 * has BLOCK readable bytes past its end and the data buffer room for BLOCK
 * more, so blocks are read and copied before they are looked at. */
#define BLOCK INSPEX_SCAN_BLOCK

/* start_field and end_field are on the parser's hot path and also pad
 * ragged rows in csv_read.c: static inline here, so both inline them. */
static inline int start_field(parser_t *ps)
{
    if (ps->nf == ps->capf) {
        size_t cap = ps->capf ? ps->capf * 2 : 32;
        field_t *f = realloc(ps->f, cap * sizeof(*f));
        if (f == NULL)
            return -1;
        ps->f = f;
        ps->capf = cap;
    }
    ps->f[ps->nf].off = ps->data.len;
    ps->f[ps->nf].len = 0;
    ps->f[ps->nf].line = ps->line;
    ps->f[ps->nf].col = ps->col;
    ps->nf++;
    return 0;
}

static inline int end_field(parser_t *ps)
{
    field_t *f = &ps->f[ps->nf - 1];

    f->len = ps->data.len - f->off;
    /* the value's NUL, kept in the buffer: values are C strings */
    if (ps->data.len + 2 > ps->data.cap &&
        inspex_buf_reserve(&ps->data, 1) != 0)
        return -1;
    ps->data.p[ps->data.len++] = '\0';
    ps->data.p[ps->data.len] = '\0';
    return 0;
}

/* The value of field i of the current record, a C string. */
static inline const char *fval(const parser_t *ps, size_t i)
{
    return ps->data.p + ps->f[i].off;
}

/* Reads one record into ps. *got is 0 at the end of input. */
inspex_status_t csv__next_record(parser_t *ps, int *got, inspex_error_t *err);

/* After csv__next_record failed with bad data (ps->bad set): reads past
 * the rest of the bad record, so the next call reads the record after
 * it, and leaves rawp/rawlen on its bytes as read (the first
 * INSPEX_LIMIT_KEEP of a record cut for a limit, rawtotal its size). A
 * record over the record limit gets its exact size in err. INSPEX_OK,
 * or a read error. */
inspex_status_t csv__resync(parser_t *ps, inspex_error_t *err);

/* Takes the import's limits (inspex_import_limit) into ps. */
void csv__limits(parser_t *ps, inspex_import_t *ctx);

/* Where byte off of field i's value is in the input: its line and
 * column, counting the quotes and line breaks of a quoted field. */
void csv__value_position(const parser_t *ps, size_t i, size_t off,
                         unsigned long *line, unsigned long *col);

/* Picks the delimiter from the header line at s (past any byte-order
 * mark): the most frequent of , ; tab | outside quotes; a comma when none
 * appears. */
char csv__detect_delimiter(const unsigned char *s, size_t n);

/* Checks that every field of the current record is UTF-8 text without a
 * NUL byte. */
inspex_status_t csv__check_text(parser_t *ps, inspex_error_t *err);

/* ---- mapping columns to the model --------------------------------------- */

/* The writer's column kinds (the reader's are the header plan's). */
enum {
    COL_FIELD,
    COL_STANDARD,
    COL_ITEM,
    COL_STRAND,
    COL_EXTRA,
    /* per-row columns of the long and actions layouts */
    COL_ROW_CODE,
    COL_ROW_TITLE,
    COL_ROW_RATING,
    COL_ROW_ACTION
};

enum { LAYOUT_WIDE, LAYOUT_LONG, LAYOUT_ACTIONS };

/* What each column of the header is: the library's header plan decides
 * (<inspex/plan.h>), and the reader keeps a pointer to each decision, by
 * column. */
typedef const inspex_plan_column_t *column_t;

/* Maps the header in ps through a new header plan: *plan (the caller
 * frees it, inspex_plan_free, whatever the result) with the frameworks
 * and the -O map file; *layout is the layout asked for
 * (INSPEX_LAYOUT_AUTO to tell it from the header) and receives the one
 * used; *out receives ps->nf column pointers (the caller frees the
 * array). Warns of each ambiguous column and, under -v, notes where every
 * column went and why. Errors: the map file's, a duplicate column name at
 * its place, INSPEX_ERR_NOMEM. */
inspex_status_t csv__map_header(inspex_import_t *ctx, parser_t *ps,
                                inspex_layout_t *layout, inspex_plan_t **plan,
                                column_t **out, inspex_error_t *err);

/* The next row of the table: one read ahead while the header was looked
 * for, else ps->pull's, else the tokeniser's. */
inspex_status_t csv__next_row(parser_t *ps, int *got, inspex_error_t *err);

/* csv__next_row, but under --keep-going a record the parser could not
 * read (a broken quote, a limit passed) is read past and rejected with
 * its bytes on the way (csv_read.c), under the header and while it is
 * looked for; *rejected (NULL: not counted) counts them. */
inspex_status_t csv__next_good_row(inspex_import_t *ctx, parser_t *ps, int *got,
                                   long *rejected, inspex_error_t *err);

/* Finds the header (csv_header.c): the first row, among the first
 * HEADER_SCAN that are not blank, that inspex_plan_is_header_row reads as
 * one, or row -O header-row=N; when none reads as one, the first row that
 * is not blank, as before. Rows above it are said in warnings (titles and
 * notes a sheet carries). On return ps holds the header row, and rows read
 * past it wait in ps->ahead. *got is 0 for a table with no row. Errors:
 * those of reading, the text check, INSPEX_ERR_NOMEM. */
#define HEADER_SCAN 20
inspex_status_t csv__find_header(inspex_import_t *ctx, parser_t *ps, int *got,
                                 inspex_error_t *err);
/* Holds a copy of the current row (a footnote, if the table ends before
 * a record comes); -1 when out of memory. */
int csv__hold(parser_t *ps);
/* A record came after held rows: they and the current row are given back
 * by csv__next_row, in order, as records (ps->forced). -1 when out of
 * memory. */
int csv__release(parser_t *ps);
/* Makes held row k the current row: 1, or 0 when there is no row k (or
 * out of memory). */
size_t csv__held(parser_t *ps, size_t k);

/* Frees what csv__find_header kept in ps->ahead, and the held rows. */
void csv__ahead_free(parser_t *ps);

/* The importer (csv_read.c). */
inspex_status_t csv__import(inspex_import_t *ctx, inspex_error_t *err);
/* Reads the table whose rows ps gives (its source, delimiter and pull
 * set), as csv__import does after the encoding and the delimiter: the
 * spreadsheet importers' way into the same reader. */
inspex_status_t csv__read_table(inspex_import_t *ctx, parser_t *ps,
                                inspex_error_t *err);

/* The exporter (csv_write.c). */
inspex_status_t csv__begin(inspex_export_t *ctx, void **state,
                           inspex_error_t *err);
inspex_status_t csv__record(inspex_export_t *ctx, void *state,
                            const inspex_inspection_t *insp,
                            inspex_error_t *err);
inspex_status_t csv__end(inspex_export_t *ctx, void *state,
                         inspex_error_t *err);
void csv__wstate_free(void *state);
/* The spreadsheet writers (issue 14) take the writer's rows as cells: a
 * sink set on a state of csv__begin gets the header (header 1) and each
 * row, n cells (borrowed, NULL for an empty one, valid for the call),
 * instead of CSV text going to the export's writer; so a sheet has the
 * columns, and reads back, as the CSV does. format (static) names the
 * sheet's format, XLSX or ODS, in the writer's messages. */
typedef inspex_status_t (*csv_row_sink_t)(void *ud, const char *const *cells,
                                          size_t n, int header,
                                          inspex_error_t *err);
void csv__set_sink(void *state, csv_row_sink_t sink, void *ud,
                   const char *format);

#endif
