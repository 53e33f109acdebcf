/*
 * json_fast.h - the JSON reader's fast path, on its own so that a fuzzer
 * or a test can check it against the jansson path (json__read_record).
 */
#ifndef INSPEX_PLUGIN_JSON_FAST_H
#define INSPEX_PLUGIN_JSON_FAST_H

#include "json.h"

/*
 * A fast path for the common record: an object of strings, numbers,
 * booleans and nulls, perhaps nested (flattened as flatten() does), with
 * none of the format's own keys. It builds the inspection straight from the
 * text; anything else (a syntax error, an escape it does not handle, a
 * repeated key, the inspex record shape) makes it give up, and the record
 * goes through jansson, which gives the exact errors. The results of both
 * paths are the same, as the tests and fuzz/json_import check.
 */
enum { FAST_BAIL = 0, FAST_DONE = 1 };

/* Builds insp from the record's text: FAST_DONE with the model's verdict
 * in *st, or FAST_BAIL (and then nothing in err is meant). */
int json__fast_record(rd_t *r, const char *text, size_t len,
                      inspex_inspection_t *insp, inspex_status_t *st,
                      inspex_error_t *err);

#endif
