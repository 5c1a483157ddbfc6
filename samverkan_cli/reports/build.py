"""Build a report: choose the records, make the template context, render Markdown or PDF."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from samverkan_cli.access import AccessView, access_view, internal_items, public
from samverkan_cli.diagnostics import did_you_mean
from samverkan_cli.loading.loader import Dataset
from samverkan_cli.loading.parts import Part, load_in_parts
from samverkan_cli.models import Agreement, Promise, Remiss
from samverkan_cli.reports.context import (
    PromiseView,
    agreement_view,
    areas_view,
    promise_view,
    report_info,
)
from samverkan_cli.reports.templating import (
    compiled,
    environment,
    render,
    render_each,
    user_template_dirs,
)
from samverkan_cli.swedish import sort_key

REPORT_KINDS = ("overview", "agreement", "promise", "areas", "remiss")
OVERVIEW_TITLE = "Samverkan mellan kommun och polis: lägesrapport"
AREAS_TITLE = "Lägesbild över utsatta områden"


class ReportError(Exception):
    """The report cannot be made from these arguments (unknown kind or id)."""


@dataclass(frozen=True)
class ReportRequest:
    as_of: datetime.date
    kind: str = "overview"
    record_id: str | None = None
    template_dirs: Sequence[Path] = ()
    include_internal: bool = False


def _pick(
    dataset: Dataset,
    model: type[Agreement] | type[Promise] | type[Remiss],
    record_id: str | None,
    label: str,
) -> Any:
    records = dataset.by_id(model)
    if record_id is None:
        raise ReportError(f"ange id för {label}: {', '.join(sorted(records)) or 'inga finns'}")
    if record_id not in records:
        raise ReportError(f"{label} '{record_id}' finns inte{did_you_mean(record_id, records)}")
    return records[record_id]


def report_context(full: Dataset, request: ReportRequest) -> dict[str, Any]:
    """The variables a report template receives (docs/templates.md)."""
    view = access_view(full, request.include_internal)
    context = _context(view.dataset, full, request)
    context["report"] = context["report"].with_access(view.label)
    return context


def _context(dataset: Dataset, full: Dataset, request: ReportRequest) -> dict[str, Any]:
    if (
        request.kind == "remiss"
        and request.record_id in full.by_id(Remiss)
        and (request.record_id not in dataset.by_id(Remiss))
    ):
        raise ReportError(
            f"remissen '{request.record_id}' är märkt intern; ta med den med --include-internal"
        )
    as_of = request.as_of
    if request.kind in ("overview", "areas") and request.record_id is not None:
        raise ReportError(f"rapporten '{request.kind}' tar inget id ('{request.record_id}')")
    if request.kind == "overview":
        promises = [promise_view(r, dataset, as_of) for r in dataset.of(Promise)]
        promises.sort(key=_promise_order)
        return {**_overview_context(dataset, as_of), "promises": promises}
    if request.kind == "agreement":
        agreement = agreement_view(
            _pick(dataset, Agreement, request.record_id, "överenskommelse"), dataset, as_of
        )
        return {
            "report": report_info("agreement", f"Uppföljning: {agreement.title}", as_of),
            "agreement": agreement,
        }
    if request.kind == "promise":
        promise = promise_view(
            _pick(dataset, Promise, request.record_id, "medborgarlöfte"), dataset, as_of
        )
        return {
            "report": report_info("promise", f"Uppföljning: {promise.title}", as_of),
            "promise": promise,
        }
    if request.kind == "remiss":
        from samverkan_cli.reports.remiss_document import remiss_document

        document = remiss_document(_pick(dataset, Remiss, request.record_id, "remiss"), dataset)
        return {
            "report": report_info("remiss", f"Remissvar {document.diary_number}", as_of),
            "remiss": document,
        }
    if request.kind == "areas":
        return {
            "report": report_info("areas", AREAS_TITLE, as_of),
            "areas": areas_view(dataset, as_of),
        }
    raise ReportError(
        f"okänd rapport '{request.kind}'{did_you_mean(request.kind, REPORT_KINDS)};"
        f" välj {', '.join(REPORT_KINDS)}"
    )


def _overview_context(dataset: Dataset, as_of: datetime.date) -> dict[str, Any]:
    """The overview's context but its promises."""
    agreements = sorted(dataset.of(Agreement), key=lambda r: sort_key(r.model.title))
    return {
        "report": report_info("overview", OVERVIEW_TITLE, as_of),
        "agreements": [agreement_view(r, dataset, as_of) for r in agreements],
        "areas": areas_view(dataset, as_of),
    }


def _promise_order(view: PromiseView) -> tuple[Any, int]:
    return (sort_key(view.police_area), view.year)


def render_markdown(dataset: Dataset, request: ReportRequest) -> str:
    context = report_context(dataset, request)
    return render(environment("md", request.template_dirs), f"{request.kind}.md.j2", context)


def render_typst(dataset: Dataset, request: ReportRequest) -> str:
    context = report_context(dataset, request)
    return render(environment("typ", request.template_dirs), f"{request.kind}.typ.j2", context)


def render_pdf(dataset: Dataset, request: ReportRequest) -> bytes:
    from samverkan_cli.reports.pdf import compile_pdf

    return compile_pdf(render_typst(dataset, request), request.as_of)


def overview_in_parts(request: ReportRequest) -> bool:
    """Can the overview be made by `overview_markdown_of_tree`: in Markdown from the built-in
    templates alone, whose promise sections stand on their own?"""
    return request.kind == "overview" and not user_template_dirs(request.template_dirs)


@dataclass(frozen=True)
class OverviewOfTree:
    text: str
    load_errors: int


def overview_markdown_of_tree(root: Path, request: ReportRequest) -> OverviewOfTree:
    """`render_markdown` of the overview of the tree under `root` (see `overview_in_parts`),
    loaded in parts: a large tree in two, one per process, each rendering the sections of
    its own promises (loading/parts.py). Text is cheap to send back; the views are not."""
    # Compiled before the second process starts, which then has them too.
    env = compiled(environment("md"), "overview.md.j2")
    loaded = load_in_parts(root, functools.partial(_overview_part, request=request, env=env))
    rank = {source.display: index for index, source in enumerate(loaded.files)}
    sections = sorted(
        (section for part in loaded.results for section in part.sections),
        key=lambda section: (section[0], rank[section[1]]),
    )
    context = loaded.results[0].context
    assert context is not None  # the first part's
    access = AccessView(
        Dataset(root), request.include_internal, sum(part.internal for part in loaded.results)
    )
    context = {**context, "report": context["report"].with_access(access.label), "promises": []}
    if not sections:
        return OverviewOfTree(render(env, "overview.md.j2", context), loaded.load_errors)
    text = "".join(
        [
            render(env, "_overview_head.md.j2", context),
            *(text for _, _, text in sections),
            render(env, "_overview_tail.md.j2", context),
        ]
    )
    return OverviewOfTree(text, loaded.load_errors)


@dataclass(frozen=True)
class _OverviewPart:
    sections: list[tuple[tuple[Any, int], str, str]]
    """(order, path, Markdown) of each of the part's promises."""
    internal: int
    """Items marked intern in the records the part owns."""
    context: dict[str, Any] | None
    """The first part's: the overview's context but its promises (not sent between processes)."""


def _overview_part(part: Part, request: ReportRequest, env: Environment) -> _OverviewPart:
    full = part.dataset
    dataset = full if request.include_internal else public(full)
    info = report_info("overview", OVERVIEW_TITLE, request.as_of)
    records = dataset.of(Promise)
    views = [promise_view(record, dataset, request.as_of) for record in records]
    texts = render_each(
        env, "_overview_promise.md.j2", ({"report": info, "promise": view} for view in views)
    )
    sections = [
        (_promise_order(view), record.file.display, text)
        for record, view, text in zip(records, views, texts, strict=True)
    ]
    owned = [record for records in full.records.values() for record in records if part.owns(record)]
    context = _overview_context(dataset, request.as_of) if part.first else None
    return _OverviewPart(sections, internal_items(owned), context)
