/*
 * fuzz_util.h - what the fuzz targets share: a scratch directory in which
 * each input is written as a file and loaded, since the loaders read files
 * (and the files they @include, and a sweep's base scenario) by name.
 *
 * The directory holds a symbolic link to every file of the repository's
 * scenarios/ (or $FUZZ_SCENARIOS), so that inputs grown from those files
 * find what they include or sweep over: `@include "fonds-odd17-base.cfg"`,
 * `base = "default.cfg"`.  It is removed at exit.
 */
#ifndef TESTS_FUZZ_UTIL_H
#define TESTS_FUZZ_UTIL_H

#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir_path[64];

static void fuzz_remove_dir(void)
{
    DIR *d = opendir(fuzz_dir_path);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[PATH_MAX];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", fuzz_dir_path, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(fuzz_dir_path);
}

/* Makes the scratch directory; exits on failure (nothing to fuzz then). */
static void fuzz_setup(void)
{
    snprintf(fuzz_dir_path, sizeof fuzz_dir_path,
             "/tmp/alliance-sim-fuzz-XXXXXX");
    if (mkdtemp(fuzz_dir_path) == NULL) {
        perror("fuzz: mkdtemp");
        exit(1);
    }
    atexit(fuzz_remove_dir);
    const char *from = getenv("FUZZ_SCENARIOS");
    char src[PATH_MAX];
    if (realpath(from != NULL ? from : "scenarios", src) == NULL) {
        perror("fuzz: scenarios directory (set FUZZ_SCENARIOS)");
        exit(1);
    }
    DIR *d = opendir(src);
    if (d == NULL) {
        perror("fuzz: scenarios directory");
        exit(1);
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char target[PATH_MAX + 256], link_path[PATH_MAX];
        snprintf(target, sizeof target, "%s/%s", src, e->d_name);
        snprintf(link_path, sizeof link_path, "%s/%s", fuzz_dir_path,
                 e->d_name);
        if (symlink(target, link_path) != 0) {
            perror("fuzz: symlink");
            exit(1);
        }
    }
    closedir(d);
}

/* Writes the input to the scratch directory; returns its path, or NULL. */
static const char *fuzz_write_input(const uint8_t *data, size_t size)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/fuzz-input.cfg", fuzz_dir_path);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return NULL;
    size_t wrote = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || wrote != size)
        return NULL;
    return path;
}

/* An error must say something, and where: every file a fuzzed input can
 * reach is in the scratch directory, so its message names that directory. */
static void fuzz_check_error(const char *err)
{
    if (err[0] == '\0' || strstr(err, fuzz_dir_path) == NULL) {
        fprintf(stderr, "fuzz: error message names no file: '%s'\n", err);
        abort();
    }
}

#endif
