"""What an item does not say itself but the organization records elsewhere, by its own procedure.

Two such places are common enough to read without asking:

- the master list of documents (the register of documents and records) holds each document's
  title, revision, approver, approval date, next review and status where the document's own header
  does not: a document takes each control field its header does not give from the register row
  naming it (a line of its own control block left blank is the document's gap, not filled);
- a register reviewed as a whole (interested parties reviewed with the context analysis, risks
  at the management review, significant energy uses with the energy review) has no review date
  per row: the profile's `reviewed_in:` names the evidence type whose latest record is that
  review, and a row without its own review date takes that record's date.

And where the profile says another file holds some fields of the same items (`lookup:`, screening
dates kept by HR apart from the staff export), each item takes the fields it leaves empty from the
row of that file naming it.

A register that numbers the versions of its items from 1 rather than 0 says so by its numbers:
each item is given the number its file gives a first version (`first_revision`), so that a rule
tells an amendment from an order as first received.

A field filled this way cites the record it came from, so a finding about it points where the
organization keeps it. A field the item states itself is never replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

from isocheck.checks.relations import split_list
from isocheck.conditions import BadDate, is_empty, text_of, to_date
from isocheck.evidence import REGISTER_TYPE, Item, Resolved
from isocheck.meaning import to_number
from isocheck.names import either_order, is_identifier, reference_key

REGISTER = "document-register"
# a document's control fields, as both a document and the register name them
CONTROL_FIELDS = ("title", "version", "owner", "approved_by", "approved_on", "next_review")
# a register's status of a document -> the document's own (a document in force is approved)
REGISTER_STATUS = {"current": "approved", "draft": "draft", "obsolete": "obsolete"}
# the fields that date a record that reviews something: the first one it has
REVIEW_DATES = ("date", "approved_on", "reviewed_on")
REVIEWED_ON = "reviewed_on"
REGISTER_VERSION = "register_version"  # the version the master list gives a document as current

_SPACES = re.compile(r"\s+")


_PARENTHESES = re.compile(r"[()]")
# A version a file's name ends with: "v7", "_v2.1", "rev 3", "Rev.C", "wersja 4", "versie 2"
_VERSION_TAIL = re.compile(
    r"[\s_-]+(?:v|ver|version|rev|revision|wersja|versie|versión|versão|wyd)\.?\s*"
    r"(?:\d+(?:\.\d+)*|[a-z])$",
    re.IGNORECASE,
)


def _key(value: Any) -> str:
    return _SPACES.sub(" ", text_of(value)).strip().casefold() if not is_empty(value) else ""


def _named_by_file(path: str, ids: dict[str, Item]) -> Item | None:
    """The register row whose identifier starts the file's name ("PE-01 Politica energetica.md"
    is PE-01), the longest where several do."""
    stem = PurePosixPath(path).stem.casefold()
    ends = [len(stem), *(i for i in range(len(stem) - 1, 0, -1) if stem[i] in " _-.")]
    return next((ids[stem[:end]] for end in ends if stem[:end] in ids), None)


# A register's rows by the document identifier, by the title they name, and by identifier and
# version
RegisterIndex = tuple[dict[str, Item], dict[str, Item], dict[tuple[str, str], Item]]


def _in_force(row: Item) -> bool:
    return REGISTER_STATUS.get(text_of(row.fields.get("status"))) == "approved"


def register_index(register: Resolved) -> RegisterIndex:
    """The rows of the master list of documents by identifier and by title: the row in force
    where a register keeps a document's withdrawn issues beside it ("P-07 wyd. 4 wycofany", "P-07
    wyd. 5 obowiązujący"), else the first; and each issue's row by identifier and version. Made
    once per register and kept by the caller for every evidence type of documents."""
    ids: dict[str, Item] = {}
    titles: dict[str, Item] = {}
    issues: dict[tuple[str, str], Item] = {}
    for row in register.items:
        if row.problem:
            continue
        if doc_id := _key(row.fields.get("doc_id")):
            if doc_id not in ids or (_in_force(row) and not _in_force(ids[doc_id])):
                ids[doc_id] = row
            if version := _key(row.fields.get("version")):
                issues.setdefault((doc_id, version), row)
        title = _key(row.fields.get("title"))
        if title and (title not in titles or (_in_force(row) and not _in_force(titles[title]))):
            titles[title] = row
    for title, row in list(titles.items()):
        # the title with its abbreviation out of its parentheses, as a file names it
        # ("Deklaracja stosowania (SoA)" for "Deklaracja stosowania SoA v7.csv")
        if "(" in title:
            titles.setdefault(_SPACES.sub(" ", _PARENTHESES.sub(" ", title)).strip(), row)
    return ids, titles, issues


def from_document_register(
    documents: Resolved, register: Resolved, index: RegisterIndex | None = None
) -> None:
    """Fill each document's empty control fields from the register row that names it: by the
    document's id, else its title, else the identifier its file name starts with. `index`: the
    register's `register_index`, where the caller keeps it."""
    ids, titles, issues = index if index is not None else register_index(register)
    if not ids and not titles:
        return
    # The version each identifier is current at, where the register says
    current = {
        key: row
        for row in register.items
        if _in_force(row)
        and not is_empty(row.fields.get("version"))
        and (key := _key(row.fields.get("doc_id")))
    }
    for doc in documents.items:
        own = doc.fields.get("version")
        entry = (
            # the row of the issue the document states (a withdrawn issue still in use is
            # obsolete), else the row in force
            issues.get((_key(doc.fields.get("id")), _key(own)))
            or ids.get(_key(doc.fields.get("id")))
            # the name its file gives before a title it states only as its heading
            or (None if doc.titled_by_heading() else titles.get(_key(doc.fields.get("title"))))
            or _named_by_file(doc.ref.path, ids)
            # a file named by its title ("Statement of Applicability.csv"), perhaps with the
            # version after it ("Deklaracja stosowania SoA v7.csv")
            or titles.get(_key(stem := PurePosixPath(doc.ref.path).stem))
            or titles.get(_key(_VERSION_TAIL.sub("", stem)))
        )
        if entry is None:
            continue
        if is_empty(doc.fields.get("id")):
            _fill(doc, "id", entry.fields.get("doc_id"), entry)
        for name in CONTROL_FIELDS:
            # A line of the document's own control block left blank ("Approved by | |") says
            # the document in use lacks it, whatever the register claims: never filled.
            if name not in doc.fields and name not in doc.unread:
                _fill(doc, name, entry.fields.get(name), entry)
        _fill(doc, REGISTER_TYPE, entry.fields.get("type"), entry)
        listed = REGISTER_STATUS.get(text_of(entry.fields.get("status")))
        if listed and is_empty(doc.fields.get("status")) and "status" not in doc.unread:
            _fill(doc, "status", listed, entry)
        # A document that states its own version, beside the version the register gives as
        # current: whether the copy in use is the current one (7.5.3)
        row = current.get(_key(doc.fields.get("id")))
        if not is_empty(own) and row is not None:
            _fill(doc, REGISTER_VERSION, row.fields.get("version"), row)


LOCATION = "location"  # where a document is kept, as the master list says it of documents


def located(documents: Resolved) -> None:
    """Give each document that states no location of its own its file's place in the evidence
    folder ("02 Policies/Archive/IMS Policy Rev 04 (SUPERSEDED).md"): a superseded issue kept in
    an archive is kept apart from the documents in use."""
    for doc in documents.items:
        if is_empty(doc.fields.get(LOCATION)) and LOCATION not in doc.unread:
            doc.fields[LOCATION] = doc.ref.path


REVISION = "revision"
FIRST_REVISION = "first_revision"  # the number a register gives an item's first version


def numbered(items: Resolved) -> None:
    """Give each item the number its file gives a first version, where it states none: 1 where
    the file numbers its items' versions from 1 (no row naming version 0, and one naming version
    1: "Versioon 1" for an order as first received), else 0, the first revision being
    the first amendment. A file is one register, numbered one way throughout."""
    by_file: dict[str, list[Item]] = {}
    for item in items.items:
        if is_empty(item.fields.get(FIRST_REVISION)) and FIRST_REVISION not in item.unread:
            by_file.setdefault(item.ref.path, []).append(item)
    for rows in by_file.values():
        numbers = set()
        for row in rows:
            try:
                numbers.add(to_number(row.fields.get(REVISION)))
            except ValueError:
                continue  # a drawing's letter, a remark: numbers nothing
        first = 1 if 1 in numbers and 0 not in numbers else 0
        for row in rows:
            row.fields = {**row.fields, FIRST_REVISION: first}  # never the parsed row itself


def reviewed_in(items: Resolved, reviews: Resolved, as_of: dt.date) -> None:
    """Give each item without a review date of its own the date of the latest record of
    `reviews` on or before the as-of date."""
    latest: tuple[dt.date, Item, str] | None = None
    for record in reviews.items:
        for name in REVIEW_DATES:
            value = record.fields.get(name)
            if is_empty(value):
                continue
            try:
                day = to_date(value)
            except BadDate:
                break
            if day <= as_of and (latest is None or day > latest[0]):
                latest = (day, record, name)
            break
    if latest is None:
        return
    day, record, name = latest
    for item in items.items:
        if is_empty(item.fields.get(REVIEWED_ON)) and REVIEWED_ON not in item.unread:
            item.fields = {**item.fields, REVIEWED_ON: day}  # never the parsed row itself
            item.field_refs = {**(item.field_refs or {}), REVIEWED_ON: record.where(name)}


def _fill(doc: Item, name: str, value: Any, row: Item) -> None:
    if is_empty(value):
        return
    doc.fields = {**doc.fields, name: value}  # never what the loader parsed, which is shared
    doc.field_refs = {**(doc.field_refs or {}), name: row.ref}


def read_with(items: Resolved) -> None:
    """Each column of the type's `read_with` with the words of the columns it is read with
    before its own (a briefing's name, then the content listed for it), where they are filled in;
    after the lookups, which may fill either."""
    for column, others in items.type.read_with.items():
        for item in items.items:
            parts = [item.fields.get(other) for other in (*others, column)]
            said = list(dict.fromkeys(p.strip() for p in parts if isinstance(p, str) and p.strip()))
            if said and (len(said) > 1 or item.fields.get(column) != said[0]):
                item.fields = {**item.fields, column: "; ".join(said)}


def looked_up(items: Resolved, other: Resolved, key: str, fields: tuple[str, ...]) -> None:
    """Fill each item's empty `fields` from the rows of `other` whose `key` names the same thing:
    a person's name in either order of its words, a reference as references match. A key written
    as a list, on either side ("IPE-01, PA-2026-01"; a static factor of "USE-01, USE-02"), joins
    on each thing it lists where the whole names nothing, and one led by an identifier on it
    ("USE-01 Centrale termica", "INC-26-006 investigation"). Where several rows answer, a field of
    words takes each row's words, listed; any other field the first row's."""
    rows: dict[str, Item] = {}
    parts: dict[str, list[Item]] = {}  # a thing a row's key lists -> the rows listing it
    every: list[Item] = []  # rows keyed "all": they answer for every item
    for row in other.items:
        if row.problem or is_empty(row.fields.get(key)):
            continue
        cell = text_of(row.fields[key])
        name = reference_key(cell)
        if name in ALL:
            every.append(row)
            continue
        rows.setdefault(name, row)
        if (either := either_order(name)) is not None:
            rows.setdefault(either, row)
        # each thing it lists, or the identifier it is led by ("INC-26-006 investigation")
        for part in _listed(cell) or [_leading_identifier(cell)]:
            if part:
                parts.setdefault(part, []).append(row)
    for item in items.items:
        _answer(item, key, fields, rows, parts, every)
        # The organization keeps these fields, in the other file: an item it answers nothing
        # for has them empty, not absent (`present: if kept` tells the two apart).
        absent = [field for field in fields if field not in item.fields]
        if absent:
            item.fields = {**item.fields, **dict.fromkeys(absent)}


def _answer(
    item: Item,
    key: str,
    fields: tuple[str, ...],
    rows: dict[str, Item],
    parts: dict[str, list[Item]],
    every: list[Item],
) -> None:
    """Fill `item`'s empty `fields` from the rows that answer for its key (`looked_up`)."""
    if is_empty(item.fields.get(key)):
        return
    cell = text_of(item.fields[key])
    name = reference_key(cell)
    either = either_order(name)
    found = rows.get(name) or (rows.get(either) if either is not None else None)
    if found is not None:
        answers = [found, *(row for row in parts.get(name, ()) if row is not found)]
    else:
        unique = {
            id(row): row
            for part in (_listed(cell) or [name, _leading_identifier(cell)])
            for row in _named(part, rows, parts)
        }
        answers = list(unique.values())
    answers.extend(every)
    if not answers:
        return
    for field in fields:
        if not is_empty(item.fields.get(field)) or field in item.unread:
            continue
        first = answers[0]
        if field in first.unread:
            item.unread = {**item.unread, field: first.unread[field]}
            continue
        values = [row.fields.get(field) for row in answers]
        said = list(dict.fromkeys(v for v in values if not is_empty(v)))
        words = [v for v in said if isinstance(v, str)]
        if len(said) > 1 and len(words) == len(said):
            _fill(item, field, "; ".join(words), first)
        elif said:
            source = next(row for row in answers if row.fields.get(field) == said[0])
            _fill(item, field, said[0], source)


# A key cell that names every item ("applies to: all")
ALL = frozenset({"all", "alle", "tutti", "tutte", "tous", "toutes", "todos", "todas", "allemaal"})
_FIRST_WORD = re.compile(r"^\s*(\S+)\s+\S")


def _leading_identifier(cell: str) -> str:
    """The identifier a key cell starts with before its name ("USE-01 Centrale termica" is
    USE-01), as a reference key; empty if it starts with none."""
    match = _FIRST_WORD.match(cell)
    if match is None:
        return ""
    word = match.group(1).strip(",;:")
    return reference_key(word) if is_identifier(word) else ""


MAX_LISTED_KEYS = 20  # the things one key cell may list and be joined on each


def _listed(cell: str) -> list[str]:
    """The reference keys of the things a key cell lists, if it lists two or more."""
    if len(cell) > MAX_LISTED_KEYS * 40:
        return []
    if cell.count(",") == 1 and ";" not in cell and not any(c.isdigit() for c in cell):
        return []  # "Müller, Thomas" is one person, surname first
    listed = [reference_key(part) for part in split_list(cell) if part.strip()]
    return listed if 1 < len(listed) <= MAX_LISTED_KEYS else []


def _named(part: str, rows: dict[str, Item], parts: dict[str, list[Item]]) -> list[Item]:
    whole = rows.get(part)
    return [whole, *parts.get(part, [])] if whole is not None else parts.get(part, [])


def latest_of_each(resolved: Resolved, key: str, by: str) -> Resolved:
    """`resolved` with only the latest row of each value of `key` (by the date in `by`; a row
    with no date is older than one with a date, and of two rows of one date the later in the
    register is the latest): a register that keeps its history ("GD-09 calibrated 04/22,
    due 10/19" above "GD-09 calibrated 10/16, due 04/14") is in force in its latest rows. Rows
    with no key, and documents, are kept as they are; the order of the rows is kept."""
    latest: dict[str, tuple[dt.date, int]] = {}
    keyed: list[str | None] = []
    for index, item in enumerate(resolved.items):
        name = reference_key(text_of(item.fields.get(key))) if item.parsed is None else ""
        keyed.append(name or None)
        if not name:
            continue
        try:
            when = (
                to_date(item.fields.get(by)) if not is_empty(item.fields.get(by)) else dt.date.min
            )
        except BadDate:
            when = dt.date.min
        if name not in latest or (when, index) >= latest[name]:
            latest[name] = (when, index)
    kept = [
        item
        for index, (item, name) in enumerate(zip(resolved.items, keyed, strict=True))
        if name is None or latest[name][1] == index
    ]
    if len(kept) == len(resolved.items):
        return resolved
    return Resolved(
        resolved.type,
        kept,
        resolved.files,
        resolved.broken,
        resolved.locations,
        resolved.left_out,
        words=resolved.words,
    )
