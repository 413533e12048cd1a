/*
 * test_h5out.c - the HDF5 file: what is written reads back, money is
 * conserved in the file, nothing partial is ever left on disk.
 */
#include "test_util.h"
#include "test_random.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "sim/io/h5out.h"
#include "sim/io/h5util.h"
#include "sim/io/outfile.h"

#define REPS 9
#define MONTHS 30

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Number of entries in the scratch directory (besides . and ..) whose name contains needle. */
static int count_files(const char *needle)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -c -- '%s'", test_dir(), needle);
    FILE *p = popen(cmd, "r");
    int n = 0;
    if (p != NULL) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

struct fixture {
    struct scenario *sc;
    struct engine *engine;
    struct engine_config config;
};

static void fixture_init(struct fixture *f, uint64_t seed)
{
    char err[SIM_ERR_LEN];
    f->sc = scenario_new_default("tests/h5.cfg");
    assert_non_null(f->sc);
    f->sc->text = malloc(32);
    strcpy(f->sc->text, "# the scenario's text\n");
    /* Stress so that some replicates close. */
    f->sc->org.initial_cash_eur = 0.0;
    f->sc->org.cessation_days = 0.0;
    f->sc->org.observation_months = 1;
    f->sc->org.overdraft_limit_eur = 0.0;
    f->sc->org.funding[FUND_EARNED_INCOME].level_volatility = 0.2;
    f->sc->org.funding[FUND_EARNED_INCOME].volatility = 0.5;
    f->config = (struct engine_config){.months = MONTHS,
                                       .replicates = REPS,
                                       .seed = seed,
                                       .block_size = 4,
                                       .n_horizons = 2,
                                       .horizons = {12, 30}};
    f->engine = engine_new(&org_model, &f->sc->org, &f->config, err);
    assert_non_null(f->engine);
}

static void fixture_free(struct fixture *f)
{
    engine_free(f->engine);
    scenario_free(f->sc);
}

static int interrupt_flag;
static int interrupt_now(void)
{
    return interrupt_flag;
}

static struct h5out *writer_for(struct fixture *f, const char *path, char *err)
{
    struct h5out_meta meta = {
        .interrupted = interrupt_now,
        .scenario = f->sc,
        .model = &org_model,
        .config = engine_config(f->engine),
        .initial_values = engine_initial_values(f->engine),
        .command_line = "alliance-sim run tests/h5.cfg",
    };
    return h5out_new(path, &meta, err);
}

static void write_run(struct fixture *f, const char *path)
{
    char err[SIM_ERR_LEN];
    struct h5out *w = writer_for(f, path, err);
    assert_non_null(w);
    struct engine_block b;
    while (engine_next_block(f->engine, &b) == SIM_OK && b.count > 0)
        assert_int_equal(h5out_write_block(w, &b, err), SIM_OK);
    struct summary *s = summary_new(f->engine, NULL, err);
    if (h5out_finish(w, s, err) != SIM_OK)
        fail_msg("%s", err);
    h5out_free(w);
    summary_free(s);
}

static void read_dataset(hid_t file, const char *name, hid_t type, void *buf,
                         int rank, const hsize_t *expected_dims)
{
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t space = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    assert_int_equal(H5Sget_simple_extent_ndims(space), rank);
    H5Sget_simple_extent_dims(space, dims, NULL);
    for (int i = 0; i < rank; i++)
        assert_int_equal(dims[i], expected_dims[i]);
    assert_true(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    H5Sclose(space);
    H5Dclose(d);
}

static double read_double_attr(hid_t file, const char *obj, const char *name)
{
    double v = NAN;
    hid_t a = H5Aopen_by_name(file, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Aread(a, H5T_NATIVE_DOUBLE, &v) >= 0);
    H5Aclose(a);
    return v;
}

static void read_string_attr(hid_t file, const char *obj, const char *name,
                             char *buf, size_t len)
{
    hid_t a = H5Aopen_by_name(file, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t type = H5Aget_type(a);
    assert_true(H5Tis_variable_str(type) > 0);
    char *s = NULL;
    assert_true(H5Aread(a, type, &s) >= 0);
    snprintf(buf, len, "%s", s);
    H5free_memory(s);
    H5Tclose(type);
    H5Aclose(a);
}

static void file_reads_back(void **unused)
{
    (void)unused;
    struct fixture f;
    fixture_init(&f, 2385);
    char path[256];
    snprintf(path, sizeof path, "%s/sub/dir/run.h5", test_dir());
    write_run(&f, path);
    assert_true(exists(path));
    assert_int_equal(count_files("tmp"), 0);

    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    char text[256];
    read_string_attr(file, "/", "scenario_text", text, sizeof text);
    assert_string_equal(text, "# the scenario's text\n");
    read_string_attr(file, "/", "software", text, sizeof text);
    assert_string_equal(text, "alliance-sim");
    read_string_attr(file, "/monthly/cash_eur", "units", text, sizeof text);
    assert_string_equal(text, "EUR");
    unsigned long long seed = 0;
    hid_t a = H5Aopen(file, "seed", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_ULLONG, &seed);
    H5Aclose(a);
    assert_int_equal(seed, 2385);

    static double cash[REPS][MONTHS], in[REPS][MONTHS], out[REPS][MONTHS],
        alive[REPS][MONTHS];
    hsize_t dims[2] = {REPS, MONTHS};
    read_dataset(file, "/monthly/cash_eur", H5T_NATIVE_DOUBLE, cash, 2, dims);
    read_dataset(file, "/monthly/funding_total_eur", H5T_NATIVE_DOUBLE, in, 2,
                 dims);
    read_dataset(file, "/monthly/cost_total_eur", H5T_NATIVE_DOUBLE, out, 2,
                 dims);
    read_dataset(file, "/monthly/alive", H5T_NATIVE_DOUBLE, alive, 2, dims);
    double initial =
        read_double_attr(file, "/monthly/cash_eur", "initial_value");
    assert_close(initial, 0.0, 0);
    long failure[REPS];
    hsize_t rdims[1] = {REPS};
    read_dataset(file, "/failure_month", H5T_NATIVE_LONG, failure, 1, rdims);
    int closed = 0;
    for (int r = 0; r < REPS; r++) {
        double prev = initial;
        long first_dead = 0;
        for (int t = 0; t < MONTHS; t++) {
            /* money in = money out + change in cash, read from the file */
            assert_close(cash[r][t] - prev, in[r][t] - out[r][t], 1e-9);
            prev = cash[r][t];
            if (alive[r][t] == 0.0 && first_dead == 0)
                first_dead = t + 1;
        }
        assert_int_equal(failure[r], first_dead);
        closed += first_dead > 0;
    }
    assert_true(closed > 0);

    /* The summary is the statistics of the monthly data at the horizon. */
    double stats[2][4];
    hsize_t sdims[2] = {2, 4};
    read_dataset(file, "/summary/cash_eur", H5T_NATIVE_DOUBLE, stats, 2, sdims);
    double mean = 0;
    for (int r = 0; r < REPS; r++)
        mean += cash[r][11] / REPS;
    assert_close(stats[0][0], mean, 1e-12);
    double share[2];
    hsize_t hdims[1] = {2};
    read_dataset(file, "/summary/alive_share", H5T_NATIVE_DOUBLE, share, 1,
                 hdims);
    double alive_end = 0;
    for (int r = 0; r < REPS; r++)
        alive_end += alive[r][MONTHS - 1] / REPS;
    assert_close(share[1], alive_end, 1e-12);
    assert_true(H5Fclose(file) >= 0);
    fixture_free(&f);
}

static void abandoned_writer_leaves_nothing(void **unused)
{
    (void)unused;
    struct fixture f;
    fixture_init(&f, 1);
    char path[256], err[SIM_ERR_LEN];
    snprintf(path, sizeof path, "%s/abandoned.h5", test_dir());
    struct h5out *w = writer_for(&f, path, err);
    assert_non_null(w);
    struct engine_block b;
    engine_next_block(f.engine, &b);
    assert_int_equal(h5out_write_block(w, &b, err), SIM_OK);
    assert_int_equal(count_files("abandoned"), 1); /* the temporary file */
    h5out_free(w);
    assert_int_equal(count_files("abandoned"), 0);
    fixture_free(&f);
}

/* A link planted at the very name the writer's temporary is about to take
 * is passed over: its target is untouched, the run lands in place. */
static void planted_link_is_not_followed(void **unused)
{
    (void)unused;
    struct fixture f;
    fixture_init(&f, 1);
    char path[256], planted[PATH_MAX], err[SIM_ERR_LEN], victim[300];
    snprintf(path, sizeof path, "%s/planted.h5", test_dir());
    snprintf(victim, sizeof victim, "%s",
             test_write_file("victim", "precious"));
    const uint64_t draws[] = {61, 62};
    test_random_play(draws, 1);
    assert_int_equal(outfile_tmp_name(path, planted, sizeof planted, err), 0);
    assert_int_equal(symlink(victim, planted), 0);
    test_random_play(draws, 2);
    write_run(&f, path);
    assert_int_equal(test_random_taken(), 2);
    FILE *v = fopen(victim, "r");
    char text[32] = "";
    assert_non_null(fgets(text, sizeof text, v));
    fclose(v);
    assert_string_equal(text, "precious");
    assert_true(H5Fis_hdf5(path) > 0);
    unlink(planted);
    fixture_free(&f);
}

static void unwritable_output_is_an_error(void **unused)
{
    (void)unused;
    struct fixture f;
    fixture_init(&f, 1);
    char err[SIM_ERR_LEN];
    /* A regular file stands where a directory is needed. */
    char blocker[256], path[300];
    snprintf(blocker, sizeof blocker, "%s/blocker", test_dir());
    FILE *fp = fopen(blocker, "w");
    fclose(fp);
    snprintf(path, sizeof path, "%s/run.h5", blocker);
    assert_null(writer_for(&f, path, err));
    assert_non_null(strstr(err, "cannot create directory"));
    /* A directory that does not accept new files. */
    snprintf(path, sizeof path, "/proc/run.h5");
    assert_null(writer_for(&f, path, err));
    assert_non_null(strstr(err, "/proc/run.h5"));
    assert_false(exists("/proc/run.h5"));
    fixture_free(&f);
}

static void blocks_out_of_order_are_refused(void **unused)
{
    (void)unused;
    struct fixture f;
    fixture_init(&f, 1);
    char path[256], err[SIM_ERR_LEN];
    snprintf(path, sizeof path, "%s/order.h5", test_dir());
    struct h5out *w = writer_for(&f, path, err);
    struct engine_block b;
    engine_next_block(f.engine, &b);
    engine_next_block(f.engine, &b); /* skip the first block */
    assert_int_equal(h5out_write_block(w, &b, err), SIM_ERR_INVALID);
    struct summary *s = summary_new(f.engine, NULL, err);
    assert_int_equal(h5out_finish(w, s, err), SIM_ERR_INVALID);
    h5out_free(w);
    summary_free(s);
    assert_false(exists(path));
    fixture_free(&f);
}

/* Ctrl-C while the summaries are written: the old file stays as it was and
 * no temporary file is left. */
static void interrupt_before_commit_keeps_old_file(void **unused)
{
    (void)unused;
    struct fixture f;
    fixture_init(&f, 1);
    char path[256], err[SIM_ERR_LEN];
    snprintf(path, sizeof path, "%s/precious.h5", test_dir());
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("precious", fp);
    fclose(fp);
    struct h5out *w = writer_for(&f, path, err);
    assert_non_null(w);
    struct engine_block b;
    while (engine_next_block(f.engine, &b) == SIM_OK && b.count > 0)
        assert_int_equal(h5out_write_block(w, &b, err), SIM_OK);
    struct summary *s = summary_new(f.engine, NULL, err);
    interrupt_flag = 1;
    assert_int_equal(h5out_finish(w, s, err), SIM_ERR_IO);
    interrupt_flag = 0;
    assert_non_null(strstr(err, "interrupted"));
    h5out_free(w);
    summary_free(s);
    assert_int_equal(count_files("precious"), 1);
    char text[16] = {0};
    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(text, sizeof text, fp));
    fclose(fp);
    assert_string_equal(text, "precious");
    fixture_free(&f);
}

/* A Ctrl-C that arrives while the file is synced (after the last check in
 * h5out_finish) still puts nothing in place. */
static int always(void)
{
    return 1;
}

static void interrupt_during_sync_renames_nothing(void **unused)
{
    (void)unused;
    char tmp[256], final[256], err[SIM_ERR_LEN];
    snprintf(tmp, sizeof tmp, "%s/sync.tmp", test_dir());
    snprintf(final, sizeof final, "%s/sync.h5", test_dir());
    FILE *f = fopen(tmp, "w");
    assert_non_null(f);
    fputs("new", f);
    fclose(f);
    assert_int_equal(h5u_commit(tmp, final, always, err), SIM_ERR_IO);
    assert_non_null(strstr(err, "interrupted"));
    assert_false(exists(final));
    assert_true(exists(tmp)); /* its owner removes it */
    assert_int_equal(h5u_commit(tmp, final, NULL, err), SIM_OK);
    assert_true(exists(final));
    assert_false(exists(tmp));
}

/* Targets a rename cannot or must not replace are refused at once, before
 * the run, with nothing created. */
static void directory_or_device_target_is_refused(void **unused)
{
    (void)unused;
    struct fixture f;
    fixture_init(&f, 1);
    char path[300], err[SIM_ERR_LEN];
    snprintf(path, sizeof path, "%s/adir", test_dir());
    assert_int_equal(mkdir(path, 0755), 0);
    assert_null(writer_for(&f, path, err));
    assert_non_null(strstr(err, "names a directory"));
    assert_int_equal(count_files("adir"), 1);
    snprintf(path, sizeof path, "%s/newdir/", test_dir());
    assert_null(writer_for(&f, path, err));
    assert_non_null(strstr(err, "names a directory"));
    assert_int_equal(count_files("newdir"), 0);
    snprintf(path, sizeof path, "%s/not-yet/.", test_dir());
    assert_null(writer_for(&f, path, err));
    assert_non_null(strstr(err, "names a directory"));
    assert_int_equal(count_files("not-yet"), 0);
    assert_null(writer_for(&f, "..", err));
    assert_null(writer_for(&f, "/dev/null", err));
    assert_non_null(strstr(err, "not a regular file"));
    assert_null(writer_for(&f, "", err));
    assert_non_null(strstr(err, "empty"));
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_reads_back),
        cmocka_unit_test(abandoned_writer_leaves_nothing),
        cmocka_unit_test(unwritable_output_is_an_error),
        cmocka_unit_test(planted_link_is_not_followed),
        cmocka_unit_test(blocks_out_of_order_are_refused),
        cmocka_unit_test(interrupt_before_commit_keeps_old_file),
        cmocka_unit_test(directory_or_device_target_is_refused),
        cmocka_unit_test(interrupt_during_sync_renames_nothing),
    };
    return cmocka_run_group_tests_name("h5out", tests, test_make_dir, test_remove_dir);
}
