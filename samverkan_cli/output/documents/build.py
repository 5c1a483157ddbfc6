"""Build a report: choose the records, make the template context, render Markdown or PDF."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from jinja2 import Environment

from samverkan_cli.checks.completeness import (
    COMPLETE,
    Completeness,
    Findings,
    completeness,
    findings,
)
from samverkan_cli.checks.identity import Identity
from samverkan_cli.diagnostics import did_you_mean
from samverkan_cli.diff.revisions import RevisionDiff
from samverkan_cli.output.documents.context import (
    DEFAULT_FONT,
    PromiseView,
    agreement_view,
    areas_view,
    party_names,
    promise_view,
    report_info,
    swedish_list,
)
from samverkan_cli.output.documents.kinds import REPORT_KINDS
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
    published,
)
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dates import format_date
from samverkan_cli.records.dependencies import is_independent
from samverkan_cli.records.job import Kept, Share, Tree
from samverkan_cli.records.keys import RecordKey
from samverkan_cli.records.models import Agreement, Promise, Remiss, Revision
from samverkan_cli.records.models.reference import DocumentSettings
from samverkan_cli.records.organisations import document_settings
from samverkan_cli.records.promises import begun, kommun_names
from samverkan_cli.records.revisions import REVISION_STATES, first_event, state_at
from samverkan_cli.records.scope import EVERYTHING, Scope
from samverkan_cli.support.swedish import sort_key

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
    scope: Scope = EVERYTHING
    """The overview and the areas report narrowed to a kommun, lokalpolisområde, region or
    years."""
    font: str | None = None
    """The font family asked for (`--font`): before the organisation's setting."""
    font_paths: tuple[Path, ...] = ()
    """Folders of font files the user gave (`--font-path`): the only fonts but Typst's own."""
    path_families: tuple[str, ...] = ()
    """The font families in `font_paths`."""


def _check_scope(dataset: Dataset, scope: Scope) -> None:
    problems = scope.unknown(dataset)
    if problems:
        raise ReportError("; ".join(problems))


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


def report_context(
    full: Dataset, request: ReportRequest, found: Completeness = COMPLETE
) -> dict[str, Any]:
    """The variables a report template receives (docs/templates.md)."""
    full = published(full)
    view = access_view(full, request.include_internal)
    _not_left_out(request, found)
    context = _context(view.dataset, full, request)
    context.setdefault("document", DocumentSettings())
    info = context["report"].with_access(view.label).with_notice(found.notice())
    context["report"] = info.with_font(_font(request, context["document"]))
    return context


def _not_left_out(request: ReportRequest, found: Completeness) -> None:
    """A report of one record whose file could not be read, or is withheld, says so (not that
    the record does not exist)."""
    if request.kind not in _BY_ID or request.record_id is None:
        return
    from samverkan_cli.records.keys import key_of_path

    kind = request.kind
    for path, why in [
        *(
            (path, "kunde inte läsas; rätta felen där (kör samverkan validate)")
            for path in found.unread
        ),
        *(
            (path, "visas inte: den innehåller något som ser ut som ett personnummer")
            for path in found.withheld
        ),
    ]:
        parts = Path(path).parts
        for start in range(len(parts)):
            key = key_of_path(parts[start:])
            if key is not None and key.kind == kind and key.id == request.record_id:
                raise ReportError(f"{_BY_ID[kind][1]} '{request.record_id}' i {path} {why}")


def _font(request: ReportRequest, settings: DocumentSettings) -> str:
    """`--font`, else the organisation's font, else the one family in `--font-path`, else
    Typst's own serif."""
    if request.font or settings.font:
        return str(request.font or settings.font)
    if not request.font_paths:
        return DEFAULT_FONT
    folders = ", ".join(f"'{folder}'" for folder in request.font_paths)
    if not request.path_families:
        raise ReportError(f"det finns inga typsnitt i --font-path {folders}")
    if len(request.path_families) > 1:
        raise ReportError(
            f"--font-path {folders} har flera typsnitt; välj ett med --font:"
            f" {', '.join(request.path_families)}"
        )
    return request.path_families[0]


_BY_ID: dict[str, tuple[type[Agreement] | type[Promise] | type[Remiss], str]] = {
    "agreement": (Agreement, "överenskommelsen"),
    "promise": (Promise, "medborgarlöftet"),
    "remiss": (Remiss, "remissen"),
}


def _context(dataset: Dataset, full: Dataset, request: ReportRequest) -> dict[str, Any]:
    if request.kind in _BY_ID and request.record_id is not None:
        model, label = _BY_ID[request.kind]
        if request.record_id in full.by_id(model) and request.record_id not in dataset.by_id(model):
            raise ReportError(
                f"{label} '{request.record_id}' är märkt intern; ta med den med --include-internal"
            )
    as_of = request.as_of
    scope = request.scope
    if request.kind in ("overview", "areas") and request.record_id is not None:
        raise ReportError(f"rapporten '{request.kind}' tar inget id ('{request.record_id}')")
    _check_scope(dataset, scope)
    if request.kind == "overview":
        promises = [
            promise_view(r, dataset, as_of) for r in dataset.of(Promise) if scope.admits(dataset, r)
        ]
        promises.sort(key=_promise_order)
        return {**_overview_context(dataset, as_of, scope), "promises": promises}
    if request.kind == "agreement":
        agreement = agreement_view(
            _pick(dataset, Agreement, request.record_id, "överenskommelse"), dataset, as_of
        )
        current = agreement.current_revision
        info = report_info("agreement", f"Uppföljning: {agreement.title}", as_of)
        return {
            "report": info.with_metadata(
                agreement.parties,
                current.diary_number or "" if current else "",
                ("samverkansöverenskommelse", "uppföljning"),
            ),
            "agreement": agreement,
        }
    if request.kind == "promise":
        promise = promise_view(
            _pick(dataset, Promise, request.record_id, "medborgarlöfte"), dataset, as_of
        )
        info = report_info("promise", f"Uppföljning: {promise.title}", as_of)
        return {
            "report": info.with_metadata(
                promise.issuers, "", ("medborgarlöfte", "uppföljning", promise.period)
            ),
            "promise": promise,
        }
    if request.kind == "remiss":
        from samverkan_cli.output.documents.remiss_document import remiss_document

        record = _pick(dataset, Remiss, request.record_id, "remiss")
        settings = document_settings(dataset, record.model.respondent.organisation)
        document = remiss_document(record, dataset, settings.dates)
        info = report_info("remiss", f"Remissvar {document.diary_number}", as_of)
        info = dataclasses.replace(info, as_of_text=format_date(as_of, settings.dates.text))
        return {
            "report": info.with_metadata(
                document.respondent,
                document.diary_number,
                ("remissvar", document.diary_number, document.sent_by),
            ),
            "remiss": document,
            "document": settings,
        }
    if request.kind == "areas":
        info = report_info("areas", AREAS_TITLE, as_of)
        return {
            "report": dataclasses.replace(info, selection=scope.text(dataset)).with_metadata(
                _parties(dataset, _agreements(dataset, scope)), "", ("utsatta områden", "lägesbild")
            ),
            "areas": areas_view(dataset, as_of, scope),
        }
    raise ReportError(
        f"okänd rapport '{request.kind}'{did_you_mean(request.kind, REPORT_KINDS)};"
        f" välj {', '.join(REPORT_KINDS)}"
    )


def _overview_context(
    dataset: Dataset, as_of: datetime.date, scope: Scope = EVERYTHING
) -> dict[str, Any]:
    """The overview's context but its promises."""
    agreements = _agreements(dataset, scope)
    info = report_info("overview", OVERVIEW_TITLE, as_of)
    return {
        "document": DocumentSettings(),
        "report": dataclasses.replace(info, selection=scope.text(dataset)).with_metadata(
            _parties(dataset, agreements), "", ("samverkan", "lägesrapport")
        ),
        "agreements": [agreement_view(r, dataset, as_of) for r in agreements],
        "areas": areas_view(dataset, as_of, scope),
    }


def _agreements(dataset: Dataset, scope: Scope) -> list[Record[Agreement]]:
    return sorted(
        (r for r in dataset.of(Agreement) if scope.admits(dataset, r)),
        key=lambda r: sort_key(r.model.title),
    )


def _parties(dataset: Dataset, agreements: list[Record[Agreement]]) -> str:
    """The parties of these agreements, each once: the authors of a report on them."""
    names = [n for record in agreements for n in party_names(record.model, dataset)]
    return swedish_list(list(dict.fromkeys(names)))


def _promise_order(view: PromiseView) -> tuple[Any, int]:
    return (sort_key(view.kommun), view.year)


def render_markdown(
    dataset: Dataset, request: ReportRequest, found: Completeness = COMPLETE
) -> str:
    context = report_context(dataset, request, found)
    return render(environment("md", request.template_dirs), f"{request.kind}.md.j2", context)


def render_typst(dataset: Dataset, request: ReportRequest, found: Completeness = COMPLETE) -> str:
    context = report_context(dataset, request, found)
    return render(environment("typ", request.template_dirs), f"{request.kind}.typ.j2", context)


def render_pdf(dataset: Dataset, request: ReportRequest, found: Completeness = COMPLETE) -> bytes:
    from samverkan_cli.output.documents.pdf import compile_pdf

    if user_template_dirs(request.template_dirs):  # Jinja and Typst in a child, under limits
        from samverkan_cli.output.documents.confined import pdf_confined

        context = report_context(dataset, request, found)
        name = f"{request.kind}.typ.j2"
        return pdf_confined(request.template_dirs, name, context, request.as_of, request.font_paths)
    return compile_pdf(render_typst(dataset, request, found), request.as_of, request.font_paths)


def overview_in_parts(request: ReportRequest) -> bool:
    """Can the overview be made by `OverviewJob`: in Markdown from the built-in templates
    alone, whose promise sections stand on their own?"""
    return (
        request.kind == "overview"
        and request.record_id is None  # an id is refused by the whole path, with its message
        and not user_template_dirs(request.template_dirs)
    )


@dataclass(frozen=True)
class Rendered:
    content: bytes
    completeness: Completeness

    @property
    def load_errors(self) -> int:
        return self.completeness.errors


@dataclass(frozen=True)
class DocumentJob:
    """Any report or document, Markdown or PDF, from every record at once."""

    request: ReportRequest
    pdf: bool = False
    whole: ClassVar[bool] = True

    def work(self, share: Share) -> Rendered:
        # The one share has every record: the count is known before the document is made.
        found = completeness([findings(share)], Tree(share.dataset.files, share.load_errors))
        if self.pdf:
            return Rendered(render_pdf(share.dataset, self.request, found), found)
        text = render_markdown(share.dataset, self.request, found)
        return Rendered(text.encode("utf-8"), found)

    def merge(self, results: list[Rendered], tree: Tree) -> Rendered:
        return results[0]


def report_job(request: ReportRequest, *, pdf: bool = False) -> DocumentJob | OverviewJob:
    """The job that makes this report: the overview in Markdown from the built-in templates
    section by section, anything else whole."""
    if not pdf and overview_in_parts(request):
        # Compiled before any second process starts, which then has them too.
        return OverviewJob(request, compiled(environment("md"), "overview.md.j2"))
    return DocumentJob(request, pdf)


@dataclass(frozen=True)
class _OverviewPart:
    products: dict[str, Kept]
    """What the overview takes from each of the share's promises, by path: the name it is
    ordered by, its year, the items in it marked intern; and its section (None where the
    whole promise is left out as internal or withheld)."""
    findings: Findings
    context_internal: int
    """Items marked intern in the context records the share owns."""
    context: dict[str, Any] | None
    """The overview's context but its promises, from the share that answers for it."""
    extending: frozenset[str] = frozenset()
    """The paths of promises that extend another: their sections depend on more than their own
    file, so they are never kept."""


@dataclass(frozen=True)
class OverviewJob:
    """`render_markdown` of the overview (see `overview_in_parts`), made of one section per
    promise: each share renders the sections of its own promises (text is cheap to send
    back, the views are not), and sections can be kept between runs."""

    request: ReportRequest
    env: Environment
    whole: ClassVar[bool] = False

    @property
    def setting(self) -> str:
        request = self.request
        return repr((request.as_of, request.include_internal, request.scope))

    def products(self, result: _OverviewPart) -> dict[str, Kept]:
        # A file with a problem is worked on every time, so that its problems are counted.
        troubled = {d.path for d in result.findings.checked.diagnostics} | result.extending
        return {path: kept for path, kept in result.products.items() if path not in troubled}

    def work(self, share: Share) -> _OverviewPart:
        request = self.request
        found = findings(share)
        full = published(share.dataset)
        if share.answers_for_context:
            _check_scope(full, request.scope)
        dataset = full if request.include_internal else public(full)
        # Every promise the share owns has a product, one left out of the report (internal,
        # outside the selection, not begun by the date) too: its emptiness is kept as well.
        in_report = {
            record.file.display
            for record in full.of(Promise)
            if request.scope.admits(full, record) and begun(record.model, request.as_of)
        }
        shown = {
            record.file.display: (
                record,
                (record if request.include_internal else public_record(record))
                if record.file.display in in_report
                else None,
            )
            for record in full.of(Promise)
            if share.owns(record)
        }
        views = {
            path: promise_view(visible, dataset, request.as_of)
            for path, (_, visible) in shown.items()
            if visible is not None
        }
        info = report_info("overview", OVERVIEW_TITLE, request.as_of)
        settings = DocumentSettings()
        contexts = (
            {"report": info, "promise": view, "document": settings} for view in views.values()
        )
        texts = dict(
            zip(views, render_each(self.env, "_overview_promise.md.j2", contexts), strict=True)
        )
        products = {
            path: Kept(
                (
                    views[path].kommun if path in views else kommun_names(full, record.model),
                    record.model.covers().start.year,
                    internal_items([record]) if path in in_report else 0,
                    str(record.model.id),
                ),
                texts.get(path),
            )
            for path, (record, _) in shown.items()
        }
        answers = share.answers_for_context
        context_records = (
            [record for record in share.own_records() if not is_independent(record.kind)]
            if answers
            else []
        )
        return _OverviewPart(
            products,
            found,
            internal_items(context_records),
            _overview_context(dataset, request.as_of, request.scope) if answers else None,
            frozenset(path for path, (record, _) in shown.items() if record.model.extends),
        )

    def merge(self, results: list[_OverviewPart], tree: Tree) -> Rendered:
        products = {path: kept for part in results for path, kept in part.products.items()}
        products.update(tree.kept)
        sections = sorted(
            (sort_key(str(kept.values[0])), kept.values[1], tree.ranks[path], kept.text)
            for path, kept in products.items()
            if kept.text is not None
        )
        kept = [
            Identity(path, RecordKey("promise", "", str(product.values[3])))
            for path, product in tree.kept.items()
        ]
        checked = completeness((part.findings for part in results), tree, kept)
        context = next(part.context for part in results if part.context is not None)
        internal = sum(part.context_internal for part in results) + sum(
            int(kept.values[2] or 0) for kept in products.values()
        )
        label = access_label(self.request.include_internal, internal)
        info = context["report"].with_access(label).with_notice(checked.notice())
        context = {**context, "report": info, "promises": []}
        env = self.env
        if not sections:
            text = render(env, "overview.md.j2", context)
        else:
            text = "".join(
                [
                    render(env, "_overview_head.md.j2", context),
                    *(str(text) for *_, text in sections),
                    render(env, "_overview_tail.md.j2", context),
                ]
            )
        return Rendered(text.encode("utf-8"), checked)


def render_revision_diff(
    diff: RevisionDiff,
    title: str,
    as_of: datetime.date,
    revisions: list[Revision],
    found: Completeness = COMPLETE,
    access: str = "",
) -> str:
    """`revision diff --format md`: each revision's state on `as_of`, among the agreement's
    `revisions`, and its first dated event; `access` is the INTERN line, where there is one."""
    info = report_info("revision-diff", title, as_of).with_notice(found.notice())
    context = {
        "report": info.with_access(access),
        "diff": diff,
        "states": {r.id: REVISION_STATES[state_at(r, revisions, as_of)] for r in revisions},
        "dates": {r.id: first_event(r).swedish() for r in revisions},
    }
    return render(environment("md"), "revision-diff.md.j2", context)
