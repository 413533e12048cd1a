#include "sobol.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/core/alloc.h"
#include "sim/core/rng.h"
#include "sim/core/threads.h"

/* Largest n and n_boot: row indices are drawn by gsl_rng_uniform_int on a
 * 32-bit Philox (at most 2^32 - 1 values), resamples indexed by its 32-bit
 * sample field (rng.h). */
#define SOBOL_MAX_DRAWS ((size_t)UINT32_MAX)

const char *const sobol_interval_names[SOBOL_INTERVALS_COUNT] = {
#define X(method, name) name,
    SOBOL_INTERVAL_LIST
#undef X
};

/* Parameters estimated together, each row fetched once per group instead of
 * once per parameter: a bootstrap resample reads rows at random, and those
 * fetches, not the arithmetic, were the cost.  Each parameter's sums still
 * run over the rows in order, so the indices are the same bits as one
 * parameter at a time. */
enum { ESTIMATE_GROUP = 8 };

struct design *sobol_design_new(enum design_kind kind, size_t k, size_t n,
                                uint64_t seed, char *err)
{
    if (k < 1) {
        sim_fail(err, SIM_ERR_RANGE,
                 "Saltelli design: at least one parameter is needed");
        return NULL;
    }
    if (n < 2) {
        sim_fail(err, SIM_ERR_RANGE,
                 "Saltelli design: %zu base rows, at least 2 are needed to "
                 "estimate a variance",
                 n);
        return NULL;
    }
    if (kind == DESIGN_GRID) {
        sim_fail(err, SIM_ERR_INVALID,
                 "Saltelli design: A and B must be sampled (sobol, random "
                 "or lhs), not a grid");
        return NULL;
    }
    if (kind == DESIGN_SOBOL && k > SOBOL_MAX_PARAMS) {
        sim_fail(err, SIM_ERR_RANGE,
                 "Saltelli design: %zu parameters, but A and B drawn from "
                 "one Sobol' sequence need 2k = %zu dimensions and GSL's "
                 "has %d, so at most %d parameters; for more, draw A and "
                 "B from design = \"random\" or \"lhs\"",
                 k, 2 * k, DESIGN_SOBOL_MAX_DIMS, SOBOL_MAX_PARAMS);
        return NULL;
    }
    return design_new(kind, 2 * k, n, seed, NULL, err);
}

void sobol_saltelli_points(size_t k, const double *unit_row_2k, double *points)
{
    const double *a = unit_row_2k, *b = unit_row_2k + k;
    memcpy(points, a, k * sizeof *points);
    memcpy(points + k, b, k * sizeof *points);
    for (size_t i = 0; i < k; i++) {
        double *ab = points + (2 + i) * k;
        memcpy(ab, a, k * sizeof *ab);
        ab[i] = b[i];
    }
}

/* The outputs of a (re)sample: row j of the sample is row rows[j] of the
 * data, or row j itself when rows is NULL. */
struct sample {
    size_t n, k;
    const double *f_a, *f_b, *f_ab;
    const uint32_t *rows;
};

static size_t row_of(const struct sample *s, size_t j)
{
    return s->rows != NULL ? s->rows[j] : j;
}

/* Pooled mean and variance (divisor 2n - 1) of f_A and f_B; with
 * mean_square non-NULL, also sum_j [(f(A)_j - m)^2 + (f(B)_j - m)^2] / 2n. */
static void pooled_moments(const struct sample *s, double *mean,
                           double *variance, double *mean_square)
{
    double sum = 0.0;
    for (size_t j = 0; j < s->n; j++) {
        size_t r = row_of(s, j);
        sum += s->f_a[r] + s->f_b[r];
    }
    double m = sum / (double)(2 * s->n);
    double ss = 0.0;
    for (size_t j = 0; j < s->n; j++) {
        size_t r = row_of(s, j);
        double da = s->f_a[r] - m, db = s->f_b[r] - m;
        ss += da * da + db * db;
    }
    *mean = m;
    *variance = ss / (double)(2 * s->n - 1);
    if (mean_square != NULL)
        *mean_square = ss / (double)(2 * s->n);
}

/* Sums over the rows of (f(B) - m)(f(A_B^(i)) - f(A)) into first[q] and of
 * (f(A_B^(i)) - f(A))^2 into total[q], for the g parameters i = i0 + q. */
static void group_sums(const struct sample *s, double m, size_t i0, size_t g,
                       double *first, double *total)
{
    for (size_t q = 0; q < g; q++)
        first[q] = total[q] = 0.0;
    for (size_t j = 0; j < s->n; j++) {
        size_t r = row_of(s, j);
        double f_a = s->f_a[r], centred_b = s->f_b[r] - m;
        for (size_t q = 0; q < g; q++) {
            double step = s->f_ab[(i0 + q) * s->n + r] - f_a;
            first[q] += centred_b * step;
            total[q] += step * step;
        }
    }
}

static size_t group_size(size_t k, size_t i0)
{
    return k - i0 < ESTIMATE_GROUP ? k - i0 : ESTIMATE_GROUP;
}

/*
 * Writes S_i into s1[i * stride] and ST_i into st[i * stride] (a resample's
 * column).  Returns 0, or -1 (nothing written) when the pooled variance is
 * zero.
 */
static int estimate(const struct sample *s, double *s1, double *st,
                    size_t stride)
{
    double m, v;
    pooled_moments(s, &m, &v, NULL);
    if (!(v > 0.0))
        return -1;
    for (size_t i0 = 0; i0 < s->k; i0 += ESTIMATE_GROUP) {
        size_t g = group_size(s->k, i0);
        double first[ESTIMATE_GROUP], total[ESTIMATE_GROUP];
        group_sums(s, m, i0, g, first, total);
        for (size_t q = 0; q < g; q++) {
            s1[(i0 + q) * stride] = first[q] / (double)s->n / v;
            st[(i0 + q) * stride] = total[q] / (double)(2 * s->n) / v;
        }
    }
    return 0;
}

/* As estimate, into out[i].s1 and out[i].st, with the pooled moments. */
static int estimate_full(const struct sample *s, struct sobol_index *out,
                         double *m, double *v, double *mean_square)
{
    pooled_moments(s, m, v, mean_square);
    if (!(*v > 0.0))
        return -1;
    for (size_t i0 = 0; i0 < s->k; i0 += ESTIMATE_GROUP) {
        size_t g = group_size(s->k, i0);
        double first[ESTIMATE_GROUP], total[ESTIMATE_GROUP];
        group_sums(s, *m, i0, g, first, total);
        for (size_t q = 0; q < g; q++) {
            out[i0 + q].s1 = first[q] / (double)s->n / *v;
            out[i0 + q].st = total[q] / (double)(2 * s->n) / *v;
        }
    }
    return 0;
}

/*
 * Asymptotic intervals of the full sample's indices (sobol.h gives the
 * formulas): for each group of parameters, passes for the sums of the
 * estimators, of d = f(A_B^(i)) - f(A), then of the squared influences, all
 * over the rows in order, on the calling thread.
 * out[i].s1 and .st must hold the estimates; m, v and mean_square come
 * from pooled_moments.
 */
static void asymptotic_intervals(const struct sample *s, double m, double v,
                                 double mean_square, double level,
                                 struct sobol_index *out)
{
    double z = gsl_cdf_ugaussian_Pinv((1.0 + level) / 2.0);
    double n = (double)s->n;
    for (size_t i0 = 0; i0 < s->k; i0 += ESTIMATE_GROUP) {
        size_t g = group_size(s->k, i0);
        double first[ESTIMATE_GROUP], total[ESTIMATE_GROUP];
        double step_sum[ESTIMATE_GROUP] = {0.0};
        group_sums(s, m, i0, g, first, total);
        for (size_t j = 0; j < s->n; j++)
            for (size_t q = 0; q < g; q++)
                step_sum[q] += s->f_ab[(i0 + q) * s->n + j] - s->f_a[j];
        double v_first[ESTIMATE_GROUP], v_total[ESTIMATE_GROUP];
        double step_mean[ESTIMATE_GROUP];
        double ss_first[ESTIMATE_GROUP] = {0.0},
               ss_total[ESTIMATE_GROUP] = {0.0};
        for (size_t q = 0; q < g; q++) {
            v_first[q] = first[q] / n;
            v_total[q] = total[q] / (2.0 * n);
            step_mean[q] = step_sum[q] / n;
        }
        for (size_t j = 0; j < s->n; j++) {
            double centred_a = s->f_a[j] - m, centred_b = s->f_b[j] - m;
            double half_sum = 0.5 * (centred_a + centred_b);
            double square =
                0.5 * (centred_a * centred_a + centred_b * centred_b) -
                mean_square;
            for (size_t q = 0; q < g; q++) {
                const struct sobol_index *x = &out[i0 + q];
                double step = s->f_ab[(i0 + q) * s->n + j] - s->f_a[j];
                double psi_first = centred_b * step - v_first[q] -
                                   step_mean[q] * half_sum - x->s1 * square;
                double psi_total =
                    0.5 * step * step - v_total[q] - x->st * square;
                ss_first[q] += psi_first * psi_first;
                ss_total[q] += psi_total * psi_total;
            }
        }
        for (size_t q = 0; q < g; q++) {
            struct sobol_index *x = &out[i0 + q];
            double half_s1 = z * sqrt(ss_first[q] / (n * (n - 1.0))) / v;
            double half_st = z * sqrt(ss_total[q] / (n * (n - 1.0))) / v;
            x->s1_lo = x->s1 - half_s1;
            x->s1_hi = x->s1 + half_s1;
            x->st_lo = x->st - half_st;
            x->st_hi = x->st + half_st;
        }
    }
}

static sim_status check_finite(const struct sample *s, char *err)
{
    for (size_t j = 0; j < s->n; j++) {
        if (!isfinite(s->f_a[j]))
            return sim_fail(err, SIM_ERR_NUMERIC,
                            "Sobol' indices: f_a[%zu] is not finite (%g)", j,
                            s->f_a[j]);
        if (!isfinite(s->f_b[j]))
            return sim_fail(err, SIM_ERR_NUMERIC,
                            "Sobol' indices: f_b[%zu] is not finite (%g)", j,
                            s->f_b[j]);
    }
    for (size_t i = 0; i < s->k; i++)
        for (size_t j = 0; j < s->n; j++)
            if (!isfinite(s->f_ab[i * s->n + j]))
                return sim_fail(err, SIM_ERR_NUMERIC,
                                "Sobol' indices: f_ab[%zu][%zu] (parameter "
                                "%zu, row %zu) is not finite (%g)",
                                i, j, i, j, s->f_ab[i * s->n + j]);
    return SIM_OK;
}

static sim_status check_args(size_t n, size_t k,
                             const struct sobol_intervals *ci, char *err)
{
    size_t n_boot = ci->n_boot;
    double level = ci->level;
    if (k < 1)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Sobol' indices: at least one parameter is needed");
    if (n < 2)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Sobol' indices: %zu rows, at least 2 are needed to "
                        "estimate a variance",
                        n);
    if (n > SOBOL_MAX_DRAWS || n_boot > SOBOL_MAX_DRAWS)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Sobol' indices: rows (%zu) and resamples (%zu) must "
                        "each be at most %zu",
                        n, n_boot, SOBOL_MAX_DRAWS);
    if (!(level > 0.0 && level < 1.0))
        return sim_fail(err, SIM_ERR_RANGE,
                        "Sobol' indices: confidence level %g is not in (0, 1)",
                        level);
    if ((unsigned)ci->method >= SOBOL_INTERVALS_COUNT)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Sobol' indices: unknown interval method %d "
                        "(expected asymptotic or bootstrap)",
                        (int)ci->method);
    return SIM_OK;
}

/* Bootstrap workspace, allocated once per sobol_indices call: a generator
 * and a row buffer per thread, as resamples run in parallel. */
struct bootstrap {
    int threads;
    gsl_rng **rng;        /* [thread] */
    uint32_t **rows;      /* [thread][n]: resampled row indices */
    unsigned char *valid; /* [resample]: nonzero variance */
    double *boot_s1;      /* [param][resample] */
    double *boot_st;      /* [param][resample] */
    size_t n_valid;       /* resamples with nonzero variance */
};

static void bootstrap_free(struct bootstrap *b)
{
    for (int t = 0; t < b->threads; t++) {
        if (b->rng != NULL && b->rng[t] != NULL)
            gsl_rng_free(b->rng[t]);
        if (b->rows != NULL)
            sim_free(b->rows[t]);
    }
    sim_free(b->rng);
    sim_free(b->rows);
    sim_free(b->valid);
    sim_free(b->boot_s1);
    sim_free(b->boot_st);
}

static sim_status bootstrap_alloc(struct bootstrap *b, size_t n, size_t k,
                                  size_t n_boot, uint64_t seed, char *err)
{
    memset(b, 0, sizeof *b);
    int threads = sim_max_threads();
    if (threads < 1)
        threads = 1;
    if ((size_t)threads > n_boot)
        threads = n_boot > 0 ? (int)n_boot : 1;
    b->rng = sim_calloc((size_t)threads, sizeof *b->rng);
    b->rows = sim_calloc((size_t)threads, sizeof *b->rows);
    int ok = b->rng != NULL && b->rows != NULL;
    if (ok)
        b->threads = threads;
    for (int t = 0; ok && t < threads; t++) {
        b->rng[t] = sim_rng_new(seed);
        b->rows[t] = sim_calloc(n, sizeof *b->rows[t]);
        ok = b->rng[t] != NULL && b->rows[t] != NULL;
    }
    b->valid = sim_calloc(n_boot ? n_boot : 1, sizeof *b->valid);
    b->boot_s1 = sim_calloc(k * n_boot, sizeof *b->boot_s1);
    b->boot_st = sim_calloc(k * n_boot, sizeof *b->boot_st);
    if (!ok || b->valid == NULL || b->boot_s1 == NULL || b->boot_st == NULL) {
        bootstrap_free(b);
        return sim_fail(err, SIM_ERR_NOMEM,
                        "Sobol' indices: out of memory for %zu bootstrap "
                        "resamples of %zu rows",
                        n_boot, n);
    }
    return SIM_OK;
}

/* Runs the resamples, in parallel: resample r's indices come from stream
 * r and its indices go to column r, so the threads change nothing; the
 * valid resamples are then packed in order, as one thread would. */
static void bootstrap_run(struct bootstrap *b, const struct sample *full,
                          size_t n_boot, uint64_t seed)
{
    long count = (long)n_boot;
#pragma omp parallel for schedule(dynamic) num_threads(b->threads)
    for (long r = 0; r < count; r++) {
        int t = sim_thread_id();
        struct sample s = *full;
        s.rows = b->rows[t];
        sim_rng_stream(b->rng[t], seed, (uint32_t)r, 0, RNG_PURPOSE_BOOTSTRAP);
        for (size_t j = 0; j < s.n; j++)
            b->rows[t][j] = (uint32_t)gsl_rng_uniform_int(b->rng[t], s.n);
        b->valid[r] = estimate(&s, b->boot_s1 + r, b->boot_st + r, n_boot) == 0;
    }
    b->n_valid = 0;
    for (size_t r = 0; r < n_boot; r++) {
        if (!b->valid[r])
            continue;
        for (size_t i = 0; i < full->k; i++) {
            b->boot_s1[i * n_boot + b->n_valid] = b->boot_s1[i * n_boot + r];
            b->boot_st[i * n_boot + b->n_valid] = b->boot_st[i * n_boot + r];
        }
        b->n_valid++;
    }
}

/* Percentile interval of values[count] (sorted in place). */
static void percentile_interval(double *values, size_t count, double level,
                                double *lo, double *hi)
{
    if (count == 0) {
        *lo = *hi = NAN;
        return;
    }
    gsl_sort(values, 1, count);
    *lo = gsl_stats_quantile_from_sorted_data(values, 1, count,
                                              (1.0 - level) / 2.0);
    *hi = gsl_stats_quantile_from_sorted_data(values, 1, count,
                                              (1.0 + level) / 2.0);
}

/* The bootstrap's intervals of the full sample's indices (out[i].s1 and
 * .st hold the estimates). */
static sim_status bootstrap_intervals(const struct sample *full,
                                      const struct sobol_intervals *ci,
                                      struct sobol_index *out, char *err)
{
    struct bootstrap b;
    sim_status status =
        bootstrap_alloc(&b, full->n, full->k, ci->n_boot, ci->seed, err);
    if (status != SIM_OK)
        return status;
    bootstrap_run(&b, full, ci->n_boot, ci->seed);
    for (size_t i = 0; i < full->k; i++) {
        percentile_interval(b.boot_s1 + i * ci->n_boot, b.n_valid, ci->level,
                            &out[i].s1_lo, &out[i].s1_hi);
        percentile_interval(b.boot_st + i * ci->n_boot, b.n_valid, ci->level,
                            &out[i].st_lo, &out[i].st_hi);
    }
    bootstrap_free(&b);
    return SIM_OK;
}

sim_status sobol_indices(size_t n, size_t k, const double *f_a,
                         const double *f_b, const double *f_ab,
                         const struct sobol_intervals *ci,
                         struct sobol_index *out, char *err)
{
    sim_status status = check_args(n, k, ci, err);
    if (status != SIM_OK)
        return status;
    struct sample full = {n, k, f_a, f_b, f_ab, NULL};
    status = check_finite(&full, err);
    if (status != SIM_OK)
        return status;
    double m, v, mean_square;
    if (estimate_full(&full, out, &m, &v, &mean_square) != 0)
        return sim_fail(err, SIM_ERR_NUMERIC,
                        "Sobol' indices: the output has zero variance over "
                        "A and B, so the indices are undefined");
    if (ci->method == SOBOL_INTERVALS_BOOTSTRAP)
        return bootstrap_intervals(&full, ci, out, err);
    asymptotic_intervals(&full, m, v, mean_square, ci->level, out);
    return SIM_OK;
}
