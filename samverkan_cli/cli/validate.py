"""`samverkan validate`: check every record; all problems in one run."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    DataOption,
    ExitCode,
    RevOption,
    data_root,
    fail,
    load_tree,
)
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from samverkan_cli.checks.validation import ValidationResult


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _relative_parts(path: Path, root: Path) -> tuple[str, ...]:
    if not path.exists():
        fail(f"'{path}' finns inte")
    try:
        return path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        fail(f"'{path}' ligger utanför datakatalogen '{root}'; ange rätt katalog med --data")


def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Filer eller kataloger att rapportera om (standard: hela datakatalogen).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    output_format: Annotated[
        Format, typer.Option("--format", help="Utdata: text, json eller github (Actions).")
    ] = Format.TEXT,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            help="Rapportera bara om filer ändrade sedan REF i git och poster som pekar på dem.",
            show_default=False,
        ),
    ] = None,
    rev: RevOption = None,
    max_file_size: Annotated[
        int, typer.Option("--max-file-size", help="Största fil i byte.", min=1)
    ] = DEFAULT_LIMITS.max_file_bytes,
    max_depth: Annotated[
        int, typer.Option("--max-depth", help="Djupaste nästling i en fil.", min=1)
    ] = DEFAULT_LIMITS.max_depth,
    max_nodes: Annotated[
        int,
        typer.Option("--max-nodes", help="Flest noder i en fil, alias medräknade.", min=1),
    ] = DEFAULT_LIMITS.max_nodes,
) -> None:
    """Kontrollera alla poster: schema, referenser och regler."""
    from samverkan_cli.checks.validation import validate, validate_dataset

    only: list[tuple[str, ...]] | None = None
    if paths:
        root = data_root(data)
        only = [_relative_parts(path, root) for path in paths]
    limits = Limits(max_depth=max_depth, max_nodes=max_nodes, max_file_bytes=max_file_size)
    if changed_since is None and rev is None:
        show(validate(data_root(data), only, limits=limits), output_format)
    dataset, diagnostics = load_tree(data, rev, limits)
    if changed_since is not None:
        from samverkan_cli.checks.selection import affected
        from samverkan_cli.support.git import GitError, changed_paths

        root = data_root(data)
        try:
            changed = changed_paths(changed_since, root, rev)
        except GitError as error:
            fail(str(error))
        relative = [path.relative_to(root.resolve()).parts for path in changed]
        selected = affected(dataset, relative)
        only = (
            selected
            if only is None
            else [p for p in selected if any(p[: len(o)] == o for o in only)]
        )
    show(validate_dataset(dataset, diagnostics, only), output_format)


def show(result: ValidationResult, output_format: Format) -> NoReturn:
    """Print the result and end with its exit code."""
    from samverkan_cli.output.diagnostic_formats import FORMATS

    typer.echo(FORMATS[output_format.value](result), nl=False)
    raise typer.Exit(ExitCode.PROBLEMS if result.errors else ExitCode.OK)
