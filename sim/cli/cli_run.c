/*
 * cli_run.c - `alliance-sim run`: load a scenario, run its replicates, write
 * the HDF5 file, print the summary.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"
#include "sim/io/csv.h"
#include "sim/io/h5out.h"
#include "sim/io/scenario.h"
#include "sim/io/tables.h"



static void run_usage(FILE *out)
{
    fputs("Usage: alliance-sim run SCENARIO.cfg [OPTIONS]\n"
          "\n"
          "Runs the scenario's Monte Carlo replicates month by month, writes "
          "every\n"
          "variable to an HDF5 file and prints where the three pillars stand "
          "at each\n"
          "report horizon (default 18 months, 7 years, 28 years).\n"
          "\n"
          "Options (each overrides the scenario file):\n"
          "  --seed N            seed of the random streams\n"
          "  --replicates N      number of Monte Carlo replicates\n"
          "  --months N          months to simulate\n"
          "  -o, --output FILE   HDF5 output file\n"
          "  --set PATH=VALUE    set any numeric setting, e.g. "
          "--set engineering.budget_eur=3000\n"
          "  --threads N         OpenMP threads (results do not depend on "
          "it)\n"
          "  --report            also write the HTML report (FILE.html "
          "beside FILE.h5)\n"
          "  --json              print the summary as JSON instead of a "
          "table\n"
          "  --csv               also write FILE.csv beside FILE.h5: "
          "variable, horizon,\n"
          "                      statistic, value, unit\n"
          "  -q, --quiet         no progress line\n"
          "  -h, --help          show this help\n",
          out);
}

int cli_run(int argc, char **argv)
{
    char err[SIM_ERR_LEN];
    struct run_options opt;
    sim_status parsed = cli_parse_run_options(argc, argv, &opt, run_usage, err);
    if (parsed != SIM_OK)
        return cli_error(parsed, err);
    if (opt.help)
        return 0;
    if (opt.n_with > 0)
        return cli_error(SIM_ERR_USAGE,
                         "--with is an option of compare (alliance-sim "
                         "compare SCENARIO.cfg --with PATH=VALUE); run takes "
                         "--set PATH=VALUE");
    if (opt.ensemble != NULL)
        return cli_error(SIM_ERR_USAGE,
                         "--ensemble is an option of compare, not of run "
                         "(alliance-sim compare --help)");

    struct scenario *sc = NULL;
    struct engine *engine = NULL;
    struct h5out *writer = NULL;
    struct summary *summary = NULL;
    sim_status st = cli_load_scenario(&opt, &sc, err);
    if (st != SIM_OK)
        goto done;

    struct engine_config config;
    cli_engine_config(sc, &config);
    config.keep_units = 1;
    /* The engine keeps the months of the variables /monthly or /bands
     * need: the others cost it nothing. */
    unsigned char keep[PORTFOLIO_VARS_MAX], bands[PORTFOLIO_VARS_MAX];
    unsigned char months[PORTFOLIO_VARS_MAX];
    st = scenario_monthly_mask(sc, keep, err);
    if (st == SIM_OK)
        st = scenario_bands_mask(sc, bands, err);
    if (st != SIM_OK)
        goto done;
    for (size_t v = 0; v < scenario_model(sc)->n_vars; v++)
        months[v] = keep[v] | bands[v];
    config.keep = months;
    /* Each organisation month by month, when asked: the engine and the
     * writer read the same mask. */
    unsigned char keep_units[SCENARIO_UNIT_VARS_MAX];
    int units_kept = 0;
    st = scenario_organisations_monthly(sc, keep_units, &units_kept, err);
    if (st != SIM_OK)
        goto done;
    if (units_kept > 0)
        config.keep_unit_months = keep_units;
    char output[PATH_MAX], csv[PATH_MAX + 8];
    scenario_output_path(sc, output, sizeof output);
    const char *const inputs[] = {sc->path, NULL};
    st = cli_check_outputs(&opt, output, inputs, csv, sizeof csv, err);
    if (st != SIM_OK)
        goto done;

    engine = engine_new(scenario_model(sc), scenario_params(sc), &config, err);
    if (engine == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    char command[2048];
    cli_join_args("run", argc, argv, command, sizeof command);
    struct h5out_meta meta = {
        .scenario = sc,
        .model = scenario_model(sc),
        .config = engine_config(engine),
        .initial_values = engine_initial_values(engine),
        .command_line = command,
        .compression = (int)sc->settings.compression,
        .keep = keep,
        .bands = bands,
        .organisations_monthly = config.keep_unit_months,
        .interrupted = cli_interrupted,
    };
    /* Before the temporary file exists: a signal must never leave it. */
    cli_catch_interrupts();
    writer = h5out_new(output, &meta, err);
    if (writer == NULL) {
        st = SIM_ERR_IO;
        goto done;
    }

    int progress = !opt.quiet && isatty(STDERR_FILENO);
    double t0 = cli_now_seconds();
    for (;;) {
        struct engine_block block;
        st = engine_next_block(engine, &block);
        if (st != SIM_OK || block.count == 0)
            break;
        st = h5out_write_block(writer, &block, err);
        if (st != SIM_OK)
            break;
        if (progress)
            cli_show_progress(t0, 0, block.first + block.count,
                              config.replicates, "replicates");
        if (cli_interrupted()) {
            st = sim_fail(err, cli_interrupt_status(),
                          "interrupted: no output written to %s", output);
            break;
        }
    }
    if (progress)
        fputc('\n', stderr);
    if (st != SIM_OK)
        goto done;

    st = h5out_write_units(writer, engine, err);
    if (st != SIM_OK)
        goto done;
    summary = summary_new(engine, sc->settings.barycentre, err);
    if (summary == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    st = h5out_finish(writer, summary, err);
    if (st == SIM_OK && opt.csv)
        st = tables_csv(csv, scenario_model(sc), summary, err);
    if (st != SIM_OK)
        goto done;
    if (opt.json)
        tables_json(stdout, sc, scenario_model(sc), summary, output);
    else {
        cli_print_events(stdout, sc);
        tables_print(stdout, sc, scenario_model(sc), summary, output);
    }
    if (opt.csv && !opt.json)
        printf("Figures as CSV in %s\n", csv);
    if (opt.report)
        st = cli_write_report(output, opt.quiet, err);

done:
    h5out_free(writer);
    summary_free(summary);
    engine_free(engine);
    scenario_free(sc);
    if (st != SIM_OK)
        return cli_error(st, err);
    return 0;
}
