/* SPDX-License-Identifier: MIT */
/* pdf_ratings.c - what an HMIP report PDF says, from its pages' lines.
 *
 * The ratings page comes after the cover, acknowledgements and contents
 * (which already says "Ratings"): it is the first page with a score
 * ("18/36") or an "Overall rating" and at least three rows that begin
 * with a standard's code. Its rows are "CODE TITLE RATING", the rating in
 * the table's right-hand column; a title may wrap onto a second line
 * and a rating ("Requires improvement") too, or stand between the two.
 * Standards are keyed by their code; their titles are matched against
 * the loaded frameworks with spaces, hyphens and case ignored
 * (inspex_match_key), so "Partners hips and services" is 1.3's
 * "Partnerships and services". A row with a title and no code takes the
 * code the frameworks give that title, within the current domain when
 * the title is in several ("Assessment" is 2.1 or 3.1).
 *
 * What cannot be read is a warning naming the page and what was
 * missing; nothing is guessed. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <inspex/inspex.h>

#include "pdf.h"

#define TEXT_MAX 1024

typedef struct parse {
    const inspex_frameworks_t *fw;
    pdf_report_t *out;
    inspex_inspection_t *insp;
    inspex_error_t *err;
    int page; /* the page being read, for messages */
} parse_t;

void pdf_report_clear(pdf_report_t *r)
{
    if (r == NULL)
        return;
    inspex_inspection_free(r->insp);
    free(r->title);
    for (size_t i = 0; i < r->nwarnings; i++)
        free(r->warnings[i]);
    free(r->warnings);
    memset(r, 0, sizeof(*r));
}

static void warn(parse_t *p, const char *fmt, ...) INSPEX_PRINTF(2, 3);
static void warn(parse_t *p, const char *fmt, ...)
{
    char text[TEXT_MAX + 128], full[TEXT_MAX + 160];
    char **nw;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    if (p->page > 0)
        snprintf(full, sizeof(full), "page %d: %s", p->page, text);
    else
        snprintf(full, sizeof(full), "%s", text);
    if (p->out->nwarnings >= 64)
        return;
    nw = realloc(p->out->warnings, (p->out->nwarnings + 1) * sizeof(*nw));
    if (nw == NULL)
        return;
    p->out->warnings = nw;
    if ((nw[p->out->nwarnings] = strdup(full)) != NULL)
        p->out->nwarnings++;
}

/* ---- words -------------------------------------------------------------- */

/* The words [from, to) of a line joined by spaces into buf. */
static char *join(const pdf_line_t *l, size_t from, size_t to, char *buf,
                  size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = from; i < to && i < l->nwords; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", n ? " " : "",
                         l->words[i].text);
        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
    return buf;
}

static int word_is(const pdf_word_t *w, const char *s)
{
    return strcasecmp(w->text, s) == 0;
}

static int contains_ci(const char *s, const char *needle)
{
    return strcasestr(s, needle) != NULL;
}

/* "2.1" (or "2.1." ): a standard's code, copied to code. */
static int is_code(const char *w, char *code, size_t size)
{
    size_t i = 0, a = 0, b = 0;

    while (isdigit((unsigned char)w[i]) && a < 3)
        i++, a++;
    if (a == 0 || w[i] != '.')
        return 0;
    i++;
    while (isdigit((unsigned char)w[i]) && b < 3)
        i++, b++;
    if (b == 0 || (w[i] != '\0' && !(w[i] == '.' && w[i + 1] == '\0')))
        return 0;
    snprintf(code, size, "%.*s", (int)(a + 1 + b), w);
    return 1;
}

/* "1." followed by a word: a domain heading; its number to dom. */
static int is_domain(const pdf_line_t *l, char *dom, size_t size)
{
    const char *w = l->nwords >= 2 ? l->words[0].text : "";
    size_t n = strspn(w, "0123456789");

    if (n == 0 || n > 2 || strcmp(w + n, ".") != 0 ||
        !isalpha((unsigned char)l->words[1].text[0]))
        return 0;
    snprintf(dom, size, "%.*s", (int)n, w);
    return 1;
}

/* A rating word, through the rating vocabulary (the loaded frameworks'
 * scales); a footnote mark after it ("Good*", "Good1") is left out. */
static const char *rating_of(const parse_t *p, const char *text)
{
    char buf[128];
    size_t n;
    const char *r;

    if (text[0] == '\0' || strlen(text) >= sizeof(buf))
        return NULL;
    if ((r = inspex_rating_normalise(text, NULL)) != NULL)
        return r;
    snprintf(buf, sizeof(buf), "%s", text);
    n = strlen(buf);
    while (n > 0 && (isdigit((unsigned char)buf[n - 1]) || buf[n - 1] == '*' ||
                     buf[n - 1] == ' '))
        buf[--n] = '\0';
    if (n && (r = inspex_rating_normalise(buf, NULL)) != NULL)
        return r;
    for (size_t i = 0; p->fw && i < inspex_frameworks_count(p->fw); i++) {
        r = inspex_framework_rating_label(inspex_frameworks_get(p->fw, i), buf);
        if (r)
            return r;
    }
    return NULL;
}

/* The longest run of at most three words ending the words [from, to)
 * that is a rating: its first word's index, or to when there is none. */
static size_t rating_suffix(const parse_t *p, const pdf_line_t *l, size_t from,
                            size_t to, const char **rating)
{
    char buf[TEXT_MAX];

    *rating = NULL;
    for (size_t k = 3; k >= 1; k--) {
        if (to < from + k)
            continue;
        *rating = rating_of(p, join(l, to - k, to, buf, sizeof(buf)));
        if (*rating)
            return to - k;
    }
    return to;
}

/* The score pair of a line ("18/36", "18 / 36"): 1 and text "18/36". */
static int score_of(const char *text, char *out, size_t size)
{
    for (const char *s = text; *s; s++) {
        char *end;
        long a, b;
        const char *q;
        if (!isdigit((unsigned char)*s) ||
            (s > text && isdigit((unsigned char)s[-1])))
            continue;
        a = strtol(s, &end, 10);
        q = end;
        while (*q == ' ')
            q++;
        if (*q != '/')
            continue;
        q++;
        while (*q == ' ')
            q++;
        if (!isdigit((unsigned char)*q))
            continue;
        b = strtol(q, &end, 10);
        if (b > 0 && b <= 1000 && a >= 0 && a <= b) {
            snprintf(out, size, "%ld/%ld", a, b);
            return 1;
        }
    }
    return 0;
}

/* ---- standards ---------------------------------------------------------- */

/* The title a framework gives code, when the title read is that title
 * with spaces, hyphens, case and a trailing footnote mark ignored. */
static const char *framework_title(const parse_t *p, const char *code,
                                   const char *read, int *known)
{
    char want[TEXT_MAX], bare[TEXT_MAX], key[TEXT_MAX];
    size_t n;

    *known = 0;
    inspex_match_key(read, want, sizeof(want));
    snprintf(bare, sizeof(bare), "%s", want);
    n = strlen(bare);
    while (n > 0 && isdigit((unsigned char)bare[n - 1]))
        bare[--n] = '\0';
    for (size_t i = 0; p->fw && i < inspex_frameworks_count(p->fw); i++) {
        const inspex_framework_t *f = inspex_frameworks_get(p->fw, i);
        int k = inspex_framework_find_standard(f, code);
        const char *title = NULL;
        if (k < 0 ||
            !inspex_framework_standard(f, (size_t)k, NULL, &title, NULL,
                                       NULL) ||
            title == NULL)
            continue;
        *known = 1;
        inspex_match_key(title, key, sizeof(key));
        if (strcmp(key, want) == 0 || (bare[0] && strcmp(key, bare) == 0))
            return title;
    }
    return NULL;
}

#define MAX_ROWS 64
#define MAX_PIECES 160

/* A row of the table: a standard's code and title, and where it is. */
typedef struct row {
    char code[16];
    char title[TEXT_MAX];
    char rating[TEXT_MAX];
    float top, bottom, h;
} row_t;

/* Words of the rating column, placed later by height. */
typedef struct piece {
    float mid;
    char text[256];
} piece_t;

typedef struct table {
    row_t rows[MAX_ROWS];
    size_t nrows;
    piece_t pieces[MAX_PIECES];
    size_t npieces;
    int open;    /* the last row may still take a line of its title */
    int pending; /* "Overall rating" seen, its rating not yet */
    float colx;  /* where the rating column starts; 0 when it touches */
    char dom[8];
} table_t;

static void append(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);

    if (s[0] && n + 1 < size &&
        snprintf(buf + n, size - n, "%s%s", n ? " " : "", s) < 0)
        buf[n] = '\0';
}

static inspex_status_t finish_row(parse_t *p, row_t *row)
{
    const char *rating, *title;
    inspex_judgement_t *j;
    char code[16];
    int known;
    inspex_status_t st = INSPEX_OK;

    rating = rating_of(p, row->rating);
    if (rating == NULL) {
        if (row->rating[0])
            warn(p,
                 "standard %s: \"%s\" is not a rating on any loaded "
                 "framework's scale; the standard is left out",
                 row->code, row->rating);
        else
            warn(p,
                 "standard %s: no rating beside it; the standard is left "
                 "out",
                 row->code);
        return INSPEX_OK;
    }
    title = framework_title(p, row->code, row->title, &known);
    if (title == NULL && row->title[0] && known)
        warn(p,
             "standard %s is titled \"%s\", which no loaded framework "
             "gives %s; kept by its code",
             row->code, row->title, row->code);
    /* a code no framework has, with a title one of them has under
     * another code (the frameworks' own code for resettlement) */
    if (!known && row->title[0] && p->fw &&
        inspex_frameworks_match_standard(p->fw, row->title, code,
                                         sizeof(code)) == 1) {
        snprintf(row->code, sizeof(row->code), "%s", code);
        title = framework_title(p, row->code, row->title, &known);
    }
    if (title == NULL)
        title = row->title;
    if (inspex_inspection_find_judgement(p->insp, row->code)) {
        warn(p, "standard %s is rated twice; the first rating is kept",
             row->code);
        return INSPEX_OK;
    }
    j = inspex_inspection_add_judgement(p->insp, row->code, p->err);
    if (j == NULL)
        return inspex_error_code(p->err);
    if (title[0])
        st = inspex_judgement_set_title(j, title, p->err);
    if (st == INSPEX_OK)
        st = inspex_judgement_set_rating(j, rating, p->err);
    return st;
}

/* Where the rating column starts: the leftmost last cell of the rows
 * that begin with a code and have a title and a rating cell apart (the
 * code may stand in a cell of its own). 0 when no row has (the columns
 * touch). */
static float rating_column(const pdf_lines_t *ls)
{
    char code[16];
    float x = 0;

    for (size_t i = 0; i < ls->n; i++) {
        const pdf_line_t *l = &ls->lines[i];
        size_t w = l->nwords;
        if (l->ncells < 2 || !is_code(l->words[0].text, code, sizeof(code)))
            continue;
        while (w > 0 && l->words[w - 1].cell == l->ncells - 1)
            w--;
        if (w >= 2 && (x == 0 || l->words[w].x0 < x))
            x = l->words[w].x0;
    }
    return x;
}

/* Where the words [from, end) of a line split into title and rating:
 * by the rating column, or, when the columns touch, before the rating
 * words that end the line. */
static size_t split_at(const parse_t *p, const table_t *t, const pdf_line_t *l,
                       size_t from)
{
    size_t split = from;
    const char *r;

    if (t->colx > 0) {
        while (split < l->nwords && l->words[split].x0 < t->colx - 0.5f * l->h)
            split++;
        return split;
    }
    return rating_suffix(p, l, from, l->nwords, &r);
}

static void add_piece(table_t *t, const pdf_line_t *l, size_t from)
{
    piece_t *pc;

    if (from >= l->nwords || t->npieces >= MAX_PIECES)
        return;
    pc = &t->pieces[t->npieces++];
    pc->mid = (l->y0 + l->y1) / 2;
    join(l, from, l->nwords, pc->text, sizeof(pc->text));
}

static row_t *new_row(table_t *t, const pdf_line_t *l, const char *code)
{
    row_t *row;

    if (t->nrows >= MAX_ROWS)
        return NULL;
    row = &t->rows[t->nrows++];
    memset(row, 0, sizeof(*row));
    snprintf(row->code, sizeof(row->code), "%s", code);
    row->top = l->y0;
    row->bottom = l->y1;
    row->h = l->h;
    t->open = 1;
    return row;
}

/* A row named by its title alone: its code from the frameworks, within
 * dom when the title is in several domains. */
static int code_by_title(parse_t *p, const char *title, const char *dom,
                         char *code, size_t size)
{
    char codes[128];
    int m;

    if (p->fw == NULL || title[0] == '\0')
        return 0;
    m = inspex_frameworks_match_standard(p->fw, title, codes, sizeof(codes));
    if (m == 1)
        return snprintf(code, size, "%s", codes) < (int)size;
    if (m < 0 && dom[0]) {
        size_t dl = strlen(dom);
        char *save = NULL;
        for (char *c = strtok_r(codes, ", ", &save); c;
             c = strtok_r(NULL, ", ", &save))
            if (strncmp(c, dom, dl) == 0 && c[dl] == '.') {
                snprintf(code, size, "%s", c);
                return 1;
            }
    }
    if (m < 0)
        warn(p,
             "\"%s\" is the title of standards %s; without a code or a "
             "domain it is left out",
             title, codes);
    return 0;
}

/* ---- the ratings page --------------------------------------------------- */

static int overall_at(const pdf_line_t *l)
{
    for (size_t i = 0; i + 1 < l->nwords; i++)
        if (word_is(&l->words[i], "overall") &&
            (word_is(&l->words[i + 1], "rating") ||
             word_is(&l->words[i + 1], "rating:")))
            return (int)i;
    return -1;
}

static int score_word(const pdf_line_t *l)
{
    for (size_t i = 0; i < l->nwords; i++)
        if (word_is(&l->words[i], "score") || word_is(&l->words[i], "score:"))
            return (int)i;
    return -1;
}

/* Whether a page's lines look like the ratings page. */
static int is_ratings_page(const pdf_lines_t *ls)
{
    int codes = 0, marks = 0;
    char code[16], score[32], buf[TEXT_MAX];

    for (size_t i = 0; i < ls->n; i++) {
        const pdf_line_t *l = &ls->lines[i];
        if (is_code(l->words[0].text, code, sizeof(code)))
            codes++;
        if (overall_at(l) >= 0 ||
            (score_word(l) >= 0 &&
             score_of(join(l, 0, l->nwords, buf, sizeof(buf)), score,
                      sizeof(score))))
            marks++;
    }
    return marks > 0 && codes >= 3;
}

static inspex_status_t set(parse_t *p, inspex_field_t f, const char *v)
{
    return inspex_inspection_set(p->insp, f, v, 0, p->err);
}

/* The service's name: the words before "Score" on its row. */
static inspex_status_t read_service(parse_t *p, const pdf_line_t *l)
{
    char name[TEXT_MAX];
    int at = score_word(l);

    if (at <= 0 || inspex_inspection_get(p->insp, INSPEX_FIELD_BODY_NAME))
        return INSPEX_OK;
    return set(p, INSPEX_FIELD_BODY_NAME,
               join(l, 0, (size_t)at, name, sizeof(name)));
}

static inspex_status_t read_score(parse_t *p, const pdf_line_t *l,
                                  const char *score)
{
    inspex_status_t st;

    if (inspex_inspection_get(p->insp, INSPEX_FIELD_SCORE))
        return INSPEX_OK;
    st = set(p, INSPEX_FIELD_SCORE, score);
    return st == INSPEX_OK ? read_service(p, l) : st;
}

static inspex_status_t read_overall(parse_t *p, const pdf_line_t *l, int at,
                                    int *pending)
{
    char buf[TEXT_MAX];
    const char *r;

    r = rating_of(p, join(l, (size_t)at + 2, l->nwords, buf, sizeof(buf)));
    if (r == NULL)
        rating_suffix(p, l, (size_t)at + 2, l->nwords, &r);
    /* the rating may stand on the line below */
    *pending = r == NULL;
    return r ? set(p, INSPEX_FIELD_OVERALL_RATING, r) : INSPEX_OK;
}

/* Whether line l goes on with the table's last row: close below it and
 * of its size. */
static int continues(const table_t *t, const pdf_line_t *l)
{
    const row_t *row = t->nrows ? &t->rows[t->nrows - 1] : NULL;

    return t->open && row && l->y0 - row->bottom < 1.0f * row->h &&
           l->h > 0.8f * row->h;
}

/* A line that is no code's: the next line of a title, a rating on its
 * own, or a row named by its title alone. */
static void other_line(parse_t *p, table_t *t, const pdf_line_t *l)
{
    char buf[TEXT_MAX], code[16];
    size_t split = split_at(p, t, l, 0);
    row_t *row;

    if (split == 0) {
        add_piece(t, l, 0);
        return;
    }
    if (continues(t, l)) {
        row = &t->rows[t->nrows - 1];
        append(row->title, sizeof(row->title),
               join(l, 0, split, buf, sizeof(buf)));
        row->bottom = l->y1;
        add_piece(t, l, split);
        return;
    }
    t->open = 0;
    if (split < l->nwords &&
        rating_of(p, join(l, split, l->nwords, buf, sizeof(buf))) &&
        code_by_title(p, join(l, 0, split, buf, sizeof(buf)), t->dom, code,
                      sizeof(code)) &&
        (row = new_row(t, l, code)) != NULL) {
        snprintf(row->title, sizeof(row->title), "%s", buf);
        add_piece(t, l, split);
        t->open = 0;
    }
}

static inspex_status_t table_line(parse_t *p, table_t *t, const pdf_line_t *l)
{
    char code[16], buf[TEXT_MAX], score[32];
    const char *r;
    int at;

    join(l, 0, l->nwords, buf, sizeof(buf));
    if ((at = overall_at(l)) >= 0) {
        inspex_status_t st = INSPEX_OK;
        t->open = 0;
        /* "Overall rating 19/36 Good": the score may share its line */
        if (score_of(buf, score, sizeof(score)))
            st = read_score(p, l, score);
        return st == INSPEX_OK ? read_overall(p, l, at, &t->pending) : st;
    }
    if (score_word(l) >= 0) {
        t->open = 0;
        /* a header row, "Service  Score  Rating", names the service */
        return score_of(buf, score, sizeof(score)) ? read_score(p, l, score)
                                                   : read_service(p, l);
    }
    if (t->pending && (r = rating_of(p, buf)) != NULL) {
        t->pending = 0;
        return set(p, INSPEX_FIELD_OVERALL_RATING, r);
    }
    if (is_domain(l, t->dom, sizeof(t->dom))) {
        t->open = 0;
    } else if (is_code(l->words[0].text, code, sizeof(code))) {
        row_t *row = new_row(t, l, code);
        size_t split = split_at(p, t, l, 1);
        if (row) {
            join(l, 1, split, row->title, sizeof(row->title));
            add_piece(t, l, split);
        }
    } else {
        other_line(p, t, l);
    }
    return INSPEX_OK;
}

/* Each piece of the rating column goes to the row whose middle is
 * nearest: a rating may stand between a title's two lines, or run onto
 * a second line above or below its row's. */
static void place_pieces(table_t *t)
{
    for (size_t i = 0; i < t->npieces; i++) {
        row_t *best = NULL;
        float bd = 0;
        for (size_t k = 0; k < t->nrows; k++) {
            row_t *row = &t->rows[k];
            float d = t->pieces[i].mid - (row->top + row->bottom) / 2;
            if (d < 0)
                d = -d;
            if (best == NULL || d < bd) {
                best = row;
                bd = d;
            }
        }
        if (best && bd <= 2 * best->h)
            append(best->rating, sizeof(best->rating), t->pieces[i].text);
    }
}

static inspex_status_t read_ratings(parse_t *p, const pdf_lines_t *ls)
{
    table_t *t = calloc(1, sizeof(*t));
    inspex_status_t st = INSPEX_OK;

    if (t == NULL)
        return inspex_error_set(p->err, INSPEX_ERR_NOMEM, "out of memory");
    t->colx = rating_column(ls);
    for (size_t i = 0; i < ls->n && st == INSPEX_OK; i++)
        st = table_line(p, t, &ls->lines[i]);
    place_pieces(t);
    for (size_t k = 0; k < t->nrows && st == INSPEX_OK; k++)
        st = finish_row(p, &t->rows[k]);
    free(t);
    if (st != INSPEX_OK)
        return st;
    if (!inspex_inspection_get(p->insp, INSPEX_FIELD_SCORE))
        warn(p, "the ratings page gives no score (\"Score\" and a number "
                "out of a number)");
    if (!inspex_inspection_get(p->insp, INSPEX_FIELD_OVERALL_RATING))
        warn(p, "the ratings page gives no overall rating");
    if (inspex_inspection_judgement_count(p->insp) == 0)
        warn(p, "the ratings page gives no standard with a rating");
    return INSPEX_OK;
}

/* ---- the cover ---------------------------------------------------------- */

static inspex_status_t read_cover(parse_t *p, const pdf_lines_t *ls)
{
    char buf[TEXT_MAX], title[TEXT_MAX] = "";
    float maxh = 0;
    inspex_status_t st = INSPEX_OK;

    for (size_t i = 0; i < ls->n; i++)
        if (ls->lines[i].h > maxh)
            maxh = ls->lines[i].h;
    for (size_t i = 0; i < ls->n && st == INSPEX_OK; i++) {
        const pdf_line_t *l = &ls->lines[i];
        inspex_date_t d;
        join(l, 0, l->nwords, buf, sizeof(buf));
        if (l->h >= 0.85f * maxh)
            append(title, sizeof(title), buf);
        else if (contains_ci(buf, "inspectorate of probation") &&
                 !inspex_inspection_get(p->insp, INSPEX_FIELD_INSPECTORATE))
            st = set(p, INSPEX_FIELD_INSPECTORATE, "HMIP");
        else if (inspex_date_parse(buf, 0, &d, NULL) == INSPEX_OK &&
                 d.year >= 1990 &&
                 !inspex_inspection_get(p->insp, INSPEX_FIELD_PUBLISHED))
            st = set(p, INSPEX_FIELD_PUBLISHED, buf);
    }
    if (st == INSPEX_OK && title[0] && maxh > 0 &&
        (p->out->title = strdup(title)) == NULL)
        st = inspex_error_set(p->err, INSPEX_ERR_NOMEM, "out of memory");
    return st;
}

/* ---- fieldwork and recommendations -------------------------------------- */

/* The longest date range among the words after "fieldwork". */
static inspex_status_t read_fieldwork(parse_t *p, const pdf_lines_t *ls,
                                      size_t i, int *done)
{
    char text[TEXT_MAX], win[TEXT_MAX], *words[48];
    size_t nw = 0;
    const pdf_line_t *l = &ls->lines[i];
    char *s;

    join(l, 0, l->nwords, text, sizeof(text));
    if (i + 1 < ls->n) {
        append(text, sizeof(text), " ");
        join(&ls->lines[i + 1], 0, ls->lines[i + 1].nwords, win, sizeof(win));
        append(text, sizeof(text), win);
    }
    s = strcasestr(text, "fieldwork");
    if (s == NULL)
        return INSPEX_OK;
    char *save = NULL;

    for (char *w = strtok_r(s, " ", &save); w && nw < 48;
         w = strtok_r(NULL, " ", &save))
        words[nw++] = w;
    for (size_t a = 1; a < nw; a++) {
        for (size_t k = nw - a < 8 ? nw - a : 8; k >= 1; k--) {
            inspex_date_t d0, d1;
            char iso[16];
            size_t n;
            win[0] = '\0';
            for (size_t j = a; j < a + k; j++)
                append(win, sizeof(win),
                       strcasecmp(words[j], "and") == 0 ? "to" : words[j]);
            n = strlen(win);
            while (n > 0 && strchr(".,;:)", win[n - 1]))
                win[--n] = '\0';
            if (!isdigit((unsigned char)win[0]) &&
                !isupper((unsigned char)win[0]))
                continue;
            if (inspex_date_range_parse(win, 0, &d0, &d1, NULL) != INSPEX_OK ||
                d0.year < 1990)
                continue;
            inspex_date_format(&d0, iso, sizeof(iso));
            if (set(p, INSPEX_FIELD_FIELDWORK_START, iso) != INSPEX_OK)
                return inspex_error_code(p->err);
            if (d1.year) {
                inspex_date_format(&d1, iso, sizeof(iso));
                if (set(p, INSPEX_FIELD_FIELDWORK_END, iso) != INSPEX_OK)
                    return inspex_error_code(p->err);
            }
            *done = 1;
            return INSPEX_OK;
        }
    }
    return INSPEX_OK;
}

/* "The YOT should:" gives "YOT"; 0 when the line is no such lead-in. */
static int addressee_of(const pdf_line_t *l, char *out, size_t size)
{
    char buf[TEXT_MAX];
    size_t n;
    const char *t = join(l, 0, l->nwords, buf, sizeof(buf));

    n = strlen(t);
    if (n > 7 && strcasecmp(t + n - 7, "should:") == 0)
        n -= 7;
    else if (n > 6 && strcasecmp(t + n - 6, "should") == 0)
        n -= 6;
    else
        return 0;
    while (n > 0 && t[n - 1] == ' ')
        n--;
    if (strncasecmp(t, "the ", 4) == 0)
        t += 4, n -= 4;
    if (n == 0 || n > 80)
        return 0;
    snprintf(out, size, "%.*s", (int)n, t);
    return 1;
}

/* "1." or "1" starting a line: the item's number. */
static int item_number(const pdf_line_t *l, char *ref, size_t size)
{
    const char *w = l->words[0].text;
    size_t n = strspn(w, "0123456789");

    if (n == 0 || n > 2 ||
        (w[n] != '\0' && strcmp(w + n, ".") != 0 && strcmp(w + n, ")") != 0) ||
        l->nwords < 2)
        return 0;
    snprintf(ref, size, "%.*s", (int)n, w);
    return 1;
}

typedef struct rec {
    char ref[8];
    char text[TEXT_MAX * 2];
    float y1, h;
} rec_t;

static inspex_status_t add_rec(parse_t *p, rec_t *rec, const char *to)
{
    inspex_item_t *it;
    inspex_status_t st;

    if (rec->text[0] == '\0')
        return INSPEX_OK;
    it = inspex_inspection_add_item(p->insp, INSPEX_ITEM_RECOMMENDATION);
    if (it == NULL)
        return inspex_error_set(p->err, INSPEX_ERR_NOMEM, "out of memory");
    st = inspex_item_set(it, INSPEX_ATTR_REFERENCE, rec->ref, 0, p->err);
    if (st == INSPEX_OK && to[0])
        st = inspex_item_set(it, INSPEX_ATTR_ADDRESSEE, to, 0, p->err);
    if (st == INSPEX_OK)
        st = inspex_item_set(it, INSPEX_ATTR_TEXT, rec->text, 0, p->err);
    rec->text[0] = '\0';
    return st;
}

/* Appends a line to a recommendation; a word broken with a hyphen at
 * the end of the line is joined again. */
static void rec_line(rec_t *rec, const pdf_line_t *l, size_t from)
{
    char buf[TEXT_MAX];
    size_t n = strlen(rec->text);

    join(l, from, l->nwords, buf, sizeof(buf));
    if (n > 1 && rec->text[n - 1] == '-' && isalpha((unsigned char)buf[0]))
        snprintf(rec->text + n, sizeof(rec->text) - n, "%s", buf);
    else
        append(rec->text, sizeof(rec->text), buf);
    rec->y1 = l->y1;
    rec->h = l->h;
}

/* The numbered recommendations after each "The X should:" of a page,
 * until a line that is neither a new item nor close below the last. */
static inspex_status_t read_recommendations(parse_t *p, const pdf_lines_t *ls)
{
    char to[96] = "";
    rec_t rec;
    int in = 0;
    inspex_status_t st = INSPEX_OK;

    memset(&rec, 0, sizeof(rec));
    for (size_t i = 0; i < ls->n && st == INSPEX_OK; i++) {
        const pdf_line_t *l = &ls->lines[i];
        char ref[8], who[96];
        if (addressee_of(l, who, sizeof(who))) {
            st = add_rec(p, &rec, to);
            snprintf(to, sizeof(to), "%s", who);
            in = 1;
            rec.y1 = l->y1;
            rec.h = l->h;
        } else if (in && item_number(l, ref, sizeof(ref))) {
            st = add_rec(p, &rec, to);
            snprintf(rec.ref, sizeof(rec.ref), "%s", ref);
            rec_line(&rec, l, 1);
        } else if (in && rec.text[0] && l->y0 - rec.y1 < 0.8f * rec.h &&
                   l->h < 1.2f * rec.h) {
            rec_line(&rec, l, 0);
        } else if (in) {
            st = add_rec(p, &rec, to);
            in = 0;
        }
    }
    if (st == INSPEX_OK)
        st = add_rec(p, &rec, to);
    return st;
}

/* ---- the document ------------------------------------------------------- */

static inspex_status_t read_page(parse_t *p, const pdf_page_t *pg,
                                 int *fieldwork)
{
    pdf_lines_t ls;
    inspex_status_t st = INSPEX_OK;

    if (pdf_layout(pg, &ls) != 0)
        return inspex_error_set(p->err, INSPEX_ERR_NOMEM, "out of memory");
    p->page = pg->number;
    if (pg->number == 1)
        st = read_cover(p, &ls);
    if (st == INSPEX_OK && p->out->ratings_page == 0 && is_ratings_page(&ls)) {
        p->out->ratings_page = pg->number;
        st = read_ratings(p, &ls);
    }
    for (size_t i = 0; i < ls.n && st == INSPEX_OK && !*fieldwork; i++)
        for (size_t w = 0; w < ls.lines[i].nwords; w++)
            if (contains_ci(ls.lines[i].words[w].text, "fieldwork")) {
                st = read_fieldwork(p, &ls, i, fieldwork);
                break;
            }
    if (st == INSPEX_OK &&
        inspex_inspection_item_count(p->insp, INSPEX_ITEM_RECOMMENDATION) == 0)
        st = read_recommendations(p, &ls);
    pdf_lines_clear(&ls);
    return st;
}

inspex_status_t pdf_report_read(const pdf_page_t *pages, size_t npages,
                                int scanned, int total,
                                const inspex_frameworks_t *fw,
                                pdf_report_t *out, inspex_error_t *err)
{
    parse_t p = {fw, out, NULL, err, 0};
    int fieldwork = 0;
    inspex_status_t st = INSPEX_OK;

    memset(out, 0, sizeof(*out));
    p.insp = out->insp = inspex_inspection_new();
    if (p.insp == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < npages && st == INSPEX_OK; i++)
        st = read_page(&p, &pages[i], &fieldwork);
    if (st != INSPEX_OK)
        return st;
    p.page = 0;
    if (out->ratings_page == 0) {
        int last = scanned;
        if (out->title == NULL)
            return inspex_error_set(err, INSPEX_ERR_INVALID,
                                    "no report in this PDF: no title on its "
                                    "first page and no ratings page in "
                                    "pages 1-%d of %d",
                                    last, total);
        warn(&p,
             "no ratings page in pages 1-%d of %d (a page with a score "
             "or an overall rating and rows of standards); the "
             "inspection has no ratings",
             last, total);
    }
    return INSPEX_OK;
}
