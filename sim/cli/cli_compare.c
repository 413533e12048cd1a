/*
 * cli_compare.c - `alliance-sim compare`: the scenario as written
 * (treatment) against its counterfactual without the investment in alliance
 * engineering (control), on common random numbers.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sim/analysis/compare.h"
#include "sim/core/alloc.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"
#include "sim/io/h5out.h"
#include "sim/io/scenario.h"
#include "sim/io/tables.h"

#define COMPARE_BOOTSTRAP 500
#define COMPARE_LEVEL 0.90

static void compare_usage(FILE *out)
{
    fputs("Usage: alliance-sim compare SCENARIO.cfg [OPTIONS]\n"
          "\n"
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
          "\n"
          "Options: --seed N, --replicates N, --months N, -o FILE, --set "
          "PATH=VALUE,\n"
          "  --threads N, --bootstrap N (default 500), --json, -q, -h\n"
          "  --report: also write the HTML report (FILE.html beside "
          "FILE.h5)\n",
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
                        const char *output)
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
}


static void print_json(const struct scenario *sc, const struct compare_arm *tr,
                       struct compare_value (*m)[METRIC_COUNT],
                       const char *output)
{
    printf("{\n  \"scenario\": ");
    report_json_string(stdout, sc->path);
    printf(",\n  \"replicates\": %ld,\n  \"seed\": %ld,\n  \"output\": ",
           tr->replicates, sc->settings.seed);
    report_json_string(stdout, output);
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

int cli_compare(int argc, char **argv)
{
    char err[SIM_ERR_LEN];
    struct run_options opt;
    sim_status parsed = cli_parse_run_options(argc, argv, &opt, compare_usage, err);
    if (parsed != SIM_OK)
        return cli_error(parsed, err);
    if (opt.help)
        return 0;
    struct scenario *sc = NULL;
    void *control = NULL;
    struct engine *e_t = NULL, *e_c = NULL;
    struct h5out *w_t = NULL, *w_c = NULL;
    struct summary *s_t = NULL, *s_c = NULL;
    struct compare_arm *a_t = NULL, *a_c = NULL;
    struct compare_value metrics[ENGINE_MAX_HORIZONS][METRIC_COUNT];
    char output[PATH_MAX];

    sim_status st = cli_load_scenario(&opt, &sc, err);
    if (st != SIM_OK)
        goto done;
    control = compare_control_params(sc, err);
    if (control == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    if (sc->settings.output[0] != '\0') {
        snprintf(output, sizeof output, "%s", sc->settings.output);
    } else {
        char run_path[PATH_MAX];
        scenario_output_path(sc, run_path, sizeof run_path);
        char *dot = strrchr(run_path, '.');
        if (dot != NULL)
            *dot = '\0';
        snprintf(output, sizeof output, "%.4000s-compare.h5", run_path);
    }
    const char *const inputs[] = {sc->path, NULL};
    st = cli_check_output(output, "the HDF5 output", inputs, err);
    if (st == SIM_OK)
        st = cli_check_report(output, opt.report, inputs, err);
    if (st != SIM_OK)
        goto done;

    struct engine_config config;
    cli_engine_config(sc, &config);
    const struct model_type *model = scenario_model(sc);
    int is_fund = sc->portfolio != NULL;
    unsigned char keep[PORTFOLIO_VARS_MAX];
    scenario_monthly_mask(sc, keep, err);
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
    struct h5out_meta meta = {
        .scenario = sc,
        .model = model,
        .config = engine_config(e_t),
        .initial_values = engine_initial_values(e_t),
        .command_line = command,
        .compression = (int)sc->settings.compression,
        .keep = keep,
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
    if (st != SIM_OK)
        goto done;
    if (opt.json)
        print_json(sc, a_t, metrics, output);
    else
        print_table(sc, a_t, metrics, output);
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
