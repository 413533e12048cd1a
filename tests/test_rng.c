/*
 * test_rng.c - the Philox streams: known answers, reproducibility,
 * independence of streams, uniformity.
 */
#include "test_util.h"

#include <stdint.h>

#include <Random123/philox.h>

#include "sim/core/alloc.h"
#include "sim/core/rng.h"

/* Random123's known-answer vector for Philox4x32-10 with counter and key 0. */
static void philox_known_answer(void **unused)
{
    (void)unused;
    gsl_rng *rng = sim_rng_new(0);
    assert_non_null(rng);
    assert_int_equal(gsl_rng_get(rng), 0x6627e8d5UL);
    assert_int_equal(gsl_rng_get(rng), 0xe169c58dUL);
    assert_int_equal(gsl_rng_get(rng), 0xbc57ac4cUL);
    assert_int_equal(gsl_rng_get(rng), 0x9b00dbd8UL);
    gsl_rng_free(rng);
}

/* The generator computes blocks in batches (the first block of a stream
 * alone): every output is still Random123's philox4x32 of (block index,
 * replicate, sample, purpose) under the seed, across batch boundaries and
 * after a restart in the middle of a batch. */
static void philox_batches_match_random123(void **unused)
{
    (void)unused;
    const uint64_t seed = 0x2385000000a1ULL;
    gsl_rng *rng = sim_rng_new(seed);
    assert_non_null(rng);
    for (int restart = 0; restart < 3; restart++) {
        sim_rng_stream(rng, seed, 17, 2385, RNG_PURPOSE_BOOTSTRAP);
        philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
        long blocks = restart == 1 ? 3 : 1000; /* 3: stop mid-batch */
        for (uint32_t b = 0; b < blocks; b++) {
            philox4x32_ctr_t ctr = {{b, 2385, 17, RNG_PURPOSE_BOOTSTRAP}};
            philox4x32_ctr_t want = philox4x32(ctr, key);
            for (int i = 0; i < 4; i++)
                assert_int_equal(gsl_rng_get(rng), want.v[i]);
        }
    }
    gsl_rng_free(rng);
}

/* Threads' generators must not share cache lines, nor lines the prefetcher
 * pulls in with theirs: each state starts a page of its own. */
static void generators_a_page_apart(void **unused)
{
    (void)unused;
    gsl_rng *a = sim_rng_new(1), *b = sim_rng_new(1);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal((uintptr_t)a->state % SIM_THREAD_APART, 0);
    assert_int_equal((uintptr_t)b->state % SIM_THREAD_APART, 0);
    assert_true(sim_rng_philox->size <= SIM_THREAD_APART);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void stream_restarts_identically(void **unused)
{
    (void)unused;
    gsl_rng *rng = sim_rng_new(7);
    unsigned long first[64];
    sim_rng_stream(rng, 7, 3, 11, RNG_PURPOSE_MODEL);
    for (int i = 0; i < 64; i++)
        first[i] = gsl_rng_get(rng);
    sim_rng_stream(rng, 7, 3, 11, RNG_PURPOSE_MODEL);
    for (int i = 0; i < 64; i++)
        assert_int_equal(gsl_rng_get(rng), first[i]);
    gsl_rng_free(rng);
}

/* Changing any part of the stream id changes the numbers. */
static void streams_differ(void **unused)
{
    (void)unused;
    gsl_rng *rng = sim_rng_new(7);
    unsigned long ref[8];
    sim_rng_stream(rng, 7, 0, 0, RNG_PURPOSE_MODEL);
    for (int i = 0; i < 8; i++)
        ref[i] = gsl_rng_get(rng);
    struct {
        uint64_t seed;
        uint32_t sample, replicate;
        enum rng_purpose purpose;
    } ids[] = {{8, 0, 0, RNG_PURPOSE_MODEL},
               {7, 1, 0, RNG_PURPOSE_MODEL},
               {7, 0, 1, RNG_PURPOSE_MODEL},
               {7, 0, 0, RNG_PURPOSE_DESIGN},
               {7 + (1ULL << 32), 0, 0, RNG_PURPOSE_MODEL}};
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
        sim_rng_stream(rng, ids[k].seed, ids[k].sample, ids[k].replicate,
                       ids[k].purpose);
        int same = 0;
        for (int i = 0; i < 8; i++)
            same += gsl_rng_get(rng) == ref[i];
        assert_true(same < 2);
    }
    gsl_rng_free(rng);
}

/* Mean and variance of 2^20 uniforms within 5 standard errors. */
static void uniform_moments(void **unused)
{
    (void)unused;
    gsl_rng *rng = sim_rng_new(2385);
    const long n = 1L << 20;
    double sum = 0, sum2 = 0;
    for (long i = 0; i < n; i++) {
        double u = gsl_rng_uniform(rng);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        sum2 += u * u;
    }
    double mean = sum / (double)n;
    double var = sum2 / (double)n - mean * mean;
    assert_true(fabs(mean - 0.5) < 5 * sqrt(1.0 / 12.0 / (double)n));
    assert_true(fabs(var - 1.0 / 12.0) < 5 * sqrt(1.0 / 180.0 / (double)n));
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(philox_known_answer),
        cmocka_unit_test(philox_batches_match_random123),
        cmocka_unit_test(generators_a_page_apart),
        cmocka_unit_test(stream_restarts_identically),
        cmocka_unit_test(streams_differ),
        cmocka_unit_test(uniform_moments),
    };
    return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
