/* SPDX-License-Identifier: MIT */
/* fuzz_util.h - shared by the fuzz targets: import from memory into a
 * dataset, export a dataset to memory. Each target links one plugin's
 * sources (never #includes a .c file) and reaches it through its entry
 * symbol. */
#ifndef INSPEX_FUZZ_UTIL_H
#define INSPEX_FUZZ_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/host.h>
#include <inspex/inspex.h>

const inspex_plugin_t *inspex_plugin_entry(void);

#define FUZZ_MAX_RECORDS 64

static inspex_status_t fuzz_collect(void *ud, inspex_inspection_t *insp,
                                    inspex_error_t *err)
{
    inspex_dataset_t *ds = ud;

    (void)err;
    if (inspex_dataset_count(ds) >= FUZZ_MAX_RECORDS) {
        inspex_inspection_free(insp);
        return INSPEX_OK;
    }
    return inspex_dataset_take(ds, insp);
}

/* 1 when the m bytes at needle occur in the n bytes at hay. */
static int fuzz_contains(const uint8_t *hay, size_t n, const char *needle,
                         size_t m)
{
    for (size_t i = 0; m <= n && i <= n - m; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

/* The rejects file (the format of inspex(1), --rejects) read back: each
 * record a "# reason" line, a "# N bytes" or "# N of TOTAL bytes (cut)"
 * line, N bytes, and a line end when they do not end with one. Aborts
 * when the file breaks the format, or (in_input) when a line of a record
 * is not bytes of the input exactly as they were. Returns the records. */
static size_t fuzz_check_rejects(const char *rej, size_t len, const uint8_t *in,
                                 size_t insize, int in_input)
{
    size_t pos = 0, n = 0;

    while (pos < len) {
        const char *nl = memchr(rej + pos, '\n', len - pos);
        char *end;
        unsigned long long size, total;
        if (len - pos < 2 || memcmp(rej + pos, "# ", 2) != 0 || nl == NULL)
            abort(); /* a reason line */
        pos = (size_t)(nl - rej) + 1;
        if (len - pos < 2 || memcmp(rej + pos, "# ", 2) != 0 ||
            rej[pos + 2] < '0' || rej[pos + 2] > '9')
            abort(); /* the count */
        size = strtoull(rej + pos + 2, &end, 10);
        total = size;
        if (strncmp(end, " of ", 4) == 0)
            total = strtoull(end + 4, &end, 10);
        if (strncmp(end, " bytes\n", 7) != 0 &&
            strncmp(end, " bytes (cut)\n", 13) != 0)
            abort();
        pos = (size_t)(strchr(end, '\n') - rej) + 1;
        if (size > len - pos || total < size)
            abort();
        /* each of its lines is the input's as read (rows of one
         * inspection come together, blank lines between them left out) */
        for (size_t a = pos, b; in_input && a < pos + size; a = b) {
            const char *e = memchr(rej + a, '\n', pos + size - a);
            b = e ? (size_t)(e - rej) + 1 : pos + size;
            if (!fuzz_contains(in, insize, rej + a, b - a))
                abort();
        }
        pos += (size_t)size;
        if (size == 0 || rej[pos - 1] != '\n') {
            if (pos >= len || rej[pos] != '\n')
                abort();
            pos++;
        }
        n++;
    }
    return n;
}

/* Imports data with options ("k=v", NULL-terminated) and limits (NULL
 * for the defaults); returns the status and fills ds. With keep_going,
 * the rejects file is read back (fuzz_check_rejects; in_input: its
 * records must be bytes of the input). */
static inspex_status_t fuzz_import_limited(const uint8_t *data, size_t size,
                                           const char *const *options,
                                           int keep_going,
                                           const inspex_limits_t *limits,
                                           int in_input, inspex_dataset_t *ds)
{
    inspex_reader_t *r = inspex_reader_new_memory(data, size, "fuzz");
    inspex_error_t *err = inspex_error_new();
    inspex_writer_t *rejects = inspex_writer_new_memory();
    inspex_options_t *opts = inspex_options_new();
    inspex_import_params_t p;
    inspex_status_t st;
    size_t rlen;
    const char *rej;

    for (; options && *options; options++)
        inspex_options_add(opts, *options, NULL);
    memset(&p, 0, sizeof(p));
    p.plugin = inspex_plugin_entry();
    p.reader = r;
    p.options = opts;
    p.sink = fuzz_collect;
    p.sink_userdata = ds;
    p.keep_going = keep_going;
    p.rejects = rejects;
    p.limits = limits;
    st = inspex_import_run(&p, err);
    /* every error has a message */
    if (st != INSPEX_OK && inspex_error_message(err)[0] == '\0')
        abort();
    /* every rejected record is in the rejects file, which reads back */
    rej = inspex_writer_data(rejects, &rlen);
    if (keep_going &&
        fuzz_check_rejects(rej, rlen, data, size, in_input) != p.rejected)
        abort();
    inspex_options_free(opts);
    inspex_writer_free(rejects);
    inspex_error_free(err);
    inspex_reader_free(r);
    return st;
}

static inspex_status_t fuzz_import(const uint8_t *data, size_t size,
                                   const char *const *options, int keep_going,
                                   inspex_dataset_t *ds)
{
    return fuzz_import_limited(data, size, options, keep_going, NULL, 0, ds);
}

/* Exports ds; returns a malloc'd copy of the bytes (length in *len), or
 * NULL when the exporter refused. */
static char *fuzz_export(const inspex_dataset_t *ds, const char *const *options,
                         size_t *len)
{
    inspex_writer_t *w = inspex_writer_new_memory();
    inspex_options_t *opts = inspex_options_new();
    inspex_exporter_t *ex = NULL;
    inspex_error_t *err = inspex_error_new();
    inspex_status_t st;
    char *out = NULL;

    for (; options && *options; options++)
        inspex_options_add(opts, *options, NULL);
    st = inspex_exporter_open(inspex_plugin_entry(), w, opts, &ex, err);
    for (size_t i = 0; st == INSPEX_OK && i < inspex_dataset_count(ds); i++)
        st = inspex_exporter_write(ex, inspex_dataset_at(ds, i), err);
    if (st == INSPEX_OK)
        st = inspex_exporter_finish(ex, err);
    if (st == INSPEX_OK) {
        const char *d = inspex_writer_data(w, len);
        out = malloc(*len + 1);
        memcpy(out, d, *len);
        out[*len] = '\0';
    }
    inspex_exporter_free(ex);
    inspex_writer_free(w);
    inspex_options_free(opts);
    inspex_error_free(err);
    return out;
}

/* Aborts unless the two datasets hold equal inspections. */
static void fuzz_same(const inspex_dataset_t *a, const inspex_dataset_t *b)
{
    if (inspex_dataset_count(a) != inspex_dataset_count(b))
        abort();
    for (size_t i = 0; i < inspex_dataset_count(a); i++)
        if (!inspex_inspection_equal(inspex_dataset_at(a, i),
                                     inspex_dataset_at(b, i)))
            abort();
}

/* Exports a and imports the result into b, which must equal a: what a
 * plugin writes it reads back the same, given the same layout (import
 * options; NULL for none). Nothing to check when the exporter refuses a. */
static inline void fuzz_round_trip(const inspex_dataset_t *a,
                                   inspex_dataset_t *b,
                                   const char *const *export_options,
                                   const char *const *import_options)
{
    size_t len;
    char *out = fuzz_export(a, export_options, &len);

    if (out == NULL)
        return;
    if (fuzz_import((const uint8_t *)out, len, import_options, 0, b) !=
        INSPEX_OK)
        abort();
    fuzz_same(a, b);
    free(out);
}

#endif
