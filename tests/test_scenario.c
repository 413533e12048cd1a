/*
 * test_scenario.c - loading and validating scenario files: every error path
 * names the file, the line and the setting.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/alloc.h"
#include "sim/io/scenario.h"
#include "sim/io/settings.h"

/* Loads text and expects status; the message must contain each needle. */
static void expect_error(const char *text, sim_status expected,
                         const char *needle1, const char *needle2)
{
    const char *path = test_write_file("bad.cfg", text);
    struct scenario *sc = (struct scenario *)0x1;
    char err[SIM_ERR_LEN] = "";
    sim_status st = scenario_load(path, &sc, err);
    if (st != expected)
        fail_msg("status %d, expected %d: %s", st, expected, err);
    assert_null(sc);
    if (needle1 != NULL && strstr(err, needle1) == NULL)
        fail_msg("'%s' not in message: %s", needle1, err);
    if (needle2 != NULL && strstr(err, needle2) == NULL)
        fail_msg("'%s' not in message: %s", needle2, err);
}

static void empty_file_gives_defaults(void **unused)
{
    (void)unused;
    const char *path = test_write_file("empty.cfg", "# nothing\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    assert_int_equal(scenario_load(path, &sc, err), SIM_OK);
    assert_int_equal(sc->settings.months, 336);
    assert_int_equal(sc->settings.horizons.count, 3);
    assert_int_equal(sc->settings.horizons.values[1], 84);
    assert_close(sc->org.hr[HR_EMPLOYEES].fte, 8.0, 0);
    assert_string_equal(sc->text, "# nothing\n");
    char out[256];
    scenario_output_path(sc, out, sizeof out);
    assert_string_equal(out, "out/empty.h5");
    scenario_free(sc);
}

static void values_are_read(void **unused)
{
    (void)unused;
    const char *path = test_write_file(
        "ok.cfg", "simulation: { months = 48; seed = 9876543210L; horizons = "
                  "[6, 18]; output = \"x/y.h5\"; };\n"
                  "human: { volunteers: { fte = 2; shadow_price_eur = "
                  "2385.5; }; };\n"
                  "funding: { subsidy: { duration_months = 24; }; };\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    assert_int_equal(scenario_load(path, &sc, err), SIM_OK);
    assert_int_equal(sc->settings.months, 48);
    assert_true(sc->settings.seed == 9876543210L); /* beyond 32 bits */
    assert_int_equal(sc->settings.horizons.count, 2);
    assert_close(sc->org.hr[HR_VOLUNTEERS].fte, 2.0, 0); /* int for double */
    assert_close(sc->org.hr[HR_VOLUNTEERS].shadow_price_eur, 2385.5, 0);
    assert_int_equal(sc->org.funding[FUND_SUBSIDY].duration_months, 24);
    char out[256];
    scenario_output_path(sc, out, sizeof out);
    assert_string_equal(out, "x/y.h5");
    long h[PARAM_INT_LIST_MAX];
    assert_int_equal(scenario_horizons(sc, h), 2);
    assert_int_equal(h[0], 6);
    scenario_free(sc);
}

static void syntax_error(void **unused)
{
    (void)unused;
    expect_error("simulation: {\n  months = = 12;\n};\n", SIM_ERR_PARSE,
                 "bad.cfg:2", "syntax error");
    expect_error("simulation: {\n  months = 12;\n", SIM_ERR_PARSE, "bad.cfg",
                 "syntax error");
}

static void wrong_type(void **unused)
{
    (void)unused;
    expect_error("\nhuman: { employees: { fte = \"eight\"; }; };\n",
                 SIM_ERR_TYPE, "bad.cfg:2", "'human.employees.fte'");
    expect_error("simulation: { months = 12.5; };\n", SIM_ERR_TYPE,
                 "'simulation.months'", "expected an integer");
    expect_error("human = 3;\n", SIM_ERR_TYPE, "'human'", "expected a group");
    expect_error("simulation: { horizons = [\"a\"]; };\n", SIM_ERR_TYPE,
                 "'simulation.horizons'", NULL);
}

static void out_of_range(void **unused)
{
    (void)unused;
    expect_error("cash:\n{\n  observation_months = 0;\n};\n", SIM_ERR_RANGE,
                 "bad.cfg:3", "'cash.observation_months'");
    expect_error("funding: { subsidy: { renewal_probability = 1.5; }; };\n",
                 SIM_ERR_RANGE, "from 0 to 1", "got 1.5");
    expect_error("simulation: { horizons = [18, 2000]; };\n", SIM_ERR_RANGE,
                 "'simulation.horizons'", "2000");
    expect_error("simulation: { horizons = []; };\n", SIM_ERR_RANGE,
                 "'simulation.horizons'", NULL);
}

static void unknown_setting(void **unused)
{
    (void)unused;
    expect_error("human: { employes: { fte = 3.0; }; };\n", SIM_ERR_UNKNOWN,
                 "'human.employes'", NULL);
    expect_error("\n\nhuman: { employees: { ftee = 3.0; }; };\n",
                 SIM_ERR_UNKNOWN, "bad.cfg:3",
                 "did you mean 'human.employees.fte'");
    expect_error("colour = \"blue\";\n", SIM_ERR_UNKNOWN, "'colour'", NULL);
}

static void inconsistent_settings(void **unused)
{
    (void)unused;
    expect_error("alliances: { positioning: { engineering_share = 0.9; }; };\n",
                 SIM_ERR_INVALID, "engineering_share", "sum to 1");
    expect_error("simulation: { horizons = [84, 18]; };\n", SIM_ERR_INVALID,
                 "increasing", NULL);
}

static void missing_file(void **unused)
{
    (void)unused;
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    assert_int_equal(scenario_load("/nonexistent/x.cfg", &sc, err), SIM_ERR_IO);
    assert_null(sc);
    assert_non_null(strstr(err, "/nonexistent/x.cfg"));
    assert_non_null(strstr(err, "No such file"));
}

/* Loads path and expects SIM_ERR_IO with a message naming it and needle. */
static void expect_unreadable(const char *path, const char *needle)
{
    struct scenario *sc = (struct scenario *)0x1;
    char err[SIM_ERR_LEN] = "";
    sim_status st = scenario_load(path, &sc, err);
    if (st != SIM_ERR_IO)
        fail_msg("%s: status %d, expected %d: %s", path, st, SIM_ERR_IO, err);
    assert_null(sc);
    if (strstr(err, path) == NULL || strstr(err, needle) == NULL)
        fail_msg("'%s' and '%s' not in message: %s", path, needle, err);
}

/* A top-level file that is not a regular one is refused before it is read:
 * /dev/null would load as an empty scenario, /dev/zero would take all
 * memory and a FIFO would wait for ever for a writer. */
static void not_a_regular_file(void **unused)
{
    (void)unused;
    /* A FIFO that blocked would end the test here rather than hang it. */
    alarm(20);
    char fifo[300];
    snprintf(fifo, sizeof fifo, "%s/fifo.cfg", test_dir());
    assert_int_equal(mkfifo(fifo, 0600), 0);
    expect_unreadable(fifo, "a FIFO, not a regular file");
    unlink(fifo);
    expect_unreadable(test_dir(), "a directory, not a regular file");
    expect_unreadable("/dev/null", "a device, not a regular file");
    expect_unreadable("/dev/zero", "a device, not a regular file");
    alarm(0);
}

/* A file beyond the limit is refused by its size, before it is read (this
 * one, all NUL bytes, would otherwise be refused as binary). */
static void file_too_large(void **unused)
{
    (void)unused;
    char path[300];
    snprintf(path, sizeof path, "%s/huge.cfg", test_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), SETTINGS_FILE_MAX_BYTES + 1), 0);
    fclose(f);
    expect_unreadable(path, "more than the 16 MiB");
    unlink(path);
}

/* @include resolves against the including file's directory, and errors in
 * an included file name that file. */
static void include_is_relative_to_file(void **unused)
{
    (void)unused;
    test_write_file("part.cfg", "human: { interns: { fte = 1.5; }; };\n");
    const char *path = test_write_file("main.cfg", "@include \"part.cfg\"\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    assert_int_equal(scenario_load(path, &sc, err), SIM_OK);
    assert_close(sc->org.hr[HR_INTERNS].fte, 1.5, 0);
    scenario_free(sc);

    test_write_file("badpart.cfg", "\nhuman: { interns: { fte = -1.0; }; };\n");
    expect_error("@include \"badpart.cfg\"\n", SIM_ERR_RANGE, "badpart.cfg:2",
                 "'human.interns.fte'");

    /* A syntax error in an included file names that file (libconfig 1.5
     * names the including one), and one in the file itself still names it. */
    char needle[256];
    test_write_file("synpart.cfg", "# part\nhuman: { interns: { fte = ; }; };\n");
    snprintf(needle, sizeof needle, "%s/synpart.cfg:2: syntax error",
             test_dir());
    expect_error("# top\n@include \"synpart.cfg\"\n", SIM_ERR_PARSE, needle,
                 NULL);
    /* A group left open shows only at the end of everything: the top file
     * is named, and its includes suspected. */
    test_write_file("eofpart.cfg", "# part\nhuman: { interns: { fte = 1.0; };\n");
    snprintf(needle, sizeof needle, "%s/bad.cfg:3: syntax error at the end",
             test_dir());
    expect_error("# top\n@include \"eofpart.cfg\"\n", SIM_ERR_PARSE, needle,
                 "in a file it @includes");
    /* What libconfig reads as no @include is none here either: a second
     * one on the line, one without a blank before its quote, one inside a
     * string that runs over lines or a comment opened after an @include;
     * a NUL byte is refused. */
    test_write_file("part2.cfg", "cash: { initial_eur = 5.0; };\n");
    expect_error("@include \"part.cfg\" @include \"part2.cfg\"\n",
                 SIM_ERR_PARSE, "bad.cfg:1: syntax error", NULL);
    expect_error("@include\"part.cfg\"\n", SIM_ERR_PARSE,
                 "bad.cfg:1: syntax error", NULL);
    const char *quiet = test_write_file(
        "quiet.cfg", "organisation: { name = \"a\n /* \"; };\n"
                     "@include \"part.cfg\" /* off:\n"
                     "@include \"part2.cfg\"\n*/\n");
    struct scenario *q = NULL;
    if (scenario_load(quiet, &q, err) != SIM_OK)
        fail_msg("%s", err);
    assert_close(q->org.hr[HR_INTERNS].fte, 1.5, 0);
    assert_true(q->org.initial_cash_eur != 5.0);
    scenario_free(q);
    const char *nul = test_write_file("nul.cfg", "");
    FILE *f = fopen(nul, "wb");
    assert_non_null(f);
    fwrite("cash: {};\n\0\nbogus = 1;\n", 1, 23, f);
    fclose(f);
    q = (struct scenario *)0x1;
    assert_int_equal(scenario_load(nul, &q, err), SIM_ERR_PARSE);
    assert_null(q);
    assert_non_null(strstr(err, "nul.cfg:2: syntax error: a NUL byte"));
    expect_error("@include \"part.cfg\"\n\nfoo = ;\n", SIM_ERR_PARSE,
                 "bad.cfg:3: syntax error", NULL);
}

/* An absolute @include path works beside relative ones (libconfig 1.5
 * alone would join it to the directory), line numbers still hold, and an
 * error in the included file names it as written. */
static void include_absolute_path(void **unused)
{
    (void)unused;
    test_write_file("abs-part.cfg", "human: { interns: { fte = 2.5; }; };\n");
    test_write_file("rel-part.cfg", "cash: { initial_eur = 12345.0; };\n");
    char text[512];
    snprintf(text, sizeof text,
             "# comment\n  @include \"%s/abs-part.cfg\"\n"
             "@include \"rel-part.cfg\"\n",
             test_dir());
    const char *path = test_write_file("abs-main.cfg", text);
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load(path, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_close(sc->org.hr[HR_INTERNS].fte, 2.5, 0);
    assert_close(sc->org.initial_cash_eur, 12345.0, 0);
    scenario_free(sc);

    snprintf(text, sizeof text,
             "@include \"%s/rel-part.cfg\"\n\nsimulation: { months = 0; };\n",
             test_dir());
    expect_error(text, SIM_ERR_RANGE, "bad.cfg:3", "'simulation.months'");

    char needle[256];
    test_write_file("abs-bad.cfg", "\nhuman: { interns: { fte = -1.0; }; };\n");
    snprintf(text, sizeof text, "@include \"%s/abs-bad.cfg\"\n", test_dir());
    snprintf(needle, sizeof needle, "%s/abs-bad.cfg:2", test_dir());
    expect_error(text, SIM_ERR_RANGE, needle, "'human.interns.fte'");

    /* The file's own settings keep every check: integers beyond 32 bits,
     * the line of a member of a group. */
    snprintf(text, sizeof text,
             "@include \"%s/rel-part.cfg\"\nsimulation: { seed = 9876543210; };\n",
             test_dir());
    expect_error(text, SIM_ERR_RANGE, "bad.cfg:2", "32 bits");
    snprintf(text, sizeof text,
             "@include \"%s/rel-part.cfg\"\nportfolio: { projects = 2;\n"
             "  vary = ( { path = \"cash.initial_eur\"; distribution = "
             "\"uniform\";\n    min = 1.0; max = 2.0; bogus = 1; } ); };\n",
             test_dir());
    expect_error(text, SIM_ERR_UNKNOWN, "bad.cfg:4: ", "bogus");

    /* A relative @include inside an included file resolves against that
     * file's directory (here the same). */
    test_write_file("nest-leaf.cfg", "human: { interns: { fte = 3.5; }; };\n");
    test_write_file("nest-mid.cfg", "@include \"nest-leaf.cfg\"\n");
    snprintf(text, sizeof text,
             "@include \"%s/rel-part.cfg\"\n@include \"nest-mid.cfg\"\n",
             test_dir());
    path = test_write_file("nest-top.cfg", text);
    if (scenario_load(path, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_close(sc->org.hr[HR_INTERNS].fte, 3.5, 0);
    scenario_free(sc);
}

/* Each @include path is read from the directory of the file that names it,
 * however deep: a scenario that includes one from another directory, which
 * itself includes its base by a relative path (as a calibrated scenario
 * includes scenarios/fonds-odd17.cfg). */
static void include_nested_across_directories(void **unused)
{
    (void)unused;
    char dir[512], needle[700];
    snprintf(dir, sizeof dir, "%s/lib", test_dir());
    assert_int_equal(mkdir(dir, 0755), 0);
    test_write_file("lib/base.cfg", "# base\ncash: { initial_eur = 777.0; };\n");
    test_write_file("lib/mid.cfg",
                    "@include \"base.cfg\"\nhuman: { interns: { fte = 4.5; }; };\n");
    const char *top = test_write_file(
        "across.cfg", "/* retired:\n@include \"no-such.cfg\"\n*/\n"
                      "@include \"lib/mid.cfg\"  # the model\n"
                      "simulation: { months = 24; };\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load(top, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_close(sc->org.initial_cash_eur, 777.0, 0);
    assert_close(sc->org.hr[HR_INTERNS].fte, 4.5, 0);
    assert_int_equal(sc->settings.months, 24);
    scenario_free(sc);

    /* Errors two files down name that file and line; integers beyond 32
     * bits are caught there too. */
    test_write_file("lib/base.cfg", "# base\n\ncash: { observation_months = 0; };\n");
    snprintf(needle, sizeof needle, "%s/base.cfg:3", dir);
    expect_error("@include \"lib/mid.cfg\"\n", SIM_ERR_RANGE, needle,
                 "'cash.observation_months'");
    test_write_file("lib/base.cfg", "simulation: { seed = 9876543210; };\n");
    snprintf(needle, sizeof needle, "%s/base.cfg:1", dir);
    expect_error("@include \"lib/mid.cfg\"\n", SIM_ERR_RANGE, needle,
                 "32 bits");
    test_write_file("lib/base.cfg", "# base\ncash: { initial_eur = ; };\n");
    snprintf(needle, sizeof needle, "%s/base.cfg:2: syntax error", dir);
    expect_error("@include \"lib/mid.cfg\"\n", SIM_ERR_PARSE, needle,
                 "@included by");

    /* A missing file names the line that includes it; a file that
     * includes itself is stopped. */
    snprintf(needle, sizeof needle, "%s/base.cfg", dir);
    unlink(needle);
    snprintf(needle, sizeof needle, "%s/mid.cfg:1: cannot open @include file",
             dir);
    expect_error("@include \"lib/mid.cfg\"\n", SIM_ERR_IO, needle,
                 "base.cfg");
    test_write_file("self.cfg", "@include \"self.cfg\"\n");
    expect_error("@include \"self.cfg\"\n", SIM_ERR_PARSE, "nested more than",
                 NULL);
}

static void overrides(void **unused)
{
    (void)unused;
    struct scenario *sc = scenario_new_default("x.cfg");
    char err[SIM_ERR_LEN];
    assert_int_equal(scenario_set(sc, "simulation.seed", "42", "--seed", err),
                     SIM_OK);
    assert_int_equal(sc->settings.seed, 42);
    assert_int_equal(
        scenario_set(sc, "engineering.budget_eur", "2385.5", "--set", err),
        SIM_OK);
    assert_close(sc->org.engineering_eur, 2385.5, 0);
    assert_int_equal(
        scenario_set(sc, "simulation.replicates", "ten", "--replicates", err),
        SIM_ERR_TYPE);
    assert_non_null(strstr(err, "--replicates"));
    assert_int_equal(
        scenario_set(sc, "simulation.months", "0", "--months", err),
        SIM_ERR_RANGE);
    assert_int_equal(
        scenario_set(sc, "simulation.months", "1.5", "--months", err),
        SIM_ERR_TYPE);
    assert_int_equal(scenario_set(sc, "no.such", "1", "--set", err),
                     SIM_ERR_UNKNOWN);
    assert_int_equal(scenario_set(sc, "alliances.production.engineering_share",
                                  "0.9", "--set", err),
                     SIM_ERR_INVALID);
    scenario_free(sc);
}

static void horizons_beyond_months_are_dropped(void **unused)
{
    (void)unused;
    struct scenario *sc = scenario_new_default("x.cfg");
    long h[PARAM_INT_LIST_MAX];
    sc->settings.months = 100;
    assert_int_equal(scenario_horizons(sc, h), 2);
    assert_int_equal(h[1], 84);
    sc->settings.months = 12;
    assert_int_equal(scenario_horizons(sc, h), 1);
    assert_int_equal(h[0], 12);
    scenario_free(sc);
}

static void portfolio_from_template_and_list(void **unused)
{
    (void)unused;
    const char *path = test_write_file(
        "pf.cfg", "organisation: { name = \"Projet\"; };\n"
                  "engineering: { budget_eur = 900.0; };\n"
                  "portfolio: { projects = 3; list = (\n"
                  "  { organisation = { name = \"Tiers-lieu\"; };\n"
                  "    human = { employees = { fte = 2.5; }; }; } ); };\n"
                  "fund: { budget_eur = 1500000.0; allocation = \"need\"; };\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load(path, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_non_null(sc->portfolio);
    assert_ptr_equal(scenario_model(sc), &portfolio_model);
    const struct portfolio_params *p = sc->portfolio;
    assert_int_equal(p->n_projects, 3);
    assert_string_equal(p->projects[0].name, "Tiers-lieu");
    assert_string_equal(p->projects[1].name, "Projet #2");
    assert_close(p->projects[0].hr[HR_EMPLOYEES].fte, 2.5, 0);
    assert_close(p->projects[1].hr[HR_EMPLOYEES].fte, 8.0, 0);
    assert_close(p->projects[2].engineering_eur, 900.0, 0);
    assert_int_equal(p->fund.allocation, ALLOCATION_NEED);
    assert_close(p->fund.budget_eur, 1.5e6, 0);
    /* A template override reaches every project; a fund one, the fund. */
    assert_int_equal(scenario_set(sc, "engineering.budget_eur", "0", "--set",
                                  err),
                     SIM_OK);
    assert_int_equal(scenario_set(sc, "fund.budget_eur", "0", "--set", err),
                     SIM_OK);
    for (int i = 0; i < 3; i++)
        assert_close(p->projects[i].engineering_eur, 0.0, 0);
    assert_close(p->fund.budget_eur, 0.0, 0);
    assert_int_equal(scenario_set(sc, "fund.allocation", "tiers_on_top",
                                  "--set", err),
                     SIM_OK);
    assert_int_equal(p->fund.allocation, ALLOCATION_TIERS_ON_TOP);
    assert_int_equal(scenario_set(sc, "fund.allocation", "lottery", "--set",
                                  err),
                     SIM_ERR_RANGE);
    assert_non_null(strstr(err, "even/need/tiers_on_top"));
    scenario_free(sc);
}

/* Drawn values are reproducible, lie in their distribution's support, and
 * differ between projects. */
static void portfolio_vary(void **unused)
{
    (void)unused;
    const char *path = test_write_file(
        "vary.cfg",
        "simulation: { seed = 11; };\n"
        "portfolio: { projects = 20; vary = (\n"
        "  { path = \"innovation.start_step\"; distribution = \"levels\"; "
        "levels = [1, 3, 5]; },\n"
        "  { path = \"human.employees.fte\"; distribution = \"uniform\"; "
        "min = 2.0; max = 4.0; } ); };\n");
    struct scenario *a = NULL, *b = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load(path, &a, err) != SIM_OK ||
        scenario_load(path, &b, err) != SIM_OK)
        fail_msg("%s", err);
    int distinct = 0;
    for (long i = 0; i < 20; i++) {
        const struct org_params *p = &a->portfolio->projects[i];
        long step = p->innovation.start_step;
        assert_true(step == 1 || step == 3 || step == 5);
        assert_true(p->hr[HR_EMPLOYEES].fte >= 2.0 &&
                    p->hr[HR_EMPLOYEES].fte <= 4.0);
        assert_memory_equal(p, &b->portfolio->projects[i], sizeof *p);
        distinct += p->hr[HR_EMPLOYEES].fte !=
                    a->portfolio->projects[0].hr[HR_EMPLOYEES].fte;
    }
    assert_true(distinct >= 18);
    scenario_free(a);
    scenario_free(b);
    expect_error("portfolio: { projects = 2; vary = ( { path = "
                 "\"human.employees.fte\"; distribution = \"uniform\"; min "
                 "= -1.0; max = 4.0; } ); };\n",
                 SIM_ERR_RANGE, "portfolio.vary[0]", "must lie in");
    expect_error("portfolio: { projects = 2; vary = ( { path = "
                 "\"human.employees.ftee\"; distribution = \"uniform\"; "
                 "min = 1.0; max = 4.0; } ); };\n",
                 SIM_ERR_UNKNOWN, "human.employees.ftee", NULL);
}

static void portfolio_errors(void **unused)
{
    (void)unused;
    expect_error("portfolio: { projects = 2; list = ( { human = { employees "
                 "= { fte = -1.0; }; }; } ); };\n",
                 SIM_ERR_RANGE, "'human.employees.fte'", NULL);
    expect_error("portfolio: { projects = 1; list = ( {}, {} ); };\n",
                 SIM_ERR_TYPE, "'portfolio.list'", "at most");
    expect_error("fund: { allocation = \"lottery\"; };\n", SIM_ERR_RANGE,
                 "'fund.allocation'", "even/need/tiers_on_top");
    expect_error("portfolio: { projects = 500; };\n", SIM_ERR_RANGE,
                 "'portfolio.projects'", NULL);
}

static void overrides_list(void **unused)
{
    (void)unused;
    test_write_file("base.cfg", "engineering: { budget_eur = 900.0; };\n");
    const char *path = test_write_file(
        "calibrated.cfg",
        "@include \"base.cfg\"\n"
        "overrides = ( { path = \"engineering.budget_eur\"; value = 2385.5; "
        "},\n { path = \"cash.observation_months\"; value = 9; },\n"
        " { path = \"rules.ten_plus_one.policy\"; value = true; } );\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load(path, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_close(sc->org.engineering_eur, 2385.5, 0);
    assert_int_equal(sc->org.observation_months, 9);
    assert_int_equal(sc->org.rules.ten_plus_one_policy, 1);
    scenario_free(sc);
    expect_error("\noverrides = ( { path = \"no.such\"; value = 1.0; } );\n",
                 SIM_ERR_UNKNOWN, "bad.cfg:2", "'no.such'");
    expect_error("overrides = ( { path = \"cash.observation_months\"; value = "
                 "0; } );\n",
                 SIM_ERR_RANGE, "'cash.observation_months'", NULL);
    expect_error("overrides = ( { value = 1.0; } );\n", SIM_ERR_TYPE,
                 "'overrides'", "path");
}

/* libconfig 1.5 would silently wrap these. */
/* Integers never pass through a double, which holds them exactly only up to
 * 2^53: one beyond the seed's range is refused, not rounded into it. */
static void seeds_are_read_exactly(void **unused)
{
    (void)unused;
    const char *path = test_write_file(
        "seed.cfg", "simulation: { seed = 9007199254740991L; };\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    assert_int_equal(scenario_load(path, &sc, err), SIM_OK);
    assert_true(sc->settings.seed == 9007199254740991L);
    assert_int_equal(scenario_set(sc, "simulation.seed", "9007199254740992",
                                  "--seed", err),
                     SIM_OK);
    assert_true(sc->settings.seed == 9007199254740992L);
    assert_int_equal(scenario_set(sc, "simulation.seed", "9007199254740993",
                                  "--seed", err),
                     SIM_ERR_RANGE);
    assert_non_null(strstr(err, "got 9007199254740993"));
    assert_true(sc->settings.seed == 9007199254740992L);
    assert_int_equal(scenario_set(sc, "simulation.seed",
                                  "99999999999999999999", "--seed", err),
                     SIM_ERR_RANGE);
    scenario_free(sc);
    expect_error("simulation: { seed = 9007199254740993L; };\n", SIM_ERR_RANGE,
                 "bad.cfg:1: setting 'simulation.seed'",
                 "got 9007199254740993");
    expect_error("simulation: { horizons = [9007199254740993L]; };\n",
                 SIM_ERR_RANGE, "got 9007199254740993", NULL);
}

/* A value's class of error does not depend on how it is written: the
 * wrong form is SIM_ERR_TYPE, the right form out of range SIM_ERR_RANGE. */
static void text_values_by_class(void **unused)
{
    (void)unused;
    struct scenario *sc = scenario_new_default("x.cfg");
    char err[SIM_ERR_LEN];
    static const char *const not_integers[] = {"0x10", "1e3", "16.0", " 16",
                                               "16 ", "", "-", "+"};
    for (size_t i = 0; i < sizeof not_integers / sizeof *not_integers; i++) {
        assert_int_equal(scenario_set(sc, "simulation.months", not_integers[i],
                                      "--months", err),
                         SIM_ERR_TYPE);
        assert_non_null(strstr(err, "decimal digits"));
    }
    assert_int_equal(
        scenario_set(sc, "simulation.months", "016", "--months", err), SIM_OK);
    assert_int_equal(sc->settings.months, 16);
    assert_int_equal(scenario_set(sc, "engineering.budget_eur", "1e999",
                                  "--set", err),
                     SIM_ERR_RANGE);
    assert_int_equal(
        scenario_set(sc, "engineering.budget_eur", "inf", "--set", err),
        SIM_ERR_RANGE);
    assert_int_equal(
        scenario_set(sc, "engineering.budget_eur", "-1", "--set", err),
        SIM_ERR_RANGE);
    assert_int_equal(
        scenario_set(sc, "engineering.budget_eur", "nan", "--set", err),
        SIM_ERR_TYPE);
    assert_int_equal(
        scenario_set(sc, "engineering.budget_eur", "lots", "--set", err),
        SIM_ERR_TYPE);
    /* A subnormal is a number within 0 .. 1e9. */
    assert_int_equal(
        scenario_set(sc, "engineering.budget_eur", "1e-320", "--set", err),
        SIM_OK);
    assert_true(sc->org.engineering_eur > 0 && sc->org.engineering_eur < 1e-319);
    assert_int_equal(scenario_set(sc, "rules.ten_plus_one.policy", "0.5",
                                  "--set", err),
                     SIM_ERR_TYPE);
    assert_int_equal(scenario_set(sc, "rules.ten_plus_one.policy", "true",
                                  "--set", err),
                     SIM_OK);
    scenario_free(sc);
}

static void wide_integers_need_a_suffix(void **unused)
{
    (void)unused;
    expect_error("simulation: { seed = 9876543210; };\n", SIM_ERR_RANGE,
                 "bad.cfg:1: integer 9876543210 does not fit", "L suffix");
    expect_error("cash: {\n initial_eur = 3000000000; };\n", SIM_ERR_RANGE,
                 "bad.cfg:2", "L suffix");
    /* The literal as written; everywhere: overrides, lists, a name and
     * its value on two lines, negative and hexadecimal literals. */
    expect_error("simulation: { seed =  9876543210; };\n", SIM_ERR_RANGE,
                 "integer 9876543210 does", "(9876543210L)");
    expect_error("overrides = ( { path = \"simulation.seed\";\n"
                 "  value = 9876543210; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:2: integer 9876543210", NULL);
    expect_error("simulation: { horizons = [18, 4294967298]; };\n",
                 SIM_ERR_RANGE, "integer 4294967298 ", NULL);
    expect_error("simulation: { seed\n = 9876543210; };\n", SIM_ERR_RANGE,
                 "bad.cfg:2: integer 9876543210", NULL);
    expect_error("cash: { initial_eur = -3000000000; };\n", SIM_ERR_RANGE,
                 "integer -3000000000 ", NULL);
    /* Decimal only, as on the command line (--months 0x10 is refused). */
    expect_error("simulation: { months = 0x10; };\n", SIM_ERR_TYPE,
                 "'simulation.months': expected a number in decimal digits, "
                 "got a hexadecimal one",
                 NULL);
    expect_error("cash: { initial_eur = 0x10; };\n", SIM_ERR_TYPE,
                 "hexadecimal", NULL);
    expect_error("simulation: { seed = 0xFFFFFFFF; };\n", SIM_ERR_RANGE,
                 "integer 0xFFFFFFFF ", NULL);
    /* Found by fuzzing against libconfig: hexadecimals that wrap to a small
     * negative number, a name starting with e right after the digits (no
     * exponent without digits), 64-bit literals beyond 64 bits. */
    expect_error("simulation: { seed = 0xFFFFFFFFFFFFFFFF; };\n", SIM_ERR_RANGE,
                 "integer 0xFFFFFFFFFFFFFFFF ", NULL);
    expect_error("simulation: { seed = 0xFFFFFFFF80000000; };\n", SIM_ERR_RANGE,
                 "integer 0xFFFFFFFF80000000 ", NULL);
    expect_error("simulation: { seed = 9876543210e = 1; };\n", SIM_ERR_RANGE,
                 "integer 9876543210 ", NULL);
    expect_error("simulation: { seed = 99999999999999999999L; };\n",
                 SIM_ERR_RANGE, "does not fit in 64 bits", NULL);
    expect_error("simulation: { seed = 0x10000000000000000L; };\n",
                 SIM_ERR_RANGE, "does not fit in 64 bits", NULL);
    /* ... and what libconfig reads as it is: long runs of leading zeros, a
     * sign before 0x (+0, then a name). */
    expect_error("simulation: { seed = +0x10 = 1; };\n", SIM_ERR_UNKNOWN,
                 "x10", NULL);

    /* What is valid stays valid: several settings on a line, numbers in
     * names, strings and comments, a leading zero (libconfig reads 010 as
     * ten), 64-bit literals with their suffix, reals. */
    const char *ok = test_write_file(
        "wide-ok.cfg",
        "funding: { subsidy: { duration_months = 36; }; philanthropy: { "
        "duration_months = 12; }; };\n"
        "simulation: { replicates = 010; seed = 9876543210L; /* was: seed = "
        "9876543210 */ };\n"
        "organisation: { name = \"Asso 4294967298\"; };  # 4294967298\n"
        "cash: { initial_eur = 3000000000.0; };\n"
        "costs: { overhead_eur = .5e4; };\n"
        "human: { employees: { fte = 5.; }; interns: { fte = 1e0; }; };\n"
        "engineering: { budget_eur = 0000000000000000000000000000000000000000"
        "000000000000000000000000000000000000001500; };\n"
        "overrides = ( { path = \"staffing.hire_runway_months\"; value = 3; "
        "}, { path = \"staffing.layoff_runway_months\"; value = 2; },\n"
        "  { path = \"alliances.positioning.value_uplift\"; value = "
        "0.5475417732; } );\n");
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load(ok, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_int_equal(sc->settings.replicates, 10);
    assert_int_equal(sc->settings.seed, 9876543210L);
    assert_close(sc->org.initial_cash_eur, 3e9, 0);
    assert_close(sc->org.alliance[ALLY_POSITIONING].value_uplift,
                 0.5475417732, 0);
    scenario_free(sc);
}

/* Each allocation of a load, made to fail in turn, gives SIM_ERR_NOMEM and
 * leaks nothing (the sanitizer run checks the leaks). */
static void out_of_memory_is_reported(void **unused)
{
    (void)unused;
    /* Longer than the first read buffer, so that it must grow. */
    char text[6000];
    memset(text, '#', sizeof text - 2);
    text[sizeof text - 2] = '\n';
    text[sizeof text - 1] = '\0';
    const char *path = test_write_file("oom.cfg", text);
    sim_status st = SIM_ERR_NOMEM;
    long k;
    for (k = 0; st != SIM_OK; k++) {
        struct scenario *sc = NULL;
        char err[SIM_ERR_LEN];
        sim_alloc_fail_after(k);
        st = scenario_load(path, &sc, err);
        sim_alloc_fail_after(-1);
        if (st != SIM_OK) {
            assert_int_equal(st, SIM_ERR_NOMEM);
            assert_null(sc);
        }
        scenario_free(sc);
    }
    assert_true(k >= 3); /* scenario, first buffer, grown buffer */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_file_gives_defaults),
        cmocka_unit_test(values_are_read),
        cmocka_unit_test(syntax_error),
        cmocka_unit_test(wrong_type),
        cmocka_unit_test(out_of_range),
        cmocka_unit_test(unknown_setting),
        cmocka_unit_test(inconsistent_settings),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(not_a_regular_file),
        cmocka_unit_test(file_too_large),
        cmocka_unit_test(include_is_relative_to_file),
        cmocka_unit_test(include_absolute_path),
        cmocka_unit_test(include_nested_across_directories),
        cmocka_unit_test(overrides),
        cmocka_unit_test(horizons_beyond_months_are_dropped),
        cmocka_unit_test(portfolio_from_template_and_list),
        cmocka_unit_test(portfolio_vary),
        cmocka_unit_test(portfolio_errors),
        cmocka_unit_test(overrides_list),
        cmocka_unit_test(wide_integers_need_a_suffix),
        cmocka_unit_test(seeds_are_read_exactly),
        cmocka_unit_test(text_values_by_class),
        cmocka_unit_test(out_of_memory_is_reported),
    };
    return cmocka_run_group_tests_name("scenario", tests, test_make_dir, test_remove_dir);
}
