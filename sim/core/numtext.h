/*
 * numtext.h - numbers as text, both ways.  Written: in the shortest form
 * that reads back to the same double, shared by the JSON, CSV and terminal
 * outputs so that a value never changes on its way through a file (0.81,
 * not 0.81000000000000005; 20260101, not 2.02601e+07).  Read (command-line
 * options, --set values) with the same classes of error everywhere: text that is not of the
 * expected form is SIM_ERR_TYPE, a number of the right form that no value of
 * the type can hold is SIM_ERR_RANGE.  Callers then check their own ranges
 * and report SIM_ERR_RANGE too, so that an option's exit code does not
 * depend on which command reads it.
 */
#ifndef SIM_NUMTEXT_H
#define SIM_NUMTEXT_H

#include "status.h"

/*
 * Reads text as a decimal integer: an optional sign, then decimal digits and
 * nothing else.  0x10, 1e3, 16.0 and " 16" are SIM_ERR_TYPE (libconfig
 * would read some of them as other numbers, and strtol the rest
 * differently); beyond the range of long long is SIM_ERR_RANGE.  Nothing is
 * written to *out on failure.
 */
sim_status sim_parse_integer(const char *text, long long *out);

/*
 * Reads text as a finite real number (strtod's syntax, without leading
 * blanks).  Not a number (including "nan") is SIM_ERR_TYPE; an infinity,
 * written or by overflow (1e999), is SIM_ERR_RANGE.  Subnormal values are
 * read as they are, and one too small even for those (1e-400) as zero of its
 * sign, as the compiler rounds such a literal.
 */
sim_status sim_parse_real(const char *text, double *out);

/* Room for any double in the shortest form, sign and exponent included. */
#define SIM_REAL_TEXT_LEN 32

/*
 * Writes x to buf (SIM_REAL_TEXT_LEN bytes) in the shortest "%.Ng" form, N
 * from 15 to 17, that strtod reads back to x exactly.  A non-finite x gives
 * the empty string and returns 0; otherwise returns 1.
 */
int sim_format_real(char *buf, double x);

#endif
