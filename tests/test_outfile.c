/*
 * test_outfile.c - temporaries beside an output: their names, creation that
 * never follows a planted symbolic link (plain files and HDF5 files alike),
 * the writability check, and the removal of dead writers' leftovers.
 */
#include "test_util.h"
#include "test_random.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hdf5.h>

#include "sim/io/h5util.h"
#include "sim/io/outfile.h"

static void play(uint64_t first, uint64_t second)
{
    const uint64_t bits[] = {first, second};
    test_random_play(bits, 2);
}

/* A path in the scratch directory, valid until the fourth next call. */
static char *scratch(const char *name)
{
    static char path[4][PATH_MAX];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, PATH_MAX, "%.64s/%.256s", test_dir(), name);
    return p;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_text(const char *path, const char *text)
{
    char buf[64] = "";
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_string_equal(buf, text);
}

static void names_carry_the_pid(void **unused)
{
    (void)unused;
    char a[PATH_MAX], b[PATH_MAX], want[64], err[SIM_ERR_LEN];
    assert_int_equal(outfile_tmp_name("d/x.h5", a, sizeof a, err), 0);
    assert_int_equal(outfile_tmp_name("d/x.h5", b, sizeof b, err), 0);
    snprintf(want, sizeof want, "d/x.h5.tmp-%ld-", (long)getpid());
    assert_int_equal(strncmp(a, want, strlen(want)), 0);
    assert_int_equal(strlen(a), strlen(want) + 6);
    assert_string_not_equal(a, b);
    long pid = 0;
    assert_true(outfile_is_tmp_of(a + 2, "x.h5", &pid));
    assert_int_equal(pid, getpid());
    /* Too long for the buffer: refused, nothing half-written. */
    char small[12];
    assert_int_equal(outfile_tmp_name("d/x.h5", small, sizeof small, err), -1);
    assert_string_equal(small, "");
    assert_non_null(strstr(err, "too long"));
}

static void which_names_are_temporaries(void **unused)
{
    (void)unused;
    struct {
        const char *name;
        int is_tmp;
        long pid;
    } cases[] = {
        {"x.h5.tmp-4242-AbC9zZ", 1, 4242},
        {"x.h5.tmp-4242", 1, 4242}, /* as earlier versions named them */
        {"x.h5.tmp-", 0, 0},
        {"x.h5.tmp-42a", 0, 0},
        {"x.h5.tmp-0", 0, 0},
        {"x.h5.tmp-4242-AbC9z", 0, 0},
        {"x.h5.tmp-4242-AbC9zZZ", 0, 0},
        {"x.h5.tmp-4242-AbC-zZ", 0, 0},
        {"x.h5.tmp-12345678901", 0, 0},
        {"x.h5", 0, 0},
        {"y.h5.tmp-4242-AbC9zZ", 0, 0},
        {"x.h5.partial.tmp-4242-AbC9zZ", 0, 0}, /* the checkpoint's */
        {"xx.h5.tmp-4242-AbC9zZ", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long pid = 0;
        int got = outfile_is_tmp_of(cases[i].name, "x.h5", &pid);
        if (got != cases[i].is_tmp || pid != cases[i].pid)
            fail_msg("%s: %d (pid %ld), expected %d (pid %ld)", cases[i].name,
                     got, pid, cases[i].is_tmp, cases[i].pid);
    }
}

/* A link planted at the name the random bits `bits` give: to an existing
 * file, or dangling (where O_CREAT alone would create its target). */
static void plant(uint64_t bits, const char *output, const char *target,
                  char *planted)
{
    char err[SIM_ERR_LEN];
    play(bits, 0);
    assert_int_equal(outfile_tmp_name(output, planted, PATH_MAX, err), 0);
    assert_int_equal(symlink(target, planted), 0);
}

/* The next names tried: those of a, b, then c. */
static void play3(uint64_t a, uint64_t b, uint64_t c)
{
    const uint64_t bits[] = {a, b, c};
    test_random_play(bits, 3);
}

static void plain_temporary_skips_a_planted_link(void **unused)
{
    (void)unused;
    char *victim = scratch("victim"), *ghost = scratch("ghost");
    char *output = scratch("out.cfg");
    write_text(victim, "precious");
    char planted[PATH_MAX], planted2[PATH_MAX], tmp[PATH_MAX];
    char err[SIM_ERR_LEN];
    plant(11, output, victim, planted);
    plant(12, output, ghost, planted2);

    /* Both names taken: the third is used. */
    play3(11, 12, 13);
    int fd = outfile_tmp_open(output, tmp, sizeof tmp, err);
    if (fd < 0)
        fail_msg("%s", err);
    assert_int_equal(test_random_taken(), 3); /* the planted names were tried */
    assert_string_not_equal(tmp, planted);
    assert_string_not_equal(tmp, planted2);
    assert_int_equal(write(fd, "new", 3), 3);
    close(fd);
    expect_text(victim, "precious");
    expect_text(tmp, "new");
    struct stat info;
    assert_int_equal(lstat(tmp, &info), 0);
    assert_true(S_ISREG(info.st_mode));
    assert_int_equal(lstat(ghost, &info), -1);
    assert_int_equal(lstat(planted, &info), 0);
    assert_true(S_ISLNK(info.st_mode));
    unlink(tmp);
    unlink(planted);
    unlink(planted2);
}

static void hdf5_temporary_skips_a_planted_link(void **unused)
{
    (void)unused;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    char *victim = scratch("victim"), *ghost = scratch("ghost");
    char *output = scratch("out.h5");
    write_text(victim, "precious");
    char planted[PATH_MAX], planted2[PATH_MAX], tmp[PATH_MAX];
    char err[SIM_ERR_LEN];
    plant(21, output, victim, planted);
    plant(22, output, ghost, planted2);

    play3(21, 22, 23);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    hid_t file = h5u_create_tmp(output, fapl, tmp, sizeof tmp, err);
    if (file < 0)
        fail_msg("%s", err);
    assert_int_equal(test_random_taken(), 3); /* the planted names were tried */
    assert_string_not_equal(tmp, planted);
    assert_string_not_equal(tmp, planted2);
    assert_true(H5Fclose(file) >= 0);
    H5Pclose(fapl);
    expect_text(victim, "precious");
    assert_true(H5Fis_hdf5(tmp) > 0);
    struct stat info;
    assert_int_equal(lstat(ghost, &info), -1);
    unlink(tmp);
    unlink(planted);
    unlink(planted2);

    /* A directory that does not exist: an error naming the output, and no
     * name left to remove. */
    hid_t none = h5u_create_tmp("/nonexistent/dir/x.h5", H5P_DEFAULT, tmp,
                                sizeof tmp, err);
    assert_true(none < 0);
    assert_string_equal(tmp, "");
    assert_non_null(strstr(err, "/nonexistent/dir/x.h5"));
}

static void writable_directory_is_checked(void **unused)
{
    (void)unused;
    char err[SIM_ERR_LEN];
    assert_int_equal(outfile_check_writable(scratch("w.h5"), err), SIM_OK);
    char *blocker = scratch("blocker");
    write_text(blocker, "");
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/x.h5", blocker);
    assert_int_equal(outfile_check_writable(out, err), SIM_ERR_IO);
    assert_non_null(strstr(err, out));
    unlink(blocker);
    /* The probe leaves nothing behind. */
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -q tmp", test_dir());
    assert_int_not_equal(system(cmd), 0);
}

/* A process that has exited: its PID names no process (until reused). */
static long dead_pid(void)
{
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0);
    return (long)child;
}

/* base.tmp-PID then suffix, in the scratch directory. */
static char *tmp_of(const char *base, long pid, const char *suffix)
{
    char name[128];
    snprintf(name, sizeof name, "%s.tmp-%ld%s", base, pid, suffix);
    return scratch(name);
}

static void stale_temporaries_are_removed(void **unused)
{
    (void)unused;
    long dead = dead_pid(), live = (long)getppid();
    /* Of r.h5 and of a dead process: the second named as earlier
     * versions did. */
    const char *removed_suffix[] = {"-AbCd12", ""};
    /* Of other outputs, or not a temporary's name. */
    const struct {
        const char *base, *suffix;
    } others[] = {
        {"r.h5.partial", "-AbCd12"}, {"q.h5", "-AbCd12"}, {"r.h5", "-AbCd1"}};
    for (size_t i = 0; i < 2; i++)
        write_text(tmp_of("r.h5", dead, removed_suffix[i]), "left");
    for (size_t i = 0; i < 3; i++)
        write_text(tmp_of(others[i].base, dead, others[i].suffix), "other");
    /* A live process's, and a link (never a writer's) of a dead one. */
    write_text(tmp_of("r.h5", live, "-AbCd12"), "live");
    char victim[PATH_MAX];
    snprintf(victim, sizeof victim, "%s", scratch("victim"));
    write_text(victim, "precious");
    assert_int_equal(symlink(victim, tmp_of("r.h5", dead, "-Link12")), 0);

    FILE *log = tmpfile();
    assert_non_null(log);
    assert_int_equal(outfile_remove_stale(scratch("r.h5"), log), 2);
    rewind(log);
    char text[2048] = "";
    size_t n = fread(text, 1, sizeof text - 1, log);
    text[n] = '\0';
    fclose(log);
    struct stat info;
    for (size_t i = 0; i < 2; i++) {
        char *path = tmp_of("r.h5", dead, removed_suffix[i]);
        assert_int_equal(lstat(path, &info), -1);
        if (strstr(text, path) == NULL)
            fail_msg("'%s' not in: %s", path, text);
    }
    assert_non_null(strstr(text, "no longer runs"));
    for (size_t i = 0; i < 3; i++) {
        char *path = tmp_of(others[i].base, dead, others[i].suffix);
        assert_int_equal(lstat(path, &info), 0);
        unlink(path);
    }
    expect_text(tmp_of("r.h5", live, "-AbCd12"), "live");
    unlink(tmp_of("r.h5", live, "-AbCd12"));
    assert_int_equal(lstat(tmp_of("r.h5", dead, "-Link12"), &info), 0);
    unlink(tmp_of("r.h5", dead, "-Link12"));
    expect_text(victim, "precious");
    /* No directory: nothing to do, no error. */
    assert_int_equal(outfile_remove_stale("/nonexistent/dir/r.h5", NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_carry_the_pid),
        cmocka_unit_test(which_names_are_temporaries),
        cmocka_unit_test(plain_temporary_skips_a_planted_link),
        cmocka_unit_test(hdf5_temporary_skips_a_planted_link),
        cmocka_unit_test(writable_directory_is_checked),
        cmocka_unit_test(stale_temporaries_are_removed),
    };
    return cmocka_run_group_tests_name("outfile", tests, test_make_dir,
                                       test_remove_dir);
}
