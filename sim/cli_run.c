/*
 * cli_run.c - `alliance-sim run`: load a scenario, run its replicates, write
 * the HDF5 file, print the summary.
 */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.h"
#include "engine.h"
#include "h5out.h"
#include "report.h"
#include "scenario.h"
#include "summary.h"

#define MAX_OVERRIDES 64

static volatile sig_atomic_t interrupted = 0;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

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
          "  --json              print the summary as JSON instead of a "
          "table\n"
          "  -q, --quiet         no progress line\n"
          "  -h, --help          show this help\n",
          out);
}

struct run_options {
    const char *scenario;
    const char *paths[MAX_OVERRIDES];
    const char *values[MAX_OVERRIDES];
    const char *origins[MAX_OVERRIDES];
    char set_buf[MAX_OVERRIDES][PARAM_STRING_LEN];
    int n_overrides;
    int json;
    int quiet;
    int threads;
};

static int add_override(struct run_options *o, const char *path,
                        const char *value, const char *origin, char *err)
{
    if (o->n_overrides == MAX_OVERRIDES) {
        sim_fail(err, SIM_ERR_USAGE, "too many overrides (at most %d)",
                 MAX_OVERRIDES);
        return -1;
    }
    o->paths[o->n_overrides] = path;
    o->values[o->n_overrides] = value;
    o->origins[o->n_overrides] = origin;
    o->n_overrides++;
    return 0;
}

/* Returns -1 on error (message in err), 1 when help was printed, else 0. */
static int parse_options(int argc, char **argv, struct run_options *o,
                         char *err)
{
    enum {
        OPT_SEED = 256,
        OPT_REPLICATES,
        OPT_MONTHS,
        OPT_SET,
        OPT_THREADS,
        OPT_JSON
    };
    static const struct option longopts[] = {
        {"seed", required_argument, NULL, OPT_SEED},
        {"replicates", required_argument, NULL, OPT_REPLICATES},
        {"months", required_argument, NULL, OPT_MONTHS},
        {"output", required_argument, NULL, 'o'},
        {"set", required_argument, NULL, OPT_SET},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"json", no_argument, NULL, OPT_JSON},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        int rc = 0;
        switch (c) {
        case OPT_SEED:
            rc = add_override(o, "simulation.seed", optarg, "--seed", err);
            break;
        case OPT_REPLICATES:
            rc = add_override(o, "simulation.replicates", optarg,
                              "--replicates", err);
            break;
        case OPT_MONTHS:
            rc = add_override(o, "simulation.months", optarg, "--months", err);
            break;
        case 'o':
            rc = add_override(o, "simulation.output", optarg, "--output", err);
            break;
        case OPT_SET: {
            char *buf =
                o->set_buf[o->n_overrides < MAX_OVERRIDES ? o->n_overrides : 0];
            snprintf(buf, PARAM_STRING_LEN, "%s", optarg);
            char *eq = strchr(buf, '=');
            if (eq == NULL || eq == buf) {
                sim_fail(err, SIM_ERR_USAGE, "--set %s: expected PATH=VALUE",
                         optarg);
                return -1;
            }
            *eq = '\0';
            rc = add_override(o, buf, eq + 1, "--set", err);
            break;
        }
        case OPT_THREADS: {
            char *end = NULL;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 1 || n > 4096) {
                sim_fail(err, SIM_ERR_USAGE,
                         "--threads: expected an integer from 1 to 4096, "
                         "got '%s'",
                         optarg);
                return -1;
            }
            o->threads = (int)n;
            break;
        }
        case OPT_JSON:
            o->json = 1;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'h':
            run_usage(stdout);
            return 1;
        case ':':
            sim_fail(err, SIM_ERR_USAGE, "option %s needs a value",
                     argv[optind - 1]);
            return -1;
        default:
            sim_fail(err, SIM_ERR_USAGE,
                     "unknown option '%s' (alliance-sim run --help)",
                     argv[optind - 1]);
            return -1;
        }
        if (rc != 0)
            return -1;
    }
    if (optind != argc - 1) {
        sim_fail(err, SIM_ERR_USAGE,
                 optind >= argc ? "missing SCENARIO.cfg (alliance-sim run "
                                  "--help)"
                                : "expected exactly one SCENARIO.cfg");
        return -1;
    }
    o->scenario = argv[optind];
    return 0;
}

static void join_args(int argc, char **argv, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "alliance-sim");
    for (int i = 0; i < argc && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, " %s", argv[i]);
}

int cli_run(int argc, char **argv)
{
    char err[SIM_ERR_LEN];
    struct run_options opt;
    int parsed = parse_options(argc, argv, &opt, err);
    if (parsed == 1)
        return 0;
    if (parsed < 0)
        return cli_error(SIM_ERR_USAGE, err);
#ifdef _OPENMP
    if (opt.threads > 0)
        omp_set_num_threads(opt.threads);
#endif

    struct scenario *sc = NULL;
    struct engine *engine = NULL;
    struct h5out *writer = NULL;
    struct summary *summary = NULL;
    sim_status st = scenario_load(opt.scenario, &sc, err);
    for (int i = 0; st == SIM_OK && i < opt.n_overrides; i++)
        st = scenario_set(sc, opt.paths[i], opt.values[i], opt.origins[i], err);
    if (st != SIM_OK)
        goto done;

    struct engine_config config = {
        .months = sc->settings.months,
        .replicates = sc->settings.replicates,
        .seed = (uint64_t)sc->settings.seed,
    };
    config.n_horizons = scenario_horizons(sc, config.horizons);
    char output[PATH_MAX];
    scenario_output_path(sc, output, sizeof output);

    engine = engine_new(scenario_model(sc), scenario_params(sc), &config, err);
    if (engine == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    char command[2048];
    join_args(argc, argv, command, sizeof command);
    struct h5out_meta meta = {
        .scenario = sc,
        .model = scenario_model(sc),
        .config = engine_config(engine),
        .initial_values = engine_initial_values(engine),
        .command_line = command,
    };
    writer = h5out_new(output, &meta, err);
    if (writer == NULL) {
        st = SIM_ERR_IO;
        goto done;
    }

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    int progress = !opt.quiet && isatty(STDERR_FILENO);
    for (;;) {
        struct engine_block block;
        st = engine_next_block(engine, &block);
        if (st != SIM_OK || block.count == 0)
            break;
        st = h5out_write_block(writer, &block, err);
        if (st != SIM_OK)
            break;
        if (progress)
            fprintf(stderr, "\rreplicates %ld / %ld", block.first + block.count,
                    config.replicates);
        if (interrupted) {
            st = sim_fail(err, SIM_ERR_IO,
                          "interrupted: no output written to %s", output);
            break;
        }
    }
    if (progress)
        fputc('\n', stderr);
    if (st != SIM_OK)
        goto done;

    summary = summary_new(engine, sc->settings.barycentre, err);
    if (summary == NULL) {
        st = SIM_ERR_NOMEM;
        goto done;
    }
    st = h5out_finish(writer, summary, err);
    if (st != SIM_OK)
        goto done;
    if (opt.json)
        report_json(stdout, sc, scenario_model(sc), summary, output);
    else
        report_table(stdout, sc, scenario_model(sc), summary, output);

done:
    h5out_free(writer);
    summary_free(summary);
    engine_free(engine);
    scenario_free(sc);
    if (st != SIM_OK)
        return cli_error(st, err);
    return 0;
}
