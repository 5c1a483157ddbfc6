"""What CI reads in a command's output: GitHub Actions takes some lines for commands to it
(`::error`, `::add-mask::`, `::stop-commands::`), and a record's text must never be one. A
light module (no typer), for the quick path of `validate` too."""

from __future__ import annotations

import io
import re
import sys
from typing import IO, Any, TextIO, cast

_COMMAND_AT_LINE_START = re.compile(r"(\A|[\n\r])([^\S\n\r]*)::")
"""`::` at the start of a line after any run of white space: GitHub's runner trims Unicode
white space (a no-break space, an ideographic space) before it looks for a command, and ends
a line at a carriage return as at a line feed (a file name can hold one)."""
_LEGACY_COMMAND = re.compile(r"##\[")
"""`##[command]`, the older form, which the runner finds anywhere in a line."""


def without_workflow_commands(text: str) -> str:
    """Text for standard output or error, which CI reads: a line that starts with `::` is a
    command to GitHub Actions (`::error`, `::add-mask::`, `::stop-commands::`), and so is
    `##[error]` anywhere in a line, so a record's title could forge annotations or hide the
    log; a zero-width space makes each plain text."""
    if "::" not in text and "##[" not in text:
        return text
    text = _COMMAND_AT_LINE_START.sub("\\1\\2\u200b::", text)
    return _LEGACY_COMMAND.sub("##\u200b[", text)


def one_safe_line(text: str) -> str:
    """Text that stands inside a line of binary output no guard reads (a PDF's metadata, kept
    uncompressed): on one line, and no `##[` anywhere."""
    return _LEGACY_COMMAND.sub("##\u200b[", " ".join(text.split()))


class GuardedStream(io.TextIOBase):
    """A text stream through `without_workflow_commands`: every word the command line writes
    (reports, tables, messages on standard error) passes it. The binary buffer beneath is
    left as it is (a PDF to a pipe)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._at_line_start = True

    def write(self, text: str) -> int:
        guarded = without_workflow_commands(("\n" if self._at_line_start else "") + text)
        self._stream.write(guarded[1:] if self._at_line_start else guarded)
        if text:
            self._at_line_start = text.endswith(("\n", "\r"))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)  # buffer, mode, name …


def guard_standard_streams() -> None:
    """Standard output and error through `without_workflow_commands` for the rest of the
    run (once: a guarded stream is not guarded again)."""
    if not isinstance(sys.stdout, GuardedStream):
        sys.stdout = cast(TextIO, GuardedStream(sys.stdout))
    if not isinstance(sys.stderr, GuardedStream):
        sys.stderr = cast(TextIO, GuardedStream(sys.stderr))


def write_workflow_commands(text: str) -> None:
    """Write lines that are meant as commands to the runner (`validate --format github`, whose
    every user-given part is escaped by its formatter) past the guard."""
    stream = sys.stdout
    if isinstance(stream, GuardedStream):
        stream._stream.write(text)
    else:
        stream.write(text)
