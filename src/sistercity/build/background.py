"""Run a function in a forked child process beside the main one (the machine has two cores).

The CPU-bound libraries of the build (pySHACL, `reasonable`) hold the GIL, so threads would not
run them side by side; a forked child shares the parent's memory copy-on-write, so its inputs
cost nothing to hand over, and only its (small) result travels back, pickled.

``start(…, parallel=False)`` (``sistercity build --jobs 1``, and platforms without ``fork``) runs
the same work in this process when its result is asked for: the same answers, one core.
"""

from __future__ import annotations

import multiprocessing
import pickle
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sistercity.core.errors import SisterCityError

T = TypeVar("T")


@dataclass(frozen=True)
class ChildStats:
    """What a process cost: wall-clock and CPU seconds, peak resident memory (MiB)."""

    seconds: float
    cpu_seconds: float
    peak_mib: float


def own_stats(seconds: float) -> ChildStats:
    """The calling process's CPU time and peak memory, with the given wall-clock time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return ChildStats(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


class Background(Generic[T]):
    """``function(*args)`` running in a forked child; :meth:`result` waits for its value."""

    def __init__(self, name: str, function: Callable[..., T], *args: Any) -> None:
        self.name = name
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        # The work is handed over through a module-level slot that the forked child reads and the
        # parent then empties: the parent keeps no reference to large arguments it has done with.
        key = id(self)
        _PENDING[key] = (function, args)
        self._child = context.Process(target=_run, args=(key, sender), daemon=True,
                                      name=f"sistercity-{name}")
        try:
            self._child.start()
        finally:
            del _PENDING[key]
        sender.close()
        self.stats: ChildStats | None = None

    def result(self) -> T:
        """The function's return value.

        Raises:
            SisterCityError: whatever the function raised (re-raised as itself when it was one
                of the project's errors), or the child died without an answer.
        """
        try:
            status, payload, stats = self._receiver.recv()
        except EOFError:
            # The pipe closes as the child dies, a moment before the OS reaps it: join first, so
            # that the exit code is the child's and not None.
            self._child.join()
            status, payload, stats = "crash", f"the {self.name} process ended without an answer " \
                f"({_describe_exit(self._child.exitcode)})", None
        self._child.join()
        self.stats = stats
        if status == "ok":
            return payload
        if status == "raised" and isinstance(payload, SisterCityError):
            raise payload
        raise SisterCityError(f"{self.name} failed: {payload}")

    def cancel(self) -> None:
        """Stop the child if it still runs (the build failed before it needed the result)."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._receiver.close()


class Inline(Generic[T]):
    """``function(*args)`` run in this process when :meth:`result` is first asked for."""

    def __init__(self, name: str, function: Callable[..., T], *args: Any) -> None:
        self.name = name
        self._work: tuple[Callable[..., T], tuple[Any, ...]] | None = (function, args)
        self.stats: ChildStats | None = None

    def result(self) -> T:
        """The function's return value.

        Raises:
            SisterCityError: as :meth:`Background.result` does: the project's errors as they are,
                any other failure as "NAME failed: TYPE: message" with its traceback.
        """
        if self._work is None:
            raise SisterCityError(f"{self.name}: the result was already taken or the work cancelled")
        function, args = self._work
        self._work = None
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args)
        except SisterCityError:
            raise
        except Exception as exc:  # the same report as a child's, so --jobs 1 fails as --jobs 2 does
            raise SisterCityError(f"{self.name} failed: {type(exc).__name__}: {exc}\n"
                                  f"{traceback.format_exc()}") from exc
        finally:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            self.stats = ChildStats(time.perf_counter() - started, time.process_time() - cpu,
                                    usage.ru_maxrss / 1024)

    def cancel(self) -> None:
        """Drop the work if it has not run."""
        self._work = None


def can_fork() -> bool:
    """Whether this platform can fork worker processes (Linux can; Windows cannot)."""
    return "fork" in multiprocessing.get_all_start_methods()


def start(name: str, function: Callable[..., T], *args: Any,
          parallel: bool = True) -> Background[T] | Inline[T]:
    """Start ``function(*args)`` in a forked child, or (``parallel=False`` or no ``fork``) inline."""
    if parallel and can_fork():
        return Background(name, function, *args)
    return Inline(name, function, *args)


def _describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        return f"killed by signal {-code}; out of memory?"
    return f"exit code {code}"


_PENDING: dict[int, tuple[Callable[..., Any], tuple[Any, ...]]] = {}


def _run(key: int, sender: Any) -> None:
    started = time.perf_counter()
    function, args = _PENDING.pop(key)

    def stats() -> ChildStats:
        return own_stats(time.perf_counter() - started)
    try:
        value = function(*args)
        message = ("ok", value, stats())
    except SisterCityError as exc:
        message = ("raised", exc, stats())
    except Exception as exc:  # any other failure: reported to the parent with its traceback
        message = ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}", stats())
    try:
        sender.send(message)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an error that won't pickle
        sender.send(("error", f"{message[1]!s} (unpicklable result: {exc})", stats()))
    finally:
        sender.close()
