"""Follow-ups: a measurement belongs to an indicator target of its own agreement."""

from __future__ import annotations

from collections.abc import Iterator

from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.models import Agreement, FollowUp, IndicatorTarget


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    agreements = dataset.by_id(Agreement)
    for record in dataset.of(FollowUp):
        agreement = agreements.get(record.model.agreement)
        if agreement is None:
            continue  # reported by the reference check
        indicators = {
            target.id
            for goal in agreement.model.goals
            for target in goal.targets
            if isinstance(target, IndicatorTarget)
        }
        for index, measurement in enumerate(record.model.measurements):
            if measurement.target not in indicators:
                yield record.diagnostic(
                    ("measurements", index, "target"),
                    Code.UNKNOWN_REFERENCE,
                    f"'{measurement.target}' är inget indikatormål i överenskommelsen"
                    f" '{agreement.model.id}'{did_you_mean(measurement.target, indicators)}",
                )
