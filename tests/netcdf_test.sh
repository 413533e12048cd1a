#!/bin/sh
# netCDF-4 readers take every kind of file alliance-sim writes: a run (with
# and without the full monthly record, one organisation and a portfolio),
# compare (one organisation and a portfolio), a territory (its sectors as
# arrays, its organisations month by month: each file holds every group of
# a default territory run too),
# calibrate's ensemble of fits and compare over it, a sweep, and
# sensitivity with Sobol and with Morris.  tests/netcdf_check.py opens each
# with `ncdump -h`, and with xarray: netcdf4 reads the root and every group,
# h5netcdf the root and every group laid out as none it read before.
#
# Usage: BIN=bin/alliance-sim sh tests/netcdf_test.sh
set -u
BIN=${BIN:-bin/alliance-sim}
PY=/usr/bin/python3
work=$(mktemp -d /tmp/alliance-sim-netcdf-XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

# make_file NAME COMMAND...: writes a file in the background, beside the
# others; made waits for them and reports, in order, those that failed.
njobs=0
make_file() {
  njobs=$((njobs + 1))
  printf '%s\n' "$1" >"$work/job$njobs.name"; shift
  ("$@" >"$work/job$njobs.out" 2>"$work/job$njobs.err"; echo $? >"$work/job$njobs.rc") &
}
made() {
  wait
  i=0
  while [ $i -lt $njobs ]; do
    i=$((i + 1))
    if [ "$(cat "$work/job$i.rc" 2>/dev/null)" != 0 ]; then
      echo "[  FAILED  ] netcdf: cannot write $(cat "$work/job$i.name")"
      sed 's/^/    /' "$work/job$i.err"
      failed=1
    fi
    rm -f "$work/job$i.name" "$work/job$i.rc"
  done
  njobs=0
}

small="--replicates 6 --months 24 -q"
sed 's/^  output = .*//' scenarios/default.cfg > "$work/pf.cfg"
cat >> "$work/pf.cfg" <<'CFGEOF'
portfolio: { projects = 3; };
fund: { budget_eur = 60000.0; end_month = 12; };
CFGEOF
cat > "$work/sw.cfg" <<CFGEOF
base = "$PWD/scenarios/default.cfg";
design = "lhs"; samples = 8; seed = 5; replicates = 2; months = 24; horizons = [12, 24]; block = 4;
parameters = (
  { path = "engineering.budget_eur"; distribution = "uniform"; min = 0.0; max = 5000.0; },
  { path = "cash.observation_months"; distribution = "levels"; levels = [3, 6, 12]; }
);
outputs = ( { variable = "cash_eur"; statistics = ["mean", "p05"]; }, { variable = "alive"; } );
CFGEOF
cat > "$work/cal.targets" <<'CFGEOF'
horizon = 12; replicates = 4; seed = 3; max_iterations = 3; tolerance = 1e-1;
target_tolerance = 1.0;   # a file to read, quickly: any fit within 100% will do
targets = ( { metric = "leverage"; value = 3.0; } );
free = ( { paths = ["funding.earned_income.alliance_uplift"]; min = 0.0; max = 3.0; start = 0.5; } );
CFGEOF
sens="-q --set samples=8 --set replicates=2"
# More report horizons than the matrix's three columns.
sed 's/^  months = .*/  months = 40;/; s/^  horizons = .*/  horizons = [6, 12, 18, 24, 36];/' scenarios/default.cfg > "$work/horizons.cfg"

make_file run "$BIN" run scenarios/default.cfg $small -o "$work/run.h5"
make_file "run, monthly" "$BIN" run scenarios/default.cfg $small --set simulation.monthly=all -o "$work/run-monthly.h5"
make_file "run, 5 horizons" "$BIN" run "$work/horizons.cfg" --replicates 6 -q --set simulation.monthly=cash_eur -o "$work/run-horizons.h5"
make_file "portfolio run" "$BIN" run "$work/pf.cfg" $small -o "$work/portfolio.h5"
make_file compare "$BIN" compare scenarios/default.cfg $small --bootstrap 20 --set simulation.monthly=all -o "$work/compare.h5"
make_file "portfolio compare" "$BIN" compare "$work/pf.cfg" $small --bootstrap 20 -o "$work/compare-portfolio.h5"
make_file calibrate "$BIN" calibrate "$work/pf.cfg" --targets "$work/cal.targets" -q -o "$work/cal.cfg" --starts 2 --ensemble "$work/ensemble.h5"
make_file "run with events" "$BIN" run scenarios/subsidy-stops.cfg --replicates 6 --months 40 -q -o "$work/events.h5"
make_file "compare --with" "$BIN" compare scenarios/default.cfg $small --bootstrap 20 --with rules.ten_plus_one.policy=true -o "$work/compare-with.h5"
# The two territories of one size: their other groups are laid out alike,
# and h5netcdf reads those once (tests/netcdf_check.py).
terr="scenarios/territory.cfg --replicates 2 --months 12 -q --set territory.organisations=10 --set territory.firms=10"
make_file "territory, its sectors as arrays" "$BIN" run $terr --set simulation.monthly=all -o "$work/territory-sectors.h5"
make_file "territory, organisations month by month" "$BIN" run $terr --set simulation.organisations_monthly=all -o "$work/territory-months.h5"
make_file sweep "$BIN" sweep "$work/sw.cfg" -q -o "$work/sweep.h5"
make_file "sensitivity, Sobol" "$BIN" sensitivity scenarios/sobol-default.cfg $sens -o "$work/sobol.h5"
make_file "sensitivity, Morris" "$BIN" sensitivity scenarios/sobol-default.cfg $sens --set sensitivity.method=morris --set sensitivity.trajectories=4 -o "$work/morris.h5"
made
# What calibrate wrote, once it has.
make_file "compare, ensemble" "$BIN" compare "$work/pf.cfg" --ensemble "$work/ensemble.h5" $small --bootstrap 20 -o "$work/compare-ensemble.h5"
made

if $PY tests/netcdf_check.py "$work"/*.h5 >"$work/check" 2>&1; then
  echo "[       OK ] netcdf: ncdump and xarray (h5netcdf, netcdf4) read $(ls "$work"/*.h5 | wc -l) files ($(tail -1 "$work/check"))"
else
  echo "[  FAILED  ] netcdf: ncdump and xarray"; sed 's/^/    /' "$work/check"
  failed=1
fi
exit $failed
