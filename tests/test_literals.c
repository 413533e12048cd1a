/*
 * test_literals.c - the 32-bit check agrees with libconfig itself.
 *
 * libconfig 1.5 silently reads an integer literal beyond 32 bits (64 with
 * an L suffix) as another number; settings_parse refuses such literals.
 * Random literals of every form (signs, leading zeros, hexadecimal, the
 * suffix, in groups, lists, comments and strings) are read by libconfig
 * and by settings_parse: a literal must be refused exactly when libconfig
 * reads a value other than the one written.
 */
#include "test_util.h"

#include <libconfig.h>
#include <string.h>

#include "sim/io/settings.h"

#define CASES 6000

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t next_random(void)
{
    /* xorshift64*: the cases are the same on every run */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static unsigned pick(unsigned n)
{
    return (unsigned)(next_random() % n);
}

/* A random integer literal into buf; its value as written into *value. */
static void random_literal(char *buf, size_t len, __int128 *value)
{
    int hex = pick(10) < 3;
    const char *sign = hex ? "" : (const char *[]){"", "", "-", "+"}[pick(4)];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, len - n, "%s%s", sign,
                          hex ? (pick(2) ? "0x" : "0X") : "");
    unsigned zeros = pick(8) == 0 ? 40 : pick(3);
    for (unsigned z = 0; z < zeros && n + 1 < len; z++)
        buf[n++] = '0';
    /* Lengths around 32 and 64 bits are the ones that matter. */
    unsigned digits = 1 + pick(hex ? 18 : 22);
    __int128 v = 0;
    for (unsigned k = 0; k < digits && n + 1 < len; k++) {
        unsigned d = pick(hex ? 16 : 10);
        if (k == 0 && d == 0)
            d = 1;
        v = v * (hex ? 16 : 10) + d;
        buf[n++] = "0123456789abcdef"[d];
    }
    if (pick(10) < 3 && n + 1 < len)
        buf[n++] = 'L';
    buf[n] = '\0';
    *value = sign[0] == '-' ? -v : v;
}

static void agrees_with_libconfig(void **unused)
{
    (void)unused;
    char path[256];
    snprintf(path, sizeof path, "%s/literal.cfg", test_dir());
    long refused = 0, accepted = 0;
    for (int c = 0; c < CASES; c++) {
        char literal[96], text[256];
        __int128 written;
        random_literal(literal, sizeof literal, &written);
        unsigned where = pick(6);
        /* Where the literal stands: before and after it. */
        const char *forms[][2] = {{"a = ", ";\n"},
                                  {"g: { x = 1; a = ", "; };\n"},
                                  {"l = [ ", " ];\n"},
                                  {"a =\n  ", " ;\n"},
                                  {"/* a = ", "; */ b = 1;\n"},
                                  {"s = \"", "\"; # a = 1\n"}};
        snprintf(text, sizeof text, "%s%s%s", forms[where][0], literal,
                 forms[where][1]);

        config_t cfg;
        config_init(&cfg);
        if (config_read_string(&cfg, text) != CONFIG_TRUE) {
            config_destroy(&cfg);
            continue; /* not libconfig: nothing to agree on */
        }
        const char *names[] = {"a", "g.a", "l", "a", NULL, NULL};
        const config_setting_t *s =
            names[where] != NULL ? config_lookup(&cfg, names[where]) : NULL;
        if (s != NULL && where == 2)
            s = config_setting_get_elem(s, 0);
        int wraps = 0;
        if (s != NULL) {
            int type = config_setting_type(s);
            assert_true(type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64);
            wraps = (__int128)config_setting_get_int64(s) != written;
        }
        config_destroy(&cfg);

        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        char err[SIM_ERR_LEN] = "";
        sim_status st = settings_parse(path, &cfg, err);
        if (st == SIM_OK)
            config_destroy(&cfg);
        if (wraps && st != SIM_ERR_RANGE)
            fail_msg("libconfig reads another number than written, and it "
                     "was not refused: %s(status %d: %s)",
                     text, st, err);
        if (!wraps && st != SIM_OK)
            fail_msg("libconfig reads it as written, and it was refused: "
                     "%s(%s)",
                     text, err);
        if (wraps)
            assert_non_null(strstr(err, literal));
        refused += wraps;
        accepted += !wraps;
    }
    /* Both sides were exercised. */
    assert_true(refused > CASES / 10);
    assert_true(accepted > CASES / 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(agrees_with_libconfig),
    };
    return cmocka_run_group_tests_name("literals", tests, test_make_dir,
                                       test_remove_dir);
}
