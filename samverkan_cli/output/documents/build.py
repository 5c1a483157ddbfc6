"""Build a report: choose the records, make the template context, render Markdown or PDF."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from samverkan_cli.diagnostics import did_you_mean
from samverkan_cli.loading.loader import find_files
from samverkan_cli.output.documents.context import (
    PromiseView,
    agreement_view,
    areas_view,
    promise_view,
    report_info,
)
from samverkan_cli.output.documents.templating import (
    compiled,
    environment,
    render,
    render_each,
    user_template_dirs,
)
from samverkan_cli.records.access import (
    access_label,
    access_view,
    internal_items,
    public,
    public_record,
)
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.models import Agreement, Promise, Remiss
from samverkan_cli.speed.parts import Part, load_in_parts
from samverkan_cli.speed.section_cache import Product, SectionCache
from samverkan_cli.support.swedish import sort_key

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
        from samverkan_cli.output.documents.remiss_document import remiss_document

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
    from samverkan_cli.output.documents.pdf import compile_pdf

    return compile_pdf(render_typst(dataset, request), request.as_of)


def overview_in_parts(request: ReportRequest) -> bool:
    """Can the overview be made by `overview_markdown_of_tree`: in Markdown from the built-in
    templates alone, whose promise sections stand on their own?"""
    return (
        request.kind == "overview"
        and request.record_id is None  # an id is refused by the whole path, with its message
        and not user_template_dirs(request.template_dirs)
    )


@dataclass(frozen=True)
class OverviewOfTree:
    text: str
    load_errors: int


def overview_markdown_of_tree(root: Path, request: ReportRequest) -> OverviewOfTree:
    """`render_markdown` of the overview of the tree under `root` (see `overview_in_parts`),
    loaded in parts: a large tree in two, one per process, each rendering the sections of
    its own promises (loading/parts.py); text is cheap to send back, the views are not.
    Sections are kept between runs, and a promise whose section is kept is only read
    (section_cache.py)."""
    # Compiled before the second process starts, which then has them too.
    env = compiled(environment("md"), "overview.md.j2")
    files, warnings = find_files(root, None)
    shared = {source.display for source in files if source.kind and source.kind.shared}
    cache = SectionCache.open(root, repr((request.as_of, request.include_internal)), files, shared)
    loaded = load_in_parts(
        root,
        functools.partial(_overview_part, request=request, env=env, cache=cache),
        found=(files, warnings),
        skip=cache.skip if cache.path is not None else None,
    )
    keys = {path: key for part in loaded.results for path, key in part.keys.items()}
    products = {path: product for part in loaded.results for path, product in part.products.items()}
    unkept = {path for part in loaded.results for path in part.unkept}
    for path, key in keys.items():
        if path not in products and key in cache.entries:
            products[path] = cache.entries[key]
    cache.save(
        {
            keys[path]: product
            for path, product in products.items()
            if path in keys and path not in unkept
        }
    )
    sections = sorted(
        (
            (sort_key(product.police_area), product.year, loaded.ranks[path], product.text)
            for path, product in products.items()
            if product.text is not None
        ),
    )
    context = loaded.results[0].context
    assert context is not None  # the first part's
    internal = sum(part.context_internal for part in loaded.results) + sum(
        product.internal for product in products.values()
    )
    label = access_label(request.include_internal, internal)
    context = {**context, "report": context["report"].with_access(label), "promises": []}
    if not sections:
        return OverviewOfTree(render(env, "overview.md.j2", context), loaded.load_errors)
    text = "".join(
        [
            render(env, "_overview_head.md.j2", context),
            *(text for *_, text in sections),
            render(env, "_overview_tail.md.j2", context),
        ]
    )
    return OverviewOfTree(text, loaded.load_errors)


@dataclass(frozen=True)
class _OverviewPart:
    products: dict[str, Product]
    """What the overview takes from each of the part's promises, by path."""
    unkept: frozenset[str]
    """The paths of files with errors in loading: their products are not kept."""
    keys: dict[str, str]
    """The key of each promise file read in this process, by path."""
    context_internal: int
    """Items marked intern in the context records the part owns."""
    context: dict[str, Any] | None
    """The first part's: the overview's context but its promises (not sent between processes)."""


def _overview_part(
    part: Part, request: ReportRequest, env: Environment, cache: SectionCache
) -> _OverviewPart:
    full = part.dataset
    dataset = full if request.include_internal else public(full)
    shown = {
        record.file.display: (record, record if request.include_internal else public_record(record))
        for record in full.of(Promise)
    }
    views = {
        path: promise_view(visible, dataset, request.as_of)
        for path, (_, visible) in shown.items()
        if visible is not None
    }
    info = report_info("overview", OVERVIEW_TITLE, request.as_of)
    contexts = ({"report": info, "promise": view} for view in views.values())
    texts = dict(zip(views, render_each(env, "_overview_promise.md.j2", contexts), strict=True))
    products = {
        path: Product(
            views[path].police_area if path in views else record.model.police_area,
            record.model.year,
            internal_items([record]),
            texts.get(path),
        )
        for path, (record, _) in shown.items()
    }
    context_records = (
        [
            record
            for records in full.records.values()
            for record in records
            if not record.kind.shared
        ]
        if part.first
        else []
    )
    return _OverviewPart(
        products,
        frozenset(d.path for d in part.diagnostics if d.is_error),
        dict(cache.keys),
        internal_items(context_records),
        _overview_context(dataset, request.as_of) if part.first else None,
    )
