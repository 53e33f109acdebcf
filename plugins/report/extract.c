/* extract.c - reading an inspection report page with libxml2's HTML
 * parser.
 *
 * The page is walked once, collecting what may say something: the first
 * <h1>, <title>, OpenGraph and article meta tags, JSON-LD, the older
 * site's #inspection-meta definition list, a "Published:" line, tables,
 * headings and links. Then, for each thing the model wants, a chain of
 * those is tried in order:
 *
 *   title      <h1> on the inspectorate's pages; else og:title, JSON-LD
 *              headline, <title>, <h1> - the first that follows a report
 *              title pattern, else the first there is
 *   published  #inspection-meta "Date of publication", a "Published:"
 *              line, article:published_time, JSON-LD datePublished
 *   ratings    a table with rows naming standards by code (or by a title
 *              the frameworks know) and a rating word; "Overall" rows;
 *              "18/36" or "18 out of 36" in a row naming the score
 *
 * A page with a title and a publication date is a report. Otherwise the
 * links whose text follows a report title pattern, or that point into an
 * "/inspections/" path, make it a listing page.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <inspex/model.h>
#include <inspex/stream.h>

#include "extract.h"

#define MAX_DEPTH 512

typedef struct link {
    char *href; /* absolute */
    char *text;
} link_t;

typedef struct scan {
    const char *url;
    char *h1, *title_tag, *og_title, *og_site, *published_time;
    char *ld_date, *ld_headline;
    xmlNodePtr meta_list; /* #inspection-meta */
    char *published_line;
    char *fieldwork_line;
    xmlNodePtr *tables;
    size_t ntables;
    xmlNodePtr *rec_headings;
    size_t nrec;
    link_t *links;
    size_t nlinks;
    char *pdf_url, *pdf_text;
    char *score_line;
    int failed; /* out of memory */
} scan_t;

/* ---- small helpers ------------------------------------------------------ */

static int is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static int is_heading(xmlNodePtr n, int *level)
{
    if (n && n->type == XML_ELEMENT_NODE && n->name[0] == 'h' &&
        n->name[1] >= '1' && n->name[1] <= '6' && n->name[2] == '\0') {
        *level = n->name[1] - '0';
        return 1;
    }
    return 0;
}

/* Collapses runs of white space (and no-break spaces) into one space and
 * trims; takes ownership of s (libxml2 memory) and returns malloc'd text. */
static char *collapse(xmlChar *s)
{
    const unsigned char *p = s;
    char *out, *o;
    int space = 1;

    if (s == NULL)
        return NULL;
    out = malloc(strlen((const char *)s) + 1);
    if (out == NULL) {
        xmlFree(s);
        return NULL;
    }
    o = out;
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
            *p == '\v') {
            p++;
            space = 1;
            continue;
        }
        if (p[0] == 0xc2 && p[1] == 0xa0) {
            p += 2;
            space = 1;
            continue;
        }
        if (space && o > out)
            *o++ = ' ';
        space = 0;
        *o++ = (char)*p++;
    }
    *o = '\0';
    xmlFree(s);
    return out;
}

static char *node_text(xmlNodePtr n)
{
    return collapse(xmlNodeGetContent(n));
}

static char *attr(xmlNodePtr n, const char *name)
{
    return collapse(xmlGetProp(n, (const xmlChar *)name));
}

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

static void set_once(char **slot, char *value)
{
    if (*slot == NULL && value && value[0])
        *slot = value;
    else
        free(value);
}

static int push(void **arr, size_t *n, size_t elsize, const void *item)
{
    void *na = realloc(*arr, (*n + 1) * elsize);

    if (na == NULL)
        return -1;
    memcpy((char *)na + *n * elsize, item, elsize);
    *arr = na;
    (*n)++;
    return 0;
}

static int add_warning(report_page_t *page, const char *fmt, ...)
    INSPEX_PRINTF(2, 3);
static int add_warning(report_page_t *page, const char *fmt, ...)
{
    va_list ap;
    char buf[512], *s;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    s = strdup(buf);
    if (s == NULL || push((void **)&page->warnings, &page->nwarnings,
                          sizeof(char *), &s) != 0) {
        free(s);
        return -1;
    }
    return 0;
}

/* url resolved against base; NULL when it cannot be. */
static char *absolute(const char *href, const char *base)
{
    xmlChar *u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
    char *out;

    if (u == NULL)
        return NULL;
    out = strdup((const char *)u);
    xmlFree(u);
    /* drop a fragment: it names a place in the same page */
    if (out && strchr(out, '#'))
        *strchr(out, '#') = '\0';
    return out;
}

/* ---- title patterns ----------------------------------------------------- */

/* Lower-case prefixes of report titles, longest first within a group;
 * "an " or "a " in front is skipped before matching. */
static const char *const title_prefixes[] = {
    "full joint inspection of youth offending work in ",
    "joint inspection of youth offending work in ",
    "inspection of youth offending services in ",
    "inspection of youth offending service in ",
    "inspection of youth justice services in ",
    "inspection of youth justice service in ",
    "inspection of youth offending work in ",
    "inspection of youth justice work in ",
    "inspection of youth offending team in ",
    "inspection of the youth offending team in ",
    "inspection of youth offending teams in ",
    "inspection of youth justice services and work with victims in ",
    "inspection of work with children and victims in ",
    "inspection of ",
    NULL};

/* Strips " | Site" and " - ... Inspectorate ..." from the end. */
static void strip_site_suffix(char *t)
{
    char *bar = strstr(t, " | ");
    size_t n;

    if (bar)
        *bar = '\0';
    n = strlen(t);
    for (size_t i = n; i-- > 0;) {
        if ((t[i] == '-' && i > 0 && t[i - 1] == ' ' && t[i + 1] == ' ') ||
            (i + 2 < n && (unsigned char)t[i] == 0xe2 &&
             (unsigned char)t[i + 1] == 0x80 &&
             ((unsigned char)t[i + 2] == 0x93 ||
              (unsigned char)t[i + 2] == 0x94) &&
             i > 0 && t[i - 1] == ' ')) {
            if (contains_ci(t + i, "inspectorate") ||
                contains_ci(t + i, "justiceinspectorates") ||
                contains_ci(t + i, "gov.uk")) {
                t[i - 1] = '\0';
                n = i - 1;
            }
        }
    }
    while (n > 0 && t[n - 1] == ' ')
        t[--n] = '\0';
}

int report_body_name(const char *title, char *buf, size_t size)
{
    char *t = strdup(title ? title : "");
    const char *p;
    int matched = 0;

    if (t == NULL || size == 0) {
        free(t);
        if (size)
            buf[0] = '\0';
        return 0;
    }
    strip_site_suffix(t);
    p = t;
    if (starts_with_ci(p, "an "))
        p += 3;
    else if (starts_with_ci(p, "a "))
        p += 2;
    for (size_t i = 0; title_prefixes[i]; i++)
        if (starts_with_ci(p, title_prefixes[i])) {
            const char *rest = p + strlen(title_prefixes[i]);
            if (*rest) {
                p = rest;
                matched = 1;
            }
            break;
        }
    if (!matched)
        p = t;
    snprintf(buf, size, "%s", p);
    /* a trailing full stop or closing words in brackets are not the name */
    {
        size_t n = strlen(buf);
        while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ' '))
            buf[--n] = '\0';
    }
    free(t);
    return matched;
}

static int is_report_title(const char *s)
{
    char buf[512];

    return s && report_body_name(s, buf, sizeof(buf)) &&
           !starts_with_ci(buf, "youth") && strlen(buf) < 120;
}

/* ---- the walk ----------------------------------------------------------- */

static void read_jsonld(scan_t *sc, json_t *j, int depth)
{
    size_t i;
    json_t *v;
    const char *key;

    if (depth > 8)
        return;
    if (json_is_array(j)) {
        json_array_foreach (j, i, v)
            read_jsonld(sc, v, depth + 1);
        return;
    }
    if (!json_is_object(j))
        return;
    json_object_foreach (j, key, v) {
        if (strcmp(key, "datePublished") == 0 && json_is_string(v))
            set_once(&sc->ld_date, strdup(json_string_value(v)));
        else if ((strcmp(key, "headline") == 0 || strcmp(key, "name") == 0) &&
                 json_is_string(v) && depth <= 2)
            set_once(&sc->ld_headline, strdup(json_string_value(v)));
        else if (json_is_array(v) || json_is_object(v))
            read_jsonld(sc, v, depth + 1);
    }
}

static void see_link(scan_t *sc, xmlNodePtr n)
{
    char *href = attr(n, "href"), *abs = NULL, *text = NULL;
    link_t l;

    if (href == NULL || href[0] == '\0' || href[0] == '#' ||
        starts_with_ci(href, "mailto:") || starts_with_ci(href, "javascript:"))
        goto out;
    abs = absolute(href, sc->url);
    text = node_text(n);
    if (abs == NULL || text == NULL)
        goto out;
    {
        /* the path, without query, ends in .pdf */
        size_t plen = strcspn(abs, "?");
        if (plen >= 4 && strncasecmp(abs + plen - 4, ".pdf", 4) == 0) {
            if (sc->pdf_url == NULL) {
                sc->pdf_url = abs;
                sc->pdf_text = text;
                abs = text = NULL;
            }
            goto out;
        }
    }
    l.href = abs;
    l.text = text;
    if (push((void **)&sc->links, &sc->nlinks, sizeof(l), &l) != 0)
        sc->failed = 1;
    else
        abs = text = NULL;
out:
    free(href);
    free(abs);
    free(text);
}

static void walk(scan_t *sc, xmlNodePtr n, int depth)
{
    for (; n && !sc->failed; n = n->next) {
        int level;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(n, "script")) {
            char *type = attr(n, "type");
            if (type && strcasecmp(type, "application/ld+json") == 0) {
                xmlChar *c = xmlNodeGetContent(n);
                json_t *j = c ? json_loads((const char *)c, 0, NULL) : NULL;
                read_jsonld(sc, j, 0);
                json_decref(j);
                xmlFree(c);
            }
            free(type);
            continue;
        }
        if (is_el(n, "style"))
            continue;
        if (is_el(n, "title") && sc->title_tag == NULL) {
            set_once(&sc->title_tag, node_text(n));
        } else if (is_el(n, "meta")) {
            char *prop = attr(n, "property"), *name = attr(n, "name");
            const char *key = prop && prop[0] ? prop : name;
            if (key) {
                if (strcasecmp(key, "og:title") == 0)
                    set_once(&sc->og_title, attr(n, "content"));
                else if (strcasecmp(key, "og:site_name") == 0)
                    set_once(&sc->og_site, attr(n, "content"));
                else if (strcasecmp(key, "article:published_time") == 0)
                    set_once(&sc->published_time, attr(n, "content"));
            }
            free(prop);
            free(name);
        } else if (is_el(n, "a")) {
            see_link(sc, n);
        } else if (is_el(n, "table")) {
            if (push((void **)&sc->tables, &sc->ntables, sizeof(n), &n) != 0)
                sc->failed = 1;
        } else if (is_heading(n, &level)) {
            char *t = node_text(n);
            if (t && level == 1 && sc->h1 == NULL) {
                sc->h1 = t;
                t = NULL;
            } else if (t && contains_ci(t, "recommendation")) {
                if (push((void **)&sc->rec_headings, &sc->nrec, sizeof(n),
                         &n) != 0)
                    sc->failed = 1;
            }
            free(t);
        } else if (is_el(n, "p") || is_el(n, "span") || is_el(n, "time") ||
                   is_el(n, "div") || is_el(n, "li")) {
            xmlChar *raw = xmlNodeGetContent(n);
            if (raw && xmlStrlen(raw) < 160) {
                char *t = collapse(raw);
                raw = NULL;
                if (t && sc->published_line == NULL &&
                    starts_with_ci(t, "published")) {
                    sc->published_line = t;
                    t = NULL;
                } else if (t && sc->fieldwork_line == NULL &&
                           starts_with_ci(t, "fieldwork:")) {
                    sc->fieldwork_line = t;
                    t = NULL;
                } else if (t && sc->score_line == NULL &&
                           (starts_with_ci(t, "score") ||
                            starts_with_ci(t, "overall score"))) {
                    sc->score_line = t;
                    t = NULL;
                }
                free(t);
            }
            xmlFree(raw);
        }
        if (sc->meta_list == NULL) {
            xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
            if (id && strcmp((const char *)id, "inspection-meta") == 0)
                sc->meta_list = n;
            xmlFree(id);
        }
        if (depth < MAX_DEPTH) /* tables too: links inside them */
            walk(sc, n->children, depth + 1);
    }
}

static void scan_clear(scan_t *sc)
{
    free(sc->h1);
    free(sc->title_tag);
    free(sc->og_title);
    free(sc->og_site);
    free(sc->published_time);
    free(sc->ld_date);
    free(sc->ld_headline);
    free(sc->published_line);
    free(sc->fieldwork_line);
    free(sc->score_line);
    free(sc->tables);
    free(sc->rec_headings);
    for (size_t i = 0; i < sc->nlinks; i++) {
        free(sc->links[i].href);
        free(sc->links[i].text);
    }
    free(sc->links);
    free(sc->pdf_url);
    free(sc->pdf_text);
}

/* ---- dates and numbers -------------------------------------------------- */

/* The date at the start of text ("4 June 2020 | 40 pages"): tries the
 * first four words, then three, two and one. ISO timestamps lose their
 * time. Returns 1 with *out set. */
static int date_prefix(const char *text, inspex_date_t *out)
{
    char buf[128];
    size_t n;

    while (*text == ' ' || *text == ':')
        text++;
    snprintf(buf, sizeof(buf), "%s", text);
    if (strlen(buf) >= 10 && isdigit((unsigned char)buf[0]) && buf[4] == '-' &&
        buf[7] == '-' && buf[10] == 'T')
        buf[10] = '\0';
    for (int words = 4; words >= 1; words--) {
        char tmp[128];
        int w = 0;
        n = 0;
        for (const char *p = buf; *p && n + 1 < sizeof(tmp); p++) {
            if (*p == ' ' && ++w == words)
                break;
            tmp[n++] = *p;
        }
        tmp[n] = '\0';
        while (n > 0 &&
               (tmp[n - 1] == ',' || tmp[n - 1] == '.' || tmp[n - 1] == ';'))
            tmp[--n] = '\0';
        if (n > 0 && inspex_date_parse(tmp, 0, out, NULL) == INSPEX_OK &&
            out->year >= 1990)
            return 1;
    }
    return 0;
}

/* "18/36", "18 / 36", "18 out of 36": the first such pair in text. */
static int score_pair(const char *text, long *score, long *max)
{
    for (const char *p = text; *p; p++) {
        char *end;
        long a, b;
        const char *q;

        if (!isdigit((unsigned char)*p) ||
            (p > text && isdigit((unsigned char)p[-1])))
            continue;
        a = strtol(p, &end, 10);
        q = end;
        while (*q == ' ')
            q++;
        if (*q == '/')
            q++;
        else if (strncasecmp(q, "out of", 6) == 0)
            q += 6;
        else
            continue;
        while (*q == ' ')
            q++;
        if (!isdigit((unsigned char)*q))
            continue;
        b = strtol(q, &end, 10);
        if (b > 0 && a >= 0 && a <= b && b <= 1000) {
            *score = a;
            *max = b;
            return 1;
        }
    }
    return 0;
}

/* ---- ratings tables ----------------------------------------------------- */

/* The score and what it is out of, as the model reads "18/36". */
static inspex_status_t set_score(inspex_inspection_t *insp, long score,
                                 long max, inspex_error_t *err)
{
    char text[48];

    snprintf(text, sizeof(text), "%ld/%ld", score, max);
    return inspex_inspection_set(insp, INSPEX_FIELD_SCORE, text, 0, err);
}

/* The score in any cell of a row after the first. */
static int row_score(char **cells, size_t n, long *score, long *max)
{
    for (size_t c = 1; c < n; c++)
        if (cells[c] && score_pair(cells[c], score, max))
            return 1;
    return 0;
}

static size_t row_cells(xmlNodePtr tr, char **cells, size_t max)
{
    size_t n = 0;

    for (xmlNodePtr c = tr->children; c && n < max; c = c->next)
        if (is_el(c, "td") || is_el(c, "th"))
            cells[n++] = node_text(c);
    return n;
}

static void collect_rows(xmlNodePtr n, xmlNodePtr **rows, size_t *nrows,
                         int depth)
{
    for (; n; n = n->next) {
        if (is_el(n, "tr")) {
            push((void **)rows, nrows, sizeof(n), &n);
        } else if (n->type == XML_ELEMENT_NODE && !is_el(n, "table") &&
                   depth < 8) {
            collect_rows(n->children, rows, nrows, depth + 1);
        }
    }
}

/* A cell's rating word, or NULL; footnote marks and brackets after the
 * word ("Good*", "Good (2)") are left out. */
static const char *cell_rating(const char *cell)
{
    char buf[64];
    size_t n;
    const char *r;

    if (cell == NULL || strlen(cell) >= sizeof(buf))
        return NULL;
    if ((r = inspex_rating_normalise(cell, NULL)) != NULL)
        return r;
    snprintf(buf, sizeof(buf), "%s", cell);
    n = strcspn(buf, "*([0123456789");
    buf[n] = '\0';
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return n ? inspex_rating_normalise(buf, NULL) : NULL;
}

static inspex_status_t read_table(xmlNodePtr table, const char *url,
                                  const inspex_frameworks_t *fw,
                                  inspex_inspection_t *insp, int *found,
                                  inspex_error_t *err)
{
    xmlNodePtr *rows = NULL;
    size_t nrows = 0;
    inspex_status_t st = INSPEX_OK;

    collect_rows(table->children, &rows, &nrows, 0);
    for (size_t r = 0; r < nrows && st == INSPEX_OK; r++) {
        char *cells[8] = {0}, code[32];
        size_t n = row_cells(rows[r], cells, 8);
        const char *rating = NULL;
        long score, max;

        for (size_t c = 1; c < n && rating == NULL; c++)
            rating = cell_rating(cells[c]);
        if (n >= 1 && cells[0] && contains_ci(cells[0], "score") &&
            row_score(cells, n, &score, &max)) {
            st = set_score(insp, score, max, err);
        } else if (n >= 2 && cells[0] && contains_ci(cells[0], "overall")) {
            if (rating)
                st = inspex_inspection_set(insp, INSPEX_FIELD_OVERALL_RATING,
                                           rating, 0, err);
            if (st == INSPEX_OK && row_score(cells, n, &score, &max) &&
                !inspex_inspection_get(insp, INSPEX_FIELD_SCORE)) {
                st = set_score(insp, score, max, err);
            }
        } else if (n >= 2 && cells[0] &&
                   (inspex_match_standard(cells[0], code, sizeof(code)) ||
                    (fw && inspex_frameworks_match_standard(fw, cells[0], code,
                                                            sizeof(code))))) {
            inspex_judgement_t *j = inspex_inspection_find_judgement(insp,
                                                                     code);
            const char *title = cells[0];

            if (rating == NULL) {
                /* a row naming a standard whose rating cell says nothing
                 * we know: the last non-empty cell is the rating */
                const char *last = NULL;
                for (size_t c = 1; c < n; c++)
                    if (cells[c] && cells[c][0])
                        last = cells[c];
                if (last)
                    st = inspex_error_set_at(
                        err, INSPEX_ERR_INVALID, url, 0, 0,
                        "ratings table: unknown rating \"%s\" for standard "
                        "%s; ratings are Outstanding, Good, Requires "
                        "improvement, Inadequate",
                        last, code);
                goto next;
            }
            /* "1.1 Governance and leadership" keeps its title only */
            if (strncmp(title, code, strlen(code)) == 0) {
                title += strlen(code);
                while (*title == ' ' || *title == '.' || *title == ':')
                    title++;
            }
            if (j) {
                const char *had = inspex_judgement_rating(j);
                if (had && strcmp(had, rating) != 0)
                    st = inspex_error_set_at(
                        err, INSPEX_ERR_INVALID, url, 0, 0,
                        "ratings table: standard %s is rated twice, \"%s\" "
                        "and \"%s\"",
                        code, had, rating);
                goto next;
            }
            j = inspex_inspection_add_judgement(insp, code, err);
            if (j == NULL) {
                st = inspex_error_code(err);
                goto next;
            }
            if (*title)
                st = inspex_judgement_set_title(j, title, err);
            if (st == INSPEX_OK)
                st = inspex_judgement_set_rating(j, rating, err);
            *found = 1;
        }
    next:
        for (size_t c = 0; c < n; c++)
            free(cells[c]);
    }
    free(rows);
    if (st != INSPEX_OK && inspex_error_source(err)[0] == '\0')
        inspex_error_locate(err, url, 0, 0);
    return st;
}

/* ---- recommendations ---------------------------------------------------- */

static inspex_status_t read_recommendations(xmlNodePtr heading,
                                            inspex_inspection_t *insp,
                                            unsigned *number,
                                            inspex_error_t *err)
{
    int level = 6, l2;
    char *addressee = NULL;
    inspex_status_t st = INSPEX_OK;

    is_heading(heading, &level);
    for (xmlNodePtr n = heading->next; n && st == INSPEX_OK; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_heading(n, &l2) && l2 <= level)
            break;
        if (is_el(n, "p") || is_heading(n, &l2)) {
            char *t = node_text(n);
            size_t len = t ? strlen(t) : 0;
            if (len > 7 && strcmp(t + len - 7, "should:") == 0) {
                t[len - 7] = '\0';
                while (len > 7 && t[strlen(t) - 1] == ' ')
                    t[strlen(t) - 1] = '\0';
                free(addressee);
                addressee = starts_with_ci(t, "the ") ? strdup(t + 4)
                                                      : strdup(t);
            }
            free(t);
        } else if (is_el(n, "ol") || is_el(n, "ul")) {
            for (xmlNodePtr li = n->children; li && st == INSPEX_OK;
                 li = li->next) {
                char *t, ref[16];
                inspex_item_t *it;
                if (!is_el(li, "li"))
                    continue;
                t = node_text(li);
                if (t == NULL || t[0] == '\0') {
                    free(t);
                    continue;
                }
                it = inspex_inspection_add_item(insp,
                                                INSPEX_ITEM_RECOMMENDATION);
                snprintf(ref, sizeof(ref), "%u", ++*number);
                st = it ? inspex_item_set(it, INSPEX_ATTR_REFERENCE, ref, 0,
                                          err)
                        : inspex_error_set(err, INSPEX_ERR_NOMEM,
                                           "out of memory");
                if (st == INSPEX_OK && addressee)
                    st = inspex_item_set(it, INSPEX_ATTR_ADDRESSEE, addressee,
                                         0, err);
                if (st == INSPEX_OK)
                    st = inspex_item_set(it, INSPEX_ATTR_TEXT, t, 0, err);
                free(t);
            }
        }
    }
    free(addressee);
    return st;
}

/* ---- #inspection-meta --------------------------------------------------- */

/* "24 to 28 February 2020" or "February 2020" into the fieldwork dates;
 * 0 when text is no date range. */
static int set_fieldwork(inspex_inspection_t *insp, const char *text,
                         inspex_error_t *err)
{
    inspex_date_t a, b;
    char iso[16];

    if (inspex_date_range_parse(text, 0, &a, &b, NULL) != INSPEX_OK)
        return 0;
    inspex_date_format(&a, iso, sizeof(iso));
    if (inspex_inspection_set(insp, INSPEX_FIELD_FIELDWORK_START, iso, 0,
                              err) != INSPEX_OK)
        return 0;
    if (b.year) {
        inspex_date_format(&b, iso, sizeof(iso));
        if (inspex_inspection_set(insp, INSPEX_FIELD_FIELDWORK_END, iso, 0,
                                  err) != INSPEX_OK)
            return 0;
    }
    return 1;
}

static void find_pairs(xmlNodePtr n, xmlNodePtr **dts, size_t *ndt, int depth)
{
    for (; n; n = n->next)
        if (is_el(n, "dt") || is_el(n, "dd"))
            push((void **)dts, ndt, sizeof(n), &n);
        else if (n->type == XML_ELEMENT_NODE && depth < 6)
            find_pairs(n->children, dts, ndt, depth + 1);
}

/* Each "term: description" goes to its field by the shared header
 * matcher, or to extra. The publication date is read by the caller. */
static inspex_status_t read_meta_list(xmlNodePtr list, const char *url,
                                      inspex_inspection_t *insp,
                                      char **published, inspex_error_t *err)
{
    xmlNodePtr *items = NULL;
    size_t n = 0;
    inspex_status_t st = INSPEX_OK;

    find_pairs(list->children, &items, &n, 0);
    for (size_t i = 0; i + 1 < n && st == INSPEX_OK; i++) {
        char *key, *value;
        size_t klen;
        int field;

        if (!is_el(items[i], "dt") || !is_el(items[i + 1], "dd"))
            continue;
        key = node_text(items[i]);
        value = node_text(items[i + 1]);
        i++;
        if (key == NULL || value == NULL) {
            free(key);
            free(value);
            continue;
        }
        klen = strlen(key);
        while (klen > 0 && (key[klen - 1] == ':' || key[klen - 1] == ' '))
            key[--klen] = '\0';
        field = inspex_match_field(key);
        if (field < 0 && contains_ci(key, "fieldwork") &&
            set_fieldwork(insp, value, NULL)) {
            /* a range read into both dates */
        } else if (field == INSPEX_FIELD_PUBLISHED) {
            set_once(published, value);
            value = NULL;
        } else if (field >= 0 && value[0]) {
            st = inspex_inspection_set(insp, (inspex_field_t)field, value, 0,
                                       err);
            if (st != INSPEX_OK) {
                char msg[512];
                snprintf(msg, sizeof(msg), "%s", inspex_error_message(err));
                st = inspex_error_set_at(err, st, url, 0, 0,
                                         "#inspection-meta \"%s\": %s", key,
                                         msg);
            }
        } else if (value[0]) {
            st = inspex_inspection_add_extra(insp, key, value, err);
        }
        free(key);
        free(value);
    }
    free(items);
    return st;
}

/* ---- the page ----------------------------------------------------------- */

static int on_inspectorate_site(const scan_t *sc)
{
    return contains_ci(sc->url, "justiceinspectorates.gov.uk") ||
           (sc->og_site &&
            contains_ci(sc->og_site, "Inspectorate of Probation")) ||
           (sc->title_tag &&
            contains_ci(sc->title_tag, "Inspectorate of Probation"));
}

static const char *choose_title(const scan_t *sc)
{
    const char *chain[5];
    size_t n = 0;

    if (sc->meta_list || sc->published_line)
        chain[n++] = sc->h1;
    chain[n++] = sc->og_title;
    chain[n++] = sc->ld_headline;
    chain[n++] = sc->title_tag;
    chain[n++] = sc->h1;
    for (size_t i = 0; i < n; i++)
        if (is_report_title(chain[i]))
            return chain[i];
    for (size_t i = 0; i < n; i++)
        if (chain[i] && chain[i][0])
            return chain[i];
    return NULL;
}

/* A link to a report: its text follows a report title pattern, or it
 * speaks of an inspection and points to a page under "/inspections/". */
static int is_report_link(const link_t *l, const char *page)
{
    const char *p = strstr(l->href, "://"), *seg;

    if (strcmp(l->href, page) == 0)
        return 0;
    /* only what can be fetched; from a page read as a plain path, links
     * stay paths */
    if (inspex_is_url(page) ? !inspex_is_url(l->href)
                            : strchr(l->href, ':') != NULL)
        return 0;
    if (is_report_title(l->text))
        return 1;
    p = p ? strchr(p + 3, '/') : NULL;
    seg = p ? strstr(p, "/inspections/") : NULL;
    return seg && seg[13] && seg[13] != '?' && seg[13] != '#' &&
           contains_ci(l->text, "inspection");
}

inspex_status_t report_extract(const char *html, size_t len, const char *url,
                               const inspex_frameworks_t *fw,
                               report_page_t *page, inspex_error_t *err)
{
    scan_t sc;
    htmlDocPtr doc;
    inspex_inspection_t *insp = NULL;
    inspex_status_t st = INSPEX_OK;
    const char *title;
    char *published = NULL, name[512];
    inspex_date_t date;
    int have_date = 0, found = 0;

    memset(page, 0, sizeof(*page));
    memset(&sc, 0, sizeof(sc));
    sc.url = url;
    if (len > INT_MAX)
        return inspex_error_set_at(err, INSPEX_ERR_INVALID, url, 0, 0,
                                   "page is too large to parse");
    doc = htmlReadMemory(html, (int)len, url, NULL,
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc == NULL) {
        snprintf(page->missing, sizeof(page->missing),
                 "not an HTML page (nothing could be parsed)");
        return INSPEX_OK;
    }
    walk(&sc, xmlDocGetRootElement(doc), 0);
    if (sc.failed) {
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        goto done;
    }
    insp = inspex_inspection_new();
    if (insp == NULL) {
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        goto done;
    }

    /* publication date */
    if (sc.meta_list && (st = read_meta_list(sc.meta_list, url, insp,
                                             &published, err)) != INSPEX_OK)
        goto done;
    {
        const char *chain[4] = {published,
                                sc.published_line ? sc.published_line + 9
                                                  : NULL,
                                sc.published_time, sc.ld_date};
        for (size_t i = 0; i < 4 && !have_date; i++)
            if (chain[i] && date_prefix(chain[i], &date))
                have_date = 1;
        if (!have_date && published) {
            st = inspex_error_set_at(err, INSPEX_ERR_INVALID, url, 0, 0,
                                     "#inspection-meta: \"%s\" is not a "
                                     "date of publication",
                                     published);
            goto done;
        }
    }
    title = choose_title(&sc);
    if (title == NULL || !have_date) {
        size_t nlinks = 0;
        for (size_t i = 0; i < sc.nlinks; i++) {
            int seen = 0;
            if (!is_report_link(&sc.links[i], url))
                continue;
            for (size_t k = 0; k < page->nlinks && !seen; k++)
                seen = strcmp(page->links[k], sc.links[i].href) == 0;
            if (seen)
                continue;
            if (push((void **)&page->links, &page->nlinks, sizeof(char *),
                     &sc.links[i].href) != 0) {
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
                goto done;
            }
            sc.links[i].href = NULL;
            nlinks++;
        }
        if (nlinks == 0)
            snprintf(page->missing, sizeof(page->missing),
                     "not a recognised report page: %s%s%s; and no links to "
                     "reports",
                     title ? ""
                           : "no title (looked for <h1>, og:title, "
                             "JSON-LD headline and <title>)",
                     title || have_date ? "" : " and ",
                     have_date ? ""
                               : "no publication date (looked for "
                                 "#inspection-meta, a \"Published:\" "
                                 "line, article:published_time and "
                                 "JSON-LD datePublished)");
        goto done;
    }

    /* a report */
    page->title = strdup(title);
    if (!report_body_name(title, name, sizeof(name)))
        add_warning(page,
                    "title \"%s\" follows no report title pattern; "
                    "the body name is the whole title",
                    name);
    {
        char iso[16];
        inspex_date_format(&date, iso, sizeof(iso));
        st = inspex_inspection_set(insp, INSPEX_FIELD_PUBLISHED, iso, 0, err);
    }
    if (st == INSPEX_OK)
        st = inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, name, 0, err);
    if (st == INSPEX_OK && on_inspectorate_site(&sc) &&
        !inspex_inspection_get(insp, INSPEX_FIELD_INSPECTORATE))
        st = inspex_inspection_set(insp, INSPEX_FIELD_INSPECTORATE, "HMIP", 0,
                                   err);
    if (st == INSPEX_OK && sc.fieldwork_line &&
        !inspex_inspection_get(insp, INSPEX_FIELD_FIELDWORK_START) &&
        !set_fieldwork(insp, sc.fieldwork_line + 10, NULL))
        add_warning(page,
                    "\"%s\" is not a date range; fieldwork dates "
                    "left unset",
                    sc.fieldwork_line);
    for (size_t i = 0; i < sc.ntables && st == INSPEX_OK; i++)
        st = read_table(sc.tables[i], url, fw, insp, &found, err);
    if (st == INSPEX_OK && sc.score_line &&
        !inspex_inspection_get(insp, INSPEX_FIELD_SCORE)) {
        long score, max;
        if (score_pair(sc.score_line, &score, &max)) {
            st = set_score(insp, score, max, err);
        }
    }
    {
        unsigned number = 0;
        for (size_t i = 0; i < sc.nrec && st == INSPEX_OK; i++)
            st = read_recommendations(sc.rec_headings[i], insp, &number, err);
    }
    if (st != INSPEX_OK)
        goto done;
    if (sc.pdf_url) {
        page->pdf_url = sc.pdf_url;
        page->pdf_text = sc.pdf_text;
        sc.pdf_url = sc.pdf_text = NULL;
    }
    page->insp = insp;
    insp = NULL;
done:
    if (st != INSPEX_OK && inspex_error_source(err)[0] == '\0')
        inspex_error_locate(err, url, 0, 0);
    inspex_inspection_free(insp);
    free(published);
    scan_clear(&sc);
    xmlFreeDoc(doc);
    return st;
}

void report_page_clear(report_page_t *page)
{
    inspex_inspection_free(page->insp);
    free(page->title);
    free(page->pdf_url);
    free(page->pdf_text);
    for (size_t i = 0; i < page->nlinks; i++)
        free(page->links[i]);
    free(page->links);
    for (size_t i = 0; i < page->nwarnings; i++)
        free(page->warnings[i]);
    free(page->warnings);
    memset(page, 0, sizeof(*page));
}
