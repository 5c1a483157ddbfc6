"""Shell completion (bash, zsh, fish; `samverkan --install-completion`): the words a
command's arguments can take, record ids read from the file paths under `--data` and the
report kinds. A completion never fails: at worst it offers nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from samverkan_cli.api import DEFAULT_DATA

Completer = Callable[[typer.Context, str], list[str]]


def _data(ctx: typer.Context) -> Path:
    data = ctx.params.get("data")
    return Path(data) if data else DEFAULT_DATA


def _ids(ctx: typer.Context, kinds: tuple[str, ...], scope: str | None = None) -> list[str]:
    from samverkan_cli import api

    try:
        return api.record_ids(_data(ctx), kinds, scope)
    except (OSError, ValueError):
        return []


def _starting(words: list[str], incomplete: str) -> list[str]:
    return [word for word in words if word.startswith(incomplete)]


def ids_of(*kinds: str) -> Completer:
    """Completion of the ids of records of `kinds`."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        return _starting(_ids(ctx, kinds), incomplete)

    return complete


def status_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """The ids `status` takes: agreements, promises and areas, or those of `--kind`."""
    kind = ctx.params.get("kind")
    kinds = (str(kind),) if kind else ("agreement", "promise", "area")
    given = set(ctx.params.get("ids") or ())
    return [found for found in _starting(_ids(ctx, kinds), incomplete) if found not in given]


def report_kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    from samverkan_cli import api

    return _starting(list(api.report_kinds()), incomplete)


def report_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """The ids of the records a report of the kind given names (none for overview, areas)."""
    from samverkan_cli.output.documents.kinds import RECORD_OF_REPORT

    kind = RECORD_OF_REPORT.get(str(ctx.params.get("kind") or ""))
    return _starting(_ids(ctx, (kind,)), incomplete) if kind else []


def revision_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """The revisions of the agreement given before."""
    agreement = ctx.params.get("agreement")
    if not agreement:
        return []
    return _starting(_ids(ctx, ("revision",), str(agreement)), incomplete)


def record_kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    from samverkan_cli.records.layouts import LAYOUTS

    return _starting([layout.kind for layout in LAYOUTS], incomplete)


def organisations_of(organisation_type: str) -> Completer:
    """Completion of the ids of the organisations of a type (`kommun`, `lokalpolisområde`,
    `polisregion`)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from samverkan_cli import api

        try:
            found = api.organisation_ids(_data(ctx), organisation_type)
        except (OSError, ValueError):
            return []
        return _starting(found, incomplete)

    return complete
