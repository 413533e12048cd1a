/*
 * sobol.h - variance-based (Sobol') sensitivity indices: the Saltelli design
 * layout, the estimators and bootstrap confidence intervals.
 *
 * Layout (Saltelli 2002; Saltelli et al. 2010).  Each row j = 0..N-1 of a
 * 2k-dimensional unit design (sobol_design_new) gives two points: A_j, its
 * first k coordinates, and B_j, its last k.  The model is run at A_j, at B_j
 * and at the k points A_B^(i)_j (A_j with coordinate i taken from B_j), so N
 * rows cost N (k + 2) evaluations.
 *
 * Estimators, with f_A, f_B, f_AB^(i) the outputs at those points:
 *   m     = (1/2N) sum_j (f(A)_j + f(B)_j)            pooled mean
 *   V     = 1/(2N - 1) sum_j [(f(A)_j - m)^2 + (f(B)_j - m)^2]
 *                                                      pooled variance
 *   V_i   = (1/N) sum_j (f(B)_j - m) (f(A_B^(i))_j - f(A)_j)
 *                                                      Saltelli et al. 2010
 *   VT_i  = (1/2N) sum_j (f(A)_j - f(A_B^(i))_j)^2     Jansen 1999
 *   S_i   = V_i / V,   ST_i = VT_i / V.
 * V divides by 2N - 1 (unbiased, as gsl_stats_variance); SALib divides by 2N,
 * a relative difference of 1/(2N).  f(B) is centred on m in V_i: subtracting
 * a constant leaves the estimator's expectation unchanged (the mean of
 * f(A_B^(i)) - f(A) is zero) but stops its noise from growing with the
 * output's offset, as the offset of a cash balance in euros would make it.
 *
 * Confidence intervals: n_boot bootstrap resamples of the rows (Efron &
 * Tibshirani 1993), drawing N row indices with replacement and using the same
 * indices for f_A, f_B and every f_AB^(i), so that the pairing of the points
 * survives; each resample recomputes m, V, S and ST exactly as above, and the
 * interval at `level` is the pair of (1 - level)/2 and (1 + level)/2 sample
 * quantiles (linear interpolation, gsl_stats_quantile_from_sorted_data) of
 * the resampled indices.  Resample b draws from the Philox stream
 * (seed, b, 0, RNG_PURPOSE_BOOTSTRAP), so intervals are reproducible.  The
 * bootstrap treats the rows as independent draws: for a Sobol' (quasi-random)
 * design it measures the spread a random design of the same size would have,
 * which overstates the error of the quasi-random estimate.
 */
#ifndef SIM_SOBOL_H
#define SIM_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "design.h"
#include "sim/core/status.h"

/* A Sobol' design of 2k dimensions exists for k <= DESIGN_SOBOL_MAX_DIMS / 2
 * (GSL's 40 dimensions). */
#define SOBOL_MAX_PARAMS (DESIGN_SOBOL_MAX_DIMS / 2)

/*
 * Creates the unit design whose rows feed sobol_saltelli_points: n rows in 2k
 * dimensions of kind DESIGN_SOBOL (the usual choice; seed ignored),
 * DESIGN_RANDOM or DESIGN_LHS.  Returns a design the caller frees with
 * design_free, or NULL with a message in err (SIM_ERR_LEN bytes, may be
 * NULL) for k = 0, n < 2 (the variance needs two rows), a grid, more than
 * SOBOL_MAX_PARAMS parameters with DESIGN_SOBOL, or design_new's failures.
 */
struct design *sobol_design_new(enum design_kind kind, size_t k, size_t n,
                                uint64_t seed, char *err);

/*
 * Writes the k + 2 evaluation points of one design row into points
 * ((k + 2) x k, row-major): A, B, then A_B^(0) .. A_B^(k-1).  unit_row_2k
 * holds the 2k coordinates of the row.  Pure.
 */
void sobol_saltelli_points(size_t k, const double *unit_row_2k, double *points);

/* First-order and total index of one parameter, with the bounds of their
 * bootstrap percentile intervals (NaN when n_boot is 0). */
struct sobol_index {
    double s1, s1_lo, s1_hi;
    double st, st_lo, st_hi;
};

/*
 * Estimates S_i and ST_i for i = 0..k-1 from the outputs at the Saltelli
 * points of n rows: f_a[n], f_b[n] and f_ab[k x n] (f_ab[i * n + j] is the
 * output at A_B^(i)_j), with n_boot bootstrap resamples for intervals at
 * `level` (e.g. 0.95), and writes out[k].  Allocates its workspace once per
 * call (n row indices, 2k + 2k n_boot doubles), not per resample, and frees
 * it.
 * Returns SIM_OK; SIM_ERR_RANGE for k = 0, n < 2, n or n_boot beyond
 * 2^32 - 1 (Philox draws), level outside (0, 1); SIM_ERR_NUMERIC for a
 * non-finite output or zero pooled variance (indices undefined); or
 * SIM_ERR_NOMEM, each with a message in err (SIM_ERR_LEN bytes, may be NULL);
 * out is unspecified on failure.  A resample whose pooled variance is zero
 * (possible only for tiny n) is left out of the intervals.
 */
sim_status sobol_indices(size_t n, size_t k, const double *f_a,
                         const double *f_b, const double *f_ab, size_t n_boot,
                         double level, uint64_t seed, struct sobol_index *out,
                         char *err);

#endif
