/* SPDX-License-Identifier: MIT */
/* test_plan.c - the header plan: names to fields, standards, strands,
 * items, row roles or extra, with the reasons, and applying it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <inspex/inspex.h>

static inspex_frameworks_t *load_frameworks(void)
{
    inspex_frameworks_t *set = inspex_frameworks_new();
    inspex_error_t *err = inspex_error_new();

    assert_non_null(set);
    assert_int_equal(inspex_frameworks_load_dir(set,
                                                INSPEX_SRCDIR "/frameworks", 1,
                                                err),
                     INSPEX_OK);
    inspex_error_free(err);
    return set;
}

/* A decided header plan of the names, NULL-terminated. */
static inspex_plan_t *header(const inspex_frameworks_t *fws,
                             const char *map_path, inspex_layout_t layout,
                             const char *const *names)
{
    inspex_error_t *err = inspex_error_new();
    inspex_plan_t *plan = NULL;

    assert_int_equal(inspex_plan_new(fws, map_path, &plan, err), INSPEX_OK);
    for (size_t i = 0; names[i]; i++)
        assert_int_equal(inspex_plan_add(plan, names[i], err), INSPEX_OK);
    inspex_plan_decide(plan, layout);
    inspex_error_free(err);
    return plan;
}

static void test_words(void **state)
{
    (void)state;
    assert_int_equal(inspex_match_field_words("Fieldwork started", NULL),
                     INSPEX_FIELD_FIELDWORK_START);
    assert_int_equal(inspex_match_field_words("Date fieldwork began", NULL),
                     INSPEX_FIELD_FIELDWORK_START);
    assert_int_equal(inspex_match_field_words("Inspection start date", NULL),
                     INSPEX_FIELD_FIELDWORK_START);
    assert_int_equal(inspex_match_field_words("inspectionStartDate", NULL),
                     INSPEX_FIELD_FIELDWORK_START);
    assert_int_equal(inspex_match_field_words("On site from", NULL),
                     INSPEX_FIELD_FIELDWORK_START);
    assert_int_equal(inspex_match_field_words("Fieldwork ended", NULL),
                     INSPEX_FIELD_FIELDWORK_END);
    assert_int_equal(inspex_match_field_words("Last day of the inspection",
                                              NULL),
                     INSPEX_FIELD_FIELDWORK_END);
    assert_int_equal(inspex_match_field_words("Report published", NULL),
                     INSPEX_FIELD_PUBLISHED);
    assert_int_equal(inspex_match_field_words("Name of YOT", NULL),
                     INSPEX_FIELD_BODY_NAME);
    assert_int_equal(inspex_match_field_words("Youth justice service code",
                                              NULL),
                     INSPEX_FIELD_BODY_CODE);
    assert_int_equal(inspex_match_field_words("Local authority area", NULL),
                     INSPEX_FIELD_LOCAL_AUTHORITY);
    assert_int_equal(inspex_match_field_words("Maximum possible score", NULL),
                     INSPEX_FIELD_SCORE_MAX);
    assert_int_equal(inspex_match_field_words("Percentage score", NULL),
                     INSPEX_FIELD_SCORE_PERCENT);
    assert_int_equal(inspex_match_field_words("Type of inspection", NULL),
                     INSPEX_FIELD_INSPECTION_TYPE);
    /* nothing is guessed: words that fit no field, or not all of one */
    assert_int_equal(inspex_match_field_words("date", NULL), -1);
    assert_int_equal(inspex_match_field_words("Start date", NULL), -1);
    assert_int_equal(inspex_match_field_words("Fieldwork start and end", NULL),
                     -1);
    assert_int_equal(inspex_match_field_words("lead_inspector", NULL), -1);
    assert_int_equal(inspex_match_field_words("notes", NULL), -1);
    assert_int_equal(inspex_match_field_words("", NULL), -1);
    assert_int_equal(inspex_match_field_words("governance_and_leadership",
                                              NULL),
                     -1);
}

/* Each field's own name in words fits that field and no other: the word
 * tables do not overlap. */
static void test_words_unique(void **state)
{
    (void)state;
    for (int f = 0; f < INSPEX_FIELD__COUNT; f++) {
        char words[64];
        const char *name = inspex_field_name((inspex_field_t)f);
        int fits[2] = {-1, -1};
        size_t i;

        if (f == INSPEX_FIELD_ID)
            continue; /* "id" alone says too little */
        for (i = 0; name[i] && i + 1 < sizeof(words); i++)
            words[i] = name[i] == '_' ? ' ' : name[i];
        words[i] = '\0';
        int got = inspex_match_field_words(words, fits);
        if (got != f)
            fail_msg("\"%s\" gives %d (fits %d, %d)", words, got, fits[0],
                     fits[1]);
    }
}

static void test_header_plan(void **state)
{
    inspex_frameworks_t *fws = load_frameworks();
    static const char *const names[] = {"body_name",
                                        "la_name",
                                        "Fieldwork started",
                                        "score_%",
                                        "1.1 Governance and leadership",
                                        "Staff",
                                        "assessment",
                                        "resettlement",
                                        "Reducing reoffending",
                                        "recommendation.2.text",
                                        "strand.2.1.Desistance",
                                        "overall",
                                        "overall_rating",
                                        "notes",
                                        NULL};
    inspex_plan_t *plan = header(fws, NULL, INSPEX_LAYOUT_AUTO, names);
    const inspex_plan_column_t *c;
    char buf[256];

    (void)state;
    assert_int_equal(inspex_plan_layout(plan), INSPEX_LAYOUT_WIDE);
    assert_int_equal(inspex_plan_count(plan), 14);

    c = inspex_plan_column(plan, 0);
    assert_int_equal(c->target, INSPEX_PLAN_FIELD);
    assert_int_equal(c->field, INSPEX_FIELD_BODY_NAME);
    assert_string_equal(c->reason, "exact field name");
    c = inspex_plan_column(plan, 1);
    assert_int_equal(c->field, INSPEX_FIELD_LOCAL_AUTHORITY);
    assert_string_equal(c->reason, "a known name for local_authority");
    c = inspex_plan_column(plan, 2);
    assert_int_equal(c->target, INSPEX_PLAN_FIELD);
    assert_int_equal(c->field, INSPEX_FIELD_FIELDWORK_START);
    assert_string_equal(c->reason, "the words of 'fieldwork start'");
    assert_int_equal(inspex_plan_column(plan, 3)->field,
                     INSPEX_FIELD_SCORE_PERCENT);

    c = inspex_plan_column(plan, 4);
    assert_int_equal(c->target, INSPEX_PLAN_STANDARD);
    assert_string_equal(c->code, "1.1");
    assert_string_equal(c->title, "Governance and leadership");
    assert_string_equal(c->reason, "standard 1.1 by its code");
    c = inspex_plan_column(plan, 5);
    assert_int_equal(c->target, INSPEX_PLAN_STANDARD);
    assert_string_equal(c->code, "1.2");
    assert_null(c->title);
    assert_string_equal(c->reason,
                        "standard 1.2 by its title 'Staff' in domain 1");
    c = inspex_plan_column(plan, 6);
    assert_int_equal(c->target, INSPEX_PLAN_EXTRA);
    assert_true(c->ambiguous);
    assert_string_equal(c->code, "2.1, 3.1");
    assert_string_equal(c->reason, "ambiguous: could be standard 2.1, 3.1; "
                                   "kept in extra, not guessed");
    c = inspex_plan_column(plan, 7);
    assert_int_equal(c->target, INSPEX_PLAN_STANDARD);
    assert_string_equal(c->code, "4.1");
    assert_string_equal(c->reason, "standard 4.1, known to the frameworks as "
                                   "'resettlement'");
    c = inspex_plan_column(plan, 8);
    assert_string_equal(c->code, "reoffending");
    assert_string_equal(c->reason, "standard reoffending by its title "
                                   "'Reducing reoffending'");

    c = inspex_plan_column(plan, 9);
    assert_int_equal(c->target, INSPEX_PLAN_ITEM);
    assert_int_equal(c->kind, INSPEX_ITEM_RECOMMENDATION);
    assert_int_equal(c->index, 2);
    assert_int_equal(c->attr, INSPEX_ATTR_TEXT);
    c = inspex_plan_column(plan, 10);
    assert_int_equal(c->target, INSPEX_PLAN_STRAND);
    assert_string_equal(c->code, "2.1");
    assert_string_equal(c->strand, "Desistance");

    /* the first column for a field wins; the second says why not */
    assert_int_equal(inspex_plan_column(plan, 11)->target, INSPEX_PLAN_FIELD);
    c = inspex_plan_column(plan, 12);
    assert_int_equal(c->target, INSPEX_PLAN_EXTRA);
    assert_false(c->ambiguous);
    assert_string_equal(c->reason, "overall_rating already comes from column "
                                   "12 (\"overall\"): kept in extra");
    c = inspex_plan_column(plan, 13);
    assert_int_equal(c->target, INSPEX_PLAN_EXTRA);
    assert_string_equal(c->reason, "no field matches: kept in extra");
    assert_null(inspex_plan_column(plan, 14));

    assert_string_equal(inspex_plan_describe(plan, 2, buf, sizeof(buf)),
                        "\"Fieldwork started\" -> fieldwork_start (the words "
                        "of 'fieldwork start')");
    assert_string_equal(inspex_plan_describe(plan, 10, buf, sizeof(buf)),
                        "\"strand.2.1.Desistance\" -> strand 'Desistance' of "
                        "standard 2.1 (the form strand.CODE.NAME: strand "
                        "'Desistance' of standard 2.1)");
    assert_string_equal(inspex_plan_describe(plan, 13, buf, 8), "\"notes\"");
    inspex_plan_free(plan);
    inspex_frameworks_free(fws);
}

static void test_duplicate(void **state)
{
    inspex_error_t *err = inspex_error_new();
    inspex_plan_t *plan = NULL;

    (void)state;
    assert_int_equal(inspex_plan_new(NULL, NULL, &plan, err), INSPEX_OK);
    assert_int_equal(inspex_plan_add(plan, "a", err), INSPEX_OK);
    assert_int_equal(inspex_plan_add(plan, "b", err), INSPEX_OK);
    assert_int_equal(inspex_plan_add(plan, "a", err), INSPEX_ERR_SYNTAX);
    assert_string_equal(inspex_error_message(err),
                        "duplicate column name \"a\" (columns 1 and 3)");
    inspex_plan_decide(plan, INSPEX_LAYOUT_AUTO);
    assert_int_equal(inspex_plan_add(plan, "c", err), INSPEX_ERR_USAGE);
    inspex_plan_free(plan);
    inspex_error_free(err);
}

static void test_layouts(void **state)
{
    static const char *const lng[] = {"body_name", "published", "standard",
                                      "title",     "rating",    "judgement",
                                      NULL};
    static const char *const actions[] = {
        "HMIP inspection priority", "Action", "Lead", "Timescale",
        "Success measures",         "RAG",    NULL};
    inspex_plan_t *plan = header(NULL, NULL, INSPEX_LAYOUT_AUTO, lng);

    (void)state;
    assert_int_equal(inspex_plan_layout(plan), INSPEX_LAYOUT_LONG);
    assert_int_equal(inspex_plan_column(plan, 2)->target, INSPEX_PLAN_ROW_CODE);
    assert_int_equal(inspex_plan_column(plan, 3)->target,
                     INSPEX_PLAN_ROW_TITLE);
    assert_int_equal(inspex_plan_column(plan, 4)->target,
                     INSPEX_PLAN_ROW_RATING);
    /* a second rating column stays in extra */
    assert_int_equal(inspex_plan_column(plan, 5)->target, INSPEX_PLAN_EXTRA);
    assert_string_equal(inspex_plan_column(plan, 5)->reason,
                        "a second column for each row's rating: kept in "
                        "extra");
    inspex_plan_free(plan);

    plan = header(NULL, NULL, INSPEX_LAYOUT_AUTO, actions);
    assert_int_equal(inspex_plan_layout(plan), INSPEX_LAYOUT_ACTIONS);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(inspex_plan_column(plan, i)->target,
                         INSPEX_PLAN_ROW_ACTION);
    assert_int_equal(inspex_plan_column(plan, 3)->attr, INSPEX_ATTR_DUE);
    inspex_plan_free(plan);

    /* the same header read as wide */
    plan = header(NULL, NULL, INSPEX_LAYOUT_WIDE, lng);
    assert_int_equal(inspex_plan_column(plan, 4)->target, INSPEX_PLAN_FIELD);
    assert_int_equal(inspex_plan_column(plan, 4)->field,
                     INSPEX_FIELD_OVERALL_RATING);
    inspex_plan_free(plan);
}

static void test_map(void **state)
{
    char path[] = "/tmp/test_plan_mapXXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    static const char *const names[] = {"Name of the team", "assessment",
                                        "other", NULL};
    inspex_plan_t *plan;
    inspex_error_t *err = inspex_error_new();
    const inspex_plan_column_t *c;
    char want[128];

    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("{\"Name of the team\": \"body_name\", \"assessment\": \"2.1\"}", f);
    fclose(f);
    plan = header(NULL, path, INSPEX_LAYOUT_AUTO, names);
    c = inspex_plan_column(plan, 0);
    assert_int_equal(c->field, INSPEX_FIELD_BODY_NAME);
    assert_string_equal(c->name, "Name of the team");
    assert_string_equal(c->matched, "body_name");
    snprintf(want, sizeof(want), "-O map: %s; exact field name", path);
    assert_string_equal(c->reason, want);
    c = inspex_plan_column(plan, 1);
    assert_int_equal(c->target, INSPEX_PLAN_STANDARD);
    assert_string_equal(c->code, "2.1");
    assert_string_equal(inspex_plan_column(plan, 2)->reason,
                        "no field matches: kept in extra");
    inspex_plan_free(plan);

    /* a map that does not load is the plan's error */
    f = fopen(path, "w");
    fputs("{\"x\": \"nothing\"}", f);
    fclose(f);
    plan = NULL;
    assert_int_equal(inspex_plan_new(NULL, path, &plan, err),
                     INSPEX_ERR_INVALID);
    assert_null(plan);
    unlink(path);
    inspex_error_free(err);
}

static void test_keys(void **state)
{
    inspex_error_t *err = inspex_error_new();
    inspex_plan_t *plan = NULL;
    size_t a, b, again;
    char key[32];

    (void)state;
    assert_int_equal(inspex_plan_new(NULL, NULL, &plan, err), INSPEX_OK);
    assert_int_equal(inspex_plan_key(plan, "published_x", 9, &a, err),
                     INSPEX_OK);
    assert_true(inspex_plan_is_new(plan, a));
    assert_string_equal(inspex_plan_column(plan, a)->name, "published");
    assert_int_equal(inspex_plan_key(plan, "1.1", 3, &b, err), INSPEX_OK);
    assert_int_not_equal(a, b);
    assert_int_equal(inspex_plan_key(plan, "published", 9, &again, err),
                     INSPEX_OK);
    assert_int_equal(again, a);
    assert_false(inspex_plan_is_new(plan, a));
    assert_int_equal(inspex_plan_column(plan, a)->field,
                     INSPEX_FIELD_PUBLISHED);
    assert_int_equal(inspex_plan_add(plan, "x", err), INSPEX_ERR_USAGE);
    /* past the limit, new keys share one scratch column */
    for (int i = 0; inspex_plan_count(plan) < INSPEX_PLAN_KEYS_MAX; i++) {
        int n = snprintf(key, sizeof(key), "k%d", i);
        assert_int_equal(inspex_plan_key(plan, key, (size_t)n, &a, err),
                         INSPEX_OK);
    }
    assert_int_equal(inspex_plan_key(plan, "Fieldwork began", 15, &a, err),
                     INSPEX_OK);
    assert_int_equal(a, INSPEX_PLAN_KEYS_MAX);
    assert_true(inspex_plan_is_new(plan, a));
    assert_int_equal(inspex_plan_column(plan, a)->field,
                     INSPEX_FIELD_FIELDWORK_START);
    assert_int_equal(inspex_plan_key(plan, "zzz", 3, &a, err), INSPEX_OK);
    assert_int_equal(a, INSPEX_PLAN_KEYS_MAX);
    assert_string_equal(inspex_plan_column(plan, a)->name, "zzz");
    assert_int_equal(inspex_plan_count(plan), INSPEX_PLAN_KEYS_MAX);
    inspex_plan_free(plan);
    inspex_error_free(err);
}

static void test_apply(void **state)
{
    static const char *const names[] = {"body_name",
                                        "Fieldwork started",
                                        "1.1 Governance",
                                        "2.1",
                                        "strand.2.1.Desistance",
                                        "recommendation.2.text",
                                        "notes",
                                        NULL};
    const char *row[] = {"Medway YOT", "24/02/2020", "Good", " ",
                         "9/10",       "Do better",  "n1"};
    inspex_plan_t *plan = header(NULL, NULL, INSPEX_LAYOUT_AUTO, names);
    inspex_inspection_t *insp = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    const inspex_judgement_t *j;
    const char *name;
    int a, b;

    (void)state;
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(inspex_plan_apply(plan, i, insp, row[i], 0, err),
                         INSPEX_OK);
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME),
                        "Medway YOT");
    assert_string_equal(inspex_inspection_get(insp,
                                              INSPEX_FIELD_FIELDWORK_START),
                        "2020-02-24");
    j = inspex_inspection_find_judgement(insp, "1.1");
    assert_non_null(j);
    assert_string_equal(inspex_judgement_title(j), "Governance");
    assert_string_equal(inspex_judgement_rating(j), "Good");
    /* the blank 2.1 made no rating; its strand made the judgement */
    j = inspex_inspection_find_judgement(insp, "2.1");
    assert_non_null(j);
    assert_null(inspex_judgement_rating(j));
    assert_true(inspex_judgement_strand(j, 0, &name, &a, &b));
    assert_string_equal(name, "Desistance");
    assert_int_equal(a, 9);
    assert_int_equal(b, 10);
    assert_int_equal(inspex_inspection_item_count(insp,
                                                  INSPEX_ITEM_RECOMMENDATION),
                     2);
    assert_string_equal(
        inspex_item_get(inspex_inspection_item(insp, INSPEX_ITEM_RECOMMENDATION,
                                               1),
                        INSPEX_ATTR_TEXT),
        "Do better");
    assert_int_equal(inspex_inspection_extra_count(insp), 1);

    /* errors come without a location, for the importer to add */
    assert_int_equal(inspex_plan_apply(plan, 4, insp, "9 of 10", 0, err),
                     INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "strand value \"9 of 10\" is not of the form 9/10");
    assert_int_equal(inspex_plan_apply(plan, 4, insp, "9/10x", 0, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(inspex_plan_apply(plan, 4, insp, "99999999999/1", 0, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(inspex_plan_apply(plan, 2, insp, "Goodish", 0, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(inspex_plan_apply(plan, 7, insp, "x", 0, err),
                     INSPEX_ERR_USAGE);
    inspex_inspection_free(insp);
    inspex_error_free(err);
    inspex_plan_free(plan);
}

static void test_apply_row(void **state)
{
    static const char *const names[] = {
        "body_name", "published", "1.1", "1.2 Staff", "recommendation.1.text",
        "notes",     NULL};
    const char *row[] = {"Medway YOT",  "2020-06-04", "Good",
                         "Outstanding", "Do better",  "n1"};
    const char *bad[] = {"Medway YOT", "2020-06-04", "Good", "Goodish", "", ""};
    inspex_plan_t *plan = header(NULL, NULL, INSPEX_LAYOUT_AUTO, names);
    inspex_inspection_t *insp = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    size_t at = 99;

    (void)state;
    assert_int_equal(inspex_plan_apply_row(plan, row, 6, insp, 0, &at, err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED),
                        "2020-06-04");
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(insp, "1.1")),
                        "Good");
    assert_string_equal(inspex_judgement_title(
                            inspex_inspection_find_judgement(insp, "1.2")),
                        "Staff");
    assert_int_equal(inspex_inspection_item_count(insp,
                                                  INSPEX_ITEM_RECOMMENDATION),
                     1);
    assert_string_equal(inspex_inspection_extra_key(insp, 0), "notes");
    inspex_inspection_free(insp);

    /* the column of a bad cell comes back */
    insp = inspex_inspection_new();
    assert_int_equal(inspex_plan_apply_row(plan, bad, 6, insp, 0, &at, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(at, 3);
    assert_int_equal(inspex_plan_apply_row(plan, row, 7, insp, 0, &at, err),
                     INSPEX_ERR_USAGE);
    inspex_inspection_free(insp);
    inspex_error_free(err);
    inspex_plan_free(plan);
}

/* A standard's title comes from the header, checked and trimmed once
 * for the plan and shared by every row; the code is checked once too.
 * What does not store (invalid UTF-8) is still said on each row, and a
 * standard in two columns is still rated twice. */
static void test_apply_row_titles(void **state)
{
    static const char *const names[] = {"1.1  Governance and leadership ",
                                        "1.2 Staff \xff", "1.1", NULL};
    const char *row[] = {"Good", "", ""};
    const char *both[] = {"Good", "", "Inadequate"};
    const char *staff[] = {"", "Good", ""};
    inspex_plan_t *plan = header(NULL, NULL, INSPEX_LAYOUT_AUTO, names);
    inspex_inspection_t *a = inspex_inspection_new();
    inspex_inspection_t *b = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    const char *t1, *t2;
    size_t at = 99;

    (void)state;
    assert_int_equal(inspex_plan_apply_row(plan, row, 3, a, 0, &at, err),
                     INSPEX_OK);
    assert_int_equal(inspex_plan_apply_row(plan, row, 3, b, 0, &at, err),
                     INSPEX_OK);
    t1 = inspex_judgement_title(inspex_inspection_find_judgement(a, "1.1"));
    t2 = inspex_judgement_title(inspex_inspection_find_judgement(b, "1.1"));
    assert_string_equal(t1, "Governance and leadership");
    assert_ptr_equal(t1, t2); /* one copy for the table */
    for (size_t k = 0; k < INSPEX_STRING_PADDING; k++)
        assert_int_equal(t1[strlen(t1) + 1 + k], 0);
    inspex_inspection_free(b);
    b = inspex_inspection_new();
    assert_int_equal(inspex_plan_apply_row(plan, staff, 3, b, 0, &at, err),
                     INSPEX_ERR_ENCODING);
    assert_int_equal(at, 1);
    assert_string_equal(inspex_error_message(err),
                        "invalid UTF-8 in title of standard 1.2 at byte 6");
    inspex_inspection_free(b);
    b = inspex_inspection_new();
    assert_int_equal(inspex_plan_apply_row(plan, both, 3, b, 0, &at, err),
                     INSPEX_ERR_INVALID);
    assert_int_equal(at, 2);
    assert_string_equal(inspex_error_message(err),
                        "standard 1.1 is rated twice");
    inspex_inspection_free(a);
    inspex_inspection_free(b);
    inspex_error_free(err);
    inspex_plan_free(plan);
}

/* INSPEX_VALUE_UTF8 says the importer checked the text: a value is stored
 * without the check, and without the flag the check still runs. */
static void test_value_utf8_flag(void **state)
{
    inspex_inspection_t *insp = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME,
                                           " Caf\xc3\xa9 YOT ",
                                           INSPEX_VALUE_UTF8, err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME),
                        "Caf\xc3\xa9 YOT");
    assert_int_equal(inspex_inspection_set(insp, INSPEX_FIELD_PUBLISHED,
                                           "4 June 2020", INSPEX_VALUE_UTF8,
                                           err),
                     INSPEX_OK);
    assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED),
                        "2020-06-04");
    assert_int_equal(inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME,
                                           "Caf\xe9", 0, err),
                     INSPEX_ERR_ENCODING);
    inspex_inspection_free(insp);
    inspex_error_free(err);
}

/* Issue 14: which row is a table's header, and which rows under it are
 * records. */
static void test_header_rows(void **state)
{
    inspex_frameworks_t *fws = load_frameworks();
    inspex_error_t *err = inspex_error_new();
    inspex_plan_t *plan = NULL;
    inspex_plan_row_score_t sc;
    const char *title[] = {"Youth justice inspection ratings", "", ""};
    const char *ratings[] = {"", "", "Ratings", "", ""};
    const char *head[] = {"Service", "Region", "1.1 Governance and leadership",
                          "Planning", "notes"};
    const char *data[] = {"Medway YOT", "South East", "Good", "Inadequate",
                          "x"};
    const char *mostly[] = {"body_name", "a", "b", "c", "d", "e", "f"};

    (void)state;
    assert_int_equal(inspex_plan_new(fws, NULL, &plan, err), INSPEX_OK);
    assert_int_equal(inspex_plan_is_header_row(plan, title, 3, &sc), 0);
    assert_int_equal(sc.cells, 1);
    assert_int_equal(inspex_plan_is_header_row(plan, ratings, 5, &sc), 0);
    assert_int_equal(inspex_plan_is_header_row(plan, data, 5, &sc), 0);
    assert_int_equal(sc.recognised, 0);
    assert_int_equal(inspex_plan_is_header_row(plan, head, 5, &sc), 1);
    assert_int_equal(sc.cells, 5);
    assert_int_equal(sc.recognised, 4); /* "notes" is extra */
    assert_int_equal(sc.standards, 1);  /* "Planning" fits 2.2 and 3.2 */
    /* one name in seven: not enough to be sure */
    assert_int_equal(inspex_plan_is_header_row(plan, mostly, 7, NULL), 0);
    /* but three of the model's own names are, among any number of others
     * (inspex's own CSV with many extra columns); aliases are not */
    const char *own[] = {"id", "body_name", "published", "a", "b", "c",
                         "d",  "e",         "f",         "g", "h", "i"};
    assert_int_equal(inspex_plan_is_header_row(plan, own, 12, &sc), 1);
    assert_int_equal(sc.recognised, 3);
    const char *aliases[] = {"yot", "council", "pubdate", "a", "b", "c",
                             "d",   "e",       "f",       "g", "h", "i"};
    assert_int_equal(inspex_plan_is_header_row(plan, aliases, 12, NULL), 0);
    /* the plan itself is unchanged: still a header plan with no column */
    assert_int_equal(inspex_plan_count(plan), 0);

    assert_int_equal(inspex_plan_row_kind(title, 3, 3), INSPEX_ROW_NOTE);
    assert_int_equal(inspex_plan_row_kind(title, 3, 2), INSPEX_ROW_RECORD);
    assert_int_equal(inspex_plan_row_kind(data, 5, 5), INSPEX_ROW_RECORD);
    /* one value past the first column is a record with its other cells
     * empty (a service with only its name, in an id-first table) */
    const char *second[] = {"", "Medway YOT", "", ""};
    assert_int_equal(inspex_plan_row_kind(second, 4, 4), INSPEX_ROW_RECORD);
    const char *late[] = {"", "", "", "Good"};
    assert_int_equal(inspex_plan_row_kind(late, 4, 4), INSPEX_ROW_RECORD);
    const char *blank[] = {"", "  ", "\t"};
    assert_int_equal(inspex_plan_row_kind(blank, 3, 3), INSPEX_ROW_BLANK);
    const char *total[] = {"", "Grand total", "12"};
    assert_int_equal(inspex_plan_row_kind(total, 3, 3), INSPEX_ROW_TOTAL);
    const char *totally[] = {"Totally Different YOT", "x", "y"};
    assert_int_equal(inspex_plan_row_kind(totally, 3, 3), INSPEX_ROW_RECORD);

    /* duplicate names are renamed */
    size_t dup;
    assert_int_equal(inspex_plan_add_renaming(plan, "region", &dup, err),
                     INSPEX_OK);
    assert_int_equal(dup, 0);
    assert_int_equal(inspex_plan_add(plan, "region_2", err), INSPEX_OK);
    assert_int_equal(inspex_plan_add_renaming(plan, "region", &dup, err),
                     INSPEX_OK);
    assert_int_equal(dup, 1);
    assert_string_equal(inspex_plan_column(plan, 2)->name, "region_3");
    assert_int_equal(inspex_plan_add_renaming(plan, "", &dup, err), INSPEX_OK);
    assert_int_equal(inspex_plan_add_renaming(plan, "", &dup, err), INSPEX_OK);
    assert_int_equal(dup, 4);
    assert_string_equal(inspex_plan_column(plan, 4)->name, "column_5");
    inspex_plan_free(plan);
    inspex_error_free(err);
    inspex_frameworks_free(fws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_words_unique),
        cmocka_unit_test(test_header_plan),
        cmocka_unit_test(test_duplicate),
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_apply_row),
        cmocka_unit_test(test_apply_row_titles),
        cmocka_unit_test(test_value_utf8_flag),
        cmocka_unit_test(test_header_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
