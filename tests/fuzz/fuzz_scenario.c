/*
 * fuzz_scenario.c - fuzz target of the scenario loader (scenario_load):
 * libconfig parsing, @include expansion, every setting's type and range
 * checks, portfolios.  Built with libFuzzer by `make fuzz`, and replayed
 * over tests/fuzz/regressions/scenario by `make test` (replay.c).
 *
 * Besides memory errors and undefined behaviour (the sanitizers), it
 * aborts when a refusal leaves a scenario behind or names no file.
 */
#include "fuzz_util.h"

#include "sim/io/scenario.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_input(data, size);
    if (path == NULL)
        return 0;
    struct scenario *sc = (struct scenario *)0x1;
    char err[SIM_ERR_LEN] = "";
    sim_status st = scenario_load(path, &sc, err);
    if (st != SIM_OK) {
        if (sc != NULL)
            abort();
        fuzz_check_error(err);
        return 0;
    }
    scenario_free(sc);
    return 0;
}
