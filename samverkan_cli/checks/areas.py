"""Areas and assessments: the recorded classifications agree with an assessment's counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from samverkan_cli.diagnostics import Code, Diagnostic, Severity
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.models import Area, AreaLevel, Assessment
from samverkan_cli.support.swedish import plural


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    recorded: Counter[tuple[str, str, AreaLevel]] = Counter()
    totals: Counter[tuple[str, str]] = Counter()
    for record in dataset.of(Area):
        area = record.model
        seen: dict[str, int] = {}
        for index, classification in enumerate(area.classifications):
            if classification.assessment in seen:
                yield record.diagnostic(
                    ("classifications", index, "assessment"),
                    Code.DUPLICATE_ID,
                    f"området har redan en klassning i lägesbilden '{classification.assessment}'",
                )
                continue
            seen[classification.assessment] = index
            if classification.level is None:  # removed from the list in this assessment
                continue
            recorded[(classification.assessment, area.region, classification.level)] += 1
            totals[(classification.assessment, area.region)] += 1
    for assessment_record in dataset.of(Assessment):
        assessment = assessment_record.model
        for region_index, region in enumerate(assessment.regions):
            if region.total is not None and totals[(assessment.id, region.region)] > region.total:
                yield assessment_record.diagnostic(
                    ("regions", region_index, "total"),
                    Code.COUNT_MISMATCH,
                    f"{totals[(assessment.id, region.region)]} områden i data/areas har denna"
                    f" lägesbild i region '{region.region}', fler än totalen {region.total}",
                    severity=Severity.ERROR,  # more than the total cannot be right
                )
            elif region.total is not None and totals[(assessment.id, region.region)] < region.total:
                yield assessment_record.diagnostic(
                    ("regions", region_index, "total"),
                    Code.COUNT_MISMATCH,
                    f"lägesbilden anger {plural(region.total, 'område', 'områden')} i region"
                    f" '{region.region}', men bara {totals[(assessment.id, region.region)]}"
                    " finns i data/areas:"
                    " listan är inte fullständigt registrerad",
                )
            for level_index, level in enumerate(region.levels):
                found = recorded[(assessment.id, region.region, level.level)]
                if found != level.count:
                    yield assessment_record.diagnostic(
                        ("regions", region_index, "levels", level_index, "count"),
                        Code.COUNT_MISMATCH,
                        f"lägesbilden anger {plural(level.count, 'område', 'områden')} med nivån"
                        f" '{level.level}' i region '{region.region}', men"
                        f" {plural(found, 'sådant område', 'sådana områden')} finns i data",
                    )
