"""The one fork mechanism: a second process, forked where that pays, and the shares of a list
that the two processes take from its two ends.

A forked process starts with everything this one has loaded (no new interpreter, no imports,
no records sent), so only its results travel back, pickled. That pays where the results are
cheap to send, such as text: the JSON of 5 000 records' status takes 0.5 s to make and
0.01 s to unpickle, while the status objects themselves take 0.14 s to unpickle.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Below this many files (to read, or to work on) a second process costs more than it saves.
SPLIT_FROM = 1000
# Files per share: small enough that the two processes finish close together, large enough
# that the messages cost little (a share of promises is about 250 KB pickled).
CHUNK = 64
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


def pays(count: int) -> bool:
    """Does a second process pay for work on this many files?"""
    return count >= SPLIT_FROM and fork_available()


def start_second(run: Callable[[Connection], None]) -> tuple[int, Connection] | None:
    """Fork a second process that calls `run` with the sending end of a pipe and ends; its
    pid and the receiving end, or None when no pipe or process is to be had."""
    import multiprocessing  # only where a second process pays

    try:
        receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    except Exception:  # no pipes in this sandbox
        return None
    _widen(sender)
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        receiver.close()
        sender.close()
        return None
    if pid == 0:  # the second process
        try:
            _die_with(parent)
            receiver.close()
            run(sender)
        finally:
            os._exit(0)  # no atexit handlers, no flushing of the first process's buffers
    sender.close()
    _stop_on_sigterm(pid)
    return pid, receiver


def _die_with(parent: int) -> None:
    """The second process dies the moment the first one does (SIGKILL from the kernel on
    Linux: PR_SET_PDEATHSIG), whatever it is doing; and does not outlive a first process
    that died before that was set. SIGTERM to it ends it at once too."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


_PR_SET_PDEATHSIG = 1
_second: set[int] = set()
"""Second processes running, for the SIGTERM handler."""


def _stop_on_sigterm(pid: int) -> None:
    """On SIGTERM, stop the second process and reap it, then end as SIGTERM would have
    (where SIGTERM has its default action, and from the main thread, where handlers can be
    set). Elsewhere PR_SET_PDEATHSIG alone ends it."""
    _second.add(pid)
    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        pass


def _on_sigterm(signum: int, frame: object) -> None:
    for pid in list(_second):
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    _second.clear()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


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


class Shares:
    """Shares of a list of `count` items, `size` at a time, taken from the front by a second
    process and from the back by this one, so that the two finish together however the
    machine's load falls. Raises where no shared memory or lock is to be had."""

    def __init__(self, count: int, size: int | None = None) -> None:
        import multiprocessing

        size = size or CHUNK
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
    _second.discard(pid)
    if not _second and signal.getsignal(signal.SIGTERM) is _on_sigterm:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except OSError:
        pass
