/* SPDX-License-Identifier: MIT */
/* An import-only plugin whose probe never recognises anything: it can be
 * used only when named with -f. Each input line becomes an inspection
 * with that line as the body name. */
#include <stddef.h>

#include <inspex/plugin.h>

static int never(const unsigned char *data, size_t len)
{
    (void)data;
    (void)len;
    return 0;
}

static inspex_status_t lines_import(inspex_import_t *ctx, inspex_error_t *err)
{
    for (;;) {
        const char *line;
        size_t len;
        inspex_status_t st = inspex_reader_getline(inspex_import_reader(ctx),
                                                   &line, &len, err);
        if (st != INSPEX_OK || line == NULL)
            return st;
        inspex_inspection_t *insp = inspex_inspection_new();
        if (insp == NULL)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        st = inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, line, 0, err);
        if (st != INSPEX_OK) {
            inspex_inspection_free(insp);
            return st;
        }
        st = inspex_import_emit(ctx, insp, line, len, err);
        if (st != INSPEX_OK)
            return st;
    }
}

static const inspex_plugin_t noprobe = {
    .abi = INSPEX_PLUGIN_ABI,
    .size = sizeof(inspex_plugin_t),
    .name = "noprobe",
    .description = "test plugin: one inspection per line, never probed",
    .version = "0",
    .capabilities = INSPEX_CAP_IMPORT,
    .probe = never,
    .import = lines_import,
};

INSPEX_PLUGIN_DEFINE(noprobe)
