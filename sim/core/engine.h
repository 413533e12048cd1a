/*
 * engine.h - Monte Carlo replicates of a model, in blocks, in parallel.
 *
 * The caller owns the loop: engine_new prepares a run, each engine_next_block
 * simulates the next block of replicates (OpenMP threads share the block) and
 * hands back its values, so the caller can write them, show progress or stop
 * between blocks.  Replicate r always draws from the stream
 * (seed, sample, r), so every value is bitwise the same whatever the number of
 * threads or the block size.  The engine keeps each variable's value at each
 * horizon for every replicate, for the summaries.
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "models/model.h"

#define ENGINE_MAX_HORIZONS PARAM_INT_LIST_MAX

struct engine_config {
    long months;
    long replicates;
    uint64_t seed;
    uint32_t sample; /* design row of a sweep; 0 for a plain run */
    long block_size; /* replicates per block; 0 picks a default */
    int n_horizons;
    long horizons[ENGINE_MAX_HORIZONS]; /* months, increasing, <= months */
    /* Which variables' months go into the blocks ([n_vars], NULL: all);
     * the others' block values are left at 0.  Horizon values are kept for
     * every variable.  The array must outlive the engine. */
    const unsigned char *keep;
    /* Whether to keep each unit's values at each horizon (a model with
     * units: model_type.units); 0 for sweeps, which never read them. */
    int keep_units;
    /* Which unit variables to keep month by month ([model->n_unit_vars],
     * NULL: none), for every unit: the block then carries them
     * (engine_block.unit_months) and the block size is cut so that they
     * take at most ENGINE_UNIT_MONTHS_BYTES.  The array must outlive the
     * engine. */
    const unsigned char *keep_unit_months;
};

/* The most a block's unit record (config.keep_unit_months) takes: a block
 * holds fewer replicates (a power of two, at least one) when each takes
 * more than its share.  1,000 organisations, 6 variables and 336 months
 * take 16 MiB a replicate: blocks of 16. */
#define ENGINE_UNIT_MONTHS_BYTES ((size_t)256 << 20)

/* The values of one block, owned by the engine and valid until the next call.
 */
struct engine_block {
    long first; /* index of the block's first replicate */
    long count; /* replicates in the block; 0 when the run is done */
    long months;
    long stride; /* replicate slots per variable in values */
    size_t n_vars;
    const double *values; /* [var][slot < stride][month]; slots < count used */
    /* The unit variables kept month by month (config.keep_unit_months), in
     * the order of the model's unit_vars: [kept][slot < stride][month]
     * [unit]; NULL and 0 when none is kept. */
    size_t n_units;
    size_t n_unit_months; /* unit variables kept */
    const double *unit_months;
};

struct engine;

/*
 * Prepares a run of model with params (copied by pointer: the caller keeps
 * them alive and unchanged until engine_free).  Returns NULL on failure with
 * a message in err.
 */
struct engine *engine_new(const struct model_type *model, const void *params,
                          const struct engine_config *config, char *err);

/* Simulates the next block; block->count is 0 once every replicate has run. */
sim_status engine_next_block(struct engine *e, struct engine_block *block);

/* The value of each variable at month 0 (model's init), n_vars values. */
const double *engine_initial_values(const struct engine *e);

/* Values of variable var at horizon h for every replicate run so far
 * (replicates entries). */
const double *engine_horizon_values(const struct engine *e, size_t var, int h);

/* The number of units whose values the engine keeps (0 unless the model
 * has units and config.keep_units is set). */
size_t engine_n_units(const struct engine *e);

/* Each unit's values at horizon h for every replicate run so far:
 * [replicate][unit][model->n_unit_vars]. */
const double *engine_unit_values(const struct engine *e, int h);

/* The configuration the engine runs (block size resolved). */
const struct engine_config *engine_config(const struct engine *e);

/* The model and parameters the engine runs. */
const struct model_type *engine_model(const struct engine *e);
const void *engine_params(const struct engine *e);

/* Number of variables the engine's model writes. */
size_t engine_n_vars(const struct engine *e);

/* Frees e; engine_free(NULL) does nothing. */
void engine_free(struct engine *e);

#endif
