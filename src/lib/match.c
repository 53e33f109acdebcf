/* SPDX-License-Identifier: MIT */
/* match.c - field and attribute tables, and matching published headers to
 * them. Every importer maps its column names or keys through here. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/model.h>
#include <inspex/plan.h>

#include "internal.h"

const inspex__field_info_t inspex__fields[INSPEX_FIELD__COUNT] = {
    [INSPEX_FIELD_ID] = {"id", INSPEX_KIND_TEXT,
                         "inspectionid recordid reportid"},
    [INSPEX_FIELD_BODY_NAME] = {"body_name", INSPEX_KIND_TEXT,
                                "body name service servicename yot yotname "
                                "yos yosname yjs yjsname team teamname "
                                "inspectedbody provider"},
    [INSPEX_FIELD_BODY_CODE] = {"body_code", INSPEX_KIND_TEXT,
                                "code servicecode yotcode yjbcode bodyid"},
    [INSPEX_FIELD_LOCAL_AUTHORITY] = {"local_authority", INSPEX_KIND_TEXT,
                                      "la laname localauthorities "
                                      "localauthorityname council"},
    [INSPEX_FIELD_REGION] = {"region", INSPEX_KIND_TEXT, "regionname"},
    [INSPEX_FIELD_NATION] = {"nation", INSPEX_KIND_TEXT, "country"},
    [INSPEX_FIELD_INSPECTORATE] = {"inspectorate", INSPEX_KIND_TEXT,
                                   "inspector inspectedby"},
    [INSPEX_FIELD_FRAMEWORK] = {"framework", INSPEX_KIND_TEXT,
                                "frameworkid inspectionframework"},
    [INSPEX_FIELD_INSPECTION_TYPE] = {"inspection_type", INSPEX_KIND_TEXT,
                                      "type"},
    [INSPEX_FIELD_FIELDWORK_START] = {"fieldwork_start", INSPEX_KIND_DATE,
                                      "fieldworkstartdate fieldworkfrom "
                                      "inspectionstart inspectionstartdate "
                                      "inspectiondate"},
    [INSPEX_FIELD_FIELDWORK_END] = {"fieldwork_end", INSPEX_KIND_DATE,
                                    "fieldworkenddate fieldworkto "
                                    "inspectionend inspectionenddate"},
    [INSPEX_FIELD_PUBLISHED] = {"published", INSPEX_KIND_DATE,
                                "publicationdate dateofpublication "
                                "datepublished publishdate publisheddate "
                                "pubdate reportdate"},
    [INSPEX_FIELD_OVERALL_RATING] = {"overall_rating", INSPEX_KIND_RATING,
                                     "overall rating overallgrade "
                                     "overalljudgement overalleffectiveness"},
    [INSPEX_FIELD_SCORE] = {"score", INSPEX_KIND_INTEGER,
                            "totalscore points scoreoutof36 overallscore"},
    [INSPEX_FIELD_SCORE_MAX] = {"score_max", INSPEX_KIND_INTEGER,
                                "maxscore maximumscore scoreoutof outof"},
    [INSPEX_FIELD_SCORE_PERCENT] = {"score_percent", INSPEX_KIND_DECIMAL,
                                    "scorepercentage scorepct percentage"},
    [INSPEX_FIELD_COMPUTED_SCORE] = {"computed_score", INSPEX_KIND_INTEGER, ""},
    [INSPEX_FIELD_COMPUTED_RATING] = {"computed_rating", INSPEX_KIND_RATING,
                                      ""},
};

typedef struct attr_info {
    const char *name;
    inspex_kind_t kind;
} attr_info_t;

static const attr_info_t attrs[INSPEX_ATTR__COUNT] = {
    [INSPEX_ATTR_REFERENCE] = {"reference", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_ADDRESSEE] = {"addressee", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_TEXT] = {"text", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_TYPE] = {"type", INSPEX_KIND_CHOICE},
    [INSPEX_ATTR_DOMAIN] = {"domain", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_LEAD] = {"lead", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_DUE] = {"due", INSPEX_KIND_DATE},
    [INSPEX_ATTR_SUCCESS_MEASURE] = {"success_measure", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_RAG] = {"rag", INSPEX_KIND_RAG},
    [INSPEX_ATTR_URL] = {"url", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_FINAL_URL] = {"final_url", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_TITLE] = {"title", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_RETRIEVED_AT] = {"retrieved_at", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_MEDIA_TYPE] = {"media_type", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_HTTP_STATUS] = {"http_status", INSPEX_KIND_INTEGER},
    [INSPEX_ATTR_ETAG] = {"etag", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_LAST_MODIFIED] = {"last_modified", INSPEX_KIND_TEXT},
    [INSPEX_ATTR_PDF_URL] = {"pdf_url", INSPEX_KIND_TEXT},
};

static const inspex_attr_t rec_attrs[] = {INSPEX_ATTR_REFERENCE,
                                          INSPEX_ATTR_ADDRESSEE,
                                          INSPEX_ATTR_TEXT};
static const inspex_attr_t finding_attrs[] = {INSPEX_ATTR_TYPE,
                                              INSPEX_ATTR_DOMAIN,
                                              INSPEX_ATTR_TEXT};
static const inspex_attr_t action_attrs[] = {INSPEX_ATTR_REFERENCE,
                                             INSPEX_ATTR_TEXT,
                                             INSPEX_ATTR_LEAD,
                                             INSPEX_ATTR_DUE,
                                             INSPEX_ATTR_SUCCESS_MEASURE,
                                             INSPEX_ATTR_RAG};
static const inspex_attr_t source_attrs[] = {
    INSPEX_ATTR_URL,        INSPEX_ATTR_FINAL_URL,
    INSPEX_ATTR_TITLE,      INSPEX_ATTR_RETRIEVED_AT,
    INSPEX_ATTR_MEDIA_TYPE, INSPEX_ATTR_HTTP_STATUS,
    INSPEX_ATTR_ETAG,       INSPEX_ATTR_LAST_MODIFIED,
    INSPEX_ATTR_PDF_URL};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct kind_info {
    const char *name;
    const inspex_attr_t *attrs;
    size_t nattrs;
    /* "alias=attr" pairs in match-key form, space-separated */
    const char *aliases;
} kinds[INSPEX_ITEM__COUNT] = {
    [INSPEX_ITEM_RECOMMENDATION] = {"recommendation", rec_attrs,
                                    COUNT(rec_attrs),
                                    "recommendation=text to=addressee "
                                    "number=reference no=reference"},
    [INSPEX_ITEM_FINDING] = {"finding", finding_attrs, COUNT(finding_attrs),
                             "finding=text kind=type"},
    [INSPEX_ITEM_ACTION] = {"action", action_attrs, COUNT(action_attrs),
                            "action=text actions=text ref=reference "
                            "recommendation=reference priority=reference "
                            "hmipinspectionpriority=reference "
                            "timescale=due duedate=due deadline=due "
                            "successmeasures=success_measure "
                            "ragrating=rag status=rag ragstatus=rag "
                            "owner=lead"},
    [INSPEX_ITEM_SOURCE] = {"source", source_attrs, COUNT(source_attrs),
                            "link=url href=url finalurl=final_url "
                            "retrieved=retrieved_at contenttype=media_type "
                            "status=http_status pdf=pdf_url"},
};

const char *inspex_field_name(inspex_field_t field)
{
    return (unsigned)field < INSPEX_FIELD__COUNT ? inspex__fields[field].name
                                                 : NULL;
}

inspex_kind_t inspex_field_kind(inspex_field_t field)
{
    return (unsigned)field < INSPEX_FIELD__COUNT ? inspex__fields[field].kind
                                                 : INSPEX_KIND_TEXT;
}

const char *inspex_item_kind_name(inspex_item_kind_t kind)
{
    return (unsigned)kind < INSPEX_ITEM__COUNT ? kinds[kind].name : NULL;
}

const inspex_attr_t *inspex_item_attrs(inspex_item_kind_t kind, size_t *count)
{
    if ((unsigned)kind >= INSPEX_ITEM__COUNT) {
        *count = 0;
        return NULL;
    }
    *count = kinds[kind].nattrs;
    return kinds[kind].attrs;
}

const char *inspex_attr_name(inspex_attr_t attr)
{
    return (unsigned)attr < INSPEX_ATTR__COUNT ? attrs[attr].name : NULL;
}

inspex_kind_t inspex_attr_kind(inspex_attr_t attr)
{
    return (unsigned)attr < INSPEX_ATTR__COUNT ? attrs[attr].kind
                                               : INSPEX_KIND_TEXT;
}

char *inspex_match_key(const char *header, char *buf, size_t size)
{
    size_t n = 0;

    if (size == 0)
        return buf;
    for (const unsigned char *p = (const unsigned char *)header; *p; p++) {
        unsigned c = *p;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (n + 1 >= size)
                break;
            buf[n++] = (char)c;
        }
    }
    buf[n] = '\0';
    return buf;
}

/* 1 when key is one of the space-separated words in list. Byte loops, not
 * strchr and strlen: this runs for every word of every header, and under
 * the sanitizers each libc call is an intercepted one. */
static int in_list(const char *list, const char *key)
{
    for (const char *p = list; *p;) {
        const char *k = key;
        while (*p != ' ' && *p != '\0' && *p == *k) {
            p++;
            k++;
        }
        if ((*p == ' ' || *p == '\0') && *k == '\0')
            return 1;
        while (*p != ' ' && *p != '\0')
            p++;
        while (*p == ' ')
            p++;
    }
    return 0;
}

/* ---- the names and words looked up, not walked ------------------------- */

/* Built once: each field's name (in match-key form) and aliases, and each
 * word the word rules below know, sorted, so that a header costs a binary
 * search rather than a walk over every list. A file of 100,000 columns
 * (tests/cli/hostile.sh) had every column walk them all, three times. */
#define NAME_LEN 24

typedef struct name_entry {
    char key[NAME_LEN];
    int field, how;
} name_entry_t;

/* room for some three times what the lists below hold (84 names, 150
 * words); a word that does not fit is counted in dropped, which
 * test_internal requires to be 0 (inspex__match_tables_dropped) */
#define MAX_NAMES 256
#define MAX_KNOWN 512

static name_entry_t names[MAX_NAMES];
static size_t nnames;
static char known[MAX_KNOWN][NAME_LEN];
static size_t nknown;
static size_t dropped;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static int cmp_entry(const void *a, const void *b)
{
    const name_entry_t *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    /* the earlier field, and its name before its aliases, wins a tie, as
     * the walk in field order found it */
    if (c == 0)
        c = x->field != y->field ? x->field - y->field : x->how - y->how;
    return c;
}

static int cmp_word(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Calls add(word, len, arg) for each space-separated word of list. */
static void each_word(const char *list,
                      void (*add)(const char *, size_t, void *), void *arg)
{
    for (const char *p = list; p && *p;) {
        size_t len = 0;
        while (p[len] && p[len] != ' ')
            len++;
        if (len)
            add(p, len, arg);
        p += len;
        while (*p == ' ')
            p++;
    }
}

static void add_name(const char *w, size_t len, void *arg)
{
    const int *fh = arg;

    if (len >= NAME_LEN || nnames == MAX_NAMES) {
        dropped++;
        return;
    }
    name_entry_t *e = &names[nnames++];
    memcpy(e->key, w, len);
    e->key[len] = '\0';
    e->field = fh[0];
    e->how = fh[1];
}

static void add_known(const char *w, size_t len, void *arg)
{
    (void)arg;
    if (len >= NAME_LEN || nknown == MAX_KNOWN) {
        dropped++;
        return;
    }
    memcpy(known[nknown], w, len);
    known[nknown++][len] = '\0';
}

static void build_tables(void);

/* The first entry for key, or NULL. */
static const name_entry_t *find_name(const char *key)
{
    size_t lo = 0, hi;

    pthread_once(&tables_once, build_tables);
    hi = nnames;
    while (lo < hi) { /* the first entry not below key */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(names[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nnames && strcmp(names[lo].key, key) == 0 ? &names[lo] : NULL;
}

size_t inspex__match_tables_dropped(void)
{
    pthread_once(&tables_once, build_tables);
    return dropped;
}

/* 1 when some word rule has the word w. */
static int known_word(const char *w)
{
    pthread_once(&tables_once, build_tables);
    return bsearch(w, known, nknown, sizeof(known[0]), cmp_word) != NULL;
}

int inspex__match_field_how(const char *header, int *how)
{
    char key[128];

    inspex_match_key(header, key, sizeof(key));
    if (key[0] == '\0')
        return -1;
    /* "score_%", "Score (%)": the key loses the "%", so look for it. */
    if (strncmp(key, "score", 5) == 0 &&
        (strchr(header, '%') || strstr(key, "percent"))) {
        *how = INSPEX__MATCH_PERCENT;
        return INSPEX_FIELD_SCORE_PERCENT;
    }
    const name_entry_t *e = find_name(key);
    if (e == NULL)
        return -1;
    *how = e->how;
    return e->field;
}

int inspex_match_field(const char *header)
{
    int how;

    return inspex__match_field_how(header, &how);
}

/* ---- fields by their words ---------------------------------------------- */

/* A field named in words: every group of need must be met by a word of
 * the name (a group is synonyms, space-separated), and every other word
 * must be one of may. A field may have two such rules. */
typedef struct word_rule {
    const char *need[2];
    const char *may;
} word_rule_t;

static const struct field_words {
    inspex_field_t field;
    word_rule_t rule[2];
} field_words[] = {
    {INSPEX_FIELD_ID, {{{"inspection record report", "id identifier"}, ""}}},
    {INSPEX_FIELD_BODY_NAME,
     {{{"body service yot yos yjs team provider organisation organization",
        NULL},
       "name inspected youth offending justice"}}},
    {INSPEX_FIELD_BODY_CODE,
     {{{"body service yot yos yjs team provider organisation organization yjb",
        "code"},
       "youth offending justice inspected"}}},
    {INSPEX_FIELD_LOCAL_AUTHORITY,
     {{{"local", "authority authorities"}, "name names area areas"},
      {{"la las council councils", NULL}, "name names area areas"}}},
    {INSPEX_FIELD_REGION, {{{"region", NULL}, "name english"}}},
    {INSPEX_FIELD_NATION, {{{"nation country", NULL}, "name"}}},
    {INSPEX_FIELD_INSPECTORATE, {{{"inspectorate", NULL}, "name inspecting"}}},
    {INSPEX_FIELD_FRAMEWORK,
     {{{"framework", NULL}, "inspection id name version"}}},
    {INSPEX_FIELD_INSPECTION_TYPE, {{{"type kind", NULL}, "inspection"}}},
    {INSPEX_FIELD_FIELDWORK_START,
     {{{"fieldwork inspection visit onsite site",
        "start started starts starting begin began begins beginning "
        "commenced commencing from first"},
       "date day"}}},
    {INSPEX_FIELD_FIELDWORK_END,
     {{{"fieldwork inspection visit onsite site",
        "end ended ends ending finish finished finishes finishing to until "
        "last concluded completed"},
       "date day"}}},
    {INSPEX_FIELD_PUBLISHED,
     {{{"published publication publish publishing", NULL},
       "date day report inspection first"}}},
    {INSPEX_FIELD_OVERALL_RATING,
     {{{"overall", NULL},
       "rating grade judgement judgment effectiveness result outcome"}}},
    {INSPEX_FIELD_SCORE,
     {{{"score points", NULL}, "total overall published inspection"}}},
    {INSPEX_FIELD_SCORE_MAX,
     {{{"maximum max possible available", "score points"}, "total"}}},
    {INSPEX_FIELD_SCORE_PERCENT,
     {{{"percent percentage pct", NULL}, "score points"}}},
    {INSPEX_FIELD_COMPUTED_SCORE,
     {{{"computed calculated", "score points"}, "total"}}},
    {INSPEX_FIELD_COMPUTED_RATING,
     {{{"computed calculated", "rating grade"}, "overall"}}},
};

/* Words that say nothing of a field. */
static const char stop_words[] = "the of a an and on at by in for when was "
                                 "were is are its";

static void build_tables(void)
{
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        char key[NAME_LEN];
        int fh[2] = {f, INSPEX__MATCH_NAME};
        inspex_match_key(inspex__fields[f].name, key, sizeof(key));
        add_name(key, strlen(key), fh);
        fh[1] = INSPEX__MATCH_ALIAS;
        each_word(inspex__fields[f].aliases, add_name, fh);
    }
    qsort(names, nnames, sizeof(names[0]), cmp_entry);
    for (size_t i = 0; i < COUNT(field_words); i++)
        for (int r = 0; r < 2; r++) {
            each_word(field_words[i].rule[r].need[0], add_known, NULL);
            each_word(field_words[i].rule[r].need[1], add_known, NULL);
            each_word(field_words[i].rule[r].may, add_known, NULL);
        }
    qsort(known, nknown, sizeof(known[0]), cmp_word);
}

#define MAX_WORDS 12
#define WORD_LEN 24

/* Splits name into lower-case words at anything not a letter or digit, at
 * letter-digit changes and at lower-to-upper case changes ("fieldworkStart"
 * is two words); drops stop words. Returns the number of words, or -1 when
 * there are too many or one is too long to be a field's word. */
static int split_words(const char *name, char words[][WORD_LEN])
{
    int n = 0;
    const unsigned char *p = (const unsigned char *)name;

    while (*p) {
        size_t len = 0;
        char w[WORD_LEN];
        int digits = *p >= '0' && *p <= '9';

        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p >= 0x80)) {
            p++;
            continue;
        }
        for (;;) {
            unsigned c = *p;
            int d = c >= '0' && c <= '9';
            int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        c >= 0x80;
            if (!(d || alpha) || d != digits)
                break;
            if (len > 0 && c >= 'A' && c <= 'Z' && p[-1] >= 'a' && p[-1] <= 'z')
                break; /* "fieldworkStart" */
            if (len + 1 >= WORD_LEN)
                return -1;
            w[len++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            p++;
        }
        w[len] = '\0';
        if (in_list(stop_words, w))
            continue;
        if (n == MAX_WORDS)
            return -1;
        memcpy(words[n++], w, len + 1);
    }
    return n;
}

static int rule_fits(const word_rule_t *r, char words[][WORD_LEN], int n)
{
    int met[2] = {r->need[0] == NULL, r->need[1] == NULL};

    if (r->need[0] == NULL)
        return 0;
    for (int i = 0; i < n; i++) {
        if (in_list(r->need[0], words[i]))
            met[0] = 1;
        else if (r->need[1] && in_list(r->need[1], words[i]))
            met[1] = 1;
        else if (!in_list(r->may, words[i]))
            return 0;
    }
    return met[0] && met[1];
}

int inspex_match_field_words(const char *name, int fits[2])
{
    char words[MAX_WORDS][WORD_LEN];
    int n = split_words(name, words), found = -1;

    if (n <= 0)
        return -1;
    /* a word no rule has fits none: most headers stop here */
    for (int i = 0; i < n; i++)
        if (!known_word(words[i]))
            return -1;
    for (size_t i = 0; i < COUNT(field_words); i++) {
        const struct field_words *fw = &field_words[i];
        if (!rule_fits(&fw->rule[0], words, n) &&
            !rule_fits(&fw->rule[1], words, n))
            continue;
        if (found >= 0) {
            if (fits) {
                fits[0] = found;
                fits[1] = (int)fw->field;
            }
            return -2;
        }
        found = (int)fw->field;
    }
    return found;
}

int inspex_match_attr(inspex_item_kind_t kind, const char *header)
{
    char key[128], name[64];
    const struct kind_info *k;

    if ((unsigned)kind >= INSPEX_ITEM__COUNT)
        return -1;
    k = &kinds[kind];
    inspex_match_key(header, key, sizeof(key));
    if (key[0] == '\0')
        return -1;
    for (size_t i = 0; i < k->nattrs; i++) {
        inspex_match_key(attrs[k->attrs[i]].name, name, sizeof(name));
        if (strcmp(name, key) == 0)
            return (int)k->attrs[i];
    }
    /* aliases: "alias=attr" */
    size_t klen = strlen(key);
    for (const char *p = k->aliases; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq && (size_t)(eq - p) == klen && memcmp(p, key, klen) == 0) {
            size_t alen = len - klen - 1;
            for (size_t i = 0; i < k->nattrs; i++) {
                const char *an = attrs[k->attrs[i]].name;
                if (strlen(an) == alen && memcmp(an, eq + 1, alen) == 0)
                    return (int)k->attrs[i];
            }
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    return -1;
}

/* 1 when s starts with the lower-case word, in any case. */
static int prefix_ci(const char *s, const char *word)
{
    for (; *word; s++, word++)
        if ((*s | 0x20) != *word)
            return 0;
    return 1;
}

int inspex_match_standard(const char *header, char *code, size_t size)
{
    const char *p = header;
    char out[32];
    size_t n = 0;
    int parts = 0;

    while (*p == ' ')
        p++;
    /* "standard.CODE", CODE any letters, digits and dots: the explicit
     * form exporters write for codes the forms below do not read. */
    if (prefix_ci(p, "standard.")) {
        const char *q = p + 9;
        while ((*q >= '0' && *q <= '9') ||
               ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') || *q == '.')
            q++;
        n = (size_t)(q - (p + 9));
        if (n > 0 && n + 1 <= size && n + 1 <= sizeof(out) &&
            (*q == '\0' || *q == ' ' || *q == '\t' || *q == ':')) {
            memcpy(code, p + 9, n);
            code[n] = '\0';
            return 1;
        }
        n = 0; /* not this form: "standard.1_1" is read below */
    }
    /* Optional prefix: "s", "std", "standard", followed by separators. */
    if ((p[0] | 0x20) == 's') {
        const char *q = p + 1;
        if (prefix_ci(q, "tandard"))
            q += 7;
        else if ((q[0] | 0x20) == 't' && (q[1] | 0x20) == 'd')
            q += 2;
        while (*q == ' ' || *q == '_' || *q == '-' || *q == '.')
            q++;
        if (*q >= '0' && *q <= '9')
            p = q;
        else
            return 0;
    }
    /* digits, separated by "." or "_" */
    while (*p >= '0' && *p <= '9') {
        size_t start = n;
        while (*p >= '0' && *p <= '9' && n + 2 < sizeof(out))
            out[n++] = *p++;
        if (n - start > 2)
            return 0;
        parts++;
        if ((*p == '.' || *p == '_') && p[1] >= '0' && p[1] <= '9') {
            out[n++] = '.';
            p++;
        } else {
            break;
        }
    }
    if (parts < 2)
        return 0;
    out[n] = '\0';
    /* What follows must be the end, or a separator and a title. */
    if (*p == '.')
        p++;
    if (*p != '\0' && *p != ' ' && *p != '_' && *p != ':' && *p != '-' &&
        *p != '\t')
        return 0;
    if (n + 1 > size)
        return 0;
    memcpy(code, out, n + 1);
    return 1;
}
