#include "quantile.h"

#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

/* The (k+1)-th smallest of x, given v, its k-th smallest (0-based): v again
 * when v's ties reach past rank k, else the smallest value above v.  Only
 * what gsl_stats_select documents is relied on (the value it returns, not
 * how it leaves x). */
static double next_order_statistic(const double *x, size_t n, size_t k,
                                   double v)
{
    size_t at_most_v = 0;
    double above = 0.0;
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] <= v)
            at_most_v++;
        else if (!found || x[i] < above) {
            above = x[i];
            found = 1;
        }
    }
    return at_most_v > k + 1 ? v : above;
}

double sim_quantile_select(double *x, size_t n, double f)
{
    if (n == 0)
        return 0.0;
    /* The same arithmetic as gsl_stats_quantile_from_sorted_data. */
    const double index = f * (double)(n - 1);
    const size_t lhs = (size_t)index;
    const double delta = index - (double)lhs;
    if (lhs >= n - 1)
        return gsl_stats_select(x, 1, n, n - 1);
    double low = gsl_stats_select(x, 1, n, lhs);
    double high = next_order_statistic(x, n, lhs, low);
    return (1 - delta) * low + delta * high;
}

/* Below this many values a subrange is sorted rather than partitioned. */
#define SMALL_RANGE 16

static void swap(double *x, size_t i, size_t j)
{
    double t = x[i];
    x[i] = x[j];
    x[j] = t;
}

static double median_of_three(double a, double b, double c)
{
    if (a < b)
        return b < c ? b : (a < c ? c : a);
    return a < c ? a : (b < c ? c : b);
}

/*
 * Puts the order statistic of each rank in ranks[0..nr-1] (increasing, all
 * within [lo, hi)) at its own index, moving values only within [lo, hi).
 * Three-way partitions, so that ties (a column of closed organisations'
 * zeros) end a branch at once; past depth_left levels the subrange is
 * sorted (heapsort), which bounds the cost of an unlucky pivot sequence.
 */
static void multiselect(double *x, size_t lo, size_t hi, const size_t *ranks,
                        size_t nr, int depth_left)
{
    if (nr == 0 || hi - lo < 2)
        return;
    if (hi - lo <= SMALL_RANGE || depth_left == 0) {
        gsl_sort(x + lo, 1, hi - lo);
        return;
    }
    double pivot = median_of_three(x[lo], x[lo + (hi - lo) / 2], x[hi - 1]);
    size_t lt = lo, i = lo, gt = hi;
    while (i < gt) {
        if (x[i] < pivot)
            swap(x, lt++, i++);
        else if (x[i] > pivot)
            swap(x, i, --gt);
        else
            i++;
    }
    size_t below = 0;
    while (below < nr && ranks[below] < lt)
        below++;
    size_t above = below;
    while (above < nr && ranks[above] < gt)
        above++;
    multiselect(x, lo, lt, ranks, below, depth_left - 1);
    multiselect(x, gt, hi, ranks + above, nr - above, depth_left - 1);
}

void sim_quantiles_select(double *x, size_t n, const double *f, size_t k,
                          double *out)
{
    if (n == 0) {
        for (size_t q = 0; q < k; q++)
            out[q] = 0.0;
        return;
    }
    size_t ranks[2 * SIM_QUANTILES_MAX] = {0};
    size_t nr = 0;
    for (size_t q = 0; q < k && q < SIM_QUANTILES_MAX; q++) {
        const size_t lhs = (size_t)(f[q] * (double)(n - 1));
        size_t want[2] = {lhs < n - 1 ? lhs : n - 1, lhs + 1};
        for (size_t j = 0; j < (lhs < n - 1 ? 2u : 1u); j++)
            if (nr == 0 || ranks[nr - 1] < want[j])
                ranks[nr++] = want[j];
    }
    int depth = 2;
    for (size_t m = n; m > 1; m >>= 1)
        depth += 2;
    multiselect(x, 0, n, ranks, nr, depth);
    for (size_t q = 0; q < k && q < SIM_QUANTILES_MAX; q++) {
        /* The same arithmetic as gsl_stats_quantile_from_sorted_data. */
        const double index = f[q] * (double)(n - 1);
        const size_t lhs = (size_t)index;
        const double delta = index - (double)lhs;
        out[q] = lhs >= n - 1 ? x[n - 1]
                              : (1 - delta) * x[lhs] + delta * x[lhs + 1];
    }
}
