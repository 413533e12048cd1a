/*
 * test_suggest.c - "did you mean": distances by hand, transpositions, the
 * limit that keeps suggestions to near misses, and the closest of a list.
 */
#include "test_util.h"

#include <string.h>

#include "sim/core/suggest.h"

static void distances(void **unused)
{
    (void)unused;
    assert_int_equal(suggest_distance("", ""), 0);
    assert_int_equal(suggest_distance("run", "run"), 0);
    assert_int_equal(suggest_distance("", "abc"), 3);
    assert_int_equal(suggest_distance("kitten", "sitting"), 3);
    /* A transposition is one slip, not two substitutions. */
    assert_int_equal(suggest_distance("rnu", "run"), 1);
    assert_int_equal(suggest_distance("comapre", "compare"), 1);
    assert_int_equal(
        suggest_distance("engineering.budgt_eur", "engineering.budget_eur"), 1);
    char longer[SUGGEST_MAX_LEN + 2];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_true(suggest_distance(longer, "a") == SIZE_MAX);
}

static void closest(void **unused)
{
    (void)unused;
    static const char *const commands[] = {"run",         "compare",   "sweep",
                                           "sensitivity", "calibrate", "report",
                                           "ratios",      "params"};
    size_t n = sizeof commands / sizeof *commands;
    assert_string_equal(suggest_closest("rnu", commands, n), "run");
    assert_string_equal(suggest_closest("sensitivty", commands, n),
                        "sensitivity");
    assert_string_equal(suggest_closest("param", commands, n), "params");
    /* Far from every word, or the word itself: nothing to suggest. */
    assert_null(suggest_closest("xyz", commands, n));
    assert_null(suggest_closest("run", commands, n));
    /* Short words allow one edit only: "--js" is 2 from "--json", and a
     * four-letter word could be many things. */
    static const char *const opts[] = {"--json", "--csv"};
    assert_int_equal(suggest_max_distance("--js"), 1);
    assert_null(suggest_closest("--js", opts, 2));
    assert_string_equal(suggest_closest("--jsn", opts, 2), "--json");
    assert_string_equal(suggest_closest("--cvs", opts, 2), "--csv");
    /* Ties go to the first candidate. */
    static const char *const tie[] = {"abd", "abe"};
    assert_string_equal(suggest_closest("abc", tie, 2), "abd");
}

static void incremental(void **unused)
{
    (void)unused;
    const char *best = NULL;
    size_t d = 0;
    suggest_consider("samples", "seed", &best, &d);
    assert_null(best);
    suggest_consider("sampels", "samples", &best, &d);
    assert_string_equal(best, "samples");
    assert_int_equal(d, 1);
    suggest_consider("sampels", "sample", &best, &d); /* 2: not better */
    assert_string_equal(best, "samples");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(distances),
        cmocka_unit_test(closest),
        cmocka_unit_test(incremental),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
