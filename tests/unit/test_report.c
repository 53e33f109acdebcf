/* test_report.c - the report page extractor: title patterns, each kind
 * of fixture page, ratings tables, recommendations, listings, and every
 * error with its exact message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <inspex/inspex.h>

#include "extract.h"

#define BASE "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/"

static inspex_frameworks_t *fw;

static char *slurp(const char *name, size_t *len)
{
    char path[4096];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof(path), "%s/fixtures/pages/%s", INSPEX_SRCDIR, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Extracts a fixture page as if fetched from base + name. */
static void extract_fixture_at(const char *base, const char *name,
                               report_page_t *page)
{
    size_t len;
    char *html = slurp(name, &len), url[512];
    inspex_error_t *err = inspex_error_new();

    snprintf(url, sizeof(url), "%s%s", base, name);
    assert_int_equal(report_extract(html, len, url, fw, page, err), INSPEX_OK);
    inspex_error_free(err);
    free(html);
}

static void extract_fixture(const char *name, report_page_t *page)
{
    extract_fixture_at(BASE, name, page);
}

static inspex_status_t extract_text(const char *html, report_page_t *page,
                                    inspex_error_t *err)
{
    return report_extract(html, strlen(html), "http://x.test/r.html", fw, page,
                          err);
}

static void test_body_names(void **state)
{
    static const struct {
        const char *title, *name;
        int matched;
    } cases[] = {
        {"An inspection of youth offending services in Medway", "Medway", 1},
        {"An inspection of youth justice services in Nottinghamshire",
         "Nottinghamshire", 1},
        {"Inspection of youth offending services in Tower Hamlets and City of "
         "London",
         "Tower Hamlets and City of London", 1},
        {"Full joint inspection of youth offending work in Swindon", "Swindon",
         1},
        {"An inspection of youth offending services in Medway | HM "
         "Inspectorate of Probation",
         "Medway", 1},
        {"An inspection of youth offending services in Essex - HM Inspectorate "
         "of Probation",
         "Essex", 1},
        {"An inspection of Western Bay Youth Justice and Early Intervention "
         "Service",
         "Western Bay Youth Justice and Early Intervention Service", 1},
        {"Youth offending team praised", "Youth offending team praised", 0},
    };
    char buf[256];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(report_body_name(cases[i].title, buf, sizeof(buf)),
                         cases[i].matched);
        assert_string_equal(buf, cases[i].name);
    }
}

static void test_landing_page(void **state)
{
    report_page_t page;
    inspex_inspection_t *insp;

    (void)state;
    extract_fixture("medway-2020.html", &page);
    insp = page.insp;
    assert_non_null(insp);
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME),
                        "Medway");
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED),
                        "2020-06-04");
    assert_string_equal(inspex_inspection_get(insp,
                                              INSPEX_FIELD_FIELDWORK_START),
                        "2020-02-24");
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_FIELDWORK_END),
                        "2020-02-28");
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_INSPECTORATE),
                        "HMIP");
    assert_string_equal(inspex_inspection_get(insp,
                                              INSPEX_FIELD_INSPECTION_TYPE),
                        "Youth offending services inspection");
    assert_string_equal(page.title,
                        "An inspection of youth offending services in Medway");
    assert_string_equal(page.pdf_url,
                        "https://www.justiceinspectorates.gov.uk/hmiprobation/"
                        "wp-content/uploads/sites/5/2020/06/"
                        "Medway-YOS-inspection-report.pdf");
    assert_string_equal(page.pdf_text, "An inspection of youth offending "
                                       "services in Medway (PDF, 1.4 MB)");
    assert_int_equal(page.nlinks, 0);
    assert_int_equal(page.nwarnings, 0);
    report_page_clear(&page);

    /* a term the matcher does not know goes to extra */
    extract_fixture("rotherham-2020.html", &page);
    assert_string_equal(inspex_inspection_get(page.insp, INSPEX_FIELD_REGION),
                        "Yorkshire and the Humber");
    report_page_clear(&page);
}

static void test_full_report(void **state)
{
    report_page_t page;
    inspex_inspection_t *insp;
    inspex_item_t *rec;
    static const char *const want[12][2] = {{"1.1", "Requires improvement"},
                                            {"1.2", "Good"},
                                            {"1.3", "Requires improvement"},
                                            {"1.4", "Good"},
                                            {"2.1", "Good"},
                                            {"2.2", "Inadequate"},
                                            {"2.3", "Good"},
                                            {"2.4", "Requires improvement"},
                                            {"3.1", "Good"},
                                            {"3.2", "Requires improvement"},
                                            {"3.3", "Good"},
                                            {"3.4", "Good"}};

    (void)state;
    extract_fixture("medway-2020-report.html", &page);
    insp = page.insp;
    assert_non_null(insp);
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_SCORE), "18");
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_SCORE_MAX),
                        "36");
    assert_string_equal(inspex_inspection_get(insp,
                                              INSPEX_FIELD_OVERALL_RATING),
                        "Requires improvement");
    assert_string_equal(inspex_inspection_get(insp,
                                              INSPEX_FIELD_FIELDWORK_START),
                        "2020-02");
    assert_int_equal(inspex_inspection_judgement_count(insp), 12);
    for (size_t i = 0; i < 12; i++) {
        inspex_judgement_t *j = inspex_inspection_find_judgement(insp,
                                                                 want[i][0]);
        assert_non_null(j);
        assert_string_equal(inspex_judgement_rating(j), want[i][1]);
    }
    assert_string_equal(inspex_judgement_title(
                            inspex_inspection_find_judgement(insp, "3.4")),
                        "Joint working");
    assert_int_equal(inspex_inspection_item_count(insp,
                                                  INSPEX_ITEM_RECOMMENDATION),
                     5);
    rec = inspex_inspection_item(insp, INSPEX_ITEM_RECOMMENDATION, 4);
    assert_string_equal(inspex_item_get(rec, INSPEX_ATTR_REFERENCE), "5");
    assert_string_equal(inspex_item_get(rec, INSPEX_ATTR_ADDRESSEE),
                        "Youth Justice Partnership Board");
    rec = inspex_inspection_item(insp, INSPEX_ITEM_RECOMMENDATION, 0);
    assert_string_equal(inspex_item_get(rec, INSPEX_ATTR_ADDRESSEE),
                        "Medway Youth Offending Team");
    assert_true(strncmp(inspex_item_get(rec, INSPEX_ATTR_TEXT),
                        "Make sure that case managers advocate", 37) == 0);
    report_page_clear(&page);

    /* a standard named by title only, known to the frameworks */
    extract_fixture("nottinghamshire-2024-report.html", &page);
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(page.insp,
                                                             "resettlement")),
                        "Outstanding");
    assert_string_equal(inspex_inspection_get(page.insp, INSPEX_FIELD_SCORE),
                        "19");
    report_page_clear(&page);
}

static void test_fallbacks(void **state)
{
    report_page_t page;

    (void)state;
    extract_fixture_at("https://news.example.org/2020/06/", "article-og.html",
                       &page);
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_BODY_NAME),
                        "Medway");
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_PUBLISHED),
                        "2020-06-04");
    /* not the inspectorate's site: no inspectorate is guessed */
    assert_null(inspex_inspection_get(page.insp, INSPEX_FIELD_INSPECTORATE));
    report_page_clear(&page);

    extract_fixture("article-jsonld.html", &page);
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_BODY_NAME),
                        "Essex");
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_PUBLISHED),
                        "2018-12-05");
    report_page_clear(&page);
}

static void test_listing(void **state)
{
    report_page_t page;

    (void)state;
    extract_fixture("listing.html", &page);
    assert_null(page.insp);
    /* unique, absolute, fragments dropped, no PDF, mail or in-page links */
    assert_int_equal(page.nlinks, 7);
    assert_string_equal(page.links[0], BASE "medway-2020.html");
    assert_string_equal(page.links[1], BASE "medway-2020-report.html");
    assert_string_equal(page.links[3], BASE "rotherham-2020.html");
    assert_string_equal(page.links[6], BASE "swindon-2015.html");
    report_page_clear(&page);
}

static void test_not_a_report(void **state)
{
    report_page_t page;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    extract_fixture("not-a-report.html", &page);
    assert_null(page.insp);
    assert_int_equal(page.nlinks, 0);
    assert_string_equal(
        page.missing,
        "not a recognised report page: no title (looked for <h1>, og:title, "
        "JSON-LD headline and <title>) and no publication date (looked for "
        "#inspection-meta, a \"Published:\" line, article:published_time and "
        "JSON-LD datePublished); and no links to reports");
    report_page_clear(&page);

    assert_int_equal(
        extract_text("<html><h1>An inspection of youth offending services in "
                     "Kent</h1><p>Coming soon.</p></html>",
                     &page, err),
        INSPEX_OK);
    assert_null(page.insp);
    assert_string_equal(
        page.missing,
        "not a recognised report page: no publication date (looked for "
        "#inspection-meta, a \"Published:\" line, article:published_time and "
        "JSON-LD datePublished); and no links to reports");
    report_page_clear(&page);

    /* nothing at all */
    assert_int_equal(report_extract("", 0, "http://x.test/", fw, &page, err),
                     INSPEX_OK);
    assert_null(page.insp);
    assert_true(page.missing[0] != '\0');
    report_page_clear(&page);
    inspex_error_free(err);
}

static const char TABLE_HEAD[] =
    "<html><h1>An inspection of youth offending services in Kent</h1>"
    "<p>Published: 4 June 2020 | 40 pages</p><table>";

static void test_table_rules(void **state)
{
    report_page_t page;
    inspex_error_t *err = inspex_error_new();
    char html[2048];

    (void)state;
    /* footnote marks after a rating word; a score row of its own */
    snprintf(html, sizeof(html),
             "%s<tr><td>2.2 Planning</td><td>Good*</td></tr>"
             "<tr><th>Score</th><td>20 out of 36</td></tr></table></html>",
             TABLE_HEAD);
    assert_int_equal(extract_text(html, &page, err), INSPEX_OK);
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_PUBLISHED),
                        "2020-06-04");
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(page.insp, "2.2")),
                        "Good");
    assert_string_equal(inspex_inspection_get(page.insp, INSPEX_FIELD_SCORE),
                        "20");
    report_page_clear(&page);

    snprintf(html, sizeof(html),
             "%s<tr><td>2.2 Planning</td><td>Goodish</td></tr></table></html>",
             TABLE_HEAD);
    assert_int_equal(extract_text(html, &page, err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_text(err),
                        "http://x.test/r.html: ratings table: unknown rating "
                        "\"Goodish\" for standard 2.2; ratings are "
                        "Outstanding, Good, Requires improvement, Inadequate");
    report_page_clear(&page);

    snprintf(html, sizeof(html),
             "%s<tr><td>2.2 Planning</td><td>Good</td></tr>"
             "<tr><td>2.2 Planning</td><td>Inadequate</td></tr></table></html>",
             TABLE_HEAD);
    assert_int_equal(extract_text(html, &page, err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_text(err),
                        "http://x.test/r.html: ratings table: standard 2.2 is "
                        "rated twice, \"Good\" and \"Inadequate\"");
    report_page_clear(&page);

    /* the same rating twice (a summary and a detail table) is one */
    snprintf(html, sizeof(html),
             "%s<tr><td>2.2 Planning</td><td>Good</td></tr></table><table>"
             "<tr><td>2.2 Planning</td><td>Good</td></tr></table></html>",
             TABLE_HEAD);
    assert_int_equal(extract_text(html, &page, err), INSPEX_OK);
    assert_int_equal(inspex_inspection_judgement_count(page.insp), 1);
    report_page_clear(&page);
    inspex_error_free(err);
}

static void test_meta_errors(void **state)
{
    report_page_t page;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(
        extract_text("<html><h1>An inspection of youth offending services in "
                     "Kent</h1><dl id=\"inspection-meta\"><dt>Date of "
                     "publication:</dt><dd>soon</dd></dl></html>",
                     &page, err),
        INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_text(err),
                        "http://x.test/r.html: #inspection-meta: \"soon\" is "
                        "not a date of publication");
    report_page_clear(&page);

    /* a title that follows no pattern is kept whole, with a warning */
    assert_int_equal(extract_text("<html><h1>Kent youth services review</h1>"
                                  "<p>Published: 2021-03-02</p></html>",
                                  &page, err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_BODY_NAME),
                        "Kent youth services review");
    assert_int_equal(page.nwarnings, 1);
    assert_string_equal(page.warnings[0],
                        "title \"Kent youth services review\" follows no "
                        "report title pattern; the body name is the whole "
                        "title");
    report_page_clear(&page);
    inspex_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_names),  cmocka_unit_test(test_landing_page),
        cmocka_unit_test(test_full_report), cmocka_unit_test(test_fallbacks),
        cmocka_unit_test(test_listing),     cmocka_unit_test(test_not_a_report),
        cmocka_unit_test(test_table_rules), cmocka_unit_test(test_meta_errors),
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
