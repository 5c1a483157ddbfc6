"""Whole results of `validate`, kept between runs, so that checking a tree that has not
changed since the last check (the pre-commit hook, an editor's save, CI run twice) costs a
read of its files and no parsing, no models and no checks.

The key of a result is a BLAKE2b hash of everything the result depends on: every entry under
the data directory (its place, its kind, and the exact bytes of every file), the data
directory as given (it names the files in the output) and as it really is, the request (the
limits, the paths reported on, the files changed in git, every `SAMVERKAN_` setting in the
environment), and the tool: Python, the libraries installed beside the parser and the models,
by name and version, and this package's own code by content (an editable install changes
without a new version). A tree
that holds anything but directories and regular files (a symbolic link, a FIFO), or a file
over the size limit, is never kept: what the loader makes of those depends on more than
their bytes. Nothing is kept for `--rev`.

A result is kept only when the tree hashes the same after the run as before it, so a file
changed during a run never stores a result under bytes it was not computed from. Entries live
in the tree's directory of the user's cache (cache_dir.py: never in the repository, never
through a symlink, 0700 and 0600), one file a key, written whole (a temporary file, then a
rename), so two runs at once leave one whole file; a file that cannot be read or does not
hold what it should is a miss. Only the few newest are kept.

An entry also keeps what `validate` printed from the result, by output format: a tree checked
before is then answered with that text alone, without the diagnostics' classes or the
formatter, so that such a run costs little more than starting Python and reading the files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samverkan_cli import __version__
from samverkan_cli.speed.cache_dir import enabled, prune, read_entry, ready, tree_directory

if TYPE_CHECKING:
    from samverkan_cli.diagnostics import ValidationResult
    from samverkan_cli.loading.limits import Limits

FORMAT = 2
KEEP = 8
"""Results kept per data tree: the newest."""
MAX_FILES = 100_000
"""A tree with more entries than this is not hashed (nor kept)."""
_MAGIC = b"samverkan-validate %d\n" % FORMAT


Parts = tuple[str, ...]


class _NotKept(Exception):
    """The tree holds something whose meaning is not in its bytes."""


def through(
    data: Path,
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
    limits: Limits,
    check: Callable[[], ValidationResult],
) -> ValidationResult:
    """The result kept for this tree and request, else `check()`'s, kept where the tree is
    the same after the check as before it."""
    before = key(data, only, changed, limits)
    if before is not None and (found := kept(data, before)) is not None:
        return found
    result = check()
    if before is not None and key(data, only, changed, limits) == before:
        keep(data, before, result)
    return result


def output_through(
    data: Path,
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
    limits: Limits,
    output_format: str,
    check: Callable[[], ValidationResult],
    render: Callable[[ValidationResult], str],
) -> tuple[str, bool]:
    """`render` of the result for this tree and request, and whether it holds errors: the
    text kept for it in this format, else rendered from the kept result or from `check()`'s
    and kept with it, where the tree is the same after the check as before it."""
    before = key(data, only, changed, limits)
    document = _document(data, before) if before is not None else None
    if document is not None:
        outputs = document.get("outputs")
        text = outputs.get(output_format) if isinstance(outputs, dict) else None
        if isinstance(text, str) and type(document.get("errors")) is int:
            return text, document["errors"] > 0
    result = _decode(document) if document is not None else None
    if result is None:
        result = check()
        if before is not None and key(data, only, changed, limits) != before:
            before = None
    text = render(result)
    if before is not None:
        known = document.get("outputs") if document is not None else None
        outputs = dict(known) if isinstance(known, dict) else {}
        keep(data, before, result, {**outputs, output_format: text})
    return text, bool(result.errors)


def key(
    data: Path,
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
    limits: Limits,
) -> str | None:
    """The key of the result of validating `data` so, or None where none is to be kept."""
    if not enabled():
        return None
    digest = hashlib.blake2b(digest_size=20)
    request = [
        FORMAT,
        os.fspath(data),
        os.path.realpath(data),
        None if only is None else sorted(only),
        None if changed is None else sorted(changed),
        [limits.max_depth, limits.max_nodes, limits.max_file_bytes],
        # samverkan's own settings, whatever they are (a run in one process and in two are
        # each their own, as the tests that hold them to the same result need)
        sorted(item for item in os.environ.items() if item[0].startswith("SAMVERKAN_")),
        *_tool(),
    ]
    digest.update(json.dumps(request).encode("ascii"))
    try:
        _add_tree(digest, os.path.realpath(data), limits.max_file_bytes)
    except (_NotKept, OSError):
        return None
    return digest.hexdigest()


def _add_tree(digest: Any, root: str, max_file_bytes: int) -> None:
    """Every entry under `root`, in a fixed order: its place, its kind, a file's bytes."""
    pending = [""]
    seen = 0
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(root, relative) if relative else root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            seen += 1
            if seen > MAX_FILES:
                raise _NotKept
            place = os.fsencode(f"{relative}/{entry.name}" if relative else entry.name)
            found = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(found.st_mode):
                digest.update(b"d" + len(place).to_bytes(4, "big") + place)
                pending.append(os.fsdecode(place))
            elif stat.S_ISREG(found.st_mode) and found.st_size <= max_file_bytes:
                raw = _read(entry.path, max_file_bytes)
                digest.update(b"f" + len(place).to_bytes(4, "big") + place)
                digest.update(len(raw).to_bytes(8, "big") + raw)
            else:
                raise _NotKept


def _read(path: str, most: int) -> bytes:
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | _NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _NotKept
        chunks = []
        total = 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > most:  # grew since it was listed
                raise _NotKept
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def _tool() -> tuple[str, ...]:
    """What a result depends on in the tool: Python, this package by version and its code by
    each file's place, size and time of change (as Python judges its own bytecode cache: an
    editable install changes without a new version), and every distribution installed where
    Python finds modules, by name and version (the parser, the models and what they use)."""
    installed = []
    for place in sys.path:
        with contextlib.suppress(OSError):
            installed += [
                entry for entry in os.listdir(place or ".") if entry.endswith(".dist-info")
            ]
    code = hashlib.blake2b(digest_size=16)
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(_PACKAGE, relative)) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            place = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                pending.append(place)
            elif entry.name.endswith(".py"):
                found = entry.stat()
                code.update(f"{place}\0{found.st_size}\0{found.st_mtime_ns}\n".encode())
    return (__version__, sys.version, *sorted(installed), code.hexdigest())


def _entry(data: Path, found: str) -> Path:
    return tree_directory(data) / f"validate-{found}"


def kept(data: Path, found: str) -> ValidationResult | None:
    """The result kept under key `found`, or None."""
    document = _document(data, found)
    return None if document is None else _decode(document)


def _document(data: Path, found: str) -> dict[str, Any] | None:
    """The entry kept under key `found`, as its JSON object, or None."""
    from samverkan_cli.speed.cache_dir import trusted

    path = _entry(data, found)
    if not trusted(path.parent):
        return None
    raw = read_entry(path)
    if raw is None or not raw.startswith(_MAGIC):
        return None
    try:
        document = json.loads(raw[len(_MAGIC) :])
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) and document.get("key") == found else None


def keep(
    data: Path, found: str, result: ValidationResult, outputs: dict[str, str] | None = None
) -> None:
    """Keep `result`, and the texts printed from it by format, under key `found`; and only
    the newest few."""
    from samverkan_cli.support.files import write_bytes_atomic

    path = _entry(data, found)
    with contextlib.suppress(OSError):  # no cache where none can be written
        if not ready(path.parent):
            return
        entry = _MAGIC + _encode(result, found, outputs or {})
        write_bytes_atomic(path, entry, durable=False, private=True)
        prune(path.parent, "validate-*", KEEP)


def _encode(result: ValidationResult, found: str, outputs: dict[str, str]) -> bytes:
    document = {
        "key": found,
        "files": result.files,
        "errors": result.errors,
        "diagnostics": [
            [d.path, d.line, d.column, d.severity.value, d.code.value, d.message]
            for d in result.diagnostics
        ],
        "outputs": outputs,
    }
    return json.dumps(document).encode("ascii")  # escapes keep a name's surrogates


def _decode(document: dict[str, Any]) -> ValidationResult | None:
    from samverkan_cli.diagnostics import Code, Diagnostic, Severity, ValidationResult

    codes = {code.value: code for code in Code}
    try:
        files = document["files"]
        if type(files) is not int:
            return None
        diagnostics = []
        for path, line, column, severity, code, message in document["diagnostics"]:
            if not (
                isinstance(path, str)
                and type(line) is int
                and type(column) is int
                and isinstance(message, str)
            ):
                return None
            diagnostics.append(
                Diagnostic(path, line, column, Severity(severity), codes[code], message)
            )
    except (ValueError, TypeError, KeyError):
        return None
    return ValidationResult(files, diagnostics)
