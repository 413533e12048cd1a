/*
 * test_random.h - the random characters of temporary names, scripted.
 *
 * Including this defines getrandom in the test executable, which takes the
 * place of the C library's for the code linked into it (sim/io/outfile.c),
 * so that a test knows the names a writer will try and can plant a file or
 * a symbolic link there first.  Unscripted, it counts, which keeps names
 * distinct.  Include it in one file per executable.
 */
#ifndef TESTS_TEST_RANDOM_H
#define TESTS_TEST_RANDOM_H

#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

#define TEST_RANDOM_SCRIPT_MAX 8

static uint64_t test_random_script[TEST_RANDOM_SCRIPT_MAX];
static size_t test_random_len, test_random_at;
static uint64_t test_random_counter = 1;

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
    (void)flags;
    uint64_t bits = test_random_at < test_random_len
                        ? test_random_script[test_random_at++]
                        : test_random_counter++;
    size_t n = len < sizeof bits ? len : sizeof bits;
    memcpy(buf, &bits, n);
    return (ssize_t)n;
}

/* The next n draws are bits[0..n); then counting resumes. */
static inline void test_random_play(const uint64_t *bits, size_t n)
{
    memcpy(test_random_script, bits, n * sizeof *bits);
    test_random_len = n;
    test_random_at = 0;
}

/* How many scripted draws were taken since test_random_play. */
static inline size_t test_random_taken(void)
{
    return test_random_at;
}

#endif
