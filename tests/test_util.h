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

#endif
