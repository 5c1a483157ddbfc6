"""Options and helpers that several commands share."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from samverkan_cli.diagnostics import Diagnostic
    from samverkan_cli.loading.limits import Limits
    from samverkan_cli.records.dataset import Dataset

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        help="Datakatalogen med posterna.",
        show_default=True,
        file_okay=False,
    ),
]
DEFAULT_DATA = Path("data")


class ExitCode:
    OK = 0
    PROBLEMS = 1
    CANNOT_RUN = 2


def fail(message: str) -> NoReturn:
    """Stop with exit code 2: the command could not run."""
    print(f"samverkan: {message}", file=sys.stderr)
    raise typer.Exit(ExitCode.CANNOT_RUN)


def data_root(path: Path) -> Path:
    if not path.exists():
        fail(f"datakatalogen '{path}' finns inte; ange en annan med --data DIR")
    if not path.is_dir():
        fail(f"'{path}' är ingen katalog; ange datakatalogen med --data DIR")
    return path


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Datum att räkna status för, ÅÅÅÅ-MM-DD (standard: i dag).",
        show_default=False,
    ),
]


def as_of_date(text: str | None) -> datetime.date:
    if text is None:
        return datetime.date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of '{text}' är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-06-30")


RevOption = Annotated[
    str | None,
    typer.Option(
        "--rev",
        help="Läs posterna som de var vid REF i git (arbetskatalogen rörs inte).",
        show_default=False,
    ),
]


def load_tree(
    path: Path, rev: str | None = None, limits: Limits | None = None
) -> tuple[Dataset, list[Diagnostic]]:
    """Load the records under `path`, from the working tree or as they were at `rev`."""
    from samverkan_cli.loading.limits import DEFAULT_LIMITS
    from samverkan_cli.loading.loader import load

    limits = limits or DEFAULT_LIMITS
    if rev is None:
        return load(data_root(path), limits=limits)
    from samverkan_cli.support.git import GitError, tree_at

    try:
        with tree_at(rev, path if path.exists() else Path.cwd() / path) as exported:
            if not exported.is_dir():
                fail(f"datakatalogen '{path}' finns inte i {rev}")
            # The export is deleted before the checks ask for positions: keep the texts.
            return load(exported, root_display=str(path), limits=limits, keep_texts=True)
    except GitError as error:
        fail(str(error))


def load_for_reading(path: Path, rev: str | None = None) -> Dataset:
    """Load the records a reading command works on; say so when some could not be read."""
    dataset, diagnostics = load_tree(path, rev)
    say_load_errors(sum(1 for diagnostic in diagnostics if diagnostic.is_error))
    return dataset


def say_load_errors(errors: int) -> None:
    """Say that records with errors are left out of what a reading command shows."""
    if errors:
        print(
            f"samverkan: {errors} fel i posterna; de poster som inte kunde läsas är inte med"
            " (kör samverkan validate)",
            file=sys.stderr,
        )


def write_output(path: Path | None, content: bytes) -> None:
    """Write to a file whole (temporary file, then rename), or to standard output."""
    if path is None:
        binary = getattr(sys.stdout, "buffer", None)
        if binary is not None:
            binary.write(content)
        else:  # a text-only stream (an embedding program's, say)
            sys.stdout.write(content.decode("utf-8"))
        sys.stdout.flush()
        return
    from samverkan_cli.support.files import write_bytes_atomic

    if not path.parent.is_dir():
        fail(f"katalogen '{path.parent}' finns inte")
    try:
        write_bytes_atomic(path, content)
    except OSError as error:
        fail(f"kan inte skriva '{path}': {error.strerror}")
