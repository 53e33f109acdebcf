/* SPDX-License-Identifier: MIT */
/* test_merge.c - inspex__inspection_merge (src/lib/merge.c), the merge
 * behind inspex_import_emit_merged: a landing page's record with its
 * report PDF's. Links libinspex_internal.la to reach the inspex__
 * function. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/inspex.h>

#include "internal.h"

typedef struct said {
    char text[4][320];
    int n;
} said_t;

static void keep_warning(void *ud, const char *text)
{
    said_t *s = ud;

    if (s->n < 4)
        snprintf(s->text[s->n++], sizeof(s->text[0]), "%s", text);
}

static void set(inspex_inspection_t *i, inspex_field_t f, const char *v)
{
    assert_int_equal(inspex_inspection_set(i, f, v, 0, NULL), INSPEX_OK);
}

static void source(inspex_inspection_t *i, const char *url, const char *title,
                   const char *status)
{
    inspex_item_t *it = inspex_inspection_add_item(i, INSPEX_ITEM_SOURCE);

    assert_non_null(it);
    inspex_item_set(it, INSPEX_ATTR_URL, url, 0, NULL);
    if (title)
        inspex_item_set(it, INSPEX_ATTR_TITLE, title, 0, NULL);
    if (status)
        inspex_item_set(it, INSPEX_ATTR_HTTP_STATUS, status, 0, NULL);
}

static void judge(inspex_inspection_t *i, const char *code, const char *r)
{
    inspex_judgement_t *j = inspex_inspection_add_judgement(i, code, NULL);

    assert_non_null(j);
    assert_int_equal(inspex_judgement_set_rating(j, r, NULL), INSPEX_OK);
}

static void test_merge(void **state)
{
    inspex_inspection_t *page = inspex_inspection_new();
    inspex_inspection_t *pdf = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    inspex_item_t *it;
    said_t said = {0};

    (void)state;
    set(page, INSPEX_FIELD_BODY_NAME, "Medway");
    set(page, INSPEX_FIELD_PUBLISHED, "4 June 2020");
    set(page, INSPEX_FIELD_FIELDWORK_START, "2020-02");
    source(page, "https://x/medway/", "Medway", "200");
    source(page, "https://x/medway.pdf", "Medway (PDF)", NULL);
    judge(page, "1.1", "Good");
    /* the PDF: a longer name and a month are no conflict; a more precise
     * fieldwork date is taken; 1.1 disagrees */
    set(pdf, INSPEX_FIELD_BODY_NAME, "Medway Youth Offending Service");
    set(pdf, INSPEX_FIELD_PUBLISHED, "June 2020");
    set(pdf, INSPEX_FIELD_FIELDWORK_START, "2020-02-24");
    set(pdf, INSPEX_FIELD_SCORE, "18/36");
    set(pdf, INSPEX_FIELD_OVERALL_RATING, "Requires improvement");
    judge(pdf, "1.1", "Inadequate");
    judge(pdf, "2.2", "Requires improvement");
    source(pdf, "https://x/medway.pdf", "An inspection of Medway", "200");
    it = inspex_inspection_add_item(pdf, INSPEX_ITEM_RECOMMENDATION);
    inspex_item_set(it, INSPEX_ATTR_TEXT, "Do better", 0, NULL);
    inspex_inspection_add_extra(pdf, "pdf_pages", "40", NULL);

    assert_int_equal(inspex__inspection_merge(page, pdf, keep_warning, &said,
                                              err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(page, INSPEX_FIELD_BODY_NAME),
                        "Medway");
    assert_string_equal(inspex_inspection_get(page, INSPEX_FIELD_PUBLISHED),
                        "2020-06-04");
    assert_string_equal(inspex_inspection_get(page,
                                              INSPEX_FIELD_FIELDWORK_START),
                        "2020-02-24");
    assert_string_equal(inspex_inspection_get(page, INSPEX_FIELD_SCORE), "18");
    assert_string_equal(inspex_inspection_get(page, INSPEX_FIELD_SCORE_MAX),
                        "36");
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(page, "1.1")),
                        "Good");
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(page, "2.2")),
                        "Requires improvement");
    /* the PDF's source is the page's second one, completed */
    assert_int_equal(inspex_inspection_item_count(page, INSPEX_ITEM_SOURCE), 2);
    it = inspex_inspection_item(page, INSPEX_ITEM_SOURCE, 1);
    assert_string_equal(inspex_item_get(it, INSPEX_ATTR_TITLE), "Medway (PDF)");
    assert_string_equal(inspex_item_get(it, INSPEX_ATTR_HTTP_STATUS), "200");
    assert_int_equal(inspex_inspection_item_count(page,
                                                  INSPEX_ITEM_RECOMMENDATION),
                     1);
    assert_int_equal(inspex_inspection_extra_count(page), 1);
    assert_int_equal(said.n, 1);
    assert_string_equal(said.text[0],
                        "warning: the page and the document it links to "
                        "disagree on standard 1.1: \"Good\" and "
                        "\"Inadequate\"; the page's is kept");
    /* merged twice: nothing is added again, the same conflict said */
    said.n = 0;
    assert_int_equal(inspex__inspection_merge(page, pdf, keep_warning, &said,
                                              err),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_item_count(page, INSPEX_ITEM_SOURCE), 2);
    assert_int_equal(inspex_inspection_item_count(page,
                                                  INSPEX_ITEM_RECOMMENDATION),
                     1);
    assert_int_equal(inspex_inspection_extra_count(page), 1);
    assert_int_equal(said.n, 1);
    /* a different date and body are conflicts */
    set(pdf, INSPEX_FIELD_PUBLISHED, "2021-07");
    set(pdf, INSPEX_FIELD_BODY_NAME, "Kent");
    said.n = 0;
    assert_int_equal(inspex__inspection_merge(page, pdf, keep_warning, &said,
                                              err),
                     INSPEX_OK);
    assert_int_equal(said.n, 3);
    assert_string_equal(said.text[0],
                        "warning: the page and the document it links to "
                        "disagree on body_name: \"Medway\" and \"Kent\"; the "
                        "page's is kept");
    assert_string_equal(said.text[1],
                        "warning: the page and the document it links to "
                        "disagree on published: \"2020-06-04\" and "
                        "\"2021-07\"; the page's is kept");
    inspex_inspection_free(page);
    inspex_inspection_free(pdf);
    inspex_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
