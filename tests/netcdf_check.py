"""Checks that netCDF-4 readers take an alliance-sim HDF5 file whole.

Usage: python3 tests/netcdf_check.py FILE.h5...

For each file: `ncdump -h` reads it to the end; xarray opens the root and
every group with both engines (h5netcdf and netcdf4) and loads every
variable; every dimension of every variable is a coordinate variable (a
dimension scale) of its own group or of a parent, never phony and never
borrowed from a sibling; every numeric variable has a `units` string that
is a real unit (no "see ..."), and the root has the CF global attributes;
strings are variable-length UTF-8, read back as str.  Exits non-zero with
one line per failure.

The files are checked side by side, one process per core (forked once the
readers are imported, before any file is open): the readers' time goes on
each variable of each group, whatever the size of the run.
"""
import multiprocessing
import os
import subprocess
import sys

import h5py
import numpy as np
import xarray as xr

ENGINES = ("h5netcdf", "netcdf4")
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

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                check_dataset(path, name, obj, where)
            for key, value in obj.attrs.items():
                # The dimension-scale attributes are HDF5's own.
                if key in SCALE_ATTRS:
                    continue
                if isinstance(value, bytes):
                    fail(path, f"/{name} attribute {key}: bytes, not str")

        f.visititems(visit)


def address(obj):
    """Where an object lies in its file (whichever link reached it)."""
    info = h5py.h5o.get_info(obj.id)
    return info.fileno, info.addr


def check_dataset(path, name, d, where):
    kind = d.dtype.kind
    if d.dtype.names is not None:
        fail(path, f"/{name}: a compound type, which netCDF-4 cannot read")
        return
    if kind in "OS":
        info = h5py.check_string_dtype(d.dtype)
        if info is None or info.length is not None or info.encoding != "utf-8":
            fail(path, f"/{name}: strings not variable-length UTF-8")
        if "units" in d.attrs:
            fail(path, f"/{name}: text carries units {d.attrs['units']!r}")
        return
    if kind in "fiu" and "entry_units" in d.attrs:
        check_entry_units(path, name, d)
    elif kind in "fiu":
        units = d.attrs.get("units")
        if not real_unit(units):
            fail(path, f"/{name}: units {units!r} is not a unit")
    for dim, scales in enumerate(d.dims):
        if len(scales) == 0 and not h5py.h5ds.is_scale(d.id):
            fail(path, f"/{name}: dimension {dim} has no dimension scale")
            continue
        for scale in scales.values():
            scale_name = where.get(address(scale)) or scale.name
            parent = scale_name.rsplit("/", 1)[0] or "/"
            here = "/" + name
            if not (here + "/").startswith(parent.rstrip("/") + "/"):
                fail(path, f"/{name}: dimension {dim} uses {scale_name}, "
                     "outside its group and parents")


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


def check_xarray(path, groups):
    for engine in ENGINES:
        root = None
        for group in groups:
            try:
                ds = xr.open_dataset(path, engine=engine,
                                     group=group or None).load()
            except Exception as e:  # every reader error is a failure
                fail(path, f"xarray {engine} group '/{group}': "
                     f"{type(e).__name__}: {e}")
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
    """Every check of one file; its failures."""
    failures.clear()
    with h5py.File(path, "r") as f:
        groups = groups_of(f)
    check_h5(path)
    check_ncdump(path)
    check_xarray(path, groups)
    return list(failures)


def main(paths):
    # The biggest files first, so that no process is left with one at the end.
    order = sorted(paths, key=lambda p: -os.path.getsize(p))
    jobs = min(len(os.sched_getaffinity(0)), len(paths)) or 1
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            found = dict(zip(order, pool.map(check_file, order, chunksize=1)))
    else:
        found = {p: check_file(p) for p in order}
    lines = [line for p in paths for line in found[p]]
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
