"""Records at a git revision, and what changed since one, through the `git` program.

The git program rather than a library: it is on every machine that has the repository,
reads every repository format and configuration the user's own git does, and needs no
compiled dependency. `git archive` exports a tree without touching the working tree.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


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


def _files_only(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """Links are not followed in the working tree either; leave them out of the export."""
    if member.issym() or member.islnk():
        return None
    return tarfile.data_filter(member, path)


@contextmanager
def tree_at(ref: str, directory: Path) -> Iterator[Path]:
    """The directory as it was at `ref`, exported to a temporary directory."""
    root = repo_root(directory)
    commit = resolve(ref, root)
    relative = directory.resolve().relative_to(root)
    try:
        archive = git(["archive", "--format=tar", commit, "--", str(relative)], root)
    except GitError:
        raise GitError(f"'{relative}' finns inte i {ref}") from None
    with tempfile.TemporaryDirectory(prefix="samverkan-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temporary, filter=_files_only)
        yield Path(temporary) / relative
