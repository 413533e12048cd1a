/*
 * quantile.h - quantiles without a full sort.
 *
 * The summaries take three quantiles of every variable at every horizon over
 * all replicates; sorting each column (GSL's gsl_sort is a heapsort) was a
 * tenth of a run that writes summaries only.  Selection finds the two order
 * statistics a quantile needs in linear time and gives the same value, to
 * the bit, as gsl_stats_quantile_from_sorted_data on the sorted data (but
 * for the sign of a zero when -0 and +0 tie: a sort orders them anyhow).
 */
#ifndef SIM_QUANTILE_H
#define SIM_QUANTILE_H

#include <stddef.h>

/*
 * Quantile f (0..1) of the n values in x, interpolated linearly between
 * order statistics as gsl_stats_quantile_from_sorted_data does on sorted
 * data (0 when n is 0).  Rearranges x; allocates nothing.  With a NaN in x
 * the result is unspecified, as a quantile of sorted data would be (the
 * models' outputs are finite: the summaries never see one).
 */
double sim_quantile_select(double *x, size_t n, double f);

/* At most this many fractions in one sim_quantiles_select call. */
#define SIM_QUANTILES_MAX 16

/*
 * The quantiles f[0..k-1] (0..1, increasing; k <= SIM_QUANTILES_MAX) of the
 * n values in x into out[0..k-1], each the value sim_quantile_select gives
 * for f[i] (and so GSL's on sorted data).  One selection finds every order
 * statistic the k quantiles need, cheaper than k separate selections:
 * fan charts take five quantiles of every variable at every month.
 * Rearranges x; allocates nothing; O(n log n) at worst.
 */
void sim_quantiles_select(double *x, size_t n, const double *f, size_t k,
                          double *out);

/*
 * The same quantiles as sim_quantiles_select, leaving x as it is, in about
 * two passes over x: the values are counted into buckets of equal width
 * between their minimum and maximum (the bucket of a value never decreases
 * as the value grows, so order statistics are found by counting), and only
 * the buckets that hold the wanted order statistics are copied to scratch
 * (n doubles) and selected.  A column of one value costs one pass.  For the
 * fan charts, five quantiles of every variable at every month; allocates
 * nothing.
 */
void sim_quantiles(const double *x, size_t n, const double *f, size_t k,
                   double *out, double *scratch);

/*
 * The mean of x[0..n-1] (0 when n is 0), summed in four interleaved partial
 * sums combined in a fixed order: the same bits on every run and thread
 * count, and about four times faster than one running sum.
 */
double sim_mean(const double *x, size_t n);

#endif
