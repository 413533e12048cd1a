/*
 * sweep_mpi.c - a sweep's blocks over MPI ranks (sweep_mpi.h).
 *
 * Why rank 0 gathers the rows and writes them through the serial store
 * rather than every rank writing its rows collectively with parallel HDF5:
 * a row is a few dozen doubles (its unit point, its values, its outputs)
 * against thousands of model-months to compute them, so sending them costs
 * next to nothing (docs/performance.md, "MPI"); collective writes would put
 * every rank in step at every block, which defeats handing blocks to
 * whichever rank is free; and the checkpoint keeps its format, so resuming
 * at another rank count, or in the serial binary, needs nothing new.
 *
 * The exchange, all on MPI_COMM_WORLD, from the main thread only:
 *  - rank 0 sends a worker an assignment (TAG_ASSIGN: first row, count) and
 *    at once posts the receive of its result into a free slot; a count of 0
 *    means no more blocks;
 *  - the worker evaluates its assignments in the order received and sends
 *    each block back (TAG_RESULT: a header with the status and message, then
 *    the unit points, values and outputs); MPI keeps messages between two
 *    ranks in order, so each result lands in the slot posted for it.
 * Each worker holds up to WORKER_DEPTH assignments, so it starts its next
 * block while rank 0, busy with a block of its own, has not yet answered.
 * Rank 0 appends the slot holding the next row of the design as soon as it
 * is there; blocks are handed out only within SLOTS_PER_RANK blocks per
 * rank past the last row saved, which bounds the memory held for blocks
 * that finish early.
 *
 * MPI calls are not checked one by one: the default error handler
 * (MPI_ERRORS_ARE_FATAL) ends the whole job with MPI's message.  Every wait
 * sleeps between tests: OpenMPI's blocking calls spin, and on a machine with
 * more ranks than cores a spinning rank takes the core of one that computes.
 */
#include "sweep_mpi.h"

#include <stdio.h>
#include <string.h>

#ifdef SIM_MPI

#include <stdint.h>
#include <time.h>

#include <mpi.h>

#include "sim/core/alloc.h"

enum { TAG_ASSIGN = 1, TAG_RESULT = 2 };

/* Assignments a worker holds: one it computes, one to start next. */
#define WORKER_DEPTH 2
/* Blocks kept per rank at most (ordered appends wait for the slowest). */
#define SLOTS_PER_RANK (WORKER_DEPTH + 2)
/* Between two tests of a pending exchange: short beside a block (tens of
 * milliseconds at least), long enough not to steal a core. */
#define POLL_NS 100000L

static int mpi_rank, mpi_size = 1;

/* What comes before a block's doubles in a result. */
struct block_head {
    long first, count;
    int status;
    char err[SIM_ERR_LEN];
};

/* Bytes of the header, rounded so that the doubles after it are aligned. */
#define HEAD_BYTES                                                             \
    ((sizeof(struct block_head) + sizeof(double) - 1) / sizeof(double) *       \
     sizeof(double))

static void nap(void)
{
    struct timespec ts = {0, POLL_NS};
    nanosleep(&ts, NULL);
}

/* MPI_Wait, sleeping between tests. */
static void wait_quietly(MPI_Request *req)
{
    int flag = 0;
    MPI_Test(req, &flag, MPI_STATUS_IGNORE);
    while (!flag) {
        nap();
        MPI_Test(req, &flag, MPI_STATUS_IGNORE);
    }
}

int sweep_mpi_init(int *argc, char ***argv, char *err)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
        sim_fail(err, SIM_ERR_IO, "MPI could not start");
        return -1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
    if (mpi_rank != 0) {
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL) {
            /* Nothing to print to: end the job rather than print twice. */
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
    }
    if (provided < MPI_THREAD_FUNNELED) {
        sim_fail(err, SIM_ERR_IO,
                 "this MPI library cannot run alongside threads "
                 "(MPI_THREAD_FUNNELED)");
        MPI_Finalize();
        return -1;
    }
    return 0;
}

void sweep_mpi_finalize(void)
{
    MPI_Request req;
    MPI_Ibarrier(MPI_COMM_WORLD, &req);
    wait_quietly(&req);
    MPI_Finalize();
}

int sweep_mpi_active(void)
{
    return 1;
}

int sweep_mpi_rank(void)
{
    return mpi_rank;
}

int sweep_mpi_size(void)
{
    return mpi_size;
}

sim_status sweep_mpi_agree(sim_status st, char *err)
{
    int mine = st != SIM_OK ? mpi_rank : mpi_size, first = mpi_size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == mpi_size)
        return SIM_OK;
    int code = (int)st;
    MPI_Bcast(&code, 1, MPI_INT, first, MPI_COMM_WORLD);
    MPI_Bcast(err, SIM_ERR_LEN, MPI_CHAR, first, MPI_COMM_WORLD);
    return (sim_status)code;
}

void sweep_mpi_share_long(long *value)
{
    MPI_Bcast(value, 1, MPI_LONG, 0, MPI_COMM_WORLD);
}

/* ---- one block, on any rank ---- */

/* Doubles per row in a result: unit point, values, outputs. */
static size_t row_doubles(const struct sweep *sw)
{
    return 2 * sw->n_params + sw->n_outputs * (size_t)sw->n_horizons;
}

static size_t block_bytes(const struct sweep_mpi_job *job)
{
    return HEAD_BYTES +
           (size_t)job->block_rows * row_doubles(job->sw) * sizeof(double);
}

/* The three arrays of a block in its buffer. */
static void block_arrays(const struct sweep_mpi_job *job, void *buf, long count,
                         double **unit, double **values, double **outputs)
{
    size_t k = job->sw->n_params;
    *unit = (double *)(void *)((char *)buf + HEAD_BYTES);
    *values = *unit + (size_t)count * k;
    *outputs = *values + (size_t)count * k;
}

/* Evaluates rows first .. first+count-1 into buf; the status goes into the
 * header. */
static void eval_block(const struct sweep_mpi_job *job, void *buf, long first,
                       long count)
{
    struct block_head *head = buf;
    double *unit, *values, *outputs;
    block_arrays(job, buf, count, &unit, &values, &outputs);
    head->first = first;
    head->count = count;
    head->err[0] = '\0';
    sim_status st = job->rows(job->rows_ctx, first, count, unit, head->err);
    if (st == SIM_OK)
        st = sweep_runner_eval(job->runner, first, count, unit, values, outputs,
                               head->err);
    head->status = (int)st;
}

static int result_bytes(const struct sweep_mpi_job *job, long count)
{
    return (int)(HEAD_BYTES +
                 (size_t)count * row_doubles(job->sw) * sizeof(double));
}

/* ---- a worker: ranks 1 .. size-1 ---- */

static sim_status run_worker(const struct sweep_mpi_job *job, char *err)
{
    size_t bytes = block_bytes(job);
    void *buf[WORKER_DEPTH + 1] = {NULL};
    MPI_Request sent[WORKER_DEPTH + 1];
    long queue[WORKER_DEPTH][2], assign[2];
    int queued = 0, stopped = 0, n_buf = WORKER_DEPTH + 1, next_buf = 0;
    int failed = 0;
    for (int b = 0; b < n_buf; b++) {
        sent[b] = MPI_REQUEST_NULL;
        buf[b] = sim_malloc(bytes);
        failed |= buf[b] == NULL;
    }
    MPI_Request incoming;
    MPI_Irecv(assign, 2, MPI_LONG, 0, TAG_ASSIGN, MPI_COMM_WORLD, &incoming);
    for (;;) {
        /* Take every assignment that has come; wait for one only when
         * there is nothing else to do. */
        while (!stopped) {
            int flag = 0;
            if (queued == 0)
                wait_quietly(&incoming), flag = 1;
            else
                MPI_Test(&incoming, &flag, MPI_STATUS_IGNORE);
            if (!flag)
                break;
            if (assign[1] == 0) {
                stopped = 1;
                break;
            }
            queue[queued][0] = assign[0];
            queue[queued][1] = assign[1];
            queued++;
            MPI_Irecv(assign, 2, MPI_LONG, 0, TAG_ASSIGN, MPI_COMM_WORLD,
                      &incoming);
        }
        if (queued == 0)
            break;
        long first = queue[0][0], count = queue[0][1];
        memmove(queue[0], queue[1], (size_t)(queued - 1) * sizeof queue[0]);
        queued--;
        int b = next_buf;
        next_buf = (next_buf + 1) % n_buf;
        wait_quietly(&sent[b]);
        if (failed) {
            /* Out of memory for the buffers: say so in a header alone. */
            struct block_head head = {.first = first, .count = count};
            head.status = (int)sim_fail(head.err, SIM_ERR_NOMEM,
                                        "rank %d: out of memory for its "
                                        "blocks",
                                        mpi_rank);
            MPI_Send(&head, (int)sizeof head, MPI_BYTE, 0, TAG_RESULT,
                     MPI_COMM_WORLD);
            continue;
        }
        eval_block(job, buf[b], first, count);
        MPI_Isend(buf[b], result_bytes(job, count), MPI_BYTE, 0, TAG_RESULT,
                  MPI_COMM_WORLD, &sent[b]);
    }
    for (int b = 0; b < n_buf; b++) {
        wait_quietly(&sent[b]);
        sim_free(buf[b]);
    }
    (void)err;
    return SIM_OK;
}

/* ---- rank 0: hands out blocks, computes some, appends in order ---- */

enum slot_state { SLOT_FREE, SLOT_PENDING, SLOT_READY };

struct slot {
    enum slot_state state;
    int owner; /* the rank computing it */
    void *buf;
};

struct writer {
    const struct sweep_mpi_job *job;
    struct slot *slots;
    MPI_Request *recv; /* per slot; MPI_REQUEST_NULL unless pending */
    int n_slots;
    int *outstanding; /* per rank: blocks handed out, not yet back */
    long next;        /* first row not yet handed out */
    long saved;       /* rows in the checkpoint */
    int stop;         /* no more blocks to hand out */
    int stop_sent;
    int store_failed; /* nothing more is appended */
    sim_status st;    /* the first failure: lowest row, or the store's */
    long failed_row;  /* the first row of the failed block, or -1 */
    char err[SIM_ERR_LEN];
};

static void writer_fail(struct writer *w, sim_status st, long row,
                        const char *msg)
{
    w->stop = 1;
    /* The lowest failing block's message, whatever order they came in; a
     * failure of the store (row -1) outranks any. */
    if (w->st != SIM_OK && (w->failed_row < 0 || row >= w->failed_row))
        return;
    w->st = st;
    w->failed_row = row;
    snprintf(w->err, sizeof w->err, "%s", msg);
}

static int free_slot(const struct writer *w)
{
    for (int s = 0; s < w->n_slots; s++)
        if (w->slots[s].state == SLOT_FREE)
            return s;
    return -1;
}

/* Whether the next block may be handed out now. */
static int can_hand_out(const struct writer *w)
{
    const struct sweep_mpi_job *job = w->job;
    if (w->stop || w->next >= job->n_rows)
        return 0;
    long ahead = (w->next - w->saved) / job->block_rows;
    return ahead < w->n_slots && free_slot(w) >= 0;
}

static long next_count(const struct writer *w)
{
    long left = w->job->n_rows - w->next;
    return left < w->job->block_rows ? left : w->job->block_rows;
}

static void hand_out(struct writer *w, int rank)
{
    int s = free_slot(w);
    long assign[2] = {w->next, next_count(w)};
    w->next += assign[1];
    w->slots[s].state = SLOT_PENDING;
    w->slots[s].owner = rank;
    MPI_Irecv(w->slots[s].buf, (int)block_bytes(w->job), MPI_BYTE, rank,
              TAG_RESULT, MPI_COMM_WORLD, &w->recv[s]);
    MPI_Send(assign, 2, MPI_LONG, rank, TAG_ASSIGN, MPI_COMM_WORLD);
    w->outstanding[rank]++;
}

/* A block is back (from a worker or rank 0 itself): note its status. */
static void block_back(struct writer *w, int s)
{
    struct slot *slot = &w->slots[s];
    const struct block_head *head = slot->buf;
    slot->state = SLOT_READY;
    if (slot->owner != 0)
        w->outstanding[slot->owner]--;
    if (head->status != SIM_OK)
        writer_fail(w, (sim_status)head->status, head->first, head->err);
}

/* Appends, in the design's order, every block that is back. */
static void append_ready(struct writer *w)
{
    const struct sweep_mpi_job *job = w->job;
    for (int again = 1; again;) {
        again = 0;
        for (int s = 0; s < w->n_slots; s++) {
            struct slot *slot = &w->slots[s];
            const struct block_head *head = slot->buf;
            if (slot->state != SLOT_READY || head->first != w->saved)
                continue;
            /* A failed block and those after it are never saved. */
            if (head->status != SIM_OK || w->store_failed)
                return;
            double *unit, *values, *outputs;
            block_arrays(job, slot->buf, head->count, &unit, &values, &outputs);
            char err[SIM_ERR_LEN];
            sim_status st =
                sweep_store_append(job->store, head->first, head->count, unit,
                                   values, outputs, err);
            if (st != SIM_OK) {
                w->store_failed = 1;
                writer_fail(w, st, -1, err);
                return;
            }
            w->saved += head->count;
            slot->state = SLOT_FREE;
            if (job->progress != NULL)
                job->progress(job->progress_ctx, w->saved);
            again = 1;
        }
    }
}

/* Takes in every result that has arrived; with `wait`, at least one. */
static void collect(struct writer *w, int wait)
{
    for (;;) {
        int index = MPI_UNDEFINED, flag = 0;
        MPI_Testany(w->n_slots, w->recv, &index, &flag, MPI_STATUS_IGNORE);
        if (flag && index != MPI_UNDEFINED) {
            block_back(w, index);
            wait = 0;
            continue;
        }
        /* Nothing pending at all (flag with MPI_UNDEFINED), or nothing
         * arrived and nothing to wait for. */
        if (index == MPI_UNDEFINED && flag)
            return;
        if (!wait)
            return;
        nap();
    }
}

static void send_stop(struct writer *w)
{
    long stop[2] = {0, 0};
    for (int r = 1; r < mpi_size; r++)
        MPI_Send(stop, 2, MPI_LONG, r, TAG_ASSIGN, MPI_COMM_WORLD);
    w->stop_sent = 1;
}

static int any_pending(const struct writer *w)
{
    for (int r = 1; r < mpi_size; r++)
        if (w->outstanding[r] > 0)
            return 1;
    return 0;
}

static sim_status run_writer(const struct sweep_mpi_job *job, long *saved,
                             char *err)
{
    struct writer w = {.job = job,
                       .next = job->done,
                       .saved = job->done,
                       .st = SIM_OK,
                       .failed_row = -1};
    w.n_slots = SLOTS_PER_RANK * mpi_size;
    w.slots = sim_calloc((size_t)w.n_slots, sizeof *w.slots);
    w.recv = sim_calloc((size_t)w.n_slots, sizeof *w.recv);
    w.outstanding = sim_calloc((size_t)mpi_size, sizeof *w.outstanding);
    int nomem = w.slots == NULL || w.recv == NULL || w.outstanding == NULL;
    for (int s = 0; !nomem && s < w.n_slots; s++) {
        w.recv[s] = MPI_REQUEST_NULL;
        w.slots[s].buf = sim_malloc(block_bytes(job));
        nomem = w.slots[s].buf == NULL;
    }
    sim_status stopped = SIM_OK;
    if (nomem) {
        writer_fail(&w, SIM_ERR_NOMEM, -1,
                    "rank 0: out of memory for the blocks in flight");
        w.store_failed = 1;
        send_stop(&w);
    }
    while (!nomem) {
        collect(&w, 0);
        append_ready(&w);
        if (!w.stop && job->stop != NULL && (stopped = job->stop()) != SIM_OK) {
            w.stop = 1;
        }
        /* Workers first: each keeps a block in hand while rank 0 computes
         * one of its own. */
        for (int r = 1; r < mpi_size; r++)
            while (w.outstanding[r] < WORKER_DEPTH && can_hand_out(&w))
                hand_out(&w, r);
        if (can_hand_out(&w)) {
            int s = free_slot(&w);
            long first = w.next, count = next_count(&w);
            w.next += count;
            w.slots[s].owner = 0;
            eval_block(job, w.slots[s].buf, first, count);
            block_back(&w, s);
            continue;
        }
        if (!w.stop_sent && (w.stop || w.next >= job->n_rows))
            send_stop(&w);
        if (!any_pending(&w))
            break;
        collect(&w, 1);
    }
    if (!nomem)
        append_ready(&w);
    *saved = w.saved;
    for (int s = 0; w.slots != NULL && s < w.n_slots; s++)
        sim_free(w.slots[s].buf);
    sim_free(w.slots);
    sim_free(w.recv);
    sim_free(w.outstanding);
    if (w.st != SIM_OK)
        return sim_fail(err, w.st, "%s", w.err);
    if (stopped != SIM_OK && w.saved < job->n_rows)
        return sim_fail(err, stopped,
                        "interrupted: %ld of %ld evaluations saved; run "
                        "again with --resume to finish",
                        w.saved, job->n_rows);
    return SIM_OK;
}

sim_status sweep_mpi_run(const struct sweep_mpi_job *job, long *saved,
                         char *err)
{
    sim_status st =
        mpi_rank == 0 ? run_writer(job, saved, err) : run_worker(job, err);
    /* Workers learn how it ended from rank 0, so that every rank exits
     * with the same status. */
    int mine = mpi_rank == 0 ? (int)st : SIM_OK;
    MPI_Bcast(&mine, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Bcast(err, SIM_ERR_LEN, MPI_CHAR, 0, MPI_COMM_WORLD);
    return (sim_status)mine;
}

#else /* one process: the identities sweep_mpi.h promises */

int sweep_mpi_init(int *argc, char ***argv, char *err)
{
    (void)argc, (void)argv, (void)err;
    return 0;
}

void sweep_mpi_finalize(void)
{
}

int sweep_mpi_active(void)
{
    return 0;
}

int sweep_mpi_rank(void)
{
    return 0;
}

int sweep_mpi_size(void)
{
    return 1;
}

sim_status sweep_mpi_agree(sim_status st, char *err)
{
    (void)err;
    return st;
}

void sweep_mpi_share_long(long *value)
{
    (void)value;
}

sim_status sweep_mpi_run(const struct sweep_mpi_job *job, long *saved,
                         char *err)
{
    (void)job, (void)saved;
    return sim_fail(err, SIM_ERR_USAGE,
                    "this alliance-sim was built without MPI (make mpi)");
}

#endif
