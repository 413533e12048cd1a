#include "sweep_store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "sim/core/alloc.h"
#include "sim/core/version.h"
#include "sim/io/h5util.h"
#include "sim/io/csv.h"
#include "sim/io/outfile.h"

/* Checkpoint layout: a header, then records of rows.  A row is its unit
 * point (k), its parameter values (k), then its outputs
 * (n_outputs x n_horizons), as doubles in the machine's byte order: the
 * checkpoint is resumed on the machine that wrote it. */
static const char header_magic[8] = {'A', 'S', 'I', 'M', 'C', 'K', 'P', '1'};
/* Records of version 1 carry the byte-wise FNV-1a of their payload; version
 * 2 the word-wise checksum (payload_checksum), eight times faster.  Both
 * are read back, so that a checkpoint begun by an earlier version resumes;
 * new records are version 2. */
static const char record_magic_v1[8] = {'A', 'S', 'I', 'M', 'B', 'L', 'K', '1'};
static const char record_magic[8] = {'A', 'S', 'I', 'M', 'B', 'L', 'K', '2'};

struct ckpt_header {
    char magic[8];
    uint64_t sweep_hash; /* sweep text, base scenario text, row count */
    uint64_t n_rows;
    uint64_t k;
    uint64_t n_outputs;
    uint64_t n_horizons;
};

struct ckpt_record {
    char magic[8];
    uint64_t first;
    uint64_t count;
    uint64_t checksum; /* of the payload: see record_magic */
};

struct record_index {
    long first;
    long count;
    long offset; /* of the payload */
};

struct sweep_store {
    const struct sweep *sw;
    char output[PATH_MAX];
    char ckpt_path[PATH_MAX];
    FILE *ckpt;
    long n_rows;
    long done;
    size_t row_doubles;
    struct record_index *records;
    size_t n_records, cap_records;
    double *block;        /* the rows of one record, as written */
    size_t block_doubles; /* its capacity */
    double synced_at;     /* monotonic seconds of the last fsync */
    double *kept_outputs; /* [n_rows][per_out] after sweep_store_keep_outputs,
                             rows below done filled */
    int finished;
};

/* Records are handed to the kernel at once, so that a killed process (kill
 * -9 too) loses only the block in progress, but synced to disk at most once
 * in this many seconds: only a power cut or a crash of the system loses
 * what the disk has not seen, no more than the last second's blocks (a
 * record torn by it fails its checksum and is dropped).  A sync per block
 * cost 0.1-0.3 s of the 0.5 s that `sensitivity` takes on Ishigami at
 * N = 262144 (64 blocks), and a checkpoint that is removed seconds later
 * need never reach the disk at all. */
#define SWEEP_STORE_SYNC_SECONDS 1.0

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

/*
 * The checksum of a version 2 record's payload: FNV-1a taken a 64-bit word
 * at a time (not a byte), over four interleaved lanes, the lanes then
 * folded by byte-wise FNV-1a.  Byte-wise FNV-1a costs a dependent multiply
 * per byte, and checked 73 MB of rows in 0.1 s at N = 262144 of Ishigami;
 * this does the same work in a few ms.  A torn write (a short or
 * zero-filled tail) changes a word and with it, the steps being bijections,
 * its lane.
 */
static uint64_t payload_checksum(const double *payload, size_t n_doubles)
{
    uint64_t lane[4] = {FNV_OFFSET, FNV_OFFSET ^ 1, FNV_OFFSET ^ 2,
                        FNV_OFFSET ^ 3};
    size_t i = 0;
    for (; i + 4 <= n_doubles; i += 4)
        for (size_t l = 0; l < 4; l++) {
            uint64_t w;
            memcpy(&w, payload + i + l, sizeof w);
            lane[l] = (lane[l] ^ w) * FNV_PRIME;
        }
    for (size_t l = 0; i < n_doubles; i++, l++) {
        uint64_t w;
        memcpy(&w, payload + i, sizeof w);
        lane[l] = (lane[l] ^ w) * FNV_PRIME;
    }
    return fnv1a(FNV_OFFSET, lane, sizeof lane);
}

static uint64_t hash_string(uint64_t h, const char *text)
{
    return fnv1a(h, text, strlen(text) + 1);
}

static uint64_t hash_long(uint64_t h, long value)
{
    int64_t v = value;
    return fnv1a(h, &v, sizeof v);
}

/*
 * What makes the rows of a checkpoint the rows of this run: the files' texts
 * and every setting as resolved after --set overrides (the output path, the
 * block size and sensitivity.intervals aside: they do not change a row; the
 * last is not hashed either so that checkpoints begun before it existed
 * still resume), the command, the base parameters as loaded (files the
 * scenario @includes too) and the row count.
 */
static uint64_t sweep_hash(const struct sweep *sw, long n_rows)
{
    const struct sweep_settings *s = &sw->settings;
    uint64_t h = FNV_OFFSET;
    /* Files the sweep file @includes too: a parameter list may live
     * there. */
    h = hash_string(h, sw->parsed_text != NULL ? sw->parsed_text : sw->text);
    if (sw->scenario != NULL && sw->scenario->text != NULL)
        h = hash_string(h, sw->scenario->text);
    h = hash_string(h, s->base);
    h = hash_string(h, s->model);
    h = hash_string(h, s->design);
    h = hash_string(h, s->method);
    long numbers[] = {s->samples,      s->seed,      s->replicates,
                      s->months,       s->bootstrap, s->common_random_numbers,
                      s->yearly,       s->trajectories, s->levels,
                      s->horizons.count, sw->sensitivity, n_rows};
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
        h = hash_long(h, numbers[i]);
    for (int i = 0; i < s->horizons.count; i++)
        h = hash_long(h, s->horizons.values[i]);
    h = fnv1a(h, &s->confidence, sizeof s->confidence);
    if (sw->base_params != NULL)
        h = fnv1a(h, sw->base_params, sw->model->params_size);
    return h;
}

static int add_record(struct sweep_store *st, long first, long count,
                      long offset)
{
    if (st->n_records == st->cap_records) {
        size_t cap = st->cap_records ? 2 * st->cap_records : 64;
        struct record_index *bigger = sim_calloc(cap, sizeof *bigger);
        if (bigger == NULL)
            return -1;
        if (st->records != NULL)
            memcpy(bigger, st->records, st->n_records * sizeof *bigger);
        sim_free(st->records);
        st->records = bigger;
        st->cap_records = cap;
    }
    st->records[st->n_records++] = (struct record_index){first, count, offset};
    return 0;
}

void sweep_store_close_failed(struct sweep_store *st)
{
    if (st == NULL)
        return;
    if (st->done == 0 && st->ckpt != NULL) {
        unlink(st->ckpt_path);
        h5u_fsync_dir_of(st->ckpt_path);
    }
    sweep_store_free(st);
}

void sweep_store_free(struct sweep_store *st)
{
    if (st == NULL)
        return;
    if (st->ckpt != NULL)
        fclose(st->ckpt);
    sim_free(st->records);
    sim_free(st->block);
    sim_free(st->kept_outputs);
    sim_free(st);
}

static struct ckpt_header make_header(const struct sweep *sw, long n_rows)
{
    struct ckpt_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, header_magic, sizeof h.magic);
    h.sweep_hash = sweep_hash(sw, n_rows);
    h.n_rows = (uint64_t)n_rows;
    h.k = sw->n_params;
    h.n_outputs = sw->n_outputs;
    h.n_horizons = (uint64_t)sw->n_horizons;
    return h;
}

static int sync_file(FILE *f)
{
    return fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
}

/* Flushes the checkpoint to the kernel, and syncs it when the last sync is
 * SWEEP_STORE_SYNC_SECONDS old. */
static int flush_checkpoint(struct sweep_store *st)
{
    if (fflush(st->ckpt) != 0)
        return -1;
    double now = monotonic_seconds();
    if (now - st->synced_at < SWEEP_STORE_SYNC_SECONDS)
        return 0;
    st->synced_at = now;
    return fsync(fileno(st->ckpt)) == 0 ? 0 : -1;
}

/* Reads the records of an existing checkpoint; drops a torn last record. */
static sim_status scan_records(struct sweep_store *st, char *err)
{
    size_t payload_bytes_per_row = st->row_doubles * sizeof(double);
    double *buf = NULL;
    size_t buf_rows = 0;
    long good_end = (long)sizeof(struct ckpt_header);
    for (;;) {
        struct ckpt_record rec;
        if (fseek(st->ckpt, good_end, SEEK_SET) != 0 ||
            fread(&rec, sizeof rec, 1, st->ckpt) != 1)
            break;
        int v1 = memcmp(rec.magic, record_magic_v1, sizeof rec.magic) == 0;
        if ((!v1 && memcmp(rec.magic, record_magic, sizeof rec.magic) != 0) ||
            rec.first != (uint64_t)st->done || rec.count == 0 ||
            rec.count > (uint64_t)st->n_rows - rec.first)
            break;
        if (rec.count > buf_rows) {
            sim_free(buf);
            buf_rows = rec.count;
            buf = sim_calloc(buf_rows * st->row_doubles, sizeof *buf);
            if (buf == NULL)
                return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                                st->ckpt_path);
        }
        size_t n = (size_t)rec.count * st->row_doubles;
        if (fread(buf, sizeof *buf, n, st->ckpt) != n ||
            (v1 ? fnv1a(FNV_OFFSET, buf, n * sizeof *buf)
                : payload_checksum(buf, n)) != rec.checksum)
            break;
        long offset = good_end + (long)sizeof rec;
        if (add_record(st, (long)rec.first, (long)rec.count, offset) != 0) {
            sim_free(buf);
            return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                            st->ckpt_path);
        }
        st->done += (long)rec.count;
        good_end = offset + (long)(rec.count * payload_bytes_per_row);
    }
    sim_free(buf);
    /* Whatever follows the last complete record was torn by the kill. */
    if (fflush(st->ckpt) != 0 || ftruncate(fileno(st->ckpt), good_end) != 0 ||
        fseek(st->ckpt, good_end, SEEK_SET) != 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot truncate: %s",
                        st->ckpt_path, strerror(errno));
    return SIM_OK;
}

/* Writes this sweep's header at the start of the checkpoint. */
static sim_status write_header(struct sweep_store *st,
                               const struct ckpt_header *want, char *err)
{
    if (fseek(st->ckpt, 0, SEEK_SET) != 0 ||
        fwrite(want, sizeof *want, 1, st->ckpt) != 1 ||
        sync_file(st->ckpt) != 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot write: %s", st->ckpt_path,
                        strerror(errno));
    return SIM_OK;
}

/*
 * Takes the checkpoint's lock for as long as this store has it open, so that
 * a second sweep or resume of the same output is refused while this one
 * runs, rather than appending the same rows twice.  flock, not fcntl: its
 * lock belongs to the open file, not the process, so another descriptor of
 * the file closed here (a sync, say) does not drop it, and a kill -9 does.
 * Where the filesystem cannot lock, the sweep goes on unprotected, as
 * before locks: refusing would forbid sweeps there altogether.
 */
static sim_status lock_checkpoint(const char *path, FILE *f, char *err)
{
    if (flock(fileno(f), LOCK_EX | LOCK_NB) == 0)
        return SIM_OK;
    if (errno == EWOULDBLOCK)
        return sim_fail(err, SIM_ERR_IO,
                        "%s is in use: another sweep of the same output is "
                        "running; wait for it to end (or stop it) before "
                        "running or resuming this one",
                        path);
    if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS)
        return SIM_OK;
    return sim_fail(err, SIM_ERR_IO, "%s: cannot lock: %s", path,
                    strerror(errno));
}

/*
 * Opens the existing checkpoint and locks it.  The path is looked at again
 * once locked: a sweep that held it may have finished and removed it (or
 * another begun a new one) between the open and the lock.
 */
static sim_status open_checkpoint(struct sweep_store *st, char *err)
{
    st->ckpt = fopen(st->ckpt_path, "r+b");
    if (st->ckpt == NULL)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot open: %s", st->ckpt_path,
                        strerror(errno));
    sim_status locked = lock_checkpoint(st->ckpt_path, st->ckpt, err);
    if (locked != SIM_OK)
        return locked;
    struct stat opened, named;
    if (fstat(fileno(st->ckpt), &opened) != 0 ||
        stat(st->ckpt_path, &named) != 0 || opened.st_dev != named.st_dev ||
        opened.st_ino != named.st_ino)
        return sim_fail(err, SIM_ERR_IO,
                        "%s changed while it was being opened (another sweep "
                        "of the same output ended or began): run the command "
                        "again",
                        st->ckpt_path);
    return SIM_OK;
}

/*
 * Counts the saved rows of the checkpoint open in st.  A file cut short
 * within this sweep's header (a kill while it was being written, 0 bytes
 * included) holds no rows, so it is restarted rather than refused.
 */
static sim_status resume_checkpoint(struct sweep_store *st,
                                    const struct ckpt_header *want, char *err)
{
    struct ckpt_header have;
    size_t got = fread(&have, 1, sizeof have, st->ckpt);
    if (ferror(st->ckpt))
        return sim_fail(err, SIM_ERR_IO, "%s: cannot read: %s", st->ckpt_path,
                        strerror(errno));
    if (memcmp(&have, want, got) != 0)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s belongs to another sweep (the sweep file, a --set "
                        "value, its base scenario or the command changed): "
                        "run the same command again, or delete it to start "
                        "again",
                        st->ckpt_path);
    if (got < sizeof have)
        return write_header(st, want, err);
    return scan_records(st, err);
}

/*
 * Creates the checkpoint with its header, never over another sweep's.  The
 * header is written aside and linked into place, so that the checkpoint
 * never exists without it; where the filesystem has no hard links (vfat,
 * some network and FUSE filesystems) it is created in place (O_EXCL): a
 * kill before its header is written then leaves a short checkpoint, which
 * --resume restarts.
 */
static sim_status create_checkpoint(struct sweep_store *st,
                                    const struct ckpt_header *want, char *err)
{
    char tmp[sizeof st->ckpt_path + OUTFILE_TMP_EXTRA];
    int tmp_fd = outfile_tmp_open(st->ckpt_path, tmp, sizeof tmp, err);
    if (tmp_fd < 0)
        return SIM_ERR_IO;
    st->ckpt = fdopen(tmp_fd, "w+b");
    if (st->ckpt == NULL) {
        int saved = errno;
        close(tmp_fd);
        unlink(tmp);
        return sim_fail(err, SIM_ERR_IO, "%s: cannot create: %s",
                        st->ckpt_path, strerror(saved));
    }
    /* Locked before it has its name: no one can take it first. */
    sim_status made = lock_checkpoint(st->ckpt_path, st->ckpt, err);
    if (made == SIM_OK)
        made = write_header(st, want, err);
    int linked = made == SIM_OK ? link(tmp, st->ckpt_path) : -1;
    int link_errno = errno;
    unlink(tmp);
    if (made == SIM_OK && linked == 0)
        return SIM_OK;
    fclose(st->ckpt);
    st->ckpt = NULL;
    if (made != SIM_OK)
        return made;
    if (link_errno == EEXIST)
        return sim_fail(err, SIM_ERR_IO,
                        "%s: cannot create: it exists (another sweep of the "
                        "same output has just started)",
                        st->ckpt_path);
    int fd = open(st->ckpt_path,
                  O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot create: %s",
                        st->ckpt_path, strerror(errno));
    st->ckpt = fdopen(fd, "w+b");
    if (st->ckpt == NULL) {
        close(fd);
        unlink(st->ckpt_path);
        return sim_fail(err, SIM_ERR_IO, "%s: cannot create: %s",
                        st->ckpt_path, strerror(errno));
    }
    /* A resume that locked the new, empty file first rewrites its header
     * itself: leave it the file. */
    made = lock_checkpoint(st->ckpt_path, st->ckpt, err);
    if (made != SIM_OK) {
        fclose(st->ckpt);
        st->ckpt = NULL;
        return made;
    }
    made = write_header(st, want, err);
    if (made != SIM_OK) {
        fclose(st->ckpt);
        st->ckpt = NULL;
        unlink(st->ckpt_path);
    }
    return made;
}

void sweep_store_checkpoint_path(const char *output, char *buf, size_t len)
{
    snprintf(buf, len, "%s.partial", output);
}

struct sweep_store *sweep_store_open(const struct sweep *sw, long n_rows,
                                     const char *output, int resume,
                                     long *done, char *err)
{
    *done = 0;
    struct sweep_store *st = sim_calloc(1, sizeof *st);
    if (st == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", output);
        return NULL;
    }
    st->sw = sw;
    st->n_rows = n_rows;
    st->row_doubles = 2 * sw->n_params + sw->n_outputs * (size_t)sw->n_horizons;
    snprintf(st->output, sizeof st->output, "%s", output);
    sweep_store_checkpoint_path(output, st->ckpt_path, sizeof st->ckpt_path);
    if (h5u_mkdir_parents(output, err) != 0)
        goto fail;

    struct ckpt_header want = make_header(sw, n_rows);
    struct stat info;
    int exists = stat(st->ckpt_path, &info) == 0;
    /* Locked first, so that a sweep still running is told apart from an
     * interrupted one. */
    if (exists && open_checkpoint(st, err) != SIM_OK)
        goto fail;
    if (exists && !resume) {
        sim_fail(err, SIM_ERR_IO,
                 "%s exists: the checkpoint of an earlier run that did not "
                 "finish; continue it with --resume if it was this very "
                 "sweep, or delete the file to start again",
                 st->ckpt_path);
        goto fail;
    }
    if (exists) {
        if (resume_checkpoint(st, &want, err) != SIM_OK)
            goto fail;
    } else {
        if (create_checkpoint(st, &want, err) != SIM_OK)
            goto fail;
        h5u_fsync_dir_of(st->ckpt_path);
    }
    st->synced_at = monotonic_seconds();
    *done = st->done;
    return st;
fail:
    sweep_store_free(st);
    return NULL;
}

sim_status sweep_store_append(struct sweep_store *st, long first, long count,
                              const double *unit, const double *values,
                              const double *outputs, char *err)
{
    if (first != st->done || count < 1 || first + count > st->n_rows)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: rows %ld..%ld out of order (%ld saved)",
                        st->ckpt_path, first, first + count - 1, st->done);
    size_t k = st->sw->n_params;
    size_t per_out = st->row_doubles - 2 * k;
    size_t n = (size_t)count * st->row_doubles;
    /* The rows laid out as the file holds them, then one write: a row at a
     * time through stdio cost three calls a row. */
    if (n > st->block_doubles) {
        double *bigger = sim_calloc(n, sizeof *bigger);
        if (bigger == NULL)
            return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                            st->ckpt_path);
        sim_free(st->block);
        st->block = bigger;
        st->block_doubles = n;
    }
    for (long i = 0; i < count; i++) {
        double *row = st->block + (size_t)i * st->row_doubles;
        memcpy(row, unit + (size_t)i * k, k * sizeof *row);
        memcpy(row + k, values + (size_t)i * k, k * sizeof *row);
        memcpy(row + 2 * k, outputs + (size_t)i * per_out,
               per_out * sizeof *row);
    }
    struct ckpt_record rec;
    memcpy(rec.magic, record_magic, sizeof rec.magic);
    rec.first = (uint64_t)first;
    rec.count = (uint64_t)count;
    rec.checksum = payload_checksum(st->block, n);
    long offset = ftell(st->ckpt) + (long)sizeof rec;
    int ok = fwrite(&rec, sizeof rec, 1, st->ckpt) == 1 &&
             fwrite(st->block, sizeof *st->block, n, st->ckpt) == n;
    if (!ok || flush_checkpoint(st) != 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot write: %s",
                        st->ckpt_path, strerror(errno));
    if (add_record(st, first, count, offset) != 0)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                        st->ckpt_path);
    if (st->kept_outputs != NULL)
        memcpy(st->kept_outputs + (size_t)first * per_out, outputs,
               (size_t)count * per_out * sizeof *outputs);
    st->done += count;
    return SIM_OK;
}

/* Reads whole rows [first, first+count) into rows[count][row_doubles]. */
static sim_status read_rows(struct sweep_store *st, long first, long count,
                            double *rows, char *err)
{
    long row = first;
    for (size_t r = 0; r < st->n_records && row < first + count; r++) {
        const struct record_index *rec = &st->records[r];
        if (row >= rec->first + rec->count)
            continue;
        long from = row - rec->first;
        long n = rec->count - from;
        if (n > first + count - row)
            n = first + count - row;
        size_t doubles = (size_t)n * st->row_doubles;
        long at = rec->offset + from * (long)(st->row_doubles * sizeof(double));
        if (fseek(st->ckpt, at, SEEK_SET) != 0 ||
            fread(rows + (size_t)(row - first) * st->row_doubles,
                  sizeof(double), doubles, st->ckpt) != doubles)
            return sim_fail(err, SIM_ERR_IO, "%s: cannot read back rows",
                            st->ckpt_path);
        row += n;
    }
    if (fseek(st->ckpt, 0, SEEK_END) != 0 || row != first + count)
        return sim_fail(err, SIM_ERR_IO, "%s: rows %ld..%ld are not saved",
                        st->ckpt_path, first, first + count - 1);
    return SIM_OK;
}

sim_status sweep_store_keep_outputs(struct sweep_store *st, char *err)
{
    size_t per_out = st->row_doubles - 2 * st->sw->n_params;
    if (st->kept_outputs != NULL)
        return SIM_OK;
    double *kept = sim_calloc((size_t)st->n_rows * per_out, sizeof *kept);
    if (kept == NULL)
        return sim_fail(err, SIM_ERR_NOMEM,
                        "%s: out of memory for the outputs of %ld rows",
                        st->ckpt_path, st->n_rows);
    sim_status s = st->done > 0
                       ? sweep_store_read(st, 0, st->done, NULL, NULL, kept,
                                          err)
                       : SIM_OK;
    if (s != SIM_OK) {
        sim_free(kept);
        return s;
    }
    st->kept_outputs = kept;
    return SIM_OK;
}

sim_status sweep_store_read(struct sweep_store *st, long first, long count,
                            double *unit, double *values, double *outputs,
                            char *err)
{
    if (st->kept_outputs != NULL && unit == NULL && values == NULL) {
        size_t per_out = st->row_doubles - 2 * st->sw->n_params;
        if (first < 0 || count < 0 || first + count > st->done)
            return sim_fail(err, SIM_ERR_IO,
                            "%s: rows %ld..%ld are not saved", st->ckpt_path,
                            first, first + count - 1);
        if (outputs != NULL)
            memcpy(outputs, st->kept_outputs + (size_t)first * per_out,
                   (size_t)count * per_out * sizeof *outputs);
        return SIM_OK;
    }
    double *rows = sim_calloc((size_t)count * st->row_doubles, sizeof *rows);
    if (rows == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                        st->ckpt_path);
    sim_status s = read_rows(st, first, count, rows, err);
    size_t k = st->sw->n_params, per_out = st->row_doubles - 2 * k;
    for (long i = 0; s == SIM_OK && i < count; i++) {
        const double *row = rows + (size_t)i * st->row_doubles;
        if (unit != NULL)
            memcpy(unit + (size_t)i * k, row, k * sizeof *row);
        if (values != NULL)
            memcpy(values + (size_t)i * k, row + k, k * sizeof *row);
        if (outputs != NULL)
            memcpy(outputs + (size_t)i * per_out, row + 2 * k,
                   per_out * sizeof *row);
    }
    sim_free(rows);
    return s;
}

/* ---- the HDF5 file ---- */

struct h5_build {
    hid_t file, unit, values, outputs;
    hid_t sample_scale, param_scale, output_scale, horizon_scale;
};


static hid_t chunked(hid_t file, const char *name, int rank,
                     const hsize_t *dims, hsize_t chunk_rows)
{
    hsize_t chunk[3] = {chunk_rows, rank > 1 ? dims[1] : 1,
                        rank > 2 ? dims[2] : 1};
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    hid_t d = H5I_INVALID_HID;
    if (space >= 0 && dcpl >= 0 && lcpl >= 0 &&
        H5Pset_create_intermediate_group(lcpl, 1) >= 0 &&
        H5Pset_chunk(dcpl, rank, chunk) >= 0)
        d = H5Dcreate2(file, name, H5T_IEEE_F64LE, space, lcpl, dcpl,
                       H5P_DEFAULT);
    if (lcpl >= 0)
        H5Pclose(lcpl);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    return d;
}

static herr_t write_slab(hid_t d, int rank, const hsize_t *dims, long first,
                         long count, const double *data)
{
    hsize_t start[3] = {(hsize_t)first, 0, 0};
    hsize_t size[3] = {(hsize_t)count, rank > 1 ? dims[1] : 1,
                       rank > 2 ? dims[2] : 1};
    hid_t fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(rank, size, NULL);
    herr_t st = -1;
    if (fs >= 0 && ms >= 0 &&
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, size, NULL) >= 0)
        st = H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, data);
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return st;
}

static herr_t write_root(const struct sweep_store *st, hid_t file,
                         const struct sweep_meta *meta)
{
    const struct sweep *sw = st->sw;
    char end[64], title[PARAM_PATH_LEN + 64];
    h5u_iso_time_now(end, sizeof end);
    snprintf(title, sizeof title, "alliance-sim %s: %s", meta->kind, sw->path);
    uint64_t seed = (uint64_t)sw->settings.seed;
    if (h5u_attr_string(file, "title", title) < 0 ||
        h5u_attr_string(file, "software", "alliance-sim") < 0 ||
        h5u_attr_string(file, "software_version", ALLIANCE_SIM_VERSION) < 0 ||
        h5u_attr_string(file, "source", "alliance-sim " ALLIANCE_SIM_VERSION) <
            0 ||
        h5u_attr_string(file, "Conventions", "CF-1.8") < 0 ||
        h5u_attr_string(file, "history", meta->command_line) < 0 ||
        h5u_attr_string(file, "kind", meta->kind) < 0 ||
        h5u_attr_string(file, "design", meta->design) < 0 ||
        h5u_attr_string(file, "model", sw->model->name) < 0 ||
        h5u_attr_long(file, "samples", meta->samples) < 0 ||
        h5u_attr_long(file, "evaluations", st->n_rows) < 0 ||
        h5u_attr_numbers(file, "seed", H5T_NATIVE_UINT64, H5T_STD_U64LE, &seed,
                         1, 1) < 0 ||
        h5u_attr_long(file, "replicates", sw->replicates) < 0 ||
        h5u_attr_long(file, "months", sw->months) < 0 ||
        h5u_attr_long(file, "common_random_numbers",
                      sw->settings.common_random_numbers) < 0 ||
        h5u_attr_string(file, "start_time", meta->start_time) < 0 ||
        h5u_attr_string(file, "end_time", end) < 0 ||
        h5u_attr_string(file, "sweep_file", sw->path) < 0 ||
        h5u_attr_string(file, "sweep_text", sw->text) < 0)
        return -1;
    if (sw->scenario != NULL &&
        (h5u_attr_string(file, "base_scenario_file", sw->scenario->path) < 0 ||
         h5u_attr_string(file, "base_scenario_text", sw->scenario->text) < 0))
        return -1;
    return 0;
}

static herr_t write_scales(const struct sweep_store *st, struct h5_build *b)
{
    const struct sweep *sw = st->sw;
    const char *names[SWEEP_MAX_OUTPUTS];
    const char *units[SWEEP_MAX_OUTPUTS > SWEEP_MAX_PARAMS ? SWEEP_MAX_OUTPUTS
                                                          : SWEEP_MAX_PARAMS];
    char dists[SWEEP_MAX_PARAMS][160];
    const char *dist_ptrs[SWEEP_MAX_PARAMS];
    for (size_t i = 0; i < sw->n_params; i++) {
        names[i] = sw->params[i].path;
        units[i] = sw->params[i].desc->unit;
        param_dist_describe(&sw->params[i], dists[i], sizeof dists[i]);
        dist_ptrs[i] = dists[i];
    }
    b->param_scale = h5u_string_scale(b->file, "parameter", names,
                                      sw->n_params,
                                      "swept parameters, by their path in "
                                      "the scenario");
    if (b->param_scale < 0 ||
        h5u_attr_strings(b->param_scale, "distribution", dist_ptrs,
                         sw->n_params) < 0 ||
        h5u_unit_variable(b->file, "parameter_unit", units, sw->n_params,
                      "unit of each parameter", b->param_scale) < 0)
        return -1;
    for (size_t o = 0; o < sw->n_outputs; o++) {
        names[o] = sw->outputs[o].name;
        units[o] = sweep_output_unit(sw, o);
    }
    b->output_scale = h5u_string_scale(
        b->file, "output", names, sw->n_outputs,
        "outputs of interest: variable:statistic across replicates");
    if (b->output_scale < 0 ||
        h5u_unit_variable(b->file, "output_unit", units, sw->n_outputs,
                      "unit of each output", b->output_scale) < 0)
        return -1;
    b->horizon_scale = H5I_INVALID_HID;
    {
        hsize_t n = (hsize_t)sw->n_horizons;
        hid_t space = H5Screate_simple(1, &n, NULL);
        if (space >= 0) {
            b->horizon_scale =
                H5Dcreate2(b->file, "horizon", H5T_STD_I64LE, space,
                           H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            H5Sclose(space);
        }
    }
    b->sample_scale = h5u_index_scale(b->file, "sample", 0, st->n_rows, "1",
                                      "row of the design (evaluation)");
    if (b->output_scale < 0 || b->horizon_scale < 0 || b->sample_scale < 0 ||
        h5u_write_all(b->horizon_scale, H5T_NATIVE_LONG, sw->horizons) < 0 ||
        H5DSset_scale(b->horizon_scale, "horizon") < 0 ||
        h5u_attr_string(b->horizon_scale, "units", "month") < 0)
        return -1;
    /* Which horizons are report horizons, and which year ends that
     * sensitivity.yearly added (the table prints only the former). */
    long reported[SWEEP_MAX_HORIZONS];
    hsize_t n_h = (hsize_t)sw->n_horizons;
    if (sw->n_horizons > SWEEP_MAX_HORIZONS)
        return -1;
    for (int h = 0; h < sw->n_horizons; h++)
        reported[h] = sw->reported[h] != 0;
    if (h5u_write_longs(b->file, "report_horizon", 1, &n_h, reported, "1",
                        "1: a report horizon (the sweep file's or the "
                        "base scenario's), 0: a year end added by "
                        "sensitivity.yearly") < 0 ||
        h5u_attach(b->file, "report_horizon", b->horizon_scale, 0) < 0)
        return -1;
    return 0;
}

static herr_t create_data(const struct sweep_store *st, struct h5_build *b)
{
    const struct sweep *sw = st->sw;
    hsize_t dk[2] = {(hsize_t)st->n_rows, sw->n_params};
    hsize_t dout[3] = {(hsize_t)st->n_rows, sw->n_outputs,
                       (hsize_t)sw->n_horizons};
    /* Chunks of about 256 KiB of rows. */
    hsize_t row_bytes = (hsize_t)(sw->n_outputs * (size_t)sw->n_horizons) * 8;
    hsize_t rows = (256 * 1024) / (row_bytes ? row_bytes : 1);
    if (rows < 1)
        rows = 1;
    if (rows > (hsize_t)st->n_rows)
        rows = (hsize_t)st->n_rows;
    b->unit = chunked(b->file, "design/unit", 2, dk, rows);
    b->values = chunked(b->file, "design/values", 2, dk, rows);
    b->outputs = chunked(b->file, "outputs", 3, dout, rows);
    if (b->unit < 0 || b->values < 0 || b->outputs < 0)
        return -1;
    if (h5u_attr_string(b->unit, "units", "1") < 0 ||
        h5u_attr_string(b->unit, "description",
                        "design points in the unit hypercube (sample, "
                        "parameter)") < 0 ||
        h5u_attr_string(b->values, "entry_units", "parameter_unit") < 0 ||
        h5u_attr_long(b->values, "entry_units_dimension", 1) < 0 ||
        h5u_attr_string(b->values, "description",
                        "parameter values: each unit coordinate through the "
                        "parameter's distribution (sample, parameter)") < 0 ||
        h5u_attr_string(b->outputs, "entry_units", "output_unit") < 0 ||
        h5u_attr_long(b->outputs, "entry_units_dimension", 1) < 0 ||
        h5u_attr_string(b->outputs, "description",
                        "statistics across replicates of the outputs of "
                        "interest (sample, output, horizon)") < 0)
        return -1;
    /* The parameters' names, units and distributions also as attributes of
     * the design matrix, for readers that ignore dimension scales. */
    const char *names[SWEEP_MAX_PARAMS], *units[SWEEP_MAX_PARAMS],
        *dist_ptrs[SWEEP_MAX_PARAMS];
    char dists[SWEEP_MAX_PARAMS][160];
    for (size_t i = 0; i < sw->n_params; i++) {
        names[i] = sw->params[i].path;
        units[i] = sw->params[i].desc->unit;
        param_dist_describe(&sw->params[i], dists[i], sizeof dists[i]);
        dist_ptrs[i] = dists[i];
    }
    for (int m = 0; m < 2; m++) {
        hid_t d = m == 0 ? b->values : b->unit;
        if (h5u_attr_strings(d, "parameters", names, sw->n_params) < 0 ||
            h5u_attr_strings(d, "parameter_units", units, sw->n_params) < 0 ||
            h5u_attr_strings(d, "distributions", dist_ptrs, sw->n_params) < 0)
            return -1;
    }
    if (H5DSattach_scale(b->unit, b->sample_scale, 0) < 0 ||
        H5DSattach_scale(b->unit, b->param_scale, 1) < 0 ||
        H5DSattach_scale(b->values, b->sample_scale, 0) < 0 ||
        H5DSattach_scale(b->values, b->param_scale, 1) < 0 ||
        H5DSattach_scale(b->outputs, b->sample_scale, 0) < 0 ||
        H5DSattach_scale(b->outputs, b->output_scale, 1) < 0 ||
        H5DSattach_scale(b->outputs, b->horizon_scale, 2) < 0)
        return -1;
    return 0;
}

static void close_build(struct h5_build *b)
{
    hid_t *ids[] = {&b->unit,        &b->values,       &b->outputs,
                    &b->sample_scale, &b->param_scale, &b->output_scale,
                    &b->horizon_scale};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (*ids[i] >= 0) {
            H5Dclose(*ids[i]);
            *ids[i] = H5I_INVALID_HID;
        }
}

/* Streams the checkpoint into the datasets (and the CSV), a record at a
 * time. */
static sim_status stream_rows(struct sweep_store *st, struct h5_build *b,
                              struct csv_writer *csv, char *err)
{
    const struct sweep *sw = st->sw;
    size_t k = sw->n_params, per_out = st->row_doubles - 2 * k;
    size_t max_rows = 0;
    for (size_t r = 0; r < st->n_records; r++)
        if ((size_t)st->records[r].count > max_rows)
            max_rows = (size_t)st->records[r].count;
    double *rows = sim_calloc(max_rows * st->row_doubles, sizeof *rows);
    double *u = sim_calloc(max_rows * k, sizeof *u);
    double *v = sim_calloc(max_rows * k, sizeof *v);
    double *o = sim_calloc(max_rows * per_out, sizeof *o);
    sim_status s = SIM_OK;
    if (rows == NULL || u == NULL || v == NULL || o == NULL)
        s = sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", st->output);
    hsize_t dk[2] = {(hsize_t)st->n_rows, k};
    hsize_t dout[3] = {(hsize_t)st->n_rows, sw->n_outputs,
                       (hsize_t)sw->n_horizons};
    for (size_t r = 0; s == SIM_OK && r < st->n_records; r++) {
        const struct record_index *rec = &st->records[r];
        s = read_rows(st, rec->first, rec->count, rows, err);
        for (long i = 0; s == SIM_OK && i < rec->count; i++) {
            const double *row = rows + (size_t)i * st->row_doubles;
            memcpy(u + (size_t)i * k, row, k * sizeof *row);
            memcpy(v + (size_t)i * k, row + k, k * sizeof *row);
            memcpy(o + (size_t)i * per_out, row + 2 * k,
                   per_out * sizeof *row);
            if (csv != NULL) {
                csv_integer(csv, rec->first + i);
                for (size_t j = 0; j < k; j++)
                    csv_number(csv, row[k + j]);
                for (size_t j = 0; j < per_out; j++)
                    csv_number(csv, row[2 * k + j]);
                csv_end_row(csv);
            }
        }
        if (s == SIM_OK &&
            (write_slab(b->unit, 2, dk, rec->first, rec->count, u) < 0 ||
             write_slab(b->values, 2, dk, rec->first, rec->count, v) < 0 ||
             write_slab(b->outputs, 3, dout, rec->first, rec->count, o) < 0))
            s = sim_fail(err, SIM_ERR_HDF5, "%s: cannot write rows %ld..%ld",
                         st->output, rec->first, rec->first + rec->count - 1);
    }
    sim_free(rows);
    sim_free(u);
    sim_free(v);
    sim_free(o);
    return s;
}

/* The further attributes of an extra array. */
static herr_t write_attributes(hid_t file, const struct sweep_array *a)
{
    if (a->n_attributes == 0)
        return 0;
    hid_t d = H5Dopen2(file, a->path, H5P_DEFAULT);
    if (d < 0)
        return -1;
    herr_t st = 0;
    for (size_t i = 0; st >= 0 && i < a->n_attributes; i++) {
        const struct sweep_attribute *at = &a->attributes[i];
        st = at->text != NULL ? h5u_attr_string(d, at->name, at->text)
             : at->integer    ? h5u_attr_long(d, at->name, (long)at->number)
                              : h5u_attr_double(d, at->name, at->number);
    }
    if (H5Dclose(d) < 0)
        st = -1;
    return st;
}

/* One row of column names with their units in brackets, as a spreadsheet
 * shows them: "engineering.budget_eur [EUR/month]", "alive:mean@84 [1]". */
static void csv_header(const struct sweep *sw, struct csv_writer *csv)
{
    char name[256];
    csv_text(csv, "sample");
    for (size_t j = 0; j < sw->n_params; j++) {
        snprintf(name, sizeof name, "%s [%s]", sw->params[j].path,
                 sw->params[j].desc->unit);
        csv_text(csv, name);
    }
    for (size_t o = 0; o < sw->n_outputs; o++)
        for (int h = 0; h < sw->n_horizons; h++) {
            snprintf(name, sizeof name, "%s@%ld [%s]", sw->outputs[o].name,
                     sw->horizons[h], sweep_output_unit(sw, o));
            csv_text(csv, name);
        }
    csv_end_row(csv);
}

sim_status sweep_store_finish(struct sweep_store *st,
                              const struct sweep_meta *meta,
                              const struct sweep_array *extras,
                              size_t n_extras, const char *csv_path,
                              char *err)
{
    if (st->done != st->n_rows)
        return sim_fail(err, SIM_ERR_INVALID, "%s: %ld of %ld rows saved",
                        st->ckpt_path, st->done, st->n_rows);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    char tmp[PATH_MAX + OUTFILE_TMP_EXTRA] = "";
    struct h5_build b = {H5I_INVALID_HID, H5I_INVALID_HID, H5I_INVALID_HID,
                         H5I_INVALID_HID, H5I_INVALID_HID, H5I_INVALID_HID,
                         H5I_INVALID_HID, H5I_INVALID_HID};
    struct csv_writer *csv = NULL;
    sim_status s = SIM_OK;
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) < 0) {
        s = sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error", st->output);
        goto done;
    }
    b.file = h5u_create_tmp(st->output, fapl, tmp, sizeof tmp, err);
    if (b.file < 0) {
        s = SIM_ERR_IO;
        goto done;
    }
    if (csv_path != NULL) {
        csv = csv_writer_new(csv_path, err);
        if (csv == NULL) {
            s = SIM_ERR_IO;
            goto done;
        }
        csv_header(st->sw, csv);
    }
    if (write_root(st, b.file, meta) < 0 || write_scales(st, &b) < 0 ||
        create_data(st, &b) < 0) {
        s = sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error while creating the "
                                        "file", st->output);
        goto done;
    }
    s = stream_rows(st, &b, csv, err);
    for (size_t i = 0; s == SIM_OK && i < n_extras; i++) {
        hsize_t dims[4];
        for (int d = 0; d < extras[i].rank; d++)
            dims[d] = extras[i].dims[d];
        if (h5u_write_array(b.file, extras[i].path, extras[i].rank, dims,
                            extras[i].data, extras[i].units,
                            extras[i].description) < 0)
            s = sim_fail(err, SIM_ERR_HDF5, "%s: cannot write /%s", st->output,
                         extras[i].path);
        /* Indices are (output, horizon, parameter): the file's scales. */
        const struct sweep *sw = st->sw;
        if (s == SIM_OK && extras[i].rank == 3 &&
            dims[0] == sw->n_outputs && dims[1] == (hsize_t)sw->n_horizons &&
            dims[2] == sw->n_params &&
            (h5u_attach(b.file, extras[i].path, b.output_scale, 0) < 0 ||
             h5u_attach(b.file, extras[i].path, b.horizon_scale, 1) < 0 ||
             h5u_attach(b.file, extras[i].path, b.param_scale, 2) < 0))
            s = sim_fail(err, SIM_ERR_HDF5, "%s: cannot attach scales to /%s",
                         st->output, extras[i].path);
        if (s == SIM_OK && extras[i].units == NULL &&
            h5u_entry_units(b.file, extras[i].path, "output_unit", 0) < 0)
            s = sim_fail(err, SIM_ERR_HDF5, "%s: cannot write /%s",
                         st->output, extras[i].path);
        if (s == SIM_OK && write_attributes(b.file, &extras[i]) < 0)
            s = sim_fail(err, SIM_ERR_HDF5,
                         "%s: cannot write the attributes of /%s", st->output,
                         extras[i].path);
    }
    close_build(&b);
    if (H5Fclose(b.file) < 0 && s == SIM_OK)
        s = sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 could not close the file",
                     st->output);
    b.file = H5I_INVALID_HID;
    /* Both files or neither: a target a rename cannot replace is refused
     * before either moves, and the HDF5 file, the main output, moves last. */
    if (s == SIM_OK &&
        h5u_check_target(st->output, "the sweep's HDF5 output", err) != 0)
        s = SIM_ERR_IO;
    if (s == SIM_OK && csv_path != NULL &&
        h5u_check_target(csv_path, "the sweep's CSV output", err) != 0)
        s = SIM_ERR_IO;
    if (s == SIM_OK && csv != NULL)
        s = csv_writer_commit(csv, err);
    if (s == SIM_OK)
        s = h5u_commit(tmp, st->output, NULL, err);
    if (s == SIM_OK) {
        st->finished = 1;
        fclose(st->ckpt);
        st->ckpt = NULL;
        unlink(st->ckpt_path);
    }
done:
    close_build(&b);
    if (b.file >= 0)
        H5Fclose(b.file);
    csv_writer_free(csv);
    if (fapl >= 0)
        H5Pclose(fapl);
    if (s != SIM_OK) {
        if (tmp[0] != '\0')
            unlink(tmp);
    }
    return s;
}
