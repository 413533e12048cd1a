#!/bin/sh
# check_layers.sh ROOT - fails when a file includes a header of a higher layer.
#
# The layers, lowest first (docs/architecture.md): models, sim/core, sim/io,
# sim/analysis, sim/cli.  A file may include headers of its own layer and of
# lower ones; tests/ and bench/ sit above everything and are not checked.
# An include is read as the compiler reads it: from the including file's
# folder first, then from ROOT (the Makefile's -I.).
#
# Prints one line per upward include ("file:line: ...") and exits 1 when
# there is any; exits 2 when a quoted include names no file of the tree.

root=${1:-.}
cd "$root" || exit 2

rank() {
    case $1 in
        models/*) echo 0 ;;
        sim/core/*) echo 1 ;;
        sim/io/*) echo 2 ;;
        sim/analysis/*) echo 3 ;;
        sim/cli/*) echo 4 ;;
        *) echo -1 ;;
    esac
}

status=0
for f in $(find models sim -name '*.[ch]' 2>/dev/null | sort); do
    fr=$(rank "$f")
    dir=$(dirname "$f")
    # "line:name" for each #include "name" (system includes are not ours).
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
        sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1:\2/' >"${TMPDIR:-/tmp}/layers.$$"
    while IFS=: read -r line name; do
        if [ -f "$dir/$name" ]; then
            target=$(cd "$dir" && cd "$(dirname "$name")" && pwd -P)/$(basename "$name")
        elif [ -f "$name" ]; then
            target=$(cd "$(dirname "$name")" && pwd -P)/$(basename "$name")
        else
            echo "$f:$line: includes \"$name\", which is not in the tree"
            [ $status -eq 0 ] && status=2
            continue
        fi
        rel=${target#"$(pwd -P)"/}
        tr=$(rank "$rel")
        if [ "$tr" -gt "$fr" ]; then
            echo "$f:$line: includes $rel, a higher layer (layers look only down: models < sim/core < sim/io < sim/analysis < sim/cli)"
            status=1
        fi
    done <"${TMPDIR:-/tmp}/layers.$$"
    rm -f "${TMPDIR:-/tmp}/layers.$$"
done
exit $status
