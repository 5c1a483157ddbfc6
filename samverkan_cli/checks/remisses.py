"""Remisses: a remiss refers a real revision; answers and attachments agree with it."""

from __future__ import annotations

from collections.abc import Iterator

from samverkan_cli.checks.references import unread_keys
from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.keys import RecordKey
from samverkan_cli.records.models import Organisation, Remiss
from samverkan_cli.records.revisions import adopted_on, revisions_by_agreement


def _remiss_revision(dataset: Dataset) -> Iterator[Diagnostic]:
    grouped = revisions_by_agreement(dataset)
    unread = unread_keys(dataset)
    for record in dataset.of(Remiss):
        remiss = record.model
        revisions = {other.model.id: other.model for other in grouped.get(remiss.agreement, [])}
        revision = revisions.get(remiss.revision)
        where = unread.get(RecordKey("revision", remiss.agreement, remiss.revision))
        if revision is None and where is not None:
            # Its own error is counted where it is; this is not a second one.
            yield record.diagnostic(
                ("revision",),
                Code.UNREAD_REFERENCE,
                f"revisionen '{remiss.revision}' finns i {where} men kunde inte läsas;"
                " rätta felen där",
            )
        elif revision is None:
            yield record.diagnostic(
                ("revision",),
                Code.UNKNOWN_REFERENCE,
                f"revisionen '{remiss.revision}' av '{remiss.agreement}' finns inte"
                f"{did_you_mean(remiss.revision, revisions)}",
            )
        elif revision.remiss is None and adopted_on(revision) is None:
            yield record.diagnostic(
                ("revision",),
                Code.REMISS_REVISION_STATE,
                f"revisionen '{revision.id}' har aldrig skickats på remiss (inget datum för"
                " remiss, adopted eller signed); en remiss avser en revision som remitterats",
            )


def _answer_order(record: Record[Remiss]) -> Iterator[Diagnostic]:
    """A sub-referral is answered before the remiss answer that summarises it."""
    remiss = record.model
    if remiss.answered is None:
        return
    for index, sub in enumerate(remiss.sub_referrals):
        if sub.answered is not None and sub.answered > remiss.answered:
            yield record.diagnostic(
                ("sub_referrals", index, "answered"),
                Code.REMISS_ANSWER_ORDER,
                f"underremissen besvarades {sub.answered.swedish()}, efter remissvaret"
                f" {remiss.answered.swedish()} som sammanfattar den",
            )


def _attachments(record: Record[Remiss], dataset: Dataset) -> Iterator[Diagnostic]:
    """Each sub-referral's attachment is its own, and names its organisation."""
    organisations = dataset.by_id(Organisation)
    seen: dict[str, int] = {}
    for index, sub in enumerate(record.model.sub_referrals):
        path = ("sub_referrals", index, "attachment")
        if sub.attachment in seen:
            yield record.diagnostic(
                path,
                Code.DUPLICATE_ATTACHMENT,
                f"bilagan '{sub.attachment}' hör redan till underremiss {seen[sub.attachment] + 1};"
                " varje underremiss har en egen bilaga",
            )
            continue
        seen[sub.attachment] = index
        organisation = organisations.get(sub.organisation)
        if organisation is None:
            continue  # the reference check says so
        full = organisation.model.name
        names = {full, full.removeprefix("AB ").removesuffix(" AB")}
        if organisation.model.short_name:
            names.add(organisation.model.short_name)
        if not any(name.casefold() in sub.attachment.casefold() for name in names):
            yield record.diagnostic(
                path,
                Code.ATTACHMENT_MISMATCH,
                f"bilagans rubrik '{sub.attachment}' nämner inte"
                f" {organisation.model.short_name or full}; stämmer bilagan med underremissen?",
            )


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    yield from _remiss_revision(dataset)
    for record in dataset.of(Remiss):
        yield from _answer_order(record)
        yield from _attachments(record, dataset)
