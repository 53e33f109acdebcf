/* SPDX-License-Identifier: MIT */
/* TEMPLATE.c - the TEMPLATE format: one inspection per line,
 * "body name|published date|overall rating", a '#' line a comment.
 * A complete importer and exporter to start from. */
#include <string.h>

#include <inspex/plugin.h>

/* The first line of a file this plugin wrote: a signature. */
#define MAGIC "# TEMPLATE\n"

static int TEMPLATE_probe(const unsigned char *data, size_t len)
{
    size_t m = strlen(MAGIC);

    if (len >= m && memcmp(data, MAGIC, m) == 0)
        return INSPEX_PROBE_SIGNATURE;
    /* a line with two '|' is this format's shape, nothing more */
    const unsigned char *nl = memchr(data, '\n', len);
    size_t n = nl ? (size_t)(nl - data) : len, bars = 0;
    for (size_t i = 0; i < n; i++)
        bars += data[i] == '|';
    return bars == 2 ? INSPEX_PROBE_POSSIBLE : INSPEX_PROBE_NO;
}

/* One line into an inspection; a value the model refuses is an error
 * located at its line and column. */
static inspex_status_t read_line(inspex_import_t *ctx, const char *line,
                                 size_t len, unsigned long n,
                                 inspex_error_t *err)
{
    static const inspex_field_t fields[] = {INSPEX_FIELD_BODY_NAME,
                                            INSPEX_FIELD_PUBLISHED,
                                            INSPEX_FIELD_OVERALL_RATING};
    inspex_inspection_t *insp = inspex_inspection_new();
    size_t start = 0, k = 0;
    char value[1024];

    if (insp == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    inspex_inspection_set_origin(insp, inspex_import_source(ctx), n);
    for (size_t i = 0; i <= len && k < 3; i++) {
        if (i < len && line[i] != '|')
            continue;
        size_t vlen = i - start < sizeof(value) ? i - start : 0;
        memcpy(value, line + start, vlen);
        value[vlen] = '\0';
        if (inspex_inspection_set(insp, fields[k], value, 0, err) !=
            INSPEX_OK) {
            inspex_inspection_free(insp);
            inspex_error_locate(err, inspex_import_source(ctx), n, start + 1);
            return inspex_import_reject(ctx, line, len, err);
        }
        k++;
        start = i + 1;
    }
    /* the host takes insp, checks it against its framework, and rejects
     * it (with these raw bytes) under --keep-going when it is invalid */
    return inspex_import_emit(ctx, insp, line, len, err);
}

static inspex_status_t TEMPLATE_import(inspex_import_t *ctx,
                                       inspex_error_t *err)
{
    unsigned long n = 0;
    inspex_status_t st = inspex_reader_skip_bom(inspex_import_reader(ctx), err);

    if (st != INSPEX_OK)
        return st;
    for (;;) {
        const char *line;
        size_t len;
        st = inspex_reader_getline(inspex_import_reader(ctx), &line, &len, err);
        if (st != INSPEX_OK || line == NULL)
            return st;
        n++;
        if (len == 0 || line[0] == '#')
            continue;
        if ((st = read_line(ctx, line, len, n, err)) != INSPEX_OK)
            return st;
    }
}

static inspex_status_t TEMPLATE_begin(inspex_export_t *ctx, void **state,
                                      inspex_error_t *err)
{
    (void)state;
    return inspex_writer_puts(inspex_export_writer(ctx), MAGIC, err);
}

/* May run on the engine's writer thread (INSPEX_CAP_STREAM). */
static inspex_status_t TEMPLATE_record(inspex_export_t *ctx, void *state,
                                       const inspex_inspection_t *insp,
                                       inspex_error_t *err)
{
    const char *v[3];

    (void)state;
    v[0] = inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME);
    v[1] = inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED);
    v[2] = inspex_inspection_get(insp, INSPEX_FIELD_OVERALL_RATING);
    if (inspex_inspection_judgement_count(insp) > 0)
        inspex_export_warn(ctx, insp, "standard ratings are not written");
    return inspex_writer_printf(inspex_export_writer(ctx), err, "%s|%s|%s\n",
                                v[0] ? v[0] : "", v[1] ? v[1] : "",
                                v[2] ? v[2] : "");
}

static const char *const extensions[] = {"TEMPLATE", NULL};

static const inspex_plugin_t TEMPLATE_plugin = {
    INSPEX_PLUGIN_HEAD,
    .name = "TEMPLATE",
    .description = "name|published|rating lines",
    .version = "0.1",
    .extensions = extensions,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .probe = TEMPLATE_probe,
    .import = TEMPLATE_import,
    .export_begin = TEMPLATE_begin,
    .export_record = TEMPLATE_record,
};

INSPEX_PLUGIN_DEFINE(TEMPLATE_plugin)
