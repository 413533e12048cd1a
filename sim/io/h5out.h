/*
 * h5out.h - the self-describing HDF5 file of a run (layout: docs/output.md).
 *
 * The writer creates a temporary NAME.tmp-PID-XXXXXX beside the final path
 * (outfile.h: a fresh name, never one that exists), receives the engine's
 * blocks in replicate order, then the summaries, and only when everything is
 * written and closed renames the file into place (after fsync of the file and
 * of its directory).  Any failure, or h5out_free before h5out_finish, removes
 * the temporary file: a user never sees a partial output file.
 */
#ifndef SIM_H5OUT_H
#define SIM_H5OUT_H

#include "scenario.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"

struct h5out;

/* What the file records about the run, besides the data. */
struct h5out_meta {
    const struct scenario *scenario;
    const struct model_type *model;
    const void *params; /* the parameters run (model's type); NULL: the
                           scenario's (compare's control arm differs) */
    const struct engine_config *config;
    const double *initial_values; /* [n_vars], month 0 */
    const char *command_line;
    /* The root's (or the group's) `title` attribute: what the file is, as
     * the command that writes it says (compare, its control arm...).
     * NULL: "alliance-sim run: " and the organisation's name. */
    const char *title;
    int compression;              /* deflate level of /monthly, 0 for none */
    const unsigned char *keep;    /* [n_vars]: write /monthly/<var>; NULL all */
    const unsigned char *bands;   /* [n_vars]: write /bands/<var>; NULL all
                                     (alive must be kept for alive_share) */
    /* [model->n_unit_vars]: write /organisations/monthly/<var> (a model
     * with units, run with engine_config.keep_unit_months the same);
     * NULL: none. */
    const unsigned char *organisations_monthly;
    int (*interrupted)(void);     /* non-zero: h5out_finish puts nothing in
                                     place; NULL: never */
};

/*
 * Creates the temporary file for final_path (creating missing parent
 * directories) with every dataset and attribute.  Returns NULL with a
 * message in err on failure, leaving nothing on disk.
 */
struct h5out *h5out_new(const char *final_path, const struct h5out_meta *meta,
                        char *err);

/*
 * A writer for a second run in a group of parent's file (the control arm of
 * `compare`): the same layout under /group.  Finish and free it before the
 * parent is finished.  NULL with a message on failure.
 */
struct h5out *h5out_new_group(struct h5out *parent, const char *group,
                              const struct h5out_meta *meta, char *err);

/* Writes a float64 array (rank 1 to 4) at path below the writer's root,
 * creating intermediate groups. */
sim_status h5out_write_array(struct h5out *w, const char *path, int rank,
                             const unsigned long long *dims,
                             const double *values, const char *units,
                             const char *description, char *err);

/* A dimension scale of strings at path below the writer's root (its group
 * must exist). */
sim_status h5out_string_scale(struct h5out *w, const char *path,
                              const char *const *names, size_t n,
                              const char *description, char *err);

/* An int64 dimension scale of values[n] with its units at path below the
 * writer's root (its group must exist). */
sim_status h5out_long_scale(struct h5out *w, const char *path,
                            const long *values, size_t n, const char *units,
                            const char *description, char *err);

/* Strings at path below the writer's root (its group must exist), not a
 * scale: for instance the unit of each entry of a table (h5u_entry_units). */
sim_status h5out_strings(struct h5out *w, const char *path,
                         const char *const *values, size_t n,
                         const char *description, char *err);

/* Marks the dataset at path as a table whose entries along dimension dim
 * take their units from the string variable `variable` (h5u_entry_units). */
sim_status h5out_entry_units(struct h5out *w, const char *path,
                             const char *variable, long dim, char *err);

/* Attaches the dimension scale at path `scale` to dimension dim of the
 * dataset at `dataset` (paths below the writer's root). */
sim_status h5out_attach(struct h5out *w, const char *dataset,
                        const char *scale, unsigned dim, char *err);

/* Writes one block of replicates (blocks must come in order), with its
 * organisations' months when meta.organisations_monthly asks for them. */
sim_status h5out_write_block(struct h5out *w, const struct engine_block *block,
                             char *err);

/*
 * Writes each unit's values at the horizons, when the engine kept them (a
 * territory's organisations): /organisations/<unit variable>, shaped
 * (replicate, horizon, organisation), with the unit variable's units and
 * description (sim/io/h5units.h).  Does nothing when the engine kept no
 * unit.  Every block must be written first.
 */
sim_status h5out_write_units(struct h5out *w, const struct engine *engine,
                             char *err);

/* Writes the summaries (every block must be written first). */
sim_status h5out_write_summary(struct h5out *w, const struct summary *summary,
                               char *err);

/*
 * Writes the summaries (unless summary is NULL: h5out_write_summary was
 * called), closes the file, and renames it to its final path.  On failure
 * the temporary file is removed.
 */
sim_status h5out_finish(struct h5out *w, const struct summary *summary,
                        char *err);

/* Frees w, removing the temporary file unless h5out_finish succeeded;
 * h5out_free(NULL) does nothing. */
void h5out_free(struct h5out *w);

#endif
