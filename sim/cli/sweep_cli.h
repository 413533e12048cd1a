/*
 * sweep_cli.h - what `alliance-sim sweep` and `alliance-sim sensitivity`
 * share: options, the block loop (design rows -> runner -> checkpoint), the
 * progress line, and the HDF5 file at the end.  Each subcommand brings where
 * its rows come from (a row source) and, for sensitivity, what it computes
 * once every row is saved.
 */
#ifndef SIM_SWEEP_CLI_H
#define SIM_SWEEP_CLI_H

#include "sim/analysis/sweep.h"
#include "sim/analysis/sweep_store.h"

/* Where the unit points of the rows come from. */
struct row_source {
    long n_rows;        /* evaluations */
    long block_rows;    /* evaluations per block */
    long samples;       /* N as the file reports it */
    const char *design; /* as the file names it */
    /* Writes the unit points of rows first .. first+count-1. */
    sim_status (*rows)(struct row_source *src, long first, long count,
                       double *unit, char *err);
    void (*free)(struct row_source *src);
    void *impl;
};

/* What a subcommand adds once every row is saved. */
struct sweep_finish {
    /* Computes from the saved rows; fills the extra arrays for the file. */
    sim_status (*compute)(void *ctx, const struct sweep *sw,
                          struct row_source *src, struct sweep_store *store,
                          struct sweep_array *extras, size_t *n_extras,
                          char *err);
    /* Prints the result (table, or JSON with `json`). */
    void (*print)(void *ctx, const struct sweep *sw, const char *output,
                  int json);
    /* Writes the result as CSV at path (through a temporary); may be
     * NULL. */
    sim_status (*write_csv)(void *ctx, const struct sweep *sw,
                            const char *path, char *err);
    void (*free)(void *ctx);
    void *ctx;
};

#define SWEEP_MAX_EXTRAS 8

/*
 * The subcommand: parses the options (argv[0] is the subcommand), loads the
 * sweep file, sets up the row source with source_new, runs every block and
 * writes the file.  `finish` may be NULL (a plain sweep).  Returns the exit
 * status.
 */
int cli_sweep_common(int argc, char **argv, int sensitivity,
                     sim_status (*source_new)(const struct sweep *sw,
                                              struct row_source *src,
                                              char *err),
                     const struct sweep_finish *finish);

#endif
