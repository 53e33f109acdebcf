/* SPDX-License-Identifier: MIT */
/* json_fastpath.c - libFuzzer target: the JSON importer's hand-written
 * fast path must agree with jansson on every record it accepts: same
 * verdict, and the same inspection. That covers inspex's own record forms
 * (judgements with titles, ratings and strands, extra, the item lists),
 * which the fast path reads itself, and numbers, whose text both paths
 * keep as written. The input is taken whole, and then line by line as the
 * NDJSON importer reads it, each line a record of its own, and whole
 * again with more of a document after it, as the json importer hands the
 * fast path a record in its buffer (json__fast_prefix). It reaches the
 * fast path and the jansson reader through the plugin's internal header,
 * json_fast.h. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_fast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One record's text through both paths; aborts where they disagree. */
static void one(rd_t *r, const char *text, size_t size)
{
    inspex_inspection_t *a = inspex_inspection_new();
    inspex_inspection_t *b = inspex_inspection_new();
    inspex_error_t *ea = inspex_error_new(), *eb = inspex_error_new();
    inspex_status_t sa = INSPEX_OK, sb;
    json_error_t je;
    json_t *obj;

    if (json__fast_record(r, text, size, a, &sa, ea) == FAST_DONE) {
        obj = json__load(text, size, 0, &je);
        if (obj == NULL)
            abort(); /* the fast path took what jansson refuses */
        sb = json__read_record(r, obj, text, size, b, eb);
        json_decref(obj);
        if (sa != sb)
            abort();
        if (sa == INSPEX_OK && !inspex_inspection_equal(a, b))
            abort();
        if (sa != INSPEX_OK &&
            strcmp(inspex_error_message(ea), inspex_error_message(eb)) != 0)
            abort();
    }
    inspex_inspection_free(a);
    inspex_inspection_free(b);
    inspex_error_free(ea);
    inspex_error_free(eb);
}

/* The text followed by more of a document, as the json importer hands
 * it to json__fast_prefix: when that reads an object, it must be the
 * text's first, read as json__fast_record reads it alone (and so as
 * jansson does, which one() checks). */
static void prefix(rd_t *r, const char *text, size_t size)
{
    static const char more[] = ",{\"body_name\": \"x\"}]";
    char *buf = malloc(size + sizeof(more));
    inspex_inspection_t *a = inspex_inspection_new();
    inspex_inspection_t *b = inspex_inspection_new();
    inspex_status_t sa = INSPEX_OK, sb = INSPEX_OK;
    size_t used = 0;

    if (buf == NULL || a == NULL || b == NULL)
        abort();
    memcpy(buf, text, size);
    memcpy(buf + size, more, sizeof(more) - 1);
    if (json__fast_prefix(r, buf, size + sizeof(more) - 1, &used, a, &sa,
                          NULL) == FAST_DONE) {
        if (used == 0 || used > size + sizeof(more) - 1)
            abort();
        if (json__fast_record(r, buf, used, b, &sb, NULL) != FAST_DONE ||
            sa != sb || (sa == INSPEX_OK && !inspex_inspection_equal(a, b)))
            abort();
        one(r, buf, used);
    }
    inspex_inspection_free(a);
    inspex_inspection_free(b);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rd_t r = {.source = "fuzz", .line = 1};
    const char *text = (const char *)data, *end = text + size, *nl;

    if (inspex_plan_new(NULL, NULL, &r.plan, NULL) != INSPEX_OK)
        abort();
    one(&r, text, size);
    prefix(&r, text, size);
    /* record by record, as NDJSON; the plan carries over, as it does */
    while (text < end &&
           (nl = memchr(text, '\n', (size_t)(end - text))) != NULL) {
        one(&r, text, (size_t)(nl - text));
        text = nl + 1;
        r.line++;
    }
    json__reader_close(&r);
    return 0;
}
