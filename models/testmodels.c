#include "testmodels.h"

#include <math.h>
#include <stddef.h>

#include "testfunc.h"

struct no_state {
    char unused;
};

static const struct var_desc y_var[] = {
    {"y", "1", VAR_FLOW, "y (test function)", "value of the test function"},
};

static int check_none(const void *params, char *msg, size_t len)
{
    (void)params;
    (void)msg;
    (void)len;
    return 0;
}

static void init_zero(const void *params, void *state, double *initial)
{
    (void)params;
    (void)state;
    initial[0] = 0.0;
}

/* ---- Ishigami ---- */

#define IOFF(field) offsetof(struct ishigami_params, field)
#define SRC_ISHIGAMI "Ishigami & Homma (1990); Saltelli et al. (2008)"

static const struct param_desc ishigami_table[] = {
    {"x1", PARAM_DOUBLE, IOFF(x[0]), "1", 0, -M_PI, M_PI, "first input",
     SRC_ISHIGAMI, NULL, NULL, 0},
    {"x2", PARAM_DOUBLE, IOFF(x[1]), "1", 0, -M_PI, M_PI, "second input",
     SRC_ISHIGAMI, NULL, NULL, 0},
    {"x3", PARAM_DOUBLE, IOFF(x[2]), "1", 0, -M_PI, M_PI, "third input",
     SRC_ISHIGAMI, NULL, NULL, 0},
    {"a", PARAM_DOUBLE, IOFF(a), "1", TESTFUNC_ISHIGAMI_A, -100, 100,
     "constant a", SRC_ISHIGAMI, NULL, NULL, 0},
    {"b", PARAM_DOUBLE, IOFF(b), "1", TESTFUNC_ISHIGAMI_B, -100, 100,
     "constant b", SRC_ISHIGAMI, NULL, NULL, 0},
};

static void ishigami_step(const void *params, void *state, long month,
                          gsl_rng *rng, double *out)
{
    const struct ishigami_params *p = params;
    (void)state;
    (void)month;
    (void)rng;
    out[0] = testfunc_ishigami(p->x, p->a, p->b);
}

const struct model_type ishigami_model = {
    .name = "ishigami",
    .params = ishigami_table,
    .n_params = sizeof ishigami_table / sizeof ishigami_table[0],
    .params_size = sizeof(struct ishigami_params),
    .vars = y_var,
    .n_vars = 1,
    .state_size = sizeof(struct no_state),
    .check = check_none,
    .init = init_zero,
    .step = ishigami_step,
    .levers = NULL,
};

/* ---- Sobol' G ---- */

#define GOFF(field) offsetof(struct sobol_g_params, field)
#define SRC_G "Sobol' (1993); a = (0, 1, 4.5, 9, 99, 99, 99, 99) after Saltelli"
#define G_X(i)                                                                 \
    {"x" #i, PARAM_DOUBLE, GOFF(x[i - 1]), "1", 0.5, 0, 1, "input",            \
     SRC_G, NULL, NULL, 0}
#define G_A(i, def)                                                            \
    {"a" #i, PARAM_DOUBLE, GOFF(a[i - 1]), "1", def, 0, 1e6,                   \
     "importance constant (small: important)", SRC_G, NULL, NULL, 0}

static const struct param_desc sobol_g_table[] = {
    G_X(1), G_X(2), G_X(3), G_X(4), G_X(5), G_X(6), G_X(7), G_X(8),
    G_A(1, 0), G_A(2, 1), G_A(3, 4.5), G_A(4, 9),
    G_A(5, 99), G_A(6, 99), G_A(7, 99), G_A(8, 99),
};

static void sobol_g_step(const void *params, void *state, long month,
                         gsl_rng *rng, double *out)
{
    const struct sobol_g_params *p = params;
    (void)state;
    (void)month;
    (void)rng;
    out[0] = testfunc_gfunction(SOBOL_G_K, p->x, p->a);
}

const struct model_type sobol_g_model = {
    .name = "sobol_g",
    .params = sobol_g_table,
    .n_params = sizeof sobol_g_table / sizeof sobol_g_table[0],
    .params_size = sizeof(struct sobol_g_params),
    .vars = y_var,
    .n_vars = 1,
    .state_size = sizeof(struct no_state),
    .check = check_none,
    .init = init_zero,
    .step = sobol_g_step,
    .levers = NULL,
};
