/* SPDX-License-Identifier: MIT */
/* test_pdf.c - the pdf importer's layout and ratings-page reader, fed
 * positioned characters as poppler gives them (no PDF, no poppler):
 * words and cells from gaps, footnote marks, rows whose rating stands
 * apart from them, titles matched to the frameworks, and each warning
 * and error with its exact text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <inspex/inspex.h>

#include "pdf.h"

static inspex_frameworks_t *fw;

/* A page being built: characters 0.55 of the size wide, boxes from
 * 0.8 of the size above the baseline to 0.2 below; a space only moves
 * on. */
typedef struct page {
    pdf_page_t pg;
    size_t cap;
} page_t;

static float put(page_t *p, float x, float y, float size, const char *text)
{
    for (const char *c = text; *c; c++) {
        if (*c != ' ') {
            pdf_glyph_t *g;
            if (p->pg.nglyphs == p->cap) {
                p->cap = p->cap ? p->cap * 2 : 256;
                p->pg.glyphs = realloc(p->pg.glyphs,
                                       p->cap * sizeof(*p->pg.glyphs));
                assert_non_null(p->pg.glyphs);
            }
            g = &p->pg.glyphs[p->pg.nglyphs++];
            g->cp = (unsigned char)*c;
            g->x0 = x;
            g->x1 = x + 0.55f * size;
            g->y0 = y - 0.8f * size;
            g->y1 = y + 0.2f * size;
        }
        x += 0.55f * size;
    }
    return x;
}

static void page_init(page_t *p, int number)
{
    memset(p, 0, sizeof(*p));
    p->pg.number = number;
    p->pg.width = 595;
    p->pg.height = 842;
}

static void test_layout(void **state)
{
    page_t p;
    pdf_lines_t ls;
    float x;

    (void)state;
    page_init(&p, 1);
    /* "Partners" and "hips" a kerning gap apart are one word */
    x = put(&p, 100, 100, 11, "1.3");
    x = put(&p, x + 20, 100, 11, "Partners");
    x = put(&p, x + 0.3f, 100, 11, "hips and services");
    /* a footnote mark, small and raised, after "provision" */
    x = put(&p, 100, 130, 11, "Resettlement policy and provision");
    put(&p, x + 0.5f, 130 - 5, 6, "1");
    /* the rating column, a little off the baseline */
    put(&p, 380, 101.5f, 11, "Requires improvement");
    assert_int_equal(pdf_layout(&p.pg, &ls), 0);
    assert_int_equal(ls.n, 2);
    assert_int_equal(ls.lines[0].nwords, 6);
    assert_string_equal(ls.lines[0].words[0].text, "1.3");
    assert_string_equal(ls.lines[0].words[1].text, "Partnerships");
    assert_int_equal(ls.lines[0].words[1].cell, 1);
    assert_string_equal(ls.lines[0].words[4].text, "Requires");
    assert_int_equal(ls.lines[0].words[4].cell, 2);
    assert_int_equal(ls.lines[0].ncells, 3);
    assert_int_equal(ls.lines[1].nwords, 4);
    assert_string_equal(ls.lines[1].words[3].text, "provision");
    assert_true(ls.lines[1].words[3].marked);
    pdf_lines_clear(&ls);
    free(p.pg.glyphs);
}

/* Garbage boxes (NaN, negative heights, huge coordinates) are dropped. */
static void test_layout_garbage(void **state)
{
    page_t p;
    pdf_lines_t ls;
    pdf_glyph_t bad[3] = {{'a', 0.0f / 0.0f, 0, 1, 1},
                          {'b', 10, 20, 11, 10},
                          {'c', 1e30f, 0, 1e30f, 10}};

    (void)state;
    page_init(&p, 1);
    put(&p, 100, 100, 11, "ok");
    for (int i = 0; i < 3; i++) {
        put(&p, 0, 0, 11, "x");
        p.pg.glyphs[p.pg.nglyphs - 1] = bad[i];
    }
    assert_int_equal(pdf_layout(&p.pg, &ls), 0);
    assert_int_equal(ls.n, 1);
    assert_string_equal(ls.lines[0].words[0].text, "ok");
    pdf_lines_clear(&ls);
    free(p.pg.glyphs);
}

static float row(page_t *p, float y, const char *code, const char *title,
                 const char *rating)
{
    if (code)
        put(p, 60, y, 11, code);
    put(p, 100, y, 11, title);
    if (rating)
        put(p, 380, y, 11, rating);
    return y + 22;
}

/* A ratings page: 2.3's title on two lines with its rating between them,
 * 2.4's rating on two lines, rows with no code, one unknown rating. */
static void ratings_page(page_t *p)
{
    float y = 100;

    page_init(p, 5);
    put(p, 60, y, 11, "Anytown Youth Offending Service");
    put(p, 300, y, 11, "Score");
    put(p, 380, y, 11, "14/36");
    y += 24;
    put(p, 60, y, 11, "Overall rating");
    put(p, 380, y, 11, "Requires improvement");
    y += 30;
    put(p, 60, y, 12, "1. Organisational delivery");
    y += 22;
    y = row(p, y, "1.1", "Governance and leadership", "Good");
    y = row(p, y, "1.2", "Staff", "Goodish");
    y = row(p, y, "1.3", "Partnerships and services", "Outstanding");
    y = row(p, y, "1.4", "Information and facilities", "Good");
    put(p, 60, y, 12, "2. Court disposals");
    y += 22;
    y = row(p, y, NULL, "Assessment", "Inadequate");
    y = row(p, y, "2.2", "Planning", "Good");
    put(p, 60, y, 11, "2.3");
    put(p, 100, y, 11, "Implementation and");
    put(p, 100, y + 14, 11, "delivery");
    put(p, 380, y + 7, 11, "Good");
    y += 34;
    put(p, 60, y, 11, "2.4");
    put(p, 100, y, 11, "Reviewing");
    put(p, 380, y - 7, 11, "Requires");
    put(p, 380, y + 7, 11, "improvement");
    y += 34;
    put(p, 60, y, 12, "3. Out-of-court disposals");
    y += 22;
    y = row(p, y, NULL, "Assessment", "Good");
    y = row(p, y, "3.2", "Planning", "Good");
    y = row(p, y, "3.3", "Implementation and delivery", "Good");
    row(p, y, "3.4", "Joint working", NULL);
}

static const char *rating(const inspex_inspection_t *insp, const char *code)
{
    inspex_judgement_t *j = inspex_inspection_find_judgement(insp, code);

    return j ? inspex_judgement_rating(j) : NULL;
}

static void test_ratings_page(void **state)
{
    page_t p[2];
    pdf_page_t pages[2];
    pdf_report_t rep;
    inspex_error_t *err = inspex_error_new();
    inspex_judgement_t *j;

    (void)state;
    page_init(&p[0], 1);
    put(&p[0], 60, 100, 11, "HM Inspectorate of Probation");
    put(&p[0], 60, 160, 26, "An inspection of youth");
    put(&p[0], 60, 200, 26, "offending services in Anytown");
    put(&p[0], 60, 260, 11, "June 2019");
    ratings_page(&p[1]);
    pages[0] = p[0].pg;
    pages[1] = p[1].pg;
    assert_int_equal(pdf_report_read(pages, 2, 8, 40, fw, &rep, err),
                     INSPEX_OK);
    assert_int_equal(rep.ratings_page, 5);
    assert_string_equal(rep.title,
                        "An inspection of youth offending services in Anytown");
    assert_string_equal(inspex_inspection_get(rep.insp, INSPEX_FIELD_BODY_NAME),
                        "Anytown Youth Offending Service");
    assert_string_equal(inspex_inspection_get(rep.insp, INSPEX_FIELD_PUBLISHED),
                        "2019-06");
    assert_string_equal(inspex_inspection_get(rep.insp,
                                              INSPEX_FIELD_INSPECTORATE),
                        "HMIP");
    assert_string_equal(inspex_inspection_get(rep.insp, INSPEX_FIELD_SCORE),
                        "14");
    assert_string_equal(inspex_inspection_get(rep.insp,
                                              INSPEX_FIELD_OVERALL_RATING),
                        "Requires improvement");
    assert_string_equal(rating(rep.insp, "1.1"), "Good");
    assert_null(rating(rep.insp, "1.2"));
    assert_string_equal(rating(rep.insp, "2.1"), "Inadequate");
    assert_string_equal(rating(rep.insp, "3.1"), "Good");
    assert_string_equal(rating(rep.insp, "2.3"), "Good");
    assert_string_equal(rating(rep.insp, "2.4"), "Requires improvement");
    j = inspex_inspection_find_judgement(rep.insp, "2.3");
    assert_string_equal(inspex_judgement_title(j),
                        "Implementation and delivery");
    assert_int_equal(rep.nwarnings, 2);
    assert_string_equal(rep.warnings[0],
                        "page 5: standard 1.2: \"Goodish\" is not a rating on "
                        "any loaded framework's scale; the standard is left "
                        "out");
    assert_string_equal(rep.warnings[1], "page 5: standard 3.4: no rating "
                                         "beside it; the standard is left out");
    pdf_report_clear(&rep);
    free(p[0].pg.glyphs);
    free(p[1].pg.glyphs);
    inspex_error_free(err);
}

/* Without a domain heading "Assessment" is 2.1 or 3.1: left out. */
static void test_ambiguous_title(void **state)
{
    page_t p;
    pdf_report_t rep;
    inspex_error_t *err = inspex_error_new();
    float y = 100;

    (void)state;
    page_init(&p, 3);
    put(&p, 60, y, 11, "Overall rating");
    put(&p, 380, y, 11, "Good");
    y += 30;
    y = row(&p, y, "1.1", "Governance and leadership", "Good");
    y = row(&p, y, "1.2", "Staff", "Good");
    y = row(&p, y, "1.3", "Partners hips and services", "Good");
    row(&p, y, NULL, "Assessment", "Good");
    assert_int_equal(pdf_report_read(&p.pg, 1, 3, 3, fw, &rep, err), INSPEX_OK);
    assert_int_equal(inspex_inspection_judgement_count(rep.insp), 3);
    assert_string_equal(inspex_judgement_title(
                            inspex_inspection_find_judgement(rep.insp, "1.3")),
                        "Partnerships and services");
    assert_int_equal(rep.nwarnings, 2);
    assert_string_equal(rep.warnings[0],
                        "page 3: \"Assessment\" is the title of standards "
                        "2.1, 3.1; without a code or a domain it is left out");
    assert_string_equal(rep.warnings[1], "page 3: the ratings page gives no "
                                         "score (\"Score\" and a number out "
                                         "of a number)");
    pdf_report_clear(&rep);
    free(p.pg.glyphs);
    inspex_error_free(err);
}

/* The layout of the HTML reports' table: a header row naming the
 * service with "Score" and "Rating" as column heads, the score and the
 * overall rating on one row, a code-less resettlement row. */
static void test_score_on_overall_row(void **state)
{
    page_t p;
    pdf_report_t rep;
    inspex_error_t *err = inspex_error_new();
    float y = 100;

    (void)state;
    page_init(&p, 6);
    put(&p, 60, y, 11, "Nottinghamshire Youth Justice Service");
    put(&p, 300, y, 11, "Score");
    put(&p, 380, y, 11, "Rating");
    y += 24;
    put(&p, 60, y, 11, "Overall rating");
    put(&p, 300, y, 11, "19/36");
    put(&p, 380, y, 11, "Good");
    y += 30;
    y = row(&p, y, "1.1", "Governance and leadership", "Good");
    y = row(&p, y, "1.2", "Staff", "Good");
    y = row(&p, y, "1.3", "Partnerships and services", "Good");
    row(&p, y, NULL, "Resettlement policy and provision", "Outstanding");
    assert_int_equal(pdf_report_read(&p.pg, 1, 6, 6, fw, &rep, err), INSPEX_OK);
    assert_int_equal(rep.nwarnings, 0);
    assert_string_equal(inspex_inspection_get(rep.insp, INSPEX_FIELD_BODY_NAME),
                        "Nottinghamshire Youth Justice Service");
    assert_string_equal(inspex_inspection_get(rep.insp, INSPEX_FIELD_SCORE),
                        "19");
    assert_string_equal(inspex_inspection_get(rep.insp,
                                              INSPEX_FIELD_OVERALL_RATING),
                        "Good");
    assert_int_equal(inspex_inspection_judgement_count(rep.insp), 4);
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_judgement(rep.insp, 3)),
                        "Outstanding");
    pdf_report_clear(&rep);
    free(p.pg.glyphs);
    inspex_error_free(err);
}

static void test_no_ratings_page(void **state)
{
    page_t p;
    pdf_report_t rep;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    page_init(&p, 1);
    put(&p, 60, 160, 26, "A thematic inspection");
    put(&p, 60, 260, 11, "Ratings 5");
    assert_int_equal(pdf_report_read(&p.pg, 1, 30, 2000, fw, &rep, err),
                     INSPEX_OK);
    assert_int_equal(rep.ratings_page, 0);
    assert_int_equal(rep.nwarnings, 1);
    assert_string_equal(rep.warnings[0],
                        "no ratings page in pages 1-30 of 2000 (a page with a "
                        "score or an overall rating and rows of standards); "
                        "the inspection has no ratings");
    pdf_report_clear(&rep);
    /* nothing at all: an error */
    p.pg.nglyphs = 0;
    assert_int_equal(pdf_report_read(&p.pg, 1, 1, 1, fw, &rep, err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "no report in this PDF: no title on its first page "
                        "and no ratings page in pages 1-1 of 1");
    pdf_report_clear(&rep);
    free(p.pg.glyphs);
    inspex_error_free(err);
}

/* Recommendations by addressee, a line's hyphenated word joined, and
 * fieldwork "between 24 and 28 February 2020". */
static void test_recommendations(void **state)
{
    page_t p;
    pdf_report_t rep;
    inspex_error_t *err = inspex_error_new();
    inspex_item_t *it;

    (void)state;
    page_init(&p, 2);
    put(&p, 60, 80, 11, "The fieldwork took place between 24 and 28");
    put(&p, 60, 96, 11, "February 2020.");
    put(&p, 60, 140, 11, "The YOT should:");
    put(&p, 60, 156, 11, "1. Improve multi-");
    put(&p, 60, 172, 11, "agency work.");
    put(&p, 60, 188, 11, "2. Plan better.");
    put(&p, 60, 220, 11, "The management board should:");
    put(&p, 60, 236, 11, "3. Hold the YOT to account.");
    put(&p, 60, 400, 16, "Introduction");
    assert_int_equal(pdf_report_read(&p.pg, 1, 2, 2, fw, &rep, err),
                     INSPEX_ERR_INVALID);
    pdf_report_clear(&rep);
    p.pg.number = 1; /* as the first page, its big line is a title */
    assert_int_equal(pdf_report_read(&p.pg, 1, 2, 2, fw, &rep, err), INSPEX_OK);
    assert_string_equal(inspex_inspection_get(rep.insp,
                                              INSPEX_FIELD_FIELDWORK_START),
                        "2020-02-24");
    assert_string_equal(inspex_inspection_get(rep.insp,
                                              INSPEX_FIELD_FIELDWORK_END),
                        "2020-02-28");
    assert_int_equal(inspex_inspection_item_count(rep.insp,
                                                  INSPEX_ITEM_RECOMMENDATION),
                     3);
    it = inspex_inspection_item(rep.insp, INSPEX_ITEM_RECOMMENDATION, 0);
    assert_string_equal(inspex_item_get(it, INSPEX_ATTR_ADDRESSEE), "YOT");
    assert_string_equal(inspex_item_get(it, INSPEX_ATTR_TEXT),
                        "Improve multi-agency work.");
    it = inspex_inspection_item(rep.insp, INSPEX_ITEM_RECOMMENDATION, 2);
    assert_string_equal(inspex_item_get(it, INSPEX_ATTR_REFERENCE), "3");
    assert_string_equal(inspex_item_get(it, INSPEX_ATTR_ADDRESSEE),
                        "management board");
    pdf_report_clear(&rep);
    free(p.pg.glyphs);
    inspex_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_layout_garbage),
        cmocka_unit_test(test_ratings_page),
        cmocka_unit_test(test_ambiguous_title),
        cmocka_unit_test(test_score_on_overall_row),
        cmocka_unit_test(test_no_ratings_page),
        cmocka_unit_test(test_recommendations),
    };
    char dir[4096];
    int rc;

    fw = inspex_frameworks_new();
    snprintf(dir, sizeof(dir), "%s/frameworks", INSPEX_SRCDIR);
    inspex_frameworks_load_dir(fw, dir, 1, NULL);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    inspex_frameworks_free(fw);
    return rc;
}
