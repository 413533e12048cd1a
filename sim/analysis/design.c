#include "design.h"

#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/core/alloc.h"
#include "sim/core/names.h"
#include "sim/core/rng.h"

struct design {
    enum design_kind kind;
    size_t n_params;
    size_t n_samples;
    uint64_t seed;
    size_t *levels;     /* grid: levels per parameter */
    uint32_t *perm;     /* lhs: [param][row], a permutation of 0..N-1 each */
    gsl_rng *rng;       /* random, lhs: the Philox stream of the current row */
    gsl_qrng *qrng;     /* sobol */
    size_t sobol_taken; /* points taken from qrng since its last init */
};

static const char *const kind_names[] = {
#define X(kind, name) name,
    DESIGN_KIND_LIST
#undef X
};

#define N_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *design_kind_name(enum design_kind k)
{
    return sim_name_at(kind_names, N_KINDS, (size_t)k);
}

int design_kind_from_name(const char *name, enum design_kind *out)
{
    long k = sim_name_index(kind_names, N_KINDS, name);
    if (k < 0)
        return -1;
    *out = (enum design_kind)k;
    return 0;
}

int design_sobol_n_ok(size_t n)
{
    return n != 0 && (n & (n - 1)) == 0;
}

void design_free(struct design *d)
{
    if (d == NULL)
        return;
    sim_free(d->levels);
    sim_free(d->perm);
    if (d->rng != NULL)
        gsl_rng_free(d->rng);
    if (d->qrng != NULL)
        gsl_qrng_free(d->qrng);
    sim_free(d);
}

size_t design_n_samples(const struct design *d)
{
    return d->n_samples;
}

size_t design_n_params(const struct design *d)
{
    return d->n_params;
}

/* Copies the levels and sets the size to their product. */
static sim_status grid_setup(struct design *d, const size_t *levels,
                             size_t n_samples, char *err)
{
    if (levels == NULL)
        return sim_fail(err, SIM_ERR_INVALID,
                        "grid design: levels per parameter are required");
    size_t product = 1;
    for (size_t j = 0; j < d->n_params; j++) {
        if (levels[j] < 1)
            return sim_fail(err, SIM_ERR_RANGE,
                            "grid design: parameter %zu has no levels", j);
        if (product > DESIGN_MAX_ROWS / levels[j])
            return sim_fail(err, SIM_ERR_RANGE,
                            "grid design: more than %zu combinations",
                            DESIGN_MAX_ROWS);
        product *= levels[j];
    }
    if (n_samples != 0 && n_samples != product)
        return sim_fail(err, SIM_ERR_INVALID,
                        "grid design: %zu samples requested, but the levels "
                        "make %zu combinations (pass 0)",
                        n_samples, product);
    d->levels = sim_calloc(d->n_params, sizeof *d->levels);
    if (d->levels == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "grid design: out of memory");
    memcpy(d->levels, levels, d->n_params * sizeof *d->levels);
    d->n_samples = product;
    return SIM_OK;
}

static sim_status rng_setup(struct design *d, char *err)
{
    d->rng = sim_rng_new(d->seed);
    if (d->rng == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s design: out of memory",
                        design_kind_name(d->kind));
    return SIM_OK;
}

/* Draws one permutation of the N strata per dimension. */
static sim_status lhs_setup(struct design *d, char *err)
{
    size_t n = d->n_samples;
    if (d->n_params > UINT32_MAX ||
        d->n_params > SIZE_MAX / sizeof(uint32_t) / n)
        return sim_fail(err, SIM_ERR_RANGE,
                        "lhs design: %zu parameters x %zu rows is too large",
                        d->n_params, n);
    d->perm = sim_calloc(d->n_params * n, sizeof *d->perm);
    if (d->perm == NULL)
        return sim_fail(err, SIM_ERR_NOMEM,
                        "lhs design: out of memory for %zu x %zu strata",
                        d->n_params, n);
    for (size_t j = 0; j < d->n_params; j++) {
        uint32_t *perm = d->perm + j * n;
        for (size_t i = 0; i < n; i++)
            perm[i] = (uint32_t)i;
        sim_rng_stream(d->rng, d->seed, (uint32_t)j, RNG_DESIGN_LHS_PERM,
                       RNG_PURPOSE_DESIGN);
        gsl_ran_shuffle(d->rng, perm, n, sizeof *perm);
    }
    return SIM_OK;
}

static sim_status sobol_setup(struct design *d, char *err)
{
    if (d->n_params > DESIGN_SOBOL_MAX_DIMS)
        return sim_fail(err, SIM_ERR_RANGE,
                        "sobol design: %zu dimensions requested, but GSL's "
                        "Sobol' generator provides at most %d (a Saltelli "
                        "design of k parameters needs 2k, so k <= %d); for "
                        "more, design = \"random\" or \"lhs\"",
                        d->n_params, DESIGN_SOBOL_MAX_DIMS,
                        DESIGN_SOBOL_MAX_DIMS / 2);
    if (d->n_samples > DESIGN_SOBOL_MAX_ROWS)
        return sim_fail(err, SIM_ERR_RANGE,
                        "sobol design: %zu rows requested, but GSL's Sobol' "
                        "sequence has %zu points",
                        d->n_samples, DESIGN_SOBOL_MAX_ROWS);
    d->qrng = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)d->n_params);
    if (d->qrng == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "sobol design: out of memory");
    d->sobol_taken = 0;
    return SIM_OK;
}

static sim_status setup(struct design *d, const size_t *levels,
                        size_t n_samples, char *err)
{
    if (d->kind == DESIGN_GRID)
        return grid_setup(d, levels, n_samples, err);
    if (n_samples < 1)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s design: at least one sample is needed",
                        design_kind_name(d->kind));
    if (n_samples > DESIGN_MAX_ROWS)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s design: %zu samples requested, at most %zu",
                        design_kind_name(d->kind), n_samples, DESIGN_MAX_ROWS);
    d->n_samples = n_samples;
    sim_status s;
    switch (d->kind) {
    case DESIGN_RANDOM:
        return rng_setup(d, err);
    case DESIGN_LHS:
        s = rng_setup(d, err);
        return s == SIM_OK ? lhs_setup(d, err) : s;
    case DESIGN_SOBOL:
        return sobol_setup(d, err);
    case DESIGN_GRID:
        break;
    }
    return sim_fail(err, SIM_ERR_INVALID, "unknown design kind %d",
                    (int)d->kind);
}

struct design *design_new(enum design_kind kind, size_t n_params,
                          size_t n_samples, uint64_t seed,
                          const size_t *levels_per_param, char *err)
{
    if (n_params < 1) {
        sim_fail(err, SIM_ERR_RANGE,
                 "%s design: at least one parameter is "
                 "needed",
                 design_kind_name(kind));
        return NULL;
    }
    struct design *d = sim_calloc(1, sizeof *d);
    if (d == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "design: out of memory");
        return NULL;
    }
    d->kind = kind;
    d->n_params = n_params;
    d->seed = seed;
    if (setup(d, levels_per_param, n_samples, err) != SIM_OK) {
        design_free(d);
        return NULL;
    }
    return d;
}

/* Mixed radix, last parameter fastest; coordinates at level centres. */
static void grid_row(const struct design *d, size_t row, double *out)
{
    for (size_t j = d->n_params; j-- > 0;) {
        size_t level = row % d->levels[j];
        row /= d->levels[j];
        out[j] = ((double)level + 0.5) / (double)d->levels[j];
    }
}

static void random_row(struct design *d, size_t row, double *out)
{
    sim_rng_stream(d->rng, d->seed, (uint32_t)row, RNG_DESIGN_ROWS,
                   RNG_PURPOSE_DESIGN);
    for (size_t j = 0; j < d->n_params; j++)
        out[j] = gsl_rng_uniform(d->rng);
}

/* The largest double below 1: (perm + U) / N rounds up to 1 for N > 2^21. */
#define BELOW_ONE 0x1.fffffffffffffp-1

static void lhs_row(struct design *d, size_t row, double *out)
{
    double n = (double)d->n_samples;
    random_row(d, row, out);
    for (size_t j = 0; j < d->n_params; j++) {
        double u = ((double)d->perm[j * d->n_samples + row] + out[j]) / n;
        out[j] = u < 1.0 ? u : BELOW_ONE;
    }
}

/*
 * Row 0 is the origin; row i >= 1 is GSL's i-th point, so the generator must
 * have handed out i - 1 points before.  Skipped points are written into out,
 * which the wanted point then overwrites.
 */
static sim_status sobol_row(struct design *d, size_t row, double *out,
                            char *err)
{
    if (row == 0) {
        for (size_t j = 0; j < d->n_params; j++)
            out[j] = 0.0;
        return SIM_OK;
    }
    if (d->sobol_taken > row - 1) {
        gsl_qrng_init(d->qrng);
        d->sobol_taken = 0;
    }
    for (; d->sobol_taken < row; d->sobol_taken++)
        if (gsl_qrng_get(d->qrng, out) != 0)
            return sim_fail(err, SIM_ERR_NUMERIC,
                            "sobol design: GSL's generator failed at point "
                            "%zu",
                            d->sobol_taken + 1);
    return SIM_OK;
}

sim_status design_rows(struct design *d, size_t first, size_t count,
                       double *out, char *err)
{
    if (first > d->n_samples || count > d->n_samples - first)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s design: rows [%zu, %zu + %zu) requested, the "
                        "design has %zu",
                        design_kind_name(d->kind), first, first, count,
                        d->n_samples);
    for (size_t r = 0; r < count; r++) {
        double *row = out + r * d->n_params;
        switch (d->kind) {
        case DESIGN_GRID:
            grid_row(d, first + r, row);
            break;
        case DESIGN_RANDOM:
            random_row(d, first + r, row);
            break;
        case DESIGN_LHS:
            lhs_row(d, first + r, row);
            break;
        case DESIGN_SOBOL: {
            sim_status s = sobol_row(d, first + r, row, err);
            if (s != SIM_OK)
                return s;
            break;
        }
        }
    }
    return SIM_OK;
}
