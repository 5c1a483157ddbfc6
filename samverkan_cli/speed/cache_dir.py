"""Where samverkan keeps what it saves between runs, and how that place is trusted; a light
module (the standard library only), so that a cached answer costs no import of the parser or
the models.

Where: `$XDG_CACHE_HOME/samverkan` (else `~/.cache/samverkan`), `~/Library/Caches/samverkan`
on macOS, `%LOCALAPPDATA%\\samverkan\\Cache` on Windows; in it one directory per data tree,
named by a hash of the tree's real path, so two trees never share entries. Nothing of it is in
the repository. The directories are made 0700 and must be real directories of this user,
written by no one else (never followed through a symlink); the files are 0600, opened without
following links and never opened when they are no regular file. `SAMVERKAN_CACHE=0` turns
every cache off.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

try:  # hashlib's own BLAKE2b; importing hashlib itself loads OpenSSL too, on every run
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as blake2b


def enabled() -> bool:
    return os.environ.get("SAMVERKAN_CACHE", "1") != "0"


def cache_home() -> Path:
    """The user's cache directory for samverkan, by the platform's convention."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        base = Path(local) if local else Path.home() / "AppData" / "Local"
        return base / "samverkan" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "samverkan"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # as the XDG spec says
    return base / "samverkan"


def tree_directory(root: Path) -> Path:
    """The cache directory of the data tree under `root` (made or not)."""
    real = os.fsencode(os.path.realpath(root))
    return cache_home() / blake2b(real, digest_size=16).hexdigest()


def _own(path: Path) -> bool:
    """Is `path` a real directory (not a link) of this user's, written by no one else?"""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    owner = getattr(os, "geteuid", None)
    if owner is None:  # Windows: no owners or modes to judge by
        return stat.S_ISDIR(found.st_mode)
    return (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == owner()
        and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def trusted(directory: Path) -> bool:
    """May entries be read from the tree's cache directory (and the one above it)?"""
    return _own(directory.parent) and _own(directory)


def ready(directory: Path) -> bool:
    """The tree's cache directory and the one above it, made where missing (0700), both our
    own."""
    directory.parent.parent.mkdir(parents=True, exist_ok=True)  # ~/.cache: the user's
    for path in (directory.parent, directory):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, 0o700)
    return trusted(directory)


MAX_ENTRY_BYTES = 1 << 30


def read_entry(path: Path) -> bytes | None:
    """A file of the cache, opened without following a link (one put in place since the
    check is refused by the system) and read only if it is a regular file of a sane size;
    None where it is missing or not to be read."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # no FIFO to hang on, no link to follow
            return None
        nofollow = getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_ENTRY_BYTES:
            return None
        chunks = []
        total = 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_ENTRY_BYTES:
                return None
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def prune(directory: Path, pattern: str, keep: int) -> None:
    """Only the `keep` newest files of `pattern` in `directory`."""
    files = sorted(directory.glob(pattern), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


PACKAGE = Path(__file__).resolve().parent.parent
"""This package's own folder: its code is part of what every kept result depends on."""


def tool_identity(package: Path = PACKAGE) -> tuple[str, ...]:
    """What a kept result or section depends on in the tool: Python; every distribution
    installed where Python finds modules, by name and version (the parser, the models, the
    templating and what they use); and this package by version and by each `.py` file's
    place, size and time of change, as Python judges its own bytecode cache (an editable
    install changes without a new version)."""
    from samverkan_cli import __version__

    installed = []
    for place in sys.path:
        with contextlib.suppress(OSError):
            listing = os.listdir(place or ".")
            installed += [entry for entry in listing if entry.endswith(".dist-info")]
    code = blake2b(digest_size=16)
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(package, relative)) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            place = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                pending.append(place)
            elif entry.name.endswith(".py"):
                stamp = entry.stat()
                code.update(f"{place}\0{stamp.st_size}\0{stamp.st_mtime_ns}\n".encode())
    return (__version__, sys.version, *sorted(installed), code.hexdigest())
