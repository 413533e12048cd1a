/*
 * cli_sensitivity.c - `alliance-sim sensitivity`: Sobol first-order and total
 * indices (Saltelli 2010 design and estimators, Jansen 1999, asymptotic or
 * bootstrap intervals) or Morris elementary effects, for every output at every report
 * horizon (and year by year on request), from a sweep file.  The block loop,
 * the checkpoint and the HDF5 file are the sweep's (sweep_cli.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sweep_cli.h"
#include "sim/analysis/morris.h"
#include "sim/analysis/sobol.h"
#include "sim/core/alloc.h"
#include "sim/core/names.h"
#include "sim/io/csv.h"
#include "sim/io/tables.h"
#include "sim/io/h5json.h"

/* ---- rows: the Saltelli design ---- */

struct saltelli_source {
    struct design *design; /* 2k dimensions */
    double *rows_2k;       /* the base rows one block of evaluations spans */
    double *points;        /* the k + 2 evaluations of one base row */
    size_t k;
};

/*
 * Evaluations [first, first + count) of the Saltelli design: base row j
 * makes evaluations j (k + 2) .. j (k + 2) + k + 1.  A slice may start and
 * end inside a base row: an interrupted block saves the evaluations that
 * finished, and the resumed run's blocks start where they stopped.
 */
static sim_status saltelli_rows(struct row_source *src, long first,
                                long count, double *unit, char *err)
{
    struct saltelli_source *s = src->impl;
    long per = (long)s->k + 2, end = first + count;
    long j0 = first / per, j1 = (end + per - 1) / per;
    sim_status st = design_rows(s->design, (size_t)j0, (size_t)(j1 - j0),
                                s->rows_2k, err);
    for (long j = j0; st == SIM_OK && j < j1; j++) {
        sobol_saltelli_points(s->k, s->rows_2k + (size_t)(j - j0) * 2 * s->k,
                              s->points);
        long from = first > j * per ? first : j * per;
        long to = end < (j + 1) * per ? end : (j + 1) * per;
        memcpy(unit + (size_t)(from - first) * s->k,
               s->points + (size_t)(from - j * per) * s->k,
               (size_t)(to - from) * s->k * sizeof *unit);
    }
    return st;
}

static void saltelli_free(struct row_source *src)
{
    struct saltelli_source *s = src->impl;
    if (s != NULL) {
        design_free(s->design);
        sim_free(s->rows_2k);
        sim_free(s->points);
        sim_free(s);
    }
    src->impl = NULL;
}

static sim_status saltelli_new(const struct sweep *sw, struct row_source *src,
                               char *err)
{
    long n = sw->settings.samples;
    enum design_kind kind = DESIGN_SOBOL;
    if (design_kind_from_name(sw->settings.design, &kind) != 0 ||
        kind == DESIGN_GRID)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: design \"%s\": Sobol indices draw from "
                        "\"sobol\", \"random\" or \"lhs\"",
                        sw->path, sw->settings.design);
    if (kind == DESIGN_SOBOL && !design_sobol_n_ok((size_t)n))
        fprintf(stderr,
                "alliance-sim: warning: %s: a Sobol sequence keeps its "
                "balance only for N a power of two; N = %ld\n",
                sw->path, n);
    struct saltelli_source *s = sim_calloc(1, sizeof *s);
    if (s == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "sensitivity: out of memory");
    src->impl = s;
    src->free = saltelli_free;
    s->k = sw->n_params;
    s->design = sobol_design_new(kind, s->k, (size_t)n,
                                 (uint64_t)sw->settings.seed, err);
    if (s->design == NULL)
        return SIM_ERR_INVALID;
    /* A block of block (k + 2) evaluations spans at most block + 1 base
     * rows when it starts inside one. */
    s->rows_2k = sim_calloc(((size_t)sw->settings.block + 1) * 2 * s->k,
                            sizeof *s->rows_2k);
    s->points = sim_calloc((s->k + 2) * s->k, sizeof *s->points);
    if (s->rows_2k == NULL || s->points == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "sensitivity: out of memory");
    src->rows = saltelli_rows;
    src->n_rows = n * (long)(s->k + 2);
    src->block_rows = sw->settings.block * (long)(s->k + 2);
    src->samples = n;
    src->design = kind == DESIGN_SOBOL    ? "sobol (Saltelli)"
                  : kind == DESIGN_RANDOM ? "random (Saltelli)"
                                          : "lhs (Saltelli)";
    return SIM_OK;
}

/* ---- rows: Morris trajectories ---- */

struct morris_source {
    double *points;  /* r (k + 1) x k */
    size_t *changed; /* r x k */
    size_t k;
};

static sim_status morris_rows(struct row_source *src, long first, long count,
                              double *unit, char *err)
{
    (void)err;
    struct morris_source *m = src->impl;
    memcpy(unit, m->points + (size_t)first * m->k,
           (size_t)count * m->k * sizeof *unit);
    return SIM_OK;
}

static void morris_free(struct row_source *src)
{
    struct morris_source *m = src->impl;
    if (m != NULL) {
        sim_free(m->points);
        sim_free(m->changed);
        sim_free(m);
    }
    src->impl = NULL;
}

static sim_status morris_new(const struct sweep *sw, struct row_source *src,
                             char *err)
{
    size_t r = (size_t)sw->settings.trajectories, k = sw->n_params;
    struct morris_source *m = sim_calloc(1, sizeof *m);
    if (m == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "sensitivity: out of memory");
    src->impl = m;
    src->free = morris_free;
    m->k = k;
    m->points = sim_calloc(r * (k + 1) * k, sizeof *m->points);
    m->changed = sim_calloc(r * k, sizeof *m->changed);
    if (m->points == NULL || m->changed == NULL)
        return sim_fail(err, SIM_ERR_NOMEM, "sensitivity: out of memory");
    sim_status st = morris_points(k, r, (size_t)sw->settings.levels,
                                  (uint64_t)sw->settings.seed, m->points,
                                  m->changed, err);
    if (st != SIM_OK)
        return st;
    src->rows = morris_rows;
    src->n_rows = (long)(r * (k + 1));
    src->block_rows = sw->settings.block;
    src->samples = (long)r;
    src->design = "morris";
    return SIM_OK;
}

static sim_status source_new(const struct sweep *sw, struct row_source *src,
                             char *err)
{
    if (strcmp(sw->settings.method, "sobol") == 0)
        return saltelli_new(sw, src, err);
    return morris_new(sw, src, err);
}

/* ---- indices ---- */


struct indices {
    int sobol;
    size_t n_out, n_h, k;
    double *a[6]; /* sobol: S1, S1_low, S1_high, ST, ST_low, ST_high;
                     morris: mu, mu_star, sigma */
    int n_arrays;
    /* Per (output, horizon): why Sobol indices are missing (NaN), and the
     * one value of an output that did not vary. */
    enum {
        IX_OK,
        IX_CONSTANT,
        IX_BASES_CONSTANT,
        IX_TINY_VARIANCE,
        IX_NOT_FINITE
    } *why;
    double *constant;
};

static void indices_free(struct indices *ix)
{
    for (int i = 0; i < 6; i++)
        sim_free(ix->a[i]);
    sim_free(ix->why);
    sim_free(ix->constant);
}

/* Why the indices of f (n_bases values of the matrices A and B, then the
 * others, n in all) are undefined: an output that is not finite, one that
 * never varies (survival before anyone can close), or one constant in A and
 * B only, whose variance the estimators divide by. */
static int undefined_reason(const double *f, size_t n_bases, size_t n,
                            double *value)
{
    for (size_t j = 0; j < n; j++)
        if (!isfinite(f[j]))
            return IX_NOT_FINITE;
    *value = f[0];
    for (size_t j = 0; j < n; j++)
        if (f[j] != f[0])
            return j < n_bases ? IX_TINY_VARIANCE : IX_BASES_CONSTANT;
    return IX_CONSTANT;
}

/* The interval method sweep_load checked. */
static enum sobol_interval_method sobol_interval_method_of(
    const struct sweep *sw)
{
    long m = sim_name_index(sobol_interval_names, SOBOL_INTERVALS_COUNT,
                            sw->settings.intervals);
    return m == SOBOL_INTERVALS_BOOTSTRAP ? SOBOL_INTERVALS_BOOTSTRAP
                                          : SOBOL_INTERVALS_ASYMPTOTIC;
}

/* "Saltelli 2010 first order, Jansen total, 95% asymptotic intervals", or
 * "... 95% bootstrap intervals of 300 resamples". */
static void interval_words(const struct sweep *sw, char *buf, size_t len)
{
    enum sobol_interval_method m = sobol_interval_method_of(sw);
    char resamples[64] = "";
    if (m == SOBOL_INTERVALS_BOOTSTRAP)
        snprintf(resamples, sizeof resamples, " of %ld resamples",
                 sw->settings.bootstrap);
    snprintf(buf, len,
             "Saltelli 2010 first order, Jansen total, %g%% %s intervals%s",
             100.0 * sw->settings.confidence, sobol_interval_names[m],
             resamples);
}

static size_t ix_at(const struct indices *ix, size_t o, size_t h, size_t i)
{
    return (o * ix->n_h + h) * ix->k + i;
}

static sim_status compute_indices(const struct sweep *sw,
                                  const struct row_source *src,
                                  struct sweep_store *store,
                                  struct indices *ix, char *err)
{
    int sobol = ix->sobol;
    long n_rows = src->n_rows;
    const struct morris_source *ms = sobol ? NULL : src->impl;
    ix->n_out = sw->n_outputs;
    ix->n_h = (size_t)sw->n_horizons;
    ix->k = sw->n_params;
    ix->n_arrays = sobol ? 6 : 3;
    size_t per_row = ix->n_out * ix->n_h;
    size_t cells = ix->n_out * ix->n_h * ix->k;
    double *outputs = sim_calloc((size_t)n_rows * per_row, sizeof *outputs);
    size_t n = sobol ? (size_t)sw->settings.samples
                     : (size_t)sw->settings.trajectories;
    size_t per = sobol ? ix->k + 2 : ix->k + 1;
    double *f = sim_calloc(n * per, sizeof *f);
    for (int i = 0; i < ix->n_arrays; i++)
        ix->a[i] = sim_calloc(cells, sizeof *ix->a[i]);
    ix->why = sim_calloc(per_row, sizeof *ix->why);
    ix->constant = sim_calloc(per_row, sizeof *ix->constant);
    sim_status st = SIM_OK;
    if (outputs == NULL || f == NULL || ix->a[ix->n_arrays - 1] == NULL ||
        ix->why == NULL || ix->constant == NULL)
        st = sim_fail(err, SIM_ERR_NOMEM, "sensitivity: out of memory");
    if (st == SIM_OK)
        st = sweep_store_read(store, 0, n_rows, NULL, NULL, outputs, err);
    struct sobol_index *s_out = NULL;
    struct morris_index *m_out = NULL;
    if (st == SIM_OK) {
        s_out = sim_calloc(ix->k, sizeof *s_out);
        m_out = sim_calloc(ix->k, sizeof *m_out);
        if (s_out == NULL || m_out == NULL)
            st = sim_fail(err, SIM_ERR_NOMEM, "sensitivity: out of memory");
    }
    struct sobol_intervals ci = {sobol_interval_method_of(sw),
                                 sw->settings.confidence,
                                 (size_t)sw->settings.bootstrap,
                                 (uint64_t)sw->settings.seed};
    for (size_t o = 0; st == SIM_OK && o < ix->n_out; o++)
        for (size_t h = 0; st == SIM_OK && h < ix->n_h; h++) {
            /* Sobol: f = [A | B | AB_0 .. AB_k-1] each of n; Morris: the
             * evaluations in trajectory order. */
            for (size_t j = 0; j < n; j++)
                for (size_t m = 0; m < per; m++) {
                    double y = outputs[((j * per + m) * ix->n_out + o) *
                                           ix->n_h +
                                       h];
                    if (sobol)
                        f[m * n + j] = y;
                    else
                        f[j * per + m] = y;
                }
            if (sobol) {
                st = sobol_indices(n, ix->k, f, f + n, f + 2 * n, &ci, s_out,
                                   err);
                for (size_t i = 0; st == SIM_OK && i < ix->k; i++) {
                    size_t at = ix_at(ix, o, h, i);
                    ix->a[0][at] = s_out[i].s1;
                    ix->a[1][at] = s_out[i].s1_lo;
                    ix->a[2][at] = s_out[i].s1_hi;
                    ix->a[3][at] = s_out[i].st;
                    ix->a[4][at] = s_out[i].st_lo;
                    ix->a[5][at] = s_out[i].st_hi;
                }
                if (st == SIM_ERR_NUMERIC) {
                    /* An output that does not vary (survival before anyone
                     * can close) has no indices: NaN, null in JSON, and the
                     * table says why. */
                    ix->why[o * ix->n_h + h] = undefined_reason(
                        f, 2 * n, n * per, &ix->constant[o * ix->n_h + h]);
                    for (size_t i = 0; i < ix->k; i++)
                        for (int a = 0; a < 6; a++)
                            ix->a[a][ix_at(ix, o, h, i)] = NAN;
                    st = SIM_OK;
                } else if (st != SIM_OK) {
                    char inner[SIM_ERR_LEN];
                    snprintf(inner, sizeof inner, "%s", err);
                    st = sim_fail(err, st, "%s at %ld month%s: %s",
                                  sw->outputs[o].name, sw->horizons[h],
                                  sw->horizons[h] == 1 ? "" : "s", inner);
                }
            } else {
                morris_indices(ix->k, n, ms->points, ms->changed, f, m_out);
                for (size_t i = 0; i < ix->k; i++) {
                    size_t at = ix_at(ix, o, h, i);
                    ix->a[0][at] = m_out[i].mu;
                    ix->a[1][at] = m_out[i].mu_star;
                    ix->a[2][at] = m_out[i].sigma;
                }
            }
        }
    sim_free(s_out);
    sim_free(m_out);
    sim_free(outputs);
    sim_free(f);
    return st;
}

static const char *const sobol_names[6] = {"S1", "S1_low", "S1_high",
                                           "ST", "ST_low", "ST_high"};
static const char *const morris_names[3] = {"mu", "mu_star", "sigma"};

static void print_indices_table(const struct sweep *sw,
                                const struct indices *ix, int sobol)
{
    size_t order[SWEEP_MAX_PARAMS];
    int rank_by = sobol ? 3 : 1; /* ST, or mu* */
    char how[160];
    if (sobol)
        interval_words(sw, how, sizeof how);
    printf("%s indices of %s (%ld evaluations, %s)\n",
           sobol ? "Sobol" : "Morris", sw->path,
           sobol ? sw->settings.samples * (long)(ix->k + 2)
                 : sw->settings.trajectories * (long)(ix->k + 1),
           sobol ? how : "elementary effects in unit coordinates");
    for (size_t o = 0; o < ix->n_out; o++)
        for (size_t h = 0; h < ix->n_h; h++) {
            if (!sw->reported[h])
                continue;
            for (size_t i = 0; i < ix->k; i++)
                order[i] = i;
            /* Insertion sort, largest first: k is at most 40. */
            for (size_t i = 1; i < ix->k; i++)
                for (size_t j = i; j > 0; j--) {
                    double a = ix->a[rank_by][ix_at(ix, o, h, order[j])];
                    double b = ix->a[rank_by][ix_at(ix, o, h, order[j - 1])];
                    if (!(a > b))
                        break;
                    size_t t = order[j];
                    order[j] = order[j - 1];
                    order[j - 1] = t;
                }
            printf("\n%s at %ld month%s\n", sw->outputs[o].name,
                   sw->horizons[h], sw->horizons[h] == 1 ? "" : "s");
            int why = sobol ? (int)ix->why[o * ix->n_h + h] : IX_OK;
            if (why == IX_CONSTANT) {
                printf("  no indices: the output is %g in every one of the "
                       "%ld evaluations, so no parameter moves it (a longer "
                       "horizon or a wider range may)\n",
                       ix->constant[o * ix->n_h + h],
                       sw->settings.samples * (long)(ix->k + 2));
                continue;
            }
            if (why == IX_BASES_CONSTANT) {
                printf("  no indices: the output is %g in all %ld "
                       "evaluations of the base samples A and B, whose "
                       "variance the estimators divide by, though some of "
                       "the others differ (a larger sample, a longer horizon "
                       "or a wider range may vary it)\n",
                       ix->constant[o * ix->n_h + h],
                       2 * sw->settings.samples);
                continue;
            }
            if (why == IX_TINY_VARIANCE) {
                printf("  no indices: the output's variance over the base "
                       "samples A and B is too small to divide by\n");
                continue;
            }
            if (why == IX_NOT_FINITE) {
                printf("  no indices: some evaluations gave a value that is "
                       "not a finite number\n");
                continue;
            }
            if (sobol)
                printf("  %-44s %-24s %s\n", "parameter", "S1 [interval]",
                       "ST [interval]");
            else
                printf("  %-44s %10s %10s %10s\n", "parameter", "mu*", "mu",
                       "sigma");
            for (size_t r = 0; r < ix->k; r++) {
                size_t i = order[r];
                size_t at = ix_at(ix, o, h, i);
                if (sobol)
                    printf("  %-44s %6.3f [%6.3f, %6.3f] %6.3f [%6.3f, "
                           "%6.3f]\n",
                           sw->params[i].path, ix->a[0][at], ix->a[1][at],
                           ix->a[2][at], ix->a[3][at], ix->a[4][at],
                           ix->a[5][at]);
                else
                    printf("  %-44s %10.4g %10.4g %10.4g\n",
                           sw->params[i].path, ix->a[1][at], ix->a[0][at],
                           ix->a[2][at]);
            }
        }
}


static void print_indices_json(const struct sweep *sw, const struct indices *ix,
                               int sobol, const char *output)
{
    const char *const *names = sobol ? sobol_names : morris_names;
    printf("{\n  \"method\": \"%s\",\n  \"file\": ", sobol ? "sobol" : "morris");
    h5json_string(stdout, sw->path);
    printf(",\n  \"output_file\": ");
    h5json_string(stdout, output);
    printf(",\n  \"samples\": %ld,",
           sobol ? sw->settings.samples : sw->settings.trajectories);
    if (sobol) {
        enum sobol_interval_method m = sobol_interval_method_of(sw);
        printf("\n  \"intervals\": \"%s\",\n  \"confidence\": ",
               sobol_interval_names[m]);
        tables_json_number(stdout, sw->settings.confidence);
        printf(",\n  \"bootstrap_resamples\": ");
        if (m == SOBOL_INTERVALS_BOOTSTRAP)
            printf("%ld", sw->settings.bootstrap);
        else
            printf("null");
        printf(",");
    }
    printf("\n  \"outputs\": {");
    for (size_t o = 0; o < ix->n_out; o++) {
        printf("%s\n    ", o ? "," : "");
        h5json_string(stdout, sw->outputs[o].name);
        printf(": {");
        for (size_t h = 0; h < ix->n_h; h++) {
            printf("%s\n      \"%ld\": {", h ? "," : "", sw->horizons[h]);
            for (size_t i = 0; i < ix->k; i++) {
                printf("%s\n        ", i ? "," : "");
                h5json_string(stdout, sw->params[i].path);
                printf(": {");
                for (int a = 0; a < ix->n_arrays; a++) {
                    printf("%s\"%s\": ", a ? ", " : "", names[a]);
                    tables_json_number(stdout, ix->a[a][ix_at(ix, o, h, i)]);
                }
                printf("}");
            }
            printf("}");
        }
        printf("}");
    }
    /* Where the indices are null, why: an output that took one value in
     * every evaluation, or one that was not finite. */
    printf("\n  },\n  \"undefined\": [");
    int first = 1;
    for (size_t o = 0; sobol && o < ix->n_out; o++)
        for (size_t h = 0; h < ix->n_h; h++) {
            int why = (int)ix->why[o * ix->n_h + h];
            if (why == IX_OK)
                continue;
            printf("%s\n    {\"output\": ", first ? "" : ",");
            h5json_string(stdout, sw->outputs[o].name);
            printf(", \"horizon\": %ld, \"reason\": \"%s\"",
                   sw->horizons[h],
                   why == IX_CONSTANT         ? "constant"
                   : why == IX_BASES_CONSTANT ? "constant in A and B"
                   : why == IX_TINY_VARIANCE  ? "variance too small"
                                              : "not finite");
            if (why == IX_CONSTANT || why == IX_BASES_CONSTANT) {
                printf(", \"value\": ");
                tables_json_number(stdout, ix->constant[o * ix->n_h + h]);
            }
            printf("}");
            first = 0;
        }
    printf("%s]\n}\n", first ? "" : "\n  ");
}


static sim_status finish_compute(void *ctx, const struct sweep *sw,
                                 struct row_source *src,
                                 struct sweep_store *store,
                                 struct sweep_array *extras,
                                 size_t *n_extras, char *err)
{
    struct indices *ix = ctx;
    ix->sobol = strcmp(sw->settings.method, "sobol") == 0;
    sim_status st = compute_indices(sw, src, store, ix, err);
    if (st != SIM_OK)
        return st;
    static char paths[6][32], descriptions[6][512];
    const char *const *names = ix->sobol ? sobol_names : morris_names;
    enum sobol_interval_method method = sobol_interval_method_of(sw);
    for (int a = 0; a < ix->n_arrays; a++) {
        snprintf(paths[a], sizeof paths[a], "%s/%s",
                 ix->sobol ? "sobol" : "morris", names[a]);
        /* S1_low, S1_high, ST_low, ST_high: a bound of an interval. */
        int bound = ix->sobol && a % 3 != 0;
        snprintf(descriptions[a], sizeof descriptions[a],
                 "%s%s%s indices (output, horizon, parameter): dimensions as "
                 "/output, /horizon, /parameter",
                 bound ? (a % 3 == 1 ? "lower" : "upper") : "",
                 bound ? " bound of the confidence interval (attributes "
                         "intervals, confidence) of the "
                       : "",
                 ix->sobol ? (a < 3 ? "first-order" : "total") : names[a]);
        struct sweep_array *x = &extras[(*n_extras)++];
        *x = (struct sweep_array){
            paths[a],
            3,
            {ix->n_out, ix->n_h, ix->k, 0},
            ix->a[a],
            /* Elementary effects are per unit coordinate (dimensionless):
             * in the output's own unit. */
            ix->sobol ? "1" : NULL,
            descriptions[a],
            {{NULL, NULL, 0.0, 0}},
            0};
        if (!ix->sobol)
            continue;
        /* How the intervals were computed, beside every Sobol array. */
        x->attributes[x->n_attributes++] = (struct sweep_attribute){
            "intervals", sobol_interval_names[method], 0.0, 0};
        x->attributes[x->n_attributes++] = (struct sweep_attribute){
            "intervals_method",
            method == SOBOL_INTERVALS_BOOTSTRAP
                ? "percentile bootstrap: the (1 - confidence)/2 and (1 + "
                  "confidence)/2 quantiles of the indices over "
                  "bootstrap_resamples resamples of the design's rows"
                : "asymptotic: the estimate -/+ z times its standard error, "
                  "z the (1 + confidence)/2 normal quantile, the standard "
                  "error by the delta method over the design's rows "
                  "(Asymptotic normality and efficiency of two Sobol index "
                  "estimators, Janon et al. 2014)",
            0.0, 0};
        x->attributes[x->n_attributes++] = (struct sweep_attribute){
            "confidence", NULL, sw->settings.confidence, 0};
        if (method == SOBOL_INTERVALS_BOOTSTRAP)
            x->attributes[x->n_attributes++] = (struct sweep_attribute){
                "bootstrap_resamples", NULL, (double)sw->settings.bootstrap,
                1};
    }
    return SIM_OK;
}

static void finish_print(void *ctx, const struct sweep *sw,
                         const char *output, int json)
{
    struct indices *ix = ctx;
    if (json)
        print_indices_json(sw, ix, ix->sobol, output);
    else
        print_indices_table(sw, ix, ix->sobol);
}

/* One row per (output, horizon, parameter, index): a long table that
 * spreadsheets filter and pivot. */
static sim_status finish_write_csv(void *ctx, const struct sweep *sw,
                                   const char *path, char *err)
{
    const struct indices *ix = ctx;
    struct csv_writer *w = csv_writer_new(path, err);
    if (w == NULL)
        return SIM_ERR_IO;
    static const char *const header[] = {
        "output", "horizon [month]", "parameter", "index", "estimate",
        "low",    "high",            "unit",      "note"};
    csv_texts(w, header, sizeof header / sizeof *header);
    csv_end_row(w);
    /* Sobol: S1 and ST, each with its confidence interval; Morris: mu*, mu
     * and sigma, no interval. */
    static const struct {
        const char *name;
        int est, low, high;
    } sobol_rows[] = {{"S1", 0, 1, 2}, {"ST", 3, 4, 5}},
      morris_rows[] = {{"mu_star", 1, -1, -1}, {"mu", 0, -1, -1},
                       {"sigma", 2, -1, -1}};
    size_t n_kinds = ix->sobol ? 2 : 3;
    for (size_t o = 0; o < ix->n_out; o++)
        for (size_t h = 0; h < ix->n_h; h++) {
            int why = ix->sobol ? (int)ix->why[o * ix->n_h + h] : IX_OK;
            char unit[128];
            if (ix->sobol)
                snprintf(unit, sizeof unit, "1");
            else
                snprintf(unit, sizeof unit, "%s per unit coordinate",
                         sweep_output_unit(sw, o));
            for (size_t i = 0; i < ix->k; i++)
                for (size_t r = 0; r < n_kinds; r++) {
                    const char *name =
                        ix->sobol ? sobol_rows[r].name : morris_rows[r].name;
                    int e = ix->sobol ? sobol_rows[r].est : morris_rows[r].est;
                    int lo = ix->sobol ? sobol_rows[r].low : -1;
                    int hi = ix->sobol ? sobol_rows[r].high : -1;
                    size_t at = ix_at(ix, o, h, i);
                    csv_text(w, sw->outputs[o].name);
                    csv_integer(w, sw->horizons[h]);
                    csv_text(w, sw->params[i].path);
                    csv_text(w, name);
                    csv_number(w, ix->a[e][at]);
                    csv_number(w, lo >= 0 ? ix->a[lo][at] : NAN);
                    csv_number(w, hi >= 0 ? ix->a[hi][at] : NAN);
                    csv_text(w, unit);
                    csv_text(w, why == IX_CONSTANT ? "output constant"
                                : why == IX_BASES_CONSTANT
                                    ? "output constant in A and B"
                                : why == IX_TINY_VARIANCE
                                    ? "output variance too small"
                                : why == IX_NOT_FINITE ? "output not finite"
                                                       : "");
                    csv_end_row(w);
                }
        }
    sim_status st = csv_writer_commit(w, err);
    csv_writer_free(w);
    return st;
}

static void finish_free(void *ctx)
{
    indices_free(ctx);
}

int cli_sensitivity(int argc, char **argv)
{
    struct indices ix;
    memset(&ix, 0, sizeof ix);
    struct sweep_finish finish = {finish_compute, finish_print,
                                  finish_write_csv, finish_free, &ix};
    return cli_sweep_common(argc, argv, 1, source_new, &finish);
}
