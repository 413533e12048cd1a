#!/bin/sh
# The MPI build against the serial one: a sweep and a sensitivity analysis
# of scenarios/sobol-default.cfg on 1, 2 and 4 ranks (more ranks than this
# machine's cores: --oversubscribe) with various thread counts give files
# whose every dataset is the serial run's, bit for bit; a run killed at 4
# ranks resumes at 2 to the same file; bad input stops every rank with one
# message, a non-zero exit, no output and no hang.
#
# Usage: BIN=bin/alliance-sim MPI_BIN=bin/alliance-sim-mpi [FULL=1] sh tests/mpi_test.sh
set -u
BIN=${BIN:-bin/alliance-sim}
MPI_BIN=${MPI_BIN:-bin/alliance-sim-mpi}
PY=/usr/bin/python3
work=$(mktemp -d /tmp/alliance-sim-mpi-XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

. "$(dirname "$0")/lib.sh"

# As root (CI's container), OpenMPI wants to be told it may run.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# A hung rank fails the test instead of the suite hanging.
mpi() {
  np=$1; threads=$2; shift 2
  timeout -k 5 180 mpirun -np "$np" --oversubscribe -x OMP_NUM_THREADS="$threads" "$MPI_BIN" "$@"
}

# same A B: every dataset of B is A's, bit for bit (same names, types,
# shapes and bytes).
same() {
  $PY - "$1" "$2" <<'PYEOF'
import sys, h5py, numpy as np
def datasets(f):
    out = {}
    f.visititems(lambda n, o: out.__setitem__(n, o) if isinstance(o, h5py.Dataset) else None)
    return out
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
da, db = datasets(a), datasets(b)
assert sorted(da) == sorted(db), (sorted(da), sorted(db))
assert "outputs" in da and "design/unit" in da
for n in da:
    x, y = da[n][()], db[n][()]
    assert x.dtype == y.dtype and np.shape(x) == np.shape(y), n
    if x.dtype.kind in "fiu":
        assert np.array_equal(np.ascontiguousarray(x).view(np.uint8),
                              np.ascontiguousarray(y).view(np.uint8)), n
    else:
        assert np.array_equal(x, y), n
PYEOF
}

# A sweep of the shipped file, small enough for the suite: 128 samples in
# blocks of 8 spread over the ranks.
cfg=scenarios/sobol-default.cfg
small="-q --set samples=128 --set block=8 --set replicates=8"

# ---- bit for bit against the serial run ------------------------------------
for cmd in sensitivity sweep; do
  if OMP_NUM_THREADS=2 "$BIN" $cmd $cfg $small -o "$work/$cmd-serial.h5" >"$work/serial-out" 2>"$work/err"; then
    for run in "1 2" "2 1" "4 1" "4 2"; do
      set -- $run
      rm -f "$work/$cmd-mpi.h5"
      if mpi "$1" "$2" $cmd $cfg $small -o "$work/$cmd-mpi.h5" >"$work/out" 2>"$work/err" &&
         same "$work/$cmd-serial.h5" "$work/$cmd-mpi.h5" 2>"$work/err"; then
        ok "$cmd: $1 ranks x $2 threads = the serial run, bit for bit"
      else
        ko "$cmd: $1 ranks x $2 threads = the serial run, bit for bit" "$work/err"
      fi
    done
    # The table is printed once, by rank 0.
    if [ "$cmd" = sensitivity ]; then
      grep -v '^Written to' "$work/out" > "$work/mpi-table"
      grep -v '^Written to' "$work/serial-out" > "$work/serial-table"
      if [ "$(grep -c '^Written to' "$work/out")" = 1 ] && cmp -s "$work/serial-table" "$work/mpi-table"; then
        ok "$cmd: rank 0 alone prints, the serial run's table"
      else
        ko "$cmd: rank 0 alone prints, the serial run's table" "$work/out"
      fi
    fi
  else
    ko "$cmd: the serial run" "$work/err"
  fi
done
# Bootstrap intervals, on request, also the serial run's bits: rank 0 alone
# resamples, once every row is in.
boot="--set sensitivity.intervals=bootstrap --set sensitivity.bootstrap=50"
if OMP_NUM_THREADS=2 "$BIN" sensitivity $cfg $small $boot -o "$work/boot-serial.h5" >/dev/null 2>"$work/err" &&
   mpi 2 2 sensitivity $cfg $small $boot -o "$work/boot-mpi.h5" >/dev/null 2>"$work/err" &&
   same "$work/boot-serial.h5" "$work/boot-mpi.h5" 2>"$work/err"; then
  ok "sensitivity, bootstrap intervals: 2 ranks x 2 threads = the serial run, bit for bit"
else
  ko "sensitivity, bootstrap intervals: 2 ranks x 2 threads = the serial run, bit for bit" "$work/err"
fi
[ -z "$(ls "$work" | grep -e tmp -e partial)" ] || ko "no temporary or checkpoint left: $(ls "$work")"

# The shipped file as it is (7168 evaluations x 32 replicates): make
# test-mpi runs it (FULL=1); make mpi-tests alone keeps to the smaller
# sweeps above.
if [ "${FULL:-0}" = 1 ]; then
  if OMP_NUM_THREADS=2 "$BIN" sensitivity $cfg -q -o "$work/full-serial.h5" >/dev/null 2>"$work/err" &&
     mpi 4 1 sensitivity $cfg -q -o "$work/full-mpi.h5" >/dev/null 2>"$work/err" &&
     same "$work/full-serial.h5" "$work/full-mpi.h5" 2>"$work/err"; then
    ok "$cfg as shipped: 4 ranks = the serial run, bit for bit"
  else
    ko "$cfg as shipped: 4 ranks = the serial run, bit for bit" "$work/err"
  fi
  rm -f "$work/full-serial.h5" "$work/full-mpi.h5"
fi

# ---- killed at 4 ranks, resumed at 2 ----------------------------------------
big="-q --set samples=1024 --set block=8 --set replicates=8"
OMP_NUM_THREADS=2 "$BIN" sensitivity $cfg $big -o "$work/full.h5" >/dev/null 2>"$work/err" || ko "resume: the serial run" "$work/err"
mpirun -np 4 --oversubscribe -x OMP_NUM_THREADS=1 "$MPI_BIN" sensitivity $cfg $big -o "$work/cut.h5" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 600); do
  [ -f "$work/cut.h5.partial" ] && [ "$(stat -c %s "$work/cut.h5.partial")" -gt 100000 ] && break
  sleep 0.05
done
# Every rank (mpirun's children) at once, then mpirun: as a node that dies.
kill -9 $(ps -o pid= --ppid "$pid") "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
if [ -f "$work/cut.h5" ] || [ ! -f "$work/cut.h5.partial" ]; then
  ko "resume: the run at 4 ranks was not caught mid-way (make the sweep longer)"
else
  size=$(stat -c %s "$work/cut.h5.partial")
  if mpi 2 2 sensitivity $cfg $big --resume -o "$work/cut.h5" >/dev/null 2>"$work/err" &&
     same "$work/full.h5" "$work/cut.h5" 2>"$work/err"; then
    ok "killed at 4 ranks ($size bytes saved), resumed at 2 = the serial run"
  else
    ko "killed at 4 ranks, resumed at 2 = the serial run" "$work/err"
  fi
  [ ! -f "$work/cut.h5.partial" ] || ko "resume: checkpoint removed after the resumed run"
fi

# Ctrl-C reaches mpirun, which passes it to the ranks: rank 0 hands out no
# more blocks, saves those that came back in order, says how to resume;
# resumed on one rank, the file is the serial run's.
rm -f "$work/int.h5" "$work/int.h5.partial"
mpirun -np 4 --oversubscribe -x OMP_NUM_THREADS=1 "$MPI_BIN" sensitivity $cfg $big -o "$work/int.h5" >/dev/null 2>"$work/interr" &
pid=$!
for i in $(seq 1 600); do
  [ -f "$work/int.h5.partial" ] && [ "$(stat -c %s "$work/int.h5.partial")" -gt 100000 ] && break
  sleep 0.05
done
kill -INT "$pid" 2>/dev/null
wait "$pid"; code=$?
if [ -f "$work/int.h5" ]; then
  ko "SIGINT at 4 ranks: the run was not caught mid-way (make the sweep longer)"
elif [ $code = 0 ] || ! grep -q "interrupted: .* evaluations saved; run again with --resume" "$work/interr"; then
  ko "SIGINT at 4 ranks: non-zero exit and how to resume (exit $code)" "$work/interr"
elif mpi 1 2 sensitivity $cfg $big --resume -o "$work/int.h5" >/dev/null 2>"$work/err" &&
     same "$work/full.h5" "$work/int.h5" 2>"$work/err"; then
  ok "SIGINT at 4 ranks, resumed on 1 = the serial run"
else
  ko "SIGINT at 4 ranks, resumed on 1 = the serial run" "$work/err"
fi

# ---- bad input: one message, non-zero exit, no file, no hang -----------------
# expect_error NAME NEEDLE NP ARGS...: must fail within the timeout, print
# NEEDLE once (rank 0 alone speaks), and leave nothing in $work/o but a
# checkpoint (kept by design: the rows saved before the failure).
expect_error() {
  name=$1; needle=$2; np=$3; shift 3
  rm -rf "$work/o"; mkdir -p "$work/o"
  mpi "$np" 1 "$@" >"$work/out" 2>"$work/err"
  code=$?
  if [ $code = 0 ]; then
    ko "$name (exit 0)" "$work/out"
  elif [ $code = 124 ] || [ $code = 137 ]; then
    ko "$name (hung: killed after the timeout)" "$work/err"
  elif [ "$(grep -cF -- "$needle" "$work/err")" != 1 ]; then
    ko "$name (message '$needle' not printed once)" "$work/err"
  elif [ -n "$(ls -A "$work/o" | grep -v '\.partial$')" ]; then
    ko "$name (left files: $(ls -A "$work/o"))"
  else
    ok "$name"
  fi
}

printf 'base = "%s/scenarios/default.cfg";\ndesing = "lhs";\nparameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 1.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/bad.cfg"
expect_error "4 ranks: unknown setting named by file and line" "bad.cfg:2: unknown setting 'desing'" 4 sweep "$work/bad.cfg" -q -o "$work/o/s.h5"
expect_error "4 ranks: a bad --set" "samples" 4 sweep $cfg -q --set samples=-3 -o "$work/o/s.h5"
expect_error "4 ranks: output naming a directory (rank 0's check)" "$work/o" 4 sweep $cfg $small -o "$work/o"
# Every row breaks the constraint that the engineering shares sum to 1: the
# ranks fail on different rows, and the message names the first.
printf 'base = "%s/scenarios/default.cfg";\nsamples = 64;\nblock = 4;\nreplicates = 2;\nmonths = 12;\nparameters = ( { path = "alliances.positioning.engineering_share"; distribution = "uniform"; min = 0.45; max = 0.5; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/rows.cfg"
expect_error "4 ranks: a row that breaks a constraint stops every rank" "row 0 of the design" 4 sweep "$work/rows.cfg" -o "$work/o/s.h5"
expect_error "2 ranks: run refused" "only sweep and sensitivity" 2 run scenarios/default.cfg -o "$work/o/r.h5"

echo "mpi tests: $passed passed, $failed failed"
[ "$failed" = 0 ] && echo "[  PASSED  ] mpi tests" || echo "[  FAILED  ] mpi tests"
[ "$failed" = 0 ]
