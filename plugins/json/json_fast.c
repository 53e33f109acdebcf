/* SPDX-License-Identifier: MIT */
/*
 * json_fast.c - the JSON reader's fast path for the common flat record
 * (json_fast.h): the inspection built straight from the text, or a give-up
 * that sends the record through jansson.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/scan.h>

#include "json_fast.h"

typedef struct fast {
    const char *p, *end;
    rd_t *r;
    inspex_inspection_t *insp;
    int *taken;
    char key[512];
    size_t keylen;
    inspex_buf_t hold;  /* a judgement's strands (fstrand_at_t) */
    inspex_buf_t num;   /* a number's text as written */
    inspex_status_t st; /* of the model, when FAST_DONE */
    inspex_error_t *err;
    size_t ntop; /* the record's top-level keys so far */
    int same;    /* 1 while they are the last record's (ftop_key) */
} fast_t;

/* f->p walks a copy of the record's text (json__fast_record) that ends
 * with a NUL and FAST_PAD more readable bytes: every read at f->p up to
 * the end stops at that NUL, which no JSON token holds, and a block read
 * from any byte up to the end stays inside the copy. The copy is ours to
 * write, so strings are decoded where they are (fstr_in). */
#define FAST_PAD 16

static inline void fskip(fast_t *f)
{
    const char *p = f->p;

    /* the byte after a token is seldom white space: one test says so */
    if ((unsigned char)*p > ' ')
        return;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    f->p = p;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes the escape at p (a backslash) to w, which is at or before p
 * (no escape is shorter than what it stands for); returns the byte after
 * it, with *w moved past what was written, or NULL to give up. \u0000,
 * which no string of the model holds, and surrogates (pairs included) are
 * left to jansson. */
static char *fescape(char *p, char **w)
{
    char *o = *w;
    unsigned cp = 0;

    switch (p[1]) {
    case '"': *o++ = '"'; break;
    case '\\': *o++ = '\\'; break;
    case '/': *o++ = '/'; break;
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    case 'u':
        /* the NUL after the text is no digit: no read goes past it */
        for (int i = 2; i < 6; i++) {
            int h = hexval(p[i]);
            if (h < 0)
                return NULL;
            cp = cp * 16 + (unsigned)h;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
            return NULL;
        if (cp < 0x80) {
            *o++ = (char)cp;
        } else if (cp < 0x800) {
            *o++ = (char)(0xC0 | (cp >> 6));
            *o++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *o++ = (char)(0xE0 | (cp >> 12));
            *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (char)(0x80 | (cp & 0x3F));
        }
        *w = o;
        return p + 6;
    default: return NULL; /* the NUL at the end included */
    }
    *w = o;
    return p + 2;
}

#if defined(__GNUC__)
#define FAST_NOINLINE __attribute__((noinline))
#else
#define FAST_NOINLINE
#endif

/* fstr_in after the string's first byte that is not plain (at p): a
 * byte at a time, as escapes are rare, decoding them where they are. */
static FAST_NOINLINE int fstr_slow(fast_t *f, char *start, char *p,
                                   const char **s, size_t *n)
{
    char *w = p;

    while (*p != '"') {
        if ((unsigned char)*p < 0x20)
            return 0;
        if (*p != '\\')
            *w++ = *p++;
        else if ((p = fescape(p, &w)) == NULL)
            return 0;
    }
    *w = '\0';
    *s = start;
    *n = (size_t)(w - start);
    f->p = p + 1;
    return 1;
}

/* A string at f->p, decoded where it is (the copy is ours): *s its
 * bytes, NUL-terminated over its closing quote or its escapes' room, and
 * *n their length; stepped over. 0 to give up: a control byte (the NUL
 * at the end among them) or an escape fescape leaves to jansson. Inline:
 * every key and string value comes here. */
static inline int fstr_in(fast_t *f, const char **s, size_t *n)
{
    char *p = (char *)f->p, *start;
    unsigned m;

    if (*p != '"')
        return 0;
    start = ++p;
    /* plain bytes 16 at a time (inspex/scan.h; the block is written back
     * as it was): the NUL at the end stops it, FAST_PAD bytes before its
     * reads would leave the copy */
    while ((m = inspex_scan_block(p, p, '"', '\\', '"', '"', 0x20)) == 0)
        p += INSPEX_SCAN_BLOCK;
    p += inspex_scan_first(m);
    if (*p != '"')
        return fstr_slow(f, start, p, s, n);
    *p = '\0';
    *s = start;
    *n = (size_t)(p - start);
    f->p = p + 1;
    return 1;
}

/* 1 when the string at f->p is q, a key written with its quotes and no
 * escapes ("\"title\"", n bytes), stepped over; 0 leaves f->p where it
 * was. Inline, for memcmp of a constant length to be a few loads: the
 * NUL at the end stops any match, and the pad keeps the reads inside. */
#define FKEY_IS(f, q) \
    (memcmp((f)->p, q, sizeof(q) - 1) == 0 ? ((f)->p += sizeof(q) - 1, 1) : 0)

/* A JSON number at f->p, its text as written into f->num; 0 to give up
 * (a number jansson cannot read: one too large for a double). */
static int fnumber(fast_t *f, const char **out)
{
    const char *s = f->p;
    int real = 0;

    if (f->p < f->end && *f->p == '-')
        f->p++;
    if (f->p >= f->end || !(*f->p >= '0' && *f->p <= '9'))
        return 0;
    if (*f->p == '0' && f->p + 1 < f->end && f->p[1] >= '0' && f->p[1] <= '9')
        return 0;
    while (f->p < f->end && *f->p >= '0' && *f->p <= '9')
        f->p++;
    if (f->p < f->end && *f->p == '.') {
        real = 1;
        f->p++;
        if (f->p >= f->end || !(*f->p >= '0' && *f->p <= '9'))
            return 0;
        while (f->p < f->end && *f->p >= '0' && *f->p <= '9')
            f->p++;
    }
    if (f->p < f->end && (*f->p == 'e' || *f->p == 'E')) {
        real = 1;
        f->p++;
        if (f->p < f->end && (*f->p == '+' || *f->p == '-'))
            f->p++;
        if (f->p >= f->end || !(*f->p >= '0' && *f->p <= '9'))
            return 0;
        while (f->p < f->end && *f->p >= '0' && *f->p <= '9')
            f->p++;
    }
    inspex_buf_reset(&f->num);
    if (inspex_buf_add(&f->num, s, (size_t)(f->p - s)) != 0)
        return 0;
    /* jansson refuses a real (or, read as one, an integer) that
     * overflows a double */
    if ((real || f->num.len > 18) && !isfinite(strtod(f->num.p, NULL)))
        return 0;
    *out = f->num.p;
    return 1;
}

static int fvalue(fast_t *f, int depth, const char *k, size_t kn);

/* Sets the scalar for the flat key k (kn bytes). Keys come in the
 * document's order, as jansson gives them, so both paths set the same
 * things. */
static int fset(fast_t *f, const char *k, size_t kn, const char *text, int kind)
{
    if (f->st == INSPEX_OK)
        f->st = json__flat_value(f->r, f->insp, k, kn, text, kind, f->taken,
                                 f->err);
    return 1;
}

/* Appends ".part" (part alone at the top, where dot is 0) to the key;
 * returns the old length, or (size_t)-1 when too long. */
static size_t fpush(fast_t *f, const char *part, size_t n, int dot)
{
    size_t old = f->keylen;

    if (old + dot + n + 1 > sizeof(f->key))
        return (size_t)-1;
    if (dot)
        f->key[old] = '.';
    memcpy(f->key + old + dot, part, n);
    f->keylen = old + dot + n;
    f->key[f->keylen] = '\0';
    return old;
}

typedef json_keys_t fkeys_t;

/* A cheap hash of a key: its length and its first and last eight bytes
 * (keys that differ only inside are told apart by the comparison). */
static uint64_t fkey_hash(const char *k, size_t len)
{
    uint64_t a = 0, b = 0;

    if (len >= 8) {
        memcpy(&a, k, 8);
        memcpy(&b, k + len - 8, 8);
    } else {
        memcpy(&a, k, len);
    }
    a = (a ^ (b * 0x9E3779B97F4A7C15ULL) ^ len) * 0xFF51AFD7ED558CCDULL;
    return a ^ (a >> 31);
}

static int fkeys_add(fkeys_t *ks, const char *k, size_t len)
{
    uint64_t h = fkey_hash(k, len), bit = 1ULL << (h & 63);

    for (size_t i = 0; (ks->seen & bit) && i < ks->n; i++)
        if (ks->h[i] == h && ks->len[i] == len &&
            memcmp(ks->text + ks->off[i], k, len) == 0)
            return 0;
    if (ks->n == sizeof(ks->h) / sizeof(ks->h[0]) ||
        len > sizeof(ks->text) - ks->used)
        return 0; /* too many or too long: the jansson path reads it */
    memcpy(ks->text + ks->used, k, len);
    ks->off[ks->n] = ks->used;
    ks->len[ks->n] = len;
    ks->h[ks->n++] = h;
    ks->used += len;
    ks->seen |= bit;
    return 1;
}

/* The duplicate check of a record's top-level key k: while the record's
 * keys are the last record's (r->last_keys, all different), in the same
 * order, none can be repeated; from the first that differs, those before
 * it are taken from the last record's and each key is checked by
 * fkeys_add into ks, which becomes the last record's when the record is
 * read. */
static int ftop_key(fast_t *f, fkeys_t *ks, const char *k, size_t kn)
{
    const fkeys_t *last = &f->r->last_keys;
    size_t i = f->ntop++;

    if (f->same) {
        if (i < last->n && last->len[i] == kn &&
            same_bytes(last->text + last->off[i], k, kn))
            return 1;
        f->same = 0;
        ks->n = i;
        ks->used = i ? last->off[i - 1] + last->len[i - 1] : 0;
        ks->seen = 0;
        memcpy(ks->text, last->text, ks->used);
        for (size_t j = 0; j < i; j++) {
            ks->h[j] = last->h[j];
            ks->off[j] = last->off[j];
            ks->len[j] = last->len[j];
            ks->seen |= 1ULL << (ks->h[j] & 63);
        }
    }
    return fkeys_add(ks, k, kn);
}

/* Which of the inspex record's own keys k is ("judgements", "extra",
 * the item lists): OWN_NONE for most keys, told by their length first. */
enum { OWN_NONE = -1, OWN_JUDGEMENTS = INSPEX_ITEM__COUNT, OWN_EXTRA };

static int record_key(const char *k, size_t len)
{
    /* all of them begin with one of these letters */
    switch (k[0]) {
    case 'j':
    case 'e':
    case 'r':
    case 'f':
    case 'a':
    case 's': break;
    default: return OWN_NONE;
    }
    if (len == 10 && memcmp(k, "judgements", 10) == 0)
        return OWN_JUDGEMENTS;
    if (len == 5 && memcmp(k, "extra", 5) == 0)
        return OWN_EXTRA;
    for (int i = 0; i < INSPEX_ITEM__COUNT; i++)
        if (item_keys[i][0] == k[0] && strlen(item_keys[i]) == len &&
            memcmp(k, item_keys[i], len) == 0)
            return i;
    return OWN_NONE;
}

/* Expects the byte c (after white space) and steps over it. */
static inline int fexpect(fast_t *f, char c)
{
    fskip(f);
    if (*f->p != c)
        return 0;
    f->p++;
    return 1;
}

/* After a member: 1 at ',' (stepped over), 0 at the closing byte
 * (stepped over), -1 on anything else. */
static inline int fnext(fast_t *f, char close)
{
    fskip(f);
    if (*f->p == ',') {
        f->p++;
        return 1;
    }
    if (*f->p == close) {
        f->p++;
        return 0;
    }
    return -1;
}

/* 1 when the container at f->p (after white space) is empty, and steps
 * over it; 0 with f->p past its opening byte otherwise; -1 when it does
 * not open with c. */
static inline int fopen_(fast_t *f, char open, char close)
{
    if (!fexpect(f, open))
        return -1;
    fskip(f);
    if (*f->p == close) {
        f->p++;
        return 1;
    }
    return 0;
}

/* A string value after white space, decoded where it is (fstr_in); NULL
 * to give up. */
static inline const char *fhold(fast_t *f)
{
    const char *s;
    size_t n;

    fskip(f);
    return fstr_in(f, &s, &n) ? s : NULL;
}

/* A small whole number as jansson would give it to (int): plain digits,
 * nine at most; anything else is left to jansson. */
static int fsmall_int(fast_t *f, int *out)
{
    long v = 0;
    int neg = 0, n = 0;

    fskip(f);
    if (f->p < f->end && *f->p == '-') {
        neg = 1;
        f->p++;
    }
    if (f->p >= f->end ||
        (*f->p == '0' && f->end - f->p > 1 && f->p[1] >= '0' && f->p[1] <= '9'))
        return 0;
    while (f->p < f->end && *f->p >= '0' && *f->p <= '9' && n < 10) {
        v = v * 10 + (*f->p++ - '0');
        n++;
    }
    if (n == 0 || n > 9 ||
        (f->p < f->end && (*f->p == '.' || *f->p == 'e' || *f->p == 'E' ||
                           (*f->p >= '0' && *f->p <= '9'))))
        return 0;
    *out = (int)(neg ? -v : v);
    return 1;
}

/* A scalar's text as json_read.c's scalar_text gives it (into num for a
 * number); 0 for anything else, and to give up. */
static int fscalar(fast_t *f, char *num, size_t size, const char **text)
{
    size_t n;

    switch (*f->p) {
    case '"': return fstr_in(f, text, &n);
    case 't':
        if (memcmp(f->p, "true", 4) != 0)
            return 0;
        f->p += 4;
        *text = "true";
        return 1;
    case 'f':
        if (memcmp(f->p, "false", 5) != 0)
            return 0;
        f->p += 5;
        *text = "false";
        return 1;
    case 'n':
        if (memcmp(f->p, "null", 4) != 0)
            return 0;
        f->p += 4;
        *text = "";
        return 1;
    case '{':
    case '[': return 0;
    default:
        if (!fnumber(f, text))
            return 0;
        *text = json__number_text(*text, num, size);
        return 1;
    }
}

/* A strand read, to be added once its judgement has its title and
 * rating (as json_read.c's read_judgements adds them). */
typedef struct fstrand_at {
    const char *name;
    int num, den;
} fstrand_at_t;

/* A strand {"name": ..., "numerator": ..., "denominator": ...}, kept in
 * f->hold. */
static int fstrand(fast_t *f)
{
    fstrand_at_t at = {NULL, 0, 0};
    int seen = 0, more;

    if ((more = fopen_(f, '{', '}')) != 0)
        return 0; /* an empty strand is an error: jansson says which */
    do {
        const char *k;
        size_t n;
        fskip(f);
        if (!fstr_in(f, &k, &n) || !fexpect(f, ':'))
            return 0;
        if (n == 4 && memcmp(k, "name", 4) == 0 && !(seen & 1)) {
            if ((at.name = fhold(f)) == NULL)
                return 0;
            seen |= 1;
        } else if (n == 9 && memcmp(k, "numerator", 9) == 0 && !(seen & 2)) {
            if (!fsmall_int(f, &at.num))
                return 0;
            seen |= 2;
        } else if (n == 11 && memcmp(k, "denominator", 11) == 0 &&
                   !(seen & 4)) {
            if (!fsmall_int(f, &at.den))
                return 0;
            seen |= 4;
        } else {
            return 0; /* other keys, or one twice: jansson's */
        }
    } while ((more = fnext(f, '}')) == 1);
    if (more < 0 || seen != 7)
        return 0;
    return inspex_buf_add(&f->hold, &at, sizeof(at)) == 0;
}

/* A judgement's "strands": [...], each kept in f->hold. */
static int fstrands(fast_t *f)
{
    int more = fopen_(f, '[', ']');

    if (more != 0)
        return more > 0;
    do {
        if (!fstrand(f))
            return 0;
    } while ((more = fnext(f, ']')) == 1);
    return more == 0;
}

/* One judgement's object {"title": ..., "rating": ..., "strands": [...]}
 * after its code, applied (unless apply is 0) as json_read.c's
 * read_judgements does: title, rating, then strands, whatever their
 * order in the text. Any other key, type or a model error: given up, and
 * jansson says what is wrong. */
static int fjudgement(fast_t *f, const char *code, int apply)
{
    const char *title = NULL, *rating = NULL;
    int seen = 0, in;
    inspex_judgement_t *j;

    inspex_buf_reset(&f->hold);
    if (!fexpect(f, ':') || (in = fopen_(f, '{', '}')) < 0)
        return 0;
    while (in == 0) {
        int key;
        fskip(f);
        /* the keys inspex writes, told without decoding them */
        key = FKEY_IS(f, "\"title\"")     ? 1
              : FKEY_IS(f, "\"rating\"")  ? 2
              : FKEY_IS(f, "\"strands\"") ? 4
                                          : 0;
        if (key == 0 || (seen & key) || !fexpect(f, ':'))
            return 0; /* another key, or one twice: jansson's */
        fskip(f);
        seen |= key;
        if (key == 1) {
            if ((title = fhold(f)) == NULL)
                return 0;
        } else if (key == 2) {
            if (memcmp(f->p, "null", 4) == 0)
                f->p += 4;
            else if ((rating = fhold(f)) == NULL)
                return 0;
        } else if (!fstrands(f)) { /* added after the title and rating */
            return 0;
        }
        /* 1 (a comma) reads on; 0 (the brace) ends the judgement */
        if ((in = fnext(f, '}')) < 0)
            return 0;
        in = !in;
    }
    if (!apply)
        return 1;
    j = inspex_inspection_add_judgement(f->insp, code, f->err);
    if (j == NULL || (title && inspex_judgement_set_title(j, title, f->err)) ||
        (rating && inspex_judgement_set_rating(j, rating, f->err)))
        return 0;
    for (size_t i = 0; i < f->hold.len; i += sizeof(fstrand_at_t)) {
        fstrand_at_t at;
        memcpy(&at, f->hold.p + i, sizeof(at));
        if (inspex_judgement_add_strand(j, at.name, at.num, at.den, f->err) !=
            INSPEX_OK)
            return 0;
    }
    return 1;
}

/* "judgements": {"1.1": {...}, ...}. */
static int fjudgements(fast_t *f, int apply)
{
    fkeys_t codes;
    int more;

    codes.n = codes.used = 0;
    codes.seen = 0;
    if ((more = fopen_(f, '{', '}')) != 0)
        return more > 0;
    do {
        const char *code;
        size_t n;
        fskip(f);
        /* a repeated code: add_judgement refuses it when applying */
        if (!fstr_in(f, &code, &n) || (!apply && !fkeys_add(&codes, code, n)) ||
            !fjudgement(f, code, apply))
            return 0;
    } while ((more = fnext(f, '}')) == 1);
    return more == 0;
}

/* "extra": [["key", "value"], ...]. */
static int fextra(fast_t *f, int apply)
{
    int more;

    if ((more = fopen_(f, '[', ']')) != 0)
        return more > 0;
    do {
        const char *k, *v;
        if (!fexpect(f, '[') || (k = fhold(f)) == NULL || !fexpect(f, ',') ||
            (v = fhold(f)) == NULL || !fexpect(f, ']'))
            return 0;
        if (apply &&
            inspex_inspection_add_extra(f->insp, k, v, f->err) != INSPEX_OK)
            return 0;
    } while ((more = fnext(f, ']')) == 1);
    return more == 0;
}

/* An item list: [{"reference": ..., "text": ...}, ...], each key an
 * attribute of the kind, each value a scalar written as json_read.c's
 * scalar_text writes it. */
static int fitems(fast_t *f, inspex_item_kind_t kind, int apply)
{
    int more;

    if ((more = fopen_(f, '[', ']')) != 0)
        return more > 0;
    do {
        fkeys_t ks;
        inspex_item_t *item = NULL;
        int in;

        ks.n = ks.used = 0;
        ks.seen = 0;
        if ((in = fopen_(f, '{', '}')) < 0)
            return 0;
        if (apply && (item = inspex_inspection_add_item(f->insp, kind)) == NULL)
            return 0;
        while (in == 0) {
            char num[64];
            const char *k, *text;
            size_t n;
            int a;
            fskip(f);
            if (!fstr_in(f, &k, &n) || !fkeys_add(&ks, k, n) ||
                (a = inspex_match_attr(kind, k)) < 0 || !fexpect(f, ':'))
                return 0;
            fskip(f);
            if (!fscalar(f, num, sizeof(num), &text))
                return 0;
            if (apply && inspex_item_set(item, (inspex_attr_t)a, text, 0,
                                         f->err) != INSPEX_OK)
                return 0;
            if ((in = fnext(f, '}')) < 0)
                return 0;
            in = !in; /* as in fjudgement */
        }
    } while ((more = fnext(f, ']')) == 1);
    return more == 0;
}

/* One of the record's own keys (which: record_key's answer), read as
 * json__read_record reads it; 0 to give up. Once the record has failed
 * (f->st), the rest is only read, as jansson stops applying there. */
static int fown(fast_t *f, int which)
{
    int apply = f->st == INSPEX_OK;

    fskip(f);
    if (which == OWN_JUDGEMENTS)
        return fjudgements(f, apply);
    /* "extra" or an item list that is not an array is a flat key to
     * jansson's reader; rare enough to leave to it */
    if (*f->p != '[')
        return 0;
    if (which == OWN_EXTRA)
        return fextra(f, apply);
    return fitems(f, (inspex_item_kind_t)which, apply);
}

static int fcontainer_keys(fast_t *f, int depth, int array, fkeys_t *ks)
{
    size_t index = 0;

    if (depth > 16)
        return 0;
    f->p++;
    fskip(f);
    if (*f->p == (array ? ']' : '}')) {
        f->p++;
        return 1;
    }
    for (;;) {
        size_t old;
        char part[24];

        fskip(f);
        if (array) {
            /* the element's number, from 1, written by hand: arrays of
             * ratings are common (Miller writes 1.1-1.4 as "1": [...]) */
            char rev[24];
            size_t n = 0, v = ++index, k = 0;
            do {
                rev[n++] = (char)('0' + v % 10);
                v /= 10;
            } while (v && n < sizeof(rev));
            while (n)
                part[k++] = rev[--n];
            old = fpush(f, part, k, depth > 0);
        } else {
            const char *k;
            size_t kn;
            if (!fstr_in(f, &k, &kn) ||
                !(depth == 0 ? ftop_key(f, ks, k, kn) : fkeys_add(ks, k, kn)))
                return 0;
            /* the inspex record's own keys, as json__read_record has
             * them */
            int own = depth == 0 ? record_key(k, kn) : OWN_NONE;
            if (own != OWN_NONE) {
                if (!fexpect(f, ':') || !fown(f, own))
                    return 0;
                goto next;
            }
            if (!fexpect(f, ':'))
                return 0;
            fskip(f);
            /* a scalar at the top: its key is the key, as it is */
            if (depth == 0 && *f->p != '{' && *f->p != '[') {
                if (!fvalue(f, 1, k, kn))
                    return 0;
                goto next;
            }
            old = fpush(f, k, kn, depth > 0);
        }
        if (old == (size_t)-1)
            return 0;
        fskip(f);
        if (!fvalue(f, depth + 1, f->key, f->keylen))
            return 0;
        f->keylen = old;
        f->key[old] = '\0';
    next:
        fskip(f);
        if (*f->p == ',') {
            f->p++;
            continue;
        }
        if (*f->p == (array ? ']' : '}')) {
            f->p++;
            return 1;
        }
        return 0;
    }
}

static int fcontainer(fast_t *f, int depth, int array)
{
    fkeys_t ks;

    ks.n = ks.used = 0;
    ks.seen = 0;
    return fcontainer_keys(f, depth, array, &ks);
}

/* A value at f->p, flattened under the key k (kn bytes, NUL-terminated):
 * a container's keys go on f->key, a scalar is set for k. */
static int fvalue(fast_t *f, int depth, const char *k, size_t kn)
{
    const char *text;
    size_t n;

    switch (*f->p) {
    case '{': return fcontainer(f, depth, 0);
    case '[': return fcontainer(f, depth, 1);
    case '"': return fstr_in(f, &text, &n) && fset(f, k, kn, text, JV_STRING);
    case 't':
        if (memcmp(f->p, "true", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, k, kn, "true", JV_OTHER);
    case 'f':
        if (memcmp(f->p, "false", 5) != 0)
            return 0;
        f->p += 5;
        return fset(f, k, kn, "false", JV_OTHER);
    case 'n':
        if (memcmp(f->p, "null", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, k, kn, "", JV_OTHER);
    default: return fnumber(f, &text) && fset(f, k, kn, text, JV_NUMBER);
    }
}

/* Keeps a buffer for the next record, unless it grew past 64 KiB. */
static void keep(inspex_buf_t *to, inspex_buf_t *b)
{
    if (b->cap > 65536) {
        free(b->p);
        inspex_buf_init(b, 0);
    }
    *to = *b;
}

/* json__fast_record, or with used json__fast_prefix. */
static int fast_record(rd_t *r, const char *text, size_t len, size_t *used,
                       inspex_inspection_t *insp, inspex_status_t *st,
                       inspex_error_t *err)
{
    fast_t f;
    fkeys_t ks; /* the top-level keys, when not the last record's */
    int taken[INSPEX_FIELD__COUNT] = {0};
    int ok;
    inspex_buf_t copy = r->fbuf[2];

    if (inspex_utf8_check(text, len, NULL) != INSPEX_OK)
        return FAST_BAIL; /* jansson names the byte */
    /* the copy the parser walks and writes (FAST_PAD, fskip) */
    copy.len = 0;
    if (inspex_buf_reserve(&copy, len + FAST_PAD) != 0) {
        r->fbuf[2] = copy;
        return FAST_BAIL;
    }
    memcpy(copy.p, text, len);
    memset(copy.p + len, 0, FAST_PAD + 1);
    memset(&f, 0, sizeof(f));
    f.hold = r->fbuf[0];
    f.num = r->fbuf[1];
    f.hold.len = f.num.len = 0;
    f.p = copy.p;
    f.end = copy.p + len;
    f.r = r;
    f.insp = insp;
    f.taken = taken;
    f.err = err;
    f.st = INSPEX_OK;
    f.same = 1;
    ks.n = ks.used = 0;
    ks.seen = 0;
    inspex_inspection_set_origin(insp, r->source, r->line);
    r->kpos = 0;
    fskip(&f);
    ok = *f.p == '{' && fcontainer_keys(&f, 0, 0, &ks);
    if (ok && used) {
        *used = (size_t)(f.p - copy.p);
    } else if (ok) {
        fskip(&f);
        ok = f.p == f.end;
    }
    if (ok && !f.same)
        r->last_keys = ks;
    keep(&r->fbuf[0], &f.hold);
    keep(&r->fbuf[1], &f.num);
    keep(&r->fbuf[2], &copy);
    if (!ok)
        return FAST_BAIL;
    *st = f.st;
    return FAST_DONE;
}

int json__fast_record(rd_t *r, const char *text, size_t len,
                      inspex_inspection_t *insp, inspex_status_t *st,
                      inspex_error_t *err)
{
    return fast_record(r, text, len, NULL, insp, st, err);
}

int json__fast_prefix(rd_t *r, const char *text, size_t len, size_t *used,
                      inspex_inspection_t *insp, inspex_status_t *st,
                      inspex_error_t *err)
{
    return fast_record(r, text, len, used, insp, st, err);
}
