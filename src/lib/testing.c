/* SPDX-License-Identifier: MIT */
/* testing.c - the plugin test kit (<inspex/testing.h>) on the conversion
 * engine. Inspections come out of the engine through a collecting
 * exporter and go into it through a feeding importer: two descriptors
 * that live inside the kit, which their entry points find again from
 * the context's plugin (pipeline.h), so that the engine's writer thread
 * needs nothing global. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/testing.h>

#include "internal.h"
#include "pipeline.h"

struct inspex_testkit {
    inspex_plugin_t collect; /* first: found again from the descriptor */
    inspex_plugin_t feed;
    inspex_registry_t *reg;
    inspex_frameworks_t *set;
    const inspex_plugin_t *plugin;
    inspex_dataset_t *got;        /* what collect received */
    const inspex_dataset_t *give; /* what feed emits */
    inspex_buf_t messages;
    inspex_buf_t rejects;
    unsigned long rejected;
};

#define COLLECT "inspex-testkit-collect"
#define FEED "inspex-testkit-feed"

static inspex_testkit_t *kit_of_export(inspex_export_t *ctx)
{
    return (inspex_testkit_t *)(void *)inspex__export_plugin(ctx);
}

static inspex_testkit_t *kit_of_import(inspex_import_t *ctx)
{
    const inspex_plugin_t *p = inspex__import_plugin(ctx);
    return (inspex_testkit_t *)(void *)((const char *)p -
                                        offsetof(inspex_testkit_t, feed));
}

static inspex_status_t collect_begin(inspex_export_t *ctx, void **state,
                                     inspex_error_t *err)
{
    (void)ctx;
    (void)state;
    (void)err;
    return INSPEX_OK;
}

static inspex_status_t collect_record(inspex_export_t *ctx, void *state,
                                      const inspex_inspection_t *insp,
                                      inspex_error_t *err)
{
    inspex_testkit_t *kit = kit_of_export(ctx);
    inspex_inspection_t *copy = inspex_inspection_clone(insp);

    (void)state;
    if (copy == NULL || inspex_dataset_take(kit->got, copy) != INSPEX_OK)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

static inspex_status_t feed_import(inspex_import_t *ctx, inspex_error_t *err)
{
    inspex_testkit_t *kit = kit_of_import(ctx);

    for (size_t i = 0; i < inspex_dataset_count(kit->give); i++) {
        inspex_inspection_t *c = inspex_inspection_clone(
            inspex_dataset_at(kit->give, i));
        inspex_status_t st = inspex_import_emit(ctx, c, NULL, 0, err);
        if (st != INSPEX_OK)
            return st;
    }
    return INSPEX_OK;
}

inspex_testkit_t *inspex_testkit_new(inspex_error_t *err)
{
    inspex_testkit_t *kit = calloc(1, sizeof(*kit));

    if (kit == NULL || (kit->reg = inspex_registry_new()) == NULL ||
        (kit->set = inspex_frameworks_new()) == NULL) {
        inspex_testkit_free(kit);
        inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (inspex_frameworks_load_default(kit->set, err) != INSPEX_OK) {
        inspex_testkit_free(kit);
        return NULL;
    }
    kit->collect = (inspex_plugin_t){
        INSPEX_PLUGIN_HEAD,
        .name = COLLECT,
        .description = "the test kit's collector",
        .version = INSPEX_VERSION_STRING,
        .capabilities = INSPEX_CAP_EXPORT | INSPEX_CAP_STREAM,
        .export_begin = collect_begin,
        .export_record = collect_record,
    };
    kit->feed = (inspex_plugin_t){
        INSPEX_PLUGIN_HEAD,
        .name = FEED,
        .description = "the test kit's feeder",
        .version = INSPEX_VERSION_STRING,
        .capabilities = INSPEX_CAP_IMPORT,
        .import = feed_import,
    };
    if (inspex_registry_add(kit->reg, &kit->collect, "test kit", err) !=
            INSPEX_OK ||
        inspex_registry_add(kit->reg, &kit->feed, "test kit", err) !=
            INSPEX_OK) {
        inspex_testkit_free(kit);
        return NULL;
    }
    return kit;
}

void inspex_testkit_free(inspex_testkit_t *kit)
{
    if (kit == NULL)
        return;
    inspex_registry_free(kit->reg);
    inspex_frameworks_free(kit->set);
    inspex_dataset_free(kit->got);
    inspex_buf_free(&kit->messages);
    inspex_buf_free(&kit->rejects);
    free(kit);
}

static inspex_status_t taken(inspex_testkit_t *kit, inspex_error_t *err)
{
    size_t n = inspex_registry_count(kit->reg);

    if (n < 3)
        return INSPEX_OK;
    kit->plugin = inspex_registry_get(kit->reg, n - 1);
    (void)err;
    return INSPEX_OK;
}

inspex_status_t inspex_testkit_load(inspex_testkit_t *kit, const char *path,
                                    inspex_error_t *err)
{
    inspex_status_t st;

    if (kit->plugin)
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "the kit already tests '%s'",
                                kit->plugin->name);
    st = inspex_registry_load_file(kit->reg, path, err);
    return st == INSPEX_OK ? taken(kit, err) : st;
}

inspex_status_t inspex_testkit_add(inspex_testkit_t *kit,
                                   const inspex_plugin_t *plugin,
                                   inspex_error_t *err)
{
    inspex_status_t st;

    if (kit->plugin)
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "the kit already tests '%s'",
                                kit->plugin->name);
    st = inspex_registry_add(kit->reg, plugin, "linked in", err);
    return st == INSPEX_OK ? taken(kit, err) : st;
}

const inspex_plugin_t *inspex_testkit_plugin(const inspex_testkit_t *kit)
{
    return kit->plugin;
}

static void on_message(void *ud, inspex_msg_level_t level, const char *text)
{
    inspex_testkit_t *kit = ud;

    if (level == INSPEX_MSG_NOTE)
        return;
    inspex_buf_add(&kit->messages, text, strlen(text));
    inspex_buf_add(&kit->messages, "\n", 1);
}

static void on_reject(void *ud, const char *reason, const char *raw, size_t len)
{
    inspex_testkit_t *kit = ud;

    inspex_buf_add(&kit->rejects, "# ", 2);
    inspex_buf_add(&kit->rejects, reason, strlen(reason));
    inspex_buf_add(&kit->rejects, "\n", 1);
    inspex_buf_add(&kit->rejects, raw, len);
    if (len == 0 || raw[len - 1] != '\n')
        inspex_buf_add(&kit->rejects, "\n", 1);
    inspex_buf_add(&kit->messages, reason, strlen(reason));
    inspex_buf_add(&kit->messages, "\n", 1);
}

/* One engine run from a memory input to a memory writer. */
static inspex_status_t run(inspex_testkit_t *kit, const void *data, size_t len,
                           const char *name, const char *from, const char *to,
                           const inspex_options_t *opts, unsigned flags,
                           inspex_writer_t *w, inspex_error_t *err)
{
    inspex_engine_t *e = inspex_engine_new(kit->reg, kit->set);
    inspex_status_t st;

    inspex_buf_reset(&kit->messages);
    inspex_buf_reset(&kit->rejects);
    kit->rejected = 0;
    if (e == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_engine_add_memory(e, data, len, name, err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_from(e, from, err);
    if (st == INSPEX_OK)
        st = inspex_engine_set_to(e, to, err);
    if (st == INSPEX_OK) {
        inspex_engine_set_output_writer(e, w);
        inspex_engine_set_options(e, opts);
        inspex_engine_set_flags(e, flags & ~INSPEX_ENGINE_TRIM);
        inspex_engine_set_message(e, on_message, kit);
        inspex_engine_set_reject(e, on_reject, kit);
        st = inspex_engine_run(e, err);
        kit->rejected = inspex_engine_rejected(e);
    }
    inspex_engine_free(e);
    return st;
}

static inspex_status_t need(const inspex_testkit_t *kit, unsigned cap,
                            inspex_error_t *err)
{
    if (kit->plugin == NULL)
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "the kit has no plugin to test");
    if (!(kit->plugin->capabilities & cap))
        return inspex_error_set(err, INSPEX_ERR_USAGE, "format '%s' cannot %s",
                                kit->plugin->name,
                                cap == INSPEX_CAP_IMPORT ? "read" : "write");
    return INSPEX_OK;
}

inspex_status_t inspex_testkit_import(inspex_testkit_t *kit, const void *data,
                                      size_t len, const char *name,
                                      const inspex_options_t *opts,
                                      unsigned flags, inspex_dataset_t **out,
                                      inspex_error_t *err)
{
    inspex_writer_t *w;
    inspex_status_t st;

    *out = NULL;
    if ((st = need(kit, INSPEX_CAP_IMPORT, err)) != INSPEX_OK)
        return st;
    if ((w = inspex_writer_new_memory()) == NULL ||
        (kit->got = inspex_dataset_new()) == NULL) {
        inspex_writer_free(w);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    st = run(kit, data, len, name ? name : "<test input>", kit->plugin->name,
             COLLECT, opts, flags, w, err);
    inspex_writer_free(w);
    /* under --keep-going, "N records rejected" still gave the others */
    if (st == INSPEX_OK ||
        (kit->rejected && (flags & INSPEX_ENGINE_KEEP_GOING) &&
         st == INSPEX_ERR_INVALID)) {
        *out = kit->got;
        kit->got = NULL;
        return st;
    }
    inspex_dataset_free(kit->got);
    kit->got = NULL;
    return st;
}

inspex_status_t inspex_testkit_export(inspex_testkit_t *kit,
                                      const inspex_dataset_t *ds,
                                      const inspex_options_t *opts, char **out,
                                      size_t *len, inspex_error_t *err)
{
    inspex_writer_t *w;
    inspex_status_t st;
    const char *data;
    size_t n;

    *out = NULL;
    *len = 0;
    if ((st = need(kit, INSPEX_CAP_EXPORT, err)) != INSPEX_OK)
        return st;
    if ((w = inspex_writer_new_memory()) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    kit->give = ds;
    st = run(kit, "", 0, "<test inspections>", FEED, kit->plugin->name, opts, 0,
             w, err);
    kit->give = NULL;
    if (st == INSPEX_OK)
        st = inspex_writer_commit(w, err);
    if (st == INSPEX_OK) {
        data = inspex_writer_data(w, &n);
        if ((*out = malloc(n + 1)) == NULL) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        } else {
            memcpy(*out, data, n);
            (*out)[n] = '\0';
            *len = n;
        }
    }
    inspex_writer_free(w);
    return st;
}

const char *inspex_testkit_messages(const inspex_testkit_t *kit)
{
    return kit->messages.p ? kit->messages.p : "";
}

const char *inspex_testkit_rejects(const inspex_testkit_t *kit, size_t *len)
{
    if (len)
        *len = kit->rejects.len;
    return kit->rejects.p ? kit->rejects.p : "";
}

unsigned long inspex_testkit_rejected(const inspex_testkit_t *kit)
{
    return kit->rejected;
}

/* ---- golden files and round trips -------------------------------------- */

static inspex_status_t read_file(const char *path, inspex_buf_t *b,
                                 inspex_error_t *err)
{
    FILE *f = fopen(path, "rb");
    char chunk[65536];
    size_t k;

    if (f == NULL)
        return inspex_error_set_at(err, INSPEX_ERR_IO, path, 0, 0,
                                   "cannot open: %s", strerror(errno));
    while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (inspex_buf_add(b, chunk, k) != 0) {
            fclose(f);
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
    fclose(f);
    return INSPEX_OK;
}

/* The first line where a and b differ, 1-based. */
static unsigned long first_difference(const char *a, size_t na, const char *b,
                                      size_t nb, size_t *at)
{
    unsigned long line = 1;
    size_t i = 0, start = 0;

    while (i < na && i < nb && a[i] == b[i]) {
        if (a[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    *at = start;
    return line;
}

static int line_len(const char *s, size_t n, size_t at)
{
    size_t e = at;

    while (e < n && s[e] != '\n')
        e++;
    return (int)(e - at > 200 ? 200 : e - at);
}

inspex_status_t inspex_testkit_golden(const void *data, size_t len,
                                      const char *path, inspex_error_t *err)
{
    const char *update = getenv("INSPEX_UPDATE_GOLDEN");
    inspex_buf_t want = {0};
    inspex_status_t st;
    size_t at;
    unsigned long line;

    if (update && strcmp(update, "1") == 0) {
        FILE *f = fopen(path, "wb");
        if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
            return inspex_error_set_at(err, INSPEX_ERR_IO, path, 0, 0,
                                       "cannot write the golden file");
        return INSPEX_OK;
    }
    if ((st = read_file(path, &want, err)) != INSPEX_OK) {
        inspex_buf_free(&want);
        return st;
    }
    if (want.len == len && (len == 0 || memcmp(want.p, data, len) == 0)) {
        inspex_buf_free(&want);
        return INSPEX_OK;
    }
    line = first_difference(want.p ? want.p : "", want.len, data, len, &at);
    st = inspex_error_set_at(
        err, INSPEX_ERR_INVALID, path, line, 0,
        "differs from the output: expected \"%.*s\", got \"%.*s\" "
        "(INSPEX_UPDATE_GOLDEN=1 rewrites it)",
        line_len(want.p ? want.p : "", want.len, at), want.p ? want.p + at : "",
        line_len(data, len, at), at <= len ? (const char *)data + at : "");
    inspex_buf_free(&want);
    return st;
}

inspex_status_t inspex_testkit_roundtrip(inspex_testkit_t *kit,
                                         const void *data, size_t len,
                                         const char *name, inspex_error_t *err)
{
    inspex_dataset_t *a = NULL, *b = NULL;
    char *out = NULL;
    size_t n = 0;
    inspex_status_t st;

    if ((st = need(kit, INSPEX_CAP_IMPORT, err)) != INSPEX_OK ||
        (st = need(kit, INSPEX_CAP_EXPORT, err)) != INSPEX_OK)
        return st;
    st = inspex_testkit_import(kit, data, len, name, NULL, 0, &a, err);
    if (st == INSPEX_OK)
        st = inspex_testkit_export(kit, a, NULL, &out, &n, err);
    if (st == INSPEX_OK)
        st = inspex_testkit_import(kit, out, n, "<exported>", NULL, 0, &b, err);
    if (st == INSPEX_OK && inspex_dataset_count(a) != inspex_dataset_count(b))
        st = inspex_error_set(err, INSPEX_ERR_INVALID,
                              "%zu inspections went out, %zu came back",
                              inspex_dataset_count(a), inspex_dataset_count(b));
    for (size_t i = 0; st == INSPEX_OK && i < inspex_dataset_count(a); i++)
        if (!inspex_inspection_equal(inspex_dataset_at(a, i),
                                     inspex_dataset_at(b, i)))
            st = inspex_error_set(err, INSPEX_ERR_INVALID,
                                  "inspection %zu (%s) changed on the way "
                                  "through",
                                  i + 1,
                                  inspex_inspection_get(inspex_dataset_at(a, i),
                                                        INSPEX_FIELD_BODY_NAME)
                                      ?: "no name");
    inspex_dataset_free(a);
    inspex_dataset_free(b);
    free(out);
    return st;
}
