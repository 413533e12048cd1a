#!/bin/sh
# layers_test.sh - check_layers.sh passes on the tree and fails on an upward
# include planted in a copy of it (one per pair of adjacent layers, a model
# including the engine, one through a linked folder), naming the file and
# line, and exits 2 on an include of no file.  The copy is made once; each
# planted file is put back afterwards.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
check="$here/tests/check_layers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

sh "$check" "$here" >"$tmp/out" 2>&1 || {
    echo "layers_test: the tree has an upward include:"; cat "$tmp/out"; fail=1; }

mkdir -p "$tmp/tree"
(cd "$here" && cp -R models sim "$tmp/tree/")

plant() { # FILE INCLUDE [STATUS]: add the include, expect a refusal
    printf '#include "%s"\n' "$2" >>"$tmp/tree/$1"
    line=$(wc -l <"$tmp/tree/$1" | tr -d ' ')
    sh "$check" "$tmp/tree" >"$tmp/out" 2>&1
    got=$?
    if [ $got -eq 0 ]; then
        echo "layers_test: $1 including $2 was not refused"; fail=1
    elif [ $got -ne "${3:-1}" ]; then
        echo "layers_test: $1 including $2 exited $got, not ${3:-1}:"
        cat "$tmp/out"; fail=1
    elif ! grep -q "^$1:$line: includes" "$tmp/out"; then
        echo "layers_test: the refusal of $1 -> $2 does not name $1:$line:"
        cat "$tmp/out"; fail=1
    fi
    cp "$here/$1" "$tmp/tree/$1"
}
plant models/org.c sim/core/engine.h
plant sim/core/engine.c sim/io/scenario.h
plant sim/io/h5out.c sim/analysis/sweep.h
plant sim/analysis/sweep.c sim/cli/cli.h
plant sim/core/rng.h ../io/settings.h
plant sim/core/rng.h ./..//io/../cli/cli.h
plant sim/core/rng.h no/such/header.h 2
# A folder reached through a symbolic link is the folder it names.
ln -s ../io "$tmp/tree/sim/core/io-link"
plant sim/core/rng.h io-link/settings.h
grep -q "includes sim/io/settings.h, a higher layer" "$tmp/out" || {
    echo "layers_test: the include through a link is not named as sim/io/settings.h:"
    cat "$tmp/out"; fail=1; }
rm "$tmp/tree/sim/core/io-link"
# Same layer and downwards are allowed.
printf '#include "models/org.h"\n#include "sim/core/rng.h"\n#include "../core/rng.h"\n' \
    >>"$tmp/tree/sim/cli/cli_run.c"
sh "$check" "$tmp/tree" >"$tmp/out" 2>&1 || {
    echo "layers_test: a downward include was refused:"; cat "$tmp/out"; fail=1; }

[ $fail -eq 0 ] && echo "layers_test: ok"
exit $fail
