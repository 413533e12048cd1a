/*
 * test_numtext.c - the shortest text that reads back to the same double:
 * hand cases, integers exactly, and a sweep of high-entropy values that must
 * all round-trip.
 */
#include "test_util.h"

#include <string.h>

#include "sim/core/rng.h"
#include "sim/io/numtext.h"

static void hand_cases(void **unused)
{
    (void)unused;
    char buf[NUMTEXT_LEN];
    static const struct {
        double x;
        const char *text;
    } cases[] = {
        {0.81, "0.81"},
        {20260101.0, "20260101"},
        {9007199254740992.0, "9007199254740992"},
        {0.1 + 0.2, "0.30000000000000004"},
        {-2.385, "-2.385"},
        {1e-300, "1e-300"},
        {0.0, "0"},
        {1e7, "10000000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(numtext_shortest(buf, cases[i].x), 1);
        assert_string_equal(buf, cases[i].text);
    }
    assert_int_equal(numtext_shortest(buf, NAN), 0);
    assert_string_equal(buf, "");
    assert_int_equal(numtext_shortest(buf, -INFINITY), 0);
    assert_string_equal(buf, "");
}

/* Doubles of every magnitude and many digits read back bit for bit, and
 * none needs more than 17 significant digits. */
static void round_trip(void **unused)
{
    (void)unused;
    char buf[NUMTEXT_LEN];
    gsl_rng *r = sim_rng_new(2385);
    assert_non_null(r);
    for (int i = 0; i < 100000; i++) {
        double x = (gsl_rng_uniform(r) - 0.5) *
                   pow(10.0, (double)((long)gsl_rng_uniform_int(r, 600) - 300));
        assert_int_equal(numtext_shortest(buf, x), 1);
        assert_true(strtod(buf, NULL) == x);
        assert_true(strlen(buf) < NUMTEXT_LEN);
    }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_cases),
        cmocka_unit_test(round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
