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

#endif
