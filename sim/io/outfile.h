/*
 * outfile.h - the temporary files an output is written as before it is
 * renamed into place (h5u_commit), and the leftovers of killed writers.
 *
 * A temporary is named OUTPUT.tmp-PID-XXXXXX, in the output's directory (a
 * rename does not cross filesystems): PID is the writer's process, so that
 * a later run can tell a dead writer's leftover from a live one's, and
 * XXXXXX six random letters or digits, so that no one can plant a file or a
 * symbolic link at the name ahead of time.  It is created with
 * O_CREAT|O_EXCL|O_NOFOLLOW (HDF5 files with H5F_ACC_EXCL, the same open):
 * whatever already lies at a name, a symbolic link included, is never
 * followed, truncated or reused; another name is tried instead.
 */
#ifndef SIM_OUTFILE_H
#define SIM_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "sim/core/status.h"

/* The most a temporary's name adds to its output's: ".tmp-" PID "-XXXXXX". */
#define OUTFILE_TMP_EXTRA 32

/* Names tried before giving up: each taken one was there before us. */
#define OUTFILE_TMP_ATTEMPTS 100

/*
 * Writes a new temporary name for output into tmp (len bytes): PID of this
 * process and fresh random characters.  -1 with a message in err when it
 * does not fit (tmp then empty).
 */
int outfile_tmp_name(const char *output, char *tmp, size_t len, char *err);

/*
 * Creates a new temporary for output and opens it for reading and writing
 * (O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0666 less the umask), trying
 * other names while one is taken.  Returns the descriptor (the caller closes
 * it, and removes tmp unless it renames it), its name in tmp; -1 with a
 * message naming output in err and tmp empty.
 */
int outfile_tmp_open(const char *output, char *tmp, size_t len, char *err);

/*
 * outfile_tmp_open as a stdio stream opened with mode ("w", "wb"): the
 * caller closes it, and removes tmp unless it renames it.  NULL with a
 * message naming output in err, nothing left behind and tmp empty.
 */
FILE *outfile_tmp_fopen(const char *output, char *tmp, size_t len,
                        const char *mode, char *err);

/*
 * Checks, before any work, that the directory of output takes new files:
 * creates a temporary there and removes it.  SIM_ERR_IO with a message
 * naming output otherwise (a read-only directory, a full disk, ...).
 */
sim_status outfile_check_writable(const char *output, char *err);

/*
 * Whether name (a bare file name) is one of the temporaries of the output
 * whose bare name is base; *pid receives its writer's process.  The names
 * of earlier versions, base.tmp-PID, are recognised too.
 */
int outfile_is_tmp_of(const char *name, const char *base, long *pid);

/*
 * Removes output's temporaries that were left by processes that no longer
 * run (a kill -9, a crash): regular files of this user whose PID names no
 * process (kill(pid, 0) fails with ESRCH).  A live process's temporary is
 * never touched, nor one whose PID has since been taken by another process.
 * Says what it removes on log (may be NULL); returns how many.
 */
int outfile_remove_stale(const char *output, FILE *log);

#endif
