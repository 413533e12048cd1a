/*
 * cli_compare_ensemble.c - `alliance-sim compare SCENARIO --ensemble
 * CALIB.h5`: the scenario with and without its investment in alliance
 * engineering, once per acceptable fit of a calibration, all on the same
 * random draws, so that the spread across the fits is the parameters'
 * uncertainty, beside the Monte Carlo interval of the best fit.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "compare_cli.h"
#include "sim/analysis/compare.h"
#include "sim/analysis/ensemble.h"
#include "sim/core/alloc.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"
#include "sim/io/csv.h"
#include "sim/io/h5json.h"
#include "sim/io/scenario.h"
#include "sim/io/tables.h"

/* The seed's three horizons (18 months, 7 and 28 years) added to the
 * scenario's report horizons, those within its months. */
static void ensemble_horizons(struct engine_config *c)
{
    static const long seed_horizons[] = {18, 84, 336};
    for (size_t i = 0; i < sizeof seed_horizons / sizeof seed_horizons[0];
         i++) {
        long m = seed_horizons[i];
        int have = 0;
        for (int h = 0; h < c->n_horizons; h++)
            have |= c->horizons[h] == m;
        if (have || m > c->months || c->n_horizons == ENGINE_MAX_HORIZONS)
            continue;
        int h = c->n_horizons++;
        for (; h > 0 && c->horizons[h - 1] > m; h--)
            c->horizons[h] = c->horizons[h - 1];
        c->horizons[h] = m;
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Min, median and max of metric m at horizon h across the fits. */
static void spread(const double *est, size_t n_fits, int n_h, int h, int m,
                   double *work, double out[3])
{
    for (size_t f = 0; f < n_fits; f++)
        work[f] = est[(f * (size_t)n_h + (size_t)h) * METRIC_COUNT +
                      (size_t)m];
    qsort(work, n_fits, sizeof *work, by_value);
    out[0] = work[0];
    out[1] = n_fits % 2 ? work[n_fits / 2]
                        : 0.5 * (work[n_fits / 2 - 1] + work[n_fits / 2]);
    out[2] = work[n_fits - 1];
}

static const struct {
    enum compare_metric metric;
    const char *label;
} ensemble_rows[] = {
    {METRIC_FRUGALITY, "frugalité (frugality)"},
    {METRIC_DURABILITY, "durabilité (durability)"},
    {METRIC_LEVERAGE, "effet de levier (leverage)"},
    {METRIC_VALUE_LEVERAGE, "EUR of value per EUR invested"},
    {METRIC_PRIME_SHARE, "prime à l'alliance, share of value"},
    {METRIC_SURVIVAL_TREATMENT, "survie, treatment"},
};

static void print_ensemble(const struct scenario *sc, const struct ensemble *e,
                           const struct engine_config *c, const double *est,
                           struct compare_value (*mc)[METRIC_COUNT],
                           double *work, const char *output, int json)
{
    double sp[3];
    if (json) {
        printf("{\n  \"scenario\": ");
        h5json_string(stdout, sc->path);
        printf(",\n  \"ensemble\": ");
        h5json_string(stdout, e->file);
        printf(",\n  \"fits\": %zu,\n  \"settings_differing\": %zu,\n"
               "  \"replicates\": %ld,\n  \"output\": ",
               e->n_fits, e->n_differ, c->replicates);
        h5json_string(stdout, output);
        printf(",\n  \"interval\": %.2f,\n  \"horizons\": [", COMPARE_LEVEL);
        for (int h = 0; h < c->n_horizons; h++) {
            printf("%s\n    {\"months\": %ld", h ? "," : "", c->horizons[h]);
            for (int m = 0; m < METRIC_COUNT; m++) {
                spread(est, e->n_fits, c->n_horizons, h, m, work, sp);
                printf(",\n     \"%s\": {\"best\": ", compare_metric_names[m]);
                tables_json_number(stdout, mc[h][m].estimate);
                printf(", \"low\": ");
                tables_json_number(stdout, mc[h][m].low);
                printf(", \"high\": ");
                tables_json_number(stdout, mc[h][m].high);
                printf(", \"fits_min\": ");
                tables_json_number(stdout, sp[0]);
                printf(", \"fits_median\": ");
                tables_json_number(stdout, sp[1]);
                printf(", \"fits_max\": ");
                tables_json_number(stdout, sp[2]);
                printf("}");
            }
            printf("}");
        }
        printf("\n  ]\n}\n");
        return;
    }
    char label[64];
    printf("alliance-sim compare: %s (%s) over the %zu fit%s of %s\n"
           "%ld replicates on common random numbers, the same for every fit; "
           "best fit [its 90%% bootstrap interval over replicates: the Monte "
           "Carlo noise] and, across the fits, min / median / max (the "
           "parameters' uncertainty)\n",
           sc->org.name, sc->path, e->n_fits, e->n_fits == 1 ? "" : "s",
           e->file, c->replicates);
    for (int h = 0; h < c->n_horizons; h++) {
        printf("\n%s\n  %-36s %24s   %26s\n",
               summary_horizon_label(c->horizons[h], label, sizeof label), "",
               "best fit [Monte Carlo]", "across fits: min / med / max");
        for (size_t r = 0; r < sizeof ensemble_rows / sizeof ensemble_rows[0];
             r++) {
            int m = ensemble_rows[r].metric;
            const struct compare_value *v = &mc[h][m];
            spread(est, e->n_fits, c->n_horizons, h, m, work, sp);
            printf("  %-36s %8.3g [%6.3g, %6.3g]   %8.3g / %6.3g / %6.3g\n",
                   ensemble_rows[r].label, v->estimate, v->low, v->high, sp[0],
                   sp[1], sp[2]);
        }
    }
    printf("\nWritten to %s\n", output);
}

/* One row per (metric, horizon): the best fit's estimate and its Monte
 * Carlo interval, the spread across the fits, then each fit's estimate
 * (fit 1 the best), as the HDF5 file's /ensemble tables hold them. */
static sim_status write_ensemble_csv(const char *path, const struct ensemble *e,
                                     const struct engine_config *c,
                                     const double *est,
                                     struct compare_value (*mc)[METRIC_COUNT],
                                     double *work, char *err)
{
    struct csv_writer *w = csv_writer_new(path, err);
    if (w == NULL)
        return SIM_ERR_IO;
    static const char *const header[] = {
        "metric",   "horizon [month]", "best fit", "low",
        "high",     "fits min",        "fits median", "fits max"};
    csv_texts(w, header, sizeof header / sizeof *header);
    for (size_t f = 0; f < e->n_fits; f++) {
        char name[32];
        snprintf(name, sizeof name, "fit %zu", f + 1);
        csv_text(w, name);
    }
    csv_text(w, "unit");
    csv_end_row(w);
    double sp[3];
    for (int m = 0; m < METRIC_COUNT; m++)
        for (int h = 0; h < c->n_horizons; h++) {
            spread(est, e->n_fits, c->n_horizons, h, m, work, sp);
            csv_text(w, compare_metric_names[m]);
            csv_integer(w, c->horizons[h]);
            csv_number(w, mc[h][m].estimate);
            csv_number(w, mc[h][m].low);
            csv_number(w, mc[h][m].high);
            for (int i = 0; i < 3; i++)
                csv_number(w, sp[i]);
            for (size_t f = 0; f < e->n_fits; f++)
                csv_number(w, est[(f * (size_t)c->n_horizons + (size_t)h) *
                                      METRIC_COUNT +
                                  (size_t)m]);
            csv_text(w, compare_metric_units[m]);
            csv_end_row(w);
        }
    sim_status st = csv_writer_commit(w, err);
    csv_writer_free(w);
    return st;
}

sim_status cli_compare_ensemble(const struct run_options *opt,
                                struct scenario *sc, int argc, char **argv,
                                char *err)
{
    char output[PATH_MAX];
    /* -o names the file; the scenario's own output is a run's, from which
     * the ensemble's takes its name. */
    int named = 0;
    for (int i = 0; i < opt->n_overrides; i++)
        named |= strcmp(opt->paths[i], "simulation.output") == 0;
    if (named) {
        snprintf(output, sizeof output, "%s", sc->settings.output);
    } else {
        char run_path[PATH_MAX];
        scenario_output_path(sc, run_path, sizeof run_path);
        char *dot = strrchr(run_path, '.');
        if (dot != NULL)
            *dot = '\0';
        snprintf(output, sizeof output, "%.4000s-ensemble.h5", run_path);
    }
    char csv[PATH_MAX + 8];
    struct ensemble *e = NULL;
    double *est = NULL, *work = NULL;
    struct compare_value mc[ENGINE_MAX_HORIZONS][METRIC_COUNT];
    const char *const inputs[] = {sc->path, opt->ensemble, NULL};
    sim_status st = ensemble_read(opt->ensemble, sc, &e, err);
    /* The ensemble is no scenario file, so cli_check_output cannot see it
     * among the inputs: it is compared here. */
    struct stat a, b;
    if (st == SIM_OK && stat(output, &a) == 0 && stat(opt->ensemble, &b) == 0 &&
        a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        st = sim_fail(err, SIM_ERR_USAGE,
                      "%s: the HDF5 output would replace the ensemble it "
                      "reads; choose another output",
                      output);
    if (st == SIM_OK)
        st = cli_check_outputs(opt, output, inputs, csv, sizeof csv, err);
    if (st != SIM_OK)
        goto done;
    /* Fits are made for the scenario calibrated: applied over another,
     * they answer another question, which may be the one intended (a
     * variant that includes it), so the differences are named, not
     * refused. */
    if (e->n_differ > 0)
        fprintf(stderr,
                "alliance-sim: note: %s differs from the scenario the fits "
                "were calibrated on (%s) in %zu setting%s besides the fitted "
                "ones: %s. The fits' values are applied over %s's own.\n",
                sc->path, e->calibrated, e->n_differ,
                e->n_differ == 1 ? "" : "s", e->differ, sc->path);
    struct engine_config config;
    cli_engine_config(sc, &config);
    ensemble_horizons(&config);
    est = sim_calloc(e->n_fits * (size_t)config.n_horizons * METRIC_COUNT,
                     sizeof *est);
    work = sim_calloc(e->n_fits, sizeof *work);
    if (est == NULL || work == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
        goto done;
    }
    st = ensemble_compare(sc, e, &config,
                          opt->bootstrap > 0 ? (size_t)opt->bootstrap
                                             : COMPARE_BOOTSTRAP,
                          COMPARE_LEVEL, est, mc, opt->quiet ? NULL : stderr,
                          err);
    char command[2048];
    cli_join_args("compare", argc, argv, command, sizeof command);
    if (st == SIM_OK)
        st = ensemble_compare_write(output, sc, e, &config, est, mc,
                                    COMPARE_LEVEL, command, err);
    if (st == SIM_OK && opt->csv)
        st = write_ensemble_csv(csv, e, &config, est, mc, work, err);
    if (st == SIM_OK) {
        print_ensemble(sc, e, &config, est, mc, work, output, opt->json);
        if (opt->csv && !opt->json)
            printf("Figures as CSV in %s\n", csv);
        if (opt->report)
            st = cli_write_report(output, opt->quiet, err);
    }
done:
    sim_free(est);
    sim_free(work);
    ensemble_free(e);
    return st;
}
