/*
 * test_sweep_mpi.c - the serial build's sweep_mpi: one process, rank 0 of 1,
 * statuses and messages passed through untouched, and a refusal to
 * distribute (the CLI never asks it to: sweep_mpi_active is 0).  The MPI
 * build itself is tested end to end under mpirun by tests/mpi_test.sh.
 */
#include "test_util.h"

#include <string.h>

#include "sim/analysis/sweep_mpi.h"

static void one_process(void **state)
{
    (void)state;
    int argc = 1;
    char name[] = "alliance-sim", *args[] = {name, NULL}, **argv = args;
    char err[SIM_ERR_LEN] = "";
    assert_int_equal(sweep_mpi_init(&argc, &argv, err), 0);
    assert_int_equal(argc, 1);
    assert_int_equal(sweep_mpi_active(), 0);
    assert_int_equal(sweep_mpi_rank(), 0);
    assert_int_equal(sweep_mpi_size(), 1);
    long done = 2385;
    sweep_mpi_share_long(&done);
    assert_int_equal(done, 2385);
    sweep_mpi_finalize();
}

static void agree_passes_the_status_through(void **state)
{
    (void)state;
    char err[SIM_ERR_LEN];
    snprintf(err, sizeof err, "sweep.cfg:7: unknown setting 'desing'");
    assert_int_equal(sweep_mpi_agree(SIM_ERR_UNKNOWN, err), SIM_ERR_UNKNOWN);
    assert_string_equal(err, "sweep.cfg:7: unknown setting 'desing'");
    assert_int_equal(sweep_mpi_agree(SIM_OK, err), SIM_OK);
}

static void run_refuses_without_mpi(void **state)
{
    (void)state;
    struct sweep_mpi_job job;
    memset(&job, 0, sizeof job);
    long saved = -1;
    char err[SIM_ERR_LEN] = "";
    assert_int_equal(sweep_mpi_run(&job, &saved, err), SIM_ERR_USAGE);
    assert_non_null(strstr(err, "without MPI"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_process),
        cmocka_unit_test(agree_passes_the_status_through),
        cmocka_unit_test(run_refuses_without_mpi),
    };
    return cmocka_run_group_tests_name("sweep_mpi", tests, NULL, NULL);
}
