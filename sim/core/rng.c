#include "rng.h"

#include <Random123/philox.h>

#include "alloc.h"

/* Blocks computed together once a stream has drawn its first block: their
 * lanes are independent, so the rounds run on vector registers.  A stream
 * that draws four numbers or fewer (a design's row) still computes one. */
#define PHILOX_BATCH 16

struct philox_state {
    philox4x32_ctr_t counter; /* v[0]: next block index; v[1..3]: stream id */
    philox4x32_key_t key;
    unsigned used;      /* outputs of `out` already returned */
    unsigned count;     /* outputs in `out` */
    uint32_t out[4 * PHILOX_BATCH]; /* blocks in order, four outputs each */
};

/* The next n blocks of the stream into s->out, each exactly what
 * philox4x32(counter, key) gives (Random123's rounds, lane by lane: the
 * same integers); the block index wraps as philox4x32's counter does. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
/* Integer rounds: every variant gives the same bits. */
__attribute__((target_clones("avx2", "default")))
#endif
static void philox_fill(struct philox_state *s, unsigned n)
{
    uint32_t x0[PHILOX_BATCH], x1[PHILOX_BATCH], x2[PHILOX_BATCH],
        x3[PHILOX_BATCH];
    for (unsigned b = 0; b < PHILOX_BATCH; b++) {
        x0[b] = s->counter.v[0] + b;
        x1[b] = s->counter.v[1];
        x2[b] = s->counter.v[2];
        x3[b] = s->counter.v[3];
    }
    uint32_t k0 = s->key.v[0], k1 = s->key.v[1];
    for (int r = 0; r < PHILOX4x32_DEFAULT_ROUNDS; r++) {
        for (unsigned b = 0; b < PHILOX_BATCH; b++) {
            uint64_t p0 = (uint64_t)PHILOX_M4x32_0 * x0[b];
            uint64_t p1 = (uint64_t)PHILOX_M4x32_1 * x2[b];
            uint32_t y0 = (uint32_t)(p1 >> 32) ^ x1[b] ^ k0;
            uint32_t y2 = (uint32_t)(p0 >> 32) ^ x3[b] ^ k1;
            x1[b] = (uint32_t)p1;
            x3[b] = (uint32_t)p0;
            x0[b] = y0;
            x2[b] = y2;
        }
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    for (unsigned b = 0; b < n; b++) {
        s->out[4 * b] = x0[b];
        s->out[4 * b + 1] = x1[b];
        s->out[4 * b + 2] = x2[b];
        s->out[4 * b + 3] = x3[b];
    }
    s->counter.v[0] += n;
    s->count = 4 * n;
    s->used = 0;
}

static void philox_set(void *vstate, unsigned long seed)
{
    struct philox_state *s = vstate;
    s->key.v[0] = (uint32_t)(seed & 0xffffffffUL);
    s->key.v[1] = (uint32_t)((uint64_t)seed >> 32);
    for (int i = 0; i < 4; i++)
        s->counter.v[i] = 0;
    s->used = s->count = 0;
}

/* The stream's first block alone, the following ones PHILOX_BATCH at a
 * time: a stream restarted for a few numbers costs one block, as before. */
static void philox_refill(struct philox_state *s)
{
    if (s->count == 0) {
        philox4x32_ctr_t block = philox4x32(s->counter, s->key);
        for (int i = 0; i < 4; i++)
            s->out[i] = block.v[i];
        s->counter.v[0]++;
        s->count = 4;
        s->used = 0;
        return;
    }
    philox_fill(s, PHILOX_BATCH);
}

static inline uint32_t philox_next(struct philox_state *s)
{
    if (s->used == s->count)
        philox_refill(s);
    return s->out[s->used++];
}

static unsigned long philox_get(void *vstate)
{
    return philox_next(vstate);
}

static double philox_get_double(void *vstate)
{
    /* 32-bit resolution, as GSL's own 32-bit generators. */
    return (double)philox_next(vstate) / 4294967296.0;
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
    s->used = s->count = 0;
}
