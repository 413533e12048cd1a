/*
 * test_util.h - helpers shared by the cmocka tests.
 */
#ifndef TESTS_TEST_UTIL_H
#define TESTS_TEST_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "models/org.h"

/* The group's scratch directory (set up by test_make_dir). */
static inline char *test_dir(void)
{
    static char dir[64];
    return dir;
}

/* cmocka group set-up and tear-down: a fresh directory under /tmp. */
static inline int test_make_dir(void **unused)
{
    (void)unused;
    snprintf(test_dir(), 64, "/tmp/alliance-sim-test-XXXXXX");
    return mkdtemp(test_dir()) == NULL ? -1 : 0;
}

static inline int test_remove_dir(void **unused)
{
    (void)unused;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir());
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to name in the scratch directory; returns the path, in a
 * buffer the next call overwrites. */
static inline const char *test_write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", test_dir(), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Relative-or-absolute closeness: |a - b| <= tol * max(1, |a|, |b|). */
static inline int close_to(double a, double b, double tol)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= tol * scale;
}

#define assert_close(a, b, tol)                                                \
    do {                                                                       \
        double a_ = (a), b_ = (b);                                             \
        if (!close_to(a_, b_, (tol)))                                          \
            fail_msg("%s = %.17g, expected %.17g (tol %g)", #a, a_, b_,        \
                     (double)(tol));                                           \
    } while (0)

/* Appends to evs an event of a scenario: `op` the organisation's setting at
 * path to (or by) value in month, resolved as the scenario loader does. */
static inline void test_add_event(struct org_events *evs, long month,
                                  const char *path, enum org_event_op op,
                                  double value)
{
    const struct param_desc *d =
        param_table_find(org_model.params, org_model.n_params, path);
    if (d == NULL || evs->count == ORG_EVENTS_MAX)
        fail_msg("%s: no such setting, or too many events", path);
    struct org_event *ev = &evs->list[evs->count++];
    char msg[256];
    ev->month = month;
    ev->value = value;
    if (org_event_resolve(d, op, ev, msg, sizeof msg) != 0)
        fail_msg("%s: %s", path, msg);
}

#endif
