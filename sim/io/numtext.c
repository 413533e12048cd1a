/*
 * numtext.c - the shortest text of a double that reads back to it.
 */
#include "numtext.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int numtext_shortest(char *buf, double x)
{
    if (!isfinite(x)) {
        buf[0] = '\0';
        return 0;
    }
    /* %.15g reads back exactly for most values and is short; %.17g always
     * does.  Intermediate precisions are tried only when 15 fails. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, NUMTEXT_LEN, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return 1;
}
