"""Work split with a forked second process where that pays.

A forked process starts with everything this one has loaded (no new interpreter, no imports,
no records sent), so only its results travel back, pickled. That pays where the results are
cheap to send, such as text: the JSON of 5 000 records' status takes 0.5 s to make and
0.01 s to unpickle, while the status objects themselves take 0.14 s to unpickle.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a second process costs more than it saves.
SPLIT_FROM = 1000
_PIPE_BYTES = 1 << 20
_LOCK_WAIT = 0.5  # seconds between looks at whether the second process still lives


def fork_available() -> bool:
    """A second process may be forked: Linux (macOS offers fork, but its system libraries may
    not survive it), more than one core, and not turned off with SAMVERKAN_PROCESSES=1."""
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and os.environ.get("SAMVERKAN_PROCESSES", "") != "1"
    )


def start_second(run: Callable[[Connection], None]) -> tuple[int, Connection] | None:
    """Fork a second process that calls `run` with the sending end of a pipe and ends; its
    pid and the receiving end, or None when no pipe or process is to be had."""
    try:
        receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    except Exception:  # no pipes in this sandbox
        return None
    _widen(sender)
    try:
        pid = os.fork()
    except OSError:
        receiver.close()
        sender.close()
        return None
    if pid == 0:  # the second process
        try:
            receiver.close()
            run(sender)
        finally:
            os._exit(0)  # no atexit handlers, no flushing of the first process's buffers
    sender.close()
    return pid, receiver


def _widen(sender: Connection) -> None:
    """Let the second process send up to a megabyte ahead (Linux pipes hold 64 KB)."""
    try:
        import fcntl

        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def send(sender: Connection, value: Any) -> None:
    sender.send_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def receive(receiver: Connection) -> Any:
    """The next value sent; raises EOFError (or another error) when the sender died."""
    return pickle.loads(receiver.recv_bytes())


def map_split(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[function(item) for item in items]`, the second half in a second process when there
    are many. If that process cannot start or fails, its half is done here: same results."""
    if len(items) < SPLIT_FROM or not fork_available():
        return [function(item) for item in items]
    half = len(items) // 2
    started = start_second(lambda sender: send(sender, [function(item) for item in items[half:]]))
    if started is None:
        return [function(item) for item in items]
    pid, receiver = started
    try:
        here = [function(item) for item in items[:half]]
        try:
            there: list[R] = receive(receiver)
        except Exception:  # it died, or failed before sending: its half is done here
            there = [function(item) for item in items[half:]]
    finally:
        receiver.close()
        reap(pid)
    return here + there


class Shares:
    """Shares of a list of `count` items, `size` at a time, taken from the front by a second
    process and from the back by this one, so that the two finish together however the
    machine's load falls. Raises where no shared memory or lock is to be had."""

    def __init__(self, count: int, size: int) -> None:
        ends: Any = multiprocessing.get_context("fork").Array("i", [0, 0])
        self.lock = ends.get_lock()
        self.chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
        self.ends: Any = (
            ends.get_obj()
        )  # raw: the synchronized wrapper takes the lock at each index
        """[next share from the front, end of the shares not yet taken], under `lock`."""
        self.ends[1] = len(self.chunks)
        self.pid = 0
        """The second process, once started."""
        self.parent = os.getpid()
        """The first process, this one."""
        self.second_gone = False
        """The second process died holding the lock: shares are taken here without it."""

    def take(self, *, from_front: bool) -> int | None:
        """The index of a share not yet taken, or None when all are."""
        held = not self.second_gone and self._acquire(from_front=from_front)
        try:
            front, back = self.ends[0], self.ends[1]
            if front >= back:
                return None
            if from_front:
                self.ends[0] = front + 1
                return int(front)
            self.ends[1] = back - 1
            return int(back - 1)
        finally:
            if held:
                self.lock.release()

    def taken_from_front(self) -> range:
        """The shares the second process took (all of them once it is done or dead)."""
        return range(int(self.ends[0]))

    def _acquire(self, *, from_front: bool) -> bool:
        """Take the lock; False, without it, when the second process died holding it (a
        process killed there never lets go). Once it is gone nobody else takes shares, and a
        share it took without delivering is dealt with here later."""
        while not self.lock.acquire(timeout=_LOCK_WAIT):
            if not from_front and not self._second_alive():
                self.second_gone = True
                return False
            if from_front and os.getppid() != self.parent:
                raise SystemExit("the first process is gone")  # nobody to work for
        return True

    def _second_alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG)[0] == 0
        except OSError:  # already reaped
            return False


def reap(pid: int) -> None:
    """Wait for a second process to end; stop it first if it is still working (this one
    stopped early, on an error or an interrupt)."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == 0:
            os.kill(pid, 15)
            os.waitpid(pid, 0)
    except OSError:
        pass
