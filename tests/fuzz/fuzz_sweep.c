/*
 * fuzz_sweep.c - fuzz target of the sweep-file loader (sweep_load), for
 * `sweep` and for `sensitivity`: the scalar settings, the parameters and
 * their distributions, the outputs, the base scenario it names.  Built with
 * libFuzzer by `make fuzz`, replayed over tests/fuzz/regressions/sweep by
 * `make test` (replay.c).
 *
 * Besides memory errors and undefined behaviour (the sanitizers), it
 * aborts when a refusal leaves a sweep behind or names no file.
 */
#include "fuzz_util.h"

#include "sim/analysis/sweep.h"

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
    for (int sensitivity = 0; sensitivity <= 1; sensitivity++) {
        struct sweep *sw = (struct sweep *)0x1;
        char err[SIM_ERR_LEN] = "";
        sim_status st = sweep_load(path, sensitivity, NULL, 0, &sw, err);
        if (st != SIM_OK) {
            if (sw != NULL)
                abort();
            fuzz_check_error(err);
            continue;
        }
        sweep_free(sw);
    }
    return 0;
}
