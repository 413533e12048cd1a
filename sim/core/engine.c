#include "engine.h"

#include <string.h>

#include "alloc.h"
#include "rng.h"
#include "threads.h"

#define ENGINE_DEFAULT_BLOCK 256

struct engine {
    const struct model_type *model;
    const void *params;
    struct engine_config config;
    int n_threads;
    gsl_rng **rngs;        /* one per thread */
    unsigned char *states; /* n_threads * state_stride */
    double *rows;          /* n_threads * row_stride: one month's output */
    size_t state_stride;   /* bytes between threads' states */
    size_t row_stride;     /* doubles between threads' rows */
    double *values;        /* [var][block_size][months] */
    double *initial;       /* [var] */
    size_t *kept;          /* indices of the variables kept month by month */
    size_t n_kept;
    double *at_horizon;    /* [var][horizon][replicates] */
    size_t n_units;        /* units kept at each horizon, 0: none */
    double *unit_values;   /* [horizon][replicates][unit][unit var] */
    long next_replicate;
};



void engine_free(struct engine *e)
{
    if (e == NULL)
        return;
    if (e->rngs != NULL)
        for (int t = 0; t < e->n_threads; t++)
            if (e->rngs[t] != NULL)
                gsl_rng_free(e->rngs[t]);
    sim_free(e->rngs);
    sim_free(e->states);
    sim_free(e->rows);
    sim_free(e->values);
    sim_free(e->initial);
    sim_free(e->kept);
    sim_free(e->at_horizon);
    sim_free(e->unit_values);
    sim_free(e);
}

struct engine *engine_new(const struct model_type *model, const void *params,
                          const struct engine_config *config, char *err)
{
    if (config->months < 1 || config->replicates < 1 ||
        config->n_horizons < 1 || config->n_horizons > ENGINE_MAX_HORIZONS) {
        sim_fail(err, SIM_ERR_INVALID,
                 "engine: months, replicates and horizons must be positive");
        return NULL;
    }
    for (int h = 0; h < config->n_horizons; h++)
        if (config->horizons[h] < 1 || config->horizons[h] > config->months) {
            sim_fail(err, SIM_ERR_INVALID,
                     "engine: horizon %ld is outside months 1..%ld",
                     config->horizons[h], config->months);
            return NULL;
        }

    struct engine *e = sim_calloc(1, sizeof *e);
    if (e == NULL)
        goto nomem;
    e->model = model;
    e->params = params;
    e->config = *config;
    if (e->config.block_size <= 0)
        e->config.block_size = ENGINE_DEFAULT_BLOCK;
    if (e->config.block_size > e->config.replicates)
        e->config.block_size = e->config.replicates;
    e->n_threads = sim_max_threads();

    size_t n_threads = (size_t)e->n_threads;
    size_t n_vars = model->n_vars;
    size_t block = (size_t)e->config.block_size;
    size_t months = (size_t)e->config.months;
    size_t reps = (size_t)e->config.replicates;
    size_t n_h = (size_t)e->config.n_horizons;

    e->rngs = sim_calloc(n_threads, sizeof *e->rngs);
    /* Each thread's state and row a page apart from the others: threads
     * write them every month. */
    size_t row_bytes;
    e->states = sim_calloc_apart(n_threads, model->state_size,
                                 &e->state_stride);
    e->rows = sim_calloc_apart(n_threads, n_vars * sizeof *e->rows, &row_bytes);
    e->row_stride = row_bytes / sizeof *e->rows;
    e->values = sim_calloc(n_vars * block * months, sizeof *e->values);
    e->initial = sim_calloc(n_vars, sizeof *e->initial);
    e->kept = sim_calloc(n_vars, sizeof *e->kept);
    e->at_horizon = sim_calloc(n_vars * n_h * reps, sizeof *e->at_horizon);
    if (e->rngs == NULL || e->states == NULL || e->rows == NULL ||
        e->values == NULL || e->initial == NULL || e->kept == NULL ||
        e->at_horizon == NULL)
        goto nomem;
    if (config->keep_units && model->units != NULL) {
        e->n_units = model->n_units(params);
        e->unit_values = sim_calloc(n_h * reps * e->n_units *
                                        model->n_unit_vars,
                                    sizeof *e->unit_values);
        if (e->unit_values == NULL && e->n_units > 0)
            goto nomem;
    }
    /* A list, not the mask: the month loop then costs nothing for the
     * variables left out (all of them when only summaries are written). */
    for (size_t v = 0; v < n_vars; v++)
        if (config->keep == NULL || config->keep[v])
            e->kept[e->n_kept++] = v;
    for (size_t t = 0; t < n_threads; t++) {
        e->rngs[t] = sim_rng_new(e->config.seed);
        if (e->rngs[t] == NULL)
            goto nomem;
    }
    /* The initial values do not depend on the random stream. */
    model->init(params, e->states, e->initial);
    return e;

nomem:
    engine_free(e);
    sim_fail(err, SIM_ERR_NOMEM,
             "engine: out of memory for %ld replicates x %ld months",
             config->replicates, config->months);
    return NULL;
}

/* Runs replicate `rep` into column `slot` of the block. */
static void run_replicate(struct engine *e, long rep, size_t slot, int tid)
{
    const struct model_type *m = e->model;
    size_t n_vars = m->n_vars;
    size_t months = (size_t)e->config.months;
    size_t block = (size_t)e->config.block_size;
    size_t reps = (size_t)e->config.replicates;
    size_t n_h = (size_t)e->config.n_horizons;
    void *state = e->states + (size_t)tid * e->state_stride;
    double *row = e->rows + (size_t)tid * e->row_stride;
    gsl_rng *rng = e->rngs[tid];

    sim_rng_stream(rng, e->config.seed, e->config.sample, (uint32_t)rep,
                   RNG_PURPOSE_MODEL);
    m->init(e->params, state, row);
    const size_t *kept = e->kept, n_kept = e->n_kept;
    int h = 0;
    for (size_t t = 0; t < months; t++) {
        m->step(e->params, state, (long)t + 1, rng, row);
        for (size_t k = 0; k < n_kept; k++)
            e->values[(kept[k] * block + slot) * months + t] = row[kept[k]];
        if (h < e->config.n_horizons && (long)t + 1 == e->config.horizons[h]) {
            for (size_t v = 0; v < n_vars; v++)
                e->at_horizon[(v * n_h + (size_t)h) * reps + (size_t)rep] =
                    row[v];
            if (e->n_units > 0)
                m->units(e->params, state,
                         e->unit_values + ((size_t)h * reps + (size_t)rep) *
                                              e->n_units * m->n_unit_vars);
            h++;
        }
    }
}

sim_status engine_next_block(struct engine *e, struct engine_block *block)
{
    long first = e->next_replicate;
    long count = e->config.replicates - first;
    if (count > e->config.block_size)
        count = e->config.block_size;

    if (count > 0 && e->n_threads > 1) {
#pragma omp parallel for schedule(dynamic, 4)
        for (long i = 0; i < count; i++)
            run_replicate(e, first + i, (size_t)i, sim_thread_id());
    } else {
        /* No parallel region on one thread: libgomp allocates a team for
         * each, which a block must not (tests/test_noalloc.c). */
        for (long i = 0; i < count; i++)
            run_replicate(e, first + i, (size_t)i, 0);
    }
    e->next_replicate = first + count;

    block->first = first;
    block->count = count;
    block->months = e->config.months;
    block->stride = e->config.block_size;
    block->n_vars = e->model->n_vars;
    block->values = e->values;
    return SIM_OK;
}

const double *engine_initial_values(const struct engine *e)
{
    return e->initial;
}

const double *engine_horizon_values(const struct engine *e, size_t var, int h)
{
    size_t n_h = (size_t)e->config.n_horizons;
    size_t reps = (size_t)e->config.replicates;
    return e->at_horizon + (var * n_h + (size_t)h) * reps;
}

size_t engine_n_units(const struct engine *e)
{
    return e->n_units;
}

const double *engine_unit_values(const struct engine *e, int h)
{
    return e->unit_values + (size_t)h * (size_t)e->config.replicates *
                                e->n_units * e->model->n_unit_vars;
}

const struct engine_config *engine_config(const struct engine *e)
{
    return &e->config;
}

size_t engine_n_vars(const struct engine *e)
{
    return e->model->n_vars;
}

const struct model_type *engine_model(const struct engine *e)
{
    return e->model;
}

const void *engine_params(const struct engine *e)
{
    return e->params;
}
