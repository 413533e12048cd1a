/*
 * cli_calibrate.c - `alliance-sim calibrate`: fit free parameters of a
 * scenario to target figures of `compare`, from one start or many, and
 * write the calibrated scenario only when every target is met.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "sim/analysis/calibrate.h"
#include "sim/analysis/ensemble.h"
#include "sim/core/alloc.h"
#include "sim/io/tables.h"
#include "sim/io/h5json.h"

static void calibrate_usage(FILE *out)
{
    fputs("Usage: alliance-sim calibrate SCENARIO.cfg --targets FILE "
          "[OPTIONS]\n"
          "\n"
          "Fits the free parameters named in the targets file (with their "
          "bounds) so\n"
          "that `alliance-sim compare` reaches the target figures at the "
          "given horizon,\n"
          "with GSL's Nelder-Mead simplex on fixed random streams.  The fit "
          "converges\n"
          "only when every target is met within its tolerance; then it "
          "writes a\n"
          "calibrated scenario that @includes SCENARIO.cfg "
          "(docs/calibration.md).\n"
          "Otherwise it names the targets missed, writes nothing and exits "
          "with\n"
          "status 12.  A parameter that ends within 1% of its range from a "
          "bound is\n"
          "reported on stderr.\n"
          "\n"
          "Options:\n"
          "  --targets FILE   the targets and free parameters (required)\n"
          "  -o, --output F   calibrated scenario (default: the targets "
          "file's output,\n"
          "                   or out/SCENARIO-calibrated.cfg); only -o "
          "replaces an\n"
          "                   existing file\n"
          "  --starts N       run the simplex from N starts (default 1): the "
          "file's start,\n"
          "                   then points of a Sobol' design over the free "
          "parameters'\n"
          "                   ranges, in parallel; reports how many meet "
          "the targets and\n"
          "                   the range of each parameter across them\n"
          "  --ensemble F.h5  write the fits that meet the targets (and "
          "every start) to\n"
          "                   an HDF5 file, for `compare --ensemble`; only "
          "when one does\n"
          "  --keep-best      write the best fit even when it misses a "
          "target (the exit\n"
          "                   status still says so)\n"
          "  --threads N      OpenMP threads (results do not depend on it)\n"
          "  --json           print the result as JSON\n"
          "  -q, --quiet      no progress\n"
          "  -h, --help       show this help\n",
          out);
}

struct calibrate_options {
    const char *targets, *output, *ensemble;
    int starts, keep_best, json, quiet, threads;
};

/* 0, 1 when --help was printed, -1 with a message in err and the class of
 * error in *status. */
static int parse_options(int argc, char **argv, struct calibrate_options *o,
                         sim_status *status, char *err)
{
    enum { OPT_STARTS = 256, OPT_KEEP_BEST, OPT_THREADS, OPT_ENSEMBLE };
    static const struct option longopts[] = {
        {"targets", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"starts", required_argument, NULL, OPT_STARTS},
        {"keep-best", no_argument, NULL, OPT_KEEP_BEST},
        {"ensemble", required_argument, NULL, OPT_ENSEMBLE},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"json", no_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->starts = 1;
    *status = SIM_ERR_USAGE;
    int c;
    long long n = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (cli_path_argument("--targets", "a file name", optarg, err) !=
                SIM_OK)
                return -1;
            o->targets = optarg;
            break;
        case 'o':
            if (cli_path_argument("-o", "a file name", optarg, err) != SIM_OK)
                return -1;
            if (strlen(optarg) >= PARAM_PATH_LEN - PARAM_PATH_ROOM) {
                snprintf(err, SIM_ERR_LEN,
                         "-o: expected a file name of at most %d characters, "
                         "got %zu",
                         PARAM_PATH_LEN - PARAM_PATH_ROOM - 1, strlen(optarg));
                *status = SIM_ERR_RANGE;
                return -1;
            }
            o->output = optarg;
            break;
        case OPT_STARTS:
            *status = cli_option_integer("--starts", optarg, 1,
                                         CALIBRATE_MAX_STARTS, &n, err);
            if (*status != SIM_OK)
                return -1;
            o->starts = (int)n;
            *status = SIM_ERR_USAGE;
            break;
        case OPT_KEEP_BEST:
            o->keep_best = 1;
            break;
        case OPT_ENSEMBLE:
            o->ensemble = optarg;
            break;
        case OPT_THREADS:
            *status = cli_set_threads(optarg, &o->threads, err);
            if (*status != SIM_OK)
                return -1;
            *status = SIM_ERR_USAGE;
            break;
        case 'j':
            o->json = 1;
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'h':
            calibrate_usage(stdout);
            return 1;
        case ':':
            snprintf(err, SIM_ERR_LEN,
                     "option %s needs a value (alliance-sim calibrate --help)",
                     argv[optind - 1]);
            return -1;
        default:
            *status = cli_unknown_option("calibrate", argv[optind - 1],
                                         longopts, err);
            return -1;
        }
    }
    if (optind != argc - 1 || o->targets == NULL) {
        snprintf(err, SIM_ERR_LEN,
                 "expected SCENARIO.cfg and --targets FILE (alliance-sim "
                 "calibrate --help)");
        return -1;
    }
    return 0;
}

/* The range of each free parameter across the fits that met the targets. */
struct spread {
    int n_met;
    double low[CALIBRATE_MAX_FREE], high[CALIBRATE_MAX_FREE];
};

static void spread_of(const struct calibration *cal,
                      const struct calibrate_result *fits, int n,
                      struct spread *sp)
{
    memset(sp, 0, sizeof *sp);
    for (int s = 0; s < n; s++) {
        if (!fits[s].converged)
            continue;
        for (int i = 0; i < cal->n_free; i++) {
            double v = fits[s].values[i];
            if (sp->n_met == 0 || v < sp->low[i])
                sp->low[i] = v;
            if (sp->n_met == 0 || v > sp->high[i])
                sp->high[i] = v;
        }
        sp->n_met++;
    }
}

static double residual_share(const struct calibrate_target *tg, double got)
{
    return (got - tg->value) / tg->value;
}

static void print_json(const struct scenario *sc, const struct calibration *cal,
                       const struct calibrate_result *fits, int n, int best,
                       const struct spread *sp, const char *out, int wrote)
{
    const struct calibrate_result *r = &fits[best];
    printf("{\n  \"scenario\": ");
    h5json_string(stdout, sc->path);
    printf(",\n  \"calibrated_scenario\": ");
    if (wrote)
        h5json_string(stdout, out);
    else
        printf("null");
    printf(",\n  \"horizon\": %ld,\n  \"starts\": %d,\n  \"agree\": %d,\n"
           "  \"best_start\": %d,\n  \"objective\": %.10g,\n"
           "  \"iterations\": %ld,\n  \"evaluations\": %ld,\n"
           "  \"converged\": %s,\n  \"simplex_converged\": %s,\n"
           "  \"free\": {",
           cal->settings.horizon, n, sp->n_met, r->start, r->objective,
           r->iterations, r->evaluations, r->converged ? "true" : "false",
           r->simplex_converged ? "true" : "false");
    for (int i = 0; i < cal->n_free; i++) {
        printf("%s\n    ", i ? "," : "");
        h5json_string(stdout, cal->free[i].name);
        printf(": %.10g", r->values[i]);
    }
    printf("\n  },\n  \"near_bound\": [");
    int first = 1;
    for (int i = 0; i < cal->n_free; i++) {
        int side = calibrate_near_bound(&cal->free[i], r->values[i]);
        if (side == 0)
            continue;
        printf("%s\n    {\"parameter\": ", first ? "" : ",");
        h5json_string(stdout, cal->free[i].name);
        printf(", \"bound\": \"%s\"}", side < 0 ? "min" : "max");
        first = 0;
    }
    printf("%s],\n  \"spread\": {", first ? "" : "\n  ");
    for (int i = 0; i < cal->n_free; i++) {
        printf("%s\n    ", i ? "," : "");
        h5json_string(stdout, cal->free[i].name);
        printf(": {\"min\": ");
        tables_json_number(stdout, sp->n_met > 0 ? sp->low[i] : NAN);
        printf(", \"max\": ");
        tables_json_number(stdout, sp->n_met > 0 ? sp->high[i] : NAN);
        printf(", \"bounds\": [%.10g, %.10g]}", cal->free[i].min,
               cal->free[i].max);
    }
    printf("\n  },\n  \"targets\": {");
    for (int t = 0; t < cal->n_targets; t++) {
        const struct calibrate_target *tg = &cal->targets[t];
        double got = r->achieved[tg->metric];
        printf("%s\n    \"%s\": {\"target\": %.10g, \"achieved\": ",
               t ? "," : "", compare_metric_names[tg->metric], tg->value);
        tables_json_number(stdout, got);
        printf(", \"residual\": ");
        tables_json_number(stdout, got - tg->value);
        printf(", \"tolerance\": %.10g, \"met\": %s}", tg->tolerance,
               calibrate_target_met(cal, t, r) ? "true" : "false");
    }
    printf("\n  },\n  \"fits\": [");
    for (int s = 0; s < n; s++) {
        const struct calibrate_result *f = &fits[s];
        printf("%s\n    {\"start\": %d, \"converged\": %s, "
               "\"objective\": ",
               s ? "," : "", f->start, f->converged ? "true" : "false");
        tables_json_number(stdout, f->objective);
        printf(", \"from\": [");
        for (int i = 0; i < cal->n_free; i++)
            printf("%s%.10g", i ? ", " : "", f->start_values[i]);
        printf("], \"values\": [");
        for (int i = 0; i < cal->n_free; i++)
            printf("%s%.10g", i ? ", " : "", f->values[i]);
        printf("], \"achieved\": {");
        for (int t = 0; t < cal->n_targets; t++) {
            printf("%s\"%s\": ", t ? ", " : "",
                   compare_metric_names[cal->targets[t].metric]);
            tables_json_number(stdout, f->achieved[cal->targets[t].metric]);
        }
        printf("}}");
    }
    printf("\n  ]\n}\n");
}

static void print_table(const struct scenario *sc,
                        const struct calibration *cal,
                        const struct calibrate_result *fits, int n, int best,
                        const struct spread *sp)
{
    const struct calibrate_result *r = &fits[best];
    printf("alliance-sim calibrate: %s against %s at %ld months\n", sc->path,
           cal->path, cal->settings.horizon);
    if (n > 1)
        printf("%d starts (the targets file's, then a Sobol' design over the "
               "ranges): %d meet every target; the best is start %d\n",
               n, sp->n_met, r->start);
    if (r->converged)
        printf("Converged: every target within its tolerance");
    else
        printf("NOT converged: %s",
               r->simplex_converged
                   ? "the simplex stopped at a point that misses a target"
               : r->simplex_stuck
                   ? "the simplex could not move further (every step tried "
                     "made the objective no better)"
                   : "the simplex ran out of iterations");
    printf(" (%ld iterations, %ld evaluations, objective %.4g)\n\n",
           r->iterations, r->evaluations, r->objective);
    printf("Fitted parameters%s:\n", n > 1 ? " (best start)" : "");
    for (int i = 0; i < cal->n_free; i++) {
        const struct calibrate_free *f = &cal->free[i];
        printf("  %-48s %10.4g   in [%g, %g]%s\n", f->name, r->values[i],
               f->min, f->max, f->n_paths > 1 ? " (and tied paths)" : "");
    }
    printf("\nTargets:\n  %-24s %10s %10s %10s %10s\n", "metric", "target",
           "achieved", "residual", "tolerance");
    for (int t = 0; t < cal->n_targets; t++) {
        const struct calibrate_target *tg = &cal->targets[t];
        double got = r->achieved[tg->metric];
        printf("  %-24s %10.4g %10.4g %+9.2f%% %9.2f%%  %s\n",
               compare_metric_names[tg->metric], tg->value, got,
               100.0 * residual_share(tg, got), 100.0 * tg->tolerance,
               calibrate_target_met(cal, t, r) ? "met" : "MISSED");
    }
    if (n > 1 && sp->n_met > 0) {
        printf("\nIdentifiability: each parameter across the %d fit%s that "
               "meet%s the targets\n  %-48s %10s %10s %8s\n",
               sp->n_met, sp->n_met == 1 ? "" : "s", sp->n_met == 1 ? "s" : "",
               "parameter", "min", "max", "of range");
        for (int i = 0; i < cal->n_free; i++) {
            const struct calibrate_free *f = &cal->free[i];
            printf("  %-48s %10.4g %10.4g %7.1f%%\n", f->name, sp->low[i],
                   sp->high[i],
                   100.0 * (sp->high[i] - sp->low[i]) / (f->max - f->min));
        }
    }
}

/* Every parameter of the best fit near a bound, on stderr whatever -q says:
 * the reading of a fit depends on it. */
static void warn_bounds(const struct calibration *cal,
                        const struct calibrate_result *r)
{
    for (int i = 0; i < cal->n_free; i++) {
        const struct calibrate_free *f = &cal->free[i];
        int side = calibrate_near_bound(f, r->values[i]);
        if (side != 0)
            fprintf(stderr,
                    "alliance-sim: warning: %s ends at %.6g, within %g%% of "
                    "its range from its %s bound %g: the targets may want it "
                    "beyond the range its source allows\n",
                    f->name, r->values[i], 100.0 * CALIBRATE_NEAR_BOUND,
                    side < 0 ? "lower" : "upper", side < 0 ? f->min : f->max);
    }
}

/* "durability 1.28 against 3 (-57.3%, tolerance 1%); ..." into buf. */
static void missed_targets(const struct calibration *cal,
                           const struct calibrate_result *r, char *buf,
                           size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int t = 0; t < cal->n_targets && used < len; t++) {
        if (calibrate_target_met(cal, t, r))
            continue;
        const struct calibrate_target *tg = &cal->targets[t];
        double got = r->achieved[tg->metric];
        int k = snprintf(buf + used, len - used,
                         "%s%s %.4g against %.4g (%+.1f%%, tolerance %g%%)",
                         used ? "; " : "", compare_metric_names[tg->metric],
                         got, tg->value, 100.0 * residual_share(tg, got),
                         100.0 * tg->tolerance);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

static void default_output(const struct scenario *sc,
                           const struct calibration *cal, const char *option,
                           char *out, size_t len)
{
    if (option != NULL)
        snprintf(out, len, "%s", option);
    else if (cal->settings.output[0] != '\0')
        snprintf(out, len, "%s", cal->settings.output);
    else {
        /* Under out/, as every command's output: never beside the
         * scenario, which may be a tracked file in scenarios/. */
        const char *name = strrchr(sc->path, '/');
        name = name != NULL ? name + 1 : sc->path;
        size_t stem = strlen(name);
        if (stem > 4 && strcmp(name + stem - 4, ".cfg") == 0)
            stem -= 4;
        snprintf(out, len, "out/%.*s-calibrated.cfg", (int)stem, name);
    }
}

int cli_calibrate(int argc, char **argv)
{
    char err[SIM_ERR_LEN];
    struct calibrate_options o;
    sim_status parse_status = SIM_OK;
    int parsed = parse_options(argc, argv, &o, &parse_status, err);
    if (parsed == 1)
        return 0;
    if (parsed < 0)
        return cli_error(parse_status, err);

    struct scenario *sc = NULL;
    struct calibration *cal = NULL;
    struct calibrate_result *fits = NULL;
    sim_status st = scenario_load(argv[optind], &sc, err);
    if (st == SIM_OK)
        st = compare_check_scenario(
            sc, "calibrate fits compare's figures, and compare",
            "Calibrate the organisations' template on an organisation "
            "scenario (the territory's settings outside its territory "
            "group), then use its settings in the territory; alliance-sim "
            "sweep varies a territory's own settings (docs/sweeps.md)",
            err);
    if (st == SIM_OK)
        st = calibration_load(o.targets, sc, &cal, err);
    char out[PATH_MAX];
    if (st == SIM_OK) {
        default_output(sc, cal, o.output, out, sizeof out);
        /* A scenario is hand-written or tracked: calibrate replaces one
         * only when the command line names it. */
        struct stat existing;
        if (o.output == NULL && stat(out, &existing) == 0)
            st = sim_fail(err, SIM_ERR_USAGE,
                          "%s: the calibrated scenario would replace this "
                          "existing file; name it with -o %s to replace it, "
                          "or choose another output",
                          out, out);
        /* Refused before the minutes of fitting, not after; the calibrated
         * scenario @includes the original, so it must not replace it. */
        const char *const inputs[] = {sc->path, o.targets, NULL};
        if (st == SIM_OK)
            st = cli_check_output(out, "the calibrated scenario", inputs,
                                  err);
        if (st == SIM_OK && o.ensemble != NULL) {
            const char *const also[] = {sc->path, o.targets, NULL};
            st = strcmp(o.ensemble, out) == 0
                     ? sim_fail(err, SIM_ERR_USAGE,
                                "%s: the ensemble file and the calibrated "
                                "scenario must be two files",
                                out)
                     : cli_check_output(o.ensemble, "the ensemble file",
                                        also, err);
        }
    }
    if (st == SIM_OK) {
        fits = sim_calloc((size_t)o.starts, sizeof *fits);
        if (fits == NULL)
            st = sim_fail(err, SIM_ERR_NOMEM, "calibrate: out of memory");
    }
    FILE *log = o.quiet || !isatty(STDERR_FILENO) ? NULL : stderr;
    if (st == SIM_OK)
        st = o.starts == 1 ? calibrate_run(sc, cal, &fits[0], log, err)
                           : calibrate_starts(sc, cal, o.starts, fits, log,
                                              err);
    int best = st == SIM_OK ? calibrate_best(fits, o.starts) : 0;
    int wrote = 0;
    /* The ensemble first: a failure to write it leaves no scenario that
     * claims a fit the ensemble does not hold. */
    if (st == SIM_OK && o.ensemble != NULL && fits[best].converged) {
        char command[2048];
        cli_join_args("calibrate", argc, argv, command, sizeof command);
        st = ensemble_write(o.ensemble, sc, cal, fits, o.starts, command,
                            err);
    }
    if (st == SIM_OK && (fits[best].converged || o.keep_best)) {
        st = calibrate_write_scenario(sc, cal, &fits[best], out, err);
        wrote = st == SIM_OK;
    }
    if (st == SIM_OK) {
        struct spread sp;
        spread_of(cal, fits, o.starts, &sp);
        if (o.json)
            print_json(sc, cal, fits, o.starts, best, &sp, out, wrote);
        else {
            print_table(sc, cal, fits, o.starts, best, &sp);
            if (wrote)
                printf("\nWrote %s%s\n", out,
                       fits[best].converged ? ""
                                            : " (the best fit, targets "
                                              "missed: --keep-best)");
            if (wrote && o.ensemble != NULL && fits[best].converged)
                printf("Wrote %s (the %d fit%s that meet%s the targets)\n",
                       o.ensemble, sp.n_met, sp.n_met == 1 ? "" : "s",
                       sp.n_met == 1 ? "s" : "");
        }
        fflush(stdout);
        warn_bounds(cal, &fits[best]);
        if (!fits[best].converged) {
            char missed[SIM_ERR_LEN - 200];
            missed_targets(cal, &fits[best], missed, sizeof missed);
            st = sim_fail(err, SIM_ERR_NOT_MET,
                          "%s: targets not met%s: %s; %s", cal->path,
                          o.starts > 1 ? " by any start" : "", missed,
                          wrote ? "the best fit was written (--keep-best)"
                                : "nothing written (--keep-best writes the "
                                  "best fit; --starts N tries N starts)");
        }
    }
    sim_free(fits);
    calibration_free(cal);
    scenario_free(sc);
    if (st != SIM_OK)
        return cli_error(st, err);
    return 0;
}
