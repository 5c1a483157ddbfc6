"""What a new record of each kind needs (`samverkan new`): the questions, in order, each with
its check and its default, and the record the answers make. Labels are the models' own
field titles; ids are derived from Swedish names (records/ids.py)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from samverkan_cli.diagnostics import did_you_mean
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.ids import id_from_name, is_id
from samverkan_cli.records.models import (
    Agreement,
    AgreementType,
    Area,
    AreaLevel,
    Assessment,
    FollowUp,
    Kind,
    Organisation,
    OrganisationType,
    Promise,
    Remiss,
    Revision,
)
from samverkan_cli.records.models.promise import Commitment
from samverkan_cli.support.answers import Invalid

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Question:
    key: str
    """The answer's name, as in `--set KEY=VALUE`."""
    label: str
    parse: Callable[[str], Any]
    """The answer's value from its text; raises `Invalid`."""
    required: bool = True
    default: Callable[[Answers], str | None] = field(default=lambda _: None)
    choices: Callable[[], Sequence[str]] = field(default=lambda: ())
    """What may be answered, to show (empty: anything of the right form)."""
    many: bool = False
    """Asked again until the answer is empty (given as `--set` once per answer); the
    answers are a list, at least one where `required`."""
    among: Callable[[Answers], Sequence[str]] | None = None
    """What may be answered given the answers before (a revision of the agreement chosen),
    in place of `choices`."""

    def options(self, answers: Answers) -> list[str]:
        return list(self.among(answers) if self.among is not None else self.choices())

    def read(self, text: str, answers: Answers) -> Any:
        """The answer's value; raises `Invalid`."""
        value = self.parse(text)
        if self.among is not None and value is not None:
            known = list(self.among(answers))
            if value not in known:
                listed = ", ".join(known) or "inga"
                raise Invalid(f"'{value}' är inget av: {listed}{did_you_mean(str(value), known)}")
        return value


def title_of(model: type[BaseModel], name: str) -> str:
    """The Swedish title of a model's field (the models are its one home)."""
    found = model.model_fields[name].title
    return found if found else name


def _text(text: str) -> str:
    if not text.strip():
        raise Invalid("svaret får inte vara tomt")
    return text.strip()


def _optional_text(text: str) -> str | None:
    return text.strip() or None


def _id(text: str) -> str:
    text = text.strip()
    if not is_id(text):
        suggestion = id_from_name(text)
        hint = f"; till exempel '{suggestion}'" if suggestion else ""
        raise Invalid(f"'{text}' är inget id: gemener a–z, siffror och bindestreck{hint}")
    return text


_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def parse_date(text: str) -> PartialDate:
    text = text.strip()
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return PartialDate.parse(text)
    except ValueError as error:
        why = f" ({error})" if str(error) != text else ""
        raise Invalid(
            f"'{text}' är inget datum{why}; skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ, t.ex. 2024-05-14"
        ) from None


def _optional_date(text: str) -> PartialDate | None:
    return parse_date(text) if text.strip() else None


def _year(text: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise Invalid(f"'{text}' är inget år mellan 2000 och 2100; skriv t.ex. 2025")
    return int(text)


def _optional_years(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 20:
        raise Invalid(f"'{text}' är inget antal år mellan 1 och 20")
    return int(text)


def _choice(options: Sequence[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        text = text.strip()
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1]
        if text in options:
            return text
        listed = ", ".join(options)
        raise Invalid(f"'{text}' är inget av: {listed}{did_you_mean(text, options)}")

    return parse


class Reference:
    """Answers that name records of the tree: organisations (of some types), agreements,
    revisions, assessments."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def organisations(self, *types: OrganisationType) -> list[str]:
        return [
            str(record.model.id)
            for record in self.dataset.of(Organisation)
            if not types or record.model.type in types
        ]

    def _named(self, text: str, known: Sequence[str]) -> str | None:
        """The one of `known` that `text` names: its id in other letters (`Stockholm`), or an
        organisation's name or short name (`Stockholms stad`), as written in any case."""
        wanted = id_from_name(text)
        if wanted in known:
            return wanted
        folded = text.casefold()
        found = {
            str(record.model.id)
            for record in self.dataset.of(Organisation)
            if str(record.model.id) in known
            and folded in {record.model.name.casefold(), (record.model.short_name or "").casefold()}
        }
        return found.pop() if len(found) == 1 else None

    def ids(self, model: type[Any]) -> list[str]:
        return [str(record.model.id) for record in self.dataset.of(model)]

    def one(
        self, what: str, options: Callable[[], Sequence[str]], *, required: bool = True
    ) -> Callable[[str], str | None]:
        def parse(text: str) -> str | None:
            text = text.strip()
            if not text and not required:
                return None
            known = list(options())
            if text in known:
                return text
            named = self._named(text, known)
            if named is not None:  # "Stockholm", "Stockholms stad": the one it names
                return named
            if not text:
                raise Invalid(
                    f"ange {what}: {', '.join(known[:12])}{' …' if len(known) > 12 else ''}"
                )
            raise Invalid(f"{what} '{text}' finns inte{did_you_mean(text, known)}")

        return parse

    def several(
        self, what: str, options: Callable[[], Sequence[str]], least: int
    ) -> Callable[[str], list[str]]:
        one = self.one(what, options)

        def parse(text: str) -> list[str]:
            chosen = [item for item in re.split(r"[,\s]+", text.strip()) if item]
            if len(chosen) < least:
                raise Invalid(f"ange minst {least}, åtskilda med kommatecken")
            return [str(one(item)) for item in chosen]

        return parse


def _enum(options: type[StrEnum]) -> list[str]:
    return [member.value for member in options]


def questions(kind: Kind, dataset: Dataset) -> list[Question]:
    """The questions a new record of `kind` asks, in order."""
    ref = Reference(dataset)
    this_year = str(datetime.date.today().year)

    def kommuner() -> list[str]:
        return ref.organisations(OrganisationType.KOMMUN)

    def regions() -> list[str]:
        return ref.organisations(OrganisationType.POLISREGION)

    def police_areas() -> list[str]:
        return ref.organisations(OrganisationType.LOKALPOLISOMRADE)

    def everyone() -> list[str]:
        return ref.organisations()

    def agreements() -> list[str]:
        return ref.ids(Agreement)

    def assessments() -> list[str]:
        return ref.ids(Assessment)

    def id_from(key: str) -> Callable[[Answers], str | None]:
        return lambda answers: id_from_name(str(answers.get(key) or "")) or None

    agreement_question = Question(
        "agreement",
        title_of(Revision, "agreement"),
        ref.one("överenskommelsen", agreements),
        choices=agreements,
    )
    if kind.model is Organisation:
        return [
            Question("name", title_of(Organisation, "name"), _text),
            Question("id", "Id", _id, default=id_from("name")),
            Question(
                "type",
                title_of(Organisation, "type"),
                _choice(_enum(OrganisationType)),
                choices=lambda: _enum(OrganisationType),
            ),
            Question(
                "part_of",
                f"{title_of(Organisation, 'part_of')} (tomt för ingen)",
                ref.one("organisationen", everyone, required=False),
                required=False,
                choices=everyone,
            ),
        ]
    if kind.model is Area:
        return [
            Question("name", title_of(Area, "name"), _text),
            Question("id", "Id", _id, default=id_from("name")),
            Question(
                "municipality",
                title_of(Area, "municipality"),
                ref.one("kommunen", kommuner),
                choices=kommuner,
            ),
            Question(
                "police_area",
                f"{title_of(Area, 'police_area')} (tomt om okänt)",
                ref.one("lokalpolisområdet", police_areas, required=False),
                required=False,
                choices=police_areas,
            ),
            Question(
                "region", title_of(Area, "region"), ref.one("regionen", regions), choices=regions
            ),
            Question(
                "assessment",
                "Lägesbild",
                ref.one("lägesbilden", assessments),
                choices=assessments,
                default=lambda _: _last(assessments()),
            ),
            Question(
                "level",
                "Nivå",
                _choice(_enum(AreaLevel)),
                choices=lambda: _enum(AreaLevel),
            ),
        ]
    if kind.model is Assessment:
        return [
            Question("id", "Id (året)", _id, default=lambda _: this_year),
            Question(
                "title",
                title_of(Assessment, "title"),
                _text,
                default=lambda a: f"Lägesbild över utsatta områden {a.get('id')}",
            ),
            Question("date", f"{title_of(Assessment, 'date')} (ÅÅÅÅ-MM-DD)", parse_date),
            Question(
                "publisher",
                title_of(Assessment, "publisher"),
                _text,
                default=lambda _: "Polisen",
            ),
        ]
    if kind.model is Agreement:
        return [
            Question("title", title_of(Agreement, "title"), _text),
            Question(
                "parties",
                f"{title_of(Agreement, 'parties')} (id, åtskilda med kommatecken)",
                ref.several("organisationen", everyone, 2),
                choices=everyone,
            ),
            Question(
                "id",
                "Id",
                _id,
                default=lambda a: (list(a.get("parties") or []) or [None])[0],
            ),
            Question(
                "type",
                title_of(Agreement, "type"),
                _choice(_enum(AgreementType)),
                default=lambda _: AgreementType.AGREEMENT.value,
                choices=lambda: _enum(AgreementType),
            ),
            Question(
                "revision_interval_years",
                f"{title_of(Agreement, 'revision_interval_years')} (tomt om okänt)",
                _optional_years,
                required=False,
            ),
        ]
    if kind.model is Revision:
        return [
            agreement_question,
            Question("id", "Id (vanligen året)", _id, default=lambda _: this_year),
            *(
                Question(
                    event,
                    f"{title_of(Revision, event)} (ÅÅÅÅ-MM-DD; tomt om inte än)",
                    _optional_date,
                    required=False,
                )
                for event in ("drafted", "remiss", "adopted")
            ),
        ]
    if kind.model is Remiss:

        def revisions(answers: Answers) -> list[str]:
            return [
                str(record.model.id)
                for record in dataset.of(Revision)
                if record.model.agreement == answers.get("agreement")
            ]

        return [
            agreement_question,
            Question("revision", title_of(Remiss, "revision"), _id, among=revisions),
            Question(
                "diary_number", f"{title_of(Remiss, 'diary_number')} (t.ex. KS 2023/740)", _diary
            ),
            Question("id", "Id", _id, default=id_from("diary_number")),
            Question("title", title_of(Remiss, "title"), _text),
            Question("sent_by", title_of(Remiss, "sent_by"), _text),
            Question(
                "sent", f"{title_of(Remiss, 'sent')} (ÅÅÅÅ-MM-DD)", _optional_date, required=False
            ),
            Question(
                "deadline",
                f"{title_of(Remiss, 'deadline')} (ÅÅÅÅ-MM-DD)",
                _optional_date,
                required=False,
            ),
            Question(
                "respondent",
                title_of(Remiss, "respondent"),
                ref.one("organisationen", everyone),
                choices=everyone,
            ),
            Question("handler", f"{title_of(Remiss, 'handler')} (namn)", _text),
            Question("recipient", title_of(Remiss, "recipient"), _text),
            Question("summary", title_of(Remiss, "summary"), _text),
            Question("case", title_of(Remiss, "case"), _text),
        ]
    if kind.model is FollowUp:
        return [
            agreement_question,
            Question("title", title_of(FollowUp, "title"), _text),
            Question("id", "Id", _id, default=id_from("title")),
            Question(
                "date",
                f"{title_of(FollowUp, 'date')} (ÅÅÅÅ-MM-DD; tomt om odaterad)",
                _optional_date,
                required=False,
            ),
            Question(
                "source",
                f"{title_of(FollowUp, 'source')} (källans rubrik)",
                _text,
                default=lambda a: a.get("title"),
            ),
        ]
    if kind.model is Promise:
        names = {str(r.model.id): r.model.name for r in dataset.of(Organisation)}
        types = {str(r.model.id): r.model.type for r in dataset.of(Organisation)}

        def first_kommun(answers: Answers) -> str | None:
            issuers = list(answers.get("issuers") or [])
            kommun = [i for i in issuers if types.get(i) is OrganisationType.KOMMUN]
            chosen = kommun or issuers
            return str(chosen[0]) if chosen else None

        def promise_title(answers: Answers) -> str:
            issuers = list(answers.get("issuers") or [])
            police = [i for i in issuers if types.get(i) is OrganisationType.LOKALPOLISOMRADE]
            who = names.get((police or issuers or [""])[0], "")
            return f"Medborgarlöfte {answers.get('year')}" + (f" för {who}" if who else "")

        return [
            Question(
                "issuers",
                f"{title_of(Promise, 'issuers')} (id, åtskilda med kommatecken)",
                ref.several("organisationen", everyone, 1),
                choices=everyone,
            ),
            Question("year", title_of(Promise, "year"), _year, default=lambda _: this_year),
            Question("title", title_of(Promise, "title"), _text, default=promise_title),
            Question(
                "id",
                "Id",
                _id,
                default=lambda a: f"{first_kommun(a)}-{a.get('year')}" if first_kommun(a) else None,
            ),
            Question("folder", "Mapp under promises/", _id, default=first_kommun),
            Question(
                "commitment",
                f"{title_of(Promise, 'commitments')}: {title_of(Commitment, 'title').lower()},"
                " gärna med mätbara mål, t.ex. 'Trygga platser: minst 8 trygghetsvandringar'"
                " (ett i taget, minst ett; ett tomt svar när alla är med)",
                _commitment,
                many=True,
            ),
        ]
    raise ValueError(kind.name)


_AT_LEAST = re.compile(r"^minst\s+(\d+)\s+(\S.*)$", re.IGNORECASE)


def _commitment(text: str) -> tuple[str, list[tuple[int, str]]]:
    """'Trygga platser: minst 8 trygghetsvandringar, minst 2 platssamverkan' → the title and
    its count targets (minimum, unit); a title alone has none."""
    text = _text(text)
    title, colon, rest = text.rpartition(":")
    parts = [part.strip() for part in rest.split(",")] if colon else []
    found = [_AT_LEAST.match(part) for part in parts]
    if not colon or not all(found) or not title.strip():
        return text, []
    targets = [(int(m.group(1)), m.group(2).strip()) for m in found if m is not None]
    for minimum, _ in targets:
        if minimum < 1:
            raise Invalid("ett mätbart mål är minst 1")
    return title.strip(), targets


def _unique(base: str, taken: set[str]) -> str:
    chosen, number = base, 2
    while chosen in taken:
        chosen, number = f"{base}-{number}", number + 1
    taken.add(chosen)
    return chosen


def _commitments(answers: Sequence[Any] | str) -> list[dict[str, Any]]:
    """A commitment per answer, with its count targets; ids derived from the titles and the
    units (`-2`, `-3` after a repeat)."""
    if isinstance(answers, str):
        answers = [answers]
    made: list[dict[str, Any]] = []
    taken: set[str] = set()
    targets_taken: set[str] = set()
    for answer in answers:
        title, targets = _commitment(answer) if isinstance(answer, str) else answer
        commitment: dict[str, Any] = {
            "id": _unique(id_from_name(title) or "atagande", taken),
            "title": title,
        }
        if targets:
            commitment["targets"] = [
                {
                    "id": _unique(id_from_name(unit) or "mal", targets_taken),
                    "kind": "count",
                    "minimum": minimum,
                    "unit": unit,
                }
                for minimum, unit in targets
            ]
        made.append(commitment)
    return made


def _last(options: Sequence[str]) -> str | None:
    return options[-1] if options else None


def _diary(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    if not re.fullmatch(r"[A-ZÅÄÖ]{1,6} \d{4}/\d{1,6}", text):
        raise Invalid(f"'{text}' är inget diarienummer; skriv t.ex. KS 2023/740")
    return text


def _date(value: Any) -> Any:
    return value.iso() if isinstance(value, PartialDate) else value


def record_of(kind: Kind, answers: Answers) -> dict[str, Any]:
    """The record the answers make, its keys in the model's order (None left out)."""
    a = dict(answers)
    made: dict[str, Any]
    if kind.model is Organisation:
        made = {"id": a["id"], "type": a["type"], "name": a["name"], "part_of": a.get("part_of")}
    elif kind.model is Area:
        made = {
            "id": a["id"],
            "name": a["name"],
            "municipality": a["municipality"],
            "police_area": a.get("police_area"),
            "region": a["region"],
            "classifications": [{"assessment": a["assessment"], "level": a["level"]}],
        }
    elif kind.model is Assessment:
        made = {k: a[k] for k in ("id", "title", "date", "publisher")}
    elif kind.model is Agreement:
        made = {
            "id": a["id"],
            "title": a["title"],
            "type": None if a.get("type") == AgreementType.AGREEMENT.value else a.get("type"),
            "parties": [{"organisation": party} for party in a["parties"]],
            "revision_interval_years": a.get("revision_interval_years"),
        }
    elif kind.model is Revision:
        made = {"id": a["id"], "agreement": a["agreement"]}
        made |= {event: a.get(event) for event in ("drafted", "remiss", "adopted")}
    elif kind.model is Remiss:
        made = {
            key: a.get(key)
            for key in ("id", "agreement", "revision", "diary_number", "title", "sent_by")
        }
        made |= {"sent": a.get("sent"), "deadline": a.get("deadline")}
        made["respondent"] = {"organisation": a["respondent"]}
        made["handler"] = {"name": a["handler"]}
        made |= {key: a[key] for key in ("recipient", "summary", "case")}
    elif kind.model is FollowUp:
        made = {
            "id": a["id"],
            "agreement": a["agreement"],
            "title": a["title"],
            "date": a.get("date"),
            "source": {"title": a["source"]},
        }
    elif kind.model is Promise:
        made = {
            "id": a["id"],
            "issuers": list(a["issuers"]),
            "year": a["year"],
            "title": a["title"],
            "commitments": _commitments(a["commitment"]),
        }
    else:
        raise ValueError(kind.name)
    cleaned: dict[str, Any] = _clean(made)
    return cleaned


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return _date(value)


def place_of(kind: Kind, answers: Answers) -> tuple[str, ...]:
    """The path under the data root a new record lies at."""
    parts: list[str] = []
    for pattern in kind.parts:
        if pattern == "*":
            parts.append(str(answers["folder"]))
        elif pattern.startswith("{"):
            name, _, suffix = pattern[1:].partition("}")
            parts.append(f"{answers[name]}{suffix}")
        else:
            parts.append(pattern)
    return tuple(parts)


_SHIFTED = ("deadline", "start", "end")
"""The dates of a commitment's targets that move with the period (a baseline does not)."""
_LEFT_BEHIND = ("activities", "dialogues", "signed_by", "sources")
"""What belongs to the promise copied from only: its log, its dialogues, who signed it and
where it was found."""


def _shifted(value: Any, years: int) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value + years
    if isinstance(value, datetime.date):
        try:
            return value.replace(year=value.year + years)
        except ValueError:  # 29 February
            return value.replace(year=value.year + years, day=28)
    if isinstance(value, str) and re.match(r"^\d{4}(-|$)", value):
        return f"{int(value[:4]) + years}{value[4:]}"
    return value


def _shift_dates(data: Any, years: int) -> None:
    if isinstance(data, dict):
        for key in list(data):
            if key in _SHIFTED and not isinstance(data[key], (dict, list)):
                data[key] = _shifted(data[key], years)
            else:
                _shift_dates(data[key], years)
    elif isinstance(data, list):
        for item in data:
            _shift_dates(item, years)


def _with_years(text: str, years: int, first: int, last: int) -> str:
    """`text` with the years of the old period moved on."""
    wanted = {str(year): str(year + years) for year in range(first, last + 1)}
    return re.sub(r"(?<!\d)(\d{4})(?!\d)", lambda m: wanted.get(m.group(1), m.group(1)), text)


def next_promise(data: Any, promise: Promise) -> str:
    """Make the round-trip data of `promise` the promise of the next period, in place: the
    same issuers, commitments and targets (their dates moved on), the log emptied, the year
    or the period moved by its length, the id and the title with the new years. The new id."""
    covered = promise.covers()
    first, last = covered.start.year, covered.end.year
    years = last - first + 1
    if "year" in data:
        data["year"] = int(data["year"]) + years
    if "period" in data:
        for end in ("start", "end"):
            data["period"][end] = _shifted(data["period"][end], years)
    for key in _LEFT_BEHIND:
        if key in data:
            del data[key]
    if "commitments" in data:
        _shift_dates(data["commitments"], years)
    new_id = _with_years(str(data["id"]), years, first, last)
    if new_id == data["id"]:
        new_id = f"{data['id']}-{last + years}"
    data["id"] = new_id
    data["title"] = _with_years(str(data["title"]), years, first, last)
    return new_id
