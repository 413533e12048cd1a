#include "calibrate.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "design.h"
#include "sim/core/alloc.h"
#include "sim/core/names.h"
#include "sim/core/threads.h"
#include "sim/core/version.h"
#include "sim/io/h5util.h"
#include "sim/io/outfile.h"
#include "sim/io/settings.h"

#define COFF(field) offsetof(struct calibrate_settings, field)
#define SRC_CAL "calibration setting"

/* A residual for a metric the model cannot reach (durability infinite when
 * no treated project closes) counts as this large. */
#define CALIBRATE_UNREACHABLE 1e3

static const struct param_desc calibrate_table[] = {
    {"horizon", PARAM_INT, COFF(horizon), "month", 36, 1, 1200,
     "report horizon at which the targets apply", SRC_CAL, NULL, NULL, 0},
    {"replicates", PARAM_INT, COFF(replicates), "1", 0, 0, 1e6,
     "replicates per evaluation; 0: the scenario's", SRC_CAL, NULL, NULL, 0},
    {"seed", PARAM_INT, COFF(seed), "1", 0, 0, 9007199254740992.0,
     "seed of the fixed random streams; 0: the scenario's", SRC_CAL, NULL,
     NULL, 0},
    {"max_iterations", PARAM_INT, COFF(max_iterations), "1", 300, 1, 1e6,
     "iterations of the simplex at most", SRC_CAL, NULL, NULL, 0},
    {"tolerance", PARAM_DOUBLE, COFF(tolerance), "1", 1e-3, 1e-9, 1,
     "simplex size (in logistic coordinates) at which the fit stops",
     SRC_CAL, NULL, NULL, 0},
    {"target_tolerance", PARAM_DOUBLE, COFF(target_tolerance), "1", 0.01,
     1e-6, 1,
     "relative distance to its target within which a target without a "
     "tolerance of its own is met",
     SRC_CAL, NULL, NULL, 0},
    {"output", PARAM_PATH, COFF(output), "path", 0, 0, 0,
     "calibrated scenario to write; empty: out/<scenario>-calibrated.cfg",
     SRC_CAL, "", NULL, 0},
};

static const char *const deferred[] = {"targets", "free", NULL};

void calibration_free(struct calibration *c)
{
    if (c == NULL)
        return;
    sim_free(c->text);
    sim_free(c);
}

static sim_status number_member(const config_setting_t *g, const char *key,
                                const char *where, const char *path,
                                double *out, int required, char *err)
{
    int found = 0;
    sim_status st =
        settings_member_number(g, key, where, path, out, &found, err);
    if (st == SIM_OK && !found && required)
        return sim_fail(err, SIM_ERR_INVALID, "%s: setting '%s': missing '%s'",
                        where, path, key);
    if (st == SIM_OK && found && !isfinite(*out))
        return sim_fail(err, SIM_ERR_RANGE, "%s: setting '%s.%s': not finite",
                        where, path, key);
    return st;
}

static sim_status read_targets(struct calibration *c,
                               const config_setting_t *root, char *err)
{
    static const char *const allowed[] = {"metric", "value", "weight",
                                          "tolerance", NULL};
    const config_setting_t *list = config_setting_get_member(root, "targets");
    if (list == NULL || config_setting_type(list) != CONFIG_TYPE_LIST ||
        config_setting_length(list) < 1)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: expected targets = ( { metric = \"frugality\"; "
                        "value = 2.0; }, ... )",
                        c->path);
    int n = config_setting_length(list);
    if (n > METRIC_COUNT)
        return sim_fail(err, SIM_ERR_RANGE, "%s: at most %d targets", c->path,
                        METRIC_COUNT);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        char where[PARAM_STRING_LEN + 32], path[32];
        settings_where(g, c->path, where, sizeof where);
        snprintf(path, sizeof path, "targets[%d]", i);
        const char *name = NULL;
        struct calibrate_target *t = &c->targets[i];
        t->weight = 1.0;
        t->tolerance = c->settings.target_tolerance;
        sim_status st = config_setting_type(g) == CONFIG_TYPE_GROUP
                            ? settings_only_members(g, allowed, where, path,
                                                    err)
                            : sim_fail(err, SIM_ERR_TYPE,
                                       "%s: setting '%s': expected a group",
                                       where, path);
        if (st == SIM_OK)
            st = settings_member_string(g, "metric", where, path, &name, err);
        if (st == SIM_OK)
            st = compare_metric_parse(name, where, path, &t->metric, err);
        if (st == SIM_OK)
            st = number_member(g, "value", where, path, &t->value, 1, err);
        if (st == SIM_OK)
            st = number_member(g, "weight", where, path, &t->weight, 0, err);
        if (st == SIM_OK && (t->value <= 0.0 || t->weight <= 0.0))
            st = sim_fail(err, SIM_ERR_RANGE,
                          "%s: setting '%s': value and weight must be "
                          "positive",
                          where, path);
        if (st == SIM_OK)
            st = number_member(g, "tolerance", where, path, &t->tolerance, 0,
                               err);
        if (st == SIM_OK && !(t->tolerance > 0.0 && t->tolerance <= 1.0))
            st = sim_fail(err, SIM_ERR_RANGE,
                          "%s: setting '%s.tolerance': %g is not a relative "
                          "tolerance (expected more than 0 and at most 1, "
                          "e.g. 0.01 for within 1%% of the value)",
                          where, path, t->tolerance);
        if (st != SIM_OK)
            return st;
    }
    c->n_targets = n;
    return SIM_OK;
}

static sim_status read_free(struct calibration *c, struct scenario *sc,
                            const config_setting_t *root, char *err)
{
    static const char *const allowed[] = {"paths", "min",    "max",
                                          "start", "source", NULL};
    const config_setting_t *list = config_setting_get_member(root, "free");
    if (list == NULL || config_setting_type(list) != CONFIG_TYPE_LIST ||
        config_setting_length(list) < 1)
        return sim_fail(err, SIM_ERR_INVALID,
                        "%s: expected free = ( { paths = [\"...\"]; min = ...; "
                        "max = ...; }, ... )",
                        c->path);
    int n = config_setting_length(list);
    if (n > CALIBRATE_MAX_FREE)
        return sim_fail(err, SIM_ERR_RANGE, "%s: at most %d free parameters",
                        c->path, CALIBRATE_MAX_FREE);
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        char where[PARAM_STRING_LEN + 32], path[32];
        settings_where(g, c->path, where, sizeof where);
        snprintf(path, sizeof path, "free[%d]", i);
        struct calibrate_free *f = &c->free[i];
        sim_status st = config_setting_type(g) == CONFIG_TYPE_GROUP
                            ? settings_only_members(g, allowed, where, path,
                                                    err)
                            : sim_fail(err, SIM_ERR_TYPE,
                                       "%s: setting '%s': expected a group",
                                       where, path);
        if (st != SIM_OK)
            return st;
        const config_setting_t *paths = config_setting_get_member(g, "paths");
        int np = paths != NULL ? config_setting_length(paths) : 0;
        if (paths == NULL || np < 1 || np > CALIBRATE_MAX_PATHS ||
            (config_setting_type(paths) != CONFIG_TYPE_ARRAY &&
             config_setting_type(paths) != CONFIG_TYPE_LIST))
            return sim_fail(err, SIM_ERR_TYPE,
                            "%s: setting '%s.paths': expected a list of 1 to "
                            "%d setting paths",
                            where, path, CALIBRATE_MAX_PATHS);
        for (int k = 0; k < np; k++) {
            const config_setting_t *e =
                config_setting_get_elem(paths, (unsigned)k);
            const char *p = config_setting_type(e) == CONFIG_TYPE_STRING
                                ? config_setting_get_string(e)
                                : NULL;
            void *base = NULL;
            const struct param_desc *d =
                p != NULL ? scenario_find_param(sc, p, &base) : NULL;
            if (d == NULL || !param_is_numeric(d) || d->type != PARAM_DOUBLE)
                return sim_fail(err, SIM_ERR_UNKNOWN,
                                "%s: setting '%s.paths': '%s' is not a "
                                "real-valued setting of the scenario",
                                where, path, p != NULL ? p : "?");
            snprintf(f->paths[k], sizeof f->paths[k], "%s", p);
        }
        f->n_paths = np;
        /* The name is the first path, copied whole: the two buffers are of
         * one size and snprintf above has terminated paths[0]. */
        _Static_assert(sizeof f->name == sizeof f->paths[0],
                       "a free parameter's name holds its first path");
        memcpy(f->name, f->paths[0], sizeof f->name);
        f->start = NAN;
        if ((st = number_member(g, "min", where, path, &f->min, 1, err)) !=
                SIM_OK ||
            (st = number_member(g, "max", where, path, &f->max, 1, err)) !=
                SIM_OK ||
            (st = number_member(g, "start", where, path, &f->start, 0, err)) !=
                SIM_OK)
            return st;
        if (!(f->min < f->max))
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: setting '%s': expected min < max", where,
                            path);
        if (isnan(f->start))
            f->start = 0.5 * (f->min + f->max);
        if (f->start <= f->min || f->start >= f->max)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: setting '%s.start': expected a value strictly "
                            "between min and max",
                            where, path);
        const char *source = "";
        if (config_setting_lookup_string(g, "source", &source) != CONFIG_TRUE)
            source = "";
        snprintf(f->source, sizeof f->source, "%s", source);
        /* The bounds must lie inside every path's valid range. */
        for (int k = 0; k < np; k++) {
            const struct param_desc *d = scenario_find_param(sc, f->paths[k],
                                                             NULL);
            f->units[k] = d->unit;
            if (f->min < d->min || f->max > d->max)
                return sim_fail(err, SIM_ERR_RANGE,
                                "%s: setting '%s': [%g, %g] leaves the valid "
                                "range [%g, %g] of '%s'",
                                where, path, f->min, f->max, d->min, d->max,
                                f->paths[k]);
        }
    }
    c->n_free = n;
    return SIM_OK;
}

sim_status calibration_load(const char *path, struct scenario *sc,
                            struct calibration **out, char *err)
{
    *out = NULL;
    struct calibration *c = sim_calloc(1, sizeof *c);
    if (c == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "%s: out of memory", path);
    snprintf(c->path, sizeof c->path, "%s", path);
    struct settings_table t = {calibrate_table,
                               sizeof calibrate_table /
                                   sizeof calibrate_table[0],
                               &c->settings};
    struct settings st = {&t, 1, c->path, deferred,
                          "docs/calibration.md lists them"};
    settings_defaults(&st);
    sim_status s = settings_read_text(path, "targets file", &c->text, err);
    config_t cfg;
    if (s == SIM_OK) {
        s = settings_parse(path, &cfg, err);
        if (s == SIM_OK) {
            const config_setting_t *root = config_root_setting(&cfg);
            s = settings_load_group(&st, root, "", err);
            if (s == SIM_OK)
                s = read_targets(c, root, err);
            if (s == SIM_OK)
                s = read_free(c, sc, root, err);
            config_destroy(&cfg);
        }
    }
    if (s == SIM_OK && c->settings.horizon > sc->settings.months)
        s = sim_fail(err, SIM_ERR_RANGE,
                     "%s: setting 'horizon': %ld is beyond the scenario's %ld "
                     "months",
                     path, c->settings.horizon, sc->settings.months);
    if (s != SIM_OK) {
        calibration_free(c);
        return s;
    }
    *out = c;
    return SIM_OK;
}

/* ---- the fit ---- */

struct fit {
    struct scenario *sc;
    const struct calibration *c;
    struct engine_config config;
    double achieved[METRIC_COUNT];
    long evaluations;
    char *err;
    sim_status failed;
    FILE *log;
};

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static double to_value(const struct calibrate_free *f, double x)
{
    return f->min + (f->max - f->min) * logistic(x);
}

static double to_coordinate(const struct calibrate_free *f, double value)
{
    double p = (value - f->min) / (f->max - f->min);
    return log(p / (1.0 - p));
}

static sim_status set_values(struct scenario *sc, const struct calibration *c,
                             const double *values, char *err)
{
    for (int i = 0; i < c->n_free; i++)
        for (int k = 0; k < c->free[i].n_paths; k++) {
            char text[64];
            snprintf(text, sizeof text, "%.17g", values[i]);
            sim_status st =
                scenario_set(sc, c->free[i].paths[k], text, "calibrate", err);
            if (st != SIM_OK)
                return st;
        }
    return SIM_OK;
}

static double objective(const gsl_vector *x, void *ctx)
{
    struct fit *fit = ctx;
    const struct calibration *c = fit->c;
    double values[CALIBRATE_MAX_FREE];
    for (int i = 0; i < c->n_free; i++)
        values[i] = to_value(&c->free[i], gsl_vector_get(x, (size_t)i));
    double (*m)[METRIC_COUNT] = NULL;
    sim_status st = set_values(fit->sc, c, values, fit->err);
    double metrics[ENGINE_MAX_HORIZONS][METRIC_COUNT];
    m = metrics;
    if (st == SIM_OK)
        st = compare_estimates(fit->sc, &fit->config, m, fit->err);
    fit->evaluations++;
    if (st != SIM_OK) {
        fit->failed = st;
        return GSL_POSINF;
    }
    double sum = 0.0;
    for (int t = 0; t < c->n_targets; t++) {
        double got = metrics[0][c->targets[t].metric];
        fit->achieved[c->targets[t].metric] = got;
        double r = isfinite(got)
                       ? (got - c->targets[t].value) / c->targets[t].value
                       : CALIBRATE_UNREACHABLE;
        sum += c->targets[t].weight * r * r;
    }
    return sum;
}

int calibrate_target_met(const struct calibration *c, int t,
                         const struct calibrate_result *r)
{
    const struct calibrate_target *tg = &c->targets[t];
    double got = r->achieved[tg->metric];
    /* Written so that a NaN or an infinite figure is never met. */
    return fabs(got / tg->value - 1.0) <= tg->tolerance;
}

int calibrate_near_bound(const struct calibrate_free *f, double value)
{
    double margin = CALIBRATE_NEAR_BOUND * (f->max - f->min);
    if (value - f->min <= margin)
        return -1;
    if (f->max - value <= margin)
        return 1;
    return 0;
}

/* The simplex from `start` (values, not coordinates) on sc, which is left
 * with the best point set. */
static sim_status fit_from(struct scenario *sc, const struct calibration *c,
                           const double *start, struct calibrate_result *result,
                           FILE *log, char *err)
{
    struct fit fit;
    memset(&fit, 0, sizeof fit);
    fit.sc = sc;
    fit.c = c;
    fit.err = err;
    fit.log = log;
    fit.failed = SIM_OK;
    fit.config.months = c->settings.horizon;
    fit.config.replicates = c->settings.replicates > 0
                                ? c->settings.replicates
                                : sc->settings.replicates;
    fit.config.seed = (uint64_t)(c->settings.seed > 0 ? c->settings.seed
                                                      : sc->settings.seed);
    fit.config.n_horizons = 1;
    fit.config.horizons[0] = c->settings.horizon;

    size_t n = (size_t)c->n_free;
    gsl_vector *x = gsl_vector_alloc(n);
    gsl_vector *step = gsl_vector_alloc(n);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    if (x == NULL || step == NULL || s == NULL) {
        gsl_vector_free(x);
        gsl_vector_free(step);
        if (s != NULL)
            gsl_multimin_fminimizer_free(s);
        return sim_fail(err, SIM_ERR_NOMEM, "calibrate: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(x, i, to_coordinate(&c->free[i], start[i]));
        result->start_values[i] = start[i];
        /* One unit of logistic coordinate moves a centred parameter by about
         * a quarter of its range. */
        gsl_vector_set(step, i, 1.0);
    }
    gsl_multimin_function f = {objective, n, &fit};
    sim_status st = SIM_OK;
    if (gsl_multimin_fminimizer_set(s, &f, x, step) != GSL_SUCCESS)
        st = fit.failed != SIM_OK
                 ? fit.failed
                 : sim_fail(err, SIM_ERR_NUMERIC,
                            "calibrate: the simplex could not start");
    long iter = 0;
    int shrunk = 0, stuck = 0;
    while (st == SIM_OK && iter < c->settings.max_iterations) {
        iter++;
        int status = gsl_multimin_fminimizer_iterate(s);
        if (fit.failed != SIM_OK) {
            st = fit.failed;
            break;
        }
        if (status != GSL_SUCCESS) {
            stuck = 1;
            break;
        }
        double size = gsl_multimin_fminimizer_size(s);
        if (log != NULL && iter % 10 == 0)
            fprintf(log, "calibrate: iteration %ld, objective %.6g, simplex "
                         "size %.3g\n",
                    iter, s->fval, size);
        if (gsl_multimin_test_size(size, c->settings.tolerance) ==
            GSL_SUCCESS) {
            shrunk = 1;
            break;
        }
    }
    if (st == SIM_OK) {
        /* Evaluate the best point last, so that the scenario holds it and
         * `achieved` describes it. */
        result->objective = objective(s->x, &fit);
        st = fit.failed;
        for (size_t i = 0; i < n; i++)
            result->values[i] =
                to_value(&c->free[i], gsl_vector_get(s->x, i));
        memcpy(result->achieved, fit.achieved, sizeof result->achieved);
        result->iterations = iter;
        result->evaluations = fit.evaluations;
        result->simplex_converged = shrunk;
        result->simplex_stuck = stuck;
        result->converged = 1;
        for (int t = 0; t < c->n_targets; t++)
            if (!calibrate_target_met(c, t, result))
                result->converged = 0;
    }
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return st;
}

sim_status calibrate_run(struct scenario *sc, const struct calibration *c,
                         struct calibrate_result *result, FILE *log,
                         char *err)
{
    double start[CALIBRATE_MAX_FREE];
    for (int i = 0; i < c->n_free; i++)
        start[i] = c->free[i].start;
    result->start = 0;
    return fit_from(sc, c, start, result, log, err);
}

sim_status calibrate_start_values(const struct calibration *c, int n_starts,
                                  double (*values)[CALIBRATE_MAX_FREE],
                                  char *err)
{
    if (n_starts < 1 || n_starts > CALIBRATE_MAX_STARTS)
        return sim_fail(err, SIM_ERR_RANGE,
                        "calibrate: %d starts (expected 1 to %d)", n_starts,
                        CALIBRATE_MAX_STARTS);
    for (int i = 0; i < c->n_free; i++)
        values[0][i] = c->free[i].start;
    if (n_starts == 1)
        return SIM_OK;
    size_t k = (size_t)c->n_free;
    /* Row 0 of the design is the origin, every parameter at its lower bound
     * where the logistic coordinate is infinite; rows 1 .. are GSL's own
     * points, strictly inside the box, the first at its centre. */
    struct design *d =
        design_new(DESIGN_SOBOL, k, (size_t)n_starts, 0, NULL, err);
    double *unit = sim_calloc((size_t)n_starts * k, sizeof *unit);
    sim_status st = d == NULL ? SIM_ERR_RANGE
                    : unit == NULL
                        ? sim_fail(err, SIM_ERR_NOMEM,
                                   "calibrate: out of memory")
                        : design_rows(d, 0, (size_t)n_starts, unit, err);
    for (int s = 1; st == SIM_OK && s < n_starts; s++)
        for (size_t i = 0; i < k; i++) {
            const struct calibrate_free *f = &c->free[i];
            values[s][i] = f->min + (f->max - f->min) * unit[(size_t)s * k + i];
        }
    sim_free(unit);
    design_free(d);
    return st;
}

sim_status calibrate_starts(const struct scenario *sc,
                            const struct calibration *c, int n_starts,
                            struct calibrate_result *fits, FILE *log,
                            char *err)
{
    int n_threads = sim_max_threads();
    double(*start)[CALIBRATE_MAX_FREE] =
        sim_calloc((size_t)n_starts, sizeof *start);
    sim_status *status = sim_calloc((size_t)n_starts, sizeof *status);
    char(*errs)[SIM_ERR_LEN] = sim_calloc((size_t)n_starts, sizeof *errs);
    struct scenario **own = sim_calloc((size_t)n_threads, sizeof *own);
    sim_status st = SIM_OK;
    if (start == NULL || status == NULL || errs == NULL || own == NULL)
        st = sim_fail(err, SIM_ERR_NOMEM, "calibrate: out of memory");
    if (st == SIM_OK)
        st = calibrate_start_values(c, n_starts, start, err);
    /* A scenario per thread, loaded here rather than on the threads: every
     * evaluation sets every free parameter, so what one start leaves in it
     * never reaches the next. */
    for (int t = 0; st == SIM_OK && t < n_threads; t++)
        st = scenario_load(sc->path, &own[t], err);
    if (st == SIM_OK) {
        int done = 0;
        /* One start a thread: a start is hundreds of short evaluations, on
         * which the engine's own threads would mostly wait on each other. */
#pragma omp parallel for schedule(dynamic, 1)
        for (int s = 0; s < n_starts; s++) {
            memset(&fits[s], 0, sizeof fits[s]);
            fits[s].start = s;
            status[s] = fit_from(own[sim_thread_id()], c, start[s], &fits[s],
                                 NULL, errs[s]);
            if (log != NULL && status[s] == SIM_OK) {
                int now;
#pragma omp atomic capture
                now = ++done;
                fprintf(log,
                        "calibrate: start %d done (%d of %d): objective %.4g, "
                        "targets %s\n",
                        s, now, n_starts, fits[s].objective,
                        fits[s].converged ? "met" : "missed");
            }
        }
        for (int s = 0; s < n_starts && st == SIM_OK; s++)
            if (status[s] != SIM_OK)
                st = sim_fail(err, status[s], "calibrate: start %d: %s", s,
                              errs[s]);
    }
    for (int t = 0; own != NULL && t < n_threads; t++)
        scenario_free(own[t]);
    sim_free(own);
    sim_free(start);
    sim_free(status);
    sim_free(errs);
    return st;
}

int calibrate_best(const struct calibrate_result *fits, int n)
{
    int best = 0;
    for (int s = 1; s < n; s++) {
        /* Tolerances differ from target to target, so a fit that meets
         * them all may have the larger objective: it still comes first. */
        if (fits[s].converged != fits[best].converged) {
            if (fits[s].converged)
                best = s;
        } else if (fits[s].objective < fits[best].objective) {
            best = s;
        }
    }
    return best;
}

/* ---- the calibrated scenario ---- */

/* The path of `target` relative to the directory `from_dir`. */
static int relative_path(const char *from_dir, const char *target, char *buf,
                         size_t len)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (realpath(from_dir, a) == NULL || realpath(target, b) == NULL)
        return -1;
    size_t common = 0, i = 0;
    for (; a[i] != '\0' && a[i] == b[i]; i++)
        if (a[i] == '/')
            common = i;
    if (a[i] == '\0' && b[i] == '/')
        common = i;
    size_t used = 0;
    buf[0] = '\0';
    for (const char *p = a + common; *p != '\0'; p++)
        if (*p == '/' && used + 4 < len)
            used += (size_t)snprintf(buf + used, len - used, "../");
    snprintf(buf + used, len - used, "%s", b + common + 1);
    return 0;
}

sim_status calibrate_write_scenario(const struct scenario *sc,
                                    const struct calibration *c,
                                    const struct calibrate_result *r,
                                    const char *path, char *err)
{
    char dir[PATH_MAX], include[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    if (relative_path(dir, sc->path, include, sizeof include) != 0)
        return sim_fail(err, SIM_ERR_IO, "%s: cannot resolve the path of %s",
                        path, sc->path);
    char tmp[PATH_MAX + OUTFILE_TMP_EXTRA], when[64];
    h5u_iso_time_now(when, sizeof when);
    FILE *f = outfile_tmp_fopen(path, tmp, sizeof tmp, "w", err);
    if (f == NULL)
        return SIM_ERR_IO;
    fprintf(f,
            "# alliance-sim scenario: %s, calibrated.\n"
            "#\n"
            "# Written by alliance-sim %s calibrate on %s from the targets "
            "in %s\n"
            "# (horizon %ld months, objective %.4g after %ld iterations%s).\n"
            "# Achieved at the horizon:",
            sc->path, ALLIANCE_SIM_VERSION, when, c->path, c->settings.horizon,
            r->objective, r->iterations,
            r->converged ? ", every target met"
                         : ", targets NOT met: the best fit, kept on request");
    for (int t = 0; t < c->n_targets; t++)
        fprintf(f, "%s %s %.4g (target %.4g)", t ? "," : "",
                compare_metric_names[c->targets[t].metric],
                r->achieved[c->targets[t].metric], c->targets[t].value);
    fprintf(f, ".\n# The scenario itself is unchanged; only the settings "
               "below differ.\n\n@include \"%s\"\n\noverrides = (\n",
            include);
    int first = 1;
    for (int i = 0; i < c->n_free; i++)
        for (int k = 0; k < c->free[i].n_paths; k++) {
            fprintf(f, "%s  { path = \"%s\"; value = %.10g; }", first ? "" : ",\n",
                    c->free[i].paths[k], r->values[i]);
            first = 0;
        }
    fprintf(f, "\n);\n");
    if (fclose(f) != 0) {
        unlink(tmp);
        return sim_fail(err, SIM_ERR_IO, "%s: write error", path);
    }
    sim_status st = h5u_commit(tmp, path, NULL, err);
    if (st != SIM_OK)
        unlink(tmp);
    return st;
}
