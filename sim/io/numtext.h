/*
 * numtext.h - numbers as text that reads back to the same double, shared by
 * the JSON, CSV and terminal outputs so that a value never changes on its
 * way through a file (0.81, not 0.81000000000000005; 20260101, not
 * 2.02601e+07).
 */
#ifndef SIM_NUMTEXT_H
#define SIM_NUMTEXT_H

#include <stddef.h>

/* Room for any double in the shortest form, sign and exponent included. */
#define NUMTEXT_LEN 32

/*
 * Writes x to buf (NUMTEXT_LEN bytes) in the shortest "%.Ng" form, N from
 * 15 to 17, that strtod reads back to x exactly.  A non-finite x gives the
 * empty string and returns 0; otherwise returns 1.
 */
int numtext_shortest(char *buf, double x);

#endif
