/*
 * h5units.h - a territory's organisations in the file of a run (layout:
 * docs/output.md, "Territory runs").
 *
 * /organisations holds each organisation's variables (the model's unit
 * variables) at the report horizons, /organisations/<variable> shaped
 * (replicate, horizon, organisation), and, when the scenario asks for them
 * (simulation.organisations_monthly), month by month:
 * /organisations/monthly/<variable> shaped (replicate, month,
 * organisation), chunked one replicate and up to H5UNITS_CHUNK_BYTES of
 * months at a time, and shuffled and deflated as /monthly is.  The
 * dimensions are the root's /replicate and /month and the group's
 * /organisations/organisation, so that netCDF-4 readers see them.
 *
 * The writer allocates its buffers once, when created; writing a block
 * compresses its chunks on every thread and writes them in order, so that
 * the file is the same bytes whatever the number of threads.
 */
#ifndef SIM_H5UNITS_H
#define SIM_H5UNITS_H

#include <stddef.h>

#include <hdf5.h>

#include "models/model.h"
#include "sim/core/engine.h"

/* The most uncompressed bytes of a monthly chunk: one replicate, every
 * organisation, as many months as fit (all 336 up to 390 organisations). */
#define H5UNITS_CHUNK_BYTES ((size_t)1 << 20)

struct h5units_spec {
    const struct model_type *model; /* with unit variables */
    size_t n_units;
    long replicates;
    long months;
    long n_horizons;
    const long *horizons;
    /* [model->n_unit_vars]: which variables to write month by month; NULL
     * or all zero: none. */
    const unsigned char *monthly;
    int compression;       /* deflate level (with shuffle), 0 for none */
    hid_t replicate_scale; /* the root's scales, attached, not owned */
    hid_t month_scale;
    const char *path; /* the output's final path, for messages */
};

struct h5units;

/*
 * Creates /organisations under root, its organisation scale and, when
 * asked, the empty monthly datasets.  Returns NULL with a message in err
 * (naming spec->path) on failure; what it created stays in the file, which
 * the caller then discards.
 */
struct h5units *h5units_new(hid_t root, const struct h5units_spec *spec,
                            char *err);

/* Writes a block's monthly record (blocks in order; the engine must keep
 * the same unit variables as spec->monthly).  Does nothing when none is
 * asked for. */
sim_status h5units_write_block(struct h5units *u,
                               const struct engine_block *block, char *err);

/* Writes every organisation's values at the horizons, which the engine
 * kept (engine_unit_values), once every block has run. */
sim_status h5units_write_horizons(struct h5units *u,
                                  const struct engine *engine, char *err);

/* Closes what u holds open and frees it; h5units_free(NULL) does nothing. */
void h5units_free(struct h5units *u);

#endif
