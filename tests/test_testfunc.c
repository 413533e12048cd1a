/*
 * test_testfunc.c - the analytic test functions: values at hand-picked
 * points, the quoted indices, and the analytic variances and indices checked
 * independently by quadrature on a midpoint grid.
 */
#include "test_util.h"

#include <stdlib.h>

#include <gsl/gsl_math.h>

#include "models/testfunc.h"

/* The indices quoted by Ishigami & Homma / Saltelli et al., to 4 digits. */
#define QUOTED_TOL 5e-5

/* Midpoint rule with QUAD_M nodes per dimension: exact to rounding for the
 * trigonometric terms (periodic), O(h^2) for x3^4 and |4x - 2|; 2e-3 covers
 * both at QUAD_M = 128 (measured: at most 6.7e-4). */
#define QUAD_M 128
#define QUAD_TOL 2e-3

static void ishigami_values(void **unused)
{
    (void)unused;
    const double a = TESTFUNC_ISHIGAMI_A, b = TESTFUNC_ISHIGAMI_B;
    const double zero[3] = {0, 0, 0};
    const double peak[3] = {M_PI_2, M_PI_2, 1.5};
    assert_close(testfunc_ishigami(zero, a, b), 0.0, 1e-15);
    assert_close(testfunc_ishigami(peak, a, b), 1.0 + a + b * gsl_pow_4(1.5),
                 1e-14);
    /* Unit coordinates map to [-pi, pi]: 0.75 -> pi/2, 0.5 -> 0. */
    const double u[3] = {0.75, 0.75, 0.5};
    assert_close(testfunc_ishigami_unit(u, a, b), 1.0 + a, 1e-14);
    const double u2[3] = {0.75, 0.5, 1.0};
    assert_close(testfunc_ishigami_unit(u2, 2.385, 0.25),
                 1.0 + 0.25 * gsl_pow_4(M_PI), 1e-14);
}

static void ishigami_quoted_indices(void **unused)
{
    (void)unused;
    double s1[3], st[3];
    struct testfunc_truth t = {.s1 = s1, .st = st};
    testfunc_ishigami_truth(TESTFUNC_ISHIGAMI_A, TESTFUNC_ISHIGAMI_B, &t);
    const double want_s1[3] = {0.3139, 0.4424, 0.0};
    const double want_st[3] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < 3; i++) {
        assert_close(s1[i], want_s1[i], QUOTED_TOL);
        assert_close(st[i], want_st[i], QUOTED_TOL);
    }
    assert_close(t.mean, 3.5, 1e-15);
    /* Only x1 and x3 interact: first orders plus ST3 add up to one. */
    assert_close(s1[0] + s1[1] + st[2], 1.0, 1e-14);
}

/* Variance, first-order and total indices of f on a midpoint grid of
 * QUAD_M^3 nodes over [lo, hi]^3: V_i = Var(E[f | x_i]) and
 * VT_i = E[Var(f | x_~i)], both by direct summation. */
struct quad3 {
    double mean, variance, s1[3], st[3];
};

static struct quad3 quadrature3(double (*f)(const double *, const void *),
                                const void *ctx, double lo, double hi)
{
    const size_t m = QUAD_M, n = m * m * m;
    double *val = malloc(n * sizeof *val);
    assert_non_null(val);
    double h = (hi - lo) / (double)m, x[3];
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            for (size_t l = 0; l < m; l++) {
                x[0] = lo + ((double)i + 0.5) * h;
                x[1] = lo + ((double)j + 0.5) * h;
                x[2] = lo + ((double)l + 0.5) * h;
                val[(i * m + j) * m + l] = f(x, ctx);
            }
    struct quad3 q = {0};
    for (size_t c = 0; c < n; c++)
        q.mean += val[c] / (double)n;
    for (size_t c = 0; c < n; c++)
        q.variance += gsl_pow_2(val[c] - q.mean) / (double)n;
    /* Strides of input d in val: d = 0 -> m^2, 1 -> m, 2 -> 1. */
    const size_t stride[3] = {m * m, m, 1};
    for (int d = 0; d < 3; d++) {
        const size_t s_in = stride[d];
        const size_t s_a = stride[(d + 1) % 3], s_b = stride[(d + 2) % 3];
        double v_first = 0, vt = 0;
        for (size_t i = 0; i < m; i++) { /* E[f | x_d] */
            double cond = 0;
            for (size_t j = 0; j < m; j++)
                for (size_t l = 0; l < m; l++)
                    cond += val[i * s_in + j * s_a + l * s_b];
            cond /= (double)(m * m);
            v_first += gsl_pow_2(cond - q.mean) / (double)m;
        }
        for (size_t j = 0; j < m; j++) /* E[Var(f | x_~d)] */
            for (size_t l = 0; l < m; l++) {
                double mu = 0, var = 0;
                for (size_t i = 0; i < m; i++)
                    mu += val[i * s_in + j * s_a + l * s_b] / (double)m;
                for (size_t i = 0; i < m; i++)
                    var += gsl_pow_2(val[i * s_in + j * s_a + l * s_b] - mu) /
                           (double)m;
                vt += var / (double)(m * m);
            }
        q.s1[d] = v_first / q.variance;
        q.st[d] = vt / q.variance;
    }
    free(val);
    return q;
}

struct ishigami_ab {
    double a, b;
};

static double ishigami_at(const double *x, const void *ctx)
{
    const struct ishigami_ab *p = ctx;
    return testfunc_ishigami(x, p->a, p->b);
}

static double gfunction_at(const double *x, const void *ctx)
{
    return testfunc_gfunction(3, x, ctx);
}

static void check_against_quadrature(const struct quad3 *q,
                                     const struct testfunc_truth *t)
{
    assert_close(q->mean, t->mean, QUAD_TOL);
    assert_close(q->variance, t->variance, QUAD_TOL);
    for (int d = 0; d < 3; d++) {
        assert_close(q->s1[d], t->s1[d], QUAD_TOL);
        assert_close(q->st[d], t->st[d], QUAD_TOL);
    }
}

/* The derivation holds for other coefficients than the customary ones. */
static void ishigami_truth_by_quadrature(void **unused)
{
    (void)unused;
    const struct ishigami_ab cases[] = {{7.0, 0.1}, {2.385, 0.31}};
    for (size_t c = 0; c < 2; c++) {
        double s1[3], st[3];
        struct testfunc_truth t = {.s1 = s1, .st = st};
        testfunc_ishigami_truth(cases[c].a, cases[c].b, &t);
        struct quad3 q = quadrature3(ishigami_at, &cases[c], -M_PI, M_PI);
        check_against_quadrature(&q, &t);
    }
}

static void gfunction_values_and_truth(void **unused)
{
    (void)unused;
    /* g_i = 1 at x = 1/4 and 3/4 whatever a_i; (2 + a) / (1 + a) at 0 and 1,
     * a / (1 + a) at 1/2. */
    const double a[3] = {0.0, 1.0, 4.5};
    const double quarter[3] = {0.25, 0.75, 0.25};
    const double corner[3] = {0.0, 1.0, 0.5};
    assert_close(testfunc_gfunction(3, quarter, a), 1.0, 1e-15);
    assert_close(testfunc_gfunction(3, corner, a), 2.0 * 1.5 * (4.5 / 5.5),
                 1e-15);

    /* Two inputs with a = (0, 1), by hand: V1 = 1/3, V2 = 1/12, V = 4/9. */
    double s1[3], st[3];
    struct testfunc_truth t = {.s1 = s1, .st = st};
    testfunc_gfunction_truth(2, a, &t);
    assert_close(t.variance, 4.0 / 9.0, 1e-15);
    assert_close(s1[0], 0.75, 1e-15);
    assert_close(s1[1], 0.1875, 1e-15);
    assert_close(st[0], 0.8125, 1e-15);
    assert_close(st[1], 0.25, 1e-15);

    testfunc_gfunction_truth(3, a, &t);
    struct quad3 q = quadrature3(gfunction_at, a, 0.0, 1.0);
    check_against_quadrature(&q, &t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ishigami_values),
        cmocka_unit_test(ishigami_quoted_indices),
        cmocka_unit_test(ishigami_truth_by_quadrature),
        cmocka_unit_test(gfunction_values_and_truth),
    };
    return cmocka_run_group_tests_name("testfunc", tests, NULL, NULL);
}
