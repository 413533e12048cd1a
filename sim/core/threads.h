/*
 * threads.h - the OpenMP queries the engine and the sweeps share, with a
 * serial fallback when built without OpenMP.
 */
#ifndef SIM_THREADS_H
#define SIM_THREADS_H

#ifdef _OPENMP
#include <omp.h>
#endif

/* Threads a parallel region will use. */
static inline int sim_max_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* This thread's number in the current parallel region (0 outside one). */
static inline int sim_thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

#endif
