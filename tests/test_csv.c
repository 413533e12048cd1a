/*
 * test_csv.c - the CSV writer: RFC 4180 quoting and CRLF rows, numbers that
 * read back exactly, empty fields for undefined values, the temporary and
 * the rename, and every failure leaving no file.
 */
#include "test_util.h"

#include <string.h>
#include <sys/stat.h>

#include "sim/core/alloc.h"
#include "sim/io/csv.h"

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static int count_entries(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p != NULL) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void quoting_and_numbers(void **unused)
{
    (void)unused;
    char path[256], err[SIM_ERR_LEN];
    snprintf(path, sizeof path, "%s/table.csv", test_dir());
    struct csv_writer *w = csv_writer_new(path, err);
    assert_non_null(w);
    /* Not there before the commit: only the temporary is. */
    struct stat sb;
    assert_int_not_equal(stat(path, &sb), 0);
    csv_text(w, "plain");
    csv_text(w, "a,b");
    csv_text(w, "say \"hi\"");
    csv_text(w, "two\nlines");
    csv_text(w, "");
    csv_end_row(w);
    csv_number(w, 0.81);
    csv_number(w, 0.1 + 0.2);
    csv_number(w, 20260101.0);
    csv_number(w, NAN);
    csv_number(w, -INFINITY);
    csv_integer(w, -42);
    csv_number(w, 2.385e-300);
    csv_end_row(w);
    assert_int_equal(csv_writer_commit(w, err), SIM_OK);
    csv_writer_free(w);
    const char *text = slurp(path);
    assert_non_null(text);
    assert_string_equal(text,
                        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n"
                        "0.81,0.30000000000000004,20260101,,,-42,"
                        "2.385e-300\r\n");
    /* The temporary became the file: nothing else in the directory. */
    assert_int_equal(count_entries(test_dir()), 1);
}

static void replaced_only_when_committed(void **unused)
{
    (void)unused;
    char path[256], err[SIM_ERR_LEN];
    snprintf(path, sizeof path, "%s/keep.csv", test_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("precious\n", f);
    fclose(f);
    struct csv_writer *w = csv_writer_new(path, err);
    assert_non_null(w);
    csv_text(w, "new");
    csv_end_row(w);
    /* Abandoned (an error elsewhere): the old file stays, the temporary
     * goes. */
    csv_writer_free(w);
    assert_string_equal(slurp(path), "precious\n");
    char dir[128];
    snprintf(dir, sizeof dir, "%s", test_dir());
    int before = count_entries(dir);
    w = csv_writer_new(path, err);
    assert_non_null(w);
    csv_text(w, "new");
    csv_end_row(w);
    assert_int_equal(csv_writer_commit(w, err), SIM_OK);
    csv_writer_free(w);
    assert_string_equal(slurp(path), "new\r\n");
    assert_int_equal(count_entries(dir), before);
    csv_writer_free(NULL);
}

static void failures_name_the_file(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    assert_null(csv_writer_new("/nonexistent-dir/x/table.csv", err));
    assert_non_null(strstr(err, "/nonexistent-dir/x/table.csv"));
    char path[256];
    snprintf(path, sizeof path, "%s/nomem.csv", test_dir());
    sim_alloc_fail_after(0);
    assert_null(csv_writer_new(path, err));
    sim_alloc_fail_after(-1);
    assert_non_null(strstr(err, "nomem.csv"));
    struct stat sb;
    assert_int_not_equal(stat(path, &sb), 0);
}

static void path_beside(void **unused)
{
    (void)unused;
    char csv[64];
    assert_int_equal(csv_path_beside("out/a.h5", "", csv, sizeof csv), 0);
    assert_string_equal(csv, "out/a.csv");
    assert_int_equal(csv_path_beside("out/s.h5", "-indices", csv, sizeof csv),
                     0);
    assert_string_equal(csv, "out/s-indices.csv");
    assert_int_equal(csv_path_beside("run.hdf", "", csv, sizeof csv), 0);
    assert_string_equal(csv, "run.hdf.csv");
    assert_int_equal(csv_path_beside("out/a.h5", "", csv, 6), -1);
    assert_string_equal(csv, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoting_and_numbers),
        cmocka_unit_test(replaced_only_when_committed),
        cmocka_unit_test(failures_name_the_file),
        cmocka_unit_test(path_beside),
    };
    return cmocka_run_group_tests(tests, test_make_dir, test_remove_dir);
}
