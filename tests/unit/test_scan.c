/* SPDX-License-Identifier: MIT */
/* test_scan.c - <inspex/scan.h> against a byte-at-a-time reference, on
 * random blocks and on every byte value at every place. Built twice: as
 * it is (SSE2 on x86-64) and with INSPEX_TEST_PORTABLE, which hides
 * __SSE2__ so that the portable loop is the one tested. */
#ifdef INSPEX_TEST_PORTABLE
#undef __SSE2__
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <inspex/scan.h>

static unsigned reference(const char *p, char a, char b, char c, char e,
                          unsigned char below)
{
    unsigned m = 0;

    for (int i = 0; i < INSPEX_SCAN_BLOCK; i++)
        if (p[i] == a || p[i] == b || p[i] == c || p[i] == e ||
            (unsigned char)p[i] < below)
            m |= 1u << i;
    return m;
}

static void check(const char *p, char a, char b, char c, char e,
                  unsigned char below)
{
    char d[INSPEX_SCAN_BLOCK];
    unsigned m = inspex_scan_block(p, d, a, b, c, e, below);

    assert_int_equal(m, reference(p, a, b, c, e, below));
    assert_memory_equal(d, p, INSPEX_SCAN_BLOCK);
    if (m)
        assert_true(m & (1u << inspex_scan_first(m)) &&
                    !(m & ((1u << inspex_scan_first(m)) - 1)));
}

static void test_every_byte_everywhere(void **state)
{
    char p[INSPEX_SCAN_BLOCK];

    (void)state;
    for (int v = 0; v < 256; v++)
        for (int at = 0; at < INSPEX_SCAN_BLOCK; at++) {
            memset(p, 'x', sizeof(p));
            p[at] = (char)v;
            /* the CSV importer's sets, the JSON writer's, NUL alone */
            check(p, ',', '"', '\r', '\n', 0);
            check(p, ';', '"', '\r', '\n', 0);
            check(p, '"', '\r', '\n', '\n', 0);
            check(p, '"', '\\', '\\', '\\', 0x20);
            check(p, '\0', '\0', '\0', '\0', 0);
            check(p, 'x', 'x', 'x', 'x', 0x80); /* high bytes, signedness */
            check(p, (char)0xff, (char)0x80, 'a', 'b', 1);
        }
}

static void test_random_blocks(void **state)
{
    uint32_t seed = 1;
    char p[INSPEX_SCAN_BLOCK];

    (void)state;
    for (int n = 0; n < 20000; n++) {
        for (int i = 0; i < INSPEX_SCAN_BLOCK; i++) {
            seed = seed * 1103515245u + 12345u;
            p[i] = (char)(seed >> 16);
        }
        seed = seed * 1103515245u + 12345u;
        check(p, (char)(seed >> 8), (char)(seed >> 16), '"', '\n',
              (unsigned char)(seed >> 24));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte_everywhere),
        cmocka_unit_test(test_random_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
