/*
 * test_accounts.c - an association's own figures: the income statement
 * read by hand-checked sums, every error naming file and line, flags
 * checked, and the scenario written from them loading with the figures in
 * it.
 */
#include "test_util.h"

#include <dirent.h>
#include <string.h>

#include "models/org.h"
#include "sim/core/alloc.h"
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

/* Whether message holds a control character (a line break, an escape). */
static int has_control(const char *message)
{
    for (const unsigned char *c = (const unsigned char *)message; *c != '\0';
         c++)
        if (*c < 0x20 || *c == 0x7F)
            return 1;
    return 0;
}

/* The statement text must be refused with status, a message holding both
 * needles and no control character, and a left as it was. */
static void expect_csv_error(const char *text, sim_status status,
                             const char *needle1, const char *needle2)
{
    const char *path = test_write_file("bad.csv", text);
    struct accounts a, before;
    accounts_defaults(&a);
    before = a;
    int set[32] = {0};
    char err[SIM_ERR_LEN] = "";
    assert_int_equal(accounts_read_csv(path, &a, set, err), status);
    if (strstr(err, needle1) == NULL || strstr(err, needle2) == NULL)
        fail_msg("'%s' / '%s' not in: %s", needle1, needle2, err);
    if (has_control(err))
        fail_msg("a control character in: %s", err);
    assert_memory_equal(&a, &before, sizeof a);
}

static void csv_errors_name_file_and_line(void **unused)
{
    (void)unused;
    expect_csv_error("641;Salaires;1000\n706;Ventes\n", SIM_ERR_PARSE,
                     "bad.csv:2", "ACCOUNT;LABEL;AMOUNT");
    expect_csv_error("641;Salaires;1000\nabc;Ventes;12\n", SIM_ERR_TYPE,
                     "bad.csv:2", "digits");
    expect_csv_error("641;Salaires;mille\n", SIM_ERR_TYPE, "bad.csv:1",
                     "amount");
    expect_csv_error("# nothing\n", SIM_ERR_PARSE, "bad.csv",
                     "no account lines");
    /* A malformed amount is a value of the wrong form, whatever the line
     * ends with; what it holds is shown escaped. */
    expect_csv_error("641;Salaires;190 000\r\n645;Charges;61 5OO\r\n",
                     SIM_ERR_TYPE, "bad.csv:2: account 645", "got '61 5OO'");
    expect_csv_error("641;Salaires;12\x1b[2J\r\n", SIM_ERR_TYPE, "bad.csv:1",
                     "got '12\\x1b[2J'");
    expect_csv_error("x;y;z\n64\x07;Salaires;12\n", SIM_ERR_TYPE, "bad.csv:2",
                     "account '64\\x07'");
    /* Latin-1 bytes are no UTF-8: shown as such. */
    expect_csv_error("641;Salaires;\xe9t\xe9\n", SIM_ERR_TYPE, "bad.csv:1",
                     "got '\\xe9t\\xe9'");
    expect_csv_error("641;Salaires;1e999\n", SIM_ERR_RANGE, "bad.csv:1",
                     "got '1e999'");
    char line[1200];
    memset(line, '1', sizeof line - 2);
    line[sizeof line - 2] = '\n';
    line[sizeof line - 1] = '\0';
    expect_csv_error(line, SIM_ERR_PARSE, "bad.csv:1", "line too long");
    char err[SIM_ERR_LEN];
    struct accounts a;
    int set[32] = {0};
    assert_int_equal(accounts_read_csv("/nonexistent/x.csv", &a, set, err),
                     SIM_ERR_IO);
    /* The statement's lines are held in memory: its failure is said. */
    const char *path = test_write_file("ok.csv", "641;Salaires;1000\n");
    accounts_defaults(&a);
    struct accounts before = a;
    sim_alloc_fail_after(0);
    sim_status st = accounts_read_csv(path, &a, set, err);
    sim_alloc_fail_after(-1);
    assert_int_equal(st, SIM_ERR_NOMEM);
    assert_memory_equal(&a, &before, sizeof a);
}

/* Amounts as LibreOffice and Excel write them in French: thousands
 * separated by a space, a no-break space (U+00A0, or the byte 0xA0 of
 * Windows-1252) or a narrow one (U+202F), a decimal comma, quotes, a
 * currency after, CRLF line ends, a byte order mark before the first
 * line. */
static void csv_amounts_as_spreadsheets_write_them(void **unused)
{
    (void)unused;
    const char *path =
        test_write_file("fr.csv", "\xEF\xBB\xBF"
                                  "641;R\xC3\xA9mun\xC3\xA9rations;190\xC2\xA0"
                                  "000,25\r\n"
                                  "645;Charges sociales;61\xE2\x80\xAF"
                                  "500\r\n"
                                  "606;Achats;\"12 385,50 \xE2\x82\xAC\"\r\n"
                                  "706;Prestations;180\xA0"
                                  "250 EUR\r\n"
                                  "741;Subvention;48 000\r\n");
    struct accounts a;
    accounts_defaults(&a);
    int set[32] = {0};
    char err[SIM_ERR_LEN] = "";
    if (accounts_read_csv(path, &a, set, err) != SIM_OK)
        fail_msg("%s", err);
    assert_true(close_to(a.payroll_eur, 190000.25 + 61500, 1e-12));
    assert_true(close_to(a.budget_eur, 190000.25 + 61500 + 12385.5, 1e-12));
    assert_true(close_to(a.earned_income_eur, 180250, 1e-12));
    assert_true(close_to(a.subsidy_eur, 48000, 1e-12));
}

/* Reads text as a statement into a (from the defaults); fails the test on
 * an error. */
static void read_statement(const char *text, struct accounts *a)
{
    const char *path = test_write_file("st.csv", text);
    accounts_defaults(a);
    int set[32] = {0};
    char err[SIM_ERR_LEN] = "";
    if (accounts_read_csv(path, a, set, err) != SIM_OK)
        fail_msg("%s", err);
}

/* A statement with totals and their details counts each amount once: the
 * same figures as with the details alone, or the totals alone.  A total
 * with only some of its details ("dont" lines) keeps the rest as its own
 * account's. */
static void totals_and_details_count_once(void **unused)
{
    (void)unused;
    struct accounts both, details, totals;
    read_statement("compte;libell\xC3\xA9;montant\n"
                   "6;Total des charges;251 385,50\n"
                   "60;Achats;12 385,50\n"
                   "606;Achats non stock\xC3\xA9s;12 385,50\n"
                   "64;Charges de personnel;211 500\n"
                   "641;R\xC3\xA9mun\xC3\xA9rations;150 000\n"
                   "645;Charges sociales;61 500\n"
                   "68;Dotations;27 500\n"
                   "70;Ventes;180 250\n"
                   "706;Prestations;170 000\n"
                   "74;Subventions;60 000\n"
                   "741;R\xC3\xA9gion;48 000\n"
                   "7481;Ville;12 000\n",
                   &both);
    read_statement("606;Achats non stock\xC3\xA9s;12 385,50\n"
                   "641;R\xC3\xA9mun\xC3\xA9rations;150 000\n"
                   "645;Charges sociales;61 500\n"
                   "706;Prestations;170 000\n"
                   "708;Autres;10 250\n"
                   "741;R\xC3\xA9gion;48 000\n"
                   "7481;Ville;12 000\n",
                   &details);
    read_statement("60;Achats;12 385,50\n"
                   "64;Charges de personnel;211 500\n"
                   "70;Ventes;180 250\n"
                   "74;Subventions;60 000\n",
                   &totals);
    const struct accounts *all[] = {&both, &details, &totals};
    for (int i = 0; i < 3; i++) {
        assert_true(close_to(all[i]->budget_eur, 12385.5 + 211500, 1e-12));
        assert_true(close_to(all[i]->payroll_eur, 211500, 1e-12));
        assert_true(close_to(all[i]->earned_income_eur, 180250, 1e-12));
        assert_true(close_to(all[i]->subsidy_eur, 60000, 1e-12));
    }
    /* Details rounded to the cent, a total to the euro: no refusal. */
    read_statement("64;Personnel;211 500\n641;Salaires;150 000,40\n"
                   "645;Charges;61 499,80\n",
                   &both);
    assert_true(close_to(both.payroll_eur, 211500, 1e-12));
}

/* Negative amounts: refused where they are impossible, at their line;
 * read where a statement writes them (a loss, stocks, rebates). */
static void negative_amounts(void **unused)
{
    (void)unused;
    expect_csv_error("64;Salaires;-5000\n", SIM_ERR_RANGE,
                     "bad.csv:1: account 64 (Salaires): expected an amount "
                     ">= 0 EUR, got -5000",
                     "");
    expect_csv_error("compte;libell\xC3\xA9;montant\n741;R\xC3\xA9gion;-48 "
                     "000\n",
                     SIM_ERR_RANGE, "bad.csv:2: account 741 (R\xC3\xA9gion)",
                     "got -48000");
    expect_csv_error("870;;-1\n", SIM_ERR_RANGE,
                     "bad.csv:1: account 870:", ">= 0");
    /* A total below its details is no total of them. */
    expect_csv_error("64;Personnel;200 000\n641;Salaires;150 000\n645;"
                     "Charges;61 500\n",
                     SIM_ERR_INVALID, "bad.csv:1: account 64 (Personnel)",
                     "less than the 211500 EUR of its sub-accounts");
    /* Rebates granted above sales. */
    expect_csv_error("706;Ventes;400\n709;Rabais accord\xC3\xA9s;500\n",
                     SIM_ERR_RANGE, "bad.csv: accounts 70 come to -100 EUR",
                     "expected 0 or more");

    struct accounts a;
    read_statement("601;Achats;10 000\n"
                   "603;Variation des stocks;-1 200\n"
                   "609;Rabais obtenus;-300\n"
                   "619;Rabais sur services;200\n"
                   "641;Salaires;150 000\n"
                   "678;Autres charges exceptionnelles;-50\n"
                   "706;Prestations;180 250\n"
                   "709;Rabais accord\xC3\xA9s;250\n"
                   "129;R\xC3\xA9sultat (d\xC3\xA9"
                   "ficit);-5 000\n",
                   &a);
    /* 603 as signed, rebates subtracted whatever their sign, 67 to 69 and
     * class 1 not read. */
    assert_true(
        close_to(a.budget_eur, 10000 - 1200 - 300 - 200 + 150000, 1e-12));
    assert_true(close_to(a.earned_income_eur, 180250 - 250, 1e-12));
}

/* What a statement does not give: its money figures zero (it lists the
 * year's every income and expense; crowdfunding is within 75 or 70), the
 * rest left as they were, and said so in the scenario. */
static void figures_a_statement_does_not_give(void **unused)
{
    (void)unused;
    const char *path = test_write_file("few.csv", "641;Salaires;150 000\n"
                                                  "706;Ventes;180 250\n");
    struct accounts a;
    accounts_defaults(&a);
    double hours = a.volunteer_hours, cash = a.cash_eur;
    int set[32] = {0};
    char err[SIM_ERR_LEN] = "";
    if (accounts_read_csv(path, &a, set, err) != SIM_OK)
        fail_msg("%s", err);
    assert_true(a.subsidy_eur == 0.0 && a.philanthropy_eur == 0.0 &&
                a.crowdfunding_eur == 0.0);
    assert_true(set[index_of("subsidy")] && set[index_of("philanthropy")] &&
                set[index_of("crowdfunding")]);
    assert_true(a.volunteer_hours == hours && a.cash_eur == cash);
    assert_false(set[index_of("volunteer-hours")] || set[index_of("cash")]);

    /* An 870 line, even of zero, gives the hours. */
    path = test_write_file("few.csv", "641;Salaires;150 000\n870;;0\n");
    memset(set, 0, sizeof set);
    if (accounts_read_csv(path, &a, set, err) != SIM_OK)
        fail_msg("%s", err);
    assert_true(a.volunteer_hours == 0.0 && set[index_of("volunteer-hours")]);

    /* The figures that kept their defaults, listed. */
    const char *origins[32];
    for (size_t i = 0; i < accounts_field_count; i++)
        origins[i] = set[i] ? "income statement" : ACCOUNTS_ORIGIN_DEFAULT;
    char kept[SIM_ERR_LEN];
    assert_int_equal(accounts_defaults_kept(&a, origins, kept, sizeof kept), 5);
    if (strcmp(kept, "--employees 8, --subsidy-end 0, --philanthropy-end 0, "
                     "--cash 120000, --partnerships 3") != 0)
        fail_msg("%s", kept);
    char out[256];
    snprintf(out, sizeof out, "%s/few.cfg", test_dir());
    if (accounts_write_scenario(&a, out, origins, err) != SIM_OK)
        fail_msg("%s", err);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char text[8192];
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    if (strstr(text, "# Figures not given, at the default association's") ==
            NULL ||
        strstr(text, "#   --employees 8\n#   --subsidy-end 0\n") == NULL ||
        strstr(text, "#   --partnerships 3\n") == NULL ||
        strstr(text, "#   --payroll") != NULL)
        fail_msg("%s", text);
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
    /* Grouped digits as a treasurer types them; a line end, a control
     * character shown escaped. */
    assert_int_equal(accounts_set(&a, accounts_find("payroll"),
                                  "190\xC2\xA0"
                                  "000",
                                  "--payroll", err),
                     SIM_OK);
    assert_true(a.payroll_eur == 190000.0);
    assert_int_equal(
        accounts_set(&a, accounts_find("budget"), "320 000\r\n", "answer", err),
        SIM_OK);
    assert_true(a.budget_eur == 320000.0);
    assert_int_equal(
        accounts_set(&a, accounts_find("cash"), "12\x1b[2J", "--cash", err),
        SIM_ERR_TYPE);
    assert_false(has_control(err));
    assert_non_null(strstr(err, "got '12\\x1b[2J'"));
    /* No more hours than the scenario's 100,000 FTE of volunteers. */
    assert_int_equal(accounts_set(&a, accounts_find("volunteer-hours"), "1e9",
                                  "--volunteer-hours", err),
                     SIM_ERR_RANGE);
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

static const char *const *all_origins(const char *origin)
{
    static const char *origins[32];
    for (size_t i = 0; i < accounts_field_count; i++)
        origins[i] = origin;
    return origins;
}

/* Whether the file at path holds exactly text. */
static int file_is(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strcmp(buf, text) == 0;
}

/* Whether the scratch directory holds a temporary of the output named
 * base. */
static int temporary_left(const char *base)
{
    DIR *d = opendir(test_dir());
    assert_non_null(d);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s.tmp", base);
    int found = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        found |= strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return found;
}

/* Figures that cannot make a scenario are refused before anything is
 * written: a file already at the path stays as it was, and no temporary
 * remains.  The figures' checks name the options; what only the loader
 * refuses is caught on the temporary, before it replaces anything. */
static void bad_figures_replace_nothing(void **unused)
{
    (void)unused;
    const char *path = test_write_file("keep.cfg", "precious\n");
    char err[SIM_ERR_LEN] = "";
    struct accounts a;

    accounts_defaults(&a);
    a.payroll_eur = 900000.0;
    a.budget_eur = 100000.0;
    assert_int_equal(
        accounts_write_scenario(&a, path, all_origins("given"), err),
        SIM_ERR_INVALID);
    if (strstr(err, "--payroll 900000 (given) is above --budget 100000 "
                    "(given)") == NULL)
        fail_msg("%s", err);

    accounts_defaults(&a);
    a.employees_fte = 0.0;
    assert_int_equal(
        accounts_write_scenario(&a, path, all_origins("given"), err),
        SIM_ERR_INVALID);
    assert_non_null(strstr(err, "--employees 0"));

    /* 1e9 hours are 549,000 FTE, beyond what the scenario takes: only the
     * loader says so, on the temporary. */
    accounts_defaults(&a);
    a.volunteer_hours = 1e9;
    assert_int_equal(
        accounts_write_scenario(&a, path, all_origins("given"), err),
        SIM_ERR_RANGE);
    if (strstr(err, "keep.cfg not written") == NULL ||
        strstr(err, "keep.cfg:") == NULL ||
        strstr(err, "human.volunteers.fte") == NULL ||
        strstr(err, ".tmp") != NULL)
        fail_msg("%s", err);

    assert_true(file_is(path, "precious\n"));
    assert_false(temporary_left("keep.cfg"));
    /* ... and figures that do make one replace it. */
    accounts_defaults(&a);
    if (accounts_write_scenario(&a, path, all_origins("given"), err) != SIM_OK)
        fail_msg("%s", err);
    assert_false(file_is(path, "precious\n"));
    assert_false(temporary_left("keep.cfg"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(income_statement_by_hand),
        cmocka_unit_test(csv_errors_name_file_and_line),
        cmocka_unit_test(csv_amounts_as_spreadsheets_write_them),
        cmocka_unit_test(totals_and_details_count_once),
        cmocka_unit_test(negative_amounts),
        cmocka_unit_test(figures_a_statement_does_not_give),
        cmocka_unit_test(flags_are_checked),
        cmocka_unit_test(scenario_written_loads),
        cmocka_unit_test(bad_figures_replace_nothing),
    };
    return cmocka_run_group_tests_name("accounts", tests, test_make_dir,
                                       test_remove_dir);
}
