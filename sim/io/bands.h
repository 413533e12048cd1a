/*
 * bands.h - every variable's quantiles across replicates at every month,
 * the data of fan charts (/bands, docs/output.md).
 *
 * Exact quantiles need all R values of a month at once, while the engine
 * hands replicates out block by block, so the store keeps the whole record:
 * R x M x V doubles (1000 replicates x 336 months x 45 variables: 121 MB;
 * 16000 replicates: 1.9 GB).  While that fits a memory budget (a quarter of
 * the machine's physical memory by default) it is held in memory; beyond,
 * each block is appended, as it comes, to an unlinked scratch file beside
 * the output (nothing is left behind if the process dies) and read back one
 * variable and one slab of months at a time on each thread, so that memory
 * stays at a slab (BANDS_SLAB_BYTES, or one month of every replicate if that
 * is more), a read buffer and a column per thread.  The file was the only
 * way once; it cost a default run as much time as simulating (copies into
 * and out of the page cache, zeroed pages read from its holes), hence the
 * memory first.  Both ways give the same bits.
 *
 * Statistics are computed column by column (a variable at a month, all
 * replicates in replicate order), each by the same sequential code: the
 * bands are bitwise the same whatever the number of threads.
 */
#ifndef SIM_BANDS_H
#define SIM_BANDS_H

#include <stddef.h>

#include "sim/core/engine.h"
#include "sim/core/status.h"

/* The statistics of a band, in the order of /bands/band_statistic. */
enum band_stat {
    BAND_P05,
    BAND_P25,
    BAND_P50,
    BAND_P75,
    BAND_P95,
    BAND_MEAN,
    BAND_COUNT
};

/* Names in enum order: "p05", "p25", "p50", "p75", "p95", "mean". */
extern const char *const band_stat_names[BAND_COUNT];

/* Memory for one slab of months of one variable, all replicates (per
 * thread). */
#define BANDS_SLAB_BYTES (16u << 20)

struct bands;

/*
 * A store for the variables v < n_vars of the blocks with keep[v] set (NULL:
 * all), `replicates` x `months` values each.  The
 * record is held in memory when it takes at most memory_bytes (0: a quarter
 * of the physical memory, bands_memory_budget()) and memory can be had;
 * else in a scratch file in the directory of near_path.  slab_bytes bounds
 * the memory of a slab (0: BANDS_SLAB_BYTES).  NULL with a message in err
 * when out of memory or when a needed scratch file cannot be created.
 */
struct bands *bands_new(const char *near_path, size_t n_vars,
                        const unsigned char *keep, long replicates,
                        long months, size_t slab_bytes, size_t memory_bytes,
                        char *err);

/* The default memory budget of the record: a quarter of physical memory
 * (256 MB if the system does not say). */
size_t bands_memory_budget(void);

/* Whether b holds its record in memory (1) or in a scratch file (0). */
int bands_in_memory(const struct bands *b);

/* Appends a block of replicates (block->first must be the next replicate to
 * store); SIM_ERR_IO with a message when the scratch file cannot take it. */
sim_status bands_add_block(struct bands *b, const struct engine_block *block,
                           char *err);

/*
 * The bands of every kept variable once every replicate is stored:
 * out[(var * months + month) * BAND_COUNT + stat], n_vars x months x
 * BAND_COUNT values (caller's; those of variables not kept are left as
 * they are).  Variables are reduced in parallel, each
 * column by the same sequential code.  The mean is sim_mean over the
 * replicates in order, the quantiles those of
 * gsl_stats_quantile_from_sorted_data: at a report horizon they equal
 * /summary's bit for bit.  SIM_ERR_INVALID if replicates are missing,
 * SIM_ERR_IO if reading the scratch file fails.
 */
sim_status bands_compute(struct bands *b, double *out, char *err);

/* Frees b and closes (so deletes) its scratch file; bands_free(NULL) does
 * nothing. */
void bands_free(struct bands *b);

#endif
