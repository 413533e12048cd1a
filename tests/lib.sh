# lib.sh - what the shell suites share, sourced by each:
#   . "$(dirname "$0")/lib.sh"
# ok NAME / ko NAME [FILE] count and print a check's verdict (ko shows FILE,
# indented); each suite sets passed=0 and failed=0 and prints its totals.
# start_pyfork: the suite's Python checks forked from one process that
# imported h5py and numpy once (tests/pyfork.py), in $work; sets PY to its
# client and pyfork to its process (the suite's exit trap kills it).  Until
# the server listens, and for anything but -c and -, $PY runs the
# interpreter itself.
lib_dir=$(cd "$(dirname "$0")" && pwd)

ok() { passed=$((passed + 1)); echo "[       OK ] $1"; }
ko() { failed=$((failed + 1)); echo "[  FAILED  ] $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2"; }

start_pyfork() {
  PYFORK_SOCKET="$work/py.sock"
  export PYFORK_SOCKET
  /usr/bin/python3 "$lib_dir/pyfork.py" --serve "$PYFORK_SOCKET" </dev/null >/dev/null 2>"$work/pyfork.err" &
  pyfork=$!
  ln -s "$lib_dir/pyfork.py" "$work/py" && PY="$work/py"
}
