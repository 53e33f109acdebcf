/* SPDX-License-Identifier: MIT */
/* A plugin that misbehaves in one place, chosen when it is built:
 * CRASH_CTOR (a constructor), CRASH_ENTRY (the entry function),
 * CRASH_PROBE, HANG_PROBE, CRASH_IMPORT, EXIT_IMPORT or CRASH_EXPORT. It
 * reads and writes the "crashy" format: one body name per line, claimed
 * by content when the input starts with "CRASHY". */
#include <stdlib.h>
#include <string.h>

#include <inspex/plugin.h>

/* A write through a null pointer the compiler cannot see through. */
int *volatile crashy_nowhere;
__attribute__((unused)) static void crash(void)
{
    *crashy_nowhere = 1;
}

#ifdef CRASH_CTOR
__attribute__((constructor)) static void boom(void)
{
    crash();
}
#endif

static int crashy_probe(const unsigned char *data, size_t len)
{
#ifdef CRASH_PROBE
    crash();
#endif
#ifdef HANG_PROBE
    for (volatile unsigned long i = 0;; i++)
        ;
#endif
    return len >= 6 && memcmp(data, "CRASHY", 6) == 0 ? INSPEX_PROBE_CERTAIN
                                                      : INSPEX_PROBE_NO;
}

static inspex_status_t crashy_import(inspex_import_t *ctx, inspex_error_t *err)
{
    for (;;) {
        const char *line;
        size_t len;
        inspex_status_t st = inspex_reader_getline(inspex_import_reader(ctx),
                                                   &line, &len, err);
        if (st != INSPEX_OK || line == NULL)
            return st;
#ifdef CRASH_IMPORT
        crash();
#endif
#ifdef EXIT_IMPORT
        exit(0);
#endif
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

static inspex_status_t crashy_begin(inspex_export_t *ctx, void **state,
                                    inspex_error_t *err)
{
    (void)state;
    return inspex_writer_puts(inspex_export_writer(ctx), "CRASHY\n", err);
}

static inspex_status_t crashy_record(inspex_export_t *ctx, void *state,
                                     const inspex_inspection_t *insp,
                                     inspex_error_t *err)
{
    const char *name = inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME);
    inspex_status_t st;

    (void)state;
    st = inspex_writer_printf(inspex_export_writer(ctx), err, "%s\n",
                              name ? name : "");
#ifdef CRASH_EXPORT
    crash();
#endif
    return st;
}

static const char *const extensions[] = {"crashy", NULL};

static const inspex_plugin_t crashy = {
    INSPEX_PLUGIN_HEAD,
    .name = "crashy",
    .description = "test plugin that crashes, hangs or exits",
    .version = "0",
    .extensions = extensions,
    .capabilities = INSPEX_CAP_IMPORT | INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
    .probe = crashy_probe,
    .import = crashy_import,
    .export_begin = crashy_begin,
    .export_record = crashy_record,
};

#ifdef CRASH_ENTRY
const inspex_plugin_t *inspex_plugin_entry(void);
const inspex_plugin_t *inspex_plugin_entry(void)
{
    crash();
    return &crashy;
}
#else
INSPEX_PLUGIN_DEFINE(crashy)
#endif
