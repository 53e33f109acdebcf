/* SPDX-License-Identifier: MIT */
/*
 * json.h - what the JSON plugins' files share (internal, not installed):
 * the reader's state and key cache, the byte tests the fast path and the
 * scanner both use, and the json__ functions one file calls in another.
 *
 * json.c       the descriptors (json, and ndjson with INSPEX_NDJSON), the
 *              option tables and the probes
 * json_write.c the streaming writer
 * json_read.c  the jansson record reader, flatten and what keys mean
 * json_fast.c  the fast path for flat records and inspex's own forms
 *              (json_fast.h)
 * json_scan.c  the streaming scanner of the inspex document
 *
 * Only json.c (the descriptor) and json_write.c (the framing of records)
 * depend on INSPEX_NDJSON; the reader's files are the same in both
 * plugins. The writer keeps its #ifdef so that each plugin's record
 * callback still has write_inspection inlined.
 */
#ifndef INSPEX_PLUGIN_JSON_H
#define INSPEX_PLUGIN_JSON_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include <inspex/buf.h>
#include <inspex/hash.h>
#include <inspex/plan.h>
#include <inspex/plugin.h>

#define FORMAT_VERSION 1

/* The record's item lists by kind, for the writer and the reader (a
 * static copy in each: the writer's record loop reads it as before). */
static const char *const item_keys[INSPEX_ITEM__COUNT] = {
    [INSPEX_ITEM_RECOMMENDATION] = "recommendations",
    [INSPEX_ITEM_FINDING] = "findings",
    [INSPEX_ITEM_ACTION] = "actions",
    [INSPEX_ITEM_SOURCE] = "sources",
};

/* A high bit for each of the 8 bytes at p that is below 0x20, '"' or
 * '\\' (the lowest one exact; ones above it may be false), 0 when none
 * is: a run a JSON string holds as it is. */
static inline uint64_t special8(const char *p)
{
    uint64_t w, lt, q, b;

    memcpy(&w, p, 8);
    lt = (w - 0x2020202020202020ULL) & ~w;
    q = w ^ 0x2222222222222222ULL;
    q = (q - 0x0101010101010101ULL) & ~q;
    b = w ^ 0x5c5c5c5c5c5c5c5cULL;
    b = (b - 0x0101010101010101ULL) & ~b;
    return (lt | q | b) & 0x8080808080808080ULL;
}

/* How many of the 8 bytes at p come before the first that special8
 * flags (m is its answer, not 0): where the byte order lets the lowest
 * bit say so, else 0, and the caller goes a byte at a time. */
static inline size_t plain_prefix(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(m) / 8;
#else
    (void)m;
    return 0;
#endif
}

/* 1 when the n bytes at a and b are the same: keys are short, so two
 * word compares that may overlap instead of a call to memcmp for 4 to 16
 * bytes. Reads only the n bytes. */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t x0, x1, y0, y1;
        memcpy(&x0, a, 8);
        memcpy(&y0, b, 8);
        memcpy(&x1, a + n - 8, 8);
        memcpy(&y1, b + n - 8, 8);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t x0, x1, y0, y1;
        memcpy(&x0, a, 4);
        memcpy(&y0, b, 4);
        memcpy(&x1, a + n - 4, 4);
        memcpy(&y1, b + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    return memcmp(a, b, n) == 0;
}

/* ---- the writer (json_write.c) ------------------------------------------ */

/* The writer: the inspex document {"format": "inspex", "version": 1,
 * "inspections": [...]}, or with INSPEX_NDJSON one inspection a line. */
inspex_status_t json__begin(inspex_export_t *ctx, void **state,
                            inspex_error_t *err);
inspex_status_t json__record(inspex_export_t *ctx, void *state,
                             const inspex_inspection_t *insp,
                             inspex_error_t *err);
inspex_status_t json__end(inspex_export_t *ctx, void *state,
                          inspex_error_t *err);
/* Frees the writer's state. */
void json__free(void *state);

/* ---- the reader (json_read.c) ------------------------------------------- */

/* The keys of one object, for the fast path's duplicate check
 * (json_fast.c): hashes, and the keys themselves one after another in
 * one buffer (no allocation per key). */
typedef struct json_keys {
    uint64_t h[64];
    size_t off[64], len[64];
    char text[2048];
    size_t n, used;
    uint64_t seen; /* bit h % 64 of every key held: most keys are new */
} json_keys_t;

typedef struct rd {
    inspex_import_t *ctx;
    const char *source;
    unsigned long line;  /* of the record, for messages; 0 unknown */
    inspex_plan_t *plan; /* what each flat key means (<inspex/plan.h>) */
    /* the numbers of the record jansson is reading, as written (see
     * json__read_record); NULL outside it */
    struct json_numbers *nums;
    /* json__flat_value's memory of the last records' flat keys, by their
     * place in the record (kpos, from 0 at each record): most records
     * have the same keys in the same order, so a key is compared with
     * the one at its place instead of being looked up in the plan */
    size_t kpos;
    struct json_key_slot {
        size_t len; /* 0: empty */
        size_t index;
        char text[48];
    } kc[64];
    /* the fast path's buffers (json_fast.c), kept from record to record
     * (one much larger than usual is freed after its record) */
    inspex_buf_t fbuf[3];
    /* the top-level keys of the last record the fast path read, all
     * different: a record whose keys are the same, in the same order,
     * needs no duplicate check */
    json_keys_t last_keys;
    /* the field limit (inspex/limits.h): no string of a record, key or
     * value, may be longer once decoded; 0 for none (no host) */
    size_t field_max;
} rd_t;

/* Starts reading for ctx: r's key plan, with the loaded frameworks and
 * the -O map file. Errors: the map file's, INSPEX_ERR_NOMEM. */
inspex_status_t json__reader_open(rd_t *r, inspex_import_t *ctx,
                                  inspex_error_t *err);
/* Frees what json__reader_open made (not r). */
void json__reader_close(rd_t *r);

/* The shortest text that reads back as the same double. */
void json__real_text(double d, char *buf, size_t size);

/* A number's text for a field of the model, from its text as written
 * (tok, a valid JSON number): a real as the shortest text that reads back
 * as the same double (json__real_text), "-0" as "0", any other integer as
 * it is. buf is returned; 64 bytes hold any real. */
const char *json__number_text(const char *tok, char *buf, size_t size);

/* The text of number v of the record jansson is reading as it was
 * written, or NULL when not known. */
const char *json__number_written(const rd_t *r, const json_t *v);

/* json_loadb with JSON_REJECT_DUPLICATES and flags; a record with an
 * integer jansson cannot hold (2^63 and more) is read again with its
 * integers as reals, the text of each number being kept apart
 * (json__read_record), so that it is not refused. */
json_t *json__load(const char *text, size_t len, size_t flags,
                   json_error_t *je);

/* Text for a scalar value: strings as they are, numbers as written; 0 for
 * an object or array. Inline: the callers' buffer size is a constant. */
static inline int scalar_text(json_t *v, char *buf, size_t size,
                              const char **out)
{
    switch (json_typeof(v)) {
    case JSON_STRING: *out = json_string_value(v); return 1;
    case JSON_INTEGER:
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        *out = buf;
        return 1;
    case JSON_REAL:
        json__real_text(json_real_value(v), buf, size);
        *out = buf;
        return 1;
    case JSON_TRUE: *out = "true"; return 1;
    case JSON_FALSE: *out = "false"; return 1;
    case JSON_NULL: *out = ""; return 1;
    default: return 0;
    }
}

/* What kind of JSON value a flat value's text came from. */
enum { JV_OTHER = 0, JV_STRING = 1, JV_NUMBER = 2 };

/* Sets one flat key/value pair (the key klen bytes long) as the header
 * plan says, the way a CSV column and cell would be; kind says what the
 * JSON value was (a number's text as written: kept so in extra, as
 * json__number_text gives it elsewhere). Under -v, says what a key means
 * when it is first seen. */
inspex_status_t json__flat_value(rd_t *r, inspex_inspection_t *insp,
                                 const char *k, size_t klen, const char *text,
                                 int kind, int *taken, inspex_error_t *err);

/* An inspection from an object: the inspex record shape, or a flat object
 * whose keys are mapped like column headers. raw (len bytes), the
 * record's text, gives its numbers as written; NULL when not known. */
inspex_status_t json__read_record(rd_t *r, json_t *obj, const char *raw,
                                  size_t len, inspex_inspection_t *insp,
                                  inspex_error_t *err);

/* A jansson error as inspex's, at the record's line plus line_offset. */
inspex_status_t json__syntax(rd_t *r, const json_error_t *je,
                             unsigned long line_offset, inspex_error_t *err);

/* Hands a built inspection on, or rejects its record (raw, or obj as
 * text when raw is NULL); insp is taken. */
inspex_status_t json__finish(rd_t *r, inspex_inspection_t *insp,
                             inspex_status_t st, const char *raw, size_t rawlen,
                             json_t *obj, inspex_error_t *err);

/* Emits one record object (rejecting it verbatim when it is invalid).
 * Inline, as the record loops had it before the split. */
static inline inspex_status_t emit_object(rd_t *r, json_t *obj, const char *raw,
                                          size_t rawlen, inspex_error_t *err)
{
    inspex_inspection_t *insp = inspex_inspection_new();

    if (insp == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return json__finish(r, insp,
                        json__read_record(r, obj, raw, rawlen, insp, err), raw,
                        rawlen, obj, err);
}

/* 1 when a string of the record's text (len bytes), a key or a value,
 * is longer decoded than the field limit: the record is then rejected,
 * with *st the rejection's status (inspex_import_reject); 0 otherwise.
 * Only a record longer than the limit is looked through. */
int json__over_field(rd_t *r, const char *text, size_t len, inspex_status_t *st,
                     inspex_error_t *err);

/* The NDJSON importer: a record a line. */
inspex_status_t json__import_lines(inspex_import_t *ctx, inspex_error_t *err);

/* ---- the document scanner (json_scan.c) --------------------------------- */

/* The json importer: the inspex document, or a plain array of objects. */
inspex_status_t json__import_document(inspex_import_t *ctx,
                                      inspex_error_t *err);

#endif
