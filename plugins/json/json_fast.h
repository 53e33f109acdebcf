/* SPDX-License-Identifier: MIT */
/*
 * json_fast.h - the JSON reader's fast path, on its own so that a fuzzer
 * or a test can check it against the jansson path (json__read_record).
 */
#ifndef INSPEX_PLUGIN_JSON_FAST_H
#define INSPEX_PLUGIN_JSON_FAST_H

#include "json.h"

/*
 * A fast path for the common record: an object of strings, numbers,
 * booleans and nulls, perhaps nested (flattened as flatten() does), and
 * inspex's own record forms ("judgements" with titles, ratings and
 * strands, "extra", the item lists), read as json__read_record reads
 * them. It builds the inspection straight from the text; anything else (a
 * syntax error, an escape it does not handle, a repeated key, a key of
 * the own forms it does not know, a model error inside them) makes it
 * give up, and the record goes through jansson, which gives the exact
 * errors. Numbers keep their text as written in both paths. The results
 * of both paths are the same, as the tests and fuzz/json_fastpath check.
 */
enum { FAST_BAIL = 0, FAST_DONE = 1 };

/* Builds insp from the record's text: FAST_DONE with the model's verdict
 * in *st, or FAST_BAIL (and then nothing in err is meant). */
int json__fast_record(rd_t *r, const char *text, size_t len,
                      inspex_inspection_t *insp, inspex_status_t *st,
                      inspex_error_t *err);

/* As json__fast_record, on the object at the start of text, whose len
 * bytes may go on past it (the next records of a document): *used gets
 * the object's length when FAST_DONE. The bytes after it are checked as
 * UTF-8 too, and must end on a character's end. */
int json__fast_prefix(rd_t *r, const char *text, size_t len, size_t *used,
                      inspex_inspection_t *insp, inspex_status_t *st,
                      inspex_error_t *err);

/* Tries the fast path on a record's text; 1 when it decided (with *st).
 * Inline, as the record loops had it before the split. */
static inline int try_fast(rd_t *r, const char *raw, size_t len,
                           inspex_status_t *st, inspex_error_t *err)
{
    inspex_inspection_t *insp;
    inspex_status_t built = INSPEX_OK;

    if (json__over_field(r, raw, len, st, err))
        return 1;
    if ((insp = inspex_inspection_new()) == NULL) {
        *st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return 1;
    }
    if (json__fast_record(r, raw, len, insp, &built, err) == FAST_BAIL) {
        inspex_inspection_free(insp);
        inspex_error_clear(err);
        return 0;
    }
    *st = json__finish(r, insp, built, raw, len, NULL, err);
    return 1;
}

#endif
