/*
 * alloc.h - the one allocation wrapper of alliance-sim.
 *
 * Every heap allocation in sim/ goes through sim_malloc / sim_calloc so that
 * tests can make the N-th allocation fail (sim_alloc_fail_after) and check
 * that each error path reports SIM_ERR_NOMEM and frees what it had built.
 * Models never allocate.
 */
#ifndef SIM_ALLOC_H
#define SIM_ALLOC_H

#include <stddef.h>

/* Like malloc; returns NULL on failure or when a test-injected failure fires.
 */
void *sim_malloc(size_t size);

/* Like calloc (zeroed, overflow-checked); NULL on failure or injected failure.
 */
void *sim_calloc(size_t count, size_t size);

/*
 * Zeroed memory for count items of size bytes, each item starting on a
 * SIM_THREAD_APART boundary (size is rounded up to a multiple of it), for
 * what each thread writes in its inner loop (model state, output row, random
 * generator).  Cache-line padding is not enough: the hardware prefetcher
 * pulls in lines beyond the one a thread touches, and two threads' states
 * 640 bytes apart ran the engine 30% slower on two cores than states a page
 * apart (measured, docs/performance.md).  *stride receives the rounded size.
 * Free with sim_free.
 */
void *sim_calloc_apart(size_t count, size_t size, size_t *stride);

/* A page: prefetchers do not cross it. */
#define SIM_THREAD_APART 4096

/* Like free; sim_free(NULL) does nothing. */
void sim_free(void *ptr);

/*
 * Test hook: after `count` more successful allocations, every allocation
 * fails.  A negative count switches injection off (the default).
 */
void sim_alloc_fail_after(long count);

#endif
