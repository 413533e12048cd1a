#!/usr/bin/python3 -IS
"""pyfork.py - `python3 -c CODE` and `python3 -` for the shell suites, forked
from a process that imported h5py and numpy once.

A suite's Python checks are many and short: importing h5py and numpy took
0.15 s of each, more than most checks themselves.

    python3 tests/pyfork.py --serve SOCKET   the server; ends with its parent
    PYFORK_SOCKET=SOCKET tests/pyfork.py ARGS...

The second form stands for /usr/bin/python3 ARGS...: with `-c CODE` or `-`
first, the server forks a process that takes this one's standard input,
output and error, its arguments, folder and environment, runs the code as
__main__ as the interpreter would (sys.argv, sys.path[0] = '', __file__ for
`-`, the traceback and status 1 of an exception) and ends as it would
(sys.exit's status, atexit, the check's objects freed, the streams
flushed, the C library's exit handlers: HDF5 closes its files) but for the
teardown of every module; the server tells this one that status once the
process has ended.  With other
arguments, or no server, this one runs /usr/bin/python3 itself.
"""
import marshal
import os
import socket
import struct
import sys

PYTHON = "/usr/bin/python3"


def client(args):
    path = os.environ.get("PYFORK_SOCKET")
    if not path or not args or not (args[0] == "-" or (args[0] == "-c" and len(args) > 1)):
        os.execv(PYTHON, [PYTHON] + args)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
    except OSError:
        os.execv(PYTHON, [PYTHON] + args)
    payload = marshal.dumps((args, os.getcwd(), dict(os.environ)))
    socket.send_fds(s, [struct.pack("<Q", len(payload))], [0, 1, 2])
    s.sendall(payload)
    got = b""
    while True:  # the server tells the status once the process has ended
        data = s.recv(16)
        if not data:
            break
        got += data
    if len(got) != 4:
        sys.stderr.write("pyfork: the server ended before the check\n")
        sys.exit(1)
    status = struct.unpack("<i", got)[0]
    sys.exit(status if status >= 0 else 128 - status)  # killed: as the shell says


def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        more = conn.recv(n - len(data))
        if not more:
            raise EOFError
        data += more
    return data


def python_env(env):
    """The variables that change how the interpreter starts."""
    return {k: v for k, v in env.items() if k.startswith("PYTHON")}


def child(conn, started):
    """In the forked process: runs the request of conn, then exits as the
    interpreter would (atexit, every object freed, streams flushed).  With
    other PYTHON* variables than the server's own (started), the
    interpreter itself runs it."""
    import traceback
    import types

    header, fds, _, _ = socket.recv_fds(conn, 8, 3)
    args, cwd, env = marshal.loads(recv_exactly(conn, struct.unpack("<Q", header)[0]))
    conn.close()  # the server tells the status
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(cwd)
    if python_env(env) != started:
        os.execve(PYTHON, [PYTHON] + args, env)
    os.environ.clear()
    os.environ.update(env)
    main = types.ModuleType("__main__")
    main.__builtins__ = __builtins__
    if args[0] == "-c":
        code, name, sys.argv = args[1], "<string>", ["-c"] + args[2:]
    else:
        code, name, sys.argv = sys.stdin.buffer.read(), "<stdin>", ["-"] + args[1:]
        main.__file__ = "<stdin>"
    sys.modules["__main__"] = main
    sys.path[0] = ""
    status = 0
    try:
        exec(compile(code, name, "exec"), main.__dict__)
    except SystemExit as e:  # as the interpreter reads sys.exit's argument
        if e.code is None:
            status = 0
        elif isinstance(e.code, int):
            status = e.code
        else:
            print(e.code, file=sys.stderr)
            status = 1
    except BaseException as e:  # as the interpreter: the traceback, status 1
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        status = 1
    # The interpreter's way out, less the teardown of every module (most of
    # the time of a short check): atexit, the check's objects freed (its
    # HDF5 files closed), the streams flushed (120 if they cannot be, as the
    # interpreter), then the C library's exit (HDF5 closes what is left).
    import atexit
    import ctypes
    import gc

    atexit._run_exitfuncs()
    main.__dict__.clear()
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            status = status or 120
    ctypes.CDLL(None).exit(status & 0xFF)


def serve(path):
    import select
    import signal

    # What the checks import, once: each forked process finds them loaded.
    import atexit  # noqa: F401
    import ctypes  # noqa: F401
    import gc  # noqa: F401
    import glob  # noqa: F401
    import json  # noqa: F401
    import re  # noqa: F401
    import subprocess  # noqa: F401
    import traceback  # noqa: F401
    import types  # noqa: F401

    import h5py  # noqa: F401
    import numpy  # noqa: F401

    started = python_env(os.environ)
    parent = os.getppid()
    # A child's end wakes the loop below, which tells its client.
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path + ".new")
    srv.listen(64)
    os.rename(path + ".new", path)  # connectable once it exists
    me = os.getpid()
    clients = {}  # pid -> the connection of the client it runs for
    try:
        while os.getppid() == parent:
            ready, _, _ = select.select([srv, wake_r], [], [], 1.0)
            if srv in ready:
                conn, _ = srv.accept()
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    for other in [srv] + list(clients.values()):
                        other.close()
                    os.close(wake_r)
                    os.close(wake_w)
                    child(conn, started)
                clients[pid] = conn
            if wake_r in ready:
                os.read(wake_r, 512)
            while clients:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                conn = clients.pop(pid, None)
                if conn is not None:
                    try:
                        conn.sendall(struct.pack("<i", os.waitstatus_to_exitcode(status)))
                    except OSError:
                        pass
                    conn.close()
    finally:
        if os.getpid() == me:
            srv.close()
            try:
                os.unlink(path)
            except OSError:
                pass


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(sys.argv[2])
    else:
        client(sys.argv[1:])
