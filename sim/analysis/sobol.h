/*
 * sobol.h - variance-based (Sobol') sensitivity indices: the Saltelli design
 * layout, the estimators and their confidence intervals (asymptotic or
 * bootstrap).
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
 * Confidence intervals, two methods (struct sobol_intervals):
 *
 * Asymptotic (the default; Janon, Klein, Lagnoux, Nodet & Prieur 2014,
 * "Asymptotic normality and efficiency of two Sobol index estimators").
 * m, V, V_i and VT_i are means over rows of per-row terms, so for rows drawn
 * independently S_i and ST_i are smooth functions of sample means and the
 * central limit theorem with the delta method makes them asymptotically
 * normal.  Their variance is estimated from the linearisation of each
 * estimator, one value per row (its influence), with a' = f(A) - m,
 * b' = f(B) - m, d = f(A_B^(i)) - f(A), q = (a'^2 + b'^2)/2, mean(q) = Q:
 *   psi_S  = [b' d - V_i - mean(d) (a' + b')/2 - S_i (q - Q)] / V
 *   psi_ST = [d^2/2 - VT_i - ST_i (q - Q)] / V
 * whose sums over rows are zero; se^2 = sum_j psi_j^2 / (N (N - 1)), and the
 * interval at `level` is the estimate -/+ z se, z the (1 + level)/2
 * quantile of the standard normal.  Two passes over the rows per parameter,
 * in row order on one thread: the same bits whatever the threads or ranks.
 * The interval is symmetric and may leave [0, 1] (an index near 0).
 *
 * Bootstrap: n_boot resamples of the rows (Efron & Tibshirani 1993),
 * drawing N row indices with replacement and using the same indices for
 * f_A, f_B and every f_AB^(i), so that the pairing of the points survives;
 * each resample recomputes m, V, S and ST exactly as above, and the
 * interval at `level` is the pair of (1 - level)/2 and (1 + level)/2 sample
 * quantiles (linear interpolation, gsl_stats_quantile_from_sorted_data) of
 * the resampled indices.  Resample b draws from the Philox stream
 * (seed, b, 0, RNG_PURPOSE_BOOTSTRAP), so intervals are reproducible; the
 * resamples run in parallel, each into its own column.  Its cost is n_boot
 * times the estimate's, with reads at random rows.
 *
 * Both methods treat the rows as independent draws: for a Sobol'
 * (quasi-random) design they measure the spread a random design of the same
 * size would have, which overstates the error of the quasi-random estimate.
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

/* X(method, name): the name is the one sweep files (sensitivity.intervals)
 * and output files use. */
#define SOBOL_INTERVAL_LIST                                                    \
    X(SOBOL_INTERVALS_ASYMPTOTIC, "asymptotic")                                \
    X(SOBOL_INTERVALS_BOOTSTRAP, "bootstrap")

enum sobol_interval_method {
#define X(method, name) method,
    SOBOL_INTERVAL_LIST
#undef X
        SOBOL_INTERVALS_COUNT
};

/* The methods' names, indexed by enum sobol_interval_method. */
extern const char *const sobol_interval_names[SOBOL_INTERVALS_COUNT];

/* How the intervals are computed. */
struct sobol_intervals {
    enum sobol_interval_method method;
    double level;  /* confidence level, in (0, 1), e.g. 0.95 */
    size_t n_boot; /* bootstrap: resamples; 0 gives no intervals (NaN) */
    uint64_t seed; /* bootstrap: seed of the resamples' streams */
};

/* First-order and total index of one parameter, with the bounds of their
 * confidence intervals (NaN for a bootstrap of 0 resamples). */
struct sobol_index {
    double s1, s1_lo, s1_hi;
    double st, st_lo, st_hi;
};

/*
 * Estimates S_i and ST_i for i = 0..k-1 from the outputs at the Saltelli
 * points of n rows: f_a[n], f_b[n] and f_ab[k x n] (f_ab[i * n + j] is the
 * output at A_B^(i)_j), with the intervals `ci` asks for, and writes out[k].
 * Asymptotic intervals allocate nothing; the bootstrap allocates its
 * workspace once per call (per thread n row indices, and 2k + 2k n_boot
 * doubles), not per resample, and frees it.
 * Returns SIM_OK; SIM_ERR_RANGE for k = 0, n < 2, n or n_boot beyond
 * 2^32 - 1 (Philox draws), a level outside (0, 1) or an unknown method;
 * SIM_ERR_NUMERIC for a non-finite output or zero pooled variance (indices
 * undefined); or SIM_ERR_NOMEM, each with a message in err (SIM_ERR_LEN
 * bytes, may be NULL); out is unspecified on failure.  A resample whose
 * pooled variance is zero (possible only for tiny n) is left out of the
 * intervals.
 */
sim_status sobol_indices(size_t n, size_t k, const double *f_a,
                         const double *f_b, const double *f_ab,
                         const struct sobol_intervals *ci,
                         struct sobol_index *out, char *err);

#endif
