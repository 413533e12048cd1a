#include "rng.h"

#include <Random123/philox.h>

#if defined(__GNUC__) && defined(__x86_64__)
#define PHILOX_AVX2 1
#include <immintrin.h>
#else
#define PHILOX_AVX2 0
#endif

#include "alloc.h"

/* Blocks computed together once a stream has drawn its first block: their
 * lanes are independent, so with AVX2 eight run at once on vector
 * registers.  A stream that draws four numbers or fewer (a design's row)
 * still computes one. */
#define PHILOX_BATCH 16

struct philox_state {
    philox4x32_ctr_t counter; /* v[0]: next block index; v[1..3]: stream id */
    philox4x32_key_t key;
    unsigned used;                  /* outputs of `out` already returned */
    unsigned count;                 /* outputs in `out` */
    uint32_t out[4 * PHILOX_BATCH]; /* blocks in order, four outputs each */
};

/* The next PHILOX_BATCH blocks of the stream into s->out, one at a time
 * (where the CPU lacks AVX2); the block index wraps as philox4x32's
 * counter does. */
static void philox_fill(struct philox_state *s)
{
    for (unsigned b = 0; b < PHILOX_BATCH; b++) {
        philox4x32_ctr_t block = philox4x32(s->counter, s->key);
        for (int i = 0; i < 4; i++)
            s->out[4 * b + (unsigned)i] = block.v[i];
        s->counter.v[0]++;
    }
    s->count = 4 * PHILOX_BATCH;
    s->used = 0;
}

#if PHILOX_AVX2
/* The high and low halves of m * x in each of the eight 32-bit lanes. */
__attribute__((target("avx2"))) static inline void
philox_mulhilo8(__m256i m, __m256i x, __m256i *hi, __m256i *lo)
{
    __m256i even = _mm256_mul_epu32(x, m); /* lanes 0, 2, 4, 6: 64 bits */
    __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xaa);
    *lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xaa);
}

/* philox_fill with AVX2 instructions, eight blocks a vector: Random123's
 * ten rounds (Philox4x32-10) on the same integers, so the same outputs
 * (tests/test_rng.c); the block index wraps as philox4x32's counter does. */
__attribute__((target("avx2"))) static void
philox_fill_avx2(struct philox_state *s)
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M4x32_0);
    const __m256i m1 = _mm256_set1_epi32((int)PHILOX_M4x32_1);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    _Static_assert(PHILOX_BATCH % 8 == 0, "whole vectors of blocks");
    for (unsigned b = 0; b < PHILOX_BATCH; b += 8) {
        __m256i x0 = _mm256_add_epi32(
            _mm256_set1_epi32((int)(s->counter.v[0] + b)), lanes);
        __m256i x1 = _mm256_set1_epi32((int)s->counter.v[1]);
        __m256i x2 = _mm256_set1_epi32((int)s->counter.v[2]);
        __m256i x3 = _mm256_set1_epi32((int)s->counter.v[3]);
        uint32_t k0 = s->key.v[0], k1 = s->key.v[1];
        for (int r = 0; r < PHILOX4x32_DEFAULT_ROUNDS; r++) {
            __m256i hi0, lo0, hi1, lo1;
            philox_mulhilo8(m0, x0, &hi0, &lo0);
            philox_mulhilo8(m1, x2, &hi1, &lo1);
            x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1),
                                  _mm256_set1_epi32((int)k0));
            x1 = lo1;
            x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3),
                                  _mm256_set1_epi32((int)k1));
            x3 = lo0;
            k0 += PHILOX_W32_0;
            k1 += PHILOX_W32_1;
        }
        /* Lanes to blocks: out[4 (b + l) + j] is lane l of xj. */
        __m256i t0 = _mm256_unpacklo_epi32(x0, x1); /* l = 0 1 | 4 5 */
        __m256i t1 = _mm256_unpackhi_epi32(x0, x1); /* l = 2 3 | 6 7 */
        __m256i t2 = _mm256_unpacklo_epi32(x2, x3);
        __m256i t3 = _mm256_unpackhi_epi32(x2, x3);
        __m256i u0 = _mm256_unpacklo_epi64(t0, t2); /* blocks 0 | 4 */
        __m256i u1 = _mm256_unpackhi_epi64(t0, t2); /* blocks 1 | 5 */
        __m256i u2 = _mm256_unpacklo_epi64(t1, t3); /* blocks 2 | 6 */
        __m256i u3 = _mm256_unpackhi_epi64(t1, t3); /* blocks 3 | 7 */
        __m256i *out = (__m256i *)(void *)&s->out[4 * b];
        _mm256_storeu_si256(out, _mm256_permute2x128_si256(u0, u1, 0x20));
        _mm256_storeu_si256(out + 1, _mm256_permute2x128_si256(u2, u3, 0x20));
        _mm256_storeu_si256(out + 2, _mm256_permute2x128_si256(u0, u1, 0x31));
        _mm256_storeu_si256(out + 3, _mm256_permute2x128_si256(u2, u3, 0x31));
    }
    s->counter.v[0] += PHILOX_BATCH;
    s->count = 4 * PHILOX_BATCH;
    s->used = 0;
}
#endif

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
#if PHILOX_AVX2
    if (__builtin_cpu_supports("avx2")) {
        philox_fill_avx2(s);
        return;
    }
#endif
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
