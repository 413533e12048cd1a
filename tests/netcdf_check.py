"""Checks that netCDF-4 readers take an alliance-sim HDF5 file whole.

Usage: python3 tests/netcdf_check.py FILE.h5...

For each file: `ncdump -h` reads it to the end; xarray opens the root and
every group with the netcdf4 engine and loads every variable, and with the
h5netcdf engine the root and every group laid out as no group read before
(below); every dimension of every variable is a coordinate variable (a
dimension scale) of its own group or of a parent, never phony and never
borrowed from a sibling; every numeric variable has a `units` string that
is a real unit (no "see ..."), and the root has the CF global attributes;
strings are variable-length UTF-8, read back as str.  Prints one line per
failure, then how many groups each engine read; exits non-zero on a
failure.

Each engine opens a file once and reads its groups from that handle, as
xarray does for `open_dataset(FILE, engine=..., group=...)` but for the
file's opening (the netCDF-C library parsed the whole file's metadata again
for each group).  h5netcdf's time goes on each variable it reads (it looks
up every dimension scale by name): a group whose layout it has read in
another file is not read again.  A group's layout is what h5netcdf and
xarray's decoding read: each member's name; each dataset's type, shape,
maximum shape, chunks and filters, the dimension scale on each axis, its
attributes' names and types, and the values of those the readers interpret
(see layout_of); and the dimension scales of its parents.  Two groups of
one layout take the same path through h5netcdf, and netCDF4 still reads
every group of every file.

The files are checked side by side, one process per core (forked once the
readers are imported, before any file is open), in two rounds: h5py,
ncdump and netcdf4 on every file, then h5netcdf on the groups it has to
read.
"""
import multiprocessing
import os
import subprocess
import sys

import h5py
import numpy as np
import xarray as xr
from xarray.backends import H5NetCDFStore, NetCDF4DataStore

ENGINES = {"h5netcdf": H5NetCDFStore, "netcdf4": NetCDF4DataStore}
# Attributes whose string values the readers interpret (CF's decoding in
# xarray, netCDF-4's own, HDF5's dimension scales); any other attribute
# counts in a layout by its value when it is not a string, by its type only
# when it is one (descriptions, titles, the scenario's text).
READ_ATTRS = {"units", "calendar", "coordinates", "bounds", "dtype",
              "_Encoding", "_Unsigned", "_FillValue", "missing_value",
              "scale_factor", "add_offset", "_Netcdf4Dimid",
              "_Netcdf4Coordinates", "_nc3_strict", "CLASS", "NAME"}
GLOBAL_ATTRS = ("Conventions", "title", "source", "history")
SCALE_ATTRS = ("CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST")

failures = []


def fail(path, what):
    failures.append(f"{path}: {what}")


def groups_of(f):
    found = [""]
    f.visititems(lambda name, obj: found.append(name)
                 if isinstance(obj, h5py.Group) else None)
    return found


def check_h5(path):
    """The checks read with h5py; returns each group's layout (layouts)."""
    with h5py.File(path, "r") as f:
        for name in GLOBAL_ATTRS:
            if name not in f.attrs:
                fail(path, f"no global attribute {name}")

        # Each dataset's path by its object: a scale reached through a
        # reference has no path of its own, and HDF5 searches the whole file
        # for one (most of the time of these checks went there).
        where = {}

        def locate(name, obj):
            if isinstance(obj, h5py.Dataset):
                where.setdefault(address(obj), "/" + name)

        f.visititems(locate)

        members, scales = {"": []}, {"": []}  # by group: (name, layout)

        def visit(name, obj):
            group, _, key = name.rpartition("/")
            attrs = list(obj.attrs.items())
            for key_, value in attrs:
                # The dimension-scale attributes are HDF5's own.
                if key_ in SCALE_ATTRS:
                    continue
                if isinstance(value, bytes):
                    fail(path, f"/{name} attribute {key_}: bytes, not str")
            if isinstance(obj, h5py.Dataset):
                dims = check_dataset(path, name, obj, where)
                members.setdefault(group, []).append(
                    (key, layout_of(obj, attrs, dims)))
                if h5py.h5ds.is_scale(obj.id):
                    scales.setdefault(group, []).append(
                        (key, obj.dtype.str, obj.shape, obj.maxshape,
                         repr(obj.attrs.get("_Netcdf4Dimid"))))
            else:
                members.setdefault(group, []).append((key, "group"))
                members.setdefault(name, [])

        f.visititems(visit)
    return layouts(members, scales)


def layouts(members, scales):
    """Each group's layout, as h5netcdf reads it (see the docstring): a
    string by group name ("" the root), from its members' and its parents'
    dimension scales."""
    found = {}
    for group in members:
        parts = group.split("/") if group else []
        parents = ["/".join(parts[:n]) for n in range(len(parts))]
        found[group] = repr((group, sorted(members[group]),
                             [sorted(scales.get(p, [])) for p in parents]))
    return found


def layout_of(d, attrs, dims):
    """A dataset's part of its group's layout: how it is stored, its
    attributes (by type, and by value where a reader interprets it) and the
    scale on each axis."""
    shown = []
    for key, value in attrs:
        if key in ("DIMENSION_LIST", "REFERENCE_LIST"):
            continue  # the scales are named by dims
        kind = type(value).__name__ + str(getattr(value, "dtype", ""))
        text = isinstance(value, (str, bytes)) and key not in READ_ATTRS
        shown.append((key, kind, "" if text else repr(value)))
    return repr((d.dtype.str, d.shape, d.maxshape, d.chunks, d.compression,
                 d.compression_opts, d.shuffle, d.fletcher32, d.scaleoffset,
                 sorted(shown), dims))


def address(obj):
    """Where an object lies in its file (whichever link reached it)."""
    info = h5py.h5o.get_info(obj.id)
    return info.fileno, info.addr


def check_dataset(path, name, d, where):
    """The checks of one dataset; returns the paths of the scales on each
    of its axes."""
    dims = [[where.get(address(s)) or s.name for s in axis.values()]
            for axis in d.dims]
    kind = d.dtype.kind
    if d.dtype.names is not None:
        fail(path, f"/{name}: a compound type, which netCDF-4 cannot read")
        return dims
    if kind in "OS":
        info = h5py.check_string_dtype(d.dtype)
        if info is None or info.length is not None or info.encoding != "utf-8":
            fail(path, f"/{name}: strings not variable-length UTF-8")
        if "units" in d.attrs:
            fail(path, f"/{name}: text carries units {d.attrs['units']!r}")
        return dims
    if kind in "fiu" and "entry_units" in d.attrs:
        check_entry_units(path, name, d)
    elif kind in "fiu":
        units = d.attrs.get("units")
        if not real_unit(units):
            fail(path, f"/{name}: units {units!r} is not a unit")
    for dim, scale_names in enumerate(dims):
        if len(scale_names) == 0 and not h5py.h5ds.is_scale(d.id):
            fail(path, f"/{name}: dimension {dim} has no dimension scale")
            continue
        for scale_name in scale_names:
            parent = scale_name.rsplit("/", 1)[0] or "/"
            here = "/" + name
            if not (here + "/").startswith(parent.rstrip("/") + "/"):
                fail(path, f"/{name}: dimension {dim} uses {scale_name}, "
                     "outside its group and parents")
    return dims


def real_unit(units):
    return isinstance(units, str) and units != "" and not units.startswith(
        "see") and " " not in units.strip()


def check_entry_units(path, name, d):
    """A table whose entries differ in unit names, instead of `units`, the
    string variable (in its group or a parent) holding each entry's unit
    along one of its dimensions."""
    target, dim = d.attrs["entry_units"], int(d.attrs["entry_units_dimension"])
    if "units" in d.attrs:
        fail(path, f"/{name}: both units and entry_units")
    parts = ("/" + name).split("/")[:-1]
    for n in range(len(parts), 0, -1):
        g = d.file["/".join(parts[:n]) or "/"]
        if target in g:
            units = [u.decode() if isinstance(u, bytes) else u
                     for u in g[target][...]]
            if len(units) != d.shape[dim] or not all(map(real_unit, units)):
                fail(path, f"/{name}: entry units {units!r} do not fit "
                     f"dimension {dim}")
            return
    fail(path, f"/{name}: entry_units {target!r} not found")


def check_xarray(path, engine, groups):
    """xarray on engine reads each group: the file opened once, each group's
    store made from it as open_dataset(path, engine=engine, group=...)
    makes it, and read whole.  Returns the groups it failed on."""
    store = ENGINES[engine]
    failed = set()
    try:
        whole = store.open(path, mode="r")
    except Exception as e:  # every reader error is a failure
        fail(path, f"xarray {engine}: {type(e).__name__}: {e}")
        return set(groups)
    root = None
    try:
        handle = whole.ds  # the file as the engine opens it
        for group in groups:
            before = len(failures)
            try:
                ds = xr.open_dataset(store(handle, group=group or None)).load()
            except Exception as e:  # every reader error is a failure
                fail(path, f"xarray {engine} group '/{group}': "
                     f"{type(e).__name__}: {e}")
                failed.add(group)
                continue
            if group == "":
                root = ds
            for dim in ds.dims:
                if str(dim).startswith("phony_dim"):
                    fail(path, f"xarray {engine} '/{group}': {dim}")
                # A dimension is a coordinate here or in the root (which
                # xarray shows only when the root is opened).
                elif dim not in ds.coords and (root is None
                                               or dim not in root.coords):
                    if not in_parent(path, group, dim):
                        fail(path, f"xarray {engine} '/{group}': dimension "
                             f"{dim} has no coordinate")
            for name, var in ds.variables.items():
                if var.dtype.kind in "fiu" and "units" not in var.attrs \
                        and "entry_units" not in var.attrs:
                    # xarray moves units into encoding when it decodes them.
                    if "units" not in var.encoding:
                        fail(path, f"xarray {engine} '/{group}' {name}: no "
                             "units")
                if var.dtype.kind == "O" and var.size and not isinstance(
                        var.values.flat[0], str):
                    fail(path, f"xarray {engine} '/{group}' {name}: strings "
                         "not str")
            if len(failures) > before:
                failed.add(group)
    finally:
        whole.close()
    return failed


def in_parent(path, group, dim):
    with h5py.File(path, "r") as f:
        parts = group.split("/")
        for n in range(len(parts) - 1, -1, -1):
            g = f["/" + "/".join(parts[:n])]
            if dim in g and isinstance(g[dim], h5py.Dataset) \
                    and h5py.h5ds.is_scale(g[dim].id):
                return True
    return False


def check_ncdump(path):
    r = subprocess.run(["ncdump", "-h", path], capture_output=True,
                       text=True)
    if r.returncode != 0 or "NetCDF:" in r.stderr:
        fail(path, f"ncdump -h: {r.stderr.strip()}")
        return
    with h5py.File(path, "r") as f:
        for group in groups_of(f):
            leaf = group.rsplit("/", 1)[-1]
            if group and f"group: {leaf} {{" not in r.stdout:
                fail(path, f"ncdump -h does not show group /{group}")


def check_file(path):
    """Every check of one file but h5netcdf's: its failures, and its
    groups' layouts."""
    failures.clear()
    with h5py.File(path, "r") as f:
        groups = groups_of(f)
    found = check_h5(path)
    check_ncdump(path)
    check_xarray(path, "netcdf4", groups)
    return list(failures), found


def check_h5netcdf(job):
    """h5netcdf on the groups of one file it has to read: its failures, and
    the groups it failed on."""
    path, groups = job
    failures.clear()
    failed = check_xarray(path, "h5netcdf", groups)
    return list(failures), failed


def main(paths):
    # The biggest files first, so that no process is left with one at the end.
    order = sorted(paths, key=lambda p: -os.path.getsize(p))
    jobs = min(len(os.sched_getaffinity(0)), len(paths)) or 1
    pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 else None
    each = pool.map if pool else lambda f, xs, chunksize: list(map(f, xs))
    try:
        first = dict(zip(order, each(check_file, order, chunksize=1)))
        # h5netcdf reads each file's root, and every group laid out as no
        # group it reads before (the biggest files first).
        seen, todo = set(), []
        for p in order:
            found = first[p][1]
            todo.append((p, [g for g in found if g == "" or found[g] not in seen]))
            seen.update(found.values())
        second = dict(zip(order, each(check_h5netcdf, todo, chunksize=1)))
    finally:
        if pool:
            pool.close()
            pool.join()
    # A layout h5netcdf failed on fails every file that holds it.
    bad = {first[p][1][g]: (p, g) for p in order for g in second[p][1]}
    for p in order:
        for g, layout in first[p][1].items():
            if layout in bad and bad[layout][0] != p:
                second[p][0].append(
                    f"{p}: xarray h5netcdf group '/{g}': laid out as "
                    f"'/{bad[layout][1]}' of {bad[layout][0]}, which it fails on")
    lines = [line for p in paths for line in first[p][0] + second[p][0]]
    for line in lines:
        print(line)
    read = sum(len(groups) for _, groups in todo)
    print(f"netcdf4 read all {sum(len(first[p][1]) for p in order)} groups, "
          f"h5netcdf {read}, the others laid out as those")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
