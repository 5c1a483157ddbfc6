"""Work over many records, split with a forked second process where that pays.

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
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a second process costs more than it saves.
SPLIT_FROM = 1000


def fork_available() -> bool:
    """A second process may be forked: Linux (macOS offers fork, but its system libraries may
    not survive it), more than one core, and not turned off with SAMVERKAN_PROCESSES=1."""
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and os.environ.get("SAMVERKAN_PROCESSES", "") != "1"
    )


def map_split(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[function(item) for item in items]`, the second half in a second process when there
    are many. If that process cannot start or fails, its half is done here: same results."""
    if len(items) < SPLIT_FROM or not fork_available():
        return [function(item) for item in items]
    half = len(items) // 2
    try:
        receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
        pid = os.fork()
    except Exception:  # no pipes or processes to be had: all of it here
        return [function(item) for item in items]
    if pid == 0:  # the second process
        try:
            receiver.close()
            results = [function(item) for item in items[half:]]
            sender.send_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(0)  # no atexit handlers, no flushing of the first process's buffers
    sender.close()
    try:
        here = [function(item) for item in items[:half]]
        try:
            there: list[R] = pickle.loads(receiver.recv_bytes())
        except Exception:  # it died, or failed before sending: its half is done here
            there = [function(item) for item in items[half:]]
    finally:
        receiver.close()
        reap(pid)
    return here + there


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
