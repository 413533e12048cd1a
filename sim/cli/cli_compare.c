/*
 * cli_compare.c - `alliance-sim compare`: the scenario as written
 * (treatment) against its counterfactual without the investment in alliance
 * engineering (control), on common random numbers.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "compare_cli.h"
#include "sim/analysis/compare.h"
#include "sim/analysis/projects.h"
#include "sim/core/alloc.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"
#include "sim/io/csv.h"
#include "sim/io/h5out.h"
#include "sim/io/scenario.h"
#include "sim/io/tables.h"
#include "sim/io/h5json.h"


static void compare_usage(FILE *out)
{
    fputs("Usage: alliance-sim compare SCENARIO.cfg [OPTIONS]\n"
          "       alliance-sim compare SCENARIO.cfg --with PATH=VALUE "
          "[--with ...] [OPTIONS]\n"
          "\n"
          "With --with: arm A is the scenario as written, arm B the same "
          "scenario with\n"
          "those settings; both run on the same random draws, and the "
          "command prints,\n"
          "for every variable at each horizon, the mean difference B - A "
          "with its 90%\n"
          "bootstrap interval (arm B goes under /with in the HDF5 file).\n"
          "\n"
          "Without --with:\n"
          "Runs the scenario as written (treatment) and without its "
          "investment in\n"
          "alliance engineering (control: a portfolio's fund.budget_eur = 0; "
          "for one\n"
          "organisation, engineering.budget_eur = 0 and no tiers-on-top "
          "policy), on the\n"
          "same random draws, and reports at each horizon: frugality, "
          "durability,\n"
          "leverage and the « prime à l'alliance », with 90% bootstrap "
          "intervals.\n"
          "Both arms go to one HDF5 file (the control under /control).\n"
          "A territory has no such investment (it compares itself with and "
          "without its\n"
          "alliances every month: `run` shows it): it is refused here and "
          "with --ensemble,\n"
          "and compared with --with.\n"
          "\n"
          "Options: --seed N, --replicates N, --months N, -o FILE, --set "
          "PATH=VALUE\n"
          "  (both arms), --with PATH=VALUE (arm B), --threads N, "
          "--bootstrap N\n"
          "  (resamples, default 500, at least 20), --json, -q, -h\n"
          "  --report: also write the HTML report (FILE.html beside "
          "FILE.h5)\n"
          "  --csv: also write FILE.csv beside FILE.h5, a row per metric and "
          "horizon\n"
          "    (with --with: per variable and horizon, the difference B - A, "
          "its interval\n"
          "    and both means)\n"
          "  --ensemble CALIB.h5: run the scenario once per fit of the "
          "ensemble that\n"
          "    `calibrate --ensemble` wrote, on the same random draws, and "
          "report at\n"
          "    18 months, 7 and 28 years (those within --months) each "
          "figure's range\n"
          "    across the fits (the parameters' uncertainty) beside the best "
          "fit's\n"
          "    Monte Carlo interval; writes out/NAME-ensemble.h5 (the run's "
          "file name\n"
          "    with -ensemble) or -o FILE\n",
          out);
}

/* Runs one arm: every block to its writer and to the arm's totals. */
static sim_status run_arm(struct engine *e, struct h5out *w,
                          struct compare_arm *arm, char *err)
{
    for (;;) {
        struct engine_block block;
        sim_status st = engine_next_block(e, &block);
        if (st != SIM_OK || block.count == 0)
            return st;
        st = h5out_write_block(w, &block, err);
        if (st != SIM_OK)
            return st;
        compare_accumulate(arm, &block);
        if (cli_interrupted())
            return sim_fail(err, cli_interrupt_status(),
                            "interrupted: no output written");
    }
}

static void print_value(const struct compare_value *v, int share)
{
    if (share)
        printf("%6.1f%% [%5.1f%%, %5.1f%%]", 100 * v->estimate, 100 * v->low,
               100 * v->high);
    else if (fabs(v->estimate) >= 1e4)
        printf("%8.0f [%.0f, %.0f]", v->estimate, v->low, v->high);
    else
        printf("%6.2f [%.2f, %.2f]", v->estimate, v->low, v->high);
}

static void print_table(const struct scenario *sc, const struct compare_arm *tr,
                        struct compare_value (*m)[METRIC_COUNT],
                        const char *output, const char *csv)
{
    static const struct {
        enum compare_metric metric;
        const char *label;
        int share;
    } rows[] = {
        {METRIC_FRUGALITY, "frugalité (frugality: control cost/value over "
                           "treatment)",
         0},
        {METRIC_DURABILITY, "durabilité (durability: control closures over "
                            "treatment)",
         0},
        {METRIC_LEVERAGE, "effet de levier (EUR of resources and engagement "
                          "per EUR invested)",
         0},
        {METRIC_VALUE_LEVERAGE, "EUR of value per EUR invested", 0},
        {METRIC_PRIME_EUR, "prime à l'alliance, EUR per replicate", 0},
        {METRIC_PRIME_SHARE, "prime à l'alliance, share of value", 1},
        {METRIC_INVESTED_EUR, "invested, EUR per replicate", 0},
        {METRIC_SURVIVAL_TREATMENT, "survie, treatment", 1},
        {METRIC_SURVIVAL_CONTROL, "survie, control", 1},
    };
    char label[64];
    printf("alliance-sim compare: %s (%s)\n%ld replicates on common random "
           "numbers; estimate [90%% bootstrap interval], totals from month 1 "
           "to the horizon\n",
           sc->org.name, sc->path, tr->replicates);
    for (int h = 0; h < tr->n_horizons; h++) {
        printf("\n%s\n", summary_horizon_label(tr->horizons[h], label,
                                                sizeof label));
        for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
            printf("  %-66s ", rows[r].label);
            print_value(&m[h][rows[r].metric], rows[r].share);
            putchar('\n');
        }
    }
    printf("\nWritten to %s (treatment at /, control under /control)\n",
           output);
    if (csv != NULL)
        printf("Figures as CSV in %s\n", csv);
}


static void print_json(const struct scenario *sc, const struct compare_arm *tr,
                       struct compare_value (*m)[METRIC_COUNT],
                       const char *output)
{
    printf("{\n  \"scenario\": ");
    h5json_string(stdout, sc->path);
    printf(",\n  \"replicates\": %ld,\n  \"seed\": %ld,\n  \"output\": ",
           tr->replicates, sc->settings.seed);
    h5json_string(stdout, output);
    printf(",\n  \"interval\": %.2f,\n  \"horizons\": [", COMPARE_LEVEL);
    for (int h = 0; h < tr->n_horizons; h++) {
        printf("%s\n    {\"months\": %ld", h ? "," : "", tr->horizons[h]);
        for (int k = 0; k < METRIC_COUNT; k++) {
            printf(",\n     \"%s\": {\"estimate\": ", compare_metric_names[k]);
            tables_json_number(stdout, m[h][k].estimate);
            printf(", \"low\": ");
            tables_json_number(stdout, m[h][k].low);
            printf(", \"high\": ");
            tables_json_number(stdout, m[h][k].high);
            printf("}");
        }
        printf("}");
    }
    printf("\n  ]\n}\n");
}

/* One row per (metric, horizon): the estimate and its interval. */
static sim_status write_csv(const char *path, const struct compare_arm *tr,
                            struct compare_value (*m)[METRIC_COUNT],
                            char *err)
{
    struct csv_writer *w = csv_writer_new(path, err);
    if (w == NULL)
        return SIM_ERR_IO;
    static const char *const header[] = {"metric", "horizon [month]",
                                         "estimate", "low", "high", "unit"};
    csv_texts(w, header, sizeof header / sizeof *header);
    csv_end_row(w);
    for (int k = 0; k < METRIC_COUNT; k++)
        for (int h = 0; h < tr->n_horizons; h++) {
            csv_text(w, compare_metric_names[k]);
            csv_integer(w, tr->horizons[h]);
            csv_number(w, m[h][k].estimate);
            csv_number(w, m[h][k].low);
            csv_number(w, m[h][k].high);
            csv_text(w, compare_metric_units[k]);
            csv_end_row(w);
        }
    sim_status st = csv_writer_commit(w, err);
    csv_writer_free(w);
    return st;
}

static sim_status write_metrics(struct h5out *w, const struct compare_arm *tr,
                                struct compare_value (*m)[METRIC_COUNT],
                                char *err)
{
    double values[ENGINE_MAX_HORIZONS * 3];
    for (int k = 0; k < METRIC_COUNT; k++) {
        for (int h = 0; h < tr->n_horizons; h++) {
            values[h * 3] = m[h][k].estimate;
            values[h * 3 + 1] = m[h][k].low;
            values[h * 3 + 2] = m[h][k].high;
        }
        char path[64];
        snprintf(path, sizeof path, "compare/%s", compare_metric_names[k]);
        unsigned long long dims[2] = {(unsigned long long)tr->n_horizons, 3};
        sim_status st = h5out_write_array(
            w, path, 2, dims, values, compare_metric_units[k],
            "(horizon, [estimate, low, high]) at the report horizons; "
            "interval: 90% bootstrap over replicates",
            err);
        if (st != SIM_OK)
            return st;
    }
    static const char *const bounds[3] = {"estimate", "low", "high"};
    sim_status st = h5out_string_scale(w, "compare/bound", bounds, 3,
                                       "estimate, then the 90% bootstrap "
                                       "interval",
                                       err);
    /* A horizon scale of its own: netCDF readers resolve a dimension in the
     * variable's group or its parents, never in /summary beside it. */
    if (st == SIM_OK)
        st = h5out_long_scale(w, "compare/horizon", tr->horizons,
                              (size_t)tr->n_horizons, "month",
                              "the report horizons", err);
    for (int k = 0; st == SIM_OK && k < METRIC_COUNT; k++) {
        char path[64];
        snprintf(path, sizeof path, "compare/%s", compare_metric_names[k]);
        st = h5out_attach(w, path, "compare/horizon", 0, err);
        if (st == SIM_OK)
            st = h5out_attach(w, path, "compare/bound", 1, err);
    }
    return st;
}

/* ---- compare --with: any two choices ---- */

/* The output of a comparison: -o's file, or the run's output with
 * "-compare" (<run output without .h5>-compare.h5), so that `run` and
 * `compare` of one scenario keep their own files even when the scenario
 * sets simulation.output. */
static void compare_output_path(const struct run_options *opt,
                                const struct scenario *sc, char *output,
                                size_t len)
{
    for (int i = 0; i < opt->n_overrides; i++)
        if (strcmp(opt->origins[i], "--output") == 0) {
            snprintf(output, len, "%s", sc->settings.output);
            return;
        }
    char run_path[PATH_MAX];
    scenario_output_path(sc, run_path, sizeof run_path);
    char *dot = strrchr(run_path, '.');
    if (dot != NULL)
        *dot = '\0';
    snprintf(output, len, "%.4000s-compare.h5", run_path);
}

/* Arm B: the scenario with the --with settings.  Settings that decide which
 * replicates run and on which streams stay common to both arms. */
static sim_status load_arm_b(const struct run_options *opt,
                             struct scenario **b, char *err)
{
    sim_status st = cli_load_scenario(opt, b, err);
    for (int i = 0; st == SIM_OK && i < opt->n_with; i++) {
        const char *path = opt->with_paths[i];
        if (strncmp(path, "simulation.", 11) == 0 ||
            strcmp(path, "portfolio.projects") == 0)
            return sim_fail(err, SIM_ERR_USAGE,
                            "--with %s: both arms run the same replicates on "
                            "the same random streams; expected a setting of "
                            "the organisation, the fund or the rules (use "
                            "--set for simulation settings, which apply to "
                            "both arms)",
                            path);
        st = scenario_set(*b, path, opt->with_values[i], "--with", err);
    }
    return st;
}

static void run_arm_to(struct engine *e, struct h5out *w, sim_status *st,
                       char *err)
{
    while (*st == SIM_OK) {
        struct engine_block block;
        *st = engine_next_block(e, &block);
        if (*st != SIM_OK || block.count == 0)
            return;
        *st = h5out_write_block(w, &block, err);
        if (*st == SIM_OK && cli_interrupted())
            *st = sim_fail(err, SIM_ERR_IO, "interrupted: no output written");
    }
}

/* A number in a few characters: 1234567 -> 1.23M, -45678 -> -46k. */
static void short_number(double x, char *buf, size_t len)
{
    double a = fabs(x);
    if (!isfinite(x))
        snprintf(buf, len, "%g", x);
    else if (a >= 1e6)
        snprintf(buf, len, "%.2fM", x / 1e6);
    else if (a >= 1e4)
        snprintf(buf, len, "%.0fk", x / 1e3);
    else if (a >= 100 || a == 0.0)
        snprintf(buf, len, "%.0f", x);
    else
        snprintf(buf, len, "%.3g", x);
}

/* Prints s padded to width characters (UTF-8: accents count once). */
static void print_padded(const char *s, int width)
{
    int chars = 0;
    for (const char *c = s; *c != '\0'; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    fputs(s, stdout);
    for (; chars < width; chars++)
        putchar(' ');
}

/* "estimate [low, high]" of a difference, in short numbers; its length. */
static int difference_cell(const struct compare_difference *x, char *cell,
                           size_t len)
{
    char e[32], lo[32], hi[32];
    short_number(x->estimate, e, sizeof e);
    short_number(x->low, lo, sizeof lo);
    short_number(x->high, hi, sizeof hi);
    return snprintf(cell, len, "%s [%s, %s]", e, lo, hi);
}

static void print_with_table(const struct scenario *a,
                             const struct run_options *opt,
                             const struct model_type *m,
                             const struct engine_config *c,
                             const struct compare_difference *d,
                             const char *output)
{
    printf("alliance-sim compare: %s (%s)\nA: the scenario as written; B: "
           "with",
           a->org.name, a->path);
    for (int i = 0; i < opt->n_with; i++)
        printf("%s %s=%s", i ? "," : "", opt->with_paths[i],
               opt->with_values[i]);
    printf("\n%ld replicates on common random numbers. Cells: mean of B - A "
           "[90%% bootstrap interval] at the horizon (flows: that month)\n\n",
           c->replicates);
    char label[64];
    /* The names whole: a territory's reach 38 characters. */
    int name_width = 34;
    for (size_t v = 0; v < m->n_vars; v++)
        if ((int)strlen(m->vars[v].name) > name_width)
            name_width = (int)strlen(m->vars[v].name);
    /* Each column as wide as its widest cell: a cell with small numbers in
     * exponent form runs past 30 characters. */
    size_t n_h = (size_t)c->n_horizons;
    int width[ENGINE_MAX_HORIZONS];
    for (size_t h = 0; h < n_h; h++)
        width[h] = 30;
    char cell[100];
    for (size_t v = 0; v < m->n_vars; v++)
        for (size_t h = 0; h < n_h; h++) {
            int n = difference_cell(&d[v * n_h + h], cell, sizeof cell);
            if (n > width[h])
                width[h] = n;
        }
    printf("%-*s", name_width, "");
    for (size_t h = 0; h < n_h; h++) {
        fputs("  ", stdout);
        print_padded(
            summary_horizon_label(c->horizons[h], label, sizeof label),
            width[h]);
    }
    putchar('\n');
    for (size_t v = 0; v < m->n_vars; v++) {
        printf("%-*s", name_width, m->vars[v].name);
        for (size_t h = 0; h < n_h; h++) {
            difference_cell(&d[v * n_h + h], cell, sizeof cell);
            printf("  %-*s", width[h], cell);
        }
        putchar('\n');
    }
    printf("\nWritten to %s (A at /, B under /with, differences in "
           "/compare)\n",
           output);
}

/* One row per variable and horizon: the mean paired difference B - A with
 * its interval, and each arm's mean. */
static sim_status write_with_csv(const char *path, const struct model_type *m,
                                 const struct engine_config *c,
                                 const struct compare_difference *d,
                                 char *err)
{
    struct csv_writer *w = csv_writer_new(path, err);
    if (w == NULL)
        return SIM_ERR_IO;
    static const char *const header[] = {
        "variable", "horizon [month]", "difference", "low", "high",
        "mean_a",   "mean_b",          "unit"};
    csv_texts(w, header, sizeof header / sizeof *header);
    csv_end_row(w);
    size_t n_h = (size_t)c->n_horizons;
    for (size_t v = 0; v < m->n_vars; v++)
        for (size_t h = 0; h < n_h; h++) {
            const struct compare_difference *x = &d[v * n_h + h];
            csv_text(w, m->vars[v].name);
            csv_integer(w, c->horizons[h]);
            csv_number(w, x->estimate);
            csv_number(w, x->low);
            csv_number(w, x->high);
            csv_number(w, x->mean_a);
            csv_number(w, x->mean_b);
            csv_text(w, m->vars[v].unit);
            csv_end_row(w);
        }
    sim_status st = csv_writer_commit(w, err);
    csv_writer_free(w);
    return st;
}

static void print_with_json(const struct scenario *a,
                            const struct run_options *opt,
                            const struct model_type *m,
                            const struct engine_config *c,
                            const struct compare_difference *d,
                            const char *output)
{
    printf("{\n  \"scenario\": ");
    h5json_string(stdout, a->path);
    printf(",\n  \"replicates\": %ld,\n  \"seed\": %ld,\n  \"output\": ",
           c->replicates, a->settings.seed);
    h5json_string(stdout, output);
    printf(",\n  \"with\": {");
    for (int i = 0; i < opt->n_with; i++) {
        printf("%s", i ? ", " : "");
        h5json_string(stdout, opt->with_paths[i]);
        printf(": ");
        h5json_string(stdout, opt->with_values[i]);
    }
    printf("},\n  \"interval\": %.2f,\n  \"horizons\": [", COMPARE_LEVEL);
    size_t n_h = (size_t)c->n_horizons;
    for (size_t h = 0; h < n_h; h++) {
        printf("%s\n    {\"months\": %ld, \"variables\": {", h ? "," : "",
               c->horizons[h]);
        for (size_t v = 0; v < m->n_vars; v++) {
            const struct compare_difference *x = &d[v * n_h + h];
            printf("%s\n      \"%s\": {\"a\": ", v ? "," : "",
                   m->vars[v].name);
            tables_json_number(stdout, x->mean_a);
            printf(", \"b\": ");
            tables_json_number(stdout, x->mean_b);
            printf(", \"difference\": ");
            tables_json_number(stdout, x->estimate);
            printf(", \"low\": ");
            tables_json_number(stdout, x->low);
            printf(", \"high\": ");
            tables_json_number(stdout, x->high);
            printf("}");
        }
        printf("}}");
    }
    printf("\n  ]\n}\n");
}

/* /compare/difference (variable, horizon, bound), /compare/mean_a and
 * /compare/mean_b (variable, horizon), /compare/with (B's settings). */
static sim_status write_differences(struct h5out *w,
                                    const struct run_options *opt,
                                    const struct model_type *m,
                                    const struct engine_config *c,
                                    const struct compare_difference *d,
                                    char *err)
{
    size_t n_vars = m->n_vars, n_h = (size_t)c->n_horizons;
    double *diff = sim_calloc(n_vars * n_h * 3, sizeof *diff);
    double *mean_a = sim_calloc(n_vars * n_h, sizeof *mean_a);
    double *mean_b = sim_calloc(n_vars * n_h, sizeof *mean_b);
    const char **names = sim_calloc(n_vars, sizeof *names);
    const char **units = sim_calloc(n_vars, sizeof *units);
    const char *settings[MAX_OVERRIDES];
    char setting_text[MAX_OVERRIDES][2 * OVERRIDE_LEN];
    sim_status st = SIM_OK;
    if (diff == NULL || mean_a == NULL || mean_b == NULL || names == NULL ||
        units == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
        goto done;
    }
    for (size_t v = 0; v < n_vars; v++) {
        names[v] = m->vars[v].name;
        units[v] = m->vars[v].unit;
        for (size_t h = 0; h < n_h; h++) {
            const struct compare_difference *x = &d[v * n_h + h];
            diff[(v * n_h + h) * 3] = x->estimate;
            diff[(v * n_h + h) * 3 + 1] = x->low;
            diff[(v * n_h + h) * 3 + 2] = x->high;
            mean_a[v * n_h + h] = x->mean_a;
            mean_b[v * n_h + h] = x->mean_b;
        }
    }
    for (int i = 0; i < opt->n_with; i++) {
        snprintf(setting_text[i], sizeof setting_text[i], "%s=%s",
                 opt->with_paths[i], opt->with_values[i]);
        settings[i] = setting_text[i];
    }
    unsigned long long dims[3] = {n_vars, n_h, 3};
    static const char *const bounds[3] = {"estimate", "low", "high"};
    st = h5out_write_array(w, "compare/difference", 3, dims, diff,
                           NULL,
                           "mean over replicates of arm B minus arm A at "
                           "each report horizon, paired by replicate (common "
                           "random numbers), with its 90% bootstrap interval",
                           err);
    if (st == SIM_OK)
        st = h5out_write_array(w, "compare/mean_a", 2, dims, mean_a,
                               NULL,
                               "mean over replicates of arm A (the scenario "
                               "as written)",
                               err);
    if (st == SIM_OK)
        st = h5out_write_array(w, "compare/mean_b", 2, dims, mean_b,
                               NULL,
                               "mean over replicates of arm B (with the "
                               "settings in /compare/with)",
                               err);
    if (st == SIM_OK)
        st = h5out_string_scale(w, "compare/variable", names, n_vars,
                                "variables of the model (/monthly)", err);
    if (st == SIM_OK)
        st = h5out_strings(w, "compare/variable_unit", units, n_vars,
                           "the unit of each variable (and of its "
                           "differences)",
                           err);
    if (st == SIM_OK)
        st = h5out_string_scale(w, "compare/bound", bounds, 3,
                                "estimate, then the 90% bootstrap interval",
                                err);
    /* A horizon scale of its own: netCDF resolves a dimension only in the
     * variable's group or its parents, never in /summary beside it. */
    if (st == SIM_OK)
        st = h5out_long_scale(w, "compare/horizon", c->horizons, n_h, "month",
                              "the report horizons", err);
    if (st == SIM_OK)
        st = h5out_string_scale(w, "compare/with", settings,
                                (size_t)opt->n_with,
                                "the settings of arm B (PATH=VALUE)", err);
    static const char *const datasets[3] = {
        "compare/difference", "compare/mean_a", "compare/mean_b"};
    for (int k = 0; st == SIM_OK && k < 3; k++) {
        st = h5out_attach(w, datasets[k], "compare/variable", 0, err);
        if (st == SIM_OK)
            st = h5out_attach(w, datasets[k], "compare/horizon", 1, err);
        if (st == SIM_OK)
            st = h5out_entry_units(w, datasets[k], "variable_unit", 0, err);
    }
    if (st == SIM_OK)
        st = h5out_attach(w, "compare/variable_unit", "compare/variable", 0,
                          err);
    if (st == SIM_OK)
        st = h5out_attach(w, "compare/difference", "compare/bound", 2, err);
done:
    sim_free(diff);
    sim_free(mean_a);
    sim_free(mean_b);
    sim_free(names);
    sim_free(units);
    return st;
}

/* The settings of arm B as "PATH=VALUE, PATH=VALUE" (cut short if long). */
static void with_settings_text(const struct run_options *opt, char *buf,
                               size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < opt->n_with && used < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%s=%s", i ? ", " : "",
                         opt->with_paths[i], opt->with_values[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static int compare_with(int argc, char **argv, const struct run_options *opt)
{
    char err[SIM_ERR_LEN];
    struct scenario *sa = NULL, *sb = NULL;
    struct engine *e_a = NULL, *e_b = NULL;
    struct h5out *w_a = NULL, *w_b = NULL;
    struct summary *s_a = NULL, *s_b = NULL;
    struct compare_difference *diff = NULL;
    char output[PATH_MAX], csv[PATH_MAX + 8];

    sim_status st = cli_load_scenario(opt, &sa, err);
    if (st == SIM_OK)
        st = load_arm_b(opt, &sb, err);
    if (st != SIM_OK)
        goto done;
    if (scenario_model(sa) != scenario_model(sb)) {
        st = sim_fail(err, SIM_ERR_USAGE,
                      "--with: both arms must run the same model");
        goto done;
    }
    compare_output_path(opt, sa, output, sizeof output);
    const char *const inputs[] = {sa->path, NULL};
    st = cli_check_outputs(opt, output, inputs, csv, sizeof csv, err);
    if (st != SIM_OK)
        goto done;
    struct engine_config config;
    cli_engine_config(sa, &config);
    const struct model_type *model = scenario_model(sa);
    unsigned char keep[PORTFOLIO_VARS_MAX], bands[PORTFOLIO_VARS_MAX];
    st = scenario_monthly_mask(sa, keep, err);
    if (st == SIM_OK)
        st = scenario_bands_mask(sa, bands, err);
    if (st != SIM_OK)
        goto done;
    char command[2048];
    cli_join_args("compare", argc, argv, command, sizeof command);
    e_a = engine_new(model, scenario_params(sa), &config, err);
    e_b = e_a != NULL ? engine_new(model, scenario_params(sb), &config, err)
                      : NULL;
    diff = sim_calloc(model->n_vars * (size_t)config.n_horizons,
                      sizeof *diff);
    if (e_b == NULL || diff == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory");
        goto done;
    }
    /* The file says what it is: both arms at the root, arm B in /with. */
    char settings[1024], title_a[2048], title_b[2048];
    with_settings_text(opt, settings, sizeof settings);
    snprintf(title_a, sizeof title_a,
             "alliance-sim compare --with: %s, as written (A) and with %s (B)",
             sa->org.name, settings);
    snprintf(title_b, sizeof title_b,
             "alliance-sim compare --with, arm B: %s with %s", sb->org.name,
             settings);
    struct h5out_meta meta = {
        .scenario = sa,
        .model = model,
        .config = engine_config(e_a),
        .initial_values = engine_initial_values(e_a),
        .command_line = command,
        .title = title_a,
        .compression = (int)sa->settings.compression,
        .keep = keep,
        .bands = bands,
        .interrupted = cli_interrupted,
    };
    /* Before the temporary file exists: a signal must never leave it. */
    cli_catch_interrupts();
    w_a = h5out_new(output, &meta, err);
    if (w_a == NULL) {
        st = SIM_ERR_IO;
        goto done;
    }
    run_arm_to(e_a, w_a, &st, err);
    if (st != SIM_OK)
        goto done;
    meta.scenario = sb;
    meta.title = title_b;
    meta.params = scenario_params(sb);
    meta.config = engine_config(e_b);
    meta.initial_values = engine_initial_values(e_b);
    w_b = h5out_new_group(w_a, "with", &meta, err);
    if (w_b == NULL) {
        st = SIM_ERR_HDF5;
        goto done;
    }
    run_arm_to(e_b, w_b, &st, err);
    if (st != SIM_OK)
        goto done;
    s_a = summary_new(e_a, sa->settings.barycentre, err);
    s_b = s_a != NULL ? summary_new(e_b, sb->settings.barycentre, err) : NULL;
    if (s_b == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    st = h5out_finish(w_b, s_b, err);
    if (st == SIM_OK)
        st = compare_differences(
            e_a, e_b,
            opt->bootstrap > 0 ? (size_t)opt->bootstrap : COMPARE_BOOTSTRAP,
            COMPARE_LEVEL, config.seed, diff, err);
    if (st == SIM_OK)
        st = h5out_write_summary(w_a, s_a, err);
    if (st == SIM_OK)
        st = write_differences(w_a, opt, model, &config, diff, err);
    if (st == SIM_OK)
        st = h5out_finish(w_a, NULL, err);
    if (st == SIM_OK && opt->csv)
        st = write_with_csv(csv, model, &config, diff, err);
    if (st != SIM_OK)
        goto done;
    if (opt->json) {
        print_with_json(sa, opt, model, &config, diff, output);
    } else {
        cli_print_events(stdout, sa);
        print_with_table(sa, opt, model, &config, diff, output);
        if (opt->csv)
            printf("Figures as CSV in %s\n", csv);
    }
    if (opt->report)
        st = cli_write_report(output, opt->quiet, err);

done:
    h5out_free(w_b);
    h5out_free(w_a);
    summary_free(s_a);
    summary_free(s_b);
    engine_free(e_a);
    engine_free(e_b);
    sim_free(diff);
    scenario_free(sa);
    scenario_free(sb);
    if (st != SIM_OK)
        return cli_error(st, err);
    return 0;
}

/* Each project's summary (projects.h) under the arm's /projects, one 1-D
 * dataset per field along the /projects/name scale the writer made, each
 * with its own unit. */
static sim_status write_project_summary(struct h5out *w,
                                        const struct scenario *sc,
                                        const void *params,
                                        const struct engine_config *config,
                                        char *err)
{
    size_t n = (size_t)sc->portfolio->n_projects;
    double *summary = sim_calloc(n * PROJECT_FIELD_COUNT, sizeof *summary);
    double *column = sim_calloc(n, sizeof *column);
    sim_status st = summary == NULL || column == NULL
                        ? sim_fail(err, SIM_ERR_NOMEM, "compare: out of memory")
                        : projects_summarise(sc, params, config, summary, err);
    for (int f = 0; st == SIM_OK && f < PROJECT_FIELD_COUNT; f++) {
        for (size_t p = 0; p < n; p++)
            column[p] = summary[p * PROJECT_FIELD_COUNT + (size_t)f];
        char path[96];
        snprintf(path, sizeof path, "projects/%s", project_field_names[f]);
        unsigned long long dims[1] = {n};
        st = h5out_write_array(w, path, 1, dims, column,
                               project_field_units[f],
                               project_field_descriptions[f], err);
        if (st == SIM_OK)
            st = h5out_attach(w, path, "projects/name", 0, err);
    }
    sim_free(summary);
    sim_free(column);
    return st;
}

int cli_compare(int argc, char **argv)
{
    char err[SIM_ERR_LEN];
    struct run_options opt;
    sim_status parsed = cli_parse_run_options(argc, argv, &opt, compare_usage, err);
    if (parsed != SIM_OK)
        return cli_error(parsed, err);
    if (opt.help)
        return 0;
    if (opt.n_with > 0 && opt.ensemble != NULL)
        return cli_error(SIM_ERR_USAGE,
                         "--with and --ensemble do not go together: --ensemble "
                         "compares the scenario with and without its "
                         "investment over the fits");
    if (opt.n_with > 0)
        return compare_with(argc, argv, &opt);
    struct scenario *sc = NULL;
    void *control = NULL;
    struct engine *e_t = NULL, *e_c = NULL;
    struct h5out *w_t = NULL, *w_c = NULL;
    struct summary *s_t = NULL, *s_c = NULL;
    struct compare_arm *a_t = NULL, *a_c = NULL;
    struct compare_value metrics[ENGINE_MAX_HORIZONS][METRIC_COUNT];
    char output[PATH_MAX], csv[PATH_MAX + 8];

    sim_status st = cli_load_scenario(&opt, &sc, err);
    if (st == SIM_OK) {
        /* Before any output is checked or written. */
        char instead[2 * PATH_MAX + 160];
        snprintf(instead, sizeof instead,
                 "Use: alliance-sim run %s, or alliance-sim compare %s "
                 "--with PATH=VALUE to compare the territory with a change "
                 "of its settings",
                 sc->path, sc->path);
        st = compare_check_scenario(sc, "compare", instead, err);
    }
    if (st != SIM_OK)
        goto done;
    if (opt.ensemble != NULL) {
        st = cli_compare_ensemble(&opt, sc, argc, argv, err);
        goto done;
    }
    control = compare_control_params(sc, err);
    if (control == NULL) {
        st = SIM_ERR_NOMEM; /* the scenario was checked above */
        goto done;
    }
    compare_output_path(&opt, sc, output, sizeof output);
    const char *const inputs[] = {sc->path, NULL};
    st = cli_check_outputs(&opt, output, inputs, csv, sizeof csv, err);
    if (st != SIM_OK)
        goto done;

    struct engine_config config;
    cli_engine_config(sc, &config);
    const struct model_type *model = scenario_model(sc);
    int is_fund = sc->portfolio != NULL;
    /* The masks were checked with the scenario (scenario_check). */
    unsigned char keep[PORTFOLIO_VARS_MAX], bands[PORTFOLIO_VARS_MAX];
    scenario_monthly_mask(sc, keep, err);
    scenario_bands_mask(sc, bands, err);
    char command[2048];
    cli_join_args("compare", argc, argv, command, sizeof command);

    e_t = engine_new(model, scenario_params(sc), &config, err);
    e_c = e_t != NULL ? engine_new(model, control, &config, err) : NULL;
    a_t = e_c != NULL ? compare_arm_new(e_t, is_fund, err) : NULL;
    a_c = a_t != NULL ? compare_arm_new(e_c, is_fund, err) : NULL;
    if (a_c == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    /* The file says what it is: both arms at the root, the control in
     * /control. */
    char title_t[PARAM_STRING_LEN + 128], title_c[PARAM_STRING_LEN + 128];
    snprintf(title_t, sizeof title_t,
             "alliance-sim compare: %s, with and without the investment in "
             "alliance engineering",
             sc->org.name);
    snprintf(title_c, sizeof title_c,
             "alliance-sim compare, control arm (without the investment in "
             "alliance engineering): %s",
             sc->org.name);
    struct h5out_meta meta = {
        .scenario = sc,
        .model = model,
        .config = engine_config(e_t),
        .initial_values = engine_initial_values(e_t),
        .command_line = command,
        .title = title_t,
        .compression = (int)sc->settings.compression,
        .keep = keep,
        .bands = bands,
        .interrupted = cli_interrupted,
    };
    /* Before the temporary file exists: a signal must never leave it. */
    cli_catch_interrupts();
    w_t = h5out_new(output, &meta, err);
    if (w_t == NULL) {
        st = SIM_ERR_IO;
        goto done;
    }
    st = run_arm(e_t, w_t, a_t, err);
    if (st != SIM_OK)
        goto done;
    meta.config = engine_config(e_c);
    meta.title = title_c;
    meta.params = control;
    meta.initial_values = engine_initial_values(e_c);
    w_c = h5out_new_group(w_t, "control", &meta, err);
    if (w_c == NULL) {
        st = SIM_ERR_HDF5;
        goto done;
    }
    st = run_arm(e_c, w_c, a_c, err);
    if (st != SIM_OK)
        goto done;
    s_t = summary_new(e_t, sc->settings.barycentre, err);
    s_c = s_t != NULL ? summary_new(e_c, sc->settings.barycentre, err) : NULL;
    if (s_c == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    if (is_fund) {
        st = write_project_summary(w_c, sc, control, engine_config(e_c), err);
        if (st == SIM_OK)
            st = write_project_summary(w_t, sc, scenario_params(sc),
                                       engine_config(e_t), err);
        if (st != SIM_OK)
            goto done;
    }
    st = h5out_finish(w_c, s_c, err);
    if (st == SIM_OK)
        st = compare_metrics(a_t, a_c,
                             opt.bootstrap > 0 ? (size_t)opt.bootstrap
                                               : COMPARE_BOOTSTRAP,
                             COMPARE_LEVEL, config.seed, metrics, err);
    if (st == SIM_OK)
        st = h5out_write_summary(w_t, s_t, err);
    if (st == SIM_OK)
        st = write_metrics(w_t, a_t, metrics, err);
    if (st == SIM_OK)
        st = h5out_finish(w_t, NULL, err);
    if (st == SIM_OK && opt.csv)
        st = write_csv(csv, a_t, metrics, err);
    if (st != SIM_OK)
        goto done;
    if (opt.json)
        print_json(sc, a_t, metrics, output);
    else
        print_table(sc, a_t, metrics, output, opt.csv ? csv : NULL);
    if (opt.report)
        st = cli_write_report(output, opt.quiet, err);

done:
    h5out_free(w_c);
    h5out_free(w_t);
    summary_free(s_t);
    summary_free(s_c);
    compare_arm_free(a_t);
    compare_arm_free(a_c);
    engine_free(e_t);
    engine_free(e_c);
    sim_free(control);
    scenario_free(sc);
    if (st != SIM_OK)
        return cli_error(st, err);
    return 0;
}
