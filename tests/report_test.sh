#!/bin/sh
# End-to-end tests of `alliance-sim report`: the HTML report of each kind of
# file rendered in headless Chromium (tests/report_test.py), the figures in
# each format, --report on the commands, and the bad-input paths.
#
# Usage: BIN=bin/alliance-sim [SCREENSHOT=FILE.png] sh tests/report_test.sh
set -u
BIN=${BIN:-bin/alliance-sim}
PY=/usr/bin/python3
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/alliance-sim-report-XXXXXX)
browser=""
browser2=""
pyfork=""
trap '[ -n "$browser" ] && kill "$browser" 2>/dev/null; [ -n "$browser2" ] && kill "$browser2" 2>/dev/null; [ -n "$pyfork" ] && kill "$pyfork" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
passed=0
failed=0

. "$(dirname "$0")/lib.sh"
# The checks read with h5py (python3 - ...) forked from one process that
# imported it (tests/pyfork.py): each started an interpreter that imported
# h5py and numpy again.
start_pyfork
check() {
  name=$1; shift
  if "$@" >"$work/out" 2>"$work/err"; then ok "$name"; else ko "$name" "$work/err"; fi
}
# expect_error NAME CODE NEEDLE COMMAND...: exits with CODE, NEEDLE on stderr.
expect_error() {
  name=$1; code=$2; needle=$3; shift 3
  "$@" >"$work/out" 2>"$work/err"
  rc=$?
  if [ $rc -ne "$code" ]; then
    ko "$name (exit $rc, expected $code)" "$work/err"
  elif ! grep -qF -- "$needle" "$work/err"; then
    ko "$name (message lacks '$needle')" "$work/err"
  else
    ok "$name"
  fi
}
# spawn NAME COMMAND...: check in the background; reap reports each, in the
# order spawned, once all have ended.
spawned=0
spawn() {
  spawned=$((spawned + 1))
  printf '%s\n' "$1" >"$work/job$spawned.name"; shift
  "$@" >"$work/job$spawned.out" 2>"$work/job$spawned.err" &
  echo $! >"$work/job$spawned.pid"
}
reap() {
  i=0
  while [ $i -lt $spawned ]; do
    i=$((i + 1))
    if wait "$(cat "$work/job$i.pid")"; then ok "$(cat "$work/job$i.name")"
    else ko "$(cat "$work/job$i.name")" "$work/job$i.err"; fi
  done
  spawned=0
}

# The pages in a browser (tests/report_test.py): no console error, no
# request, every chart drawn, hover values equal to the file's.  The browser
# starts now and reads the pages once "$work/go" says they are written.  The
# browser test can fail: a page that asks the network for an image, and one
# whose script throws, are caught; they are read last, in the same browser
# (copies of the smallest run's page: only their logs are read).
shot=""
[ -n "${SCREENSHOT:-}" ] && shot="--screenshot $SCREENSHOT"
# Two browsers, one a core, each reading half the pages (the first takes
# the screenshot).
# shellcheck disable=SC2086
$PY "$here/tests/report_test.py" $shot --wait "$work/go" \
    "run=$work/run.h5:$work/run.html" \
    "run=$work/territory.h5:$work/territory.html" \
    "run=$work/events.h5:$work/events.html" \
    "run=$work/few.h5:$work/few.html" \
    "run=$work/h4.h5:$work/h4.html" \
    "run=$work/closes.h5:$work/closes.html" \
    "compare=$work/compare.h5:$work/compare.html" \
    "compare=$work/fund.h5:$work/fund.html" \
    "compare=$work/inf.h5:$work/inf.html" \
    --expect "network requests" "run=$work/few.h5:$work/net.html" \
    >"$work/browser" 2>&1 &
browser=$!
$PY "$here/tests/report_test.py" --wait "$work/go" \
    "compare-with=$work/with.h5:$work/with.html" \
    "sweep=$work/sweep.h5:$work/sweep.html" \
    "sweep=$work/sweepinf.h5:$work/sweepinf.html" \
    "sensitivity=$work/sobol.h5:$work/sobol.html" \
    "sensitivity=$work/morris.h5:$work/morris.html" \
    "sensitivity=$work/morrisinf.h5:$work/morrisinf.html" \
    "calibration-ensemble=$work/ens.h5:$work/ens.html" \
    "compare-ensemble=$work/ensc.h5:$work/ensc.html" \
    "compare-ensemble=$work/ensd.h5:$work/ensd.html" \
    "compare-ensemble=$work/ensold.h5:$work/ensold.html" \
    --expect "console errors" "run=$work/few.h5:$work/throws.html" \
    >"$work/browser2" 2>&1 &
browser2=$!

# The four kinds of file, small enough to run in seconds, and a calibration
# ensemble (pages of tables), simulated side by side; then a comparison
# over the ensemble, and the reports of the files written without one.
spawn "run --report" "$BIN" run "$here/scenarios/default.cfg" --replicates 40 \
  -o "$work/run.h5" -q --report
spawn "run --report (territory)" "$BIN" run "$here/scenarios/territory.cfg" --replicates 8 \
  --months 100 --set territory.organisations=30 --set territory.firms=40 \
  -o "$work/territory.h5" -q --report
spawn "run --report, bands of two variables" "$BIN" run "$here/scenarios/default.cfg" \
  --replicates 20 --set simulation.bands=cash_eur,funding_total_eur \
  -o "$work/few.h5" -q --report
spawn "run with events --report" "$BIN" run "$here/scenarios/subsidy-stops.cfg" \
  --replicates 30 -o "$work/events.h5" -q --report
# Horizons 72 and 84 months, both « stratégique », and four scores beside
# the matrix's three columns.
sed 's/^  horizons = .*/  horizons = [18, 72, 84, 336];/; s/^  output = .*//' \
  "$here/scenarios/default.cfg" >"$work/h4.cfg"
spawn "run --report, horizons 18, 72, 84 and 336 months" "$BIN" run "$work/h4.cfg" \
  --replicates 20 -o "$work/h4.h5" -q --report
# Costs out of reach from month 20: at 18 months every organisation is
# alive and none has gone below zero (its first month below zero: never);
# at 84 and 336 months none is alive (n/a).
cat >"$work/closes.cfg" <<'CFGEOF'
organisation: { name = "Association: des frais hors de portée dès le mois 20 (costs out of reach from month 20)"; };
events = ( { month = 20; set = "costs.overhead_eur"; value = 400000.0; } );
CFGEOF
spawn "run --report, every organisation closed by 84 months" "$BIN" run "$work/closes.cfg" \
  --replicates 10 -o "$work/closes.h5" -q --report
spawn "compare" "$BIN" compare "$here/scenarios/default.cfg" --replicates 40 \
  --bootstrap 100 -o "$work/compare.h5" -q
spawn "compare (portfolio)" "$BIN" compare "$here/scenarios/fonds-odd17.cfg" \
  --replicates 20 --bootstrap 100 -o "$work/fund.h5" -q --report
spawn "compare --with --report" "$BIN" compare "$here/scenarios/default.cfg" --replicates 30 \
  --bootstrap 100 --with rules.ten_plus_one.policy=true -o "$work/with.h5" -q --report
spawn "sweep" "$BIN" sweep "$here/scenarios/sweep-engineering.cfg" \
  --set replicates=20 -o "$work/sweep.h5" -q --report
spawn "sensitivity (Sobol)" "$BIN" sensitivity "$here/scenarios/ishigami-sobol.cfg" \
  --set samples=1024 -o "$work/sobol.h5" -q
spawn "sensitivity (Morris)" "$BIN" sensitivity "$here/scenarios/ishigami-sobol.cfg" \
  --set sensitivity.method=morris --set samples=40 -o "$work/morris.h5" -q
sed 's/^  output = .*//' "$here/scenarios/default.cfg" >"$work/pf.cfg"
cat >>"$work/pf.cfg" <<'CFGEOF'
portfolio: { projects = 4; list = ( { organisation = { name = "Tiers-lieu"; }; innovation = { enabled = true; start_step = 2; }; } ); };
fund: { budget_eur = 120000.0; end_month = 24; allocation = "tiers_on_top"; };
CFGEOF
cat >"$work/small.targets" <<'CFGEOF'
horizon = 12; replicates = 8; seed = 3; max_iterations = 25; tolerance = 1e-2;
targets = ( { metric = "leverage"; value = 2.0; } );
free = ( { paths = ["funding.earned_income.alliance_uplift", "funding.subsidy.alliance_uplift"]; min = 0.0; max = 3.0; start = 0.5; } );
CFGEOF
spawn "calibrate --ensemble" "$BIN" calibrate "$work/pf.cfg" --targets "$work/small.targets" \
  --starts 4 -q -o "$work/ens.cfg" --ensemble "$work/ens.h5"
reap
[ -s "$work/run.html" ] && ok "run --report wrote run.html" || ko "run --report wrote no run.html"
# The treasurer's first month below zero is read for both meanings of the
# file's NaN: none went below zero (the default run at 18 months), none is
# alive (the closed one at 84 months).
if $PY - "$work/run.h5" "$work/closes.h5" >"$work/treasury.out" 2>&1 <<'EOF'
import sys
import h5py
run, closes = (h5py.File(p, "r")["summary/treasury"] for p in sys.argv[1:])
assert run["live"][0] > 0 and run["at_risk"][0] == 0, (run["live"][...], run["at_risk"][...])
assert closes["live"][0] > 0 and closes["at_risk"][0] == 0 and closes["live"][1] == 0, \
    (closes["live"][...], closes["at_risk"][...])
EOF
then
  ok "the runs hold a horizon with none below zero and one with none alive"
else
  ko "the runs hold a horizon with none below zero and one with none alive" "$work/treasury.out"
fi
spawn "compare --ensemble --report" "$BIN" compare "$work/pf.cfg" --ensemble "$work/ens.h5" \
  --months 90 --replicates 8 --seed 3 --bootstrap 20 -q -o "$work/ensc.h5" --report
# Over a scenario that differs from the one calibrated in a setting: the
# page's header says so.
spawn "compare --ensemble --report, a setting changed since the calibration" "$BIN" compare \
  "$work/pf.cfg" --ensemble "$work/ens.h5" --set costs.overhead_eur=4321 --months 24 \
  --replicates 4 --seed 3 --bootstrap 20 -q -o "$work/ensd.h5" --report
for k in compare sobol morris ens; do
  spawn "report $k" "$BIN" report "$work/$k.h5" -q
done
# spoilt NAME SRC DST PYTHON: a copy of SRC, changed by the Python lines
# (f is the file, open for writing), then its report.
spoilt() {
  cp "$2" "$3"
  if printf 'import sys\nimport h5py\nimport numpy as np\nwith h5py.File(sys.argv[1], "r+") as f:\n%s\n' "$4" |
    $PY - "$3" >"$3.out" 2>&1; then
    spawn "report of $1" "$BIN" report "$3" -q
  else
    ko "$1 written into a copy of $2" "$3.out"
  fi
}
# Durability is infinite where no treated project closes and some control
# ones do (docs/model.md), and so can its bootstrap bounds be: the fund's
# file with an infinite estimate, an infinite bound and a missing one.
spoilt "infinite durabilities" "$work/fund.h5" "$work/inf.h5" \
'    d = f["compare/durability"]
    d[0] = [np.inf, 1.0, np.inf]
    d[1] = [2.5, np.nan, np.inf]'
# A sweep's output can be infinite too (a durability): the sweep's file
# with one, which the page hovers.
spoilt "an infinite sweep output" "$work/sweep.h5" "$work/sweepinf.h5" \
'    f["outputs"][3, 0, 0] = np.inf'
# So can a Morris mu*, on the x axis: the Morris file with one, which the
# page hovers and the figures draw.
spoilt "an infinite mu*" "$work/morris.h5" "$work/morrisinf.h5" \
'    f["morris/mu_star"][0, 0, 1] = np.inf'
reap
[ -s "$work/ensc.html" ] && ok "compare --ensemble --report wrote ensc.html" \
  || ko "compare --ensemble --report wrote no ensc.html"
# A file written before the count of settings that differ: nothing said.
cp "$work/ensd.h5" "$work/ensold.h5"
if $PY - "$work/ensold.h5" >"$work/ensold.out" 2>&1 <<'EOF'
import sys
import h5py
with h5py.File(sys.argv[1], "r+") as f:
    assert f.attrs["settings_differing"] == 1, f.attrs["settings_differing"]
    del f.attrs["settings_differing"], f.attrs["settings_differing_text"]
EOF
then
  check "report of an ensemble comparison without the count" "$BIN" report "$work/ensold.h5" -q
else
  ko "the count of settings that differ taken out of a copy" "$work/ensold.out"
fi
tamper() { # FILE INSERTED
  sed "s|<main id=\"report\">|<main id=\"report\">$2|" "$work/few.html" >"$work/$1"
}
tamper net.html '<img src="http://example.invalid/x.png">'
tamper throws.html '<script>null.boom();</script>'
: >"$work/go"

# Figures: valid files of sane size in each format.
check "figures svg (run)" "$BIN" report "$work/run.h5" -o "$work/r2.html" \
  --figures "$work/fig-svg" --format svg -q
check "figures png (compare)" "$BIN" report "$work/compare.h5" -o "$work/c2.html" \
  --figures "$work/fig-png" --format png -q
check "figures pdf (run)" "$BIN" report "$work/run.h5" -o "$work/r3.html" \
  --figures "$work/fig-run-pdf" --format pdf -q
check "figures pdf (sensitivity)" "$BIN" report "$work/sobol.h5" -o "$work/s2.html" \
  --figures "$work/fig-pdf" --format pdf -q
check "figures pdf (compare --with)" "$BIN" report "$work/with.h5" -o "$work/w2.html" \
  --figures "$work/fig-with" --format pdf -q
check "figures svg (Morris, sweep)" "$BIN" report "$work/morris.h5" -o "$work/m2.html" \
  --figures "$work/fig-morris" -q
check "figures svg (horizons 72 and 84 months)" "$BIN" report "$work/h4.h5" -o "$work/h42.html" \
  --figures "$work/fig-h4" -q
# A territory's run: the page's five fans, in each format.
for fmt in svg png pdf; do
  check "figures $fmt (territory)" "$BIN" report "$work/territory.h5" -o "$work/t-$fmt.html" \
    --figures "$work/fig-territory-$fmt" --format $fmt -q
done
check "figures png (an infinite sweep output)" "$BIN" report "$work/sweepinf.h5" \
  -o "$work/si2.html" --figures "$work/fig-sweepinf" --format png -q
check "figures pdf (an infinite mu*)" "$BIN" report "$work/morrisinf.h5" \
  -o "$work/mi2.html" --figures "$work/fig-morrisinf" --format pdf -q
check "figures png (infinite durabilities)" "$BIN" report "$work/inf.h5" -o "$work/i2.html" \
  --figures "$work/fig-inf" --format png -q
cat >"$work/figcheck.py" <<'EOF'
import os, re, sys, xml.etree.ElementTree as ET
import h5py
import numpy as np
from PIL import Image
sys.path.insert(0, sys.argv[2])
import pdf_text
bad = []
def check(d, fmt, expect, exact=False):
    """Each name of expect is a valid file of d; with exact, d holds
    nothing else (one file per chart)."""
    names = sorted(os.listdir(d)) if os.path.isdir(d) else []
    for e in expect:
        if e + "." + fmt not in names:
            bad.append(f"{d}: no {e}.{fmt}")
    if exact and len(names) != len(expect):
        bad.append(f"{d}: {names}, expected one file for each of {expect}")
    for n in names:
        p = os.path.join(d, n)
        size = os.path.getsize(p)
        if not n.endswith("." + fmt) or ".tmp-" in n:
            bad.append(f"{p}: unexpected file")
        elif not 2000 <= size <= 5_000_000:
            bad.append(f"{p}: {size} bytes")
        elif fmt == "svg":
            root = ET.parse(p).getroot()
            if not root.tag.endswith("svg"):
                bad.append(f"{p}: root is {root.tag}")
        elif fmt == "png":
            im = Image.open(p)
            im.load()
            if im.size != (960, 600):
                bad.append(f"{p}: {im.size}")
            elif len(set(im.convert("L").getdata())) < 8:
                bad.append(f"{p}: looks blank")
        elif fmt == "pdf":
            data = open(p, "rb").read()
            if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
                bad.append(f"{p}: not a whole PDF")
w = sys.argv[1]
check(w + "/fig-svg", "svg", ["cash", "funding-costs", "value", "alliances",
      "survival", "funding-mix", "horizon-matrix", "workforce-employees_fte"])
check(w + "/fig-png", "png", ["arms-cash", "arms-survival", "metric-frugality",
      "metric-durability", "metric-leverage"])
check(w + "/fig-pdf", "pdf", ["sobol-0-0", "scatter-0-0-0", "scatter-0-0-2"])
check(w + "/fig-run-pdf", "pdf", ["cash", "funding-costs", "value", "alliances",
      "survival", "funding-mix", "horizon-matrix", "workforce-employees_fte"])
check(w + "/fig-morris", "svg", ["morris-0-0", "scatter-0-0-1"])
# A comparison's and a comparison of two choices': one file for each chart
# of the page (report.js, compareReport and compareWithReport; the page's
# with-cash is the figures' arms-cash), no other: the arms' fans and
# survival, each fund metric of the file, survival's among them, and B - A
# for each of the page's variables, titled and with an axis as the page
# titles its charts (the variable's long_name, its unit said in words).
ARMS = ["arms-cash", "arms-value", "arms-funding", "arms-workforce", "arms-survival"]
METRICS = ["frugality", "durability", "leverage", "value_leverage", "prime_alliance_eur",
           "prime_alliance_share", "survival_treatment", "survival_control"]
WITH_VARS = ["cash_eur", "funding_total_eur", "cost_total_eur", "value_produced_eur",
             "prime_alliance_eur", "workforce_fte", "alive"]
with h5py.File(w + "/compare.h5", "r") as f:
    metrics = [k for k in METRICS if "compare/" + k in f]
if not {"survival_treatment", "survival_control"} <= set(metrics):
    bad.append(f"compare.h5 has the metrics {metrics}, no survival")
check(w + "/fig-png", "png", ARMS + ["metric-" + k for k in metrics], exact=True)
with h5py.File(w + "/with.h5", "r") as f:
    names = [n.decode() if isinstance(n, bytes) else n for n in f["compare/variable"][...]]
    units = [n.decode() if isinstance(n, bytes) else n for n in f["compare/variable_unit"][...]]
    titles = {v: (f["bands/" + v] if "bands/" + v in f else f["summary/" + v]).attrs["long_name"]
              for v in WITH_VARS if v in names}
differences = [v for v in WITH_VARS if v in names]
if len(differences) != len(WITH_VARS):
    bad.append(f"with.h5 has the variables {names}, not all of {WITH_VARS}")
check(w + "/fig-with", "pdf", ARMS + ["difference-" + v for v in differences], exact=True)
# The arms' fans too: the variable's long_name, its unit.
for v, fig in (("cash_eur", "arms-cash"), ("value_produced_eur", "arms-value"),
               ("funding_total_eur", "arms-funding"), ("workforce_fte", "arms-workforce")):
    path = f"{w}/fig-with/{fig}.pdf"
    got = [t for t, x, y in pdf_text.texts(path)[0]] if os.path.exists(path) else []
    with h5py.File(w + "/with.h5", "r") as f:
        t, u = (f["bands/" + v].attrs[a] for a in ("long_name", "units"))
    t, u = (x.decode() if isinstance(x, bytes) else x for x in (t, u))
    if t not in got or not any(g == u or g.startswith(u + ", en mil") for g in got):
        bad.append(f"{path}: title or axis not {t!r}, {u!r}: {got}")
for v in differences:
    u = units[names.index(v)]
    axis = u if u != "1" else "part (share)" if v == "alive" else "sans unité (dimensionless)"
    path = f"{w}/fig-with/difference-{v}.pdf"
    got = [t for t, x, y in pdf_text.texts(path)[0]] if os.path.exists(path) else []
    t = titles[v].decode() if isinstance(titles[v], bytes) else titles[v]
    if t not in got or not any(g == axis or g.startswith(axis + ", en mil") for g in got) \
            or not any(g.startswith("B − A") for g in got):
        bad.append(f"{path}: title, axis or legend not {t!r}, {axis!r}, B − A: {got}")
check(w + "/fig-h4", "svg", ["cash", "survival", "horizon-matrix"])
check(w + "/fig-inf", "png", ["metric-durability", "metric-frugality"])
check(w + "/fig-sweepinf", "png", ["scatter-0-0-0", "scatter-0-0-1"])
check(w + "/fig-morrisinf", "pdf", ["morris-0-0", "scatter-0-0-1"])
# The territory page's charts (report.js, territoryReport), no others.
for fmt in ("svg", "png", "pdf"):
    check(w + "/fig-territory-" + fmt, fmt, ["territory-prime", "territory-value",
          "territory-adoption", "territory-links", "territory-alive"], exact=True)
# The text of the PDF figures (the SVG and PNG ones draw it): numbers as
# the page writes them, with a decimal comma and a narrow no-break space
# between thousands, none in exponent form ("4e+06"), and none of ten
# thousand or more, which an axis writes in thousands or millions.
NUMBER = re.compile(r"-?[0-9]{1,3}(?:\u202f[0-9]{3})*(?:,[0-9]+)?")
def number(text):
    return float(text.replace("\u202f", "").replace(",", ".")) \
        if NUMBER.fullmatch(text) else None
def check_text(d):
    for n in sorted(os.listdir(d)):
        pieces, page = pdf_text.texts(os.path.join(d, n))
        if not pieces:
            bad.append(f"{d}/{n}: no text read")
        for t, x, y in pieces:
            if re.search(r"[0-9][eE][-+]?[0-9]", t):
                bad.append(f"{d}/{n}: {t!r} in exponent form")
            elif number(t) is None and re.fullmatch(r"-?[0-9][0-9 .,]*", t):
                bad.append(f"{d}/{n}: {t!r} not written as the page writes numbers")
            elif number(t) is not None and abs(number(t)) >= 10000:
                bad.append(f"{d}/{n}: tick {t!r} not in thousands or millions")
# The y axis title says the factor its ticks are in, from the range of the
# file's bands it draws (p05 to p95, and the fan's margin of 6 %), and the
# ticks times the factor span that range.
def check_factor(pdf, h5, variables):
    with h5py.File(h5, "r") as f:
        lo = min(f["bands/" + v][:, 0].min() for v in variables)
        hi = max(f["bands/" + v][:, 4].max() for v in variables)
    pad = 0.06 * (hi - lo)
    big = max(abs(lo - pad), abs(hi + pad))
    factor, said = ((1e6, ", en millions (in millions)") if big >= 1e6 else
                    (1e3, ", en milliers (in thousands)") if big >= 1e4 else (1, None))
    pieces, page = pdf_text.texts(pdf)
    titles = [t for t, x, y in pieces if t.startswith("EUR")]
    if len(titles) != 1 or (said is not None and said not in titles[0]) \
            or (said is None and "en mil" in titles[0]):
        bad.append(f"{pdf}: axis title {titles} for values up to {big:g}, expected {said!r}")
    ticks = [number(t) for t, x, y in pieces if number(t) is not None and x < 0.14 * page[0]]
    if not ticks or not 0.5 * big <= factor * max(abs(t) for t in ticks) <= big:
        bad.append(f"{pdf}: y ticks {ticks} times {factor:g} for values up to {big:g}")
check_text(w + "/fig-run-pdf")
check_text(w + "/fig-pdf")
check_text(w + "/fig-territory-pdf")
check_text(w + "/fig-with")
check_text(w + "/fig-morrisinf")
# The infinite mu* (the copy of the Morris file): an "∞" right of every
# finite point, short of the plot's right edge, at its sigma's height, with
# its parameter's name beside it; the places of the values come from the
# ticks' labels (a tick's value at the middle of its label).
def axis_map(pieces, horizontal):
    ticks = [(number(t), (b[0] + b[2]) / 2 if horizontal else (b[1] + b[3]) / 2)
             for t, b in pieces if number(t) is not None
             and ((b[1] + b[3]) / 2 > 0.8 * 600 if horizontal else b[2] < 0.14 * 960)]
    if len(ticks) < 2:
        return None
    (v0, p0), (v1, p1) = ticks[0], ticks[-1]
    return lambda v: p0 + (v - v0) * (p1 - p0) / (v1 - v0)
with h5py.File(w + "/morrisinf.h5", "r") as f:
    mu, sigma = f["morris/mu_star"][0, 0, :], f["morris/sigma"][0, 0, :]
    params = [p.decode() if isinstance(p, bytes) else p for p in f["parameter"][...]]
path = w + "/fig-morrisinf/morris-0-0.pdf"
pieces = pdf_text.boxes(path)[0] if os.path.exists(path) else []
xmap, ymap = axis_map(pieces, True), axis_map(pieces, False)
marks = [b for t, b in pieces if t == "∞"]
names = {t: b for t, b in pieces}
if not (xmap and ymap and len(marks) == 1
        and xmap(np.nanmax(mu[np.isfinite(mu)])) + 20 < marks[0][0] and marks[0][2] < 0.97 * 960
        and abs((marks[0][1] + marks[0][3]) / 2 - ymap(sigma[1])) < 12
        and params[1] in names and names[params[1]][2] <= marks[0][0]):
    bad.append(f"{path}: the infinite mu* of {params[1]} (sigma {sigma[1]}) is not an ∞ at the "
               f"right edge at its height, its name beside it: {pieces}")
check_factor(w + "/fig-run-pdf/cash.pdf", w + "/run.h5", ["cash_eur"])
check_factor(w + "/fig-territory-pdf/territory-value.pdf", w + "/territory.h5",
             ["territory_value_eur", "territory_value_without_alliances_eur"])
# Every text of the PDF figures on the page and none over another (the
# horizon matrix's three columns ran their names together); the legend
# under a chart, the lines under its x axis's title, ends above the page's
# bottom: the run's funding mix, the longest (six sources, one column), is
# among them.
def check_layout(d):
    longest = (0, None)
    for n in sorted(os.listdir(d)):
        p = os.path.join(d, n)
        pieces, (width, height) = pdf_text.boxes(p)
        for t, b in pieces:
            if b[0] < 0 or b[1] < 0 or b[2] > width or b[3] > height:
                bad.append(f"{p}: {t!r} at {b} off the page ({width:g} x {height:g})")
        # A scatter's points are "•", which may overlap.
        words = [(t, b) for t, b in pieces if t != "•"]
        for i, (t, b) in enumerate(words):
            for u, c in words[i + 1:]:
                if pdf_text.overlaps(b, c):
                    bad.append(f"{p}: {t!r} at {b} over {u!r} at {c}")
        axis = [b for t, b in pieces if t.startswith("mois (month)")]
        if axis:
            lines = sorted({round(b[3]) for t, b in pieces if b[1] > axis[0][3]})
            if lines and lines[-1] > height - 5:
                bad.append(f"{p}: its legend ends at {lines[-1]}, at the page's bottom ({height:g})")
            longest = max(longest, (len(lines), p))
    return longest
for d in ("fig-run-pdf", "fig-pdf", "fig-territory-pdf", "fig-with", "fig-morrisinf"):
    longest = check_layout(w + "/" + d)
    if d == "fig-run-pdf" and longest[0] < 6:
        bad.append(f"{d}: the longest legend, {longest[1]}'s, has {longest[0]} lines, not 6")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
if $PY - "$work" "$here/tests" <"$work/figcheck.py" >"$work/figs" 2>&1; then
  ok "figures are valid SVG, PNG and PDF files"
else
  ko "figures are valid SVG, PNG and PDF files" "$work/figs"
fi

# Bad input: a clear message, the exit code of its class (2 the command
# line's shape, 3 a file, 6 a value outside its choices), and an existing
# report left as it was.
expect_error "report: no file" 2 "which file" "$BIN" report
expect_error "report: two files" 2 "one HDF5 file" "$BIN" report "$work/run.h5" "$work/sweep.h5"
expect_error "report: missing file" 3 "nosuch.h5" "$BIN" report "$work/nosuch.h5"
printf 'not hdf5\n' >"$work/text.h5"
expect_error "report: not an HDF5 file" 3 "is not an HDF5 file" "$BIN" report "$work/text.h5"
expect_error "report: --format gif" 6 "expected svg, png or pdf" \
  "$BIN" report "$work/run.h5" --figures "$work/f" --format gif
expect_error "report: --format without --figures" 2 "--format applies to --figures" \
  "$BIN" report "$work/run.h5" --format png
expect_error "report: output is a directory" 3 "$work" "$BIN" report "$work/run.h5" -o "$work"
expect_error "report: --figures of an ensemble's tables refused" 3 \
  "holds the fits of calibrate --ensemble: its report is a page of tables" \
  "$BIN" report "$work/ens.h5" -o "$work/ens2.html" --figures "$work/fig-ens"
[ ! -e "$work/ens2.html" ] && [ ! -e "$work/fig-ens" ] && ok "no page nor figure left" \
  || ko "no page nor figure left"
cp "$work/run.h5" "$work/same.h5"
expect_error "report: -o naming the HDF5 file it reads" 2 "would replace the HDF5 file" \
  "$BIN" report "$work/same.h5" -o "$work/same.h5"
cmp -s "$work/run.h5" "$work/same.h5" && ok "the HDF5 file is untouched" \
  || ko "the HDF5 file is untouched"
mkdir -p "$work/ro" && cp "$here/scenarios/default.cfg" "$work/ro/s.cfg"
mkdir "$work/ro/s.html"
expect_error "run --report: the report's path checked before the run" 3 "s.html" \
  "$BIN" run "$work/ro/s.cfg" --replicates 5 -o "$work/ro/s.h5" -q --report
[ ! -e "$work/ro/s.h5" ] && ok "no HDF5 file when the report cannot be written" \
  || ko "no HDF5 file when the report cannot be written"
cp "$work/run.html" "$work/keep.html"
"$BIN" report "$work/text.h5" -o "$work/keep.html" >/dev/null 2>&1
if cmp -s "$work/run.html" "$work/keep.html" && [ -z "$(ls "$work" | grep 'keep.html.tmp')" ]; then
  ok "a failed report keeps the old page and leaves no temporary"
else
  ko "a failed report keeps the old page and leaves no temporary"
fi
# The browser's verdicts, once it has read every page.
wait "$browser"
rc=$?
browser=""
wait "$browser2"
rc2=$?
browser2=""
grep -v "^caught: " "$work/browser" >"$work/pages"
grep -v "^caught: " "$work/browser2" >"$work/pages2"
if [ $rc -eq 0 ] && [ $rc2 -eq 0 ] && grep -q "^report_test: ok" "$work/pages" &&
  grep -q "^report_test: ok" "$work/pages2"; then
  ok "reports in headless Chromium"
else
  cat "$work/pages2" >>"$work/pages"
  ko "reports in headless Chromium" "$work/pages"
fi
caught() { # NAME NEEDLE FILE
  if grep -qxF "caught: $2 in $work/$3" "$work/browser"; then
    ok "$1"
  else
    ko "$1" "$work/browser"
  fi
}
caught "a network request is caught" "network requests" net.html
cat "$work/browser2" >>"$work/browser"
caught "a console error is caught" "console errors" throws.html
echo "report: $passed passed, $failed failed"
[ $failed -eq 0 ]
