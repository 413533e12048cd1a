#include "quantile.h"

#include <string.h>

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

/* The ranks (0-based, increasing, no repeats) of the order statistics the
 * quantiles f[0..k-1] of n > 0 values need; returns how many. */
static size_t quantile_ranks(size_t n, const double *f, size_t k, size_t *ranks)
{
    size_t nr = 0;
    for (size_t q = 0; q < k && q < SIM_QUANTILES_MAX; q++) {
        const size_t lhs = (size_t)(f[q] * (double)(n - 1));
        size_t want[2] = {lhs < n - 1 ? lhs : n - 1, lhs + 1};
        for (size_t j = 0; j < (lhs < n - 1 ? 2u : 1u); j++)
            if (nr == 0 || ranks[nr - 1] < want[j])
                ranks[nr++] = want[j];
    }
    return nr;
}

/* The quantiles from their order statistics: order[i] is the value of rank
 * ranks[i]. */
static void quantiles_from(size_t n, const double *f, size_t k,
                           const size_t *ranks, const double *order,
                           double *out)
{
    for (size_t q = 0; q < k && q < SIM_QUANTILES_MAX; q++) {
        /* The same arithmetic as gsl_stats_quantile_from_sorted_data. */
        const double index = f[q] * (double)(n - 1);
        const size_t lhs = (size_t)index;
        const double delta = index - (double)lhs;
        size_t i = 0;
        while (ranks[i] < (lhs < n - 1 ? lhs : n - 1))
            i++;
        out[q] = lhs >= n - 1 ? order[i]
                              : (1 - delta) * order[i] + delta * order[i + 1];
    }
}

static int selection_depth(size_t n)
{
    int depth = 2;
    for (size_t m = n; m > 1; m >>= 1)
        depth += 2;
    return depth;
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
    double order[2 * SIM_QUANTILES_MAX];
    size_t nr = quantile_ranks(n, f, k, ranks);
    multiselect(x, 0, n, ranks, nr, selection_depth(n));
    for (size_t i = 0; i < nr; i++)
        order[i] = x[ranks[i]];
    quantiles_from(n, f, k, ranks, order, out);
}

/* Buckets of sim_quantiles: a few values each for a thousand replicates,
 * and a count array that stays in the first-level cache. */
#define BUCKETS 1024

void sim_quantiles(const double *x, size_t n, const double *f, size_t k,
                   double *out, double *scratch)
{
    if (n == 0) {
        for (size_t q = 0; q < k; q++)
            out[q] = 0.0;
        return;
    }
    size_t ranks[2 * SIM_QUANTILES_MAX] = {0};
    double order[2 * SIM_QUANTILES_MAX];
    size_t nr = quantile_ranks(n, f, k, ranks);
    double lo = x[0], hi = x[0];
    for (size_t i = 1; i < n; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    const double scale = (double)BUCKETS / (hi - lo);
    if (!(hi > lo) || !(scale > 0.0) || scale > 1e300) {
        /* One value (closed organisations, a source never used), or a
         * range too wide or too narrow to cut into buckets. */
        if (!(hi > lo)) {
            for (size_t i = 0; i < nr; i++)
                order[i] = lo;
        } else {
            for (size_t i = 0; i < n; i++)
                scratch[i] = x[i];
            multiselect(scratch, 0, n, ranks, nr, selection_depth(n));
            for (size_t i = 0; i < nr; i++)
                order[i] = scratch[ranks[i]];
        }
        quantiles_from(n, f, k, ranks, order, out);
        return;
    }
    /* (x - lo) * scale never decreases as x grows (each rounding is
     * monotone), so every value of a lower bucket is below every value of
     * a higher one: counts place each wanted rank in its bucket. */
    unsigned counts[BUCKETS] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t b = (size_t)((x[i] - lo) * scale);
        counts[b < BUCKETS ? b : BUCKETS - 1]++;
    }
    size_t bucket_of[2 * SIM_QUANTILES_MAX], below[2 * SIM_QUANTILES_MAX];
    size_t seen = 0, b = 0;
    for (size_t i = 0; i < nr; i++) {
        while (seen + counts[b] <= ranks[i])
            seen += counts[b++];
        bucket_of[i] = b;
        below[i] = seen;
    }
    /* The wanted buckets side by side in scratch, in bucket order. */
    signed char slot[BUCKETS];
    memset(slot, -1, sizeof slot);
    size_t start[2 * SIM_QUANTILES_MAX + 1], fill[2 * SIM_QUANTILES_MAX];
    size_t n_slots = 0;
    start[0] = 0;
    for (size_t i = 0; i < nr; i++)
        if (slot[bucket_of[i]] < 0) {
            slot[bucket_of[i]] = (signed char)n_slots;
            fill[n_slots] = start[n_slots];
            start[n_slots + 1] = start[n_slots] + counts[bucket_of[i]];
            n_slots++;
        }
    for (size_t i = 0; i < n; i++) {
        size_t bk = (size_t)((x[i] - lo) * scale);
        int s = slot[bk < BUCKETS ? bk : BUCKETS - 1];
        if (s >= 0)
            scratch[fill[s]++] = x[i];
    }
    for (size_t s = 0; s < n_slots; s++) {
        size_t local[2 * SIM_QUANTILES_MAX], m = 0, first = 0;
        for (size_t i = 0; i < nr; i++)
            if ((size_t)slot[bucket_of[i]] == s) {
                if (m == 0)
                    first = i;
                local[m++] = ranks[i] - below[i];
            }
        size_t count = start[s + 1] - start[s];
        multiselect(scratch + start[s], 0, count, local, m,
                    selection_depth(count));
        for (size_t i = 0; i < m; i++)
            order[first + i] = scratch[start[s] + local[i]];
    }
    quantiles_from(n, f, k, ranks, order, out);
}

double sim_mean(const double *x, size_t n)
{
    if (n == 0)
        return 0.0;
    double part[4] = {0.0, 0.0, 0.0, 0.0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int j = 0; j < 4; j++)
            part[j] += x[i + (size_t)j];
    for (; i < n; i++)
        part[i % 4] += x[i];
    return ((part[0] + part[1]) + (part[2] + part[3])) / (double)n;
}
