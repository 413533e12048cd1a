#!/bin/sh
# End-to-end tests of the files and messages a user meets first: the CSV
# tables of every command (RFC 4180, units, values that read back to the
# HDF5 file's doubles), JSON on every command, default outputs that never
# overwrite one another, "replaced" notices, did-you-mean suggestions and
# the messages for a scenario given to sweep, a design that sensitivity
# would ignore and an output that does not vary.
#
# Usage: BIN=bin/alliance-sim sh tests/outputs_test.sh
set -u
BIN=${BIN:-bin/alliance-sim}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
PY=/usr/bin/python3
src=$(pwd)
work=$(mktemp -d /tmp/alliance-sim-outputs-XXXXXX)
pyfork=""
trap '[ -n "$pyfork" ] && kill "$pyfork" 2>/dev/null; rm -rf "$work"' EXIT
passed=0
failed=0
. "$(dirname "$0")/lib.sh"
start_pyfork
check() {
  name=$1; shift
  if "$@" >"$work/stdout" 2>"$work/err"; then ok "$name"; else ko "$name" "$work/err"; fi
}
# expect_error NAME NEEDLE COMMAND...: fails (with exit code $want_rc when
# set), says NEEDLE, writes nothing in $work/o.
want_rc=""
expect_error() {
  name=$1; needle=$2; shift 2
  rm -rf "$work/o"; mkdir -p "$work/o"
  (cd "$work/o" && "$@") >"$work/stdout" 2>"$work/err"
  rc=$?
  if [ "$rc" -eq 0 ]; then
    ko "$name (exit 0)" "$work/stdout"
  elif [ -n "$want_rc" ] && [ "$rc" -ne "$want_rc" ]; then
    ko "$name (exit $rc, expected $want_rc)" "$work/err"
  elif ! grep -qF -- "$needle" "$work/err"; then
    ko "$name (message lacks '$needle')" "$work/err"
  elif [ -n "$(ls -A "$work/o")" ]; then
    ko "$name (left files: $(ls -A "$work/o"))"
  else
    ok "$name"
  fi
}
S="$src/scenarios"
small="--replicates 24 --months 90 -q"

# ---- CSV tables ----------------------------------------------------------
check "run --csv" "$BIN" run "$S/default.cfg" $small --csv -o "$work/r.h5"
grep -q "Figures as CSV in $work/r.csv" "$work/stdout" || ko "run --csv says where the CSV is"
check "run --csv: the summary as rows, every value the HDF5 file's" $PY - "$work" <<'PYEOF'
import csv, sys, h5py
w = sys.argv[1]
raw = open(f"{w}/r.csv", "rb").read()
assert raw.count(b"\r\n") == raw.count(b"\n"), "rows end in CRLF"
rows = list(csv.reader(open(f"{w}/r.csv", newline="")))
assert rows[0] == ["variable", "horizon [month]", "statistic", "value", "unit"], rows[0]
f = h5py.File(f"{w}/r.h5", "r")
stats = [s.decode() if isinstance(s, bytes) else s for s in f["summary/statistic"][...]]
horizons = list(f["summary/horizon"][...])
assert horizons == [18, 84], horizons
seen = 0
treasury = 0
for var, h, stat, value, unit in rows[1:]:
    if var.startswith("lever:") or var in ("horizon_score", "weighted_score"):
        continue
    if var.startswith("treasury:"):
        # /summary/treasury's datasets, by their names in the file.
        name = {"share_below_zero": "p_below_zero",
                "share_beyond_overdraft": "p_beyond_overdraft"}.get(var[9:], var[9:])
        d = f["summary/treasury/" + name]
        x = d[horizons.index(int(h))]
        if d.ndim == 2:
            x = x[stats.index(stat)]
        else:
            assert stat in ("count", "share"), (var, stat)
        assert (value == "" and x != x) or float(value) == x, (var, h, stat, value, x)
        assert unit == d.attrs["units"], (var, unit, d.attrs["units"])
        treasury += 1
        continue
    d = f["summary/" + var]
    assert unit == d.attrs["units"], (var, unit)
    assert float(value) == d[horizons.index(int(h)), stats.index(stat)], (var, h, stat, value)
    seen += 1
assert seen > 100, seen
assert treasury == 2 * 12, treasury   # each horizon: 4 figures, 2 x 4 statistics
alive = {(h, s): float(v) for var, h, s, v, u in rows[1:] if var == "alive"}
assert 0 <= alive[("84", "mean")] <= 1
PYEOF

check "compare --csv" "$BIN" compare "$S/default.cfg" $small --bootstrap 40 --csv -o "$work/c.h5"
check "compare --csv: metrics with their intervals, as in the file" $PY - "$work" <<'PYEOF'
import csv, sys, h5py
w = sys.argv[1]
rows = list(csv.reader(open(f"{w}/c.csv", newline="")))
assert rows[0] == ["metric", "horizon [month]", "estimate", "low", "high", "unit"], rows[0]
f = h5py.File(f"{w}/c.h5", "r")
horizons = list(f["summary/horizon"][...])
n = 0
for metric, h, est, low, high, unit in rows[1:]:
    d = f["compare/" + metric][horizons.index(int(h))]
    assert [float(est), float(low), float(high)] == list(d), (metric, h)
    assert unit in ("1", "EUR"), unit
    n += 1
assert n == 9 * len(horizons), n
assert {r[0]: r[5] for r in rows[1:]}["invested_eur"] == "EUR"
PYEOF

check "compare --with --csv" "$BIN" compare "$S/default.cfg" $small --bootstrap 40 --with rules.ten_plus_one.policy=true --csv -o "$work/w.h5"
check "compare --with --csv: the differences as in the file" $PY - "$work" <<'PYEOF'
import csv, sys, h5py
w = sys.argv[1]
rows = list(csv.reader(open(f"{w}/w.csv", newline="")))
assert rows[0] == ["variable", "horizon [month]", "difference", "low", "high", "mean_a", "mean_b", "unit"], rows[0]
f = h5py.File(f"{w}/w.h5", "r")
names = [v.decode() if isinstance(v, bytes) else v for v in f["compare/variable"][...]]
units = [u.decode() if isinstance(u, bytes) else u for u in f["compare/variable_unit"][...]]
hs = list(f["compare/horizon"][...])
assert len(rows) == 1 + len(names) * len(hs)
for var, h, d, low, high, a, b, unit in rows[1:]:
    i, j = names.index(var), hs.index(int(h))
    assert [float(d), float(low), float(high)] == list(f["compare/difference"][i, j]), var
    assert float(a) == f["compare/mean_a"][i, j] and float(b) == f["compare/mean_b"][i, j]
    assert unit == units[i]
PYEOF

# A sensitivity file with an output that cannot vary: survival at 6 months,
# before any organisation can close.
cat > "$work/sens.cfg" <<CFGEOF
base = "$S/default.cfg";
samples = 16; seed = 5; replicates = 2; months = 24; horizons = [6, 24]; block = 4;
parameters = (
  { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 5000.0; },
  { path = "cash.initial_eur"; distribution = "uniform"; min = 20000.0; max = 200000.0; }
);
outputs = ( { variable = "alive"; }, { variable = "cash_eur"; } );
sensitivity = { method = "sobol"; };
CFGEOF
check "sensitivity --csv" "$BIN" sensitivity "$work/sens.cfg" -q --csv -o "$work/s.h5"
grep -q "no indices: the output is 1 in every one of the 64 evaluations" "$work/stdout" &&
  ! grep -q "nan" "$work/stdout" && ok "sensitivity: a constant output explained, no nan" ||
  ko "sensitivity: a constant output explained, no nan" "$work/stdout"
check "sensitivity --csv: the indices with their intervals, as in the file" $PY - "$work" <<'PYEOF'
import csv, math, sys, h5py
w = sys.argv[1]
rows = list(csv.reader(open(f"{w}/s-indices.csv", newline="")))
assert rows[0] == ["output", "horizon [month]", "parameter", "index", "estimate", "low", "high", "unit", "note"], rows[0]
f = h5py.File(f"{w}/s.h5", "r")
outs = [o.decode() if isinstance(o, bytes) else o for o in f["output"][...]]
params = [p.decode() if isinstance(p, bytes) else p for p in f["parameter"][...]]
hs = list(f["horizon"][...])
for out, h, p, ix, est, low, high, unit, note in rows[1:]:
    at = (outs.index(out), hs.index(int(h)), params.index(p))
    want = [f[f"sobol/{ix}"][at], f[f"sobol/{ix}_low"][at], f[f"sobol/{ix}_high"][at]]
    if out == "alive:mean" and int(h) == 6:
        assert note == "output constant", (out, h, note)
    if note:
        assert (est, low, high, note) == ("", "", "", "output constant"), (est, note)
        assert all(math.isnan(x) for x in want)
    else:
        assert [float(est), float(low), float(high)] == want and note == "", (out, h, p, ix)
assert len(rows) == 1 + 2 * 2 * 2 * 2
rows = list(csv.reader(open(f"{w}/s.csv", newline="")))
assert len(rows) == 1 + 16 * 4 and rows[0][1] == "engineering.budget_eur [EUR/month]", rows[0]
PYEOF

check "sensitivity --json: null indices, and why" sh -c "'$BIN' sensitivity '$work/sens.cfg' -q --json -o '$work/sj.h5' | $PY -c '
import json, sys
d = json.load(sys.stdin)
assert all(v is None for v in d[\"outputs\"][\"alive:mean\"][\"6\"][\"cash.initial_eur\"].values())
assert {\"output\": \"alive:mean\", \"horizon\": 6, \"reason\": \"constant\", \"value\": 1} in d[\"undefined\"], d[\"undefined\"]
assert all(u[\"output\"] != \"cash_eur:mean\" for u in d[\"undefined\"])'"

# ---- JSON on every command -------------------------------------------------
check "sweep --json: the rows, as in the file" sh -c "cd '$work' && '$BIN' sweep '$S/sweep-engineering.cfg' --set replicates=2 -q --json -o '$work/sw.h5' > '$work/sw.json'"
check "sweep --json matches the HDF5 file" $PY - "$work" <<'PYEOF'
import json, sys, h5py
w = sys.argv[1]
d = json.load(open(f"{w}/sw.json"))
f = h5py.File(f"{w}/sw.h5", "r")
assert d["evaluations"] == 18 and d["design"] == "grid" and d["output_file"].endswith("sw.h5")
assert [p["unit"] for p in d["parameters"]] == ["EUR/month", "1"]
names = [o["name"] for o in d["outputs"]]
for r in d["rows"]:
    i = r["sample"]
    assert r["values"] == list(f["design/values"][i])
    for k, n in enumerate(names):
        assert r["outputs"][n] == list(f["outputs"][i, k]), (i, n)
PYEOF
check "report --json" sh -c "'$BIN' report '$work/r.h5' --json | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d[\"report\"].endswith(\"r.html\"), d'"
check "ratios --json" sh -c "'$BIN' ratios --paid 90000 --json | $PY -c 'import json,sys; json.load(sys.stdin)'"
check "params --json: integers exactly" sh -c "'$BIN' params --json | $PY -c '
import json,sys
d = {p[\"path\"]: p for p in json.load(sys.stdin)}
assert d[\"simulation.seed\"][\"default\"] == 20260101 and d[\"simulation.seed\"][\"max\"] == 2**53, d[\"simulation.seed\"]'"
"$BIN" params > "$work/params.txt"
grep -q "default 20260101 " "$work/params.txt" && ! grep -q "e+0" "$work/params.txt" &&
  ok "params prints integers exactly" || ko "params prints integers exactly" "$work/params.txt"
grep -q "seed 00[0-9]" "$work/params.txt" && ko "params: sources name documents, not 'seed 00N'" ||
  ok "params: sources name documents, not 'seed 00N'"
grep -q "Le RAMEAU, Cahier « Projets de territoire et modèles socio-économiques » (2023), « Modélisation des ratios" "$work/params.txt" ||
  ko "params: the ratio rules' source names its document"

# ---- default outputs never overwrite one another; replaced ones are said -----
mkdir -p "$work/cwd"
cat > "$work/named.cfg" <<CFGEOF
@include "$S/default.cfg"
overrides = ( { path = "simulation.output"; value = "out/named.h5"; } );
CFGEOF
(cd "$work/cwd" && "$BIN" run "$work/named.cfg" $small > /dev/null 2> "$work/err1" &&
 "$BIN" compare "$work/named.cfg" $small --bootstrap 20 > /dev/null 2> "$work/err2" &&
 "$BIN" run "$work/named.cfg" $small > /dev/null 2> "$work/err3")
if [ -f "$work/cwd/out/named.h5" ] && [ -f "$work/cwd/out/named-compare.h5" ] &&
   [ ! -s "$work/err1" ] && [ ! -s "$work/err2" ] &&
   grep -q "^alliance-sim: replaced the previous out/named.h5$" "$work/err3"; then
  ok "run and compare keep their own files; a replaced output is said"
else
  ls -R "$work/cwd" >> "$work/err3"; ko "run and compare keep their own files; a replaced output is said" "$work/err3"
fi
(cd "$work/cwd" && "$BIN" sensitivity "$work/sens.cfg" -q > /dev/null 2>"$work/err" &&
 "$BIN" sensitivity "$work/sens.cfg" -q --set sensitivity.method=morris --set sensitivity.trajectories=4 > /dev/null 2>>"$work/err")
if [ -f "$work/cwd/out/sens-sobol.h5" ] && [ -f "$work/cwd/out/sens-morris.h5" ]; then
  ok "sensitivity: Morris does not replace the Sobol file"
else
  ls -R "$work/cwd" >> "$work/err"; ko "sensitivity: Morris does not replace the Sobol file" "$work/err"
fi

# calibrate: under out/ by default, never over an existing file unless -o.
sed 's/^  output = .*//' "$S/default.cfg" > "$work/cwd/pf.cfg"
cat > "$work/cwd/small.targets" <<'CFGEOF'
horizon = 12; replicates = 8; seed = 3; max_iterations = 6; tolerance = 1e-2;
targets = ( { metric = "leverage"; value = 3.0; } );
free = ( { paths = ["funding.earned_income.alliance_uplift"]; min = 0.0; max = 3.0; start = 0.5; } );
CFGEOF
if (cd "$work/cwd" && "$BIN" calibrate pf.cfg --targets small.targets > "$work/stdout" 2> "$work/err") &&
   [ -f "$work/cwd/out/pf-calibrated.cfg" ] && [ ! -s "$work/err" ] &&
   (cd "$work/cwd" && "$BIN" run out/pf-calibrated.cfg $small -o out/pfc.h5 > /dev/null 2>>"$work/err"); then
  ok "calibrate writes out/NAME-calibrated.cfg, no progress off a terminal, and it loads"
else
  ko "calibrate writes out/NAME-calibrated.cfg, no progress off a terminal, and it loads" "$work/err"
fi
cp "$work/cwd/pf.cfg" "$work/cwd/tracked.cfg"
printf 'output = "tracked.cfg";\n' >> "$work/cwd/small.targets"
(cd "$work/cwd" && "$BIN" calibrate pf.cfg --targets small.targets -q > /dev/null 2> "$work/err")
[ $? -ne 0 ] && grep -q "tracked.cfg: the calibrated scenario would replace this existing file; name it with -o" "$work/err" &&
  cmp -s "$work/cwd/pf.cfg" "$work/cwd/tracked.cfg" &&
  ok "calibrate: a targets file's output never replaces an existing file" ||
  ko "calibrate: a targets file's output never replaces an existing file" "$work/err"
check "calibrate: -o replaces it, and says so" sh -c "cd '$work/cwd' && '$BIN' calibrate pf.cfg --targets small.targets -q -o tracked.cfg"
grep -q "replaced the previous tracked.cfg" "$work/err" || ko "calibrate -o says it replaced the file" "$work/err"

# ---- messages ---------------------------------------------------------------
expect_error "--set: did you mean" "unknown setting 'engineering.budgt_eur' (did you mean 'engineering.budget_eur'?" "$BIN" run "$S/default.cfg" --set engineering.budgt_eur=3
want_rc=2   # a misspelt option or command is a usage error
expect_error "run: option, did you mean" "unknown option '--jsn' (did you mean '--json'? alliance-sim run --help)" "$BIN" run "$S/default.cfg" --jsn
expect_error "compare: option with a value, did you mean" "unknown option '--bootstrapp=3' (did you mean '--bootstrap'?" "$BIN" compare "$S/default.cfg" --bootstrapp=3
expect_error "sweep: option, did you mean" "unknown option '--cvs' (did you mean '--csv'?" "$BIN" sweep "$S/sweep-engineering.cfg" --cvs
expect_error "command: did you mean" "unknown command 'sensitivty' (did you mean 'sensitivity'?" "$BIN" sensitivty x.cfg
expect_error "command: transposed letters" "(did you mean 'run'?" "$BIN" rnu x.cfg
expect_error "init: option, did you mean" "unknown option '--paroll' (did you mean '--payroll'?" "$BIN" init --no-prompt --paroll 3 -o x.cfg
expect_error "params: option, did you mean" "(did you mean '--json'?" "$BIN" params --jsn
want_rc=7   # an unknown setting
expect_error "sweep --set: did you mean" "unknown setting 'sampels' (did you mean 'samples'?" "$BIN" sweep "$S/sweep-engineering.cfg" --set sampels=3
want_rc=8   # a file that is not what the command reads
expect_error "sweep given a scenario: says so and shows the form" "default.cfg is a scenario, not a sweep file" "$BIN" sweep "$S/default.cfg"
grep -q 'parameters = ( { path = "engineering.budget_eur"' "$work/err" && grep -q "base = " "$work/err" ||
  ko "sweep given a scenario shows a sweep file" "$work/err"
expect_error "sensitivity: a grid design refused, file and line" "sweep-engineering.cfg:11: design = \"grid\" is ignored by sensitivity" "$BIN" sensitivity "$S/sweep-engineering.cfg"
expect_error "sensitivity: --set design refused" "--set design: design = \"grid\" is ignored" "$BIN" sensitivity "$work/sens.cfg" --set design=grid
want_rc=""

# run's progress on a terminal: the rate and the time left.
if command -v script >/dev/null 2>&1; then
  script -qec "'$BIN' run '$S/default.cfg' --replicates 300 --months 90 -o '$work/p.h5'" /dev/null > "$work/tty" 2>&1
  grep -aq "300 / 300 replicates (100.0%), [0-9]*/s, [0-9]* s left" "$work/tty" &&
    ok "run: progress shows the rate and the time left" || ko "run: progress shows the rate and the time left" "$work/tty"
fi

echo "outputs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
