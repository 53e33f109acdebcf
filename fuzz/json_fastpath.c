/* json_fastpath.c - libFuzzer target: the JSON importer's hand-written
 * fast path must agree with jansson on every record it accepts: same
 * verdict, and the same inspection. It reaches the fast path and the
 * jansson reader through the plugin's internal header, json_fast.h. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_fast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rd_t r = {NULL, "fuzz", 1, NULL, NULL};
    inspex_inspection_t *a = inspex_inspection_new();
    inspex_inspection_t *b = inspex_inspection_new();
    inspex_error_t *ea = inspex_error_new(), *eb = inspex_error_new();
    inspex_status_t sa = INSPEX_OK, sb;
    json_error_t je;
    json_t *obj;

    if (inspex_plan_new(NULL, NULL, &r.plan, NULL) != INSPEX_OK)
        abort();
    if (json__fast_record(&r, (const char *)data, size, a, &sa, ea) ==
        FAST_DONE) {
        obj = json__load((const char *)data, size, 0, &je);
        if (obj == NULL)
            abort(); /* the fast path took what jansson refuses */
        sb = json__read_record(&r, obj, (const char *)data, size, b, eb);
        json_decref(obj);
        if (sa != sb)
            abort();
        if (sa == INSPEX_OK && !inspex_inspection_equal(a, b))
            abort();
        if (sa != INSPEX_OK &&
            strcmp(inspex_error_message(ea), inspex_error_message(eb)) != 0)
            abort();
    }
    json__reader_close(&r);
    inspex_inspection_free(a);
    inspex_inspection_free(b);
    inspex_error_free(ea);
    inspex_error_free(eb);
    return 0;
}
