"""Whole results of `validate`, kept between runs, so that checking a tree that has not
changed since the last check (the pre-commit hook, an editor's save, CI run twice) costs a
read of its files and no parsing, no models and no checks.

The key of a result is a BLAKE2b hash of everything the result depends on: every entry under
the data directory (its place and its kind, and the exact bytes of every record file: no
other file's bytes are read by `validate`), the data directory as given (it names the files
in the output) and as it really is, the request (the limits, the paths reported on, the files
changed in git, every `SAMVERKAN_` setting in the environment), and the tool: Python, every
distribution installed where Python finds modules, by name and version, and this package's
own code by each file's place, size and time of change (an editable install changes without
a new version). A tree that holds anything but directories and regular files (a symbolic
link, a FIFO), a record file over the size limit, or more record bytes than the tree's limit,
is never kept, and none of its files is read for a key: what the loader makes of those
depends on more than their bytes. Nothing is kept for `--rev`. The data directory itself is
judged (api.py) before a key is made.

A result is kept only when the tree stamps the same after the run as before it (the bytes,
and each entry's inode and times of change), so a file changed during a run, even one changed
back to its old bytes, never stores a result under bytes it was not computed from. Entries live
in the tree's directory of the user's cache (cache_dir.py: never in the repository, never
through a symlink, 0700 and 0600), one file a key, written whole (a temporary file, then a
rename), so two runs at once leave one whole file; a file that cannot be read or does not
hold what it should is a miss. Only the few newest are kept.

A request smaller than the whole tree (paths, `--changed-since`, `--staged`) that changes no
file away is answered from the whole tree's result, kept or checked now and kept, narrowed
(checks/narrowing.py): after a `samverkan validate`, the pre-commit hook reads no record.

An entry also keeps what `validate` printed from the result, by output format: a tree checked
before is then answered with that text alone, without the diagnostics' classes or the
formatter, so that such a run costs little more than starting Python and reading the files.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samverkan_cli.speed.cache_dir import (
    PACKAGE,
    blake2b,
    enabled,
    prune,
    read_entry,
    ready,
    tool_identity,
    tree_directory,
)

if TYPE_CHECKING:
    from samverkan_cli.checks.narrowing import TreeIndex
    from samverkan_cli.diagnostics import ValidationResult
    from samverkan_cli.loading.limits import Limits

FORMAT = 3
KEEP = 8
"""Results kept per data tree: the newest."""
MAX_FILES = 100_000
"""A tree with more entries than this is not hashed (nor kept)."""
_MAGIC = b"samverkan-validate %d\n" % FORMAT


Parts = tuple[str, ...]


class _NotKept(Exception):
    """The tree holds something whose meaning is not in its bytes."""


Check = Callable[[Sequence[Parts] | None, Sequence[Parts] | None, bool], "ValidationResult"]
"""`check(only, changed, indexed)`: validate the tree for that request, with the index that
narrows a whole tree's result where `indexed`."""


def through(
    data: Path,
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
    limits: Limits,
    check: Check,
) -> ValidationResult:
    """The result kept for this tree and request (or narrowed from the whole tree's), else
    `check`'s, kept where the tree is the same after the check as before it."""
    lookup = _Lookup(data, only, changed, limits)
    result = lookup.result(check)
    if lookup.document is None:
        lookup.keep(result, {})
    return result


def output_through(
    data: Path,
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
    limits: Limits,
    output_format: str,
    check: Check,
    render: Callable[[ValidationResult], str],
) -> tuple[str, bool]:
    """`render` of the result for this tree and request, and whether it holds errors: the
    text kept for it in this format, else rendered from the result `through` gives and kept
    with it."""
    lookup = _Lookup(data, only, changed, limits)
    document = lookup.document
    outputs = document.get("outputs") if document is not None else None
    outputs = dict(outputs) if isinstance(outputs, dict) else {}
    text = outputs.get(output_format)
    if isinstance(text, str) and document is not None and type(document.get("errors")) is int:
        return text, document["errors"] > 0
    result = lookup.result(check)
    text = render(result)
    lookup.keep(result, {**outputs, output_format: text})
    return text, bool(result.errors)


class _Lookup:
    """One request's place among the kept results: the tree's hash, the request's key and
    the entry kept under it."""

    def __init__(
        self,
        data: Path,
        only: Sequence[Parts] | None,
        changed: Sequence[Parts] | None,
        limits: Limits,
    ) -> None:
        self.data, self.only, self.changed, self.limits = data, only, changed, limits
        self.tree = _tree_digest(data, limits) if enabled() else None
        self.key = None if self.tree is None else _key(data, only, changed, limits, self.tree)
        self.document = None if self.key is None else _document(data, self.key)

    def result(self, check: Check) -> ValidationResult:
        """The kept result; else the whole tree's, kept or checked, narrowed to the request;
        else `check`'s (a change that removes a file: its references are told otherwise)."""
        if self.document is not None:
            found = _decode(self.document)
            if found is not None:
                return found
            self.document = None
        whole = self.only is None and self.changed is None
        if self.tree is None or whole or not self._narrowable():
            return self._checked(check, self.only, self.changed, whole)
        from samverkan_cli.checks.narrowing import narrowed

        whole_key = _key(self.data, None, None, self.limits, self.tree)
        kept_whole = _document(self.data, whole_key)
        result = _decode(kept_whole) if kept_whole is not None else None
        if result is None or result.index is None:
            result = self._checked(check, None, None, True)
            if self.key is not None:
                keep(self.data, whole_key, result, {})
        assert result.index is not None
        return narrowed(result, result.index, self.only, self.changed)

    def _checked(
        self,
        check: Check,
        only: Sequence[Parts] | None,
        changed: Sequence[Parts] | None,
        indexed: bool,
    ) -> ValidationResult:
        """`check`'s result; nothing is kept for it where the tree changed during the check."""
        result = check(only, changed, indexed)
        if self.tree is not None and _tree_digest(self.data, self.limits) != self.tree:
            self.key = None
        return result

    def _narrowable(self) -> bool:
        root = os.path.realpath(self.data)
        return all(os.path.lexists(os.path.join(root, *parts)) for parts in self.changed or ())

    def keep(self, result: ValidationResult, outputs: dict[str, str]) -> None:
        if self.key is not None:
            keep(self.data, self.key, result, outputs)


def _tree_digest(data: Path, limits: Limits) -> tuple[bytes, bytes] | None:
    """The hash of every entry under the data directory (what a result is kept under), and
    of their stamps (what tells that the tree was written to since), or None where the tree
    is not to be kept."""
    content = blake2b(digest_size=20)
    stamps = blake2b(digest_size=20)
    try:
        _add_tree(content, stamps, os.path.realpath(data), limits)
    except (_NotKept, OSError):
        return None
    return content.digest(), stamps.digest()


def _key(
    data: Path,
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
    limits: Limits,
    tree: tuple[bytes, bytes],
) -> str:
    """The key of the result of validating the tree that hashes to `tree` so."""
    digest = blake2b(tree[0], digest_size=20)
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
    return digest.hexdigest()


def _add_tree(content: Any, stamps: Any, root: str, limits: Limits) -> None:
    """Every entry under `root`, in a fixed order, to `content`: its place, its kind and, for
    a record file (`.yaml`: no other file's bytes are read by `validate`), its bytes. To
    `stamps`, each entry's inode and times of change too: a file written during a check and
    written back to its old bytes still stamps differently. Nothing is read before the sizes
    are known to be within the limits."""
    listed: list[tuple[bytes, os.stat_result, str]] = []
    pending = [""]
    total = 0
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(root, relative) if relative else root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            if len(listed) >= MAX_FILES:
                raise _NotKept
            place = os.fsencode(f"{relative}/{entry.name}" if relative else entry.name)
            found = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(found.st_mode):
                pending.append(os.fsdecode(place))
            elif not stat.S_ISREG(found.st_mode):
                raise _NotKept
            elif entry.name.endswith(".yaml"):
                if found.st_size > limits.max_file_bytes:
                    raise _NotKept
                total += found.st_size
            listed.append((place, found, entry.path))
    if total > limits.max_tree_bytes:
        raise _NotKept
    for place, found, path in listed:
        record = stat.S_ISREG(found.st_mode) and path.endswith(".yaml")
        kind = b"d" if stat.S_ISDIR(found.st_mode) else b"f" if record else b"o"
        content.update(kind + len(place).to_bytes(4, "big") + place)
        if record:
            raw = _read(path, limits.max_file_bytes)
            content.update(len(raw).to_bytes(8, "big") + raw)
        stamp = (found.st_ino, found.st_ctime_ns, found.st_mtime_ns, found.st_size)
        stamps.update(place + b"\0" + repr(stamp).encode("ascii") + b"\n")


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
_PACKAGE = PACKAGE


@functools.cache
def _tool() -> tuple[str, ...]:
    """What a result depends on in the tool (cache_dir.py), once a run."""
    return tool_identity(_PACKAGE)


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
    if result.index is not None:
        document["index"] = {
            "files": [[display, list(parts)] for display, parts in result.index.files],
            "pointers": [
                [list(parts), [list(key) for key in keys]]
                for parts, keys in result.index.pointers.items()
            ],
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
        index = _decoded_index(document["index"]) if "index" in document else None
    except (ValueError, TypeError, KeyError):
        return None
    return ValidationResult(files, diagnostics, index)


def _decoded_index(found: Any) -> TreeIndex:
    """The index kept with a whole tree's result; raises TypeError where it is not one."""
    from samverkan_cli.checks.narrowing import TreeIndex
    from samverkan_cli.records.keys import RecordKey

    def parts(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
            raise TypeError
        return tuple(value)

    files = []
    for display, place in found["files"]:
        if not isinstance(display, str):
            raise TypeError
        files.append((display, parts(place)))
    pointers = {
        parts(place): [RecordKey(*parts(key)) for key in keys] for place, keys in found["pointers"]
    }
    return TreeIndex(files, pointers)
