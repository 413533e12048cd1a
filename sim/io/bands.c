#include "bands.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/core/alloc.h"
#include "sim/core/quantile.h"
#include "sim/core/threads.h"

const char *const band_stat_names[BAND_COUNT] = {"p05", "p25", "p50",
                                                 "p75", "p95", "mean"};

static const double band_fractions[BAND_MEAN] = {0.05, 0.25, 0.50, 0.75, 0.95};

/* Replicates read back at a time: a read buffer of this many rows of all
 * months (256 x 336 doubles: 688 KB). */
#define BANDS_READ_ROWS 256

struct bands {
    int fd;              /* the scratch file, or -1 with the record in memory */
    double *memory;      /* [var][month][replicate], or NULL */
    size_t n_vars;       /* the blocks' */
    size_t n_kept;       /* those with bands, stored in the record */
    size_t *var_of;      /* [n_kept]: the block's variable of each */
    size_t replicates;
    size_t months;
    size_t stored;       /* replicates appended so far */
    size_t slab_months;  /* months per slab */
    int n_threads;       /* each reduces whole variables with its own: */
    double *slab;        /* [threads][slab_months][replicates], file only */
    double *rows;        /* [threads][BANDS_READ_ROWS][months], file only */
    double *scratch;     /* [threads][replicates], for the quantiles */
    char path[PATH_MAX]; /* for messages */
};

/* An unlinked file in dir: O_TMPFILE where the file system has it, else a
 * named file removed at once. */
static int scratch_file(const char *near_path, char *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", near_path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    char name[PATH_MAX + 16];
    snprintf(name, sizeof name, "%.*s.bands-XXXXXX", PATH_MAX - 1, near_path);
    fd = mkstemp(name);
    if (fd < 0) {
        sim_fail(err, SIM_ERR_IO, "%s: cannot create a scratch file: %s", name,
                 strerror(errno));
        return -1;
    }
    unlink(name);
    return fd;
}

void bands_free(struct bands *b)
{
    if (b == NULL)
        return;
    if (b->fd >= 0)
        close(b->fd);
    sim_free(b->memory);
    sim_free(b->var_of);
    sim_free(b->slab);
    sim_free(b->rows);
    sim_free(b->scratch);
    sim_free(b);
}

/* The scratch file's offset of (var, replicate, month 0): variable by
 * variable, each as its (replicate, month) array, as blocks come.  In
 * memory the record is kept the other way, [var][month][replicate], each
 * column ready for its statistics: blocks are transposed as they come, in
 * parallel, where reading the file back transposes a slab at a time. */
static off_t offset_of(const struct bands *b, size_t var, size_t replicate)
{
    return (off_t)(((var * b->replicates) + replicate) * b->months *
                   sizeof(double));
}

size_t bands_memory_budget(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return (size_t)256 << 20;
    return (size_t)pages / 4 * (size_t)page;
}

int bands_in_memory(const struct bands *b)
{
    return b->memory != NULL;
}

struct bands *bands_new(const char *near_path, size_t n_vars,
                        const unsigned char *keep, long replicates,
                        long months, size_t slab_bytes, size_t memory_bytes,
                        char *err)
{
    struct bands *b = sim_calloc(1, sizeof *b);
    if (b == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", near_path);
        return NULL;
    }
    b->fd = -1;
    b->n_vars = n_vars;
    b->replicates = (size_t)replicates;
    b->months = (size_t)months;
    snprintf(b->path, sizeof b->path, "%s", near_path);
    size_t column_bytes = b->replicates * sizeof(double);
    b->slab_months =
        (slab_bytes > 0 ? slab_bytes : BANDS_SLAB_BYTES) / column_bytes;
    if (b->slab_months < 1)
        b->slab_months = 1;
    if (b->slab_months > b->months)
        b->slab_months = b->months;
    b->n_threads = sim_max_threads();
    size_t threads = (size_t)b->n_threads;
    b->scratch = sim_malloc(threads * column_bytes);
    b->var_of = sim_malloc((n_vars > 0 ? n_vars : 1) * sizeof *b->var_of);
    if (b->scratch == NULL || b->var_of == NULL)
        goto nomem;
    for (size_t v = 0; v < n_vars; v++)
        if (keep == NULL || keep[v])
            b->var_of[b->n_kept++] = v;
    /* Zeroed as calloc gives a large block: fresh pages, untouched until
     * written, so the planes bands_add_block skips cost nothing. */
    size_t record = (size_t)offset_of(b, b->n_kept, 0);
    if (memory_bytes == 0)
        memory_bytes = bands_memory_budget();
    if (record <= memory_bytes) {
        b->memory = sim_calloc(record / sizeof(double), sizeof(double));
        if (b->memory != NULL)
            return b;
    }
    b->slab = sim_malloc(threads * b->slab_months * column_bytes);
    b->rows =
        sim_malloc(threads * BANDS_READ_ROWS * b->months * sizeof(double));
    if (b->slab == NULL || b->rows == NULL)
        goto nomem;
    b->fd = scratch_file(near_path, err);
    if (b->fd < 0) {
        bands_free(b);
        return NULL;
    }
    /* Full size at once, as a hole: what is never written reads back as
     * zeros (bands_add_block skips all-zero planes). */
    if (ftruncate(b->fd, offset_of(b, b->n_kept, 0)) != 0) {
        sim_fail(err, SIM_ERR_IO, "%s: cannot size the bands' scratch file: %s",
                 near_path, strerror(errno));
        bands_free(b);
        return NULL;
    }
    return b;

nomem:
    sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory for the bands", near_path);
    bands_free(b);
    return NULL;
}

static int write_all(int fd, const void *buf, size_t len, off_t at)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = pwrite(fd, p, len, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
        at += n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len, off_t at)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = pread(fd, p, len, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* a short file: not what was written */
            return -1;
        }
        p += n;
        len -= (size_t)n;
        at += n;
    }
    return 0;
}

/* Whether x[0..n-1] are all +0.0, bit for bit (a -0.0 must be written: the
 * hole reads back +0.0).  A quarter of a default run's planes are: sources
 * never used, closed organisations' flows. */
static int all_zero(const double *x, size_t n)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &x[i], sizeof u);
        bits |= u;
    }
    return bits == 0;
}

/* Side of the tiles of the transpositions: a tile's rows and columns stay
 * in cache and in the TLB while columns lie pages apart. */
#define TILE 16

/* The block into the record in memory, each variable transposed to its
 * columns by one thread: the writer calls this between blocks, while the
 * engine's threads wait. */
static void store_block(struct bands *b, const struct engine_block *block)
{
    size_t first = (size_t)block->first, count = (size_t)block->count;
    size_t months = b->months, reps = b->replicates;
    size_t plane = (size_t)block->stride * months;
    long n_kept = (long)b->n_kept;
#pragma omp parallel for schedule(dynamic, 1) num_threads(b->n_threads)
    for (long k = 0; k < n_kept; k++) {
        const double *src = block->values + b->var_of[k] * plane;
        if (all_zero(src, count * months))
            continue;
        double *dst = b->memory + (size_t)k * months * reps + first;
        for (size_t rt = 0; rt < count; rt += TILE)
            for (size_t mt = 0; mt < months; mt += TILE)
                for (size_t m = mt; m < months && m < mt + TILE; m++)
                    for (size_t r = rt; r < count && r < rt + TILE; r++)
                        dst[m * reps + r] = src[r * months + m];
    }
}

sim_status bands_add_block(struct bands *b, const struct engine_block *block,
                           char *err)
{
    size_t first = (size_t)block->first, count = (size_t)block->count;
    if (first != b->stored || first + count > b->replicates ||
        (size_t)block->months != b->months || block->n_vars != b->n_vars)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: block of replicates %ld..%ld out of order for "
                        "the bands",
                        b->path, block->first, block->first + block->count - 1);
    size_t plane = (size_t)block->stride * b->months;
    size_t n = count * b->months;
    if (b->memory != NULL) {
        store_block(b, block);
    } else {
        for (size_t k = 0; k < b->n_kept; k++) {
            const double *values = block->values + b->var_of[k] * plane;
            if (!all_zero(values, n) &&
                write_all(b->fd, values, n * sizeof(double),
                          offset_of(b, k, first)) != 0)
                return sim_fail(err, SIM_ERR_IO,
                                "%s: cannot write the bands' scratch file: %s",
                                b->path, strerror(errno));
        }
    }
    b->stored += count;
    return SIM_OK;
}

/* Fills slab with months [m0, m0 + n) of var, one column a month, read
 * from the scratch file through rows (BANDS_READ_ROWS rows of all
 * months). */
static sim_status read_slab(const struct bands *b, size_t var, size_t m0,
                            size_t n, double *slab, double *rows, char *err)
{
    size_t reps = b->replicates, months = b->months;
    for (size_t r0 = 0; r0 < reps; r0 += BANDS_READ_ROWS) {
        size_t count =
            reps - r0 < BANDS_READ_ROWS ? reps - r0 : BANDS_READ_ROWS;
        if (read_all(b->fd, rows, count * months * sizeof(double),
                     offset_of(b, var, r0)) != 0)
            return sim_fail(err, SIM_ERR_IO,
                            "%s: cannot read the bands' scratch file: %s",
                            b->path, strerror(errno));
        for (size_t rt = 0; rt < count; rt += TILE)
            for (size_t mt = 0; mt < n; mt += TILE)
                for (size_t m = mt; m < n && m < mt + TILE; m++)
                    for (size_t r = rt; r < count && r < rt + TILE; r++)
                        slab[m * reps + r0 + r] = rows[r * months + m0 + m];
    }
    return SIM_OK;
}

/* The band of one column, by one sequential code whatever the thread. */
static void column_band(const double *column, size_t reps, double *scratch,
                        double *band)
{
    band[BAND_MEAN] = sim_mean(column, reps);
    sim_quantiles(column, reps, band_fractions, BAND_MEAN, band, scratch);
}

/* The bands of the record's variable k from the scratch file, by the
 * calling thread alone. */
static sim_status compute_var(const struct bands *b, size_t var, int tid,
                              double *out, char *err)
{
    size_t reps = b->replicates;
    double *slab = b->slab + (size_t)tid * b->slab_months * reps;
    double *rows = b->rows + (size_t)tid * BANDS_READ_ROWS * b->months;
    double *scratch = b->scratch + (size_t)tid * reps;
    for (size_t m0 = 0; m0 < b->months; m0 += b->slab_months) {
        size_t n =
            b->months - m0 < b->slab_months ? b->months - m0 : b->slab_months;
        sim_status st = read_slab(b, var, m0, n, slab, rows, err);
        if (st != SIM_OK)
            return st;
        for (size_t m = 0; m < n; m++)
            column_band(slab + m * reps, reps, scratch,
                        out + (m0 + m) * BAND_COUNT);
    }
    return SIM_OK;
}

sim_status bands_compute(struct bands *b, double *out, char *err)
{
    if (b->stored != b->replicates)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: bands asked with %zu of %zu replicates stored",
                        b->path, b->stored, b->replicates);
    long n_kept = (long)b->n_kept;
    size_t months = b->months;
    if (b->memory != NULL) {
        long columns = n_kept * (long)months;
#pragma omp parallel num_threads(b->n_threads)
        {
            double *scratch =
                b->scratch + (size_t)sim_thread_id() * b->replicates;
#pragma omp for schedule(static, 64)
            for (long c = 0; c < columns; c++) {
                size_t k = (size_t)c / months, m = (size_t)c % months;
                column_band(b->memory + (size_t)c * b->replicates,
                            b->replicates, scratch,
                            out + (b->var_of[k] * months + m) * BAND_COUNT);
            }
        }
        return SIM_OK;
    }
    sim_status failed = SIM_OK;
    /* Variables in parallel, each by one thread from its read to its
     * statistics: reading and transposing are then no serial part. */
#pragma omp parallel num_threads(b->n_threads)
    {
        char thread_err[SIM_ERR_LEN];
#pragma omp for schedule(dynamic, 1)
        for (long k = 0; k < n_kept; k++) {
            sim_status st = compute_var(
                b, (size_t)k, sim_thread_id(),
                out + b->var_of[k] * months * BAND_COUNT, thread_err);
            if (st != SIM_OK) {
#pragma omp critical(bands_error)
                if (failed == SIM_OK) {
                    failed = st;
                    snprintf(err, SIM_ERR_LEN, "%s", thread_err);
                }
            }
        }
    }
    return failed;
}
