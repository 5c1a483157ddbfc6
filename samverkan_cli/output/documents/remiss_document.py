"""The answer to a remiss, in the shape of the Stadshus group's document (seed 004).

Every element comes from the records: the proposed areas from the revision record, the
attachments numbered from the sub-referrals.
"""

from __future__ import annotations

from dataclasses import dataclass

from samverkan_cli.output.documents.context import PersonView, person, short_name, swedish_list
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dates import format_date
from samverkan_cli.records.models import Remiss
from samverkan_cli.records.models.reference import DocumentDates
from samverkan_cli.records.organisations import name
from samverkan_cli.records.revisions import revisions_of
from samverkan_cli.support.swedish import genitive


@dataclass(frozen=True)
class SubReferralSection:
    number: int
    """Its attachment number (bilaga)."""
    organisation: str
    short_name: str
    heading: str
    """"SISABs remissvar har i huvudsak följande lydelse (bilaga 1)"."""
    stance: str
    summary: str
    answered: str | None


@dataclass(frozen=True)
class AttestationView:
    text: str
    date: str


@dataclass(frozen=True)
class RemissDocument:
    id: str
    diary_number: str
    respondent: str
    """The name of the organisation that answers."""
    sent_by: str
    """Who sent the remiss: "Kommunstyrelsen"."""
    handler: PersonView
    recipient: str
    title: str
    """"Remiss av Övergripande samverkansöverenskommelse …"."""
    answers: str
    """"Svar på remiss från kommunstyrelsen KS 2023/740"."""
    summary: str
    case: str
    revision_id: str
    proposed_areas: list[str]
    forwarded: str
    """Who referred it to whom, and on to whom, as one sentence."""
    sub_referrals: list[SubReferralSection]
    views_heading: str
    views: list[str]
    signed_by: PersonView | None
    attachments: list[str]
    attested: list[AttestationView]
    answered: str | None


def remiss_document(
    record: Record[Remiss], dataset: Dataset, dates: DocumentDates | None = None
) -> RemissDocument:
    """The document; its dates written as the answering organisation writes them (`dates`:
    in running text, in the attest table)."""
    remiss = record.model
    dates = dates or DocumentDates()
    revision = next(
        (r for r in revisions_of(dataset, remiss.agreement) if r.id == remiss.revision), None
    )
    respondent = name(dataset, remiss.respondent.organisation)
    sections = [
        SubReferralSection(
            number,
            name(dataset, sub.organisation),
            short_name(dataset, sub.organisation),
            f"{genitive(short_name(dataset, sub.organisation))} remissvar har i huvudsak följande"
            f" lydelse (bilaga {number})",
            sub.stance.value,
            sub.summary,
            format_date(sub.answered, dates.text) if sub.answered else None,
        )
        for number, sub in enumerate(remiss.sub_referrals, start=1)
    ]
    forwarded = f"{remiss.sent_by} har remitterat {remiss.title} till bland annat {respondent}"
    if sections:
        onward = swedish_list([section.organisation for section in sections])
        forwarded += f", som i sin tur har remitterat vidare till {onward}"
    return RemissDocument(
        remiss.id,
        remiss.diary_number,
        respondent,
        remiss.sent_by,
        person(remiss.handler, dataset),
        remiss.recipient,
        f"Remiss av {remiss.title}",
        f"Svar på remiss från {remiss.sent_by} {remiss.diary_number}",
        remiss.summary,
        remiss.case,
        remiss.revision,
        [area.title for area in revision.areas] if revision else [],
        forwarded + ".",
        sections,
        f"{genitive(remiss.respondent.body or respondent)} synpunkter och förslag",
        list(remiss.views),
        person(remiss.signed_by, dataset) if remiss.signed_by else None,
        [sub.attachment for sub in remiss.sub_referrals],
        [
            AttestationView(
                ", ".join(p for p in (a.name, a.title) if p), format_date(a.date, dates.attest)
            )
            for a in remiss.attested
        ],
        format_date(remiss.answered, dates.text) if remiss.answered else None,
    )
