/*
 * dist.h - marginal distributions of swept parameters.
 *
 * A design (design.h, morris.h) produces points in the unit hypercube; each
 * coordinate u is mapped to a parameter value by the inverse cumulative
 * distribution function of that parameter's marginal, x = F^-1(u).  Because
 * the map is monotone, the strata, balance and low discrepancy of the unit
 * design carry over to the parameter space.
 *
 * Which fields a kind reads (the others are ignored):
 *   DIST_UNIFORM       min, max             x = min + u (max - min)
 *   DIST_LOG_UNIFORM   min, max (min > 0)   log x uniform on [log min, log max]
 *   DIST_NORMAL        mean, sd
 *   DIST_TRUNC_NORMAL  mean, sd, min, max   the normal restricted to [min,
 * max]; min may be -inf, max +inf DIST_TRIANGULAR    min, mode, max DIST_LEVELS
 * levels[n_levels]     u picks levels[floor(u n_levels)], each level with
 * probability 1/n
 *
 * Each kind's name is declared once, in DIST_KIND_LIST.
 */
#ifndef SIM_DIST_H
#define SIM_DIST_H

#include <stddef.h>

#include "status.h"

/* X(kind, name): the name is the one scenario files and reports use. */
#define DIST_KIND_LIST                                                         \
    X(DIST_UNIFORM, "uniform")                                                 \
    X(DIST_LOG_UNIFORM, "log_uniform")                                         \
    X(DIST_NORMAL, "normal")                                                   \
    X(DIST_TRUNC_NORMAL, "truncated_normal")                                   \
    X(DIST_TRIANGULAR, "triangular")                                           \
    X(DIST_LEVELS, "levels")

enum dist_kind {
#define X(kind, name) kind,
    DIST_KIND_LIST
#undef X
};

/*
 * The coordinate that stands for u = 0 (and 1 - DIST_U_TAIL for u = 1) where
 * the inverse CDF is unbounded (normal, a truncated normal's infinite bound):
 * 2^-33, half the 2^-32 resolution of the Philox uniforms (rng.c), i.e. the
 * centre of the lowest stratum a 32-bit uniform can name.  The standard normal
 * maps it to about -6.34.
 */
#define DIST_U_TAIL 0x1p-33

/* A marginal distribution; `levels` is borrowed, never freed here. */
struct dist {
    enum dist_kind kind;
    double min, max;
    double mean, sd;
    double mode;
    const double *levels;
    size_t n_levels;
};

/*
 * Returns F^-1(u), the value of d at unit coordinate u.  u is meant to lie in
 * [0, 1) (designs) or [0, 1] (Morris grids include 1); values outside [0, 1]
 * are clamped to it and NaN gives NaN.  For the normal, u is further clamped
 * to [DIST_U_TAIL, 1 - DIST_U_TAIL] so that every coordinate maps to a finite
 * value; a truncated normal does the same only at an infinite bound.  Finite
 * bounds are reached exactly: u = 0 gives min (or the first level).  Bounded
 * kinds never return a value outside [min, max].  d must have passed
 * dist_check; the result is unspecified otherwise.  Pure: no allocation, no
 * state.
 */
double dist_quantile(const struct dist *d, double u);

/*
 * Checks that d's fields make a distribution of its kind: finite values,
 * min < max, sd > 0, min > 0 for log-uniform, min <= mode <= max, levels not
 * NULL with n_levels >= 1, a truncation window whose probability does not
 * underflow.  Returns SIM_OK, or SIM_ERR_RANGE (SIM_ERR_INVALID for an
 * unknown kind) with a message in err (SIM_ERR_LEN bytes, may be NULL) that
 * starts with the kind's name and says which field is wrong; the caller adds
 * the parameter's name.
 */
sim_status dist_check(const struct dist *d, char *err);

/* Returns the static name of k ("uniform", "log_uniform", "normal",
 * "truncated_normal", "triangular", "levels"), or "unknown" for a value
 * outside the enum; never NULL. */
const char *dist_kind_name(enum dist_kind k);

/* Sets *out to the kind named `name` (exact, case-sensitive match of
 * dist_kind_name) and returns 0, or returns -1 and leaves *out unchanged. */
int dist_kind_from_name(const char *name, enum dist_kind *out);

#endif
