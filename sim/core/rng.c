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

_Static_assert(PHILOX4x32_DEFAULT_ROUNDS == 10,
               "philox_fill writes Random123's ten rounds out");

/* One Philox round on one lane: the high and low halves of two 32 x 32
 * products (written apart, so that a vectorising compiler finds a high-part
 * multiply), then the next round's key. */
#define PHILOX_ROUND(x0, x1, x2, x3, k0, k1)                                  \
    do {                                                                       \
        uint32_t hi0_ =                                                        \
            (uint32_t)(((uint64_t)PHILOX_M4x32_0 * (x0)) >> 32);               \
        uint32_t hi1_ =                                                        \
            (uint32_t)(((uint64_t)PHILOX_M4x32_1 * (x2)) >> 32);               \
        uint32_t lo0_ = PHILOX_M4x32_0 * (x0);                                 \
        uint32_t lo1_ = PHILOX_M4x32_1 * (x2);                                 \
        (x0) = hi1_ ^ (x1) ^ (k0);                                             \
        (x1) = lo1_;                                                           \
        (x2) = hi0_ ^ (x3) ^ (k1);                                             \
        (x3) = lo0_;                                                           \
        (k0) += PHILOX_W32_0;                                                  \
        (k1) += PHILOX_W32_1;                                                  \
    } while (0)

/* The next PHILOX_BATCH blocks of the stream into s->out, each exactly
 * what philox4x32(counter, key) gives (Random123's ten rounds, lane by
 * lane: the same integers); the block index wraps as philox4x32's counter
 * does. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
/* Integer rounds: every variant gives the same bits. */
__attribute__((target_clones("avx2", "default")))
#endif
static void philox_fill(struct philox_state *s)
{
    const uint32_t c0 = s->counter.v[0], c1 = s->counter.v[1],
                   c2 = s->counter.v[2], c3 = s->counter.v[3];
    const uint32_t key0 = s->key.v[0], key1 = s->key.v[1];
    for (unsigned b = 0; b < PHILOX_BATCH; b++) {
        uint32_t x0 = c0 + b, x1 = c1, x2 = c2, x3 = c3;
        uint32_t k0 = key0, k1 = key1;
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        PHILOX_ROUND(x0, x1, x2, x3, k0, k1);
        s->out[4 * b] = x0;
        s->out[4 * b + 1] = x1;
        s->out[4 * b + 2] = x2;
        s->out[4 * b + 3] = x3;
    }
    s->counter.v[0] += PHILOX_BATCH;
    s->count = 4 * PHILOX_BATCH;
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
    philox_fill(s);
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
