#include "ensemble.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5_hl.h>

#include "sim/core/alloc.h"
#include "sim/core/version.h"
#include "sim/io/h5read.h"
#include "sim/io/h5util.h"
#include "sim/io/outfile.h"

/* ---- a small writer: a file, its root attributes, scales ---- */

struct writer {
    const char *path;
    char tmp[PATH_MAX + OUTFILE_TMP_EXTRA];
    hid_t file;
    char *err;
};

static sim_status writer_open(struct writer *w, const char *path,
                              const char *title, const struct scenario *sc,
                              const char *command_line, char *err)
{
    memset(w, 0, sizeof *w);
    w->path = path;
    w->err = err;
    w->file = H5I_INVALID_HID;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* A leaked id then makes the close fail before the rename. */
    if (fapl < 0 || H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) < 0) {
        if (fapl >= 0)
            H5Pclose(fapl);
        return sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error", path);
    }
    w->file = h5u_create_tmp(path, fapl, w->tmp, sizeof w->tmp, err);
    H5Pclose(fapl);
    if (w->file < 0)
        return SIM_ERR_IO;
    char when[64];
    h5u_iso_time_now(when, sizeof when);
    if (h5u_attr_string(w->file, "title", title) < 0 ||
        h5u_attr_string(w->file, "Conventions", "CF-1.8") < 0 ||
        h5u_attr_string(w->file, "source", "alliance-sim " ALLIANCE_SIM_VERSION) <
            0 ||
        h5u_attr_string(w->file, "software", "alliance-sim") < 0 ||
        h5u_attr_string(w->file, "software_version", ALLIANCE_SIM_VERSION) <
            0 ||
        h5u_attr_string(w->file, "history", command_line) < 0 ||
        h5u_attr_string(w->file, "date_created", when) < 0 ||
        h5u_attr_string(w->file, "scenario_file", sc->path) < 0 ||
        h5u_attr_string(w->file, "scenario_text", sc->text) < 0)
        return sim_fail(err, SIM_ERR_HDF5, "%s: cannot write its attributes",
                        path);
    return SIM_OK;
}

/* Closes the file; renames it into place when st is SIM_OK, else removes
 * it.  Returns the final status. */
static sim_status writer_close(struct writer *w, sim_status st)
{
    if (w->file >= 0 && H5Fclose(w->file) < 0 && st == SIM_OK)
        st = sim_fail(w->err, SIM_ERR_HDF5,
                      "%s: HDF5 could not close the file", w->path);
    w->file = H5I_INVALID_HID;
    if (st == SIM_OK)
        st = h5u_commit(w->tmp, w->path, NULL, w->err);
    if (st != SIM_OK && w->tmp[0] != '\0')
        unlink(w->tmp);
    return st;
}

/* A float64 dataset at group/name with its dimensions' scales attached. */
static herr_t array(hid_t group, const char *name, int rank,
                    const hsize_t *dims, const double *values,
                    const char *units, const char *description,
                    const hid_t *scales)
{
    if (h5u_write_array(group, name, rank, dims, values, units,
                        description) < 0)
        return -1;
    for (int d = 0; d < rank; d++)
        if (h5u_attach(group, name, scales[d], (unsigned)d) < 0)
            return -1;
    return 0;
}

/* A 1-D int64 dataset (an index, a flag) along the scale. */
static herr_t longs(hid_t group, const char *name, const hsize_t *dims,
                   const long *values, const char *units,
                   const char *description, hid_t scale)
{
    if (h5u_write_longs(group, name, 1, dims, values, units, description) < 0)
        return -1;
    return h5u_attach(group, name, scale, 0);
}

static void close_ids(hid_t *ids, int n)
{
    for (int i = 0; i < n; i++)
        if (ids[i] >= 0) {
            H5Oclose(ids[i]);
            ids[i] = H5I_INVALID_HID;
        }
}

/* ---- the calibration's ensemble ---- */

/* The organisation's (or the projects' template's) settings, then a
 * portfolio's fund's: the settings compare --ensemble checks against. */
static int calibrated_tables(const struct scenario *sc,
                             const struct param_desc *tables[2],
                             size_t sizes[2], const void *bases[2])
{
    tables[0] = org_model.params;
    sizes[0] = org_model.n_params;
    bases[0] = &sc->org;
    tables[1] = sc->portfolio != NULL ? portfolio_model.params : NULL;
    sizes[1] = sc->portfolio != NULL ? portfolio_model.n_params : 0;
    bases[1] = &sc->fund;
    return 2;
}

static herr_t write_calibrated_settings(hid_t file,
                                        const struct scenario *sc)
{
    const struct param_desc *tables[2];
    size_t sizes[2];
    const void *bases[2];
    int n = calibrated_tables(sc, tables, sizes, bases);
    return h5u_parameter_table(
        file, "parameters",
        "every numeric setting of the scenario calibrated (the "
        "organisation or the projects' template, and a portfolio's fund), "
        "the free settings at the scenario's values before the fits",
        n, tables, sizes, bases);
}

/* The setting paths of c in file order, and which free parameter each
 * belongs to. */
static size_t flat_paths(const struct calibration *c, const char **paths,
                         const char **units, long *free_index)
{
    size_t n = 0;
    for (int i = 0; i < c->n_free; i++)
        for (int k = 0; k < c->free[i].n_paths; k++) {
            paths[n] = c->free[i].paths[k];
            units[n] = c->free[i].units[k];
            free_index[n] = i;
            n++;
        }
    return n;
}

static int by_objective(const void *a, const void *b, void *ctx)
{
    const struct calibrate_result *fits = ctx;
    double x = fits[*(const int *)a].objective;
    double y = fits[*(const int *)b].objective;
    if (x != y)
        return x < y ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* One group of fits: fits[idx[0 .. k)]. */
static herr_t write_fits(hid_t file, const char *name,
                         const struct calibration *c,
                         const struct calibrate_result *fits, const int *idx,
                         int k, const char *what)
{
    const char *paths[ENSEMBLE_MAX_PATHS], *metrics[METRIC_COUNT];
    const char *units[ENSEMBLE_MAX_PATHS], *metric_units[METRIC_COUNT];
    long free_index[ENSEMBLE_MAX_PATHS];
    size_t n_paths = flat_paths(c, paths, units, free_index);
    size_t n_t = (size_t)c->n_targets;
    for (size_t t = 0; t < n_t; t++) {
        metrics[t] = compare_metric_names[c->targets[t].metric];
        metric_units[t] = compare_metric_units[c->targets[t].metric];
    }
    hid_t ids[4] = {H5I_INVALID_HID, H5I_INVALID_HID, H5I_INVALID_HID,
                    H5I_INVALID_HID};
    double *values = sim_calloc((size_t)k * n_paths, sizeof *values);
    double *achieved = sim_calloc((size_t)k * n_t, sizeof *achieved);
    double *objective = sim_calloc((size_t)k, sizeof *objective);
    long *per_fit = sim_calloc((size_t)k * 2, sizeof *per_fit);
    double bounds[2][ENSEMBLE_MAX_PATHS];
    herr_t rc = -1;
    if (values == NULL || achieved == NULL || objective == NULL ||
        per_fit == NULL)
        goto done;
    for (int f = 0; f < k; f++) {
        const struct calibrate_result *r = &fits[idx[f]];
        for (size_t p = 0; p < n_paths; p++)
            values[(size_t)f * n_paths + p] = r->values[free_index[p]];
        for (size_t t = 0; t < n_t; t++)
            achieved[(size_t)f * n_t + t] =
                r->achieved[c->targets[t].metric];
        objective[f] = r->objective;
        per_fit[f] = r->start;
        per_fit[k + f] = r->converged != 0;
    }
    for (size_t p = 0; p < n_paths; p++) {
        bounds[0][p] = c->free[free_index[p]].min;
        bounds[1][p] = c->free[free_index[p]].max;
    }
    ids[0] = H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (ids[0] < 0 || h5u_attr_string(ids[0], "description", what) < 0)
        goto done;
    ids[1] = h5u_index_scale(ids[0], "fit", 0, k, "1",
                             "fit, best (lowest objective) first in /fits, "
                             "in start order in /starts");
    ids[2] = h5u_string_scale(ids[0], "parameter", paths, n_paths,
                              "setting path (a free parameter's tied paths "
                              "each have a column)");
    ids[3] = h5u_string_scale(ids[0], "metric", metrics, n_t,
                              "target metric, as compare names it");
    if (ids[1] < 0 || ids[2] < 0 || ids[3] < 0 ||
        h5u_unit_variable(ids[0], "parameter_unit", units, n_paths,
                      "unit of each setting", ids[2]) < 0 ||
        h5u_unit_variable(ids[0], "metric_unit", metric_units, n_t,
                      "unit of each target metric", ids[3]) < 0)
        goto done;
    hsize_t d_fp[2] = {(hsize_t)k, n_paths}, d_ft[2] = {(hsize_t)k, n_t};
    hsize_t d_f = (hsize_t)k, d_p = n_paths;
    hid_t s_fp[2] = {ids[1], ids[2]}, s_ft[2] = {ids[1], ids[3]};
    if (array(ids[0], "values", 2, d_fp, values, NULL,
              "fitted value of each setting (its unit: parameter_unit)",
              s_fp) < 0 ||
        h5u_entry_units(ids[0], "values", "parameter_unit", 1) < 0 ||
        array(ids[0], "achieved", 2, d_ft, achieved, NULL,
              "each target metric at the horizon, on the fit's fixed random "
              "streams (its unit: metric_unit)",
              s_ft) < 0 ||
        h5u_entry_units(ids[0], "achieved", "metric_unit", 1) < 0 ||
        array(ids[0], "objective", 1, &d_f, objective, "1",
              "sum of weighted squared relative residuals", &ids[1]) < 0 ||
        longs(ids[0], "start", &d_f, per_fit, "1",
              "the start the fit came from (0: the targets file's start)",
              ids[1]) < 0 ||
        longs(ids[0], "met", &d_f, per_fit + k, "1",
              "1 when every target is met within its tolerance", ids[1]) <
            0 ||
        longs(ids[0], "free_index", &d_p, free_index, "1",
              "which free parameter of the targets file the setting follows",
              ids[2]) < 0 ||
        array(ids[0], "min", 1, &d_p, bounds[0], NULL,
              "lower bound of the free parameter", &ids[2]) < 0 ||
        h5u_entry_units(ids[0], "min", "parameter_unit", 0) < 0 ||
        array(ids[0], "max", 1, &d_p, bounds[1], NULL,
              "upper bound of the free parameter", &ids[2]) < 0 ||
        h5u_entry_units(ids[0], "max", "parameter_unit", 0) < 0)
        goto done;
    rc = 0;
done:
    close_ids(ids, 4);
    sim_free(values);
    sim_free(achieved);
    sim_free(objective);
    sim_free(per_fit);
    return rc;
}

sim_status ensemble_write(const char *path, const struct scenario *sc,
                          const struct calibration *c,
                          const struct calibrate_result *fits, int n,
                          const char *command_line, char *err)
{
    int *met = sim_calloc((size_t)n, sizeof *met);
    int *all = sim_calloc((size_t)n, sizeof *all);
    int k = 0;
    sim_status st = SIM_OK;
    if (met == NULL || all == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    for (int s = 0; s < n; s++) {
        all[s] = s;
        if (fits[s].converged)
            met[k++] = s;
    }
    if (k == 0) {
        st = sim_fail(err, SIM_ERR_INVALID,
                      "%s: not written: no fit meets the targets", path);
        goto done;
    }
    qsort_r(met, (size_t)k, sizeof *met, by_objective, (void *)fits);
    char title[PARAM_PATH_LEN * 2 + 64];
    snprintf(title, sizeof title,
             "alliance-sim calibration ensemble: %s against %s", sc->path,
             c->path);
    struct writer w;
    st = writer_open(&w, path, title, sc, command_line, err);
    if (st == SIM_OK &&
        (h5u_attr_string(w.file, "targets_file", c->path) < 0 ||
         h5u_attr_string(w.file, "targets_text", c->text) < 0 ||
         h5u_attr_long(w.file, "horizon", c->settings.horizon) < 0 ||
         h5u_attr_long(w.file, "starts", n) < 0 ||
         h5u_attr_long(w.file, "agree", k) < 0 ||
         write_fits(w.file, "fits", c, fits, met, k,
                    "the fits that meet every target within its tolerance: "
                    "the ensemble") < 0 ||
         write_fits(w.file, "starts", c, fits, all, n,
                    "every start's fit, met or not") < 0 ||
         write_calibrated_settings(w.file, sc) < 0))
        st = sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error while writing", path);
    /* A temporary name without a file may be another's: only ours goes. */
    if (w.file >= 0)
        st = writer_close(&w, st);
done:
    sim_free(met);
    sim_free(all);
    return st;
}

/* ---- reading it back ---- */

void ensemble_free(struct ensemble *e)
{
    if (e == NULL)
        return;
    sim_free(e->values);
    sim_free(e);
}

static int is_fitted(const struct ensemble *e, const char *path)
{
    for (size_t p = 0; p < e->n_paths; p++)
        if (strcmp(e->paths[p], path) == 0)
            return 1;
    return 0;
}

/* The settings of sc that differ from those the ensemble was calibrated
 * on (its /parameters), the fitted ones aside, into e->differ. */
static sim_status compare_settings(hid_t fid, const char *path,
                                   const struct scenario *sc,
                                   struct ensemble *e, char *err)
{
    size_t n = 0, dims[4] = {0};
    int rank = 0;
    char **names = h5read_strings_at(fid, "parameters/parameter", NULL, &n);
    double *then = h5read_doubles(fid, "parameters/value", &rank, dims);
    sim_status st = SIM_OK;
    if (names == NULL || then == NULL || rank != 1 || dims[0] != n) {
        st = sim_fail(err, SIM_ERR_INVALID,
                      "%s: expected /parameters/value along "
                      "/parameters/parameter, as calibrate --ensemble "
                      "writes",
                      path);
        goto done;
    }
    const struct param_desc *tables[2];
    size_t sizes[2];
    const void *bases[2];
    int n_tables = calibrated_tables(sc, tables, sizes, bases);
    size_t used = 0;
    for (int t = 0; t < n_tables; t++)
        for (size_t i = 0; tables[t] != NULL && i < sizes[t]; i++) {
            const struct param_desc *d = &tables[t][i];
            if (!param_is_numeric(d) || is_fitted(e, d->path))
                continue;
            size_t k = 0;
            while (k < n && strcmp(names[k], d->path) != 0)
                k++;
            double now = param_get_number(d, bases[t]);
            if (k < n && (now == then[k] || (isnan(now) && isnan(then[k]))))
                continue;
            e->n_differ++;
            if (used >= sizeof e->differ - 1)
                continue;
            int w = k < n ? snprintf(e->differ + used,
                                     sizeof e->differ - used,
                                     "%s%s = %.10g here, %.10g there",
                                     used ? "; " : "", d->path, now, then[k])
                          : snprintf(e->differ + used,
                                     sizeof e->differ - used,
                                     "%s%s (not in the calibration)",
                                     used ? "; " : "", d->path);
            used += w > 0 ? (size_t)w : 0;
        }
    if (used >= sizeof e->differ - 1)
        snprintf(e->differ + sizeof e->differ - 5, 5, " ...");
done:
    h5read_strings_free(names);
    sim_free(then);
    return st;
}

sim_status ensemble_read(const char *path, struct scenario *sc,
                         struct ensemble **out, char *err)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (access(path, R_OK) != 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot read the ensemble: %s",
                        path, strerror(errno));
    hid_t fid = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (fid < 0)
        return sim_fail(err, SIM_ERR_IO,
                        "%s: not an HDF5 file (expected the ensemble that "
                        "calibrate --ensemble writes)",
                        path);
    struct ensemble *e = sim_calloc(1, sizeof *e);
    char **names = NULL;
    size_t n_names = 0, dims[4] = {0};
    int rank = 0;
    sim_status st = SIM_OK;
    if (e == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    snprintf(e->file, sizeof e->file, "%s", path);
    names = h5read_strings_at(fid, "fits/parameter", NULL, &n_names);
    e->values = h5read_doubles(fid, "fits/values", &rank, dims);
    if (names == NULL || e->values == NULL || rank != 2 || dims[0] < 1 ||
        dims[1] != n_names || n_names < 1 || n_names > ENSEMBLE_MAX_PATHS) {
        st = sim_fail(err, SIM_ERR_INVALID,
                      "%s: expected /fits/values (fit, parameter) with at "
                      "least one fit and /fits/parameter naming at most %d "
                      "settings, as calibrate --ensemble writes",
                      path, ENSEMBLE_MAX_PATHS);
        goto done;
    }
    e->n_fits = dims[0];
    e->n_paths = n_names;
    for (size_t p = 0; p < n_names; p++) {
        const struct param_desc *d = scenario_find_param(sc, names[p], NULL);
        if (d == NULL || d->type != PARAM_DOUBLE) {
            st = sim_fail(err, SIM_ERR_UNKNOWN,
                          "%s: /fits/parameter[%zu]: '%s' is not a "
                          "real-valued setting of %s",
                          path, p, names[p], sc->path);
            goto done;
        }
        snprintf(e->paths[p], sizeof e->paths[p], "%s", names[p]);
        e->units[p] = d->unit;
    }
    for (size_t i = 0; i < e->n_fits * e->n_paths; i++)
        if (!isfinite(e->values[i])) {
            st = sim_fail(err, SIM_ERR_RANGE,
                          "%s: /fits/values[%zu][%zu] is not finite", path,
                          i / e->n_paths, i % e->n_paths);
            goto done;
        }
    if (h5read_exists(fid, "parameters/value") > 0)
        st = compare_settings(fid, path, sc, e, err);
    size_t n_from = 0;
    char **from = h5read_strings_at(fid, "/", "scenario_file", &n_from);
    snprintf(e->calibrated, sizeof e->calibrated, "%s",
             from != NULL && n_from == 1 ? from[0] : "?");
    h5read_strings_free(from);
done:
    h5read_strings_free(names);
    H5Fclose(fid);
    if (st != SIM_OK) {
        ensemble_free(e);
        return st;
    }
    *out = e;
    return SIM_OK;
}

/* ---- the scenario over the ensemble ---- */

static sim_status apply_fit(struct scenario *sc, const struct ensemble *e,
                            size_t fit, char *err)
{
    for (size_t p = 0; p < e->n_paths; p++) {
        char text[64], origin[PARAM_PATH_LEN + 32];
        snprintf(text, sizeof text, "%.17g", e->values[fit * e->n_paths + p]);
        snprintf(origin, sizeof origin, "%s (fit %zu)", e->file, fit);
        sim_status st = scenario_set(sc, e->paths[p], text, origin, err);
        if (st != SIM_OK)
            return st;
    }
    return SIM_OK;
}

sim_status ensemble_compare(struct scenario *sc, const struct ensemble *e,
                            const struct engine_config *config, size_t n_boot,
                            double level, double *est,
                            struct compare_value (*mc)[METRIC_COUNT],
                            FILE *log, char *err)
{
    size_t n_h = (size_t)config->n_horizons;
    double(*one)[METRIC_COUNT] = sim_calloc(n_h, sizeof *one);
    if (one == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
    sim_status st = SIM_OK;
    /* Backwards, so that the best fit, run last with its intervals, is the
     * one sc is left with. */
    for (size_t f = e->n_fits; st == SIM_OK && f-- > 0;) {
        st = apply_fit(sc, e, f, err);
        if (st == SIM_OK && f == 0)
            st = compare_intervals(sc, config, n_boot, level, mc, err);
        else if (st == SIM_OK)
            st = compare_estimates(sc, config, one, err);
        for (size_t h = 0; st == SIM_OK && h < n_h; h++)
            for (int m = 0; m < METRIC_COUNT; m++)
                est[(f * n_h + h) * METRIC_COUNT + (size_t)m] =
                    f == 0 ? mc[h][m].estimate : one[h][m];
        if (log != NULL && st == SIM_OK)
            fprintf(log, "compare: fit %zu of the ensemble done\n", f);
    }
    sim_free(one);
    return st;
}

sim_status ensemble_compare_write(const char *path, const struct scenario *sc,
                                  const struct ensemble *e,
                                  const struct engine_config *config,
                                  const double *est,
                                  struct compare_value (*mc)[METRIC_COUNT],
                                  double level, const char *command_line,
                                  char *err)
{
    size_t n_h = (size_t)config->n_horizons, n_f = e->n_fits;
    long months[ENGINE_MAX_HORIZONS];
    for (size_t h = 0; h < n_h; h++)
        months[h] = (long)config->horizons[h];
    double *by_fit = sim_calloc(n_f * n_h, sizeof *by_fit);
    double *interval = sim_calloc(n_h * 3, sizeof *interval);
    const char *paths[ENSEMBLE_MAX_PATHS];
    for (size_t p = 0; p < e->n_paths; p++)
        paths[p] = e->paths[p];
    static const char *const bounds[3] = {"estimate", "low", "high"};
    hid_t ids[5] = {H5I_INVALID_HID, H5I_INVALID_HID, H5I_INVALID_HID,
                    H5I_INVALID_HID, H5I_INVALID_HID};
    struct writer w;
    memset(&w, 0, sizeof w);
    w.file = H5I_INVALID_HID;
    sim_status st = by_fit == NULL || interval == NULL
                        ? sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory",
                                   path)
                        : SIM_OK;
    char title[PARAM_PATH_LEN * 2 + 64];
    snprintf(title, sizeof title,
             "alliance-sim compare over a calibration ensemble: %s with %s",
             sc->path, e->file);
    if (st == SIM_OK)
        st = writer_open(&w, path, title, sc, command_line, err);
    if (st != SIM_OK)
        goto done;
    char desc[160];
    snprintf(desc, sizeof desc,
             "the best fit's estimate and its %.0f%% bootstrap interval over "
             "replicates",
             100.0 * level);
    hsize_t d_fh[2] = {n_f, n_h}, d_hb[2] = {n_h, 3},
            d_fp[2] = {n_f, e->n_paths};
    if (h5u_attr_string(w.file, "ensemble_file", e->file) < 0 ||
        h5u_attr_long(w.file, "settings_differing", (long)e->n_differ) < 0 ||
        h5u_attr_string(w.file, "settings_differing_text", e->differ) < 0 ||
        h5u_attr_long(w.file, "replicates", config->replicates) < 0 ||
        h5u_attr_long(w.file, "seed", (long)config->seed) < 0 ||
        (ids[0] = H5Gcreate2(w.file, "ensemble", H5P_DEFAULT, H5P_DEFAULT,
                             H5P_DEFAULT)) < 0 ||
        (ids[1] = h5u_index_scale(ids[0], "fit", 0, (long)n_f, "1",
                                  "fit of the ensemble, best first")) < 0 ||
        (ids[2] = h5u_long_scale(ids[0], "horizon", months, (long)n_h, "month",
                               "report horizon")) < 0 ||
        (ids[3] = h5u_string_scale(ids[0], "bound", bounds, 3,
                                   "estimate, then the interval")) < 0 ||
        (ids[4] = h5u_string_scale(ids[0], "parameter", paths, e->n_paths,
                                   "setting path")) < 0 ||
        h5u_unit_variable(ids[0], "parameter_unit", e->units, e->n_paths,
                      "unit of each setting", ids[4]) < 0 ||
        array(ids[0], "values", 2, d_fp, e->values, NULL,
              "each fit's value of each setting (its unit: parameter_unit)",
              (hid_t[]){ids[1], ids[4]}) < 0 ||
        h5u_entry_units(ids[0], "values", "parameter_unit", 1) < 0) {
        st = sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error while writing", path);
        goto done;
    }
    for (int m = 0; m < METRIC_COUNT && st == SIM_OK; m++) {
        for (size_t f = 0; f < n_f; f++)
            for (size_t h = 0; h < n_h; h++)
                by_fit[f * n_h + h] = est[(f * n_h + h) * METRIC_COUNT +
                                          (size_t)m];
        for (size_t h = 0; h < n_h; h++) {
            interval[h * 3] = mc[h][m].estimate;
            interval[h * 3 + 1] = mc[h][m].low;
            interval[h * 3 + 2] = mc[h][m].high;
        }
        char name[64];
        snprintf(name, sizeof name, "%s_mc", compare_metric_names[m]);
        if (array(ids[0], compare_metric_names[m], 2, d_fh, by_fit,
                  compare_metric_units[m],
                  "estimate of each fit at each horizon, all on the same "
                  "random streams: the spread is the parameters' uncertainty",
                  (hid_t[]){ids[1], ids[2]}) < 0 ||
            array(ids[0], name, 2, d_hb, interval, compare_metric_units[m],
                  desc,
                  (hid_t[]){ids[2], ids[3]}) < 0)
            st = sim_fail(err, SIM_ERR_HDF5, "%s: HDF5 error while writing",
                          path);
    }
done:
    close_ids(ids, 5);
    if (w.file >= 0)
        st = writer_close(&w, st);
    sim_free(by_fit);
    sim_free(interval);
    return st;
}
