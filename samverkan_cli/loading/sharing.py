"""The files' readings, from two processes where that pays.

Reading a file (its bytes, the screens, yaml-rs) needs nothing but the file, and is about
half the work of loading; building the models is the other half, and must happen where the
records are used, since a model costs more to send between processes than to build (pickle
2.7 s, unpickle 3.1 s, build 0.85 s for 10 000 files). So for a large tree on Linux a second
process, forked (no new interpreter, no imports), reads files in shares of CHUNK and sends
back each file's data (about a third of yaml-rs's time to unpickle), while this one models
what arrives, and reads a share itself whenever nothing has arrived. The two take shares from
the two ends of one list, so they finish together however the machine's load falls.

If the second process cannot be started, or dies, this one reads whatever it did not deliver:
the readings are the same either way, only slower.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any

from samverkan_cli.diagnostics import Diagnostic
from samverkan_cli.limits import Limits
from samverkan_cli.loading.reading import FileReading, SourceFile, read_source
from samverkan_cli.parallel import fork_available, reap

Reading = FileReading | Diagnostic

# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 1000
# Files per share: small enough that the two finish close together, large enough that the
# messages cost little (a share of promises is about 250 KB pickled).
CHUNK = 64
_PIPE_BYTES = 1 << 20
_LOCK_WAIT = 0.5  # seconds between looks at whether the second process still lives


def read_all(
    sources: Sequence[SourceFile], limits: Limits, *, keep_texts: bool = False
) -> Iterator[tuple[int, Reading]]:
    """(index, reading) of every file, in no particular order. The second process sends the
    text of a file read the fast way back only with `keep_texts`."""
    if len(sources) >= PARALLEL_FROM and fork_available():
        shared = _Shared.start(sources, limits, keep_texts)
        if shared is not None:
            yield from shared.readings()
            return
    for index, source in enumerate(sources):
        yield index, read_source(source, limits)


class _Shared:
    """The shares of one list of files, taken from the front by the second process and from
    the back by this one."""

    def __init__(
        self, sources: Sequence[SourceFile], limits: Limits, keep_texts: bool, ends: Any
    ) -> None:
        self.sources = sources
        self.limits = limits
        self.keep_texts = keep_texts
        self.lock = ends.get_lock()
        self.chunks = [
            range(start, min(start + CHUNK, len(sources)))
            for start in range(0, len(sources), CHUNK)
        ]
        self.ends = ends.get_obj()  # raw: the synchronized wrapper takes the lock at each index
        """[next share from the front, end of the shares not yet taken], under `lock`."""
        self.receiver: Connection | None = None
        self.pid = 0
        self.second_gone = False
        """The second process died holding the lock: shares are taken here without it."""

    @classmethod
    def start(
        cls, sources: Sequence[SourceFile], limits: Limits, keep_texts: bool
    ) -> _Shared | None:
        """Fork the second process; None when no process (or lock) is to be had."""
        try:
            context = multiprocessing.get_context("fork")
            shared = cls(sources, limits, keep_texts, context.Array("i", [0, 0]))
            shared.ends[1] = len(shared.chunks)
            receiver, sender = context.Pipe(duplex=False)
        except Exception:  # no semaphores or pipes in this sandbox: read everything here
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
                second_process(shared, sender)
            finally:
                os._exit(0)  # no atexit handlers, no flushing of the first process's buffers
        sender.close()
        shared.receiver, shared.pid = receiver, pid
        return shared

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

    def _acquire(self, *, from_front: bool) -> bool:
        """Take the lock; False, without it, when the second process died holding it (a
        process killed there never lets go). Once it is gone nobody else takes shares, and a
        share it took without delivering is read here later."""
        while not self.lock.acquire(timeout=_LOCK_WAIT):
            if not from_front and not self._second_alive():
                self.second_gone = True
                return False
        return True

    def _second_alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG)[0] == 0
        except OSError:  # already reaped
            return False

    def read_share(self, chunk: int, *, keep_text: bool) -> list[Reading]:
        return [
            read_source(self.sources[index], self.limits, keep_text=keep_text)
            for index in self.chunks[chunk]
        ]

    def read_here(self, chunk: int) -> Iterator[tuple[int, Reading]]:
        yield from zip(self.chunks[chunk], self.read_share(chunk, keep_text=True), strict=True)

    def readings(self) -> Iterator[tuple[int, Reading]]:
        """Shares as the second process delivers them; shares read here while it has not."""
        receiver = self.receiver
        assert receiver is not None
        delivered: set[int] = set()
        alive = True
        try:
            while True:
                if alive and receiver.poll(0):
                    try:
                        chunk, readings = pickle.loads(receiver.recv_bytes())
                    except Exception:  # it ended (EOFError) or died mid-message
                        alive = False
                        continue
                    delivered.add(chunk)
                    yield from zip(self.chunks[chunk], readings, strict=True)
                    continue
                chunk = self.take(from_front=False)
                if chunk is not None:
                    yield from self.read_here(chunk)
                    continue
                if not alive:
                    break
                receiver.poll(None)  # all shares taken: wait for the second process's
        finally:
            receiver.close()
            reap(self.pid)
        # Shares the second process took but never delivered (it died): read them here.
        for chunk in range(int(self.ends[0])):
            if chunk not in delivered:
                yield from self.read_here(chunk)


def second_process(shared: _Shared, sender: Connection) -> None:
    """Read shares from the front until none is left, sending each back as it is done."""
    while (chunk := shared.take(from_front=True)) is not None:
        readings = shared.read_share(chunk, keep_text=shared.keep_texts)
        sender.send_bytes(pickle.dumps((chunk, readings), protocol=pickle.HIGHEST_PROTOCOL))
    sender.close()


def _widen(sender: Connection) -> None:
    """Let the second process run up to a megabyte ahead (Linux pipes hold 64 KB)."""
    try:
        import fcntl

        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass
