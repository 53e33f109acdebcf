/* SPDX-License-Identifier: MIT */
/* plugin_util.h - helpers for unit tests of the plugins: load the build
 * tree's plugin, run an import from memory into a dataset, export a
 * dataset to memory. Header-only; each test file includes it once. */
#ifndef INSPEX_TEST_PLUGIN_UTIL_H
#define INSPEX_TEST_PLUGIN_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/host.h>
#include <inspex/inspex.h>

static inspex_registry_t *test_registry;

/* The built plugin of a name (plugins/<dir>/.libs/<name>.so). */
static const inspex_plugin_t *load_plugin(const char *dir, const char *name)
{
    char path[4096];

    if (test_registry == NULL)
        test_registry = inspex_registry_new();
    snprintf(path, sizeof(path), "%s/plugins/%s/.libs", INSPEX_BUILDDIR, dir);
    inspex_registry_load_dir(test_registry, path, 1, NULL);
    return inspex_registry_find(test_registry, name);
}

static inspex_status_t collect(void *ud, inspex_inspection_t *insp,
                               inspex_error_t *err)
{
    (void)err;
    return inspex_dataset_take(ud, insp);
}

typedef struct import_result {
    inspex_dataset_t *ds;
    inspex_status_t st;
    inspex_error_t *err;
    inspex_writer_t *rejects;
    unsigned long rejected;
    char warnings[4096];
} import_result_t;

static void keep_warning(void *ud, const char *text)
{
    import_result_t *r = ud;
    size_t n = strlen(r->warnings);
    snprintf(r->warnings + n, sizeof(r->warnings) - n, "%s\n", text);
}

/* Imports len bytes named "test.in"; options are "k=v" strings ending in
 * NULL. The result owns its dataset, error and rejects. */
static import_result_t run_import_opts(const inspex_plugin_t *p,
                                       const char *data, size_t len,
                                       const char *const *options,
                                       int keep_going)
{
    import_result_t r;
    inspex_import_params_t params;
    inspex_options_t *opts = inspex_options_new();
    inspex_reader_t *rd = inspex_reader_new_memory(data, len, "test.in");

    memset(&r, 0, sizeof(r));
    r.ds = inspex_dataset_new();
    r.err = inspex_error_new();
    r.rejects = inspex_writer_new_memory();
    for (; options && *options; options++)
        inspex_options_add(opts, *options, NULL);
    memset(&params, 0, sizeof(params));
    params.plugin = p;
    params.reader = rd;
    params.options = opts;
    params.sink = collect;
    params.sink_userdata = r.ds;
    params.keep_going = keep_going;
    params.rejects = r.rejects;
    params.warn = keep_warning;
    params.warn_userdata = &r;
    r.st = inspex_options_check(opts, p, NULL, r.err);
    if (r.st == INSPEX_OK)
        r.st = inspex_import_run(&params, r.err);
    r.rejected = params.rejected;
    inspex_reader_free(rd);
    inspex_options_free(opts);
    return r;
}

static import_result_t run_import(const inspex_plugin_t *p, const char *text)
{
    return run_import_opts(p, text, strlen(text), NULL, 0);
}

static void import_result_free(import_result_t *r)
{
    inspex_dataset_free(r->ds);
    inspex_error_free(r->err);
    inspex_writer_free(r->rejects);
}

/* Exports a dataset; returns a malloc'd NUL-terminated string, or NULL
 * with the error in err. */
static char *run_export(const inspex_plugin_t *p, const inspex_dataset_t *ds,
                        const char *const *options, inspex_error_t *err)
{
    inspex_writer_t *w = inspex_writer_new_memory();
    inspex_options_t *opts = inspex_options_new();
    inspex_exporter_t *ex = NULL;
    inspex_status_t st;
    char *out = NULL;

    for (; options && *options; options++)
        inspex_options_add(opts, *options, NULL);
    st = inspex_options_check(opts, NULL, p, err);
    if (st == INSPEX_OK)
        st = inspex_exporter_open(p, w, opts, &ex, err);
    for (size_t i = 0; st == INSPEX_OK && i < inspex_dataset_count(ds); i++)
        st = inspex_exporter_write(ex, inspex_dataset_at(ds, i), err);
    if (st == INSPEX_OK)
        st = inspex_exporter_finish(ex, err);
    if (st == INSPEX_OK) {
        size_t len;
        const char *d = inspex_writer_data(w, &len);
        out = malloc(len + 1);
        memcpy(out, d, len);
        out[len] = '\0';
    }
    inspex_exporter_free(ex);
    inspex_writer_free(w);
    inspex_options_free(opts);
    return out;
}

/* Reads a whole file into a malloc'd string. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)n + 1);
    if (fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        fclose(f);
        return NULL;
    }
    p[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return p;
}

#endif
