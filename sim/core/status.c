#include "status.h"

#include <stdarg.h>
#include <stdio.h>

const char *sim_status_message(sim_status status)
{
    switch (status) {
#define X(code, exit_code, message)                                            \
    case code:                                                                 \
        return message;
        SIM_STATUS_LIST
#undef X
    }
    return "unknown status";
}

int sim_status_exit_code(sim_status status)
{
    switch (status) {
#define X(code, exit_code, message)                                            \
    case code:                                                                 \
        return exit_code;
        SIM_STATUS_LIST
#undef X
    }
    return 1;
}

void sim_status_print_codes(FILE *out)
{
#define X(code, exit_code, message)                                            \
    fprintf(out, "  %-5d %s\n", exit_code, message);
    SIM_STATUS_LIST
#undef X
}

sim_status sim_fail(char *err, sim_status status, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, SIM_ERR_LEN, fmt, ap);
        va_end(ap);
    }
    return status;
}
