/* SPDX-License-Identifier: MIT */
/* limits.c - the size limits every importer holds its input to
 * (<inspex/limits.h>): their defaults, names, parsing and message. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/limits.h>

#define MIB ((size_t)1024 * 1024)

static const struct {
    const char *name;
    const char *what; /* for messages: "the limit for one ..." */
    size_t def;
} kinds[INSPEX_LIMIT_KINDS] = {
    [INSPEX_LIMIT_LINE] = {"line", "one line", 64 * MIB},
    [INSPEX_LIMIT_FIELD] = {"field", "one field", 16 * MIB},
    [INSPEX_LIMIT_RECORD] = {"record", "one record", 64 * MIB},
    [INSPEX_LIMIT_PAGE] = {"page", "one page", 64 * MIB},
    /* zip packages (the spreadsheet importers) */
    [INSPEX_LIMIT_ZIP_FILE] = {"zip-file", "one zip package", 512 * MIB},
    [INSPEX_LIMIT_ZIP_ENTRY] = {"zip-entry", "one zip entry inflated",
                                2048 * MIB},
    [INSPEX_LIMIT_ZIP_TOTAL] = {"zip-total", "all zip entries inflated",
                                SIZE_MAX / MIB >= 4096 ? 4096 * MIB : SIZE_MAX},
    [INSPEX_LIMIT_ZIP_RATIO] = {"zip-ratio", "a zip entry's ratio", 200},
};

void inspex_limits_init(inspex_limits_t *l)
{
    for (int k = 0; k < INSPEX_LIMIT_KINDS; k++)
        l->max[k] = kinds[k].def;
}

size_t inspex_limits_get(const inspex_limits_t *l, inspex_limit_kind_t k)
{
    if ((unsigned)k >= INSPEX_LIMIT_KINDS)
        return SIZE_MAX;
    return l && l->max[k] ? l->max[k] : kinds[k].def;
}

const char *inspex_limit_name(inspex_limit_kind_t k)
{
    return (unsigned)k < INSPEX_LIMIT_KINDS ? kinds[k].name : NULL;
}

/* "64M" and the like: the size in bytes, or 0 when it is not one. */
static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0)
        return 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    }
    if (*end == 'i' && shift)
        end++;
    if ((*end == 'b' || *end == 'B') && shift)
        end++;
    if (*end != '\0' || v == 0 || v > (SIZE_MAX >> shift))
        return 0;
    return (size_t)v << shift;
}

inspex_status_t inspex_limits_parse(inspex_limits_t *l, const char *spec,
                                    inspex_error_t *err)
{
    const char *eq = strchr(spec, '=');
    size_t n = eq ? (size_t)(eq - spec) : strlen(spec), v;

    for (int k = 0; k < INSPEX_LIMIT_KINDS; k++) {
        if (strlen(kinds[k].name) != n || strncmp(spec, kinds[k].name, n))
            continue;
        if (eq == NULL || (v = parse_size(eq + 1)) == 0)
            return inspex_error_set(err, INSPEX_ERR_USAGE,
                                    "--limit %s needs a size in bytes, "
                                    "with K, M or G for KiB, MiB or GiB "
                                    "(%s=64M)",
                                    kinds[k].name, kinds[k].name);
        l->max[k] = v;
        return INSPEX_OK;
    }
    return inspex_error_set(err, INSPEX_ERR_USAGE,
                            "unknown limit '%.*s'; the limits are line, "
                            "field, record, page, zip-file, zip-entry, "
                            "zip-total and zip-ratio (--limit record=1G)",
                            (int)(n > 40 ? 40 : n), spec);
}

void inspex_size_text(size_t n, char *buf, size_t size)
{
    static const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = (double)n;
    int u = -1;

    if (n < 1024) {
        snprintf(buf, size, "%zu byte%s", n, n == 1 ? "" : "s");
        return;
    }
    while (v >= 1024 && u < 3) {
        v /= 1024;
        u++;
    }
    /* one decimal, unless it is a 0 */
    if ((unsigned long long)(v * 10 + 0.5) % 10 == 0)
        snprintf(buf, size, "%llu %s", (unsigned long long)(v + 0.5), units[u]);
    else
        snprintf(buf, size, "%.1f %s", v, units[u]);
}

inspex_status_t inspex_limit_error(inspex_error_t *err, inspex_limit_kind_t k,
                                   size_t max, size_t seen, int at_least,
                                   const char *source, unsigned long line,
                                   unsigned long column)
{
    char lim[32], got[32];
    const char *name = inspex_limit_name(k);

    if (name == NULL)
        name = "record";
    inspex_size_text(max, lim, sizeof(lim));
    inspex_size_text(seen, got, sizeof(got));
    if (strcmp(lim, got) == 0) /* "1 MiB, more than the 1 MiB" */
        snprintf(got, sizeof(got), "%zu bytes", seen);
    return inspex_error_set_at(
        err, INSPEX_ERR_LIMIT, source, line, column,
        "this %s is %s%s, more than the %s allowed for %s "
        "(--limit %s=SIZE raises it)",
        name, at_least ? "at least " : "", got, lim,
        (unsigned)k < INSPEX_LIMIT_KINDS ? kinds[k].what : "one record", name);
}
