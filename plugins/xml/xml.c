/* SPDX-License-Identifier: MIT */
/*
 * xml.c - the XML plugin: every model field in a documented XML format
 * with a schema (docs/schema/inspex.xsd), for record systems and
 * archives. Both ways stream a record at a time, so memory stays flat:
 * xml_write.c with libxml2's xmlTextWriter, xml_read.c with its
 * xmlTextReader and parser options that refuse entities, DTDs and the
 * network.
 */
#include "config.h"

#include <string.h>

#include "xml.h"

/* An inspex XML document names its namespace near the start; any other
 * XML scores low, so that a report page or another XML format is not
 * taken for it. */
static int xml_probe(const unsigned char *data, size_t len)
{
    size_t i = inspex_bom_length(data, len), n = len < 1024 ? len : 1024;

    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                       data[i] == '\n'))
        i++;
    if (i == len || data[i] != '<')
        return 0;
    for (size_t k = i; k + sizeof(XML__NS) - 1 <= n; k++)
        if (memcmp(data + k, XML__NS, sizeof(XML__NS) - 1) == 0)
            return 95;
    return 10;
}

static const char *const extensions[] = {"xml", NULL};
static const char *const media_types[] = {"application/xml", "text/xml", NULL};

static const inspex_option_t options[] = {
    {"validate", INSPEX_OPT_BOOL, "false",
     "check the input against the inspex XML schema "
     "(docs/schema/inspex.xsd) and report each violation with its line",
     NULL, INSPEX_OPT_IMPORT},
    {"indent", INSPEX_OPT_BOOL, "true",
     "put each element on a line of its own, indented", NULL,
     INSPEX_OPT_EXPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const inspex_plugin_t xml_plugin = {
    INSPEX_PLUGIN_HEAD,
    .name = "xml",
    .description = "the inspex XML format, with a schema "
                   "(docs/schema/inspex.xsd)",
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .options = options,
    .probe = xml_probe,
    .import = xml__import,
    .export_begin = xml__begin,
    .export_record = xml__record,
    .export_end = xml__end,
    .export_free = xml__free,
};

INSPEX_PLUGIN_DEFINE(xml_plugin)
