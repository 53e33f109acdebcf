/* SPDX-License-Identifier: MIT */
/* test_csv.c - the CSV plugin: RFC 4180 reading, column mapping, every
 * import error with its exact message and location, export quoting and
 * round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inspex/buf.h>

#include "plugin_util.h"

static const inspex_plugin_t *csv;

static int setup(void **state)
{
    (void)state;
    csv = load_plugin("csv", "csv");
    return csv ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    inspex_registry_free(test_registry);
    return 0;
}

static const char *get(const inspex_dataset_t *ds, size_t i, inspex_field_t f)
{
    return inspex_inspection_get(inspex_dataset_at(ds, i), f);
}

static void expect_error(const char *text, const char *const *opts,
                         inspex_status_t code, const char *message)
{
    import_result_t r = run_import_opts(csv, text, strlen(text), opts, 0);

    if (r.st != code)
        fail_msg("status %d, expected %d: %s", r.st, code,
                 inspex_error_text(r.err));
    assert_string_equal(inspex_error_text(r.err), message);
    import_result_free(&r);
}

static void test_basic_wide(void **state)
{
    import_result_t r =
        run_import(csv, "Body Name,Date of publication,Overall rating,score,"
                        "1.1 Governance and leadership,s2_2,notes\n"
                        "Medway YOT,4 June 2020,Requires Improvement,18/36,RI,"
                        "inadequate,kept\n");
    const inspex_inspection_t *i;
    const inspex_judgement_t *j;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    i = inspex_dataset_at(r.ds, 0);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "Medway YOT");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_PUBLISHED), "2020-06-04");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_OVERALL_RATING),
                        "Requires improvement");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_SCORE), "18");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_SCORE_MAX), "36");
    j = inspex_inspection_find_judgement(i, "1.1");
    assert_string_equal(inspex_judgement_title(j), "Governance and leadership");
    assert_string_equal(inspex_judgement_rating(j), "Requires improvement");
    j = inspex_inspection_find_judgement(i, "2.2");
    assert_null(inspex_judgement_title(j));
    assert_string_equal(inspex_judgement_rating(j), "Inadequate");
    assert_int_equal(inspex_inspection_extra_count(i), 1);
    assert_string_equal(inspex_inspection_extra_key(i, 0), "notes");
    assert_string_equal(inspex_inspection_extra_value(i, 0), "kept");
    import_result_free(&r);
}

static void test_rfc4180(void **state)
{
    /* BOM, CRLF, quoted delimiters, doubled quotes, newlines inside quotes,
     * empty fields, no final newline */
    const char *text = "\xEF\xBB\xBF"
                       "body_name,notes,region\r\n"
                       "\"Tower Hamlets, with City of London\",\"He said "
                       "\"\"fine\"\"\r\nthen left\",\r\n"
                       "Essex YOS,,East\r\n"
                       "\"Swansea\",\"a\nb\rc\",x";
    import_result_t r = run_import(csv, text);
    const inspex_inspection_t *i;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 3);
    i = inspex_dataset_at(r.ds, 0);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME),
                        "Tower Hamlets, with City of London");
    assert_string_equal(inspex_inspection_extra_value(i, 0),
                        "He said \"fine\"\r\nthen left");
    assert_null(get(r.ds, 0, INSPEX_FIELD_REGION));
    assert_string_equal(get(r.ds, 1, INSPEX_FIELD_REGION), "East");
    assert_string_equal(
        inspex_inspection_extra_value(inspex_dataset_at(r.ds, 1), 0), "");
    assert_string_equal(
        inspex_inspection_extra_value(inspex_dataset_at(r.ds, 2), 0),
        "a\nb\rc");
    assert_string_equal(get(r.ds, 2, INSPEX_FIELD_REGION), "x");
    /* the record's line is where it starts */
    unsigned long line;
    inspex_inspection_origin(inspex_dataset_at(r.ds, 1), &line);
    assert_int_equal(line, 4);
    import_result_free(&r);
}

/* Records far longer than one read of the importer (256 KiB), with fields
 * of every length, quoted and not, so that fields, quotes, doubled quotes
 * and line ends fall on every byte of the 16-byte blocks the tokeniser
 * reads and across its refills: every value, every record's line, and the
 * line and column of an error near the end must come out as written. */
static void test_long_input(void **state)
{
    static const char alphabet[] = "abcdefghij,\"\n\xc3\xa9 xyz";
    size_t cap = 1200 * 1024, len = 0, n = 0, line = 2;
    char *text = malloc(cap);
    char **want = calloc(20000, sizeof(char *));
    unsigned long *lines = calloc(20000, sizeof(unsigned long));
    uint32_t seed = 12345;
    import_result_t r;

    (void)state;
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "id,notes,published\n");
    while (len < 900 * 1024) {
        size_t k = 0, flen;
        char value[200];
        int quoted = 0;
        seed = seed * 1103515245u + 12345u;
        flen = (seed >> 16) % 70;
        for (size_t i = 0; i < flen; i++) {
            seed = seed * 1103515245u + 12345u;
            char c = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
            if (c == '\xc3') { /* keep the two bytes of e-acute together */
                value[k++] = '\xc3';
                value[k++] = '\xa9';
                continue;
            }
            if (c == '\xa9')
                c = 'q';
            quoted |= c == ',' || c == '"' || c == '\n';
            value[k++] = c;
        }
        value[k] = '\0';
        want[n] = strdup(value);
        lines[n] = (unsigned long)line;
        len += (size_t)snprintf(text + len, cap - len, "R%zu,", n);
        if (quoted) {
            text[len++] = '"';
            for (size_t i = 0; i < k; i++) {
                if (value[i] == '"')
                    text[len++] = '"';
                if (value[i] == '\n')
                    line++;
                text[len++] = value[i];
            }
            text[len++] = '"';
        } else {
            memcpy(text + len, value, k);
            len += k;
        }
        /* CRLF and LF line ends in turn */
        len += (size_t)snprintf(text + len, cap - len, ",2020-01-02%s",
                                n % 2 ? "\r\n" : "\n");
        line++;
        n++;
    }
    /* a bad date in the last record: where is it? */
    len += (size_t)snprintf(text + len, cap - len, "R%zu,x,2020-13-40\n", n);
    r = run_import_opts(csv, text, len, NULL, 1);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), n);
    for (size_t i = 0; i < n; i++) {
        const inspex_inspection_t *insp = inspex_dataset_at(r.ds, i);
        char id[32];
        unsigned long at;
        snprintf(id, sizeof(id), "R%zu", i);
        assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_ID), id);
        assert_string_equal(inspex_inspection_extra_value(insp, 0), want[i]);
        assert_string_equal(inspex_inspection_get(insp, INSPEX_FIELD_PUBLISHED),
                            "2020-01-02");
        inspex_inspection_origin(insp, &at);
        assert_int_equal(at, lines[i]);
        free(want[i]);
    }
    assert_int_equal(r.rejected, 1);
    {
        char msg[256];
        size_t rlen;
        snprintf(msg, sizeof(msg),
                 "# test.in:%zu:%zu: invalid date \"2020-13-40\" for "
                 "published: no such month\n# %zu bytes\nR%zu,x,2020-13-40\n",
                 line, strlen("R,x,") + 1 + (size_t)snprintf(NULL, 0, "%zu", n),
                 strlen("R,x,2020-13-40\n") +
                     (size_t)snprintf(NULL, 0, "%zu", n),
                 n);
        const char *rej = inspex_writer_data(r.rejects, &rlen);
        if (strcmp(rej, msg) != 0)
            fail_msg("rejects say \"%s\", not \"%s\"", rej, msg);
    }
    import_result_free(&r);
    free(want);
    free(lines);
    free(text);
}

static void test_delimiters(void **state)
{
    const char *const tab[] = {"delimiter=tab", NULL};
    import_result_t r;

    (void)state;
    r = run_import(csv, "body_name;region\nA;B\n");
    assert_int_equal(r.st, INSPEX_OK);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_REGION), "B");
    import_result_free(&r);
    r = run_import(csv, "body_name\tregion\nA\tB\n");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_REGION), "B");
    import_result_free(&r);
    r = run_import(csv, "body_name|region\nA|B\n");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_REGION), "B");
    import_result_free(&r);
    /* commas inside quotes do not count */
    r = run_import(csv, "\"a,b,c\";region\nA;B\n");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_REGION), "B");
    import_result_free(&r);
    /* the override wins */
    r = run_import_opts(csv, "body_name,x\tregion\nA,y\tB\n", 25, tab, 0);
    assert_int_equal(r.st, INSPEX_OK);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_REGION), "B");
    assert_string_equal(
        inspex_inspection_extra_value(inspex_dataset_at(r.ds, 0), 0), "A,y");
    import_result_free(&r);
}

static void test_errors(void **state)
{
    const char *const pad[] = {"ragged=pad", NULL};

    (void)state;
    expect_error("", NULL, INSPEX_ERR_SYNTAX,
                 "test.in:1: empty file: no header line");
    expect_error("body_name,region\nA,\"open\nstill open\n", NULL,
                 INSPEX_ERR_SYNTAX,
                 "test.in:2:3: unterminated quoted field: the quote opened "
                 "here is never closed");
    expect_error("body_name,region\nA,B\nC\n", NULL, INSPEX_ERR_SYNTAX,
                 "test.in:3: row has 1 fields but the header has 2 (-O "
                 "ragged=pad fills short rows)");
    expect_error("body_name,region\nA,B,C\n", pad, INSPEX_ERR_SYNTAX,
                 "test.in:2: row has 3 fields but the header has 2");
    expect_error("body_name,1.1\nA,Goodish\n", NULL, INSPEX_ERR_INVALID,
                 "test.in:2:3: unknown rating \"Goodish\" for standard 1.1; "
                 "accepted: Outstanding, Good, Requires improvement (RI), "
                 "Inadequate, Satisfactory, Unsatisfactory, Poor, Not rated");
    expect_error("body_name,published\nA,31/02/2020\n", NULL,
                 INSPEX_ERR_INVALID,
                 "test.in:2:3: invalid date \"31/02/2020\" for published: "
                 "February has 29 days in 2020");
    expect_error("body_name,score\nA,lots\n", NULL, INSPEX_ERR_INVALID,
                 "test.in:2:3: score must be a whole number, not \"lots\"");
    expect_error("body_name,region\nA,\"x\"y\n", NULL, INSPEX_ERR_SYNTAX,
                 "test.in:2:6: 'y' follows the closing quote of this field, "
                 "where a delimiter or the line's end must be (a quote "
                 "inside a quoted field is written twice: \"\")");
    const char *const utf8[] = {"encoding=utf-8", NULL};
    expect_error("body_name,region\nCaf\xe9,B\n", utf8, INSPEX_ERR_ENCODING,
                 "test.in:2:4: invalid UTF-8 (byte 4 of the field); if the "
                 "file was saved by Excel, try -O encoding=windows-1252");
    {
        import_result_t r = run_import_opts(csv, "body_name\nA\0B\n", 14, NULL,
                                            0);
        assert_int_equal(r.st, INSPEX_ERR_ENCODING);
        assert_string_equal(inspex_error_text(r.err),
                            "test.in:2:2: a NUL byte is not allowed in text");
        import_result_free(&r);
    }
    expect_error("body_name\nA\x81\n",
                 (const char *const[]){"encoding=windows-1252", NULL},
                 INSPEX_ERR_ENCODING,
                 "test.in:2:2: byte 0x81 is not defined in windows-1252");
}

static void test_ragged_pad(void **state)
{
    const char *const pad[] = {"ragged=pad", NULL};
    const char *text = "body_name,region,nation\nA\nB,R\n";
    import_result_t r = run_import_opts(csv, text, strlen(text), pad, 0);

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    assert_null(get(r.ds, 0, INSPEX_FIELD_REGION));
    assert_string_equal(get(r.ds, 1, INSPEX_FIELD_REGION), "R");
    import_result_free(&r);
}

static void test_encodings(void **state)
{
    const char *const cp[] = {"encoding=windows-1252", NULL};
    const char *const l1[] = {"encoding=latin-1", NULL};
    const char *text = "body_name,notes\nCaf\xe9,\x93quoted\x94\n";
    import_result_t r = run_import_opts(csv, text, strlen(text), cp, 0);

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "Caf\xc3\xa9");
    assert_string_equal(
        inspex_inspection_extra_value(inspex_dataset_at(r.ds, 0), 0),
        "\xe2\x80\x9cquoted\xe2\x80\x9d");
    import_result_free(&r);
    r = run_import_opts(csv, "body_name\nCaf\xe9\n", 15, l1, 0);
    assert_int_equal(r.st, INSPEX_OK);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "Caf\xc3\xa9");
    import_result_free(&r);
}

static void test_dayfirst(void **state)
{
    const char *const us[] = {"dayfirst=false", NULL};
    const char *text = "body_name,published\nA,06/04/2020\n";
    import_result_t r = run_import_opts(csv, text, strlen(text), us, 0);

    (void)state;
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_PUBLISHED), "2020-06-04");
    import_result_free(&r);
    r = run_import(csv, text);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_PUBLISHED), "2020-04-06");
    import_result_free(&r);
}

static void test_keep_going(void **state)
{
    const char *text = "body_name,1.1\n"
                       "A,Good\n"
                       "B,Goodish\n"
                       "\"C\nD\",Great\n"
                       "E,RI\n";
    import_result_t r = run_import_opts(csv, text, strlen(text), NULL, 1);
    size_t len;
    const char *rej;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    assert_string_equal(get(r.ds, 1, INSPEX_FIELD_BODY_NAME), "E");
    assert_int_equal(r.rejected, 2);
    rej = inspex_writer_data(r.rejects, &len);
    assert_string_equal(
        rej, "# test.in:3:3: unknown rating \"Goodish\" for standard 1.1; "
             "accepted: Outstanding, Good, Requires improvement (RI), "
             "Inadequate, Satisfactory, Unsatisfactory, Poor, Not rated\n"
             "# 10 bytes\n"
             "B,Goodish\n"
             "# test.in:5:4: unknown rating \"Great\" for standard 1.1; "
             "accepted: Outstanding, Good, Requires improvement (RI), "
             "Inadequate, Satisfactory, Unsatisfactory, Poor, Not rated\n"
             "# 12 bytes\n"
             "\"C\nD\",Great\n");
    import_result_free(&r);
}

static void test_duplicate_meaning_goes_to_extra(void **state)
{
    import_result_t r = run_import(csv, "la_name,local_authority\nA,B\n");
    const inspex_inspection_t *i;

    (void)state;
    i = inspex_dataset_at(r.ds, 0);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_LOCAL_AUTHORITY), "A");
    assert_string_equal(inspex_inspection_extra_key(i, 0), "local_authority");
    assert_string_equal(inspex_inspection_extra_value(i, 0), "B");
    import_result_free(&r);
}

static void test_export_quoting_and_guard(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    char *out;
    const char *const noguard[] = {"formula-guard=false", NULL};
    const char *const crlf[] = {"crlf=true", "bom=true", "delimiter=;", NULL};

    (void)state;
    inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME, "A, \"B\"", 0, NULL);
    inspex_inspection_add_extra(i, "f", "=HYPERLINK(\"x\")", NULL);
    inspex_inspection_add_extra(i, "n", "-5", NULL);
    inspex_inspection_add_extra(i, "at", "@SUM(1)", NULL);
    inspex_dataset_take(ds, i);
    out = run_export(csv, ds, NULL, err);
    assert_non_null(out);
    assert_non_null(strstr(out, ",f,n,at\n"));
    assert_non_null(strstr(out, "\n,\"A, \"\"B\"\"\","));
    assert_non_null(strstr(out, ",\"'=HYPERLINK(\"\"x\"\")\",-5,'@SUM(1)\n"));
    free(out);
    out = run_export(csv, ds, noguard, err);
    assert_non_null(strstr(out, ",\"=HYPERLINK(\"\"x\"\")\",-5,@SUM(1)\n"));
    free(out);
    out = run_export(csv, ds, crlf, err);
    assert_memory_equal(out, "\xEF\xBB\xBFid;body_name;", 16);
    assert_non_null(strstr(out, ";f;n;at\r\n"));
    assert_non_null(strstr(out, ";\"A, \"\"B\"\"\";"));
    free(out);
    inspex_dataset_free(ds);
    inspex_error_free(err);
}

/* A cell as RFC 4180 has it: quoted, with its quotes doubled, when it
 * holds the delimiter, a quote or a line end; and after the formula
 * guard's quote when it starts as a formula may (none of these values is
 * a number). */
static void reference_cell(inspex_buf_t *b, const char *v, char delim)
{
    int guard = v[0] && strchr("=+-@\t\r", v[0]);

    if (strcspn(v, (char[]){delim, '"', '\r', '\n', '\0'}) == strlen(v)) {
        inspex_buf_add(b, "'", (size_t)guard);
        inspex_buf_add(b, v, strlen(v));
        return;
    }
    inspex_buf_add(b, "\"'", 1 + (size_t)guard);
    for (; *v; v++) {
        inspex_buf_add(b, v, 1);
        if (*v == '"')
            inspex_buf_add(b, "\"", 1);
    }
    inspex_buf_add(b, "\"", 1);
}

/* Values of every length to 40, plain and with a byte that needs quoting
 * at every place, so that it falls on every byte of the blocks the
 * writer reads: each cell comes out as RFC 4180 has it. */
static void test_export_every_length(void **state)
{
    static const char special[] = {',', '"', '\r', '\n', ';'};
    const char *const semi[] = {"delimiter=;", NULL};

    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        char delim = pass ? ';' : ',';
        inspex_dataset_t *ds = inspex_dataset_new();
        inspex_error_t *err = inspex_error_new();
        inspex_buf_t want = {0};
        const char *row1, *nl;
        char *out;
        size_t pre;

        /* the first record's cell is "x": what comes before it is every
         * row's prefix, the empty cells of the other columns */
        inspex_inspection_t *first = inspex_inspection_new();
        inspex_inspection_set(first, INSPEX_FIELD_BODY_NAME, "B", 0, NULL);
        inspex_inspection_add_extra(first, "v", "x", NULL);
        inspex_dataset_take(ds, first);
        for (int len = 1; len <= 40; len++)
            for (int at = -1; at < len; at++)
                for (size_t k = 0; k < sizeof(special); k++) {
                    char v[48];
                    inspex_inspection_t *i = inspex_inspection_new();
                    memset(v, 'a', (size_t)len);
                    v[len] = '\0';
                    if (at >= 0)
                        v[at] = special[k];
                    inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME, "B", 0,
                                          NULL);
                    assert_int_equal(inspex_inspection_add_extra(i, "v", v,
                                                                 NULL),
                                     INSPEX_OK);
                    inspex_dataset_take(ds, i);
                    if (at < 0)
                        break;
                }
        out = run_export(csv, ds, pass ? semi : NULL, err);
        assert_non_null(out);
        row1 = strchr(out, '\n') + 1;
        nl = strchr(row1, '\n');
        assert_true(nl > row1 && nl[-1] == 'x');
        pre = (size_t)(nl - 1 - row1);
        /* row by row, so that a failure shows the row */
        const char *at = row1;
        for (size_t r = 0; r < inspex_dataset_count(ds); r++) {
            const inspex_inspection_t *i = inspex_dataset_at(ds, r);
            char *got;
            want.len = 0;
            inspex_buf_add(&want, row1, pre);
            reference_cell(&want, inspex_inspection_extra_value(i, 0), delim);
            inspex_buf_add(&want, "\n", 1);
            got = strndup(at, want.len);
            assert_string_equal(got, want.p);
            free(got);
            at += want.len;
        }
        assert_string_equal(at, "");
        free(out);
        inspex_buf_free(&want);
        inspex_dataset_free(ds);
        inspex_error_free(err);
    }
}

static void test_export_refuses_to_drop(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *a = inspex_inspection_new(),
                        *b = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();

    (void)state;
    /* one code, two titles: one column cannot hold both */
    inspex_judgement_t *ja = inspex_inspection_add_judgement(a, "3.4", NULL);
    inspex_judgement_t *jb = inspex_inspection_add_judgement(b, "3.4", NULL);
    inspex_judgement_set_title(ja, "Joint working", NULL);
    inspex_judgement_set_rating(ja, "Good", NULL);
    inspex_judgement_set_title(jb, "Out-of-court disposal policy and provision",
                               NULL);
    inspex_judgement_set_rating(jb, "Good", NULL);
    inspex_dataset_take(ds, a);
    inspex_dataset_take(ds, b);
    assert_null(run_export(csv, ds, NULL, err));
    assert_string_equal(inspex_error_message(err),
                        "cannot write record 2 as CSV: standard 3.4 (or its "
                        "title) has no column (the columns come from the "
                        "first 256 records); write JSON or NDJSON instead");
    inspex_dataset_free(ds);

    /* a title with no rating: a cell holds a rating */
    ds = inspex_dataset_new();
    a = inspex_inspection_new();
    inspex_judgement_set_title(inspex_inspection_add_judgement(a, "2.1", NULL),
                               "Assessment", NULL);
    inspex_dataset_take(ds, a);
    assert_null(run_export(csv, ds, NULL, err));
    assert_string_equal(inspex_error_message(err),
                        "cannot write record 1 as CSV: standard 2.1 has a "
                        "title but no rating, which a wide CSV cell cannot "
                        "hold; use -O layout=long, JSON or NDJSON");
    inspex_dataset_free(ds);
    inspex_error_free(err);
}

/* 256 records with standard 1.1 titled "Governance" and one
 * recommendation, then a last one that late() shapes: the columns are
 * planned from the first 256. Returns the export, or NULL with err. */
static char *export_late(void (*late)(inspex_inspection_t *),
                         inspex_error_t *err)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    char *out;

    for (int i = 0; i <= 256; i++) {
        inspex_inspection_t *insp = inspex_inspection_new();
        inspex_judgement_t *j = inspex_inspection_add_judgement(insp, "1.1",
                                                                NULL);
        inspex_item_t *rec =
            inspex_inspection_add_item(insp, INSPEX_ITEM_RECOMMENDATION);
        inspex_inspection_set(insp, INSPEX_FIELD_BODY_NAME, "Area", 0, NULL);
        inspex_judgement_set_rating(j, "Good", NULL);
        inspex_item_set(rec, INSPEX_ATTR_TEXT, "Do better", 0, NULL);
        if (i < 256)
            inspex_judgement_set_title(j, "Governance", NULL);
        else
            late(insp);
        inspex_dataset_take(ds, insp);
    }
    out = run_export(csv, ds, NULL, err);
    inspex_dataset_free(ds);
    return out;
}

static void late_same(inspex_inspection_t *insp)
{
    inspex_judgement_set_title(inspex_inspection_judgement(insp, 0),
                               "Governance", NULL);
}

static void late_untitled(inspex_inspection_t *insp)
{
    (void)insp; /* 1.1 with no title: its column has one */
}

static void late_other_title(inspex_inspection_t *insp)
{
    inspex_judgement_set_title(inspex_inspection_judgement(insp, 0),
                               "Governance and leadership", NULL);
}

static void late_second_item(inspex_inspection_t *insp)
{
    late_same(insp);
    inspex_item_set(inspex_inspection_add_item(insp,
                                               INSPEX_ITEM_RECOMMENDATION),
                    INSPEX_ATTR_TEXT, "And more", 0, NULL);
}

static void late_finding(inspex_inspection_t *insp)
{
    late_same(insp);
    inspex_item_set(inspex_inspection_add_item(insp, INSPEX_ITEM_FINDING),
                    INSPEX_ATTR_TEXT, "Strong", 0, NULL);
}

/* A record past the first 256 that the planned columns cannot hold is
 * refused, whichever part has no column; one they hold is written. */
static void test_export_late_record(void **state)
{
    static const struct {
        void (*late)(inspex_inspection_t *);
        const char *what; /* NULL: written */
    } cases[] = {
        {late_same, NULL},
        {late_untitled, "standard 1.1 (or its title)"},
        {late_other_title, "standard 1.1 (or its title)"},
        {late_second_item, "recommendation 2"},
        {late_finding, "finding 1"},
    };
    inspex_error_t *err = inspex_error_new();

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *out = export_late(cases[i].late, err), want[256];
        if (cases[i].what == NULL) {
            assert_non_null(out);
            /* the header and 257 lines */
            size_t lines = 0;
            for (const char *p = out; *p; p++)
                lines += *p == '\n';
            assert_int_equal(lines, 258);
            assert_non_null(strstr(out, "1.1 Governance"));
            free(out);
            continue;
        }
        assert_null(out);
        snprintf(want, sizeof(want),
                 "cannot write record 257 as CSV: %s has no column (the "
                 "columns come from the first 256 records); write JSON or "
                 "NDJSON instead",
                 cases[i].what);
        assert_string_equal(inspex_error_message(err), want);
    }
    inspex_error_free(err);
}

/* Codes the plain header cannot carry go out as "standard.CODE" and come
 * back as they were. */
static void test_export_any_code(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *a = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    import_result_t r;
    char *out;

    (void)state;
    inspex_judgement_set_rating(inspex_inspection_add_judgement(a, "1", NULL),
                                "Good", NULL);
    inspex_judgement_set_rating(inspex_inspection_add_judgement(a, "Good",
                                                                NULL),
                                "Inadequate", NULL);
    inspex_judgement_t *j = inspex_inspection_add_judgement(a, "resettlement",
                                                            NULL);
    inspex_judgement_set_title(j, "Resettlement policy and provision", NULL);
    inspex_judgement_set_rating(j, "Outstanding", NULL);
    inspex_dataset_take(ds, a);
    out = run_export(csv, ds, NULL, err);
    assert_non_null(out);
    assert_non_null(strstr(out, ",standard.1,standard.Good,"
                                "standard.resettlement Resettlement policy and "
                                "provision\n"));
    r = run_import(csv, out);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    assert_true(inspex_inspection_equal(inspex_dataset_at(ds, 0),
                                        inspex_dataset_at(r.ds, 0)));
    import_result_free(&r);
    free(out);
    inspex_dataset_free(ds);
    inspex_error_free(err);
}

/* Records that differ share one header planned from all of them. */
static void test_export_plans_from_several(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    import_result_t r;
    inspex_inspection_t *a = inspex_inspection_new(),
                        *b = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    char *out;

    (void)state;
    inspex_inspection_set(a, INSPEX_FIELD_BODY_NAME, "Kent", 0, NULL);
    inspex_inspection_add_extra(a, "notes", "x", NULL);
    inspex_inspection_add_extra(a, "tail", "t", NULL);
    inspex_inspection_set(b, INSPEX_FIELD_BODY_NAME, "Medway", 0, NULL);
    inspex_judgement_set_rating(inspex_inspection_add_judgement(b, "2.2", NULL),
                                "Good", NULL);
    inspex_item_set(inspex_inspection_add_item(b, INSPEX_ITEM_RECOMMENDATION),
                    INSPEX_ATTR_TEXT, "Do better", 0, NULL);
    inspex_inspection_add_extra(b, "other", "y", NULL);
    inspex_inspection_add_extra(b, "tail", "u", NULL);
    inspex_dataset_take(ds, a);
    inspex_dataset_take(ds, b);
    out = run_export(csv, ds, NULL, err);
    assert_non_null(out);
    assert_non_null(strstr(out, ",2.2,recommendation.1.reference,"));
    assert_non_null(strstr(out, ",notes,other,tail\n"));
    assert_non_null(strstr(out, "\n,Kent,"));
    assert_non_null(strstr(out, ",x,,t\n"));
    assert_non_null(strstr(out, ",Good,,,Do better,"));
    assert_non_null(strstr(out, ",,y,u\n"));
    r = run_import(csv, out);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    assert_string_equal(inspex_judgement_rating(
                            inspex_inspection_find_judgement(
                                inspex_dataset_at(r.ds, 1), "2.2")),
                        "Good");
    import_result_free(&r);
    free(out);
    inspex_dataset_free(ds);
    inspex_error_free(err);
}

/* CSV -> model -> CSV -> model gives an equal model, extra included. */
static void round_trip(const char *path)
{
    size_t len = 0;
    char *text = slurp(path, &len), *out;
    import_result_t a, b;
    inspex_error_t *err = inspex_error_new();

    assert_non_null(text);
    a = run_import_opts(csv, text, len, NULL, 0);
    assert_int_equal(a.st, INSPEX_OK);
    out = run_export(csv, a.ds, NULL, err);
    assert_non_null(out);
    b = run_import(csv, out);
    assert_int_equal(b.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(a.ds), inspex_dataset_count(b.ds));
    for (size_t i = 0; i < inspex_dataset_count(a.ds); i++)
        assert_true(inspex_inspection_equal(inspex_dataset_at(a.ds, i),
                                            inspex_dataset_at(b.ds, i)));
    /* and exporting again gives the same bytes */
    char *again = run_export(csv, b.ds, NULL, err);
    assert_string_equal(out, again);
    free(again);
    free(out);
    free(text);
    import_result_free(&a);
    import_result_free(&b);
    inspex_error_free(err);
}

static void test_round_trip_fixtures(void **state)
{
    (void)state;
    round_trip(INSPEX_SRCDIR "/fixtures/ratings.csv");
}

static void test_long_layout(void **state)
{
    const char *text =
        "id,body_name,published,standard,title,rating,notes\n"
        "M1,Medway YOT,2020-06-04,1.1,Governance and leadership,RI,a\n"
        "M1,Medway YOT,2020-06-04,1.2,Staff,Good,a\n"
        "C1,Cardiff YOS,2020,1.1,,Inadequate,b\n"
        "S1,Swindon YOT,2023,,,,\n";
    import_result_t r = run_import(csv, text), b;
    const char *const long_out[] = {"layout=long", NULL};
    inspex_error_t *err = inspex_error_new();
    char *out;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 3);
    assert_int_equal(
        inspex_inspection_judgement_count(inspex_dataset_at(r.ds, 0)), 2);
    assert_string_equal(inspex_judgement_title(inspex_inspection_find_judgement(
                            inspex_dataset_at(r.ds, 0), "1.1")),
                        "Governance and leadership");
    assert_string_equal(
        inspex_inspection_extra_value(inspex_dataset_at(r.ds, 1), 0), "b");
    assert_int_equal(
        inspex_inspection_judgement_count(inspex_dataset_at(r.ds, 2)), 0);
    /* and back: the long layout reads back to the same model */
    out = run_export(csv, r.ds, long_out, err);
    assert_non_null(out);
    assert_non_null(strstr(out, ",notes,standard,title,rating\n"));
    b = run_import(csv, out);
    assert_int_equal(b.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(b.ds), 3);
    for (size_t i = 0; i < 3; i++)
        assert_true(inspex_inspection_equal(inspex_dataset_at(r.ds, i),
                                            inspex_dataset_at(b.ds, i)));
    free(out);
    import_result_free(&b);
    import_result_free(&r);

    /* two columns with one role: the first is the rating, the second is
     * kept in extra, blank or not (it once emptied the judgement) */
    text = "id,standard,rating,judgement rating\nA,1.1,RI,\nB,1.1,Good,Poor\n";
    r = run_import(csv, text);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 2);
    assert_string_equal(inspex_judgement_rating(inspex_inspection_judgement(
                            inspex_dataset_at(r.ds, 0), 0)),
                        "Requires improvement");
    assert_string_equal(inspex_inspection_extra_key(inspex_dataset_at(r.ds, 0),
                                                    0),
                        "judgement rating");
    assert_string_equal(
        inspex_inspection_extra_value(inspex_dataset_at(r.ds, 1), 0), "Poor");
    assert_string_equal(inspex_judgement_rating(inspex_inspection_judgement(
                            inspex_dataset_at(r.ds, 1), 0)),
                        "Good");
    import_result_free(&r);

    /* a bad row spoils its inspection: all its rows are rejected */
    text = "id,standard,rating\nA,1.1,Good\nA,1.2,Goodish\nB,1.1,RI\n";
    r = run_import_opts(csv, text, strlen(text), NULL, 1);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    size_t len;
    assert_string_equal(inspex_writer_data(r.rejects, &len),
                        "# test.in:3:7: unknown rating \"Goodish\" for "
                        "standard 1.2; accepted: Outstanding, Good, Requires "
                        "improvement (RI), Inadequate, Satisfactory, "
                        "Unsatisfactory, Poor, Not rated\n"
                        "# 25 bytes\n"
                        "A,1.1,Good\nA,1.2,Goodish\n");
    import_result_free(&r);
    expect_error("id,standard,rating\nA,,Good\n", NULL, INSPEX_ERR_INVALID,
                 "test.in:2:4: a rating or title without a standard code");
    expect_error("id,notes\nA,x\n", (const char *const[]){"layout=long", NULL},
                 INSPEX_ERR_SYNTAX,
                 "test.in:1: the long layout needs a standard column "
                 "(standard, code)");
    inspex_error_free(err);
}

static void test_actions_layout(void **state)
{
    char path[1024], *text, *out;
    size_t len = 0;
    import_result_t r, b;
    const inspex_plugin_t *p = csv;
    const char *const actions[] = {"layout=actions", NULL};
    inspex_error_t *err = inspex_error_new();
    const inspex_item_t *act;

    (void)state;
    snprintf(path, sizeof(path), "%s/fixtures/medway-2020-plan.csv",
             INSPEX_SRCDIR);
    text = slurp(path, &len);
    r = run_import_opts(p, text, len, NULL, 0);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    assert_int_equal(inspex_inspection_item_count(inspex_dataset_at(r.ds, 0),
                                                  INSPEX_ITEM_ACTION),
                     10);
    act = inspex_inspection_item(inspex_dataset_at(r.ds, 0), INSPEX_ITEM_ACTION,
                                 3);
    assert_string_equal(inspex_item_get(act, INSPEX_ATTR_REFERENCE), "2D");
    assert_string_equal(inspex_item_get(act, INSPEX_ATTR_LEAD),
                        "Operation and Practice Manager");
    assert_null(inspex_item_get(act, INSPEX_ATTR_DUE));
    act = inspex_inspection_item(inspex_dataset_at(r.ds, 0), INSPEX_ITEM_ACTION,
                                 0);
    assert_string_equal(inspex_item_get(act, INSPEX_ATTR_DUE), "2020-09");
    out = run_export(p, r.ds, actions, err);
    assert_non_null(out);
    b = run_import(p, out);
    assert_int_equal(b.st, INSPEX_OK);
    assert_true(inspex_inspection_equal(inspex_dataset_at(r.ds, 0),
                                        inspex_dataset_at(b.ds, 0)));
    free(out);
    import_result_free(&b);
    import_result_free(&r);
    /* what a layout cannot hold is refused, not dropped */
    r = run_import(p, "body_name,1.1\nA,Good\n");
    assert_null(run_export(p, r.ds, actions, err));
    assert_string_equal(inspex_error_message(err),
                        "cannot write record 1 in the actions layout: it has "
                        "standards; use the wide layout, JSON or NDJSON");
    import_result_free(&r);
    /* an unknown RAG word is an error */
    expect_error("Action,Lead,RAG\nDo it,Me,Purple\n", NULL, INSPEX_ERR_INVALID,
                 "test.in:2:10: unknown RAG status \"Purple\" for action rag; "
                 "accepted: No improvement (Red), Some progress (Amber), Good "
                 "progress (Green), Complete (Blue)");
    free(text);
    inspex_error_free(err);
}

/* Found by fuzz/csv_import: cases that did not read back the same. */
static void test_fuzz_regressions(void **state)
{
    inspex_error_t *err = inspex_error_new();
    import_result_t r, b;
    char *out;

    (void)state;
    /* a cell of spaces is no rating, and makes no empty judgement */
    r = run_import(csv, "body_name,1.1,recommendation.1.text\nA,   , \n");
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(
        inspex_inspection_judgement_count(inspex_dataset_at(r.ds, 0)), 0);
    assert_int_equal(inspex_inspection_item_count(inspex_dataset_at(r.ds, 0),
                                                  INSPEX_ITEM_RECOMMENDATION),
                     0);
    import_result_free(&r);
    /* a header name holding another would-be delimiter is quoted, so the
     * delimiter is detected again on reading */
    r = run_import_opts(csv, "a|b|c,d|e|f|g\n1,2\n", 18,
                        (const char *const[]){"delimiter=,", NULL}, 0);
    assert_int_equal(r.st, INSPEX_OK);
    out = run_export(csv, r.ds, NULL, err);
    assert_non_null(strstr(out, ",\"a|b|c\",\"d|e|f|g\"\n"));
    b = run_import(csv, out);
    assert_int_equal(b.st, INSPEX_OK);
    assert_true(inspex_inspection_equal(inspex_dataset_at(r.ds, 0),
                                        inspex_dataset_at(b.ds, 0)));
    free(out);
    import_result_free(&b);
    import_result_free(&r);
    inspex_error_free(err);
}

/* Issue 14: tables saved by hand. The header is found under title and
 * note rows; blank rows, footnotes and totals are no inspections;
 * duplicate names are renamed. */
static void test_hand_saved(void **state)
{
    const char *text = "Youth justice inspection ratings,,,\n"
                       "Compiled from HMIP reports; see notes below,,,\n"
                       ",,,\n"
                       "Service,Region,1.1 Governance and leadership,Region\n"
                       "Medway YOT,South East,Good,SE\n"
                       ",,,\n"
                       "Only A Name YOT,,,\n"
                       "Cardiff YOS,Wales,Inadequate,W\n"
                       "Total,2,,\n"
                       "Source: HMIP inspection reports,,,\n"
                       ",,,\n"
                       "* 1.1 is a standard of the 2018 framework,,,\n";
    const char *const opts[] = {"encoding=utf-8", NULL};
    import_result_t r = run_import_opts(csv, text, strlen(text), opts, 0);

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 3);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "Medway YOT");
    /* a one-cell row with records after it is a record, as before */
    assert_string_equal(get(r.ds, 1, INSPEX_FIELD_BODY_NAME),
                        "Only A Name YOT");
    assert_string_equal(get(r.ds, 2, INSPEX_FIELD_BODY_NAME), "Cardiff YOS");
    assert_string_equal(inspex_inspection_extra_key(inspex_dataset_at(r.ds, 2),
                                                    0),
                        "Region_2");
    assert_string_equal(
        r.warnings,
        "test.in:1: warning: row above the header, not read as data: "
        "\"Youth justice inspection ratings\"\n"
        "test.in:2: warning: row above the header, not read as data: "
        "\"Compiled from HMIP reports; see notes below\"\n"
        "test.in:4:46: warning: duplicate column name \"Region\" (columns 2 "
        "and 4): column 4 is read as \"Region_2\"\n"
        "test.in:9:1: warning: a total row, not an inspection: \"Total\"\n"
        "test.in:10:1: warning: a note or footnote row, not an inspection: "
        "\"Source: HMIP inspection reports\"\n"
        "test.in:12:1: warning: a note or footnote row, not an inspection: "
        "\"* 1.1 is a standard of the 2018 framework\"\n");
    import_result_free(&r);

    /* -O header-row=N names the header: here the title row */
    const char *const hr[] = {"header-row=2", NULL};
    r = run_import_opts(csv, "x,y\nbody_name,notes\nA,B\n", 24, hr, 0);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "A");
    import_result_free(&r);
    const char *const hr9[] = {"header-row=9", NULL};
    expect_error("body_name,notes\nA,B\n", hr9, INSPEX_ERR_SYNTAX,
                 "test.in: -O header-row=9: the table has no row 9");

    /* no row reads as a header: the first is taken, as before */
    r = run_import(csv, "alpha,beta\n1,2\n");
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    import_result_free(&r);
}

/* Issue 14: the encoding, when not named, is told from the bytes. */
static void test_encoding_detected(void **state)
{
    /* Excel's "Unicode text": UTF-16LE with its byte-order mark */
    static const char u16[] = "\xff\xfe"
                              "b\0o\0d\0y\0_\0n\0a\0m\0e\0,\0"
                              "n\0o\0t\0e\0s\0\r\0\n\0"
                              "\x41\x01\xf3\0d\0z\0,\0\xac\x20\r\0\n\0";
    import_result_t r = run_import_opts(csv, u16, sizeof(u16) - 1, NULL, 0);

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "\xc5\x81\xc3\xb3"
                                                              "dz");
    assert_string_equal(r.warnings, "");
    import_result_free(&r);
    /* not UTF-8: Windows-1252, and a warning says so */
    r = run_import(csv, "body_name,notes\nCaf\xe9,\x93q\x94\n");
    assert_int_equal(r.st, INSPEX_OK);
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "Caf\xc3\xa9");
    assert_string_equal(r.warnings,
                        "test.in: warning: not UTF-8 and no byte-order mark: "
                        "read as Windows-1252 (-O encoding=NAME names the "
                        "encoding)\n");
    import_result_free(&r);
    /* valid UTF-8 is UTF-8 */
    r = run_import(csv, "body_name,notes\nCaf\xc3\xa9,x\n");
    assert_string_equal(get(r.ds, 0, INSPEX_FIELD_BODY_NAME), "Caf\xc3\xa9");
    assert_string_equal(r.warnings, "");
    import_result_free(&r);
}

static void test_probe(void **state)
{
    (void)state;
    assert_true(csv->probe((const unsigned char *)"a,b\n1,2\n", 8) >= 50);
    assert_int_equal(csv->probe((const unsigned char *)"{\"a\":1}", 7), 0);
    assert_int_equal(csv->probe((const unsigned char *)"[1]", 3), 0);
    assert_int_equal(csv->probe((const unsigned char *)"<html>", 6), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_wide),
        cmocka_unit_test(test_rfc4180),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_ragged_pad),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_dayfirst),
        cmocka_unit_test(test_keep_going),
        cmocka_unit_test(test_duplicate_meaning_goes_to_extra),
        cmocka_unit_test(test_export_quoting_and_guard),
        cmocka_unit_test(test_export_every_length),
        cmocka_unit_test(test_export_refuses_to_drop),
        cmocka_unit_test(test_export_late_record),
        cmocka_unit_test(test_export_plans_from_several),
        cmocka_unit_test(test_export_any_code),
        cmocka_unit_test(test_round_trip_fixtures),
        cmocka_unit_test(test_long_layout),
        cmocka_unit_test(test_actions_layout),
        cmocka_unit_test(test_fuzz_regressions),
        cmocka_unit_test(test_hand_saved),
        cmocka_unit_test(test_encoding_detected),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
