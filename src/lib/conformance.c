/* SPDX-License-Identifier: MIT */
/* conformance.c - the test kit's conformance suite
 * (inspex_testkit_conformance, `inspex plugins test`): what every
 * plugin must survive and keep, checked through the engine. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/testing.h>

#include "guard.h"
#include "internal.h"
#include "pipeline.h"

typedef struct suite {
    inspex_testkit_t *kit;
    const inspex_plugin_t *p;
    inspex_message_fn report;
    void *ud;
    unsigned failures;
    inspex_error_t *err;
} suite_t;

static void say(suite_t *s, const char *kind, const char *fmt, ...)
    INSPEX_PRINTF(3, 4);
static void say(suite_t *s, const char *kind, const char *fmt, ...)
{
    va_list ap;
    char *t, *line;

    va_start(ap, fmt);
    t = inspex__vasprintf(fmt, ap);
    va_end(ap);
    line = t ? inspex__asprintf("%s: %s", kind, t) : NULL;
    if (line && s->report)
        s->report(s->ud, line);
    if (strcmp(kind, "FAIL") == 0)
        s->failures++;
    free(line);
    free(t);
}

/* A status a bad input may end with: success or bad data (the codes
 * that exit 1), never a crash, an I/O, memory or plugin failure. */
#define DATA_(value, name, message, exit) \
    case INSPEX_##name: return (exit) <= 1;
static int acceptable(inspex_status_t st)
{
    switch (st) {
        INSPEX_STATUS_MAP(DATA_)
    }
    return 0;
}
#undef DATA_

/* Imports data and says whether it ended acceptably. */
static void survive(suite_t *s, const char *what, const void *data, size_t len,
                    unsigned flags)
{
    inspex_dataset_t *ds = NULL;
    inspex_status_t st;

    inspex_error_clear(s->err);
    st = inspex_testkit_import(s->kit, data, len, "<conformance>", NULL, flags,
                               &ds, s->err);
    if (!acceptable(st))
        say(s, "FAIL", "%s: ends with %s: %s", what, inspex_strerror(st),
            inspex_error_text(s->err));
    else if (st != INSPEX_OK && inspex_error_message(s->err)[0] == '\0')
        say(s, "FAIL", "%s: fails (%s) without a message", what,
            inspex_strerror(st));
    else
        say(s, "ok", "%s: %s", what,
            st == INSPEX_OK ? "read" : inspex_error_text(s->err));
    inspex_dataset_free(ds);
}

static void probes(suite_t *s, const unsigned char *sample, size_t len)
{
    int first = -1, bad = 0;

    if (s->p->probe == NULL) {
        say(s, "skip", "probe: the plugin has none");
        return;
    }
    /* every prefix of the sample, and the empty input */
    for (size_t n = 0; n <= len && n <= 512; n++) {
        int a = inspex__guard_probe(s->p, sample, n);
        int b = inspex__guard_probe(s->p, sample, n);
        if (a < 0 || a > 100 || a != b) {
            say(s, "FAIL",
                "probe of the first %zu bytes gives %d, then %d: scores are "
                "0 to 100 and the same for the same bytes",
                n, a, b);
            bad = 1;
            break;
        }
        if (n == 0 && a != 0)
            say(s, "FAIL", "probe scores empty input %d, not 0", a);
        first = a;
    }
    if (!bad)
        say(s, "ok",
            "probe: every prefix (to 512 bytes) scores within "
            "0..100, the same twice (the longest: %d)",
            first);
}

static void options(suite_t *s)
{
    char *why = inspex__plugin_validate(s->p);

    if (why)
        say(s, "FAIL", "descriptor: %s", why);
    else
        say(s, "ok", "descriptor and option table");
    free(why);
    for (const inspex_option_t *o = s->p->options; o && o->name; o++)
        if (o->help == NULL || o->help[0] == '\0')
            say(s, "FAIL", "option '%s' has no help", o->name);
}

/* The sample with CRLF line ends, or with a byte-order mark, reads as
 * the sample does. */
static void same_as_sample(suite_t *s, const char *what, const char *data,
                           size_t len, const inspex_dataset_t *want)
{
    inspex_dataset_t *ds = NULL;
    inspex_status_t st;

    st = inspex_testkit_import(s->kit, data, len, "<conformance>", NULL, 0, &ds,
                               s->err);
    if (st != INSPEX_OK) {
        say(s, "FAIL", "%s: %s", what, inspex_error_text(s->err));
    } else if (inspex_dataset_count(ds) != inspex_dataset_count(want)) {
        say(s, "FAIL", "%s: %zu inspections, the sample gives %zu", what,
            inspex_dataset_count(ds), inspex_dataset_count(want));
    } else {
        size_t i = 0;
        while (i < inspex_dataset_count(ds) &&
               inspex_inspection_equal(inspex_dataset_at(ds, i),
                                       inspex_dataset_at(want, i)))
            i++;
        if (i < inspex_dataset_count(ds))
            say(s, "FAIL", "%s: inspection %zu differs from the sample's", what,
                i + 1);
        else
            say(s, "ok", "%s: the same inspections as the sample", what);
    }
    inspex_dataset_free(ds);
}

static char *variant(const char *sample, size_t len, int crlf, int bom,
                     size_t *out)
{
    inspex_buf_t b = {0};

    if (bom)
        inspex_buf_add(&b, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < len; i++) {
        if (crlf && sample[i] == '\n' && (i == 0 || sample[i - 1] != '\r'))
            inspex_buf_add(&b, "\r", 1);
        inspex_buf_add(&b, sample + i, 1);
    }
    *out = b.len;
    return b.p;
}

/* Every record rejected under --keep-going is kept with its bytes. */
static void keep_going(suite_t *s, const char *sample, size_t len)
{
    const char *nl = memchr(sample, '\n', len);
    inspex_buf_t b = {0};
    inspex_dataset_t *ds = NULL;
    size_t rlen, n;
    const char *rej;
    inspex_status_t st;

    if (nl == NULL) {
        say(s, "skip", "--keep-going: the sample has one line");
        return;
    }
    /* a record of invalid UTF-8 after the first line */
    inspex_buf_add(&b, sample, (size_t)(nl + 1 - sample));
    inspex_buf_add(&b, "\xff\xfe bad \xc3\x28\n", 10);
    inspex_buf_add(&b, nl + 1, len - (size_t)(nl + 1 - sample));
    /* the sample is UTF-8: an importer that tells encodings from the
     * bytes (csv, issue 14) would read the bad record as Windows-1252 */
    inspex_options_t *utf8 = inspex_options_new();
    for (const inspex_option_t *o = s->p->options; utf8 && o && o->name; o++)
        if (strcmp(o->name, "encoding") == 0 && (o->scope & INSPEX_OPT_IMPORT))
            inspex_options_add(utf8, "encoding=utf-8", NULL);
    st = inspex_testkit_import(s->kit, b.p, b.len, "<conformance>", utf8,
                               INSPEX_ENGINE_KEEP_GOING, &ds, s->err);
    inspex_options_free(utf8);
    n = ds ? inspex_dataset_count(ds) : 0;
    rej = inspex_testkit_rejects(s->kit, &rlen);
    if (!acceptable(st))
        say(s, "FAIL", "--keep-going with a bad record: %s",
            inspex_error_text(s->err));
    else if (inspex_testkit_rejected(s->kit) == 0 && st == INSPEX_OK)
        say(s, "skip",
            "--keep-going: the bad record was read (%zu "
            "inspections): nothing to account for",
            n);
    else if (st == INSPEX_OK || inspex_testkit_rejected(s->kit) == 0)
        say(s, "FAIL", "--keep-going: %s without a record in the rejects",
            st == INSPEX_OK ? "success" : inspex_error_text(s->err));
    else if (memmem(rej, rlen, "\xff\xfe bad \xc3\x28", 9) == NULL)
        say(s, "FAIL",
            "--keep-going: the rejects lack the bad record's "
            "bytes as read");
    else
        say(s, "ok", "--keep-going: %lu rejected with its bytes, %zu read",
            inspex_testkit_rejected(s->kit), n);
    inspex_dataset_free(ds);
    inspex_buf_free(&b);
}

static void import_suite(suite_t *s, const char *sample, size_t len)
{
    inspex_dataset_t *want = NULL;
    size_t n;
    char *v;

    survive(s, "empty input", "", 0, 0);
    survive(s, "one NUL byte", "\0", 1, 0);
    if (sample == NULL || len == 0) {
        say(s, "skip",
            "truncation, CRLF, BOM, --keep-going: no sample "
            "given");
    } else {
        survive(s, "the sample cut in half", sample, len / 2, 0);
        survive(s, "the sample less its last byte", sample, len - 1, 0);
        v = variant(sample, len, 0, 0, &n);
        if (v && n > 2) {
            v[n / 2] = (char)0xff;
            survive(s, "invalid UTF-8 in the middle", v, n, 0);
        }
        free(v);
        if (inspex_testkit_import(s->kit, sample, len, "<sample>", NULL, 0,
                                  &want, s->err) != INSPEX_OK) {
            say(s, "FAIL", "the sample does not import: %s",
                inspex_error_text(s->err));
        } else {
            v = variant(sample, len, 1, 0, &n);
            same_as_sample(s, "CRLF line ends", v, n, want);
            free(v);
            v = variant(sample, len, 0, 1, &n);
            same_as_sample(s, "a UTF-8 byte-order mark", v, n, want);
            free(v);
        }
        keep_going(s, sample, len);
        inspex_dataset_free(want);
    }
    /* a 64 MiB line */
    size_t big = 64u << 20;
    char *huge = malloc(big + 1);
    if (huge == NULL) {
        say(s, "skip", "a 64 MiB line: out of memory");
        return;
    }
    memset(huge, 'a', big);
    huge[big] = '\n';
    survive(s, "a 64 MiB line", huge, big + 1, INSPEX_ENGINE_KEEP_GOING);
    free(huge);
}

/* An inspection with every field, a judgement, each kind of item with
 * each attribute, and extra. */
static inspex_inspection_t *everything(void)
{
    static const char *const fields[INSPEX_FIELD__COUNT] = {
        "C-1",        "Conformance YOT",
        "YOT01",      "Medway; Kent",
        "South East", "England",
        "HMIP",       "hmip-youth-2018",
        "full joint", "2020-02-24",
        "2020-02-28", "2020-06-04",
        "Good",       NULL,
        NULL,         NULL,
        NULL,         NULL};
    inspex_inspection_t *insp = inspex_inspection_new();
    inspex_judgement_t *j;

    if (insp == NULL)
        return NULL;
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++)
        if (fields[f])
            inspex_inspection_set(insp, (inspex_field_t)f, fields[f], 0, NULL);
    if ((j = inspex_inspection_add_judgement(insp, "1.1", NULL)) != NULL) {
        inspex_judgement_set_title(j, "Governance and leadership", NULL);
        inspex_judgement_set_rating(j, "Good", NULL);
    }
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++) {
        inspex_item_t *it = inspex_inspection_add_item(insp, k);
        size_t na;
        const inspex_attr_t *attrs = inspex_item_attrs(k, &na);
        for (size_t a = 0; it && a < na; a++) {
            const char *v = "text, with \"quotes\"; and é";
            switch (inspex_attr_kind(attrs[a])) {
            case INSPEX_KIND_DATE: v = "2020-07-01"; break;
            case INSPEX_KIND_INTEGER: v = "200"; break;
            default: break;
            }
            if (attrs[a] == INSPEX_ATTR_TYPE)
                v = "strength";
            if (attrs[a] == INSPEX_ATTR_RAG)
                v = "green";
            if (attrs[a] == INSPEX_ATTR_RETRIEVED_AT)
                v = "2020-07-01T10:00:00Z";
            if (attrs[a] == INSPEX_ATTR_DOMAIN)
                v = "1";
            inspex_item_set(it, attrs[a], v, 0, NULL);
        }
    }
    inspex_inspection_add_extra(insp, "local note", "kept, as written", NULL);
    inspex_inspection_add_extra(insp, "number", "1.10", NULL);
    return insp;
}

/* What differs between a and b, first found (static text or a field's
 * name). */
static const char *difference(const inspex_inspection_t *a,
                              const inspex_inspection_t *b)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        const char *x = inspex_inspection_get(a, (inspex_field_t)f);
        const char *y = inspex_inspection_get(b, (inspex_field_t)f);
        if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0))
            return inspex_field_name((inspex_field_t)f);
    }
    if (inspex_inspection_judgement_count(a) !=
        inspex_inspection_judgement_count(b))
        return "the judgements";
    for (int k = 0; k < INSPEX_ITEM__COUNT; k++)
        if (inspex_inspection_item_count(a, k) !=
            inspex_inspection_item_count(b, k))
            return inspex_item_kind_name(k);
    if (inspex_inspection_extra_count(a) != inspex_inspection_extra_count(b))
        return "extra";
    return "an item's attributes, a judgement or an extra value";
}

static void export_suite(suite_t *s)
{
    inspex_dataset_t *ds = inspex_dataset_new(), *back = NULL;
    inspex_inspection_t *insp = everything();
    char *out = NULL;
    size_t n = 0;
    inspex_status_t st;

    if (ds == NULL || insp == NULL || inspex_dataset_take(ds, insp) != 0) {
        inspex_dataset_free(ds);
        say(s, "FAIL", "export: out of memory");
        return;
    }
    st = inspex_testkit_export(s->kit, ds, NULL, &out, &n, s->err);
    if (st != INSPEX_OK) {
        say(s, "FAIL", "export of every field, item and extra: %s",
            inspex_error_text(s->err));
    } else if (n == 0) {
        say(s, "FAIL", "export of every field, item and extra wrote nothing");
    } else if (!(s->p->capabilities & INSPEX_CAP_IMPORT)) {
        say(s, "ok", "export of every field, item and extra (%zu bytes)", n);
    } else if (inspex_testkit_import(s->kit, out, n, "<exported>", NULL, 0,
                                     &back, s->err) != INSPEX_OK) {
        say(s, "FAIL", "what it exported does not import: %s",
            inspex_error_text(s->err));
    } else if (inspex_dataset_count(back) != 1 ||
               !inspex_inspection_equal(inspex_dataset_at(back, 0),
                                        inspex_dataset_at(ds, 0))) {
        /* a format may hold less than the model: said, not failed */
        say(s, inspex_dataset_count(back) != 1 ? "FAIL" : "lossy",
            "every field, item and extra: not the same after "
            "export and import (%s differs)",
            inspex_dataset_count(back) != 1
                ? "the count"
                : difference(inspex_dataset_at(ds, 0),
                             inspex_dataset_at(back, 0)));
    } else {
        say(s, "ok",
            "every field, item and extra: the same after export "
            "and import");
    }
    inspex_dataset_free(back);
    inspex_dataset_free(ds);
    free(out);
}

unsigned inspex_testkit_conformance(inspex_testkit_t *kit, const void *sample,
                                    size_t len, inspex_message_fn report,
                                    void *userdata)
{
    suite_t s = {kit, inspex_testkit_plugin(kit), report, userdata, 0, NULL};

    if (s.p == NULL) {
        say(&s, "FAIL", "the kit has no plugin to test");
        return s.failures;
    }
    if ((s.err = inspex_error_new()) == NULL) {
        say(&s, "FAIL", "out of memory");
        return s.failures;
    }
    options(&s);
    probes(&s, sample ? sample : (const void *)"", sample ? len : 0);
    if (s.p->capabilities & INSPEX_CAP_IMPORT)
        import_suite(&s, sample, len);
    if (s.p->capabilities & INSPEX_CAP_EXPORT)
        export_suite(&s);
    inspex_error_free(s.err);
    return s.failures;
}
