/*
 * sweep_store.h - where a sweep's results go: a checkpoint while it runs,
 * then the HDF5 file (and on request a CSV table) when it is complete.
 *
 * Each finished block of rows is appended to NAME.h5.partial (a header that
 * identifies the sweep, then records with a checksum) and handed to the
 * kernel at once, so a sweep killed at any moment, kill -9 included, loses
 * at most the block in progress; it is synced to disk at most once a second
 * (SWEEP_STORE_SYNC_SECONDS), so a crash of the system loses at most the
 * last second's blocks besides.  `--resume` reads the checkpoint back, drops
 * a torn last record, and goes on from the first row not saved.  Only when every row is saved is
 * the HDF5 file built, streaming the checkpoint block by block (a million
 * rows never need to be in memory), written as a temporary (outfile.h) and
 * renamed into place; then the checkpoint is removed.  The HDF5 layout is in
 * docs/sweeps.md.
 */
#ifndef SIM_SWEEP_STORE_H
#define SIM_SWEEP_STORE_H

#include <stdint.h>

#include "sweep.h"

struct sweep_store;

/* What the HDF5 file records about the run, besides the rows. */
struct sweep_meta {
    const char *kind;        /* "sweep" or "sensitivity" */
    const char *design;      /* design or method, as named in the file */
    long samples;            /* N as the user gave it */
    const char *command_line;
    const char *start_time;  /* ISO 8601 UTC */
};

/* An attribute of an extra array: text, or else a number (an integer when
 * `integer` is set). */
struct sweep_attribute {
    const char *name;
    const char *text;
    double number;
    int integer;
};

#define SWEEP_MAX_ATTRIBUTES 4

/* An extra array for the HDF5 file (sensitivity indices, for instance). */
struct sweep_array {
    const char *path;        /* "sobol/S1": groups are created */
    int rank;                /* 1 to 4 */
    uint64_t dims[4];
    const double *data;
    const char *units;       /* NULL: each output's own (output_unit), for
                                an (output, ...) array */
    const char *description; /* says what each dimension is */
    /* Further attributes (how intervals were computed, say). */
    struct sweep_attribute attributes[SWEEP_MAX_ATTRIBUTES];
    size_t n_attributes;
};

/* The checkpoint of output: OUTPUT.partial, into buf of len bytes. */
void sweep_store_checkpoint_path(const char *output, char *buf, size_t len);

/*
 * Opens the checkpoint of a sweep of n_rows rows for output file `output`.
 * Without resume, an existing checkpoint is an error (the message says to
 * resume or delete it); with resume, the rows already saved are counted into
 * *done (0 when there is no checkpoint) after checking that the checkpoint
 * belongs to this very sweep.  A checkpoint cut short within its header
 * (0 bytes included) whose bytes match this sweep's header holds no rows:
 * its header is rewritten and *done is 0.  The checkpoint is locked (flock)
 * until the store is freed: while another store, in this process or
 * another, holds it, opening it is refused with a message saying so, resume
 * or not.  Returns NULL with err set on failure; the caller frees the store
 * with sweep_store_free.
 */
struct sweep_store *sweep_store_open(const struct sweep *sw, long n_rows,
                                     const char *output, int resume,
                                     long *done, char *err);

/* Appends rows first .. first+count-1 (which must follow the last saved
 * row), hands them to the kernel and syncs the checkpoint to disk if its
 * last sync is a second old. */
sim_status sweep_store_append(struct sweep_store *st, long first, long count,
                              const double *unit, const double *values,
                              const double *outputs, char *err);

/*
 * From now on keeps every saved row's outputs in memory too (n_rows x
 * n_outputs x n_horizons doubles, owned by st), reading those of the rows
 * already saved (a resumed run) from the checkpoint now, so that
 * sweep_store_read of the outputs alone reads no file.  For the sensitivity
 * analysis, which needs them all in memory anyway.  SIM_ERR_NOMEM or
 * SIM_ERR_IO with a message on failure (st then keeps nothing).
 */
sim_status sweep_store_keep_outputs(struct sweep_store *st, char *err);

/*
 * Reads rows first .. first+count-1 back from the checkpoint into the
 * buffers (any may be NULL), or from memory for outputs alone after
 * sweep_store_keep_outputs.  For the sensitivity analysis.
 */
sim_status sweep_store_read(struct sweep_store *st, long first, long count,
                            double *unit, double *values, double *outputs,
                            char *err);

/*
 * Builds the HDF5 file (and, with csv_path, the CSV table) from the complete
 * checkpoint, with the extra arrays, renames it into place and removes the
 * checkpoint.  On failure nothing is left but the checkpoint.
 */
sim_status sweep_store_finish(struct sweep_store *st,
                              const struct sweep_meta *meta,
                              const struct sweep_array *extras,
                              size_t n_extras, const char *csv_path,
                              char *err);

/* Closes st (keeping the checkpoint unless finish succeeded). */
void sweep_store_free(struct sweep_store *st);

/* Closes st after a failure that is not an interruption: a checkpoint that
 * holds no row is removed (it would only stand in the way of the next run),
 * one with rows kept for --resume. */
void sweep_store_close_failed(struct sweep_store *st);

#endif
