#include "dist.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "names.h"

static const char *const kind_names[] = {
#define X(kind, name) name,
    DIST_KIND_LIST
#undef X
};

#define N_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *dist_kind_name(enum dist_kind k)
{
    return sim_name_at(kind_names, N_KINDS, (size_t)k);
}

int dist_kind_from_name(const char *name, enum dist_kind *out)
{
    long k = sim_name_index(kind_names, N_KINDS, name);
    if (k < 0)
        return -1;
    *out = (enum dist_kind)k;
    return 0;
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* u pulled into the open interval, for inverse CDFs unbounded at 0 and 1. */
static double open_unit(double u)
{
    return clamp(u, DIST_U_TAIL, 1.0 - DIST_U_TAIL);
}

/*
 * Standard-normal quantile restricted to [alpha, beta] (standardised bounds).
 * When the window lies in the upper tail (alpha > 0) we work with the upper
 * tail probabilities Q, as P would round to 1 there and lose every digit.
 * *mass receives the window's probability.
 */
static double trunc_ugaussian_quantile(double alpha, double beta, double u,
                                       double *mass)
{
    if (alpha > 0.0) {
        double qa = gsl_cdf_ugaussian_Q(alpha);
        double qb = gsl_cdf_ugaussian_Q(beta);
        *mass = qa - qb;
        return gsl_cdf_ugaussian_Qinv(qa - u * (qa - qb));
    }
    double pa = gsl_cdf_ugaussian_P(alpha);
    double pb = gsl_cdf_ugaussian_P(beta);
    *mass = pb - pa;
    return gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa));
}

static double trunc_normal_quantile(const struct dist *d, double u)
{
    /* Only an infinite bound needs u kept off that end; a finite bound is
     * reached exactly. */
    if (isinf(d->min) && u < DIST_U_TAIL)
        u = DIST_U_TAIL;
    if (isinf(d->max) && u > 1.0 - DIST_U_TAIL)
        u = 1.0 - DIST_U_TAIL;
    double mass;
    double z = trunc_ugaussian_quantile((d->min - d->mean) / d->sd,
                                        (d->max - d->mean) / d->sd, u, &mass);
    /* Rounding in the tails may step just outside the window. */
    return clamp(d->mean + d->sd * z, d->min, d->max);
}

static double triangular_quantile(const struct dist *d, double u)
{
    double width = d->max - d->min;
    double left = d->mode - d->min;
    double right = d->max - d->mode;
    double x;
    if (u * width < left)
        x = d->min + sqrt(u * width * left);
    else
        x = d->max - sqrt((1.0 - u) * width * right);
    return clamp(x, d->min, d->max);
}

static double levels_quantile(const struct dist *d, double u)
{
    double scaled = u * (double)d->n_levels;
    size_t i = (size_t)scaled;
    /* u = 1 (a Morris grid end) belongs to the last level. */
    if (i >= d->n_levels)
        i = d->n_levels - 1;
    return d->levels[i];
}

double dist_quantile(const struct dist *d, double u)
{
    if (isnan(u))
        return u;
    u = clamp(u, 0.0, 1.0);
    switch (d->kind) {
    case DIST_UNIFORM:
        return clamp(gsl_cdf_flat_Pinv(u, d->min, d->max), d->min, d->max);
    case DIST_LOG_UNIFORM: {
        /* The log is of the bounds, not of u, so u = 0 needs no guard. */
        double lo = log(d->min), hi = log(d->max);
        return clamp(exp(lo + u * (hi - lo)), d->min, d->max);
    }
    case DIST_NORMAL:
        return d->mean + gsl_cdf_gaussian_Pinv(open_unit(u), d->sd);
    case DIST_TRUNC_NORMAL:
        return trunc_normal_quantile(d, u);
    case DIST_TRIANGULAR:
        return triangular_quantile(d, u);
    case DIST_LEVELS:
        return levels_quantile(d, u);
    }
    return NAN;
}

static sim_status check_bounds(const struct dist *d, const char *name,
                               char *err)
{
    if (isnan(d->min) || isnan(d->max) || !(d->min < d->max))
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: min (%g) must be less than max (%g)", name, d->min,
                        d->max);
    if (d->kind != DIST_TRUNC_NORMAL && (isinf(d->min) || isinf(d->max)))
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: min and max must be finite (got %g, %g)", name,
                        d->min, d->max);
    return SIM_OK;
}

static sim_status check_normal(const struct dist *d, const char *name,
                               char *err)
{
    if (!isfinite(d->mean))
        return sim_fail(err, SIM_ERR_RANGE, "%s: mean must be finite (got %g)",
                        name, d->mean);
    if (!isfinite(d->sd) || !(d->sd > 0.0))
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: sd must be finite and positive (got %g)", name,
                        d->sd);
    return SIM_OK;
}

static sim_status check_trunc_normal(const struct dist *d, const char *name,
                                     char *err)
{
    sim_status s = check_normal(d, name, err);
    if (s == SIM_OK)
        s = check_bounds(d, name, err);
    if (s != SIM_OK)
        return s;
    double mass;
    (void)trunc_ugaussian_quantile((d->min - d->mean) / d->sd,
                                   (d->max - d->mean) / d->sd, 0.5, &mass);
    if (!(mass > 0.0))
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: [%g, %g] lies so far in the tail of N(%g, %g^2) "
                        "that its probability underflows",
                        name, d->min, d->max, d->mean, d->sd);
    return SIM_OK;
}

static sim_status check_levels(const struct dist *d, const char *name,
                               char *err)
{
    if (d->levels == NULL || d->n_levels < 1)
        return sim_fail(err, SIM_ERR_RANGE, "%s: at least one level is needed",
                        name);
    for (size_t i = 0; i < d->n_levels; i++)
        if (!isfinite(d->levels[i]))
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: level %zu is not finite (got %g)", name, i,
                            d->levels[i]);
    return SIM_OK;
}

sim_status dist_check(const struct dist *d, char *err)
{
    const char *name = dist_kind_name(d->kind);
    sim_status s;
    switch (d->kind) {
    case DIST_UNIFORM:
        return check_bounds(d, name, err);
    case DIST_LOG_UNIFORM:
        s = check_bounds(d, name, err);
        if (s == SIM_OK && !(d->min > 0.0))
            s = sim_fail(err, SIM_ERR_RANGE,
                         "%s: min must be positive (got %g)", name, d->min);
        return s;
    case DIST_NORMAL:
        return check_normal(d, name, err);
    case DIST_TRUNC_NORMAL:
        return check_trunc_normal(d, name, err);
    case DIST_TRIANGULAR:
        s = check_bounds(d, name, err);
        if (s == SIM_OK && !(d->mode >= d->min && d->mode <= d->max))
            s = sim_fail(err, SIM_ERR_RANGE,
                         "%s: mode (%g) must lie in [min, max] = [%g, %g]",
                         name, d->mode, d->min, d->max);
        return s;
    case DIST_LEVELS:
        return check_levels(d, name, err);
    }
    return sim_fail(err, SIM_ERR_INVALID, "unknown distribution kind %d",
                    (int)d->kind);
}
