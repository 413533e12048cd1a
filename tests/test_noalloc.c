/*
 * test_noalloc.c - the model's inner loop allocates nothing.
 *
 * This executable defines malloc, calloc, realloc, the aligned allocators
 * and free (forwarding to glibc's __libc_* entry points), so every library it loads, GSL and
 * libgomp included, allocates through them and is counted while the engine
 * runs its blocks.  AddressSanitizer and valgrind bring allocators of their
 * own, which take the place of these: under them the tests are skipped; the
 * plain build (make test) runs them.
 */
#include "test_util.h"

#include <errno.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "models/org.h"
#include "models/portfolio.h"
#include "sim/core/engine.h"
#include "sim/io/scenario.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||   \
    __has_feature(memory_sanitizer)
#define SANITIZER_ALLOCATOR 1
#endif
#endif
/* The counting allocator and the helpers that read it, down to the matching
 * #endif, exist only where no sanitizer brings an allocator of its own. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) ||         \
    defined(SANITIZER_ALLOCATOR)
#define COUNTING_ALLOCATOR 0
#else
#define COUNTING_ALLOCATOR 1

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);
extern void *__libc_memalign(size_t alignment, size_t size);
void *memalign(size_t alignment, size_t size); /* <malloc.h>'s, obsolete */

static int counting;
static long allocations;

static void count(void)
{
    if (__atomic_load_n(&counting, __ATOMIC_RELAXED))
        __atomic_fetch_add(&allocations, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t size)
{
    count();
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    count();
    return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size)
{
    count();
    return __libc_realloc(ptr, size);
}

void *memalign(size_t alignment, size_t size)
{
    count();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    count();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    count();
    if (alignment % sizeof(void *) != 0 ||
        (alignment & (alignment - 1)) != 0)
        return EINVAL;
    void *p = __libc_memalign(alignment, size);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void free(void *ptr)
{
    __libc_free(ptr);
}

/* Whether these definitions are the ones in use (valgrind preloads its
 * own). */
static int counting_here(void)
{
    const char *preload = getenv("LD_PRELOAD");
    return preload == NULL || strstr(preload, "vgpreload") == NULL;
}

/* Allocations while the engine runs every block after the first (which
 * also starts libgomp's threads), on `threads` threads; unit_months: the
 * unit variables kept month by month (NULL: none). */
static long allocations_in_blocks_of(const struct model_type *model,
                                     const void *params, int threads,
                                     const unsigned char *unit_months)
{
    omp_set_num_threads(threads);
    struct engine_config c = {.months = 120,
                              .replicates = 96,
                              .seed = 11,
                              .block_size = 16,
                              .n_horizons = 2,
                              .horizons = {18, 120},
                              .keep_units = 1,
                              .keep_unit_months = unit_months};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(model, params, &c, err);
    if (e == NULL)
        fail_msg("%s", err);
    struct engine_block b;
    assert_int_equal(engine_next_block(e, &b), SIM_OK);
    assert_true(b.count > 0);
    long blocks = 0;
    __atomic_store_n(&allocations, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0)
        blocks++;
    __atomic_store_n(&counting, 0, __ATOMIC_RELAXED);
    assert_int_equal(blocks, 5);
    engine_free(e);
    return __atomic_load_n(&allocations, __ATOMIC_RELAXED);
}

static long allocations_in_blocks(const struct model_type *model,
                                  const void *params, int threads)
{
    return allocations_in_blocks_of(model, params, threads, NULL);
}
#endif /* COUNTING_ALLOCATOR */

/* The counter counts: a call that allocates is seen. */
static void counter_sees_an_allocation(void **unused)
{
    (void)unused;
#if COUNTING_ALLOCATOR
    if (!counting_here())
        skip();
    __atomic_store_n(&allocations, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
    char *volatile p = strdup("alliance");
    void *aligned = NULL;
    assert_int_equal(posix_memalign(&aligned, 4096, 100), 0);
    __atomic_store_n(&counting, 0, __ATOMIC_RELAXED);
    free(p);
    free(aligned);
    assert_int_equal(__atomic_load_n(&allocations, __ATOMIC_RELAXED), 2);
#else
    skip();
#endif
}

static void organisation_steps_allocate_nothing(void **unused)
{
    (void)unused;
#if COUNTING_ALLOCATOR
    if (!counting_here())
        skip();
    struct scenario *sc = scenario_new_default("noalloc.cfg");
    assert_non_null(sc);
    /* Every mechanism on: innovation process and the rules' policies. */
    sc->org.innovation.enabled = 1;
    for (int threads = 1; threads <= 2; threads++)
        assert_int_equal(allocations_in_blocks(&org_model, &sc->org, threads),
                         0);
    scenario_free(sc);
#else
    skip();
#endif
}

/* Events apply from the compact array resolved at load (months 24 and 30
 * of scenarios/subsidy-stops.cfg fall in the blocks counted). */
static void event_steps_allocate_nothing(void **unused)
{
    (void)unused;
#if COUNTING_ALLOCATOR
    if (!counting_here())
        skip();
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load("scenarios/subsidy-stops.cfg", &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_int_equal(sc->org.events.count, 2);
    for (int threads = 1; threads <= 2; threads++)
        assert_int_equal(allocations_in_blocks(&org_model, &sc->org, threads),
                         0);
    scenario_free(sc);
#else
    skip();
#endif
}

static void portfolio_steps_allocate_nothing(void **unused)
{
    (void)unused;
#if COUNTING_ALLOCATOR
    if (!counting_here())
        skip();
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load("scenarios/fonds-odd17.cfg", &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_non_null(sc->portfolio);
    for (int threads = 1; threads <= 2; threads++)
        assert_int_equal(allocations_in_blocks(scenario_model(sc),
                                               scenario_params(sc), threads),
                         0);
    scenario_free(sc);
#else
    skip();
#endif
}

static void territory_steps_allocate_nothing(void **unused)
{
    (void)unused;
#if COUNTING_ALLOCATOR
    if (!counting_here())
        skip();
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load("scenarios/territory.cfg", &sc, err) != SIM_OK)
        fail_msg("%s", err);
    /* A small territory: the same code, in a test's time. */
    if (scenario_set(sc, "territory.organisations", "12", "test", err) !=
            SIM_OK ||
        scenario_set(sc, "territory.firms", "20", "test", err) != SIM_OK)
        fail_msg("%s", err);
    assert_ptr_equal(scenario_model(sc), &territory_model);
    /* With each organisation kept month by month too. */
    static const unsigned char all[TU_COUNT] = {1, 1, 1, 1, 1, 1};
    for (int threads = 1; threads <= 2; threads++) {
        assert_int_equal(allocations_in_blocks(scenario_model(sc),
                                               scenario_params(sc), threads),
                         0);
        assert_int_equal(allocations_in_blocks_of(scenario_model(sc),
                                                  scenario_params(sc),
                                                  threads, all),
                         0);
    }
    scenario_free(sc);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counter_sees_an_allocation),
        cmocka_unit_test(organisation_steps_allocate_nothing),
        cmocka_unit_test(event_steps_allocate_nothing),
        cmocka_unit_test(portfolio_steps_allocate_nothing),
        cmocka_unit_test(territory_steps_allocate_nothing),
    };
    return cmocka_run_group_tests_name("noalloc", tests, NULL, NULL);
}
