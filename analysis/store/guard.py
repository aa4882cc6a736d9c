"""What keeps a run safe when it is interrupted or meets another: the store lock, worker
processes that die with their parent, SIGTERM read as an interrupt, and a fault hook for tests.

Why here: every writer of the store (``run``, ``report``, a notebook building its cache) and
every pool (chunks, notebooks) needs the same rules, so they live in one place.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

if sys.platform != "win32":
    import fcntl

#: ``POINT[:N]:ACTION`` — at the N-th (default first) time this process reaches fault point
#: POINT, do ACTION (``raise``, or a signal name: ``SIGINT``, ``SIGTERM``, ``SIGKILL``, sent to the
#: process that started the run). Used by the fault-injection tests only.
FAULT_ENV = "NEWS_ANALYSIS_FAULT"
#: Set by :func:`mark_main`: the process a fault signal goes to (workers inherit it).
MAIN_ENV = "NEWS_ANALYSIS_MAIN_PID"
LOCK_NAME = ".lock"
_PR_SET_PDEATHSIG = 1
_counts: dict[str, int] = {}


class InjectedFault(RuntimeError):
    """Raised at a fault point by ``NEWS_ANALYSIS_FAULT=POINT:raise``."""


def fault_point(name: str) -> None:
    """A place where the fault-injection tests may interrupt a run (a no-op otherwise)."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    point, *rest = spec.split(":")
    if point != name:
        return
    nth, action = (int(rest[0]), rest[1]) if len(rest) == 2 else (1, rest[0] if rest else "raise")
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] != nth:
        return
    if action == "raise":
        raise InjectedFault(f"fault injected at {name} #{nth}")
    target = int(os.environ.get(MAIN_ENV) or os.getpid())
    os.kill(target, getattr(signal, action))
    time.sleep(5)  # the signal arrives; a worker waits to be stopped with the run


def mark_main() -> None:
    """Record this process (the command line's) as the one a fault signal goes to; its workers
    inherit the record."""
    os.environ[MAIN_ENV] = str(os.getpid())


def interrupt_on_sigterm() -> None:
    """Make SIGTERM raise :class:`KeyboardInterrupt` as Ctrl-C does, so ``finally`` blocks stop
    the pools and kernels before the process ends (the default action skips them)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_interrupt)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def die_with_parent(parent: int | None = None) -> None:
    """Pool initializer: this worker ends when the process that started it (pid ``parent``, given
    as ``initargs=(os.getpid(),)``) ends, even by SIGKILL.

    Linux's ``PR_SET_PDEATHSIG`` sends SIGTERM on the parent's death; a watcher thread that polls
    the parent pid covers other systems and a parent thread that exits. SIGTERM then unwinds the
    worker (a papermill run shuts its kernel down on the way out). Why the pid is passed in: a
    parent killed while this worker was still starting is gone before the signal is asked for,
    and ``os.getppid()`` then names whoever adopted the worker; such a worker is left running for
    ever unless it compares the two and leaves at once."""
    interrupt_on_sigterm()
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request above: no signal will come
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(10)
    os._exit(1)


def stop_children() -> None:
    """Terminate this process's worker processes (after an interrupt: a pool's ``shutdown``
    would wait for the chunks or notebooks in progress)."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(5)
        if child.is_alive():
            child.kill()


@contextmanager
def store_lock(root: Path) -> Iterator[None]:
    """Hold ``root/.lock`` exclusively: a second run on the same store waits, saying which
    process holds it, instead of interleaving its writes (a no-op where ``fcntl`` is missing)."""
    root.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        yield
        return
    with open(root / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(f"store {root} is being updated by pid {holder}; waiting for it", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
