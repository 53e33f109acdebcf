/* SPDX-License-Identifier: MIT */
/* names.c - what a report's title and address say about the inspection:
 * the place the service covers, its local authorities, the kind of
 * inspection, whether it is an adult probation one, and the URL slug as
 * the service's short code (see DOMAIN.md, "The real HMIP websites"). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"

static int starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);

    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return 1;
    return 0;
}

/* Lower-case prefixes of report titles, longest first within a group;
 * "an " or "a " in front is skipped before matching. */
static const struct {
    const char *prefix;
    report_kind_t kind;
    const char *type; /* the inspection type the title says, or NULL */
} title_forms[] = {
    {"full joint inspection of youth offending work in ", REPORT_YOUTH,
     "full joint inspection"},
    {"joint inspection of youth offending work in ", REPORT_YOUTH,
     "joint inspection"},
    {"joint inspection of youth justice services in ", REPORT_YOUTH,
     "joint inspection"},
    {"joint inspection of youth offending services in ", REPORT_YOUTH,
     "joint inspection"},
    {"inspection of youth justice work with children and victims in ",
     REPORT_YOUTH, "work with children and victims"},
    {"inspection of youth justice services and work with victims in ",
     REPORT_YOUTH, "work with children and victims"},
    {"inspection of work with children and victims in ", REPORT_YOUTH,
     "work with children and victims"},
    {"inspection of youth offending services in ", REPORT_YOUTH, NULL},
    {"inspection of youth offending service in ", REPORT_YOUTH, NULL},
    {"inspection of youth justice services in ", REPORT_YOUTH, NULL},
    {"inspection of youth justice service in ", REPORT_YOUTH, NULL},
    {"inspection of youth offending work in ", REPORT_YOUTH, NULL},
    {"inspection of youth justice work in ", REPORT_YOUTH, NULL},
    {"inspection of youth offending team in ", REPORT_YOUTH, NULL},
    {"inspection of the youth offending team in ", REPORT_YOUTH, NULL},
    {"inspection of youth offending teams in ", REPORT_YOUTH, NULL},
    /* adult probation: the same site, rows 1.1 to 2.4 too */
    {"inspection of probation services in ", REPORT_PROBATION, NULL},
    {"inspection of probation service in ", REPORT_PROBATION, NULL},
    {"inspection of probation delivery unit ", REPORT_PROBATION, NULL},
    {"joint inspection of probation services in ", REPORT_PROBATION,
     "joint inspection"},
    /* "An inspection of Tower Hamlets and City of London": no phrase */
    {"inspection of ", REPORT_YOUTH, NULL},
    {NULL, REPORT_YOUTH, NULL}};

/* Strips " | Site" and " - ... Inspectorate ..." from the end. */
static void strip_site_suffix(char *t)
{
    char *bar = strstr(t, " | ");
    size_t n;

    if (bar)
        *bar = '\0';
    n = strlen(t);
    for (size_t i = n; i-- > 0;) {
        int dash = t[i] == '-' && i > 0 && t[i - 1] == ' ' && t[i + 1] == ' ';
        int en = i + 2 < n && i > 0 && t[i - 1] == ' ' &&
                 (unsigned char)t[i] == 0xe2 &&
                 (unsigned char)t[i + 1] == 0x80 &&
                 ((unsigned char)t[i + 2] == 0x93 ||
                  (unsigned char)t[i + 2] == 0x94);
        if ((dash || en) && (contains_ci(t + i, "inspectorate") ||
                             contains_ci(t + i, "justiceinspectorates") ||
                             contains_ci(t + i, "gov.uk"))) {
            t[i - 1] = '\0';
            n = i - 1;
        }
    }
    while (n > 0 && t[n - 1] == ' ')
        t[--n] = '\0';
}

/* A report about adult probation whatever its wording: "probation
 * services", a probation delivery unit ("PDU"), and no youth phrase. */
static int speaks_of_probation(const char *t)
{
    if (contains_ci(t, "youth") || contains_ci(t, "children"))
        return 0;
    if (contains_ci(t, "probation service") ||
        contains_ci(t, "probation delivery unit"))
        return 1;
    for (const char *p = t; (p = strstr(p, "PDU")) != NULL; p += 3)
        if ((p == t || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[3]))
            return 1;
    return 0;
}

int report_title_parse(const char *title, report_title_t *out)
{
    char *t = strdup(title ? title : "");
    const char *p;
    size_t n;

    memset(out, 0, sizeof(*out));
    if (t == NULL)
        return -1;
    strip_site_suffix(t);
    p = t;
    if (starts_with_ci(p, "an "))
        p += 3;
    else if (starts_with_ci(p, "a "))
        p += 2;
    for (size_t i = 0; title_forms[i].prefix; i++) {
        const char *rest = p + strlen(title_forms[i].prefix);
        if (!starts_with_ci(p, title_forms[i].prefix) || *rest == '\0')
            continue;
        out->matched = 1;
        out->kind = title_forms[i].kind;
        out->type = title_forms[i].type;
        p = rest;
        break;
    }
    if (!out->matched)
        p = t;
    if (speaks_of_probation(t))
        out->kind = REPORT_PROBATION;
    snprintf(out->place, sizeof(out->place), "%s", p);
    /* a trailing full stop is not the name */
    n = strlen(out->place);
    while (n > 0 && (out->place[n - 1] == '.' || out->place[n - 1] == ' '))
        out->place[--n] = '\0';
    free(t);
    return 0;
}

int report_body_name(const char *title, char *buf, size_t size)
{
    report_title_t t;

    if (size == 0)
        return 0;
    if (report_title_parse(title, &t) != 0) {
        buf[0] = '\0';
        return 0;
    }
    snprintf(buf, size, "%s", t.place);
    return t.matched;
}

/* ---- local authorities -------------------------------------------------- */

/* Local authorities whose own names hold " and " or a comma, so that a
 * place is not split inside one. */
static const char *const compound_las[] = {
    "Barking and Dagenham",
    "Bath and North East Somerset",
    "Bournemouth, Christchurch and Poole",
    "Brighton and Hove",
    "Cheshire West and Chester",
    "Hammersmith and Fulham",
    "Kensington and Chelsea",
    "Redcar and Cleveland",
    "Telford and Wrekin",
    "Windsor and Maidenhead",
    NULL};

/* Appends one authority to out ("; "-separated), without "the ". */
static void add_la(char *out, size_t size, const char *s, size_t len)
{
    size_t used = strlen(out);

    while (len > 0 && *s == ' ')
        s++, len--;
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (len > 4 && strncasecmp(s, "the ", 4) == 0)
        s += 4, len -= 4;
    if (len == 0)
        return;
    snprintf(out + used, size - used, "%s%.*s", used ? "; " : "", (int)len, s);
}

/* The length of the separator at s (", ", " and ", ", and "), or 0. */
static size_t separator(const char *s)
{
    if (strncmp(s, ", and ", 6) == 0)
        return 6;
    if (strncmp(s, " and ", 5) == 0)
        return 5;
    if (strncmp(s, ", ", 2) == 0)
        return 2;
    return 0;
}

void report_local_authorities(const char *place, char *out, size_t size)
{
    const char *p = place, *start = place;

    if (size == 0)
        return;
    out[0] = '\0';
    while (*p) {
        size_t sep;
        for (size_t i = 0; compound_las[i] && p == start; i++) {
            size_t n = strlen(compound_las[i]);
            if (strncasecmp(p, compound_las[i], n) == 0 &&
                (p[n] == '\0' || separator(p + n))) {
                p += n;
                break;
            }
        }
        if ((sep = separator(p)) != 0) {
            add_la(out, size, start, (size_t)(p - start));
            p += sep;
            start = p;
            continue;
        }
        if (*p)
            p++;
    }
    add_la(out, size, start, (size_t)(p - start));
}

/* ---- the short code ----------------------------------------------------- */

int report_short_code(const char *url, char *out, size_t size)
{
    static const char *const roots[] = {"/inspections/", "/document/", NULL};
    const char *seg = NULL;
    size_t n;

    if (size == 0)
        return 0;
    out[0] = '\0';
    for (size_t i = 0; roots[i] && seg == NULL; i++) {
        const char *at = strstr(url, roots[i]);
        if (at)
            seg = at + strlen(roots[i]);
    }
    if (seg == NULL)
        return 0;
    n = strcspn(seg, "/?#");
    /* a slug is a word of letters, digits and dashes, and no file name */
    if (n == 0 || n >= size || memchr(seg, '.', n))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)seg[i]) && seg[i] != '-' && seg[i] != '_')
            return 0;
    memcpy(out, seg, n);
    out[n] = '\0';
    /* the year at its end is not part of the service's name */
    if (n > 4 && isdigit((unsigned char)out[n - 1]) &&
        isdigit((unsigned char)out[n - 2]) &&
        isdigit((unsigned char)out[n - 3]) &&
        (strncmp(out + n - 4, "19", 2) == 0 ||
         strncmp(out + n - 4, "20", 2) == 0) &&
        !isdigit((unsigned char)out[n - 5])) {
        n -= 4;
        while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '_'))
            n--;
        out[n] = '\0';
    }
    return n > 0;
}
