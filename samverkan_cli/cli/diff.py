"""`samverkan diff`: what a change to the records means, between two git revisions."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    as_of_date,
    fail,
    load_for_reading,
)


class Format(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


def run(
    base: Annotated[
        str | None,
        typer.Argument(
            help="Från: en revision i git (standard: förgreningen från huvudgrenen).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(help="Till: en revision (standard: arbetskatalogen).", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="text, md (för en pull request) eller json.")
    ] = Format.TEXT,
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Visa vad en ändring betyder: poster, fält (före → efter) och status som ändras."""
    from samverkan_cli.diff.records import diff_datasets
    from samverkan_cli.output.record_diff import FORMATS
    from samverkan_cli.support.git import GitError, default_branch_base

    day = as_of_date(as_of)
    if base is None:
        try:
            base = default_branch_base(data if data.exists() else data.parent)
        except GitError as error:
            fail(str(error))
    base_dataset = load_for_reading(data, base)
    head_dataset = load_for_reading(data, head)
    typer.echo(
        FORMATS[output_format.value](diff_datasets(base_dataset, head_dataset, day)), nl=False
    )
