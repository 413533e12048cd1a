#include "morris.h"

#include <math.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/core/rng.h"

static sim_status check_args(size_t k, size_t r, size_t p_levels, char *err)
{
    if (k < 1)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Morris: at least one parameter is needed");
    if (r < 2)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Morris: %zu trajectories, at least 2 are needed for "
                        "sigma",
                        r);
    if (r > UINT32_MAX)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Morris: %zu trajectories, at most %u", r,
                        (unsigned)UINT32_MAX);
    /* gsl_rng_uniform_int on a 32-bit Philox draws below at most 2^32 - 1;
     * beyond, GSL's error handler would fire. */
    if (k > UINT32_MAX || p_levels / 2 > UINT32_MAX)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Morris: %zu parameters and %zu levels; each must "
                        "be at most %u",
                        k, p_levels, (unsigned)UINT32_MAX);
    if (p_levels < 2 || p_levels % 2 != 0)
        return sim_fail(err, SIM_ERR_RANGE,
                        "Morris: %zu levels; the number of levels must be "
                        "even and at least 2 (Morris 1991: only then does "
                        "the step p/(2(p-1)) visit every level equally)",
                        p_levels);
    return SIM_OK;
}

/*
 * One trajectory into pts[(k + 1) x k] and order[k]; levels are integers
 * 0..p-1 until the final division by p - 1, so points agree exactly on the
 * coordinates they share.
 */
static void trajectory(gsl_rng *rng, size_t k, size_t p_levels, double *pts,
                       size_t *order)
{
    size_t jump = p_levels / 2;
    double last = (double)(p_levels - 1);
    /* First point: base level, or base + jump for parameters moving down. */
    for (size_t i = 0; i < k; i++)
        pts[i] = (double)gsl_rng_uniform_int(rng, jump);
    for (size_t i = 0; i < k; i++)
        if (gsl_rng_uniform_int(rng, 2) == 0)
            pts[i] += (double)jump;
    for (size_t i = 0; i < k; i++)
        order[i] = i;
    gsl_ran_shuffle(rng, order, k, sizeof *order);
    for (size_t m = 0; m < k; m++) {
        double *from = pts + m * k, *to = from + k;
        size_t i = order[m];
        for (size_t j = 0; j < k; j++)
            to[j] = from[j];
        /* Levels below `jump` move up, the others down. */
        to[i] = from[i] < (double)jump ? from[i] + (double)jump
                                       : from[i] - (double)jump;
    }
    for (size_t c = 0; c < (k + 1) * k; c++)
        pts[c] /= last;
}

sim_status morris_points(size_t k, size_t r, size_t p_levels, uint64_t seed,
                         double *points, size_t *changed, char *err)
{
    sim_status s = check_args(k, r, p_levels, err);
    if (s != SIM_OK)
        return s;
    gsl_rng *rng = sim_rng_new(seed);
    if (rng == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "Morris: out of memory");
    for (size_t t = 0; t < r; t++) {
        sim_rng_stream(rng, seed, (uint32_t)t, RNG_DESIGN_MORRIS,
                       RNG_PURPOSE_DESIGN);
        trajectory(rng, k, p_levels, points + t * (k + 1) * k, changed + t * k);
    }
    gsl_rng_free(rng);
    return SIM_OK;
}

void morris_indices(size_t k, size_t r, const double *points,
                    const size_t *changed, const double *f,
                    struct morris_index *out)
{
    /* Welford's running mean and sum of squared deviations (held in sigma
     * until the end), as every parameter gets one effect per trajectory. */
    for (size_t i = 0; i < k; i++)
        out[i] = (struct morris_index){0.0, 0.0, 0.0};
    for (size_t t = 0; t < r; t++) {
        const double *pts = points + t * (k + 1) * k;
        const double *ft = f + t * (k + 1);
        double count = (double)(t + 1);
        for (size_t m = 0; m < k; m++) {
            size_t i = changed[t * k + m];
            double du = pts[(m + 1) * k + i] - pts[m * k + i];
            double ee = (ft[m + 1] - ft[m]) / du;
            struct morris_index *o = &out[i];
            double dev = ee - o->mu;
            o->mu += dev / count;
            o->sigma += dev * (ee - o->mu);
            o->mu_star += (fabs(ee) - o->mu_star) / count;
        }
    }
    for (size_t i = 0; i < k; i++)
        out[i].sigma = r >= 2 ? sqrt(out[i].sigma / (double)(r - 1)) : NAN;
}
