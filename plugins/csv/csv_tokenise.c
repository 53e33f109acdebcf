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

static inspex_status_t fill(parser_t *ps, inspex_error_t *err)
{
    size_t n;
    inspex_status_t st = inspex_reader_read(ps->r, ps->in, IN_CHUNK, &n, err);

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
    *got = 0;
    for (;;) {
        if (ps->inpos == ps->inlen) {
            /* The raw record is a span of the input buffer; only what
             * precedes a refill is copied aside. */
            if (ps->raw_start != NO_RAW &&
                inspex_buf_add(&ps->raw, ps->in + ps->raw_start,
                               ps->inlen - ps->raw_start) != 0)
                goto nomem;
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
                ps->pending_cr = c == '\r';
                ps->line++;
                ps->col = 1;
                if (end_field(ps) != 0 || raw_done(ps) != 0)
                    goto nomem;
                return INSPEX_OK;
            }
            break;
        case S_QUOTED:
            if (c == '"') {
                state = S_QUOTE;
            } else {
                if (inspex_buf_add(&ps->data, &c, 1) != 0)
                    goto nomem;
                if (c == '\n' || (c == '\r' && !(ps->inpos < ps->inlen &&
                                                 ps->in[ps->inpos] == '\n'))) {
                    ps->line++;
                    ps->col = 1;
                }
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
                ps->pending_cr = c == '\r';
                ps->line++;
                ps->col = 1;
                if (end_field(ps) != 0 || raw_done(ps) != 0)
                    goto nomem;
                return INSPEX_OK;
            } else {
                return inspex_error_set_at(
                    err, INSPEX_ERR_SYNTAX, ps->source, ps->line, ps->col - 1,
                    "unexpected character after the closing quote of a field");
            }
            break;
        }
    }
    /* End of input. */
    if (state == S_QUOTED)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, ps->source, qline,
                                   qcol,
                                   "unterminated quoted field: the quote "
                                   "opened here is never closed");
    if (*got && (end_field(ps) != 0 || raw_done(ps) != 0))
        goto nomem;
    return INSPEX_OK;
nomem:
    return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
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
        if (z)
            return inspex_error_set_at(err, INSPEX_ERR_ENCODING, ps->source,
                                       ps->f[i].line,
                                       ps->f[i].col +
                                           (unsigned long)(z - fval(ps, i)),
                                       "a NUL byte is not allowed in text");
    }
    if (inspex_utf8_check(ps->rawp, ps->rawlen, NULL) == INSPEX_OK)
        return INSPEX_OK;
    for (size_t i = 0; i < ps->nf; i++) {
        size_t bad;
        if (inspex_utf8_check(fval(ps, i), ps->f[i].len, &bad) != INSPEX_OK)
            return inspex_error_set_at(
                err, INSPEX_ERR_ENCODING, ps->source, ps->f[i].line,
                ps->f[i].col + bad,
                "invalid UTF-8 (byte %zu of the field); if the file "
                "was saved by Excel, try -O encoding=windows-1252",
                bad + 1);
    }
    return INSPEX_OK;
}
