"""Generate N invented records of every kind, with valid cross-references, for the benchmark.

Everything written here is INVENTED test data (names, numbers, dates), marked as such in every
file. Usage: python bench/generate.py --records 10000 --out /tmp/samverkan-bench
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

HEADER = "# PÅHITTADE BENCHMARKDATA: genererade av bench/generate.py, inte verkliga uppgifter.\n"
WORDS = (
    "trygghet",
    "samverkan",
    "polisen",
    "staden",
    "skolan",
    "fritidsgården",
    "torget",
    "centrum",
    "parken",
    "trygghetsvandring",
    "ordningsvakter",
    "kameror",
    "ungdomar",
    "brottsoffer",
    "grannsamverkan",
    "föreningar",
    "kvällstid",
    "helger",
    "insats",
    "information",
    "äldre",
    "bostadsområde",
    "butiker",
)
LEVELS = ("utsatt område", "riskområde", "särskilt utsatt område")


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write(root: Path, relative: str, body: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")


def promise(rng: random.Random, lpo: str, municipality: str, region: str, year: int) -> str:
    commitments = []
    activities = []
    for index in range(4):
        targets = [
            f"      - id: mal-{index}-a\n        kind: count\n"
            f"        minimum: {rng.randint(4, 10)}\n"
            f"        unit: insatser\n        title: {sentence(rng, 5)}\n",
        ]
        if index == 1:
            targets.append(
                f"      - id: mal-{index}-b\n        kind: milestone\n"
                f"        title: {sentence(rng, 6)}\n"
            )
        commitments.append(
            f"  - id: atagande-{index}\n    title: {sentence(rng, 3)}\n"
            f"    description: >-\n      {sentence(rng, 14)}\n    targets:\n" + "".join(targets)
        )
    for number in range(rng.randint(8, 16)):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        activities.append(
            f"  - date: {year}-{month:02d}-{day:02d}\n    target: mal-{number % 4}-a\n"
            f"    description: {sentence(rng, 8)}\n"
        )
    return (
        f"id: {lpo}-{year}\nissuers: [{lpo}, {municipality}]\nyear: {year}\n"
        f"title: Medborgarlöfte {year} för lokalpolisområde {lpo.title()}\n"
        f"summary: >-\n  {sentence(rng, 20)}\n  {sentence(rng, 20)}\n"
        "signed_by:\n  - name: Påhittad Person\n    title: Lokalpolisområdeschef\n"
        "commitments:\n"
        + "".join(commitments)
        + "# Aktivitetslogg\nactivities:\n"
        + "".join(activities)
    )


def generate(records: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    regions = [f"region-{n}" for n in range(7)]
    municipalities = [f"kommun-{n}" for n in range(290)]
    lpos = [f"lpo-{n}" for n in range(100)]
    for region in regions:
        write(
            out,
            f"organisations/{region}.yaml",
            f"id: {region}\ntype: polisregion\nname: Polisregion {region}\n",
        )
    for municipality in municipalities:
        write(
            out,
            f"organisations/{municipality}.yaml",
            f"id: {municipality}\ntype: kommun\nname: {municipality.title()} kommun\n",
        )
    home = {}
    for index, lpo in enumerate(lpos):
        region, municipality = regions[index % 7], municipalities[index % 290]
        home[lpo] = (region, municipality)
        write(
            out,
            f"organisations/{lpo}.yaml",
            f"id: {lpo}\ntype: lokalpolisområde\nname: Lokalpolisområde {lpo}\n"
            f"part_of: {region}\nmunicipalities: [{municipality}]\n",
        )
    for year in (2019, 2021, 2023, 2025):
        write(
            out,
            f"assessments/{year}.yaml",
            f'id: "{year}"\ntitle: Lägesbild {year}\ndate: {year}-06\npublisher: Polisen\n',
        )
    written = 7 + 290 + 100 + 4
    for index in range(60):
        lpo = lpos[index % 100]
        region, municipality = home[lpo]
        write(
            out,
            f"areas/omrade-{index}.yaml",
            f"id: omrade-{index}\nname: Område {index}\nmunicipality: {municipality}\n"
            f"police_area: {lpo}\nregion: {region}\nclassifications:\n"
            f'  - assessment: "2019"\n    level: {rng.choice(LEVELS)}\n'
            f'  - assessment: "2023"\n    level: {rng.choice(LEVELS)}\n',
        )
    written += 60
    for index in range(20):
        municipality, region = municipalities[index], regions[index % 7]
        agreement = f"avtal-{index}"
        write(
            out,
            f"agreements/{agreement}/agreement.yaml",
            f"id: {agreement}\ntitle: Samverkansöverenskommelse {index}\nparties:\n"
            f"  - organisation: {municipality}\n"
            f"  - organisation: {region}\nrevision_interval_years: 4\n"
            f"summary: {sentence(rng, 15)}\ngoals:\n  - id: omraden\n"
            "    title: Inga särskilt utsatta områden\n    targets:\n      - id: omraden\n"
            f"        kind: areas\n        level: särskilt utsatt område\n"
            f"        municipality: {municipality}\n        deadline: 2030\n"
            "  - id: revidering\n    title: Revidering vart fjärde år\n    targets:\n"
            "      - id: revidering\n        kind: revision_due\n",
        )
        write(
            out,
            f"agreements/{agreement}/revisions/2019.yaml",
            f'id: "2019"\nagreement: {agreement}\nadopted: 2019-11\n'
            "areas:\n  - id: unga\n    title: Unga\n  - id: platser\n    title: Platser\n",
        )
        write(
            out,
            f"agreements/{agreement}/revisions/2023.yaml",
            f'id: "2023"\nagreement: {agreement}\nremiss: 2023\n'
            "areas:\n  - id: unga-och-platser\n    title: Unga och platser\n"
            "    continues: [unga, platser]\n",
        )
        written += 3
    lpo_years = [(lpo, year) for year in range(2000, 2101) for lpo in lpos]
    for lpo, year in lpo_years[: max(records - written, 0)]:
        region, municipality = home[lpo]
        write(
            out, f"promises/{lpo}/{lpo}-{year}.yaml", promise(rng, lpo, municipality, region, year)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    generate(arguments.records, arguments.out)


if __name__ == "__main__":
    main()
