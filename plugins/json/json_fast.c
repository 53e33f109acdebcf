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

#include "json_fast.h"

typedef struct fast {
    const char *p, *end;
    rd_t *r;
    inspex_inspection_t *insp;
    int *taken;
    char key[512];
    size_t keylen;
    inspex_buf_t str;   /* decoded string */
    inspex_status_t st; /* of the model, when FAST_DONE */
    inspex_error_t *err;
} fast_t;

static void fskip(fast_t *f)
{
    while (f->p < f->end &&
           (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static int fput(fast_t *f, const char *s, size_t n)
{
    return inspex_buf_add(&f->str, s, n);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* A string at f->p into f->str; 0 to give up. */
static int fstring(fast_t *f)
{
    const char *run;

    if (f->p >= f->end || *f->p != '"')
        return 0;
    run = ++f->p;
    f->str.len = 0;
    if (fput(f, "", 0) != 0)
        return 0;
    for (;;) {
        /* plain bytes eight at a time, then straight to the first that
         * is not */
        while (f->end - f->p >= 8) {
            uint64_t m = special8(f->p);
            if (m) {
                f->p += plain_prefix(m);
                break;
            }
            f->p += 8;
        }
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
        if (fput(f, run, (size_t)(f->p - run)) != 0 || f->end - f->p < 2)
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
            if (fput(f, u8, n) != 0)
                return 0;
            run = f->p;
            continue;
        }
        default: return 0;
        }
        if (fput(f, &out, 1) != 0)
            return 0;
        run = f->p;
    }
    if (fput(f, run, (size_t)(f->p - run)) != 0)
        return 0;
    f->p++;
    return 1;
}

/* A JSON number at f->p, as json__scalar_text would write it; 0 to give up. */
static int fnumber(fast_t *f, char *buf, size_t size)
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
    size_t n = (size_t)(f->p - s);
    char tmp[64];
    if (n >= sizeof(tmp) || (!real && n > 18))
        return 0; /* long numbers: jansson's rules */
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (real) {
        double d = strtod(tmp, NULL);
        if (!isfinite(d))
            return 0; /* jansson refuses it */
        json__real_text(d, buf, size);
    } else if (n == 2 && tmp[0] == '-' && tmp[1] == '0') {
        memcpy(buf, "0", 2); /* jansson reads -0 as 0 */
    } else {
        /* a valid integer is already written as jansson would print it */
        memcpy(buf, tmp, n + 1);
    }
    return 1;
}

static int fvalue(fast_t *f, int depth);

/* Sets the scalar for the current key. Keys come in the document's order,
 * as jansson gives them, so both paths set the same things. */
static int fset(fast_t *f, const char *text, int is_string)
{
    if (f->st == INSPEX_OK)
        f->st = json__flat_value(f->r, f->insp, f->key, f->keylen, text,
                                 is_string, f->taken, f->err);
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
} fkeys_t;

static int fkeys_add(fkeys_t *ks, const char *k, size_t len)
{
    uint64_t h = inspex_hash(k);

    for (size_t i = 0; i < ks->n; i++)
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
    return 1;
}

/* 1 for a key of the inspex record's own shape ("judgements", "extra",
 * the item lists): lengths first, as most keys are none of them. */
static int record_key(const char *k, size_t len)
{
#define OWN(s)           \
    {                    \
        s, sizeof(s) - 1 \
    }
    static const struct {
        const char *s;
        size_t n;
    } own[] = {OWN("judgements"), OWN("extra"),   OWN("recommendations"),
               OWN("findings"),   OWN("actions"), OWN("sources")};
#undef OWN
    _Static_assert(INSPEX_ITEM__COUNT == 4, "record_key names every item list");

    for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
        if (len == own[i].n && memcmp(k, own[i].s, len) == 0)
            return 1;
    return 0;
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
            if (!fstring(f) || memchr(f->str.p, '\0', f->str.len) ||
                !fkeys_add(ks, f->str.p, f->str.len))
                return 0;
            /* the inspex record's own keys take the full path */
            if (depth == 0 && record_key(f->str.p, f->str.len))
                return 0;
            old = fpush(f, f->str.p, f->str.len, depth > 0);
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
    return fcontainer_keys(f, depth, array, &ks);
}

static int fvalue(fast_t *f, int depth)
{
    char num[64];

    if (f->p >= f->end)
        return 0;
    switch (*f->p) {
    case '{': return fcontainer(f, depth, 0);
    case '[': return fcontainer(f, depth, 1);
    case '"':
        return fstring(f) && !memchr(f->str.p, '\0', f->str.len) &&
               fset(f, f->str.p, 1);
    case 't':
        if (f->end - f->p < 4 || memcmp(f->p, "true", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, "true", 0);
    case 'f':
        if (f->end - f->p < 5 || memcmp(f->p, "false", 5) != 0)
            return 0;
        f->p += 5;
        return fset(f, "false", 0);
    case 'n':
        if (f->end - f->p < 4 || memcmp(f->p, "null", 4) != 0)
            return 0;
        f->p += 4;
        return fset(f, "", 0);
    default: return fnumber(f, num, sizeof(num)) && fset(f, num, 0);
    }
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
    f.p = text;
    f.end = text + len;
    f.r = r;
    f.insp = insp;
    f.taken = taken;
    f.err = err;
    f.st = INSPEX_OK;
    inspex_inspection_set_origin(insp, r->source, r->line);
    fskip(&f);
    ok = f.p < f.end && *f.p == '{' && fcontainer(&f, 0, 0);
    if (ok) {
        fskip(&f);
        ok = f.p == f.end;
    }
    free(f.str.p);
    if (!ok)
        return FAST_BAIL;
    *st = f.st;
    return FAST_DONE;
}
