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
#
# One awk reads every file; the paths are resolved with the shell's own
# string handling, so no process is started per file or per include (a
# subshell per include took seconds).  A path through a symbolic link or
# out of ROOT is resolved by cd and pwd -P, as the compiler would.

root=${1:-.}
cd "$root" || exit 2
phys=$(pwd -P)

rank() { # sets r to the layer of the path $1 (-1: no layer)
    case $1 in
        models/*) r=0 ;;
        sim/core/*) r=1 ;;
        sim/io/*) r=2 ;;
        sim/analysis/*) r=3 ;;
        sim/cli/*) r=4 ;;
        *) r=-1 ;;
    esac
}

# resolve DIR NAME: sets target to what cd DIR, cd into NAME's folder and
# pwd -P would give, followed by NAME's last part, with "." and ".." taken
# away as text; returns 1 when text alone cannot tell (a folder on the way
# is a symbolic link, or the path leaves ROOT).
resolve() {
    case $2 in
        /*) return 1 ;;
        */*) rest=$1/${2%/*} ;;
        *) rest=$1 ;;
    esac
    p=
    while [ -n "$rest" ]; do
        case $rest in
            */*) c=${rest%%/*}; rest=${rest#*/} ;;
            *) c=$rest; rest= ;;
        esac
        case $c in
            '' | .) ;;
            ..)
                case $p in
                    '') return 1 ;;
                    */*) p=${p%/*} ;;
                    *) p= ;;
                esac ;;
            *)
                p=${p:+$p/}$c
                [ -h "$p" ] && return 1 ;;
        esac
    done
    case $phys in
        /) target=/$p/${2##*/} ;;
        *) target=$phys${p:+/$p}/${2##*/} ;;
    esac
}

tmp="${TMPDIR:-/tmp}/layers.$$"
# The files, split as the shell splits a command's output.
# shellcheck disable=SC2046
set -- $(find models sim -name '*.[ch]' 2>/dev/null | sort)
: >"$tmp"
# For each #include "name" (system includes are not ours): "@:file" before
# a file's first one, then "line:name"; name is the text between the line's
# last two quotes, or the whole line when it has one quote only.
[ $# -gt 0 ] && awk 'BEGIN {
    for (i = 1; i < ARGC; i++) {
        n = 0
        while ((got = (getline text < ARGV[i])) > 0) {
            n++
            if (text !~ /^[[:space:]]*#[[:space:]]*include[[:space:]]*"/)
                continue
            if (!header) { header = 1; print "@:" ARGV[i] }
            k = split(text, part, "\"")
            print n ":" (k >= 3 ? part[k - 1] : text)
        }
        if (got < 0) print "check_layers: cannot read " ARGV[i] | "cat 1>&2"
        close(ARGV[i]); header = 0
    }
}' "$@" >"$tmp"

status=0
while IFS=: read -r line name; do
    if [ "$line" = @ ]; then
        f=$name
        rank "$f"; fr=$r
        dir=${f%/*}
        continue
    fi
    if [ -f "$dir/$name" ]; then
        resolve "$dir" "$name" ||
            target=$(cd "$dir" && cd "$(dirname "$name")" && pwd -P)/$(basename "$name")
    elif [ -f "$name" ]; then
        resolve . "$name" ||
            target=$(cd "$(dirname "$name")" && pwd -P)/$(basename "$name")
    else
        echo "$f:$line: includes \"$name\", which is not in the tree"
        [ $status -eq 0 ] && status=2
        continue
    fi
    rel=${target#"$phys"/}
    rank "$rel"
    if [ "$r" -gt "$fr" ]; then
        echo "$f:$line: includes $rel, a higher layer (layers look only down: models < sim/core < sim/io < sim/analysis < sim/cli)"
        status=1
    fi
done <"$tmp"
rm -f "$tmp"
exit $status
