/* SPDX-License-Identifier: MIT */
/* xml_import.c - libFuzzer target over the XML importer (the low bit of
 * the size turns -O validate=true on); what imports must export as XML
 * and import again unchanged, unless the writer refuses a character XML
 * 1.0 cannot carry. */
#include "config.h"

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const validate[] = {"validate=true", NULL};
    inspex_dataset_t *a = inspex_dataset_new(), *b = inspex_dataset_new();

    if (fuzz_import(data, size, size & 1 ? validate : NULL, size & 2, a) ==
        INSPEX_OK)
        fuzz_round_trip(a, b, NULL, NULL);
    inspex_dataset_free(a);
    inspex_dataset_free(b);
    return 0;
}
