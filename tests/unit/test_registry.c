/* SPDX-License-Identifier: MIT */
/* test_registry.c - loading plugins (and skipping the broken fixtures),
 * choosing a format, and checking -O options against option tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <inspex/host.h>
#include <inspex/inspex.h>

#define TEST_PLUGINS INSPEX_BUILDDIR "/tests/plugins/.libs"

static char warnings[4096];

static void warn(void *ud, const char *text)
{
    size_t n = strlen(warnings);
    (void)ud;
    snprintf(warnings + n, sizeof(warnings) - n, "%s\n", text);
}

static int probe_a(const unsigned char *d, size_t n)
{
    return n > 0 && d[0] == 'A' ? 50 : 0;
}

static int probe_b(const unsigned char *d, size_t n)
{
    return n > 0 && (d[0] == 'A' || d[0] == 'B') ? 50 : 0;
}

static inspex_status_t no_import(inspex_import_t *ctx, inspex_error_t *err)
{
    (void)ctx;
    (void)err;
    return INSPEX_OK;
}

static inspex_status_t no_begin(inspex_export_t *ctx, void **s,
                                inspex_error_t *err)
{
    (void)ctx;
    (void)s;
    (void)err;
    return INSPEX_OK;
}

static inspex_status_t no_record(inspex_export_t *ctx, void *s,
                                 const inspex_inspection_t *i,
                                 inspex_error_t *err)
{
    (void)ctx;
    (void)s;
    (void)i;
    (void)err;
    return INSPEX_OK;
}

static const char *const alp_ext[] = {"alp", NULL};
static const inspex_option_t alpha_opts[] = {
    {"delimiter", INSPEX_OPT_CHAR, NULL, "separator", NULL,
     INSPEX_OPT_IMPORT | INSPEX_OPT_EXPORT},
    {"strict", INSPEX_OPT_BOOL, "false", "be strict", NULL, INSPEX_OPT_IMPORT},
    {"layout", INSPEX_OPT_CHOICE, "wide", "layout", "wide|long",
     INSPEX_OPT_EXPORT},
    {"limit", INSPEX_OPT_INT, "5", "limit", NULL, INSPEX_OPT_IMPORT},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const inspex_plugin_t alpha = {.abi = INSPEX_PLUGIN_ABI,
                                      .size = sizeof(inspex_plugin_t),
                                      .name = "alpha",
                                      .extensions = alp_ext,
                                      .capabilities = INSPEX_CAP_IMPORT |
                                                      INSPEX_CAP_EXPORT,
                                      .options = alpha_opts,
                                      .probe = probe_a,
                                      .import = no_import,
                                      .export_begin = no_begin,
                                      .export_record = no_record};

static const inspex_plugin_t beta = {.abi = INSPEX_PLUGIN_ABI,
                                     .size = sizeof(inspex_plugin_t),
                                     .name = "beta",
                                     .capabilities = INSPEX_CAP_IMPORT,
                                     .probe = probe_b,
                                     .import = no_import};

static void test_broken_fixtures(void **state)
{
    inspex_registry_t *reg = inspex_registry_new();
    const char *name, *path, *reason;
    int seen_abi = 0, seen_sym = 0;

    (void)state;
    warnings[0] = '\0';
    inspex_registry_set_warning(reg, warn, NULL);
    assert_int_equal(inspex_registry_load_dir(reg, TEST_PLUGINS, 1, NULL),
                     INSPEX_OK);
    /* the good one loads; the two broken ones are skipped, once each */
    assert_int_equal(inspex_registry_count(reg), 1);
    assert_string_equal(inspex_registry_get(reg, 0)->name, "noprobe");
    assert_int_equal(inspex_registry_broken_count(reg), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_true(inspex_registry_broken(reg, i, &name, &path, &reason));
        if (strcmp(name, "wrongabi") == 0) {
            seen_abi = 1;
            assert_string_equal(reason, "built for plugin ABI 999, this "
                                        "inspex uses ABI 1");
            assert_string_equal(path, TEST_PLUGINS "/wrongabi.so");
        } else if (strcmp(name, "nosymbol") == 0) {
            seen_sym = 1;
            assert_string_equal(reason, "no inspex_plugin_entry symbol: not "
                                        "an inspex plugin");
        }
    }
    assert_true(seen_abi && seen_sym);
    assert_string_equal(warnings,
                        "warning: skipping plugin " TEST_PLUGINS
                        "/nosymbol.so: no inspex_plugin_entry symbol: not an "
                        "inspex plugin\n"
                        "warning: skipping plugin " TEST_PLUGINS
                        "/wrongabi.so: built for plugin ABI 999, this inspex "
                        "uses ABI 1\n");
    inspex_registry_free(reg);
}

static void test_not_a_shared_object(void **state)
{
    char dir[] = "/tmp/inspex-reg-XXXXXX", path[64], cmd[96];
    inspex_registry_t *reg = inspex_registry_new();
    const char *reason;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/garbage.so", dir);
    f = fopen(path, "w");
    fputs("this is not an ELF file\n", f);
    fclose(f);
    assert_int_equal(inspex_registry_load_dir(reg, dir, 1, NULL), INSPEX_OK);
    assert_int_equal(inspex_registry_count(reg), 0);
    assert_true(inspex_registry_broken(reg, 0, NULL, NULL, &reason));
    assert_non_null(strstr(reason, "garbage.so"));
    inspex_registry_free(reg);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_missing_dir(void **state)
{
    inspex_registry_t *reg = inspex_registry_new();
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(inspex_registry_load_dir(reg, "/nonexistent", 0, err),
                     INSPEX_OK);
    assert_int_equal(inspex_registry_load_dir(reg, "/nonexistent", 1, err),
                     INSPEX_ERR_IO);
    assert_string_equal(inspex_error_text(err),
                        "/nonexistent: cannot open plugin directory");
    inspex_registry_free(reg);
    inspex_error_free(err);
}

static void test_choose(void **state)
{
    inspex_registry_t *reg = inspex_registry_new();
    inspex_error_t *err = inspex_error_new();
    const inspex_plugin_t *p;
    char why[128];

    (void)state;
    assert_int_equal(inspex_registry_add(reg, &alpha, "alpha", err), INSPEX_OK);
    assert_int_equal(inspex_registry_add(reg, &beta, "beta", err), INSPEX_OK);
    inspex_registry_load_dir(reg, TEST_PLUGINS, 1, err);

    /* by name */
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_IMPORT, "BETA",
                                            NULL, NULL, 0, &p, why, sizeof(why),
                                            err),
                     INSPEX_OK);
    assert_ptr_equal(p, &beta);
    assert_string_equal(why, "by -f");
    /* by extension, after stripping .gz */
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_IMPORT, NULL,
                                            "dir.x/r.alp.gz", NULL, 0, &p, why,
                                            sizeof(why), err),
                     INSPEX_OK);
    assert_ptr_equal(p, &alpha);
    assert_string_equal(why, "by the extension .alp");
    /* by content: B only fits beta */
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_IMPORT, NULL,
                                            "r.txt", (const unsigned char *)"B",
                                            1, &p, why, sizeof(why), err),
                     INSPEX_OK);
    assert_ptr_equal(p, &beta);
    assert_string_equal(why, "by its content (probe score 50 of 100)");
    /* a tie is said, not settled silently */
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_IMPORT, NULL,
                                            "r.txt", (const unsigned char *)"A",
                                            1, &p, why, sizeof(why), err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_text(err),
                        "r.txt: content fits formats 'alpha' and 'beta' "
                        "equally; name one with -f");
    /* noprobe is never chosen by content */
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_IMPORT, NULL,
                                            "r.txt", (const unsigned char *)"Z",
                                            1, &p, why, sizeof(why), err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_text(err),
                        "r.txt: cannot tell the input format; name it with -f "
                        "(one of: alpha, beta, noprobe)");
    /* import-only for output */
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_EXPORT, "noprobe",
                                            NULL, NULL, 0, &p, NULL, 0, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "format 'noprobe' cannot write; formats that can: "
                        "alpha");
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_EXPORT, "xml", NULL,
                                            NULL, 0, &p, NULL, 0, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "unknown format 'xml'; formats that can write: alpha");
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_EXPORT, NULL,
                                            "out.xyz", NULL, 0, &p, NULL, 0,
                                            err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "cannot tell the output format of out.xyz; name it "
                        "with -t (one of: alpha)");
    /* a skipped plugin asked for by name */
    assert_int_equal(inspex_registry_choose(reg, INSPEX_CAP_IMPORT, "wrongabi",
                                            NULL, NULL, 0, &p, NULL, 0, err),
                     INSPEX_ERR_PLUGIN);
    assert_string_equal(inspex_error_message(err),
                        "format 'wrongabi' is unavailable: plugin " TEST_PLUGINS
                        "/wrongabi.so was skipped: built for plugin ABI 999, "
                        "this inspex uses ABI 1");
    inspex_registry_free(reg);
    inspex_error_free(err);
}

static void test_add_checks_abi(void **state)
{
    inspex_registry_t *reg = inspex_registry_new();
    inspex_error_t *err = inspex_error_new();
    inspex_plugin_t old = alpha, tiny = alpha;

    (void)state;
    old.abi = 0;
    assert_int_equal(inspex_registry_add(reg, &old, "old", err),
                     INSPEX_ERR_PLUGIN);
    assert_string_equal(inspex_error_message(err),
                        "plugin old: built for plugin ABI 0, this inspex uses "
                        "ABI 1");
    tiny.size = 16;
    assert_int_equal(inspex_registry_add(reg, &tiny, "tiny", err),
                     INSPEX_ERR_PLUGIN);
    assert_int_equal(inspex_registry_count(reg), 0);
    inspex_registry_free(reg);
    inspex_error_free(err);
}

static inspex_status_t check(const char *const *args, inspex_error_t *err)
{
    inspex_options_t *o = inspex_options_new();
    inspex_status_t st = INSPEX_OK;

    for (; *args && st == INSPEX_OK; args++)
        st = inspex_options_add(o, *args, err);
    if (st == INSPEX_OK)
        st = inspex_options_check(o, &alpha, &alpha, err);
    inspex_options_free(o);
    return st;
}

static void test_options(void **state)
{
    inspex_error_t *err = inspex_error_new();

    (void)state;
    assert_int_equal(check((const char *[]){"in.delimiter=;", "strict=yes",
                                            "layout=long", "limit=12", NULL},
                           err),
                     INSPEX_OK);
    assert_int_equal(check((const char *[]){"out.delimiter=tab", NULL}, err),
                     INSPEX_OK);
    /* both sides take it: which one must be said */
    assert_int_equal(check((const char *[]){"delimiter=tab", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "option 'delimiter' is taken by both the alpha "
                        "importer and the alpha exporter: write "
                        "in.delimiter or out.delimiter");
    assert_int_equal(check((const char *[]){"colour=red", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "unknown option 'colour'; valid options are "
                        "delimiter, strict, limit, layout");
    assert_int_equal(check((const char *[]){"in.layout=long", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "unknown option 'layout'; valid options are "
                        "in.delimiter, in.strict, in.limit");
    assert_int_equal(check((const char *[]){"strict=maybe", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "option 'strict' takes true or false, not 'maybe'");
    assert_int_equal(check((const char *[]){"layout=tall", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "option 'layout' takes one of wide|long, not 'tall'");
    assert_int_equal(check((const char *[]){"limit=ten", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_int_equal(check((const char *[]){"delimiter=;;", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_int_equal(check((const char *[]){"novalue", NULL}, err),
                     INSPEX_ERR_USAGE);
    assert_string_equal(inspex_error_message(err),
                        "option 'novalue' is not of the form key=value");
    inspex_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_broken_fixtures),
        cmocka_unit_test(test_not_a_shared_object),
        cmocka_unit_test(test_missing_dir),
        cmocka_unit_test(test_choose),
        cmocka_unit_test(test_add_checks_abi),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
