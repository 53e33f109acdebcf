/*
 * json.c - the JSON plugins: the inspex document format (json) and one
 * inspection per line (ndjson). Built twice from the same files;
 * INSPEX_NDJSON selects the line form: here, where the descriptor picks
 * the importer (json_scan.c or json_read.c), and in json_write.c, where
 * the framing of the records differs. json.h names what each file does.
 *
 * Export is a hand-written streaming writer: each inspection is written and
 * let go, so memory stays flat. Import uses jansson: the inspex document,
 * plain arrays of flat objects (other tools' CSV-to-JSON output, mapped
 * through the library's shared matcher), and NDJSON line by line.
 *
 * The record shape (docs/json-format.md): model fields under their
 * snake_case names, "judgements" keyed by standard code, "recommendations",
 * "findings", "actions", "sources" as arrays of objects, and "extra" as an
 * array of [key, value] pairs (order kept, keys may repeat).
 */
#include "config.h"

#include <string.h>

#include "json.h"

/* ---- probe and descriptor ----------------------------------------------- */

static int json_probe(const unsigned char *data, size_t len)
{
    size_t i = inspex_bom_length(data, len);

    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
                       data[i] == '\n'))
        i++;
    if (i == len)
        return 0;
#ifdef INSPEX_NDJSON
    if (data[i] != '{')
        return 0;
    /* One object per line: a line that closes and another that opens. */
    for (size_t k = i; k + 1 < len; k++)
        if (data[k] == '\n') {
            size_t m = k + 1;
            while (m < len && (data[m] == ' ' || data[m] == '\r'))
                m++;
            if (m < len && data[m] == '{' && k > 0 &&
                (data[k - 1] == '}' ||
                 (data[k - 1] == '\r' && k > 1 && data[k - 2] == '}')))
                return 70;
            return 20;
        }
    return 40;
#else
    if (data[i] == '[')
        return 60;
    if (data[i] != '{')
        return 0;
    /* A document declares its format near the start. */
    for (size_t k = i; k + 17 < len && k < i + 256; k++)
        if (memcmp(data + k, "\"format\"", 8) == 0)
            return 90;
    return 50;
#endif
}

#ifdef INSPEX_NDJSON
static const char *const extensions[] = {"ndjson", "jsonl", NULL};
static const char *const media_types[] = {"application/x-ndjson", NULL};
static const inspex_option_t options[] = {
    {"map", INSPEX_OPT_STRING, NULL,
     "a JSON file mapping keys of flat objects to field names or standard "
     "codes, for keys the matcher does not know",
     NULL, INSPEX_OPT_IMPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};
#define NAME "ndjson"
#define DESCRIPTION "one inspex JSON inspection per line (NDJSON, JSON Lines)"
#define IMPORT json__import_lines
#else
static const char *const extensions[] = {"json", NULL};
static const char *const media_types[] = {"application/json", NULL};
static const inspex_option_t options[] = {
    {"map", INSPEX_OPT_STRING, NULL,
     "a JSON file mapping keys of flat objects to field names or standard "
     "codes, for keys the matcher does not know",
     NULL, INSPEX_OPT_IMPORT},
    {"pretty", INSPEX_OPT_CHOICE, "auto",
     "indent the output: auto (when writing to a terminal), true or false",
     "auto|true|false", INSPEX_OPT_EXPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};
#define NAME "json"
#define DESCRIPTION \
    "the inspex JSON document; reads plain arrays of objects too"
#define IMPORT json__import_document
#endif

static const inspex_plugin_t json_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .headers = INSPEX_PLUGIN_HEADERS,
    .size = sizeof(inspex_plugin_t),
    .name = NAME,
    .description = DESCRIPTION,
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .options = options,
    .probe = json_probe,
    .import = IMPORT,
    .export_begin = json__begin,
    .export_record = json__record,
    .export_end = json__end,
    .export_free = json__free,
};

INSPEX_PLUGIN_DEFINE(json_plugin)
