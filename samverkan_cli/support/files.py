"""Writing files whole: a temporary file beside the target, then an atomic rename.

`write_bytes_atomic` writes where the user pointed (`-o`): a symlink is followed and its
target replaced; a character device, a FIFO or `/dev/stdout` is written through, never
replaced; an existing regular file keeps its mode, and a new one gets the mode the umask
gives (`tempfile.mkstemp` alone would make every file 0600).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

_O_BINARY = getattr(os, "O_BINARY", 0)


def _umask_mode() -> int:
    """The mode a new file gets from the umask (0o666 & ~umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _write_through(path: str, data: bytes) -> None:
    """Write into a file that is not to be replaced (a device, a FIFO, a terminal)."""
    descriptor = os.open(path, os.O_WRONLY | _O_BINARY | getattr(os, "O_NOCTTY", 0))
    try:
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


_OWN_DESCRIPTOR = re.compile(r"/dev/(?:std(out|err)|fd/(\d+))|/proc/self/fd/(\d+)")


def _own_descriptor(path: str) -> int | None:
    """The descriptor `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` names:
    written at its own offset, as a shell's `>` or `>>` opened it, not opened anew."""
    found = _OWN_DESCRIPTOR.fullmatch(path)
    if found is None:
        return None
    standard, fd, proc = found.groups()
    if standard is not None:
        return 1 if standard == "out" else 2
    return int(fd if fd is not None else proc)


def write_bytes_atomic(
    path: Path, data: bytes, *, durable: bool = True, private: bool = False
) -> None:
    """Write `data` where `path` points; a reader of a regular file sees the old file or the
    new one, never a part. Unless `durable` is False (a cache), the data is on disk before
    the rename. It keeps the old file's mode, or gets the umask's. With `private` (a cache of
    our own) nothing is followed or written through: the path itself is replaced by a file
    of mode 0600."""
    name = os.fspath(path)
    if private:
        _replace(name, data, durable=durable, mode=0o600)
        return
    descriptor = _own_descriptor(name)
    if descriptor is not None:
        _write_all(descriptor, data)
        return
    target = os.path.realpath(name)  # follow links: replace what the link points at
    _not_led_out(name, target)
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise IsADirectoryError(21, os.strerror(21), name)
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_through(target, data)
        return
    mode = stat.S_IMODE(found.st_mode) if found is not None else _umask_mode()
    _replace(target, data, durable=durable, mode=mode)


class LinkLeadsOut(OSError):
    """The path to write is a link out of the working directory; the message says so."""


def within(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or lies below it (both absolute, in the same form)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def leads_out_of_working_directory(name: str, target: str | None = None) -> bool:
    """Whether a path inside the working directory (a checkout, where a pull request can commit
    links) leads out of it through a symbolic link; `target` is its real path where the caller
    has it. A path given outside the working directory is the user's own, and never does. One
    that cannot be resolved (a loop, a folder it may not read) counts as leading out."""
    given = os.path.abspath(name)
    if not within(given, os.path.abspath(os.getcwd())):
        return False
    if target is None:
        try:
            target = os.path.realpath(name)
        except (OSError, ValueError):
            return True
    return target != given and not within(target, os.path.realpath(os.getcwd()))


def _not_led_out(name: str, target: str) -> None:
    """A link named like the file a command writes (`samverkan.csv -> ~/.bashrc`, committed in
    a pull request) is not followed out of the working directory."""
    if leads_out_of_working_directory(name, target):
        raise LinkLeadsOut(
            f"'{name}' är en symbolisk länk som leder ut ur katalogen du kör i ({target});"
            " den följs inte, ange målet direkt"
        )


def _replace(target: str, data: bytes, *, durable: bool, mode: int) -> None:
    """A temporary file beside `target` with `data` and `mode`, renamed over `target`."""
    descriptor, temporary = _new_temporary(target)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if mode != 0o600 and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_temporary(target: str) -> tuple[int, str]:
    """A new file of mode 0600 beside `target`, made as `tempfile.mkstemp` makes one (a random
    name, created exclusively, never through a link) without importing tempfile, which the
    quick `validate` writing its result would otherwise pay for."""
    directory, base = os.path.split(target)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = os.path.join(directory or ".", f".{base}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "ingen ledig tillfällig fil", target)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
