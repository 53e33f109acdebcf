/* SPDX-License-Identifier: MIT */
/* test_framework.c - framework files, scales and bands, score
 * computation, framework inference and every validation check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <inspex/inspex.h>

static inspex_frameworks_t *set;

/* Problems found by the last check, one per line: "error check: msg". */
static char found[8192];

static void collect(void *ud, const inspex_problem_t *p)
{
    size_t n = strlen(found);
    (void)ud;
    snprintf(found + n, sizeof(found) - n, "%s %s: %s\n",
             p->severity == INSPEX_ERROR ? "error" : "warning", p->check,
             p->message);
}

static int setup(void **state)
{
    (void)state;
    set = inspex_frameworks_new();
    return inspex_frameworks_load_dir(set, INSPEX_SRCDIR "/frameworks", 1,
                                      NULL);
}

static int teardown(void **state)
{
    (void)state;
    inspex_frameworks_free(set);
    return 0;
}

static const char *const twelve[] = {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2",
                                     "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"};

/* An inspection with the given fields ("name=value" pairs, judgements as
 * "1.1=Good"), ending in NULL. */
static inspex_inspection_t *make(const char *first, ...)
{
    inspex_inspection_t *i = inspex_inspection_new();
    va_list ap;

    va_start(ap, first);
    for (const char *kv = first; kv; kv = va_arg(ap, const char *)) {
        const char *eq = strchr(kv, '=');
        char key[64];
        int f;
        snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
        if ((f = inspex_match_field(key)) >= 0) {
            assert_int_equal(inspex_inspection_set(i, (inspex_field_t)f, eq + 1,
                                                   0, NULL),
                             INSPEX_OK);
        } else {
            inspex_judgement_t *j = inspex_inspection_add_judgement(i, key,
                                                                    NULL);
            assert_non_null(j);
            assert_int_equal(inspex_judgement_set_rating(j, eq + 1, NULL),
                             INSPEX_OK);
        }
    }
    va_end(ap);
    inspex_inspection_set_origin(i, "t.csv", 2);
    return i;
}

/* Rates all twelve 2018 standards with the given ratings. */
static void rate(inspex_inspection_t *i, const char *const ratings[12])
{
    for (int k = 0; k < 12; k++) {
        inspex_judgement_t *j = inspex_inspection_find_judgement(i, twelve[k]);
        if (j == NULL)
            j = inspex_inspection_add_judgement(i, twelve[k], NULL);
        assert_int_equal(inspex_judgement_set_rating(j, ratings[k], NULL),
                         INSPEX_OK);
    }
}

static int check(inspex_inspection_t *i)
{
    inspex_checker_t *c = inspex_checker_new(set, collect, NULL);
    int n;

    found[0] = '\0';
    n = inspex_check(c, i);
    inspex_checker_free(c);
    return n;
}

/* The number of framework files shipped, counted, so that a new one
 * breaks no test. */
static size_t shipped_count(void)
{
    DIR *d = opendir(INSPEX_SRCDIR "/frameworks");
    struct dirent *de;
    size_t n = 0, len;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        len = strlen(de->d_name);
        if (de->d_name[0] != '.' && len > 5 &&
            strcmp(de->d_name + len - 5, ".json") == 0)
            n++;
    }
    closedir(d);
    return n;
}

static void test_shipped(void **state)
{
    const char *ids[] = {"hmip-fji-2012", "hmip-unrated", "hmip-youth-2018",
                         "hmip-youth-2021", "hmip-youth-2025"};
    const inspex_framework_t *fw;
    const char *code, *title;
    int counted, max;

    (void)state;
    /* every file loads, in the order of their ids */
    assert_int_equal(inspex_frameworks_count(set), shipped_count());
    for (size_t i = 1; i < inspex_frameworks_count(set); i++)
        assert_true(
            strcmp(inspex_framework_id(inspex_frameworks_get(set, i - 1)),
                   inspex_framework_id(inspex_frameworks_get(set, i))) < 0);
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        assert_non_null(inspex_frameworks_find(set, ids[i]));
    fw = inspex_frameworks_find(set, "hmip-youth-2021");
    assert_int_equal(inspex_framework_standard_count(fw), 13);
    assert_true(inspex_framework_standard(
        fw, (size_t)inspex_framework_find_standard(fw, "3.4"), &code, &title,
        NULL, &counted));
    assert_string_equal(title, "Out-of-court disposal policy and provision");
    inspex_framework_standard(
        fw, (size_t)inspex_framework_find_standard(fw, "resettlement"), NULL,
        NULL, NULL, &counted);
    assert_false(counted);
    assert_true(inspex_framework_scoring(fw, &max));
    assert_int_equal(max, 36);
    assert_false(
        inspex_framework_scoring(inspex_frameworks_find(set, "hmip-fji-2012"),
                                 &max));
    assert_false(
        inspex_framework_scoring(inspex_frameworks_find(set, "hmip-youth-2025"),
                                 &max));
    assert_false(inspex_framework_standards_complete(
        inspex_frameworks_find(set, "hmip-youth-2025")));
}

static void test_bands(void **state)
{
    const inspex_framework_t *fw = inspex_frameworks_find(set,
                                                          "hmip-youth-2018");
    long lo, hi;

    (void)state;
    assert_string_equal(inspex_framework_band(fw, 0, NULL, NULL), "Inadequate");
    assert_string_equal(inspex_framework_band(fw, 6, NULL, NULL), "Inadequate");
    assert_string_equal(inspex_framework_band(fw, 7, &lo, &hi),
                        "Requires improvement");
    assert_int_equal(lo, 7);
    assert_int_equal(hi, 18);
    assert_string_equal(inspex_framework_band(fw, 18, NULL, NULL),
                        "Requires improvement");
    assert_string_equal(inspex_framework_band(fw, 19, NULL, NULL), "Good");
    assert_string_equal(inspex_framework_band(fw, 30, NULL, NULL), "Good");
    assert_string_equal(inspex_framework_band(fw, 31, NULL, NULL),
                        "Outstanding");
    assert_string_equal(inspex_framework_band(fw, 36, NULL, NULL),
                        "Outstanding");
    assert_null(inspex_framework_band(fw, 37, NULL, NULL));
}

static void test_aliases(void **state)
{
    const inspex_framework_t *fw = inspex_frameworks_find(set,
                                                          "hmip-youth-2018");
    const inspex_framework_t *fji = inspex_frameworks_find(set,
                                                           "hmip-fji-2012");

    (void)state;
    assert_string_equal(inspex_framework_rating_label(fw, "O"), "Outstanding");
    assert_string_equal(inspex_framework_rating_label(fw, "outstanding"),
                        "Outstanding");
    assert_string_equal(inspex_framework_rating_label(fw, "G"), "Good");
    assert_string_equal(inspex_framework_rating_label(fw, "GOOD"), "Good");
    assert_string_equal(inspex_framework_rating_label(fw, "RI"),
                        "Requires improvement");
    assert_string_equal(inspex_framework_rating_label(fw,
                                                      "requires improvement"),
                        "Requires improvement");
    assert_string_equal(inspex_framework_rating_label(fw,
                                                      "Requires Improvement"),
                        "Requires improvement");
    assert_string_equal(
        inspex_framework_rating_label(fw, "Requires improvement to be good"),
        "Requires improvement");
    assert_string_equal(inspex_framework_rating_label(fw, "I"), "Inadequate");
    assert_string_equal(inspex_framework_rating_label(fw, "inadequate"),
                        "Inadequate");
    assert_null(inspex_framework_rating_label(fw, "Satisfactory"));
    assert_string_equal(inspex_framework_rating_label(fji, "satisfactory"),
                        "Satisfactory");
    assert_null(inspex_framework_rating_label(fji, "Outstanding"));
    /* every label and alias of every shipped scale is in the model's
     * vocabulary, so importers accept what validation accepts */
    for (size_t f = 0; f < inspex_frameworks_count(set); f++) {
        const inspex_framework_t *x = inspex_frameworks_get(set, f);
        for (size_t i = 0; i < inspex_framework_rating_count(x); i++) {
            const char *label;
            inspex_framework_rating(x, i, &label, NULL);
            assert_string_equal(inspex_rating_normalise(label, NULL), label);
        }
    }
}

static void test_title_matching(void **state)
{
    const inspex_framework_t *fw = inspex_frameworks_find(set,
                                                          "hmip-youth-2018");
    char code[64];

    (void)state;
    assert_int_equal(inspex_framework_match_title(fw,
                                                  "governance_and_leadership",
                                                  code, sizeof(code)),
                     1);
    assert_string_equal(code, "1.1");
    assert_int_equal(inspex_framework_match_title(fw, "Assessment", code,
                                                  sizeof(code)),
                     -1);
    assert_string_equal(code, "2.1, 3.1");
    assert_int_equal(inspex_frameworks_match_standard(set, "Staff", code,
                                                      sizeof(code)),
                     1);
    assert_string_equal(code, "1.2");
    /* 3.4 has two titles over the years, but one code */
    assert_int_equal(inspex_frameworks_match_standard(set, "joint working",
                                                      code, sizeof(code)),
                     1);
    assert_string_equal(code, "3.4");
    assert_int_equal(inspex_frameworks_match_standard(set, "resettlement", code,
                                                      sizeof(code)),
                     1);
    assert_string_equal(code, "4.1"); /* its former code */
    assert_int_equal(inspex_frameworks_match_standard(set, "planning", code,
                                                      sizeof(code)),
                     -1);
    assert_string_equal(code, "2.2, 3.2");
    assert_int_equal(inspex_frameworks_match_standard(set, "notes", code,
                                                      sizeof(code)),
                     0);
}

static const char *const medway[12] = {"RI",   "Good",       "RI",   "Good",
                                       "Good", "Inadequate", "Good", "RI",
                                       "Good", "RI",         "Good", "Good"};

static void test_published_reports(void **state)
{
    inspex_inspection_t *i;
    const char *const cardiff[12] = {"I", "I", "I", "I", "I", "I",
                                     "I", "I", "I", "I", "I", "I"};
    /* nineteen points: seven Good (14) and five Requires improvement (5) */
    const char *const notts[12] = {"G", "G",  "G",  "G",  "G",  "G",
                                   "G", "RI", "RI", "RI", "RI", "RI"};

    (void)state;
    /* Medway 2020: 18/36, Requires improvement */
    i = make("body_name=Medway YOT", "published=2020-06-04",
             "overall_rating=Requires improvement", "score=18", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 0);
    assert_string_equal(found, "");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK),
                        "hmip-youth-2018");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_SCORE),
                        "18");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_RATING),
                        "Requires improvement");
    inspex_inspection_free(i);

    /* Cardiff 2020: all Inadequate, 0 */
    i = make("body_name=Cardiff YOS", "published=2020", "score=0",
             "overall_rating=Inadequate", NULL);
    rate(i, cardiff);
    assert_int_equal(check(i), 0);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_SCORE),
                        "0");
    inspex_inspection_free(i);

    /* Nottinghamshire 2024: 19, Good; resettlement Outstanding, not
     * counted */
    i = make("body_name=Nottinghamshire YJS", "published=2024", "score=19/36",
             "overall_rating=Good", "resettlement=Outstanding", NULL);
    rate(i, notts);
    assert_int_equal(check(i), 0);
    assert_string_equal(found, "");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK),
                        "hmip-youth-2021");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_SCORE),
                        "19");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_RATING),
                        "Good");
    inspex_inspection_free(i);
}

static void test_published_never_overwritten(void **state)
{
    inspex_inspection_t *i = make("body_name=X", "published=2020-06-04",
                                  "score=17", "overall_rating=Good", NULL);

    (void)state;
    rate(i, medway);
    assert_int_equal(check(i), 2);
    assert_string_equal(
        found, "error band-mismatch: overall rating Good is outside the band "
               "for a score of 17 (7-18: Requires improvement)\n"
               "error score-mismatch: published score 17 differs from the "
               "score computed from the standards, 18\n");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE), "17");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_OVERALL_RATING),
                        "Good");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_SCORE),
                        "18");
    inspex_inspection_free(i);
}

static void test_rating_mismatch_without_score(void **state)
{
    inspex_inspection_t *i = make("body_name=X", "published=2020-06-04",
                                  "overall_rating=Good", NULL);

    (void)state;
    rate(i, medway);
    assert_int_equal(check(i), 1);
    assert_string_equal(found,
                        "error rating-mismatch: published overall rating "
                        "Good differs from the rating computed from "
                        "the standards, Requires improvement (score "
                        "18)\n");
    inspex_inspection_free(i);
}

static void test_checks(void **state)
{
    inspex_inspection_t *i;

    (void)state;
    i = make("framework=hmip-youth-2018", "published=2020-06-04",
             "1.1=Satisfactory", "4.1=Good", NULL);
    assert_int_equal(check(i), 2);
    assert_string_equal(
        found, "error rating-off-scale: rating \"Satisfactory\" for standard "
               "1.1 is not on the scale of hmip-youth-2018 (Outstanding, Good, "
               "Requires improvement, Inadequate)\n"
               "error unknown-standard: standard 4.1 does not belong to "
               "hmip-youth-2018\n"
               "warning standard-missing: 12 counted standards not rated (1.1, "
               "1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 3.4): no "
               "score computed\n");
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "published=2020-06-04",
             "fieldwork_start=2020-07-01", "fieldwork_end=2020-06-30", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 2);
    assert_string_equal(found, "error date-order: fieldwork starts 2020-07-01, "
                               "after it ends 2020-06-30\n"
                               "error date-order: fieldwork ends 2020-06-30, "
                               "after publication 2020-06-04\n");
    inspex_inspection_free(i);

    /* partial dates are compared only as far as both go */
    i = make("framework=hmip-youth-2018", "published=2020-06",
             "fieldwork_start=2020-06-24", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 0);
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "published=2024-03-01", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 0);
    assert_string_equal(found, "warning out-of-force: published 2024-03-01, "
                               "outside the dates hmip-youth-2018 was in force "
                               "(2018-06 to 2021-07)\n");
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2019", NULL);
    assert_int_equal(check(i), 1);
    {
        /* the message lists every loaded framework, however many */
        char want[1024];
        size_t n = (size_t)snprintf(want, sizeof(want),
                                    "error unknown-framework: framework "
                                    "\"hmip-youth-2019\" is not known; "
                                    "known: ");
        for (size_t f = 0; f < inspex_frameworks_count(set); f++) {
            assert_true(n < sizeof(want));
            n += (size_t)snprintf(want + n, sizeof(want) - n, "%s%s",
                                  f ? ", " : "",
                                  inspex_framework_id(
                                      inspex_frameworks_get(set, f)));
        }
        assert_true(n + 1 < sizeof(want));
        snprintf(want + n, sizeof(want) - n, "\n");
        assert_string_equal(found, want);
    }
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "score=40", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 1);
    assert_string_equal(found, "error score-range: published score 40 is "
                               "outside 0 to 36\n");
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "score=18/40", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 1);
    assert_string_equal(found, "error score-max: score is out of 40, but "
                               "hmip-youth-2018 scores out of 36\n");
    inspex_inspection_free(i);
}

/* The 2018 standards in the order given (indexes into twelve; -1 ends,
 * 12 is a code of no framework) rated as Medway was: the problems found
 * and the computed score ("" for none). */
static const char *score_in_order(const int *order, char *score, size_t size)
{
    inspex_inspection_t *i = make("framework=hmip-youth-2018", NULL);
    const char *v;

    for (const int *o = order; *o >= 0; o++) {
        inspex_judgement_t *j = inspex_inspection_add_judgement(
            i, *o == 12 ? "9.9" : twelve[*o], NULL);
        assert_non_null(j);
        assert_int_equal(inspex_judgement_set_rating(j,
                                                     medway[*o == 12 ? 0 : *o],
                                                     NULL),
                         INSPEX_OK);
    }
    check(i);
    v = inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_SCORE);
    snprintf(score, size, "%s", v ? v : "");
    inspex_inspection_free(i);
    return found;
}

/* Standards in any order, some left out, one of no framework among them:
 * each found where it is, as in framework order. */
static void test_score_any_order(void **state)
{
    static const int in_order[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1};
    static const int reversed[] = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1};
    static const int rotated[] = {5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, -1};
    static const int swapped[] = {1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 11, 10, -1};
    static const int foreign[] = {0, 1, 2, 12, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1};
    static const int gaps[] = {1, 2, 4, 5, 6, 8, 9, 10, -1};
    static const int gaps_mixed[] = {10, 1, 9, 2, 8, 4, 6, 5, -1};
    static const int foreign_gaps[] = {2, 12, 4, 9, -1};
    const int *const same[] = {in_order, reversed, rotated, swapped};
    char score[32], want[32];

    (void)state;
    assert_string_equal(score_in_order(in_order, want, sizeof(want)), "");
    assert_string_not_equal(want, "");
    for (size_t k = 0; k < sizeof(same) / sizeof(*same); k++) {
        assert_string_equal(score_in_order(same[k], score, sizeof(score)), "");
        assert_string_equal(score, want);
    }
    assert_string_equal(score_in_order(foreign, score, sizeof(score)),
                        "error unknown-standard: standard 9.9 does not "
                        "belong to hmip-youth-2018\n");
    assert_string_equal(score, want);
    assert_string_equal(score_in_order(gaps, score, sizeof(score)),
                        "warning standard-missing: 4 counted standards not "
                        "rated (1.1, 1.4, 2.4, 3.4): no score computed\n");
    assert_string_equal(score, "");
    assert_string_equal(score_in_order(gaps_mixed, score, sizeof(score)),
                        "warning standard-missing: 4 counted standards not "
                        "rated (1.1, 1.4, 2.4, 3.4): no score computed\n");
    assert_string_equal(score_in_order(foreign_gaps, score, sizeof(score)),
                        "error unknown-standard: standard 9.9 does not "
                        "belong to hmip-youth-2018\n"
                        "warning standard-missing: 9 counted standards not "
                        "rated (1.1, 1.2, 1.4, 2.2, 2.3, 2.4, 3.1, 3.3, "
                        "3.4): no score computed\n");
}

static void test_percent(void **state)
{
    inspex_inspection_t *i;

    (void)state;
    i = make("framework=hmip-youth-2018", "score_%=44.44", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 1); /* 16 points, but the standards give 18 */
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE), "16");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE_MAX), "36");
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "score_%=50.00", NULL);
    rate(i, medway);
    assert_int_equal(check(i), 0);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE), "18");
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "score_%=2.8", NULL);
    check(i);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE), "1");
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "score_%=50.5", NULL);
    assert_int_equal(check(i), 1);
    assert_string_equal(found,
                        "error score-percent: score_percent 50.5 is not a "
                        "whole number of points out of 36 (18.18 "
                        "points)\n"
                        "warning standard-missing: 12 counted standards "
                        "not rated (1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, "
                        "2.4, 3.1, 3.2, 3.3, 3.4): no score computed\n");
    assert_null(inspex_inspection_get(i, INSPEX_FIELD_SCORE));
    inspex_inspection_free(i);

    i = make("framework=hmip-youth-2018", "score_%=44.44", "score=17", NULL);
    check(i);
    assert_non_null(strstr(found, "error score-mismatch: published score 17 "
                                  "differs from score_percent 44.44 (16 points "
                                  "out of 36)\n"));
    inspex_inspection_free(i);

    /* no framework, no maximum: cannot convert */
    i = make("inspectorate=Ofsted", "score_%=50", NULL);
    check(i);
    assert_non_null(strstr(found,
                           "error score-percent: score_percent 50 cannot "
                           "be turned into points: the maximum score is "
                           "not known\n"));
    inspex_inspection_free(i);
}

/* score_percent pct of a score_max of max (no framework fits an Ofsted
 * inspection): the score it gives ("" for none) and the score-percent
 * message ("" for none). */
static void percent_is(const char *max, const char *pct, const char *score,
                       const char *message)
{
    char kmax[64], kpct[64];
    const char *got, *msg;
    inspex_inspection_t *i;

    snprintf(kmax, sizeof(kmax), "score_max=%s", max);
    snprintf(kpct, sizeof(kpct), "score_%%=%s", pct);
    i = make("inspectorate=Ofsted", kmax, kpct, NULL);
    check(i);
    got = inspex_inspection_get(i, INSPEX_FIELD_SCORE);
    if (strcmp(got ? got : "", score) != 0)
        fail_msg("%s%% of %s: score %s, wanted %s", pct, max,
                 got ? got : "(none)", score);
    msg = strstr(found, "error score-percent: ");
    if (message[0] == '\0'
            ? msg != NULL
            : msg == NULL || strncmp(msg + 21, message, strlen(message)) != 0)
        fail_msg("%s%% of %s: found \"%s\", wanted \"%s\"", pct, max, found,
                 message);
    inspex_inspection_free(i);
}

/* Percentages turned into points at the edges of their rounding: exact
 * where the digits allow, in floating point beyond. */
static void test_percent_edges(void **state)
{
    (void)state;
    percent_is("36", "61.11", "22", "");
    percent_is("36", "61.1", "22", "");
    percent_is("36", "61", "22", ""); /* 61.11 to no places */
    percent_is("36", "2.78", "1", "");
    percent_is("36", "2.77", "",
               "score_percent 2.77 is not a whole number of points out of "
               "36 (1.00 points)");
    /* exactly half a unit of the last place away counts as rounded */
    percent_is("8", "12", "1", ""); /* 1 point is 12.5% */
    percent_is("8", "13", "1", "");
    percent_is("8", "11.9", "",
               "score_percent 11.9 is not a whole number of points out of "
               "8 (0.95 points)");
    /* half a point is rounded up, and is not a whole number of points */
    percent_is("10", "5", "",
               "score_percent 5 is not a whole number of points out of 10 "
               "(0.50 points)");
    percent_is("36", "0", "0", "");
    percent_is("36", "100", "36", "");
    percent_is("36", "100.000000", "36", "");
    /* more places than the exact sums take: floating point */
    percent_is("36", "61.1111111111", "22", "");
    percent_is("36", "61.1112", "",
               "score_percent 61.1112 is not a whole number of points out of "
               "36 (22.00 points)");
    /* large maxima */
    percent_is("1000", "33.3", "333", "");
    percent_is("100000", "12.345", "12345", "");
    percent_is("1000000", "12.345678", "",
               "score_percent 12.345678 is not a whole number of points out "
               "of 1000000 (123456.78 points)");
    percent_is("1000000", "12.3457", "123457", "");
    percent_is("100000000", "50", "50000000", "");
    percent_is("300000000", "50", "150000000", ""); /* past the fast setter */
    /* more than 100 percent is still points (score-range says the rest) */
    percent_is("36", "150", "54", "");
}

static void expect_framework(inspex_inspection_t *i, const char *id)
{
    check(i);
    if (id)
        assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK),
                            id);
    else
        assert_null(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK));
    inspex_inspection_free(i);
}

static void test_inference(void **state)
{
    inspex_inspection_t *i;
    inspex_judgement_t *j;

    (void)state;
    expect_framework(make("published=2020-06-04", "overall_rating=Good", NULL),
                     "hmip-youth-2018");
    expect_framework(make("published=2023", "overall_rating=Good", NULL),
                     "hmip-youth-2021");
    /* fieldwork counts before publication */
    expect_framework(make("fieldwork_start=2021-03", "published=2021-09",
                          "overall_rating=Good", NULL),
                     "hmip-youth-2018");
    /* FJI by its rating words */
    expect_framework(make("published=2015-06-10", "reoffending=Satisfactory",
                          NULL),
                     "hmip-fji-2012");
    /* July 2021 fits 2018 and 2021 equally: said, not guessed */
    i = make("published=2021-07", "overall_rating=Good", NULL);
    check(i);
    assert_null(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK));
    assert_string_equal(found, "warning framework-ambiguous: no framework "
                               "named, and 2 fit equally (hmip-youth-2018, "
                               "hmip-youth-2021; publication 2021-07 with "
                               "no fieldwork date, so the standards' titles "
                               "must decide and do not, 0 matching "
                               "standards); name it in a framework "
                               "column\n");
    inspex_inspection_free(i);
    /* ... but a resettlement rating settles it */
    expect_framework(make("published=2021-07", "resettlement=Good", NULL),
                     "hmip-youth-2021");
    /* ... and so does a 3.4 titled the 2018 way */
    i = make("published=2021-07", NULL);
    rate(i, medway);
    j = inspex_inspection_find_judgement(i, "3.4");
    inspex_judgement_set_title(j, "Joint working", NULL);
    expect_framework(i, "hmip-youth-2018");
    /* Kent: published in October 2021, after the 2021 standards began,
     * rated on the 2018 ones: without a fieldwork date its 3.4 "Joint
     * working" decides, never the publication date alone */
    i = make("published=2021-10-19", NULL);
    rate(i, medway);
    j = inspex_inspection_find_judgement(i, "3.4");
    inspex_judgement_set_title(j, "Joint working", NULL);
    expect_framework(i, "hmip-youth-2018");
    i = make("published=2021-10-19", NULL);
    rate(i, medway);
    j = inspex_inspection_find_judgement(i, "3.4");
    inspex_judgement_set_title(j, "Out-of-court disposal policy and provision",
                               NULL);
    expect_framework(i, "hmip-youth-2021");
    /* the same ratings with no titles: left unset, with the warning */
    i = make("published=2021-10-19", NULL);
    rate(i, medway);
    check(i);
    assert_null(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK));
    assert_non_null(strstr(found, "framework-ambiguous"));
    inspex_inspection_free(i);
    /* a fieldwork date decides alone */
    i = make("fieldwork_start=2021-06-07", "published=2021-10-19", NULL);
    rate(i, medway);
    expect_framework(i, "hmip-youth-2018");
    i = make("fieldwork_start=2021-08-02", "published=2021-12-01", NULL);
    rate(i, medway);
    expect_framework(i, "hmip-youth-2021");
    /* 4.1 is resettlement, under its code as published */
    expect_framework(make("published=2024-03", "4.1=Outstanding", NULL),
                     "hmip-youth-2021");
    /* another inspectorate: nothing fits */
    i = make("inspectorate=Ofsted", "published=2020", NULL);
    check(i);
    assert_null(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK));
    assert_string_equal(found, "warning framework-unknown: no framework named, "
                               "and none fits its inspectorate, publication "
                               "2020, standards and ratings; no framework "
                               "checks were made\n");
    inspex_inspection_free(i);
}

/* One checker infers once per shape (its inspectorate and its standards'
 * codes and titles) and re-checks only dates and ratings per record: on
 * a stream of changing shapes, dates and ratings, and past the most
 * shapes it keeps, it infers what a fresh checker infers each time. */
static void test_inference_per_shape(void **state)
{
    inspex_checker_t *c = inspex_checker_new(set, collect, NULL);
    static const char *const dates[] = {"2021-07", "2019-05-01", "2023",
                                        "2015-06-10"};
    /* words of the FJI scale: the same shape, other candidates */
    static const char *const fji[12] = {"Good", "Satisfactory", "Poor", "Good",
                                        "Good", "Good",         "Good", "Good",
                                        "Good", "Good",         "Good", "Good"};

    (void)state;
    for (int n = 0; n < 700; n++) {
        inspex_inspection_t *a = make(n % 5 == 4 ? "inspectorate=Ofsted"
                                                 : "inspectorate=HMIP",
                                      NULL);
        inspex_inspection_t *b;
        const char *fa, *fb;
        char t[32];

        inspex_inspection_set(a, INSPEX_FIELD_PUBLISHED, dates[n % 4], 0, NULL);
        rate(a, n % 3 ? medway : fji);
        /* 3.4 titled the 2018 way, the 2021 way, nearly the 2018 way (a
         * letter less, one more, the last one other) or not at all */
        if (n % 7 < 6)
            inspex_judgement_set_title(
                inspex_inspection_find_judgement(a, "3.4"),
                (const char *const[]){"Joint working",
                                      "Out-of-court disposal policy and "
                                      "provision",
                                      "Joint Working", "Joint workin",
                                      "Joint workings", "Joint workinG"}[n % 7],
                NULL);
        /* a run of shapes seen once, more than the checker keeps */
        if (n >= 100 && n < 400) {
            snprintf(t, sizeof(t), "Staff %d", n);
            inspex_judgement_set_title(inspex_inspection_find_judgement(a,
                                                                        "1.2"),
                                       t, NULL);
        }
        b = inspex_inspection_clone(a);
        assert_non_null(b);
        found[0] = '\0';
        inspex_check(c, a);
        check(b);
        fa = inspex_inspection_get(a, INSPEX_FIELD_FRAMEWORK);
        fb = inspex_inspection_get(b, INSPEX_FIELD_FRAMEWORK);
        if (fa == NULL || fb == NULL)
            assert_ptr_equal(fa, fb);
        else
            assert_string_equal(fa, fb);
        inspex_inspection_free(a);
        inspex_inspection_free(b);
    }
    inspex_checker_free(c);
}

/* Without warnings wanted, none is reported (nor formatted); errors are. */
static void test_warnings_not_wanted(void **state)
{
    inspex_checker_t *c = inspex_checker_new(set, collect, NULL);
    inspex_inspection_t *i = make("inspectorate=Ofsted", "published=2020",
                                  NULL);
    inspex_inspection_t *e = make("framework=hmip-youth-2018",
                                  "published=2020-06-04", "overall_rating=Good",
                                  "score=40", NULL);

    (void)state;
    inspex_checker_set_warnings(c, 0);
    found[0] = '\0';
    assert_int_equal(inspex_check(c, i), 0);
    assert_string_equal(found, "");
    assert_int_equal(inspex_check(c, e), 1);
    assert_string_equal(found, "error score-range: published score 40 is "
                               "outside 0 to 36\n");
    inspex_checker_set_warnings(c, 1);
    found[0] = '\0';
    assert_int_equal(inspex_check(c, i), 0);
    assert_non_null(strstr(found, "warning framework-unknown"));
    inspex_checker_free(c);
    inspex_inspection_free(i);
    inspex_inspection_free(e);
}

/* The wanted function is asked before a warning is formatted, with the
 * problem but no message; what it declines is not reported. */
typedef struct asked {
    char checks[256];
} asked_t;

static int decline_unknown(void *ud, const inspex_problem_t *p)
{
    asked_t *a = ud;
    size_t n = strlen(a->checks);

    assert_null(p->message);
    assert_int_equal(p->severity, INSPEX_WARNING);
    assert_string_equal(p->source, "w.csv");
    assert_int_equal(p->line, 7);
    snprintf(a->checks + n, sizeof(a->checks) - n, "%s ", p->check);
    return strcmp(p->check, "framework-unknown") != 0;
}

static void test_warnings_wanted(void **state)
{
    inspex_checker_t *c = inspex_checker_new(set, collect, NULL);
    inspex_inspection_t *i = make("inspectorate=Ofsted", "published=2020",
                                  NULL);
    inspex_inspection_t *m = make("framework=hmip-youth-2018",
                                  "published=2020-06-04", "1.1=Good", NULL);
    inspex_inspection_t *e = make("framework=hmip-youth-2018",
                                  "published=2020-06-04", "overall_rating=Good",
                                  "score=40", NULL);
    asked_t a = {""};

    (void)state;
    inspex_inspection_set_origin(i, "w.csv", 7);
    inspex_inspection_set_origin(m, "w.csv", 7);
    inspex_inspection_set_origin(e, "w.csv", 7);
    inspex_checker_set_wanted(c, decline_unknown, &a);
    found[0] = '\0';
    /* declined: not reported */
    assert_int_equal(inspex_check(c, i), 0);
    assert_string_equal(found, "");
    assert_string_equal(a.checks, "framework-unknown ");
    /* wanted: made and reported as before */
    assert_int_equal(inspex_check(c, m), 0);
    assert_string_equal(found,
                        "warning standard-missing: 11 counted standards not "
                        "rated (1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, "
                        "3.3, 3.4): no score computed\n");
    assert_string_equal(a.checks, "framework-unknown standard-missing ");
    /* errors are never asked about */
    found[0] = '\0';
    assert_int_equal(inspex_check(c, e), 1);
    assert_null(strstr(a.checks, "score-range"));
    assert_non_null(strstr(found, "error score-range"));
    inspex_checker_free(c);
    inspex_inspection_free(i);
    inspex_inspection_free(m);
    inspex_inspection_free(e);
}

static void test_duplicates_and_actions(void **state)
{
    inspex_checker_t *c = inspex_checker_new(set, collect, NULL);
    inspex_inspection_t *a = make("body_name=Medway YOT",
                                  "framework=hmip-unrated",
                                  "published=2020-06-04", NULL);
    inspex_inspection_t *b = make("body_name=Medway YOT",
                                  "framework=hmip-unrated",
                                  "published=4 June 2020", NULL);
    inspex_item_t *act = inspex_inspection_add_item(b, INSPEX_ITEM_ACTION);

    (void)state;
    inspex_item_set(act, INSPEX_ATTR_REFERENCE, "1A", 0, NULL);
    inspex_item_set(act, INSPEX_ATTR_DUE, "March 2020", 0, NULL);
    found[0] = '\0';
    assert_int_equal(inspex_check(c, a), 0);
    assert_string_equal(found, "");
    assert_int_equal(inspex_check(c, b), 0);
    assert_string_equal(found,
                        "warning due-before-publication: action 1A is due "
                        "2020-03, before publication 2020-06-04\n"
                        "warning duplicate: duplicate inspection: Medway YOT "
                        "published 2020-06-04 was already read at t.csv:2\n");
    inspex_checker_free(c);
    inspex_inspection_free(a);
    inspex_inspection_free(b);
}

/* Duplicate warnings counted, and the last one's text. */
static int ndup;
static char lastdup[512];

static void count_dups(void *ud, const inspex_problem_t *p)
{
    (void)ud;
    if (strcmp(p->check, "duplicate") != 0)
        return;
    ndup++;
    snprintf(lastdup, sizeof(lastdup), "%s", p->message);
}

/* Checks "Body n" published date, read at source:line; the duplicate
 * warnings it gave. */
static int check_body(inspex_checker_t *c, int n, const char *date,
                      const char *source, unsigned long line)
{
    char body[64];
    inspex_inspection_t *i = inspex_inspection_new();
    int before = ndup;

    snprintf(body, sizeof(body), "Body %d", n);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME, body, 0,
                                           NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_PUBLISHED, date, 0,
                                           NULL),
                     INSPEX_OK);
    inspex_inspection_set_origin(i, source, line);
    inspex_check(c, i);
    inspex_inspection_free(i);
    return ndup - before;
}

/* The duplicate table through many growths: every inspection found again
 * where it was read, none found that was not, and the limit kept. */
static void test_duplicates_many(void **state)
{
    inspex_checker_t *c = inspex_checker_new(set, count_dups, NULL);
    char want[256];

    (void)state;
    ndup = 0;
    for (int n = 0; n < 20000; n++)
        assert_int_equal(
            check_body(c, n, "2020-01-01", n < 10000 ? "a.csv" : "b.csv",
                       (unsigned long)(n < 10000 ? n + 2 : n - 9998)),
            0);
    /* the same bodies another day are other inspections */
    for (int n = 0; n < 20000; n += 7)
        assert_int_equal(check_body(c, n, "2020-01-02", "c.csv", 5), 0);
    for (int n = 0; n < 20000; n++) {
        assert_int_equal(check_body(c, n, "2020-01-01", "d.csv", 9), 1);
        snprintf(want, sizeof(want),
                 "duplicate inspection: Body %d published 2020-01-01 was "
                 "already read at %s:%d",
                 n, n < 10000 ? "a.csv" : "b.csv",
                 n < 10000 ? n + 2 : n - 9998);
        assert_string_equal(lastdup, want);
    }
    for (int n = 0; n < 20000; n += 7) {
        assert_int_equal(check_body(c, n, "2020-01-02", "d.csv", 9), 1);
        snprintf(want, sizeof(want),
                 "duplicate inspection: Body %d published 2020-01-02 was "
                 "already read at c.csv:5",
                 n);
        assert_string_equal(lastdup, want);
    }
    inspex_checker_free(c);

    /* past the limit, nothing more is remembered, and that is said once */
    c = inspex_checker_new(set, count_dups, NULL);
    inspex_checker_set_duplicate_limit(c, 3000);
    ndup = 0;
    for (int n = 0; n < 3000; n++)
        assert_int_equal(check_body(c, n, "2021", "a.csv", 1), 0);
    assert_int_equal(check_body(c, 3000, "2021", "a.csv", 1), 1);
    assert_string_equal(lastdup,
                        "no more duplicates are looked for after 3000 "
                        "inspections, to keep memory flat; 'inspex validate' "
                        "looks through all");
    assert_int_equal(check_body(c, 3001, "2021", "a.csv", 1), 0);
    assert_int_equal(check_body(c, 3000, "2021", "a.csv", 1), 0);
    assert_int_equal(check_body(c, 2999, "2021", "b.csv", 0), 1);
    assert_string_equal(lastdup, "duplicate inspection: Body 2999 published "
                                 "2021 was already read at a.csv:1");
    inspex_checker_free(c);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void expect_bad_file(const char *text, const char *message)
{
    char path[] = "/tmp/inspex-fw-XXXXXX";
    int fd = mkstemp(path);
    inspex_frameworks_t *s = inspex_frameworks_new();
    inspex_error_t *err = inspex_error_new();
    char expect[512];

    close(fd);
    write_file(path, text);
    assert_int_equal(inspex_frameworks_load_file(s, path, err),
                     INSPEX_ERR_SYNTAX);
    snprintf(expect, sizeof(expect), "%s%s", path, message);
    assert_string_equal(inspex_error_text(err), expect);
    assert_int_equal(inspex_frameworks_count(s), 0);
    unlink(path);
    inspex_error_free(err);
    inspex_frameworks_free(s);
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_bad_file("{", ":1:1: string or '}' expected near end of file");
    expect_bad_file("{\"title\": \"x\"}",
                    ": invalid framework file: \"id\" is missing");
    expect_bad_file(
        "{\"id\": \"x\", \"title\": \"x\", \"inspectorate\": \"X\", "
        "\"in_force\": {\"from\": \"soon\"}}",
        ": invalid framework file: in_force.from must be an ISO "
        "date");
    expect_bad_file(
        "{\"id\": \"x\", \"title\": \"x\", \"inspectorate\": \"X\", "
        "\"in_force\": {}, \"scale\": {\"ratings\": [{\"label\": \"Good\", "
        "\"points\": 1}]}, \"standards\": [], \"scoring\": {\"rule\": \"sum\", "
        "\"max\": 3, \"bands\": [{\"min\": 0, \"max\": 1, \"rating\": "
        "\"Good\"}]}}",
        ": invalid framework file: scoring.bands must cover 0 to max exactly "
        "once");
    expect_bad_file(
        "{\"id\": \"x\", \"title\": \"x\", \"inspectorate\": \"X\", "
        "\"in_force\": {}, \"scale\": {\"ratings\": [{\"label\": \"Good\", "
        "\"points\": 1}]}, \"standards\": [], \"scoring\": {\"rule\": \"sum\", "
        "\"max\": 1, \"bands\": [{\"min\": 0, \"max\": 1, \"rating\": "
        "\"Great\"}]}}",
        ": invalid framework file: a band's rating is not on the scale");
}

/* ---- a framework the code has never seen -------------------------------- */

/* Ofsted's 2025 school report cards: a scale, standards and a scoring rule
 * that nothing in the library names. */
static const char ofsted[] =
    "{\"id\": \"ofsted-report-card-2025\",\n"
    " \"title\": \"Ofsted: school inspection report cards (2025)\",\n"
    " \"inspectorate\": \"Ofsted\",\n"
    " \"in_force\": {\"from\": \"2025-11\", \"to\": null},\n"
    " \"scale\": {\"id\": \"ofsted-five-point\", \"ratings\": [\n"
    "   {\"label\": \"Exceptional\", \"aliases\": [\"EX\"], \"points\": 4},\n"
    "   {\"label\": \"Strong standard\", \"aliases\": [\"Strong\"], "
    "\"points\": 3},\n"
    "   {\"label\": \"Expected standard\", \"aliases\": [\"Expected\"], "
    "\"points\": 2},\n"
    "   {\"label\": \"Needs attention\", \"aliases\": [\"NA\"], "
    "\"points\": 1},\n"
    "   {\"label\": \"Urgent improvement\", \"aliases\": [\"Urgent\"], "
    "\"points\": 0}]},\n"
    " \"standards\": [\n"
    "   {\"code\": \"RC1\", \"title\": \"Inclusion\", \"counted\": true},\n"
    "   {\"code\": \"RC2\", \"title\": \"Curriculum and teaching\", "
    "\"counted\": true},\n"
    "   {\"code\": \"RC3\", \"title\": \"Achievement\", \"counted\": true},\n"
    "   {\"code\": \"RC4\", \"title\": \"Leadership and governance\", "
    "\"counted\": true}],\n"
    " \"standards_complete\": true,\n"
    " \"scoring\": {\"rule\": \"sum\", \"max\": 16, \"bands\": [\n"
    "   {\"min\": 0, \"max\": 3, \"rating\": \"Urgent improvement\"},\n"
    "   {\"min\": 4, \"max\": 7, \"rating\": \"Needs attention\"},\n"
    "   {\"min\": 8, \"max\": 11, \"rating\": \"Expected standard\"},\n"
    "   {\"min\": 12, \"max\": 14, \"rating\": \"Strong\"},\n"
    "   {\"min\": 15, \"max\": 16, \"rating\": \"Exceptional\"}]}}\n";

/* Another one whose alias "Strong" is a different label. */
static const char other[] =
    "{\"id\": \"other-review-2025\", \"title\": \"Other reviews\",\n"
    " \"inspectorate\": \"Other\", \"in_force\": {\"from\": \"2025\", "
    "\"to\": null},\n"
    " \"scale\": {\"id\": \"other-three-point\", \"ratings\": [\n"
    "   {\"label\": \"Secure\", \"aliases\": [\"Strong\"], \"points\": null},\n"
    "   {\"label\": \"Weak\", \"aliases\": [], \"points\": null}]},\n"
    " \"standards\": [{\"code\": \"Q1\", \"title\": \"Quality\", "
    "\"counted\": false}],\n"
    " \"standards_complete\": true, \"scoring\": null}\n";

static char custom_dir[64];

/* A set loaded the way the CLI loads one, with dir first in
 * INSPEX_FRAMEWORK_PATH. */
static inspex_frameworks_t *load_with_path(const char *dir)
{
    inspex_frameworks_t *s = inspex_frameworks_new();

    assert_non_null(s);
    assert_int_equal(setenv("INSPEX_FRAMEWORK_PATH", dir, 1), 0);
    assert_int_equal(inspex_frameworks_load_default(s, NULL), INSPEX_OK);
    unsetenv("INSPEX_FRAMEWORK_PATH");
    return s;
}

static int check_in(inspex_frameworks_t *s, inspex_inspection_t *i)
{
    inspex_checker_t *c = inspex_checker_new(s, collect, NULL);
    int n;

    found[0] = '\0';
    n = inspex_check(c, i);
    inspex_checker_free(c);
    return n;
}

static void test_custom_framework(void **state)
{
    char path[128];
    inspex_frameworks_t *s;
    const inspex_framework_t *fw;
    inspex_inspection_t *i;
    const char *label;
    int points, max;

    (void)state;
    snprintf(custom_dir, sizeof(custom_dir), "/tmp/inspex-fw-custom-XXXXXX");
    assert_non_null(mkdtemp(custom_dir));
    snprintf(path, sizeof(path), "%s/ofsted.json", custom_dir);
    write_file(path, ofsted);
    s = load_with_path(custom_dir);
    fw = inspex_frameworks_find(s, "ofsted-report-card-2025");
    assert_non_null(fw);
    assert_non_null(inspex_frameworks_find(s, "hmip-youth-2018"));
    assert_int_equal(inspex_framework_rating_count(fw), 5);
    assert_true(inspex_framework_rating(fw, 1, &label, &points));
    assert_string_equal(label, "Strong standard");
    assert_int_equal(points, 3);
    assert_true(inspex_framework_scoring(fw, &max));
    assert_int_equal(max, 16);
    /* a band written with an alias holds the label */
    assert_string_equal(inspex_framework_band(fw, 12, NULL, NULL),
                        "Strong standard");

    /* its words are the model's: the label itself, one pointer, padded */
    label = inspex_rating_normalise("strong standard", NULL);
    assert_non_null(label);
    assert_ptr_equal(label, inspex_framework_rating_label(fw, "Strong"));
    assert_ptr_equal(inspex_rating_normalise("Strong standard", NULL), label);
    for (size_t k = 0; k <= INSPEX_STRING_PADDING; k++)
        assert_int_equal(label[strlen(label) + k], '\0');
    assert_string_equal(inspex_rating_normalise("'EX'.", NULL), "Exceptional");
    assert_string_equal(inspex_rating_normalise("NEEDS ATTENTION", NULL),
                        "Needs attention");
    /* ... and the HMIP words are still there */
    assert_string_equal(inspex_rating_normalise("Require improvement", NULL),
                        "Requires improvement");

    /* named: imported, validated, scored from the standards */
    i = make("body_name=Hill School", "framework=ofsted-report-card-2025",
             "published=2026-01-20", "overall_rating=Strong", "RC1=Strong",
             "RC2=expected standard", "RC3=EX", "RC4=Strong standard", NULL);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_OVERALL_RATING),
                        "Strong standard");
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(i, "RC3")),
                        "Exceptional");
    assert_int_equal(check_in(s, i), 0);
    assert_string_equal(found, "");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_SCORE),
                        "12");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_RATING),
                        "Strong standard");
    inspex_inspection_free(i);

    /* unnamed: inferred from its standards and words */
    i = make("published=2026-01-20", "RC1=Urgent", "RC2=Urgent",
             "RC3=Needs attention", "RC4=Expected", NULL);
    assert_int_equal(check_in(s, i), 0);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK),
                        "ofsted-report-card-2025");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_SCORE),
                        "3");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_COMPUTED_RATING),
                        "Urgent improvement");
    inspex_inspection_free(i);

    /* a word of another scale is off this one */
    i = make("framework=ofsted-report-card-2025", "published=2026-01-20",
             "RC1=Good", NULL);
    assert_int_equal(check_in(s, i), 1);
    assert_non_null(strstr(found, "error rating-off-scale: rating \"Good\" for "
                                  "standard RC1 is not on the scale of "
                                  "ofsted-report-card-2025 (Exceptional, "
                                  "Strong standard, Expected standard, Needs "
                                  "attention, Urgent improvement)"));
    inspex_inspection_free(i);
    inspex_frameworks_free(s);
}

static void test_ambiguous_word(void **state)
{
    char path[128];
    inspex_frameworks_t *s;
    inspex_inspection_t *i;
    const char *stored;

    (void)state;
    snprintf(path, sizeof(path), "%s/other.json", custom_dir);
    write_file(path, other);
    s = load_with_path(custom_dir);
    assert_non_null(inspex_frameworks_find(s, "other-review-2025"));
    /* "Strong" is "Strong standard" on one scale and "Secure" on the
     * other: kept as one spelling, not guessed */
    stored = inspex_rating_normalise("strong", NULL);
    assert_string_equal(stored, "Strong");
    assert_ptr_equal(inspex_rating_normalise("STRONG", NULL), stored);
    /* a word on one scale only is its label, whatever else is loaded */
    assert_string_equal(inspex_rating_normalise("secure", NULL), "Secure");

    /* the framework settles it */
    i = make("framework=ofsted-report-card-2025", "published=2026-01-20",
             "overall_rating=strong", "RC1=Strong", NULL);
    check_in(s, i);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_OVERALL_RATING),
                        "Strong standard");
    assert_ptr_equal(inspex_judgement_rating(
                         inspex_inspection_find_judgement(i, "RC1")),
                     inspex_rating_normalise("Strong standard", NULL));
    inspex_inspection_free(i);
    i = make("framework=other-review-2025", "published=2026-01-20",
             "overall_rating=Strong", "Q1=strong", NULL);
    assert_int_equal(check_in(s, i), 0);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_OVERALL_RATING),
                        "Secure");
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(i, "Q1")),
                        "Secure");
    inspex_inspection_free(i);

    /* nothing settles it: said in a warning, and left as it is */
    i = make("published=2026-01-20", "overall_rating=Strong", NULL);
    assert_int_equal(check_in(s, i), 0);
    assert_null(inspex_inspection_get(i, INSPEX_FIELD_FRAMEWORK));
    assert_non_null(strstr(found, "warning rating-ambiguous: overall rating "
                                  "\"Strong\" means \"Strong standard\" on "
                                  "scale ofsted-five-point, \"Secure\" on "
                                  "scale other-three-point, and no framework "
                                  "settles which; name it in a framework "
                                  "column\n"));
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_OVERALL_RATING),
                        "Strong");
    inspex_inspection_free(i);
    inspex_frameworks_free(s);
    unlink(path);
    snprintf(path, sizeof(path), "%s/ofsted.json", custom_dir);
    unlink(path);
    rmdir(custom_dir);
}

/* Every word the compiled-in table accepted, now from the files. */
static void test_hmip_words(void **state)
{
    static const char *const words[][2] = {
        {"outstanding", "Outstanding"},
        {"O", "Outstanding"},
        {"good", "Good"},
        {"G", "Good"},
        {"requires improvement", "Requires improvement"},
        {"Require improvement", "Requires improvement"},
        {"Requires improvement to be good", "Requires improvement"},
        {"RI", "Requires improvement"},
        {"inadequate", "Inadequate"},
        {"I", "Inadequate"},
        {"Satisfactory", "Satisfactory"},
        {"unsatisfactory", "Unsatisfactory"},
        {"Poor", "Poor"},
        {"not rated", "Not rated"},
        {"Unrated", "Not rated"},
    };
    const char *youth[] = {"hmip-youth-2018", "hmip-youth-2021",
                           "hmip-youth-2025"};

    (void)state;
    for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
        assert_string_equal(inspex_rating_normalise(words[w][0], NULL),
                            words[w][1]);
    /* the three four-point scales take the same words */
    for (size_t f = 0; f < 3; f++) {
        const inspex_framework_t *fw = inspex_frameworks_find(set, youth[f]);
        for (size_t w = 0; w < 10; w++)
            assert_string_equal(inspex_framework_rating_label(fw, words[w][0]),
                                words[w][1]);
    }
}

static void test_bad_scale_words(void **state)
{
    (void)state;
    expect_bad_file(
        "{\"id\": \"x\", \"title\": \"x\", \"inspectorate\": \"X\", "
        "\"in_force\": {}, \"scale\": {\"ratings\": [{\"label\": "
        "\"Go\\\"od\"}]}, \"standards\": []}",
        ": invalid framework file: a rating's label or alias holds a quote, a "
        "backslash or a control character");
    expect_bad_file(
        "{\"id\": \"x\", \"title\": \"x\", \"inspectorate\": \"X\", "
        "\"in_force\": {}, \"scale\": {\"ratings\": [{\"label\": \"Good\", "
        "\"aliases\": [\"OK\"]}, {\"label\": \"Fine\", \"aliases\": "
        "[\"ok\"]}]}, \"standards\": []}",
        ": invalid framework file: a word names two ratings of the scale");
    expect_bad_file(
        "{\"id\": \"x\", \"title\": \"x\", \"inspectorate\": \"X\", "
        "\"in_force\": {}, \"scale\": {\"ratings\": [{\"label\": \"--\"}]}, "
        "\"standards\": []}",
        ": invalid framework file: a rating's label or alias has no letter or "
        "digit");
    /* a file that does not load adds no words */
    assert_null(inspex_rating_normalise("Fine", NULL));
}

/* The one text every host prints for a problem, and its snprintf-like
 * length. */
static void test_problem_format(void **state)
{
    inspex_problem_t p = {INSPEX_WARNING,
                          "score-mismatch",
                          "score 18 != 19",
                          "r.csv",
                          3,
                          "Medway YOT",
                          "2020-06-04",
                          NULL};
    char buf[128], small[8];
    size_t n;

    (void)state;
    n = inspex_problem_format(&p, buf, sizeof(buf));
    assert_string_equal(
        buf, "r.csv:3: warning: Medway YOT (2020-06-04): score 18 != 19");
    assert_int_equal(n, strlen(buf));
    assert_int_equal(inspex_problem_format(&p, small, sizeof(small)), n);
    assert_string_equal(small, "r.csv:3");
    assert_int_equal(inspex_problem_format(&p, NULL, 0), n);
    /* named by its label (body, else local authority) ... */
    p.body = "";
    p.label = "Medway";
    inspex_problem_format(&p, buf, sizeof(buf));
    assert_string_equal(
        buf, "r.csv:3: warning: Medway (2020-06-04): score 18 != 19");
    /* ... else by its line, never "(no body name)" */
    p.label = "";
    inspex_problem_format(&p, buf, sizeof(buf));
    assert_string_equal(
        buf, "r.csv:3: warning: line 3 (2020-06-04): score 18 != 19");
    p.severity = INSPEX_ERROR;
    p.line = 0;
    inspex_problem_format(&p, buf, sizeof(buf));
    assert_string_equal(buf, "r.csv: error: unnamed inspection (2020-06-04): "
                             "score 18 != 19");
    p.source = NULL;
    p.published = "";
    inspex_problem_format(&p, buf, sizeof(buf));
    assert_string_equal(buf, "error: score 18 != 19");
    /* a check's finding as one phrase, for a count of them */
    assert_string_equal(inspex_check_summary("standard-missing"),
                        "counted standards not rated, so no score computed");
    assert_non_null(inspex_check_summary("duplicate"));
    assert_null(inspex_check_summary("import-warning"));
    assert_null(inspex_check_summary(NULL));
}

/* How messages name an inspection: body, else local authority. */
static void test_inspection_label(void **state)
{
    inspex_inspection_t *insp = inspex_inspection_new();

    (void)state;
    assert_null(inspex_inspection_label(insp));
    inspex_inspection_set(insp, INSPEX_FIELD_LOCAL_AUTHORITY, "Swansea", 0,
                          NULL);
    assert_string_equal(inspex_inspection_label(insp), "Swansea");
    inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, "Western Bay YJS", 0,
                          NULL);
    assert_string_equal(inspex_inspection_label(insp), "Western Bay YJS");
    inspex_inspection_free(insp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_title_matching),
        cmocka_unit_test(test_published_reports),
        cmocka_unit_test(test_published_never_overwritten),
        cmocka_unit_test(test_rating_mismatch_without_score),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_score_any_order),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_percent_edges),
        cmocka_unit_test(test_inference),
        cmocka_unit_test(test_inference_per_shape),
        cmocka_unit_test(test_warnings_not_wanted),
        cmocka_unit_test(test_warnings_wanted),
        cmocka_unit_test(test_duplicates_and_actions),
        cmocka_unit_test(test_duplicates_many),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_hmip_words),
        cmocka_unit_test(test_bad_scale_words),
        /* these two load words of their own: last */
        cmocka_unit_test(test_custom_framework),
        cmocka_unit_test(test_ambiguous_word),
        cmocka_unit_test(test_problem_format),
        cmocka_unit_test(test_inspection_label),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
