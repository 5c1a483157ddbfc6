"""Where a remiss stands: each referral and sub-referral answered, open or overdue."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models import Remiss


class AnswerState(StrEnum):
    ANSWERED = "besvarad"
    OPEN = "öppen"
    OVERDUE = "försenad"
    NOT_SENT = "inte skickad"


@dataclass(frozen=True)
class ReferralStatus:
    name: str
    deadline: PartialDate | None
    answered: PartialDate | None
    state: AnswerState
    sentence: str


def _state(
    sent: PartialDate | None,
    deadline: PartialDate | None,
    answered: PartialDate | None,
    as_of: datetime.date,
) -> tuple[AnswerState, str]:
    if answered is not None and answered.start() <= as_of:
        late = deadline is not None and answered.start() > deadline.end()
        text = f"Besvarad {answered.swedish()}"
        return AnswerState.ANSWERED, text + (
            f", efter sista dag {deadline.swedish()}." if late and deadline else "."
        )
    if sent is not None and as_of < sent.start():
        return AnswerState.NOT_SENT, "Inte skickad ännu."
    if deadline is not None and as_of > deadline.end():
        return AnswerState.OVERDUE, f"Inte besvarad; sista dag var {deadline.swedish()}."
    if deadline is not None:
        return AnswerState.OPEN, f"Inte besvarad; sista dag {deadline.swedish()}."
    return AnswerState.OPEN, "Inte besvarad; ingen sista dag angiven."


def remiss_status(
    remiss: Remiss,
    as_of: datetime.date,
    name: Callable[[str], str] = str,
    sent: PartialDate | None = None,
) -> list[ReferralStatus]:
    """The remiss itself first, then its sub-referrals in order, each organisation by its
    `name`.

    A sub-referral without its own answer date counts as answered once the remiss is, since
    the answer summarises it; its own deadline, or else the remiss's, applies. `sent` is when
    the remiss went out (`records.revisions.remiss_sent`), where the caller knows it.
    """
    sent = sent if sent is not None else remiss.sent
    state, sentence = _state(sent, remiss.deadline, remiss.answered, as_of)
    statuses = [
        ReferralStatus(
            f"{name(remiss.respondent.organisation)} ({remiss.diary_number})",
            remiss.deadline,
            remiss.answered,
            state,
            sentence,
        )
    ]
    for sub in remiss.sub_referrals:
        deadline = sub.deadline or remiss.deadline
        if sub.answered is None and state is AnswerState.ANSWERED and remiss.answered:
            statuses.append(
                ReferralStatus(
                    name(sub.organisation),
                    deadline,
                    None,
                    AnswerState.ANSWERED,
                    f"Besvarad; datum saknas, senast {remiss.answered.swedish()}"
                    " då remissvaret sammanfattar svaret.",
                )
            )
            continue
        sub_state, sub_sentence = _state(sent, deadline, sub.answered, as_of)
        statuses.append(
            ReferralStatus(name(sub.organisation), deadline, sub.answered, sub_state, sub_sentence)
        )
    return statuses


def remiss_status_dict(
    as_of: datetime.date, results: list[tuple[Remiss, list[ReferralStatus]]]
) -> dict[str, Any]:
    """The JSON shape of `remiss status --format json`."""
    return {
        "as_of": as_of.isoformat(),
        "remisses": [
            {
                "id": remiss.id,
                "diary_number": remiss.diary_number,
                "referrals": [
                    {
                        "name": item.name,
                        "deadline": item.deadline.iso() if item.deadline else None,
                        "answered": item.answered.iso() if item.answered else None,
                        "state": item.state.value,
                        "sentence": item.sentence,
                    }
                    for item in items
                ],
            }
            for remiss, items in results
        ],
    }
