/*
 * test_accounts.c - an association's own figures: the income statement
 * read by hand-checked sums, every error naming file and line, flags
 * checked, and the scenario written from them loading with the figures in
 * it.
 */
#include "test_util.h"

#include <string.h>

#include "models/org.h"
#include "sim/io/accounts.h"
#include "sim/io/scenario.h"

static int index_of(const char *key)
{
    const struct accounts_field *f = accounts_find(key);
    assert_non_null(f);
    return (int)(f - accounts_fields);
}

static void income_statement_by_hand(void **unused)
{
    (void)unused;
    const char *path =
        test_write_file("cr.csv", "compte;libellé;montant\n"
                                  "606;Achats non stockés;12 385,50\n"
                                  "613;Locations;24 000\n"
                                  "641;Rémunérations;150 000\n"
                                  "645;Charges sociales;61 500\n"
                                  "681;Dotations aux amortissements;9 000\n"
                                  "706;Prestations de services;180 250\n"
                                  "741;Subvention Région;48 000\n"
                                  "7481;Subvention Ville;12 000\n"
                                  "756;Cotisations;3 150\n"
                                  "7541;Dons manuels;8 000\n"
                                  "768;Intérêts;120\n"
                                  "864;Personnel bénévole;11 880\n"
                                  "870;Bénévolat;11 880\n");
    struct accounts a;
    accounts_defaults(&a);
    double cash = a.cash_eur;
    int set[32] = {0};
    char err[SIM_ERR_LEN] = "";
    if (accounts_read_csv(path, &a, set, err) != SIM_OK)
        fail_msg("%s", err);
    /* 60-66 only: depreciation (68) is not cash. */
    assert_true(
        close_to(a.budget_eur, 12385.5 + 24000 + 150000 + 61500, 1e-12));
    assert_true(close_to(a.payroll_eur, 211500, 1e-12));
    assert_true(close_to(a.earned_income_eur, 180250, 1e-12));
    assert_true(close_to(a.subsidy_eur, 60000, 1e-12));
    assert_true(close_to(a.philanthropy_eur, 11150, 1e-12));
    /* 11,880 EUR of volunteering at the SMIC (11.88 EUR/h): 1000 hours. */
    assert_true(close_to(a.volunteer_hours, 1000.0, 1e-3));
    assert_true(a.cash_eur == cash);
    assert_true(set[index_of("payroll")] && set[index_of("volunteer-hours")]);
    assert_false(set[index_of("cash")] || set[index_of("employees")]);
}

static void expect_csv_error(const char *text, const char *needle1,
                             const char *needle2)
{
    const char *path = test_write_file("bad.csv", text);
    struct accounts a;
    accounts_defaults(&a);
    int set[32] = {0};
    char err[SIM_ERR_LEN] = "";
    assert_int_not_equal(accounts_read_csv(path, &a, set, err), SIM_OK);
    if (strstr(err, needle1) == NULL || strstr(err, needle2) == NULL)
        fail_msg("'%s' / '%s' not in: %s", needle1, needle2, err);
}

static void csv_errors_name_file_and_line(void **unused)
{
    (void)unused;
    expect_csv_error("641;Salaires;1000\n706;Ventes\n", "bad.csv:2",
                     "ACCOUNT;LABEL;AMOUNT");
    expect_csv_error("641;Salaires;1000\nabc;Ventes;12\n", "bad.csv:2",
                     "digits");
    expect_csv_error("641;Salaires;mille\n", "bad.csv:1", "amount");
    expect_csv_error("# nothing\n", "bad.csv", "no account lines");
    char err[SIM_ERR_LEN];
    struct accounts a;
    int set[32] = {0};
    assert_int_equal(accounts_read_csv("/nonexistent/x.csv", &a, set, err),
                     SIM_ERR_IO);
}

static void flags_are_checked(void **unused)
{
    (void)unused;
    struct accounts a;
    accounts_defaults(&a);
    char err[SIM_ERR_LEN];
    assert_int_equal(
        accounts_set(&a, accounts_find("employees"), "-1", "--employees", err),
        SIM_ERR_RANGE);
    assert_non_null(strstr(err, "--employees"));
    assert_int_equal(accounts_set(&a, accounts_find("subsidy-end"), "12.5",
                                  "--subsidy-end", err),
                     SIM_ERR_RANGE);
    assert_int_equal(
        accounts_set(&a, accounts_find("cash"), "lots", "--cash", err),
        SIM_ERR_TYPE);
    assert_int_equal(
        accounts_set(&a, accounts_find("cash"), "23850.5", "--cash", err),
        SIM_OK);
    assert_true(a.cash_eur == 23850.5);
}

/* The written scenario loads, with the figures where they belong. */
static void scenario_written_loads(void **unused)
{
    (void)unused;
    struct accounts a;
    accounts_defaults(&a);
    a.employees_fte = 4.0;
    a.payroll_eur = 4 * 12 * 3100.0;
    a.subsidy_eur = 36000.0;
    a.subsidy_end_month = 18;
    a.volunteer_hours = 12 * 151.67 * 2.5;
    a.cash_eur = 23850.0;
    a.partnerships = 7;
    const char *origins[32];
    for (size_t i = 0; i < accounts_field_count; i++)
        origins[i] = "test";
    char path[256];
    snprintf(path, sizeof path, "%s/init.cfg", test_dir());
    char err[SIM_ERR_LEN];
    if (accounts_write_scenario(&a, path, origins, err) != SIM_OK)
        fail_msg("%s", err);
    struct scenario *sc = NULL;
    if (scenario_load(path, &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_true(close_to(sc->org.hr[HR_EMPLOYEES].fte, 4.0, 1e-12));
    assert_true(close_to(sc->org.hr[HR_EMPLOYEES].cost_eur, 3100.0, 1e-9));
    assert_true(close_to(sc->org.hr[HR_VOLUNTEERS].fte, 2.5, 1e-4));
    assert_true(
        close_to(sc->org.funding[FUND_SUBSIDY].monthly_eur, 3000.0, 1e-12));
    assert_true(close_to(sc->org.initial_cash_eur, 23850.0, 1e-12));
    assert_true(
        close_to(sc->org.alliance[ALLY_POSITIONING].strength, 0.5, 1e-4));
    assert_int_equal(sc->org.events.count, 1);
    assert_int_equal(sc->org.events.list[0].month, 19);
    scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(income_statement_by_hand),
        cmocka_unit_test(csv_errors_name_file_and_line),
        cmocka_unit_test(flags_are_checked),
        cmocka_unit_test(scenario_written_loads),
    };
    return cmocka_run_group_tests_name("accounts", tests, test_make_dir,
                                       test_remove_dir);
}
