/*
 * cli_sweep.c - `alliance-sim sweep`: run a sweep file's design block by
 * block (checkpointed, resumable) and write the HDF5 file; the block loop
 * that `alliance-sim sensitivity` shares (sweep_cli.h).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "sweep_cli.h"
#include "sim/analysis/design.h"
#include "sim/analysis/sweep_mpi.h"
#include "sim/analysis/sweep_run.h"
#include "sim/core/alloc.h"
#include "sim/io/csv.h"
#include "sim/io/h5util.h"
#include "sim/io/tables.h"
#include "sim/io/h5json.h"

#define MAX_SWEEP_OVERRIDES 32

struct sweep_options {
    const char *file;
    int resume, csv, json, quiet, report, threads;
    int help; /* --help was printed: nothing else to do */
    struct sweep_override overrides[MAX_SWEEP_OVERRIDES];
    char set_buf[MAX_SWEEP_OVERRIDES][256];
    size_t n_overrides;
};

static void sweep_usage(FILE *out, int sensitivity)
{
    if (sensitivity)
        fputs("Usage: alliance-sim sensitivity FILE.cfg [OPTIONS]\n"
              "\n"
              "Global sensitivity analysis of the outputs of a sweep file "
              "(docs/sweeps.md):\n"
              "Sobol first-order and total indices (Saltelli 2010 design, "
              "N (k + 2)\n"
              "evaluations, asymptotic or bootstrap confidence intervals) or "
              "Morris\n"
              "elementary effects (sensitivity.method), for every output at "
              "every\n"
              "report horizon.\n",
              out);
    else
        fputs("Usage: alliance-sim sweep FILE.cfg [OPTIONS]\n"
              "\n"
              "Runs a sweep file's design (grid, random, lhs or sobol) over "
              "its parameters\nand writes the design and the outputs of "
              "interest to HDF5 (docs/sweeps.md).\n",
              out);
    fputs("\nOptions:\n"
          "  --resume      continue an interrupted run from its checkpoint\n"
          "  -o FILE       the HDF5 output file (the file's `output`)\n"
          "  --csv         also write FILE.csv beside FILE.h5: a row per "
          "evaluation\n",
          out);
    if (sensitivity)
        fputs("                and FILE-indices.csv: the indices with their "
              "intervals\n",
              out);
    fputs("  --json        print the results as JSON: the rows of a sweep, "
          "the indices\n"
          "                of a sensitivity analysis\n"
          "  --set PATH=VALUE  override a scalar setting of the file, e.g. "
          "--set samples=256\n"
          "  --threads N   OpenMP threads (results do not depend on it)\n"
          "  -q, --quiet   no progress line\n"
          "  --report      also write the HTML report (FILE.html beside "
          "FILE.h5)\n",
          out);
    fputs("  -h, --help    show this help\n", out);
}

static sim_status parse_options(int argc, char **argv, int sensitivity,
                                struct sweep_options *o, char *err)
{
    static const struct option longopts[] = {
        {"resume", no_argument, NULL, 'r'},
        {"csv", no_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"report", no_argument, NULL, 'R'},
        {"threads", required_argument, NULL, 't'},
        {"set", required_argument, NULL, 's'},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            o->resume = 1;
            break;
        case 'c':
            o->csv = 1;
            break;
        case 'j':
            o->json = 1;
            break;
        case 't': {
            sim_status st = cli_set_threads(optarg, &o->threads, err);
            if (st != SIM_OK)
                return st;
            break;
        }
        case 'o':
            if (cli_path_argument("-o", "a file name", optarg, err) != SIM_OK)
                return SIM_ERR_USAGE;
            if (o->n_overrides == MAX_SWEEP_OVERRIDES)
                return sim_fail(err, SIM_ERR_USAGE, "too many overrides");
            o->overrides[o->n_overrides++] =
                (struct sweep_override){"output", optarg};
            break;
        case 's': {
            if (o->n_overrides == MAX_SWEEP_OVERRIDES)
                return sim_fail(err, SIM_ERR_USAGE,
                                "--set: at most %d overrides",
                                MAX_SWEEP_OVERRIDES);
            char *buf = o->set_buf[o->n_overrides];
            snprintf(buf, sizeof o->set_buf[0], "%s", optarg);
            char *eq = strchr(buf, '=');
            if (eq == NULL || eq == buf)
                return sim_fail(err, SIM_ERR_USAGE,
                                "--set %s: expected PATH=VALUE", optarg);
            *eq = '\0';
            o->overrides[o->n_overrides++] =
                (struct sweep_override){buf, eq + 1};
            break;
        }
        case 'q':
            o->quiet = 1;
            break;
        case 'R':
            o->report = 1;
            break;
        case 'h':
            sweep_usage(stdout, sensitivity);
            o->help = 1;
            return SIM_OK;
        case ':':
            return sim_fail(err, SIM_ERR_USAGE,
                            "option %s needs a value (alliance-sim %s --help)",
                            argv[optind - 1], argv[0]);
        default:
            return cli_unknown_option(sensitivity ? "sensitivity" : "sweep",
                                      argv[optind - 1], longopts, err);
        }
    }
    if (optind != argc - 1)
        return sim_fail(err, SIM_ERR_USAGE,
                        "expected exactly one FILE.cfg (alliance-sim %s "
                        "--help)",
                        argv[0]);
    o->file = argv[optind];
    return SIM_OK;
}

/* ---- a plain sweep's rows: the design ---- */

static sim_status design_rows_of(struct row_source *src, long first,
                                 long count, double *unit, char *err)
{
    return design_rows(src->impl, (size_t)first, (size_t)count, unit, err);
}

static void design_source_free(struct row_source *src)
{
    design_free(src->impl);
    src->impl = NULL;
}

static sim_status design_source_new(const struct sweep *sw,
                                    struct row_source *src, char *err)
{
    enum design_kind kind;
    design_kind_from_name(sw->settings.design, &kind);
    size_t levels[SWEEP_MAX_PARAMS];
    if (kind == DESIGN_GRID)
        for (size_t i = 0; i < sw->n_params; i++) {
            if (sw->params[i].dist.kind != DIST_LEVELS)
                return sim_fail(err, SIM_ERR_INVALID,
                                "%s: design 'grid' needs distribution = "
                                "\"levels\" for every parameter ('%s' has "
                                "%s)",
                                sw->path, sw->params[i].path,
                                dist_kind_name(sw->params[i].dist.kind));
            levels[i] = sw->params[i].dist.n_levels;
        }
    long n = sw->settings.samples;
    struct design *d =
        design_new(kind, sw->n_params, kind == DESIGN_GRID ? 0 : (size_t)n,
                   (uint64_t)sw->settings.seed,
                   kind == DESIGN_GRID ? levels : NULL, err);
    if (d == NULL)
        return SIM_ERR_INVALID;
    if (kind == DESIGN_SOBOL && !design_sobol_n_ok((size_t)n))
        fprintf(stderr,
                "alliance-sim: warning: %s: a Sobol design keeps its balance "
                "only for N a power of two; N = %ld\n",
                sw->path, n);
    src->impl = d;
    src->rows = design_rows_of;
    src->free = design_source_free;
    src->n_rows = (long)design_n_samples(d);
    src->block_rows = sw->settings.block;
    src->samples = src->n_rows;
    src->design = sw->settings.design;
    return SIM_OK;
}

/* ---- a plain sweep's JSON ---- */

static void print_sweep_json(const struct sweep *sw,
                             const struct row_source *src, const char *output,
                             const char *csv, long n_rows,
                             const double *values, const double *outputs)
{
    size_t k = sw->n_params, per_out = sw->n_outputs * (size_t)sw->n_horizons;
    printf("{\n  \"file\": ");
    h5json_string(stdout, sw->path);
    printf(",\n  \"output_file\": ");
    h5json_string(stdout, output);
    printf(",\n  \"csv_file\": ");
    if (csv != NULL)
        h5json_string(stdout, csv);
    else
        printf("null");
    printf(",\n  \"design\": ");
    h5json_string(stdout, src->design);
    printf(",\n  \"evaluations\": %ld,\n  \"horizons\": [", n_rows);
    for (int h = 0; h < sw->n_horizons; h++)
        printf("%s%ld", h ? ", " : "", sw->horizons[h]);
    printf("],\n  \"parameters\": [");
    for (size_t j = 0; j < k; j++) {
        printf("%s\n    {\"path\": ", j ? "," : "");
        h5json_string(stdout, sw->params[j].path);
        printf(", \"unit\": ");
        h5json_string(stdout, sw->params[j].desc->unit);
        printf("}");
    }
    printf("\n  ],\n  \"outputs\": [");
    for (size_t o = 0; o < sw->n_outputs; o++) {
        printf("%s\n    {\"name\": ", o ? "," : "");
        h5json_string(stdout, sw->outputs[o].name);
        printf(", \"unit\": ");
        h5json_string(stdout, sweep_output_unit(sw, o));
        printf("}");
    }
    /* Each row: the parameters' values in their order, and each output's
     * values at the horizons. */
    printf("\n  ],\n  \"rows\": [");
    for (long r = 0; r < n_rows; r++) {
        printf("%s\n    {\"sample\": %ld, \"values\": [", r ? "," : "", r);
        for (size_t j = 0; j < k; j++) {
            printf("%s", j ? ", " : "");
            tables_json_number(stdout, values[(size_t)r * k + j]);
        }
        printf("], \"outputs\": {");
        for (size_t o = 0; o < sw->n_outputs; o++) {
            printf("%s", o ? ", " : "");
            h5json_string(stdout, sw->outputs[o].name);
            printf(": [");
            for (int h = 0; h < sw->n_horizons; h++) {
                printf("%s", h ? ", " : "");
                tables_json_number(
                    stdout, outputs[(size_t)r * per_out +
                                    o * (size_t)sw->n_horizons + (size_t)h]);
            }
            printf("]");
        }
        printf("}}");
    }
    printf("\n  ]\n}\n");
}

/* ---- the blocks spread over MPI ranks (sweep_mpi.h) ---- */

struct rank_progress {
    double start;
    long first_done, total;
};

static void rank_progress_show(void *ctx, long saved)
{
    const struct rank_progress *p = ctx;
    cli_show_progress(p->start, p->first_done, saved, p->total,
                      "evaluations");
}

static sim_status source_rows(void *ctx, long first, long count,
                              double *unit, char *err)
{
    struct row_source *src = ctx;
    return src->rows(src, first, count, unit, err);
}

static sim_status run_on_ranks(const struct sweep *sw, struct row_source *src,
                               long block_rows,
                               struct sweep_runner *runner,
                               struct sweep_store *store, int progress,
                               long *done, char *err)
{
    struct rank_progress shown = {cli_now_seconds(), *done, src->n_rows};
    struct sweep_mpi_job job = {
        .sw = sw,
        .n_rows = src->n_rows,
        .block_rows = block_rows,
        .done = *done,
        .rows = source_rows,
        .rows_ctx = src,
        .runner = runner,
        .store = store,
        .progress = progress ? rank_progress_show : NULL,
        .progress_ctx = &shown,
        .stop = cli_interrupt_status,
    };
    sim_status st = sweep_mpi_run(&job, done, err);
    /* The other ranks are done: rank 0 alone writes the file. */
    if (st == SIM_OK && sweep_mpi_rank() != 0)
        *done = -1;
    return st;
}

/* ---- the blocks on one process ---- */

/* Quick blocks are evaluated several at a time, each still saved as its own
 * record (the unit of resumption does not change): every evaluation ends
 * at a barrier where each thread waits for the slowest, and where the cores
 * are shared with other work a descheduled thread holds the others there
 * for a time slice.  One barrier per 2 ms block of Ishigami (4096 samples)
 * took `sensitivity` at N = 262144 from 0.3 s to 0.55-0.7 s on 2 threads
 * of this machine while other builds ran.  A group aims at
 * SWEEP_GROUP_SECONDS of evaluation, so that a kill loses no more than
 * that beyond the block in progress, and holds at most SWEEP_GROUP_MAX_ROWS
 * rows (the buffers: 14 MB for Ishigami's). */
#define SWEEP_GROUP_SECONDS 0.05
#define SWEEP_GROUP_MAX_ROWS 262144L

/* Blocks in the next group, from the last evaluation: `rows` rows in
 * `seconds`. */
static long next_group(long rows, double seconds, long block_rows)
{
    long most = SWEEP_GROUP_MAX_ROWS / block_rows;
    if (most < 1)
        most = 1;
    double per_block = seconds * (double)block_rows / (double)rows;
    if (!(per_block > 0.0))
        return most;
    double blocks = SWEEP_GROUP_SECONDS / per_block;
    return blocks < 1.0 ? 1 : blocks > (double)most ? most : (long)blocks;
}

/* Makes the three row buffers hold `rows` rows (they hold *cap). */
static sim_status grow_buffers(double **unit, double **values,
                               double **outputs, long *cap, long rows,
                               size_t k, size_t per_out, char *err)
{
    if (rows <= *cap)
        return SIM_OK;
    double *u = sim_calloc((size_t)rows * k, sizeof *u);
    double *v = sim_calloc((size_t)rows * k, sizeof *v);
    double *o = sim_calloc((size_t)rows * per_out, sizeof *o);
    if (u == NULL || v == NULL || o == NULL) {
        sim_free(u);
        sim_free(v);
        sim_free(o);
        return sim_fail(err, SIM_ERR_NOMEM,
                        "out of memory for a group of %ld rows", rows);
    }
    sim_free(*unit);
    sim_free(*values);
    sim_free(*outputs);
    *unit = u;
    *values = v;
    *outputs = o;
    *cap = rows;
    return SIM_OK;
}

/* ---- the command ---- */

int cli_sweep_common(int argc, char **argv, int sensitivity,
                     sim_status (*source_new)(const struct sweep *sw,
                                              struct row_source *src,
                                              char *err),
                     const struct sweep_finish *finish)
{
    char err[SIM_ERR_LEN];
    struct sweep_options opt;
    sim_status parsed = parse_options(argc, argv, sensitivity, &opt, err);
    if (parsed != SIM_OK)
        return cli_error(parsed, err);
    if (opt.help)
        return 0;
    char start[64];
    h5u_iso_time_now(start, sizeof start);

    struct sweep *sw = NULL;
    struct row_source src;
    memset(&src, 0, sizeof src);
    struct sweep_store *store = NULL;
    struct sweep_runner *runner = NULL;
    double *unit = NULL, *values = NULL, *outputs = NULL;
    long n_rows = 0, block_rows = 0, done = 0;
    double *all_values = NULL, *all_outputs = NULL;
    char output[PATH_MAX], csv[PATH_MAX + 16], indices_csv[PATH_MAX + 16];

    sim_status st = sweep_load(opt.file, sensitivity, opt.overrides,
                               opt.n_overrides, &sw, err);
    if (st == SIM_OK)
        st = source_new(sw, &src, err);
    /* Without common random numbers each evaluation draws the stream of its
     * row, a 32-bit field of the Philox counter: more rows would reuse
     * streams. */
    if (st == SIM_OK && !sw->settings.common_random_numbers &&
        sw->scenario != NULL && src.n_rows > (long)UINT32_MAX)
        st = sim_fail(err, SIM_ERR_RANGE,
                      "%s: %ld evaluations with common_random_numbers = "
                      "false, each on a stream of its own, where there are "
                      "%lu streams: set common_random_numbers = true or "
                      "fewer samples",
                      sw->path, src.n_rows, (unsigned long)UINT32_MAX);
    /* Under MPI, every rank has read and checked the file before the first
     * exchange; a rank that failed stops them all with its message. */
    st = sweep_mpi_agree(st, err);
    n_rows = src.n_rows;
    block_rows = src.block_rows;
    if (st != SIM_OK)
        goto done;
    int writer = sweep_mpi_rank() == 0;
    if (writer && sw->unread[0] != '\0')
        fprintf(stderr,
                "alliance-sim: note: %s does not read %s: %s\n",
                strcmp(sw->settings.method, "sobol") == 0
                    ? "the Sobol analysis"
                    : "the Morris screening",
                strchr(sw->unread, ',') != NULL ? "these settings"
                                                : "this setting",
                sw->unread);
    sweep_output_path(sw, output, sizeof output);
    if (csv_path_beside(output, "", csv, sizeof csv) != 0 ||
        csv_path_beside(output, "-indices", indices_csv,
                        sizeof indices_csv) != 0) {
        st = sim_fail(err, SIM_ERR_USAGE, "%s: path too long", output);
        goto done;
    }
    int write_indices = opt.csv && finish != NULL && finish->write_csv;

    /* Before the checkpoint is made: a signal then stops at a block. */
    cli_catch_interrupts();
    /* Refused now, not after hours of evaluations. */
    char checkpoint[PATH_MAX + 16];
    sweep_store_checkpoint_path(output, checkpoint, sizeof checkpoint);
    const char *const inputs[] = {
        sw->path, sw->scenario != NULL ? sw->scenario->path : NULL, NULL};
    st = writer ? cli_check_output(output, "the sweep's HDF5 output", inputs,
                                   err)
                : SIM_OK;
    if (st == SIM_OK && writer)
        st = cli_check_output(checkpoint, "the sweep's checkpoint", inputs,
                              err);
    if (st == SIM_OK && writer && opt.csv)
        st = cli_check_output(csv, "the sweep's CSV output", inputs, err);
    if (st == SIM_OK && writer && write_indices)
        st = cli_check_output(indices_csv, "the CSV of the indices", inputs,
                              err);
    if (st == SIM_OK && writer)
        st = cli_check_report(output, opt.report, inputs, err);
    if (st == SIM_OK && writer &&
        (store = sweep_store_open(sw, n_rows, output, opt.resume, &done,
                                  err)) == NULL)
        st = SIM_ERR_IO;
    /* The indices need every row's outputs in memory: kept as the rows are
     * saved, rather than read back from the checkpoint at the end. */
    if (st == SIM_OK && writer && finish != NULL)
        st = sweep_store_keep_outputs(store, err);
    if (st == SIM_OK && (runner = sweep_runner_new(sw, err)) == NULL)
        st = SIM_ERR_IO;
    st = sweep_mpi_agree(st, err);
    if (st != SIM_OK)
        goto done;
    sweep_mpi_share_long(&done);
    /* Under MPI, rank 0 stops handing out blocks instead (sweep_mpi.h). */
    if (!sweep_mpi_active())
        sweep_runner_set_stop(runner, cli_interrupt_status);
    /* A block bigger than the sweep needs no more room than the sweep. */
    if (block_rows > n_rows && n_rows > 0)
        block_rows = n_rows;
    size_t k = sw->n_params, per_out = sw->n_outputs * (size_t)sw->n_horizons;
    unit = sim_calloc((size_t)block_rows * k, sizeof *unit);
    values = sim_calloc((size_t)block_rows * k, sizeof *values);
    outputs = sim_calloc((size_t)block_rows * per_out, sizeof *outputs);
    if (unit == NULL || values == NULL || outputs == NULL) {
        st = sim_fail(err, SIM_ERR_NOMEM, "out of memory for a block of %ld "
                                          "rows", block_rows);
        goto done;
    }

    int progress = !opt.quiet && isatty(STDERR_FILENO);
    double t0 = cli_now_seconds();
    long first_done = done;
    if (sweep_mpi_active()) {
        st = run_on_ranks(sw, &src, block_rows, runner, store, progress,
                          &done, err);
        if (st != SIM_OK || done < 0)
            goto done;
    }
    long group = 1, cap_rows = block_rows;
    while (done < n_rows) {
        long first = done;
        long count = n_rows - first < group * block_rows ? n_rows - first
                                                          : group * block_rows;
        st = grow_buffers(&unit, &values, &outputs, &cap_rows, count, k,
                          per_out, err);
        /* The source makes a block's rows at a time (its buffers are a
         * block's). */
        for (long at = 0; st == SIM_OK && at < count; at += block_rows)
            st = src.rows(&src, first + at,
                          count - at < block_rows ? count - at : block_rows,
                          unit + (size_t)at * k, err);
        if (st == SIM_OK && cli_interrupted())
            st = cli_interrupt_status();
        sim_status eval = SIM_OK;
        double eval_start = cli_now_seconds();
        if (st == SIM_OK)
            eval = sweep_runner_eval(runner, first, count, unit, values,
                                     outputs, err);
        double eval_seconds = cli_now_seconds() - eval_start;
        /* Interrupted within the block: its leading rows that finished are
         * saved, so that a big block's work is not lost. */
        long complete = eval == SIM_OK ? count
                        : cli_interrupted() ? sweep_runner_completed(runner)
                                            : 0;
        /* One record per block, whether computed alone or in a group. */
        for (long at = 0; st == SIM_OK && at < complete; at += block_rows) {
            long rows = complete - at < block_rows ? complete - at : block_rows;
            char append_err[SIM_ERR_LEN];
            st = sweep_store_append(store, first + at, rows,
                                    unit + (size_t)at * k,
                                    values + (size_t)at * k,
                                    outputs + (size_t)at * per_out,
                                    append_err);
            if (st != SIM_OK)
                memcpy(err, append_err, sizeof append_err);
            else
                done += rows;
        }
        if (st == SIM_OK)
            st = eval;
        if (st != SIM_OK && !cli_interrupted())
            goto done;
        if (progress)
            cli_show_progress(t0, first_done, done, n_rows, "evaluations");
        if (cli_interrupted() && done < n_rows) {
            st = sim_fail(err, cli_interrupt_status(),
                          "interrupted: %ld of %ld evaluations saved; run "
                          "again with --resume to finish",
                          done, n_rows);
            goto done;
        }
        group = next_group(count, eval_seconds, block_rows);
    }
    if (progress)
        fputc('\n', stderr);

    struct sweep_array extras[SWEEP_MAX_EXTRAS];
    size_t n_extras = 0;
    if (finish != NULL) {
        st = finish->compute(finish->ctx, sw, &src, store, extras, &n_extras,
                             err);
        if (st != SIM_OK)
            goto done;
    }
    if (cli_interrupted()) {
        st = sim_fail(err, cli_interrupt_status(),
                      "interrupted: all %ld evaluations saved, no output "
                      "written; run again with --resume to write it",
                      n_rows);
        goto done;
    }
    char command[2048];
    cli_join_args(sensitivity ? "sensitivity" : "sweep", argc, argv, command,
                  sizeof command);
    struct sweep_meta meta = {
        .kind = sensitivity ? "sensitivity" : "sweep",
        .design = src.design,
        .samples = src.samples,
        .command_line = command,
        .start_time = start,
    };
    /* A plain sweep's JSON is its rows, read before the checkpoint that
     * holds them goes. */
    if (opt.json && finish == NULL) {
        all_values = sim_calloc((size_t)n_rows * k, sizeof *all_values);
        all_outputs = sim_calloc((size_t)n_rows * per_out, sizeof *all_outputs);
        if (all_values == NULL || all_outputs == NULL) {
            st = sim_fail(err, SIM_ERR_NOMEM,
                          "--json: out of memory for %ld rows", n_rows);
            goto done;
        }
        st = sweep_store_read(store, 0, n_rows, NULL, all_values, all_outputs,
                              err);
        if (st != SIM_OK)
            goto done;
    }
    st = sweep_store_finish(store, &meta, extras, n_extras,
                            opt.csv ? csv : NULL, err);
    if (st == SIM_OK && write_indices)
        st = finish->write_csv(finish->ctx, sw, indices_csv, err);
    if (st != SIM_OK)
        goto done;
    if (finish != NULL)
        finish->print(finish->ctx, sw, output, opt.json);
    else if (opt.json)
        print_sweep_json(sw, &src, output, opt.csv ? csv : NULL, n_rows,
                         all_values, all_outputs);
    if (!opt.json)
        printf("%sWritten to %s%s%s%s%s\n", finish != NULL ? "\n" : "",
               output, opt.csv ? (write_indices ? ", " : " and ") : "",
               opt.csv ? csv : "", write_indices ? " and " : "",
               write_indices ? indices_csv : "");
    if (opt.report)
        st = cli_write_report(output, opt.quiet, err);
done:
    if (finish != NULL && finish->free != NULL)
        finish->free(finish->ctx);
    sim_free(all_values);
    sim_free(all_outputs);
    sim_free(unit);
    sim_free(values);
    sim_free(outputs);
    sweep_runner_free(runner);
    if (st != SIM_OK && !cli_interrupted())
        sweep_store_close_failed(store);
    else
        sweep_store_free(store);
    if (src.free != NULL)
        src.free(&src);
    sweep_free(sw);
    if (st != SIM_OK)
        return cli_error(st, err);
    return 0;
}

int cli_sweep(int argc, char **argv)
{
    return cli_sweep_common(argc, argv, 0, design_source_new, NULL);
}
