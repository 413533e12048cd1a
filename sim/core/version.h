/* version.h - the software version, recorded in every output file. */
#ifndef SIM_VERSION_H
#define SIM_VERSION_H

#define ALLIANCE_SIM_VERSION "0.1.0"

#endif
