"""Products of independent record files, kept between runs: the runner's plug for a job that
`KeepsProducts` (today the overview's promise sections).

Staff run the report many times a day while a few records change, so the product of each
independent record file is kept in the user's cache directory, and a file whose product is
kept is only read (its bytes, for the key), not checked, modelled, evaluated or rendered.

Where: `$XDG_CACHE_HOME/samverkan` (else `~/.cache/samverkan`), `~/Library/Caches/samverkan`
on macOS, `%LOCALAPPDATA%\\samverkan\\Cache` on Windows; in it one directory per data tree,
named by a hash of the tree's real path, so two trees never share entries. Nothing of the
cache is in the repository: a pull request cannot commit an entry, and a file committed as
`data/.samverkan-cache/...` has no effect. The directories are made 0700 and must be real
directories of this user (never followed through a symlink); the files are 0600, opened
without following links and never opened when they are no regular file.

A product depends on its file, on every record of the other kinds (names, areas, follow-ups:
the context), on the job's setting (the date and access level of the report), and on the
tool: as for every kept result (cache_dir.tool_identity: Python, the distributions installed,
this package's code by each file's size and time of change), and the built-in templates by
content. The key of an entry is a BLAKE2b hash of the file's
place and bytes and of the context; the file of entries is named by a hash of the rest. Each
file is read once: the bytes of the context are read here, hashed, and are the bytes loading
models (`SourceFile.raw`); an independent file's bytes are hashed and then read from the same
bytes. So an entry is always stored under the hash of exactly what it was rendered from, even
when a record changes during the run. A file with errors in loading is never kept, so its
errors are found again each run.

A file of entries is written whole (a temporary file, then a rename), so two runs at once
leave one of their files, never a mix, and any entry in it is right for its key; a file that
cannot be read or does not hold what it should is ignored and written anew. Only the few
newest files are kept. `SAMVERKAN_CACHE=0` turns the cache off; where the directory cannot be
written, or is not the user's own, there is no cache.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samverkan_cli.loading.limits import Limits
from samverkan_cli.loading.reading import SourceFile, read_bytes
from samverkan_cli.records.job import Kept
from samverkan_cli.speed.cache_dir import (
    PACKAGE,
    blake2b,
    prune,
    read_entry,
    ready,
    tool_identity,
    tree_directory,
    trusted,
)
from samverkan_cli.speed.cache_dir import enabled as enabled
from samverkan_cli.support.files import write_bytes_atomic

FORMAT = 2
KEEP = 3
"""Files of entries kept: one per report date and access level, the newest."""


@dataclass
class SectionCache:
    """The kept products of one setting (the job's, and the tool's), and the keys of the
    files read in this process."""

    path: Path | None
    """The file of entries; None when there is no cache."""
    context: bytes
    entries: dict[str, Kept] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """Display path of each promise file read here, to its key."""

    @classmethod
    def open(
        cls,
        data: Path,
        setting: str,
        files: list[SourceFile],
        independent: set[str],
        limits: Limits,
    ) -> SectionCache:
        """The cache of the tree in `data` for products of `setting`, with the context read
        from `files` (all but those whose display path is in `independent`). Those files'
        bytes are kept on them (`SourceFile.raw`): loading reads those, not the disk again."""
        if not enabled():
            return cls(None, b"")
        real = os.fsencode(os.path.realpath(data))
        context = blake2b(digest_size=16)
        context.update(len(real).to_bytes(4, "big") + real)
        for source in files:
            if source.display not in independent:
                source.raw = raw = read_bytes(source, limits)
                _add(context, source, raw if isinstance(raw, bytes) else repr(raw).encode())
        name = blake2b(repr((FORMAT, setting, _tool())).encode(), digest_size=16).hexdigest()
        path = tree_directory(data) / f"overview-{name}"
        return cls(path, context.digest(), _read(path))

    def noted(self) -> dict[str, str]:
        return dict(self.keys)

    def skip(self, source: SourceFile, raw: bytes) -> bool:
        """Note the file's key; is its product kept?"""
        found = blake2b(digest_size=16, key=self.context)
        _add(found, source, raw)
        key = found.hexdigest()
        self.keys[source.display] = key
        return key in self.entries

    def save(self, entries: dict[str, Kept]) -> None:
        """Keep these entries (if they differ from those read), and only the newest files."""
        if self.path is None or entries.keys() == self.entries.keys():
            return
        with contextlib.suppress(OSError):  # no cache where none can be written
            directory = self.path.parent
            if not ready(directory):
                return
            write_bytes_atomic(self.path, _encode(entries), durable=False, private=True)
            prune(directory, "overview-*", KEEP)


def _add(digest: Any, source: SourceFile, raw: bytes) -> None:
    """A file's place (relative to the data directory) and bytes, into a hash."""
    place = os.fsencode("/".join(source.parts))  # a name need not be UTF-8
    digest.update(len(place).to_bytes(4, "big") + place + len(raw).to_bytes(8, "big") + raw)


def _tool(package: Path = PACKAGE, templates: Path | None = None) -> tuple[str, ...]:
    """What a section depends on in the tool: what every kept result does (cache_dir.py),
    and the built-in templates by content."""
    from samverkan_cli.output.documents.templating import builtin_template_dir  # jinja2

    code = blake2b(digest_size=16)
    for path in sorted((templates or builtin_template_dir()).glob("*.j2")):
        place = path.name.encode()
        code.update(len(place).to_bytes(4, "big") + place + path.read_bytes())
    return (*tool_identity(package), code.hexdigest())


# A file of entries: a line of magic, a line of JSON index, then the products' text, all of
# it UTF-8. JSON would be simpler, but escaping 17 MB of sections took 0.14 s, and the index
# (key: the product's values, then start and end of the text, null where there is none)
# takes 0.01 s.
_MAGIC = b"samverkan-sections %d\n" % FORMAT


def _encode(entries: dict[str, Kept]) -> bytes:
    index: dict[str, list[Any]] = {}
    texts: list[str] = []
    offset = 0
    for key, product in entries.items():
        span: list[int | None] = [None, None]
        if product.text is not None:
            span = [offset, offset + len(product.text)]
            offset += len(product.text)
            texts.append(product.text)
        index[key] = [*product.values, *span]
    head = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"".join([_MAGIC, head, b"\n", "".join(texts).encode("utf-8")])


def _read(path: Path) -> dict[str, Kept]:
    """The entries in a file of them; none where it is missing, unreadable or malformed."""
    try:
        raw = read_entry(path) if trusted(path.parent) else None
        if raw is None or not raw.startswith(_MAGIC):
            return {}
        head, _, body = raw[len(_MAGIC) :].partition(b"\n")
        index = json.loads(head)
        text = body.decode("utf-8")
    except Exception:  # not JSON, nested too deep, not UTF-8: no entries
        return {}
    if not isinstance(index, dict):
        return {}
    entries: dict[str, Kept] = {}
    for key, value in index.items():
        product = _product(value, text)
        if product is None:
            return {}
        entries[key] = product
    return entries


def _product(value: Any, text: str) -> Kept | None:
    if not (isinstance(value, list) and len(value) >= 2):
        return None
    *values, start, end = value
    if not all(value is None or type(value) in (str, int, bool) for value in values):
        return None
    if start is None and end is None:
        return Kept(tuple(values), None)
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(text)):
        return None
    return Kept(tuple(values), text[start:end])
