/*
 * rng.h - reproducible random streams.
 *
 * Every random number in alliance-sim comes from a stream identified by
 * (seed, sample, replicate, purpose) and nothing else: not the thread, not the
 * order in which replicates run.  The generator is Philox4x32-10 (Random123,
 * counter-based), wrapped as a gsl_rng_type so that GSL's samplers (gsl_ran_*)
 * work on it.  The key is the 64-bit seed; the counter holds the block index,
 * the replicate, the sample and the purpose, so distinct streams never overlap
 * and resetting a stream costs nothing.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Purposes, so that streams used for different things never coincide. */
enum rng_purpose {
    RNG_PURPOSE_MODEL = 0,    /* the organisation's monthly shocks */
    RNG_PURPOSE_DESIGN = 1,   /* sampling of designs (sweeps) */
    RNG_PURPOSE_BOOTSTRAP = 2 /* resampling for confidence intervals */
};

/*
 * The streams of RNG_PURPOSE_DESIGN, told apart by the replicate field so that
 * one seed can drive several constructions without their numbers coinciding.
 * The sample field then holds the index named in each comment.
 */
enum rng_design_stream {
    RNG_DESIGN_ROWS = 0,     /* random and LHS designs; sample = row */
    RNG_DESIGN_LHS_PERM = 1, /* LHS strata permutation; sample = dimension */
    RNG_DESIGN_MORRIS = 2    /* Morris trajectories; sample = trajectory */
};

/* The GSL type of the Philox stream (for gsl_rng_alloc). */
extern const gsl_rng_type *sim_rng_philox;

/*
 * Allocates a Philox generator (caller frees with gsl_rng_free), positioned at
 * the stream (seed, 0, 0, RNG_PURPOSE_MODEL).  Returns NULL when out of memory.
 */
gsl_rng *sim_rng_new(uint64_t seed);

/* Repositions rng (allocated by sim_rng_new) at the start of the stream
 * (seed, sample, replicate, purpose).  Allocates nothing. */
void sim_rng_stream(gsl_rng *rng, uint64_t seed, uint32_t sample,
                    uint32_t replicate, enum rng_purpose purpose);

#endif
