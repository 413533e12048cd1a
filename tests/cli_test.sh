#!/bin/sh
# End-to-end tests of the alliance-sim command line: help, runs, the HDF5
# file read by h5dump and h5py, reproducibility across thread counts, and
# every bad-input path (clear message naming where, non-zero exit, no file).
#
# Usage: BIN=bin/alliance-sim sh tests/cli_test.sh
set -u
BIN=${BIN:-bin/alliance-sim}
PY=/usr/bin/python3
work=$(mktemp -d /tmp/alliance-sim-cli-XXXXXX)
pyfork=""
trap '[ -n "$pyfork" ] && kill "$pyfork" 2>/dev/null; rm -rf "$work"' EXIT
passed=0
failed=0

. "$(dirname "$0")/lib.sh"
start_pyfork

# check NAME COMMAND...: the command must succeed.
check() {
  name=$1; shift
  if "$@" >"$work/out" 2>"$work/err"; then ok "$name"; else ko "$name" "$work/err"; fi
}

# expect_error NAME NEEDLE COMMAND...: must fail, print NEEDLE on stderr,
# and leave no .h5 file (nor temporary) in $work/o.
expect_error() {
  name=$1; needle=$2; shift 2
  rm -rf "$work/o"; mkdir -p "$work/o"
  if "$@" >"$work/out" 2>"$work/err"; then
    ko "$name (exit 0)" "$work/out"
  elif ! grep -qF -- "$needle" "$work/err"; then
    ko "$name (message lacks '$needle')" "$work/err"
  elif [ -n "$(ls -A "$work/o")" ]; then
    ko "$name (left files: $(ls -A "$work/o"))"
  else
    ok "$name"
  fi
}

# expect_code NAME CODE NEEDLE COMMAND...: must exit with CODE, print NEEDLE
# on stderr, and leave nothing in $work/o.
expect_code() {
  name=$1; code=$2; needle=$3; shift 3
  rm -rf "$work/o"; mkdir -p "$work/o"
  "$@" >"$work/out" 2>"$work/err"; rc=$?
  if [ "$rc" -ne "$code" ]; then
    ko "$name (exit $rc, expected $code)" "$work/err"
  elif ! grep -qF -- "$needle" "$work/err"; then
    ko "$name (message lacks '$needle')" "$work/err"
  elif [ -n "$(ls -A "$work/o")" ]; then
    ko "$name (left files: $(ls -A "$work/o"))"
  else
    ok "$name"
  fi
}

small="--replicates 12 --months 30 -q"

# ---- help and version -------------------------------------------------------
check "--help" "$BIN" --help
grep -q "run SCENARIO.cfg" "$work/out" || ko "--help lists run"
check "--version" "$BIN" --version
grep -q "^alliance-sim [0-9]" "$work/out" || ko "--version prints the version"
check "run --help" "$BIN" run --help
grep -q -- "--replicates" "$work/out" || ko "run --help lists --replicates"
check "params" "$BIN" params
grep -q "human.employees.fte" "$work/out" || ko "params lists human.employees.fte"
check "params --json is JSON" sh -c "'$BIN' params --json | $PY -c 'import json,sys; d=json.load(sys.stdin); assert len(d) > 80, len(d); assert all(p[\"source\"] for p in d)'"
# Every table's settings are listed: the fund's and the territory's too.
check "params lists the fund's and the territory's settings" sh -c "'$BIN' params --json | $PY -c 'import json,sys; d={p[\"path\"] for p in json.load(sys.stdin)}; assert {\"fund.budget_eur\",\"fund.allocation\",\"territory.organisations\"} <= d, sorted(d)[:5]'"
# A setting of another kind of scenario would be read and used by nothing.
expect_code "--set of a fund setting on one organisation is refused" 8 "setting 'fund.budget_eur' applies to a portfolio" "$BIN" run scenarios/default.cfg --set fund.budget_eur=5 $small -o "$work/o/x.h5"
expect_code "--set of a territory setting on one organisation is refused" 8 "setting 'territory.firms' applies to a territory" "$BIN" run scenarios/default.cfg --set territory.firms=5 $small -o "$work/o/x.h5"
expect_code "--set territory.organisations on one organisation is refused" 8 "read from the scenario file only" "$BIN" run scenarios/default.cfg --set territory.organisations=5 $small -o "$work/o/x.h5"
expect_code "--set portfolio.projects to another count is refused" 8 "read from the scenario file only" "$BIN" run scenarios/fonds-odd17.cfg --set portfolio.projects=3 $small -o "$work/o/x.h5"
printf '@include "%s/scenarios/default.cfg"\n\nfund:\n{\n  budget_eur = 5.0;\n};\n' "$PWD" > "$work/fund-on-org.cfg"
expect_code "a fund group in an organisation's file is refused at its line" 8 "fund-on-org.cfg:5: setting 'fund.budget_eur' applies to a portfolio" "$BIN" run "$work/fund-on-org.cfg" $small -o "$work/o/x.h5"

# ---- a run, its table, its JSON and its file -------------------------------
# The treasurer's first month below zero: "jamais (never)" where the live
# organisations never went below zero, "-" where none is alive.
printf '@include "%s/scenarios/default.cfg"\nevents = ( { month = 20; set = "costs.overhead_eur"; value = 400000.0; } );\n' "$PWD" > "$work/closes.cfg"
check "run: every organisation closed by 84 months" sh -c "'$BIN' run '$work/closes.cfg' --replicates 10 -q -o '$work/closes.h5' > '$work/closes.out'"
grep -q "^  premier mois sous zéro (first)       jamais (never)            -                         -" "$work/closes.out" ||
  ko "run: the first month below zero reads never at 18 months, - where none is alive" "$work/closes.out"
check "run writes the file" "$BIN" run scenarios/default.cfg $small --set simulation.monthly=all -o "$work/a.h5"
grep -q "tactique (18 mois)" "$work/out" || ko "table shows the 18-month horizon"
grep -q "survie" "$work/out" || ko "table shows survival"
[ -z "$(ls "$work" | grep tmp)" ] || ko "no temporary file after a run"
check "h5dump reads the file" h5dump -H "$work/a.h5"
grep -q 'DATASET "cash_eur"' "$work/out" || ko "h5dump lists /monthly/cash_eur"

check "--json" sh -c "'$BIN' run scenarios/default.cfg $small --json -o '$work/j.h5' > '$work/j.json'"
check "--json is the summary" $PY - "$work/j.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["replicates"] == 12 and d["months"] == 30, d
h = d["horizons"]
assert [x["months"] for x in h] == [18], h   # 84 and 336 exceed 30 months
v = h[0]["variables"]
for k in ("cash_eur", "workforce_fte", "value_produced_eur", "alive"):
    assert set(v[k]) == {"mean", "p05", "p50", "p95"}, v[k]
    assert v[k]["p05"] <= v[k]["p50"] <= v[k]["p95"]
assert abs(sum(h[0]["funding_mix"].values()) - 1) < 1e-9
assert 0 <= h[0]["survival"] <= 1
PYEOF

check "h5py: layout, units, conservation" $PY - "$work/a.h5" scenarios/default.cfg <<'PYEOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
assert f.attrs["software"] == "alliance-sim"
assert f.attrs["scenario_text"] == open(sys.argv[2]).read()
assert int(f.attrs["replicates"]) == 12 and int(f.attrs["months"]) == 30
m = f["monthly"]
for name, d in m.items():
    assert d.shape == (12, 30), (name, d.shape)
    assert "units" in d.attrs and "description" in d.attrs, name
    assert d.chunks is not None and d.compression == "gzip", name
cash = m["cash_eur"][...]
prev = np.hstack([np.full((12, 1), m["cash_eur"].attrs["initial_value"]), cash[:, :-1]])
net = m["funding_total_eur"][...] - m["cost_total_eur"][...]
assert np.allclose(cash - prev, net, rtol=1e-12, atol=1e-6)
s = f["summary"]
assert list(s["horizon"][...]) == [18]
assert [x.decode() if isinstance(x, bytes) else x for x in s["statistic"][...]] == ["mean", "p05", "p50", "p95"]
assert np.isclose(s["cash_eur"][0, 0], cash[:, 17].mean())
assert np.isclose(s["alive_share"][0], m["alive"][:, 17].mean())
p = f["parameters"]
paths = list(p["parameter"].asstr()[...])
i = paths.index("human.employees.fte")
assert p["value"][i] == 8.0 and p["unit"].asstr()[i] == "FTE"
assert p["value"].attrs["entry_units"] == "unit" and "units" not in p["value"].attrs
assert p["value"].dims[0][0].name == "/parameters/parameter"
PYEOF

# By default a run writes the bands and summaries, not the full record.
check "run: no /monthly by default" "$BIN" run scenarios/default.cfg $small -o "$work/d.h5"
check "default file: bands and summaries, no /monthly" $PY - "$work/d.h5" <<'PYEOF'
import sys, h5py
f = h5py.File(sys.argv[1])
assert "monthly" not in f, list(f)
assert f["bands/cash_eur"].shape == (30, 6) and f["bands/alive_share"].shape == (30,)
assert "cash_eur" in f["summary"]
PYEOF

# The bands are what Python computes from the full record of the same run:
# numpy's default quantile is GSL's (linear between order statistics).
check "run: bands and the full record" "$BIN" run scenarios/default.cfg --replicates 61 --months 100 -q --set simulation.monthly=all -o "$work/bands.h5"
check "bands: quantiles, mean and share alive of /monthly" $PY - "$work/bands.h5" <<'PYEOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
b = f["bands"]
assert [x.decode() for x in b["band_statistic"][...]] == ["p05", "p25", "p50", "p75", "p95", "mean"]
n = 0
for name in f["monthly"]:
    x, band = f["monthly"][name][...], b[name][...]
    assert band.shape == (100, 6), (name, band.shape)
    assert b[name].attrs["units"] == f["monthly"][name].attrs["units"], name
    assert np.array_equal(band[:, 2], np.median(x, axis=0)), name
    q = np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0).T
    assert np.allclose(band[:, :5], q, rtol=1e-14, atol=0), name
    assert np.allclose(band[:, 5], x.mean(axis=0), rtol=1e-12, atol=1e-9), name
    assert np.all(np.diff(band[:, :5], axis=1) >= 0), name
    # At the report horizons the bands are the summary, bit for bit.
    for i, h in enumerate(f["summary/horizon"][...]):
        s = f["summary"][name][i]
        assert list(band[h - 1, [5, 0, 2, 4]]) == list(s), (name, h, band[h - 1], s)
    n += 1
assert n == len(f["monthly"]) == len(b) - 2, (n, len(b))
alive = f["monthly/alive"][...]
assert list(f["summary/horizon"][...]) == [18, 84]
assert 0 < alive[:, -1].mean() < 1   # some closed: the share is not trivial
assert np.allclose(b["alive_share"][...], alive.mean(axis=0), rtol=1e-14, atol=0)
# Dimension scales: the root's month, the group's band_statistic.
assert b["cash_eur"].dims[0][0].name == "/month" and b["cash_eur"].dims[1][0].name == "/bands/band_statistic"
PYEOF

check "run: a chosen set of monthly datasets, uncompressed" "$BIN" run scenarios/default.cfg $small --set "simulation.monthly=cash_eur, funding_total_eur,cost_total_eur" --set simulation.compression=0 -o "$work/m.h5"
check "only those datasets, every summary" $PY - "$work/m.h5" <<'PYEOF'
import sys, h5py
f = h5py.File(sys.argv[1])
assert sorted(f["monthly"]) == ["cash_eur", "cost_total_eur", "funding_total_eur"], list(f["monthly"])
assert f["monthly/cash_eur"].compression is None
assert "value_produced_eur" in f["summary"] and "alive_share" in f["summary"]
PYEOF
# Chunks compressed in parallel and written directly read back as the
# plain HDF5 path writes them (130 replicates: two full chunks and a partial
# one, padded).
"$BIN" run scenarios/default.cfg -q --replicates 130 --months 40 --set simulation.monthly=all -o "$work/c1.h5" > /dev/null 2>&1
"$BIN" run scenarios/default.cfg -q --replicates 130 --months 40 --set simulation.monthly=all --set simulation.compression=0 -o "$work/c0.h5" > /dev/null 2>&1
check "compressed chunks written in parallel read back exactly" $PY - "$work" <<'PYEOF2'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/c1.h5"), h5py.File(f"{w}/c0.h5")
assert a["monthly/cash_eur"].compression == "gzip" and a["monthly/cash_eur"].shuffle
for name in a["monthly"]:
    assert np.array_equal(a["monthly"][name][...], b["monthly"][name][...]), name
PYEOF2
expect_error "run: unknown monthly variable" "'cash' is not a variable" "$BIN" run scenarios/default.cfg $small --set simulation.monthly=cash,alive -o "$work/o/x.h5"
# simulation.bands: only the chosen variables' bands (and the share alive),
# the same bits as with every variable's; the summaries unchanged; with a
# chosen /monthly beside it.
check "run: bands of chosen variables" "$BIN" run scenarios/default.cfg --replicates 61 --months 100 -q --set "simulation.bands=cash_eur, prime_alliance_eur" --set simulation.monthly=funding_total_eur -o "$work/fewbands.h5"
check "bands of those only, bit for bit those of every variable" $PY - "$work/fewbands.h5" "$work/bands.h5" <<'PYEOF'
import sys, h5py, numpy as np
f, g = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert sorted(f["bands"]) == ["alive", "alive_share", "band_statistic", "cash_eur", "prime_alliance_eur"], list(f["bands"])
for name in ("alive", "alive_share", "cash_eur", "prime_alliance_eur"):
    assert np.array_equal(f["bands"][name][...], g["bands"][name][...]), name
for name in g["summary"]:
    if isinstance(g["summary"][name], h5py.Dataset) and g["summary"][name].dtype.kind == "f":
        assert np.array_equal(f["summary"][name][...], g["summary"][name][...]), name
assert np.array_equal(f["monthly/funding_total_eur"][...], g["monthly/funding_total_eur"][...])
assert list(f["monthly"]) == ["funding_total_eur"]
assert np.array_equal(f["failure_month"][...], g["failure_month"][...])
PYEOF
check "run: simulation.bands=none keeps the share alive" "$BIN" run scenarios/default.cfg $small -q --set simulation.bands=none -o "$work/nobands.h5"
check "only the share alive" $PY -c "import h5py; assert sorted(h5py.File('$work/nobands.h5')['bands']) == ['alive', 'alive_share', 'band_statistic']"
# Events in a portfolio (refused before): every project takes them.
printf '@include "%s/scenarios/fonds-odd17.cfg"\nevents = ( { month = 12; set = "funding.subsidy.monthly_eur"; value = 0.0; } );\n' "$PWD" > "$work/pfev.cfg"
check "compare: events in a portfolio change its course" sh -c "'$BIN' compare '$work/pfev.cfg' --replicates 8 --months 36 --bootstrap 20 -q --json -o '$work/pfev.h5' > '$work/pfev.json' && '$BIN' compare scenarios/fonds-odd17.cfg --replicates 8 --months 36 --bootstrap 20 -q --json -o '$work/pfno.h5' > '$work/pfno.json' && $PY -c \"
import json, h5py
a, b = json.load(open('$work/pfev.json')), json.load(open('$work/pfno.json'))
la = [h['leverage']['estimate'] for h in a['horizons']]
lb = [h['leverage']['estimate'] for h in b['horizons']]
assert la != lb, (la, lb)
assert list(h5py.File('$work/pfev.h5')['events/month'][...]) == [12]
\""
expect_error "run: unknown bands variable" "setting 'simulation.bands': 'cash' is not a variable" "$BIN" run scenarios/default.cfg $small --set simulation.bands=cash -o "$work/o/x.h5"
# A long --set value reaches the setting whole (it was cut at 255
# characters and read as another name): a list of 21 variables is taken, and
# one beyond the setting's room is refused by the setting, which says so.
few=cash_eur,funding_total_eur,cost_total_eur,employees_fte,volunteers_fte,civic_service_fte,interns_fte,skills_sponsorship_fte,workforce_fte,alliance_positioning,alliance_production,alliance_pooled_means,value_produced_eur,value_without_alliances_eur,prime_alliance_eur,funding_subsidy_eur,funding_philanthropy_eur,funding_crowdfunding_eur,funding_social_investment_eur,funding_earned_income_eur,funding_fund_eur
check "run: bands of 21 variables (a 409-character list)" sh -c "'$BIN' run scenarios/default.cfg $small -q --set 'simulation.bands=$few' -o '$work/few21.h5' && $PY -c \"import h5py; assert len(h5py.File('$work/few21.h5')['bands']) == 24\""
long=$(printf 'cash_eur,%.0s' $(seq 250))cash_eur
expect_error "run: a --set value longer than the setting holds" "setting 'simulation.bands': expected a string of at most 2047 characters, got 2258 characters" "$BIN" run scenarios/default.cfg $small --set "simulation.bands=$long" -o "$work/o/x.h5"

# ---- reproducibility ---------------------------------------------------------
all="--set simulation.monthly=all"
OMP_NUM_THREADS=1 "$BIN" run scenarios/default.cfg $small $all --seed 7 -o "$work/t1.h5" >/dev/null 2>&1
OMP_NUM_THREADS=2 "$BIN" run scenarios/default.cfg $small $all --seed 7 -o "$work/t2.h5" >/dev/null 2>&1
"$BIN" run scenarios/default.cfg $small $all --threads 2 --seed 8 -o "$work/t3.h5" >/dev/null 2>&1
check "same seed, 1 or 2 threads: identical; other seed: different" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b, c = (h5py.File(f"{w}/{n}.h5", "r") for n in ("t1", "t2", "t3"))
for name in a["monthly"]:
    assert np.array_equal(a["monthly"][name][...], b["monthly"][name][...]), name
for name in a["bands"]:
    if name != "band_statistic":
        assert a["bands"][name][...].tobytes() == b["bands"][name][...].tobytes(), name
assert not np.array_equal(a["monthly/cash_eur"][...], c["monthly/cash_eur"][...])
PYEOF

# ---- every shipped scenario runs (sweep files have a parameters list) ---------
for s in $(grep -L '^parameters' scenarios/*.cfg); do
  check "scenario $s runs" "$BIN" run "$s" --replicates 4 --months 36 -q -o "$work/s.h5"
done

# ---- the territory: its matrix closes in the file; its sweep runs ------------
check "territory: run with every monthly dataset" "$BIN" run scenarios/territory.cfg --replicates 3 --months 30 -q --set territory.organisations=25 --set territory.firms=40 --set simulation.monthly=all -o "$work/terr.h5"
"$BIN" run scenarios/territory.cfg --replicates 2 --months 12 -q --set territory.organisations=10 --set territory.firms=10 --set "simulation.monthly=deposits_households,deposits_firms" -o "$work/terr-part.h5" > /dev/null 2>&1
check "territory: /sectors views, (replicate, month, [row,] sector), hold /monthly's bits" $PY - "$work/terr.h5" <<'PYEOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
g, m = f["sectors"], f["monthly"]
sectors = [x.decode() for x in g["sector"][...]]
rows = [x.decode() for x in g["tfm_row"][...]]
assert len(sectors) == 7 and len(rows) == 14, (sectors, rows)
t = g["tfm_eur"]
assert t.shape == (3, 30, 14, 7) and t.is_virtual, t.shape
assert [d[0].name for d in t.dims] == ["/replicate", "/month", "/sectors/tfm_row", "/sectors/sector"]
for r, row in enumerate(rows):
    for c, s in enumerate(sectors):
        assert np.array_equal(t[:, :, r, c], m["tfm_%s_%s" % (row, s)][...]), (row, s)
for q in ("deposits", "loans", "net_worth"):
    v = g[q + "_eur"]
    assert v.shape == (3, 30, 7) and v.attrs["units"] == m[q + "_" + sectors[0]].attrs["units"]
    for c, s in enumerate(sectors):
        assert np.array_equal(v[:, :, c], m[q + "_" + s][...]), (q, s)
cells = t[...]
size = np.abs(cells).sum(axis=(2, 3))
assert np.all(np.abs(cells.sum(axis=3)) <= 1e-12 * size[..., None] + 1e-6), "a row"
assert np.all(np.abs(cells.sum(axis=2)) <= 1e-12 * size[..., None] + 1e-6), "a column"
PYEOF
check "territory: no /sectors when /monthly lacks a sector" $PY -c "import h5py; f = h5py.File('$work/terr-part.h5'); assert 'sectors' not in f, list(f)"
check "territory: rows and columns of the matrix sum to zero in the file" $PY - "$work/terr.h5" <<'PYEOF'
import sys, h5py, numpy as np
m = h5py.File(sys.argv[1], "r")["monthly"]
sectors = ["public_action", "households", "firms", "finance", "knowledge", "public_services", "engagement"]
rows = ["contribution", "redistribution", "public_policies", "endowment", "subsidies", "employment", "consumption",
        "use", "financial_services", "mobilisation", "investment", "residential", "deposits", "loans"]
cells = np.array([[m["tfm_%s_%s" % (r, s)][...] for s in sectors] for r in rows])  # row, sector, replicate, month
size = np.abs(cells).sum(axis=(0, 1))
assert size.min() > 0
assert np.all(np.abs(cells.sum(axis=1)) <= 1e-12 * size + 1e-6), "a row does not sum to zero"
assert np.all(np.abs(cells.sum(axis=0)) <= 1e-12 * size + 1e-6), "a column does not sum to zero"
worth = np.array([m["net_worth_" + s][...] for s in sectors])
assert np.all(np.abs(worth.sum(axis=0)) <= 1e-12 * np.abs(worth).sum(axis=0) + 1e-6)
share = m["firms_partnering_share"][...]
assert np.all(np.diff(share, axis=1) >= 0), "firms do not stop partnering"
f = h5py.File(sys.argv[1], "r")
o = f["organisations"]
horizons = list(f["summary/horizon"][...])
for name in ("value_produced_eur", "prime_alliance_eur", "cash_eur", "alive", "links", "size"):
    assert o[name].shape == (3, len(horizons), 25), (name, o[name].shape)
    assert "units" in o[name].attrs, name
for k, h in enumerate(horizons):
    assert np.allclose(o["prime_alliance_eur"][:, k, :].sum(axis=1), m["micro_prime_sum_eur"][:, h - 1], rtol=1e-12, atol=1e-6)
    assert np.array_equal(o["alive"][:, k, :].sum(axis=1), m["organisations_alive"][:, h - 1])
PYEOF
# Each organisation month by month: opt-in, the horizons' values at the
# horizons bit for bit, the territory's aggregates when summed, the same
# bytes on 1 and 2 threads, chunked and compressed.  Less cash and the
# innovation process's risk zones, so that organisations close.
closing="--set cash.initial_eur=23850 --set innovation.enabled=true"
for t in 1 2; do
  check "territory: organisations month by month ($t threads)" "$BIN" run scenarios/territory.cfg --replicates 3 --months 30 -q --threads $t $closing --set territory.organisations=25 --set territory.firms=40 --set simulation.monthly=all --set simulation.organisations_monthly=all -o "$work/terr-months$t.h5"
done
"$BIN" run scenarios/territory.cfg --replicates 3 --months 30 -q $closing --set territory.organisations=25 --set territory.firms=40 --set "simulation.organisations_monthly=alive, cash_eur" --set simulation.compression=0 -o "$work/terr-months0.h5" >/dev/null 2>"$work/err" || ko "territory: two organisation variables, uncompressed" "$work/err"
"$BIN" run scenarios/territory.cfg --replicates 2 --months 12 -q --set territory.organisations=10 --set simulation.organisations_monthly=none -o "$work/terr-none.h5" >/dev/null 2>"$work/err" || ko "territory: no organisation month by month" "$work/err"
check "territory: the organisations' months add up to the territory's" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
work = sys.argv[1]
f = h5py.File(work + "/terr-months1.h5", "r")
two = h5py.File(work + "/terr-months2.h5", "r")
m, o = f["monthly"], f["organisations"]
horizons = list(f["summary/horizon"][...])
names = ("value_produced_eur", "prime_alliance_eur", "cash_eur", "alive", "links", "size")
for name in names:
    d = o["monthly/" + name]
    assert d.shape == (3, 30, 25), (name, d.shape)
    assert d.chunks == (1, 30, 25) and d.compression == "gzip" and d.shuffle, name
    assert d.attrs["units"] == o[name].attrs["units"], name
    assert [s[0].name for s in d.dims] == ["/replicate", "/month", "/organisations/organisation"], name
    for k, h in enumerate(horizons):
        assert np.array_equal(d[:, h - 1, :], o[name][:, k, :]), (name, h)
    assert np.array_equal(d[...], two["organisations/monthly/" + name][...]), name
prime = o["monthly/prime_alliance_eur"][...].sum(axis=2)
assert np.allclose(prime, m["micro_prime_sum_eur"][...], rtol=1e-12, atol=1e-6)
assert np.abs(prime).max() > 0
alive = o["monthly/alive"][...].sum(axis=2)
assert np.array_equal(alive, m["organisations_alive"][...])
assert alive.min() < 25, "no organisation closes: the check proves little"
z = h5py.File(work + "/terr-months0.h5", "r")
assert sorted(z["organisations/monthly"]) == ["alive", "cash_eur"]
assert z["organisations/monthly/alive"].compression is None
assert np.array_equal(z["organisations/monthly/cash_eur"][...], o["monthly/cash_eur"][...])
assert sorted(h5py.File(work + "/terr.h5", "r")["organisations/monthly"]) == ["alive", "prime_alliance_eur"], "the scenario's choice"
assert "monthly" not in h5py.File(work + "/terr-none.h5", "r")["organisations"], "the record is opt-in"
PYEOF
expect_error "territory: an unknown organisation variable is named" "'cash' is not a variable of the organisations" "$BIN" run scenarios/territory.cfg --replicates 2 --months 12 -q --set simulation.organisations_monthly=cash -o "$work/o/x.h5"
expect_error "organisations month by month needs a territory" "setting 'simulation.organisations_monthly': only a territory" "$BIN" run scenarios/default.cfg --replicates 2 --months 12 -q --set simulation.organisations_monthly=all -o "$work/o/x.h5"
sed -e 's/^replicates = .*/replicates = 2;/' -e 's/levels = \[0.01, 0.05, 0.2\]/levels = [0.05]/' \
  -e 's|^base = .*|base = "'"$PWD"'/scenarios/territory.cfg";|' scenarios/sweep-territory.cfg > "$work/sweep-terr.cfg"
check "territory: its sweep file runs" "$BIN" sweep "$work/sweep-terr.cfg" --set months=24 -q -o "$work/sweep-terr.h5"
# Every command on a territory: it works, or it refuses up front (exit 8,
# no output) saying what to use instead.  compare and calibrate take an
# organisation's investment away, which a territory has not.
expect_code "territory: compare refuses, pointing to run and --with" 8 "compare $work/o/terr.cfg --with PATH=VALUE" sh -c "cp scenarios/territory.cfg '$work/o/terr.cfg' && '$BIN' compare '$work/o/terr.cfg' --replicates 2 --months 12 -q -o '$work/o/c.h5'; rc=\$?; rm '$work/o/terr.cfg'; exit \$rc"
grep -q "is a territory (territory.organisations = 200)" "$work/err" || ko "territory: compare says why" "$work/err"
expect_code "territory: compare --ensemble refuses" 8 "alliance-sim run" "$BIN" compare scenarios/territory.cfg --ensemble "$work/none.h5" --replicates 2 --months 12 -q -o "$work/o/c.h5"
expect_code "territory: calibrate refuses" 8 "Calibrate the organisations' template on an organisation scenario" "$BIN" calibrate scenarios/territory.cfg --targets scenarios/fonds-odd17.targets -q -o "$work/o/cal.cfg" --ensemble "$work/o/ens.h5"
sed -e 's/^design = .*//' -e 's/^replicates = .*/replicates = 2;/' -e 's/{ variable = "links_pooled_means";    statistics = \["mean"\]; }/{ metric = "leverage"; }/' \
  -e 's|^base = .*|base = "'"$PWD"'/scenarios/territory.cfg";|' scenarios/sweep-territory.cfg > "$work/sweep-terr-metric.cfg"
grep -q 'metric = "leverage"' "$work/sweep-terr-metric.cfg" || ko "territory: the sweep file with a metric was made"
expect_code "territory: a sweep's fund metric is refused with file and line" 8 "sweep-terr-metric.cfg:32: setting 'outputs[4].metric'" "$BIN" sweep "$work/sweep-terr-metric.cfg" -q -o "$work/o/s.h5"
check "territory: compare --with runs both arms on the same draws" "$BIN" compare scenarios/territory.cfg --with territory.partnerships.positioning_weight=2 --replicates 3 --months 20 --set territory.organisations=20 --set territory.firms=30 --bootstrap 20 -q -o "$work/terr-with.h5"
check "territory: compare --with's file holds both territories" $PY - "$work/terr-with.h5" <<'PYEOF'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
names = [v.decode() if isinstance(v, bytes) else v for v in f["compare/variable"][...]]
assert "territory_prime_eur" in names and "micro_prime_sum_eur" in names, names
assert "summary" in f["with"] and "organisations" not in f, "compare writes the territories, not their organisations"
PYEOF
grep -v '^design = ' "$work/sweep-terr.cfg" > "$work/sens-terr.cfg"
check "territory: sensitivity of the territory's assumptions runs" "$BIN" sensitivity "$work/sens-terr.cfg" --set samples=4 --set months=24 -q -o "$work/sens-terr.h5"
check "territory: the report of a territory run" "$BIN" report "$work/terr-months1.h5" -o "$work/terr.html"
check "territory: ratios shows the organisations' template" "$BIN" ratios scenarios/territory.cfg
grep -q "template of the territory's organisations" "$work/out" || ko "territory: ratios says whose figures" "$work/out"
expect_error "territory: a bad territory setting names file and line" "terr.cfg:2" sh -c "printf 'territory:\n{ organisations = 10; firms = -3; };\n' > '$work/terr.cfg'; '$BIN' run '$work/terr.cfg' -q -o '$work/o/terr.h5'"

out="-o $work/o/x.h5"
printf '\nhuman: { employees: { fte = "eight"; }; };\n' > "$work/type.cfg"

# ---- ratio rules ------------------------------------------------------------
check "ratios: the issue's figures" sh -c "'$BIN' ratios --actions 200000 --paid 90000 --volunteer 12000 --means 50000 --value 1000000 --json > '$work/r.json'"
check "ratios JSON by hand" $PY - "$work/r.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
t, f, o = d["tiers_on_top"], d["four_tiers"], d["ten_plus_one"]
assert abs(t["required_engineering_eur"] - 100000) < 1e-6 and abs(t["required_total_eur"] - 300000) < 1e-6
assert abs(f["target_eur"] - 30000) < 1e-6 and abs(f["gap_eur"] - 18000) < 1e-6
assert abs(o["pooled_target_eur"] - 5000) < 1e-6 and abs(o["pot_target_eur"] - 10000) < 1e-6
PYEOF
check "ratios --actions alone" sh -c "'$BIN' ratios --actions 200000 --json | $PY -c 'import json,sys; d=json.load(sys.stdin); assert set(d)=={\"tiers_on_top\"}, d; assert abs(d[\"tiers_on_top\"][\"required_engineering_eur\"]-100000)<1e-6, d'"
check "ratios --total" sh -c "'$BIN' ratios --total 300000 --json | $PY -c 'import json,sys; d=json.load(sys.stdin)[\"tiers_on_top\"]; assert abs(d[\"action_eur\"]-300000)<1e-6 and abs(d[\"required_engineering_eur\"]-100000)<1e-6 and abs(d[\"gap_eur\"]-100000)<1e-6, d'"
# The engineering spent comes out of the total: actions 250000, 1/6 now.
check "ratios --total with --engineering" sh -c "'$BIN' ratios --total 300000 --engineering 50000 --json | $PY -c 'import json,sys; d=json.load(sys.stdin)[\"tiers_on_top\"]; assert abs(d[\"action_eur\"]-250000)<1e-6 and abs(d[\"current_share\"]-1/6)<1e-12 and abs(d[\"gap_eur\"]-50000)<1e-6, d'"
expect_code "ratios: engineering above the total is refused" 8 "exceeds --total" "$BIN" ratios --total 100 --engineering 200
check "ratios table" "$BIN" ratios --paid-fte 3 --paid-cost 3000 --volunteer 1000
grep -q "Règle des 4 tiers" "$work/out" || ko "ratios table names the rule"
check "ratios from a scenario" "$BIN" ratios scenarios/default.cfg --json
expect_error "ratios: no input" "give amounts" "$BIN" ratios
expect_error "ratios: negative" "--actions: expected a number from 0" "$BIN" ratios --actions -5
expect_error "ratios: not a number" "--paid: expected a number" "$BIN" ratios --paid lots
expect_error "ratios: half an input" "--paid-fte needs --paid-cost" "$BIN" ratios --paid-fte 3
expect_error "ratios: bad scenario" "type.cfg:2" "$BIN" ratios "$work/type.cfg"

# Rules as policies: tiers on top makes engineering a third of spending.
check "tiers-on-top policy" "$BIN" run scenarios/default.cfg $small --set rules.tiers_on_top.policy=true $all -o "$work/p.h5"
check "policy: engineering = 1/3 of spending while cash > 0" $PY - "$work/p.h5" <<'PYEOF'
import sys, h5py, numpy as np
m = h5py.File(sys.argv[1])["monthly"]
eng = m["cost_engineering_eur"][...]
spend = m["cost_total_eur"][...] - m["cost_interest_eur"][...] - m["cost_collective_pot_eur"][...]
cash = m["cash_eur"][...]
prev = np.hstack([np.full((cash.shape[0], 1), m["cash_eur"].attrs["initial_value"]), cash[:, :-1]])
ok = (prev > 0) & (m["alive"][...] > 0)
assert ok.sum() > 100
assert np.allclose(eng[ok] / spend[ok], 1 / 3, rtol=1e-12)
assert np.allclose(m["tiers_on_top_share"][...][ok], 1 / 3)
PYEOF
printf 'rules: { ten_plus_one: { policy = 1; }; };\n' > "$work/bool.cfg"
expect_error "policy must be a boolean" "expected true or false" "$BIN" run "$work/bool.cfg" $out
printf 'matrix: { barycentre: { tactical = 0.5; }; };\n' > "$work/bary.cfg"
expect_error "barycentre must sum to 1" "must sum to 1" "$BIN" run "$work/bary.cfg" $out

# ---- portfolios and compare ---------------------------------------------------
sed 's/^  output = .*//' scenarios/default.cfg > "$work/pf.cfg"
cat >> "$work/pf.cfg" <<'CFGEOF'
portfolio: { projects = 4; list = ( { organisation = { name = "Tiers-lieu"; }; innovation = { enabled = true; start_step = 2; }; } ); };
fund: { budget_eur = 120000.0; end_month = 24; allocation = "tiers_on_top"; };
CFGEOF
check "portfolio run" "$BIN" run "$work/pf.cfg" --replicates 8 --months 36 -q -o "$work/pf.h5"
grep -q "projets en activité" "$work/out" || ko "portfolio table shows the projects alive"
check "portfolio file records each project's parameters" $PY - "$work/pf.h5" <<'PYEOF'
import sys, h5py
f = h5py.File(sys.argv[1])
p = f["projects/parameters"]
paths = [x.decode() if isinstance(x, bytes) else x for x in p.attrs["paths"]]
assert p.shape[0] == 4 and "innovation.start_step" in paths
names = [x.decode() if isinstance(x, bytes) else x for x in f["projects/name"][...]]
assert names[0] == "Tiers-lieu", names
assert p[0, paths.index("innovation.start_step")] == 2 and p[1, paths.index("innovation.enabled")] == 0
PYEOF
check "compare: treatment and control" sh -c "'$BIN' compare '$work/pf.cfg' --replicates 16 --months 36 --bootstrap 50 --set simulation.monthly=all --json -o '$work/cmp.h5' > '$work/cmp.json'"
check "compare JSON and file" $PY - "$work/cmp.json" "$work/cmp.h5" <<'PYEOF'
import json, sys, h5py, numpy as np
d = json.load(open(sys.argv[1]))
h = {x["months"]: x for x in d["horizons"]}
assert set(h) == {18}, h.keys()
x = h[18]
assert abs(x["invested_eur"]["estimate"] - 120000 * 18 / 24) < 1e-6, x["invested_eur"]
for k in ("frugality", "durability", "leverage", "prime_alliance_eur"):
    assert x[k]["low"] is None or x[k]["low"] <= x[k]["estimate"] <= x[k]["high"], (k, x[k])
f = h5py.File(sys.argv[2])
assert "control" in f and "monthly" in f["control"] and "compare" in f
t, c = f["monthly/funding_fund_eur"][...], f["control/monthly/funding_fund_eur"][...]
assert t.sum() > 0 and c.sum() == 0
assert f["compare/frugality"].shape == (1, 3)
# Each project's trajectory in both arms: one dataset per field along the
# projects, the fund's grants only in the treatment.
fields = ["survival_share", "months_open", "value_produced_eur", "funding_total_eur", "funding_fund_eur", "prime_alliance_eur"]
for arm in ("", "control/"):
    for k in fields:
        p = f[arm + "projects/" + k]
        assert p.shape == (4,) and p.dims[0][0].name == "/" + arm + "projects/name" and p.attrs["units"], (arm, k)
assert (f["projects/funding_fund_eur"][...] > 0).all() and (f["control/projects/funding_fund_eur"][...] == 0).all()
assert np.isclose(f["projects/funding_fund_eur"][...].sum(), f["monthly/funding_fund_eur"][...].sum(axis=1).mean(), rtol=1e-12)
# Both arms have their bands, each from its own record.
for arm in ("", "control/"):
    x, band = f[arm + "monthly/cash_eur"][...], f[arm + "bands/cash_eur"][...]
    assert np.array_equal(band[:, 2], np.median(x, axis=0)), arm
    assert np.allclose(f[arm + "bands/alive_share"][...], f[arm + "monthly/alive"][...].mean(axis=0), rtol=1e-14, atol=0), arm
assert f["control/bands/cash_eur"].dims[0][0].name == "/control/month"
# The title says what the file is: a comparison, and its control arm.
assert f.attrs["title"].startswith("alliance-sim compare: "), f.attrs["title"]
assert f["control"].attrs["title"].startswith("alliance-sim compare, control arm"), f["control"].attrs["title"]
assert not np.array_equal(f["bands/funding_fund_eur"][...], f["control/bands/funding_fund_eur"][...])
PYEOF
check "compare without investment: neutral" sh -c "'$BIN' compare '$work/pf.cfg' --replicates 8 --months 24 --bootstrap 20 --set fund.budget_eur=0 --json -o '$work/cmp0.h5' | $PY -c 'import json,sys; x=json.load(sys.stdin)[\"horizons\"][0]; assert x[\"frugality\"][\"estimate\"]==1 and x[\"leverage\"][\"estimate\"]==0 and x[\"invested_eur\"][\"estimate\"]==0 and x[\"prime_alliance_eur\"][\"estimate\"]>0, x'"
expect_error "compare: bad scenario" "type.cfg:2" "$BIN" compare "$work/type.cfg" $out

# The Fonds ODD 17: the calibrated scenario reproduces the evaluation's
# figures from the model, with its seed and another.
for seed in 2020 7; do
  check "fonds-odd17 compare, seed $seed: 2x, 3x, 7 within 10%" sh -c "'$BIN' compare scenarios/fonds-odd17.cfg --seed $seed --bootstrap 20 --json -o '$work/f.h5' | $PY -c '
import json, sys
x = [h for h in json.load(sys.stdin)[\"horizons\"] if h[\"months\"] == 36][0]
for k, t in ((\"frugality\", 2), (\"durability\", 3), (\"leverage\", 7)):
    assert abs(x[k][\"estimate\"] / t - 1) < 0.10, (k, x[k])
'"
done
# The two contrasts need not the evaluation's 200 replicates: without the
# cut the durability falls to 1.1 (the fit's 3 stays well above 2 on 40),
# and without the fund each replicate's arms are the same draws.
check "fonds-odd17: the fit relies on the hazard cut" sh -c "'$BIN' compare scenarios/fonds-odd17.cfg --set innovation.hazard_alliance_cut=0 --replicates 40 --bootstrap 20 --json -o '$work/f.h5' | $PY -c '
import json, sys
x = [h for h in json.load(sys.stdin)[\"horizons\"] if h[\"months\"] == 36][0]
assert x[\"durability\"][\"estimate\"] < 2, x[\"durability\"]
'"
check "fonds-odd17 without the fund: neutral" sh -c "'$BIN' compare scenarios/fonds-odd17.cfg --set fund.budget_eur=0 --replicates 40 --bootstrap 20 --json -o '$work/f.h5' | $PY -c '
import json, sys
x = [h for h in json.load(sys.stdin)[\"horizons\"] if h[\"months\"] == 36][0]
assert x[\"frugality\"][\"estimate\"] == 1 and x[\"durability\"][\"estimate\"] == 1 and x[\"leverage\"][\"estimate\"] == 0, x
'"

# Calibration on a small problem: the calibrated scenario loads and gives
# what calibrate reported.
cat > "$work/small.targets" <<'CFGEOF'
horizon = 12; replicates = 8; seed = 3; max_iterations = 25; tolerance = 1e-2;
targets = ( { metric = "leverage"; value = 2.0; } );
free = ( { paths = ["funding.earned_income.alliance_uplift", "funding.subsidy.alliance_uplift"]; min = 0.0; max = 3.0; start = 0.5; } );
CFGEOF
check "calibrate a small problem" sh -c "'$BIN' calibrate '$work/pf.cfg' --targets '$work/small.targets' --json -q -o '$work/pf-cal.cfg' > '$work/cal.json'"
check "calibrated scenario reproduces the fit" sh -c "'$BIN' compare '$work/pf-cal.cfg' --replicates 8 --months 12 --seed 3 --bootstrap 20 --json -o '$work/pfc.h5' | $PY -c '
import json, sys
got = json.load(sys.stdin)[\"horizons\"][0][\"leverage\"][\"estimate\"]
want = json.load(open(\"$work/cal.json\"))[\"targets\"][\"leverage\"][\"achieved\"]
assert abs(got - want) < 1e-9 * max(1, abs(want)), (got, want)
'"
printf 'horizon = 12;\ntargets = ( { metric = "happiness"; value = 2.0; } );\nfree = ( { paths = ["value.productivity"]; min = 1.0; max = 2.0; } );\n' > "$work/bad.targets"
expect_code "calibrate: unknown metric, every one listed" 7 "bad.targets:2: setting 'targets[0].metric': unknown metric 'happiness' (expected frugality, durability" "$BIN" calibrate "$work/pf.cfg" --targets "$work/bad.targets" -o "$work/o/c.cfg"
printf 'horizon = 12;\ntargets = ( { metric = "leverage"; value = 2.0; } );\nfree = ( { paths = ["value.productivity"]; min = 1.0; max = 500.0; } );\n' > "$work/bad2.targets"
expect_error "calibrate: bounds beyond the valid range" "leaves the valid range" "$BIN" calibrate "$work/pf.cfg" --targets "$work/bad2.targets" -o "$work/o/c.cfg"
expect_error "calibrate: missing --targets" "--targets" "$BIN" calibrate "$work/pf.cfg"
# Honest convergence: a target out of reach (leverage 3 needs more than the
# bounds allow) is named with its miss, exit 12, nothing written.
sed 's/value = 2.0;/value = 3.0;/' "$work/small.targets" > "$work/far.targets"
expect_error "calibrate: a missed target is named, nothing written" "targets not met: leverage 2.369 against 3 (-21.0%, tolerance 1%)" "$BIN" calibrate "$work/pf.cfg" --targets "$work/far.targets" -q -o "$work/o/c.cfg"
"$BIN" calibrate "$work/pf.cfg" --targets "$work/far.targets" -q -o "$work/o/c.cfg" >/dev/null 2>&1
[ $? -eq 12 ] && ok "calibrate: missed targets exit with status 12" || ko "calibrate: missed targets exit with status 12"
grep -q "warning: funding.earned_income.alliance_uplift ends at 3, within 1% of its range from its upper bound" "$work/err" && ok "calibrate: a parameter at its bound is reported" || ko "calibrate: a parameter at its bound is reported" "$work/err"
"$BIN" calibrate "$work/pf.cfg" --targets "$work/far.targets" -q --keep-best -o "$work/kb.cfg" >/dev/null 2>"$work/err"
if [ $? -eq 12 ] && grep -q "targets NOT met" "$work/kb.cfg" && grep -q "the best fit was written" "$work/err"; then ok "calibrate --keep-best writes the best fit, still exits 12"; else ko "calibrate --keep-best writes the best fit, still exits 12" "$work/err"; fi
printf 'horizon = 12;\ntargets = (\n  { metric = "leverage"; value = 2.0; tolerance = 2.5; } );\nfree = ( { paths = ["funding.subsidy.alliance_uplift"]; min = 0.0; max = 3.0; } );\n' > "$work/badtol.targets"
expect_error "calibrate: bad tolerance names file and line" "badtol.targets:3: setting 'targets[0].tolerance'" "$BIN" calibrate "$work/pf.cfg" --targets "$work/badtol.targets" -o "$work/o/c.cfg"
for bad in 0 -2 x 3.5 99999; do
  expect_error "calibrate: --starts $bad refused" "--starts: expected an integer" "$BIN" calibrate "$work/pf.cfg" --targets "$work/small.targets" --starts "$bad" -o "$work/o/c.cfg"
done
# Many starts: the same fits whatever the threads; every start agrees here.
for t in 1 2; do
  "$BIN" calibrate "$work/pf.cfg" --targets "$work/small.targets" --starts 4 --threads $t --json -q -o "$work/ms$t.cfg" > "$work/ms$t.json" 2>"$work/err" || ko "calibrate --starts 4 --threads $t" "$work/err"
done
check "calibrate --starts: the same on 1 and 2 threads, all agree" $PY -c "
import json
a, b = (json.load(open('$work/ms%d.json' % t)) for t in (1, 2))
a['calibrated_scenario'] = b['calibrated_scenario']
assert a == b, (a, b)
assert a['starts'] == 4 and a['agree'] == 4 and a['converged'], a
s = a['spread']['funding.earned_income.alliance_uplift']
assert s['min'] <= a['free']['funding.earned_income.alliance_uplift'] <= s['max'] and s['max'] - s['min'] < 0.05, s
assert [f['start'] for f in a['fits']] == [0, 1, 2, 3] and a['fits'][1]['from'] == [1.5], a['fits']
"
# The ensemble of acceptable fits: calibrate writes it, compare runs the
# scenario over it; both files read by h5py and netCDF (ncdump).
check "calibrate --ensemble" "$BIN" calibrate "$work/pf.cfg" --targets "$work/small.targets" --starts 4 -q -o "$work/ens.cfg" --ensemble "$work/ens.h5"
check "compare --ensemble: the fits' spread beside the Monte Carlo interval" sh -c "'$BIN' compare '$work/pf.cfg' --ensemble '$work/ens.h5' --months 90 --replicates 8 --seed 3 --bootstrap 20 --json -q -o '$work/ensc.h5' | $PY -c '
import json, sys
x = json.load(sys.stdin)
assert x[\"fits\"] == 4, x
assert x[\"settings_differing\"] == 0, x
months = [h[\"months\"] for h in x[\"horizons\"]]
assert 18 in months and 84 in months, months
for h in x[\"horizons\"]:
    for k in (\"frugality\", \"durability\", \"leverage\"):
        v = h[k]
        assert v[\"fits_min\"] <= v[\"best\"] <= v[\"fits_max\"], (h[\"months\"], k, v)
        # An interval bound is null when infinite (no closure in a resample).
        assert v[\"low\"] is None or v[\"low\"] <= v[\"best\"], (h[\"months\"], k, v)
        assert v[\"high\"] is None or v[\"best\"] <= v[\"high\"], (h[\"months\"], k, v)
'"
# Fits applied over a scenario that differs from the one calibrated: the
# settings that differ are named (on stderr, in --json and in the file).
check "compare --ensemble: the calibrated scenario's own settings raise no note" sh -c "'$BIN' compare '$work/pf.cfg' --ensemble '$work/ens.h5' --months 24 --replicates 4 --seed 3 --bootstrap 20 -q -o '$work/ense.h5' 2>&1 >/dev/null | grep -c note: | grep -qx 0"
check "compare --ensemble: a setting changed since the calibration is named" sh -c "'$BIN' compare '$work/pf.cfg' --ensemble '$work/ens.h5' --set costs.overhead_eur=4321 --months 24 --replicates 4 --seed 3 --bootstrap 20 --json -q -o '$work/ensd.h5' > '$work/ensd.json' 2> '$work/ensd.err'"
grep -qF "in 1 setting besides the fitted ones: costs.overhead_eur = 4321 here, " "$work/ensd.err" || ko "compare --ensemble: the note names the changed setting and both values" "$work/ensd.err"
check "compare --ensemble: the count in --json and in the file" $PY - "$work/ensd.json" "$work/ensd.h5" <<'PYEOF'
import json, sys, h5py
assert json.load(open(sys.argv[1]))["settings_differing"] == 1
with h5py.File(sys.argv[2], "r") as f:
    assert f.attrs["settings_differing"] == 1
    t = f.attrs["settings_differing_text"]
    assert (t.decode() if isinstance(t, bytes) else t).startswith("costs.overhead_eur = 4321 here, ")
PYEOF
check "ensemble files: netCDF-friendly (fit, parameter) and (fit, horizon)" $PY - "$work/ens.h5" "$work/ensc.h5" <<'PYEOF'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    v = f["fits/values"]
    assert v.dtype == np.float64 and v.shape == (4, 2), v.shape
    assert v.dims[0][0].name == "/fits/fit" and v.dims[1][0].name == "/fits/parameter"
    assert [p.decode() if isinstance(p, bytes) else p for p in f["fits/parameter"][...]] == ["funding.earned_income.alliance_uplift", "funding.subsidy.alliance_uplift"]
    assert np.all(f["fits/met"][...] == 1) and np.all(np.diff(f["fits/objective"][...]) >= 0)
    assert f["starts/values"].shape == (4, 2) and f.attrs["agree"] == 4
    # indices and flags are integers, as every other file's horizons and counts
    for name in ("fits/start", "fits/met", "fits/free_index", "starts/start", "starts/met"):
        assert f[name].dtype == np.int64, (name, f[name].dtype)
    assert list(f["fits/free_index"][...]) == [0, 0]  # two tied paths of one free parameter
with h5py.File(sys.argv[2], "r") as f:
    d = f["ensemble/durability"]
    assert d.shape == (4, len(f["ensemble/horizon"])) and d.dims[1][0].name == "/ensemble/horizon"
    assert f["ensemble/durability_mc"].shape == (len(f["ensemble/horizon"]), 3)
    assert 84 in list(f["ensemble/horizon"][...])
    assert f["ensemble/horizon"].dtype == np.int64
PYEOF
check "ncdump reads the ensemble" ncdump -h "$work/ens.h5"
check "ncdump reads compare's ensemble output" ncdump -h "$work/ensc.h5"
check "compare --ensemble --csv: the file's figures, a row per metric and horizon" sh -c "'$BIN' compare '$work/pf.cfg' --ensemble '$work/ens.h5' --months 90 --replicates 8 --seed 3 --bootstrap 20 --csv -q -o '$work/ensv.h5' > '$work/ensv.out'"
check "compare --ensemble --csv: the CSV equals the HDF5 tables" $PY - "$work/ensv.h5" "$work/ensv.csv" "$work/ensv.out" <<'PYEOF'
import csv, sys, h5py, numpy as np
rows = list(csv.reader(open(sys.argv[2], newline="")))
head = rows[0]
assert head[:8] == ["metric", "horizon [month]", "best fit", "low", "high", "fits min", "fits median", "fits max"], head
assert head[-1] == "unit" and head[8:-1] == ["fit 1", "fit 2", "fit 3", "fit 4"], head
# A non-finite figure (an interval without a closure) is an empty field.
num = lambda x: float("nan") if x == "" else float(x)
same = lambda got, want: np.array_equal(np.array([num(x) for x in got]), np.where(np.isfinite(want), want, np.nan), equal_nan=True)
with h5py.File(sys.argv[1], "r") as f:
    hz = list(f["ensemble/horizon"][...])
    assert len(rows) == 1 + 9 * len(hz), len(rows)
    for r in rows[1:]:
        h = hz.index(float(r[1]))
        mc = f["ensemble/" + r[0] + "_mc"][h]
        fits = f["ensemble/" + r[0]][:, h]
        assert same(r[2:5], mc), (r, mc)
        assert same(r[8:12], fits), (r, fits)
        assert num(r[5]) == fits.min() and num(r[7]) == fits.max(), r
        u = f["ensemble/" + r[0]].attrs["units"]
        assert r[-1] == (u.decode() if isinstance(u, bytes) else u), (r, u)
assert "Figures as CSV in" in open(sys.argv[3]).read()
PYEOF
expect_error "calibrate --ensemble: none met, nothing written" "targets not met" "$BIN" calibrate "$work/pf.cfg" --targets "$work/far.targets" -q -o "$work/o/c.cfg" --ensemble "$work/o/e.h5"
printf 'not hdf5\n' > "$work/fake.h5"
expect_error "compare --ensemble: not an HDF5 file" "fake.h5: not an HDF5 file" "$BIN" compare "$work/pf.cfg" --ensemble "$work/fake.h5" -q -o "$work/o/x.h5"
expect_error "compare --ensemble: missing file" "nofile.h5: cannot read the ensemble" "$BIN" compare "$work/pf.cfg" --ensemble "$work/nofile.h5" -q -o "$work/o/x.h5"
expect_error "compare --ensemble: -o the ensemble itself refused" "would replace the ensemble it reads" "$BIN" compare "$work/pf.cfg" --ensemble "$work/ens.h5" -q -o "$work/ens.h5"
expect_error "calibrate: --ensemble and -o the same file refused" "must be two files" "$BIN" calibrate "$work/pf.cfg" --targets "$work/small.targets" -q -o "$work/o/same" --ensemble "$work/o/same"
expect_error "run --ensemble refused" "--ensemble is an option of compare" "$BIN" run "$work/pf.cfg" --ensemble "$work/ens.h5" -q -o "$work/o/x.h5"

# ---- sweeps -----------------------------------------------------------------
cat > "$work/sw.cfg" <<CFGEOF
base = "$PWD/scenarios/default.cfg";
design = "lhs"; samples = 48; seed = 5; replicates = 3; months = 24; horizons = [12, 24]; block = 8;
parameters = (
  { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 5000.0; },
  { path = "cash.observation_months"; distribution = "levels"; levels = [3, 6, 12]; },
  { path = "costs.overhead_eur"; distribution = "truncated_normal"; mean = 4000.0; sd = 800.0; min = 1000.0; max = 8000.0; }
);
outputs = ( { variable = "cash_eur"; statistics = ["mean", "p05"]; }, { variable = "alive"; } );
CFGEOF
OMP_NUM_THREADS=1 "$BIN" sweep "$work/sw.cfg" -q -o "$work/sw1.h5" >/dev/null 2>"$work/err" || ko "sweep on 1 thread" "$work/err"
OMP_NUM_THREADS=2 "$BIN" sweep "$work/sw.cfg" -q --csv -o "$work/sw2.h5" >/dev/null 2>"$work/err" || ko "sweep on 2 threads" "$work/err"
check "sweep: 1 and 2 threads identical, layout" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/sw1.h5"), h5py.File(f"{w}/sw2.h5")
for name in ("design/unit", "design/values", "outputs"):
    assert np.array_equal(a[name][...], b[name][...]), name
assert a["outputs"].shape == (48, 3, 2)
assert [x.decode() if isinstance(x, bytes) else x for x in a["output"][...]] == ["cash_eur:mean", "cash_eur:p05", "alive:mean"]
assert list(a["horizon"][...]) == [12, 24]
v = a["design/values"][...]
assert set(np.unique(v[:, 1])) <= {3, 6, 12} and v[:, 0].min() >= 0 and v[:, 0].max() <= 5000
u = a["design/unit"][...]
for j in range(3):   # Latin hypercube: one point per stratum
    assert sorted((u[:, j] * 48).astype(int)) == list(range(48))
assert a.attrs["kind"] == "sweep" and a.attrs["design"] == "lhs"
import csv
raw = open(f"{w}/sw2.csv", "rb").read()
assert raw.count(b"\r\n") == 49 and raw.count(b"\n") == 49   # RFC 4180 rows
rows = list(csv.reader(open(f"{w}/sw2.csv", newline="")))
assert len(rows) == 49 and rows[0][:4] == ["sample", "engineering.budget_eur [EUR/month]", "cash.observation_months [month]", "costs.overhead_eur [EUR/month]"], rows[0]
assert rows[0][4:] == [f"{o}@{h} [{u}]" for o, u in (("cash_eur:mean", "EUR"), ("cash_eur:p05", "EUR"), ("alive:mean", "1")) for h in (12, 24)], rows[0]
# Every value reads back to the very double of the HDF5 file, in its
# shortest form (no 0.81000000000000005).
def digits(x):
    return x.lstrip("-").split("e")[0].replace(".", "").strip("0")
vals, outs = b["design/values"][...], b["outputs"][...]
for i, r in enumerate(rows[1:]):
    assert int(r[0]) == i
    assert [float(x) for x in r[1:4]] == list(vals[i]), (i, r)
    assert [float(x) for x in r[4:]] == list(outs[i].ravel()), (i, r)
    for x in r[1:]:
        assert len(digits(x)) <= max(15, len(digits(repr(float(x))))), x
PYEOF

# Killed with kill -9 then resumed: exactly the file an uninterrupted run makes.
sed 's/samples = 48/samples = 3000/; s/block = 8/block = 16/' "$work/sw.cfg" > "$work/big.cfg"
"$BIN" sweep "$work/big.cfg" -q -o "$work/full.h5" >/dev/null 2>&1
"$BIN" sweep "$work/big.cfg" -q -o "$work/cut.h5" >/dev/null 2>&1 &
pid=$!
# Killed once a first record is saved: quick blocks are then evaluated in
# ever larger groups, saved when a group ends, so waiting for more rows let
# the run finish first and the kill test nothing.
for i in $(seq 1 1000); do
  [ -f "$work/cut.h5.partial" ] && [ "$(stat -c %s "$work/cut.h5.partial")" -gt 1000 ] && break
  sleep 0.002
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
if [ -f "$work/cut.h5" ]; then
  ok "sweep: kill -9 (finished before the kill)"
else
  # A torn last record, as a kill in the middle of a write leaves it.
  truncate -s -100 "$work/cut.h5.partial"
  expect_error "sweep: a checkpoint needs --resume" "--resume" "$BIN" sweep "$work/big.cfg" -q -o "$work/cut.h5"
  check "sweep: resume" "$BIN" sweep "$work/big.cfg" -q --resume -o "$work/cut.h5"
  [ ! -f "$work/cut.h5.partial" ] || ko "sweep: checkpoint removed after the resumed run"
fi
check "sweep: killed and resumed = uninterrupted" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/full.h5"), h5py.File(f"{w}/cut.h5")
for name in ("design/unit", "design/values", "outputs"):
    assert np.array_equal(a[name][...], b[name][...]), name
PYEOF
# A signal inside one big block (the whole sweep is one block here) stops
# the sweep within a second, keeps the rows already finished, and exits as
# the shell expects (130 for SIGINT); the resumed sweep is exactly the
# uninterrupted one, whose blocks were small.  The sweep takes 0.6 CPU-s,
# twice the wait before the signal even on both cores, whatever their load
# (the ratio it had at twice the size and twice the wait).
sed 's/samples = 48/samples = 1000/; s/replicates = 3/replicates = 20/; s/months = 24; horizons = \[12, 24\]/months = 84; horizons = [12, 84]/' "$work/sw.cfg" > "$work/blk.cfg"
"$BIN" sweep "$work/blk.cfg" -q -o "$work/blk-full.h5" >/dev/null 2>&1
"$BIN" sweep "$work/blk.cfg" -q --set block=1000000 -o "$work/blk.h5" >/dev/null 2>"$work/blk.err" &
pid=$!
for i in $(seq 1 500); do [ -f "$work/blk.h5.partial" ] && break; sleep 0.01; done
sleep 0.15
t0=$(date +%s%N); kill -INT $pid 2>/dev/null; wait $pid; rc=$?; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
saved=$(sed -n 's/.*interrupted: \([0-9]*\) of 1000 evaluations saved.*/\1/p' "$work/blk.err")
if [ $rc -eq 0 ] && [ -f "$work/blk.h5" ]; then
  ok "sweep: SIGINT in a big block (finished before the signal)"
elif [ $rc -eq 130 ] && [ "$ms" -lt 10000 ] && [ -n "$saved" ] && [ "$saved" -gt 0 ] && [ ! -f "$work/blk.h5" ]; then
  ok "sweep: SIGINT in a big block stops at once ($ms ms, $saved rows kept), exit 130"
  check "sweep: resume after SIGINT in a big block" "$BIN" sweep "$work/blk.cfg" -q --set block=1000000 --resume -o "$work/blk.h5"
else
  ko "sweep: SIGINT in a big block (exit $rc after $ms ms, rows kept: '$saved')" "$work/blk.err"
fi
check "sweep: interrupted in a block and resumed = uninterrupted" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/blk-full.h5"), h5py.File(f"{w}/blk.h5")
for name in ("design/unit", "design/values", "outputs"):
    assert np.array_equal(a[name][...], b[name][...]), name
PYEOF
# Sobol indices from independent uniforms (for more than 20 parameters, or
# intervals that hold at their level): near the analytic indices of Ishigami
# (S1 0.314, 0.442, 0; ST 0.558, 0.442, 0.244) within their intervals' reach,
# and the file says which design.
check "sensitivity: design = random" "$BIN" sensitivity scenarios/ishigami-sobol.cfg --set design=random --set samples=4096 -q -o "$work/ish-random.h5"
check "sensitivity: design = random, indices and the design recorded" $PY - "$work/ish-random.h5" <<'PYEOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
design = f.attrs["design"]
assert (design.decode() if isinstance(design, bytes) else design) == "random (Saltelli)", design
s1, st = f["sobol/S1"][0, 0], f["sobol/ST"][0, 0]
assert np.allclose(s1, [0.314, 0.442, 0.0], atol=0.05), s1
assert np.allclose(st, [0.558, 0.442, 0.244], atol=0.05), st
PYEOF
# The same for a Sobol analysis: a signal inside its one big block saves the
# evaluations that finished, most often inside a base row of the Saltelli
# design (k + 2 = 14 evaluations each), and the resumed analysis must make
# the same rows from there: the same evaluations and indices as uninterrupted
# (it shifted the rows and gave wrong indices).  As above, the analysis
# (0.45 CPU-s) takes twice the wait before the signal even on both cores.
sens="--set samples=64 --set replicates=16 --set block=100000"
"$BIN" sensitivity scenarios/sobol-default.cfg $sens -q -o "$work/sens-full.h5" >/dev/null 2>&1
"$BIN" sensitivity scenarios/sobol-default.cfg $sens -q -o "$work/sens-cut.h5" >/dev/null 2>"$work/sens.err" &
pid=$!
for i in $(seq 1 500); do [ -f "$work/sens-cut.h5.partial" ] && break; sleep 0.01; done
sleep 0.12; kill -INT $pid 2>/dev/null; wait $pid; rc=$?
saved=$(sed -n 's/.*interrupted: \([0-9]*\) of 896 evaluations saved.*/\1/p' "$work/sens.err")
if [ $rc -eq 0 ]; then
  ok "sensitivity: SIGINT in a big block (finished before the signal)"
elif [ $rc -eq 130 ] && [ -n "$saved" ]; then
  check "sensitivity: resume after SIGINT ($saved of 896 saved, $((saved % 14)) into a base row)" "$BIN" sensitivity scenarios/sobol-default.cfg $sens -q --resume -o "$work/sens-cut.h5"
  check "sensitivity: interrupted and resumed = uninterrupted, indices included" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/sens-full.h5"), h5py.File(f"{w}/sens-cut.h5")
names = ["design/unit", "design/values", "outputs"] + ["sobol/" + n for n in a["sobol"]]
for name in names:
    assert np.array_equal(a[name][...], b[name][...], equal_nan=True), name
PYEOF
else
  ko "sensitivity: SIGINT in a big block (exit $rc)" "$work/sens.err"
fi
# A sweep's row is the run of its settings: on common random numbers and
# the scenario's seed, the row's mean and 5% quantile are the run's
# /summary bit for bit (the sweep's mean was summed another way).
printf 'base = "%s/scenarios/default.cfg";\nseed = 20260101;\nsamples = 8;\nreplicates = 23;\nmonths = 84;\nhorizons = [84];\ncommon_random_numbers = true;\nparameters = ( { path = "engineering.budget_eur"; distribution = "levels"; levels = [1500.0, 3000.0]; } );\noutputs = ( { variable = "cash_eur"; statistics = ["mean", "p05"]; } );\n' "$PWD" > "$work/row-run.cfg"
"$BIN" sweep "$work/row-run.cfg" -q -o "$work/row-run.h5" >/dev/null 2>&1
"$BIN" run scenarios/default.cfg --set engineering.budget_eur=3000 --replicates 23 --months 84 -q -o "$work/row-run-3000.h5" >/dev/null 2>&1
check "sweep: a row's statistics are the run's, bit for bit" $PY - "$work" <<'PYEOF'
import sys, h5py
w = sys.argv[1]
s, r = h5py.File(f"{w}/row-run.h5"), h5py.File(f"{w}/row-run-3000.h5")
st = [x.decode() if isinstance(x, bytes) else x for x in r["summary/statistic"][...]]
h = list(r["summary/horizon"][...]).index(84)
want = (r["summary/cash_eur"][h, st.index("mean")], r["summary/cash_eur"][h, st.index("p05")])
rows = [i for i, v in enumerate(s["design/values"][:, 0]) if v == 3000.0]
assert rows, s["design/values"][...]
for i in rows:
    got = tuple(s["outputs"][i, :, 0])
    assert got == want, (i, got, want)
PYEOF
# A sweep that fails on its first row leaves no checkpoint behind (it stood
# in the way of the next run, whose message called it an interrupted run).
printf 'base = "%s/scenarios/default.cfg";\nsamples = 4;\nreplicates = 2;\nmonths = 12;\nhorizons = [12];\nparameters = ( { path = "alliances.positioning.engineering_share"; distribution = "uniform"; min = 0.3; max = 0.5; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/cons.cfg"
expect_code "sweep: a row that fails leaves no checkpoint" 8 "row 0 of the design" "$BIN" sweep "$work/cons.cfg" -q -o "$work/o/cons.h5"
# SIGTERM gives 143, the checkpoint kept for --resume: the signal comes
# just after the checkpoint exists, inside the sweep's one block (what that
# block saves is checked above, for SIGINT).
"$BIN" sweep "$work/blk.cfg" -q --set block=1000000 -o "$work/blt.h5" >/dev/null 2>"$work/err" &
pid=$!
for i in $(seq 1 500); do [ -f "$work/blt.h5.partial" ] && break; sleep 0.01; done
sleep 0.05; kill -TERM $pid 2>/dev/null; wait $pid; rc=$?
if [ $rc -eq 0 ]; then ok "sweep: SIGTERM (finished before the signal)"
elif [ $rc -eq 143 ] && grep -q "run again with --resume" "$work/err" && [ -f "$work/blt.h5.partial" ]; then ok "sweep: SIGTERM exits 143, checkpoint kept"
else ko "sweep: SIGTERM exits 143 (exit $rc)" "$work/err"; fi

sed 's/seed = 5/seed = 6/' "$work/big.cfg" > "$work/big2.cfg"
cp "$work/big2.cfg" "$work/bigx.cfg"
# A sweep killed once its checkpoint exists (polled: a fixed sleep let a
# loaded machine kill it before, and the check then never ran).
kill_at_checkpoint() {
  "$BIN" sweep "$1" -q -o "$2" >/dev/null 2>&1 &
  pid=$!
  for i in $(seq 1 500); do [ -f "$2.partial" ] && break; sleep 0.01; done
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
}
kill_at_checkpoint "$work/bigx.cfg" "$work/x.h5"
if [ ! -f "$work/x.h5.partial" ]; then
  ko "sweep: resume of a changed file refused (no checkpoint to resume)"
else
  sed -i 's/seed = 6/seed = 8/' "$work/bigx.cfg"
  rm -rf "$work/o"; mkdir -p "$work/o"
  if "$BIN" sweep "$work/bigx.cfg" -q --resume -o "$work/x.h5" >/dev/null 2>"$work/err"; then ko "sweep: resume of a changed file refused"; else grep -q "another sweep" "$work/err" && ok "sweep: resume of a changed file refused" || ko "sweep: resume of a changed file refused" "$work/err"; fi
fi

# ... and so is a resume whose --set values differ (rows would mix).
sed -i 's/seed = 8/seed = 6/' "$work/bigx.cfg"
rm -f "$work/x.h5" "$work/x.h5.partial"
kill_at_checkpoint "$work/bigx.cfg" "$work/x.h5"
if [ ! -f "$work/x.h5.partial" ]; then
  ko "sweep: resume with other --set refused (no checkpoint to resume)"
else
  if "$BIN" sweep "$work/bigx.cfg" -q --resume --set replicates=4 -o "$work/x.h5" >/dev/null 2>"$work/err"; then ko "sweep: resume with other --set refused"; else grep -q "another sweep" "$work/err" && ok "sweep: resume with other --set refused" || ko "sweep: resume with other --set refused" "$work/err"; fi
fi

printf 'base = "%s/scenarios/default.cfg";\nparameters = ( { path = "engineering.budjet_eur"; distribution = "uniform"; min = 0.0; max = 1.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/swbad1.cfg"
expect_error "sweep: unknown parameter" "swbad1.cfg:2" "$BIN" sweep "$work/swbad1.cfg" -q -o "$work/o/s.h5"
printf 'base = "%s/scenarios/default.cfg";\nparameters = ( { path = "engineering.budget_eur"; distribution = "normal"; mean = 3000.0; sd = 500.0; min = 2500.0; max = 3500.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/swdist1.cfg"
expect_error "sweep: a key the distribution does not read is refused" "'parameters[0].min': distribution \"normal\" does not read it (truncated_normal takes" "$BIN" sweep "$work/swdist1.cfg" -q -o "$work/o/s.h5"
printf 'base = "%s/scenarios/default.cfg";\nparameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/swdist2.cfg"
expect_error "sweep: a key the distribution needs is named" "distribution \"uniform\" needs 'max'" "$BIN" sweep "$work/swdist2.cfg" -q -o "$work/o/s.h5"
expect_error "sweep: a misspelt parameter is suggested" "did you mean 'engineering.budget_eur'?" "$BIN" sweep "$work/swbad1.cfg" -q -o "$work/o/s.h5"
sed 's/budjet_eur/budget_eur/; s/"alive"/"cash_euro"/' "$work/swbad1.cfg" > "$work/swbad1v.cfg"
expect_error "sweep: a misspelt output variable is suggested" "did you mean 'cash_eur'?" "$BIN" sweep "$work/swbad1v.cfg" -q -o "$work/o/s.h5"
printf 'base = "%s/scenarios/default.cfg";\nparameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = -5.0; max = 1.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/swbad2.cfg"
expect_error "sweep: range beyond the parameter's" "must lie in" "$BIN" sweep "$work/swbad2.cfg" -q -o "$work/o/s.h5"
printf 'base = "%s/scenarios/default.cfg";\nparameters = ( { path = "engineering.budget_eur"; distribution = "gaussian"; mean = 1.0; sd = 1.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/swbad3.cfg"
expect_code "sweep: unknown distribution (a word outside its choices, as for a scenario's)" 6 "unknown distribution 'gaussian'" "$BIN" sweep "$work/swbad3.cfg" -q -o "$work/o/s.h5"
# min above max is one class of error (6) in a sweep and in calibrate alike.
printf 'base = "%s/scenarios/default.cfg";\nparameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 5.0; max = 1.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/swminmax.cfg"
expect_code "sweep: min above max is out of range, at its line" 6 "swminmax.cfg:2: setting 'parameters[0]' (engineering.budget_eur): uniform: min (5) must be less than max (1)" "$BIN" sweep "$work/swminmax.cfg" -q -o "$work/o/s.h5"
printf 'horizon = 12;\ntargets = ( { metric = "leverage"; value = 2.0; } );\nfree = ( { paths = ["value.productivity"]; min = 2.0; max = 1.0; } );\n' > "$work/minmax.targets"
expect_code "calibrate: min above max is out of range, at its line" 6 "minmax.targets:3: setting 'free[0]': expected min < max" "$BIN" calibrate scenarios/fonds-odd17-base.cfg --targets "$work/minmax.targets" -o "$work/o/c.cfg"
sed 's/"gaussian"/"unifrom"/' "$work/swbad3.cfg" > "$work/swbad3b.cfg"
expect_code "sweep: a misspelt distribution gets the closest" 6 "unknown distribution 'unifrom' (did you mean 'uniform'?" "$BIN" sweep "$work/swbad3b.cfg" -q -o "$work/o/s.h5"
printf 'base = "%s/scenarios/default.cfg";\ndesing = "lhs";\nparameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 1.0; } );\noutputs = ( { variable = "alive"; } );\n' "$PWD" > "$work/swbad4.cfg"
expect_error "sweep: unknown setting" "swbad4.cfg:2: unknown setting 'desing'" "$BIN" sweep "$work/swbad4.cfg" -q -o "$work/o/s.h5"
printf 'base = "%s/scenarios/default.cfg";\nparameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 1.0; } );\noutputs = ( { variable = "alive"; statistics = ["median"]; } );\n' "$PWD" > "$work/swbad5.cfg"
expect_code "sweep: unknown statistic" 6 "unknown statistic 'median'" "$BIN" sweep "$work/swbad5.cfg" -q -o "$work/o/s.h5"
check "sweep file with a grid runs" "$BIN" sweep scenarios/sweep-engineering.cfg -q --set replicates=2 --set months=20 -o "$work/g.h5"

# Lever indicators of the horizon matrix as sweep outputs.
cat > "$work/lev.cfg" <<CFGEOF
base = "$PWD/scenarios/default.cfg";
design = "random"; samples = 16; seed = 1; replicates = 4; months = 84; horizons = [84]; block = 8;
parameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 6000.0; } );
outputs = ( { variable = "lever.transformative_collective_action"; } );
CFGEOF
check "sweep: a lever indicator as output" "$BIN" sweep "$work/lev.cfg" -q -o "$work/lev.h5"
check "lever indicator rises with engineering" $PY -c '
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
v, o = f["design/values"][:, 0], f["outputs"][:, 0, 0]
assert ((o >= 0) & (o <= 1)).all() and np.corrcoef(v, o)[0, 1] > 0.5
' "$work/lev.h5"

# A portfolio sweep: a template setting applies to every project.
cat > "$work/swpf.cfg" <<CFGEOF
base = "pf.cfg"; design = "random"; samples = 6; seed = 2; replicates = 2; months = 18; block = 3;
parameters = ( { path = "human.employees.fte"; distribution = "uniform"; min = 1.0; max = 2.0; },
               { path = "fund.budget_eur"; distribution = "uniform"; min = 0.0; max = 100000.0; } );
outputs = ( { variable = "employees_fte"; }, { variable = "fund_invested_eur"; } );
CFGEOF
check "sweep over a portfolio" "$BIN" sweep "$work/swpf.cfg" -q -o "$work/swpf.h5"
check "portfolio sweep: every project takes the value" $PY - "$work/swpf.h5" <<'PYEOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
v, o = f["design/values"][...], f["outputs"][...]
assert f.attrs["model"] == "portfolio"
# 4 projects: the fund's monthly spend follows its budget over 24 months
assert np.allclose(o[:, 1, 0], v[:, 1] / 24)
PYEOF

# Fund metrics as sweep outputs: the dose-response curve of the fund's
# budget (the shipped sweep file, on 3 replicates): no budget, neutral; the
# leverage of each euro falls as the budget grows.
check "sweep of fund.budget_eur with leverage as output writes its curve" sh -c "'$BIN' sweep scenarios/sweep-fund-budget.cfg --set replicates=3 --csv -q -o '$work/sfb.h5'"
check "the fund's curve: neutral at 0, leverage falling with the budget" $PY - "$work/sfb.csv" "$work/sfb.h5" <<'PYEOF'
import csv, sys, h5py
# The header carries units: "leverage@36 [1]".
rows = [{k.split(" [")[0]: v for k, v in r.items()} for r in csv.DictReader(open(sys.argv[1]))]
head = open(sys.argv[1]).readline()
assert "leverage@36 [1]" in head and "fund.budget_eur [EUR]" in head, head
budget = [float(r["fund.budget_eur"]) for r in rows]
lev = [float(r["leverage@36"]) for r in rows]
assert budget == [0, 250000, 500000, 1000000, 1500000, 3000000, 6000000], budget
assert lev[0] == 0 and float(rows[0]["frugality@36"]) == 1 and float(rows[0]["durability@84"]) == 1, rows[0]
assert all(a > b > 0 for a, b in zip(lev[1:], lev[2:])), lev
assert all(float(r["durability@36"]) > 1 for r in rows[1:]), rows
with h5py.File(sys.argv[2], "r") as f:
    names = [n.decode() if isinstance(n, bytes) else n for n in f["output"][...]]
    assert "leverage" in names and "prime_alliance_share" in names, names
PYEOF
cat > "$work/fund-sens.cfg" <<CFGEOF
base = "$PWD/scenarios/fonds-odd17.cfg";
samples = 8; seed = 5; replicates = 2; months = 36; horizons = [36];
parameters = (
  { path = "innovation.hazard_alliance_cut"; distribution = "uniform"; min = 0.0; max = 0.99; },
  { path = "alliances.production.value_uplift"; distribution = "uniform"; min = 0.0; max = 1.0; }
);
outputs = ( { metric = "durability"; }, { metric = "frugality"; } );
sensitivity: { method = "sobol"; };
CFGEOF
check "sensitivity of the fund's figures to the model's assumptions" sh -c "'$BIN' sensitivity '$work/fund-sens.cfg' -q --json -o '$work/fs.h5' | $PY -c '
import json, sys
x = json.dumps(json.load(sys.stdin))
assert \"durability\" in x and \"frugality\" in x, x[:400]
'"
printf 'base = "%s/scenarios/fonds-odd17.cfg"; design = "grid";\nparameters = ( { path = "fund.budget_eur"; distribution = "levels"; levels = [0.0, 1.0]; } );\noutputs = ( { metric = "happiness"; } );\n' "$PWD" > "$work/badm.cfg"
expect_code "sweep: unknown fund metric named with file and line" 7 "badm.cfg:3: setting 'outputs[0].metric': unknown metric 'happiness'" "$BIN" sweep "$work/badm.cfg" -q -o "$work/o/x.h5"

# ---- sensitivity ------------------------------------------------------------
check "sensitivity: Ishigami, N = 16384" sh -c "'$BIN' sensitivity scenarios/ishigami-sobol.cfg -q --json -o '$work/ish.h5' > '$work/ish.json'"
check "Ishigami indices within 0.02, analytic values inside the intervals" $PY - "$work/ish.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))["outputs"]["y:mean"]["1"]
S = {"x1": (0.3139, 0.5576), "x2": (0.4424, 0.4424), "x3": (0.0, 0.2437)}
for p, (s1, st) in S.items():
    x = d[p]
    assert abs(x["S1"] - s1) < 0.02 and abs(x["ST"] - st) < 0.02, (p, x)
    assert x["S1_low"] <= s1 <= x["S1_high"] and x["ST_low"] <= st <= x["ST_high"], (p, x)
PYEOF
check "sensitivity: the file and --json say how the intervals were computed" $PY - "$work/ish.h5" "$work/ish.json" <<'PYEOF'
import json, sys, h5py
f, j = h5py.File(sys.argv[1], "r"), json.load(open(sys.argv[2]))
for n in ("S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"):
    a = f["sobol/" + n].attrs
    assert a["intervals"] == "asymptotic", (n, dict(a))
    assert "delta method" in a["intervals_method"], a["intervals_method"]
    assert a["confidence"] == 0.95 and "bootstrap_resamples" not in a, dict(a)
assert "lower bound" in f["sobol/S1_low"].attrs["description"]
assert j["intervals"] == "asymptotic" and j["confidence"] == 0.95, j
assert j["bootstrap_resamples"] is None, j
PYEOF
# The bootstrap on request: the same estimates, bit for bit, intervals of
# about the same width, and the file says so.
"$BIN" sensitivity scenarios/ishigami-sobol.cfg -q --set samples=4096 -o "$work/isha.h5" > /dev/null 2>&1
check "sensitivity: intervals = bootstrap" sh -c "'$BIN' sensitivity scenarios/ishigami-sobol.cfg -q --set samples=4096 --set sensitivity.intervals=bootstrap --set sensitivity.bootstrap=100 -o '$work/ishb.h5' > '$work/ishb.txt'"
check "sensitivity: bootstrap and asymptotic intervals agree, estimates identical" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/isha.h5", "r"), h5py.File(f"{w}/ishb.h5", "r")
for n in ("S1", "ST"):
    assert np.array_equal(a["sobol/" + n][...], b["sobol/" + n][...]), n
    wa = a[f"sobol/{n}_high"][...] - a[f"sobol/{n}_low"][...]
    wb = b[f"sobol/{n}_high"][...] - b[f"sobol/{n}_low"][...]
    assert np.all(np.abs(wa / wb - 1) < 0.35), (n, wa, wb)
at = b["sobol/ST_low"].attrs
assert at["intervals"] == "bootstrap" and at["bootstrap_resamples"] == 100, dict(at)
assert "percentile bootstrap" in at["intervals_method"]
assert "95% bootstrap intervals of 100 resamples" in open(f"{w}/ishb.txt").read()
PYEOF
printf 'model = "ishigami";\nparameters = ( { path = "x1"; distribution = "uniform"; min = -3.0; max = 3.0; } );\noutputs = ( { variable = "y"; } );\nsensitivity = {\n  intervals = "jackknife"; };\n' > "$work/senint.cfg"
expect_code "sensitivity: unknown interval method, with file and line" 6 "senint.cfg:5: setting 'sensitivity.intervals': unknown method 'jackknife' (expected asymptotic or bootstrap)" "$BIN" sensitivity "$work/senint.cfg" -q -o "$work/o/s.h5"
printf 'model = "ishigami";\nparameters = ( { path = "x1"; distribution = "uniform"; min = -3.0; max = 3.0; } );\noutputs = ( { variable = "y"; } );\nsensitivity = {\n  bootstrap = 300; };\n' > "$work/senboot.cfg"
# A file of before the asymptotic intervals, with a bootstrap count and no
# method, keeps its meaning: bootstrap intervals.
check "sensitivity: a bootstrap count alone asks for bootstrap intervals" sh -c "'$BIN' sensitivity '$work/senboot.cfg' -q --set samples=256 -o '$work/senboot.h5' && $PY -c \"import h5py; a = h5py.File('$work/senboot.h5')['sobol/S1_low'].attrs; assert a['intervals'] == 'bootstrap' and a['bootstrap_resamples'] == 300, dict(a)\""
printf 'model = "ishigami";\nparameters = ( { path = "x1"; distribution = "uniform"; min = -3.0; max = 3.0; } );\noutputs = ( { variable = "y"; } );\nsensitivity = {\n  intervals = "asymptotic";\n  bootstrap = 300; };\n' > "$work/senboth.cfg"
expect_error "sensitivity: a bootstrap count beside asymptotic intervals" "senboth.cfg:5 asks for asymptotic intervals" "$BIN" sensitivity "$work/senboth.cfg" -q -o "$work/o/s.h5"
expect_error "sensitivity: ... given by --set" "--set: setting 'sensitivity.bootstrap' = 20 is used only" "$BIN" sensitivity scenarios/ishigami-sobol.cfg -q --set sensitivity.bootstrap=20 -o "$work/o/s.h5"
check "sensitivity: bootstrap = 300 with intervals = bootstrap" sh -c "sed 's/bootstrap = 300;/bootstrap = 300; intervals = \"bootstrap\";/' '$work/senboot.cfg' > '$work/senboot2.cfg' && '$BIN' sensitivity '$work/senboot2.cfg' -q --set samples=64 -o '$work/senboot2.h5' >/dev/null"
check "sensitivity: Morris on Ishigami" sh -c "'$BIN' sensitivity scenarios/ishigami-sobol.cfg -q --set sensitivity.method=morris --set sensitivity.trajectories=200 --json -o '$work/ishm.h5' | $PY -c '
import json, sys
d = json.load(sys.stdin)[\"outputs\"][\"y:mean\"][\"1\"]
assert all(d[p][\"mu_star\"] > 0 for p in d), d
assert d[\"x3\"][\"sigma\"] > d[\"x3\"][\"mu_star\"] * 0.5, d[\"x3\"]   # x3 acts through its interaction
'"
sens_small="-q --set samples=32 --set replicates=2"
OMP_NUM_THREADS=1 "$BIN" sensitivity scenarios/sobol-default.cfg $sens_small -o "$work/sd1.h5" >/dev/null 2>&1
OMP_NUM_THREADS=2 "$BIN" sensitivity scenarios/sobol-default.cfg $sens_small -o "$work/sd2.h5" > "$work/sd.txt" 2>&1
check "sensitivity of the default scenario: ranked table, threads do not matter" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/sd1.h5"), h5py.File(f"{w}/sd2.h5")
assert a["sobol/ST"].shape == (4, 1, 12)
for n in ("outputs", "sobol/S1", "sobol/ST", "sobol/ST_low"):
    assert np.array_equal(a[n][...], b[n][...]), n
text = open(f"{w}/sd.txt").read()
assert "alive:mean at 84 months" in text and "ST [interval]" in text
PYEOF
# Killed with kill -9 and resumed: the outputs kept in memory for the
# indices come from the checkpoint for the rows saved before the kill, and
# every dataset, indices and intervals included, is the uninterrupted run's.
# The kill comes at the first of its 16 records (its partial file grows
# 25 kB a block).
sens_resume="-q --set samples=128 --set replicates=8 --set block=8"
"$BIN" sensitivity scenarios/sobol-default.cfg $sens_resume -o "$work/sr-full.h5" >/dev/null 2>&1
"$BIN" sensitivity scenarios/sobol-default.cfg $sens_resume -o "$work/sr-cut.h5" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 300); do
  [ -f "$work/sr-cut.h5.partial" ] && [ "$(stat -c %s "$work/sr-cut.h5.partial")" -gt 20000 ] && break
  sleep 0.01
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
if [ -f "$work/sr-cut.h5" ]; then
  ok "sensitivity: kill -9 (finished before the kill)"
else
  check "sensitivity: resume" "$BIN" sensitivity scenarios/sobol-default.cfg $sens_resume --resume -o "$work/sr-cut.h5"
fi
check "sensitivity: killed and resumed = uninterrupted, indices included" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/sr-full.h5", "r"), h5py.File(f"{w}/sr-cut.h5", "r")
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
assert "sobol/ST_low" in names and "outputs" in names, names
for n in names:
    x, y = a[n][()], b[n][()]
    if x.dtype.kind == "f":
        assert np.array_equal(x.view(np.uint64), y.view(np.uint64)), n
    else:
        assert np.array_equal(x, y), n
PYEOF
# Quick blocks are evaluated in groups but saved one record each: a
# checkpoint cut by kill -9 holds records of exactly a block's rows (512
# samples x 5 evaluations), and resumes to the uninterrupted run's file.
grp="-q --set samples=262144 --set block=512"
"$BIN" sensitivity scenarios/ishigami-sobol.cfg $grp -o "$work/grp-full.h5" >/dev/null 2>&1
"$BIN" sensitivity scenarios/ishigami-sobol.cfg $grp -o "$work/grp.h5" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 400); do
  [ -f "$work/grp.h5.partial" ] && [ "$(stat -c %s "$work/grp.h5.partial")" -gt 4000000 ] && break
  sleep 0.005
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
if [ -f "$work/grp.h5" ]; then
  ok "sensitivity: quick blocks in groups (finished before the kill)"
else
  check "sensitivity: quick blocks in groups, one record per block" $PY - "$work/grp.h5.partial" <<'PYEOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
at, counts = 48, []
while at + 32 <= len(data):
    magic, first, count, _ = struct.unpack_from("<8sQQQ", data, at)
    if magic != b"ASIMBLK2" or at + 32 + count * 7 * 8 > len(data):
        break
    assert first == sum(counts), (first, counts)
    counts.append(count)
    at += 32 + count * 7 * 8
assert len(counts) >= 2 and set(counts) == {512 * 5}, counts
PYEOF
  check "sensitivity: resume after a group" "$BIN" sensitivity scenarios/ishigami-sobol.cfg $grp --resume -o "$work/grp.h5"
  check "sensitivity: grouped, killed and resumed = uninterrupted" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/grp-full.h5", "r"), h5py.File(f"{w}/grp.h5", "r")
for n in ("design/unit", "outputs", "sobol/S1", "sobol/ST_high"):
    assert np.array_equal(a[n][...], b[n][...]), n
PYEOF
fi
rm -f "$work"/grp*.h5
check "sensitivity: year by year" sh -c "'$BIN' sensitivity scenarios/sobol-default.cfg $sens_small --set sensitivity.yearly=true --json -o '$work/sdy.h5' | $PY -c '
import json, sys
d = json.load(sys.stdin)[\"outputs\"][\"alive:mean\"]
assert sorted(map(int, d)) == [12, 24, 36, 48, 60, 72, 84], sorted(d)
'"
check "sensitivity: the file tells report horizons from the added year ends" $PY - "$work/sdy.h5" <<'PYEOF'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
assert list(f["horizon"][...]) == [12, 24, 36, 48, 60, 72, 84]
assert list(f["report_horizon"][...]) == [0, 0, 0, 0, 0, 0, 1], f["report_horizon"][...]
assert f["report_horizon"].dims[0][0].name == "/horizon"
PYEOF
"$BIN" sensitivity scenarios/ishigami-sobol.cfg -q --set samples=1000 -o "$work/ish2.h5" > /dev/null 2> "$work/err"
grep -q "power of two" "$work/err" && ok "sensitivity: warns when N is not a power of two" || ko "sensitivity: warns when N is not a power of two" "$work/err"
printf 'model = "ishigami";\nparameters = ( { path = "x1"; distribution = "uniform"; min = -3.0; max = 3.0; } );\noutputs = ( { variable = "y"; } );\nsensitivity = { method = "fast"; };\n' > "$work/senbad.cfg"
expect_code "sensitivity: unknown method" 6 "unknown method 'fast'" "$BIN" sensitivity "$work/senbad.cfg" -q -o "$work/o/s.h5"
# An output constant in the base samples A and B but not in the others:
# the indices are undefined (their variance is 0) and the output is not
# called constant (it was: "the output is 0 in every one of the 15").
printf 'model = "ishigami";\ndesign = "random";\nsamples = 3;\nseed = 13;\nparameters = (\n  { path = "x1"; distribution = "levels"; levels = [0.0, 1.5707963267948966]; },\n  { path = "x3"; distribution = "levels"; levels = [1.0, 0.0]; },\n  { path = "b"; distribution = "levels"; levels = [-1.0]; }\n);\noutputs = ( { variable = "y"; } );\n' > "$work/senab.cfg"
check "sensitivity: an output constant in A and B only" sh -c "'$BIN' sensitivity '$work/senab.cfg' -q -o '$work/senab.h5' --csv > '$work/senab.out'"
grep -q "the output is 0 in all 6 evaluations of the base samples A and B" "$work/senab.out" || ko "sensitivity: constant in A and B, said so" "$work/senab.out"
grep -q "in every one of the" "$work/senab.out" && ko "sensitivity: constant in A and B is not called constant everywhere" "$work/senab.out"
$PY - "$work/senab.h5" <<'PYEOF' || ko "sensitivity: the output does vary outside A and B (the case is the one meant)"
import sys, h5py, numpy as np
y = h5py.File(sys.argv[1], "r")["outputs"][...]
assert np.ptp(y) > 0, y
PYEOF
grep -q "output constant in A and B" "$work/senab-indices.csv" || ko "sensitivity: the CSV note says constant in A and B" "$work/senab-indices.csv"
# One method's settings under the other are named in a note (a file written
# for Sobol run as Morris by --set reads no samples).
check "sensitivity: Morris names the Sobol settings it does not read" sh -c "'$BIN' sensitivity scenarios/ishigami-sobol.cfg --set sensitivity.method=morris --set sensitivity.trajectories=4 -q -o '$work/unread.h5' 2> '$work/unread.err' > /dev/null"
grep -q "note: the Morris screening does not read these settings: samples (scenarios/ishigami-sobol.cfg:[0-9]*), sensitivity.intervals" "$work/unread.err" || ko "sensitivity: the note names samples and its line" "$work/unread.err"
check "sensitivity: Sobol names the Morris setting it does not read" sh -c "'$BIN' sensitivity scenarios/ishigami-sobol.cfg --set samples=16 --set sensitivity.trajectories=4 -q -o '$work/unread2.h5' 2> '$work/unread2.err' > /dev/null"
grep -q "note: the Sobol analysis does not read this setting: sensitivity.trajectories (--set)" "$work/unread2.err" || ko "sensitivity: the note names trajectories from --set" "$work/unread2.err"
check "sensitivity: no note when every setting is read" sh -c "'$BIN' sensitivity scenarios/ishigami-sobol.cfg --set samples=16 -q -o '$work/unread3.h5' 2>&1 >/dev/null | grep -c 'does not read' | grep -qx 0"
# p5 and p05 are one statistic; sd of one replicate is no spread but
# undefined.
printf 'base = "%s/scenarios/default.cfg";\nreplicates = 2;\nparameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 1.0; } );\noutputs = ( { variable = "alive"; statistics = ["p5", "mean", "p05"]; } );\n' "$PWD" > "$work/swdup.cfg"
expect_code "sweep: p5 and p05 are one output, refused twice" 8 "swdup.cfg:4: output 'alive:p05' is listed twice (as 'alive:p5')" "$BIN" sweep "$work/swdup.cfg" -q -o "$work/o/s.h5"
sed 's/"p5", "mean", "p05"/"sd"/' "$work/swdup.cfg" > "$work/swsd.cfg"
expect_code "sweep: sd of one replicate refused" 8 "'sd' needs at least 2 replicates a sample (the sweep has 1)" "$BIN" sweep "$work/swsd.cfg" --set replicates=1 -q -o "$work/o/s.h5"
# Without common random numbers every evaluation has a stream of its own:
# a 32-bit field, refused beyond it (streams would be reused).
expect_code "sensitivity: more evaluations than streams refused" 6 "14000000000 evaluations with common_random_numbers = false" "$BIN" sensitivity scenarios/sobol-default.cfg --set samples=1000000000 --set common_random_numbers=false -q -o "$work/o/s.h5"
# Too few bootstrap resamples leave a tail of the interval empty.
expect_code "compare: --bootstrap below 20 refused" 6 "--bootstrap 19: a 90% interval needs at least 20 resamples" "$BIN" compare scenarios/default.cfg --bootstrap 19 -q -o "$work/o/c.h5"
expect_code "sensitivity: a bootstrap count too small for its level refused" 6 "--set: setting 'sensitivity.bootstrap' = 200: a 99.9% interval needs at least 2000 resamples" "$BIN" sensitivity scenarios/ishigami-sobol.cfg --set samples=64 --set sensitivity.intervals=bootstrap --set sensitivity.confidence=0.999 -q -o "$work/o/s.h5"
# An analytic function has no months nor replicates: asking for them is
# refused where it was asked (they were ignored).
printf 'model = "ishigami";\nmonths = 12;\nparameters = ( { path = "x1"; distribution = "uniform"; min = -3.0; max = 3.0; } );\noutputs = ( { variable = "y"; } );\n' > "$work/senmonths.cfg"
expect_code "sensitivity: months of an analytic function refused at its line" 8 "senmonths.cfg:2: setting 'months': the ishigami model is evaluated once per sample" "$BIN" sensitivity "$work/senmonths.cfg" -q -o "$work/o/s.h5"
expect_code "sweep: replicates of an analytic function refused, named --set" 8 "--set: setting 'replicates': the ishigami model" "$BIN" sweep scenarios/ishigami-sobol.cfg --set samples=8 --set replicates=4 -q -o "$work/o/s.h5"
: > "$work/empty.cfg"
expect_error "sweep: empty file" "empty.cfg: empty sweep file" "$BIN" sweep "$work/empty.cfg" -q -o "$work/o/s.h5"
expect_error "sensitivity: empty file" "empty.cfg: empty sweep file" "$BIN" sensitivity "$work/empty.cfg" -q -o "$work/o/s.h5"

# ---- bad input ---------------------------------------------------------------
printf 'simulation: {\n  months = = 3;\n};\n' > "$work/syntax.cfg"
expect_error "syntax error" "syntax.cfg:2" "$BIN" run "$work/syntax.cfg" $out
printf '\nhuman: { employees: { fte = "eight"; }; };\n' > "$work/type.cfg"
expect_error "wrong type" "type.cfg:2: setting 'human.employees.fte': expected a number" "$BIN" run "$work/type.cfg" $out
printf 'cash: {\n  observation_months = 0;\n};\n' > "$work/range.cfg"
expect_error "out of range" "range.cfg:2: setting 'cash.observation_months'" "$BIN" run "$work/range.cfg" $out
printf 'human: {\n  employes: { fte = 3.0; };\n};\n' > "$work/unknown.cfg"
expect_error "unknown setting" "unknown.cfg:2: unknown setting 'human.employes'" "$BIN" run "$work/unknown.cfg" $out
expect_error "missing file" "no-such.cfg: cannot open scenario file" "$BIN" run "$work/no-such.cfg" $out
# Top-level files that are not regular ones are refused before reading:
# /dev/zero would take all memory, a FIFO would wait for ever.
mkfifo "$work/fifo.cfg"
expect_error "run: /dev/zero refused" "/dev/zero: cannot read: a device, not a regular file" timeout 20 "$BIN" run /dev/zero $out
expect_error "ratios: /dev/zero refused" "/dev/zero: cannot read: a device" timeout 20 "$BIN" ratios /dev/zero
expect_error "run: a FIFO refused" "fifo.cfg: cannot read: a FIFO" timeout 20 "$BIN" run "$work/fifo.cfg" $out
expect_error "sweep: a FIFO refused" "fifo.cfg: cannot read: a FIFO" timeout 20 "$BIN" sweep "$work/fifo.cfg" -q -o "$work/o/s.h5"
expect_error "sensitivity: a directory refused" "cannot read: a directory" timeout 20 "$BIN" sensitivity "$work" -q -o "$work/o/s.h5"
expect_error "calibrate: /dev/zero targets refused" "/dev/zero: cannot read: a device" timeout 20 "$BIN" calibrate scenarios/default.cfg --targets /dev/zero -q -o "$work/o/c.cfg"
truncate -s 17M "$work/huge.cfg"
expect_error "run: a file beyond 16 MiB refused" "more than the 16 MiB" "$BIN" run "$work/huge.cfg" $out
touch "$work/o-blocker"
expect_error "unwritable output" "cannot create directory" "$BIN" run scenarios/default.cfg $small -o "$work/o-blocker/x.h5"
# An output that names a directory or is empty is refused before any
# work, not at the final rename.
expect_error "run: output is a directory" "names a directory" "$BIN" run scenarios/default.cfg -q -o "$work/o"
expect_error "run: empty --output" "expected a file name" "$BIN" run scenarios/default.cfg -q -o ""
expect_error "compare: output is a directory" "names a directory" "$BIN" compare scenarios/default.cfg -q -o "$work/o/"
expect_error "sweep: output is a directory" "names a directory" "$BIN" sweep scenarios/sobol-default.cfg -q -o "$work/o"
expect_error "sweep: empty -o" "expected a file name" "$BIN" sweep scenarios/sobol-default.cfg -q -o ""
cp scenarios/fonds-odd17-base.cfg "$work/self.cfg"
if "$BIN" calibrate "$work/self.cfg" --targets scenarios/fonds-odd17.targets -q -o "$work/self.cfg" >/dev/null 2>"$work/err"; then ko "calibrate: -o the scenario itself refused (exit 0)"; elif grep -q "would replace" "$work/err" && cmp -s scenarios/fonds-odd17-base.cfg "$work/self.cfg"; then ok "calibrate: -o the scenario itself refused, scenario kept"; else ko "calibrate: -o the scenario itself refused" "$work/err"; fi
mkdir -p "$work/cal2"; cp scenarios/fonds-odd17.cfg scenarios/fonds-odd17-base.cfg "$work/cal2/"
if "$BIN" calibrate "$work/cal2/fonds-odd17.cfg" --targets scenarios/fonds-odd17.targets -q -o "$work/cal2/fonds-odd17-base.cfg" >/dev/null 2>"$work/err"; then ko "calibrate: -o a file the scenario includes refused (exit 0)"; elif grep -q "would replace" "$work/err" && cmp -s scenarios/fonds-odd17-base.cfg "$work/cal2/fonds-odd17-base.cfg"; then ok "calibrate: -o a file the scenario includes refused, file kept"; else ko "calibrate: -o a file the scenario includes refused" "$work/err"; fi
expect_error "calibrate: output is a directory" "names a directory" "$BIN" calibrate scenarios/fonds-odd17-base.cfg --targets scenarios/fonds-odd17.targets -q -o "$work/o"
expect_error "bad --seed" "--seed" "$BIN" run scenarios/default.cfg --seed -3 $out
expect_error "bad --replicates" "--replicates" "$BIN" run scenarios/default.cfg --replicates many $out
expect_error "bad --set" "unknown setting 'no.such'" "$BIN" run scenarios/default.cfg --set no.such=1 $out
expect_error "unknown option" "unknown option" "$BIN" run scenarios/default.cfg --colour $out
# Misspelt names get the closest known one: groups, the lists read apart
# (events, overrides), an event's setting, a variable of a list setting; and
# libconfig's "duplicate setting name" says what usually causes it.
printf 'human: { employes: { fte = 3.0; }; };\n' > "$work/typo-group.cfg"
expect_code "a misspelt group is suggested" 7 "did you mean 'human.employees'?" "$BIN" run "$work/typo-group.cfg" $small -o "$work/o/x.h5"
printf 'event = ( { month = 3; set = "funding.subsidy.monthly_eur"; value = 0.0; } );\n' > "$work/typo-events.cfg"
expect_code "'event' is suggested 'events'" 7 "did you mean 'events'?" "$BIN" run "$work/typo-events.cfg" $small -o "$work/o/x.h5"
printf 'events = ( { month = 3; set = "funding.subsidy.monthly_euro"; value = 0.0; } );\n' > "$work/typo-event-path.cfg"
expect_code "an event's misspelt setting is suggested" 7 "did you mean 'funding.subsidy.monthly_eur'?" "$BIN" run "$work/typo-event-path.cfg" $small -o "$work/o/x.h5"
expect_code "a misspelt variable of simulation.bands is suggested, and --set named" 7 "--set simulation.bands=cash_euro: scenarios/default.cfg: setting 'simulation.bands': 'cash_euro' is not a variable of the organisation model (did you mean 'cash_eur'?" "$BIN" run scenarios/default.cfg --set simulation.bands=cash_euro $small -o "$work/o/x.h5"
printf '@include "%s/scenarios/default.cfg"\nengineering: { budget_eur = 3.0; };\n' "$PWD" > "$work/twice.cfg"
expect_code "a group given twice points to overrides" 4 "duplicate setting name (a setting or group given twice at this level; to change one that an @included file sets, write overrides" "$BIN" run "$work/twice.cfg" $small -o "$work/o/x.h5"
printf '@include "%s/scenarios/default.cfg"\noverrides = ( { path = "simulation.horizons"; value = "12"; } );\n' "$PWD" > "$work/ov-list.cfg"
expect_code "overrides of a list setting is refused as a type error at its line" 5 "ov-list.cfg:2: setting 'overrides' element 1: 'simulation.horizons' is a list" "$BIN" run "$work/ov-list.cfg" $small -o "$work/o/x.h5"
# An override's text is not cut short (a list of variables runs long).
printf '@include "%s/scenarios/default.cfg"\noverrides = ( { path = "simulation.bands"; value = "cash_eur,funding_total_eur,cost_total_eur,value_produced_eur,prime_alliance_eur,employees_fte"; } );\n' "$PWD" > "$work/ov-long.cfg"
check "an override holding a long list of variables" sh -c "'$BIN' run '$work/ov-long.cfg' $small -o '$work/ov-long.h5' && $PY -c 'import h5py,sys; b=h5py.File(sys.argv[1])[\"bands\"]; assert \"employees_fte\" in b and \"volunteers_fte\" not in b, list(b)' '$work/ov-long.h5'"
printf '@include "%s/no-such-file.cfg"\n' "$work" > "$work/inc-missing.cfg"
expect_code "a missing @include file is an I/O error (3) at the including line" 3 "inc-missing.cfg:1: cannot open @include file" "$BIN" run "$work/inc-missing.cfg" $small -o "$work/o/x.h5"
printf 'simulation: {\n  months = 40;\n  horizons = [30, 12];\n};\n' > "$work/horizons-down.cfg"
expect_code "decreasing horizons are refused at their line" 8 "horizons-down.cfg:3: setting 'simulation.horizons': expected increasing months" "$BIN" run "$work/horizons-down.cfg" -q -o "$work/o/x.h5"
printf '@include "%s/scenarios/default.cfg"\nevents = ( { month = 3; set = "rules.tiers_on_top.policy"; value = true; } );\n' "$PWD" > "$work/ev-bool.cfg"
check "a yes/no event is listed as true" sh -c "'$BIN' run '$work/ev-bool.cfg' $small -o '$work/ev-bool.h5' | grep -q 'month 3: set rules.tiers_on_top.policy = true'"
# getopt takes a unique prefix; one that starts several options is named so.
expect_code "an ambiguous option prefix names the options it starts" 2 "option '--rep' is ambiguous: it starts --replicates, --report" "$BIN" run scenarios/default.cfg --rep 10 $small -o "$work/o/x.h5"
# An option's name argument that reads as an option is refused, not taken.
expect_code "report --figures -q is refused" 2 "--figures: expected a directory, got the option '-q'" "$BIN" report scenarios/default.cfg --figures -q
expect_code "run -o --json is refused" 2 "--output: expected a file name, got the option '--json'" "$BIN" run scenarios/default.cfg $small -o --json
expect_code "run -o with an empty name is refused" 2 "--output: expected a file name, got an empty one" "$BIN" run scenarios/default.cfg $small -o ""
expect_code "calibrate --targets with an option for a name is refused" 2 "--targets: expected a file name, got the option '-q'" "$BIN" calibrate scenarios/fonds-odd17-base.cfg --targets -q
expect_error "missing scenario" "missing SCENARIO" "$BIN" run
expect_error "unknown command" "unknown command" "$BIN" fly

# One exit code per class of error, whatever the command or the option:
# 2 the command line's shape, 5 a value of the wrong form, 6 out of range.
"$BIN" --help > "$work/help.txt"
grep -q "^  6     value is outside its valid range" "$work/help.txt" && ok "--help lists the exit codes" || ko "--help lists the exit codes" "$work/help.txt"
expect_code "codes: --set 1e999 is out of range" 6 "engineering.budget_eur" "$BIN" run scenarios/default.cfg -q --set engineering.budget_eur=1e999 $out
expect_code "codes: --set inf is out of range" 6 "engineering.budget_eur" "$BIN" run scenarios/default.cfg -q --set engineering.budget_eur=inf $out
expect_code "codes: --set lots is the wrong form" 5 "expected a number" "$BIN" run scenarios/default.cfg -q --set engineering.budget_eur=lots $out
expect_code "codes: ratios --paid -5 is out of range" 6 "--paid: expected a number from 0" "$BIN" ratios --paid -5
expect_code "codes: ratios --paid lots is the wrong form" 5 "--paid: expected a number" "$BIN" ratios --paid lots
expect_code "codes: --replicates -1 is out of range" 6 "--replicates" "$BIN" run scenarios/default.cfg -q --replicates -1 $out
expect_code "codes: --months 0x10 is not an integer" 5 "decimal digits" "$BIN" run scenarios/default.cfg -q --months 0x10 $out
expect_code "codes: --months 1e3 is not an integer" 5 "decimal digits" "$BIN" run scenarios/default.cfg -q --months 1e3 $out
expect_code "codes: --threads 0 is out of range" 6 "--threads: expected an integer from 1" "$BIN" run scenarios/default.cfg -q --threads 0 $out
expect_code "codes: --threads two is the wrong form" 5 "--threads" "$BIN" sweep scenarios/sobol-default.cfg -q --threads two -o "$work/o/s.h5"
expect_code "codes: --bootstrap -1 is out of range" 6 "--bootstrap" "$BIN" compare scenarios/default.cfg -q --bootstrap -1 $out
expect_code "codes: sweep --set samples=1e3 is not an integer" 5 "decimal digits" "$BIN" sweep scenarios/sobol-default.cfg -q --set samples=1e3 -o "$work/o/s.h5"
expect_code "codes: unknown option" 2 "alliance-sim sweep --help" "$BIN" sweep scenarios/sobol-default.cfg --colour
expect_code "codes: report --format outside its choices is out of range" 6 "expected svg, png or pdf" "$BIN" report "$work/a.h5" --format gif --figures "$work/o"
expect_code "codes: params --json --markdown conflict" 2 "not both" "$BIN" params --json --markdown
expect_code "compare without arguments points at its own help" 2 "alliance-sim compare --help" "$BIN" compare
expect_code "ratios: a volunteer FTE valued at 0 is refused" 6 "--volunteer-fte-eur: expected a number above 0" "$BIN" ratios --paid 1000 --volunteer-fte-eur 0
printf 'human: { volunteers: { fte = 2.0; shadow_price_eur = 0.0; }; };\n' > "$work/sp0.cfg"
check "ratios: no FTE equivalent when a scenario values volunteers at 0" sh -c "'$BIN' ratios '$work/sp0.cfg' --json | $PY -c 'import json,sys; d=json.load(sys.stdin)[\"four_tiers\"]; assert d[\"gap_volunteer_fte\"] is None and d[\"gap_eur\"] > 0, d'"
check "a subnormal value is within 0 .. 1e9" "$BIN" run scenarios/default.cfg -q --replicates 2 --months 3 --set engineering.budget_eur=1e-320 -o "$work/sub.h5"

# Seeds are 64-bit integers read exactly: 2^53 + 1 is refused, not rounded
# into the range to run as 2^53; 2^53 itself runs with exactly that seed.
expect_code "seed 2^53+1 refused (--seed)" 6 "got 9007199254740993" "$BIN" run scenarios/default.cfg -q --seed 9007199254740993 $out
expect_code "seed 2^53+1 refused (--set)" 6 "got 9007199254740993" "$BIN" run scenarios/default.cfg -q --set simulation.seed=9007199254740993 $out
printf 'simulation: { seed = 9007199254740993L; };\n' > "$work/seed.cfg"
expect_code "seed 2^53+1 refused (scenario file)" 6 "seed.cfg:1: setting 'simulation.seed'" "$BIN" run "$work/seed.cfg" -q $out
expect_code "seed 2^53+1 refused (sweep --set)" 6 "got 9007199254740993" "$BIN" sweep scenarios/sobol-default.cfg -q --set seed=9007199254740993 -o "$work/o/s.h5"
sed 's/^seed = .*//' scenarios/ishigami-sobol.cfg > "$work/seedsw.cfg"; echo 'seed = 9007199254740993L;' >> "$work/seedsw.cfg"
expect_code "seed 2^53+1 refused (sweep file)" 6 "seedsw.cfg" "$BIN" sensitivity "$work/seedsw.cfg" -q -o "$work/o/s.h5"
check "seed 2^53 runs as itself" sh -c "'$BIN' run scenarios/default.cfg -q --replicates 2 --months 3 --seed 9007199254740992 --json -o '$work/seed.h5' > '$work/seed.json'"
check "seed 2^53 recorded exactly" $PY -c '
import sys, json, h5py
assert int(h5py.File(sys.argv[1]).attrs["seed"]) == 9007199254740992
assert json.load(open(sys.argv[2]))["seed"] == 9007199254740992
' "$work/seed.h5" "$work/seed.json"

# Output paths as long as the system takes (they were cut at 255
# characters); one beyond that is refused by its length.
long="$work/$(printf 'a%.0s' $(seq 1 120))/$(printf 'b%.0s' $(seq 1 120))"
mkdir -p "$long"
check "run: a 300-character output path" "$BIN" run scenarios/default.cfg -q --replicates 2 --months 3 -o "$long/run.h5"
[ -f "$long/run.h5" ] || ko "run: the 300-character output path written"
check "sweep: a 300-character output path" "$BIN" sweep scenarios/ishigami-sobol.cfg -q --set samples=8 -o "$long/sweep.h5"
[ -f "$long/sweep.h5" ] || ko "sweep: the 300-character output path written"
huge="$work/o/$(printf 'z%.0s' $(seq 1 4100)).h5"
expect_code "run: an output path beyond the system's refused" 6 "a file name of at most" "$BIN" run scenarios/default.cfg -q -o "$huge"
expect_code "calibrate: an output path beyond the system's refused" 6 "-o: expected a file name of at most" "$BIN" calibrate scenarios/fonds-odd17-base.cfg --targets scenarios/fonds-odd17.targets -q -o "$huge"
expect_code "calibrate: a missing targets file is named as such" 3 "nosuch.targets: cannot open targets file" "$BIN" calibrate scenarios/default.cfg --targets "$work/nosuch.targets" -o "$work/o/c.cfg"
expect_code "sweep: a missing sweep file is named as such" 3 "nosuch.cfg: cannot open sweep file" "$BIN" sweep "$work/nosuch.cfg" -o "$work/o/s.h5"
# A string setting longer than its field overran it (a crash).
printf 'model = "ishigami";\nparameters = ( { path = "x1"; distribution = "uniform"; min = -3.0; max = 3.0; } );\noutputs = ( { variable = "y"; } );\nsensitivity = { method = "%s"; };\n' "$(printf 'm%.0s' $(seq 1 200))" > "$work/longm.cfg"
expect_code "sensitivity: a long method name is refused, no crash" 6 "unknown method 'mmm" "$BIN" sensitivity "$work/longm.cfg" -q -o "$work/o/s.h5"

# @include with an absolute path, from a scenario named by a relative path
# (libconfig 1.5 alone would join the two).
mkdir -p "$work/inc"
printf '@include "%s/scenarios/default.cfg"\n' "$(pwd)" > "$work/inc/abs.cfg"
check "absolute @include" sh -c "cd '$work' && '$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")' run inc/abs.cfg $small -o '$work/inc/abs.h5'"

# A scenario elsewhere that includes scenarios/fonds-odd17.cfg, which
# includes its base by a relative path (what a calibrated scenario written
# with -o to another directory does).
mkdir -p "$work/elsewhere"
printf '@include "%s/scenarios/fonds-odd17.cfg"\n' "$(pwd)" > "$work/elsewhere/cal.cfg"
check "nested relative @include from another directory" "$BIN" run "$work/elsewhere/cal.cfg" --replicates 2 --months 12 -q -o "$work/elsewhere/cal.h5"

# ---- outputs: inputs kept, temporaries, checks before any work -------------

# expect_kept NAME FILE COMMAND...: the command must fail saying that its
# output would replace FILE, one of its inputs, and leave FILE as it was.
expect_kept() {
  name=$1; file=$2; shift 2
  cp "$file" "$work/kept"
  if "$@" >"$work/out" 2>"$work/err"; then
    ko "$name (exit 0)"
  elif ! grep -q "would replace" "$work/err"; then
    ko "$name (message)" "$work/err"
  elif ! cmp -s "$file" "$work/kept"; then
    ko "$name (input changed)"
  else
    ok "$name"
  fi
}

# Inputs are recognised by identity, whatever path names them: through
# "..", a symbolic link to their directory, or a hard link.
mkdir -p "$work/in"; ln -s "$work/in" "$work/inlink"
cp scenarios/default.cfg "$work/in/s.cfg"
cp scenarios/fonds-odd17.cfg scenarios/fonds-odd17-base.cfg "$work/in/"
ln "$work/in/s.cfg" "$work/in/hard.cfg"
for b in s fonds-odd17; do
  cat > "$work/in/sw-$b.cfg" <<CFGEOF
base = "$b.cfg"; design = "random"; samples = 4; seed = 1; replicates = 2; months = 12; block = 2;
parameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 5000.0; } );
outputs = ( { variable = "alive"; } );
CFGEOF
done
expect_kept "run: -o the scenario itself refused" "$work/in/s.cfg" "$BIN" run "$work/in/s.cfg" $small -o "$work/in/../in/s.cfg"
expect_kept "run: -o a file the scenario includes refused" "$work/in/fonds-odd17-base.cfg" "$BIN" run "$work/in/fonds-odd17.cfg" $small -o "$work/inlink/fonds-odd17-base.cfg"
expect_kept "run: -o a hard link to the scenario refused" "$work/in/s.cfg" "$BIN" run "$work/in/s.cfg" $small -o "$work/in/hard.cfg"
expect_kept "compare: -o the scenario itself refused" "$work/in/s.cfg" "$BIN" compare "$work/in/s.cfg" $small -o "$work/inlink/s.cfg"
expect_kept "compare: -o a file the scenario includes refused" "$work/in/fonds-odd17-base.cfg" "$BIN" compare "$work/in/fonds-odd17.cfg" $small -o "$work/in/fonds-odd17-base.cfg"
expect_kept "sweep: -o the sweep file refused" "$work/in/sw-s.cfg" "$BIN" sweep "$work/in/sw-s.cfg" -q -o "$work/inlink/sw-s.cfg"
expect_kept "sweep: -o the base scenario refused" "$work/in/s.cfg" "$BIN" sweep "$work/in/sw-s.cfg" -q -o "$work/in/s.cfg"
expect_kept "sweep: -o a file the base scenario includes refused" "$work/in/fonds-odd17-base.cfg" "$BIN" sweep "$work/in/sw-fonds-odd17.cfg" -q -o "$work/inlink/fonds-odd17-base.cfg"
printf 'parameters = ( { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 5000.0; } );\n' > "$work/in/params.cfg"
printf 'base = "s.cfg"; design = "random"; samples = 4; seed = 1; replicates = 2; months = 12; block = 2;\n@include "params.cfg"\noutputs = ( { variable = "alive"; } );\n' > "$work/in/sw-inc.cfg"
expect_kept "sweep: -o a file the sweep file includes refused" "$work/in/params.cfg" "$BIN" sweep "$work/in/sw-inc.cfg" -q -o "$work/in/params.cfg"
# sensitivity refuses a design it would ignore: its file has none.
sed 's/design = "random"; //' "$work/in/sw-s.cfg" > "$work/in/sens-s.cfg"
expect_kept "sensitivity: -o the sweep file refused" "$work/in/sens-s.cfg" "$BIN" sensitivity "$work/in/sens-s.cfg" -q -o "$work/in/sens-s.cfg"
expect_kept "sensitivity: -o the base scenario refused" "$work/in/s.cfg" "$BIN" sensitivity "$work/in/sens-s.cfg" -q -o "$work/inlink/s.cfg"
[ -z "$(ls "$work/in" | grep -e tmp -e partial)" ] || ko "refused outputs leave no temporary nor checkpoint: $(ls "$work/in")"

# calibrate checks its output before the fit, not after it.
"$BIN" calibrate "$work/pf.cfg" --targets "$work/small.targets" -o "$work/o-blocker/c.cfg" >/dev/null 2>"$work/err"
if [ $? -ne 0 ] && grep -q "cannot create directory" "$work/err" && ! grep -q "iteration" "$work/err"; then ok "calibrate: unwritable output refused before the fit"; else ko "calibrate: unwritable output refused before the fit" "$work/err"; fi

# A symbolic link planted at a writer's temporary name (as earlier
# versions named them, OUTPUT.tmp-PID, with the PID the command will have:
# exec keeps the shell's) is never followed: its target stays as it was.
mkdir -p "$work/plant"; echo precious > "$work/plant/victim"
sh -c 'for f in r.h5.tmp-$$; do ln -s "$1/victim" "$1/$f"; done; shift; exec "$@"' sh "$work/plant" "$BIN" run scenarios/default.cfg $small -o "$work/plant/r.h5" >/dev/null 2>"$work/err"
if [ $? -eq 0 ] && [ "$(cat "$work/plant/victim")" = precious ] && h5dump -H "$work/plant/r.h5" >/dev/null 2>&1; then ok "run: a planted link at the temporary name is not followed"; else ko "run: a planted link at the temporary name is not followed" "$work/err"; fi
sh -c 'for f in s.h5.tmp-$$ s.h5.partial.tmp-$$ s.csv.tmp-$$; do ln -s "$1/victim" "$1/$f"; done; shift; exec "$@"' sh "$work/plant" "$BIN" sweep "$work/in/sw-s.cfg" -q --csv -o "$work/plant/s.h5" >/dev/null 2>"$work/err"
if [ $? -eq 0 ] && [ "$(cat "$work/plant/victim")" = precious ] && [ -s "$work/plant/s.csv" ]; then ok "sweep: planted links at the checkpoint's and outputs' temporary names are not followed"; else ko "sweep: planted links at the temporary names are not followed" "$work/err"; fi
sh -c 'for f in c.cfg.tmp-$$; do ln -s "$1/victim" "$1/$f"; done; shift; exec "$@"' sh "$work/plant" "$BIN" calibrate "$work/pf.cfg" --targets "$work/small.targets" -q -o "$work/plant/c.cfg" >/dev/null 2>"$work/err"
if [ $? -eq 0 ] && [ "$(cat "$work/plant/victim")" = precious ] && grep -q "^overrides" "$work/plant/c.cfg"; then ok "calibrate: a planted link at the temporary name is not followed"; else ko "calibrate: a planted link at the temporary name is not followed" "$work/err"; fi

# A writer killed with kill -9 leaves its temporary; the next run of the
# same output removes it (its process is gone) and says so, but never a
# live process's (this shell's, $$).
mkdir -p "$work/stale"
"$BIN" run scenarios/default.cfg -q --replicates 20000 -o "$work/stale/r.h5" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 250); do ls "$work/stale" | grep -q "tmp-$pid" && break; sleep 0.02; done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
: > "$work/stale/r.h5.tmp-$$-AbCd12"
if ls "$work/stale" | grep -q "^r.h5.tmp-$pid-"; then
  check "run: after a kill -9" "$BIN" run scenarios/default.cfg $small -o "$work/stale/r.h5"
  if grep -q "removed .*r.h5.tmp-$pid-" "$work/err" && ! ls "$work/stale" | grep -q "tmp-$pid" && [ -f "$work/stale/r.h5.tmp-$$-AbCd12" ]; then ok "run: a killed run's temporary removed, a live one's kept"; else ko "run: a killed run's temporary removed, a live one's kept" "$work/err"; ls "$work/stale"; fi
else
  ko "run: kill -9 left no temporary to clean ($(ls "$work/stale"))"
fi
sh -c 'exit 0' & dead=$!; wait $dead
for f in s.h5.tmp-$dead-AbCd12 s.h5.partial.tmp-$dead-AbCd12 s.csv.tmp-$dead; do : > "$work/stale/$f"; done
: > "$work/stale/s.h5.partial.tmp-$$-AbCd12"
check "sweep: after a kill -9" "$BIN" sweep "$work/in/sw-s.cfg" -q --csv -o "$work/stale/s.h5"
if [ "$(grep -c "removed .*tmp-$dead" "$work/err")" -eq 3 ] && ! ls "$work/stale" | grep -q "tmp-$dead" && [ -f "$work/stale/s.h5.partial.tmp-$$-AbCd12" ]; then ok "sweep: dead processes' temporaries removed, a live one's kept"; else ko "sweep: dead processes' temporaries removed, a live one's kept" "$work/err"; ls "$work/stale"; fi

# While a sweep runs, its checkpoint is locked: a second sweep or resume of
# the same output is refused and changes nothing; a kill -9 frees the lock.
# The first sweep is stopped (SIGSTOP) once it has saved a record, so that
# it still holds its lock when the others try (it lasts 0.1 s: on a loaded
# machine it could end between the two tries, and the second one then ran
# and failed the check).
mkdir -p "$work/lock"
"$BIN" sweep "$work/big.cfg" -q -o "$work/lock/l.h5" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 250); do
  [ -f "$work/lock/l.h5.partial" ] && [ "$(stat -c %s "$work/lock/l.h5.partial")" -gt 100 ] && break
  sleep 0.02
done
kill -STOP $pid 2>/dev/null
if [ -f "$work/lock/l.h5" ]; then
  ok "sweep: concurrent resume (finished before the second started)"
else
  "$BIN" sweep "$work/big.cfg" -q --resume -o "$work/lock/l.h5" >/dev/null 2>"$work/err"; rc=$?
  if [ $rc -ne 0 ] && grep -q "l.h5.partial is in use" "$work/err"; then ok "sweep: a resume while the sweep runs is refused"; else ko "sweep: a resume while the sweep runs is refused (rc $rc)" "$work/err"; fi
  "$BIN" sweep "$work/big.cfg" -q -o "$work/lock/l.h5" >/dev/null 2>"$work/err"; rc=$?
  if [ $rc -ne 0 ] && grep -q "is in use" "$work/err"; then ok "sweep: a second sweep while the first runs is refused"; else ko "sweep: a second sweep while the first runs is refused (rc $rc)" "$work/err"; fi
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  check "sweep: resume once the first is killed" "$BIN" sweep "$work/big.cfg" -q --resume -o "$work/lock/l.h5"
  check "sweep: locked then resumed = uninterrupted" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/full.h5"), h5py.File(f"{w}/lock/l.h5")
for name in ("design/unit", "design/values", "outputs"):
    assert np.array_equal(a[name][...], b[name][...]), name
PYEOF
fi
wait $pid 2>/dev/null

# SIGTERM in the middle of run or compare: an error, no output, no
# temporary file, the old file kept.  The signal comes once the temporary
# file exists (polled: a fixed half second cost a second of both cores, and
# on a loaded machine could come before the file, whose removal was then
# not tested): the same name seen twice, 10 ms apart (the check that the
# folder is writable makes and removes one at once, before the command
# catches signals).
for sub in run compare; do
  mkdir -p "$work/sig-$sub"; echo precious > "$work/sig-$sub/o.h5"
  "$BIN" $sub scenarios/default.cfg -q --replicates 20000 -o "$work/sig-$sub/o.h5" >/dev/null 2>"$work/err" &
  pid=$!
  seen=""
  for i in $(seq 1 500); do
    tmp=""; for f in "$work/sig-$sub"/o.h5.tmp-*; do [ -e "$f" ] && tmp=$f; done
    [ -n "$tmp" ] && [ "$tmp" = "$seen" ] && break
    seen=$tmp
    sleep 0.01
  done
  kill -TERM $pid 2>/dev/null; wait $pid; rc=$?
  if [ $rc -eq 143 ] && [ "$(cat "$work/sig-$sub/o.h5")" = precious ] && [ "$(ls "$work/sig-$sub" | wc -l)" -eq 1 ]; then ok "$sub: interrupted leaves nothing"; else ko "$sub: interrupted leaves nothing (rc $rc)" "$work/err"; ls "$work/sig-$sub"; fi
done

# A sweep whose CSV cannot be written keeps the old HDF5 file too.
mkdir -p "$work/csvd/s.csv"; echo precious > "$work/csvd/s.h5"
"$BIN" sweep "$work/sw.cfg" -q --csv -o "$work/csvd/s.h5" >/dev/null 2>"$work/err"
if [ $? -ne 0 ] && [ "$(cat "$work/csvd/s.h5")" = precious ]; then ok "sweep: failed CSV keeps the old file"; else ko "sweep: failed CSV keeps the old file" "$work/err"; fi

# /parameters records what each arm ran: the control arm without
# engineering; a portfolio's fund settings as loaded.
"$BIN" compare scenarios/default.cfg $small -o "$work/pc.h5" >/dev/null 2>&1
"$BIN" run scenarios/fonds-odd17.cfg --replicates 2 -q --set simulation.monthly=all -o "$work/pf.h5" >/dev/null 2>&1
check "parameters of each arm as run" $PY - "$work" <<'PYEOF'
import sys, h5py
w = sys.argv[1]
def value(f, group, path):
    paths = list(f[group]["parameter"].asstr()[...])
    return f[group]["value"][paths.index(path)]
f = h5py.File(w + "/pc.h5")
assert value(f, "parameters", "engineering.budget_eur") > 0
assert value(f, "control/parameters", "engineering.budget_eur") == 0
g = h5py.File(w + "/pf.h5")
assert value(g, "parameters", "fund.budget_eur") == 1.5e6, value(g, "parameters", "fund.budget_eur")
assert value(g, "parameters", "fund.end_month") == 36
# The share of projects alive is a share: 50 projects gave 1.0000000000000004.
a = g["monthly/alive"][...]
assert a.max() <= 1.0 and a.min() >= 0.0, a.max()
assert (g["summary/alive_share"][...] <= 1.0).all()
PYEOF

# docs/output.md documents every variable a run writes, organisation and
# portfolio alike (funding_fund_eur was missing), and counts the funding
# sources the model sums.
check "docs/output.md lists every monthly variable" $PY - "$work" docs/output.md <<'PYEOF'
import sys, h5py, re
w, doc = sys.argv[1], open(sys.argv[2]).read()
names = set(h5py.File(w + "/a.h5")["monthly"]) | set(h5py.File(w + "/pf.h5")["monthly"])
missing = sorted(n for n in names if f"`{n}`" not in doc)
assert not missing, missing
f = h5py.File(w + "/a.h5")["monthly"]
sources = [n for n in f if n.startswith("funding_") and n != "funding_total_eur"]
words = {5: "five", 6: "six", 7: "seven"}
assert f"the {words[len(sources)]} sources together" in doc, len(sources)
assert words[len(sources)] in f["funding_total_eur"].attrs["description"], f["funding_total_eur"].attrs["description"]
PYEOF

# ---- dated events ------------------------------------------------------------
# The subsidy stops at month 24 and two posts go at month 30: receipts are 0
# from month 24 in every replicate, month 30's payroll falls by two posts
# (or what was left) against the same run without that event, the events
# are listed in the terminal and in /events.
check "run with events" "$BIN" run scenarios/subsidy-stops.cfg --replicates 16 --months 40 -q --set simulation.monthly=all -o "$work/ev.h5"
grep -q "month 24: set funding.subsidy.monthly_eur = 0" "$work/out" || ko "terminal lists the events" "$work/out"
sed -e '/add = "human.employees.fte"/d' -e 's/value = 0.0; },/value = 0.0; }/' scenarios/subsidy-stops.cfg > "$work/ev1.cfg"
check "run with the first event only" "$BIN" run "$work/ev1.cfg" --replicates 16 --months 40 -q --set simulation.monthly=all -o "$work/ev1.h5"
check "events in the file and in the data" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
f = h5py.File(w + "/ev.h5"); g = h5py.File(w + "/ev1.h5")
e = f["events"]
assert list(e["month"][...]) == [24, 30], e["month"][...]
assert [s.decode() if isinstance(s, bytes) else s for s in e["setting"][...]] == ["funding.subsidy.monthly_eur", "human.employees.fte"]
assert [s.decode() if isinstance(s, bytes) else s for s in e["operation"][...]] == ["set", "add"]
assert list(e["value"][...]) == [0.0, -2.0]
assert e["month"].dims[0][0].name == "/events/event"
assert "events" not in g or list(g["events"]["month"][...]) == [24]
sub = f["monthly/funding_subsidy_eur"][...]
assert (sub[:, 23:] == 0).all() and (sub[:, :23] > 0).any()
emp = g["monthly/employees_fte"][...]
alive = g["monthly/alive"][...]
cut = np.minimum(emp[:, 28], 2.0)
drop = g["monthly/cost_salaries_eur"][:, 29] - f["monthly/cost_salaries_eur"][:, 29]
live = alive[:, 28] == 1
assert live.any()
# the payroll of one FTE at month 30's prices, from the run without the cut
ratio = drop[live] / cut[live]
assert np.allclose(ratio, ratio[0], rtol=1e-9) and ratio[0] > 3400, ratio
cash = f["monthly/cash_eur"][...]
flows = f["monthly/funding_total_eur"][...] - f["monthly/cost_total_eur"][...]
prev = np.concatenate([np.full((cash.shape[0], 1), f["monthly/cash_eur"].attrs["initial_value"]), cash[:, :-1]], axis=1)
assert np.allclose(cash, prev + flows, rtol=1e-12, atol=1e-6)
PYEOF
check "events in the JSON" sh -c "'$BIN' run scenarios/subsidy-stops.cfg --replicates 4 --months 40 -q --json -o '$work/evj.h5' | $PY -c 'import json,sys; e=json.load(sys.stdin)[\"events\"]; assert [(x[\"month\"], x[\"operation\"], x[\"setting\"], x[\"value\"]) for x in e] == [(24, \"set\", \"funding.subsidy.monthly_eur\", 0), (30, \"add\", \"human.employees.fte\", -2)], e'"
expect_error "event on an unknown setting" "unknown setting" sh -c "printf 'events = ( { month = 2; set = \"funding.subsidy.monthy_eur\"; value = 0.0; } );\n' > '$work/o/../bad-ev.cfg'; '$BIN' run '$work/bad-ev.cfg' $small -o '$work/o/x.h5'"
expect_error "event beyond the run" "bad-ev2.cfg:1: event on 'engineering.budget_eur': month 31 is outside the run" sh -c "printf 'events = ( { month = 31; set = \"engineering.budget_eur\"; value = 0.0; } );\n' > '$work/bad-ev2.cfg'; '$BIN' run '$work/bad-ev2.cfg' $small -o '$work/o/x.h5'"

# ---- compare any two choices ---------------------------------------------------
check "compare --with the 10+1% policy" "$BIN" compare scenarios/default.cfg --with rules.ten_plus_one.policy=true --replicates 24 --bootstrap 100 -q --set simulation.monthly=funding_total_eur -o "$work/w.h5"
for h in "tactique (18 mois)" "stratégique (7 ans)" "prospective (28 ans)"; do
  grep -qF "$h" "$work/out" || ko "compare --with shows $h" "$work/out"
done
grep -qE '^cost_collective_pot_eur +[0-9.k]+ \[[0-9.k]+, [0-9.k]+\]' "$work/out" || ko "compare --with: the pot's cost rises, with an interval" "$work/out"
check "compare --with: the arms' draws and the file" $PY - "$work" <<'PYEOF'
import sys, h5py, numpy as np
w = sys.argv[1]
f = h5py.File(w + "/w.h5")
# Same draws: the policy changes nothing before it pays, and month 1's
# funding (drawn before any cost) is the same in both arms, replicate by
# replicate.
a = f["monthly/funding_total_eur"][...]; b = f["with/monthly/funding_total_eur"][...]
assert (a[:, 0] == b[:, 0]).all()
d = f["compare/difference"]
assert d.shape[1:] == (3, 3), d.shape
names = [n.decode() if isinstance(n, bytes) else n for n in f["compare/variable"][...]]
i = names.index("cost_collective_pot_eur")
assert (d[i, :, 0] > 0).all() and (d[i, :, 1] <= d[i, :, 0]).all() and (d[i, :, 0] <= d[i, :, 2]).all()
assert np.allclose(d[:, :, 0], f["compare/mean_b"][...] - f["compare/mean_a"][...], atol=1e-6)
assert d.dims[0][0].name == "/compare/variable" and d.dims[1][0].name == "/compare/horizon"
assert d.attrs["entry_units"] == "variable_unit" and "units" not in d.attrs
with_ = [n.decode() if isinstance(n, bytes) else n for n in f["compare/with"][...]]
assert with_ == ["rules.ten_plus_one.policy=true"], with_
assert f["with/parameters"] is not None
assert f.attrs["title"] == "alliance-sim compare --with: Association de quartier (default), as written (A) and with rules.ten_plus_one.policy=true (B)", f.attrs["title"]
assert f["with"].attrs["title"].startswith("alliance-sim compare --with, arm B: "), f["with"].attrs["title"]
PYEOF
check "compare --with the same value: no difference at all" sh -c "'$BIN' compare scenarios/default.cfg --with engineering.budget_eur=1500 $small --bootstrap 20 --json -o '$work/same.h5' | $PY -c 'import json,sys; d=json.load(sys.stdin); assert all(v[\"difference\"] == 0 and v[\"low\"] == 0 and v[\"high\"] == 0 for h in d[\"horizons\"] for v in h[\"variables\"].values()); assert d[\"with\"] == {\"engineering.budget_eur\": \"1500\"}'"
expect_error "compare --with an unknown setting" "--with" "$BIN" compare scenarios/default.cfg --with rules.ten_plus_one.polcy=true $small -o "$work/o/x.h5"
expect_error "compare --with out of range" "expected" "$BIN" compare scenarios/default.cfg --with engineering.budget_eur=-5 $small -o "$work/o/x.h5"
expect_error "compare --with a simulation setting" "same random streams" "$BIN" compare scenarios/default.cfg --with simulation.seed=3 $small -o "$work/o/x.h5"
expect_error "compare --with without a value" "expected PATH=VALUE" "$BIN" compare scenarios/default.cfg --with engineering.budget_eur $small -o "$work/o/x.h5"
expect_error "run refuses --with" "--with is an option of compare" "$BIN" run scenarios/default.cfg --with engineering.budget_eur=3 $small -o "$work/o/x.h5"

# ---- the treasurer's view ------------------------------------------------------
check "run shows the treasurer's view" "$BIN" run scenarios/default.cfg --replicates 40 -q -o "$work/t.h5"
grep -q "passée sous zéro (went below 0)" "$work/out" || ko "table: went below 0" "$work/out"
grep -q "autonomie (cash runway), months" "$work/out" || ko "table: runway" "$work/out"
check "a portfolio has no treasurer's view" "$BIN" run scenarios/fonds-odd17.cfg --replicates 3 --months 24 -q -o "$work/tp.h5"
if grep -q "Trésorerie" "$work/out"; then ko "a portfolio's table has no Trésorerie" "$work/out"; fi
check "treasurer's view in JSON and HDF5" sh -c "'$BIN' run scenarios/default.cfg --replicates 40 -q --json -o '$work/t.h5' | $PY -c '
import json, sys, h5py
d = json.load(sys.stdin)
f = h5py.File(\"$work/t.h5\")
t = f[\"summary/treasury\"]
for h, x in enumerate(d[\"horizons\"]):
    tr = x[\"treasury\"]
    assert tr[\"live\"] == t[\"live\"][h] and 0 <= tr[\"p_below_zero\"] <= 1
    assert abs(tr[\"runway_months\"][\"p50\"] - t[\"runway_months\"][h, 2]) < 1e-6
    assert tr[\"p_beyond_overdraft\"] <= tr[\"p_below_zero\"]
assert t[\"runway_months\"].dims[1][0].name == \"/summary/statistic\"
'"

# ---- init: a scenario from the association's own figures ---------------------
check "init from flags" "$BIN" init --no-prompt -o "$work/init1.cfg" --employees 5 --payroll 190000 --budget 320000 --subsidy 60000 --subsidy-end 23 --cash 45000 --name "Les Amis du quartier"
check "init's scenario runs" "$BIN" run "$work/init1.cfg" $small -o "$work/init1.h5"
grep -q "month 24: set funding.subsidy.monthly_eur = 0" "$work/out" || ko "init: the subsidy's end is an event" "$work/out"
printf 'compte;libellé;montant\n606;Achats;12 385,50\n613;Locations;24 000\n641;Salaires;150 000\n645;Charges sociales;61 500\n706;Prestations;180 250\n741;Subvention;60 000\n756;Cotisations;3 150\n870;Bénévolat;11 880\n' > "$work/cr.csv"
check "init from an income statement" "$BIN" init --no-prompt --csv "$work/cr.csv" --employees 5 --cash 30000 -o "$work/init2.cfg"
grep -q "payroll a year (income statement)" "$work/init2.cfg" || ko "init: origins in the comments" "$work/init2.cfg"
check "init's scenario from the statement runs" "$BIN" run "$work/init2.cfg" $small -o "$work/init2.h5"
# name, budget, payroll, employees: then a wrong answer, then Enter for the rest
printf 'Asso du terminal\n400000\nabc\n200000\n6\n\n\n\n\n\n\n\n\n\n\n\n\n' > "$work/answers3"
check "init through a terminal" $PY "$lib_dir/pty_answer.py" "$work/answers3" "$work/tty3" "$BIN" init -o "$work/init3.cfg"
grep -q "Annual expenses" "$work/tty3" && grep -q "expected a number" "$work/tty3" ||
  ko "init through a terminal: the questions, and a wrong answer asked again" "$work/tty3"
grep -q 'name = "Asso du terminal"' "$work/init3.cfg" && grep -q "fte = 6;" "$work/init3.cfg" ||
  ko "init through a terminal: the answers in the scenario" "$work/init3.cfg"
check "init through a terminal: its scenario runs" "$BIN" run "$work/init3.cfg" --replicates 4 --months 24 -q -o "$work/init3.h5"
expect_error "init refuses to replace a file" "exists: choose another" "$BIN" init --no-prompt -o "$work/init1.cfg"
expect_error "init: a bad figure" "--employees: expected a number from 0" "$BIN" init --no-prompt -o "$work/o/x.cfg" --employees -3
printf '641;Salaires;150000\n706;Ventes\n' > "$work/bad.csv"
expect_error "init: a bad statement line" "bad.csv:2: expected ACCOUNT;LABEL;AMOUNT" "$BIN" init --no-prompt --csv "$work/bad.csv" -o "$work/o/x.cfg"

# A failed run never touches an existing output file.
echo precious > "$work/keep.h5"
"$BIN" run "$work/type.cfg" -o "$work/keep.h5" >/dev/null 2>&1
if [ "$(cat "$work/keep.h5")" = precious ]; then ok "failed run keeps the old file"; else ko "failed run keeps the old file"; fi

# ---- init: what it refuses, and what it says ---------------------------------
# Figures that cannot make a scenario: refused naming the options, nothing
# written, and with --force an existing scenario kept as it was.
expect_code "init: payroll above the budget" 8 "--payroll 900000 (given) is above --budget 100000 (given)" "$BIN" init --no-prompt --payroll 900000 --budget 100000 -o "$work/o/x.cfg"
echo precious > "$work/o-keep.cfg"
"$BIN" init --no-prompt --force --payroll 900000 --budget 100000 -o "$work/o-keep.cfg" >/dev/null 2>&1
if [ "$(cat "$work/o-keep.cfg")" = precious ] && [ -z "$(ls "$work" | grep 'o-keep.cfg.tmp')" ]; then ok "init: refused figures keep the old scenario"; else ko "init: refused figures keep the old scenario"; fi
# Amounts as French spreadsheets export them (no-break spaces between
# thousands, a decimal comma, CRLF) are read; a malformed one is a value of
# the wrong form (5), shown escaped on one line.
printf '641;Salaires;190\302\240000,50\r\n645;Charges;61\342\200\257500\r\n606;Achats;12 385,50\r\n' > "$work/fr.csv"
check "init: amounts with no-break spaces" "$BIN" init --no-prompt --csv "$work/fr.csv" --budget 300000 -o "$work/init-fr.cfg"
grep -q "251500 EUR of payroll" "$work/init-fr.cfg" || ko "init: no-break spaces between thousands" "$work/init-fr.cfg"
printf '641;Salaires;190 OOO\r\n' > "$work/typo.csv"
expect_code "init: a malformed amount" 5 "typo.csv:1: account 641 (Salaires): expected an amount in EUR" "$BIN" init --no-prompt --csv "$work/typo.csv" -o "$work/o/x.cfg"
if [ "$(wc -l < "$work/err")" -eq 1 ] && ! grep -q "$(printf '\r')" "$work/err"; then ok "init: the message on one line, no CR"; else ko "init: the message on one line, no CR" "$work/err"; fi
# An impossible amount is refused at its line, and nothing replaced.
printf '64;Salaires;-5000\n' > "$work/neg.csv"
expect_code "init: a negative payroll" 6 "neg.csv:1: account 64 (Salaires): expected an amount >= 0 EUR, got -5000" "$BIN" init --no-prompt --csv "$work/neg.csv" -o "$work/o/x.cfg"
"$BIN" init --no-prompt --force --csv "$work/neg.csv" -o "$work/o-keep.cfg" >/dev/null 2>&1
if [ "$(cat "$work/o-keep.cfg")" = precious ]; then ok "init: a refused statement keeps the old scenario"; else ko "init: a refused statement keeps the old scenario"; fi
# A statement with totals and their details counts each amount once.
printf '64;Charges de personnel;211 500\n641;Salaires;150 000\n645;Charges sociales;61 500\n60;Achats;12 385,50\n606;Achats;12 385,50\n' > "$work/totals.csv"
check "init: totals and details" "$BIN" init --no-prompt --csv "$work/totals.csv" -o "$work/init-totals.cfg"
grep -q "# 211500 EUR of payroll" "$work/init-totals.cfg" && grep -q "rest of the 223886 EUR budget" "$work/init-totals.cfg" || ko "init: each amount counted once" "$work/init-totals.cfg"
# What a statement does not give: money figures zero (crowdfunding is in 75
# or 70), the others at their defaults, said on stderr (not with -q) and in
# the scenario.
printf '641;Salaires;150 000\n606;Achats;60 000\n706;Ventes;180 250\n' > "$work/few.csv"
check "init: a statement without subsidies" "$BIN" init --no-prompt --csv "$work/few.csv" --employees 4 -o "$work/init-few.cfg"
grep -q "note: .*few.csv does not give these figures.*--volunteer-hours 5460.12, --subsidy-end 0, --philanthropy-end 0, --cash 120000, --partnerships 3" "$work/err" && ! grep -q -- "--employees" "$work/err" || ko "init: the defaults kept, said" "$work/err"
grep -q "^#   --cash 120000" "$work/init-few.cfg" && grep -q "crowdfunding: { monthly_eur = 0.00; }" "$work/init-few.cfg" && grep -q "subsidy: { monthly_eur = 0.00; }" "$work/init-few.cfg" || ko "init: zero for what a statement has not, defaults listed" "$work/init-few.cfg"
check "init -q: no note" "$BIN" init -q --no-prompt --csv "$work/few.csv" --employees 4 -o "$work/init-few-q.cfg"
[ -s "$work/err" ] && ko "init -q: no note" "$work/err"
# A figure given beside one left at its default: said, with the default used.
check "init: payroll without a budget" "$BIN" init --no-prompt --payroll 190000 --employees 5 -o "$work/init-nobudget.cfg"
grep -q "warning: --payroll given but not --budget: the default association's, [0-9.]* EUR/year, was used" "$work/err" || ko "init: the budget's default, said" "$work/err"
check "init: budget and payroll given" "$BIN" init --no-prompt --payroll 190000 --employees 5 --budget 320000 -o "$work/init-both.cfg"
[ -s "$work/err" ] && ko "init: nothing to say when both are given" "$work/err"
check "init: a budget short of the model's costs" "$BIN" init --no-prompt --payroll 100000 --employees 3 --budget 110000 -o "$work/init-short.cfg"
grep -q "warning: the budget, 110000 EUR a year, is short of" "$work/err" || ko "init: a short budget, said" "$work/err"
# --help: the options in one column wide enough for the longest, lines
# that fit 79 columns; counts shown without a unit.
"$BIN" init --help > "$work/init-help" 2>&1
if awk 'length > 79 { bad = 1 } END { exit bad }' "$work/init-help" && grep -q "^  --philanthropy-end N  Month after" "$work/init-help" && grep -q "^  -o, --output FILE     scenario" "$work/init-help" && grep -q "^  --partnerships N      Active partnerships$" "$work/init-help"; then ok "init --help: one column, 79 wide"; else ko "init --help: one column, 79 wide" "$work/init-help"; fi
expect_code "init: a count's message has no unit" 6 "--partnerships: expected a whole number from 0 to 1000, got 2.5" "$BIN" init --no-prompt --partnerships 2.5 -o "$work/o/x.cfg"
printf '4\n' > "$work/answers-ask"
check "init: a count's question has no unit" $PY "$lib_dir/pty_answer.py" "$work/answers-ask" "$work/tty-ask" "$BIN" init -q -o "$work/init-ask.cfg" --name A --budget 400000 --payroll 200000 --employees 5 --volunteer-hours 0 --subsidy 0 --subsidy-end 0 --philanthropy 0 --philanthropy-end 0 --crowdfunding 0 --earned-income 0 --cash 0
grep -q "Active partnerships \[3\]: " "$work/tty-ask" || ko "init: the question reads 'Active partnerships [3]: '" "$work/tty-ask"
grep -q "4 active partnerships (given)" "$work/init-ask.cfg" || ko "init: the answer in the scenario" "$work/init-ask.cfg"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
