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
    inspex_buf_t str;   /* decoded string */
    inspex_buf_t hold;  /* strings kept while the next is decoded */
    inspex_buf_t num;   /* a number's text as written */
    inspex_status_t st; /* of the model, when FAST_DONE */
    inspex_error_t *err;
} fast_t;

static void fskip(fast_t *f)
{
    while (f->p < f->end &&
           (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* A string at f->p, decoded and appended to b with a NUL after it; 0
 * to give up. A NUL byte or \u0000 gives up, so no decoded string holds
 * one. */
static int fstring_to(fast_t *f, inspex_buf_t *b)
{
    const char *run;

    if (f->p >= f->end || *f->p != '"')
        return 0;
    run = ++f->p;
    for (;;) {
        /* plain bytes 16 at a time, copied into b before they are looked
         * at (inspex/scan.h), up to the first that is not; then eight at
         * a time, unless the first is plain; in locals: f's fields would
         * be stored at every step */
        const char *p = f->p, *end = f->end;
        int found = 0;
        if (p == run) {
            size_t got = 0;
            while (end - p >= INSPEX_SCAN_BLOCK) {
                unsigned m;
                if (inspex_buf_reserve(b, got + INSPEX_SCAN_BLOCK) != 0)
                    return 0;
                m = inspex_scan_block(p, b->p + b->len + got, '"', '\\', '"',
                                      '"', 0x20);
                if (m) {
                    unsigned k = inspex_scan_first(m);
                    p += k;
                    got += k;
                    found = 1;
                    break;
                }
                p += INSPEX_SCAN_BLOCK;
                got += INSPEX_SCAN_BLOCK;
            }
            b->len += got; /* its NUL comes with the next append */
            run = p;
        }
        while (!found && end - p >= 8) {
            uint64_t m = special8(p);
            if (m) {
                p += plain_prefix(m);
                break;
            }
            p += 8;
        }
        f->p = p;
        if (f->p >= f->end)
            return 0;
        unsigned char c = (unsigned char)*f->p;
        if (c == '"')
            break;
        if (c < 0x20)
            return 0;
        if (c != '\\') {
            f->p++;
            continue;
        }
        if (inspex_buf_add(b, run, (size_t)(f->p - run)) != 0 ||
            f->end - f->p < 2)
            return 0;
        char e = f->p[1], out;
        f->p += 2;
        switch (e) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            char u8[4];
            size_t n;
            if (f->end - f->p < 4)
                return 0;
            for (int i = 0; i < 4; i++) {
                int h = hexval(f->p[i]);
                if (h < 0)
                    return 0;
                cp = cp * 16 + (unsigned)h;
            }
            f->p += 4;
            /* NULs and surrogates (pairs included) are left to jansson */
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
            if (cp < 0x80) {
                u8[0] = (char)cp;
                n = 1;
            } else if (cp < 0x800) {
                u8[0] = (char)(0xC0 | (cp >> 6));
                u8[1] = (char)(0x80 | (cp & 0x3F));
                n = 2;
            } else {
                u8[0] = (char)(0xE0 | (cp >> 12));
                u8[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u8[2] = (char)(0x80 | (cp & 0x3F));
                n = 3;
            }
            if (inspex_buf_add(b, u8, n) != 0)
                return 0;
            run = f->p;
            continue;
        }
        default: return 0;
        }
        if (inspex_buf_add(b, &out, 1) != 0)
            return 0;
        run = f->p;
    }
    if (inspex_buf_add(b, run, (size_t)(f->p - run)) != 0)
        return 0;
    f->p++;
    return 1;
}

/* A string at f->p into f->str; 0 to give up. */
static int fstring(fast_t *f)
{
    f->str.len = 0;
    return fstring_to(f, &f->str);
}

/* An object's key at f->p, stepped over: *k and *n its bytes, as they
 * are in the text when it holds no escape (most keys; no copy), else as
 * fstring decodes them into f->str. 0 to give up. */
static int fkey(fast_t *f, const char **k, size_t *n)
{
    const char *p, *end = f->end;

    if (f->p >= end || *f->p != '"')
        return 0;
    p = f->p + 1;
    for (;;) {
        uint64_t m;
        if (end - p < 8) {
            while (p < end && (unsigned char)*p >= 0x20 && *p != '"' &&
                   *p != '\\')
                p++;
            break;
        }
        if ((m = special8(p)) != 0) {
            p += plain_prefix(m);
            while (p < end && (unsigned char)*p >= 0x20 && *p != '"' &&
                   *p != '\\')
                p++;
            break;
        }
        p += 8;
    }
    if (p < end && *p == '"') {
        *k = f->p + 1;
        *n = (size_t)(p - *k);
        f->p = p + 1;
        return 1;
    }
    if (!fstring(f))
        return 0;
    *k = f->str.p;
    *n = f->str.len;
    return 1;
}

/* 1 when the string at f->p is the key k (n bytes, plain ASCII: no
 * escapes to decode), stepped over; 0 leaves f->p where it was. */
static int fkey_is(fast_t *f, const char *k, size_t n)
{
    /* the first letter first: memcmp is a call */
    if ((size_t)(f->end - f->p) < n + 2 || f->p[0] != '"' || f->p[1] != k[0] ||
        memcmp(f->p + 1, k, n) != 0 || f->p[n + 1] != '"')
        return 0;
    f->p += n + 2;
    return 1;
}

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

static int fvalue(fast_t *f, int depth);

/* Sets the scalar for the current key. Keys come in the document's order,
 * as jansson gives them, so both paths set the same things. */
static int fset(fast_t *f, const char *text, int kind)
{
    if (f->st == INSPEX_OK)
        f->st = json__flat_value(f->r, f->insp, f->key, f->keylen, text, kind,
                                 f->taken, f->err);
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

/* The keys of one object, to refuse a repeated one as jansson does:
 * hashes first, strings only when two hashes meet. */
/* The keys of one object, for the duplicate check: hashes, and the keys
 * themselves one after another in one buffer (no allocation per key). */
typedef struct fkeys {
    uint64_t h[64];
    size_t off[64], len[64];
    char text[2048];
    size_t n, used;
    uint64_t seen; /* bit h % 64 of every key held: most keys are new */
} fkeys_t;

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
static int fexpect(fast_t *f, char c)
{
    fskip(f);
    if (f->p >= f->end || *f->p != c)
        return 0;
    f->p++;
    return 1;
}

/* After a member: 1 at ',' (stepped over), 0 at the closing byte
 * (stepped over), -1 on anything else. */
static int fnext(fast_t *f, char close)
{
    fskip(f);
    if (f->p < f->end && *f->p == ',') {
        f->p++;
        return 1;
    }
    if (f->p < f->end && *f->p == close) {
        f->p++;
        return 0;
    }
    return -1;
}

/* 1 when the container at f->p (after white space) is empty, and steps
 * over it; 0 with f->p past its opening byte otherwise; -1 when it does
 * not open with c. */
static int fopen_(fast_t *f, char open, char close)
{
    if (!fexpect(f, open))
        return -1;
    fskip(f);
    if (f->p < f->end && *f->p == close) {
        f->p++;
        return 1;
    }
    return 0;
}

/* A string kept in f->hold: its offset, or (size_t)-1 to give up. NUL
 * bytes are left to jansson, as everywhere in the fast path. */
static size_t fhold(fast_t *f)
{
    size_t at = f->hold.len;

    fskip(f);
    if (!fstring_to(f, &f->hold))
        return (size_t)-1;
    f->hold.len++; /* its NUL stays; the buffer keeps room for one more */
    return at;
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
    if (f->p >= f->end)
        return 0;
    switch (*f->p) {
    case '"':
        if (!fstring(f))
            return 0;
        *text = f->str.p;
        return 1;
    case 't':
        if (f->end - f->p < 4 || memcmp(f->p, "true", 4) != 0)
            return 0;
        f->p += 4;
        *text = "true";
        return 1;
    case 'f':
        if (f->end - f->p < 5 || memcmp(f->p, "false", 5) != 0)
            return 0;
        f->p += 5;
        *text = "false";
        return 1;
    case 'n':
        if (f->end - f->p < 4 || memcmp(f->p, "null", 4) != 0)
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

/* A strand {"name": ..., "numerator": ..., "denominator": ...} added to
 * j (NULL once the record has failed: read, not added). */
static int fstrand(fast_t *f, inspex_judgement_t *j)
{
    size_t name = (size_t)-1;
    int num = 0, den = 0, seen = 0, more;

    if ((more = fopen_(f, '{', '}')) != 0)
        return 0; /* an empty strand is an error: jansson says which */
    do {
        fskip(f);
        if (!fstring(f) || !fexpect(f, ':'))
            return 0;
        if (f->str.len == 4 && memcmp(f->str.p, "name", 4) == 0 &&
            !(seen & 1)) {
            if ((name = fhold(f)) == (size_t)-1)
                return 0;
            seen |= 1;
        } else if (f->str.len == 9 && memcmp(f->str.p, "numerator", 9) == 0 &&
                   !(seen & 2)) {
            if (!fsmall_int(f, &num))
                return 0;
            seen |= 2;
        } else if (f->str.len == 11 &&
                   memcmp(f->str.p, "denominator", 11) == 0 && !(seen & 4)) {
            if (!fsmall_int(f, &den))
                return 0;
            seen |= 4;
        } else {
            return 0; /* other keys, or one twice: jansson's */
        }
    } while ((more = fnext(f, '}')) == 1);
    if (more < 0 || seen != 7)
        return 0;
    return j == NULL || inspex_judgement_add_strand(j, f->hold.p + name, num,
                                                    den, f->err) == INSPEX_OK;
}

/* A judgement's "strands": [...], each added to j (NULL: only read). */
static int fstrands(fast_t *f, inspex_judgement_t *j)
{
    int more = fopen_(f, '[', ']');

    if (more != 0)
        return more > 0;
    do {
        if (!fstrand(f, j))
            return 0;
    } while ((more = fnext(f, ']')) == 1);
    return more == 0;
}

/* "judgements": {"1.1": {"title": ..., "rating": ..., "strands": [...]},
 * ...}, applied as json_read.c's read_judgements does (title, rating,
 * then strands, whatever their order in the text). Any other key, type
 * or a model error: given up, and jansson says what is wrong. */
static int fjudgements(fast_t *f, int apply)
{
    fkeys_t codes;
    int more;

    codes.n = codes.used = 0;
    codes.seen = 0;
    if ((more = fopen_(f, '{', '}')) != 0)
        return more > 0;
    do {
        size_t code, title = (size_t)-1, rating = (size_t)-1;
        const char *strands = NULL;
        int seen = 0, in;
        inspex_judgement_t *j = NULL;

        inspex_buf_reset(&f->hold);
        /* a repeated code: add_judgement refuses it when applying */
        if ((code = fhold(f)) == (size_t)-1 ||
            (!apply &&
             !fkeys_add(&codes, f->hold.p + code, strlen(f->hold.p + code))) ||
            !fexpect(f, ':') || (in = fopen_(f, '{', '}')) < 0)
            return 0;
        while (in == 0) {
            int key;
            fskip(f);
            /* the keys inspex writes, told without decoding them */
            key = fkey_is(f, "title", 5)     ? 1
                  : fkey_is(f, "rating", 6)  ? 2
                  : fkey_is(f, "strands", 7) ? 4
                                             : 0;
            if (key == 0 || (seen & key) || !fexpect(f, ':'))
                return 0; /* another key, or one twice: jansson's */
            fskip(f);
            if (key == 1) {
                if ((title = fhold(f)) == (size_t)-1)
                    return 0;
                seen |= 1;
            } else if (key == 2) {
                if (f->end - f->p >= 4 && memcmp(f->p, "null", 4) == 0)
                    f->p += 4;
                else if ((rating = fhold(f)) == (size_t)-1)
                    return 0;
                seen |= 2;
            } else {
                /* read after the title and rating are set */
                strands = f->p;
                if (!fstrands(f, NULL))
                    return 0;
                seen |= 4;
            }
            /* 1 (a comma) reads on; 0 (the brace) ends the judgement */
            if ((in = fnext(f, '}')) < 0)
                return 0;
            in = !in;
        }
        if (apply) {
            j = inspex_inspection_add_judgement(f->insp, f->hold.p + code,
                                                f->err);
            if (j == NULL ||
                (title != (size_t)-1 &&
                 inspex_judgement_set_title(j, f->hold.p + title, f->err)) ||
                (rating != (size_t)-1 &&
                 inspex_judgement_set_rating(j, f->hold.p + rating, f->err)))
                return 0;
        }
        if (strands && apply) {
            const char *after = f->p;
            f->p = strands;
            if (!fstrands(f, j))
                return 0;
            f->p = after;
        }
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
        size_t k, v;
        inspex_buf_reset(&f->hold);
        if (!fexpect(f, '[') || (k = fhold(f)) == (size_t)-1 ||
            !fexpect(f, ',') || (v = fhold(f)) == (size_t)-1 ||
            !fexpect(f, ']'))
            return 0;
        if (apply &&
            inspex_inspection_add_extra(f->insp, f->hold.p + k, f->hold.p + v,
                                        f->err) != INSPEX_OK)
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
            const char *text;
            int a;
            fskip(f);
            if (!fstring(f) || !fkeys_add(&ks, f->str.p, f->str.len) ||
                (a = inspex_match_attr(kind, f->str.p)) < 0 || !fexpect(f, ':'))
                return 0;
            fskip(f);
            if (!fscalar(f, num, sizeof(num), &text))
                return 0;
            if (apply && inspex_item_set(item, (inspex_attr_t)a, text, 0,
                                         f->err) != INSPEX_OK)
                return 0;
            if ((in = fnext(f, '}')) < 0)
                return 0;
            in = !in; /* as in fjudgements */
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
    if (f->p >= f->end || *f->p != '[')
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
    if (f->p < f->end && *f->p == (array ? ']' : '}')) {
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
            if (!fkey(f, &k, &kn) || !fkeys_add(ks, k, kn))
                return 0;
            /* the inspex record's own keys, as json__read_record has
             * them */
            int own = depth == 0 ? record_key(k, kn) : OWN_NONE;
            if (own != OWN_NONE) {
                if (!fexpect(f, ':') || !fown(f, own))
                    return 0;
                goto next;
            }
            old = fpush(f, k, kn, depth > 0);
            fskip(f);
            if (f->p >= f->end || *f->p != ':')
                return 0;
            f->p++;
        }
        if (old == (size_t)-1)
            return 0;
        fskip(f);
        if (!fvalue(f, depth + 1))
            return 0;
        f->keylen = old;
        f->key[old] = '\0';
    next:
        fskip(f);
        if (f->p < f->end && *f->p == ',') {
            f->p++;
            continue;
        }
        if (f->p < f->end && *f->p == (array ? ']' : '}')) {
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

static int fvalue(fast_t *f, int depth)
{
    const char *num;

    if (f->p >= f->end)
        return 0;
    switch (*f->p) {
    case '{': return fcontainer(f, depth, 0);
    case '[': return fcontainer(f, depth, 1);
    case '"': return fstring(f) && fset(f, f->str.p, JV_STRING);
    case 't':
        if (f->end - f->p < 4 || memcmp(f->p, "true", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, "true", JV_OTHER);
    case 'f':
        if (f->end - f->p < 5 || memcmp(f->p, "false", 5) != 0)
            return 0;
        f->p += 5;
        return fset(f, "false", JV_OTHER);
    case 'n':
        if (f->end - f->p < 4 || memcmp(f->p, "null", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, "", JV_OTHER);
    default: return fnumber(f, &num) && fset(f, num, JV_NUMBER);
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

/* Builds insp from the record's text: FAST_DONE with the model's verdict
 * in *st, or FAST_BAIL. */
int json__fast_record(rd_t *r, const char *text, size_t len,
                      inspex_inspection_t *insp, inspex_status_t *st,
                      inspex_error_t *err)
{
    fast_t f;
    int taken[INSPEX_FIELD__COUNT] = {0};
    int ok;

    if (inspex_utf8_check(text, len, NULL) != INSPEX_OK)
        return FAST_BAIL; /* jansson names the byte */
    memset(&f, 0, sizeof(f));
    f.str = r->fbuf[0];
    f.hold = r->fbuf[1];
    f.num = r->fbuf[2];
    f.str.len = f.hold.len = f.num.len = 0;
    f.p = text;
    f.end = text + len;
    f.r = r;
    f.insp = insp;
    f.taken = taken;
    f.err = err;
    f.st = INSPEX_OK;
    inspex_inspection_set_origin(insp, r->source, r->line);
    r->kpos = 0;
    fskip(&f);
    ok = f.p < f.end && *f.p == '{' && fcontainer(&f, 0, 0);
    if (ok) {
        fskip(&f);
        ok = f.p == f.end;
    }
    keep(&r->fbuf[0], &f.str);
    keep(&r->fbuf[1], &f.hold);
    keep(&r->fbuf[2], &f.num);
    if (!ok)
        return FAST_BAIL;
    *st = f.st;
    return FAST_DONE;
}
