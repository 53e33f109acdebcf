/* SPDX-License-Identifier: MIT */
/* A plugin built against the frozen copy of the plugin header as it was
 * before the descriptor grew (tests/plugins/frozen/inspex/plugin.h): the
 * host must still load it, read its shorter descriptor, and convert with
 * it. One inspection per input line, the line as the body name. */
#include <stddef.h>

#include <inspex/plugin.h>

static inspex_status_t frozen_import(inspex_import_t *ctx, inspex_error_t *err)
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

static const char *const extensions[] = {"frozen", NULL};

static const inspex_plugin_t frozen = {
    .abi = INSPEX_PLUGIN_ABI,
    .size = sizeof(inspex_plugin_t),
    .name = "frozen",
    .description = "test plugin built against the first plugin header",
    .version = "1",
    .extensions = extensions,
    .capabilities = INSPEX_CAP_IMPORT,
    .import = frozen_import,
};

INSPEX_PLUGIN_DEFINE(frozen)
