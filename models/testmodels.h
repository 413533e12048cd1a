/*
 * testmodels.h - analytic test functions as models, so that a sweep file can
 * name one in place of the simulator (`model = "ishigami";`) and check the
 * sensitivity estimators against known indices (models/testfunc.h).
 *
 * Each is a one-month, deterministic model whose parameters are the
 * function's inputs (x1, x2, ...) and constants, and whose only variable is
 * the function's value y.
 */
#ifndef MODELS_TESTMODELS_H
#define MODELS_TESTMODELS_H

#include "model.h"

#define SOBOL_G_K 8

/* Ishigami (1990): y = sin x1 + a sin^2 x2 + b x3^4 sin x1, x in [-pi, pi]. */
struct ishigami_params {
    double x[3];
    double a, b;
};

/* Sobol' G-function: y = prod_i (|4 x_i - 2| + a_i) / (1 + a_i), x in [0, 1]. */
struct sobol_g_params {
    double x[SOBOL_G_K];
    double a[SOBOL_G_K];
};

extern const struct model_type ishigami_model;
extern const struct model_type sobol_g_model;

#endif
