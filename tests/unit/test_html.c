/* SPDX-License-Identifier: MIT */
/* test_html.c - the html report's parts alone: the explanation of a
 * published against a computed score (html_explain.c) for every way they
 * can agree or not, the tiers of the colours, HTML and Markdown
 * escaping; and the html plugin with the host's frameworks set, through
 * inspex_export_check, showing a disagreement and the checks' problems. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inspex/framework.h>

#include <inspex/host.h>

#include "html.h"
#include "markdown.h"

static inspex_frameworks_t *set;
static inspex_registry_t *reg;

static int setup(void **state)
{
    (void)state;
    set = inspex_frameworks_new();
    return inspex_frameworks_load_dir(set, INSPEX_SRCDIR "/frameworks", 1,
                                      NULL) != INSPEX_OK;
}

static int teardown(void **state)
{
    (void)state;
    inspex_frameworks_free(set);
    return 0;
}

/* Medway 2020: 18, Requires improvement, under the 2018 standards; the
 * published score and rating as given, computed ones as the checker
 * gives them. */
static inspex_inspection_t *medway(const char *score, const char *overall)
{
    static const char *const r[12] = {"RI",   "Good", "RI",   "Good",
                                      "Good", "I",    "Good", "RI",
                                      "Good", "RI",   "Good", "Good"};
    static const char *const codes[12] = {"1.1", "1.2", "1.3", "1.4",
                                          "2.1", "2.2", "2.3", "2.4",
                                          "3.1", "3.2", "3.3", "3.4"};
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_checker_t *c = inspex_checker_new(set, NULL, NULL);

    inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME, "Medway YOT", 0, NULL);
    inspex_inspection_set(i, INSPEX_FIELD_FRAMEWORK, "hmip-youth-2018", 0,
                          NULL);
    inspex_inspection_set(i, INSPEX_FIELD_PUBLISHED, "2020-06-04", 0, NULL);
    if (score)
        inspex_inspection_set(i, INSPEX_FIELD_SCORE, score, 0, NULL);
    if (overall)
        inspex_inspection_set(i, INSPEX_FIELD_OVERALL_RATING, overall, 0, NULL);
    for (int k = 0; k < 12; k++)
        inspex_judgement_set_rating(inspex_inspection_add_judgement(i, codes[k],
                                                                    NULL),
                                    r[k], NULL);
    inspex_check(c, i);
    inspex_checker_free(c);
    return i;
}

static void expect_point(const html_score_t *s, size_t k,
                         html_verdict_t verdict, const char *text)
{
    assert_true(k < s->npoints);
    assert_int_equal(s->point[k].verdict, verdict);
    assert_string_equal(s->point[k].text, text);
}

static void test_agree(void **state)
{
    inspex_inspection_t *i = medway("18", "Requires improvement");
    html_score_t s;

    (void)state;
    html__explain(set, i, &s);
    assert_int_equal(s.disagreements, 0);
    assert_int_equal(s.npoints, 2);
    expect_point(&s, 0, HTML_AGREE,
                 "The published score, 18 out of 36, is the sum of the "
                 "standards' points.");
    expect_point(&s, 1, HTML_AGREE,
                 "The published overall rating, Requires improvement, is the "
                 "rating the standards' score gives.");
    inspex_inspection_free(i);
}

static void test_score_differs(void **state)
{
    inspex_inspection_t *i = medway("17", "Requires improvement");
    html_score_t s;

    (void)state;
    html__explain(set, i, &s);
    assert_int_equal(s.disagreements, 1);
    expect_point(&s, 0, HTML_DISAGREE,
                 "The published score, 17, differs from the score the "
                 "standards give, 18 out of 36 (each counted standard's "
                 "points: see the table).");
    inspex_inspection_free(i);
}

static void test_band_differs(void **state)
{
    inspex_inspection_t *i = medway("18", "Good");
    html_score_t s;

    (void)state;
    html__explain(set, i, &s);
    assert_int_equal(s.disagreements, 2);
    expect_point(&s, 1, HTML_DISAGREE,
                 "The published overall rating, Good, is outside the band of "
                 "the published score: 18 falls in 7 to 18, Requires "
                 "improvement.");
    expect_point(&s, 2, HTML_DISAGREE,
                 "The published overall rating, Good, differs from the "
                 "rating the standards give: their score, 18, falls in 7 to "
                 "18, Requires improvement.");
    inspex_inspection_free(i);
}

static void test_rating_differs_without_score(void **state)
{
    inspex_inspection_t *i = medway(NULL, "Good");
    html_score_t s;

    (void)state;
    html__explain(set, i, &s);
    assert_int_equal(s.disagreements, 1);
    expect_point(&s, 0, HTML_DISAGREE,
                 "The published overall rating, Good, differs from the "
                 "rating the standards give: their score, 18, falls in 7 to "
                 "18, Requires improvement.");
    inspex_inspection_free(i);
}

static void test_missing_and_unscored(void **state)
{
    inspex_inspection_t *i = inspex_inspection_new();
    html_score_t s;

    (void)state;
    inspex_inspection_set(i, INSPEX_FIELD_FRAMEWORK, "hmip-youth-2021", 0,
                          NULL);
    inspex_inspection_set(i, INSPEX_FIELD_SCORE, "19", 0, NULL);
    inspex_judgement_set_rating(inspex_inspection_add_judgement(i, "1.1", NULL),
                                "Good", NULL);
    html__explain(set, i, &s);
    expect_point(&s, 0, HTML_UNCHECKED,
                 "No score was computed: 11 counted standards are not rated "
                 "here (1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, "
                 "3.4).");
    expect_point(&s, 1, HTML_UNCHECKED,
                 "The published score, 19 out of 36, cannot be checked "
                 "against the standards.");
    inspex_inspection_set(i, INSPEX_FIELD_FRAMEWORK, "hmip-fji-2012", 0, NULL);
    html__explain(set, i, &s);
    assert_int_equal(s.npoints, 1);
    expect_point(&s, 0, HTML_UNCHECKED,
                 "hmip-fji-2012 has no scoring rule that inspex knows, so no "
                 "score or overall rating was computed; what was published "
                 "stands unchecked.");
    inspex_inspection_set(i, INSPEX_FIELD_FRAMEWORK, "made-up", 0, NULL);
    html__explain(set, i, &s);
    expect_point(&s, 0, HTML_UNCHECKED,
                 "The framework made-up is not one this inspex knows, so "
                 "nothing was computed.");
    inspex_inspection_set(i, INSPEX_FIELD_FRAMEWORK, "", 0, NULL);
    html__explain(set, i, &s);
    expect_point(&s, 0, HTML_UNCHECKED,
                 "No framework is known for this inspection (it was not "
                 "named, and inspex could not tell it from the data), so "
                 "nothing was computed.");
    inspex_inspection_free(i);
}

static void test_tiers(void **state)
{
    const inspex_framework_t *y = inspex_frameworks_find(set,
                                                         "hmip-youth-2018");
    const inspex_framework_t *u = inspex_frameworks_find(set, "hmip-unrated");

    (void)state;
    assert_int_equal(html__tier(y, "Outstanding"), 1);
    assert_int_equal(html__tier(y, "Good"), 2);
    assert_int_equal(html__tier(y, "Requires improvement"), 3);
    assert_int_equal(html__tier(y, "Inadequate"), 4);
    assert_int_equal(html__tier(y, "Satisfactory"), 0);
    assert_int_equal(html__tier(NULL, "Good"), 0);
    assert_int_equal(html__tier(u, "Not rated"), 0);
}

static void test_escape(void **state)
{
    inspex_buf_t b = {0};

    (void)state;
    assert_int_equal(html__escape(&b, "<script>a & 'b' \"c\"\x01</script>"), 0);
    assert_string_equal(b.p, "&lt;script&gt;a &amp; &#39;b&#39; &quot;c&quot;"
                             "\xEF\xBF\xBD&lt;/script&gt;");
    inspex_buf_reset(&b);
    assert_int_equal(md__escape(&b, "a|b\r\nc\nd *e* [f](g) <h> \\ `i` ~j~ &"),
                     0);
    assert_string_equal(b.p, "a\\|b<br>c<br>d \\*e\\* \\[f\\](g) \\<h\\> "
                             "\\\\ \\`i\\` \\~j\\~ \\&");
    inspex_buf_free(&b);
}

/* The html plugin with the host's frameworks: a disagreement is marked,
 * and the checks' problems (a duplicate) are listed. */
static void test_page(void **state)
{
    const inspex_plugin_t *p;
    inspex_writer_t *w = inspex_writer_new_memory();
    inspex_exporter_t *ex = NULL;
    inspex_error_t *err = inspex_error_new();
    inspex_inspection_t *a = medway("17", "Requires improvement");
    inspex_inspection_t *b = medway("18", "Requires improvement");
    const char *page;
    size_t len;

    (void)state;
    reg = inspex_registry_new();
    inspex_registry_load_dir(reg, INSPEX_BUILDDIR "/plugins/html/.libs", 1,
                             NULL);
    p = inspex_registry_find(reg, "html");
    assert_non_null(p);
    assert_int_equal(inspex_exporter_open(p, w, NULL, &ex, err), INSPEX_OK);
    inspex_exporter_set_frameworks(ex, set);
    assert_int_equal(inspex_exporter_write(ex, a, err), INSPEX_OK);
    assert_int_equal(inspex_exporter_write(ex, b, err), INSPEX_OK);
    assert_int_equal(inspex_exporter_finish(ex, err), INSPEX_OK);
    page = inspex_writer_data(w, &len);
    assert_non_null(strstr(page, "<td class=\"num disagree\" data-sort=\"18\">"
                                 "18 <a href=\"#score-1\">differs</a></td>"));
    assert_non_null(strstr(page, "<li class=\"disagree\"><span "
                                 "class=\"verdict\">Disagreement:</span> The "
                                 "published score, 17, differs"));
    assert_non_null(strstr(page, "<span class=\"verdict\">Error</span> "
                                 "(score-mismatch): published score 17 "
                                 "differs from the score computed from the "
                                 "standards, 18"));
    assert_non_null(strstr(page, "<span class=\"verdict\">Warning</span> "
                                 "(duplicate): duplicate inspection: Medway "
                                 "YOT published 2020-06-04 was already read"));
    assert_non_null(strstr(page, "<dt>Rated under</dt><dd>HM Inspectorate of "
                                 "Probation"));
    inspex_exporter_free(ex);
    inspex_writer_free(w);
    inspex_error_free(err);
    inspex_inspection_free(a);
    inspex_inspection_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agree),
        cmocka_unit_test(test_score_differs),
        cmocka_unit_test(test_band_differs),
        cmocka_unit_test(test_rating_differs_without_score),
        cmocka_unit_test(test_missing_and_unscored),
        cmocka_unit_test(test_tiers),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_page),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    inspex_registry_free(reg);
    return rc;
}
