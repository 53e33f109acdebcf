/* SPDX-License-Identifier: MIT */
/* date.c - the date forms found in published inspection data. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <inspex/model.h>

#include "internal.h"

static const char *const month_names[12] = {"january", "february", "march",
                                            "april",   "may",      "june",
                                            "july",    "august",   "september",
                                            "october", "november", "december"};

static const char *const day_names[7] = {"monday",   "tuesday", "wednesday",
                                         "thursday", "friday",  "saturday",
                                         "sunday"};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* A token of a date string: a run of digits or of letters. */
typedef struct token {
    const char *s;
    size_t len;
    int digits; /* 1 when all digits */
} token_t;

/* Splits text into at most max tokens at spaces, commas, slashes, dots and
 * dashes; separators are remembered in seps (one per gap). Returns the
 * count, or -1 for a character no date form uses. */
static int tokenise(const char *text, token_t *tok, int max, char *seps)
{
    int n = 0;
    const char *p = text;

    while (*p) {
        char sep = 0;
        while (*p == ' ' || *p == ',' || *p == '/' || *p == '-' || *p == '.' ||
               *p == '\t') {
            if (sep == 0 || sep == ' ' || sep == ',')
                sep = *p == '\t' ? ' ' : *p;
            p++;
        }
        if (*p == '\0')
            break;
        if (n == max)
            return -1;
        if (n > 0)
            seps[n - 1] = sep;
        tok[n].s = p;
        if (*p >= '0' && *p <= '9') {
            while (*p >= '0' && *p <= '9')
                p++;
            tok[n].digits = 1;
        } else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') {
            while ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
                p++;
            tok[n].digits = 0;
        } else {
            return -1;
        }
        tok[n].len = (size_t)(p - tok[n].s);
        n++;
    }
    return n;
}

static int number(const token_t *t)
{
    int v = 0;

    if (!t->digits || t->len > 4)
        return -1;
    for (size_t i = 0; i < t->len; i++)
        v = v * 10 + (t->s[i] - '0');
    return v;
}

/* Month from a word of len letters: a name or its three-letter-or-longer
 * abbreviation ("Sept" too), in any case; 0 when it is none. The first
 * three letters tell the month; the rest must follow its name. */
static int month_word(const char *s, size_t len)
{
    const char *name;
    char a, b, c;
    int m;

    if (len < 3 || len >= 16)
        return 0;
    a = (char)(s[0] | 0x20);
    b = (char)(s[1] | 0x20);
    c = (char)(s[2] | 0x20);
    for (m = 0; m < 12; m++) /* the first letter before the others */
        if (month_names[m][0] == a && month_names[m][1] == b &&
            month_names[m][2] == c)
            break;
    if (m == 12)
        return 0;
    name = month_names[m];
    for (size_t i = 3; i < len; i++)
        if (name[i] == '\0' || (char)(s[i] | 0x20) != name[i])
            return 0;
    return m + 1;
}

static int month_of(const token_t *t)
{
    return t->digits ? 0 : month_word(t->s, t->len);
}

static int is_day_name(const token_t *t)
{
    char buf[16];

    if (t->digits || t->len < 3 || t->len >= sizeof(buf))
        return 0;
    for (size_t i = 0; i < t->len; i++)
        buf[i] = (char)(t->s[i] | 0x20);
    buf[t->len] = '\0';
    for (int d = 0; d < 7; d++)
        if (day_names[d][0] == buf[0] &&
            strncmp(day_names[d], buf, t->len) == 0)
            return 1;
    return 0;
}

static int is_ordinal_suffix(const token_t *t)
{
    static const char *const sfx[] = {"st", "nd", "rd", "th"};

    if (t->digits || t->len != 2)
        return 0;
    for (int i = 0; i < 4; i++)
        if ((t->s[0] | 0x20) == sfx[i][0] && (t->s[1] | 0x20) == sfx[i][1])
            return 1;
    return 0;
}

static int year_of(const token_t *t)
{
    int v = number(t);

    if (v < 0)
        return -1;
    if (t->len == 4)
        return v;
    if (t->len == 2)
        return v < 70 ? 2000 + v : 1900 + v;
    return -1;
}

static inspex_status_t bad_in(inspex_error_t *err, const char *text,
                              const char *context, const char *why)
{
    return inspex_error_set(err, INSPEX_ERR_INVALID, "%s date \"%s\"%s%s%s%s",
                            why ? "invalid" : "unrecognised", text,
                            context ? " for " : "", context ? context : "",
                            why ? ": " : "", why ? why : "");
}

#define bad(err, text, why) bad_in(err, text, context, why)

inspex_status_t inspex_date_parse(const char *text, unsigned flags,
                                  inspex_date_t *out, inspex_error_t *err)
{
    return inspex__date_parse(text, flags, out, NULL, err);
}

#define DIGIT(c) ((unsigned)((c) - '0') < 10u)
#define NUM2(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))
#define LETTER(c) ((unsigned)(((c) | 0x20) - 'a') < 26u)

/* "4 June 2020", "04 Jun 2020": the form of report pages and titled
 * tables, read as date_slow reads it; y, m, d set and 1 when t is one. */
static int date_fast_words(const char *t, int *y, int *m, int *d)
{
    const char *w;
    size_t i = DIGIT(t[1]) ? 2 : 1;

    *d = i == 2 ? NUM2(t) : t[0] - '0';
    if (t[i] != ' ' || *d == 0)
        return 0;
    w = t + i + 1;
    for (i = 0; LETTER(w[i]); i++)
        ;
    if (w[i] != ' ' || (*m = month_word(w, i)) == 0)
        return 0;
    w += i + 1;
    if (!DIGIT(w[0]) || !DIGIT(w[1]) || !DIGIT(w[2]) || !DIGIT(w[3]) ||
        w[4] != '\0')
        return 0;
    *y = NUM2(w) * 100 + NUM2(w + 2);
    return 1;
}

/* 1 when t is exactly a real date in one of the forms nearly every file
 * uses, "2020-06-04" (the form the model stores), "04/06/2020" and
 * "04/06/20" (06/04/2020 with INSPEX_DATE_MONTHFIRST; a two-digit year is
 * 1970-2069, as year_of reads it) and "4 June 2020", with the date in
 * *out: read without the tokeniser. */
static inline int date_fast(const char *t, unsigned flags, inspex_date_t *out)
{
    int y, m, d;

    /* each test fails on a NUL, so nothing past one is read */
    if (!DIGIT(t[0]))
        return 0;
    if (!DIGIT(t[1])) {
        if (t[1] != ' ' || !date_fast_words(t, &y, &m, &d))
            return 0;
    } else if (DIGIT(t[2]) && DIGIT(t[3]) && t[4] == '-' && DIGIT(t[5]) &&
               DIGIT(t[6]) && t[7] == '-' && DIGIT(t[8]) && DIGIT(t[9]) &&
               t[10] == '\0') {
        y = NUM2(t) * 100 + NUM2(t + 2);
        m = NUM2(t + 5);
        d = NUM2(t + 8);
    } else if (t[2] == '/' && DIGIT(t[3]) && DIGIT(t[4]) && t[5] == '/' &&
               DIGIT(t[6]) && DIGIT(t[7]) &&
               (t[8] == '\0' ||
                (DIGIT(t[8]) && DIGIT(t[9]) && t[10] == '\0'))) {
        int a = NUM2(t), b = NUM2(t + 3);
        d = flags & INSPEX_DATE_MONTHFIRST ? b : a;
        m = flags & INSPEX_DATE_MONTHFIRST ? a : b;
        y = NUM2(t + 6);
        if (t[8] == '\0')
            y += y < 70 ? 2000 : 1900;
        else
            y = y * 100 + NUM2(t + 8);
    } else if (t[2] != ' ' || !date_fast_words(t, &y, &m, &d)) {
        return 0;
    }
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return 0;
    out->year = y;
    out->month = m;
    out->day = d;
    return 1;
}

int inspex__date_fast(const char *text, unsigned flags, inspex_date_t *out)
{
    return date_fast(text, flags, out);
}

/* The general reader, for what date_fast does not take. */
static inspex_status_t date_slow(const char *text, unsigned flags,
                                 inspex_date_t *out, const char *context,
                                 inspex_error_t *err)
{
    token_t raw[8], tok[8];
    char rawsep[8] = {0}, sep[8] = {0};
    int nraw, n = 0;
    int y = 0, m = 0, d = 0;

    nraw = tokenise(text, raw, 8, rawsep);
    if (nraw <= 0)
        return bad(err, text, NULL);
    /* Drop weekday names and glue "4" "th" back into one day token. */
    for (int i = 0; i < nraw; i++) {
        if (is_day_name(&raw[i]) && !month_of(&raw[i]))
            continue;
        if (is_ordinal_suffix(&raw[i]) && n > 0 && tok[n - 1].digits &&
            raw[i].s == tok[n - 1].s + tok[n - 1].len)
            continue;
        if (n > 0)
            sep[n - 1] = rawsep[i - 1];
        tok[n++] = raw[i];
    }

    if (n == 1 && tok[0].digits && tok[0].len == 4) {
        y = number(&tok[0]); /* 2020 */
    } else if (n == 1 && tok[0].digits && tok[0].len == 8) {
        /* 20200604 */
        const char *s = tok[0].s;
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
        m = (s[4] - '0') * 10 + (s[5] - '0');
        d = (s[6] - '0') * 10 + (s[7] - '0');
    } else if (n >= 2 && n <= 3 && tok[0].digits && tok[0].len == 4 &&
               tok[1].digits && sep[0] == '-' && (n == 2 || tok[2].digits)) {
        /* ISO: 2020-06-04, 2020-06 */
        y = number(&tok[0]);
        m = number(&tok[1]);
        d = n == 3 ? number(&tok[2]) : 0;
        if (tok[1].len > 2 || (n == 3 && tok[2].len > 2))
            return bad(err, text, NULL);
        if (n == 3 && sep[1] != '-')
            return bad(err, text, NULL);
        if (n == 3 && d == 0)
            return bad(err, text, "day 0");
    } else if (n == 3 && tok[0].digits && tok[1].digits && tok[2].digits &&
               tok[0].len <= 2 && tok[1].len <= 2 &&
               (tok[2].len == 2 || tok[2].len == 4)) {
        /* 04/06/2020, 04/06/20, 4.6.2020 */
        int a = number(&tok[0]), b = number(&tok[1]);
        if (flags & INSPEX_DATE_MONTHFIRST) {
            m = a;
            d = b;
        } else {
            d = a;
            m = b;
        }
        y = year_of(&tok[2]);
        if (d == 0)
            return bad(err, text, "day 0");
    } else if (n == 3 && tok[0].digits && month_of(&tok[1]) && tok[2].digits &&
               tok[0].len <= 2) {
        d = number(&tok[0]); /* 4 June 2020 */
        m = month_of(&tok[1]);
        y = year_of(&tok[2]);
    } else if (n == 3 && month_of(&tok[0]) && tok[1].digits &&
               tok[1].len <= 2 && tok[2].digits) {
        m = month_of(&tok[0]); /* June 4, 2020 */
        d = number(&tok[1]);
        y = year_of(&tok[2]);
    } else if (n == 2 && month_of(&tok[0]) && tok[1].digits) {
        m = month_of(&tok[0]); /* February 2020 */
        y = year_of(&tok[1]);
    } else {
        return bad(err, text, NULL);
    }

    if (y < 1 || y > 9999)
        return bad(err, text, NULL);
    if (m < 0 || m > 12 || (m == 0 && d != 0))
        return bad(err, text, "no such month");
    if (d < 0 || (m > 0 && d > days_in_month(y, m))) {
        char why[64];
        snprintf(why, sizeof(why), "%s has %d days in %d", month_names[m - 1],
                 days_in_month(y, m), y);
        why[0] = (char)(why[0] - 'a' + 'A');
        return bad(err, text, why);
    }
    if (out) {
        out->year = y;
        out->month = m;
        out->day = d;
    }
    return INSPEX_OK;
}

inspex_status_t inspex__date_parse(const char *text, unsigned flags,
                                   inspex_date_t *out, const char *context,
                                   inspex_error_t *err)
{
    /* The forms nearly every file uses, without the tokeniser; anything
     * odd about them goes the long way, which says what. */
    inspex_date_t tmp;

    if (date_fast(text, flags, out ? out : &tmp))
        return INSPEX_OK;
    return date_slow(text, flags, out, context, err);
}

const char *inspex__date_store(const char *text, unsigned flags, char iso[11],
                               size_t *len)
{
    inspex_date_t d;

    if (date_fast(text, flags, &d)) {
        if (text[4] == '-') { /* already the stored form */
            *len = 10;
            return text;
        }
    } else if (*text == '\0' ||
               date_slow(text, flags, &d, NULL, NULL) != INSPEX_OK) {
        return NULL;
    }
    *len = inspex_date_format(&d, iso, 11);
    return iso;
}

/* Two decimal digits of v, 0 to 99. */
static inline void two(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

size_t inspex_date_format(const inspex_date_t *date, char *buf, size_t size)
{
    char tmp[11];
    size_t n = 0;

    if (date->year > 0 && date->year <= 9999) {
        two(tmp, date->year / 100);
        two(tmp + 2, date->year % 100);
        n = 4;
        if (date->month > 0) {
            tmp[4] = '-';
            two(tmp + 5, date->month);
            n = 7;
            if (date->day > 0) {
                tmp[7] = '-';
                two(tmp + 8, date->day);
                n = 10;
            }
        }
    }
    if (size == 0)
        return n;
    if (n == 10 && size > 10) { /* the usual case, a fixed size */
        memcpy(buf, tmp, 10);
        buf[10] = '\0';
        return n;
    }
    size_t k = n < size ? n : size - 1;
    memcpy(buf, tmp, k);
    buf[k] = '\0';
    return n;
}

int inspex_date_compare(const inspex_date_t *a, const inspex_date_t *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return 0;
}

/* ---- ranges ------------------------------------------------------------- */

/* Where a range splits: " to ", " - ", an en or em dash (spaced or not),
 * or "-" between two day numbers ("24-28 February 2020"). Returns the
 * offset of the separator and its length in *seplen, or -1. */
static long range_split(const char *t, size_t *seplen)
{
    for (const char *p = t; *p; p++) {
        if (strncmp(p, " to ", 4) == 0) {
            *seplen = 4;
            return p - t;
        }
        if (strncmp(p, " - ", 3) == 0) {
            *seplen = 3;
            return p - t;
        }
        if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 &&
            ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94)) {
            size_t before = p > t && p[-1] == ' ' ? 1 : 0;
            *seplen = 3 + before + (p[3] == ' ' ? 1 : 0);
            return p - t - (long)before;
        }
        if (*p == '-' && p > t && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' &&
            p[1] <= '9' && strchr(p + 1, ' ') != NULL && strchr(t, ' ') > p) {
            *seplen = 1;
            return p - t;
        }
    }
    return -1;
}

/* A four-digit run or a numeric date with slashes. */
static int has_year(const char *s)
{
    int run = 0;

    if (strchr(s, '/'))
        return 1;
    for (; *s; s++) {
        run = *s >= '0' && *s <= '9' ? run + 1 : 0;
        if (run == 4)
            return 1;
    }
    return 0;
}

inspex_status_t inspex_date_range_parse(const char *text, unsigned flags,
                                        inspex_date_t *start,
                                        inspex_date_t *end, inspex_error_t *err)
{
    char left[64], buf[160];
    size_t seplen = 0;
    long at = range_split(text, &seplen);
    inspex_date_t a, b;

    memset(end, 0, sizeof(*end));
    if (at < 0)
        return inspex__date_parse(text, flags, start, NULL, err);
    if ((size_t)at >= sizeof(left))
        return bad_in(err, text, NULL, NULL);
    memcpy(left, text, (size_t)at);
    left[at] = '\0';
    if (inspex__date_parse(text + at + seplen, flags, &b, NULL, NULL) !=
        INSPEX_OK)
        return bad_in(err, text, NULL, NULL);
    /* the left side may leave out what the right side says:
     * "24 to 28 February 2020", "24 February to 6 March 2020" */
    if (!has_year(left)) {
        snprintf(buf, sizeof(buf), "%s %s %d", left,
                 b.month ? month_names[b.month - 1] : "", b.year);
        if (inspex__date_parse(buf, flags, &a, NULL, NULL) != INSPEX_OK) {
            snprintf(buf, sizeof(buf), "%s %d", left, b.year);
            if (inspex__date_parse(buf, flags, &a, NULL, NULL) != INSPEX_OK)
                return bad_in(err, text, NULL, NULL);
        }
    } else if (inspex__date_parse(left, flags, &a, NULL, NULL) != INSPEX_OK) {
        return bad_in(err, text, NULL, NULL);
    }
    if (inspex_date_compare(&a, &b) > 0)
        return inspex_error_set(err, INSPEX_ERR_INVALID,
                                "date range \"%s\" ends before it starts",
                                text);
    *start = a;
    *end = b;
    return INSPEX_OK;
}
