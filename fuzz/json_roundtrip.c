/* SPDX-License-Identifier: MIT */
/* json_roundtrip.c - libFuzzer target over the hand-written JSON writer:
 * arbitrary strings go into an inspection (body name, a judgement title,
 * a strand, extra pairs), are written, parsed back by jansson and by the
 * importer, and must come back byte for byte. */
#include "config.h"

#include <jansson.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *parts[4] = {NULL};
    inspex_inspection_t *insp = inspex_inspection_new();
    inspex_dataset_t *a = inspex_dataset_new(), *b = inspex_dataset_new();
    size_t n = 0, len;
    char *out;

    /* up to four NUL-separated strings */
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *p = text; n < 4 && p <= text + size; p += strlen(p) + 1)
        parts[n++] = p;
    if (parts[0])
        inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, parts[0], 0, NULL);
    if (parts[1]) {
        inspex_judgement_t *j = inspex_inspection_add_judgement(insp, "1.1",
                                                                NULL);
        inspex_judgement_set_title(j, parts[1], NULL);
        if (parts[2])
            inspex_judgement_add_strand(j, parts[2], 1, 2, NULL);
    }
    if (parts[3])
        inspex_inspection_add_extra(insp, parts[3], parts[0], NULL);
    inspex_dataset_take(a, insp);
    out = fuzz_export(a, NULL, &len);
    if (out == NULL)
        abort();
    /* jansson reads what the writer wrote, with the same strings */
    json_error_t je;
    json_t *doc = json_loadb(out, len, JSON_REJECT_DUPLICATES, &je);
    if (doc == NULL)
        abort();
    json_t *rec = json_array_get(json_object_get(doc, "inspections"), 0);
    const char *body = inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME);
    if (body &&
        strcmp(json_string_value(json_object_get(rec, "body_name")), body) != 0)
        abort();
    json_decref(doc);
    if (fuzz_import((const uint8_t *)out, len, NULL, 0, b) != INSPEX_OK)
        abort();
    fuzz_same(a, b);
    free(out);
    free(text);
    inspex_dataset_free(a);
    inspex_dataset_free(b);
    return 0;
}
