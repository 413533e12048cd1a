/*
 * cli_report.c - `alliance-sim report FILE.h5`: the file's charts as one
 * self-contained HTML page, and as figures for papers.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "sim/io/report_figures.h"
#include "sim/io/report_html.h"
#include "sim/io/tables.h"
#include "sim/io/h5json.h"

static void report_usage(FILE *out)
{
    fputs("Usage: alliance-sim report FILE.h5 [-o FILE.html] "
          "[--figures DIR [--format svg|png|pdf]]\n"
          "\n"
          "Draws the charts of a file written by run, compare, sweep or "
          "sensitivity\n"
          "into one HTML page that opens offline in any browser (nothing is "
          "loaded\n"
          "from the network): fan charts with the file's horizons, "
          "survival, funding\n"
          "mix, horizon matrix and rules for a run; both arms and the "
          "metrics for a\n"
          "comparison; scatter plots for a sweep; Sobol and Morris charts "
          "for a\n"
          "sensitivity analysis.  The files of calibrate --ensemble and "
          "compare\n"
          "--ensemble get a page of tables (no figures).\n"
          "\n"
          "Options:\n"
          "  -o, --output FILE   the HTML page (default: FILE with .html for "
          ".h5)\n"
          "  --figures DIR       also write each chart as a file in DIR\n"
          "  --format FMT        format of the figures: svg (default), png "
          "or pdf\n"
          "  --json              print what was written as JSON\n"
          "  -q, --quiet         do not say where the report was written\n"
          "  -h, --help          show this help\n",
          out);
}

int cli_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"figures", required_argument, NULL, 'F'},
        {"format", required_argument, NULL, 'f'},
        {"quiet", no_argument, NULL, 'q'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *figures = NULL, *format = NULL;
    int quiet = 0, json = 0;
    char err[SIM_ERR_LEN];
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
        case 'F':
            if (cli_path_argument(c == 'o' ? "-o" : "--figures",
                                  c == 'o' ? "a file name" : "a directory",
                                  optarg, err) != SIM_OK)
                return cli_error(SIM_ERR_USAGE, err);
            *(c == 'o' ? &output : &figures) = optarg;
            break;
        case 'f':
            format = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            report_usage(stdout);
            return 0;
        case ':':
            snprintf(err, sizeof err,
                     "report: option '%s' needs a value (alliance-sim report "
                     "--help)",
                     argv[optind - 1]);
            return cli_error(SIM_ERR_USAGE, err);
        default:
            return cli_error(cli_unknown_option("report", argv[optind - 1],
                                                longopts, err),
                             err);
        }
    }
    if (optind != argc - 1) {
        report_usage(stderr);
        return cli_error(SIM_ERR_USAGE,
                         optind >= argc
                             ? "report: which file? (alliance-sim report "
                               "FILE.h5)"
                             : "report: one HDF5 file at a time");
    }
    enum figure_format fmt = FIGURE_SVG;
    if (format != NULL && figure_format_parse(format, &fmt) != 0) {
        snprintf(err, sizeof err,
                 "report: --format '%s': expected svg, png or pdf", format);
        /* A choice outside its set, as an unknown name of a setting's
         * choices: out of range, not a malformed command line. */
        return cli_error(SIM_ERR_RANGE, err);
    }
    if (format != NULL && figures == NULL)
        return cli_error(SIM_ERR_USAGE,
                         "report: --format applies to --figures DIR");
    const char *h5 = argv[optind];
    char html[4096];
    if (output == NULL) {
        if (report_html_default_path(h5, html, sizeof html) != 0)
            return cli_error(SIM_ERR_RANGE, "report: file name too long");
        output = html;
    }
    cli_note_output(output);
    sim_status st = figures != NULL ? report_figures_check(h5, err) : SIM_OK;
    if (st != SIM_OK)
        return cli_error(st, err);
    st = report_html_write(h5, output, err);
    if (st != SIM_OK)
        return cli_error(st, err);
    if (!quiet && !json)
        fprintf(stderr, "alliance-sim: report written to %s\n", output);
    int n = 0;
    if (figures != NULL) {
        st = report_figures_write(h5, figures, fmt, &n, err);
        if (st != SIM_OK)
            return cli_error(st, err);
        if (!quiet && !json)
            fprintf(stderr, "alliance-sim: %d figures written to %s\n", n,
                    figures);
    }
    if (json) {
        printf("{\n  \"file\": ");
        h5json_string(stdout, h5);
        printf(",\n  \"report\": ");
        h5json_string(stdout, output);
        printf(",\n  \"figures_dir\": ");
        if (figures != NULL)
            h5json_string(stdout, figures);
        else
            printf("null");
        printf(",\n  \"figures\": %d,\n  \"format\": \"%s\"\n}\n", n,
               figures != NULL ? (format != NULL ? format : "svg") : "none");
    }
    return 0;
}
