#!/bin/sh
# layers_test.sh - check_layers.sh passes on the tree and fails on an upward
# include planted in a copy of it (one per pair of adjacent layers, and a
# model including the engine), naming the file and line.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
check="$here/tests/check_layers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

sh "$check" "$here" >"$tmp/out" 2>&1 || {
    echo "layers_test: the tree has an upward include:"; cat "$tmp/out"; fail=1; }

plant() { # FILE INCLUDE: copy the tree, add the include, expect a refusal
    rm -rf "$tmp/tree"; mkdir -p "$tmp/tree"
    (cd "$here" && cp -R models sim "$tmp/tree/")
    printf '#include "%s"\n' "$2" >>"$tmp/tree/$1"
    line=$(wc -l <"$tmp/tree/$1" | tr -d ' ')
    if sh "$check" "$tmp/tree" >"$tmp/out" 2>&1; then
        echo "layers_test: $1 including $2 was not refused"; fail=1
    elif ! grep -q "^$1:$line: includes" "$tmp/out"; then
        echo "layers_test: the refusal of $1 -> $2 does not name $1:$line:"
        cat "$tmp/out"; fail=1
    fi
}
plant models/org.c sim/core/engine.h
plant sim/core/engine.c sim/io/scenario.h
plant sim/io/h5out.c sim/analysis/sweep.h
plant sim/analysis/sweep.c sim/cli/cli.h
plant sim/core/rng.h ../io/settings.h
# Same layer and downwards are allowed.
rm -rf "$tmp/tree"; mkdir -p "$tmp/tree"
(cd "$here" && cp -R models sim "$tmp/tree/")
printf '#include "models/org.h"\n#include "sim/core/rng.h"\n' >>"$tmp/tree/sim/cli/cli_run.c"
sh "$check" "$tmp/tree" >"$tmp/out" 2>&1 || {
    echo "layers_test: a downward include was refused:"; cat "$tmp/out"; fail=1; }

[ $fail -eq 0 ] && echo "layers_test: ok"
exit $fail
