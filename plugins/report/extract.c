/* SPDX-License-Identifier: MIT */
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
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <inspex/buf.h>
#include <inspex/hash.h>
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
    char *doc_title;      /* the newer site's document title */
    char *time_published; /* a <time datetime> marked published, or the
                             first <time datetime> */
    int time_marked;      /* time_published is marked "published" */
    link_t *pdfs;         /* links to .pdf files, in page order */
    size_t npdfs;
    int years[64]; /* the options of a year filter */
    size_t nyears;
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

/* Appends item to an array that only push grows: its room doubles at
 * 4, 8, 16, ... items, so n pushes cost O(n) (a listing of 80,000
 * links). */
static int push(void **arr, size_t *n, size_t elsize, const void *item)
{
    if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
        size_t room = *n == 0 ? 4 : *n * 2;
        void *na;
        if (room > ((size_t)-1) / elsize)
            return -1;
        na = realloc(*arr, room * elsize);
        if (na == NULL)
            return -1;
        *arr = na;
    }
    memcpy((char *)*arr + *n * elsize, item, elsize);
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

/* ---- links --------------------------------------------------------------
 *
 * Most links of a page are "/path" or "https://host/path" with nothing
 * to escape, resolve or tidy, and libxml2's xmlBuildURI (which parses
 * both URLs and writes the result out again) is a tenth of a heavy
 * page's time. Those are joined here instead, where that gives what
 * xmlBuildURI gives (tests/unit/test_report.c compares the two); any
 * other link goes to xmlBuildURI. */

/* A byte xmlBuildURI writes back as it is in a path (or a query). */
static int url_plain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("-_.!~*'()/;@&=+$,", c));
}

/* The end of "http[s]://host[:port]" at the start of url (a lowercase
 * host, a port with no leading zero), or NULL. */
static const char *plain_origin(const char *url)
{
    const char *p;

    if (strncmp(url, "https://", 8) == 0)
        p = url + 8;
    else if (strncmp(url, "http://", 7) == 0)
        p = url + 7;
    else
        return NULL;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
        return NULL;
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
           *p == '-')
        p++;
    if (*p == ':') {
        if (p[1] < '1' || p[1] > '9')
            return NULL;
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    }
    return *p == '/' || *p == '\0' ? p : NULL;
}

/* 1 when path (to its end) is one xmlBuildURI leaves as it is: "/"
 * first, no "//" or "/." (dot segments), a query of plain bytes and ':'
 * and '?', and no escape or fragment. */
static int plain_path(const char *path)
{
    const char *p = path;

    if (*p != '/' || p[1] == '/')
        return 0;
    for (; *p && *p != '?'; p++)
        if (!url_plain((unsigned char)*p) || (*p == '/' && p[1] == '.'))
            return 0;
    for (; *p; p++)
        if (!url_plain((unsigned char)*p) && *p != ':' && *p != '?')
            return 0;
    return 1;
}

char *report_resolve(const char *href, const char *base)
{
    const char *end;
    xmlChar *u;
    char *out;

    if (href[0] == '/' && (end = plain_origin(base)) != NULL &&
        plain_path(href)) {
        size_t n = (size_t)(end - base), m = strlen(href);
        if ((out = malloc(n + m + 1)) != NULL) {
            memcpy(out, base, n);
            memcpy(out + n, href, m + 1);
        }
        return out;
    }
    if ((end = plain_origin(href)) != NULL && (*end == '\0' || plain_path(end)))
        return strdup(href);
    /* a page read from a file: its path, with no scheme, is the base */
    if (href[0] == '/' && base[strcspn(base, ":/?#")] != ':' &&
        plain_path(href))
        return strdup(href);
    u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
    if (u == NULL)
        return NULL;
    out = strdup((const char *)u);
    xmlFree(u);
    return out;
}

/* url resolved against base, without its fragment (it names a place in
 * the same page); NULL when it cannot be. */
static char *absolute(const char *href, const char *base)
{
    char *out = report_resolve(href, base);

    if (out && strchr(out, '#'))
        *strchr(out, '#') = '\0';
    return out;
}

/* ---- title patterns ----------------------------------------------------- */

/* 1 when a parsed title names a body: its place holds a letter or a
 * digit (any byte past ASCII counts: a name may be Welsh). "." and "An
 * inspection of youth offending services in ." name none. */
static int names_body(const report_title_t *t)
{
    for (const unsigned char *p = (const unsigned char *)t->place; *p; p++)
        if (isalnum(*p) || *p >= 0x80)
            return 1;
    return 0;
}

/* 1 when s, as a title, names a body, matched to a title form or not. */
static int title_names_body(const char *s)
{
    report_title_t t;

    return s && report_title_parse(s, &t) == 0 && names_body(&t);
}

/* A youth or probation report's title (the text of a link to one, or a
 * page's heading): a title form with a place after it. */
static int is_report_title(const char *s)
{
    report_title_t t;

    return s && report_title_parse(s, &t) == 0 && t.matched && names_body(&t) &&
           !starts_with_ci(t.place, "youth") && strlen(t.place) < 120;
}

/* Takes " (Back to top)" off the end of a heading, and footnote marks
 * ("[1]") out of any text, in place. */
static void tidy(char *t)
{
    static const char *const tails[] = {"(back to top)", "back to top", NULL};
    char *o = t;
    size_t n;

    if (t == NULL)
        return;
    for (const char *p = t; *p;) {
        if (*p == '[' && isdigit((unsigned char)p[1])) {
            const char *q = p + 1;
            while (isdigit((unsigned char)*q))
                q++;
            if (*q == ']') {
                p = q + 1;
                continue;
            }
        }
        *o++ = *p++;
    }
    *o = '\0';
    n = strlen(t);
    for (size_t i = 0; tails[i]; i++) {
        size_t k = strlen(tails[i]);
        if (n >= k && strcasecmp(t + n - k, tails[i]) == 0) {
            n -= k;
            t[n] = '\0';
            break;
        }
    }
    while (n > 0 && t[n - 1] == ' ')
        t[--n] = '\0';
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
        int pdf = plen >= 4 && strncasecmp(abs + plen - 4, ".pdf", 4) == 0;
        l.href = abs;
        l.text = text;
        tidy(l.text);
        if (pdf ? push((void **)&sc->pdfs, &sc->npdfs, sizeof(l), &l)
                : push((void **)&sc->links, &sc->nlinks, sizeof(l), &l))
            sc->failed = 1;
        else
            abs = text = NULL;
    }
out:
    free(href);
    free(abs);
    free(text);
}

/* The value of n's attribute name where the parser keeps it as one
 * piece of text (as it does every attribute of an HTML page); else, or
 * when n has no such attribute, NULL with *whole 0 when it has one in
 * another form (read it with xmlGetProp). Nothing is copied. */
static const char *attr_text(xmlNodePtr n, const char *name, int *whole)
{
    *whole = 1;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        xmlNodePtr v = a->children;
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        if (v == NULL)
            return "";
        if (v->type == XML_TEXT_NODE && v->next == NULL && v->content)
            return (const char *)v->content;
        *whole = 0;
        return NULL;
    }
    return NULL;
}

/* 1 when n's class list holds name as a whole word. */
static int has_class(xmlNodePtr n, const char *name)
{
    int whole;
    const char *in = attr_text(n, "class", &whole);
    xmlChar *c = whole ? NULL : xmlGetProp(n, (const xmlChar *)"class");
    size_t len = strlen(name);
    int found = 0;

    if (c)
        in = (const char *)c;

    for (const char *p = in; p && *p && !found;) {
        size_t w;
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        w = strcspn(p, " \t\n");
        found = w == len && strncmp(p, name, len) == 0;
        p += w;
    }
    xmlFree(c);
    return found;
}

/* <time datetime="2025-09-09T...">: the one marked as the publication
 * (class "published-date", or beside a "Published" label) wins over the
 * first. */
static void see_time(scan_t *sc, xmlNodePtr n)
{
    char *dt = attr(n, "datetime"), *cls = attr(n, "class");
    int marked = cls && contains_ci(cls, "publish");

    if (!marked && n->parent) {
        char *around = node_text(n->parent);
        marked = around && starts_with_ci(around, "published");
        free(around);
    }
    free(cls);
    if (dt == NULL || dt[0] == '\0' || (sc->time_published && !marked) ||
        sc->time_marked) {
        free(dt);
        return;
    }
    free(sc->time_published);
    sc->time_published = dt;
    sc->time_marked = marked;
}

static void see_script(scan_t *sc, xmlNodePtr n)
{
    char *type = attr(n, "type");

    if (type && strcasecmp(type, "application/ld+json") == 0) {
        xmlChar *c = xmlNodeGetContent(n);
        json_t *j = c ? json_loads((const char *)c, 0, NULL) : NULL;
        read_jsonld(sc, j, 0);
        json_decref(j);
        xmlFree(c);
    }
    free(type);
}

static void see_meta(scan_t *sc, xmlNodePtr n)
{
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
}

static void see_heading(scan_t *sc, xmlNodePtr n, int level)
{
    char *t = node_text(n);

    tidy(t);
    if (t && level == 1 && sc->h1 == NULL) {
        sc->h1 = t;
        t = NULL;
    } else if (t && contains_ci(t, "recommendation")) {
        if (push((void **)&sc->rec_headings, &sc->nrec, sizeof(n), &n) != 0)
            sc->failed = 1;
    }
    free(t);
}

/* A short line that may say when the report was published, when its
 * fieldwork was, or its score. */
/* How many bytes of text n holds, counted up to at most limit. */
static size_t text_size(xmlNodePtr n, size_t limit, int depth)
{
    size_t total = 0;

    for (xmlNodePtr c = n->children; c && total < limit; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content)
            total += strlen((const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH)
            total += text_size(c, limit - total, depth + 1);
    }
    return total;
}

static void see_line(scan_t *sc, xmlNodePtr n)
{
    xmlChar *raw;
    char *t;

    /* a line is short: an element that holds more (a page's wrappers)
     * is not copied out to learn it */
    if (text_size(n, 160, 0) >= 160)
        return;
    raw = xmlNodeGetContent(n);

    if (raw == NULL || xmlStrlen(raw) >= 160) {
        xmlFree(raw);
        return;
    }
    t = collapse(raw);
    if (t && sc->published_line == NULL && starts_with_ci(t, "published")) {
        sc->published_line = t;
        t = NULL;
    } else if (t && sc->fieldwork_line == NULL &&
               starts_with_ci(t, "fieldwork")) {
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

static void see_document_title(scan_t *sc, xmlNodePtr n)
{
    if (sc->doc_title == NULL && (has_class(n, "document-title") ||
                                  has_class(n, "flexible-post-type-title"))) {
        set_once(&sc->doc_title, node_text(n));
        tidy(sc->doc_title);
    }
}

/* A listing's year filter: <select name="year"> and its options that are
 * years. */
static void see_select(scan_t *sc, xmlNodePtr n)
{
    char *name = attr(n, "name");

    if (name && strcmp(name, "year") == 0)
        for (xmlNodePtr o = n->children; o; o = o->next) {
            char *v = is_el(o, "option") ? attr(o, "value") : NULL;
            if (v && strlen(v) == 4 && isdigit((unsigned char)v[0]) &&
                isdigit((unsigned char)v[1]) && isdigit((unsigned char)v[2]) &&
                isdigit((unsigned char)v[3]) &&
                sc->nyears < sizeof(sc->years) / sizeof(sc->years[0]))
                sc->years[sc->nyears++] = (int)strtol(v, NULL, 10);
            free(v);
        }
    free(name);
}

static void walk(scan_t *sc, xmlNodePtr n, int depth)
{
    for (; n && !sc->failed; n = n->next) {
        int level;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(n, "script")) {
            see_script(sc, n);
            continue;
        }
        if (is_el(n, "style"))
            continue;
        if (is_el(n, "time"))
            see_time(sc, n);
        see_document_title(sc, n);
        if (is_el(n, "title") && sc->title_tag == NULL)
            set_once(&sc->title_tag, node_text(n));
        else if (is_el(n, "meta"))
            see_meta(sc, n);
        else if (is_el(n, "a"))
            see_link(sc, n);
        else if (is_el(n, "select"))
            see_select(sc, n);
        else if (is_el(n, "table")) {
            if (push((void **)&sc->tables, &sc->ntables, sizeof(n), &n) != 0)
                sc->failed = 1;
        } else if (is_heading(n, &level))
            see_heading(sc, n, level);
        else if (is_el(n, "p") || is_el(n, "span") || is_el(n, "time") ||
                 is_el(n, "div") || is_el(n, "li"))
            see_line(sc, n);
        if (sc->meta_list == NULL) {
            int whole;
            const char *id = attr_text(n, "id", &whole);
            xmlChar *copy = whole ? NULL : xmlGetProp(n, (const xmlChar *)"id");
            if (copy)
                id = (const char *)copy;
            if (id && strcmp(id, "inspection-meta") == 0)
                sc->meta_list = n;
            xmlFree(copy);
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
    for (size_t i = 0; i < sc->npdfs; i++) {
        free(sc->pdfs[i].href);
        free(sc->pdfs[i].text);
    }
    free(sc->pdfs);
    free(sc->doc_title);
    free(sc->time_published);
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
        int says_score = 0;

        for (size_t c = 0; c < n; c++) {
            tidy(cells[c]);
            says_score |= cells[c] && contains_ci(cells[c], "score");
        }
        for (size_t c = 1; c < n && rating == NULL; c++)
            rating = cell_rating(cells[c]);
        /* the score on its own row, or on the service's row beside its
         * name ("Sefton Youth Justice Service | Score | 22/36") */
        if (n >= 1 && cells[0] && says_score &&
            !contains_ci(cells[0], "overall") &&
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
            /* the code in a cell of its own, the title in the next */
            if (*title == '\0' && n >= 3 && cells[1] && cells[1][0] &&
                cell_rating(cells[1]) == NULL)
                title = cells[1];
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

/* The node after n in a section's reading order: into a wrapper (div,
 * section) that holds no heading, else the next sibling, else back out
 * of the wrapper it came into. */
static xmlNodePtr next_in_section(xmlNodePtr n, xmlNodePtr top)
{
    if ((is_el(n, "div") || is_el(n, "section")) && n->children)
        return n->children;
    /* never above the heading's own parent: the section ends there */
    while (n->next == NULL && n->parent && n->parent != top)
        n = n->parent;
    return n->next;
}

static inspex_status_t read_recommendations(xmlNodePtr heading,
                                            inspex_inspection_t *insp,
                                            unsigned *number,
                                            inspex_error_t *err)
{
    int level = 6, l2;
    char *addressee = NULL;
    inspex_status_t st = INSPEX_OK;

    is_heading(heading, &level);
    for (xmlNodePtr n = heading->next; n && st == INSPEX_OK;
         n = next_in_section(n, heading->parent)) {
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

static int find_pairs(xmlNodePtr n, xmlNodePtr **dts, size_t *ndt, int depth)
{
    for (; n; n = n->next)
        if (is_el(n, "dt") || is_el(n, "dd")) {
            if (push((void **)dts, ndt, sizeof(n), &n) != 0)
                return -1;
        } else if (n->type == XML_ELEMENT_NODE && depth < 6 &&
                   find_pairs(n->children, dts, ndt, depth + 1) != 0) {
            return -1;
        }
    return 0;
}

/* The text of the dd elements after items[*i] (a dt), "; "-joined: a
 * term may have several descriptions (two local authorities). */
static char *descriptions(xmlNodePtr *items, size_t n, size_t *i)
{
    inspex_buf_t b = {0};

    while (*i + 1 < n && is_el(items[*i + 1], "dd")) {
        char *v = node_text(items[++*i]);
        if (v && v[0] &&
            ((b.len && inspex_buf_add(&b, "; ", 2) != 0) ||
             inspex_buf_add(&b, v, strlen(v)) != 0)) {
            free(v);
            inspex_buf_free(&b);
            return NULL;
        }
        free(v);
    }
    if (inspex_buf_add(&b, "", 1) != 0) {
        inspex_buf_free(&b);
        return NULL;
    }
    return b.p;
}

/* One "term: description": its field by the shared header matcher, the
 * fieldwork range into both dates, or extra. */
static inspex_status_t meta_pair(inspex_inspection_t *insp, const char *url,
                                 char *key, char *value, char **published,
                                 inspex_error_t *err)
{
    int field = inspex_match_field(key);
    inspex_status_t st;
    char msg[512];

    if (field < 0 && contains_ci(key, "fieldwork") &&
        set_fieldwork(insp, value, NULL))
        return INSPEX_OK;
    if (field == INSPEX_FIELD_PUBLISHED && *published == NULL) {
        *published = strdup(value);
        return *published
                   ? INSPEX_OK
                   : inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    if (field < 0 || field == INSPEX_FIELD_PUBLISHED)
        return inspex_inspection_add_extra(insp, key, value, err);
    st = inspex_inspection_set(insp, (inspex_field_t)field, value, 0, err);
    if (st == INSPEX_OK || st == INSPEX_ERR_NOMEM)
        return st;
    snprintf(msg, sizeof(msg), "%s", inspex_error_message(err));
    return inspex_error_set_at(err, st, url, 0, 0,
                               "#inspection-meta \"%s\": %s", key, msg);
}

/* Every pair of the list is read: the publication date for the caller,
 * a known field into it, the rest into extra; nothing is dropped. */
static inspex_status_t read_meta_list(xmlNodePtr list, const char *url,
                                      inspex_inspection_t *insp,
                                      char **published, inspex_error_t *err)
{
    xmlNodePtr *items = NULL;
    size_t n = 0;
    inspex_status_t st = INSPEX_OK;

    if (find_pairs(list->children, &items, &n, 0) != 0)
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n && st == INSPEX_OK; i++) {
        char *key, *value;
        size_t klen;

        if (!is_el(items[i], "dt"))
            continue;
        key = node_text(items[i]);
        value = descriptions(items, n, &i);
        if (key == NULL || value == NULL) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        } else {
            klen = strlen(key);
            while (klen > 0 && (key[klen - 1] == ':' || key[klen - 1] == ' '))
                key[--klen] = '\0';
            if (key[0] && value[0])
                st = meta_pair(insp, url, key, value, published, err);
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

/* The report's own heading: the newer site's document title, else the
 * first <h1>, when it is a report title. */
static const char *heading_title(const scan_t *sc)
{
    if (is_report_title(sc->doc_title))
        return sc->doc_title;
    if (is_report_title(sc->h1))
        return sc->h1;
    return NULL;
}

static const char *choose_title(const scan_t *sc)
{
    const char *chain[6];
    size_t n = 0;

    if (sc->meta_list || sc->published_line || sc->time_published) {
        chain[n++] = sc->doc_title;
        chain[n++] = sc->h1;
    }
    chain[n++] = sc->og_title;
    chain[n++] = sc->ld_headline;
    chain[n++] = sc->title_tag;
    chain[n++] = sc->h1;
    for (size_t i = 0; i < n; i++)
        if (is_report_title(chain[i]))
            return chain[i];
    for (size_t i = 0; i < n; i++)
        if (title_names_body(chain[i]))
            return chain[i];
    return NULL;
}

/* ---- listings ----------------------------------------------------------- */

/* A set of strings by hash (open addressing): the links already kept,
 * so that a page of 80,000 links is read in linear time. */
typedef struct strset {
    const char **slot;
    size_t cap, n;
} strset_t;

/* 1 when s was added, 0 when it was there, -1 when out of memory. s is
 * borrowed and must outlive the set. */
static int strset_add(strset_t *set, const char *s)
{
    size_t i;

    if ((set->n + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        const char **ns = calloc(cap, sizeof(*ns));
        if (ns == NULL)
            return -1;
        for (size_t k = 0; k < set->cap; k++) {
            if (set->slot[k] == NULL)
                continue;
            i = (size_t)inspex_hash(set->slot[k]) & (cap - 1);
            while (ns[i])
                i = (i + 1) & (cap - 1);
            ns[i] = set->slot[k];
        }
        free(set->slot);
        set->slot = ns;
        set->cap = cap;
    }
    i = (size_t)inspex_hash(s) & (set->cap - 1);
    while (set->slot[i]) {
        if (strcmp(set->slot[i], s) == 0)
            return 0;
        i = (i + 1) & (set->cap - 1);
    }
    set->slot[i] = s;
    set->n++;
    return 1;
}

/* What a link of a listing is: a report (youth or probation, by its
 * text's title form), or nothing to follow. Where it may go (scheme and
 * host) is for the importer to decide. */
static int link_kind(const link_t *l, const char *page, report_kind_t *kind)
{
    report_title_t t;

    if (strcmp(l->href, page) == 0)
        return 0; /* a page linking to itself */
    if (report_title_parse(l->text, &t) != 0 || !t.matched ||
        starts_with_ci(t.place, "youth") || strlen(t.place) >= 120)
        return 0;
    *kind = t.kind;
    return 1;
}

/* The value of query parameter name in url into buf; 0 when absent. */
static int query_param(const char *url, const char *name, char *buf,
                       size_t size)
{
    const char *q = strchr(url, '?');
    size_t n = strlen(name);

    for (q = q ? q + 1 : NULL; q && *q; q += strcspn(q, "&"), q += *q == '&')
        if (strncmp(q, name, n) == 0 && q[n] == '=') {
            size_t len = strcspn(q + n + 1, "&#");
            if (len >= size)
                return 0;
            memcpy(buf, q + n + 1, len);
            buf[len] = '\0';
            return 1;
        }
    return 0;
}

/* url without its paged=N parameter and fragment, into buf: what two
 * pages of one listing have in common. */
static void listing_key(const char *url, char *buf, size_t size)
{
    size_t o = 0;
    const char *p = url;

    while (*p && *p != '#' && o + 1 < size) {
        if ((p[0] == '?' || p[0] == '&') && strncmp(p + 1, "paged=", 6) == 0) {
            const char *end = p + 1 + strcspn(p + 1, "&#");
            if (*end == '&' && p[0] == '?') {
                buf[o++] = '?';
                p = end + 1;
            } else {
                p = end;
            }
            continue;
        }
        if (p[0] == '/' && strncmp(p, "/page/", 6) == 0 &&
            isdigit((unsigned char)p[6])) {
            p += 6;
            while (isdigit((unsigned char)*p))
                p++;
            continue;
        }
        buf[o++] = *p++;
    }
    while (o > 0 && (buf[o - 1] == '/' || buf[o - 1] == '?'))
        o--;
    buf[o] = '\0';
}

/* A link to another page of the same listing: "next", a page number, a
 * WordPress paged=N or /page/N/ of the same address. */
static int is_page_link(const link_t *l, const char *page)
{
    char a[2048], b[2048], v[16];

    if (strcmp(l->href, page) == 0)
        return 0;
    listing_key(l->href, a, sizeof(a));
    listing_key(page, b, sizeof(b));
    if (strcmp(a, b) != 0)
        return 0;
    return query_param(l->href, "paged", v, sizeof(v)) ||
           strstr(l->href, "/page/") != NULL || starts_with_ci(l->text, "next");
}

/* Keeps href and text (taken on success) as the next report link. */
static int add_link(report_page_t *page, char *href, char *text)
{
    size_t n = page->nlinks, m = page->nlinks;

    /* both arrays grow alike at the same count */
    if (push((void **)&page->links, &n, sizeof(char *), &href) != 0 ||
        push((void **)&page->link_texts, &m, sizeof(char *), &text) != 0)
        return -1;
    page->nlinks = n;
    return 0;
}

/* The report links and pagination of a listing into page. */
static inspex_status_t read_listing(scan_t *sc, const char *url,
                                    report_page_t *page, inspex_error_t *err)
{
    strset_t seen = {NULL, 0, 0};
    inspex_status_t st = INSPEX_OK;

    for (size_t i = 0; i < sc->nlinks && st == INSPEX_OK; i++) {
        link_t *l = &sc->links[i];
        report_kind_t kind;
        int fresh;

        if (link_kind(l, url, &kind)) {
            if ((fresh = strset_add(&seen, l->href)) < 0)
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            else if (fresh && kind == REPORT_PROBATION)
                page->nprobation++;
            else if (fresh && add_link(page, l->href, l->text) != 0)
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            else if (fresh)
                l->href = l->text = NULL;
        } else if (is_page_link(l, url)) {
            if ((fresh = strset_add(&seen, l->href)) < 0 ||
                (fresh && push((void **)&page->pages, &page->npages,
                               sizeof(char *), &l->href) != 0))
                st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            else if (fresh)
                l->href = NULL;
        }
    }
    free(seen.slot);
    return st;
}

/* ---- a report ----------------------------------------------------------- */

/* The report's PDF among the page's PDF links: the first whose text
 * names the inspection (its place, or the words of a report title), not
 * a promoted annual report; a Welsh-language one apart. */
static void choose_pdfs(scan_t *sc, const char *place, report_page_t *page)
{
    for (size_t i = 0; i < sc->npdfs; i++) {
        link_t *l = &sc->pdfs[i];
        int welsh = contains_ci(l->text, "welsh") ||
                    contains_ci(l->text, "cymraeg") ||
                    contains_ci(l->text, "arolygiad");
        /* a Welsh title names the inspection in Welsh ("Arolygiad") */
        int names = welsh || (place[0] && contains_ci(l->text, place)) ||
                    is_report_title(l->text) ||
                    contains_ci(l->text, "inspection report");

        if (!names || contains_ci(l->text, "annual report"))
            continue;
        if (welsh && page->welsh_pdf_url == NULL) {
            page->welsh_pdf_url = l->href;
            page->welsh_pdf_text = l->text;
            l->href = l->text = NULL;
        } else if (!welsh && page->pdf_url == NULL) {
            page->pdf_url = l->href;
            page->pdf_text = l->text;
            l->href = l->text = NULL;
        }
    }
}

/* The fieldwork however the page words it: "Fieldwork: 24 to 28 February
 * 2020", "Fieldwork started 10 March 2025", "Fieldwork took place between
 * 3 and 7 March 2025", "... started on 3 March 2025 and ended on 7 March
 * 2025". 0 when no date could be read. */
static const char *skip_filler(const char *p)
{
    static const char *const words[] = {
        "fieldwork", "started", "starting", "began", "commenced", "took",
        "place",     "was",     "carried",  "out",   "between",   "from",
        "on",        "in",      "dates",    "date",  "the",       "week",
        "of",        "ended",   "finished", NULL};
    int again = 1;

    while (again) {
        again = 0;
        while (*p == ' ' || *p == ':' || *p == ',' || *p == '-')
            p++;
        for (size_t i = 0; words[i]; i++) {
            size_t n = strlen(words[i]);
            if (strncasecmp(p, words[i], n) == 0 &&
                (p[n] == ' ' || p[n] == ':' || p[n] == '\0')) {
                p += n;
                again = 1;
                break;
            }
        }
    }
    return p;
}

static int read_fieldwork(inspex_inspection_t *insp, const char *line)
{
    const char *p = skip_filler(line), *and = strstr(p, " and ");
    char buf[160], iso[16];
    inspex_date_t a, b;

    if (set_fieldwork(insp, p, NULL))
        return 1;
    snprintf(buf, sizeof(buf), "%s", p);
    if (and&&(size_t)(and-p) < sizeof(buf)) {
        /* "3 and 7 March 2025" is "3 to 7 March 2025" */
        char range[200];
        buf[and-p] = '\0';
        snprintf(range, sizeof(range), "%s to %s", buf, and+5);
        if (set_fieldwork(insp, range, NULL))
            return 1;
        if (date_prefix(buf, &a) && date_prefix(skip_filler(and+5), &b)) {
            inspex_date_format(&a, iso, sizeof(iso));
            inspex_inspection_set(insp, INSPEX_FIELD_FIELDWORK_START, iso, 0,
                                  NULL);
            inspex_date_format(&b, iso, sizeof(iso));
            inspex_inspection_set(insp, INSPEX_FIELD_FIELDWORK_END, iso, 0,
                                  NULL);
            return 1;
        }
    }
    if (date_prefix(p, &a)) {
        inspex_date_format(&a, iso, sizeof(iso));
        return inspex_inspection_set(insp, INSPEX_FIELD_FIELDWORK_START, iso, 0,
                                     NULL) == INSPEX_OK;
    }
    return 0;
}

/* What the title says: the place as the body's name, its local
 * authorities, the inspection type; and the URL's slug as the short
 * code. Fields the landing page's list already gave are kept. */
static inspex_status_t set_names(inspex_inspection_t *insp,
                                 const report_title_t *t, const char *url,
                                 inspex_error_t *err)
{
    char las[512], code[128];
    inspex_status_t st = INSPEX_OK;

    if (!inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME))
        st = inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, t->place, 0,
                                   err);
    report_local_authorities(t->place, las, sizeof(las));
    if (st == INSPEX_OK && t->matched && las[0] &&
        !inspex_inspection_get(insp, INSPEX_FIELD_LOCAL_AUTHORITY))
        st = inspex_inspection_set(insp, INSPEX_FIELD_LOCAL_AUTHORITY, las, 0,
                                   err);
    if (st == INSPEX_OK && t->type &&
        !inspex_inspection_get(insp, INSPEX_FIELD_INSPECTION_TYPE))
        st = inspex_inspection_set(insp, INSPEX_FIELD_INSPECTION_TYPE, t->type,
                                   0, err);
    if (st == INSPEX_OK && report_short_code(url, code, sizeof(code)) &&
        !inspex_inspection_get(insp, INSPEX_FIELD_BODY_CODE))
        st = inspex_inspection_set(insp, INSPEX_FIELD_BODY_CODE, code, 0, err);
    return st;
}

/* The publication date: #inspection-meta, a "Published:" line, <time
 * datetime>, article:published_time, JSON-LD datePublished. */
static inspex_status_t find_date(scan_t *sc, const char *url,
                                 inspex_inspection_t *insp, char **published,
                                 inspex_date_t *date, int *have,
                                 inspex_error_t *err)
{
    const char *chain[5];
    inspex_status_t st;

    *have = 0;
    if (sc->meta_list && (st = read_meta_list(sc->meta_list, url, insp,
                                              published, err)) != INSPEX_OK)
        return st;
    chain[0] = *published;
    chain[1] = sc->published_line ? sc->published_line + 9 : NULL;
    chain[2] = sc->time_published;
    chain[3] = sc->published_time;
    chain[4] = sc->ld_date;
    for (size_t i = 0; i < 5 && !*have; i++)
        if (chain[i] && date_prefix(chain[i], date))
            *have = 1;
    if (!*have && *published)
        return inspex_error_set_at(err, INSPEX_ERR_INVALID, url, 0, 0,
                                   "#inspection-meta: \"%s\" is not a date "
                                   "of publication",
                                   *published);
    return INSPEX_OK;
}

static inspex_status_t read_report(scan_t *sc, const char *url,
                                   const inspex_frameworks_t *fw,
                                   const char *title, const inspex_date_t *date,
                                   inspex_inspection_t *insp,
                                   report_page_t *page, inspex_error_t *err)
{
    report_title_t t;
    inspex_status_t st;
    char iso[16];
    int found = 0;
    unsigned number = 0;

    if ((page->title = strdup(title)) == NULL ||
        report_title_parse(title, &t) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (!t.matched)
        add_warning(page,
                    "title \"%s\" follows no report title pattern; "
                    "the body name is the whole title",
                    t.place);
    inspex_date_format(date, iso, sizeof(iso));
    st = inspex_inspection_set(insp, INSPEX_FIELD_PUBLISHED, iso, 0, err);
    if (st == INSPEX_OK)
        st = set_names(insp, &t, url, err);
    if (st == INSPEX_OK && on_inspectorate_site(sc) &&
        !inspex_inspection_get(insp, INSPEX_FIELD_INSPECTORATE))
        st = inspex_inspection_set(insp, INSPEX_FIELD_INSPECTORATE, "HMIP", 0,
                                   err);
    if (st == INSPEX_OK && sc->fieldwork_line &&
        !inspex_inspection_get(insp, INSPEX_FIELD_FIELDWORK_START) &&
        !read_fieldwork(insp, sc->fieldwork_line))
        add_warning(page,
                    "\"%s\" is not a date range; fieldwork dates "
                    "left unset",
                    sc->fieldwork_line);
    page->probation = t.kind == REPORT_PROBATION;
    for (size_t i = 0; i < sc->ntables && st == INSPEX_OK; i++)
        st = read_table(sc->tables[i], url, fw, insp, &found, err);
    if (st == INSPEX_OK && sc->score_line &&
        !inspex_inspection_get(insp, INSPEX_FIELD_SCORE)) {
        long score, max;
        if (score_pair(sc->score_line, &score, &max))
            st = set_score(insp, score, max, err);
    }
    for (size_t i = 0; i < sc->nrec && st == INSPEX_OK; i++)
        st = read_recommendations(sc->rec_headings[i], insp, &number, err);
    page->no_ratings = inspex_inspection_judgement_count(insp) == 0 &&
                       !inspex_inspection_get(insp,
                                              INSPEX_FIELD_OVERALL_RATING) &&
                       !inspex_inspection_get(insp, INSPEX_FIELD_SCORE);
    if (st == INSPEX_OK)
        choose_pdfs(sc, t.place, page);
    return st;
}

static void say_missing(report_page_t *page, const char *title, int have_date)
{
    snprintf(page->missing, sizeof(page->missing),
             "not a recognised report page: %s%s%s; and no links to "
             "reports",
             title ? ""
                   : "no title naming a body (looked for <h1>, og:title, "
                     "JSON-LD headline and <title>)",
             title || have_date ? "" : " and ",
             have_date ? ""
                       : "no publication date (looked for "
                         "#inspection-meta, a \"Published:\" "
                         "line, article:published_time and "
                         "JSON-LD datePublished)");
}

/* libxml2 is set up once, before any parse: the plugin says
 * INSPEX_CAP_THREADS, so pages may be parsed on several threads at once,
 * and xmlInitParser is not to be raced. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
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
    char *published = NULL;
    inspex_date_t date;
    int have_date = 0;

    memset(page, 0, sizeof(*page));
    memset(&sc, 0, sizeof(sc));
    sc.url = url;
    if (len > INT_MAX)
        return inspex_error_set_at(err, INSPEX_ERR_INVALID, url, 0, 0,
                                   "page is too large to parse");
    {
        /* the parser reads scripts and styles slowly; only JSON-LD of
         * them is read (rawtext.c) */
        size_t n;
        char *lean = report_drop_raw_text(html, len, &n);
        pthread_once(&xml_once, xml_init);
        doc = htmlReadMemory(lean ? lean : html, lean ? (int)n : (int)len, url,
                             NULL, REPORT_PARSE_OPTIONS);
        free(lean);
    }
    if (doc == NULL) {
        snprintf(page->missing, sizeof(page->missing),
                 "not an HTML page (nothing could be parsed)");
        return INSPEX_OK;
    }
    walk(&sc, xmlDocGetRootElement(doc), 0);
    if (sc.failed || (insp = inspex_inspection_new()) == NULL) {
        st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = find_date(&sc, url, insp, &published, &date, &have_date, err);
    if (st != INSPEX_OK)
        goto done;
    /* A report by its own heading and date; else a listing by its links
     * to reports, whatever else it carries (each result's date, a
     * "Published:" line); else a report by the other titles. */
    title = have_date ? heading_title(&sc) : NULL;
    if (title == NULL) {
        st = read_listing(&sc, url, page, err);
        page->listing = page->nlinks || page->nprobation || page->npages;
        memcpy(page->years, sc.years, sizeof(page->years));
        page->nyears = sc.nyears;
        if (st != INSPEX_OK || page->listing)
            goto done;
        title = choose_title(&sc);
        if (title == NULL || !have_date) {
            say_missing(page, title, have_date);
            goto done;
        }
    }
    st = read_report(&sc, url, fw, title, &date, insp, page, err);
    if (st == INSPEX_OK) {
        page->insp = insp;
        insp = NULL;
    }
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
    free(page->welsh_pdf_url);
    free(page->welsh_pdf_text);
    for (size_t i = 0; i < page->nlinks; i++) {
        free(page->links[i]);
        free(page->link_texts[i]);
    }
    free(page->links);
    free(page->link_texts);
    for (size_t i = 0; i < page->npages; i++)
        free(page->pages[i]);
    free(page->pages);
    for (size_t i = 0; i < page->nwarnings; i++)
        free(page->warnings[i]);
    free(page->warnings);
    memset(page, 0, sizeof(*page));
}
