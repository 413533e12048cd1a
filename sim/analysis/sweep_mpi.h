/*
 * sweep_mpi.h - a sweep's blocks spread over the ranks of an MPI job.
 *
 * Built with -DSIM_MPI (`make mpi`: bin/alliance-sim-mpi), every rank
 * evaluates blocks of rows on its OpenMP threads, and rank 0 alone writes:
 * it owns the checkpoint (sweep_store.h), hands out blocks one at a time to
 * whichever rank asks, receives their rows and appends them in the order of
 * the design, holding those that arrive early.  The checkpoint and the HDF5
 * file are therefore the single process's, byte for byte in their datasets
 * (a row's results depend on the seed, the row and the replicate only:
 * sweep_run.h), and a run killed at one rank count resumes at another.
 *
 * Every rank loads and checks its input before the first exchange, then the
 * ranks agree on a status (sweep_mpi_agree): a bad file or option stops
 * every rank with the first failing rank's message, and no rank waits for
 * one that has already given up.  Ranks other than 0 print nothing: their
 * errors reach rank 0, which prints them.
 *
 * Built without SIM_MPI (the default build), these are the one-process
 * identities: rank 0 of 1, statuses pass through unchanged, and
 * sweep_mpi_active is 0, so the serial build needs no MPI package.
 */
#ifndef SIM_SWEEP_MPI_H
#define SIM_SWEEP_MPI_H

#include "sweep.h"
#include "sweep_run.h"
#include "sweep_store.h"

/*
 * Starts MPI (only the main thread calls MPI; OpenMP threads compute) and
 * sends the standard output and error of every rank but 0 to /dev/null.
 * Call first thing in main, before any HDF5 call.  Returns 0, or -1 with a
 * message in err.
 */
int sweep_mpi_init(int *argc, char ***argv, char *err);

/* Waits for every rank, sleeping rather than spinning (a rank that has
 * finished leaves its core to rank 0's last work), then ends MPI. */
void sweep_mpi_finalize(void);

/* 1 when built with MPI, 0 otherwise. */
int sweep_mpi_active(void);

/* This process's rank (0 without MPI) and the number of ranks (1). */
int sweep_mpi_rank(void);
int sweep_mpi_size(void);

/*
 * Collective: every rank passes its own status (and its message in err when
 * it failed); every rank gets back the status of the lowest failing rank
 * with that rank's message in err, or SIM_OK when none failed.
 */
sim_status sweep_mpi_agree(sim_status st, char *err);

/* Collective: *value takes rank 0's value on every rank. */
void sweep_mpi_share_long(long *value);

/* What sweep_mpi_run distributes.  The same on every rank but `store`. */
struct sweep_mpi_job {
    const struct sweep *sw;
    long n_rows;     /* rows of the design */
    long block_rows; /* rows per block */
    long done;       /* rows already in the checkpoint (from rank 0) */
    /* Writes the unit points of rows first .. first+count-1. */
    sim_status (*rows)(void *rows_ctx, long first, long count, double *unit,
                       char *err);
    void *rows_ctx;
    struct sweep_runner *runner; /* every rank's own */
    struct sweep_store *store;   /* rank 0's; NULL on the others */
    /* Rank 0 only, after each block appended (may be NULL). */
    void (*progress)(void *progress_ctx, long saved);
    void *progress_ctx;
    /* Rank 0 only, between blocks: SIM_OK, or the status to stop handing
     * out blocks with, as after a signal (may be NULL). */
    sim_status (*stop)(void);
};

/*
 * Collective: evaluates rows job->done .. n_rows-1 over every rank and
 * appends them, in order, to rank 0's store.  On rank 0, *saved receives
 * the rows in the checkpoint when it returns: n_rows, or fewer when
 * `stop` said so (the rows that completed in order are kept) or on
 * failure.  Returns SIM_OK on every rank when every row is saved; otherwise
 * the same status and message on every rank: the failure of the lowest row
 * (a row that breaks a constraint), the checkpoint's, or an interruption
 * (the status `stop` returned, saying how to resume).
 */
sim_status sweep_mpi_run(const struct sweep_mpi_job *job, long *saved,
                         char *err);

#endif
