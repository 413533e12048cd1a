#!/bin/sh
# make install into a scratch DESTDIR, then as a user would: the installed
# binary run from another directory on an installed example, its manual page
# read by man with warnings on, the bash completion, make uninstall.
#
# Usage: sh tests/install_test.sh   (from the repository's root)
set -u
PY=/usr/bin/python3
work=$(mktemp -d /tmp/alliance-sim-install-XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
. "$(dirname "$0")/lib.sh"

dest="$work/dest"
prefix=/usr/local
root="$dest$prefix"
if make --no-print-directory install PREFIX=$prefix DESTDIR="$dest" >"$work/log" 2>&1; then
  ok "make install into a DESTDIR"
else
  ko "make install into a DESTDIR" "$work/log"
fi
for f in bin/alliance-sim share/man/man1/alliance-sim.1 \
         share/bash-completion/completions/alliance-sim \
         share/alliance-sim/scenarios/default.cfg \
         share/alliance-sim/scenarios/sweep-engineering.cfg \
         share/alliance-sim/scenarios/fonds-odd17.targets \
         share/doc/alliance-sim/README.md share/doc/alliance-sim/reading.md \
         share/doc/alliance-sim/parameters.md; do
  [ -f "$root/$f" ] || ko "installed: $f"
done
[ -x "$root/bin/alliance-sim" ] && ok "installed files in place" || ko "the binary is executable"

# The installed binary, from a directory far from the source tree, on the
# installed examples: a run, a sweep whose base is read beside it, a report.
mkdir -p "$work/user"
bin="$root/bin/alliance-sim"
ex="$root/share/alliance-sim/scenarios"
if (cd "$work/user" && "$bin" run "$ex/default.cfg" --replicates 16 --months 24 -q --csv >"$work/out" 2>"$work/err") &&
   [ -f "$work/user/out/default.h5" ] && [ -f "$work/user/out/default.csv" ]; then
  ok "installed binary runs an installed example from another directory"
else
  ko "installed binary runs an installed example from another directory" "$work/err"
fi
if (cd "$work/user" && "$bin" sweep "$ex/sweep-engineering.cfg" --set replicates=2 -q >"$work/out" 2>"$work/err") &&
   (cd "$work/user" && "$bin" report out/sweep-engineering.h5 -q 2>"$work/err") &&
   grep -q "Chart" "$work/user/out/sweep-engineering.html" &&
   [ "$(wc -c < "$work/user/out/sweep-engineering.html")" -gt 100000 ]; then
  ok "installed binary: a sweep of an installed sweep file, and its report"
else
  ko "installed binary: a sweep of an installed sweep file, and its report" "$work/err"
fi

# The manual page: no warning from man (groff), and it names every command
# and every option that each command's --help lists.
man_page="$root/share/man/man1/alliance-sim.1"
if LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$man_page" >"$work/man.txt" 2>"$work/err" && [ ! -s "$work/err" ] &&
   grep -q "EXIT STATUS" "$work/man.txt"; then
  ok "man --warnings -l alliance-sim.1: no warning"
else
  ko "man --warnings -l alliance-sim.1: no warning" "$work/err"
fi
# The page's version is the program's.
version=$("$bin" --version | awk '{print $2}')
grep -q "alliance-sim $version" "$work/man.txt" || ko "the manual page is of version $version" "$work/man.txt"
comp="$root/share/bash-completion/completions/alliance-sim"
missing=""
for cmd in run compare sweep sensitivity calibrate report ratios params init; do
  grep -q "^ *alliance-sim $cmd" "$work/man.txt" || missing="$missing $cmd(command)"
  for opt in $("$bin" $cmd --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    grep -q -- "$opt" "$work/man.txt" || missing="$missing $cmd:$opt(man)"
    grep -q -- "[\" ]$opt\b" "$comp" || missing="$missing $cmd:$opt(completion)"
  done
done
# The exit codes, each with the meaning that alliance-sim --help gives it.
"$bin" --help | sed -n '/^Exit codes/,$p' | tail -n +2 > "$work/codes"
[ -s "$work/codes" ] || missing="$missing exit-codes-in-help"
missing="$missing$($PY - "$work/codes" "$work/man.txt" <<'PYEOF'
import re, sys
man = re.sub(r"\s+", " ", re.sub("[\u2010\u00ad]\\s+", "", open(sys.argv[2]).read()))
for line in open(sys.argv[1]):
    code, meaning = line.split(None, 1)
    if f" {code} {meaning.strip()}" not in man:
        print(f" exit:{code}", end="")
PYEOF
)"
[ -z "$missing" ] && ok "the manual and the completion cover every command, option and exit code" ||
  { echo "missing:$missing" > "$work/err"; ko "the manual and the completion cover every command, option and exit code" "$work/err"; }

# The completion, as bash calls it.
complete_words() {
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _alliance_sim; printf "%s\n" "${COMPREPLY[@]}"' \
    sh "$comp" "$@"
}
PATH="$root/bin:$PATH"; export PATH
c1=$(complete_words alliance-sim sen)
c2=$(complete_words alliance-sim run --se)
c3=$(complete_words alliance-sim run --set engineering.bud)
c4=$(complete_words alliance-sim report --format p)
c5=$(complete_words alliance-sim sweep --set sam)
if [ "$c1" = sensitivity ] && [ "$(echo $c2)" = "--seed --set" ] &&
   [ "$c3" = "engineering.budget_eur=" ] && [ "$(echo $c4)" = "png pdf" ] &&
   [ "$c5" = "samples=" ]; then
  ok "bash completion: commands, options, setting paths, values"
else
  printf 'sen -> %s\nrun --se -> %s\n--set engineering.bud -> %s\n--format p -> %s\nsweep --set sam -> %s\n' "$c1" "$c2" "$c3" "$c4" "$c5" > "$work/err"
  ko "bash completion: commands, options, setting paths, values" "$work/err"
fi

if make --no-print-directory uninstall PREFIX=$prefix DESTDIR="$dest" >"$work/log" 2>&1 &&
   [ -z "$(find "$dest" -type f)" ]; then
  ok "make uninstall removes every installed file"
else
  find "$dest" -type f >> "$work/log"
  ko "make uninstall removes every installed file" "$work/log"
fi

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
