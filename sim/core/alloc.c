#include "alloc.h"

#include <stdlib.h>
#include <string.h>

/* Process-wide on purpose: injection is a test-only switch, set before any
 * threads start. */
static long fail_countdown = -1;

static int injected_failure(void)
{
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0)
        return 1;
    fail_countdown--;
    return 0;
}

void *sim_malloc(size_t size)
{
    if (injected_failure())
        return NULL;
    return malloc(size == 0 ? 1 : size);
}

void *sim_calloc(size_t count, size_t size)
{
    if (injected_failure())
        return NULL;
    return calloc(count == 0 ? 1 : count, size == 0 ? 1 : size);
}

void *sim_calloc_apart(size_t count, size_t size, size_t *stride)
{
    if (injected_failure())
        return NULL;
    size_t page = SIM_THREAD_APART;
    if (size > (size_t)-1 - page)
        return NULL;
    *stride = (size + page - 1) / page * page;
    if (*stride == 0)
        *stride = page;
    if (count != 0 && *stride > (size_t)-1 / count)
        return NULL;
    void *p = NULL;
    if (posix_memalign(&p, page, count * *stride) != 0)
        return NULL;
    memset(p, 0, count * *stride);
    return p;
}

void sim_free(void *ptr)
{
    free(ptr);
}

void sim_alloc_fail_after(long count)
{
    fail_countdown = count;
}
