#include "numtext.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

sim_status sim_parse_integer(const char *text, long long *out)
{
    const char *digits = text + (text[0] == '-' || text[0] == '+');
    if (*digits == '\0')
        return SIM_ERR_TYPE;
    for (const char *c = digits; *c != '\0'; c++)
        if (!isdigit((unsigned char)*c))
            return SIM_ERR_TYPE;
    errno = 0;
    long long v = strtoll(text, NULL, 10);
    if (errno == ERANGE)
        return SIM_ERR_RANGE;
    *out = v;
    return SIM_OK;
}

sim_status sim_parse_real(const char *text, double *out)
{
    if (text[0] == '\0' || isspace((unsigned char)text[0]))
        return SIM_ERR_TYPE;
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || isnan(v))
        return SIM_ERR_TYPE;
    /* glibc reports ERANGE for overflow and for underflow alike: only the
     * former loses the number. */
    if (isinf(v))
        return SIM_ERR_RANGE;
    *out = v;
    return SIM_OK;
}

int sim_format_real(char *buf, double x)
{
    if (!isfinite(x)) {
        buf[0] = '\0';
        return 0;
    }
    /* %.15g reads back exactly for most values and is short; %.17g always
     * does.  Intermediate precisions are tried only when 15 fails. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, SIM_REAL_TEXT_LEN, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return 1;
}
