/* SPDX-License-Identifier: MIT */
/* test_json.c - the json and ndjson plugins: the document and line forms,
 * plain arrays of flat objects, every import error with its exact message,
 * and round trips checked by jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "plugin_util.h"

static const inspex_plugin_t *json, *ndjson;

static int setup(void **state)
{
    (void)state;
    json = load_plugin("json", "json");
    ndjson = load_plugin("json", "ndjson");
    return json && ndjson ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    inspex_registry_free(test_registry);
    return 0;
}

static void expect_error(const inspex_plugin_t *p, const char *text,
                         inspex_status_t code, const char *message)
{
    import_result_t r = run_import(p, text);

    if (r.st != code)
        fail_msg("status %d, expected %d: %s", r.st, code,
                 inspex_error_text(r.err));
    assert_string_equal(inspex_error_text(r.err), message);
    import_result_free(&r);
}

static import_result_t fixture(const char *name)
{
    char path[1024];
    size_t len = 0;
    char *text;
    import_result_t r;

    snprintf(path, sizeof(path), "%s/fixtures/%s", INSPEX_SRCDIR, name);
    text = slurp(path, &len);
    assert_non_null(text);
    r = run_import_opts(json, text, len, NULL, 0);
    free(text);
    assert_int_equal(r.st, INSPEX_OK);
    return r;
}

static void test_document_round_trip(void **state)
{
    import_result_t a = fixture("medway-2020.json"), b;
    inspex_error_t *err = inspex_error_new();
    char *one, *two;

    (void)state;
    assert_int_equal(inspex_dataset_count(a.ds), 1);
    one = run_export(json, a.ds, NULL, err);
    assert_non_null(one);
    b = run_import(json, one);
    assert_int_equal(b.st, INSPEX_OK);
    assert_true(inspex_inspection_equal(inspex_dataset_at(a.ds, 0),
                                        inspex_dataset_at(b.ds, 0)));
    two = run_export(json, b.ds, NULL, err);
    assert_string_equal(one, two); /* byte-identical */
    free(two);
    two = run_export(json, b.ds, (const char *const[]){"pretty=true", NULL},
                     err);
    assert_non_null(strstr(two, "\n      \"body_name\": \"Medway YOT\",\n"));
    free(two);
    free(one);
    import_result_free(&a);
    import_result_free(&b);
    inspex_error_free(err);
}

static void test_output_parses_with_jansson(void **state)
{
    import_result_t a = fixture("medway-2020.json");
    inspex_error_t *err = inspex_error_new();
    char *out = run_export(json, a.ds, NULL, err);
    json_error_t je;
    json_t *doc = json_loads(out, JSON_REJECT_DUPLICATES, &je), *insp, *j;

    (void)state;
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "format")),
                        "inspex");
    assert_int_equal(json_integer_value(json_object_get(doc, "version")), 1);
    insp = json_array_get(json_object_get(doc, "inspections"), 0);
    assert_int_equal(json_integer_value(json_object_get(insp, "score")), 18);
    assert_string_equal(json_string_value(json_object_get(insp, "published")),
                        "2020-06-04");
    j = json_object_get(json_object_get(insp, "judgements"), "3.2");
    assert_string_equal(json_string_value(json_object_get(j, "rating")),
                        "Requires improvement");
    j = json_array_get(json_object_get(j, "strands"), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "numerator")), 3);
    assert_int_equal(json_integer_value(json_object_get(j, "denominator")), 5);
    assert_int_equal(json_array_size(json_object_get(insp, "recommendations")),
                     5);
    j = json_array_get(json_object_get(insp, "actions"), 0);
    assert_string_equal(json_string_value(json_object_get(j, "due")),
                        "2020-09");
    j = json_array_get(json_object_get(insp, "extra"), 0);
    assert_string_equal(json_string_value(json_array_get(j, 0)),
                        "plan_version");
    json_decref(doc);
    free(out);
    import_result_free(&a);
    inspex_error_free(err);
}

static void test_escaping(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    const char *odd = "q\"b\\s\x01t\tn\nr\r \xe2\x80\x99";
    char *out;
    import_result_t r;

    (void)state;
    inspex_inspection_add_extra(i, odd, odd, NULL);
    inspex_dataset_take(ds, i);
    out = run_export(ndjson, ds, NULL, err);
    assert_string_equal(out, "{\"extra\":[[\"q\\\"b\\\\s\\u0001t\\tn\\nr\\r "
                             "\xe2\x80\x99\",\"q\\\"b\\\\s\\u0001t\\tn\\nr\\r "
                             "\xe2\x80\x99\"]]}\n");
    r = run_import(ndjson, out);
    assert_int_equal(r.st, INSPEX_OK);
    assert_string_equal(
        inspex_inspection_extra_value(inspex_dataset_at(r.ds, 0), 0), odd);
    import_result_free(&r);
    free(out);
    inspex_dataset_free(ds);
    inspex_error_free(err);
}

/* Reads out (taken) with p: one inspection whose id is id (none: NULL). */
static void id_reads_back(const inspex_plugin_t *p, char *out, const char *id)
{
    import_result_t r;

    assert_non_null(out);
    r = run_import(p, out);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    if (id)
        assert_string_equal(inspex_inspection_get(inspex_dataset_at(r.ds, 0),
                                                  INSPEX_FIELD_ID),
                            id);
    else
        assert_null(
            inspex_inspection_get(inspex_dataset_at(r.ds, 0), INSPEX_FIELD_ID));
    import_result_free(&r);
    free(out);
}

/* The writer reads model strings 16 bytes at a time: a byte to escape at
 * every place of values 0 to 40 bytes long, in both forms, must come out
 * escaped exactly as a byte-at-a-time writer would and read back equal. */
static void test_escaping_every_position(void **state)
{
    static const char specials[] = {'"', '\\', '\n', '\r', '\t', 0x01, 0x1f};
    inspex_error_t *err = inspex_error_new();

    (void)state;
    for (size_t len = 0; len <= 40; len++) {
        for (size_t pos = 0; pos <= len; pos++) {
            for (size_t k = 0; k < sizeof(specials); k++) {
                inspex_dataset_t *ds = inspex_dataset_new();
                inspex_inspection_t *i = inspex_inspection_new();
                char value[64], want[512], *out;
                size_t w = 0;

                /* len bytes of "abc..." with specials[k] at pos (none
                 * when pos == len) */
                for (size_t b = 0; b < len; b++)
                    value[b] = b == pos ? specials[k] : (char)('a' + b % 26);
                value[len] = '\0';
                w += (size_t)snprintf(want, sizeof(want), "{\"id\":\"");
                for (size_t b = 0; b < len; b++) {
                    unsigned char c = (unsigned char)value[b];
                    if (c == '"' || c == '\\')
                        w += (size_t)snprintf(want + w, sizeof(want) - w,
                                              "\\%c", c);
                    else if (c == '\n')
                        w += (size_t)snprintf(want + w, sizeof(want) - w,
                                              "\\n");
                    else if (c == '\r')
                        w += (size_t)snprintf(want + w, sizeof(want) - w,
                                              "\\r");
                    else if (c == '\t')
                        w += (size_t)snprintf(want + w, sizeof(want) - w,
                                              "\\t");
                    else if (c < 0x20)
                        w += (size_t)snprintf(want + w, sizeof(want) - w,
                                              "\\u%04x", c);
                    else
                        want[w++] = (char)c;
                }
                snprintf(want + w, sizeof(want) - w,
                         "\",\"extra\":[[\"k\",\"%s\"]]}\n", len ? "v" : "");
                /* the id is trimmed by the model: keep its ends plain */
                if (len && (value[0] == '\n' || value[0] == '\r' ||
                            value[0] == '\t' || value[len - 1] == '\n' ||
                            value[len - 1] == '\r' || value[len - 1] == '\t')) {
                    inspex_inspection_free(i);
                    inspex_dataset_free(ds);
                    continue;
                }
                if (len)
                    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_ID,
                                                           value, 0, NULL),
                                     INSPEX_OK);
                else
                    want[0] = '\0';
                inspex_inspection_add_extra(i, "k", len ? "v" : "", NULL);
                inspex_dataset_take(ds, i);
                out = run_export(ndjson, ds, NULL, err);
                assert_non_null(out);
                if (len)
                    assert_string_equal(out, want);
                id_reads_back(ndjson, out, len ? value : NULL);
                out = run_export(json, ds,
                                 (const char *const[]){"pretty=true", NULL},
                                 err);
                id_reads_back(json, out, len ? value : NULL);
                inspex_dataset_free(ds);
            }
        }
    }
    inspex_error_free(err);
}

/* Judgements in the compact line form, each shape the writer has a way
 * for: rated, titled and rated, titled alone (a title to escape), the
 * longest code, with strands; each written exactly and read back. */
static void test_judgement_forms(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    inspex_judgement_t *j;
    char *out;
    import_result_t r;

    (void)state;
    j = inspex_inspection_add_judgement(i, "1.1", NULL);
    assert_int_equal(inspex_judgement_set_rating(j, "Good", NULL), INSPEX_OK);
    j = inspex_inspection_add_judgement(i, "1.2", NULL);
    assert_int_equal(inspex_judgement_set_title(j, "Staff", NULL), INSPEX_OK);
    assert_int_equal(inspex_judgement_set_rating(j, "Requires improvement",
                                                 NULL),
                     INSPEX_OK);
    j = inspex_inspection_add_judgement(i, "1.3", NULL);
    assert_int_equal(inspex_judgement_set_title(j,
                                                "Partnerships \"and\" "
                                                "services, a title longer "
                                                "than two blocks\t",
                                                NULL),
                     INSPEX_OK);
    j = inspex_inspection_add_judgement(i, "A234567890123456", NULL);
    assert_non_null(j);
    assert_int_equal(inspex_judgement_set_title(j, "Sixteen", NULL), INSPEX_OK);
    assert_int_equal(inspex_judgement_set_rating(j, "Outstanding", NULL),
                     INSPEX_OK);
    j = inspex_inspection_add_judgement(i, "2.1", NULL);
    assert_int_equal(inspex_judgement_set_title(j, "Assessment", NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_judgement_add_strand(j, "Desistance", 3, 4, NULL),
                     INSPEX_OK);
    inspex_dataset_take(ds, i);
    out = run_export(ndjson, ds, NULL, err);
    assert_string_equal(
        out, "{\"judgements\":{\"1.1\":{\"rating\":\"Good\"},"
             "\"1.2\":{\"title\":\"Staff\",\"rating\":\"Requires "
             "improvement\"},"
             "\"1.3\":{\"title\":\"Partnerships \\\"and\\\" services, a "
             "title longer than two blocks\"},"
             "\"A234567890123456\":{\"title\":\"Sixteen\",\"rating\":"
             "\"Outstanding\"},"
             "\"2.1\":{\"title\":\"Assessment\",\"strands\":[{\"name\":"
             "\"Desistance\",\"numerator\":3,\"denominator\":4}]}}}\n");
    r = run_import(ndjson, out);
    assert_int_equal(r.st, INSPEX_OK);
    assert_true(inspex_inspection_equal(inspex_dataset_at(r.ds, 0),
                                        inspex_dataset_at(ds, 0)));
    import_result_free(&r);
    free(out);
    inspex_dataset_free(ds);
    inspex_error_free(err);
}

/* Fields in the compact line form: a number longer than a block, a
 * label, a date, a text to escape; each written exactly. */
static void test_field_forms(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    char *out;

    (void)state;
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME,
                                           "Area \"1\" YOT", 0, NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_PUBLISHED,
                                           "4 June 2020", 0, NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_OVERALL_RATING,
                                           "requires improvement", 0, NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE_PERCENT,
                                           "12.34567890123456789012", 0, NULL),
                     INSPEX_OK);
    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_SCORE, "7", 0, NULL),
                     INSPEX_OK);
    inspex_dataset_take(ds, i);
    out = run_export(ndjson, ds, NULL, err);
    assert_string_equal(out, "{\"body_name\":\"Area \\\"1\\\" YOT\","
                             "\"published\":\"2020-06-04\","
                             "\"overall_rating\":\"Requires improvement\","
                             "\"score\":7,"
                             "\"score_percent\":12.34567890123456789012}\n");
    free(out);
    inspex_dataset_free(ds);
    inspex_error_free(err);
}

static void test_ndjson(void **state)
{
    import_result_t r = run_import(
        ndjson, "{\"body_name\":\"A\",\"score\":18}\n"
                "\n"
                "{\"body_name\":\"B\",\"overall_rating\":\"RI\"}\r\n");
    inspex_error_t *err = inspex_error_new();
    char *out;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    assert_string_equal(inspex_inspection_get(inspex_dataset_at(r.ds, 1),
                                              INSPEX_FIELD_OVERALL_RATING),
                        "Requires improvement");
    out = run_export(ndjson, r.ds, NULL, err);
    assert_string_equal(out, "{\"body_name\":\"A\",\"score\":18}\n"
                             "{\"body_name\":\"B\",\"overall_rating\":"
                             "\"Requires improvement\"}\n");
    free(out);
    import_result_free(&r);
    inspex_error_free(err);
}

static void test_flat_array(void **state)
{
    import_result_t r = run_import(
        json, "[{\"la_name\": \"Medway\", \"Overall Rating\": \"Requires "
              "Improvement\", \"score\": 18, \"1.1 Governance and "
              "leadership\": \"RI\", \"notes\": \"x\", \"rank\": 3, "
              "\"flag\": true, \"gap\": null}]");
    const inspex_inspection_t *i;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    i = inspex_dataset_at(r.ds, 0);
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_LOCAL_AUTHORITY),
                        "Medway");
    assert_string_equal(inspex_inspection_get(i, INSPEX_FIELD_SCORE), "18");
    /* the key is literal: one key naming standard 1.1, not a path */
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(i, "1.1")),
                        "Requires improvement");
    assert_int_equal(inspex_inspection_extra_count(i), 4);
    assert_string_equal(inspex_inspection_extra_key(i, 1), "rank");
    assert_string_equal(inspex_inspection_extra_value(i, 1), "3");
    assert_string_equal(inspex_inspection_extra_value(i, 2), "true");
    assert_string_equal(inspex_inspection_extra_value(i, 3), "");
    import_result_free(&r);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error(json, "{\"format\": \"inspex\",\n  \"version\": 1,\n  oops}",
                 INSPEX_ERR_SYNTAX,
                 "test.in:3:3: expected a string key or '}'");
    expect_error(json, "{\"format\": \"inspex\", \"format\": \"x\"}",
                 INSPEX_ERR_SYNTAX,
                 "test.in:1:22: duplicate object key \"format\"");
    expect_error(json, "{\"format\": \"other\", \"version\": 1}",
                 INSPEX_ERR_SYNTAX,
                 "test.in:1:12: not an inspex document: \"format\" must be "
                 "\"inspex\"");
    expect_error(json,
                 "{\"format\": \"inspex\", \"version\": 2, "
                 "\"inspections\": []}",
                 INSPEX_ERR_SYNTAX,
                 "test.in:1:33: this document is inspex document version 2; "
                 "this inspex reads version 1");
    expect_error(json, "[{\"score\": \"eighteen\"}]", INSPEX_ERR_INVALID,
                 "test.in:1: score must be a whole number, not \"eighteen\"");
    expect_error(json, "[{\"score\": 18.5}]", INSPEX_ERR_INVALID,
                 "test.in:1: score must be a whole number, not \"18.5\"");
    /* a number field's string is read as a CSV cell: "36" is 36 */
    expect_error(json, "[{\"score_max\": \"thirty-six\"}]", INSPEX_ERR_INVALID,
                 "test.in:1: score_max must be a whole number, not "
                 "\"thirty-six\"");
    expect_error(json, "[{\"body_name\": \"Caf\xe9\"}]", INSPEX_ERR_ENCODING,
                 "test.in:1:19: unable to decode byte 0xe9 near '\"Caf'");
    expect_error(ndjson, "{\"body_name\":\"A\"}\n{\"body_name\":\n",
                 INSPEX_ERR_SYNTAX,
                 "test.in:2:13: unexpected token near end of file");
    expect_error(ndjson,
                 "{\"judgements\": {\"1.1\": {\"rating\": \"Goodish\"}}}",
                 INSPEX_ERR_INVALID,
                 "test.in:1: unknown rating \"Goodish\" for standard 1.1; "
                 "accepted: Outstanding, Good, Requires improvement (RI), "
                 "Inadequate, Satisfactory, Unsatisfactory, Poor, Not rated");
    expect_error(json, "[{\"recommendations\": [{\"colour\": \"red\"}]}]",
                 INSPEX_ERR_INVALID,
                 "test.in:1: unknown key \"colour\" in recommendations");
}

static void test_keep_going_ndjson(void **state)
{
    const char *text = "{\"body_name\":\"A\"}\n"
                       "{\"score\":\"x\"}\n"
                       "not json\n"
                       "{\"body_name\":\"B\"}\n";
    import_result_t r = run_import_opts(ndjson, text, strlen(text), NULL, 1);
    size_t len;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    assert_int_equal(r.rejected, 2);
    assert_string_equal(inspex_writer_data(r.rejects, &len),
                        "# test.in:2: score must be a whole number, not \"x\"\n"
                        "# 13 bytes\n"
                        "{\"score\":\"x\"}\n"
                        "# test.in:3:3: '[' or '{' expected near 'not'\n"
                        "# 8 bytes\n"
                        "not json\n");
    import_result_free(&r);
}

static void test_csv_json_csv(void **state)
{
    const inspex_plugin_t *csv = load_plugin("csv", "csv");
    char path[1024], *text, *js, *back;
    size_t len = 0;
    import_result_t a, b, c;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    snprintf(path, sizeof(path), "%s/fixtures/ratings.csv", INSPEX_SRCDIR);
    text = slurp(path, &len);
    a = run_import_opts(csv, text, len, NULL, 0);
    js = run_export(json, a.ds, NULL, err);
    b = run_import(json, js);
    back = run_export(csv, b.ds, NULL, err);
    c = run_import(csv, back);
    assert_int_equal(inspex_dataset_count(a.ds), inspex_dataset_count(c.ds));
    for (size_t i = 0; i < inspex_dataset_count(a.ds); i++) {
        assert_true(inspex_inspection_equal(inspex_dataset_at(a.ds, i),
                                            inspex_dataset_at(b.ds, i)));
        assert_true(inspex_inspection_equal(inspex_dataset_at(a.ds, i),
                                            inspex_dataset_at(c.ds, i)));
    }
    free(text);
    free(js);
    free(back);
    import_result_free(&a);
    import_result_free(&b);
    import_result_free(&c);
    inspex_error_free(err);
}

static void test_streaming_document(void **state)
{
    import_result_t r;
    size_t len;

    (void)state;
    /* format after the inspections, BOM in front, blank lines anywhere */
    r = run_import(json, "\xEF\xBB\xBF\n{\"inspections\": [\n{\"body_name\": "
                         "\"A\"},\n\n {\"body_name\": \"B\"}\n],\n"
                         "\"version\": 1, \"format\": \"inspex\"}\n");
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    unsigned long line;
    inspex_inspection_origin(inspex_dataset_at(r.ds, 1), &line);
    assert_int_equal(line, 5);
    import_result_free(&r);
    expect_error(json,
                 "{\"inspections\": [{\"body_name\": \"A\"}], "
                 "\"format\": \"csv\", \"version\": 1}",
                 INSPEX_ERR_SYNTAX,
                 "test.in:1:49: not an inspex document: \"format\" must be "
                 "\"inspex\"");
    expect_error(json, "{\"inspections\": []}", INSPEX_ERR_SYNTAX,
                 "test.in: not an inspex document: no \"format\"");
    expect_error(json, "[{\"body_name\": \"A\"}] [", INSPEX_ERR_SYNTAX,
                 "test.in:1:22: unexpected data after the document");
    expect_error(json, "  \n ", INSPEX_ERR_SYNTAX,
                 "test.in:2:2: empty input: no JSON document");
    expect_error(json, "[{\"body_name\": \"A\"}\n{\"body_name\": \"B\"}]",
                 INSPEX_ERR_SYNTAX,
                 "test.in:2:1: expected ',' or ']' after an inspection");
    expect_error(json, "[{\"body_name\": \"A\"},\n  {\"b\": }]",
                 INSPEX_ERR_SYNTAX, "test.in:2:9: unexpected token near '}'");
    expect_error(json, "[{\"body_name\": \"A", INSPEX_ERR_SYNTAX,
                 "test.in:1:18: unexpected end of input inside a value");

    /* --keep-going keeps each bad record verbatim */
    const char *text = "[{\"body_name\": \"A\"},\n {\"score\": \"x\"},\n "
                       "{\"b\": },\n {\"body_name\": \"B\"}]";
    r = run_import_opts(json, text, strlen(text), NULL, 1);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    assert_string_equal(inspex_writer_data(r.rejects, &len),
                        "# test.in:2: score must be a whole number, not \"x\"\n"
                        "# 14 bytes\n"
                        "{\"score\": \"x\"}\n"
                        "# test.in:3:8: unexpected token near '}'\n"
                        "# 7 bytes\n"
                        "{\"b\": }\n");
    import_result_free(&r);
}

/* Every fixture: imported, written as JSON by the hand-written writer,
 * parsed back by jansson, read again into an equal model, and written
 * again byte for byte the same. */
static void test_every_fixture(void **state)
{
    const inspex_plugin_t *csv = load_plugin("csv", "csv");
    const char *names[] = {"ratings.csv", "hmip-youth-ratings.csv",
                           "faults.csv", "medway-2020.json",
                           "swindon-2015.json"};
    inspex_error_t *err = inspex_error_new();

    (void)state;
    for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
        char path[1024], *text, *one, *two;
        size_t len = 0;
        import_result_t a, b;
        json_error_t je;
        json_t *doc;

        snprintf(path, sizeof(path), "%s/fixtures/%s", INSPEX_SRCDIR, names[n]);
        text = slurp(path, &len);
        assert_non_null(text);
        a = run_import_opts(strstr(names[n], ".csv") ? csv : json, text, len,
                            NULL, 0);
        assert_int_equal(a.st, INSPEX_OK);
        one = run_export(json, a.ds, NULL, err);
        doc = json_loads(one, JSON_REJECT_DUPLICATES, &je);
        if (doc == NULL)
            fail_msg("%s: %s", names[n], je.text);
        assert_int_equal(json_array_size(json_object_get(doc, "inspections")),
                         inspex_dataset_count(a.ds));
        json_decref(doc);
        b = run_import(json, one);
        assert_int_equal(b.st, INSPEX_OK);
        for (size_t i = 0; i < inspex_dataset_count(a.ds); i++)
            assert_true(inspex_inspection_equal(inspex_dataset_at(a.ds, i),
                                                inspex_dataset_at(b.ds, i)));
        two = run_export(json, b.ds, NULL, err);
        assert_string_equal(one, two);
        free(text);
        free(one);
        free(two);
        import_result_free(&a);
        import_result_free(&b);
    }
    inspex_error_free(err);
}

static void test_probe(void **state)
{
    (void)state;
    assert_int_equal(json->probe((const unsigned char *)"{\"format\": "
                                                        "\"inspex\", \"v\": 1}",
                                 30),
                     90);
    assert_int_equal(json->probe((const unsigned char *)"a,b\n", 4), 0);
    assert_true(
        ndjson->probe((const unsigned char *)"{\"a\":1}\n{\"a\":2}\n", 16) >
        json->probe((const unsigned char *)"{\"a\":1}\n{\"a\":2}\n", 16));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_round_trip),
        cmocka_unit_test(test_output_parses_with_jansson),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_escaping_every_position),
        cmocka_unit_test(test_ndjson),
        cmocka_unit_test(test_judgement_forms),
        cmocka_unit_test(test_field_forms),
        cmocka_unit_test(test_flat_array),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_keep_going_ndjson),
        cmocka_unit_test(test_csv_json_csv),
        cmocka_unit_test(test_streaming_document),
        cmocka_unit_test(test_every_fixture),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
