"""What each report template receives: plain views of the records and their status.

Every view is a frozen dataclass of strings, numbers, dates and lists, so templates stay
simple and the sandbox has nothing dangerous to reach. docs/templates.md documents them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from samverkan_cli import __version__
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dates import PartialDate, format_date
from samverkan_cli.records.models import (
    Agreement,
    Area,
    AreaLevel,
    Assessment,
    FollowUp,
    Organisation,
    OrganisationType,
    Promise,
    Remiss,
    Revision,
)
from samverkan_cli.records.organisations import kommuner_of, name, of_type, polisregion_of
from samverkan_cli.records.promises import commitments_of, kommun_names
from samverkan_cli.records.revisions import (
    REVISION_STATES,
    adopted_on,
    first_event,
    in_force_at,
    pending_at,
    remiss_sent,
    revisions_of,
    state_at,
)
from samverkan_cli.records.scope import EVERYTHING, Scope
from samverkan_cli.status.engine import (
    GroupResult,
    RecordResult,
    evaluate_agreement,
    evaluate_promise,
    standing,
    target_title,
)
from samverkan_cli.status.kinds.areas import assessments_known
from samverkan_cli.status.model import STATUS_SLUG, STATUS_TEXT, Summary
from samverkan_cli.support.swedish import sort_key


def party_names(agreement: Agreement, dataset: Dataset) -> list[str]:
    """The names of an agreement's parties, in its order."""
    return [party.name or name(dataset, party.organisation) for party in agreement.parties]


def swedish_list(items: list[str]) -> str:
    """ "a, b och c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


@dataclass(frozen=True)
class SummaryView:
    progress: float | None
    counts: dict[str, int]
    text: str
    """"1 i fas, 1 ingen data" style, without the progress."""
    progress_text: str = "–"
    """"60 %", or "60 % (1 av 4 mål med data)" where some goals have no data."""
    coverage: str = ""
    """"(1 av 4 mål med data)" where some goals have no data; else empty."""

    @classmethod
    def of(cls, summary: Summary) -> SummaryView:
        counts = {STATUS_TEXT[status]: count for status, count in summary.counts.items()}
        parts = [f"{count} {text}" for text, count in counts.items() if count]
        return cls(
            summary.progress, counts, ", ".join(parts), summary.progress_text, summary.coverage
        )


@dataclass(frozen=True)
class TargetView:
    id: str
    kind: str
    title: str
    status: str
    status_slug: str
    progress: float | None
    sentence: str


@dataclass(frozen=True)
class GroupView:
    id: str
    title: str
    summary: SummaryView
    targets: list[TargetView]
    responsible: str | None = None
    """The name of the organisation that owns a commitment, where one is named."""


def _groups(
    groups: list[GroupResult], responsible: dict[str, str] | None = None
) -> list[GroupView]:
    return [
        GroupView(
            group.id,
            group.title,
            SummaryView.of(group.summary),
            [
                TargetView(
                    target.id,
                    target.kind,
                    target.title,
                    STATUS_TEXT[target.result.status],
                    STATUS_SLUG[target.result.status],
                    target.result.progress,
                    target.result.sentence,
                )
                for target in group.targets
            ],
            (responsible or {}).get(group.id),
        )
        for group in groups
    ]


@dataclass(frozen=True)
class PersonView:
    name: str
    title: str | None
    organisation: str | None
    phone: str | None
    text: str
    """"Anette Scheibe Lorentzi, Vice VD"."""


def person(model: Any, dataset: Dataset) -> PersonView:
    organisation = name(dataset, model.organisation) if model.organisation else None
    text = ", ".join(part for part in (model.name, model.title) if part)
    return PersonView(model.name, model.title, organisation, model.phone, text)


@dataclass(frozen=True)
class PriorityAreaView:
    id: str
    title: str
    continues: list[str]
    """Titles of the earlier areas this one continues."""


@dataclass(frozen=True)
class RevisionView:
    id: str
    state: str
    """Where it stands on the report's date: draft, remiss, adopted, expired, superseded."""
    state_text: str
    date: str
    """Its first dated event."""
    diary_number: str | None
    signed: str | None
    validity: str | None
    """"Gäller 15 december 2023–31 december 2026", "Gäller från november 2019"."""
    signatories: list[PersonView]
    areas: list[PriorityAreaView]


def _validity(revision: Revision) -> str | None:
    start = adopted_on(revision)
    if start is None:
        return f"Gäller till {revision.valid_until.swedish()}" if revision.valid_until else None
    if revision.valid_until is not None:
        return f"Gäller {start.swedish()}–{revision.valid_until.swedish()}"
    return f"Gäller från {start.swedish()}"


def _revision(
    revision: Revision,
    earlier_titles: dict[str, str],
    revisions: list[Revision],
    as_of: datetime.date,
    dataset: Dataset,
) -> RevisionView:
    state = state_at(revision, revisions, as_of)
    return RevisionView(
        revision.id,
        state.value,
        REVISION_STATES[state],
        first_event(revision).swedish(),
        revision.diary_number,
        revision.signed.swedish() if revision.signed else None,
        _validity(revision),
        [person(signatory, dataset) for signatory in revision.signatories],
        [
            PriorityAreaView(
                area.id, area.title, [earlier_titles.get(link, link) for link in area.continues]
            )
            for area in revision.areas
        ],
    )


@dataclass(frozen=True)
class FactView:
    statement: str
    figure: str | None


@dataclass(frozen=True)
class FollowUpView:
    id: str
    title: str
    date: str | None
    source: str
    facts: list[FactView]


@dataclass(frozen=True)
class SubReferralView:
    organisation: str
    short_name: str
    stance: str
    answered: str | None


@dataclass(frozen=True)
class RemissView:
    id: str
    diary_number: str
    title: str
    respondent: str
    answered: str | None
    sub_referrals: list[SubReferralView]


@dataclass(frozen=True)
class AgreementView:
    id: str
    title: str
    type: str
    """"överenskommelse" or "avsiktsförklaring"."""
    parties: str
    interval_years: int | None
    summary: str | None
    follows: str | None
    """The title of the agreement this one follows."""
    cooperation_forms: list[str]
    status: SummaryView
    goals: list[GroupView]
    current_revision: RevisionView | None
    proposed_revisions: list[RevisionView]
    revisions: list[RevisionView]
    followups: list[FollowUpView]
    remisses: list[RemissView]


def agreement_view(
    record: Record[Agreement], dataset: Dataset, as_of: datetime.date
) -> AgreementView:
    agreement = record.model
    result = evaluate_agreement(record, dataset, as_of)
    revisions = revisions_of(dataset, agreement.id)
    titles = {area.id: area.title for revision in revisions for area in revision.areas}
    views = {
        revision.id: _revision(revision, titles, revisions, as_of, dataset)
        for revision in revisions
    }
    current = in_force_at(revisions, as_of)
    proposed = [views[revision.id] for revision in pending_at(revisions, as_of)]
    followups = sorted(
        (
            r.model
            for r in dataset.of(FollowUp)
            if r.model.agreement == agreement.id
            and (r.model.date is None or r.model.date.start() <= as_of)
        ),
        key=lambda followup: (
            followup.date.start() if followup.date else datetime.date.min,
            sort_key(followup.title),
        ),
    )

    # A remiss not yet sent on the report's date is not shown, nor an answer not yet given.
    def sent_by_then(remiss: Remiss) -> bool:
        sent = remiss_sent(remiss, dataset)
        return sent is None or sent.start() <= as_of

    remisses = [
        r.model
        for r in dataset.of(Remiss)
        if r.model.agreement == agreement.id and sent_by_then(r.model)
    ]
    earlier = dataset.by_id(Agreement).get(agreement.follows) if agreement.follows else None
    return AgreementView(
        agreement.id,
        agreement.title,
        agreement.type.value,
        swedish_list(party_names(agreement, dataset)),
        agreement.revision_interval_years,
        agreement.summary,
        earlier.model.title if earlier else agreement.follows,
        list(agreement.cooperation_forms),
        SummaryView.of(result.summary) if result.summary else SummaryView(None, {}, ""),
        _groups(result.groups),
        views[current.id] if current else None,
        proposed,
        [views[revision.id] for revision in revisions],
        [_followup(followup) for followup in followups],
        [_remiss(remiss, dataset, as_of) for remiss in remisses],
    )


def _followup(followup: FollowUp) -> FollowUpView:
    from samverkan_cli.support.swedish import format_number

    facts = []
    for fact in followup.facts:
        figure = None
        if fact.figure is not None:
            prefix = "cirka " if fact.figure.approximate else ""
            figure = f"{prefix}{format_number(fact.figure.value)} {fact.figure.unit}"
        facts.append(FactView(fact.statement, figure))
    return FollowUpView(
        followup.id,
        followup.title,
        followup.date.swedish() if followup.date else None,
        followup.source.title,
        facts,
    )


def short_name(dataset: Dataset, organisation_id: str) -> str:
    """An organisation's short name, else its name, else its id."""
    found = dataset.by_id(Organisation).get(organisation_id)
    if found is None:
        return organisation_id
    return found.model.short_name or found.model.name


def _remiss(remiss: Remiss, dataset: Dataset, as_of: datetime.date) -> RemissView:
    def given(date: PartialDate | None) -> bool:
        return date is None or date.start() <= as_of

    answered = remiss.answered if remiss.answered and given(remiss.answered) else None
    return RemissView(
        remiss.id,
        remiss.diary_number,
        remiss.title,
        name(dataset, remiss.respondent.organisation),
        answered.swedish() if answered else None,
        [
            SubReferralView(
                name(dataset, sub.organisation),
                short_name(dataset, sub.organisation),
                sub.stance.value if given(sub.answered) else "inte besvarad ännu",
                sub.answered.swedish() if sub.answered and given(sub.answered) else None,
            )
            for sub in remiss.sub_referrals
        ],
    )


@dataclass(frozen=True)
class ActivityView:
    date: str
    target: str
    description: str
    place: str | None
    count: int
    by: str | None = None
    """The name of the organisation that did it, where one is named."""


@dataclass(frozen=True)
class DialogueView:
    date: str
    title: str | None
    participants: str | None
    """"cirka 900"."""
    by: str | None


@dataclass(frozen=True)
class PromiseView:
    id: str
    title: str
    year: int
    """The first year it covers."""
    period: str
    """"2022", "2024–2025"."""
    issuers: str
    """The names of the organisations that give it."""
    kommun: str
    """The kommun or kommuner it is given in, by name: promises are grouped by it."""
    police_area: str | None
    region: str | None
    municipalities: str
    extends: str | None
    """The title of the promise whose commitments it carries on."""
    summary: str | None
    signed_by: list[PersonView]
    dialogues: list[DialogueView]
    status: SummaryView
    commitments: list[GroupView]
    activities: list[ActivityView]
    has_log: bool


def _period_text(promise: Promise) -> str:
    covered = promise.covers()
    first, last = covered.start, covered.end
    if first == last:
        return first.swedish()
    if first.month is None and last.month is None:
        return f"{first.year}–{last.year}"
    return f"{first.swedish()}–{last.swedish()}"


def promise_view(record: Record[Promise], dataset: Dataset, as_of: datetime.date) -> PromiseView:
    promise = record.model
    result: RecordResult = evaluate_promise(record, dataset, as_of)
    commitments = commitments_of(dataset, promise)
    titles = {
        target.id: target_title(target)
        for commitment in commitments
        for target in commitment.targets
    }
    responsible = {
        commitment.id: name(dataset, commitment.responsible)
        for commitment in commitments
        if commitment.responsible
    }
    activities = sorted(promise.activities, key=lambda activity: activity.date.ordering())
    police = of_type(dataset, promise.issuers, OrganisationType.LOKALPOLISOMRADE)
    region = polisregion_of(dataset, police[0].id) if police else None
    earlier = dataset.by_id(Promise).get(promise.extends) if promise.extends else None
    return PromiseView(
        promise.id,
        promise.title,
        promise.covers().start.year,
        _period_text(promise),
        swedish_list([name(dataset, issuer) for issuer in promise.issuers]),
        kommun_names(dataset, promise),
        police[0].name if police else None,
        name(dataset, region) if region else None,
        swedish_list([name(dataset, m) for m in kommuner_of(dataset, promise.issuers)]),
        # Not the id of a promise the output leaves out (marked intern, or withheld).
        earlier.model.title if earlier else None,
        promise.summary,
        [person(signer, dataset) for signer in promise.signed_by],
        [
            DialogueView(
                dialogue.date.swedish(),
                dialogue.title,
                (
                    f"{'cirka ' if dialogue.approximate else ''}{dialogue.participants}"
                    if dialogue.participants is not None
                    else None
                ),
                name(dataset, dialogue.by) if dialogue.by else None,
            )
            for dialogue in promise.dialogues
            if dialogue.date.start() <= as_of
        ],
        SummaryView.of(result.summary) if result.summary else SummaryView(None, {}, ""),
        _groups(result.groups, responsible),
        [
            ActivityView(
                activity.date.swedish(),
                titles.get(activity.target, activity.target),
                activity.description,
                activity.place,
                activity.count,
                name(dataset, activity.by) if activity.by else None,
            )
            for activity in activities
            if activity.date.start() <= as_of
        ],
        bool(promise.activities),
    )


@dataclass(frozen=True)
class ClassificationView:
    assessment: str
    date: str
    level: str


@dataclass(frozen=True)
class AreaView:
    id: str
    name: str
    municipality: str
    police_area: str | None
    region: str
    history: list[ClassificationView]
    current_level: str | None
    standing: str
    """Where it stands in the latest assessment, in a sentence: on the list, removed from it,
    split or merged, or not recorded."""


@dataclass(frozen=True)
class LevelCountView:
    level: str
    recorded: int
    stated: int | None
    """The count the assessment itself gives for the region, where recorded."""


@dataclass(frozen=True)
class RegionTotalView:
    region: str
    total: int | None
    levels: list[LevelCountView]


@dataclass(frozen=True)
class AssessmentView:
    id: str
    title: str
    date: str
    publisher: str
    recorded_levels: list[LevelCountView]
    regions: list[RegionTotalView]


@dataclass(frozen=True)
class AreasView:
    levels: list[str]
    assessments: list[AssessmentView]
    latest: AssessmentView | None
    areas: list[AreaView]


def areas_view(dataset: Dataset, as_of: datetime.date, scope: Scope = EVERYTHING) -> AreasView:
    assessments = assessments_known(dataset, as_of)
    known = {assessment.id: assessment for assessment in assessments}
    latest = assessments[-1].id if assessments else None
    areas = sorted(
        (r.model for r in dataset.of(Area) if scope.admits(dataset, r)),
        key=lambda area: sort_key(area.name),
    )
    recorded: Counter[tuple[str, AreaLevel]] = Counter()
    views = []
    for area in areas:
        history = [
            ClassificationView(
                c.assessment,
                known[c.assessment].date.swedish(),
                c.level.value if c.level else "borttaget ur listan",
            )
            for c in sorted(
                (c for c in area.classifications if c.assessment in known),
                key=lambda c: known[c.assessment].date,
            )
        ]
        for classification in area.classifications:
            if classification.level is not None:
                recorded[(classification.assessment, classification.level)] += 1
        current = next(
            (
                c.level.value
                for c in area.classifications
                if c.assessment == latest and c.level is not None
            ),
            None,
        )
        views.append(
            AreaView(
                area.id,
                area.name,
                name(dataset, area.municipality),
                name(dataset, area.police_area) if area.police_area else None,
                name(dataset, area.region),
                history,
                current,
                standing(dataset, area, known[latest])[1] if latest else "",
            )
        )
    assessment_views = [_assessment(a, recorded, dataset) for a in assessments]
    return AreasView(
        [level.value for level in AreaLevel],
        assessment_views,
        assessment_views[-1] if assessment_views else None,
        [view for view in views if view.history],
    )


def _assessment(
    assessment: Assessment, recorded: Counter[tuple[str, AreaLevel]], dataset: Dataset
) -> AssessmentView:
    return AssessmentView(
        assessment.id,
        assessment.title,
        assessment.date.swedish(),
        assessment.publisher,
        [
            LevelCountView(level.value, recorded[(assessment.id, level)], None)
            for level in AreaLevel
        ],
        [
            RegionTotalView(
                name(dataset, region.region),
                region.total,
                [LevelCountView(c.level.value, 0, c.count) for c in region.levels],
            )
            for region in assessment.regions
        ],
    )


DEFAULT_FONT = "Libertinus Serif"
"""Bundled with Typst: the same on every machine."""


@dataclass(frozen=True)
class ReportInfo:
    kind: str
    title: str
    as_of: datetime.date
    as_of_text: str
    tool: str = field(default=f"samverkan {__version__}")
    author: str = ""
    """The PDF's author: the organisation whose document it is, or the parties reported on."""
    subject: str = ""
    """The PDF's subject: the diary number, where there is one."""
    keywords: tuple[str, ...] = ()
    font: str = DEFAULT_FONT
    """The font family of the PDF's text."""
    access: str = ""
    """Which level the document is: public, public with internal content left out, or internal."""

    notice: str = ""
    """What the document leaves out or shows with errors; empty when the records are whole."""
    selection: str = ""
    """"Urval: Botkyrka kommun, 2024": what the report is narrowed to; empty for all."""

    def with_access(self, access: str) -> ReportInfo:
        return dataclasses.replace(self, access=access)

    def with_notice(self, notice: str) -> ReportInfo:
        return dataclasses.replace(self, notice=notice)

    def with_metadata(
        self, author: str, subject: str = "", keywords: tuple[str, ...] = ()
    ) -> ReportInfo:
        return dataclasses.replace(self, author=author, subject=subject, keywords=keywords)

    def with_font(self, font: str) -> ReportInfo:
        return dataclasses.replace(self, font=font)


def report_info(kind: str, title: str, as_of: datetime.date) -> ReportInfo:
    return ReportInfo(kind, title, as_of, format_date(as_of))
