"""One file, read: its text, its screens, and the fast path's data where the screens allow it.

This is the text work of loading, and it needs nothing but the file, so for a large tree a
second process does it for a share of the files (sharing.py); the modelling is done where the
records are used.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from samverkan_cli.diagnostics import Code, Diagnostic, Severity
from samverkan_cli.loading.byte_classes import byte_classes
from samverkan_cli.loading.fast import needs_care, try_fast
from samverkan_cli.loading.limits import Limits
from samverkan_cli.loading.personnummer import find_personnummer, may_disguise
from samverkan_cli.loading.yaml_reader import Mark, PathKey, Positions, YamlFailure, read_yaml
from samverkan_cli.records.modeline import NO_MODELINE, Modeline, find_modeline
from samverkan_cli.records.models import Kind

BOM = "\ufeff"


@dataclass(frozen=True)
class Unmodelled:
    """The data of a file that failed its schema, and where the schema errors are: the
    reference checks still look at the fields that are valid."""

    data: dict[str, Any]
    errors: tuple[PathKey, ...]


@dataclass
class SourceFile:
    """One file under the data root, and where its record's parts stand in it."""

    path: str
    display: str
    parts: tuple[str, ...]
    """Path relative to the data root."""
    kind: Kind | None = None
    captured: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    """The file's text where it was read in this process, to find positions when needed."""
    left_behind: tuple[int, bytes] | None = None
    """Where the text stayed in the second process: its size and checksum, to read it again."""
    raw: bytes | Diagnostic | None = None
    """The bytes (or why there are none) where they were read before loading, for the cache's
    key: loading uses these, so what is hashed is what is read and rendered."""
    unmodelled: Unmodelled | None = None
    """Where the record failed its schema: its data and the paths of its errors."""
    _positions: Positions | None = None

    @property
    def positions(self) -> Positions:
        """Where each key and value stands; read by the careful path only when asked for."""
        if self._positions is None:
            self._positions = Positions()
            text = self.text if self.text is not None else self._read_again()
            if text is not None:
                with suppress(YamlFailure):
                    self._positions = read_yaml(text).positions
        return self._positions

    @positions.setter
    def positions(self, positions: Positions) -> None:
        self._positions = positions

    def _read_again(self) -> str | None:
        """The text as the second process read it, or None if the file has changed since
        (then no position is better than a wrong one)."""
        if self.left_behind is None:
            return None
        size, expected = self.left_behind
        try:
            raw = read_limited(self.path, size)
            if raw is None or checksum(raw) != expected:
                return None
            return decode(raw)
        except (OSError, UnicodeDecodeError):
            return None

    def diagnostic(
        self,
        mark: Mark,
        code: Code,
        message: str,
        severity: Severity | None = None,
    ) -> Diagnostic:
        """A diagnostic at `mark` in this file, with its code's severity unless told."""
        chosen = code.severity if severity is None else severity
        return Diagnostic(self.display, mark[0], mark[1], chosen, code, message)


@dataclass(frozen=True, slots=True)
class FileReading:
    text: str | None
    """None where the second process read the file and the fast path's data is to be trusted:
    the text is not sent back, and is read again only if a problem needs a position in it."""
    fast: bool
    """`data` is the fast path's reading, and the screens say it means what the careful path
    would read; otherwise the file must be read the careful way."""
    data: Any
    personnummer: tuple[tuple[int, int, str], ...]
    """(line, column, kind) of each personnummer or samordningsnummer."""
    size: int
    checksum: bytes
    """Of the bytes, where the text may be left behind: a file changed since can be told."""
    disguise: bool = True
    """The text could hide a personnummer from the scan of its lines (an escape, a number
    folded across lines, digits or spaces outside ASCII): its parsed values are scanned too,
    for a personnummer and for a character the PDF's fonts lack (which only an escape or a
    character outside Latin-1 can be, both of which this includes)."""
    modeline: Modeline = NO_MODELINE
    """Where the schema comment for the editor is, in a file of a known kind."""


def decode(raw: bytes) -> str:
    """The text of a record file; raises UnicodeDecodeError."""
    return raw.decode("utf-8").removeprefix(BOM)


def checksum(raw: bytes) -> bytes:
    # A cryptographic hash, not a CRC: a file rewritten between the reads must not be able
    # to pass for the version read first.
    return hashlib.blake2b(raw, digest_size=16).digest()


# Bytes per read: a record fits in one. A read of max_bytes + 1 at once would allocate that
# much for every file (measured: 0.28 s against 0.06 s for 10 000 files).
_READ_SIZE = 1 << 16


def read_limited(path: str, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than max_bytes (a size from stat can lie:
    /dev/zero says 0)."""
    # Not blocking: a FIFO put in place after the tree was listed opens at once, and is
    # refused below instead of waiting for a writer.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "ingen vanlig fil")
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(descriptor, min(_READ_SIZE, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                return None
    finally:
        os.close(descriptor)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


SkipFile = Callable[[SourceFile, bytes], bool]
"""Told a file and its bytes: may its reading stop there (its product is known)?"""


def read_source(
    source: SourceFile, limits: Limits, *, keep_text: bool = True
) -> FileReading | Diagnostic:
    """Read and screen one file, and read it the fast way where the screens allow it. With
    `keep_text` False the text of a file read the fast way is left out (see FileReading), and
    every reading has its checksum."""
    raw = read_bytes(source, limits)
    if isinstance(raw, Diagnostic):
        return raw
    return reading_of(source, raw, limits, keep_text=keep_text)


def reading_of(
    source: SourceFile, raw: bytes, limits: Limits, *, keep_text: bool = True
) -> FileReading | Diagnostic:
    """`read_source` of a file whose bytes are read."""
    text = _decode(raw, source)
    if isinstance(text, Diagnostic):
        return text
    classes = byte_classes(text)
    personnummer = tuple(find_personnummer(text, classes))
    data = None
    if source.kind is not None and not needs_care(text, classes):
        data = try_fast(text, limits, classes)
    fast = data is not None
    disguise = may_disguise(raw)
    modeline = find_modeline(text) if source.kind is not None else NO_MODELINE
    if not keep_text:
        return FileReading(
            None if fast else text,
            fast,
            data,
            personnummer,
            len(raw),
            checksum(raw),
            disguise,
            modeline,
        )
    return FileReading(text, fast, data, personnummer, len(raw), b"", disguise, modeline)


def read_bytes(source: SourceFile, limits: Limits) -> bytes | Diagnostic:
    if source.raw is not None:
        return source.raw
    try:
        raw = read_limited(source.path, limits.max_file_bytes)
        if raw is not None:
            return raw
        size = os.stat(source.path).st_size  # only for the message
    except OSError as error:
        return source.diagnostic((1, 1), Code.UNREADABLE, f"filen kan inte läsas: {error.strerror}")
    told = f"filen är {size} byte" if size > limits.max_file_bytes else "filen är större"
    return source.diagnostic(
        (1, 1),
        Code.FILE_TOO_LARGE,
        f"{told}; gränsen är {limits.max_file_bytes} byte (ändra med --max-file-size)",
    )


def _decode(raw: bytes, source: SourceFile) -> str | Diagnostic:
    try:
        return decode(raw)
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        return source.diagnostic(
            (line, column),
            Code.ENCODING,
            f"filen är inte giltig UTF-8 (byte 0x{raw[error.start]:02x}); spara den som UTF-8",
        )
