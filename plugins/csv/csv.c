/* SPDX-License-Identifier: MIT */
/*
 * csv.c - the CSV plugin: RFC 4180 ratings tables in the wide layout (one
 * row per inspection, one column per standard).
 *
 * Columns map to the model through the library's shared matcher; a column
 * that maps to nothing is kept in the record's extra list under its header
 * and written back out on export, so nothing is dropped. Items and strands
 * have columns of their own: "recommendation.1.text", "strand.2.1.Desistance"
 * (value "9/10").
 */
#include "config.h"

#include <string.h>

#include "csv.h"

/* Scores the leading bytes: a first line with a delimiter, the same count
 * on the second line, and nothing that looks like JSON or XML. */
static int csv_probe(const unsigned char *data, size_t len)
{
    size_t bom = inspex_bom_length(data, len), i = bom;

    while (i < len && (data[i] == ' ' || data[i] == '\t'))
        i++;
    if (i == len || data[i] == '{' || data[i] == '[' || data[i] == '<')
        return 0;
    char d = csv__detect_delimiter(data + bom, len - bom);
    size_t counts[2] = {0, 0};
    int line = 0, quoted = 0;
    for (; i < len && line < 2; i++) {
        if (data[i] == 0)
            return 0;
        if (data[i] == '"')
            quoted = !quoted;
        else if (!quoted && data[i] == '\n')
            line++;
        else if (!quoted && data[i] == (unsigned char)d)
            counts[line]++;
    }
    if (counts[0] == 0)
        return 5;
    /* plugin.h's levels: the same columns on two lines are likely */
    if (line >= 1 && counts[0] == counts[1])
        return INSPEX_PROBE_LIKELY;
    return INSPEX_PROBE_POSSIBLE;
}

static const char *const extensions[] = {"csv", "tsv", NULL};
static const char *const media_types[] = {"text/csv",
                                          "text/tab-separated-values", NULL};

static const inspex_option_t options[] = {
    {"delimiter", INSPEX_OPT_CHAR, NULL,
     "field separator; on import detected from the header line among , ; "
     "tab |, on export a comma",
     NULL, INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT},
    {"encoding", INSPEX_OPT_STRING, "auto",
     "character encoding of the input, converted to UTF-8: any iconv knows "
     "(windows-1252, ISO-8859-15, UTF-16, ...; iconv -l lists them), or "
     "latin-1; auto: a byte-order mark says UTF-8 or UTF-16, else UTF-8 "
     "when valid, else Windows-1252 with a warning",
     NULL, INSPEX_OPT_IMPORT},
    {"map", INSPEX_OPT_STRING, NULL,
     "a JSON file mapping column names to field names or standard codes, "
     "for headers the matcher does not know",
     NULL, INSPEX_OPT_IMPORT},
    {"dayfirst", INSPEX_OPT_BOOL, "true",
     "read 04/06/2020 as 4 June; false for US-style month-first dates", NULL,
     INSPEX_OPT_IMPORT},
    {"header-row", INSPEX_OPT_INT, "0",
     "the row (from 1) that holds the header; 0 finds it: the first row "
     "whose cells name fields or standards, rows above it are said in "
     "warnings",
     NULL, INSPEX_OPT_IMPORT},
    {"ragged", INSPEX_OPT_CHOICE, "error",
     "rows with fewer fields than the header: error, or pad with empty "
     "fields",
     "error|pad", INSPEX_OPT_IMPORT},
    {"layout", INSPEX_OPT_CHOICE, "auto",
     "wide (a row an inspection), long (a row a standard, rows of one "
     "inspection together) or actions (a row an improvement-plan action); "
     "auto tells them from the header",
     "auto|wide|long|actions", INSPEX_OPT_IMPORT},
    {"layout", INSPEX_OPT_CHOICE, "wide",
     "wide (a row an inspection, a column a standard), long (a row a "
     "standard) or actions (a row an improvement-plan action)",
     "wide|long|actions", INSPEX_OPT_EXPORT},
    {"crlf", INSPEX_OPT_BOOL, "false", "end lines with CR LF", NULL,
     INSPEX_OPT_EXPORT},
    {"bom", INSPEX_OPT_BOOL, "false",
     "start with a UTF-8 byte-order mark (for Excel)", NULL, INSPEX_OPT_EXPORT},
    {"formula-guard", INSPEX_OPT_BOOL, "true",
     "prefix ' to cells a spreadsheet would run as a formula (= + - @ tab "
     "CR, unless a number)",
     NULL, INSPEX_OPT_EXPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const inspex_plugin_t csv_plugin = {
    .abi = INSPEX_PLUGIN_ABI,
    .headers = INSPEX_PLUGIN_HEADERS,
    .size = sizeof(inspex_plugin_t),
    .name = "csv",
    .description = "comma-separated ratings tables, one row per inspection",
    .version = PACKAGE_VERSION,
    .extensions = extensions,
    .media_types = media_types,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .options = options,
    .probe = csv_probe,
    .import = csv__import,
    .export_begin = csv__begin,
    .export_record = csv__record,
    .export_end = csv__end,
    .export_free = csv__wstate_free,
};

INSPEX_PLUGIN_DEFINE(csv_plugin)
