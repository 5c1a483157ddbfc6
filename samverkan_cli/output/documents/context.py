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
from samverkan_cli.records.dates import format_date
from samverkan_cli.records.models import (
    Agreement,
    Area,
    AreaLevel,
    Assessment,
    FollowUp,
    Municipality,
    PoliceArea,
    Promise,
    Region,
    Remiss,
    Revision,
    RevisionState,
)
from samverkan_cli.records.revisions import in_force_at, pending_at, revisions_of
from samverkan_cli.status.engine import (
    GroupResult,
    RecordResult,
    evaluate_agreement,
    evaluate_promise,
    target_title,
)
from samverkan_cli.status.kinds.areas import assessments_known
from samverkan_cli.status.model import STATUS_SLUG, STATUS_TEXT, Summary
from samverkan_cli.support.swedish import sort_key

REVISION_STATES = {
    RevisionState.DRAFT: "utkast",
    RevisionState.REMISS: "på remiss",
    RevisionState.ADOPTED: "gällande",
    RevisionState.SUPERSEDED: "ersatt",
}


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


def _groups(groups: list[GroupResult]) -> list[GroupView]:
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


def person(model: Any) -> PersonView:
    text = ", ".join(part for part in (model.name, model.title) if part)
    return PersonView(model.name, model.title, model.organisation, model.phone, text)


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
    state_text: str
    date: str
    diary_number: str | None
    signed: str | None
    signatories: list[PersonView]
    areas: list[PriorityAreaView]


def _revision(revision: Revision, earlier_titles: dict[str, str]) -> RevisionView:
    return RevisionView(
        revision.id,
        revision.state.value,
        REVISION_STATES[revision.state],
        revision.date.swedish(),
        revision.diary_number,
        revision.signed.swedish() if revision.signed else None,
        [person(signatory) for signatory in revision.signatories],
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
    parties: str
    interval_years: int
    summary: str
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
    views = {revision.id: _revision(revision, titles) for revision in revisions}
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
    remisses = [r.model for r in dataset.of(Remiss) if r.model.agreement == agreement.id]
    return AgreementView(
        agreement.id,
        agreement.title,
        swedish_list([party.name for party in agreement.parties]),
        agreement.revision_interval_years,
        agreement.summary,
        list(agreement.cooperation_forms),
        SummaryView.of(result.summary) if result.summary else SummaryView(None, {}, ""),
        _groups(result.groups),
        views[current.id] if current else None,
        proposed,
        [views[revision.id] for revision in revisions],
        [_followup(followup) for followup in followups],
        [_remiss(remiss) for remiss in remisses],
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


def _remiss(remiss: Remiss) -> RemissView:
    return RemissView(
        remiss.id,
        remiss.diary_number,
        remiss.title,
        remiss.respondent.organisation,
        remiss.answered.swedish() if remiss.answered else None,
        [
            SubReferralView(
                sub.organisation,
                sub.short_name or sub.organisation,
                sub.stance.value,
                sub.answered.swedish() if sub.answered else None,
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


@dataclass(frozen=True)
class PromiseView:
    id: str
    title: str
    year: int
    police_area: str
    region: str
    municipalities: str
    summary: str | None
    signed_by: list[PersonView]
    status: SummaryView
    commitments: list[GroupView]
    activities: list[ActivityView]
    has_log: bool


def promise_view(record: Record[Promise], dataset: Dataset, as_of: datetime.date) -> PromiseView:
    promise = record.model
    result: RecordResult = evaluate_promise(record, dataset, as_of)
    titles = {
        target.id: target_title(target)
        for commitment in promise.commitments
        for target in commitment.targets
    }
    activities = sorted(promise.activities, key=lambda activity: activity.date.ordering())
    return PromiseView(
        promise.id,
        promise.title,
        promise.year,
        dataset.name_of(PoliceArea, promise.police_area),
        dataset.name_of(Region, promise.region),
        swedish_list([dataset.name_of(Municipality, m) for m in promise.municipalities]),
        promise.summary,
        [person(signer) for signer in promise.signed_by],
        SummaryView.of(result.summary) if result.summary else SummaryView(None, {}, ""),
        _groups(result.groups),
        [
            ActivityView(
                activity.date.swedish(),
                titles.get(activity.target, activity.target),
                activity.description,
                activity.place,
                activity.count,
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
    police_area: str
    region: str
    history: list[ClassificationView]
    current_level: str | None


@dataclass(frozen=True)
class LevelCountView:
    level: str
    recorded: int
    stated: int | None
    """The count the assessment itself gives for the region, where recorded."""


@dataclass(frozen=True)
class RegionTotalView:
    region: str
    total: int
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


def areas_view(dataset: Dataset, as_of: datetime.date) -> AreasView:
    assessments = assessments_known(dataset, as_of)
    known = {assessment.id: assessment for assessment in assessments}
    latest = assessments[-1].id if assessments else None
    areas = sorted((r.model for r in dataset.of(Area)), key=lambda area: sort_key(area.name))
    recorded: Counter[tuple[str, AreaLevel]] = Counter()
    views = []
    for area in areas:
        history = [
            ClassificationView(c.assessment, known[c.assessment].date.swedish(), c.level.value)
            for c in sorted(
                (c for c in area.classifications if c.assessment in known),
                key=lambda c: known[c.assessment].date,
            )
        ]
        for classification in area.classifications:
            recorded[(classification.assessment, classification.level)] += 1
        current = next((c.level for c in history if c.assessment == latest), None)
        views.append(
            AreaView(
                area.id,
                area.name,
                dataset.name_of(Municipality, area.municipality),
                dataset.name_of(PoliceArea, area.police_area),
                dataset.name_of(Region, area.region),
                history,
                current,
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
                dataset.name_of(Region, region.region),
                region.total,
                [LevelCountView(c.level.value, 0, c.count) for c in region.levels],
            )
            for region in assessment.regions
        ],
    )


@dataclass(frozen=True)
class ReportInfo:
    kind: str
    title: str
    as_of: datetime.date
    as_of_text: str
    tool: str = field(default=f"samverkan {__version__}")
    access: str = ""
    """Which level the document is: public, public with internal content left out, or internal."""

    notice: str = ""
    """What the document leaves out or shows with errors; empty when the records are whole."""

    def with_access(self, access: str) -> ReportInfo:
        return dataclasses.replace(self, access=access)

    def with_notice(self, notice: str) -> ReportInfo:
        return dataclasses.replace(self, notice=notice)


def report_info(kind: str, title: str, as_of: datetime.date) -> ReportInfo:
    return ReportInfo(kind, title, as_of, format_date(as_of))
