/* SPDX-License-Identifier: MIT */
/* test_report.c - the report page extractor: title patterns, each kind
 * of fixture page, ratings tables, recommendations, listings, and every
 * error with its exact message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <inspex/inspex.h>

#include "extract.h"
#include "rawtext_check.h"

#include <libxml/uri.h>

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
                            inspex_inspection_find_judgement(page.insp, "4.1")),
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

/* Reads fixtures/site/NAME with the test server's placeholders filled
 * as it would serve it from https://www.justiceinspectorates.gov.uk. */
#define SITE "https://www.justiceinspectorates.gov.uk"
static char *slurp_site(const char *name, size_t *len)
{
    char path[4096], *raw, *out, *o;
    size_t n;
    FILE *f;
    long size;

    snprintf(path, sizeof(path), "%s/fixtures/site/%s", INSPEX_SRCDIR, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    raw = malloc((size_t)size + 1);
    assert_non_null(raw);
    assert_int_equal(fread(raw, 1, (size_t)size, f), (size_t)size);
    raw[size] = '\0';
    fclose(f);
    out = malloc((size_t)size * 4 + 1);
    assert_non_null(out);
    o = out;
    for (const char *p = raw; *p;) {
        if (strncmp(p, "{{ORIGIN}}", 10) == 0) {
            n = strlen(SITE);
            memcpy(o, SITE, n);
            o += n;
            p += 10;
        } else if (strncmp(p, "{{FILEROOT}}", 12) == 0) {
            memcpy(o, "/srv/site", 9);
            o += 9;
            p += 12;
        } else if (strncmp(p, "{{ORIGIN2}}", 11) == 0) {
            memcpy(o, "https://other.example", 21);
            o += 21;
            p += 11;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    free(raw);
    *len = (size_t)(o - out);
    return out;
}

static void extract_site(const char *name, const char *url, report_page_t *page)
{
    size_t len;
    char *html = slurp_site(name, &len);
    inspex_error_t *err = inspex_error_new();

    assert_int_equal(report_extract(html, len, url, fw, page, err), INSPEX_OK);
    inspex_error_free(err);
    free(html);
}

static void test_title_forms(void **state)
{
    static const struct {
        const char *title, *place, *las, *type;
        report_kind_t kind;
    } cases[] = {
        {"An inspection of youth offending services in Reading", "Reading",
         "Reading", NULL, REPORT_YOUTH},
        {"A joint inspection of youth justice services in Cardiff", "Cardiff",
         "Cardiff", "joint inspection", REPORT_YOUTH},
        {"An inspection of youth justice work with children and victims in "
         "Rochdale",
         "Rochdale", "Rochdale", "work with children and victims",
         REPORT_YOUTH},
        {"An inspection of Tower Hamlets and City of London",
         "Tower Hamlets and City of London", "Tower Hamlets; City of London",
         NULL, REPORT_YOUTH},
        {"An inspection of youth justice services in Brighton and Hove",
         "Brighton and Hove", "Brighton and Hove", NULL, REPORT_YOUTH},
        {"An inspection of youth justice services in Swansea, Neath Port "
         "Talbot and Bridgend",
         "Swansea, Neath Port Talbot and Bridgend",
         "Swansea; Neath Port Talbot; Bridgend", NULL, REPORT_YOUTH},
        {"An inspection of probation services in Stockton and Hartlepool PDU",
         "Stockton and Hartlepool PDU", "Stockton; Hartlepool PDU", NULL,
         REPORT_PROBATION},
        {"An inspection of Stockton and Hartlepool PDU",
         "Stockton and Hartlepool PDU", "Stockton; Hartlepool PDU", NULL,
         REPORT_PROBATION},
    };
    char las[256];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        report_title_t t;
        assert_int_equal(report_title_parse(cases[i].title, &t), 0);
        assert_true(t.matched);
        assert_string_equal(t.place, cases[i].place);
        report_local_authorities(t.place, las, sizeof(las));
        assert_string_equal(las, cases[i].las);
        if (cases[i].type)
            assert_string_equal(t.type, cases[i].type);
        else
            assert_null(t.type);
        assert_int_equal(t.kind, cases[i].kind);
    }
}

static void test_short_codes(void **state)
{
    static const char *const cases[][2] = {
        {SITE "/hmiprobation/inspections/readingyjs2024/", "readingyjs"},
        {SITE "/hmiprobation/inspections/kent-yjs/", "kent-yjs"},
        {SITE "/hmiprobation/inspections/th-yjs/", "th-yjs"},
        {SITE "/hmiprobation/inspections/coventryyos/", "coventryyos"},
        {"https://hmiprobation.justiceinspectorates.gov.uk/document/"
         "sefton-yjs-2025",
         "sefton-yjs"},
        {SITE "/hmiprobation/inspections/?year=2020", ""},
        {"http://x.test/pages/medway-2020.html", ""},
    };
    char code[64];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(report_short_code(cases[i][0], code, sizeof(code)),
                         cases[i][1][0] != '\0');
        assert_string_equal(code, cases[i][1]);
    }
}

/* The older site's listing, as laid out and with its whitespace squeezed
 * out: the same listing, never "one report named after the page". */
static void test_site_listings(void **state)
{
    report_page_t page;
    const char *list = SITE "/hmiprobation/inspections/?probation-inspection-"
                            "type=inspection-of-youth-offending-services-"
                            "2018-onwards";
    char url[512];

    (void)state;
    snprintf(url, sizeof(url), "%s&year=2019", list);
    extract_site("hmiprobation/inspections/index-year-2019.html", url, &page);
    assert_null(page.insp);
    assert_true(page.listing);
    assert_int_equal(page.nlinks, 3);
    assert_string_equal(page.links[0],
                        SITE "/hmiprobation/inspections/readingyjs2019/");
    assert_string_equal(page.link_texts[1],
                        "An inspection of Tower Hamlets and City of London");
    /* "2" and "Next": one page, once */
    assert_int_equal(page.npages, 1);
    /* the year filter's years */
    assert_int_equal(page.nyears, 8);
    assert_int_equal(page.years[0], 2018);
    assert_int_equal(page.years[7], 2025);
    report_page_clear(&page);

    snprintf(url, sizeof(url), "%s&year=2019&paged=2", list);
    extract_site("hmiprobation/inspections/index-year-2019-paged-2.html", url,
                 &page);
    /* Reading (its two links once), another host, a file: the importer
     * decides where it may go; itself never; probation counted apart */
    assert_int_equal(page.nlinks, 3);
    assert_string_equal(page.links[1],
                        "https://other.example/hmiprobation/inspections/"
                        "offsite-yos/");
    assert_true(strncmp(page.links[2], "file://", 7) == 0);
    assert_int_equal(page.nprobation, 1);
    assert_int_equal(page.npages, 1); /* back to page 1 */
    report_page_clear(&page);

    snprintf(url, sizeof(url), "%s&year=2021", list);
    extract_site("hmiprobation/inspections/index-year-2021.html", url, &page);
    assert_null(page.insp);
    assert_int_equal(page.nlinks, 2);
    report_page_clear(&page);
}

static void test_site_reports(void **state)
{
    report_page_t page;
    inspex_inspection_t *insp;

    (void)state;
    extract_site("hmiprobation/inspections/th-yjs/index.html",
                 SITE "/hmiprobation/inspections/th-yjs/", &page);
    insp = page.insp;
    assert_non_null(insp);
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_BODY_CODE),
                        "th-yjs");
    assert_string_equal(inspex_inspection_get(insp,
                                              INSPEX_FIELD_LOCAL_AUTHORITY),
                        "Tower Hamlets; City of London");
    /* the annual report promoted before it is not the report's PDF */
    assert_non_null(strstr(page.pdf_url, "Tower-Hamlets-and-City"));
    assert_null(page.welsh_pdf_url);
    assert_true(page.no_ratings);
    report_page_clear(&page);

    extract_site("hmiprobation/inspections/cardiffyjs2019/index.html",
                 SITE "/hmiprobation/inspections/cardiffyjs2019/", &page);
    assert_non_null(strstr(page.pdf_url, "Cardiff-YJS-inspection-report.pdf"));
    assert_non_null(strstr(page.welsh_pdf_url, "Welsh"));
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_INSPECTION_TYPE),
                        "joint inspection");
    report_page_clear(&page);

    /* minified landing page */
    extract_site("hmiprobation/inspections/kent-yjs/index.html",
                 SITE "/hmiprobation/inspections/kent-yjs/", &page);
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_PUBLISHED),
                        "2021-10-19");
    report_page_clear(&page);

    extract_site("document/stockton-and-hartlepool-pdu-2025.html",
                 "https://hmiprobation.justiceinspectorates.gov.uk/document/"
                 "stockton-and-hartlepool-pdu-2025",
                 &page);
    assert_true(page.probation);
    report_page_clear(&page);

    extract_site("document/sefton-yjs-2025.html",
                 "https://hmiprobation.justiceinspectorates.gov.uk/document/"
                 "sefton-yjs-2025",
                 &page);
    insp = page.insp;
    assert_false(page.no_ratings);
    assert_string_equal(page.title,
                        "An inspection of youth justice services in Sefton");
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_SCORE), "22");
    assert_string_equal(inspex_judgement_title(
                            inspex_inspection_find_judgement(insp, "4.1")),
                        "Resettlement policy and provision");
    report_page_clear(&page);
}

/* 80,000 report links, each twice: read in linear time (the links kept
 * are found by hash; a scan of them for each link took minutes). */
static void test_big_listing(void **state)
{
    enum { N = 80000 };
    size_t cap = (size_t)N * 2 * 200 + 256, len = 0;
    char *html = malloc(cap);
    report_page_t page;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_non_null(html);
    len += (size_t)snprintf(html, cap, "<html><body><h1>Inspections</h1>");
    for (int rep = 0; rep < 2; rep++)
        for (int i = 0; i < N; i++)
            len += (size_t)snprintf(
                html + len, cap - len,
                "<div class=\"result inspection\"><h4><a href=\"" SITE
                "/hmiprobation/inspections/s%d/\">An inspection of youth "
                "offending services in P%d</a></h4></div>\n",
                i, i);
    len += (size_t)snprintf(html + len, cap - len, "</body></html>");
    assert_int_equal(report_extract(html, len, SITE "/x/", fw, &page, err),
                     INSPEX_OK);
    assert_int_equal(page.nlinks, N);
    assert_string_equal(page.links[N - 1],
                        SITE "/hmiprobation/inspections/s79999/");
    report_page_clear(&page);
    inspex_error_free(err);
    free(html);
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
        "not a recognised report page: no title naming a body (looked for "
        "<h1>, og:title, "
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

    /* titles that name no body, with a date: no report without a name
     * (fuzz/html_extract once made one with no body name) */
    static const char *const nameless[] = {
        "<html><head><title>An inspection of youth offending services in "
        ".</title></head><h1>An inspection of youth offending services in "
        ".</h1><p>Published: 4 June 2020</p></html>",
        "<html><head><title>.</title></head><p>Published: 4 June 2020</p>"
        "</html>",
        "<html><h1> . . </h1><p>Published: 4 June 2020</p></html>", NULL};
    for (size_t i = 0; nameless[i]; i++) {
        assert_int_equal(extract_text(nameless[i], &page, err), INSPEX_OK);
        assert_null(page.insp);
        assert_string_equal(
            page.missing,
            "not a recognised report page: no title naming a body (looked "
            "for <h1>, og:title, JSON-LD headline and <title>); and no links "
            "to reports");
        report_page_clear(&page);
    }
    /* ... but a later title that names one is read */
    assert_int_equal(
        extract_text("<html><head><meta property=\"og:title\" content=\"Ynys "
                     "M\xc3\xb4n\"></head><h1>.</h1><p>Published: 4 June "
                     "2020</p></html>",
                     &page, err),
        INSPEX_OK);
    assert_non_null(page.insp);
    assert_string_equal(inspex_inspection_get(page.insp,
                                              INSPEX_FIELD_BODY_NAME),
                        "Ynys M\xc3\xb4n");
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

/* What report_drop_raw_text makes of html: its copy, or "" when it keeps
 * the page as it is. */
static void expect_dropped(const char *html, const char *want)
{
    size_t n = 0;
    char *got = report_drop_raw_text(html, strlen(html), &n);

    if (want[0] == '\0') {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_int_equal(n, strlen(want));
    assert_string_equal(got, want);
    /* and libxml2 makes the same tree of both, but for that text */
    assert_true(rawtext_same_tree(html, strlen(html), REPORT_PARSE_OPTIONS));
    free(got);
}

static void test_raw_text(void **state)
{
    (void)state;
    expect_dropped("<p>a</p><script>var x = \"</p>\" < 2;</script>"
                   "<style>p { color: red }</style><p>b</p>",
                   "<p>a</p><script></script><style></style><p>b</p>");
    /* lines keep their numbers; any case; attributes with '>' or '<' */
    expect_dropped("<SCRIPT src=\"a.js\">\nf();\ng();</ScRiPt >\n<p>x</p>",
                   "<SCRIPT src=\"a.js\">\n\n</ScRiPt >\n<p>x</p>");
    expect_dropped("<div title=\"a>b\" data-x='<i>'><script>x</script></div>",
                   "<div title=\"a>b\" data-x='<i>'><script></script></div>");
    /* an element whose name only starts with script, a comment holding a
     * script, a '<' in the text, the doctype, an end tag: not scripts */
    expect_dropped("<!DOCTYPE html><script-x>y</script-x><!-- <script>c"
                   "</script> --><p>1 < 2</p></p><script>z</script>",
                   "<!DOCTYPE html><script-x>y</script-x><!-- <script>c"
                   "</script> --><p>1 < 2</p></p><script></script>");
    /* JSON-LD is read: kept; an empty script: nothing to drop */
    expect_dropped("<script type=\"application/ld+json\">{\"a\": 1}</script>"
                   "<script></script>",
                   "");
    expect_dropped("<p>no scripts</p>", "");
    /* what the scan does not expect: the page is parsed as it came */
    expect_dropped("<p>x</p><script>never ends", "");
    expect_dropped("<script src=\"a.js\"/><p>x</p><script>y</script>", "");
    expect_dropped("<!-- never ends <script>x</script>", "");
    expect_dropped("<a \"b\"><script>x</script>", "");
    expect_dropped("<a href=\"x\"<b><script>x</script>", "");
    expect_dropped("<![CDATA[x]]><script>y</script>", "");
    expect_dropped("<?php echo 1 ?><script>y</script>", "");
    expect_dropped("</p <b>><script>y</script>", "");
    expect_dropped("<div title=\"never closed><script>y</script>", "");
    /* text the parser would not read through as it is: a control
     * character, bytes that are not UTF-8, a NUL (which ends the page
     * for the parser) */
    expect_dropped("<script>a\x01b</script><p>x</p>", "");
    expect_dropped("<script>caf\xe9</script><p>caf\xc3\xa9</p>", "");
    {
        static const char nul[] = "<script>a\0b</script><p>x</p>";
        size_t n;
        assert_null(report_drop_raw_text(nul, sizeof(nul) - 1, &n));
    }
}

/* Every fixture page makes the same tree with its scripts dropped, and
 * most of the site's pages have some to drop. */
static void test_raw_text_fixtures(void **state)
{
    static const char *const pages[] = {
        "article-jsonld.html",
        "article-og.html",
        "cardiff-2020-report.html",
        "essex-2018.html",
        "listing.html",
        "medway-2020-report.html",
        "medway-2020.html",
        "not-a-report.html",
        "nottinghamshire-2024-report.html",
        "rotherham-2020.html",
        "swindon-2015.html",
        "../site/secret.html",
        "../site/hostile-listing.html",
        "../site/hmiprobation/inspections/empty.html",
        "../site/hmiprobation/inspections/index-year-2019.html",
        "../site/hmiprobation/inspections/index-year-2019-paged-2.html",
        "../site/hmiprobation/inspections/index-year-2021.html",
        "../site/hmiprobation/inspections/cardiffyjs2019/index.html",
        "../site/hmiprobation/inspections/kent-yjs/index.html",
        "../site/hmiprobation/inspections/offsite-yos/index.html",
        "../site/hmiprobation/inspections/readingyjs2019/index.html",
        "../site/hmiprobation/inspections/stockton-hartlepool-pdu/"
        "index.html",
        "../site/hmiprobation/inspections/th-yjs/index.html",
        "../site/document/rochdale-yjs-2025.html",
        "../site/document/sefton-yjs-2025.html",
        "../site/document/stockton-and-hartlepool-pdu-2025.html",
    };
    size_t dropped = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        size_t len, n;
        char *html = slurp(pages[i], &len);
        char *lean = report_drop_raw_text(html, len, &n);
        if (lean) {
            dropped++;
            assert_true(n < len);
        }
        if (!rawtext_same_tree(html, len, REPORT_PARSE_OPTIONS))
            fail_msg("%s: another tree without its scripts", pages[i]);
        free(lean);
        free(html);
    }
    assert_true(dropped >= 10);
}

/* report_resolve gives what xmlBuildURI gives, over hand-picked links
 * and a few thousand made of the bytes that matter to either. */
static void expect_resolved_as_libxml2(const char *href, const char *base)
{
    char *got = report_resolve(href, base);
    xmlChar *want = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);

    if (want == NULL)
        assert_null(got);
    else if (got == NULL || strcmp(got, (const char *)want) != 0)
        fail_msg("\"%s\" against \"%s\": \"%s\", not \"%s\"", href, base,
                 got ? got : "(none)", (const char *)want);
    free(got);
    xmlFree(want);
}

static void test_resolve(void **state)
{
    static const char *const bases[] = {
        "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/",
        "https://www.justiceinspectorates.gov.uk/hmiprobation/a/b.html?x=1#f",
        "http://127.0.0.1:8080/pages/r.html",
        "http://127.0.0.1:08080/r.html",
        "https://Example.ORG/r",
        "https://h.test",
        "https://user@h.test/r",
        "file:///tmp/pages/r.html",
        "/tmp/pages/r.html",
        "r.html",
    };
    static const char *const hrefs[] = {
        "/hmiprobation/inspections/kent-yjs/",
        "/hmiprobation/wp-content/uploads/sites/5/2020/06/Medway-YOS.pdf",
        "/a?b=c&d=e",
        "/a?",
        "/a?b=c:d/e?f",
        "/",
        "/a/./b",
        "/a/../b",
        "/a/.",
        "/.well-known/x",
        "//other.test/x",
        "/a%20b",
        "/a b",
        "/a#frag",
        "/a:b",
        "/a?b c",
        "/a?b%zz",
        "https://www.justiceinspectorates.gov.uk/hmiprobation/x.pdf",
        "https://www.justiceinspectorates.gov.uk",
        "https://h.test:443/a?b",
        "https://H.test/a",
        "http://h.test:0/a",
        "x/y",
        "../x",
        "?q",
        "",
        "mailto:a@b.test",
    };
    static const char alphabet[] = "/.?#%:=&aZ9-_~!*'()@+$,; \"<\\";
    uint32_t seed = 1;

    (void)state;
    for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
        for (size_t h = 0; h < sizeof(hrefs) / sizeof(hrefs[0]); h++)
            expect_resolved_as_libxml2(hrefs[h], bases[b]);
        for (int k = 0; k < 400; k++) {
            char href[24];
            size_t n = 1 + (seed = seed * 1103515245u + 12345u) % 20;
            href[0] = k % 2 ? '/' : 'h';
            for (size_t i = 1; i < n; i++)
                href[i] = alphabet[(seed = seed * 1103515245u + 12345u) %
                                   (sizeof(alphabet) - 1)];
            href[n] = '\0';
            if (href[0] == 'h') { /* an absolute link, its tail made up */
                char abs[40];
                snprintf(abs, sizeof(abs), "http://a.test/%s", href + 1);
                expect_resolved_as_libxml2(abs, bases[b]);
                continue;
            }
            expect_resolved_as_libxml2(href, bases[b]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_names),
        cmocka_unit_test(test_landing_page),
        cmocka_unit_test(test_full_report),
        cmocka_unit_test(test_fallbacks),
        cmocka_unit_test(test_listing),
        cmocka_unit_test(test_not_a_report),
        cmocka_unit_test(test_table_rules),
        cmocka_unit_test(test_meta_errors),
        cmocka_unit_test(test_title_forms),
        cmocka_unit_test(test_short_codes),
        cmocka_unit_test(test_site_listings),
        cmocka_unit_test(test_site_reports),
        cmocka_unit_test(test_big_listing),
        cmocka_unit_test(test_raw_text),
        cmocka_unit_test(test_raw_text_fixtures),
        cmocka_unit_test(test_resolve),
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
