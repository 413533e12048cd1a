#include "h5units.h"

#include <stdio.h>
#include <string.h>

#include <hdf5_hl.h>

#include <libdeflate.h>

#include "h5util.h"
#include "sim/core/alloc.h"
#include "sim/core/threads.h"

/* The most the compressed chunks of a batch of replicates take before they
 * are written: a batch is at least one replicate. */
#define H5UNITS_BATCH_BYTES ((size_t)64 << 20)

struct h5units {
    struct h5units_spec spec;
    hid_t group;         /* /organisations */
    hid_t org_scale;     /* /organisations/organisation */
    hid_t monthly_group; /* /organisations/monthly */
    hid_t *datasets;     /* [n_kept], monthly */
    size_t *kept;        /* unit variables written month by month */
    size_t n_kept;
    size_t chunk_months; /* months of a chunk */
    size_t chunks;       /* chunks of a replicate's months */
    long written;        /* replicates written */
    /* Compression: each thread's compressor and shuffle buffer, and the
     * packed chunks of a batch of replicates. */
    int n_threads;
    struct libdeflate_compressor **compressors;
    unsigned char *shuffled; /* [threads][chunk values * 8] */
    size_t packed_cap;       /* bytes of one packed chunk */
    size_t batch;            /* replicates of a batch */
    unsigned char *packed;   /* [batch][kept][chunks][packed_cap] */
    size_t *packed_size;     /* [batch][kept][chunks] */
};

void h5units_free(struct h5units *u)
{
    if (u == NULL)
        return;
    if (u->datasets != NULL)
        for (size_t k = 0; k < u->n_kept; k++)
            if (u->datasets[k] >= 0)
                H5Dclose(u->datasets[k]);
    if (u->monthly_group >= 0)
        H5Gclose(u->monthly_group);
    if (u->org_scale >= 0)
        H5Dclose(u->org_scale);
    if (u->group >= 0)
        H5Gclose(u->group);
    if (u->compressors != NULL)
        for (int t = 0; t < u->n_threads; t++)
            if (u->compressors[t] != NULL)
                libdeflate_free_compressor(u->compressors[t]);
    sim_free(u->compressors);
    sim_free(u->shuffled);
    sim_free(u->packed);
    sim_free(u->packed_size);
    sim_free(u->datasets);
    sim_free(u->kept);
    sim_free(u);
}

/* One (replicate, month, organisation) dataset, chunked one replicate and
 * chunk_months months at a time. */
static hid_t create_monthly(const struct h5units *u, const struct var_desc *var)
{
    const struct h5units_spec *s = &u->spec;
    hsize_t dims[3] = {(hsize_t)s->replicates, (hsize_t)s->months,
                       (hsize_t)s->n_units};
    hsize_t chunk[3] = {1, (hsize_t)u->chunk_months, (hsize_t)s->n_units};
    hid_t scales[3] = {s->replicate_scale, s->month_scale, u->org_scale};
    return h5u_create_packed(u->monthly_group, var, 3, dims, chunk,
                             s->compression, scales);
}

/* Compressors and buffers for the monthly record, allocated once. */
static int prepare_packing(struct h5units *u)
{
    size_t chunk_bytes = u->chunk_months * u->spec.n_units * sizeof(double);
    u->n_threads = sim_max_threads();
    u->compressors = sim_calloc((size_t)u->n_threads, sizeof *u->compressors);
    if (u->compressors == NULL)
        return -1;
    for (int t = 0; t < u->n_threads; t++) {
        u->compressors[t] = libdeflate_alloc_compressor(u->spec.compression);
        if (u->compressors[t] == NULL)
            return -1;
    }
    u->packed_cap =
        libdeflate_zlib_compress_bound(u->compressors[0], chunk_bytes);
    size_t per_replicate = u->n_kept * u->chunks * u->packed_cap;
    u->batch = H5UNITS_BATCH_BYTES / per_replicate;
    if (u->batch < 1)
        u->batch = 1;
    if (u->batch > (size_t)u->spec.replicates)
        u->batch = (size_t)u->spec.replicates;
    u->shuffled = sim_malloc((size_t)u->n_threads * chunk_bytes);
    u->packed = sim_malloc(u->batch * per_replicate);
    u->packed_size =
        sim_calloc(u->batch * u->n_kept * u->chunks, sizeof *u->packed_size);
    return u->shuffled != NULL && u->packed != NULL && u->packed_size != NULL
               ? 0
               : -1;
}

static int create_monthly_record(struct h5units *u)
{
    const struct model_type *m = u->spec.model;
    u->kept = sim_calloc(m->n_unit_vars, sizeof *u->kept);
    if (u->kept == NULL)
        return -1;
    for (size_t v = 0; v < m->n_unit_vars; v++)
        if (u->spec.monthly != NULL && u->spec.monthly[v])
            u->kept[u->n_kept++] = v;
    if (u->n_kept == 0)
        return 0;
    size_t fit = H5UNITS_CHUNK_BYTES / (u->spec.n_units * sizeof(double));
    u->chunk_months = fit < 1 ? 1 : fit;
    if (u->chunk_months > (size_t)u->spec.months)
        u->chunk_months = (size_t)u->spec.months;
    u->chunks =
        ((size_t)u->spec.months + u->chunk_months - 1) / u->chunk_months;
    u->datasets = sim_calloc(u->n_kept, sizeof *u->datasets);
    if (u->datasets == NULL)
        return -1;
    for (size_t k = 0; k < u->n_kept; k++)
        u->datasets[k] = H5I_INVALID_HID;
    u->monthly_group =
        H5Gcreate2(u->group, "monthly", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (u->monthly_group < 0 ||
        h5u_attr_string(u->monthly_group, "description",
                        "each organisation month by month: one (replicate, "
                        "month, organisation) dataset per variable asked "
                        "for (simulation.organisations_monthly)") < 0)
        return -1;
    for (size_t k = 0; k < u->n_kept; k++) {
        u->datasets[k] = create_monthly(u, &m->unit_vars[u->kept[k]]);
        if (u->datasets[k] < 0)
            return -1;
    }
    if (u->spec.compression > 0 && prepare_packing(u) != 0)
        return -2;
    return 0;
}

struct h5units *h5units_new(hid_t root, const struct h5units_spec *spec,
                            char *err)
{
    struct h5units *u = sim_calloc(1, sizeof *u);
    if (u == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", spec->path);
        return NULL;
    }
    u->spec = *spec;
    u->group = u->org_scale = u->monthly_group = H5I_INVALID_HID;
    u->group = H5Gcreate2(root, "organisations", H5P_DEFAULT, H5P_DEFAULT,
                          H5P_DEFAULT);
    if (u->group >= 0 &&
        h5u_attr_string(u->group, "description",
                        "each organisation of the territory: its variables "
                        "at the report horizons, and month by month under "
                        "monthly/ when asked for") >= 0)
        u->org_scale =
            h5u_index_scale(u->group, "organisation", 0, (long)spec->n_units,
                            "1", "the organisation's index");
    if (u->org_scale < 0) {
        sim_fail(err, SIM_ERR_HDF5, "%s: cannot create /organisations",
                 spec->path);
        h5units_free(u);
        return NULL;
    }
    int st = create_monthly_record(u);
    if (st != 0) {
        if (st == -2)
            sim_fail(err, SIM_ERR_NOMEM,
                     "%s: out of memory for the compression of "
                     "/organisations/monthly",
                     spec->path);
        else
            sim_fail(err, SIM_ERR_HDF5,
                     "%s: cannot create /organisations/monthly", spec->path);
        h5units_free(u);
        return NULL;
    }
    return u;
}

/* The values of chunk c of replicate slot `slot` of kept variable k in the
 * block: months c * chunk_months on, every organisation, contiguous. */
static const double *chunk_values(const struct h5units *u,
                                  const struct engine_block *b, size_t k,
                                  size_t slot, size_t c, size_t *n)
{
    size_t months = (size_t)b->months, n_units = b->n_units;
    size_t t0 = c * u->chunk_months;
    size_t count =
        months - t0 < u->chunk_months ? months - t0 : u->chunk_months;
    *n = count * n_units;
    return b->unit_months +
           ((k * (size_t)b->stride + slot) * months + t0) * n_units;
}

/* Replicates first .. first + count - 1 of the block (slots from `slot`):
 * their chunks packed on every thread, then written in order. */
static sim_status write_batch_packed(struct h5units *u,
                                     const struct engine_block *b, size_t slot,
                                     size_t count, char *err)
{
    size_t per_replicate = u->n_kept * u->chunks;
    long tasks = (long)(count * per_replicate);
    size_t chunk_n = u->chunk_months * b->n_units;
#pragma omp parallel for schedule(dynamic, 1) num_threads(u->n_threads)
    for (long t = 0; t < tasks; t++) {
        size_t r = (size_t)t / per_replicate;
        size_t k = (size_t)t % per_replicate / u->chunks;
        size_t c = (size_t)t % u->chunks;
        size_t n = 0;
        const double *values = chunk_values(u, b, k, slot + r, c, &n);
        int tid = sim_thread_id();
        u->packed_size[t] = h5u_pack_chunk(
            u->compressors[tid], values, n, chunk_n,
            u->shuffled + (size_t)tid * chunk_n * sizeof(double),
            u->packed + (size_t)t * u->packed_cap, u->packed_cap);
    }
    for (long t = 0; t < tasks; t++) {
        size_t r = (size_t)t / per_replicate;
        size_t k = (size_t)t % per_replicate / u->chunks;
        size_t c = (size_t)t % u->chunks;
        hsize_t offset[3] = {(hsize_t)(b->first + (long)(slot + r)),
                             (hsize_t)(c * u->chunk_months), 0};
        if (u->packed_size[t] == 0 ||
            H5Dwrite_chunk(u->datasets[k], H5P_DEFAULT, 0, offset,
                           u->packed_size[t],
                           u->packed + (size_t)t * u->packed_cap) < 0)
            return sim_fail(
                err, SIM_ERR_HDF5, "%s: cannot write /organisations/monthly/%s",
                u->spec.path, u->spec.model->unit_vars[u->kept[k]].name);
    }
    return SIM_OK;
}

/* Uncompressed: each replicate's months are one hyperslab. */
static sim_status write_replicate_plain(struct h5units *u,
                                        const struct engine_block *b,
                                        size_t slot, char *err)
{
    hsize_t start[3] = {(hsize_t)(b->first + (long)slot), 0, 0};
    hsize_t size[3] = {1, (hsize_t)b->months, (hsize_t)b->n_units};
    for (size_t k = 0; k < u->n_kept; k++) {
        size_t n = 0;
        const double *values = chunk_values(u, b, k, slot, 0, &n);
        hid_t file_space = H5Dget_space(u->datasets[k]);
        hid_t mem_space = H5Screate_simple(3, size, NULL);
        herr_t st = -1;
        if (file_space >= 0 && mem_space >= 0 &&
            H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, size,
                                NULL) >= 0)
            st = H5Dwrite(u->datasets[k], H5T_NATIVE_DOUBLE, mem_space,
                          file_space, H5P_DEFAULT, values);
        if (mem_space >= 0)
            H5Sclose(mem_space);
        if (file_space >= 0)
            H5Sclose(file_space);
        if (st < 0)
            return sim_fail(
                err, SIM_ERR_HDF5, "%s: cannot write /organisations/monthly/%s",
                u->spec.path, u->spec.model->unit_vars[u->kept[k]].name);
    }
    return SIM_OK;
}

sim_status h5units_write_block(struct h5units *u, const struct engine_block *b,
                               char *err)
{
    if (u->n_kept == 0 || b->count == 0)
        return SIM_OK;
    if (b->first != u->written || b->n_unit_months != u->n_kept ||
        b->n_units != u->spec.n_units || b->months != u->spec.months)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: /organisations/monthly: block of replicates "
                        "%ld..%ld out of order or not as the file expects",
                        u->spec.path, b->first, b->first + b->count - 1);
    sim_status st = SIM_OK;
    for (size_t slot = 0; st == SIM_OK && slot < (size_t)b->count;) {
        size_t left = (size_t)b->count - slot;
        if (u->spec.compression > 0) {
            size_t n = left < u->batch ? left : u->batch;
            st = write_batch_packed(u, b, slot, n, err);
            slot += n;
        } else {
            st = write_replicate_plain(u, b, slot, err);
            slot++;
        }
    }
    if (st == SIM_OK)
        u->written += b->count;
    return st;
}

sim_status h5units_write_horizons(struct h5units *u,
                                  const struct engine *engine, char *err)
{
    const struct h5units_spec *s = &u->spec;
    const struct model_type *m = s->model;
    size_t n_units = s->n_units;
    size_t reps = (size_t)s->replicates, n_h = (size_t)s->n_horizons;
    size_t n_uv = m->n_unit_vars;
    if (engine_n_units(engine) != n_units)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: the run kept no organisations at the horizons",
                        s->path);
    double *buf = sim_calloc(reps * n_h * n_units, sizeof *buf);
    if (buf == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", s->path);
    hid_t hz = h5u_long_scale(u->group, "horizon", s->horizons, (long)n_h,
                              "month", "report horizons, in months");
    int ok = hz >= 0;
    for (size_t v = 0; ok && v < n_uv; v++) {
        /* The engine keeps [horizon][replicate][unit][variable]; a dataset
         * reads [replicate][horizon][unit], as /monthly reads replicates
         * first. */
        for (size_t h = 0; h < n_h; h++) {
            const double *at = engine_unit_values(engine, (int)h);
            for (size_t r = 0; r < reps; r++)
                for (size_t i = 0; i < n_units; i++)
                    buf[(r * n_h + h) * n_units + i] =
                        at[(r * n_units + i) * n_uv + v];
        }
        const char *name = m->unit_vars[v].name;
        hsize_t dims[3] = {reps, n_h, n_units};
        ok = h5u_write_array(u->group, name, 3, dims, buf, m->unit_vars[v].unit,
                             m->unit_vars[v].description) >= 0 &&
             h5u_attach(u->group, name, s->replicate_scale, 0) >= 0 &&
             h5u_attach(u->group, name, hz, 1) >= 0 &&
             h5u_attach(u->group, name, u->org_scale, 2) >= 0;
    }
    if (hz >= 0)
        H5Dclose(hz);
    sim_free(buf);
    return ok ? SIM_OK
              : sim_fail(err, SIM_ERR_HDF5,
                         "%s: cannot write the organisations' horizons "
                         "(/organisations)",
                         s->path);
}
