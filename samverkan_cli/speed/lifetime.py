"""The process's lifetime tricks, in one place: the garbage collector paused while records
are built, and objects kept until the process ends, where the command line ends without
freeing them.

Python frees a loaded tree object by object (0.14 s for 10 000 files); the command line
(cli.main) ends with os._exit instead, and the operating system takes the memory back at once.
Library use is unchanged: nothing is kept unless `keep_until_exit` was called.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn, TypeVar

T = TypeVar("T")

_kept: list[object] | None = None


def keep_until_exit() -> None:
    """Keep everything passed to `kept` from now on until the process ends."""
    global _kept
    _kept = []


def kept(value: T) -> T:
    if _kept is not None:
        _kept.append(value)
    return value


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built: loading makes millions of
    objects that all live on, and the collector's passes over them cost more than the models
    themselves (measured: 7.2 s against 4.3 s to load 10 000 files)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def for_the_command_line() -> None:
    """One short run that builds many long-lived objects and few cycles: the collector's
    passes cost more than the memory they would free; and nothing is freed at the end.

    Nor does the run look for pydantic plugins: records are validated by samverkan's models
    alone, and looking reads the metadata of every distribution installed."""
    gc.disable()
    keep_until_exit()
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"


def exit_now(status: int) -> NoReturn:
    """End the process without freeing what it built: the operating system takes a process's
    memory back at once, while Python frees 10 000 records object by object."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or a stream was closed
        pass
    os._exit(status)
