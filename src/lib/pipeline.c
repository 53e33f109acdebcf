/* SPDX-License-Identifier: MIT */
/* pipeline.c - running an importer into a sink, and driving an exporter. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/framework.h>
#include <inspex/host.h>

#include "guard.h"
#include "internal.h"
#include "pipeline.h"

struct inspex_import {
    inspex_import_params_t *p;
};

struct inspex_export {
    const inspex_plugin_t *plugin;
    inspex_writer_t *w;
    const inspex_options_t *options;
    const struct inspex_frameworks *frameworks;
    /* inspex_export_check's, made on its first call */
    inspex_checker_t *checker;
    inspex_frameworks_t *none; /* the set checked against without one */
    void (*fn)(void *, const inspex_problem_t *);
    void *fn_ud;
    inspex_message_fn warn; /* inspex_export_warn's lines; may be NULL */
    void *warn_ud;
};

/* " (plugin 'NAME')" after what a plugin from outside inspex says, so
 * that its messages are not taken for the host's; "" otherwise. */
static void whose(const inspex_plugin_t *p, char *buf, size_t size)
{
    buf[0] = '\0';
    if (inspex__guard_third_party(p))
        snprintf(buf, size, " (plugin '%s')", p->name);
}

struct inspex_exporter {
    inspex_export_t ctx;
    void *state;
    int begun;
};

/* ---- option lookups for both sides -------------------------------------- */

static int as_bool(const char *v)
{
    return v ? inspex__parse_bool(v) == 1 : 0;
}

static long as_int(const char *v)
{
    return v ? strtol(v, NULL, 10) : 0;
}

static int as_char(const char *v)
{
    int c = v ? inspex__parse_char(v) : -1;
    return c < 0 ? 0 : c;
}

const char *inspex_import_option(const inspex_import_t *ctx, const char *name)
{
    return inspex__option_value(ctx->p->options, ctx->p->plugin,
                                INSPEX_OPT_IMPORT, name);
}

int inspex_import_option_bool(const inspex_import_t *ctx, const char *name)
{
    return as_bool(inspex_import_option(ctx, name));
}

long inspex_import_option_int(const inspex_import_t *ctx, const char *name)
{
    return as_int(inspex_import_option(ctx, name));
}

int inspex_import_option_char(const inspex_import_t *ctx, const char *name)
{
    return as_char(inspex_import_option(ctx, name));
}

const char *inspex_export_option(const inspex_export_t *ctx, const char *name)
{
    return inspex__option_value(ctx->options, ctx->plugin, INSPEX_OPT_EXPORT,
                                name);
}

int inspex_export_option_bool(const inspex_export_t *ctx, const char *name)
{
    return as_bool(inspex_export_option(ctx, name));
}

long inspex_export_option_int(const inspex_export_t *ctx, const char *name)
{
    return as_int(inspex_export_option(ctx, name));
}

int inspex_export_option_char(const inspex_export_t *ctx, const char *name)
{
    return as_char(inspex_export_option(ctx, name));
}

/* ---- import ------------------------------------------------------------- */

const inspex_plugin_t *inspex__import_plugin(const inspex_import_t *ctx)
{
    return ctx->p->plugin;
}

const inspex_plugin_t *inspex__export_plugin(const inspex_export_t *ctx)
{
    return ctx->plugin;
}

const inspex_options_t *inspex__import_options(const inspex_import_t *ctx)
{
    return ctx->p->options;
}

const inspex_options_t *inspex__export_options(const inspex_export_t *ctx)
{
    return ctx->options;
}

inspex_reader_t *inspex_import_reader(inspex_import_t *ctx)
{
    return ctx->p->reader;
}

const struct inspex_frameworks *inspex_import_frameworks(
    const inspex_import_t *ctx)
{
    return ctx->p->frameworks;
}

const char *inspex_import_source(const inspex_import_t *ctx)
{
    return inspex_reader_name(ctx->p->reader);
}

/* Bad data, as opposed to a failure of the machine: the errors that
 * --keep-going may skip, which are the codes INSPEX_STATUS_MAP gives exit
 * status 1 (invalid data), so the two cannot drift. */
#define DATA_ERROR_(value, name, message, exit) \
    case INSPEX_##name: return (exit) == 1;
static int is_data_error(inspex_status_t st)
{
    switch (st) {
        INSPEX_STATUS_MAP(DATA_ERROR_)
    }
    return 0;
}
#undef DATA_ERROR_

inspex_status_t inspex_import_emit(inspex_import_t *ctx,
                                   inspex_inspection_t *insp, const char *raw,
                                   size_t len, inspex_error_t *err)
{
    inspex_status_t st;

    if (insp == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (inspex_inspection_origin(insp, NULL) == NULL)
        inspex_inspection_set_origin(insp, inspex_import_source(ctx), 0);
    st = ctx->p->sink(ctx->p->sink_userdata, insp, err);
    if (st == INSPEX_OK)
        ctx->p->emitted++;
    else if (raw && is_data_error(st))
        st = inspex_import_reject(ctx, raw, len, err);
    return st;
}

static void message(inspex_import_params_t *p, const char *text)
{
    if (p->warn)
        p->warn(p->warn_userdata, text);
}

/* One rejected record in the rejects file (the format is inspex(1)'s):
 *   # REASON                          one line, control bytes escaped
 *   # N bytes                         or "# N of TOTAL bytes (cut)"
 *   the N bytes exactly as read
 *   a line end, when they do not end with one
 * so a reader recovers every record byte for byte whatever it holds. */
static inspex_status_t write_reject(inspex_writer_t *w, const char *reason,
                                    const char *raw, size_t len, size_t total,
                                    inspex_error_t *err)
{
    char *clean = inspex_message_clean(reason);
    inspex_status_t st;

    if (clean == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_writer_printf(w, err, "# %s\n", clean);
    free(clean);
    if (st == INSPEX_OK && total > len)
        st = inspex_writer_printf(w, err, "# %zu of %zu bytes (cut)\n", len,
                                  total);
    else if (st == INSPEX_OK)
        st = inspex_writer_printf(w, err, "# %zu bytes\n", len);
    if (st == INSPEX_OK && len)
        st = inspex_writer_write(w, raw, len, err);
    if (st == INSPEX_OK && (len == 0 || raw[len - 1] != '\n'))
        st = inspex_writer_write(w, "\n", 1, err);
    return st;
}

static inspex_status_t reject(inspex_import_t *ctx, const char *raw, size_t len,
                              size_t total, inspex_error_t *err)
{
    inspex_import_params_t *p = ctx->p;
    inspex_status_t code = inspex_error_code(err);

    if (code == INSPEX_OK)
        code = inspex_error_set(err, INSPEX_ERR_INVALID, "invalid record");
    if (inspex_error_source(err)[0] == '\0')
        inspex_error_locate(err, inspex_import_source(ctx),
                            inspex_error_line(err), inspex_error_column(err));
    /* Only bad data is skipped; running out of memory or a failing disk
     * stops the run whatever --keep-going says. */
    if (!p->keep_going || !is_data_error(code))
        return code;
    if (p->reject_record)
        p->reject_record(p->reject_userdata, inspex_error_text(err), raw, len);
    else if (p->reject)
        p->reject(p->reject_userdata, inspex_error_text(err));
    else
        message(p, inspex_error_text(err));
    if (p->rejects) {
        inspex_status_t st = write_reject(p->rejects, inspex_error_text(err),
                                          raw, len, total, err);
        if (st != INSPEX_OK)
            return st;
    }
    p->rejected++;
    inspex_error_clear(err);
    return INSPEX_OK;
}

inspex_status_t inspex_import_reject(inspex_import_t *ctx, const char *raw,
                                     size_t len, inspex_error_t *err)
{
    return reject(ctx, raw, raw ? len : 0, raw ? len : 0, err);
}

inspex_status_t inspex_import_reject_cut(inspex_import_t *ctx, const char *head,
                                         size_t headlen, size_t total,
                                         inspex_error_t *err)
{
    if (head == NULL)
        headlen = 0;
    if (headlen > INSPEX_LIMIT_KEEP)
        headlen = INSPEX_LIMIT_KEEP;
    return reject(ctx, head, headlen, total > headlen ? total : headlen, err);
}

int inspex_import_keep_going(const inspex_import_t *ctx)
{
    return ctx->p->keep_going != 0;
}

size_t inspex_import_limit(const inspex_import_t *ctx, inspex_limit_kind_t k)
{
    return inspex_limits_get(ctx->p->limits, k);
}

void inspex_import_warn(inspex_import_t *ctx, unsigned long line,
                        unsigned long column, const char *fmt, ...)
{
    va_list ap;
    char *text, *full;

    va_start(ap, fmt);
    text = inspex__vasprintf(fmt, ap);
    va_end(ap);
    if (text == NULL)
        return;
    char tag[96];
    whose(ctx->p->plugin, tag, sizeof(tag));
    char *w = inspex__asprintf("warning: %s%s", text, tag);
    full = w ? inspex__located(inspex_import_source(ctx), line, column, w)
             : NULL;
    if (full)
        message(ctx->p, full);
    free(full);
    free(w);
    free(text);
}

int inspex_import_verbose(const inspex_import_t *ctx)
{
    return ctx->p->note != NULL;
}

void inspex_import_note(inspex_import_t *ctx, unsigned long line,
                        unsigned long column, const char *fmt, ...)
{
    va_list ap;
    char *text, *full;

    if (ctx->p->note == NULL)
        return;
    va_start(ap, fmt);
    text = inspex__vasprintf(fmt, ap);
    va_end(ap);
    full = text ? inspex__located(inspex_import_source(ctx), line, column, text)
                : NULL;
    if (full)
        ctx->p->note(ctx->p->note_userdata, full);
    free(full);
    free(text);
}

inspex_status_t inspex_import_follow_ex(inspex_import_t *ctx, const char *url,
                                        unsigned flags, inspex_error_t *err)
{
    if (ctx->p->follow_ex)
        return ctx->p->follow_ex(ctx->p->follow_userdata, url, flags, err);
    if (ctx->p->follow == NULL)
        return inspex_error_set_at(err, INSPEX_ERR_USAGE,
                                   inspex_import_source(ctx), 0, 0,
                                   "following links needs a host that "
                                   "fetches (inspex fetch)");
    return ctx->p->follow(ctx->p->follow_userdata, url, err);
}

inspex_status_t inspex_import_follow(inspex_import_t *ctx, const char *url,
                                     inspex_error_t *err)
{
    return inspex_import_follow_ex(ctx, url, 0, err);
}

inspex_status_t inspex_import_emit_merged(inspex_import_t *ctx,
                                          inspex_inspection_t *insp,
                                          const char *url, inspex_error_t *err)
{
    inspex_import_params_t *p = ctx->p;
    inspex_status_t st;

    if (insp == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (p->merge == NULL || url == NULL) {
        if (url)
            inspex_import_note(ctx, 0, 0,
                               "%s is not fetched: only a host that fetches "
                               "(inspex fetch) merges it",
                               url);
        return inspex_import_emit(ctx, insp, NULL, 0, err);
    }
    if (inspex_inspection_origin(insp, NULL) == NULL)
        inspex_inspection_set_origin(insp, inspex_import_source(ctx), 0);
    st = p->merge(p->merge_userdata, insp, url, err);
    if (st == INSPEX_OK)
        p->emitted++;
    return st;
}

int inspex_import_merges(const inspex_import_t *ctx)
{
    return ctx->p->merge != NULL;
}

/* Puts " (plugin 'NAME')" after a third party's error, unless it names
 * the plugin already. */
void inspex__name_plugin(const inspex_plugin_t *p, inspex_status_t st,
                         inspex_error_t *err)
{
    char tag[96], named[96];
    char *msg = inspex__strdup(inspex_error_message(err));
    /* copied first: setting the error replaces the location */
    char *src = inspex__strdup(inspex_error_source(err));

    whose(p, tag, sizeof(tag));
    snprintf(named, sizeof(named), "plugin '%s'", p->name);
    if (msg && src && strstr(msg, named) == NULL)
        inspex_error_set_at(err, st, src[0] ? src : NULL,
                            inspex_error_line(err), inspex_error_column(err),
                            "%s%s", msg, tag);
    free(src);
    free(msg);
}

inspex_status_t inspex_import_run(inspex_import_params_t *params,
                                  inspex_error_t *err)
{
    inspex_import_t ctx = {params};
    inspex_status_t st;

    params->emitted = params->rejected = 0;
    if (params->plugin == NULL || params->plugin->import == NULL ||
        !(params->plugin->capabilities & INSPEX_CAP_IMPORT))
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "format '%s' cannot read",
                                params->plugin ? params->plugin->name : "?");
    {
        inspex__call_t c;
        inspex__guard_enter(&c, params->plugin, "import");
        st = params->plugin->import(&ctx, err);
        inspex__guard_leave(&c);
    }
    if (st != INSPEX_OK && inspex__guard_third_party(params->plugin))
        inspex__name_plugin(params->plugin, st, err);
    if (st != INSPEX_OK && inspex_error_source(err)[0] == '\0')
        inspex_error_locate(err, inspex_reader_name(params->reader),
                            inspex_error_line(err), inspex_error_column(err));
    return st;
}

/* ---- export ------------------------------------------------------------- */

inspex_writer_t *inspex_export_writer(inspex_export_t *ctx)
{
    return ctx->w;
}

const struct inspex_frameworks *inspex_export_frameworks(
    const inspex_export_t *ctx)
{
    return ctx->frameworks;
}

static void relay_problem(void *ud, const inspex_problem_t *p)
{
    inspex_export_t *ctx = ud;

    if (ctx->fn)
        ctx->fn(ctx->fn_ud, p);
}

int inspex_export_check(inspex_export_t *ctx, const inspex_inspection_t *insp,
                        void (*fn)(void *userdata, const inspex_problem_t *p),
                        void *userdata)
{
    inspex_inspection_t *copy;
    int n;

    if (ctx->checker == NULL) {
        const inspex_frameworks_t *set = ctx->frameworks;
        if (set == NULL && (set = ctx->none = inspex_frameworks_new()) == NULL)
            return -1;
        if ((ctx->checker = inspex_checker_new(set, relay_problem, ctx)) ==
            NULL)
            return -1;
    }
    if ((copy = inspex_inspection_clone(insp)) == NULL)
        return -1;
    ctx->fn = fn;
    ctx->fn_ud = userdata;
    n = inspex_check(ctx->checker, copy);
    ctx->fn = NULL;
    inspex_inspection_free(copy);
    return n;
}

void inspex_exporter_set_warning(inspex_exporter_t *ex, inspex_message_fn fn,
                                 void *userdata)
{
    ex->ctx.warn = fn;
    ex->ctx.warn_ud = userdata;
}

void inspex_export_warn(inspex_export_t *ctx, const inspex_inspection_t *insp,
                        const char *fmt, ...)
{
    va_list ap;
    unsigned long line = 0;
    const char *origin = insp ? inspex_inspection_origin(insp, &line) : NULL;
    const char *body = insp
                           ? inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME)
                           : NULL;
    char tag[96], *text, *w, *full;

    if (ctx->warn == NULL)
        return;
    va_start(ap, fmt);
    text = inspex__vasprintf(fmt, ap);
    va_end(ap);
    whose(ctx->plugin, tag, sizeof(tag));
    w = text ? inspex__asprintf("warning: %s%s%s%s", body ? body : "",
                                body ? ": " : "", text, tag)
             : NULL;
    full = w ? (origin ? inspex__located(origin, line, 0, w)
                       : inspex__strdup(w))
             : NULL;
    if (full)
        ctx->warn(ctx->warn_ud, full);
    free(full);
    free(w);
    free(text);
}

void inspex_exporter_set_frameworks(inspex_exporter_t *ex,
                                    const struct inspex_frameworks *set)
{
    ex->ctx.frameworks = set;
}

inspex_status_t inspex_exporter_open(const inspex_plugin_t *plugin,
                                     inspex_writer_t *w,
                                     const inspex_options_t *options,
                                     inspex_exporter_t **out,
                                     inspex_error_t *err)
{
    inspex_exporter_t *ex;
    inspex_status_t st;

    *out = NULL;
    if (!(plugin->capabilities & INSPEX_CAP_EXPORT))
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "format '%s' cannot write", plugin->name);
    ex = calloc(1, sizeof(*ex));
    if (ex == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    ex->ctx.plugin = plugin;
    ex->ctx.w = w;
    ex->ctx.options = options;
    {
        inspex__call_t c;
        inspex__guard_enter(&c, plugin, "export_begin");
        st = plugin->export_begin(&ex->ctx, &ex->state, err);
        inspex__guard_leave(&c);
    }
    if (st != INSPEX_OK) {
        inspex_exporter_free(ex);
        return st;
    }
    ex->begun = 1;
    *out = ex;
    return INSPEX_OK;
}

inspex_status_t inspex_exporter_write(inspex_exporter_t *ex,
                                      const inspex_inspection_t *insp,
                                      inspex_error_t *err)
{
    inspex__call_t c;
    inspex_status_t st;

    inspex__guard_enter(&c, ex->ctx.plugin, "export_record");
    st = ex->ctx.plugin->export_record(&ex->ctx, ex->state, insp, err);
    inspex__guard_leave(&c);
    return st;
}

inspex_status_t inspex_exporter_finish(inspex_exporter_t *ex,
                                       inspex_error_t *err)
{
    inspex__call_t c;
    inspex_status_t st;

    if (ex->ctx.plugin->export_end == NULL)
        return INSPEX_OK;
    inspex__guard_enter(&c, ex->ctx.plugin, "export_end");
    st = ex->ctx.plugin->export_end(&ex->ctx, ex->state, err);
    inspex__guard_leave(&c);
    return st;
}

void inspex_exporter_free(inspex_exporter_t *ex)
{
    if (ex == NULL)
        return;
    if (ex->ctx.plugin->export_free) {
        inspex__call_t c;
        inspex__guard_enter(&c, ex->ctx.plugin, "export_free");
        ex->ctx.plugin->export_free(ex->state);
        inspex__guard_leave(&c);
    }
    /* inspex_export_check's checker, whether or not the plugin frees */
    inspex_checker_free(ex->ctx.checker);
    inspex_frameworks_free(ex->ctx.none);
    free(ex);
}
