/*
 * test_territory.c - the territory: its matrices close every month of every
 * replicate (rows and columns sum to zero, net worths move by saving, money
 * is conserved), its prime is zero without alliances, partnering firms read
 * the barometer's 36% and 57%, runs are the same bit for bit on any number
 * of threads, and scenario files select and check it.
 */
#include "test_util.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "models/territory.h"
#include "sim/core/engine.h"
#include "sim/analysis/compare.h"
#include "sim/analysis/sweep.h"
#include "sim/core/rng.h"
#include "sim/io/scenario.h"

/* A small territory on the scenario's settings: constant euros, the 10+1%
 * policy on (so that pots move), the innovation process on (so that
 * organisations close in its risk zones too). */
static struct territory_params *small_territory(long orgs, long firms)
{
    struct territory_params *p = calloc(1, sizeof *p);
    assert_non_null(p);
    param_table_set_defaults(territory_model.params, territory_model.n_params,
                             p);
    param_table_set_defaults(org_model.params, org_model.n_params, &p->org);
    p->t.organisations = orgs;
    p->t.firms = firms;
    p->org.inflation_per_year = 0.0;
    p->org.rules.ten_plus_one_policy = 1;
    p->org.innovation.enabled = 1;
    p->org.funding[FUND_SOCIAL_INVESTMENT].monthly_eur = 700.0;
    /* Organisations close sooner, so that closing is exercised too. */
    p->org.initial_cash_eur = 23850.0;
    char msg[512];
    if (territory_model.check(p, msg, sizeof msg) != 0)
        fail_msg("%s", msg);
    return p;
}

static struct territory_state *new_state(void)
{
    struct territory_state *s = calloc(1, sizeof *s);
    assert_non_null(s);
    return s;
}

static gsl_rng *stream(uint32_t replicate)
{
    gsl_rng *rng = sim_rng_new(2385);
    sim_rng_stream(rng, 2385, 0, replicate, RNG_PURPOSE_MODEL);
    return rng;
}

static double cell(const double *out, int row, int sector)
{
    return out[TV_TFM + row * SECTOR_COUNT + sector];
}

/* Rounding allowed on a sum of terms: a few ulps of the largest. */
static double rounding(double magnitude)
{
    return 1e-12 * magnitude + 1e-9;
}

/* Every month of every replicate: each row and each column of the
 * transactions-flow matrix sums to zero; each sector's net worth moves by
 * its saving (the sum of its column's current rows); the balance sheet's
 * rows sum to zero and so do the net worths (money is conserved). */
static void check_matrices_close(struct territory_params *p)
{
    struct territory_state *s = new_state();
    double out[TV_COUNT], before[TV_COUNT];
    long closed = 0, links = 0;
    double pots = 0.0;
    for (uint32_t r = 0; r < 4; r++) {
        territory_model.init(p, s, out);
        gsl_rng *rng = stream(r);
        for (long t = 1; t <= 240; t++) {
            memcpy(before, out, sizeof before);
            territory_model.step(p, s, t, rng, out);
            for (int row = 0; row < TFM_ROWS; row++) {
                double sum = 0.0, size = 0.0;
                for (int c = 0; c < SECTOR_COUNT; c++) {
                    sum += cell(out, row, c);
                    size += fabs(cell(out, row, c));
                }
                if (fabs(sum) > rounding(size))
                    fail_msg("replicate %u month %ld: row %s sums to %g", r, t,
                             tfm_row_names[row], sum);
            }
            double worth = 0.0, worth_size = 0.0;
            for (int c = 0; c < SECTOR_COUNT; c++) {
                double sum = 0.0, saving = 0.0, size = 0.0;
                for (int row = 0; row < TFM_ROWS; row++) {
                    sum += cell(out, row, c);
                    size += fabs(cell(out, row, c));
                    if (row < TFM_FLOW_ROWS)
                        saving += cell(out, row, c);
                }
                if (fabs(sum) > rounding(size))
                    fail_msg("replicate %u month %ld: column %s sums to %g", r,
                             t, sector_names[c], sum);
                double change =
                    out[TV_NET_WORTH + c] - before[TV_NET_WORTH + c];
                double scale = size + fabs(out[TV_NET_WORTH + c]);
                if (fabs(change - saving) > rounding(scale))
                    fail_msg("replicate %u month %ld: %s's net worth moved "
                             "by %.17g, its saving is %.17g",
                             r, t, sector_names[c], change, saving);
                assert_true(fabs(out[TV_DEPOSITS + c] + out[TV_LOANS + c] -
                                 out[TV_NET_WORTH + c]) <= rounding(scale));
                worth += out[TV_NET_WORTH + c];
                worth_size += fabs(out[TV_NET_WORTH + c]);
            }
            assert_true(fabs(worth) <= rounding(worth_size));
            double deposits = 0.0, loans = 0.0;
            for (int c = 0; c < SECTOR_COUNT; c++) {
                deposits += out[TV_DEPOSITS + c];
                loans += out[TV_LOANS + c];
            }
            assert_true(fabs(deposits) <= rounding(worth_size));
            assert_true(fabs(loans) <= rounding(worth_size));
            pots += out[TV_POT_REDISTRIBUTED];
        }
        closed += 24 - (long)out[TV_ORGS_ALIVE];
        links += (long)(out[TV_LINKS_POSITIONING] + out[TV_LINKS_PRODUCTION] +
                        out[TV_LINKS_POOLED_MEANS]);
        gsl_rng_free(rng);
    }
    /* The months tested saw organisations close, links form and pots
     * paid back: the identities held through all of it. */
    assert_true(closed > 0);
    assert_true(links > 0);
    assert_true(pots > 0.0);
    free(s);
}

static void matrices_close_every_month(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(24, 40);
    check_matrices_close(p);
    free(p);
}

/* Each organisation is the template scaled to its size: every setting in
 * an absolute unit (EUR, EUR a month, FTE, FTE a month: workforce, amounts,
 * budgets, cash, limits) in proportion, every other (rates, shares, unit
 * costs, durations) the template's.  Read from the parameter table, so a
 * setting added later in such a unit is covered. */
static void organisations_are_the_template_to_scale(void **unused)
{
    (void)unused;
    static const char *const sized[] = {"EUR", "EUR/month", "FTE",
                                         "FTE/month"};
    struct territory_params *p = small_territory(24, 40);
    struct territory_state *s = new_state();
    double out[TV_COUNT];
    territory_model.init(p, s, out);
    int checked = 0;
    for (size_t k = 0; k < org_model.n_params; k++) {
        const struct param_desc *d = &org_model.params[k];
        if (d->type != PARAM_DOUBLE)
            continue;
        int scales = 0;
        for (size_t u = 0; u < sizeof sized / sizeof sized[0]; u++)
            scales |= strcmp(d->unit, sized[u]) == 0;
        double tpl = param_get_number(d, &p->org);
        for (long i = 0; i < 24; i++) {
            double want = scales ? tpl * s->size[i] : tpl;
            double got = param_get_number(d, &s->orgs[i]);
            if (got != want)
                fail_msg("organisation %ld, %s (%s): %.17g, expected %.17g",
                         i, d->path, d->unit, got, want);
        }
        checked += scales;
    }
    assert_true(checked >= 20);
    free(s);
    free(p);
}

/* Dated events reach every organisation of the territory, scaled to its
 * size where the setting scales (a budget, a source's amount), on a setting
 * from their month on and on a stock at their month; they change the
 * territory's course, and its matrices still close every month. */
static void events_reach_every_organisation(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(24, 40);
    struct org_events *evs = &p->org.events;
    test_add_event(evs, 6, "funding.subsidy.monthly_eur", ORG_EVENT_SET,
                   1000.0);
    test_add_event(evs, 8, "engineering.budget_eur", ORG_EVENT_SET, 0.0);
    test_add_event(evs, 8, "costs.overhead_eur", ORG_EVENT_ADD, 500.0);
    struct territory_state *s = new_state();
    double out[TV_COUNT], plain[TV_COUNT];
    territory_model.init(p, s, out);
    gsl_rng *rng = stream(0);
    int sizes_differ = 0;
    for (long t = 1; t <= 12; t++) {
        territory_model.step(p, s, t, rng, out);
        for (long i = 0; i < 24; i++) {
            const struct org_params *o = &s->orgs[i];
            double size = s->size[i];
            sizes_differ |= fabs(size - s->size[0]) > 1e-6;
            if (t >= 6)
                assert_true(o->funding[FUND_SUBSIDY].monthly_eur ==
                            1000.0 * size);
            assert_true(o->engineering_eur ==
                        (t >= 8 ? 0.0 : p->org.engineering_eur * size));
            assert_true(fabs(o->overhead_eur -
                             (p->org.overhead_eur + (t >= 8 ? 500.0 : 0.0)) *
                                 size) <= 1e-9 * o->overhead_eur);
        }
    }
    assert_true(sizes_differ);
    gsl_rng_free(rng);
    /* The same replicate without the events: another course. */
    struct territory_params *q = small_territory(24, 40);
    territory_model.init(q, s, plain);
    rng = stream(0);
    for (long t = 1; t <= 12; t++)
        territory_model.step(q, s, t, rng, plain);
    gsl_rng_free(rng);
    assert_true(out[TV_VALUE] != plain[TV_VALUE]);
    free(q);
    free(s);
    check_matrices_close(p);
    free(p);
}

/* The flows the organisations make are the ones the sectors pay: the
 * engagement economy's subsidies are public action's, and the matrix's
 * engagement column moves the organisations' cash and pots. */
static void organisations_are_paid_by_the_sectors(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(10, 20);
    struct territory_state *s = new_state();
    double out[TV_COUNT];
    territory_model.init(p, s, out);
    gsl_rng *rng = stream(7);
    for (long t = 1; t <= 36; t++) {
        double cash_before = s->with.deposits[SECTOR_ENGAGEMENT];
        territory_model.step(p, s, t, rng, out);
        assert_true(cell(out, TFM_SUBSIDIES, SECTOR_ENGAGEMENT) > 0.0);
        assert_close(cell(out, TFM_SUBSIDIES, SECTOR_ENGAGEMENT),
                     -cell(out, TFM_SUBSIDIES, SECTOR_PUBLIC_ACTION), 1e-9);
        double cash = s->with.pot_common_eur;
        for (long i = 0; i < 10; i++)
            cash += s->with.orgs[i].cash_eur;
        for (int j = 0; j < TERRITORY_MAX_FIRMS; j++)
            cash += s->with.pot_alliance_eur[j];
        assert_close(out[TV_DEPOSITS + SECTOR_ENGAGEMENT], cash, 1e-6);
        assert_close(cash - cash_before,
                     -cell(out, TFM_DEPOSITS, SECTOR_ENGAGEMENT), 1e-6);
    }
    gsl_rng_free(rng);
    free(s);
    free(p);
}

/* With alliances removed the territory is its own counterfactual: its
 * prime, its organisations' and their sum are zero, bit for bit. */
static void without_alliances_the_prime_is_zero(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(16, 30);
    p->t.alliances = 0;
    struct territory_state *s = new_state();
    double out[TV_COUNT];
    territory_model.init(p, s, out);
    gsl_rng *rng = stream(3);
    for (long t = 1; t <= 336; t++) {
        territory_model.step(p, s, t, rng, out);
        assert_true(out[TV_VALUE] > 0.0);
        assert_true(out[TV_PRIME] == 0.0);
        assert_true(out[TV_ENGAGEMENT_PRIME] == 0.0);
        assert_true(out[TV_MICRO_PRIME_SUM] == 0.0);
        assert_true(out[TV_LINKS_POSITIONING] + out[TV_LINKS_PRODUCTION] +
                        out[TV_LINKS_POOLED_MEANS] ==
                    0.0);
    }
    gsl_rng_free(rng);
    free(s);
    free(p);
}

/* With alliances, the territory's prime is not the organisations' primes
 * added up: envelopes are shared, pots go round, firms' money moves. */
static void micro_primes_do_not_add_up_to_the_macro_one(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(30, 45);
    struct territory_state *s = new_state();
    double out[TV_COUNT];
    territory_model.init(p, s, out);
    gsl_rng *rng = stream(5);
    int differ = 0;
    for (long t = 1; t <= 84; t++) {
        territory_model.step(p, s, t, rng, out);
        if (t == 18 || t == 84) {
            assert_true(out[TV_MICRO_PRIME_SUM] > 0.0);
            assert_true(out[TV_PRIME] != 0.0);
            /* Apart by far more than rounding (0.5% to 10% here). */
            differ += fabs(out[TV_ENGAGEMENT_PRIME] - out[TV_MICRO_PRIME_SUM]) >
                      1e-3 * fabs(out[TV_MICRO_PRIME_SUM]);
        }
    }
    assert_int_equal(differ, 2);
    gsl_rng_free(rng);
    free(s);
    free(p);
}

/* The Bass coefficient by hand: without imitation a(t) = 1 - (1 - a0)
 * e^(-p t), so p = ln((1 - a0) / (1 - a1)) / T. */
static void bass_coefficient_by_hand(void **unused)
{
    (void)unused;
    double p = territory_bass_innovation(0.36, 0.57, 72, 0.0);
    assert_close(p, log(0.64 / 0.43) / 6.0, 1e-12);
    /* With imitation, the closed form's share at the target month. */
    double q = 0.1;
    p = territory_bass_innovation(0.36, 0.57, 72, q);
    assert_true(p > 0.0);
    double ratio = (p + q * 0.36) / 0.64 * exp((p + q) * 6.0);
    assert_close((ratio - p) / (ratio + q), 0.57, 1e-9);
    /* No diffusion goes down, nor up too slowly for imitation alone. */
    assert_true(territory_bass_innovation(0.57, 0.36, 72, q) < 0.0);
    assert_true(territory_bass_innovation(0.36, 0.57, 72, 3.0) < 0.0);
}

/* The barometer: 36% of firms of more than 10 employees partnering in 2015
 * (month 0), 57% in 2021 (month 72), within 2 points, on the scenario's
 * 300 firms, as a mean over replicates. */
static void adoption_reads_the_barometer(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(4, 300);
    struct territory_state *s = new_state();
    double out[TV_COUNT], start = 0.0, at_2021 = 0.0;
    const int replicates = 40;
    for (int r = 0; r < replicates; r++) {
        territory_model.init(p, s, out);
        start += out[TV_FIRMS_PARTNERING_SHARE] / replicates;
        gsl_rng *rng = stream((uint32_t)r);
        for (long t = 1; t <= 72; t++)
            territory_model.step(p, s, t, rng, out);
        at_2021 += out[TV_FIRMS_PARTNERING_SHARE] / replicates;
        gsl_rng_free(rng);
    }
    assert_true(fabs(start - 0.36) <= 0.02);
    assert_true(fabs(at_2021 - 0.57) <= 0.02);
    free(s);
    free(p);
}

#define ENGINE_ORGS 12
#define ENGINE_REPS 6
#define ENGINE_UNIT_VALUES (2 * ENGINE_REPS * ENGINE_ORGS * TU_COUNT)
#define ENGINE_VALUES (TV_COUNT * 2 * ENGINE_REPS + ENGINE_UNIT_VALUES)

/* Replicates through the engine on `threads` threads: every variable's
 * values at both horizons, then every organisation's. */
static double *run_engine(const struct territory_params *p, int threads)
{
    omp_set_num_threads(threads);
    struct engine_config c = {.months = 40,
                              .replicates = ENGINE_REPS,
                              .seed = 99,
                              .block_size = 4,
                              .n_horizons = 2,
                              .horizons = {18, 40},
                              .keep_units = 1};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&territory_model, p, &c, err);
    if (e == NULL)
        fail_msg("%s", err);
    assert_int_equal(engine_n_units(e), ENGINE_ORGS);
    struct engine_block b;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0)
        ;
    double *all = calloc(ENGINE_VALUES, sizeof *all);
    assert_non_null(all);
    for (size_t v = 0; v < TV_COUNT; v++)
        for (int h = 0; h < 2; h++)
            memcpy(all + (v * 2 + (size_t)h) * ENGINE_REPS,
                   engine_horizon_values(e, v, h),
                   ENGINE_REPS * sizeof *all);
    for (int h = 0; h < 2; h++)
        memcpy(all + TV_COUNT * 2 * ENGINE_REPS + h * ENGINE_UNIT_VALUES / 2,
               engine_unit_values(e, h),
               ENGINE_UNIT_VALUES / 2 * sizeof *all);
    engine_free(e);
    return all;
}

static void identical_on_any_number_of_threads(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(ENGINE_ORGS, 20);
    double *one = run_engine(p, 1);
    double *two = run_engine(p, 2);
    assert_memory_equal(one, two, ENGINE_VALUES * sizeof *one);
    free(one);
    free(two);
    free(p);
}

/* The organisations one by one add up to the territory's figures at each
 * horizon: their primes to the micro sum, their survival to the count
 * alive, their cash to the engagement economy's deposits less the pots. */
static void organisations_add_up_to_the_territory(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(ENGINE_ORGS, 20);
    double *all = run_engine(p, 1);
    const double *units = all + TV_COUNT * 2 * ENGINE_REPS;
    double primes = 0.0, sizes = 0.0;
    for (int h = 0; h < 2; h++)
        for (int r = 0; r < ENGINE_REPS; r++) {
            double prime = 0.0, alive = 0.0;
            for (int i = 0; i < ENGINE_ORGS; i++) {
                const double *u =
                    units + ((h * ENGINE_REPS + r) * ENGINE_ORGS + i) * TU_COUNT;
                prime += u[TU_PRIME];
                alive += u[TU_ALIVE];
                sizes += u[TU_SIZE];
            }
            const double *at = all + (size_t)h * ENGINE_REPS + (size_t)r;
            assert_close(prime, at[TV_MICRO_PRIME_SUM * 2 * ENGINE_REPS],
                         1e-6);
            assert_close(alive, at[TV_ORGS_ALIVE * 2 * ENGINE_REPS], 0.0);
            primes += fabs(prime);
        }
    assert_true(primes > 0.0);
    /* Sizes are log-normal quantiles of mean about 1. */
    assert_close(sizes / (2 * ENGINE_REPS * ENGINE_ORGS), 1.0, 0.05);
    free(all);
    free(p);
}

/* The organisations month by month (engine_config.keep_unit_months): every
 * replicate of each block on `threads` threads, [unit var][replicate]
 * [month][organisation], and the territory's micro prime and count alive
 * of every month, [replicate][month] each. */
#define MONTHLY_MONTHS 40
#define MONTHLY_VALUES (TU_COUNT * ENGINE_REPS * MONTHLY_MONTHS * ENGINE_ORGS)
static double *run_monthly(const struct territory_params *p, int threads,
                           double *micro, double *alive)
{
    omp_set_num_threads(threads);
    static const unsigned char all[TU_COUNT] = {1, 1, 1, 1, 1, 1};
    struct engine_config c = {.months = MONTHLY_MONTHS,
                              .replicates = ENGINE_REPS,
                              .seed = 99,
                              .block_size = 4,
                              .n_horizons = 2,
                              .horizons = {18, MONTHLY_MONTHS},
                              .keep_units = 1,
                              .keep_unit_months = all};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&territory_model, p, &c, err);
    if (e == NULL)
        fail_msg("%s", err);
    double *months = calloc(MONTHLY_VALUES, sizeof *months);
    assert_non_null(months);
    struct engine_block b;
    size_t plane = MONTHLY_MONTHS * ENGINE_ORGS;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0) {
        assert_int_equal(b.n_units, ENGINE_ORGS);
        assert_int_equal(b.n_unit_months, TU_COUNT);
        for (size_t v = 0; v < TU_COUNT; v++)
            for (long r = 0; r < b.count; r++)
                memcpy(months + (v * ENGINE_REPS + (size_t)(b.first + r)) *
                                    plane,
                       b.unit_months +
                           (v * (size_t)b.stride + (size_t)r) * plane,
                       plane * sizeof *months);
        for (long r = 0; r < b.count; r++)
            for (long t = 0; t < MONTHLY_MONTHS; t++) {
                size_t at = (size_t)r * MONTHLY_MONTHS + (size_t)t;
                size_t to = (size_t)(b.first + r) * MONTHLY_MONTHS + (size_t)t;
                micro[to] = b.values[TV_MICRO_PRIME_SUM * (size_t)b.stride *
                                         MONTHLY_MONTHS +
                                     at];
                alive[to] =
                    b.values[TV_ORGS_ALIVE * (size_t)b.stride * MONTHLY_MONTHS +
                             at];
            }
    }
    /* At each horizon, the record is the horizons' values bit for bit. */
    for (int h = 0; h < 2; h++) {
        const double *at = engine_unit_values(e, h);
        for (size_t r = 0; r < ENGINE_REPS; r++)
            for (size_t i = 0; i < ENGINE_ORGS; i++)
                for (size_t v = 0; v < TU_COUNT; v++) {
                    double kept = at[(r * ENGINE_ORGS + i) * TU_COUNT + v];
                    double monthly =
                        months[((v * ENGINE_REPS + r) * MONTHLY_MONTHS +
                                (size_t)c.horizons[h] - 1) *
                                   ENGINE_ORGS +
                               i];
                    assert_memory_equal(&kept, &monthly, sizeof kept);
                }
    }
    engine_free(e);
    return months;
}

/* Each organisation month by month: the horizons' values at the horizons;
 * summed over organisations, the territory's micro prime and count alive
 * every month, bit for bit (the model adds them in the same order); the
 * same record on 1 and 2 threads. */
static void organisations_month_by_month(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(ENGINE_ORGS, 20);
    double micro[ENGINE_REPS * MONTHLY_MONTHS];
    double alive[ENGINE_REPS * MONTHLY_MONTHS];
    double *one = run_monthly(p, 1, micro, alive);
    size_t plane = MONTHLY_MONTHS * ENGINE_ORGS;
    double closed = 0.0, primes = 0.0;
    for (size_t r = 0; r < ENGINE_REPS; r++)
        for (size_t t = 0; t < MONTHLY_MONTHS; t++) {
            double prime = 0.0, live = 0.0;
            for (size_t i = 0; i < ENGINE_ORGS; i++) {
                size_t at = r * plane + t * ENGINE_ORGS + i;
                prime += one[TU_PRIME * ENGINE_REPS * plane + at];
                live += one[TU_ALIVE * ENGINE_REPS * plane + at];
            }
            size_t k = r * MONTHLY_MONTHS + t;
            assert_memory_equal(&prime, &micro[k], sizeof prime);
            assert_memory_equal(&live, &alive[k], sizeof live);
            closed += ENGINE_ORGS - live;
            primes += fabs(prime);
        }
    /* Not a record of zeros: primes move and organisations close. */
    assert_true(primes > 0.0);
    assert_true(closed > 0.0);
    double *two = run_monthly(p, 2, micro, alive);
    assert_memory_equal(one, two, MONTHLY_VALUES * sizeof *one);
    free(one);
    free(two);
    free(p);
}

/* A block holds no more of the monthly record than the engine's budget:
 * 1,000 organisations over 1,200 months take 57.6 MB a replicate in six
 * variables, so blocks of 4 (230 MB); without the record, the block asked
 * for. */
static void monthly_record_cuts_the_block(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(1000, 20);
    static const unsigned char all[TU_COUNT] = {1, 1, 1, 1, 1, 1};
    struct engine_config c = {.months = 1200,
                              .replicates = 100,
                              .seed = 99,
                              .block_size = 64,
                              .n_horizons = 1,
                              .horizons = {18},
                              .keep_unit_months = all};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&territory_model, p, &c, err);
    if (e == NULL)
        fail_msg("%s", err);
    assert_int_equal(engine_config(e)->block_size, 4);
    engine_free(e);
    c.keep_unit_months = NULL;
    e = engine_new(&territory_model, p, &c, err);
    if (e == NULL)
        fail_msg("%s", err);
    assert_int_equal(engine_config(e)->block_size, 64);
    engine_free(e);
    free(p);
}

/* scenarios/territory.cfg selects the territory; a bad territory setting
 * is refused with its file and line; a scenario is not both a portfolio and
 * a territory. */
static void scenario_files_select_and_check_it(void **unused)
{
    (void)unused;
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load("scenarios/territory.cfg", &sc, err) != SIM_OK)
        fail_msg("%s", err);
    assert_ptr_equal(scenario_model(sc), &territory_model);
    const struct territory_params *tp = scenario_params(sc);
    assert_int_equal(tp->t.organisations, 200);
    assert_true(tp->org.rules.ten_plus_one_policy);
    assert_int_equal(scenario_set(sc, "territory.firms", "250", "--set", err),
                     SIM_OK);
    assert_int_equal(tp->t.firms, 250);
    assert_int_equal(
        scenario_set(sc, "costs.overhead_eur", "3100", "--set", err), SIM_OK);
    assert_close(tp->org.overhead_eur, 3100.0, 0.0);
    scenario_free(sc);

    char path[256];
    snprintf(path, sizeof path, "%s/bad.cfg", test_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("territory:\n{\n  organisations = 20;\n  firms = 0;\n};\n", f);
    fclose(f);
    assert_int_not_equal(scenario_load(path, &sc, err), SIM_OK);
    assert_null(sc);
    assert_non_null(strstr(err, "bad.cfg:4"));
    assert_non_null(strstr(err, "territory.firms"));

    f = fopen(path, "w");
    assert_non_null(f);
    fputs("territory: { organisations = 20; };\n"
          "portfolio: { projects = 3; };\n",
          f);
    fclose(f);
    assert_int_not_equal(scenario_load(path, &sc, err), SIM_OK);
    assert_non_null(strstr(err, "not both"));
}

/* compare's control arm takes an organisation's investment away, which a
 * territory has not: its parameters are refused with a message naming the
 * scenario, never read as an organisation's. */
static void compare_refuses_a_territory(void **unused)
{
    (void)unused;
    struct scenario *sc = NULL;
    char err[SIM_ERR_LEN];
    if (scenario_load("scenarios/territory.cfg", &sc, err) != SIM_OK)
        fail_msg("%s", err);
    err[0] = '\0';
    assert_null(compare_control_params(sc, err));
    assert_non_null(strstr(err, "scenarios/territory.cfg: compare"));
    assert_non_null(strstr(err, "is a territory"));
    assert_int_equal(compare_check_scenario(sc, "calibrate", "Use run.", err),
                     SIM_ERR_INVALID);
    assert_non_null(strstr(err, "Use run."));
    struct engine_config c = {.months = 12,
                              .replicates = 2,
                              .seed = 1,
                              .n_horizons = 1,
                              .horizons = {12}};
    double out[1][METRIC_COUNT];
    assert_int_equal(compare_estimates(sc, &c, out, err), SIM_ERR_INVALID);
    /* A sweep's row is left as it is. */
    struct territory_params before = *sc->territory, row = *sc->territory;
    compare_control_apply(sc, &row);
    assert_memory_equal(&before, &row, sizeof row);
    scenario_free(sc);
    /* An organisation has its control arm. */
    sc = scenario_new_default("default.cfg");
    assert_non_null(sc);
    assert_int_equal(compare_check_scenario(sc, "compare", NULL, err), SIM_OK);
    scenario_free(sc);
}

/* Each constraint across settings is refused, naming its settings. */
static void checks_refuse_each_inconsistency(void **unused)
{
    (void)unused;
    struct territory_params *p = small_territory(5, 10);
    char msg[512];
    struct territory_params bad = *p;
    bad.t.organisations = 0;
    assert_int_equal(territory_model.check(&bad, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "territory.organisations"));
    bad = *p;
    bad.t.procurement_share = 0.6;
    assert_int_equal(territory_model.check(&bad, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "procurement_share"));
    bad = *p;
    bad.t.use_services_share = 0.995;
    assert_int_equal(territory_model.check(&bad, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "use_services_share"));
    bad = *p;
    bad.t.adoption_share_target = 0.3;
    assert_int_equal(territory_model.check(&bad, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "territory.adoption"));
    bad = *p;
    bad.org.alliance[ALLY_POSITIONING].engineering_share = 0.9;
    assert_int_equal(territory_model.check(&bad, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "organisation template"));
    assert_int_equal(territory_model.check(p, msg, sizeof msg), 0);
    free(p);
}

/* A sweep over a territory varies its settings and its organisations'
 * template, each where it lives. */
static void sweeps_vary_the_territory_and_its_template(void **unused)
{
    (void)unused;
    char path[256], cwd[200];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/sweep.cfg", test_dir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "base = \"%s/scenarios/territory.cfg\";\n"
            "design = \"grid\";\n"
            "parameters = (\n"
            "  { path = \"territory.partnerships.positioning_weight\"; "
            "distribution = \"levels\"; levels = [0.0, 2.385]; },\n"
            "  { path = \"engineering.budget_eur\"; distribution = "
            "\"levels\"; levels = [750.0, 2385.0]; }\n"
            ");\n"
            "outputs = ( { variable = \"territory_prime_eur\"; statistics = "
            "[\"mean\"]; } );\n",
            cwd);
    fclose(f);
    struct sweep *sw = NULL;
    char err[SIM_ERR_LEN];
    if (sweep_load(path, 0, NULL, 0, &sw, err) != SIM_OK)
        fail_msg("%s", err);
    assert_ptr_equal(sw->model, &territory_model);
    struct territory_params *tp = calloc(1, sizeof *tp);
    assert_non_null(tp);
    double unit[2] = {0.99, 0.99}, values[2];
    assert_int_equal(sweep_apply_row(sw, unit, tp, values, err), SIM_OK);
    assert_close(tp->t.positioning_weight, 2.385, 0.0);
    assert_close(tp->org.engineering_eur, 2385.0, 0.0);
    assert_int_equal(tp->t.organisations, 200);
    free(tp);
    sweep_free(sw);

    /* Model "territory" on a scenario that is not one is refused. */
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "model = \"territory\";\nbase = \"%s/scenarios/default.cfg\";\n"
            "parameters = ( { path = \"territory.firms\"; distribution = "
            "\"levels\"; levels = [20]; } );\n"
            "outputs = ( { variable = \"territory_prime_eur\"; statistics = "
            "[\"mean\"]; } );\n",
            cwd);
    fclose(f);
    assert_int_not_equal(sweep_load(path, 0, NULL, 0, &sw, err), SIM_OK);
    assert_non_null(strstr(err, "needs a territory scenario"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matrices_close_every_month),
        cmocka_unit_test(organisations_are_the_template_to_scale),
        cmocka_unit_test(events_reach_every_organisation),
        cmocka_unit_test(organisations_are_paid_by_the_sectors),
        cmocka_unit_test(without_alliances_the_prime_is_zero),
        cmocka_unit_test(micro_primes_do_not_add_up_to_the_macro_one),
        cmocka_unit_test(bass_coefficient_by_hand),
        cmocka_unit_test(adoption_reads_the_barometer),
        cmocka_unit_test(identical_on_any_number_of_threads),
        cmocka_unit_test(organisations_add_up_to_the_territory),
        cmocka_unit_test(organisations_month_by_month),
        cmocka_unit_test(monthly_record_cuts_the_block),
        cmocka_unit_test(scenario_files_select_and_check_it),
        cmocka_unit_test(checks_refuse_each_inconsistency),
        cmocka_unit_test(compare_refuses_a_territory),
        cmocka_unit_test(sweeps_vary_the_territory_and_its_template),
    };
    return cmocka_run_group_tests_name("territory", tests, test_make_dir,
                                       test_remove_dir);
}
