/*
 * test_numtext.c - numbers as text: the shortest text that reads back to
 * the same double (hand cases, integers exactly, a sweep of high-entropy
 * values that must all round-trip), and the readers' classes of error.
 */
#include "test_util.h"

#include <string.h>

#include "sim/core/rng.h"
#include "sim/core/numtext.h"

static void hand_cases(void **unused)
{
    (void)unused;
    char buf[SIM_REAL_TEXT_LEN];
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
        assert_int_equal(sim_format_real(buf, cases[i].x), 1);
        assert_string_equal(buf, cases[i].text);
    }
    assert_int_equal(sim_format_real(buf, NAN), 0);
    assert_string_equal(buf, "");
    assert_int_equal(sim_format_real(buf, -INFINITY), 0);
    assert_string_equal(buf, "");
}

/* Doubles of every magnitude and many digits read back bit for bit, and
 * none needs more than 17 significant digits. */
static void round_trip(void **unused)
{
    (void)unused;
    char buf[SIM_REAL_TEXT_LEN];
    gsl_rng *r = sim_rng_new(2385);
    assert_non_null(r);
    for (int i = 0; i < 100000; i++) {
        double x = (gsl_rng_uniform(r) - 0.5) *
                   pow(10.0, (double)((long)gsl_rng_uniform_int(r, 600) - 300));
        assert_int_equal(sim_format_real(buf, x), 1);
        assert_true(strtod(buf, NULL) == x);
        assert_true(strlen(buf) < SIM_REAL_TEXT_LEN);
    }
    gsl_rng_free(r);
}

/* What is written reads back through the option readers, and what is not
 * a number of the form asked is a type error, out of reach a range error. */
static void readers(void **unused)
{
    (void)unused;
    long long i = 7;
    assert_int_equal(sim_parse_integer("20260101", &i), SIM_OK);
    assert_true(i == 20260101);
    assert_int_equal(sim_parse_integer("1e3", &i), SIM_ERR_TYPE);
    assert_int_equal(sim_parse_integer("", &i), SIM_ERR_TYPE);
    assert_int_equal(sim_parse_integer("99999999999999999999", &i),
                     SIM_ERR_RANGE);
    assert_true(i == 20260101);
    double x = 0;
    char buf[SIM_REAL_TEXT_LEN];
    sim_format_real(buf, 2.385e-7);
    assert_int_equal(sim_parse_real(buf, &x), SIM_OK);
    assert_true(x == 2.385e-7);
    assert_int_equal(sim_parse_real("nan", &x), SIM_ERR_TYPE);
    assert_int_equal(sim_parse_real("1e999", &x), SIM_ERR_RANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_cases),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(readers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
