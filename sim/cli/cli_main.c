/*
 * cli_main.c - entry point: dispatches to a subcommand.
 */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <hdf5.h>

#include "cli.h"
#include "commands.h"
#include "sim/analysis/sweep_mpi.h"
#include "sim/core/suggest.h"
#include "sim/core/version.h"

static void usage(FILE *out)
{
    fputs(
        "Usage: alliance-sim COMMAND [OPTIONS]\n"
        "\n"
        "Simulates the socio-economic model of a general-interest "
        "organisation\n"
        "(« richesses humaines », « ressources financières », « alliances »)\n"
        "month by month, with Monte Carlo replicates, and writes an HDF5 "
        "file.\n"
        "\n"
        "Commands:\n"
        "  run SCENARIO.cfg   simulate a scenario (alliance-sim run --help)\n"
        "  compare SCENARIO.cfg\n"
        "                     with and without the investment in alliance "
        "engineering\n"
        "  sweep FILE.cfg     parameter sweep: grid, random, LHS or Sobol "
        "design\n"
        "  sensitivity FILE.cfg\n"
        "                     Sobol indices or Morris screening of a sweep "
        "file\n"
        "  calibrate SCENARIO.cfg --targets FILE\n"
        "                     fit free parameters to compare's target figures\n"
        "  report FILE.h5     the file's charts as one HTML page (and "
        "figures)\n"
        "  ratios             the ratio rules « 4 tiers », « tiers on top », "
        "« 10+1% »\n"
        "  params             list every scenario setting: unit, default, "
        "range, source\n"
        "  init [-o FILE.cfg] a scenario from the association's own figures "
        "(terminal,\n"
        "                     flags or an income statement in CSV)\n"
        "\n"
        "Options:\n"
        "  -h, --help         show this help\n"
        "  -V, --version      show the version\n"
        "\n"
        "Exit codes (the same for every command and option):\n",
        out);
    sim_status_print_codes(out);
}

static int dispatch(int argc, char **argv)
{
    /* GSL's default handler aborts: we check every status instead. */
    gsl_set_error_handler_off();
    /* HDF5's exit handler closes files still open, and crashes on one whose
     * close failed (disk full): every command closes its files itself. */
    H5dont_atexit();

    if (argc < 2) {
        usage(stderr);
        return sim_status_exit_code(SIM_ERR_USAGE);
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("alliance-sim %s\n", ALLIANCE_SIM_VERSION);
        return 0;
    }
    int (*command)(int, char **) = NULL;
    if (strcmp(cmd, "run") == 0)
        command = cli_run;
    else if (strcmp(cmd, "sweep") == 0)
        command = cli_sweep;
    else if (strcmp(cmd, "sensitivity") == 0)
        command = cli_sensitivity;
    else if (strcmp(cmd, "calibrate") == 0)
        command = cli_calibrate;
    else if (strcmp(cmd, "compare") == 0)
        command = cli_compare;
    else if (strcmp(cmd, "ratios") == 0)
        command = cli_ratios;
    else if (strcmp(cmd, "report") == 0)
        command = cli_report;
    else if (strcmp(cmd, "params") == 0)
        command = cli_params;
    else if (strcmp(cmd, "init") == 0)
        command = cli_init;
    if (command != NULL) {
        int rc = command(argc - 1, argv + 1);
        if (rc == 0)
            cli_report_replaced();
        return rc;
    }

    static const char *const commands[] = {
        "run",    "compare", "sweep",  "sensitivity", "calibrate",
        "report", "ratios",  "params", "init",        "help",
        "--version"};
    const char *hint =
        suggest_closest(cmd, commands, sizeof commands / sizeof *commands);
    char msg[512];
    snprintf(msg, sizeof msg,
             "unknown command '%.200s' (%s%s%salliance-sim --help lists the "
             "commands)",
             cmd, hint ? "did you mean '" : "", hint ? hint : "",
             hint ? "'? " : "");
    return cli_error(SIM_ERR_USAGE, msg);
}

/* Under mpirun only the sweeps share out their work; any other command
 * would run once per rank, each writing the same file. */
static int runs_on_ranks(int argc, char **argv)
{
    if (argc < 2)
        return 1;
    static const char *const ok[] = {"sweep", "sensitivity", "-h", "--help",
                                      "help", "-V", "--version", NULL};
    for (size_t i = 0; ok[i] != NULL; i++)
        if (strcmp(argv[1], ok[i]) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    char err[SIM_ERR_LEN];
    /* MPI first: no HDF5 call may come before it. */
    if (sweep_mpi_init(&argc, &argv, err) != 0)
        return cli_error(SIM_ERR_IO, err);
    int code;
    if (sweep_mpi_size() > 1 && !runs_on_ranks(argc, argv)) {
        snprintf(err, sizeof err,
                 "'%s' runs in one process: only sweep and sensitivity "
                 "share their work over MPI ranks (run it with mpirun -np 1, "
                 "or with alliance-sim)",
                 argv[1]);
        code = cli_error(SIM_ERR_USAGE, err);
    } else {
        code = dispatch(argc, argv);
    }
    sweep_mpi_finalize();
    return code;
}
