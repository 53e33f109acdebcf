/* SPDX-License-Identifier: MIT */
/* json_import.c - libFuzzer target over the JSON importer (document and
 * plain arrays); what imports must export and import again unchanged. */
#include "config.h"

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    inspex_dataset_t *a = inspex_dataset_new(), *b = inspex_dataset_new();

    if (fuzz_import(data, size, NULL, size & 1, a) == INSPEX_OK)
        fuzz_round_trip(a, b, NULL, NULL);
    inspex_dataset_free(a);
    inspex_dataset_free(b);
    return 0;
}
