"""Run a function in a forked child process beside the main one (the machine has two cores).

The CPU-bound libraries of the build (pySHACL, `reasonable`) hold the GIL, so threads would not
run them side by side; a forked child shares the parent's memory copy-on-write, so its inputs
cost nothing to hand over, and only its (small) result travels back, pickled.
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

from .errors import SisterCityError

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
            status, payload, stats = "crash", f"the {self.name} process ended without an answer " \
                f"(exit code {self._child.exitcode}; out of memory?)", None
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
