"""Records at a git revision, and what changed since one, through the `git` program.

The git program rather than a library: it is on every machine that has the repository,
reads every repository format and configuration the user's own git does, and needs no
compiled dependency. A revision is read from git's objects (`ls-tree`, `cat-file`), without
touching the working tree and without `git archive`, whose `.gitattributes` can change it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import NamedTuple


class GitError(Exception):
    """git could not answer: not a repository, unknown revision, git missing."""


def git(args: list[str], cwd: Path) -> bytes:
    try:
        completed = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise GitError("programmet git finns inte på den här datorn") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} misslyckades")
    return completed.stdout


def repo_root(path: Path) -> Path:
    directory = path if path.is_dir() else path.parent
    return Path(git(["rev-parse", "--show-toplevel"], directory).decode().strip())


def resolve(ref: str, cwd: Path) -> str:
    """The commit a revision names; a clear error when it names none."""
    try:
        return git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd).decode().strip()
    except GitError:
        raise GitError(f"'{ref}' är ingen revision i git") from None


def changed_paths(ref: str, directory: Path, rev: str | None = None) -> set[Path]:
    """Files under `directory` that differ between `ref` and the working tree, or `rev` when
    given (absolute paths): new, deleted, and both names of a renamed file."""
    root = repo_root(directory)
    commit = resolve(ref, root)
    relative = str(directory.resolve().relative_to(root))
    against = [resolve(rev, root)] if rev is not None else []
    listed = git(
        ["diff", "--no-renames", "--name-only", "-z", commit, *against, "--", relative], root
    )
    if rev is None:
        listed += git(["ls-files", "--others", "--exclude-standard", "-z", "--", relative], root)
    return {root / os.fsdecode(name) for name in listed.split(b"\0") if name}


def default_branch_base(directory: Path) -> str:
    """The merge base of HEAD with the default branch (origin's, else main or master)."""
    root = repo_root(directory)
    candidates = []
    with suppress(GitError):
        candidates.append(
            git(["symbolic-ref", "--short", "refs/remotes/origin/HEAD"], root).decode().strip()
        )
    candidates += ["origin/main", "origin/master", "main", "master"]
    for branch in candidates:
        try:
            return git(["merge-base", "HEAD", branch], root).decode().strip()
        except GitError:
            continue
    raise GitError("hittar ingen standardgren (main eller master) att jämföra med; ange BASE")


# Blobs over this are not read, only their size is written (a sparse file): the loader
# refuses a file over its limit, and a 400 MB blob must not cost 400 MB of memory.
DEFAULT_MAX_BLOB_BYTES = 1024 * 1024

_BLOB, _EXECUTABLE, _SYMLINK = b"100644", b"100755", b"120000"
_MAX_LINK_BYTES = 4096


class _Entry(NamedTuple):
    mode: bytes
    oid: str
    path: str
    """Relative to the repository root, checked: no empty, '.' or '..' part."""


def _entries(commit: str, relative: Path, root: Path) -> list[_Entry]:
    """The blobs and symlinks under `relative` at `commit`, from git's objects (submodules,
    which have no content here, are left out)."""
    return _listed(
        ["ls-tree", "-r", "-z", "--full-tree", commit],
        relative,
        root,
        lambda mode, kind, oid: (mode, oid) if kind == b"blob" else None,
    )


def _index_entries(relative: Path, root: Path) -> list[_Entry]:
    """The blobs and symlinks under `relative` in the index (merged entries only; submodules
    left out), as `_entries` gives a commit's."""
    return _listed(
        ["ls-files", "-s", "-z", "--full-name"],
        relative,
        root,
        lambda mode, oid, stage: (mode, oid) if stage == b"0" else None,
    )


def _listed(
    command: list[str],
    relative: Path,
    root: Path,
    blob: Callable[[bytes, bytes, bytes], tuple[bytes, bytes] | None],
) -> list[_Entry]:
    """The entries git's `command` lists under `relative` (`FIELD FIELD FIELD<TAB>path`, each
    ended by NUL), with `blob` giving the mode and object of those that are files or links."""
    spec = [] if str(relative) == "." else ["--", str(relative)]
    listing = git(["--literal-pathspecs", *command, *spec], root)
    entries = []
    for line in listing.split(b"\0"):
        if not line:
            continue
        meta, _, name = line.partition(b"\t")
        first, second, third = meta.split(b" ")
        found = blob(first, second, third)
        if found is None or found[0] not in (_BLOB, _EXECUTABLE, _SYMLINK):
            continue
        mode, oid = found
        entries.append(_Entry(mode, oid.decode("ascii"), _checked_path(os.fsdecode(name))))
    return entries


def ref_path(path: str) -> str:
    return path.encode("unicode_escape").decode("ascii")


def _sizes(entries: list[_Entry], root: Path) -> list[int]:
    """Each blob's size, before any is read (`git cat-file --batch-check`)."""
    request = "".join(f"{entry.oid}\n" for entry in entries).encode("ascii")
    try:
        completed = subprocess.run(
            ["git", "cat-file", "--batch-check=%(objectsize)"],
            cwd=root,
            input=request,
            capture_output=True,
            check=False,
            timeout=120,
        )
    except FileNotFoundError:
        raise GitError("programmet git finns inte på den här datorn") from None
    lines = completed.stdout.split(b"\n")
    if completed.returncode != 0 or len(lines) < len(entries):
        raise GitError("git cat-file kunde inte läsa objekten")
    return [int(line) for line in lines[: len(entries)]]


def _blobs(oids: list[str], root: Path) -> Generator[bytes, None, None]:
    """The blobs' bytes, one at a time, through one `git cat-file --batch`."""
    import threading

    if not oids:
        return
    process = subprocess.Popen(
        ["git", "cat-file", "--batch"],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout

    def ask() -> None:  # in a thread: git's answers must be read while it is asked
        with suppress(OSError), stdin:
            for oid in oids:
                stdin.write(f"{oid}\n".encode("ascii"))

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    try:
        for oid in oids:
            header = stdout.readline().split()
            if len(header) != 3 or header[0].decode("ascii", "replace") != oid:
                raise GitError("git cat-file gav ett oväntat svar")
            size = int(header[2])
            data = stdout.read(size)
            if len(data) != size or stdout.read(1) != b"\n":
                raise GitError("git cat-file gav ett oväntat svar")
            yield data
    finally:
        stdout.close()
        process.kill()
        process.wait()
        asking.join(timeout=5)


def _place(temporary: str, path: str) -> str:
    """Where `path` goes under `temporary`; its directories are made one at a time, and none
    may be a link (a crafted tree could list a link and then a file "through" it, and a
    directory made through the link would be made outside)."""
    parts = path.split("/")
    current = temporary
    for part in parts[:-1]:
        current = os.path.join(current, part)
        try:
            os.mkdir(current, 0o700)
        except FileExistsError:
            if os.path.islink(current) or not os.path.isdir(current):
                raise GitError(f"'{ref_path(path)}' ligger under en symbolisk länk i git") from None
    return os.path.join(current, parts[-1])


class Staged:
    """The index, what the next commit holds, read as a revision is (`validate --staged`
    where the working tree differs from it). Not a string: no `--rev` can name it."""

    name = "indexet"


STAGED = Staged()


def staged_changes(directory: Path) -> tuple[set[Path], bool]:
    """The files under `directory` that a commit would change (absolute paths: staged content
    that differs from HEAD's, new, deleted, both names of a renamed file; in a repository
    without commits, every staged file), and whether the working tree there differs from the
    index (an unstaged change, a file git does not follow, a file staged as deleted but still
    on disk): then only the index says what the commit holds."""
    root = repo_root(directory)
    listed = git(
        ["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--", "."],
        directory.resolve(),
    )
    changed: set[Path] = set()
    differs = False
    for entry in listed.split(b"\0"):
        if len(entry) < 4:
            continue
        staged, unstaged, name = entry[:1], entry[1:2], os.fsdecode(entry[3:])
        if staged not in (b" ", b"?", b"!"):
            changed.add(root / name)
        if unstaged != b" ":
            differs = True
    return changed, differs


def _checked_path(path: str) -> str:
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise GitError(f"'{ref_path(path)}' är ingen giltig sökväg i git")
    return path


@contextmanager
def tree_at(
    ref: str | Staged,
    directory: Path,
    max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES,
    max_files: int | None = None,
    max_total_bytes: int | None = None,
) -> Iterator[Path]:
    """The directory as it was at `ref`, written to a temporary directory from git's objects
    (`ls-tree` and `cat-file`), not through `git archive`: `.gitattributes` cannot hide or
    rewrite a file, and committed symlinks are symlinks here as in the working tree (the
    loader judges them alike). A blob over `max_blob_bytes` is never read: its file has its
    size and no content, so the loader refuses it as too large. A tree of more than
    `max_files` files, or `max_total_bytes` in the blobs to be read, is refused before anything
    is written (git stores a repeated folder once, so a small repository can hold a huge
    tree)."""
    import tempfile  # only for a revision: the rest of the module runs on every commit

    root = repo_root(directory)
    relative = directory.resolve().relative_to(root)
    if isinstance(ref, Staged):
        entries = _index_entries(relative, root)
    else:
        entries = _entries(resolve(ref, root), relative, root)
    ref = ref.name if isinstance(ref, Staged) else ref
    if not entries:
        raise GitError(f"'{relative}' finns inte i {ref}")
    sizes = _sizes(entries, root)
    for entry, size in zip(entries, sizes, strict=True):
        if entry.mode == _SYMLINK and size > _MAX_LINK_BYTES:
            raise GitError(f"länken '{ref_path(entry.path)}' i {ref} är för lång")
    if max_files is not None and len(entries) > max_files:
        raise GitError(
            f"'{relative}' har {len(entries)} filer i {ref}, fler än gränsen {max_files}"
        )
    wanted = [
        entry.oid for entry, size in zip(entries, sizes, strict=True) if size <= max_blob_bytes
    ]
    total = sum(size for size in sizes if size <= max_blob_bytes)
    if max_total_bytes is not None and total > max_total_bytes:
        raise GitError(
            f"filerna under '{relative}' i {ref} är {total // (1024 * 1024)} MiB tillsammans,"
            f" mer än gränsen {max_total_bytes // (1024 * 1024)} MiB"
        )
    with (
        tempfile.TemporaryDirectory(prefix="samverkan-") as temporary,
        closing(_blobs(wanted, root)) as blobs,
    ):
        for entry, size in zip(entries, sizes, strict=True):
            target = _place(temporary, entry.path)
            if entry.mode == _SYMLINK:
                try:
                    os.symlink(os.fsdecode(next(blobs)), target)
                except ValueError:  # a NUL byte in what it points at
                    raise GitError(f"länken '{ref_path(entry.path)}' i {ref} är ogiltig") from None
                continue
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            descriptor = os.open(target, flags | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                if size <= max_blob_bytes:
                    handle.write(next(blobs))
                else:
                    handle.truncate(size)  # sparse: the size, no content
        yield Path(temporary) / relative
