/* SPDX-License-Identifier: MIT */
/* A plugin built for another ABI: the host must skip it, naming both ABI
 * numbers, and refuse it when asked for by name. */
#include <stddef.h>

#include <inspex/plugin.h>

static const inspex_plugin_t wrong = {
    .abi = 999,
    .size = sizeof(inspex_plugin_t),
    .name = "wrongabi",
    .description = "built for plugin ABI 999",
    .capabilities = INSPEX_CAP_IMPORT,
};

INSPEX_PLUGIN_DEFINE(wrong)
