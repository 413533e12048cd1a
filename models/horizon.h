/*
 * horizon.h - the « Matrice d'articulation des trajectoires » (Le RAMEAU,
 * « Projets de territoire et modèles socio-économiques », 2023):
 * three levers that activate the general interest, weighed differently at
 * each of the three horizons.
 *
 * At each horizon one lever is « au cœur » (60%), one « en amont » (15%,
 * informs the decision) and one « en aval » (25%, is impacted).  A horizon's
 * score is the matrix column times the levers' indicators (each in [0, 1]).
 * « Chacun peut se positionner sur le barycentre qui correspond le mieux à
 * sa situation »: a barycentre b over the three horizons gives lever weights
 * M b and a weighted score sum_h b_h score_h.
 */
#ifndef MODELS_HORIZON_H
#define MODELS_HORIZON_H

enum lever {
    LEVER_REGULATORY,        /* « gestion régulatrice » (public actors) */
    LEVER_COLLECTIVE_ACTION, /* « action collective transformatrice » */
    LEVER_SHARED_VISION,     /* « vision partagée » (people) */
    LEVER_COUNT
};

enum horizon_column {
    HORIZON_TACTICAL,    /* « tactique », 18 months */
    HORIZON_STRATEGIC,   /* « stratégique », 7 years */
    HORIZON_PROSPECTIVE, /* « prospective », 28 years */
    HORIZON_COUNT
};

/* The longest horizon, in months, that each column names: « tactique » up
 * to 18 months, « stratégique » up to 7 years (84), « prospective » beyond
 * (its nominal length is 28 years, 336). */
#define HORIZON_TACTICAL_MAX_MONTHS 18
#define HORIZON_STRATEGIC_MAX_MONTHS 84
#define HORIZON_PROSPECTIVE_MONTHS 336

/*
 * The column of the matrix a horizon of `months` takes, by its length, not
 * by its rank among the report horizons: up to 18 months « tactique », up to
 * 84 « stratégique », beyond « prospective ».  A 36-month horizon is thus
 * weighed as « stratégique » (25% / 60% / 15%).
 */
enum horizon_column horizon_column_of(long months);

/* "tactique", "stratégique", "prospective", in enum order. */
extern const char *const horizon_column_names[HORIZON_COUNT];

/* The length, in months, each name stands for on its own: 18 months, 7
 * years (84) and 28 years (336), in enum order. */
extern const long horizon_column_months[HORIZON_COUNT];

/* Le RAMEAU's matrix: horizon_matrix[lever][column]; each column sums to 1. */
extern const double horizon_matrix[LEVER_COUNT][HORIZON_COUNT];

/* Identifiers ("regulatory_management", ...) and French labels with an
 * English gloss, in enum order. */
extern const char *const lever_names[LEVER_COUNT];
extern const char *const lever_labels[LEVER_COUNT];

/* Score of a horizon: sum over levers of matrix[lever][column] *
 * indicators[lever]. */
double horizon_score(enum horizon_column column,
                     const double indicators[LEVER_COUNT]);

/* Lever weights for a barycentre over the three horizons: matrix times b. */
void horizon_lever_weights(const double barycentre[HORIZON_COUNT],
                           double weights[LEVER_COUNT]);

#endif
