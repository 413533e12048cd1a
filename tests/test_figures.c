/*
 * test_figures.c - the figures' axes (sim/io/report_figures.c): ticks
 * written as the page writes its axes' (a decimal comma, a narrow no-break
 * space between thousands, decimals from the interval), in thousands or
 * millions with the axis title saying so, never in exponent form.
 */
#include "test_util.h"

#include <string.h>

#include "sim/io/report_figures.h"

#define NNBSP "\xe2\x80\xaf"

static const char *label(const struct figure_axis *a, double v)
{
    static char buf[128];
    figure_tick_label(a, v, buf, sizeof buf);
    return buf;
}

/* Hand cases: the default run's cash, a territory's premium (1.65e+08 and
 * 1.5e+06 before), a share, a count in thousands. */
static void hand_cases(void **unused)
{
    (void)unused;
    struct figure_axis a;
    figure_axis_scale(-2.3e5, 1.65e8, &a);
    assert_true(a.factor == 1e6);
    assert_string_equal(label(&a, 1.5e8), "150");
    assert_string_equal(label(&a, 0.0), "0");
    assert_string_equal(figure_axis_factor(&a), ", en millions (in millions)");

    figure_axis_scale(-2.5e5, 1.8e6, &a);
    assert_true(a.factor == 1e6 && a.decimals == 1);
    assert_string_equal(label(&a, 1.5e6), "1,5");
    assert_string_equal(label(&a, 1e6), "1,0");
    assert_string_equal(label(&a, 0.0), "0");
    assert_string_equal(label(&a, -5e5), "-0,5");

    figure_axis_scale(-1.4e5, 7.6e5, &a);
    assert_true(a.factor == 1e3 && a.decimals == 0);
    assert_string_equal(label(&a, 6e5), "600");
    assert_string_equal(label(&a, -1e5), "-100");
    assert_string_equal(figure_axis_factor(&a), ", en milliers (in thousands)");

    figure_axis_scale(0.0, 9500.0, &a);
    assert_true(a.factor == 1.0);
    assert_string_equal(label(&a, 8000.0), "8" NNBSP "000");
    assert_string_equal(figure_axis_factor(&a), "");

    figure_axis_scale(0.09, 0.51, &a);
    assert_string_equal(label(&a, 0.3), "0,3");
    figure_axis_scale(0.0, 1.05, &a);
    assert_string_equal(label(&a, 0.2), "0,2");
    assert_string_equal(label(&a, 1.0), "1,0");
    figure_axis_scale(0.0, 0.05, &a);
    assert_string_equal(label(&a, 0.03), "0,03");

    /* Thousands of millions keep their groups. */
    figure_axis_scale(0.0, 4.2e9, &a);
    assert_string_equal(label(&a, 2e9), "2" NNBSP "000");
    /* A tick a rounding error from zero is 0. */
    figure_axis_scale(-1.0, 1.0, &a);
    assert_string_equal(label(&a, -1e-17), "0");
}

/* Reads a label back: the groups' spaces out, the comma a point. */
static double read_label(const char *text)
{
    char plain[128];
    size_t n = 0;
    for (const char *p = text; *p && n + 1 < sizeof plain; p++) {
        if (strncmp(p, NNBSP, 3) == 0) {
            p += 2;
            continue;
        }
        plain[n++] = *p == ',' ? '.' : *p;
    }
    plain[n] = '\0';
    return strtod(plain, NULL);
}

/* Every tick of windows from 1e-6 to 1e12 wide, at zero and away from it:
 * three to eight of them, none in exponent form, each reading back to its
 * value to well within its interval, and no two alike. */
static void every_magnitude(void **unused)
{
    (void)unused;
    static const double offsets[] = {0.0, -0.5, 3.0, -40.0};
    for (int k = -6; k <= 12; k++)
        for (int m = 1; m <= 9; m += 2)
            for (size_t o = 0; o < sizeof offsets / sizeof *offsets; o++) {
                double span = m * pow(10.0, k), lo = offsets[o] * span,
                       hi = lo + span;
                struct figure_axis a;
                figure_axis_scale(lo, hi, &a);
                double first = ceil(lo / a.step - 1e-9) * a.step;
                int ticks = 0;
                char prev[128] = "";
                for (double t = first; t <= hi + 1e-9 * a.step; t += a.step) {
                    const char *s = label(&a, t);
                    assert_null(strchr(s, 'e'));
                    assert_null(strchr(s, 'E'));
                    assert_null(strchr(s, '.'));
                    assert_true(fabs(read_label(s) * a.factor - t) <
                                1e-6 * a.step + 1e-12 * fabs(t));
                    assert_string_not_equal(s, prev);
                    snprintf(prev, sizeof prev, "%s", s);
                    ticks++;
                }
                assert_in_range(ticks, 3, 8);
                double big = fmax(fabs(lo), fabs(hi));
                assert_true(a.factor == (big >= 1e6 ? 1e6 : big >= 1e4 ? 1e3 : 1.0));
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_cases),
        cmocka_unit_test(every_magnitude),
    };
    return cmocka_run_group_tests_name("figures", tests, NULL, NULL);
}
