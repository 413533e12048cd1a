#!/bin/sh
# README.md's table of exit codes must list exactly the codes that
# `alliance-sim --help` prints, which come from the one declaration in
# sim/core/status.h: a code added there and not documented fails the check.
#
# Usage: sh tests/exit_codes_check.sh bin/alliance-sim README.md
set -u
BIN=${1:-bin/alliance-sim}
README=${2:-README.md}
work=$(mktemp -d /tmp/alliance-sim-codes-XXXXXX)
trap 'rm -rf "$work"' EXIT

"$BIN" --help | sed -n '/^Exit codes/,$p' | sed -n 's/^  *\([0-9][0-9]*\)  *\(.*\)$/| \1 | \2 |/p' > "$work/help"
sed -n '/^## Exit codes/,/^## /p' "$README" | grep '^| [0-9]' > "$work/readme"
if [ ! -s "$work/help" ]; then
  echo "exit codes: alliance-sim --help lists none"; exit 1
fi
if ! cmp -s "$work/help" "$work/readme"; then
  echo "exit codes: README.md's table differs from alliance-sim --help (< help, > README):"
  diff "$work/help" "$work/readme"
  exit 1
fi
