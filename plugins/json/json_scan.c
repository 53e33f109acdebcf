/* SPDX-License-Identifier: MIT */
/*
 * json_scan.c - the json plugin's importer: a streaming scanner over the
 * inspex document or a plain array of objects, handing each inspection's
 * text in turn to the fast path or to jansson.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/scan.h>

#include "json.h"
#include "json_fast.h"

/*
 * The document is read as a stream: a small scanner walks its structure
 * and hands each inspection's text, one at a time, to jansson. Memory
 * stays flat whatever the number of inspections.
 */
typedef struct scan {
    inspex_reader_t *r;
    const char *source;
    char *buf;
    size_t len, pos;
    int eof;
    unsigned long line, col; /* of the next byte */
    inspex_buf_t val;        /* the captured value */
    /* the record limit (inspex/limits.h): a value over it is cut (only
     * its head kept, total counted) when the run can go past it */
    size_t max, total;
    int may_cut, cut;
    unsigned long vline, vcol; /* where the value starts */
    size_t guess; /* bytes the next record is read in (try_direct) */
} scan_t;

#define SCAN_CHUNK (256 * 1024)

static inspex_status_t fill(scan_t *s, inspex_error_t *err)
{
    inspex_status_t st;

    if (s->pos < s->len || s->eof)
        return INSPEX_OK;
    st = inspex_reader_read(s->r, s->buf, SCAN_CHUNK, &s->len, err);
    s->pos = 0;
    if (st == INSPEX_OK && s->len == 0)
        s->eof = 1;
    return st;
}

/* The next byte without taking it, or -1 at the end (or on error, with
 * *st set). */
static int peek(scan_t *s, inspex_status_t *st, inspex_error_t *err)
{
    if (s->pos == s->len && (*st = fill(s, err)) != INSPEX_OK)
        return -1;
    return s->pos < s->len ? (unsigned char)s->buf[s->pos] : -1;
}

static void take(scan_t *s)
{
    if (s->buf[s->pos++] == '\n') {
        s->line++;
        s->col = 1;
    } else {
        s->col++;
    }
}

static int skip_ws(scan_t *s, inspex_status_t *st, inspex_error_t *err)
{
    int c;

    while ((c = peek(s, st, err)) == ' ' || c == '\t' || c == '\n' || c == '\r')
        take(s);
    return c;
}

static inspex_status_t scan_error(scan_t *s, const char *what,
                                  inspex_error_t *err)
{
    return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, s->line,
                               s->col, "%s", what);
}

/* Moves the position past the n bytes at buf[pos], counting lines. */
static void advance(scan_t *s, size_t n)
{
    const char *p = s->buf + s->pos, *end = p + n, *nl;

    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        s->line++;
        s->col = 1;
        p = nl + 1;
    }
    s->col += (unsigned long)(end - p);
    s->pos += n;
}

/* Keeps n more bytes of the value being captured, to the record limit:
 * past it, a value that may be cut keeps only its head (the rest is
 * counted), and any other is an error. */
static inspex_status_t keep(scan_t *s, const char *p, size_t n,
                            inspex_error_t *err)
{
    s->total += n;
    if (s->cut)
        return INSPEX_OK;
    if (s->val.len + n > s->max) {
        if (!s->may_cut)
            return inspex_limit_error(err, INSPEX_LIMIT_RECORD, s->max,
                                      s->total, 1, s->source, s->vline,
                                      s->vcol);
        s->cut = 1;
        n = s->val.len < INSPEX_LIMIT_KEEP ? INSPEX_LIMIT_KEEP - s->val.len : 0;
    }
    if (n && inspex_buf_add(&s->val, p, n) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

/* Inside a value (a string, or an object or array): walks it from p
 * while more than 16 bytes are left before end, 16 at a time
 * (inspex/scan.h): inside a string to its next quote or backslash (the
 * byte a backslash escapes is stepped over with it), outside strings to
 * the next quote or bracket. Returns where it stopped, with *done set
 * when the value ends there. Strings are most of a record, and most hold
 * no escape: each is crossed by one scan or two, not byte by byte. */
static const char *walk16(const char *p, const char *end, int *depth,
                          int *in_string, int *done)
{
    char tmp[INSPEX_SCAN_BLOCK];

    while (end - p > INSPEX_SCAN_BLOCK) {
        unsigned m;
        char c;
        if (*in_string) {
            m = inspex_scan_block(p, tmp, '"', '\\', '"', '"', 0);
            if (m == 0) {
                p += INSPEX_SCAN_BLOCK;
                continue;
            }
            p += inspex_scan_first(m);
            if (*p == '\\') {
                p += 2; /* a byte of the 16 and the one after: in end */
                continue;
            }
            p++;
            *in_string = 0;
            if (*depth == 0) {
                *done = 1;
                return p;
            }
            continue;
        }
        m = inspex_scan_block(p, tmp, '"', '{', '}', '[', 0) |
            inspex_scan_block(p, tmp, ']', ']', ']', ']', 0);
        if (m == 0) {
            p += INSPEX_SCAN_BLOCK;
            continue;
        }
        p += inspex_scan_first(m);
        c = *p++;
        if (c == '"') {
            *in_string = 1;
        } else if (c == '{' || c == '[') {
            ++*depth;
        } else if (--*depth <= 0) {
            *done = 1;
            return p;
        }
    }
    return p;
}

/* Captures the text of one JSON value (its syntax is left to jansson):
 * a string, an object or array up to its matching bracket, or a scalar up
 * to the next delimiter. The bytes of a buffer are walked in a tight loop
 * (the insides of strings eight at a time) and kept as one run. */
static inspex_status_t capture(scan_t *s, inspex_error_t *err)
{
    int depth = 0, in_string = 0, escaped = 0, started = 0, done = 0;
    inspex_status_t st = INSPEX_OK;

    s->val.len = 0;
    s->total = 0;
    s->cut = 0;
    s->vline = s->line;
    s->vcol = s->col;
    while (!done) {
        const char *start, *p, *end;

        if (s->pos == s->len) {
            if ((st = fill(s, err)) != INSPEX_OK)
                return st;
            if (s->pos == s->len) {
                if (in_string || depth > 0)
                    return scan_error(s,
                                      "unexpected end of input inside a "
                                      "value",
                                      err);
                return INSPEX_OK;
            }
        }
        start = p = s->buf + s->pos;
        end = s->buf + s->len;
        while (p < end) {
            unsigned char c = (unsigned char)*p;
            if ((in_string || depth > 0) && !escaped &&
                end - p > INSPEX_SCAN_BLOCK) {
                p = walk16(p, end, &depth, &in_string, &done);
                if (done)
                    break;
                continue;
            }
            if (in_string) {
                if (escaped) {
                    escaped = 0;
                    p++;
                    continue;
                }
                for (uint64_t m; end - p >= 8; p += 8)
                    if ((m = special8(p)) != 0) {
                        p += plain_prefix(m);
                        break;
                    }
                while (p < end && *p != '"' && *p != '\\')
                    p++;
                if (p == end)
                    break;
                if (*p++ == '\\') {
                    escaped = 1;
                    continue;
                }
                in_string = 0; /* the closing quote */
                if (depth == 0) {
                    done = 1;
                    break;
                }
                continue;
            }
            if (depth == 0 && started &&
                (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' ||
                 c == '\r' || c == '\t')) {
                done = 1; /* the delimiter after a scalar: not taken */
                break;
            }
            started = 1;
            p++;
            if (c == '"') {
                in_string = 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth <= 0) {
                done = 1;
                break;
            }
        }
        if ((st = keep(s, start, (size_t)(p - start), err)) != INSPEX_OK)
            return st;
        advance(s, (size_t)(p - start));
    }
    return INSPEX_OK;
}

/* Parses the captured text with jansson; positions in its errors are made
 * relative to the document. */
static json_t *parse_captured(scan_t *s, unsigned long line, unsigned long col,
                              inspex_error_t *err)
{
    json_error_t je;
    json_t *v = json__load(s->val.p, s->val.len, JSON_DECODE_ANY, &je);

    if (v == NULL) {
        rd_t r = {.source = s->source};
        unsigned long l = je.line > 0 ? (unsigned long)je.line : 1;
        unsigned long c = je.column > 0 ? (unsigned long)je.column : 1;
        json__syntax(&r, &je, 0, err);
        inspex_error_locate(err, s->source, line + l - 1,
                            l == 1 ? col + c - 1 : c);
    }
    return v;
}

/* An inspection read by the fast path straight from the buffer, when it
 * is there whole: the next s->guess bytes (twice the last record, cut
 * back to a character's first byte) are handed to json__fast_prefix,
 * which says where the record ends, so that it is not walked twice (by
 * capture, then by the fast path). 1 when it was (and emitted, with *st),
 * 0 to capture it instead: the fast path gave up, or the record is over
 * the record limit, or is not whole in the buffer. */
static int try_direct(scan_t *s, rd_t *r, inspex_status_t *st,
                      inspex_error_t *err)
{
    const char *text = s->buf + s->pos;
    size_t avail = s->len - s->pos, win = s->guess, used = 0;
    inspex_inspection_t *insp;
    inspex_status_t built = INSPEX_OK;

    if (win > avail)
        win = avail;
    while (win > 0 && win < avail && ((unsigned char)text[win] & 0xC0) == 0x80)
        win--;
    if ((insp = inspex_inspection_new()) == NULL) {
        *st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return 1;
    }
    if (json__fast_prefix(r, text, win, &used, insp, &built, err) ==
            FAST_BAIL ||
        used > s->max) {
        inspex_inspection_free(insp);
        inspex_error_clear(err);
        return 0;
    }
    if (json__over_field(r, text, used, st, err))
        inspex_inspection_free(insp);
    else
        *st = json__finish(r, insp, built, text, used, NULL, err);
    advance(s, used);
    s->guess = 2 * used + 64;
    return 1;
}

/* Reads "[ value, value, ... ]" and emits each value as an inspection. */
static inspex_status_t read_array(scan_t *s, rd_t *r, inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;
    int c;

    take(s); /* [ */
    c = skip_ws(s, &st, err);
    if (c == ']') {
        take(s);
        return INSPEX_OK;
    }
    for (;;) {
        unsigned long line = s->line, col = s->col;
        json_t *obj;

        if (c < 0)
            return st != INSPEX_OK ? st
                                   : scan_error(s,
                                                "unexpected end of input "
                                                "in the list of inspections",
                                                err);
        r->line = line;
        if (c == '{' && try_direct(s, r, &st, err)) {
            if (st != INSPEX_OK)
                return st;
            goto next;
        }
        s->may_cut = inspex_import_keep_going(r->ctx);
        st = capture(s, err);
        s->may_cut = 0;
        if (st != INSPEX_OK)
            return st;
        s->guess = 2 * s->val.len + 64;
        if (s->cut) { /* over the record limit: its head is rejected */
            inspex_limit_error(err, INSPEX_LIMIT_RECORD, s->max, s->total, 0,
                               s->source, line, col);
            st = inspex_import_reject_cut(r->ctx, s->val.p, s->val.len,
                                          s->total, err);
            if (st != INSPEX_OK)
                return st;
            goto next;
        }
        if (try_fast(r, s->val.p, s->val.len, &st, err)) {
            if (st != INSPEX_OK)
                return st;
            goto next;
        }
        obj = parse_captured(s, line, col, err);
        if (obj == NULL) {
            st = inspex_import_reject(r->ctx, s->val.p, s->val.len, err);
        } else {
            st = emit_object(r, obj, s->val.p, s->val.len, err);
            json_decref(obj);
        }
        if (st != INSPEX_OK)
            return st;
    next:
        c = skip_ws(s, &st, err);
        if (c == ',') {
            take(s);
            c = skip_ws(s, &st, err);
        } else if (c == ']') {
            take(s);
            return INSPEX_OK;
        } else {
            return st != INSPEX_OK ? st
                                   : scan_error(s,
                                                "expected ',' or ']' after "
                                                "an inspection",
                                                err);
        }
    }
}

/* Reads the inspex document object; format and version may come before or
 * after the inspections (a late mismatch still fails the run, and the
 * host then writes nothing). */
static inspex_status_t read_document(scan_t *s, rd_t *r, inspex_error_t *err)
{
    inspex_status_t st = INSPEX_OK;
    int c, seen_format = 0, seen_version = 0, seen_list = 0;

    take(s); /* { */
    c = skip_ws(s, &st, err);
    if (c == '}')
        take(s);
    while (c != '}') {
        unsigned long line = s->line, col = s->col;
        json_t *key, *val;
        const char *k;
        int *seen = NULL;

        if (c != '"')
            return st != INSPEX_OK ? st
                                   : scan_error(s,
                                                "expected a string key or "
                                                "'}'",
                                                err);
        if ((st = capture(s, err)) != INSPEX_OK)
            return st;
        if ((key = parse_captured(s, line, col, err)) == NULL)
            return inspex_error_code(err);
        k = json_string_value(key);
        if (strcmp(k, "format") == 0)
            seen = &seen_format;
        else if (strcmp(k, "version") == 0)
            seen = &seen_version;
        else if (strcmp(k, "inspections") == 0)
            seen = &seen_list;
        if (seen && *seen) {
            st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, line,
                                     col, "duplicate object key \"%s\"", k);
            json_decref(key);
            return st;
        }
        if (seen)
            *seen = 1;
        c = skip_ws(s, &st, err);
        if (c != ':') {
            json_decref(key);
            return st != INSPEX_OK ? st : scan_error(s, "expected ':'", err);
        }
        take(s);
        c = skip_ws(s, &st, err);
        if (seen == &seen_list) {
            json_decref(key);
            if (c != '[')
                return st != INSPEX_OK
                           ? st
                           : scan_error(s, "\"inspections\" must be an array",
                                        err);
            if ((st = read_array(s, r, err)) != INSPEX_OK)
                return st;
        } else {
            line = s->line;
            col = s->col;
            if ((st = capture(s, err)) != INSPEX_OK ||
                (val = parse_captured(s, line, col, err)) == NULL) {
                json_decref(key);
                return st != INSPEX_OK ? st : inspex_error_code(err);
            }
            if (seen == &seen_format &&
                (!json_is_string(val) ||
                 strcmp(json_string_value(val), "inspex") != 0))
                st = inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source,
                                         line, col,
                                         "not an inspex document: \"format\" "
                                         "must be \"inspex\"");
            else if (seen == &seen_version &&
                     (!json_is_integer(val) ||
                      json_integer_value(val) != FORMAT_VERSION)) {
                char got[64];
                const char *text = "of the wrong type";
                scalar_text(val, got, sizeof(got), &text);
                st = inspex_error_set_at(
                    err, INSPEX_ERR_SYNTAX, s->source, line, col,
                    "this document is inspex document version %s; this "
                    "inspex reads version %d%s",
                    text, FORMAT_VERSION,
                    json_is_number(val) &&
                            json_number_value(val) == FORMAT_VERSION
                        ? ", written as a whole number"
                        : "");
            }
            json_decref(val);
            json_decref(key);
            if (st != INSPEX_OK)
                return st;
        }
        c = skip_ws(s, &st, err);
        if (c == ',') {
            take(s);
            c = skip_ws(s, &st, err);
            if (c == '}')
                return scan_error(s, "expected a string key", err);
        } else if (c == '}') {
            take(s);
        } else {
            return st != INSPEX_OK ? st
                                   : scan_error(s, "expected ',' or '}'", err);
        }
    }
    if (!seen_format)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, 0, 0,
                                   "not an inspex document: no \"format\"");
    if (!seen_version)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, 0, 0,
                                   "this inspex document has no "
                                   "\"version\"; this inspex reads version "
                                   "%d",
                                   FORMAT_VERSION);
    if (!seen_list)
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, s->source, 0, 0,
                                   "\"inspections\" must be an array");
    return INSPEX_OK;
}

inspex_status_t json__import_document(inspex_import_t *ctx, inspex_error_t *err)
{
    rd_t r = {0};
    scan_t s;
    inspex_status_t st;
    int c;

    if ((st = json__reader_open(&r, ctx, err)) != INSPEX_OK) {
        json__reader_close(&r);
        return st;
    }
    memset(&s, 0, sizeof(s));
    s.r = inspex_import_reader(ctx);
    s.source = r.source;
    s.line = s.col = 1;
    s.max = inspex_import_limit(ctx, INSPEX_LIMIT_RECORD);
    s.guess = 4096;
    if ((st = inspex_reader_skip_bom(s.r, err)) != INSPEX_OK) {
        json__reader_close(&r);
        return st;
    }
    s.buf = malloc(SCAN_CHUNK);
    if (s.buf == NULL) {
        json__reader_close(&r);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    c = skip_ws(&s, &st, err);
    if (st == INSPEX_OK) {
        if (c == '[')
            st = read_array(&s, &r, err);
        else if (c == '{')
            st = read_document(&s, &r, err);
        else if (c < 0)
            st = scan_error(&s, "empty input: no JSON document", err);
        else
            st = scan_error(&s,
                            "expected an inspex document or an array of "
                            "objects",
                            err);
    }
    if (st == INSPEX_OK && skip_ws(&s, &st, err) >= 0)
        st = scan_error(&s, "unexpected data after the document", err);
    free(s.buf);
    free(s.val.p);
    json__reader_close(&r);
    return st;
}
