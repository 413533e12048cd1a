/*
 * replay.c - runs a fuzz target (fuzz_*.c) over files without libFuzzer,
 * so that `make test` replays every input the fuzzer ever crashed on
 * (tests/fuzz/regressions/TARGET) with the normal compiler, and `make
 * sanitize` under the sanitizers.
 *
 * Usage: replay_TARGET FILE...   (exit 0 when every input ran)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            perror(argv[i]);
            return 1;
        }
        /* Inputs are small (libFuzzer's -max_len); a larger one is read
         * whole all the same. */
        size_t cap = 1 << 16, len = 0;
        uint8_t *data = malloc(cap);
        size_t got;
        while (data != NULL && (got = fread(data + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap) {
                uint8_t *bigger = realloc(data, cap *= 2);
                if (bigger == NULL)
                    free(data);
                data = bigger;
            }
        }
        fclose(f);
        if (data == NULL) {
            fprintf(stderr, "%s: out of memory\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput(data, len);
        free(data);
    }
    printf("replay: %d inputs ran\n", argc - 1);
    return 0;
}
