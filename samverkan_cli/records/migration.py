"""`samverkan migrate`: a tree in the format before organisations and dated revision events,
rewritten into today's format, comments and order kept.

What changes:
- `reference/municipalities/<id>.yaml`, `reference/regions/<id>.yaml` and
  `reference/police-areas/<id>.yaml` become organisations in `organisations/`, of type
  kommun (same id), polisregion (`polisregion-<id>`) and lokalpolisområde (`lpo-<id>`, its
  region as `part_of`);
- every reference to them takes the new id; an agreement's parties name an organisation;
- a remiss's respondent and sub-referrals, and a signatory's organisation, name an
  organisation by id: one is created (type annan, to be set by hand) where none has that name;
- a revision's `state` and `date` become dated events (`drafted`, `remiss`, `adopted`);
- a promise is issued by its lokalpolisområde and kommuner (`issuers`), and its file is named
  by its id.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

_MODELINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.M)


def slug(name: str) -> str:
    """An id from a Swedish name: `Lidingö stad` → `lidingo-stad`."""
    plain = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@dataclass
class Migrated:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What a person should look at (organisations created with type annan)."""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _modeline(relative: Path, schema: str, base: int) -> str:
    """The schema line of a file at `relative`, whose tree lies `base` folders below the
    folder that holds schemas/."""
    from samverkan_cli.records.modeline import modeline
    from samverkan_cli.records.models import KINDS_BY_NAME

    return modeline(relative.parts, KINDS_BY_NAME[schema], base)


def _base(root: Path) -> int | None:
    """How many folders the tree lies below schemas/'s folder, from its files' schema lines;
    None where no file has one (and none is added)."""
    for path in _yaml_files(root):
        found = re.search(r"\$schema=((?:\.\./)*)schemas/", path.read_text(encoding="utf-8"))
        if found:
            return found.group(1).count("../") - (len(path.relative_to(root).parts) - 1)
    return None


def _insert_after(mapping: CommentedMap, after: str, key: str, value: Any) -> None:
    keys = list(mapping.keys())
    position = keys.index(after) + 1 if after in keys else len(keys)
    mapping.insert(position, key, value)


def _delete(mapping: CommentedMap, key: str) -> Any:
    """Remove `key`, moving the comments that hang on it (those on the lines after its value)
    to the key before it, so that no comment is lost."""
    keys = list(mapping.keys())
    comment = mapping.ca.items.pop(key, None)
    value = mapping.pop(key)
    position = keys.index(key)
    if comment is not None and position > 0:
        previous = keys[position - 1]
        slots = mapping.ca.items.setdefault(previous, [None, None, None, None])
        moved = comment[2] if len(comment) > 2 else None
        if moved is not None:
            if slots[2] is None:
                slots[2] = moved
            else:
                slots[2].value = slots[2].value + moved.value.lstrip("\n")
    return value


def _rename(mapping: CommentedMap, old: str, new: str, value: Any) -> None:
    """Replace key `old` by `new` at its place (comments before it stay)."""
    keys = list(mapping.keys())
    position = keys.index(old)
    comment = mapping.ca.items.pop(old, None)
    del mapping[old]
    mapping.insert(position, new, value)
    if comment is not None:
        mapping.ca.items[new] = comment


class _Tree:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.result = Migrated()
        self.files: dict[Path, Any] = {}
        """Relative path → data, for every file to write."""
        self.sources: dict[Path, Path] = {}
        """Relative path → where the file was read from (removed when moved)."""
        self.regions: dict[str, str] = {}
        self.police_areas: dict[str, str] = {}
        self.names: dict[str, str] = {}
        """Organisation name → id."""

    def read(self, relative: Path) -> Any:
        return _load(self.root / relative)

    def put(self, relative: Path, data: Any, source: Path | None = None) -> None:
        self.files[relative] = data
        self.sources[relative] = source or relative

    def organisation(self, name: str, short_name: str | None = None) -> str:
        """The id of the organisation of this name; created (type annan) where none is."""
        found = self.names.get(name)
        if found is not None:
            return found
        new_id = slug(name)
        data = CommentedMap()
        data["id"] = new_id
        data["type"] = "annan"
        data["name"] = name
        if short_name and short_name != name:
            data["short_name"] = short_name
        data.yaml_set_start_comment("samverkan migrate: typen är okänd; ange rätt typ.")
        self.put(Path("organisations", f"{new_id}.yaml"), data)
        self.names[name] = new_id
        self.result.notes.append(f"organisations/{new_id}.yaml: ny organisation '{name}'")
        return new_id


def _yaml_files(directory: Path) -> Iterator[Path]:
    if directory.is_dir():
        yield from sorted(path for path in directory.rglob("*.yaml") if path.is_file())


def migrate(root: Path) -> Migrated:
    """Rewrite the tree under `root` in place (see the module's description)."""
    from samverkan_cli.support.files import write_text_atomic

    tree = _Tree(root)
    reference = root / "reference"
    if not reference.is_dir() and not any(
        "state" in (_load(path) or {}) for path in _yaml_files(root / "agreements")
    ):
        return tree.result  # already migrated
    base = _base(root)
    _organisations(tree)
    for path in _yaml_files(root / "agreements"):
        relative = path.relative_to(root)
        data = tree.read(relative)
        kind = relative.parts[2] if len(relative.parts) > 3 else "agreement"
        rewrite = _AGREEMENT_FILES.get(kind)
        if rewrite is not None:
            rewrite(tree, data)
        tree.put(relative, data)
    for path in _yaml_files(root / "promises"):
        relative = path.relative_to(root)
        data = tree.read(relative)
        _promise(tree, data)
        moved = relative.with_name(f"{data['id']}.yaml")
        tree.put(moved, data, relative)
    for path in _yaml_files(root / "areas"):
        relative = path.relative_to(root)
        data = tree.read(relative)
        _area(tree, data)
        tree.put(relative, data)
    for path in _yaml_files(root / "assessments"):
        relative = path.relative_to(root)
        data = tree.read(relative)
        for region in data.get("regions") or []:
            region["region"] = tree.regions.get(region["region"], region["region"])
        tree.put(relative, data)
    for relative, data in tree.files.items():
        text = _dump(data)
        schema = _schema_of(relative)
        if schema is not None and base is not None:
            line = _modeline(relative, schema, base)
            text = (
                _MODELINE.sub(line, text, count=1) if _MODELINE.search(text) else f"{line}\n{text}"
            )
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, text)
        tree.result.written.append(target)
        source = root / tree.sources[relative]
        if source != target and source.exists():
            source.unlink()
            tree.result.removed.append(source)
    for path in _yaml_files(reference):
        path.unlink()
        tree.result.removed.append(path)
    for directory in sorted(reference.rglob("*"), reverse=True) if reference.is_dir() else []:
        if directory.is_dir() and not os.listdir(directory):
            directory.rmdir()
    if reference.is_dir() and not os.listdir(reference):
        reference.rmdir()
    return tree.result


def _schema_of(relative: Path) -> str | None:
    from samverkan_cli.records.models import kind_for_path

    found = kind_for_path(relative.parts)
    return found[0].name if found else None


def _organisations(tree: _Tree) -> None:
    reference = tree.root / "reference"
    for path in _yaml_files(reference / "municipalities"):
        data = _load(path)
        _insert_after(data, "id", "type", "kommun")
        tree.names[str(data["name"])] = str(data["id"])
        tree.put(Path("organisations", path.name), data, path.relative_to(tree.root))
    for path in _yaml_files(reference / "regions"):
        data = _load(path)
        old = str(data["id"])
        new = old if old.startswith("polisregion-") else f"polisregion-{old}"
        tree.regions[old] = new
        data["id"] = new
        _insert_after(data, "id", "type", "polisregion")
        tree.names[str(data["name"])] = new
        tree.put(Path("organisations", f"{new}.yaml"), data, path.relative_to(tree.root))
    for path in _yaml_files(reference / "police-areas"):
        old = path.stem
        tree.police_areas[old] = old if old.startswith("lpo-") else f"lpo-{old}"
    for path in _yaml_files(reference / "police-areas"):
        data = _load(path)
        new = tree.police_areas[str(data["id"])]
        data["id"] = new
        _insert_after(data, "id", "type", "lokalpolisområde")
        if "region" in data:
            _rename(data, "region", "part_of", tree.regions.get(data["region"], data["region"]))
        tree.names[str(data["name"])] = new
        tree.put(Path("organisations", f"{new}.yaml"), data, path.relative_to(tree.root))


def _references(tree: _Tree, data: CommentedMap) -> None:
    """The region and lokalpolisområde references of a record or a target, in place."""
    if isinstance(data.get("region"), str):
        data["region"] = tree.regions.get(data["region"], data["region"])
    if isinstance(data.get("police_area"), str):
        data["police_area"] = tree.police_areas.get(data["police_area"], data["police_area"])


def _targets(tree: _Tree, groups: Any) -> None:
    for group in groups or []:
        for target in group.get("targets") or []:
            _references(tree, target)


def _people(tree: _Tree, people: Any) -> None:
    for person in people or []:
        if person is None:
            continue
        name = person.get("organisation")
        if isinstance(name, str) and name not in tree.names.values():
            person["organisation"] = tree.organisation(name)


def _agreement(tree: _Tree, data: CommentedMap) -> None:
    for party in data.get("parties") or []:
        for key, mapped in (("municipality", None), ("region", tree.regions)):
            if key in party:
                value = party[key]
                _rename(party, key, "organisation", mapped.get(value, value) if mapped else value)
    _targets(tree, data.get("goals"))


def _revision(tree: _Tree, data: CommentedMap) -> None:
    state = str(data.get("state", ""))
    date = data.get("date")
    signed = data.get("signed")
    if "state" in data:
        event = {"draft": "drafted", "remiss": "remiss"}.get(state, "adopted")
        if event == "adopted" and signed is not None and str(signed) == str(date):
            del data["date"]
        elif "date" in data:
            _rename(data, "date", event, date)
        keys = list(data.keys())
        comment = data.ca.items.pop("state", None)
        del data["state"]
        if comment is not None:  # the comment on the state line goes to the next key
            following = keys[keys.index("state") + 1]
            data.ca.items.setdefault(following, comment)
    _targets(tree, data.get("goals"))
    _people(tree, data.get("signatories"))


def _remiss(tree: _Tree, data: CommentedMap) -> None:
    respondent = data.get("respondent")
    if respondent is not None and isinstance(respondent.get("organisation"), str):
        respondent["organisation"] = tree.organisation(str(respondent["organisation"]))
    for referral in data.get("sub_referrals") or []:
        name = referral.get("organisation")
        if isinstance(name, str):
            short = _delete(referral, "short_name") if "short_name" in referral else None
            referral["organisation"] = tree.organisation(name, short)
    _people(tree, [data.get("handler"), data.get("signed_by"), *(data.get("attested") or [])])


def _promise(tree: _Tree, data: CommentedMap) -> None:
    if "issuers" in data:
        return
    police_area = data.get("police_area")
    municipalities = list(data.get("municipalities") or [])
    issuers = [tree.police_areas.get(police_area, police_area), *municipalities]
    keys = list(data.keys())
    position = keys.index("police_area") if "police_area" in keys else 1
    comment = data.ca.items.pop("police_area", None)
    for key in ("region", "municipalities"):
        if key in data:
            _delete(data, key)
    if "police_area" in data:
        del data["police_area"]
    data.insert(position, "issuers", issuers)
    if comment is not None:
        data.ca.items["issuers"] = comment
    _targets(tree, data.get("commitments"))
    _people(tree, data.get("signed_by"))


def _area(tree: _Tree, data: CommentedMap) -> None:
    _references(tree, data)


_AGREEMENT_FILES: dict[str, Callable[[_Tree, CommentedMap], None]] = {
    "agreement": _agreement,
    "revisions": _revision,
    "remisses": _remiss,
}
