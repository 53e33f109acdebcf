/* SPDX-License-Identifier: MIT */
/* A plugin with one thing wrong in its descriptor, chosen when it is
 * built: ODD_RESERVED (a reserved field set), ODD_OPTION (a choice
 * option without choices), ODD_DEFAULT (a default its type refuses) or
 * ODD_CSV (sound, but it claims .csv, which csv claims too). */
#include <stddef.h>

#include <inspex/plugin.h>

static inspex_status_t odd_import(inspex_import_t *ctx, inspex_error_t *err)
{
    (void)ctx;
    (void)err;
    return INSPEX_OK;
}

static const inspex_option_t options[] = {
#ifdef ODD_OPTION
    {"layout", INSPEX_OPT_CHOICE, NULL, "a choice with no choices", NULL,
     INSPEX_OPT_IMPORT},
#endif
#ifdef ODD_DEFAULT
    {"count", INSPEX_OPT_INT, "many", "a whole number", NULL,
     INSPEX_OPT_IMPORT},
#endif
    {NULL, 0, NULL, NULL, NULL, 0}};

#ifdef ODD_CSV
static const char *const extensions[] = {"csv", NULL};
#endif

#ifdef ODD_RESERVED
static int something;
#endif

static const inspex_plugin_t odd = {
    INSPEX_PLUGIN_HEAD,
    .name = "odd",
    .description = "test plugin with an odd descriptor",
    .version = "0",
#ifdef ODD_CSV
    .extensions = extensions,
#endif
    .capabilities = INSPEX_CAP_IMPORT,
    .options = options,
    .import = odd_import,
#ifdef ODD_RESERVED
    .reserved = {NULL, NULL, &something},
#endif
};

INSPEX_PLUGIN_DEFINE(odd)
