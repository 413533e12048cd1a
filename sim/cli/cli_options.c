/*
 * cli_options.c - what the subcommands share: the options of those that run
 * a scenario (`run`, `compare`), threads, interrupts and error messages.
 */
#include <getopt.h>
#include <math.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "compare_cli.h"
#include "sim/core/numtext.h"
#include "sim/core/suggest.h"
#include "sim/io/csv.h"
#include "sim/io/h5util.h"
#include "sim/io/outfile.h"
#include "sim/io/report_html.h"
#include "sim/io/settings.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* PATH=VALUE of `option`: the path into path (OVERRIDE_LEN bytes), the value
 * where it stands in arg (the command line outlives the options), so that a
 * long value, a list of variables say, reaches the setting whole and is
 * judged there.  NULL with a message in err when arg has no PATH=. */
static const char *split_setting(const char *option, const char *arg,
                                 char *path, char *err)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg) {
        sim_fail(err, SIM_ERR_USAGE, "%s %s: expected PATH=VALUE", option, arg);
        return NULL;
    }
    if ((size_t)(eq - arg) >= OVERRIDE_LEN) {
        sim_fail(err, SIM_ERR_USAGE, "%s: a setting path of %zu characters "
                 "(at most %d)", option, (size_t)(eq - arg), OVERRIDE_LEN - 1);
        return NULL;
    }
    snprintf(path, OVERRIDE_LEN, "%.*s", (int)(eq - arg), arg);
    return eq + 1;
}

static sim_status add_override(struct run_options *o, const char *path,
                               const char *value, const char *origin,
                               char *err)
{
    if (o->n_overrides == MAX_OVERRIDES)
        return sim_fail(err, SIM_ERR_USAGE, "too many overrides (at most %d)",
                        MAX_OVERRIDES);
    o->paths[o->n_overrides] = path;
    o->values[o->n_overrides] = value;
    o->origins[o->n_overrides] = origin;
    o->n_overrides++;
    return SIM_OK;
}

sim_status cli_parse_run_options(int argc, char **argv, struct run_options *o,
                                 void (*usage)(FILE *), char *err)
{
    const char *cmd = argv[0];
    enum {
        OPT_SEED = 256,
        OPT_REPLICATES,
        OPT_MONTHS,
        OPT_SET,
        OPT_THREADS,
        OPT_JSON,
        OPT_BOOTSTRAP,
        OPT_REPORT,
        OPT_WITH,
        OPT_CSV,
        OPT_ENSEMBLE
    };
    static const struct option longopts[] = {
        {"seed", required_argument, NULL, OPT_SEED},
        {"replicates", required_argument, NULL, OPT_REPLICATES},
        {"months", required_argument, NULL, OPT_MONTHS},
        {"output", required_argument, NULL, 'o'},
        {"set", required_argument, NULL, OPT_SET},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"json", no_argument, NULL, OPT_JSON},
        {"csv", no_argument, NULL, OPT_CSV},
        {"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
        {"report", no_argument, NULL, OPT_REPORT},
        {"with", required_argument, NULL, OPT_WITH},
        {"ensemble", required_argument, NULL, OPT_ENSEMBLE},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        sim_status st = SIM_OK;
        switch (c) {
        case OPT_SEED:
            st = add_override(o, "simulation.seed", optarg, "--seed", err);
            break;
        case OPT_REPLICATES:
            st = add_override(o, "simulation.replicates", optarg,
                              "--replicates", err);
            break;
        case OPT_MONTHS:
            st = add_override(o, "simulation.months", optarg, "--months", err);
            break;
        case 'o':
            st = cli_path_argument("--output", "a file name", optarg, err);
            if (st == SIM_OK)
                st = add_override(o, "simulation.output", optarg, "--output",
                                  err);
            break;
        case OPT_SET: {
            char *buf =
                o->set_buf[o->n_overrides < MAX_OVERRIDES ? o->n_overrides : 0];
            const char *value = split_setting("--set", optarg, buf, err);
            if (value == NULL)
                return SIM_ERR_USAGE;
            st = add_override(o, buf, value, "--set", err);
            break;
        }
        case OPT_WITH: {
            if (o->n_with == MAX_OVERRIDES)
                return sim_fail(err, SIM_ERR_USAGE,
                                "too many --with settings (at most %d)",
                                MAX_OVERRIDES);
            char *buf = o->with_buf[o->n_with];
            const char *value = split_setting("--with", optarg, buf, err);
            if (value == NULL)
                return SIM_ERR_USAGE;
            o->with_paths[o->n_with] = buf;
            o->with_values[o->n_with] = value;
            o->n_with++;
            break;
        }
        case OPT_THREADS:
            st = cli_set_threads(optarg, &o->threads, err);
            break;
        case OPT_BOOTSTRAP: {
            long long n = 0;
            st = cli_option_integer("--bootstrap", optarg, 0, 100000, &n, err);
            /* Fewer resamples than 2 / (1 - level) leave a tail of the
             * interval empty: its bound would be the extreme resample. */
            long need = (long)ceil(2.0 / (1.0 - COMPARE_LEVEL) - 1e-9);
            if (st == SIM_OK && n < need)
                st = sim_fail(err, SIM_ERR_RANGE,
                              "--bootstrap %lld: a %.0f%% interval needs at "
                              "least %ld resamples (%.0f%% of them beyond "
                              "each bound)",
                              n, 100.0 * COMPARE_LEVEL, need,
                              50.0 * (1.0 - COMPARE_LEVEL));
            o->bootstrap = (long)n;
            break;
        }
        case OPT_JSON:
            o->json = 1;
            break;
        case OPT_REPORT:
            o->report = 1;
            break;
        case OPT_CSV:
            o->csv = 1;
            break;
        case OPT_ENSEMBLE:
            st = cli_path_argument("--ensemble",
                                   "the HDF5 file that calibrate --ensemble "
                                   "writes",
                                   optarg, err);
            o->ensemble = optarg;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'h':
            usage(stdout);
            o->help = 1;
            return SIM_OK;
        case ':':
            return sim_fail(err, SIM_ERR_USAGE,
                            "option %s needs a value (alliance-sim %s --help)",
                            argv[optind - 1], cmd);
        default:
            return cli_unknown_option(cmd, argv[optind - 1], longopts, err);
        }
        if (st != SIM_OK)
            return st;
    }
    if (optind >= argc)
        return sim_fail(err, SIM_ERR_USAGE,
                        "missing SCENARIO.cfg (alliance-sim %s --help)", cmd);
    if (optind != argc - 1)
        return sim_fail(err, SIM_ERR_USAGE,
                        "expected exactly one SCENARIO.cfg, got '%s' and '%s' "
                        "(alliance-sim %s --help)",
                        argv[optind], argv[optind + 1], cmd);
    o->scenario = argv[optind];
    return SIM_OK;
}

void cli_join_args(const char *cmd, int argc, char **argv, char *buf,
                   size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "alliance-sim %s", cmd);
    for (int i = 1; i < argc && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, " %s", argv[i]);
}


double cli_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_show_progress(double start, long first_done, long done, long total,
                       const char *what)
{
    double elapsed = cli_now_seconds() - start;
    double rate = elapsed > 0 ? (double)(done - first_done) / elapsed : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\r%ld / %ld %s (%.1f%%), %.0f/s, %.0f s left   ", done,
            total, what, 100.0 * (double)done / (double)total, rate, left);
}

/* The number of the signal that arrived (the first one), or 0. */
static volatile sig_atomic_t interrupted = 0;

static void on_interrupt(int sig)
{
    if (interrupted == 0)
        interrupted = sig;
}

void cli_catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted(void)
{
    return interrupted != 0;
}

sim_status cli_interrupt_status(void)
{
    switch (interrupted) {
    case 0:
        return SIM_OK;
    case SIGTERM:
        return SIM_ERR_TERMINATED;
    default:
        return SIM_ERR_INTERRUPTED;
    }
}

sim_status cli_load_scenario(const struct run_options *o, struct scenario **sc,
                             char *err)
{
    sim_status st = scenario_load(o->scenario, sc, err);
    for (int i = 0; st == SIM_OK && i < o->n_overrides; i++)
        st = scenario_set(*sc, o->paths[i], o->values[i], o->origins[i], err);
    return st;
}

void cli_engine_config(const struct scenario *sc, struct engine_config *c)
{
    memset(c, 0, sizeof *c);
    c->months = sc->settings.months;
    c->replicates = sc->settings.replicates;
    c->seed = (uint64_t)sc->settings.seed;
    c->n_horizons = scenario_horizons(sc, c->horizons);
}

sim_status cli_option_integer(const char *opt, const char *text,
                              long long min, long long max, long long *out,
                              char *err)
{
    long long v = 0;
    sim_status st = sim_parse_integer(text, &v);
    if (st == SIM_ERR_TYPE)
        return sim_fail(err, st,
                        "%s: expected an integer in decimal digits, got '%s'",
                        opt, text);
    if (st != SIM_OK || v < min || v > max)
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: expected an integer from %lld to %lld, got %s",
                        opt, min, max, text);
    *out = v;
    return SIM_OK;
}

sim_status cli_option_real(const char *opt, const char *text, double min,
                           double max, int min_excluded, double *out,
                           char *err)
{
    double v = 0;
    sim_status st = sim_parse_real(text, &v);
    if (st == SIM_ERR_TYPE)
        return sim_fail(err, st, "%s: expected a number, got '%s'", opt, text);
    if (st != SIM_OK || v < min || (min_excluded && v == min) || v > max) {
        if (min_excluded)
            return sim_fail(err, SIM_ERR_RANGE,
                            "%s: expected a number above %g and at most %g, "
                            "got %s",
                            opt, min, max, text);
        return sim_fail(err, SIM_ERR_RANGE,
                        "%s: expected a number from %g to %g, got %s", opt,
                        min, max, text);
    }
    *out = v;
    return SIM_OK;
}

sim_status cli_set_threads(const char *text, int *threads, char *err)
{
    long long n = 0;
    sim_status st =
        cli_option_integer("--threads", text, 1, CLI_MAX_THREADS, &n, err);
    if (st != SIM_OK)
        return st;
    *threads = (int)n;
#ifdef _OPENMP
    omp_set_num_threads(*threads);
#endif
    return SIM_OK;
}

void cli_print_events(FILE *out, const struct scenario *sc)
{
    int n = sc->org.events.count;
    if (n == 0)
        return;
    fprintf(out, "Events (at the start of the month, in every replicate):\n");
    for (int i = 0; i < n; i++) {
        char line[256];
        scenario_event_text(sc, i, line, sizeof line);
        fprintf(out, "  %s\n", line);
    }
    fputc('\n', out);
}

sim_status cli_unknown_option(const char *cmd, const char *arg,
                              const struct option *longopts, char *err)
{
    /* "--jsn=1" is compared as "--jsn"; names as the user types them. */
    char word[SUGGEST_MAX_LEN];
    snprintf(word, sizeof word, "%s", arg);
    char *eq = strchr(word, '=');
    if (eq != NULL)
        *eq = '\0';
    /* getopt takes a unique prefix of a long option ("--rep" for
     * "--replicates") and refuses one that starts several: name them. */
    if (strncmp(word, "--", 2) == 0 && word[2] != '\0') {
        char several[SIM_ERR_LEN / 2] = "";
        size_t used = 0;
        int n = 0;
        for (const struct option *lo = longopts; lo->name != NULL; lo++)
            if (strncmp(lo->name, word + 2, strlen(word + 2)) == 0 &&
                used < sizeof several) {
                used += (size_t)snprintf(several + used, sizeof several - used,
                                         "%s--%s", n ? ", " : "", lo->name);
                n++;
            }
        if (n > 1)
            return sim_fail(err, SIM_ERR_USAGE,
                            "option '%s' is ambiguous: it starts %s "
                            "(alliance-sim %s --help)",
                            word, several, cmd);
    }
    /* getopt's table holds bare names: each is compared as "--name", in a
     * buffer of its own since the next one overwrites the last. */
    char spelt[SUGGEST_MAX_LEN], best[SUGGEST_MAX_LEN] = "";
    size_t best_d = SIZE_MAX;
    for (const struct option *lo = longopts; lo->name != NULL; lo++) {
        snprintf(spelt, sizeof spelt, "--%s", lo->name);
        const char *near = NULL;
        size_t d = 0;
        suggest_consider(word, spelt, &near, &d);
        if (near != NULL && d < best_d) {
            best_d = d;
            snprintf(best, sizeof best, "%s", spelt);
        }
    }
    if (best[0] != '\0')
        return sim_fail(err, SIM_ERR_USAGE,
                        "unknown option '%s' (did you mean '%s'? "
                        "alliance-sim %s --help)",
                        arg, best, cmd);
    return sim_fail(err, SIM_ERR_USAGE,
                    "unknown option '%s' (alliance-sim %s --help)", arg, cmd);
}

sim_status cli_path_argument(const char *opt, const char *what,
                             const char *arg, char *err)
{
    if (arg[0] == '\0')
        return sim_fail(err, SIM_ERR_USAGE, "%s: expected %s, got an empty one",
                        opt, what);
    if (arg[0] == '-' && arg[1] != '\0')
        return sim_fail(err, SIM_ERR_USAGE,
                        "%s: expected %s, got the option '%s' (write ./%s "
                        "for a name that starts with '-')",
                        opt, what, arg, arg);
    return SIM_OK;
}

int cli_error(sim_status status, const char *msg)
{
    fprintf(stderr, "alliance-sim: error: %s\n", msg);
    /* A command that fails after a signal arrived failed because of it
     * (a write cut short, a commit refused): the shell must see the
     * interruption, whichever layer noticed it. */
    if (status != SIM_OK && cli_interrupted())
        status = cli_interrupt_status();
    return sim_status_exit_code(status);
}

sim_status cli_check_outputs(const struct run_options *o, const char *output,
                             const char *const *inputs, char *csv,
                             size_t csv_len, char *err)
{
    if (csv_path_beside(output, "", csv, csv_len) != 0)
        return sim_fail(err, SIM_ERR_USAGE, "%s: path too long", output);
    sim_status st = cli_check_output(output, "the HDF5 output", inputs, err);
    if (st == SIM_OK && o->csv)
        st = cli_check_output(csv, "the CSV output", inputs, err);
    if (st == SIM_OK)
        st = cli_check_report(output, o->report, inputs, err);
    return st;
}

sim_status cli_check_report(const char *h5, int report,
                            const char *const *inputs, char *err)
{
    if (!report)
        return SIM_OK;
    char html[4096];
    if (report_html_default_path(h5, html, sizeof html) != 0)
        return sim_fail(err, SIM_ERR_USAGE, "report path too long for %s", h5);
    return cli_check_output(html, "the HTML report", inputs, err);
}

sim_status cli_write_report(const char *h5, int quiet, char *err)
{
    char html[4096];
    if (report_html_default_path(h5, html, sizeof html) != 0)
        return sim_fail(err, SIM_ERR_USAGE, "report path too long for %s", h5);
    sim_status st = report_html_write(h5, html, err);
    if (st == SIM_OK && !quiet)
        fprintf(stderr, "alliance-sim: report written to %s\n", html);
    return st;
}

/* The outputs that existed when checked (cli_report_replaced); a
 * checkpoint that a finished sweep removes is not reported, as it no longer
 * exists then. */
#define MAX_NOTED 16
static char noted[MAX_NOTED][PATH_MAX];
static int n_noted = 0;

void cli_note_output(const char *output)
{
    struct stat sb;
    if (n_noted < MAX_NOTED && stat(output, &sb) == 0 && S_ISREG(sb.st_mode))
        snprintf(noted[n_noted++], PATH_MAX, "%s", output);
}

void cli_report_replaced(void)
{
    struct stat sb;
    for (int i = 0; i < n_noted; i++)
        if (stat(noted[i], &sb) == 0)
            fprintf(stderr, "alliance-sim: replaced the previous %s\n",
                    noted[i]);
    n_noted = 0;
}

sim_status cli_check_output(const char *output, const char *what,
                            const char *const *inputs, char *err)
{
    cli_note_output(output);
    if (h5u_check_target(output, what, err) != 0)
        return SIM_ERR_IO;
    /* A rename onto an input would replace it with the output. */
    for (const char *const *in = inputs; *in != NULL; in++)
        if (settings_reads_file(*in, output))
            return sim_fail(err, SIM_ERR_USAGE,
                            "%s: %s would replace a file that %s reads "
                            "(itself or a file it @includes); choose another "
                            "output",
                            output, what, *in);
    if (h5u_mkdir_parents(output, err) != 0)
        return SIM_ERR_IO;
    outfile_remove_stale(output, stderr);
    return outfile_check_writable(output, err);
}
