#!/bin/sh
# Runs the snippets of docs/reading.md: every ```python block with Debian's
# python3 (h5py, pandas, xarray with h5netcdf), every ```r block with Rscript
# when R and hdf5r are installed, on files that the commands the page shows
# write fresh, by their default names, in a scratch directory.
#
# Usage: BIN=bin/alliance-sim sh tests/reading_test.sh
set -u
BIN=${BIN:-bin/alliance-sim}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
PY=/usr/bin/python3
src=$(pwd)
work=$(mktemp -d /tmp/alliance-sim-reading-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
passed=0
failed=0
. "$(dirname "$0")/lib.sh"

# The page's own commands, smaller, in a scratch directory: the same files
# by the same names.
mkdir -p "$work/bin"
ln -s "$BIN" "$work/bin/alliance-sim"
ln -s "$src/scenarios" "$work/scenarios"
cd "$work"
$PY - "$src/docs/reading.md" > "$work/commands" <<'PYEOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for block in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S):
    for line in block.splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("bin/alliance-sim "):
            print(line)
PYEOF
: > "$work/err"
while IFS= read -r line; do
  case "$line" in
  *" sensitivity "*) extra="--set samples=32 --set replicates=2" ;;
  *" compare "*) extra="--replicates 40 --bootstrap 50" ;;
  *) extra="--replicates 40" ;;
  esac
  eval "$line $extra -q" > /dev/null 2>> "$work/err" || echo "failed: $line" >> "$work/err"
done < "$work/commands"
if [ "$(wc -l < "$work/commands")" -eq 3 ] && [ ! -s "$work/err" ] &&
   [ -f out/reading.csv ] && [ -f out/reading-compare.csv ] &&
   [ -f out/reading-sobol.csv ] && [ -f out/reading-sobol-indices.csv ]; then
  ok "the page's commands write the files it reads"
else
  ko "the page's commands write the files it reads" "$work/err"
fi

# Each fenced block of a language into its own file: snippet-LANG-N.
$PY - "$src/docs/reading.md" "$work" <<'PYEOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```(python|r)\n(.*?)^```", text, re.M | re.S)
assert any(l == "python" for l, _ in blocks) and any(l == "r" for l, _ in blocks)
for i, (lang, body) in enumerate(blocks):
    open(f"{sys.argv[2]}/snippet-{lang}-{i}", "w", encoding="utf-8").write(body)
PYEOF

for f in "$work"/snippet-python-*; do
  n=$(basename "$f")
  if $PY -W ignore "$f" >"$work/stdout" 2>"$work/err"; then ok "docs/reading.md: $n"; else ko "docs/reading.md: $n" "$work/err"; fi
done
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(hdf5r)' >/dev/null 2>&1; then
  for f in "$work"/snippet-r-*; do
    n=$(basename "$f")
    if Rscript "$f" >"$work/stdout" 2>"$work/err"; then ok "docs/reading.md: $n"; else ko "docs/reading.md: $n" "$work/err"; fi
  done
else
  echo "[  SKIPPED ] docs/reading.md: the R snippets (no Rscript with hdf5r; Debian r-cran-hdf5r)"
fi

echo "reading: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
