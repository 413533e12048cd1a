#include "testfunc.h"

#include <math.h>

#include <gsl/gsl_math.h>

double testfunc_ishigami(const double *x, double a, double b)
{
    double s1 = sin(x[0]);
    double s2 = sin(x[1]);
    double x3_2 = x[2] * x[2];
    return s1 + a * s2 * s2 + b * x3_2 * x3_2 * s1;
}

double testfunc_ishigami_unit(const double *u, double a, double b)
{
    double x[TESTFUNC_ISHIGAMI_K];
    for (size_t i = 0; i < TESTFUNC_ISHIGAMI_K; i++)
        x[i] = -M_PI + 2.0 * M_PI * u[i];
    return testfunc_ishigami(x, a, b);
}

void testfunc_ishigami_truth(double a, double b, struct testfunc_truth *truth)
{
    double pi4 = gsl_pow_4(M_PI);
    double pi8 = pi4 * pi4;
    double v1 = 0.5 * gsl_pow_2(1.0 + b * pi4 / 5.0);
    double v2 = a * a / 8.0;
    double v13 = 8.0 * b * b * pi8 / 225.0;
    double v = v1 + v2 + v13;
    truth->mean = a / 2.0;
    truth->variance = v;
    truth->s1[0] = v1 / v;
    truth->s1[1] = v2 / v;
    truth->s1[2] = 0.0;
    truth->st[0] = (v1 + v13) / v;
    truth->st[1] = v2 / v;
    truth->st[2] = v13 / v;
}

double testfunc_gfunction(size_t k, const double *x, const double *a)
{
    double f = 1.0;
    for (size_t i = 0; i < k; i++)
        f *= (fabs(4.0 * x[i] - 2.0) + a[i]) / (1.0 + a[i]);
    return f;
}

/* Variance of one factor g_i: 1 / (3 (1 + a_i)^2). */
static double g_factor_variance(double a)
{
    return 1.0 / (3.0 * gsl_pow_2(1.0 + a));
}

void testfunc_gfunction_truth(size_t k, const double *a,
                              struct testfunc_truth *truth)
{
    double all = 1.0;
    for (size_t i = 0; i < k; i++)
        all *= 1.0 + g_factor_variance(a[i]);
    double v = all - 1.0;
    truth->mean = 1.0;
    truth->variance = v;
    for (size_t i = 0; i < k; i++) {
        double vi = g_factor_variance(a[i]);
        truth->s1[i] = vi / v;
        truth->st[i] = vi * (all / (1.0 + vi)) / v;
    }
}
