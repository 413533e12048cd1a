/*
 * cli_calibrate.c - `alliance-sim calibrate`: fit free parameters of a
 * scenario to target figures of `compare`, write the calibrated scenario.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "sim/analysis/calibrate.h"
#include "sim/io/tables.h"

static void calibrate_usage(FILE *out)
{
    fputs("Usage: alliance-sim calibrate SCENARIO.cfg --targets FILE "
          "[OPTIONS]\n"
          "\n"
          "Fits the free parameters named in the targets file (with their "
          "bounds) so\n"
          "that `alliance-sim compare` reaches the target figures at the "
          "given horizon,\n"
          "with GSL's Nelder-Mead simplex on fixed random streams; prints "
          "the fitted\n"
          "values, the achieved figures and the residuals, and writes a "
          "calibrated\n"
          "scenario that @includes SCENARIO.cfg (docs/calibration.md).\n"
          "\n"
          "Options:\n"
          "  --targets FILE   the targets and free parameters (required)\n"
          "  -o, --output F   calibrated scenario (default: the targets "
          "file's output,\n"
          "                   or out/SCENARIO-calibrated.cfg); only -o "
          "replaces an\n"
          "                   existing file\n"
          "  --json           print the result as JSON\n"
          "  -q, --quiet      no progress\n"
          "  -h, --help       show this help\n",
          out);
}

int cli_calibrate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"targets", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char err[SIM_ERR_LEN];
    const char *targets = NULL, *output = NULL;
    int json = 0, quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (optarg[0] == '\0')
                return cli_error(SIM_ERR_USAGE,
                                 "--targets: expected a file name, got an "
                                 "empty one");
            targets = optarg;
            break;
        case 'o':
            if (optarg[0] == '\0')
                return cli_error(SIM_ERR_USAGE,
                                 "-o: expected a file name, got an empty one");
            if (strlen(optarg) >= PARAM_PATH_LEN - PARAM_PATH_ROOM) {
                snprintf(err, sizeof err,
                         "-o: expected a file name of at most %d characters, "
                         "got %zu",
                         PARAM_PATH_LEN - PARAM_PATH_ROOM - 1, strlen(optarg));
                return cli_error(SIM_ERR_RANGE, err);
            }
            output = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            calibrate_usage(stdout);
            return 0;
        case ':':
            snprintf(err, sizeof err,
                     "option %s needs a value (alliance-sim calibrate --help)",
                     argv[optind - 1]);
            return cli_error(SIM_ERR_USAGE, err);
        default:
            return cli_error(cli_unknown_option("calibrate", argv[optind - 1],
                                                longopts, err),
                             err);
        }
    }
    if (optind != argc - 1 || targets == NULL)
        return cli_error(SIM_ERR_USAGE,
                         "expected SCENARIO.cfg and --targets FILE "
                         "(alliance-sim calibrate --help)");

    struct scenario *sc = NULL;
    struct calibration *cal = NULL;
    struct calibrate_result r;
    memset(&r, 0, sizeof r);
    sim_status st = scenario_load(argv[optind], &sc, err);
    if (st == SIM_OK)
        st = calibration_load(targets, sc, &cal, err);
    char out[PATH_MAX];
    if (st == SIM_OK) {
        if (output != NULL)
            snprintf(out, sizeof out, "%s", output);
        else if (cal->settings.output[0] != '\0')
            snprintf(out, sizeof out, "%s", cal->settings.output);
        else {
            /* Under out/, as every command's output: never beside the
             * scenario, which may be a tracked file in scenarios/. */
            const char *name = strrchr(sc->path, '/');
            name = name != NULL ? name + 1 : sc->path;
            size_t stem = strlen(name);
            if (stem > 4 && strcmp(name + stem - 4, ".cfg") == 0)
                stem -= 4;
            snprintf(out, sizeof out, "out/%.*s-calibrated.cfg", (int)stem,
                     name);
        }
        /* A scenario is hand-written or tracked: calibrate replaces one
         * only when the command line names it. */
        struct stat existing;
        if (output == NULL && stat(out, &existing) == 0)
            st = sim_fail(err, SIM_ERR_USAGE,
                          "%s: the calibrated scenario would replace this "
                          "existing file; name it with -o %s to replace it, "
                          "or choose another output",
                          out, out);
        /* Refused before the minutes of fitting, not after; the calibrated
         * scenario @includes the original, so it must not replace it. */
        const char *const inputs[] = {sc->path, targets, NULL};
        if (st == SIM_OK)
            st = cli_check_output(out, "the calibrated scenario", inputs,
                                  err);
    }
    if (st == SIM_OK)
        st = calibrate_run(sc, cal, &r,
                           quiet || !isatty(STDERR_FILENO) ? NULL : stderr,
                           err);
    if (st == SIM_OK)
        st = calibrate_write_scenario(sc, cal, &r, out, err);
    if (st != SIM_OK) {
        calibration_free(cal);
        scenario_free(sc);
        return cli_error(st, err);
    }
    if (json) {
        printf("{\n  \"scenario\": ");
        report_json_string(stdout, sc->path);
        printf(",\n  \"calibrated_scenario\": ");
        report_json_string(stdout, out);
        printf(",\n  \"horizon\": %ld,\n  \"objective\": ",
               cal->settings.horizon);
        tables_json_number(stdout, r.objective);
        printf(",\n  \"iterations\": %ld,\n  \"converged\": %s,\n  \"free\": {",
               r.iterations, r.converged ? "true" : "false");
        for (int i = 0; i < cal->n_free; i++) {
            printf("%s\n    ", i ? "," : "");
            report_json_string(stdout, cal->free[i].name);
            printf(": ");
            tables_json_number(stdout, r.values[i]);
        }
        printf("\n  },\n  \"targets\": {");
        for (int t = 0; t < cal->n_targets; t++) {
            const struct calibrate_target *tg = &cal->targets[t];
            double got = r.achieved[tg->metric];
            printf("%s\n    \"%s\": {\"target\": ", t ? "," : "",
                   compare_metric_names[tg->metric]);
            tables_json_number(stdout, tg->value);
            printf(", \"achieved\": ");
            tables_json_number(stdout, got);
            printf(", \"residual\": ");
            tables_json_number(stdout, got - tg->value);
            printf("}");
        }
        printf("\n  }\n}\n");
    } else {
        printf("alliance-sim calibrate: %s against %s at %ld months\n"
               "%s after %ld iterations (%ld evaluations), objective %.4g\n\n"
               "Fitted parameters:\n",
               sc->path, cal->path, cal->settings.horizon,
               r.converged ? "Converged" : "Stopped, NOT converged,",
               r.iterations, r.evaluations, r.objective);
        for (int i = 0; i < cal->n_free; i++)
            printf("  %-48s %10.4g   in [%g, %g]%s\n", cal->free[i].name,
                   r.values[i], cal->free[i].min, cal->free[i].max,
                   cal->free[i].n_paths > 1 ? " (and tied paths)" : "");
        printf("\nTargets:\n  %-24s %10s %10s %10s\n", "metric", "target",
               "achieved", "residual");
        for (int t = 0; t < cal->n_targets; t++) {
            const struct calibrate_target *tg = &cal->targets[t];
            double got = r.achieved[tg->metric];
            printf("  %-24s %10.4g %10.4g %+10.2f%%\n",
                   compare_metric_names[tg->metric], tg->value, got,
                   100.0 * (got - tg->value) / tg->value);
        }
        printf("\nWrote %s\n", out);
    }
    calibration_free(cal);
    scenario_free(sc);
    return 0;
}
