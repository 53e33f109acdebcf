/* SPDX-License-Identifier: MIT */
/* fuzz_TEMPLATE.c - a libFuzzer target for the TEMPLATE importer, on the
 * test kit: every input goes through the same engine as `inspex convert`
 * (the framework checks too), with --keep-going. Build and run it with
 * `make fuzz` (clang), seeded with sample.TEMPLATE:
 *   ./fuzz_TEMPLATE -max_total_time=60 corpus/
 * It loads ./TEMPLATE-fuzz.so, the plugin built with coverage, or the
 * file INSPEX_FUZZ_PLUGIN names: any importer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <inspex/testing.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static inspex_testkit_t *kit;
    static inspex_error_t *err;
    inspex_dataset_t *ds = NULL;

    if (kit == NULL) {
        const char *path = getenv("INSPEX_FUZZ_PLUGIN");
        err = inspex_error_new();
        kit = inspex_testkit_new(err);
        if (kit == NULL ||
            inspex_testkit_load(kit, path ? path : "./TEMPLATE-fuzz.so",
                                err) != INSPEX_OK) {
            fprintf(stderr, "%s\n", inspex_error_text(err));
            abort();
        }
    }
    inspex_error_clear(err);
    inspex_testkit_import(kit, data, size, "<fuzz>", NULL,
                          INSPEX_ENGINE_KEEP_GOING, &ds, err);
    /* a crash, a leak or a sanitizer report is a finding; an error is
     * the input's */
    inspex_dataset_free(ds);
    return 0;
}
