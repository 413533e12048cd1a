#include "h5out.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include <libdeflate.h>

#include "bands.h"
#include "h5sectors.h"
#include "h5events.h"
#include "h5treasury.h"
#include "h5units.h"
#include "h5util.h"
#include "sim/core/alloc.h"
#include "sim/core/threads.h"
#include "sim/core/version.h"

#define H5OUT_CHUNK_ROWS 64

struct h5out {
    char final_path[PATH_MAX];
    char tmp_path[PATH_MAX];
    hid_t file;
    hid_t root;    /* where the run goes: the file, or a group of it */
    int owns_file; /* 0 for a writer into a group of another's file */
    hid_t monthly;
    hid_t month_scale;
    hid_t replicate_scale;
    hid_t *datasets; /* [n_vars] */
    hid_t failure;
    struct h5out_meta meta;
    size_t n_vars;
    long months;
    long replicates;
    long written;
    long alive_var;
    long *failure_rows; /* one block of failure months */
    /* Chunks compressed in parallel, then written directly: */
    size_t chunk_rows;       /* rows of a chunk */
    size_t chunk_bytes;      /* uncompressed bytes of a chunk */
    size_t packed_cap;       /* capacity of one compressed chunk */
    size_t n_tasks_cap;      /* chunks of one block, all variables */
    unsigned char *packed;   /* [n_tasks_cap][packed_cap] */
    size_t *packed_size;     /* [n_tasks_cap], 0 on failure */
    unsigned char *shuffled; /* [threads][chunk_bytes] */
    struct libdeflate_compressor **compressors; /* [threads] */
    int n_threads;
    long failure_rows_len;
    int finished;
    int summarised;
    struct bands *bands; /* every replicate, for /bands */
    struct h5units *units; /* /organisations, once created */
};

/* ---- creation ---- */

static herr_t write_root_attributes(struct h5out *w)
{
    const struct h5out_meta *m = w->meta.scenario != NULL ? &w->meta : NULL;
    const struct scenario *sc = m->scenario;
    const struct engine_config *c = m->config;
    char created[64];
    h5u_iso_time_now(created, sizeof created);
    char run_title[PARAM_STRING_LEN + 64];
    snprintf(run_title, sizeof run_title, "alliance-sim run: %s", sc->org.name);
    const char *title = m->title != NULL ? m->title : run_title;
    long horizons[ENGINE_MAX_HORIZONS];
    for (int h = 0; h < c->n_horizons; h++)
        horizons[h] = c->horizons[h];

    if (h5u_attr_string(w->root, "title", title) < 0 ||
        h5u_attr_string(w->root, "software", "alliance-sim") < 0 ||
        h5u_attr_string(w->root, "software_version", ALLIANCE_SIM_VERSION) < 0 ||
        h5u_attr_string(w->root, "source", "alliance-sim " ALLIANCE_SIM_VERSION) <
            0 ||
        h5u_attr_string(w->root, "Conventions", "CF-1.8") < 0 ||
        h5u_attr_string(w->root, "history", m->command_line) < 0 ||
        h5u_attr_string(w->root, "created", created) < 0 ||
        h5u_attr_string(w->root, "model", m->model->name) < 0 ||
        h5u_attr_string(w->root, "organisation", sc->org.name) < 0 ||
        h5u_attr_string(w->root, "scenario_file", sc->path) < 0 ||
        h5u_attr_string(w->root, "scenario_text",
                    sc->text != NULL ? sc->text : "") < 0 ||
        h5u_attr_string(w->root, "random_generator",
                    "philox4x32-10; stream key = seed, counter = "
                    "(block, replicate, sample, purpose)") < 0 ||
        h5u_attr_numbers(w->root, "seed", H5T_NATIVE_UINT64, H5T_STD_U64LE,
                     &c->seed, 1, 1) < 0 ||
        h5u_attr_long(w->root, "replicates", c->replicates) < 0 ||
        h5u_attr_long(w->root, "months", c->months) < 0 ||
        h5u_attr_numbers(w->root, "horizons", H5T_NATIVE_LONG, H5T_STD_I64LE,
                     horizons, (hsize_t)c->n_horizons, 0) < 0)
        return -1;
    return 0;
}

/* The parameters the run used, in the layout of the model's table. */
static const void *run_params(const struct h5out *w)
{
    return w->meta.params != NULL ? w->meta.params
                                  : scenario_params(w->meta.scenario);
}

/*
 * /parameters: every numeric parameter as run, one entry per parameter
 * along the `parameter` dimension (its path): value, unit and source as
 * separate 1-D variables, which netCDF-4 readers take (a compound table
 * they cannot).
 */
static herr_t write_parameters(struct h5out *w)
{
    const struct model_type *model = w->meta.model;
    /* The model's table; a territory's, then its organisations'
     * template. */
    const struct param_desc *tables[2] = {model->params, NULL};
    size_t sizes[2] = {model->n_params, 0};
    const void *bases[2] = {run_params(w), NULL};
    if (model == &territory_model) {
        tables[1] = org_model.params;
        sizes[1] = org_model.n_params;
        bases[1] = &((const struct territory_params *)run_params(w))->org;
    }
    return h5u_parameter_table(w->root, "parameters",
                               "every numeric parameter of the model as run "
                               "(scenario file and command-line overrides "
                               "applied)",
                               2, tables, sizes, bases);
}

/* A portfolio's projects: their names and every numeric parameter of each
 * (the template, the values drawn by portfolio.vary, the per-project
 * settings), as /projects/name and /projects/parameters (project,
 * parameter) with the parameters' paths and units as attributes. */
static herr_t write_projects(struct h5out *w)
{
    if (w->meta.scenario->portfolio == NULL ||
        w->meta.model != &portfolio_model)
        return 0;
    const struct portfolio_params *pf = run_params(w);
    const struct param_desc *table = org_model.params;
    size_t n_cols = 0;
    for (size_t i = 0; i < org_model.n_params; i++)
        n_cols += param_is_numeric(&table[i]) != 0;
    size_t n = (size_t)pf->n_projects;
    double *values = sim_calloc(n * n_cols, sizeof *values);
    const char **paths = sim_calloc(n_cols, sizeof *paths);
    const char **units = sim_calloc(n_cols, sizeof *units);
    const char **names = sim_calloc(n, sizeof *names);
    herr_t st = -1;
    hid_t group = H5I_INVALID_HID, scale = H5I_INVALID_HID,
          param = H5I_INVALID_HID, unit = H5I_INVALID_HID;
    if (values == NULL || paths == NULL || units == NULL || names == NULL)
        goto done;
    size_t c = 0;
    for (size_t i = 0; i < org_model.n_params; i++) {
        if (!param_is_numeric(&table[i]))
            continue;
        paths[c] = table[i].path;
        units[c] = table[i].unit;
        for (size_t j = 0; j < n; j++)
            values[j * n_cols + c] =
                param_get_number(&table[i], &pf->projects[j]);
        c++;
    }
    for (size_t j = 0; j < n; j++)
        names[j] = pf->projects[j].name;
    group = H5Gcreate2(w->root, "projects", H5P_DEFAULT, H5P_DEFAULT,
                       H5P_DEFAULT);
    hsize_t dims[2] = {n, n_cols};
    if (group < 0)
        goto done;
    scale = h5u_string_scale(group, "name", names, n,
                             "the projects of the portfolio, in order");
    param = h5u_string_scale(group, "parameter", paths, n_cols,
                             "the parameter's path in the scenario");
    unit = h5u_strings(group, "parameter_unit", units, n_cols,
                       "unit of each parameter");
    if (scale < 0 || param < 0 || unit < 0 ||
        H5DSattach_scale(unit, param, 0) < 0 ||
        h5u_write_array(group, "parameters", 2, dims, values, NULL,
                        "every numeric parameter of each project (project, "
                        "parameter), after portfolio.vary and portfolio.list, "
                        "each in its unit (parameter_unit)") < 0 ||
        h5u_entry_units(group, "parameters", "parameter_unit", 1) < 0)
        goto done;
    hid_t d = H5Dopen2(group, "parameters", H5P_DEFAULT);
    if (d < 0)
        goto done;
    st = h5u_attr_strings(d, "paths", paths, n_cols);
    if (st >= 0)
        st = h5u_attr_strings(d, "parameter_units", units, n_cols);
    if (st >= 0)
        st = H5DSattach_scale(d, scale, 0);
    if (st >= 0)
        st = H5DSattach_scale(d, param, 1);
    H5Dclose(d);
done:
    if (unit >= 0)
        H5Dclose(unit);
    if (param >= 0)
        H5Dclose(param);
    if (scale >= 0)
        H5Dclose(scale);
    if (group >= 0)
        H5Gclose(group);
    sim_free(values);
    sim_free(paths);
    sim_free(units);
    sim_free(names);
    return st;
}

/* A chunked, compressed 2-D (replicate, month) dataset of doubles. */
static hid_t create_monthly(struct h5out *w, const struct var_desc *var,
                            double initial)
{
    hsize_t dims[2] = {(hsize_t)w->replicates, (hsize_t)w->months};
    hsize_t chunk[2] = {(hsize_t)(w->replicates < H5OUT_CHUNK_ROWS
                                      ? w->replicates
                                      : H5OUT_CHUNK_ROWS),
                        (hsize_t)w->months};
    hid_t scales[2] = {w->replicate_scale, w->month_scale};
    hid_t dset = h5u_create_packed(w->monthly, var, 2, dims, chunk,
                                   w->meta.compression, scales);
    if (dset >= 0 && var->kind == VAR_STOCK &&
        h5u_attr_double(dset, "initial_value", initial) < 0) {
        H5Dclose(dset);
        return H5I_INVALID_HID;
    }
    return dset;
}

static hid_t create_failure(struct h5out *w)
{
    hsize_t dims = (hsize_t)w->replicates;
    hid_t space = H5Screate_simple(1, &dims, NULL);
    hid_t dset = H5I_INVALID_HID;
    if (space < 0)
        return H5I_INVALID_HID;
    dset = H5Dcreate2(w->root, "failure_month", H5T_STD_I64LE, space,
                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Sclose(space);
    if (dset < 0)
        return H5I_INVALID_HID;
    if (h5u_attr_string(dset, "units", "month") < 0 ||
        h5u_attr_string(dset, "description",
                    "month in which the organisation closed (a procedure "
                    "after cessation of payments ended without recovery, or "
                    "in a risk zone of the innovation process); 0 when it "
                    "survived the whole run") < 0 ||
        H5DSattach_scale(dset, w->replicate_scale, 0) < 0) {
        H5Dclose(dset);
        return H5I_INVALID_HID;
    }
    return dset;
}

static void close_ids(struct h5out *w)
{
    h5units_free(w->units);
    w->units = NULL;
    if (w->datasets != NULL)
        for (size_t v = 0; v < w->n_vars; v++)
            if (w->datasets[v] >= 0) {
                H5Dclose(w->datasets[v]);
                w->datasets[v] = H5I_INVALID_HID;
            }
    hid_t *ids[] = {&w->failure, &w->month_scale, &w->replicate_scale};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (*ids[i] >= 0) {
            H5Dclose(*ids[i]);
            *ids[i] = H5I_INVALID_HID;
        }
    if (w->monthly >= 0) {
        H5Gclose(w->monthly);
        w->monthly = H5I_INVALID_HID;
    }
}

static void free_packing(struct h5out *w);

void h5out_free(struct h5out *w)
{
    if (w == NULL)
        return;
    close_ids(w);
    if (!w->owns_file && w->root >= 0)
        H5Gclose(w->root);
    if (w->owns_file && w->file >= 0)
        H5Fclose(w->file);
    if (!w->finished && w->tmp_path[0] != '\0')
        unlink(w->tmp_path);
    sim_free(w->datasets);
    sim_free(w->failure_rows);
    free_packing(w);
    bands_free(w->bands);
    sim_free(w);
}

/* /organisations for the engine's units, with the monthly record asked
 * for (monthly may be NULL); -1 with a message. */
static int open_units(struct h5out *w, const unsigned char *monthly,
                      char *err)
{
    const struct model_type *m = w->meta.model;
    const struct engine_config *c = w->meta.config;
    struct h5units_spec spec = {
        .model = m,
        .n_units = m->n_units(run_params(w)),
        .replicates = w->replicates,
        .months = w->months,
        .n_horizons = c->n_horizons,
        .horizons = c->horizons,
        .monthly = monthly,
        .compression = w->meta.compression,
        .replicate_scale = w->replicate_scale,
        .month_scale = w->month_scale,
        .path = w->final_path,
    };
    w->units = h5units_new(w->root, &spec, err);
    return w->units != NULL ? 0 : -1;
}

/* Creates the run's datasets and attributes under w->root. */
static int populate(struct h5out *w, const struct h5out_meta *meta)
{
    w->chunk_rows = (size_t)(w->replicates < H5OUT_CHUNK_ROWS
                                 ? w->replicates
                                 : H5OUT_CHUNK_ROWS);
    w->chunk_bytes = w->chunk_rows * (size_t)w->months * sizeof(double);
    w->packed_cap = 0; /* known once a compressor exists */
    if (write_root_attributes(w) < 0 || write_parameters(w) < 0 ||
        write_projects(w) < 0 || h5events_write(w->root, meta->scenario) < 0)
        return -1;
    w->month_scale = h5u_index_scale(w->root, "month", 1, w->months, "month",
                                 "month of the simulation, from 1");
    w->replicate_scale =
        h5u_index_scale(w->root, "replicate", 0, w->replicates, "1",
                    "Monte Carlo replicate; its random stream depends on "
                    "(seed, replicate) only");
    if (w->month_scale < 0 || w->replicate_scale < 0)
        return -1;
    /* No empty /monthly when the record is left out (the default). */
    int any = meta->keep == NULL;
    for (size_t v = 0; v < w->n_vars && !any; v++)
        any = meta->keep[v] != 0;
    if (any)
        w->monthly = H5Gcreate2(w->root, "monthly", H5P_DEFAULT, H5P_DEFAULT,
                                H5P_DEFAULT);
    if ((any && w->monthly < 0) ||
        (any && h5u_attr_string(w->monthly, "description",
                                "one (replicate, month) dataset per state "
                                "variable and flow") < 0))
        return -1;
    for (size_t v = 0; v < w->n_vars; v++) {
        if (meta->keep != NULL && !meta->keep[v])
            continue;
        w->datasets[v] =
            create_monthly(w, &meta->model->vars[v], meta->initial_values[v]);
        if (w->datasets[v] < 0)
            return -1;
    }
    if (h5sectors_write(w->root, w->monthly, meta->model, meta->keep,
                        w->replicate_scale, w->month_scale,
                        (hsize_t)w->replicates, (hsize_t)w->months) < 0)
        return -1;
    w->failure = create_failure(w);
    if (w->failure < 0)
        return -1;
    return 0;
}

struct h5out *h5out_new(const char *final_path, const struct h5out_meta *meta,
                        char *err)
{
    /* Our own messages replace HDF5's stack dump. */
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);

    struct h5out *w = sim_calloc(1, sizeof *w);
    if (w == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", final_path);
        return NULL;
    }
    w->file = w->root = w->monthly = w->month_scale = w->replicate_scale =
        w->failure = H5I_INVALID_HID;
    w->meta = *meta;
    w->n_vars = meta->model->n_vars;
    w->months = meta->config->months;
    w->replicates = meta->config->replicates;
    w->alive_var = model_var_index(meta->model, "alive");
    hid_t fapl = H5I_INVALID_HID;

    if (strlen(final_path) + 32 >= sizeof w->final_path) {
        sim_fail(err, SIM_ERR_IO, "%s: output path too long", final_path);
        goto fail;
    }
    snprintf(w->final_path, sizeof w->final_path, "%s", final_path);
    if (h5u_check_target(final_path, "the HDF5 output", err) != 0 ||
        h5u_mkdir_parents(final_path, err) != 0)
        goto fail;

    w->datasets = sim_calloc(w->n_vars, sizeof *w->datasets);
    w->failure_rows_len = meta->config->block_size;
    w->failure_rows =
        sim_calloc((size_t)w->failure_rows_len, sizeof *w->failure_rows);
    if (w->datasets == NULL || w->failure_rows == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", final_path);
        goto fail;
    }
    for (size_t v = 0; v < w->n_vars; v++)
        w->datasets[v] = H5I_INVALID_HID;

    /* A leaked id must make the close fail, not silently defer it. */
    fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) < 0)
        goto hdf5_fail;
    w->file = h5u_create_tmp(final_path, fapl, w->tmp_path, sizeof w->tmp_path,
                             err);
    if (w->file < 0)
        goto fail;
    H5Pclose(fapl);
    fapl = H5I_INVALID_HID;
    w->root = w->file;
    w->owns_file = 1;
    if (populate(w, meta) < 0)
        goto hdf5_fail;
    if (meta->organisations_monthly != NULL &&
        meta->model->units != NULL && open_units(w, meta->organisations_monthly, err) != 0)
        goto fail;
    w->bands = bands_new(w->tmp_path, w->n_vars, meta->bands, w->replicates,
                         w->months, 0, 0, err);
    if (w->bands == NULL)
        goto fail;
    return w;

hdf5_fail:
    sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error while creating the file",
             final_path);
fail:
    if (fapl >= 0)
        H5Pclose(fapl);
    h5out_free(w);
    return NULL;
}

/* ---- data ---- */

static herr_t write_rows(hid_t dset, hid_t mem_type, long first, long count,
                         long width, int rank, const void *data)
{
    hsize_t start[2] = {(hsize_t)first, 0};
    hsize_t size[2] = {(hsize_t)count, (hsize_t)width};
    hid_t file_space = H5Dget_space(dset);
    hid_t mem_space = H5Screate_simple(rank, size, NULL);
    herr_t st = -1;
    if (file_space >= 0 && mem_space >= 0 &&
        H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, size,
                            NULL) >= 0)
        st = H5Dwrite(dset, mem_type, mem_space, file_space, H5P_DEFAULT, data);
    if (mem_space >= 0)
        H5Sclose(mem_space);
    if (file_space >= 0)
        H5Sclose(file_space);
    return st;
}

/*
 * The direct path: the dataset's filters are shuffle then deflate, so each
 * chunk is byte-shuffled and deflated here (libdeflate, zlib format),
 * chunks of all variables in parallel, then written as they are with
 * H5Dwrite_chunk.  The file is the
 * same as HDF5 would write; only the compression runs on every core.  A
 * partial chunk (the dataset's last) is padded with zeros, which readers
 * never see (they lie beyond the dataset's extent).
 */
static void free_packing(struct h5out *w)
{
    if (w->compressors != NULL)
        for (int t = 0; t < w->n_threads; t++)
            if (w->compressors[t] != NULL)
                libdeflate_free_compressor(w->compressors[t]);
    sim_free(w->compressors);
    sim_free(w->packed);
    sim_free(w->packed_size);
    sim_free(w->shuffled);
    w->compressors = NULL;
    w->packed = NULL;
    w->packed_size = NULL;
    w->shuffled = NULL;
    w->n_tasks_cap = 0;
}

static int packing_ready(struct h5out *w, const struct engine_block *b)
{
    if (w->meta.compression <= 0)
        return 0;
    size_t cr = w->chunk_rows;
    if ((size_t)b->first % cr != 0 ||
        ((size_t)b->count % cr != 0 && b->first + b->count != w->replicates))
        return 0;
    size_t tasks = w->n_vars * (((size_t)b->count + cr - 1) / cr);
    if (tasks <= w->n_tasks_cap)
        return 1;
    free_packing(w);
    w->n_threads = sim_max_threads();
    w->compressors = sim_calloc((size_t)w->n_threads, sizeof *w->compressors);
    if (w->compressors == NULL)
        return 0; /* the plain path needs no extra memory */
    for (int t = 0; t < w->n_threads; t++) {
        w->compressors[t] = libdeflate_alloc_compressor(w->meta.compression);
        if (w->compressors[t] == NULL) {
            free_packing(w);
            return 0;
        }
    }
    w->packed_cap =
        libdeflate_zlib_compress_bound(w->compressors[0], w->chunk_bytes);
    w->packed = sim_malloc(tasks * w->packed_cap);
    w->packed_size = sim_calloc(tasks, sizeof *w->packed_size);
    w->shuffled = sim_malloc((size_t)w->n_threads * w->chunk_bytes);
    if (w->packed == NULL || w->packed_size == NULL || w->shuffled == NULL) {
        free_packing(w);
        return 0;
    }
    w->n_tasks_cap = tasks;
    return 1;
}

/* n rows of one variable, padded to a full chunk; returns the packed size,
 * 0 on failure. */
static size_t pack_chunk(const struct h5out *w, const double *rows, size_t n,
                         struct libdeflate_compressor *compressor,
                         unsigned char *shuffled, unsigned char *out)
{
    size_t cols = (size_t)w->months;
    return h5u_pack_chunk(compressor, rows, n * cols, w->chunk_rows * cols,
                          shuffled, out, w->packed_cap);
}

static sim_status write_block_packed(struct h5out *w,
                                     const struct engine_block *b, char *err)
{
    size_t cr = w->chunk_rows;
    size_t per_var = ((size_t)b->count + cr - 1) / cr;
    size_t plane = (size_t)b->stride * (size_t)b->months;
    long tasks = (long)(w->n_vars * per_var);
#pragma omp parallel for schedule(dynamic, 1)
    for (long t = 0; t < tasks; t++) {
        size_t v = (size_t)t / per_var, k = (size_t)t % per_var;
        w->packed_size[t] = 0;
        if (w->datasets[v] < 0)
            continue;
        size_t r0 = k * cr;
        size_t n = (size_t)b->count - r0 < cr ? (size_t)b->count - r0 : cr;
        int tid = sim_thread_id();
        w->packed_size[t] = pack_chunk(
            w, b->values + v * plane + r0 * (size_t)b->months, n,
            w->compressors[tid], w->shuffled + (size_t)tid * w->chunk_bytes,
            w->packed + (size_t)t * w->packed_cap);
    }
    for (long t = 0; t < tasks; t++) {
        size_t v = (size_t)t / per_var, k = (size_t)t % per_var;
        if (w->datasets[v] < 0)
            continue;
        hsize_t offset[2] = {(hsize_t)((size_t)b->first + k * cr), 0};
        if (w->packed_size[t] == 0 ||
            H5Dwrite_chunk(w->datasets[v], H5P_DEFAULT, 0, offset,
                           w->packed_size[t],
                           w->packed + (size_t)t * w->packed_cap) < 0)
            return sim_fail(err, SIM_ERR_HDF5,
                            "%s: cannot write dataset /monthly/%s",
                            w->final_path, w->meta.model->vars[v].name);
    }
    return SIM_OK;
}

sim_status h5out_write_block(struct h5out *w, const struct engine_block *b,
                             char *err)
{
    if (b->first != w->written || b->first + b->count > w->replicates ||
        b->count > w->failure_rows_len)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: block of replicates %ld..%ld out of order",
                        w->final_path, b->first, b->first + b->count - 1);
    size_t plane = (size_t)b->stride * (size_t)b->months;
    if (packing_ready(w, b)) {
        sim_status st = write_block_packed(w, b, err);
        if (st != SIM_OK)
            return st;
    } else {
        for (size_t v = 0; v < w->n_vars; v++)
            if (w->datasets[v] >= 0 &&
                write_rows(w->datasets[v], H5T_NATIVE_DOUBLE, b->first,
                           b->count, b->months, 2, b->values + v * plane) < 0)
                return sim_fail(err, SIM_ERR_HDF5,
                                "%s: cannot write dataset /monthly/%s",
                                w->final_path, w->meta.model->vars[v].name);
    }

    for (long i = 0; i < b->count; i++) {
        long month = 0;
        if (w->alive_var >= 0) {
            const double *alive = b->values + (size_t)w->alive_var * plane +
                                  (size_t)i * (size_t)b->months;
            for (long t = 0; t < b->months; t++)
                if (alive[t] == 0.0) {
                    month = t + 1;
                    break;
                }
        }
        w->failure_rows[i] = month;
    }
    if (write_rows(w->failure, H5T_NATIVE_LONG, b->first, b->count, 1, 1,
                   w->failure_rows) < 0)
        return sim_fail(err, SIM_ERR_HDF5,
                        "%s: cannot write dataset /failure_month",
                        w->final_path);
    sim_status st = bands_add_block(w->bands, b, err);
    if (st == SIM_OK && w->units != NULL)
        st = h5units_write_block(w->units, b, err);
    if (st != SIM_OK)
        return st;
    w->written += b->count;
    return SIM_OK;
}

static herr_t write_summary(struct h5out *w, const struct summary *s)
{
    herr_t st = -1;
    hid_t group = H5I_INVALID_HID, horizon = H5I_INVALID_HID,
          stat = H5I_INVALID_HID, space = H5I_INVALID_HID,
          str = H5I_INVALID_HID, dset = H5I_INVALID_HID;
    char labels[ENGINE_MAX_HORIZONS][64], shorts[ENGINE_MAX_HORIZONS][64];
    const char *label_ptrs[ENGINE_MAX_HORIZONS];
    const char *short_ptrs[ENGINE_MAX_HORIZONS];
    double *alive = NULL;

    group =
        H5Gcreate2(w->root, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (group < 0 ||
        h5u_attr_string(group, "description",
                    "statistics across all replicates (closed organisations "
                    "included) at each report horizon; quantiles interpolate "
                    "linearly between order statistics") < 0)
        goto done;

    hsize_t n_h = (hsize_t)s->n_horizons;
    space = H5Screate_simple(1, &n_h, NULL);
    if (space < 0)
        goto done;
    horizon = H5Dcreate2(group, "horizon", H5T_STD_I64LE, space, H5P_DEFAULT,
                         H5P_DEFAULT, H5P_DEFAULT);
    for (int h = 0; h < s->n_horizons; h++) {
        label_ptrs[h] =
            summary_horizon_label(s->horizons[h], labels[h], sizeof labels[h]);
        short_ptrs[h] = summary_horizon_short_label(s->horizons[h], shorts[h],
                                                    sizeof shorts[h]);
    }
    if (horizon < 0 ||
        h5u_write_all(horizon, H5T_NATIVE_LONG, s->horizons) < 0 ||
        H5DSset_scale(horizon, "horizon") < 0 ||
        h5u_attr_string(horizon, "units", "month") < 0 ||
        h5u_attr_strings(horizon, "label", label_ptrs, n_h) < 0 ||
        h5u_attr_strings(horizon, "short_label", short_ptrs, n_h) < 0)
        goto done;
    H5Sclose(space);

    hsize_t n_stat = STAT_COUNT;
    space = H5Screate_simple(1, &n_stat, NULL);
    str = H5Tcopy(H5T_C_S1);
    if (space < 0 || str < 0 || H5Tset_size(str, H5T_VARIABLE) < 0 ||
        H5Tset_cset(str, H5T_CSET_UTF8) < 0)
        goto done;
    stat = H5Dcreate2(group, "statistic", str, space, H5P_DEFAULT, H5P_DEFAULT,
                      H5P_DEFAULT);
    if (stat < 0 ||
        h5u_write_all(stat, str, summary_stat_names) <
            0 ||
        H5DSset_scale(stat, "statistic") < 0 ||
        h5u_attr_string(stat, "description",
                    "mean, then the 5%, 50% and 95% quantiles across "
                    "replicates") < 0)
        goto done;
    H5Sclose(space);
    space = H5I_INVALID_HID;

    hsize_t dims[2] = {n_h, STAT_COUNT};
    space = H5Screate_simple(2, dims, NULL);
    if (space < 0)
        goto done;
    double values[ENGINE_MAX_HORIZONS * STAT_COUNT];
    for (size_t v = 0; v < s->n_vars; v++) {
        const struct var_desc *var = &w->meta.model->vars[v];
        for (int h = 0; h < s->n_horizons; h++)
            for (int k = 0; k < STAT_COUNT; k++)
                values[h * STAT_COUNT + k] =
                    summary_get(s, v, h, (enum summary_stat)k);
        dset = H5Dcreate2(group, var->name, H5T_IEEE_F64LE, space, H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT);
        if (dset < 0 ||
            h5u_write_all(dset, H5T_NATIVE_DOUBLE, values) < 0 ||
            h5u_var_attrs(dset, var) < 0 ||
            H5DSattach_scale(dset, horizon, 0) < 0 ||
            H5DSattach_scale(dset, stat, 1) < 0)
            goto done;
        H5Dclose(dset);
        dset = H5I_INVALID_HID;
    }
    H5Sclose(space);
    space = H5I_INVALID_HID;

    if (w->alive_var >= 0) {
        double share[ENGINE_MAX_HORIZONS];
        for (int h = 0; h < s->n_horizons; h++)
            share[h] = summary_get(s, (size_t)w->alive_var, h, STAT_MEAN);
        space = H5Screate_simple(1, &n_h, NULL);
        dset = H5Dcreate2(group, "alive_share", H5T_IEEE_F64LE, space,
                          H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (space < 0 || dset < 0 ||
            h5u_write_all(dset, H5T_NATIVE_DOUBLE, share) < 0 ||
            h5u_attr_string(dset, "units", "1") < 0 ||
            h5u_attr_string(dset, "long_name", "survie (survival)") < 0 ||
            h5u_attr_string(dset, "description",
                        "share of replicates whose organisation still "
                        "operates at the horizon") < 0 ||
            H5DSattach_scale(dset, horizon, 0) < 0)
            goto done;
    }
    st = 0;
done:
    sim_free(alive);
    if (dset >= 0)
        H5Dclose(dset);
    if (space >= 0)
        H5Sclose(space);
    if (str >= 0)
        H5Tclose(str);
    if (stat >= 0)
        H5Dclose(stat);
    if (horizon >= 0)
        H5Dclose(horizon);
    if (group >= 0)
        H5Gclose(group);
    return st;
}

/* /matrix and the lever statistics of /summary (docs/output.md). */
/* Dimension scales for the matrix and the lever summaries: the levers and
 * the matrix's horizon columns beside /matrix (netCDF looks for a
 * dimension in the variable's group and its parents only, so /summary may
 * use them but /matrix could not use scales of /summary), and the report
 * horizons and statistics already in /summary. */
static herr_t attach_lever_scales(struct h5out *w, hid_t group,
                                  const struct summary *s,
                                  const char *const *columns)
{
    hid_t lever = h5u_string_scale(w->root, "lever", lever_names, LEVER_COUNT,
                                   "the three levers of /matrix, in its row "
                                   "order");
    hid_t column = h5u_string_scale(w->root, "horizon_column", columns,
                                    HORIZON_COUNT,
                                    "the three columns of /matrix");
    hid_t horizon = H5I_INVALID_HID;
    hid_t stat = H5Dopen2(group, "statistic", H5P_DEFAULT);
    herr_t st = -1;
    /* The lever summaries cover the first three report horizons: with more
     * horizons they get a scale of their own. */
    if (s->n_scored == s->n_horizons)
        horizon = H5Dopen2(group, "horizon", H5P_DEFAULT);
    else
        horizon = h5u_long_scale(group, "scored_horizon", s->horizons,
                                 s->n_scored, "month",
                                     "the report horizons with a column of "
                                     "/matrix: the first three");
    if (lever < 0 || column < 0 || horizon < 0 || stat < 0)
        goto done;
    if (h5u_attach(w->root, "matrix", lever, 0) < 0 ||
        h5u_attach(w->root, "matrix", column, 1) < 0 ||
        h5u_attach(group, "levers", lever, 1) < 0 ||
        h5u_attach(group, "levers", stat, 2) < 0 ||
        h5u_attach(group, "horizon_score", stat, 1) < 0 ||
        h5u_attach(group, "levers", horizon, 0) < 0 ||
        h5u_attach(group, "horizon_score", horizon, 0) < 0)
        goto done;
    if (s->has_weighted &&
        (h5u_attach(group, "barycentre", column, 0) < 0 ||
         h5u_attach(group, "lever_weights", lever, 0) < 0 ||
         h5u_attach(group, "weighted_score", stat, 0) < 0))
        goto done;
    st = 0;
done:
    if (lever >= 0)
        H5Dclose(lever);
    if (column >= 0)
        H5Dclose(column);
    if (horizon >= 0)
        H5Dclose(horizon);
    if (stat >= 0)
        H5Dclose(stat);
    return st;
}

static herr_t write_levers(struct h5out *w, const struct summary *s)
{
    static const char *const columns[] = {
        "tactique (18 mois)", "stratégique (7 ans)", "prospective (28 ans)"};
    hsize_t mdims[2] = {LEVER_COUNT, HORIZON_COUNT};
    if (h5u_write_array(w->root, "matrix", 2, mdims, &horizon_matrix[0][0], "1",
                    "« Matrice d'articulation des trajectoires » (Le RAMEAU, 2023): "
                    "weight of each lever (row) at each horizon (column); "
                    "each column sums to 1") < 0)
        return -1;
    hid_t m = H5Dopen2(w->root, "matrix", H5P_DEFAULT);
    if (m < 0)
        return -1;
    herr_t st = h5u_attr_strings(m, "rows", lever_labels, LEVER_COUNT);
    if (st >= 0)
        st = h5u_attr_strings(m, "columns", columns, HORIZON_COUNT);
    H5Dclose(m);
    if (st < 0)
        return -1;

    hid_t group = H5Gopen2(w->root, "summary", H5P_DEFAULT);
    if (group < 0)
        return -1;
    hsize_t ldims[3] = {(hsize_t)s->n_scored, LEVER_COUNT, STAT_COUNT};
    hsize_t sdims[2] = {(hsize_t)s->n_scored, STAT_COUNT};
    hsize_t wdims[1] = {STAT_COUNT};
    hsize_t bdims[1] = {HORIZON_COUNT};
    st = h5u_write_array(group, "levers", 3, ldims, &s->levers[0][0][0], "1",
                     "lever indicators (horizon, lever, statistic) at each "
                     "report horizon; levers in the order of /matrix rows");
    if (st >= 0)
        st = h5u_write_array(group, "horizon_score", 2, sdims, &s->score[0][0], "1",
                         "score of each report horizon: its /matrix column "
                         "(named by its length, attribute columns) times the "
                         "lever indicators (horizon, statistic)");
    if (st >= 0) {
        const char *names[ENGINE_MAX_HORIZONS];
        for (int h = 0; h < s->n_scored; h++)
            names[h] = horizon_column_names[s->column[h]];
        hid_t d = H5Dopen2(group, "horizon_score", H5P_DEFAULT);
        st = d >= 0 ? h5u_attr_strings(d, "columns", names,
                                       (hsize_t)s->n_scored)
                    : -1;
        if (d >= 0)
            H5Dclose(d);
    }
    if (st >= 0 && s->has_weighted)
        st = h5u_write_array(group, "barycentre", 1, bdims, s->barycentre, "1",
                         "the scenario's weights of the three horizons "
                         "(matrix.barycentre.*)");
    if (st >= 0 && s->has_weighted)
        st = h5u_write_array(group, "lever_weights", 1, bdims, s->lever_weights,
                         "1", "/matrix times /summary/barycentre");
    if (st >= 0 && s->has_weighted)
        st = h5u_write_array(group, "weighted_score", 1, wdims, s->weighted_score,
                         "1",
                         "sum over horizons of barycentre times horizon "
                         "score (statistic)");
    if (st >= 0)
        st = attach_lever_scales(w, group, s, columns);
    H5Gclose(group);
    return st;
}

/* One (month, band_statistic) dataset of a variable's bands. */
static herr_t write_band(hid_t group, const struct var_desc *var,
                         const double *values, hsize_t months, hid_t month,
                         hid_t stat)
{
    hsize_t dims[2] = {months, BAND_COUNT};
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t dset = H5I_INVALID_HID;
    herr_t st = -1;
    if (space < 0)
        return -1;
    dset = H5Dcreate2(group, var->name, H5T_IEEE_F64LE, space, H5P_DEFAULT,
                      H5P_DEFAULT, H5P_DEFAULT);
    if (dset >= 0 && h5u_write_all(dset, H5T_NATIVE_DOUBLE, values) >= 0 &&
        h5u_var_attrs(dset, var) >= 0 &&
        H5DSattach_scale(dset, month, 0) >= 0 &&
        H5DSattach_scale(dset, stat, 1) >= 0)
        st = 0;
    if (dset >= 0)
        H5Dclose(dset);
    H5Sclose(space);
    return st;
}

/* /bands: each variable's quantiles and mean across replicates at every
 * month, and the share alive (docs/output.md). */
static sim_status write_bands(struct h5out *w, char *err)
{
    size_t months = (size_t)w->months;
    double *values = sim_calloc(w->n_vars * months * BAND_COUNT,
                                sizeof *values);
    double *alive = sim_calloc(months, sizeof *alive);
    hid_t group = H5I_INVALID_HID, stat = H5I_INVALID_HID;
    sim_status st = SIM_ERR_HDF5;
    if (values == NULL || alive == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory for /bands",
                      w->final_path);
        goto done;
    }
    group = H5Gcreate2(w->root, "bands", H5P_DEFAULT, H5P_DEFAULT,
                       H5P_DEFAULT);
    if (group < 0 ||
        h5u_attr_string(group, "description",
                        "for fan charts: each variable's 5, 25, 50, 75 and "
                        "95% quantiles and mean across all replicates "
                        "(closed organisations included) at every month") <
            0)
        goto hdf5_fail;
    stat = h5u_string_scale(group, "band_statistic", band_stat_names,
                            BAND_COUNT,
                            "the 5, 25, 50, 75 and 95% quantiles across "
                            "replicates (linear between order statistics), "
                            "then the mean");
    if (stat < 0)
        goto hdf5_fail;
    st = bands_compute(w->bands, values, err);
    if (st != SIM_OK)
        goto done;
    st = SIM_ERR_HDF5;
    for (size_t v = 0; v < w->n_vars; v++) {
        const double *band = values + v * months * BAND_COUNT;
        if (w->meta.bands != NULL && !w->meta.bands[v])
            continue;
        if (write_band(group, &w->meta.model->vars[v], band, (hsize_t)months,
                       w->month_scale, stat) < 0)
            goto hdf5_fail;
        if ((long)v == w->alive_var)
            for (size_t m = 0; m < months; m++)
                alive[m] = band[m * BAND_COUNT + BAND_MEAN];
    }
    if (w->alive_var >= 0) {
        hsize_t dims[1] = {(hsize_t)months};
        if (h5u_write_array(group, "alive_share", 1, dims, alive, "1",
                            "share of replicates whose organisation still "
                            "operates at the month's end (the mean of "
                            "alive)") < 0)
            goto hdf5_fail;
        hid_t d = H5Dopen2(group, "alive_share", H5P_DEFAULT);
        herr_t ok = d >= 0 ? h5u_attr_string(d, "long_name",
                                             "survie (survival)")
                           : -1;
        if (ok >= 0)
            ok = H5DSattach_scale(d, w->month_scale, 0);
        if (d >= 0)
            H5Dclose(d);
        if (ok < 0)
            goto hdf5_fail;
    }
    st = SIM_OK;
    goto done;
hdf5_fail:
    st = sim_fail(err, SIM_ERR_HDF5, "%s: cannot write /bands",
                  w->final_path);
done:
    if (stat >= 0)
        H5Dclose(stat);
    if (group >= 0)
        H5Gclose(group);
    sim_free(values);
    sim_free(alive);
    return st;
}

sim_status h5out_write_summary(struct h5out *w, const struct summary *summary,
                               char *err)
{
    if (w->written != w->replicates)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: %ld of %ld replicates written", w->final_path,
                        w->written, w->replicates);
    if (write_summary(w, summary) < 0)
        return sim_fail(err, SIM_ERR_HDF5, "%s: cannot write /summary",
                        w->final_path);
    if (summary->has_levers && write_levers(w, summary) < 0)
        return sim_fail(err, SIM_ERR_HDF5,
                        "%s: cannot write /matrix and the lever summaries",
                        w->final_path);
    hid_t group = H5Gopen2(w->root, "summary", H5P_DEFAULT);
    herr_t tst = group >= 0 ? h5treasury_write(group, summary) : -1;
    if (group >= 0)
        H5Gclose(group);
    if (tst < 0)
        return sim_fail(err, SIM_ERR_HDF5,
                        "%s: cannot write /summary/treasury", w->final_path);
    sim_status st = write_bands(w, err);
    if (st != SIM_OK)
        return st;
    /* Nothing reads the scratch file again: its space goes back now. */
    bands_free(w->bands);
    w->bands = NULL;
    w->summarised = 1;
    return SIM_OK;
}

sim_status h5out_finish(struct h5out *w, const struct summary *summary,
                        char *err)
{
    if (summary != NULL) {
        sim_status st = h5out_write_summary(w, summary, err);
        if (st != SIM_OK)
            return st;
    }
    if (!w->summarised)
        return sim_fail(err, SIM_ERR_INVALID, "%s: no summary written",
                        w->final_path);
    close_ids(w);
    if (!w->owns_file) {
        herr_t group_closed = H5Gclose(w->root);
        w->root = H5I_INVALID_HID;
        w->finished = 1;
        return group_closed < 0 ? sim_fail(err, SIM_ERR_HDF5,
                                           "%s: cannot close a group",
                                           w->final_path)
                                : SIM_OK;
    }
    /* A Ctrl-C need not wait for the close and the sync (h5u_commit checks
     * once more after them). */
    if (w->meta.interrupted != NULL && w->meta.interrupted())
        return sim_fail(err, SIM_ERR_IO, "interrupted: no output written to %s",
                        w->final_path);
    herr_t closed = H5Fclose(w->file);
    w->file = w->root = H5I_INVALID_HID;
    if (closed < 0)
        return sim_fail(err, SIM_ERR_HDF5,
                        "%s: HDF5 could not close the file (objects left "
                        "open?)",
                        w->final_path);
    sim_status st =
        h5u_commit(w->tmp_path, w->final_path, w->meta.interrupted, err);
    if (st != SIM_OK)
        return st;
    w->finished = 1;
    return SIM_OK;
}

struct h5out *h5out_new_group(struct h5out *parent, const char *group,
                              const struct h5out_meta *meta, char *err)
{
    struct h5out *w = sim_calloc(1, sizeof *w);
    if (w == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", parent->final_path);
        return NULL;
    }
    w->file = parent->file;
    w->root = w->monthly = w->month_scale = w->replicate_scale = w->failure =
        H5I_INVALID_HID;
    w->owns_file = 0;
    w->meta = *meta;
    w->n_vars = meta->model->n_vars;
    w->months = meta->config->months;
    w->replicates = meta->config->replicates;
    w->alive_var = model_var_index(meta->model, "alive");
    snprintf(w->final_path, sizeof w->final_path, "%.3000s:/%.64s", parent->final_path,
             group);
    w->datasets = sim_calloc(w->n_vars, sizeof *w->datasets);
    w->failure_rows_len = meta->config->block_size;
    w->failure_rows =
        sim_calloc((size_t)w->failure_rows_len, sizeof *w->failure_rows);
    if (w->datasets == NULL || w->failure_rows == NULL) {
        sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", w->final_path);
        h5out_free(w);
        return NULL;
    }
    for (size_t v = 0; v < w->n_vars; v++)
        w->datasets[v] = H5I_INVALID_HID;
    w->root = H5Gcreate2(parent->root, group, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    if (w->root < 0 || populate(w, meta) < 0) {
        sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error while creating the group",
                 w->final_path);
        h5out_free(w);
        return NULL;
    }
    w->bands = bands_new(parent->tmp_path, w->n_vars, meta->bands,
                         w->replicates, w->months, 0, 0, err);
    if (w->bands == NULL) {
        h5out_free(w);
        return NULL;
    }
    return w;
}

sim_status h5out_write_array(struct h5out *w, const char *path, int rank,
                             const unsigned long long *dims,
                             const double *values, const char *units,
                             const char *description, char *err)
{
    hsize_t d[4];
    for (int i = 0; i < rank && i < 4; i++)
        d[i] = dims[i];
    if (rank < 1 || rank > 4 ||
        h5u_write_array(w->root, path, rank, d, values, units, description) <
            0)
        return sim_fail(err, SIM_ERR_HDF5, "%s: cannot write /%s",
                        w->final_path, path);
    return SIM_OK;
}

sim_status h5out_write_units(struct h5out *w, const struct engine *engine,
                             char *err)
{
    if (engine_n_units(engine) == 0)
        return SIM_OK;
    if (w->units == NULL && open_units(w, NULL, err) != 0)
        return SIM_ERR_HDF5;
    return h5units_write_horizons(w->units, engine, err);
}

/* The group holding path below the writer's root (the root itself for a
 * bare name), its last component in *leaf; the caller closes a group it
 * did not get as w->root. */
static hid_t parent_group(struct h5out *w, const char *path, const char **leaf)
{
    const char *slash = strrchr(path, '/');
    *leaf = slash != NULL ? slash + 1 : path;
    if (slash == NULL)
        return w->root;
    char group[256];
    snprintf(group, sizeof group, "%.*s", (int)(slash - path), path);
    return H5Gopen2(w->root, group, H5P_DEFAULT);
}

/* Strings at path below the root, made a dimension scale or not: both
 * h5util creators share this signature. */
typedef hid_t (*string_writer)(hid_t loc, const char *name,
                               const char *const *values, size_t count,
                               const char *description);

static sim_status write_strings_at(struct h5out *w, const char *path,
                                   string_writer write,
                                   const char *const *values, size_t n,
                                   const char *description, char *err)
{
    const char *leaf = NULL;
    hid_t loc = parent_group(w, path, &leaf);
    hid_t d = loc >= 0 ? write(loc, leaf, values, n, description)
                       : H5I_INVALID_HID;
    if (d >= 0)
        H5Dclose(d);
    if (loc >= 0 && loc != w->root)
        H5Gclose(loc);
    return d < 0 ? sim_fail(err, SIM_ERR_HDF5, "%s: cannot write /%s",
                            w->final_path, path)
                 : SIM_OK;
}

sim_status h5out_string_scale(struct h5out *w, const char *path,
                              const char *const *names, size_t n,
                              const char *description, char *err)
{
    return write_strings_at(w, path, h5u_string_scale, names, n, description,
                            err);
}

sim_status h5out_strings(struct h5out *w, const char *path,
                         const char *const *values, size_t n,
                         const char *description, char *err)
{
    return write_strings_at(w, path, h5u_strings, values, n, description,
                            err);
}

sim_status h5out_entry_units(struct h5out *w, const char *path,
                             const char *variable, long dim, char *err)
{
    const char *leaf = NULL;
    hid_t loc = parent_group(w, path, &leaf);
    herr_t r = loc >= 0 ? h5u_entry_units(loc, leaf, variable, dim) : -1;
    if (loc >= 0 && loc != w->root)
        H5Gclose(loc);
    return r < 0 ? sim_fail(err, SIM_ERR_HDF5, "%s: cannot mark /%s",
                            w->final_path, path)
                 : SIM_OK;
}

sim_status h5out_long_scale(struct h5out *w, const char *path,
                            const long *values, size_t n, const char *units,
                            const char *description, char *err)
{
    const char *leaf = NULL;
    hid_t loc = parent_group(w, path, &leaf);
    hid_t d = loc >= 0 ? h5u_long_scale(loc, leaf, values, (long)n, units,
                                        description)
                       : H5I_INVALID_HID;
    if (d >= 0)
        H5Dclose(d);
    if (loc >= 0 && loc != w->root)
        H5Gclose(loc);
    return d < 0 ? sim_fail(err, SIM_ERR_HDF5, "%s: cannot write /%s",
                            w->final_path, path)
                 : SIM_OK;
}

sim_status h5out_attach(struct h5out *w, const char *dataset,
                        const char *scale, unsigned dim, char *err)
{
    hid_t sc = H5Dopen2(w->root, scale, H5P_DEFAULT);
    herr_t st = sc >= 0 ? h5u_attach(w->root, dataset, sc, dim) : -1;
    if (sc >= 0)
        H5Dclose(sc);
    return st < 0 ? sim_fail(err, SIM_ERR_HDF5,
                             "%s: cannot attach /%s to /%s", w->final_path,
                             scale, dataset)
                  : SIM_OK;
}
