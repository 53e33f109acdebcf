/* SPDX-License-Identifier: MIT */
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

/* 1 when the bytes from i are objects one per line: the first line
 * closes an object and the next opens one (NDJSON, JSON Lines); a
 * document's first line never ends with its closing brace. */
static int one_per_line(const unsigned char *data, size_t i, size_t len)
{
    if (i >= len || data[i] != '{')
        return 0;
    for (size_t k = i; k + 1 < len; k++)
        if (data[k] == '\n') {
            size_t m = k + 1;
            while (m < len && (data[m] == ' ' || data[m] == '\r'))
                m++;
            return m < len && data[m] == '{' && k > 0 &&
                   (data[k - 1] == '}' ||
                    (data[k - 1] == '\r' && k > 1 && data[k - 2] == '}'));
        }
    return 0;
}

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
    if (one_per_line(data, i, len))
        return 70;
    return memchr(data + i, '\n', len - i) ? 20 : 40;
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
#define IMPORT json_import_any

/* A file named .json may hold NDJSON (one object per line), as other
 * tools save it: told by its content, then read as such. */
static inspex_status_t json_import_any(inspex_import_t *ctx,
                                       inspex_error_t *err)
{
    const unsigned char *head = NULL;
    size_t len = 0, i;
    inspex_status_t st;

    st = inspex_reader_peek(inspex_import_reader(ctx), 65536, &head, &len, err);
    if (st != INSPEX_OK)
        return st;
    i = inspex_bom_length(head, len);
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                       head[i] == '\n'))
        i++;
    if (!one_per_line(head, i, len))
        return json__import_document(ctx, err);
    inspex_import_note(ctx, 0, 0,
                       "one JSON object per line: read as NDJSON (the "
                       "ndjson format), whatever the name says");
    return json__import_lines(ctx, err);
}
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
