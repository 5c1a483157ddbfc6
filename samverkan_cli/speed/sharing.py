"""The files' readings, from two processes where that pays.

Reading a file (its bytes, the screens, yaml-rs) needs nothing but the file, and is about
half the work of loading; building the models is the other half, and must happen where the
records are used, since a model costs more to send between processes than to build (pickle
2.7 s, unpickle 3.1 s, build 0.85 s for 10 000 files). So for a large tree on Linux a second
process, forked (no new interpreter, no imports), reads files in shares (fork.CHUNK) and sends
back each file's data (about a third of yaml-rs's time to unpickle), while this one models
what arrives, and reads a share itself whenever nothing has arrived. The two take shares from
the two ends of one list, so they finish together however the machine's load falls.

If the second process cannot be started, or dies, this one reads whatever it did not deliver:
the readings are the same either way, only slower.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection

from samverkan_cli.diagnostics import Diagnostic
from samverkan_cli.loading.limits import Limits
from samverkan_cli.loading.reading import FileReading, SourceFile, read_source
from samverkan_cli.speed.fork import Shares, pays, reap, receive, send, start_second

Reading = FileReading | Diagnostic


def read_all(
    sources: Sequence[SourceFile], limits: Limits, *, keep_texts: bool = False
) -> Iterator[tuple[int, Reading]]:
    """(index, reading) of every file, in no particular order. The second process sends the
    text of a file read the fast way back only with `keep_texts`."""
    if pays(len(sources)):
        shared = _Shared.start(sources, limits, keep_texts)
        if shared is not None:
            yield from shared.readings()
            return
    for index, source in enumerate(sources):
        yield index, read_source(source, limits)


class _Shared:
    """The shares of one list of files, taken from the front by the second process and from
    the back by this one."""

    def __init__(self, sources: Sequence[SourceFile], limits: Limits, keep_texts: bool) -> None:
        self.sources = sources
        self.limits = limits
        self.keep_texts = keep_texts
        self.shares = Shares(len(sources))
        self.chunks = self.shares.chunks
        self.receiver: Connection | None = None

    @classmethod
    def start(
        cls, sources: Sequence[SourceFile], limits: Limits, keep_texts: bool
    ) -> _Shared | None:
        """Fork the second process; None when no process (or lock) is to be had."""
        try:
            shared = cls(sources, limits, keep_texts)
        except Exception:  # no semaphores in this sandbox: read everything here
            return None
        started = start_second(lambda sender: second_process(shared, sender))
        if started is None:
            return None
        shared.shares.pid, shared.receiver = started
        return shared

    def take(self, *, from_front: bool) -> int | None:
        """The index of a share not yet taken, or None when all are."""
        return self.shares.take(from_front=from_front)

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
                        chunk, readings = receive(receiver)
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
            reap(self.shares.pid)
        # Shares the second process took but never delivered (it died): read them here.
        for chunk in self.shares.taken_from_front():
            if chunk not in delivered:
                yield from self.read_here(chunk)


def second_process(shared: _Shared, sender: Connection) -> None:
    """Read shares from the front until none is left, sending each back as it is done."""
    while (chunk := shared.take(from_front=True)) is not None:
        readings = shared.read_share(chunk, keep_text=shared.keep_texts)
        send(sender, (chunk, readings))
    sender.close()
