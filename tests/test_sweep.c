/*
 * test_sweep.c - sweep files, the parallel runner and the checkpointed
 * store: loading, applying a design row, determinism, the checkpoint's
 * torn records, records of an earlier version, foreign headers and headers
 * cut short.
 */
#include "test_util.h"
#include "test_random.h"

#include <fcntl.h>

#include <errno.h>
#include <limits.h>

#include <omp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/analysis/sweep.h"
#include "sim/analysis/sweep_run.h"
#include "sim/analysis/sweep_store.h"
#include "sim/io/outfile.h"

/* An Ishigami sweep: fast, deterministic. */
static const char *ishigami_file(void)
{
    return test_write_file(
        "ish.cfg",
        "model = \"ishigami\"; design = \"random\"; samples = 40; seed = 3;\n"
        "parameters = (\n"
        "  { path = \"x1\"; distribution = \"uniform\"; min = -3.0; max = 3.0; },\n"
        "  { path = \"x2\"; distribution = \"levels\"; levels = [0.0, 1.0]; },\n"
        "  { path = \"b\"; distribution = \"triangular\"; min = 0.0; mode = 0.1;"
        " max = 0.5; } );\n"
        "outputs = ( { variable = \"y\"; statistics = [\"mean\", \"p50\"]; } );\n");
}

/* The Ishigami sweep file, loaded (the test fails if it does not load). */
static struct sweep *load_ishigami(void)
{
    struct sweep *sw = NULL;
    char err[SIM_ERR_LEN];
    if (sweep_load(ishigami_file(), 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    return sw;
}

/* An output in the scratch directory and its checkpoint's path. */
static void output_paths(const char *name, char *out, size_t out_len,
                         char *partial, size_t partial_len)
{
    snprintf(out, out_len, "%s/%s", test_dir(), name);
    snprintf(partial, partial_len, "%s.partial", out);
}

static void load_and_apply(void **unused)
{
    (void)unused;
    struct sweep *sw = NULL;
    char err[SIM_ERR_LEN];
    if (sweep_load(ishigami_file(), 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    assert_int_equal(sw->n_params, 3);
    assert_int_equal(sw->n_outputs, 2);
    assert_string_equal(sw->outputs[1].name, "y:p50");
    assert_int_equal(sw->months, 1);
    assert_int_equal(sw->replicates, 1);
    assert_int_equal(sw->n_horizons, 1);
    double params[64], values[3];
    const double unit[3] = {0.75, 0.99, 0.5};
    assert_int_equal(sweep_apply_row(sw, unit, params, values, err), SIM_OK);
    assert_close(values[0], 1.5, 1e-12);  /* -3 + 0.75 * 6 */
    assert_close(values[1], 1.0, 0);      /* the second level */
    assert_true(values[2] > 0.0 && values[2] < 0.5);
    sweep_free(sw);
}

static void bad_files(void **unused)
{
    (void)unused;
    struct {
        const char *text, *needle;
    } cases[] = {
        {"model = \"ishigami\";\noutputs = ( { variable = \"y\"; } );\n",
         "missing setting 'parameters'"},
        {"model = \"ishigami\";\nparameters = ( { path = \"x1\"; distribution "
         "= \"uniform\"; min = 1.0; max = 1.0; } );\noutputs = ( { variable = "
         "\"y\"; } );\n",
         "bad.cfg:2"},
        {"model = \"lorenz\";\n", "unknown model 'lorenz'"},
        {"", "bad.cfg: empty sweep file"},
        {"# nothing but a comment\n\n", "bad.cfg: empty sweep file"},
        {"model = \"ishigami\";\nparameters = ( { path = \"x1\"; distribution "
         "= \"uniform\"; min = 0.0; max = 1.0; colour = 1; } );\noutputs = ( "
         "{ variable = \"y\"; } );\n",
         "unknown setting 'parameters[0].colour'"},
        {"model = \"ishigami\";\nparameters = ( { path = \"x1\"; distribution "
         "= \"uniform\"; min = 0.0; max = 1.0; } );\noutputs = ( { variable = "
         "\"z\"; } );\n",
         "'z' is not a variable"},
        {"model = \"ishigami\";\nparameters = ( { path = \"x1\"; distribution "
         "= \"uniform\"; min = 0.0; max = 1.0; } );\noutputs = ( { metric = "
         "\"leverage\"; } );\n",
         "bad.cfg:3: setting 'outputs[0].metric': a fund metric compares the "
         "base scenario"},
        {"model = \"ishigami\";\nparameters = ( { path = \"x1\"; distribution "
         "= \"uniform\"; min = 0.0; max = 1.0; } );\noutputs = ( { metric = "
         "\"happiness\"; } );\n",
         "bad.cfg:3: setting 'outputs[0].metric': unknown metric 'happiness'"},
        {"model = \"ishigami\";\nparameters = ( { path = \"x1\"; distribution "
         "= \"uniform\"; min = 0.0; max = 1.0; } );\noutputs = ( { metric = "
         "\"leverage\"; statistics = [\"mean\"]; } );\n",
         "unknown setting 'outputs[0].statistics'"},
        {"model = \"ishigami\"; design = \"halton\";\nparameters = ( { path = "
         "\"x1\"; distribution = \"uniform\"; min = 0.0; max = 1.0; } );\n"
         "outputs = ( { variable = \"y\"; } );\n",
         "unknown design 'halton'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sweep *sw = (struct sweep *)0x1;
        char err[SIM_ERR_LEN] = "";
        sim_status st = sweep_load(test_write_file("bad.cfg", cases[i].text), 0,
                                   NULL, 0, &sw, err);
        assert_int_not_equal(st, SIM_OK);
        assert_null(sw);
        if (strstr(err, cases[i].needle) == NULL)
            fail_msg("case %zu: '%s' not in: %s", i, cases[i].needle, err);
    }
}


/* A fund metric of a sweep's row is compare's figure for the row's
 * parameters: the same totals on the same streams, both arms; with no
 * budget, the neutral figures. */
static void fund_metrics_are_compare_figures(void **unused)
{
    (void)unused;
    test_write_file("fund.cfg",
                    "simulation: { months = 24; replicates = 5; seed = 9; };\n"
                    "portfolio: { projects = 3; };\n"
                    "fund: { budget_eur = 60000.0; end_month = 18; };\n");
    const char *path = test_write_file(
        "fs.cfg", "base = \"fund.cfg\"; design = \"grid\"; seed = 9;\n"
                  "horizons = [12, 24];\nparameters = ( { path = "
                  "\"fund.budget_eur\"; distribution = \"levels\"; levels = "
                  "[0.0, 23850.0, 90000.0]; } );\n"
                  "outputs = ( { metric = \"leverage\"; }, { variable = "
                  "\"alive\"; }, { metric = \"frugality\"; }, { metric = "
                  "\"durability\"; }, { metric = \"prime_alliance_share\"; } "
                  ");\n");
    struct sweep *sw = NULL;
    char err[SIM_ERR_LEN];
    if (sweep_load(path, 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    assert_true(sw->has_metrics);
    assert_string_equal(sw->outputs[0].name, "leverage");
    assert_int_equal(sw->outputs[0].metric, METRIC_LEVERAGE);
    assert_int_equal(sw->outputs[1].metric, -1);
    enum { ROWS = 3, OUTS = 5, H = 2 };
    double unit[ROWS], values[ROWS], out[ROWS * OUTS * H];
    for (int i = 0; i < ROWS; i++)
        unit[i] = (i + 0.5) / ROWS;
    struct sweep_runner *r = sweep_runner_new(sw, err);
    assert_non_null(r);
    assert_int_equal(sweep_runner_eval(r, 0, ROWS, unit, values, out, err),
                     SIM_OK);
    sweep_runner_free(r);
    static const int metric_of[OUTS] = {METRIC_LEVERAGE, -1, METRIC_FRUGALITY,
                                        METRIC_DURABILITY,
                                        METRIC_PRIME_SHARE};
    for (int i = 0; i < ROWS; i++) {
        char budget[64];
        snprintf(budget, sizeof budget, "%.17g", values[i]);
        if (scenario_set(sw->scenario, "fund.budget_eur", budget, "test",
                         err) != SIM_OK)
            fail_msg("%s", err);
        struct engine_config config;
        memset(&config, 0, sizeof config);
        config.months = 24;
        config.replicates = 5;
        config.seed = 9;
        config.n_horizons = H;
        config.horizons[0] = 12;
        config.horizons[1] = 24;
        double want[H][METRIC_COUNT];
        if (compare_estimates(sw->scenario, &config, want, err) != SIM_OK)
            fail_msg("%s", err);
        for (int o = 0; o < OUTS; o++)
            for (int h = 0; h < H; h++)
                if (metric_of[o] >= 0)
                    assert_true(out[(i * OUTS + o) * H + h] ==
                                want[h][metric_of[o]]);
    }
    /* No budget: neutral; some budget: engagement and funding follow. */
    assert_true(out[(0 * OUTS + 0) * H + 1] == 0.0);
    assert_true(out[(0 * OUTS + 2) * H + 1] == 1.0);
    assert_true(out[(1 * OUTS + 0) * H + 1] > 0.0);
    sweep_free(sw);
}

/* The runner gives the same rows whatever the threads and the chunking. */
static void runner_is_deterministic(void **unused)
{
    (void)unused;
    test_write_file("scn.cfg", "simulation: { replicates = 7; };\n");
    const char *path = test_write_file(
        "org.cfg", "base = \"scn.cfg\"; design = \"random\"; samples = 12;"
                   " seed = 4; replicates = 3; months = 30; horizons = [12, "
                   "30];\nparameters = ( { path = \"engineering.budget_eur\"; "
                   "distribution = \"uniform\"; min = 0.0; max = 4000.0; } );\n"
                   "outputs = ( { variable = \"cash_eur\"; statistics = "
                   "[\"p50\"]; } );\n");
    struct sweep *sw = NULL;
    char err[SIM_ERR_LEN];
    if (sweep_load(path, 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    double unit[12], values[2][12], out[2][12 * 2];
    for (int i = 0; i < 12; i++)
        unit[i] = (i + 0.5) / 12.0;
    for (int run = 0; run < 2; run++) {
        omp_set_num_threads(run + 1);
        struct sweep_runner *r = sweep_runner_new(sw, err);
        assert_non_null(r);
        if (run == 0)
            assert_int_equal(sweep_runner_eval(r, 0, 12, unit, values[0],
                                               out[0], err),
                             SIM_OK);
        else
            for (int first = 0; first < 12; first += 5) {
                long count = first + 5 > 12 ? 12 - first : 5;
                assert_int_equal(
                    sweep_runner_eval(r, first, count, unit + first,
                                      values[1] + first, out[1] + first * 2,
                                      err),
                    SIM_OK);
            }
        sweep_runner_free(r);
    }
    assert_memory_equal(values[0], values[1], sizeof values[0]);
    assert_memory_equal(out[0], out[1], sizeof out[0]);
    sweep_free(sw);
}

/* The stop callback of runner_stops_within_a_block: asks to stop (as
 * SIGTERM would) from its poll number stop_after + 1 on. */
static atomic_long polls;
static long stop_after;

static sim_status stop_after_polls(void)
{
    return atomic_fetch_add(&polls, 1) >= stop_after ? SIM_ERR_TERMINATED
                                                     : SIM_OK;
}

/* A stop inside a block stops the evaluation at the next replicate; the
 * leading rows that finished are those an uninterrupted evaluation gives,
 * so that the checkpoint keeps them and a resume is bit for bit the same. */
static void runner_stops_within_a_block(void **unused)
{
    (void)unused;
    test_write_file("scn.cfg", "simulation: { replicates = 7; };\n");
    const char *path = test_write_file(
        "org.cfg", "base = \"scn.cfg\"; design = \"random\"; samples = 12;"
                   " seed = 4; replicates = 3; months = 30; horizons = [12, "
                   "30];\nparameters = ( { path = \"engineering.budget_eur\"; "
                   "distribution = \"uniform\"; min = 0.0; max = 4000.0; } );\n"
                   "outputs = ( { variable = \"cash_eur\"; statistics = "
                   "[\"p50\"]; } );\n");
    struct sweep *sw = NULL;
    char err[SIM_ERR_LEN];
    if (sweep_load(path, 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    double unit[12], values[2][12], out[2][12 * 2];
    for (int i = 0; i < 12; i++)
        unit[i] = (i + 0.5) / 12.0;
    omp_set_num_threads(1);
    struct sweep_runner *r = sweep_runner_new(sw, err);
    assert_non_null(r);
    assert_int_equal(sweep_runner_eval(r, 0, 12, unit, values[0], out[0], err),
                     SIM_OK);
    assert_int_equal(sweep_runner_completed(r), 12);
    /* One thread, 3 replicates a row: poll 21 is row 6's third. */
    atomic_store(&polls, 0);
    stop_after = 20;
    sweep_runner_set_stop(r, stop_after_polls);
    assert_int_equal(sweep_runner_eval(r, 0, 12, unit, values[1], out[1], err),
                     SIM_ERR_TERMINATED);
    assert_int_equal(sweep_runner_completed(r), 6);
    assert_non_null(strstr(err, "stopped with 6 finished"));
    assert_memory_equal(values[0], values[1], 6 * sizeof values[0][0]);
    assert_memory_equal(out[0], out[1], 6 * 2 * sizeof out[0][0]);
    sweep_runner_free(r);

    /* Two threads: rows finish out of order, only a prefix counts. */
    omp_set_num_threads(2);
    r = sweep_runner_new(sw, err);
    assert_non_null(r);
    for (stop_after = 0; stop_after < 36; stop_after += 7) {
        atomic_store(&polls, 0);
        sweep_runner_set_stop(r, stop_after_polls);
        memset(out[1], 0, sizeof out[1]);
        assert_int_equal(
            sweep_runner_eval(r, 0, 12, unit, values[1], out[1], err),
            SIM_ERR_TERMINATED);
        long done = sweep_runner_completed(r);
        assert_in_range(done, 0, 11);
        assert_memory_equal(out[0], out[1], (size_t)done * 2 * sizeof out[0][0]);
    }
    sweep_runner_free(r);
    sweep_free(sw);
}

static void checkpoint_survives_tears(void **unused)
{
    (void)unused;
    struct sweep *sw = load_ishigami();
    char err[SIM_ERR_LEN];
    char out[256], partial[300];
    output_paths("ck.h5", out, sizeof out, partial, sizeof partial);
    long done = -1;
    struct sweep_store *st = sweep_store_open(sw, 40, out, 0, &done, err);
    assert_non_null(st);
    assert_int_equal(done, 0);
    double unit[20 * 3], values[20 * 3], outputs[20 * 2];
    for (int i = 0; i < 60; i++)
        unit[i] = values[i] = i * 0.01;
    for (int i = 0; i < 40; i++)
        outputs[i] = i;
    assert_int_equal(sweep_store_append(st, 0, 10, unit, values, outputs, err),
                     SIM_OK);
    assert_int_equal(sweep_store_append(st, 10, 10, unit, values, outputs,
                                        err),
                     SIM_OK);
    /* Out of order is refused. */
    assert_int_equal(sweep_store_append(st, 30, 10, unit, values, outputs,
                                        err),
                     SIM_ERR_INVALID);
    sweep_store_free(st);

    /* Without --resume the checkpoint is an error. */
    assert_null(sweep_store_open(sw, 40, out, 0, &done, err));
    assert_non_null(strstr(err, "--resume"));

    /* A torn last record is dropped; the first one is kept. */
    struct stat info;
    stat(partial, &info);
    assert_int_equal(truncate(partial, info.st_size - 7), 0);
    st = sweep_store_open(sw, 40, out, 1, &done, err);
    assert_non_null(st);
    assert_int_equal(done, 10);
    double back[10 * 2];
    assert_int_equal(sweep_store_read(st, 0, 10, NULL, NULL, back, err),
                     SIM_OK);
    assert_memory_equal(back, outputs, sizeof back);
    sweep_store_free(st);

    /* Another design size: the checkpoint belongs to another sweep. */
    assert_null(sweep_store_open(sw, 41, out, 1, &done, err));
    assert_non_null(strstr(err, "another sweep"));
    sweep_free(sw);
}

/* Byte-wise FNV-1a, the checksum of version 1 records. */
static uint64_t fnv1a_bytes(const unsigned char *p, size_t len)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/*
 * Records written by earlier versions (magic ASIMBLK1, byte-wise checksum)
 * are still read back, so that a checkpoint begun before an upgrade
 * resumes; a record of the current version whose payload changed in the
 * middle (not only a torn tail) fails its word-wise checksum and is dropped
 * with every record after it.  Layout: a 48-byte header, then records of a
 * 32-byte head (magic, first, count, checksum) and count x 8 doubles (3
 * unit, 3 values, 2 outputs).
 */
static void checkpoint_record_versions(void **unused)
{
    (void)unused;
    struct sweep *sw = load_ishigami();
    char err[SIM_ERR_LEN];
    char out[256], partial[300];
    output_paths("versions.h5", out, sizeof out, partial, sizeof partial);
    long done = -1;
    struct sweep_store *st = sweep_store_open(sw, 40, out, 0, &done, err);
    assert_non_null(st);
    double unit[10 * 3], values[10 * 3], outputs[30 * 2];
    for (int i = 0; i < 30; i++)
        unit[i] = values[i] = 2.385 * i;
    for (int i = 0; i < 60; i++)
        outputs[i] = 0.31 * i;
    for (long first = 0; first < 20; first += 10)
        assert_int_equal(sweep_store_append(st, first, 10, unit, values,
                                            outputs + first * 2, err),
                         SIM_OK);
    sweep_store_free(st);

    enum { HEADER = 48, HEAD = 32, PAYLOAD = 10 * 8 * 8 };
    unsigned char file[HEADER + 2 * (HEAD + PAYLOAD)];
    FILE *f = fopen(partial, "r+b");
    assert_non_null(f);
    assert_int_equal(fread(file, 1, sizeof file, f), sizeof file);
    assert_memory_equal(file + HEADER, "ASIMBLK2", 8);
    /* Both records made version 1. */
    for (int r = 0; r < 2; r++) {
        unsigned char *head = file + HEADER + r * (HEAD + PAYLOAD);
        memcpy(head, "ASIMBLK1", 8);
        uint64_t sum = fnv1a_bytes(head + HEAD, PAYLOAD);
        memcpy(head + 24, &sum, sizeof sum);
    }
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    assert_int_equal(fwrite(file, 1, sizeof file, f), sizeof file);
    assert_int_equal(fclose(f), 0);
    st = sweep_store_open(sw, 40, out, 1, &done, err);
    assert_non_null(st);
    assert_int_equal(done, 20);
    /* Kept in memory from the checkpoint, then from the appends. */
    assert_int_equal(sweep_store_keep_outputs(st, err), SIM_OK);
    assert_int_equal(
        sweep_store_append(st, 20, 10, unit, values, outputs + 40, err),
        SIM_OK);
    double back[30 * 2];
    assert_int_equal(sweep_store_read(st, 0, 30, NULL, NULL, back, err),
                     SIM_OK);
    assert_memory_equal(back, outputs, sizeof back);
    assert_int_equal(sweep_store_read(st, 20, 11, NULL, NULL, back, err),
                     SIM_ERR_IO);
    assert_non_null(strstr(err, "not saved"));
    sweep_store_free(st);

    /* One byte changed in the payload of the third record (version 2, the
     * one just appended): it and only it goes. */
    f = fopen(partial, "r+b");
    assert_non_null(f);
    long at = HEADER + 2L * (HEAD + PAYLOAD) + HEAD + PAYLOAD / 2;
    unsigned char byte;
    assert_int_equal(fseek(f, at, SEEK_SET), 0);
    assert_int_equal(fread(&byte, 1, 1, f), 1);
    byte ^= 0x10;
    assert_int_equal(fseek(f, at, SEEK_SET), 0);
    assert_int_equal(fwrite(&byte, 1, 1, f), 1);
    assert_int_equal(fclose(f), 0);
    st = sweep_store_open(sw, 40, out, 1, &done, err);
    assert_non_null(st);
    assert_int_equal(done, 20);
    sweep_store_free(st);
    unlink(partial);
    sweep_free(sw);
}

/* The checkpoint tests below run the 40-row Ishigami sweep in blocks. */
enum { CK_ROWS = 40, CK_BLOCK = 10, CK_K = 3, CK_OUT = 2 };

static off_t file_size(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 ? info.st_size : -1;
}

/*
 * Runs the sweep into out as `alliance-sim sweep` does, resuming when asked,
 * reads every row back into values and outputs, and builds the HDF5 file.
 * Returns the rows the checkpoint held at the start.
 */
static long run_to_end(const struct sweep *sw, const char *out, int resume,
                       double *values, double *outputs)
{
    assert_int_equal(sw->n_params, CK_K);
    assert_int_equal(sw->n_outputs * (size_t)sw->n_horizons, CK_OUT);
    char err[SIM_ERR_LEN];
    long done = -1;
    struct sweep_store *st =
        sweep_store_open(sw, CK_ROWS, out, resume, &done, err);
    if (st == NULL)
        fail_msg("%s", err);
    long first_done = done;
    struct sweep_runner *r = sweep_runner_new(sw, err);
    assert_non_null(r);
    double unit[CK_ROWS * CK_K], v[CK_ROWS * CK_K], o[CK_ROWS * CK_OUT];
    for (int i = 0; i < CK_ROWS * CK_K; i++)
        unit[i] = (i + 0.385) / (CK_ROWS * CK_K);
    for (; done < CK_ROWS; done += CK_BLOCK) {
        if (sweep_runner_eval(r, done, CK_BLOCK, unit + done * CK_K,
                              v + done * CK_K, o + done * CK_OUT,
                              err) != SIM_OK ||
            sweep_store_append(st, done, CK_BLOCK, unit + done * CK_K,
                               v + done * CK_K, o + done * CK_OUT,
                               err) != SIM_OK)
            fail_msg("%s", err);
    }
    sweep_runner_free(r);
    if (sweep_store_read(st, 0, CK_ROWS, NULL, values, outputs, err) != SIM_OK)
        fail_msg("%s", err);
    struct sweep_meta meta = {"sweep", "random", CK_ROWS, "test",
                              "2024-01-01T00:00:00Z"};
    if (sweep_store_finish(st, &meta, NULL, 0, NULL, err) != SIM_OK)
        fail_msg("%s", err);
    sweep_store_free(st);
    return first_done;
}

/* A checkpoint killed while its header was being written holds no rows: a
 * resume starts again from row 0 and ends with the rows of a run never
 * interrupted. */
static void checkpoint_short_header(void **unused)
{
    (void)unused;
    struct sweep *sw = load_ishigami();
    char err[SIM_ERR_LEN];
    char out[256], partial[300];
    output_paths("short.h5", out, sizeof out, partial, sizeof partial);
    double ref_values[CK_ROWS * CK_K], ref_outputs[CK_ROWS * CK_OUT];
    assert_int_equal(run_to_end(sw, out, 0, ref_values, ref_outputs), 0);

    long done = -1;
    struct sweep_store *st = sweep_store_open(sw, CK_ROWS, out, 0, &done, err);
    assert_non_null(st);
    sweep_store_free(st);
    off_t header = file_size(partial);
    assert_true(header > 4);
    const off_t cuts[] = {0, 3, header / 2, header - 1};
    for (size_t c = 0; c < sizeof cuts / sizeof *cuts; c++) {
        if (file_size(partial) < 0) {
            st = sweep_store_open(sw, CK_ROWS, out, 0, &done, err);
            assert_non_null(st);
            sweep_store_free(st);
        }
        assert_int_equal(truncate(partial, cuts[c]), 0);
        /* Without --resume, as any checkpoint of this sweep: left alone. */
        assert_null(sweep_store_open(sw, CK_ROWS, out, 0, &done, err));
        assert_non_null(strstr(err, "--resume"));
        assert_int_equal(file_size(partial), cuts[c]);
        /* The resume rewrites the whole header before any row. */
        st = sweep_store_open(sw, CK_ROWS, out, 1, &done, err);
        if (st == NULL)
            fail_msg("cut at %ld: %s", (long)cuts[c], err);
        assert_int_equal(done, 0);
        sweep_store_free(st);
        assert_int_equal(file_size(partial), header);
        assert_int_equal(truncate(partial, cuts[c]), 0);

        double values[CK_ROWS * CK_K], outputs[CK_ROWS * CK_OUT];
        assert_int_equal(run_to_end(sw, out, 1, values, outputs), 0);
        assert_memory_equal(values, ref_values, sizeof values);
        assert_memory_equal(outputs, ref_outputs, sizeof outputs);
        assert_int_equal(file_size(partial), -1);
    }
    sweep_free(sw);
}

/* A short checkpoint that is not the start of this sweep's header is still
 * another sweep's, and is left as it is. */
static void checkpoint_short_foreign(void **unused)
{
    (void)unused;
    struct sweep *sw = load_ishigami();
    char err[SIM_ERR_LEN];
    char out[256], partial[300];
    output_paths("foreign.h5", out, sizeof out, partial, sizeof partial);
    long done = -1;
    for (int c = 0; c < 2; c++) {
        if (c == 0) {
            test_write_file("foreign.h5.partial", "junk");
        } else {
            /* The magic and half the key of a sweep of 41 rows. */
            struct sweep_store *st =
                sweep_store_open(sw, CK_ROWS + 1, out, 0, &done, err);
            assert_non_null(st);
            sweep_store_free(st);
            assert_int_equal(truncate(partial, 12), 0);
        }
        off_t size = file_size(partial);
        assert_null(sweep_store_open(sw, CK_ROWS, out, 1, &done, err));
        assert_non_null(strstr(err, "another sweep"));
        assert_int_equal(file_size(partial), size);
        assert_int_equal(unlink(partial), 0);
    }
    sweep_free(sw);
}

/* A parameter list kept in a file the sweep file @includes is part of what
 * a checkpoint belongs to: changed, the checkpoint is refused. */
static void checkpoint_covers_included_files(void **unused)
{
    (void)unused;
    test_write_file("inc-params.cfg",
                    "parameters = ( { path = \"x1\"; distribution = "
                    "\"uniform\"; min = -3.0; max = 3.0; } );\n");
    char file[256];
    snprintf(file, sizeof file, "%s", test_write_file(
        "inc-sweep.cfg",
        "model = \"ishigami\"; design = \"random\"; samples = 8; seed = 3;\n"
        "@include \"inc-params.cfg\"\n"
        "outputs = ( { variable = \"y\"; statistics = [\"mean\"]; } );\n"));
    char out[256], err[SIM_ERR_LEN];
    snprintf(out, sizeof out, "%s/inc.h5", test_dir());
    struct sweep *sw = NULL;
    if (sweep_load(file, 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    long done = -1;
    struct sweep_store *st = sweep_store_open(sw, 8, out, 0, &done, err);
    assert_non_null(st);
    sweep_store_free(st); /* interrupted: the checkpoint stays */
    sweep_free(sw);

    /* The same files resume it ... */
    assert_int_equal(sweep_load(file, 0, NULL, 0, &sw, err), SIM_OK);
    st = sweep_store_open(sw, 8, out, 1, &done, err);
    assert_non_null(st);
    assert_int_equal(done, 0);
    sweep_store_free(st);
    sweep_free(sw);

    /* ... another range in the included file does not. */
    test_write_file("inc-params.cfg",
                    "parameters = ( { path = \"x1\"; distribution = "
                    "\"uniform\"; min = -3.0; max = 2.0; } );\n");
    if (sweep_load(file, 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    assert_null(sweep_store_open(sw, 8, out, 1, &done, err));
    assert_non_null(strstr(err, "another sweep"));
    sweep_free(sw);
}

/* A base scenario named in an @included sweep file is read from that
 * file's directory, as the file's own @includes are. */
static void base_from_included_sweep_file(void **unused)
{
    (void)unused;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/common", test_dir());
    assert_int_equal(mkdir(dir, 0755), 0);
    test_write_file("common/scen.cfg", "cash: { initial_eur = 4321.0; };\n");
    test_write_file("common/sweep-base.cfg",
                    "base = \"scen.cfg\"; months = 12; replicates = 2;\n");
    char file[256];
    snprintf(file, sizeof file, "%s",
             test_write_file(
                 "uses-common.cfg",
                 "@include \"common/sweep-base.cfg\"\n"
                 "design = \"random\"; samples = 4; seed = 1;\n"
                 "parameters = ( { path = \"engineering.budget_eur\"; "
                 "distribution = \"uniform\"; min = 0.0; max = 1.0; } );\n"
                 "outputs = ( { variable = \"alive\"; } );\n"));
    struct sweep *sw = NULL;
    char err[SIM_ERR_LEN];
    if (sweep_load(file, 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    assert_non_null(sw->scenario);
    assert_close(sw->scenario->org.initial_cash_eur, 4321.0, 0);
    sweep_free(sw);
}

/* link() as a filesystem without hard links answers it (vfat, some network
 * filesystems), when no_links is set; this executable's definition takes
 * the place of libc's for sweep_store.c, linked in. */
static int no_links;
int link(const char *from, const char *to)
{
    if (no_links) {
        errno = EPERM;
        return -1;
    }
    return linkat(AT_FDCWD, from, AT_FDCWD, to, 0);
}

/* Without hard links a checkpoint is still made, once, and resumed. */
static void checkpoint_without_hard_links(void **unused)
{
    (void)unused;
    struct sweep *sw = load_ishigami();
    char err[SIM_ERR_LEN];
    char out[256], partial[300];
    output_paths("nolink.h5", out, sizeof out, partial, sizeof partial);
    no_links = 1;
    long done = -1;
    struct sweep_store *st = sweep_store_open(sw, 40, out, 0, &done, err);
    if (st == NULL)
        fail_msg("%s", err);
    assert_true(file_size(partial) > 0);
    sweep_store_free(st);
    /* A second creation does not replace it; --resume continues it. */
    assert_null(sweep_store_open(sw, 40, out, 0, &done, err));
    st = sweep_store_open(sw, 40, out, 1, &done, err);
    assert_non_null(st);
    assert_int_equal(done, 0);
    sweep_store_free(st);
    no_links = 0;
    unlink(partial);
    sweep_free(sw);
}

/* While a store holds the checkpoint, a second one is refused, resume or
 * not, and the checkpoint is left as it was; once freed, it resumes. */
static void checkpoint_is_locked(void **unused)
{
    (void)unused;
    struct sweep *sw = load_ishigami();
    char err[SIM_ERR_LEN];
    char out[256], partial[300];
    output_paths("locked.h5", out, sizeof out, partial, sizeof partial);
    long done = -1;
    struct sweep_store *first = sweep_store_open(sw, 40, out, 0, &done, err);
    if (first == NULL)
        fail_msg("%s", err);
    double unit[3 * 4] = {0}, values[3 * 4] = {0}, outputs[2 * 4] = {0};
    assert_int_equal(sweep_store_append(first, 0, 4, unit, values, outputs,
                                        err),
                     SIM_OK);
    off_t size = file_size(partial);
    for (int resume = 0; resume <= 1; resume++) {
        err[0] = '\0';
        assert_null(sweep_store_open(sw, 40, out, resume, &done, err));
        if (strstr(err, partial) == NULL || strstr(err, "is in use") == NULL)
            fail_msg("resume %d: %s", resume, err);
        assert_int_equal(file_size(partial), size);
    }
    sweep_store_free(first);
    struct sweep_store *again = sweep_store_open(sw, 40, out, 1, &done, err);
    if (again == NULL)
        fail_msg("%s", err);
    assert_int_equal(done, 4);
    sweep_store_free(again);
    unlink(partial);
    sweep_free(sw);
}

/* Plants a link to victim at the temporary name of output that the
 * random draw `bits` gives. */
static void plant_at(const char *output, uint64_t bits, const char *victim)
{
    char name[PATH_MAX], err[SIM_ERR_LEN];
    test_random_play(&bits, 1);
    assert_int_equal(outfile_tmp_name(output, name, sizeof name, err), 0);
    assert_int_equal(symlink(victim, name), 0);
}

/* Links planted at the very names the checkpoint's, the HDF5 file's and
 * the CSV table's temporaries are about to take are passed over, their
 * target untouched. */
static void temporaries_skip_planted_links(void **unused)
{
    (void)unused;
    struct sweep *sw = load_ishigami();
    char err[SIM_ERR_LEN];
    char out[256], partial[300], csv[300], victim[300];
    output_paths("planted.h5", out, sizeof out, partial, sizeof partial);
    snprintf(csv, sizeof csv, "%s/planted.csv", test_dir());
    snprintf(victim, sizeof victim, "%s",
             test_write_file("victim", "precious"));
    plant_at(partial, 51, victim);
    plant_at(out, 53, victim);
    plant_at(csv, 55, victim);

    const uint64_t open_draws[] = {51, 52};
    test_random_play(open_draws, 2);
    long done = -1;
    struct sweep_store *st = sweep_store_open(sw, 40, out, 0, &done, err);
    if (st == NULL)
        fail_msg("%s", err);
    assert_int_equal(test_random_taken(), 2);
    double unit[40 * 3] = {0}, values[40 * 3] = {0}, outputs[40 * 2] = {0};
    assert_int_equal(sweep_store_append(st, 0, 40, unit, values, outputs,
                                        err),
                     SIM_OK);
    const uint64_t finish_draws[] = {53, 54, 55, 56};
    test_random_play(finish_draws, 4);
    struct sweep_meta meta = {"sweep", "random", 40, "test",
                              "2024-01-01T00:00:00Z"};
    if (sweep_store_finish(st, &meta, NULL, 0, csv, err) != SIM_OK)
        fail_msg("%s", err);
    assert_int_equal(test_random_taken(), 4);
    sweep_store_free(st);
    FILE *f = fopen(victim, "r");
    char text[32] = "";
    assert_non_null(fgets(text, sizeof text, f));
    fclose(f);
    assert_string_equal(text, "precious");
    assert_true(file_size(csv) > 0 && file_size(out) > 0);
    sweep_free(sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base_from_included_sweep_file),
        cmocka_unit_test(checkpoint_without_hard_links),
        cmocka_unit_test(checkpoint_record_versions),
        cmocka_unit_test(checkpoint_covers_included_files),
        cmocka_unit_test(load_and_apply),
        cmocka_unit_test(bad_files),
        cmocka_unit_test(runner_is_deterministic),
        cmocka_unit_test(runner_stops_within_a_block),
        cmocka_unit_test(fund_metrics_are_compare_figures),
        cmocka_unit_test(checkpoint_survives_tears),
        cmocka_unit_test(checkpoint_short_header),
        cmocka_unit_test(checkpoint_short_foreign),
        cmocka_unit_test(checkpoint_is_locked),
        cmocka_unit_test(temporaries_skip_planted_links),
    };
    return cmocka_run_group_tests_name("sweep", tests, test_make_dir, test_remove_dir);
}
