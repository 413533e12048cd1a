/*
 * testfunc.h - analytic test functions with known Sobol' indices, to validate
 * the sensitivity estimators (sim/analysis/sobol.h, sim/analysis/morris.h).
 *
 * Ishigami & Homma (1990):
 *     f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1,   x_i ~ U(-pi, pi).
 * With E[sin^2] = 1/2, Var(sin^2) = 1/8, E[x3^4] = pi^4/5 and
 * Var(x3^4) = pi^8/9 - pi^8/25 = 16 pi^8/225 over U(-pi, pi):
 *     mean f = a/2
 *     V1     = Var(E[f | x1]) = (1 + b pi^4/5)^2 / 2
 *     V2     = a^2 / 8
 *     V3     = 0
 *     V13    = Var(b sin x1 (x3^4 - pi^4/5)) = 8 b^2 pi^8 / 225
 *     V      = V1 + V2 + V13 = 1/2 + b pi^4/5 + b^2 pi^8/18 + a^2/8
 * so S = (V1, V2, 0) / V and ST = (V1 + V13, V2, V13) / V; for a = 7,
 * b = 0.1: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
 *
 * Sobol' G-function (Saltelli & Sobol' 1995; Archer, Saltelli & Sobol' 1997):
 *     f(x) = prod_i g_i(x_i),  g_i = (|4 x_i - 2| + a_i) / (1 + a_i),
 *     x_i ~ U(0, 1), a_i >= 0.
 * Each g_i has mean 1 and variance V_i = 1 / (3 (1 + a_i)^2); the factors
 * being independent, V = prod_i (1 + V_i) - 1, S_i = V_i / V and
 * ST_i = V_i prod_{j != i} (1 + V_j) / V.  Small a_i make x_i important.
 *
 * Pure functions: no I/O, no allocation, no state.
 */
#ifndef MODELS_TESTFUNC_H
#define MODELS_TESTFUNC_H

#include <stddef.h>

#define TESTFUNC_ISHIGAMI_K 3

/* The customary coefficients (Ishigami & Homma 1990; Sobol' & Levitan 1999),
 * for which the indices quoted above hold. */
#define TESTFUNC_ISHIGAMI_A 7.0
#define TESTFUNC_ISHIGAMI_B 0.1

/* Analytic moments and indices of a test function; s1 and st hold one entry
 * per input, in the caller's arrays. */
struct testfunc_truth {
    double mean;
    double variance;
    double *s1;
    double *st;
};

/* Ishigami's f at x[3] in [-pi, pi]^3. */
double testfunc_ishigami(const double *x, double a, double b);

/* Ishigami's f at unit coordinates u[3] in [0, 1]^3, mapped to
 * x_i = -pi + 2 pi u_i (the inverse CDF of U(-pi, pi)). */
double testfunc_ishigami_unit(const double *u, double a, double b);

/* Fills truth (mean, variance, s1[3], st[3]) for Ishigami with (a, b). */
void testfunc_ishigami_truth(double a, double b, struct testfunc_truth *truth);

/* The G-function of k inputs at x[k] in [0, 1]^k with coefficients a[k]. */
double testfunc_gfunction(size_t k, const double *x, const double *a);

/* Fills truth (mean, variance, s1[k], st[k]) for the G-function with a[k]. */
void testfunc_gfunction_truth(size_t k, const double *a,
                              struct testfunc_truth *truth);

#endif
