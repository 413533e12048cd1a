/*
 * test_horizon.c - the horizon matrix, the lever indicators and the horizon
 * scores in the summary.
 */
#include "test_util.h"

#include <string.h>

#include "models/horizon.h"
#include "models/org.h"
#include "sim/core/engine.h"
#include "sim/core/summary.h"

/* Le RAMEAU's table (« Matrice d'articulation des trajectoires »), as
 * docs/model.md transcribes it. */
static void matrix_is_the_seeds(void **unused)
{
    (void)unused;
    const double seed[3][3] = {
        {0.60, 0.25, 0.15}, /* gestion régulatrice */
        {0.15, 0.60, 0.25}, /* action collective transformatrice */
        {0.25, 0.15, 0.60}, /* vision partagée */
    };
    for (int l = 0; l < LEVER_COUNT; l++)
        for (int h = 0; h < HORIZON_COUNT; h++)
            assert_close(horizon_matrix[l][h], seed[l][h], 0);
    for (int h = 0; h < HORIZON_COUNT; h++) {
        double column = 0.0;
        for (int l = 0; l < LEVER_COUNT; l++)
            column += horizon_matrix[l][h];
        assert_close(column, 1.0, 1e-15);
    }
}

static void barycentre_weights(void **unused)
{
    (void)unused;
    double w[LEVER_COUNT];
    const double tactical[3] = {1, 0, 0};
    horizon_lever_weights(tactical, w);
    for (int l = 0; l < LEVER_COUNT; l++)
        assert_close(w[l], horizon_matrix[l][HORIZON_TACTICAL], 0);
    const double mixed[3] = {0.2, 0.5, 0.3};
    horizon_lever_weights(mixed, w);
    assert_close(w[LEVER_REGULATORY], 0.2 * 0.6 + 0.5 * 0.25 + 0.3 * 0.15,
                 1e-15);
    assert_close(w[0] + w[1] + w[2], 1.0, 1e-15);
    double ind[LEVER_COUNT] = {0.9, 0.2385, 0.5};
    assert_close(horizon_score(HORIZON_STRATEGIC, ind),
                 0.25 * 0.9 + 0.60 * 0.2385 + 0.15 * 0.5, 1e-15);
}

static void indicators_by_hand(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    double obs[OV_COUNT];
    memset(obs, 0, sizeof obs);
    obs[OV_ALIVE] = 1;
    obs[OV_CASH] = 60000;
    obs[OV_COST_TOTAL] = 30000;            /* runway 2 months of 4 */
    obs[OV_FOUR_TIERS_RATIO] = 1.0 / 6.0;  /* half the target */
    obs[OV_TIERS_ON_TOP_SHARE] = 1.0 / 3.0; /* met */
    obs[OV_POOLED_SHARE] = 0.05;           /* half */
    obs[OV_POT_SHARE] = 0.0;               /* none */
    obs[OV_VALUE_PRODUCED] = 45000;        /* 1.5 EUR per EUR */
    obs[OV_ALLIANCE_POSITIONING] = 0.3;
    obs[OV_ALLIANCE_PRODUCTION] = 0.6;
    obs[OV_ALLIANCE_POOLED_MEANS] = 0.9;
    obs[OV_WORKFORCE_FTE] = 10;
    obs[OV_VOLUNTEERS_FTE] = 2;
    obs[OV_CIVIC_SERVICE_FTE] = 1;
    obs[OV_SKILLS_SPONSORSHIP_FTE] = 1;
    double ind[LEVER_COUNT];
    org_lever_indicators(&p, obs, ind);
    double rules = (0.5 + 1.0 + 0.5 * (0.5 + 0.0)) / 3.0;
    assert_close(ind[LEVER_REGULATORY], 0.5 * 0.5 + 0.5 * rules, 1e-12);
    assert_close(ind[LEVER_COLLECTIVE_ACTION],
                 0.5 * (1.5 / 2.5) + 0.5 * (0.3 + 0.6 + 0.9) / 3.0, 1e-12);
    assert_close(ind[LEVER_SHARED_VISION], 0.5 * 0.5 + 0.5 * 0.4, 1e-12);

    obs[OV_ALIVE] = 0;
    org_lever_indicators(&p, obs, ind);
    for (int l = 0; l < LEVER_COUNT; l++)
        assert_close(ind[l], 0.0, 0);
}

/* Indicators stay in [0, 1] over whole runs, however extreme the month. */
static void indicators_in_unit_interval(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    p.funding[FUND_EARNED_INCOME].level_volatility = 0.1;
    struct engine_config c = {.months = 120,
                              .replicates = 64,
                              .seed = 5,
                              .n_horizons = 3,
                              .horizons = {18, 84, 120}};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&org_model, &p, &c, err);
    struct engine_block b;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0) {
        double obs[OV_COUNT], ind[LEVER_COUNT];
        for (long r = 0; r < b.count; r++)
            for (long t = 0; t < b.months; t++) {
                for (size_t v = 0; v < OV_COUNT; v++)
                    obs[v] = b.values[(v * (size_t)b.stride + (size_t)r) *
                                          (size_t)b.months +
                                      (size_t)t];
                org_lever_indicators(&p, obs, ind);
                for (int l = 0; l < LEVER_COUNT; l++)
                    assert_true(ind[l] >= 0.0 && ind[l] <= 1.0);
            }
    }
    /* A barycentre of (1, 0, 0) gives the tactical score. */
    const double tactical[3] = {1, 0, 0};
    struct summary *s = summary_new(e, tactical, err);
    assert_non_null(s);
    assert_true(s->has_levers && s->has_weighted);
    assert_int_equal(s->n_scored, 3);
    for (int k = 0; k < STAT_COUNT; k++)
        assert_close(s->weighted_score[k], s->score[0][k], 1e-12);
    for (int l = 0; l < LEVER_COUNT; l++)
        assert_close(s->lever_weights[l], horizon_matrix[l][0], 0);
    /* The mean score is the matrix column times the mean indicators. */
    for (int h = 0; h < 3; h++) {
        double mean[LEVER_COUNT];
        for (int l = 0; l < LEVER_COUNT; l++)
            mean[l] = s->levers[h][l][STAT_MEAN];
        assert_close(s->score[h][STAT_MEAN],
                     horizon_score((enum horizon_column)h, mean), 1e-12);
    }
    summary_free(s);
    engine_free(e);
}

/* The column is named by the horizon's length, not by its rank. */
static void columns_by_length(void **unused)
{
    (void)unused;
    assert_int_equal(horizon_column_of(1), HORIZON_TACTICAL);
    assert_int_equal(horizon_column_of(18), HORIZON_TACTICAL);
    assert_int_equal(horizon_column_of(19), HORIZON_STRATEGIC);
    assert_int_equal(horizon_column_of(36), HORIZON_STRATEGIC);
    assert_int_equal(horizon_column_of(84), HORIZON_STRATEGIC);
    assert_int_equal(horizon_column_of(85), HORIZON_PROSPECTIVE);
    assert_int_equal(horizon_column_of(336), HORIZON_PROSPECTIVE);
    char label[64];
    assert_string_equal(summary_horizon_label(18, label, sizeof label),
                        "tactique (18 mois)");
    assert_string_equal(summary_horizon_label(84, label, sizeof label),
                        "stratégique (7 ans)");
    assert_string_equal(summary_horizon_label(336, label, sizeof label),
                        "prospective (28 ans)");
    assert_string_equal(summary_horizon_label(36, label, sizeof label),
                        "stratégique (3 ans)");
    assert_string_equal(summary_horizon_label(12, label, sizeof label),
                        "tactique (12 mois)");
}

/* A chart's name for a horizon: the name alone at the length it stands for,
 * the name and the length otherwise, so that a territory's 72 and 84
 * months are told apart; distinct lengths never share a name. */
static void short_labels_distinct(void **unused)
{
    (void)unused;
    static const struct {
        long months;
        const char *label;
    } cases[] = {{18, "tactique"},
                 {84, "stratégique"},
                 {336, "prospective"},
                 {72, "stratégique (6 ans)"},
                 {12, "tactique (12 mois)"},
                 {19, "stratégique (19 mois)"},
                 {85, "prospective (85 mois)"},
                 {120, "prospective (10 ans)"}};
    char label[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(
            summary_horizon_short_label(cases[i].months, label, sizeof label),
            cases[i].label);
    char other[64];
    for (long a = 1; a <= 400; a++)
        for (long b = a + 1; b <= 400; b++)
            assert_string_not_equal(
                summary_horizon_short_label(a, label, sizeof label),
                summary_horizon_short_label(b, other, sizeof other));
}

/* Horizons 12, 36, 60, 120 months: 36 and 60 are both « stratégique »,
 * weighed 25/60/15 like 84; the weighted score reads the longest horizon
 * of each name (12, 60, 120).  With only 84 and 336, the first is
 * « stratégique », not « tactique », and there is no weighted score. */
static void summary_scores_by_name(void **unused)
{
    (void)unused;
    struct org_params p;
    model_set_defaults(&org_model, &p);
    struct engine_config c = {.months = 120,
                              .replicates = 32,
                              .seed = 7,
                              .n_horizons = 4,
                              .horizons = {12, 36, 60, 120}};
    char err[SIM_ERR_LEN];
    struct engine *e = engine_new(&org_model, &p, &c, err);
    struct engine_block b;
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0)
        ;
    const double strategic[3] = {0, 1, 0};
    struct summary *s = summary_new(e, strategic, err);
    assert_non_null(s);
    assert_int_equal(s->n_scored, 4);
    static const enum horizon_column expected[4] = {
        HORIZON_TACTICAL, HORIZON_STRATEGIC, HORIZON_STRATEGIC,
        HORIZON_PROSPECTIVE};
    for (int h = 0; h < 4; h++) {
        assert_int_equal(s->column[h], expected[h]);
        double mean[LEVER_COUNT];
        for (int l = 0; l < LEVER_COUNT; l++)
            mean[l] = s->levers[h][l][STAT_MEAN];
        assert_close(s->score[h][STAT_MEAN],
                     horizon_score(expected[h], mean), 1e-12);
    }
    assert_true(s->has_weighted);
    assert_int_equal(s->weighted_horizon[HORIZON_STRATEGIC], 2);
    for (int k = 0; k < STAT_COUNT; k++)
        assert_close(s->weighted_score[k], s->score[2][k], 1e-12);
    summary_free(s);
    engine_free(e);

    struct engine_config c2 = {.months = 336,
                               .replicates = 8,
                               .seed = 7,
                               .n_horizons = 2,
                               .horizons = {84, 336}};
    e = engine_new(&org_model, &p, &c2, err);
    while (engine_next_block(e, &b) == SIM_OK && b.count > 0)
        ;
    s = summary_new(e, strategic, err);
    assert_int_equal(s->column[0], HORIZON_STRATEGIC);
    assert_int_equal(s->column[1], HORIZON_PROSPECTIVE);
    assert_false(s->has_weighted);
    summary_free(s);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matrix_is_the_seeds),
        cmocka_unit_test(barycentre_weights),
        cmocka_unit_test(indicators_by_hand),
        cmocka_unit_test(indicators_in_unit_interval),
        cmocka_unit_test(columns_by_length),
        cmocka_unit_test(short_labels_distinct),
        cmocka_unit_test(summary_scores_by_name),
    };
    return cmocka_run_group_tests_name("horizon", tests, NULL, NULL);
}
