#include "quantile.h"

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
