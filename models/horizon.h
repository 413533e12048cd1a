/*
 * horizon.h - the « Matrice d'articulation des trajectoires » (seed 003):
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

/* The seed's matrix: horizon_matrix[lever][column]; each column sums to 1. */
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
