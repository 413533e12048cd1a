/*
 * test_events.c - dated events in scenarios: what they change, when, in
 * every replicate, with money still conserved; the same results as the
 * setting written in the file when an event applies at month 1; bitwise the
 * same on any thread count; and every error at load naming file and line.
 */
#include "test_util.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "models/org.h"
#include "sim/core/engine.h"
#include "sim/io/scenario.h"

#define REPS 24
#define MONTHS 48

/* The example events were made for: the subsidy stops in month 24, two
 * posts are cut in month 30. */
#define TWO_EVENTS                                                             \
    "events = (\n"                                                             \
    "  { month = 24; set = \"funding.subsidy.monthly_eur\"; value = 0.0; },\n" \
    "  { month = 30; add = \"human.employees.fte\"; value = -2.0; }\n"         \
    ");\n"
#define SUBSIDY_ONLY                                                           \
    "events = ( { month = 24; set = \"funding.subsidy.monthly_eur\"; value = " \
    "0.0; } );\n"

static struct scenario *load_text(const char *name, const char *text)
{
    const char *path = test_write_file(name, text);
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN] = "";
    sim_status st = scenario_load(path, &sc, err);
    if (st != SIM_OK)
        fail_msg("%s: %s", name, err);
    return sc;
}

/* Every value of a run, [replicate][var][month]. */
static double *run_all(const struct org_params *p, int threads)
{
    omp_set_num_threads(threads);
    struct engine_config c = {.months = MONTHS,
                              .replicates = REPS,
                              .seed = 2385,
                              .block_size = 7,
                              .n_horizons = 1,
                              .horizons = {MONTHS}};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&org_model, p, &c, err);
    assert_non_null(e);
    double *all = calloc((size_t)REPS * OV_COUNT * MONTHS, sizeof *all);
    assert_non_null(all);
    struct engine_block b;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0)
        for (long r = 0; r < b.count; r++)
            for (size_t v = 0; v < OV_COUNT; v++)
                memcpy(all + ((size_t)(b.first + r) * OV_COUNT + v) * MONTHS,
                       b.values + (v * (size_t)b.stride + (size_t)r) * MONTHS,
                       MONTHS * sizeof *all);
    engine_free(e);
    return all;
}

/* Value of var in month t (from 1) of replicate r. */
static double at(const double *all, long r, int var, long t)
{
    return all[((size_t)r * OV_COUNT + (size_t)var) * MONTHS + (size_t)t - 1];
}

static void subsidy_stops_in_every_replicate(void **unused)
{
    (void)unused;
    struct scenario *sc = load_text("two.cfg", TWO_EVENTS);
    assert_int_equal(sc->org.events.count, 2);
    double *all = run_all(&sc->org, 1);
    int paid_before = 0;
    for (long r = 0; r < REPS; r++) {
        for (long t = 1; t < 24; t++)
            paid_before += at(all, r, OV_FUNDING_SUBSIDY, t) > 0.0;
        for (long t = 24; t <= MONTHS; t++)
            assert_true(at(all, r, OV_FUNDING_SUBSIDY, t) == 0.0);
    }
    assert_true(paid_before > 0);
    free(all);
    scenario_free(sc);
}

/* Month 30's payroll is that of the workforce at the end of month 29 less
 * two employees (or all of them, if fewer were left), at month 30's
 * prices: compared with the same scenario without that event, on the same
 * draws. */
static void two_posts_cut_in_month_30(void **unused)
{
    (void)unused;
    struct scenario *with = load_text("two.cfg", TWO_EVENTS);
    struct scenario *without = load_text("one.cfg", SUBSIDY_ONLY);
    double *a = run_all(&with->org, 1);
    double *b = run_all(&without->org, 1);
    double cost = with->org.hr[HR_EMPLOYEES].cost_eur;
    int checked = 0;
    for (long r = 0; r < REPS; r++) {
        for (long t = 1; t < 30; t++)
            for (int v = 0; v < OV_COUNT; v++)
                assert_memory_equal(
                    &a[((size_t)r * OV_COUNT + (size_t)v) * MONTHS + (size_t)t -
                       1],
                    &b[((size_t)r * OV_COUNT + (size_t)v) * MONTHS + (size_t)t -
                       1],
                    sizeof(double));
        if (at(b, r, OV_ALIVE, 29) == 0.0) {
            assert_true(at(a, r, OV_COST_SALARIES, 30) == 0.0);
            continue;
        }
        /* The price index, from the unchanged run: payroll over its FTE
         * times their costs. */
        double paid = 0.0;
        for (int c = 0; c < HR_COUNT; c++)
            paid +=
                at(b, r, OV_EMPLOYEES_FTE + c, 29) * with->org.hr[c].cost_eur;
        double pi = at(b, r, OV_COST_SALARIES, 30) / paid;
        double employees = at(b, r, OV_EMPLOYEES_FTE, 29);
        double cut = employees < 2.0 ? employees : 2.0;
        double drop =
            at(b, r, OV_COST_SALARIES, 30) - at(a, r, OV_COST_SALARIES, 30);
        if (!close_to(drop, cut * cost * pi, 1e-9))
            fail_msg("replicate %ld: payroll fell by %.6f, expected %.6f", r,
                     drop, cut * cost * pi);
        checked++;
    }
    assert_true(checked > REPS / 2);
    free(a);
    free(b);
    scenario_free(with);
    scenario_free(without);
}

static void cash_is_conserved_with_events(void **unused)
{
    (void)unused;
    struct scenario *sc = load_text(
        "many.cfg",
        "cash: { initial_eur = 23850.0; };\n"
        "events = (\n"
        "  { month = 3; set = \"engineering.budget_eur\"; value = 2385.0; },\n"
        "  { month = 5; add = \"funding.earned_income.monthly_eur\"; value = "
        "-4000.0; },\n"
        "  { month = 7; set = \"funding.social_investment.monthly_eur\"; "
        "value = 3000.0; },\n"
        "  { month = 9; set = \"rules.ten_plus_one.policy\"; value = true; },\n"
        "  { month = 11; add = \"alliances.production.strength\"; value = "
        "0.25; },\n"
        "  { month = 13; add = \"costs.inflation_per_year\"; value = 0.03; },\n"
        "  { month = 15; set = \"funding.subsidy.payment_delay_months\"; "
        "value = 4; },\n"
        "  { month = 27; set = \"funding.subsidy.payment_delay_months\"; "
        "value = 1; }\n"
        ");\n");
    double *all = run_all(&sc->org, 1);
    for (long r = 0; r < REPS; r++) {
        double cash = sc->org.initial_cash_eur;
        for (long t = 1; t <= MONTHS; t++) {
            double next = at(all, r, OV_CASH, t);
            double expected = cash + at(all, r, OV_FUNDING_TOTAL, t) -
                              at(all, r, OV_COST_TOTAL, t);
            if (!close_to(next, expected, 1e-9))
                fail_msg("replicate %ld month %ld: cash %.6f, expected %.6f", r,
                         t, next, expected);
            cash = next;
        }
        /* The new source pays from month 7, the pot from month 9 (while
         * cash is positive). */
        assert_true(at(all, r, OV_FUNDING_SOCIAL_INVESTMENT, 6) == 0.0);
        if (at(all, r, OV_ALIVE, 7) != 0.0)
            assert_true(at(all, r, OV_FUNDING_SOCIAL_INVESTMENT, 7) > 0.0);
        assert_true(at(all, r, OV_COST_COLLECTIVE_POT, 8) == 0.0);
    }
    free(all);
    scenario_free(sc);
}

/* A payment delay cut to 0 by an event: the dues still on their way are
 * paid in their month, none lost.  Over the run the subsidy pays what it
 * pays without any delay, plus the three months due before month 0 (paid
 * in months 1 to 3): the dues themselves do not depend on when they are
 * paid while cash stays far above zero. */
static void delay_cut_to_zero_pays_what_is_pending(void **unused)
{
    (void)unused;
    struct scenario *cut = load_text(
        "cut.cfg",
        "cash: { initial_eur = 1e7; };\n"
        "funding: { subsidy: { payment_delay_months = 3; }; };\n"
        "events = ( { month = 10; set = "
        "\"funding.subsidy.payment_delay_months\"; value = 0; } );\n");
    struct scenario *none = load_text("none.cfg",
                                      "cash: { initial_eur = 1e7; };\n");
    const struct funding_params *fp = &cut->org.funding[FUND_SUBSIDY];
    double before =
        fp->monthly_eur *
        (1.0 + fp->alliance_uplift * cut->org.alliance[ALLY_POSITIONING].strength);
    double *a = run_all(&cut->org, 1);
    double *b = run_all(&none->org, 1);
    int checked = 0;
    for (long r = 0; r < REPS; r++) {
        if (at(a, r, OV_ALIVE, MONTHS) == 0.0 ||
            at(b, r, OV_ALIVE, MONTHS) == 0.0)
            continue;
        double paid = 0.0, paid_on_time = 0.0;
        for (long t = 1; t <= MONTHS; t++) {
            paid += at(a, r, OV_FUNDING_SUBSIDY, t);
            paid_on_time += at(b, r, OV_FUNDING_SUBSIDY, t);
        }
        if (!close_to(paid, paid_on_time + 3.0 * before, 1e-9))
            fail_msg("replicate %ld: paid %.6f, expected %.6f", r, paid,
                     paid_on_time + 3.0 * before);
        checked++;
    }
    assert_true(checked > REPS / 2);
    free(a);
    free(b);
    scenario_free(cut);
    scenario_free(none);
}

/* An event in month 1 on a setting read every month gives, bit for bit, the
 * run with that setting written in the file: the copy the events change
 * and the derived factors (growth, inflation) are computed as at month 0. */
static void month_one_event_equals_setting(void **unused)
{
    (void)unused;
    struct scenario *ev = load_text(
        "ev.cfg",
        "events = (\n"
        "  { month = 1; set = \"costs.overhead_eur\"; value = 5123.4; },\n"
        "  { month = 1; set = \"funding.philanthropy.growth_per_year\"; value "
        "= 0.07; },\n"
        "  { month = 1; add = \"costs.inflation_per_year\"; value = 0.01; },\n"
        "  { month = 1; set = \"cash.observation_months\"; value = 3; }\n"
        ");\n");
    struct scenario *file = load_text(
        "file.cfg", "costs: { overhead_eur = 5123.4; inflation_per_year = "
                    "0.03; };\n"
                    "funding: { philanthropy: { growth_per_year = 0.07; }; };\n"
                    "cash: { observation_months = 3; };\n");
    double *a = run_all(&ev->org, 1);
    double *b = run_all(&file->org, 1);
    assert_memory_equal(a, b, (size_t)REPS * OV_COUNT * MONTHS * sizeof *a);
    free(a);
    free(b);
    scenario_free(ev);
    scenario_free(file);
}

static void same_on_any_thread_count(void **unused)
{
    (void)unused;
    struct scenario *sc = load_text("two.cfg", TWO_EVENTS);
    double *one = run_all(&sc->org, 1);
    double *two = run_all(&sc->org, 2);
    assert_memory_equal(one, two,
                        (size_t)REPS * OV_COUNT * MONTHS * sizeof *one);
    free(one);
    free(two);
    scenario_free(sc);
}

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

static void errors_name_file_and_line(void **unused)
{
    (void)unused;
    expect_error(
        "\nevents = ( { month = 3; set = \"funding.subsidy.monthy_eur\";"
        " value = 1.0; } );\n",
        SIM_ERR_UNKNOWN, "bad.cfg:2", "unknown setting");
    expect_error(
        "events = (\n\n { month = 400; set = \"engineering.budget_eur\";"
        " value = 1.0; } );\n",
        SIM_ERR_RANGE, "bad.cfg:3", "outside the run");
    expect_error("events = ( { month = 0; set = \"engineering.budget_eur\"; "
                 "value = 1.0; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:1", "month");
    expect_error("events = ( { month = 2.5; set = \"engineering.budget_eur\"; "
                 "value = 1.0; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:1", "whole month");
    /* The result, after the events before it, must be in range. */
    expect_error("engineering: { budget_eur = 1000.0; };\nevents = (\n"
                 "  { month = 5; add = \"engineering.budget_eur\"; value = "
                 "-600.0; },\n"
                 "  { month = 9; add = \"engineering.budget_eur\"; value = "
                 "-600.0; }\n);\n",
                 SIM_ERR_RANGE, "bad.cfg:4", "would be -200");
    expect_error("events = ( { month = 5; set = \"human.employees.fte\"; "
                 "value = -1.0; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:1", "out of range");
    expect_error("events = ( { month = 5; add = \"cash.initial_eur\"; "
                 "value = 1000.0; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:1", "cash moves only through");
    expect_error("events = ( { month = 5; add = \"rules.ten_plus_one.policy\"; "
                 "value = 1; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:1", "use set");
    expect_error("events = ( { month = 5; set = \"cash.observation_months\"; "
                 "value = 2.5; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:1", "integer");
    expect_error("events = ( { month = 5; set = \"simulation.seed\"; "
                 "value = 2; } );\n",
                 SIM_ERR_UNKNOWN, "bad.cfg:1", "organisation's settings");
    expect_error("events = ( { month = 5; set = \"engineering.budget_eur\"; "
                 "add = \"engineering.budget_eur\"; value = 2.0; } );\n",
                 SIM_ERR_TYPE, "bad.cfg:1", "one of set or add");
    expect_error("events = ( { month = 5; set = \"engineering.budget_eur\"; "
                 "} );\n",
                 SIM_ERR_TYPE, "bad.cfg:1", "value = V");
    expect_error("events = ( { month = 5; set = \"engineering.budget_eur\"; "
                 "value = 1.0; colour = 2; } );\n",
                 SIM_ERR_UNKNOWN, "bad.cfg:1", "colour");
    expect_error("events = ( { month = 5; set = \"engineering.budget_eur\"; "
                 "value = \"high\"; } );\n",
                 SIM_ERR_TYPE, "bad.cfg:1", "value");
    expect_error("events = 3;\n", SIM_ERR_TYPE, "bad.cfg:1", "a list");
    /* Shares must still sum to 1 once the month's events are in. */
    expect_error("events = ( { month = 5; set = "
                 "\"alliances.positioning.engineering_share\"; value = 0.5; } "
                 ");\n",
                 SIM_ERR_INVALID, "bad.cfg:1", "sum to 1");
    /* In a portfolio each project's result is checked: the template's
     * overhead of 4000 less 2000 holds, a project varied down to 1000 or
     * so does not. */
    expect_error("portfolio: { projects = 6; vary = ( { path = "
                 "\"costs.overhead_eur\"; distribution = \"uniform\"; "
                 "min = 500.0; max = 1500.0; } ); };\n"
                 "events = ( { month = 5; add = \"costs.overhead_eur\"; "
                 "value = -2000.0; } );\n",
                 SIM_ERR_RANGE, "bad.cfg:2: event in month 5 on "
                 "'costs.overhead_eur', in project 1", "would be");
}

/* Two shares moved in the same month keep their sum: accepted. */
static void same_month_shares_accepted(void **unused)
{
    (void)unused;
    struct scenario *sc = load_text(
        "shares.cfg",
        "events = (\n"
        "  { month = 5; set = \"alliances.positioning.engineering_share\"; "
        "value = 0.5; },\n"
        "  { month = 5; set = \"alliances.production.engineering_share\"; "
        "value = 0.3; }\n);\n");
    scenario_free(sc);
}

/* A --set that shortens the run below an event's month is refused, naming
 * the event's line. */
static void shorter_run_refused(void **unused)
{
    (void)unused;
    struct scenario *sc = load_text("two.cfg", TWO_EVENTS);
    char err[SIM_ERR_LEN] = "";
    assert_int_equal(
        scenario_set(sc, "simulation.months", "24", "--months", err),
        SIM_ERR_RANGE);
    assert_non_null(strstr(err, "two.cfg:3"));
    assert_non_null(strstr(err, "month 30 is outside the run"));
    scenario_free(sc);
}

static void listed_in_order(void **unused)
{
    (void)unused;
    struct scenario *sc = load_text(
        "order.cfg",
        "events = (\n"
        "  { month = 30; add = \"human.employees.fte\"; value = -2.0; },\n"
        "  { month = 24; set = \"funding.subsidy.monthly_eur\"; value = 0.0; "
        "}\n);\n");
    char line[256];
    scenario_event_text(sc, 0, line, sizeof line);
    assert_string_equal(line, "month 24: set funding.subsidy.monthly_eur = 0");
    scenario_event_text(sc, 1, line, sizeof line);
    assert_string_equal(line, "month 30: add human.employees.fte += -2");
    assert_non_null(strstr(sc->events[1].where, "order.cfg:2"));
    scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(subsidy_stops_in_every_replicate),
        cmocka_unit_test(two_posts_cut_in_month_30),
        cmocka_unit_test(cash_is_conserved_with_events),
        cmocka_unit_test(delay_cut_to_zero_pays_what_is_pending),
        cmocka_unit_test(month_one_event_equals_setting),
        cmocka_unit_test(same_on_any_thread_count),
        cmocka_unit_test(errors_name_file_and_line),
        cmocka_unit_test(same_month_shares_accepted),
        cmocka_unit_test(shorter_run_refused),
        cmocka_unit_test(listed_in_order),
    };
    return cmocka_run_group_tests_name("events", tests, test_make_dir,
                                       test_remove_dir);
}
