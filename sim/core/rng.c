#include "rng.h"

#include <Random123/philox.h>

#include "alloc.h"

struct philox_state {
    philox4x32_ctr_t counter; /* v[0]: block index; v[1..3]: stream id */
    philox4x32_key_t key;
    philox4x32_ctr_t block; /* four outputs of the current block */
    unsigned used;          /* outputs of `block` already returned */
};

static void philox_set(void *vstate, unsigned long seed)
{
    struct philox_state *s = vstate;
    s->key.v[0] = (uint32_t)(seed & 0xffffffffUL);
    s->key.v[1] = (uint32_t)((uint64_t)seed >> 32);
    for (int i = 0; i < 4; i++)
        s->counter.v[i] = 0;
    s->used = 4;
}

static unsigned long philox_get(void *vstate)
{
    struct philox_state *s = vstate;
    if (s->used == 4) {
        s->block = philox4x32(s->counter, s->key);
        s->counter.v[0]++;
        s->used = 0;
    }
    return s->block.v[s->used++];
}

static double philox_get_double(void *vstate)
{
    /* 32-bit resolution, as GSL's own 32-bit generators. */
    return (double)philox_get(vstate) / 4294967296.0;
}

static const gsl_rng_type philox_type = {
    "philox4x32-10",
    0xffffffffUL,
    0,
    sizeof(struct philox_state),
    philox_set,
    philox_get,
    philox_get_double,
};

const gsl_rng_type *sim_rng_philox = &philox_type;

gsl_rng *sim_rng_new(uint64_t seed)
{
    /* gsl_rng_alloc would malloc the state: threads' generators, allocated
     * one after the other, would then sit side by side, and every draw
     * writes the state.  The generator and its state get memory apart from
     * other threads' (alloc.h); gsl_rng_free releases both with free(), as
     * posix_memalign allows. */
    size_t stride;
    gsl_rng *rng = sim_calloc_apart(1, sizeof *rng, &stride);
    if (rng == NULL)
        return NULL;
    rng->type = sim_rng_philox;
    rng->state = sim_calloc_apart(1, sim_rng_philox->size, &stride);
    if (rng->state == NULL) {
        sim_free(rng);
        return NULL;
    }
    sim_rng_stream(rng, seed, 0, 0, RNG_PURPOSE_MODEL);
    return rng;
}

void sim_rng_stream(gsl_rng *rng, uint64_t seed, uint32_t sample,
                    uint32_t replicate, enum rng_purpose purpose)
{
    struct philox_state *s = rng->state;
    s->key.v[0] = (uint32_t)(seed & 0xffffffffu);
    s->key.v[1] = (uint32_t)(seed >> 32);
    s->counter.v[0] = 0;
    s->counter.v[1] = replicate;
    s->counter.v[2] = sample;
    s->counter.v[3] = (uint32_t)purpose;
    s->used = 4;
}
