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
    size_t n_units;        /* the model's units, 0: none kept */
    double *unit_values;   /* [horizon][replicates][unit][unit var] */
    size_t *unit_kept;     /* unit variables kept month by month */
    size_t n_unit_kept;
    double *unit_rows;     /* n_threads * unit_row_stride: one month's units */
    size_t unit_row_stride;
    double *unit_months;   /* [kept][block_size][months][unit] */
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
    sim_free(e->unit_kept);
    sim_free(e->unit_rows);
    sim_free(e->unit_months);
    sim_free(e);
}

/* The block size that keeps the unit record within
 * ENGINE_UNIT_MONTHS_BYTES: the largest power of two at most `block` whose
 * replicates fit (at least one).  It depends on neither the thread count
 * nor the machine, though values would not either. */
static long unit_months_block(const struct model_type *m, const void *params,
                              const unsigned char *keep, long months,
                              long block)
{
    size_t kept = 0;
    for (size_t v = 0; v < m->n_unit_vars; v++)
        kept += keep[v] != 0;
    size_t per_replicate =
        kept * m->n_units(params) * (size_t)months * sizeof(double);
    if (per_replicate == 0)
        return block;
    long fit = 1;
    while (fit * 2 <= block &&
           (size_t)(fit * 2) * per_replicate <= ENGINE_UNIT_MONTHS_BYTES)
        fit *= 2;
    return fit;
}

/* The unit variables kept month by month, each thread's scratch row for one
 * month of every unit, and the block's record; -1 when out of memory. */
static int keep_unit_months(struct engine *e, const struct model_type *m,
                            const unsigned char *keep)
{
    e->unit_kept = sim_calloc(m->n_unit_vars, sizeof *e->unit_kept);
    if (e->unit_kept == NULL)
        return -1;
    for (size_t v = 0; v < m->n_unit_vars; v++)
        if (keep[v])
            e->unit_kept[e->n_unit_kept++] = v;
    if (e->n_unit_kept == 0)
        return 0;
    size_t row_bytes = 0;
    e->unit_rows = sim_calloc_apart((size_t)e->n_threads,
                                    e->n_units * m->n_unit_vars *
                                        sizeof *e->unit_rows,
                                    &row_bytes);
    e->unit_row_stride = row_bytes / sizeof *e->unit_rows;
    e->unit_months = sim_calloc(e->n_unit_kept *
                                    (size_t)e->config.block_size *
                                    (size_t)e->config.months * e->n_units,
                                sizeof *e->unit_months);
    return e->unit_rows != NULL && e->unit_months != NULL ? 0 : -1;
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
    if (config->keep_unit_months != NULL && model->units != NULL)
        e->config.block_size =
            unit_months_block(model, params, config->keep_unit_months,
                              config->months, e->config.block_size);

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
    if (model->units != NULL &&
        (config->keep_units || config->keep_unit_months != NULL))
        e->n_units = model->n_units(params);
    if (config->keep_units && e->n_units > 0) {
        e->unit_values = sim_calloc(n_h * reps * e->n_units *
                                        model->n_unit_vars,
                                    sizeof *e->unit_values);
        if (e->unit_values == NULL)
            goto nomem;
    }
    if (config->keep_unit_months != NULL && e->n_units > 0 &&
        keep_unit_months(e, model, config->keep_unit_months) != 0)
        goto nomem;
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

/* Month t's values of the kept unit variables, unit by unit, into the
 * block's record: the model writes [unit][unit var], the record reads
 * [kept][slot][month][unit], as the file does. */
static void keep_units_month(struct engine *e, const void *state, size_t slot,
                             size_t t, int tid)
{
    const struct model_type *m = e->model;
    size_t n_units = e->n_units, n_uv = m->n_unit_vars;
    size_t block = (size_t)e->config.block_size;
    size_t months = (size_t)e->config.months;
    double *units = e->unit_rows + (size_t)tid * e->unit_row_stride;
    m->units(e->params, state, units);
    for (size_t k = 0; k < e->n_unit_kept; k++) {
        size_t v = e->unit_kept[k];
        double *to = e->unit_months + ((k * block + slot) * months + t) * n_units;
        for (size_t u = 0; u < n_units; u++)
            to[u] = units[u * n_uv + v];
    }
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
        if (e->n_unit_kept > 0)
            keep_units_month(e, state, slot, t, tid);
        if (h < e->config.n_horizons && (long)t + 1 == e->config.horizons[h]) {
            for (size_t v = 0; v < n_vars; v++)
                e->at_horizon[(v * n_h + (size_t)h) * reps + (size_t)rep] =
                    row[v];
            if (e->unit_values != NULL)
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
    block->n_units = e->n_unit_kept > 0 ? e->n_units : 0;
    block->n_unit_months = e->n_unit_kept;
    block->unit_months = e->unit_months;
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
    return e->unit_values != NULL ? e->n_units : 0;
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
