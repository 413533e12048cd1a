/*
 * test_design.c - unit-hypercube designs: strata, balance, enumeration,
 * rows independent of how they are requested, and every error path.
 */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "sim/analysis/design.h"
#include "sim/core/alloc.h"
#include "sim/core/rng.h"

#define SEED 2385

static double *rows_at_once(struct design *d)
{
    size_t n = design_n_samples(d), k = design_n_params(d);
    double *all = calloc(n * k, sizeof *all);
    assert_non_null(all);
    assert_int_equal(design_rows(d, 0, n, all, NULL), SIM_OK);
    return all;
}

/* Rows fetched in uneven chunks, in a shuffled order (backwards included),
 * equal the rows fetched at once, bit for bit. */
static void check_chunking(struct design *d, const double *all)
{
    size_t n = design_n_samples(d), k = design_n_params(d);
    double *part = calloc(n * k, sizeof *part);
    assert_non_null(part);
    const size_t chunk = 37;
    size_t n_chunks = (n + chunk - 1) / chunk;
    /* Visit the chunks in the order c * 11 mod n_chunks (a permutation, as
     * 11 is prime and does not divide n_chunks), then fetch row n - 1 alone
     * and row 0 again. */
    const size_t stride = 11;
    assert_true(n_chunks % stride != 0);
    for (size_t c = 0; c < n_chunks; c++) {
        size_t first = (c * stride % n_chunks) * chunk;
        size_t count = first + chunk <= n ? chunk : n - first;
        assert_int_equal(design_rows(d, first, count, part + first * k, NULL),
                         SIM_OK);
    }
    assert_memory_equal(part, all, n * k * sizeof *all);
    assert_int_equal(design_rows(d, n - 1, 1, part, NULL), SIM_OK);
    assert_memory_equal(part, all + (n - 1) * k, k * sizeof *all);
    assert_int_equal(design_rows(d, 0, 1, part, NULL), SIM_OK);
    assert_memory_equal(part, all, k * sizeof *all);
    free(part);
}

static void check_unit(const double *x, size_t count)
{
    for (size_t i = 0; i < count; i++)
        assert_true(x[i] >= 0.0 && x[i] < 1.0);
}

static void grid_enumerates_every_combination(void **unused)
{
    (void)unused;
    const size_t levels[] = {2, 3, 4};
    struct design *d = design_new(DESIGN_GRID, 3, 0, SEED, levels, NULL);
    assert_non_null(d);
    assert_int_equal(design_n_samples(d), 24);
    double *all = rows_at_once(d);
    int seen[2][3][4] = {{{0}}};
    for (size_t r = 0; r < 24; r++) {
        size_t idx[3];
        for (size_t j = 0; j < 3; j++) {
            double scaled = all[r * 3 + j] * (double)levels[j];
            idx[j] = (size_t)scaled;
            /* Coordinates sit at level centres. */
            assert_close(scaled, (double)idx[j] + 0.5, 1e-15);
        }
        seen[idx[0]][idx[1]][idx[2]]++;
        /* Last parameter fastest: row r = (i0 * 3 + i1) * 4 + i2. */
        assert_int_equal((idx[0] * 3 + idx[1]) * 4 + idx[2], r);
    }
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 3; b++)
            for (int c = 0; c < 4; c++)
                assert_int_equal(seen[a][b][c], 1);
    /* The explicit size is accepted when it matches. */
    struct design *same = design_new(DESIGN_GRID, 3, 24, SEED, levels, NULL);
    assert_non_null(same);
    design_free(same);
    free(all);
    design_free(d);
}

/* Row i is the first n_params uniforms of the documented Philox stream. */
static void random_rows_follow_their_streams(void **unused)
{
    (void)unused;
    const size_t n = 500, k = 4;
    struct design *d = design_new(DESIGN_RANDOM, k, n, SEED, NULL, NULL);
    assert_non_null(d);
    double *all = rows_at_once(d);
    check_unit(all, n * k);
    gsl_rng *rng = sim_rng_new(0);
    for (size_t i = 0; i < n; i += 123) {
        sim_rng_stream(rng, SEED, (uint32_t)i, RNG_DESIGN_ROWS,
                       RNG_PURPOSE_DESIGN);
        for (size_t j = 0; j < k; j++)
            assert_true(all[i * k + j] == gsl_rng_uniform(rng));
    }
    gsl_rng_free(rng);
    check_chunking(d, all);

    /* A design of a different size shares its rows: row i depends only on
     * (seed, i). */
    struct design *longer =
        design_new(DESIGN_RANDOM, k, 2 * n, SEED, NULL, NULL);
    double row[4];
    assert_int_equal(design_rows(longer, 321, 1, row, NULL), SIM_OK);
    assert_memory_equal(row, all + 321 * k, sizeof row);
    design_free(longer);

    struct design *other =
        design_new(DESIGN_RANDOM, k, n, SEED + 1, NULL, NULL);
    assert_int_equal(design_rows(other, 0, 1, row, NULL), SIM_OK);
    assert_true(row[0] != all[0]);
    design_free(other);
    free(all);
    design_free(d);
}

static void lhs_one_point_per_stratum(void **unused)
{
    (void)unused;
    const size_t n = 1000, k = 5;
    struct design *d = design_new(DESIGN_LHS, k, n, SEED, NULL, NULL);
    assert_non_null(d);
    double *all = rows_at_once(d);
    check_unit(all, n * k);
    int *count = calloc(n, sizeof *count);
    for (size_t j = 0; j < k; j++) {
        memset(count, 0, n * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(size_t)(all[i * k + j] * (double)n)]++;
        for (size_t s = 0; s < n; s++)
            assert_int_equal(count[s], 1);
    }
    free(count);
    check_chunking(d, all);

    /* The permutations differ between dimensions and with the seed. */
    size_t same_strata = 0;
    for (size_t i = 0; i < n; i++)
        same_strata += (size_t)(all[i * k] * (double)n) ==
                       (size_t)(all[i * k + 1] * (double)n);
    assert_true(same_strata < 10);
    struct design *other = design_new(DESIGN_LHS, k, n, SEED + 1, NULL, NULL);
    double *all2 = rows_at_once(other);
    assert_true(memcmp(all, all2, n * k * sizeof *all) != 0);
    free(all2);
    design_free(other);
    free(all);
    design_free(d);
}

static void sobol_rows(void **unused)
{
    (void)unused;
    const size_t n = 1024, k = DESIGN_SOBOL_MAX_DIMS;
    assert_true(design_sobol_n_ok(n));
    struct design *d = design_new(DESIGN_SOBOL, k, n, 0, NULL, NULL);
    assert_non_null(d);
    double *all = rows_at_once(d);
    check_unit(all, n * k);
    /* Row 0 is the origin; rows 1.. are GSL's points, whose first is
     * (0.5, ...) and second (0.75, 0.25, 0.75, ...) (Bratley & Fox). */
    for (size_t j = 0; j < k; j++) {
        assert_true(all[j] == 0.0);
        assert_true(all[k + j] == 0.5);
    }
    assert_true(all[2 * k] == 0.75 && all[2 * k + 1] == 0.25 &&
                all[2 * k + 2] == 0.75);
    /* Net property: each half, and each interval of width 1/N, of every
     * dimension holds N/2 points, respectively exactly one. */
    int *count = calloc(n, sizeof *count);
    for (size_t j = 0; j < k; j++) {
        size_t lower = 0;
        memset(count, 0, n * sizeof *count);
        for (size_t i = 0; i < n; i++) {
            lower += all[i * k + j] < 0.5;
            count[(size_t)(all[i * k + j] * (double)n)]++;
        }
        assert_int_equal(lower, n / 2);
        for (size_t s = 0; s < n; s++)
            assert_int_equal(count[s], 1);
    }
    free(count);
    check_chunking(d, all);
    free(all);
    design_free(d);
}

static void sobol_n_ok(void **unused)
{
    (void)unused;
    assert_false(design_sobol_n_ok(0));
    assert_true(design_sobol_n_ok(1));
    assert_true(design_sobol_n_ok(16384));
    assert_false(design_sobol_n_ok(1000));
    assert_false(design_sobol_n_ok(16385));
}

static void names_round_trip(void **unused)
{
    (void)unused;
    const char *expected[] = {"grid", "random", "lhs", "sobol"};
    for (int k = DESIGN_GRID; k <= DESIGN_SOBOL; k++) {
        enum design_kind back = DESIGN_GRID;
        assert_string_equal(design_kind_name((enum design_kind)k), expected[k]);
        assert_int_equal(design_kind_from_name(expected[k], &back), 0);
        assert_int_equal(back, k);
    }
    enum design_kind untouched = DESIGN_LHS;
    assert_int_equal(design_kind_from_name("latin", &untouched), -1);
    assert_int_equal(untouched, DESIGN_LHS);
    assert_string_equal(design_kind_name((enum design_kind)9), "unknown");
}

static void expect_refusal(enum design_kind kind, size_t n_params,
                           size_t n_samples, const size_t *levels,
                           const char *says)
{
    char err[SIM_ERR_LEN] = "";
    struct design *d = design_new(kind, n_params, n_samples, SEED, levels, err);
    assert_null(d);
    if (strstr(err, says) == NULL)
        fail_msg("message '%s' lacks '%s'", err, says);
}

static void errors(void **unused)
{
    (void)unused;
    const size_t levels[] = {2, 0, 3};
    const size_t huge[] = {(size_t)1 << 20, (size_t)1 << 20};
    expect_refusal(DESIGN_RANDOM, 0, 10, NULL,
                   "random design: at least one parameter");
    expect_refusal(DESIGN_LHS, 3, 0, NULL, "lhs design: at least one sample");
    expect_refusal(DESIGN_RANDOM, 3, DESIGN_MAX_ROWS + 1, NULL,
                   "at most 4294967295");
    expect_refusal(DESIGN_SOBOL, 41, 1024, NULL,
                   "at most 40 (a Saltelli design of k parameters needs 2k, "
                   "so k <= 20)");
    expect_refusal(DESIGN_SOBOL, 2, DESIGN_SOBOL_MAX_ROWS + 1, NULL,
                   "Sobol' sequence has 1073741824 points");
    expect_refusal(DESIGN_GRID, 3, 0, NULL,
                   "levels per parameter are required");
    expect_refusal(DESIGN_GRID, 3, 0, levels, "parameter 1 has no levels");
    expect_refusal(DESIGN_GRID, 2, 0, huge,
                   "more than 4294967295 combinations");
    const size_t ok_levels[] = {2, 3};
    expect_refusal(DESIGN_GRID, 2, 7, ok_levels,
                   "7 samples requested, but the levels make 6");
    expect_refusal((enum design_kind)9, 2, 7, NULL, "unknown design kind 9");

    /* Rows beyond the design are refused and out is untouched. */
    struct design *d = design_new(DESIGN_SOBOL, 2, 8, 0, NULL, NULL);
    double out[2 * 9] = {0};
    char err[SIM_ERR_LEN] = "";
    assert_int_equal(design_rows(d, 4, 5, out, err), SIM_ERR_RANGE);
    assert_non_null(strstr(err, "rows [4, 4 + 5) requested, the design has 8"));
    assert_int_equal(design_rows(d, 9, 0, out, err), SIM_ERR_RANGE);
    assert_int_equal(design_rows(d, 8, 0, out, NULL), SIM_OK);
    for (size_t i = 0; i < 18; i++)
        assert_true(out[i] == 0.0);
    design_free(d);
    design_free(NULL);
}

/* Every allocation failure is reported and leaks nothing (ASan checks). */
static void out_of_memory(void **unused)
{
    (void)unused;
    const size_t levels[] = {2, 3};
    enum design_kind kinds[] = {DESIGN_GRID, DESIGN_LHS, DESIGN_RANDOM,
                                DESIGN_SOBOL};
    for (size_t c = 0; c < sizeof kinds / sizeof kinds[0]; c++)
        for (long fail = 0; fail < 3; fail++) {
            char err[SIM_ERR_LEN] = "";
            sim_alloc_fail_after(fail);
            struct design *d =
                design_new(kinds[c], 2, kinds[c] == DESIGN_GRID ? 0 : 16, SEED,
                           levels, err);
            sim_alloc_fail_after(-1);
            if (d == NULL)
                assert_non_null(strstr(err, "out of memory"));
            design_free(d);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_enumerates_every_combination),
        cmocka_unit_test(random_rows_follow_their_streams),
        cmocka_unit_test(lhs_one_point_per_stratum),
        cmocka_unit_test(sobol_rows),
        cmocka_unit_test(sobol_n_ok),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(errors),
        cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests_name("design", tests, NULL, NULL);
}
