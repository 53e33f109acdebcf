/* SPDX-License-Identifier: MIT */
/* csv_import.c - libFuzzer target over the CSV importer. The first byte
 * picks options and the size limits (the input-size dimension: small
 * limits reach the paths of a line, field or record over its limit);
 * under --keep-going the rejects file must read back, each record the
 * input's own bytes; whatever imports must export and import again to an
 * equal model. */
#include "config.h"

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *opts[4] = {NULL};
    const char *const noguard[] = {"formula-guard=false", NULL};
    /* the layout it wrote: a file of hand-made headers can look like
     * another layout to the detection ("standard" and "rating" columns
     * kept in extra), which -O layout= is there to settle */
    const char *const wide[] = {"layout=wide", NULL};
    inspex_dataset_t *a = inspex_dataset_new(), *b = inspex_dataset_new();
    uint8_t flags = size ? data[0] : 0;
    size_t n = 0;

    if (size) {
        data++;
        size--;
    }
    if (flags & 1)
        opts[n++] = "encoding=windows-1252";
    if (flags & 2)
        opts[n++] = "ragged=pad";
    if (flags & 4)
        opts[n++] = "dayfirst=false";
    /* bits 4-5: the limits, from the defaults down to a few bytes */
    inspex_limits_t lim;
    inspex_limits_init(&lim);
    if (flags & 0x30) {
        size_t small = (size_t)8 << (2 * ((flags >> 4) & 3));
        lim.max[INSPEX_LIMIT_LINE] = small * 4;
        lim.max[INSPEX_LIMIT_FIELD] = small;
        lim.max[INSPEX_LIMIT_RECORD] = small * 8;
    }
    /* transcoded input (named, or not UTF-8 and so read as Windows-1252)
     * is rejected as the UTF-8 it became, not the bytes as read */
    int raw = !(flags & 1) &&
              inspex_utf8_check((const char *)data, size, NULL) == INSPEX_OK;
    if (fuzz_import_limited(data, size, opts, flags & 8, &lim, raw, a) ==
            INSPEX_OK &&
        inspex_dataset_count(a) > 0)
        fuzz_round_trip(a, b, noguard, wide); /* reads back what it writes */
    inspex_dataset_free(a);
    inspex_dataset_free(b);
    return 0;
}
