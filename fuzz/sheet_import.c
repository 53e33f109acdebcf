/* SPDX-License-Identifier: MIT */
/* sheet_import.c - libFuzzer target over a spreadsheet importer: built
 * twice, as fuzz/xlsx_import and (with -DINSPEX_ODS) fuzz/ods_import, each
 * with its plugin's sources. The input is the package; whatever imports
 * must export as the same format and import again to an equal model. */
#include "config.h"

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    inspex_dataset_t *a = inspex_dataset_new(), *b = inspex_dataset_new();

    if (fuzz_import(data, size, NULL, 0, a) == INSPEX_OK &&
        inspex_dataset_count(a) > 0)
        fuzz_round_trip(a, b, NULL, NULL);
    inspex_dataset_free(a);
    inspex_dataset_free(b);
    return 0;
}
