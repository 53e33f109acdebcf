/* SPDX-License-Identifier: MIT */
/* mkpdf.c - draws the pdf importer's test PDFs from a table of values,
 * with cairo, so that a reader of the tests sees what each PDF says
 * (the tables are in tests/cli/pdf-fixtures/). Usage:
 *
 *   mkpdf TABLE OUT.pdf
 *
 * A table is one command a line ("#" starts a comment):
 *
 *   page                  a new A4 page
 *   big TEXT              a title line (26 pt)
 *   text TEXT             a body line (11 pt); "small TEXT" is 8 pt
 *   gap                   a blank line
 *   table [reversed] [tight]
 *                         a ratings table until "end": reversed draws it
 *                         bottom to top with the rating column first (the
 *                         content stream is not in reading order); tight
 *                         puts each rating one space after its title (the
 *                         columns touch)
 *   service NAME | SCORE  the table's first row: "NAME  Score  SCORE"
 *   overall RATING
 *   domain TEXT           "1. Organisational delivery"
 *   row CODE | TITLE | RATING
 *                         a standard; CODE may be "-" for none
 *   end
 *   pages N               after the pages above, filler pages up to N
 *   encrypted             instead: a one-page PDF whose /Encrypt needs a
 *                         password nobody has
 *   bomb MB               instead: a one-page PDF whose content stream
 *                         inflates to MB MiB of spaces
 *   textbomb MB           the same with one string of MB MiB of letters
 *   truncate PERCENT      keep only the first PERCENT of the file's bytes
 *
 * In TITLE, RATING and TEXT: "/" wraps to a second line (in a table:
 * a rating beside a one-line title is then centred on it, and a one-line
 * rating beside a two-line title stands between its lines); "~" draws
 * the two halves of a word apart by a kerning gap ("Partners~hips");
 * "_" is a hyphen drawn as a line, with no character behind it
 * ("Out_of_court"); "^1" is a raised footnote mark. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <zlib.h>

#define W 595.0
#define H 842.0
#define LEFT 60.0
#define TITLE_X 100.0
#define RATING_X 380.0

typedef struct op {
    double x, y, size;
    char text[256];
} op_t;

typedef struct doc {
    cairo_surface_t *s;
    cairo_t *cr;
    op_t *ops;
    size_t nops, cap;
    double y;
    int reversed, tight, pages;
} doc_t;

static void die(const char *what)
{
    fprintf(stderr, "mkpdf: %s\n", what);
    exit(2);
}

static void push(doc_t *d, double x, double y, double size, const char *t)
{
    if (d->nops == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->ops = realloc(d->ops, d->cap * sizeof(*d->ops));
        if (d->ops == NULL)
            die("out of memory");
    }
    d->ops[d->nops].x = x;
    d->ops[d->nops].y = y;
    d->ops[d->nops].size = size;
    snprintf(d->ops[d->nops].text, sizeof(d->ops[d->nops].text), "%s", t);
    d->nops++;
}

/* Draws one piece of text with the markers of the table format. */
static void draw(cairo_t *cr, const op_t *o)
{
    char part[256];
    size_t n = 0;
    double x = o->x;
    cairo_text_extents_t ex;

    cairo_set_font_size(cr, o->size);
    for (const char *p = o->text;; p++) {
        if (*p == '~' || *p == '_' || *p == '^' || *p == '\0') {
            part[n] = '\0';
            cairo_move_to(cr, x, o->y);
            cairo_show_text(cr, part);
            cairo_text_extents(cr, part, &ex);
            x += ex.x_advance;
            n = 0;
        }
        if (*p == '\0')
            break;
        if (*p == '~') {
            x += 0.3;
        } else if (*p == '_') {
            cairo_text_extents(cr, "-", &ex);
            cairo_set_line_width(cr, o->size * 0.08);
            cairo_move_to(cr, x + ex.x_bearing, o->y - o->size * 0.3);
            cairo_line_to(cr, x + ex.x_bearing + ex.width,
                          o->y - o->size * 0.3);
            cairo_stroke(cr);
            x += ex.x_advance;
        } else if (*p == '^' && p[1]) {
            char mark[2] = {p[1], 0};
            cairo_set_font_size(cr, o->size * 0.6);
            cairo_move_to(cr, x + 0.5, o->y - o->size * 0.45);
            cairo_show_text(cr, mark);
            cairo_text_extents(cr, mark, &ex);
            x += ex.x_advance + 0.5;
            cairo_set_font_size(cr, o->size);
            p++;
        } else if (n + 1 < sizeof(part)) {
            part[n++] = *p;
        }
    }
}

static double width_of(cairo_t *cr, const char *t, double size)
{
    cairo_text_extents_t ex;
    char buf[256];
    size_t n = 0;

    for (; *t && n + 1 < sizeof(buf); t++)
        if (*t != '~' && *t != '^')
            buf[n++] = *t == '_' ? '-' : *t;
    buf[n] = '\0';
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, buf, &ex);
    return ex.x_advance;
}

static void flush_page(doc_t *d)
{
    for (size_t i = 0; i < d->nops; i++)
        draw(d->cr, &d->ops[d->reversed ? d->nops - 1 - i : i]);
    d->nops = 0;
    cairo_show_page(d->cr);
    d->pages++;
    d->y = 80;
}

static char *trim(char *s)
{
    size_t n;

    while (*s == ' ')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Splits "a | b | c" in place into at most 3 fields. */
static int fields(char *s, char **f)
{
    int n = 0;

    for (char *p = s; n < 3; n++) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        f[n] = trim(p);
        if (bar == NULL) {
            n++;
            break;
        }
        p = bar + 1;
    }
    return n;
}

/* "a/b" into its lines; returns their number (1 or 2). */
static int wrap(const char *s, char *a, char *b, size_t size)
{
    const char *slash = strchr(s, '/');

    if (slash == NULL || slash[1] == '\0' ||
        (slash > s && slash[-1] >= '0' && slash[-1] <= '9')) {
        snprintf(a, size, "%s", s);
        b[0] = '\0';
        return 1;
    }
    snprintf(a, size, "%.*s", (int)(slash - s), s);
    snprintf(b, size, "%s", slash + 1);
    return 2;
}

static void table_row(doc_t *d, const char *code, const char *title,
                      const char *rating)
{
    char t1[256], t2[256], r1[256], r2[256];
    int nt = wrap(title, t1, t2, sizeof(t1));
    int nr = wrap(rating, r1, r2, sizeof(r1));
    double y = d->y, rx = RATING_X;

    if (d->tight)
        rx = TITLE_X + width_of(d->cr, t1, 11) + width_of(d->cr, " ", 11);
    if (strcmp(code, "-") != 0)
        push(d, LEFT, y, 11, code);
    push(d, TITLE_X, y, 11, t1);
    if (nt == 2)
        push(d, TITLE_X, y + 14, 11, t2);
    if (nr == 2) {
        double top = nt == 2 ? y : y - 7;
        push(d, rx, top, 11, r1);
        push(d, rx, top + 14, 11, r2);
    } else {
        /* a rating beside two title lines stands between them, and sits
         * a little off the baseline as a centred table cell does */
        push(d, rx, nt == 2 ? y + 7 : y + 1.5, 11, r1);
    }
    d->y += nt == 2 || nr == 2 ? 34 : 22;
}

static void line(doc_t *d, double size, const char *text)
{
    char a[256], b[256];
    int n = wrap(text, a, b, sizeof(a));

    /* a line's ascent above it, as a typesetter leaves room for */
    if (size > 14)
        d->y += size * 0.6;
    push(d, LEFT, d->y, size, a);
    d->y += size * 1.5;
    if (n == 2) {
        push(d, LEFT, d->y, size, b);
        d->y += size * 1.5;
    }
}

static void command(doc_t *d, char *s)
{
    char *f[3] = {0};
    char *arg = strchr(s, ' ');

    arg = arg ? (*arg++ = '\0', trim(arg)) : s + strlen(s);
    if (strcmp(s, "page") == 0) {
        if (d->nops || d->pages)
            flush_page(d);
        d->reversed = d->tight = 0;
    } else if (strcmp(s, "big") == 0) {
        line(d, 26, arg);
    } else if (strcmp(s, "text") == 0) {
        line(d, 11, arg);
    } else if (strcmp(s, "small") == 0) {
        line(d, 8, arg);
    } else if (strcmp(s, "gap") == 0) {
        d->y += 16;
    } else if (strcmp(s, "table") == 0) {
        d->reversed = strstr(arg, "reversed") != NULL;
        d->tight = strstr(arg, "tight") != NULL;
        d->y += 10;
    } else if (strcmp(s, "service") == 0 && fields(arg, f) == 2) {
        push(d, LEFT, d->y, 11, f[0]);
        push(d, 300, d->y, 11, "Score");
        push(d, RATING_X, d->y, 11, f[1]);
        d->y += 24;
    } else if (strcmp(s, "overall") == 0) {
        push(d, LEFT, d->y, 11, "Overall rating");
        push(d, RATING_X, d->y, 11, arg);
        d->y += 24;
    } else if (strcmp(s, "domain") == 0) {
        d->y += 6;
        push(d, LEFT, d->y, 12, arg);
        d->y += 22;
    } else if (strcmp(s, "row") == 0 && fields(arg, f) == 3) {
        table_row(d, f[0], f[1], f[2]);
    } else if (strcmp(s, "end") == 0) {
        d->y += 10;
    } else {
        fprintf(stderr, "mkpdf: unknown line \"%s %s\"\n", s, arg);
        exit(2);
    }
}

/* ---- hand-written PDFs -------------------------------------------------- */

typedef struct raw {
    FILE *f;
    long off[8];
    int n;
} raw_t;

static void obj(raw_t *r, const char *body)
{
    r->off[++r->n] = ftell(r->f);
    fprintf(r->f, "%d 0 obj\n%s\nendobj\n", r->n, body);
}

static void trailer(raw_t *r, const char *extra)
{
    long x = ftell(r->f);

    fprintf(r->f, "xref\n0 %d\n0000000000 65535 f \n", r->n + 1);
    for (int i = 1; i <= r->n; i++)
        fprintf(r->f, "%010ld 00000 n \n", r->off[i]);
    fprintf(r->f,
            "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%ld\n%%%%EOF\n",
            r->n + 1, extra, x);
}

static void encrypted(const char *out)
{
    raw_t r = {fopen(out, "wb"), {0}, 0};
    const char *h32 = "<0123456789abcdef0123456789abcdef0123456789abcdef"
                      "0123456789abcdef>";
    char enc[256];

    if (r.f == NULL)
        die("cannot write the output");
    fprintf(r.f, "%%PDF-1.4\n");
    obj(&r, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&r, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(&r, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    snprintf(enc, sizeof(enc),
             "<< /Filter /Standard /V 1 /R 2 /O %s /U %s /P -4 >>", h32, h32);
    obj(&r, enc);
    trailer(&r, "/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
                "<00112233445566778899aabbccddeeff>] ");
    fclose(r.f);
}

/* A page whose content stream inflates to mb MiB: of spaces, or (text)
 * of one string of letters shown in a standard font, which a text
 * extractor must hold a box for each of. */
static void bomb(const char *out, long mb, int text)
{
    static const char pre[] = "BT /F1 10 Tf 50 700 Td (";
    static const char post[] = ") Tj ET\n";
    raw_t r = {fopen(out, "wb"), {0}, 0};
    z_stream z;
    static unsigned char in[1 << 20], zout[1 << 16];
    unsigned char *all = NULL;
    size_t nall = 0;
    char head[128];

    if (r.f == NULL)
        die("cannot write the output");
    memset(in, text ? 'a' : ' ', sizeof(in));
    memset(&z, 0, sizeof(z));
    deflateInit(&z, Z_BEST_SPEED);
    for (long i = -1; i <= mb + 1; i++) {
        /* (the prefix and suffix only for text) */
        if ((i == -1 || i == mb) && !text)
            continue;
        z.next_in = i == -1   ? (unsigned char *)pre
                    : i == mb ? (unsigned char *)post
                              : in;
        z.avail_in = i == -1   ? sizeof(pre) - 1
                     : i == mb ? sizeof(post) - 1
                     : i < mb  ? sizeof(in)
                               : 0;
        do {
            z.next_out = zout;
            z.avail_out = sizeof(zout);
            deflate(&z, i <= mb ? Z_NO_FLUSH : Z_FINISH);
            all = realloc(all, nall + sizeof(zout) - z.avail_out);
            if (all == NULL)
                die("out of memory");
            memcpy(all + nall, zout, sizeof(zout) - z.avail_out);
            nall += sizeof(zout) - z.avail_out;
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    fprintf(r.f, "%%PDF-1.4\n");
    obj(&r, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&r, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(&r, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            "/Contents 4 0 R /Resources << /Font << /F1 << /Type /Font "
            "/Subtype /Type1 /BaseFont /Helvetica >> >> >> >>");
    r.off[++r.n] = ftell(r.f);
    snprintf(head, sizeof(head),
             "%d 0 obj\n<< /Length %zu /Filter "
             "/FlateDecode >>\nstream\n",
             r.n, nall);
    fputs(head, r.f);
    fwrite(all, 1, nall, r.f);
    fputs("\nendstream\nendobj\n", r.f);
    trailer(&r, "");
    fclose(r.f);
    free(all);
}

static void truncate_file(const char *out, long percent)
{
    FILE *f = fopen(out, "rb");
    char *buf;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
        die("cannot read the output back");
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read the output back");
    fclose(f);
    f = fopen(out, "wb");
    if (f == NULL)
        die("cannot write the output");
    fwrite(buf, 1, (size_t)(n * percent / 100), f);
    fclose(f);
    free(buf);
}

int main(int argc, char **argv)
{
    FILE *in;
    char buf[1024];
    doc_t d;
    long total = 0, cut = 0;

    if (argc != 3)
        die("usage: mkpdf TABLE OUT.pdf");
    if ((in = fopen(argv[1], "r")) == NULL)
        die("cannot open the table");
    memset(&d, 0, sizeof(d));
    d.y = 80;
    d.s = cairo_pdf_surface_create(argv[2], W, H);
    d.cr = cairo_create(d.s);
    cairo_select_font_face(d.cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    while (fgets(buf, sizeof(buf), in)) {
        char *s = trim(buf);
        if (s[0] == '#' || s[0] == '\0')
            continue;
        if (strncmp(s, "encrypted", 9) == 0 || strncmp(s, "bomb ", 5) == 0 ||
            strncmp(s, "textbomb ", 9) == 0) {
            cairo_destroy(d.cr);
            cairo_surface_destroy(d.s);
            if (s[0] == 'e')
                encrypted(argv[2]);
            else if (s[0] == 'b')
                bomb(argv[2], strtol(s + 5, NULL, 10), 0);
            else
                bomb(argv[2], strtol(s + 9, NULL, 10), 1);
            fclose(in);
            return 0;
        }
        if (strncmp(s, "pages ", 6) == 0)
            total = strtol(s + 6, NULL, 10);
        else if (strncmp(s, "truncate ", 9) == 0)
            cut = strtol(s + 9, NULL, 10);
        else
            command(&d, s);
    }
    fclose(in);
    flush_page(&d);
    while (d.pages < total) {
        char t[32];
        snprintf(t, sizeof(t), "Page %d", d.pages + 1);
        push(&d, LEFT, 80, 11, t);
        flush_page(&d);
    }
    cairo_destroy(d.cr);
    cairo_surface_finish(d.s);
    if (cairo_surface_status(d.s) != CAIRO_STATUS_SUCCESS)
        die(cairo_status_to_string(cairo_surface_status(d.s)));
    cairo_surface_destroy(d.s);
    free(d.ops);
    if (cut > 0 && cut < 100)
        truncate_file(argv[2], cut);
    return 0;
}
