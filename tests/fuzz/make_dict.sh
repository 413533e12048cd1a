#!/bin/sh
# Writes a libFuzzer dictionary for the loaders on stdout: every setting's
# dotted path and each of its names (from `alliance-sim params --json`), the
# words the sweep-file loader compares against (distributions, designs,
# statistics, ...), and libconfig's own tokens.  Mutations that splice in
# whole names reach the checks behind them far sooner than byte flips do.
#
# Usage: sh tests/fuzz/make_dict.sh BIN > FILE.dict
set -eu
BIN=$1
{
  "$BIN" params --json | /usr/bin/python3 -c '
import json, sys
for p in json.load(sys.stdin):
    print(p["path"])
    for part in p["path"].split("."):
        print(part)'
  grep -ho '"[a-z_][a-z0-9_.]*"' sim/analysis/sweep.c sim/io/param_dist.c \
    sim/io/scenario.c models/registry.c models/portfolio.c | tr -d '"'
  printf '%s\n' @include true false TRUE FALSE
} | sort -u | sed 's/.*/"&"/'
printf '%s\n' '"L"' '"0x"' '"e+"' '"="' '":"' '";"' '"{"' '"}"' '"("' '")"' \
  '"["' '"]"' '","' '"/*"' '"*/"' '"//"' '"#"' '"\""'
