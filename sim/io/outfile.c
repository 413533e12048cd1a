#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_RANDOM_CHARS 6

static const char tmp_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* splitmix64's finaliser: spreads every input bit over the output. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Random bits for a name: the kernel's, or where it has none to give (an
 * old kernel, a seccomp filter) the clock's nanoseconds, which still differ
 * between two tries; O_EXCL, not the randomness, is what keeps the file
 * safe. */
static uint64_t name_bits(void)
{
    uint64_t bits = 0;
    if (getrandom(&bits, sizeof bits, GRND_NONBLOCK) == (ssize_t)sizeof bits)
        return bits;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return mix64((uint64_t)now.tv_nsec ^ ((uint64_t)now.tv_sec << 30) ^
                 ((uint64_t)getpid() << 12) ^ (uint64_t)(uintptr_t)&bits);
}

int outfile_tmp_name(const char *output, char *tmp, size_t len, char *err)
{
    char suffix[TMP_RANDOM_CHARS + 1];
    uint64_t bits = name_bits();
    for (int i = 0; i < TMP_RANDOM_CHARS; i++) {
        suffix[i] = tmp_alphabet[bits % (sizeof tmp_alphabet - 1)];
        bits /= sizeof tmp_alphabet - 1;
    }
    suffix[TMP_RANDOM_CHARS] = '\0';
    int n = snprintf(tmp, len, "%s.tmp-%ld-%s", output, (long)getpid(), suffix);
    if (n < 0 || (size_t)n >= len) {
        if (len > 0)
            tmp[0] = '\0';
        sim_fail(err, SIM_ERR_IO, "%s: output path too long", output);
        return -1;
    }
    return 0;
}

int outfile_tmp_open(const char *output, char *tmp, size_t len, char *err)
{
    for (int attempt = 0; attempt < OUTFILE_TMP_ATTEMPTS; attempt++) {
        if (outfile_tmp_name(output, tmp, len, err) != 0)
            return -1;
        int fd =
            open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST) {
            tmp[0] = '\0';
            sim_fail(err, SIM_ERR_IO,
                     "%s: cannot create a temporary file beside it: %s", output,
                     strerror(errno));
            return -1;
        }
    }
    /* The last name tried is another's: nothing to remove. */
    tmp[0] = '\0';
    sim_fail(err, SIM_ERR_IO,
             "%s: cannot create a temporary file beside it: the %d names "
             "tried were all taken",
             output, OUTFILE_TMP_ATTEMPTS);
    return -1;
}

FILE *outfile_tmp_fopen(const char *output, char *tmp, size_t len,
                        const char *mode, char *err)
{
    int fd = outfile_tmp_open(output, tmp, len, err);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, mode);
    if (f == NULL) {
        sim_fail(err, SIM_ERR_IO, "%s: cannot write: %s", output,
                 strerror(errno));
        close(fd);
        unlink(tmp);
        tmp[0] = '\0';
    }
    return f;
}

sim_status outfile_check_writable(const char *output, char *err)
{
    char tmp[PATH_MAX + OUTFILE_TMP_EXTRA];
    int fd = outfile_tmp_open(output, tmp, sizeof tmp, err);
    if (fd < 0)
        return SIM_ERR_IO;
    close(fd);
    unlink(tmp);
    return SIM_OK;
}

int outfile_is_tmp_of(const char *name, const char *base, long *pid)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0 || strncmp(name + n, ".tmp-", 5) != 0)
        return 0;
    const char *digits = name + n + 5;
    size_t n_digits = strspn(digits, "0123456789");
    if (n_digits == 0 || n_digits > 9 || digits[0] == '0')
        return 0;
    const char *rest = digits + n_digits;
    if (*rest == '-') {
        rest++;
        size_t n_random = strspn(rest, tmp_alphabet);
        if (n_random != TMP_RANDOM_CHARS)
            return 0;
        rest += n_random;
    }
    if (*rest != '\0')
        return 0;
    *pid = strtol(digits, NULL, 10);
    return 1;
}

/* The directory of path ("." for a bare name) into dir, and its bare name
 * through base. */
static int split_path(const char *path, char *dir, size_t len,
                      const char **base)
{
    const char *slash = strrchr(path, '/');
    *base = slash != NULL ? slash + 1 : path;
    int n = slash == NULL ? snprintf(dir, len, ".")
            : slash == path
                ? snprintf(dir, len, "/")
                : snprintf(dir, len, "%.*s", (int)(slash - path), path);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

int outfile_remove_stale(const char *output, FILE *log)
{
    char dir[PATH_MAX];
    const char *base = NULL;
    if (split_path(output, dir, sizeof dir, &base) != 0 || *base == '\0')
        return 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0; /* no directory yet: nothing was left in it */
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = 0;
        if (!outfile_is_tmp_of(e->d_name, base, &pid) || pid == getpid())
            continue;
        /* ESRCH only: EPERM means the process lives (another user's). */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        struct stat info;
        if (fstatat(dirfd(d), e->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(info.st_mode) || info.st_uid != geteuid())
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) != 0)
            continue;
        removed++;
        if (log != NULL)
            fprintf(log,
                    "alliance-sim: removed %s/%s, a temporary file left by "
                    "process %ld, which no longer runs\n",
                    dir, e->d_name, pid);
    }
    closedir(d);
    return removed;
}
