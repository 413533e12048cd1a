/*
 * morris.h - Morris elementary effects: a screening of which parameters
 * matter, at r (k + 1) model runs for k parameters.
 *
 * Trajectories (Morris 1991).  The unit interval carries a grid of p levels,
 * 0, 1/(p-1), ..., 1 (both ends included, unlike designs), and the step is
 * delta = p / (2 (p - 1)), i.e. p/2 levels.  A trajectory starts at a random
 * base point x* whose coordinates are drawn uniformly from the p/2 levels
 * 0 .. 1 - delta, picks for each parameter a random direction (up: from x*_i
 * to x*_i + delta; down: from x*_i + delta to x*_i) and a random order of the
 * parameters, then moves one parameter at a time in that order: k + 1 points,
 * consecutive points differing in exactly one coordinate by +-delta.  With p
 * even each level is visited with the same probability.  Trajectory t draws,
 * in this order, k base levels, k directions and the order (gsl_ran_shuffle)
 * from the Philox stream (seed, t, RNG_DESIGN_MORRIS, RNG_PURPOSE_DESIGN), so
 * it depends only on (seed, t, k, p).  No optimisation of the trajectories'
 * spread (Campolongo et al. 2007's selection among many) is done.
 *
 * Elementary effects are measured in unit-coordinate space:
 * EE = (f(x') - f(x)) / (u'_i - u_i), where u is the unit coordinate of the
 * changed parameter before it passes through its distribution (dist.h).  For a
 * uniform marginal on [min, max] the effect per unit of the parameter is
 * EE / (max - min); in unit space all parameters are compared on the scale of
 * their whole range.  Per parameter, over its r effects:
 *   mu    = mean EE                                     (Morris 1991)
 *   mu*   = mean |EE|                      (Campolongo, Cariboni & Saltelli
 *                                           2007; robust to sign changes)
 *   sigma = standard deviation of EE, divisor r - 1     (Morris 1991)
 * A large sigma relative to mu* signals non-linearity or interactions.
 */
#ifndef SIM_MORRIS_H
#define SIM_MORRIS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/core/status.h"

/*
 * Writes r trajectories for k parameters on a p_levels grid: points
 * (r (k + 1) x k unit coordinates in [0, 1], row-major, trajectory after
 * trajectory) and changed (r x k: changed[t * k + m] is the parameter that
 * moves between points m and m + 1 of trajectory t; each trajectory's k
 * entries are a permutation of 0..k-1).  Allocates only its generator, and
 * frees it.  Returns SIM_OK; SIM_ERR_RANGE for k = 0, r < 2 (sigma needs two
 * effects), r, k or p_levels/2 beyond 2^32 - 1 (Philox draws), or p_levels
 * odd or below 2, with the buffers untouched; or SIM_ERR_NOMEM; each with a
 * message in err (SIM_ERR_LEN bytes, may be NULL).
 */
sim_status morris_points(size_t k, size_t r, size_t p_levels, uint64_t seed,
                         double *points, size_t *changed, char *err);

/* mu, mu* and sigma of one parameter's elementary effects. */
struct morris_index {
    double mu, mu_star, sigma;
};

/*
 * Computes out[k] from the outputs f[r (k + 1)] at the points (and changed)
 * written by morris_points with the same k and r.  sigma is NaN when r < 2.
 * Pure: no allocation; non-finite outputs propagate into the indices.
 */
void morris_indices(size_t k, size_t r, const double *points,
                    const size_t *changed, const double *f,
                    struct morris_index *out);

#endif
