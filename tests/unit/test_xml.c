/* SPDX-License-Identifier: MIT */
/* test_xml.c - the xml plugin from memory: what it writes (every kind of
 * thing the model holds, escaped, in order), what it reads back (the same
 * model), every error with its message and line, and the safety of the
 * reader. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libxml/xmlwriter.h>

#include "plugin_util.h"

static const inspex_plugin_t *xml(void)
{
    const inspex_plugin_t *p = load_plugin("xml", "xml");
    assert_non_null(p);
    return p;
}

#define HEAD "<inspections xmlns=\"urn:x-inspex:xml:1\" version=\"1\">"

/* One inspection holding one of everything, and text that needs
 * escaping. */
static inspex_dataset_t *sample(void)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_judgement_t *j;
    inspex_item_t *it;

    assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME,
                                           "A & B <YOT> \"q\"", 0, NULL),
                     INSPEX_OK);
    inspex_inspection_set(i, INSPEX_FIELD_PUBLISHED, "2020-06", 0, NULL);
    inspex_inspection_set(i, INSPEX_FIELD_SCORE, "18", 0, NULL);
    inspex_inspection_set(i, INSPEX_FIELD_SCORE_PERCENT, "50.00", 0, NULL);
    inspex_inspection_set(i, INSPEX_FIELD_COMPUTED_RATING, "Good", 0, NULL);
    j = inspex_inspection_add_judgement(i, "3.2", NULL);
    inspex_judgement_set_title(j, "Planning\tand\nmore", NULL);
    inspex_judgement_set_rating(j, "RI", NULL);
    inspex_judgement_add_strand(j, "Desistance", 9, 10, NULL);
    inspex_inspection_add_judgement(i, "V1.1", NULL);
    it = inspex_inspection_add_item(i, INSPEX_ITEM_ACTION);
    inspex_item_set(it, INSPEX_ATTR_TEXT, "line one\r\nline two", 0, NULL);
    inspex_item_set(it, INSPEX_ATTR_RAG, "Amber", 0, NULL);
    it = inspex_inspection_add_item(i, INSPEX_ITEM_FINDING);
    inspex_item_set(it, INSPEX_ATTR_TYPE, "concern", 0, NULL);
    inspex_inspection_add_extra(i, "  key\twith tab ", "", NULL);
    inspex_inspection_add_extra(i, "k", " v ]]> & ", NULL);
    inspex_dataset_take(ds, i);
    return ds;
}

static void test_write(void **state)
{
    inspex_dataset_t *ds = sample();
    inspex_error_t *err = inspex_error_new();
    char *out = run_export(xml(), ds, NULL, err);

    (void)state;
    assert_non_null(out);
    assert_string_equal(
        out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<inspections version=\"1\" xmlns=\"urn:x-inspex:xml:1\">\n"
             "  <inspection>\n"
             "    <body_name>A &amp; B &lt;YOT&gt; &quot;q&quot;</body_name>\n"
             "    <published>2020-06</published>\n"
             "    <score>18</score>\n"
             "    <score_percent>50.00</score_percent>\n"
             "    <computed_rating>Good</computed_rating>\n"
             "    <judgement code=\"3.2\" title=\"Planning&#9;and&#10;more\" "
             "rating=\"Requires improvement\">\n"
             "      <strand name=\"Desistance\" numerator=\"9\" "
             "denominator=\"10\"/>\n"
             "    </judgement>\n"
             "    <judgement code=\"V1.1\"/>\n"
             "    <finding>\n"
             "      <type>concern</type>\n"
             "    </finding>\n"
             "    <action>\n"
             "      <text>line one&#13;\nline two</text>\n"
             "      <rag>Some progress</rag>\n"
             "    </action>\n"
             "    <extra key=\"  key&#9;with tab \"></extra>\n"
             "    <extra key=\"k\"> v ]]&gt; &amp; </extra>\n"
             "  </inspection>\n"
             "</inspections>\n");
    free(out);
    inspex_error_free(err);
    inspex_dataset_free(ds);
}

static void test_round_trip(void **state)
{
    inspex_dataset_t *ds = sample();
    inspex_error_t *err = inspex_error_new();
    const char *const compact[] = {"indent=false", NULL};
    const char *const validate[] = {"validate=true", NULL};
    char *out = run_export(xml(), ds, NULL, err);
    char *flat = run_export(xml(), ds, compact, err);
    import_result_t r, f;

    (void)state;
    assert_non_null(out);
    assert_non_null(flat);
    assert_null(strstr(flat, "\n  ")); /* no indentation */
    r = run_import_opts(xml(), out, strlen(out), validate, 0);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    assert_true(inspex_inspection_equal(inspex_dataset_at(ds, 0),
                                        inspex_dataset_at(r.ds, 0)));
    f = run_import(xml(), flat);
    assert_int_equal(f.st, INSPEX_OK);
    assert_true(inspex_inspection_equal(inspex_dataset_at(ds, 0),
                                        inspex_dataset_at(f.ds, 0)));
    import_result_free(&r);
    import_result_free(&f);
    free(out);
    free(flat);
    inspex_error_free(err);
    inspex_dataset_free(ds);
}

static void test_control_character_refused(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *i = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();

    (void)state;
    inspex_inspection_add_extra(i, "note", "bell \a here", NULL);
    inspex_dataset_take(ds, i);
    assert_null(run_export(xml(), ds, NULL, err));
    assert_int_equal(inspex_error_code(err), INSPEX_ERR_INVALID);
    assert_string_equal(inspex_error_message(err),
                        "cannot write record 1 as XML: an extra value holds "
                        "U+0007, a character XML 1.0 cannot carry");
    inspex_error_free(err);
    inspex_dataset_free(ds);
}

/* What libxml2's xmlTextWriter (the writer the plugin's replaced, as
 * libxml2 2.9, Debian 12's, writes) makes of a record with body_name and
 * standard 1.1's title as insp holds them and one extra pair (key, value): the
 * reference for the escapes. */
static char *libxml2_writes(const inspex_inspection_t *insp, int indent)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    const inspex_judgement_t *j = inspex_inspection_judgement(insp, 0);
    const char *title = inspex_judgement_title(j);
    char *out;

    assert_non_null(w);
    if (indent) {
        xmlTextWriterSetIndent(w, 1);
        xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    }
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "inspections",
                                BAD_CAST "urn:x-inspex:xml:1");
    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1");
    xmlTextWriterStartElement(w, BAD_CAST "inspection");
    xmlTextWriterWriteElement(
        w, BAD_CAST "body_name",
        BAD_CAST inspex_inspection_get(insp, INSPEX_FIELD_BODY_NAME));
    xmlTextWriterStartElement(w, BAD_CAST "judgement");
    xmlTextWriterWriteAttribute(w, BAD_CAST "code", BAD_CAST "1.1");
    if (title)
        xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST title);
    xmlTextWriterWriteAttribute(w, BAD_CAST "rating", BAD_CAST "Good");
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "extra");
    xmlTextWriterWriteAttribute(w, BAD_CAST "key",
                                BAD_CAST inspex_inspection_extra_key(insp, 0));
    xmlTextWriterWriteString(w,
                             BAD_CAST inspex_inspection_extra_value(insp, 0));
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    out = strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return out;
}

/* Values of random pieces that need escaping somewhere (the entities,
 * tab, line feed and carriage return, "]]>", characters of two, three and
 * four bytes, U+FFFD beside the U+FFFE XML refuses), written in text and
 * in attributes, indented and not, short and longer than the writer's
 * segments: byte for byte what libxml2 writes. */
static void test_escapes_as_libxml2(void **state)
{
    static const char *const pieces[] = {"&",
                                         "<",
                                         ">",
                                         "\"",
                                         "'",
                                         "\t",
                                         "\n",
                                         "\r",
                                         " ",
                                         "a",
                                         "Zz",
                                         "]]>",
                                         "\xc3\xa9",
                                         "\xe2\x82\xac",
                                         "\xf0\x9f\x98\x80",
                                         "\xef\xbf\xbd",
                                         "&amp;",
                                         "\r\n"};
    const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
    unsigned long seed = 12345;
    inspex_error_t *err = inspex_error_new();

    (void)state;
    for (int round = 0; round < 400; round++) {
        static char v[3000 * 6 + 3] = "x";
        size_t len = 1;
        int n = 1 + (int)((seed = seed * 6364136223846793005UL + 1) >> 59);
        if (round % 40 == 0)
            n = 3000; /* past the writer's segments of 4096 bytes */
        for (int k = 0; k < n; k++) { /* pieces of 6 bytes at most */
            const char *piece;
            seed = seed * 6364136223846793005UL + 1;
            piece = pieces[(seed >> 33) % npieces];
            memcpy(v + len, piece, strlen(piece));
            len += strlen(piece);
        }
        memcpy(v + len, "y", 2); /* nothing for the model to trim */
        for (int indent = 0; indent < 2; indent++) {
            const char *const flat[] = {"indent=false", NULL};
            inspex_dataset_t *ds = inspex_dataset_new();
            inspex_inspection_t *i = inspex_inspection_new();
            inspex_judgement_t *j = inspex_inspection_add_judgement(i, "1.1",
                                                                    NULL);
            char *got, *want;

            assert_int_equal(inspex_inspection_set(i, INSPEX_FIELD_BODY_NAME, v,
                                                   0, NULL),
                             INSPEX_OK);
            assert_int_equal(inspex_judgement_set_title(j, v, NULL), INSPEX_OK);
            inspex_judgement_set_rating(j, "Good", NULL);
            inspex_inspection_add_extra(i, v, v, NULL);
            inspex_dataset_take(ds, i);
            got = run_export(xml(), ds, indent ? NULL : flat, err);
            want = libxml2_writes(i, indent);
            assert_non_null(got);
            assert_string_equal(got, want);
            free(got);
            free(want);
            inspex_dataset_free(ds);
        }
    }
    inspex_error_free(err);
}

/* U+FFFE and U+FFFF are refused wherever they are, named by the first
 * value that holds one (U+FFFD beside them is written). */
static void test_noncharacter_refused(void **state)
{
    inspex_dataset_t *ds = inspex_dataset_new();
    inspex_inspection_t *a = inspex_inspection_new(),
                        *b = inspex_inspection_new();
    inspex_error_t *err = inspex_error_new();
    inspex_judgement_t *j = inspex_inspection_add_judgement(b, "1.1", NULL);

    (void)state;
    inspex_inspection_set(a, INSPEX_FIELD_BODY_NAME, "Fine", 0, NULL);
    inspex_inspection_set(b, INSPEX_FIELD_BODY_NAME, "ok \xef\xbf\xbd", 0,
                          NULL);
    inspex_judgement_set_title(j, "T \xef\xbf\xbe", NULL);
    inspex_inspection_add_extra(b, "k", "\xef\xbf\xbf", NULL);
    inspex_dataset_take(ds, a);
    inspex_dataset_take(ds, b);
    assert_null(run_export(xml(), ds, NULL, err));
    assert_string_equal(inspex_error_message(err),
                        "cannot write record 2 as XML: a standard's title "
                        "holds U+FFFE, a character XML 1.0 cannot carry");
    inspex_dataset_free(ds);

    /* a value with both kinds: the first one in it is said */
    for (int k = 0; k < 2; k++) {
        ds = inspex_dataset_new();
        a = inspex_inspection_new();
        inspex_inspection_add_extra(a, "note",
                                    k ? "a \xef\xbf\xbf b \x02"
                                      : "a \x01 b \xef\xbf\xbe",
                                    NULL);
        inspex_dataset_take(ds, a);
        assert_null(run_export(xml(), ds, NULL, err));
        assert_string_equal(inspex_error_message(err),
                            k ? "cannot write record 1 as XML: an extra "
                                "value holds U+FFFF, a character XML 1.0 "
                                "cannot carry"
                              : "cannot write record 1 as XML: an extra "
                                "value holds U+0001, a character XML 1.0 "
                                "cannot carry");
        inspex_dataset_free(ds);
    }
    inspex_error_free(err);
}

/* The error an import of text gives, as "line: message". */
static void expect_error(const char *text, const char *const *opts,
                         inspex_status_t code, unsigned long line,
                         const char *message)
{
    import_result_t r = run_import_opts(xml(), text, strlen(text), opts, 0);

    assert_int_equal(r.st, code);
    assert_string_equal(inspex_error_source(r.err), "test.in");
    assert_int_equal(inspex_error_line(r.err), line);
    assert_string_equal(inspex_error_message(r.err), message);
    import_result_free(&r);
}

static void test_errors(void **state)
{
    const char *const validate[] = {"validate=true", NULL};

    (void)state;
    expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "
                 "\"file:///etc/passwd\">]>\n" HEAD
                 "<inspection><body_name>&e;</body_name></inspection>"
                 "</inspections>",
                 NULL, INSPEX_ERR_INVALID, 2,
                 "a document type declaration (<!DOCTYPE>) is not allowed "
                 "in inspex XML: it could read files or expand entities; "
                 "nothing was read from it");
    expect_error(HEAD "\n<inspection>\n<score>x</score></inspection>"
                      "</inspections>",
                 NULL, INSPEX_ERR_INVALID, 3,
                 "score must be a whole number, not \"x\"");
    expect_error(HEAD "<inspection>\n<body_name><b>x</b></body_name>"
                      "</inspection></inspections>",
                 NULL, INSPEX_ERR_INVALID, 2,
                 "element <b> is not allowed in <body_name>, which holds "
                 "only text");
    expect_error(HEAD "<inspection><judgement/></inspection></inspections>",
                 NULL, INSPEX_ERR_INVALID, 1,
                 "<judgement> has no code attribute");
    expect_error(HEAD "<inspection><judgement code=\"1.1\"><strand "
                      "name=\"a\" numerator=\"-1\" denominator=\"2\"/>"
                      "</judgement></inspection></inspections>",
                 NULL, INSPEX_ERR_INVALID, 1,
                 "<strand> needs a name and whole-number numerator and "
                 "denominator attributes");
    expect_error(HEAD "<inspection><action><rag>Amber</rag><rag>Red</rag>"
                      "</action></inspection></inspections>",
                 NULL, INSPEX_ERR_INVALID, 1,
                 "<rag> is given twice in one <action>");
    expect_error(HEAD "<inspection><extra>v</extra></inspection>"
                      "</inspections>",
                 NULL, INSPEX_ERR_INVALID, 1, "<extra> has no key attribute");
    expect_error(
        HEAD "\n<inspection>\n<body_name>A</body_name>\n", NULL,
        INSPEX_ERR_SYNTAX, 3,
        "malformed XML: the input ends before its elements are closed");
    expect_error("", NULL, INSPEX_ERR_SYNTAX, 0,
                 "no XML document in the input");
    expect_error(HEAD "<inspection><body_name>A</body_name>"
                      "<published>2020</published></inspection>\n"
                      "<inspection><published>x</published></inspection>"
                      "</inspections>",
                 validate, INSPEX_ERR_INVALID, 2,
                 "the document does not follow the inspex XML schema: 1 "
                 "violation: line 2: Element 'published': [facet 'pattern'] "
                 "The value 'x' is not accepted by the pattern "
                 "'[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?'.");
}

/* With keep-going a bad record is rejected whole and the next is read. */
static void test_keep_going(void **state)
{
    const char *text = HEAD "<inspection><body_name>A</body_name>"
                            "<score>x</score></inspection>"
                            "<inspection><body_name>B</body_name>"
                            "</inspection></inspections>";
    import_result_t r = run_import_opts(xml(), text, strlen(text), NULL, 1);
    size_t len;
    const char *rej;

    (void)state;
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(r.rejected, 1);
    assert_int_equal(inspex_dataset_count(r.ds), 1);
    assert_string_equal(inspex_inspection_get(inspex_dataset_at(r.ds, 0),
                                              INSPEX_FIELD_BODY_NAME),
                        "B");
    rej = inspex_writer_data(r.rejects, &len);
    assert_string_equal(rej, "# test.in:1: score must be a whole number, not "
                             "\"x\"\n# 65 bytes\n"
                             "<inspection><body_name>A</body_name>"
                             "<score>x</score></inspection>\n");
    import_result_free(&r);
}

static void test_probe(void **state)
{
    const char *doc = "<?xml version=\"1.0\"?>\n" HEAD "</inspections>";

    (void)state;
    assert_int_equal(xml()->probe((const unsigned char *)doc, strlen(doc)), 95);
    assert_int_equal(xml()->probe((const unsigned char *)"<html>", 6), 10);
    assert_int_equal(xml()->probe((const unsigned char *)"a,b\n", 4), 0);
}

/* The data case of a whole document reads as its three inspections. */
static void test_document(void **state)
{
    size_t len = 0;
    char *doc = slurp(INSPEX_SRCDIR "/tests/data/xml/document/input.xml", &len);
    const char *const validate[] = {"validate=true", NULL};
    import_result_t r;

    (void)state;
    assert_non_null(doc);
    r = run_import_opts(xml(), doc, len, validate, 0);
    assert_int_equal(r.st, INSPEX_OK);
    assert_int_equal(inspex_dataset_count(r.ds), 3);
    import_result_free(&r);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_control_character_refused),
        cmocka_unit_test(test_escapes_as_libxml2),
        cmocka_unit_test(test_noncharacter_refused),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_keep_going),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_document),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    inspex_registry_free(test_registry);
    return rc;
}
