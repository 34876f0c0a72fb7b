"""Work done in a forked worker process beside the build's own (the feeds while the print PDF is drawn).

The worker only computes: it sends back its result and the lines it said, or the error that stopped it, which
`Job.result` raises in the building process as if it had happened there. It writes nothing: the build writes
what comes back into its staging folder, so publishing stays all or nothing. Without fork (Windows) the work is
done in `result`, in the building process.

`Shares` hands out a list of work one piece at a time to whichever process asks (the `dates` listing's
festivals), so that the worker and the process that started it finish together.
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from calendar_builder.errors import CalendarError

T = TypeVar("T")
Say = Callable[[str], None]


class Job(Generic[T]):
    """One piece of work running in a forked process; `result` waits for it, `stop` reaps it."""

    def __init__(self, work: Callable[[Say], T], process: Any = None, pipe: Any = None) -> None:
        self._work = work
        self._process = process
        self._pipe = pipe
        #: an outcome `early` received instead of the value handed over early, for `result`
        self._outcome: tuple[str, Any, list[str]] | None = None
        #: without fork: the values the work handed over while `early` ran it, not yet given
        self._handed: list[Any] = []

    @classmethod
    def start(cls, work: Callable[[Say], T], wanted_last: bool = False) -> Job[T]:
        """Fork a worker doing `work`; `wanted_last`: its result is asked for after those of the other workers, so
        it runs at a lower priority (a niceness of 10): it takes what time they leave of the second core."""
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return cls(work)
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(work, sender, os.getpid(), wanted_last), daemon=True)
        process.start()
        sender.close()
        return cls(work, process, receiver)

    @classmethod
    def start_handing(cls, work: Callable[[Say, Callable[[Any], None]], T]) -> Job[T]:
        """As `start`, for work that hands values over before it ends (with its second argument), which `early`
        gives this process, in order, while the work goes on."""
        job: Job[T] = cls.start(lambda say: work(say, _hand))
        if job._process is None:  # no fork: `early` runs the work here, keeping what it hands over
            job._work = lambda say: work(say, job._handed.append)
        return job

    def early(self) -> Any:
        """The next value the work handed over early (see `start_handing`), waiting for it; the work's error when it
        failed before. Without fork the work runs here at the first call, and `result` gives what it ended with."""
        if self._process is None:
            if self._outcome is None:
                self._outcome = _run(self._work)
            if self._handed:
                return self._handed.pop(0)
            kind, payload, _ = self._outcome
        elif self._outcome is not None:
            kind, payload, _ = self._outcome
        else:
            kind, payload, lines = self._received()
            if kind == "early":
                return payload
            self._outcome = (kind, payload, lines)
        if kind == "error":
            raise payload
        raise CalendarError("a worker process of this run handed nothing over early")

    def result(self, say: Say) -> T:
        """The work's result, after saying what it said (in its order); the work's error is raised here."""
        if self._outcome is not None:
            kind, payload, lines = self._outcome
        elif self._process is None:
            kind, payload, lines = _run(self._work)
        else:
            kind, payload, lines = "early", None, []
            while kind == "early":  # values handed over early and not asked for are passed over
                kind, payload, lines = self._received()
        for line in lines:
            say(line)
        if kind == "error":
            raise payload
        return payload

    def ready(self) -> bool:
        """Whether the worker has sent something `early` or `result` reads without waiting (without fork: never,
        as the work runs only when asked)."""
        return self._process is not None and (self._outcome is not None or self._pipe.poll())

    def _received(self) -> tuple[str, Any, list[str]]:
        """The worker's next message: a value handed over early, or its outcome."""
        try:
            message: tuple[str, Any, list[str]] = self._pipe.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise CalendarError(f"a worker process of this run ended without a result (exit code {code})") from None
        return message

    def stop(self, grace: float = 0.2) -> None:
        """Reap the worker; one still running `grace` seconds on (the building process failed first) is ended."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.join(timeout=grace)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._pipe.close()
        self._process = None


class Shares:
    """Items 0 … count-1, each handed to whichever process asks first: a counter in shared memory made before the
    fork, so a worker and the process that started it share a list of unequal pieces of work and finish together
    (a split fixed in advance leaves one waiting for the other when the pieces' costs are not known)."""

    def __init__(self, count: int, counter: Any) -> None:
        self._count = count
        self._next = counter

    @classmethod
    def of(cls, count: int) -> Shares | None:
        """Shares of `count` items; None where the system has no shared memory and semaphores (then the work is
        not shared)."""
        import multiprocessing

        try:
            return cls(count, multiprocessing.Value("q", 0))
        except (ImportError, OSError):
            return None

    def __iter__(self) -> Iterator[int]:
        """The items this process takes, one at a time, until none is left."""
        while True:
            with self._next.get_lock():
                item = self._next.value
                if item >= self._count:
                    return
                self._next.value = item + 1
            yield item


def _die_with_parent() -> None:
    """Have the system kill this worker when the building process dies (Linux: PR_SET_PDEATHSIG).

    A forked worker shares the building process's lock on the data folder (flock belongs to the open file, which
    both hold), so a worker outliving a killed build would keep the next run waiting. Elsewhere an orphaned
    worker ends when it finds nobody to send its result to.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1


def _run(work: Callable[[Say], Any]) -> tuple[str, Any, list[str]]:
    """("ok", result, lines said) or ("error", the exception, lines said before it)."""
    lines: list[str] = []
    try:
        return "ok", work(lines.append), lines
    except Exception as exc:
        return "error", exc, lines


def _worker(work: Callable[[Say], Any], sender: Any, parent: int, wanted_last: bool = False) -> None:
    """The worker's body: run the work and send back its outcome (an error as one the building process can
    rebuild: one that does not survive pickling travels as its message). A worker whose building process is
    gone does nothing more (see `_die_with_parent`)."""
    import pickle

    _die_with_parent()
    if wanted_last:
        try:
            os.nice(WANTED_LAST_NICENESS)
        except (OSError, AttributeError):  # not allowed, or no such call: it runs as the others do
            pass
    if os.getppid() != parent:  # the building process died before the line above took effect
        sender.close()
        return
    global _sender
    _sender = sender
    kind, payload, lines = _run(work)
    if kind == "error":
        try:
            pickle.loads(pickle.dumps(payload))
        except Exception:
            payload = CalendarError(str(payload))
    sender.send((kind, payload, lines))
    sender.close()


#: how much lower a worker whose result is wanted last runs (see `Job.start`): the scheduler then gives it about a
#: tenth of a core while another process wants that core
WANTED_LAST_NICENESS = 10

#: in a worker, the pipe to the process that started it (see `_hand`)
_sender: Any = None


def _hand(value: Any) -> None:
    """In a worker: send the value handed over early (see `Job.start_handing`)."""
    _sender.send(("early", value, []))


__all__ = ["Job", "Shares"]
