/* SPDX-License-Identifier: MIT */
/*
 * csv_tokenise.c - the CSV plugin's RFC 4180 record parser: input in
 * chunks, records split into fields 16 bytes at a time, the delimiter
 * picked from the header line, and the text checked. Input in another
 * encoding reaches it already converted to UTF-8 (csv_read.c puts the
 * library's transcoding reader in front).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <inspex/scan.h>

#include "csv.h"

/* ---- the RFC 4180 reader ------------------------------------------------ */

/* Outside quotes: the delimiter, '"', CR and LF. */
static inline unsigned block_special(const char *p, char *d, char delim)
{
    return inspex_scan_block(p, d, delim, '"', '\r', '\n', 0);
}

/* Inside quotes: '"', CR and LF (line ends are counted). */
static inline unsigned block_quoted(const char *p, char *d)
{
    return inspex_scan_block(p, d, '"', '\r', '\n', '\n', 0);
}

/* The next chunk: input read again (csv__resync) first, then the
 * reader's. */
static inspex_status_t fill(parser_t *ps, inspex_error_t *err)
{
    size_t n;
    inspex_status_t st = INSPEX_OK;

    ps->base += ps->inlen;
    if (ps->replay_pos < ps->replay.len) {
        n = ps->replay.len - ps->replay_pos;
        if (n > IN_CHUNK)
            n = IN_CHUNK;
        memcpy(ps->in, ps->replay.p + ps->replay_pos, n);
        memset(ps->in + n, 0, BLOCK);
        ps->replay_pos += n;
        if (ps->replay_pos == ps->replay.len) {
            inspex_buf_free(&ps->replay);
            ps->replay_pos = 0;
        }
    } else {
        st = inspex_reader_read(ps->r, ps->in, IN_CHUNK, &n, err);
    }
    if (st != INSPEX_OK)
        return st;
    ps->inlen = n;
    ps->inpos = 0;
    if (n == 0)
        ps->eof = 1;
    return INSPEX_OK;
}

/* Ends the current field f at d (a NUL there) and begins the next after
 * it, at column col; the fast path's start_field and end_field. NULL when
 * out of memory. */
static inline field_t *next_field(parser_t *ps, field_t *f, char *base, char *d,
                                  unsigned long col)
{
    f->len = (size_t)(d - base) - f->off;
    *d = '\0';
    if (ps->nf == ps->capf) {
        ps->data.len = (size_t)(d + 1 - base);
        if (start_field(ps) != 0)
            return NULL;
    } else {
        ps->f[ps->nf].off = (size_t)(d + 1 - base);
        ps->f[ps->nf].len = 0;
        ps->f[ps->nf].line = ps->line;
        ps->nf++;
    }
    f = &ps->f[ps->nf - 1];
    f->col = col;
    return f;
}

enum { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE };

#define NO_RAW ((size_t)-1)

void csv__limits(parser_t *ps, inspex_import_t *ctx)
{
    ps->max_line = inspex_import_limit(ctx, INSPEX_LIMIT_LINE);
    ps->max_field = inspex_import_limit(ctx, INSPEX_LIMIT_FIELD);
    ps->max_record = inspex_import_limit(ctx, INSPEX_LIMIT_RECORD);
}

/* A line ends at inpos (just past its line break). */
static inline void new_line(parser_t *ps)
{
    unsigned long long at = ps->base + ps->inpos;

    if (at - ps->line_at > (unsigned long long)ps->max_line + 1 &&
        !ps->long_line) {
        ps->long_line = ps->line;
        ps->long_len = (size_t)(at - ps->line_at - 1);
    }
    ps->line++;
    ps->col = 1;
    ps->line_at = at;
}

/* At a chunk's end, part-way through a record: whether it has passed a
 * limit, so that no record grows without bound. The raw bytes so far
 * are in ps->raw. */
static inspex_status_t over_limit(parser_t *ps, int state, inspex_error_t *err)
{
    const field_t *f = &ps->f[ps->nf - 1];
    size_t flen = ps->data.len - f->off;
    unsigned long long line = ps->base + ps->inlen - ps->line_at;
    int kind;

    if (ps->raw.len > ps->max_record)
        kind = INSPEX_LIMIT_RECORD;
    else if (flen > ps->max_field)
        kind = INSPEX_LIMIT_FIELD;
    else if (line > ps->max_line)
        kind = INSPEX_LIMIT_LINE;
    else
        return INSPEX_OK;
    ps->bad = CSV_BAD_CUT;
    ps->bad_state = state;
    ps->bad_kind = kind;
    ps->raw_start = NO_RAW; /* all of it is in ps->raw */
    ps->rawp = ps->raw.p;
    ps->rawlen = ps->rawtotal = ps->raw.len;
    if (kind == INSPEX_LIMIT_FIELD)
        return inspex_limit_error(err, INSPEX_LIMIT_FIELD, ps->max_field, flen,
                                  1, ps->source, f->line, f->col);
    if (kind == INSPEX_LIMIT_LINE)
        return inspex_limit_error(err, INSPEX_LIMIT_LINE, ps->max_line,
                                  (size_t)line, 1, ps->source, ps->line, 0);
    return inspex_limit_error(err, INSPEX_LIMIT_RECORD, ps->max_record,
                              ps->raw.len, 1, ps->source, ps->rec_line, 0);
}

/* The chunk is read to its end, and more is to come: the record's bytes
 * in it are kept aside, and held to the limits. */
static inspex_status_t chunk_end(parser_t *ps, int state, int got,
                                 inspex_error_t *err)
{
    if (ps->raw_start != NO_RAW &&
        inspex_buf_add(&ps->raw, ps->in + ps->raw_start,
                       ps->inlen - ps->raw_start) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return got && !ps->eof ? over_limit(ps, state, err) : INSPEX_OK;
}

/* A record read to its end: whether it, a field or a line of it is over
 * its limit. */
static inspex_status_t record_limits(parser_t *ps, inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;

    if (ps->rawlen > ps->max_record) {
        st = inspex_limit_error(err, INSPEX_LIMIT_RECORD, ps->max_record,
                                ps->rawlen, 0, ps->source, ps->rec_line, 0);
    } else if (ps->long_line) {
        st = inspex_limit_error(err, INSPEX_LIMIT_LINE, ps->max_line,
                                ps->long_len, 0, ps->source, ps->long_line, 0);
    } else if (ps->rawlen > ps->max_field) {
        /* a field is never longer than the record it is in */
        for (size_t i = 0; i < ps->nf && st == INSPEX_OK; i++)
            if (ps->f[i].len > ps->max_field)
                st = inspex_limit_error(err, INSPEX_LIMIT_FIELD, ps->max_field,
                                        ps->f[i].len, 0, ps->source,
                                        ps->f[i].line, ps->f[i].col);
    }
    if (st != INSPEX_OK) {
        ps->bad = CSV_BAD_DONE;
        ps->rawtotal = ps->rawlen;
    }
    return st;
}

/* The record has ended at inpos: where its raw bytes are. */
static int raw_done(parser_t *ps)
{
    const char *tail = ps->raw_start == NO_RAW ? NULL : ps->in + ps->raw_start;
    size_t n = tail ? ps->inpos - ps->raw_start : 0;

    if (ps->raw.len == 0) {
        ps->rawp = tail ? tail : "";
        ps->rawlen = n;
        return 0;
    }
    if (n && inspex_buf_add(&ps->raw, tail, n) != 0)
        return -1;
    ps->rawp = ps->raw.p;
    ps->rawlen = ps->raw.len;
    return 0;
}

/* The record ends at the line break c, just read. The LF of a CR LF is
 * the record's too (its raw bytes are the line as read), even when it
 * is in the next chunk. */
static inspex_status_t record_end(parser_t *ps, char c, inspex_error_t *err)
{
    inspex_status_t st;

    if (c == '\r' && ps->inpos == ps->inlen && !ps->eof) {
        /* keep the record aside, then look at the next chunk */
        if (inspex_buf_add(&ps->raw, ps->in + ps->raw_start,
                           ps->inpos - ps->raw_start) != 0)
            goto nomem;
        ps->raw_start = NO_RAW;
        if ((st = fill(ps, err)) != INSPEX_OK)
            return st;
        ps->raw_start = 0;
    }
    if (c == '\r' && ps->inpos < ps->inlen && ps->in[ps->inpos] == '\n')
        ps->inpos++;
    ps->pending_cr = 0;
    new_line(ps);
    if (end_field(ps) != 0 || raw_done(ps) != 0)
        goto nomem;
    return record_limits(ps, err);
nomem:
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* Something other than a delimiter or a line end after the closing quote
 * of a field: the rest of the record is read past by csv__resync. */
static inspex_status_t after_quote(parser_t *ps, char c, inspex_error_t *err)
{
    char what[8] = {'\'', c, '\'', 0};

    ps->bad = CSV_BAD_REST;
    ps->bad_state = S_UNQUOTED;
    return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source, ps->line,
                               ps->col - 1,
                               "%s follows the closing quote of this field, "
                               "where a delimiter or the line's end must be "
                               "(a quote inside a quoted field is written "
                               "twice: \"\")",
                               c == ' '    ? "a space"
                               : c == '\t' ? "a tab"
                                           : what);
}

/* The input ended inside a quoted field opened at line:col. */
static inspex_status_t never_closed(parser_t *ps, unsigned long line,
                                    unsigned long col, inspex_error_t *err)
{
    ps->bad = CSV_BAD_QUOTE;
    ps->rawp = ps->raw.p ? ps->raw.p : "";
    ps->rawlen = ps->rawtotal = ps->raw.len;
    ps->raw_start = NO_RAW;
    return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source, line, col,
                               "unterminated quoted field: the quote "
                               "opened here is never closed");
}

/* Reads one record. *got is 0 at the end of input. */
inspex_status_t csv__next_record(parser_t *ps, int *got, inspex_error_t *err)
{
    int state = S_START;
    unsigned long qline = 0, qcol = 0;
    inspex_status_t st;

    ps->raw.len = 0;
    ps->raw_start = NO_RAW;
    ps->rawp = NULL;
    ps->rawlen = 0;
    ps->data.len = 0;
    ps->nf = 0;
    ps->bad = CSV_BAD_NONE;
    ps->long_line = 0;
    *got = 0;
    for (;;) {
        if (ps->inpos == ps->inlen) {
            /* The raw record is a span of the input buffer; only what
             * precedes a refill is copied aside. */
            if ((st = chunk_end(ps, state, *got, err)) != INSPEX_OK)
                return st;
            if (ps->eof || (st = fill(ps, err)) != INSPEX_OK)
                return ps->eof ? INSPEX_OK : st;
            if (ps->raw_start != NO_RAW)
                ps->raw_start = ps->inpos;
            if (ps->eof)
                break;
        }
        const char *p = ps->in + ps->inpos, *end = ps->in + ps->inlen;
        if (ps->pending_cr) {
            ps->pending_cr = 0;
            if (*p == '\n') {
                ps->inpos++;
                continue;
            }
        }
        if (state == S_START && ps->nf == 0) {
            ps->rec_line = ps->line;
            ps->raw_start = ps->inpos;
            ps->rec_at = ps->base + ps->inpos;
            *got = 1;
            if (start_field(ps) != 0)
                goto nomem;
        }
        /* Bulk-copy ordinary bytes, 16 at a time (the input buffer has
         * BLOCK readable bytes past its end, and the data buffer room for
         * them). Unquoted fields run one after another here, every
         * delimiter in a block in turn (copied, the fields are the input
         * with NULs for delimiters), and quoted ones with their doubled
         * quotes and the delimiter after them; line ends, and anything out
         * of the way, go one byte at a time below. */
        if (state != S_QUOTE) {
            const char *p0 = p;
            const char delim = ps->delim;
            unsigned long col0 = ps->col;
            char *base, *d;
            field_t *f;
            unsigned m, k;
            size_t avail;

            if (inspex_buf_reserve(&ps->data, (size_t)(end - p) + 2 * BLOCK) !=
                0)
                goto nomem;
            base = ps->data.p;
            d = base + ps->data.len;
            f = &ps->f[ps->nf - 1];
            if (state == S_QUOTED)
                goto quoted;
        unquoted:
            for (;;) {
                avail = (size_t)(end - p);
                m = block_special(p, d, delim);
                if (avail < BLOCK)
                    m &= (1u << avail) - 1;
                for (; m; m &= m - 1) {
                    k = inspex_scan_first(m);
                    if (p[k] != delim) {
                        p += k;
                        d += k;
                        goto unquoted_stop;
                    }
                    f = next_field(ps, f, base, d + k,
                                   col0 + (unsigned long)(p + k + 1 - p0));
                    if (f == NULL)
                        goto nomem;
                }
                if (avail <= BLOCK) { /* the chunk ends */
                    p += avail;
                    d += avail;
                    break;
                }
                p += BLOCK;
                d += BLOCK;
            }
        unquoted_stop:
            if (p < end && *p == '"' && (size_t)(d - base) == f->off) {
                /* a quoted field opens */
                qline = ps->line;
                qcol = col0 + (unsigned long)(p - p0);
                ps->qat = ps->base + (size_t)(p - ps->in);
                p++;
                goto quoted;
            }
            /* a line end, a quote inside a field, or the chunk's end */
            state = (size_t)(d - base) > f->off ? S_UNQUOTED : S_START;
            goto copied;
        quoted:
            state = S_QUOTED;
            for (;;) {
                m = block_quoted(p, d);
                k = m ? inspex_scan_first(m) : BLOCK;
                if ((size_t)(end - p) <= k) {
                    d += end - p;
                    p = end;
                    break;
                }
                p += k;
                d += k;
                if (m == 0)
                    continue;
                if (*p != '"' || end - p < 2)
                    break; /* a line end, or a quote at the chunk's end */
                if (p[1] == '"') { /* a doubled quote is one */
                    *d++ = '"';
                    p += 2;
                    continue;
                }
                if (p[1] != delim)
                    break;
                /* the closing quote, then the delimiter */
                f = next_field(ps, f, base, d,
                               col0 + (unsigned long)(p + 2 - p0));
                if (f == NULL)
                    goto nomem;
                d++;
                p += 2;
                goto unquoted;
            }
        copied:
            ps->data.len = (size_t)(d - base);
            ps->col = col0 + (unsigned long)(p - p0);
            ps->inpos = (size_t)(p - ps->in);
            if (ps->inpos == ps->inlen)
                continue;
        }
        char c = *p;
        ps->inpos++;
        ps->col++;
        switch (state) {
        case S_START:
        case S_UNQUOTED:
            /* The fast path above takes delimiters and the quote that
             * opens a field; what comes here is a quote inside an
             * unquoted field, kept as it is, or a line end. */
            if (c == '"') {
                if (inspex_buf_add(&ps->data, &c, 1) != 0)
                    goto nomem;
                state = S_UNQUOTED;
            } else { /* \r or \n: the record ends */
                return record_end(ps, c, err);
            }
            break;
        case S_QUOTED:
            if (c == '"') {
                state = S_QUOTE;
            } else {
                if (inspex_buf_add(&ps->data, &c, 1) != 0)
                    goto nomem;
                if (c == '\n' || (c == '\r' && !(ps->inpos < ps->inlen &&
                                                 ps->in[ps->inpos] == '\n')))
                    new_line(ps);
            }
            break;
        case S_QUOTE:
            if (c == '"') {
                if (inspex_buf_add(&ps->data, &c, 1) != 0)
                    goto nomem;
                state = S_QUOTED;
            } else if (c == ps->delim) {
                if (end_field(ps) != 0 || start_field(ps) != 0)
                    goto nomem;
                state = S_START;
            } else if (c == '\r' || c == '\n') {
                return record_end(ps, c, err);
            } else {
                return after_quote(ps, c, err);
            }
            break;
        }
    }
    /* End of input. */
    if (state == S_QUOTED)
        return never_closed(ps, qline, qcol, err);
    if (*got && (end_field(ps) != 0 || raw_done(ps) != 0))
        goto nomem;
    return *got ? record_limits(ps, err) : INSPEX_OK;
nomem:
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* ---- after a bad record ------------------------------------------------ */

/* Reads past the rest of a record from state, keeping its bytes in
 * ps->raw up to keep bytes and counting them all in ps->rawtotal. Quotes
 * are followed as the parser does, so a line break inside a quoted field
 * does not end the record. */
static inspex_status_t skip_rest(parser_t *ps, int state, size_t keep,
                                 inspex_error_t *err)
{
    enum {
        OUT,
        IN_Q,
        AFTER_Q
    } q = state == S_QUOTED  ? IN_Q
          : state == S_QUOTE ? AFTER_Q
                             : OUT;
    int at_start = state == S_START;
    inspex_status_t st;

    if (ps->raw_start != NO_RAW) {
        size_t n = ps->inpos - ps->raw_start;
        if (inspex_buf_add(&ps->raw, ps->in + ps->raw_start, n) != 0)
            goto nomem;
        ps->rawtotal = ps->raw.len;
        ps->raw_start = NO_RAW;
    }
    for (;;) {
        if (ps->inpos == ps->inlen) {
            if (ps->eof || (st = fill(ps, err)) != INSPEX_OK)
                return ps->eof ? INSPEX_OK : st;
            if (ps->eof)
                return INSPEX_OK;
        }
        char c = ps->in[ps->inpos++];
        ps->rawtotal++;
        ps->col++;
        if (ps->raw.len < keep && inspex_buf_add(&ps->raw, &c, 1) != 0)
            goto nomem;
        if (q == AFTER_Q) {
            if (c == '"') {
                q = IN_Q;
                continue;
            }
            q = OUT;
            at_start = 0;
        }
        if (q == IN_Q) {
            if (c == '"')
                q = AFTER_Q;
            else if (c == '\n')
                new_line(ps);
            continue;
        }
        if (c == '\n' || c == '\r') {
            ps->pending_cr = c == '\r';
            new_line(ps);
            return INSPEX_OK;
        }
        if (c == '"' && at_start)
            q = IN_Q;
        at_start = c == ps->delim;
    }
nomem:
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
}

/* A quote never closed: the record ends with the line the quote is on,
 * and what follows that line is read again. */
static inspex_status_t replay_after_quote(parser_t *ps, inspex_error_t *err)
{
    size_t q = (size_t)(ps->qat - ps->rec_at);
    const char *nl = q < ps->raw.len
                         ? memchr(ps->raw.p + q, '\n', ps->raw.len - q)
                         : NULL;
    size_t cut = nl ? (size_t)(nl - ps->raw.p) + 1 : ps->raw.len;
    unsigned long line = ps->rec_line;

    for (size_t i = 0; i < q; i++)
        line += ps->raw.p[i] == '\n';
    inspex_buf_free(&ps->replay);
    ps->replay_pos = 0;
    if (cut < ps->raw.len &&
        inspex_buf_add(&ps->replay, ps->raw.p + cut, ps->raw.len - cut) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    ps->rawp = ps->raw.p;
    ps->rawlen = ps->rawtotal = cut;
    /* the chunk is spent: the next fill starts the replay */
    ps->base = ps->rec_at + cut;
    ps->inpos = ps->inlen = 0;
    ps->eof = 0;
    ps->pending_cr = 0;
    ps->line = line + 1;
    ps->col = 1;
    ps->line_at = ps->base;
    return INSPEX_OK;
}

inspex_status_t csv__resync(parser_t *ps, inspex_error_t *err)
{
    int bad = ps->bad;
    inspex_status_t st = INSPEX_OK;
    inspex_error_t *why;

    ps->bad = CSV_BAD_NONE;
    switch (bad) {
    case CSV_BAD_CUT:
        st = skip_rest(ps, ps->bad_state, INSPEX_LIMIT_KEEP, err);
        break;
    case CSV_BAD_REST:
        st = skip_rest(ps, ps->bad_state, ps->max_record, err);
        break;
    case CSV_BAD_QUOTE: return replay_after_quote(ps, err);
    default: return INSPEX_OK;
    }
    if (st != INSPEX_OK)
        return st;
    ps->rawp = ps->raw.p ? ps->raw.p : "";
    ps->rawlen = ps->raw.len;
    if (bad == CSV_BAD_CUT && ps->bad_kind == INSPEX_LIMIT_RECORD &&
        (why = inspex_error_new()) != NULL) {
        /* now the whole size is known */
        inspex_limit_error(why, INSPEX_LIMIT_RECORD, ps->max_record,
                           ps->rawtotal, 0, ps->source, ps->rec_line, 0);
        inspex_error_copy(err, why);
        inspex_error_free(why);
    } else if (bad == CSV_BAD_REST && ps->rawtotal > ps->rawlen) {
        /* too long to keep whole: said as the record's size */
        inspex_limit_error(err, INSPEX_LIMIT_RECORD, ps->max_record,
                           ps->rawtotal, 0, ps->source, ps->rec_line, 0);
    }
    return INSPEX_OK;
}

/* The line and column of byte off of field i's value. */
void csv__value_position(const parser_t *ps, size_t i, size_t off,
                         unsigned long *line, unsigned long *col)
{
    const field_t *f = &ps->f[i];
    const char *raw = ps->rawp, *end = raw + ps->rawlen, *v = fval(ps, i);
    unsigned long l = ps->rec_line, c = 1;

    /* the field's first byte in the raw record */
    while (raw < end && (l < f->line || (l == f->line && c < f->col))) {
        if (*raw++ == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    if (raw < end && *raw == '"') {
        raw++;
        c++;
        for (size_t k = 0; k < off && k < f->len; k++) {
            if (v[k] == '"') /* written twice */
                c++;
            if (v[k] == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
    } else {
        c += off;
    }
    *line = l;
    *col = c;
}

/* Picks the delimiter from the header line: the most frequent of , ; tab |
 * outside quotes; a comma when none appears. */
char csv__detect_delimiter(const unsigned char *s, size_t n)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t count[4] = {0};
    int quoted = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
            break;
        else if (!quoted)
            for (int k = 0; k < 4; k++)
                if (s[i] == (unsigned char)cands[k])
                    count[k]++;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (count[k] > count[best])
            best = k;
    return count[best] ? cands[best] : ',';
}

inspex_status_t csv__check_text(parser_t *ps, inspex_error_t *err)
{
    /* Values are C strings: a NUL byte would cut one short unseen. One
     * look over the whole record first; field by field only to say where. */
    int clean = memchr(ps->rawp, '\0', ps->rawlen) == NULL;
    for (size_t i = 0; !clean && i < ps->nf; i++) {
        const char *z = memchr(fval(ps, i), '\0', ps->f[i].len);
        unsigned long line, col;
        if (z) {
            csv__value_position(ps, i, (size_t)(z - fval(ps, i)), &line, &col);
            return inspex_error_set_at(err, INSPEX_ERR_ENCODING, ps->source,
                                       line, col,
                                       "a NUL byte is not allowed in text");
        }
    }
    if (inspex_utf8_check(ps->rawp, ps->rawlen, NULL) == INSPEX_OK)
        return INSPEX_OK;
    for (size_t i = 0; i < ps->nf; i++) {
        size_t bad;
        unsigned long line, col;
        if (inspex_utf8_check(fval(ps, i), ps->f[i].len, &bad) != INSPEX_OK) {
            csv__value_position(ps, i, bad, &line, &col);
            return inspex_error_set_at(
                err, INSPEX_ERR_ENCODING, ps->source, line, col,
                "invalid UTF-8 (byte %zu of the field); if the file was "
                "saved by Excel, try -O encoding=windows-1252",
                bad + 1);
        }
    }
    return INSPEX_OK;
}
