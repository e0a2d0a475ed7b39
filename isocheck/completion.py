"""What an item does not say itself but the organization records elsewhere, by its own procedure.

Two such places are common enough to read without asking:

- the master list of documents (the register of documents and records) holds each document's
  title, revision, approver, approval date, next review and status where the document's own header
  does not: a document takes each control field it leaves empty from the register row naming it;
- a register reviewed as a whole (interested parties reviewed with the context analysis, risks
  at the management review, significant energy uses with the energy review) has no review date
  per row: the profile's `reviewed_in:` names the evidence type whose latest record is that
  review, and a row without its own review date takes that record's date.

And where the profile says another file holds some fields of the same items (`lookup:`, screening
dates kept by HR apart from the staff export), each item takes the fields it leaves empty from the
row of that file naming it.

A field filled this way cites the record it came from, so a finding about it points where the
organization keeps it. A field the item states itself is never replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

from isocheck.checks.relations import either_order, reference_key
from isocheck.conditions import BadDate, is_empty, text_of, to_date
from isocheck.evidence import Item, Resolved

REGISTER = "document-register"
# a document's control fields, as both a document and the register name them
CONTROL_FIELDS = ("title", "version", "owner", "approved_by", "approved_on", "next_review")
# a register's status of a document -> the document's own (a document in force is approved)
REGISTER_STATUS = {"current": "approved", "draft": "draft", "obsolete": "obsolete"}
# the fields that date a record that reviews something: the first one it has
REVIEW_DATES = ("date", "approved_on", "reviewed_on")
REVIEWED_ON = "reviewed_on"

_SPACES = re.compile(r"\s+")


def _key(value: Any) -> str:
    return _SPACES.sub(" ", text_of(value)).strip().casefold() if not is_empty(value) else ""


def _named_by_file(path: str, ids: dict[str, Item]) -> Item | None:
    """The register row whose identifier starts the file's name ("PE-01 Politica energetica.md"
    is PE-01), the longest where several do."""
    stem = PurePosixPath(path).stem.casefold()
    ends = [len(stem), *(i for i in range(len(stem) - 1, 0, -1) if stem[i] in " _-.")]
    return next((ids[stem[:end]] for end in ends if stem[:end] in ids), None)


def from_document_register(documents: Resolved, register: Resolved) -> None:
    """Fill each document's empty control fields from the register row that names it: by the
    document's id, else its title, else the identifier its file name starts with."""
    ids: dict[str, Item] = {}
    titles: dict[str, Item] = {}
    for row in register.items:
        if row.problem:
            continue
        if doc_id := _key(row.fields.get("doc_id")):
            ids.setdefault(doc_id, row)
        if title := _key(row.fields.get("title")):
            titles.setdefault(title, row)
    if not ids and not titles:
        return
    for doc in documents.items:
        entry = (
            ids.get(_key(doc.fields.get("id")))
            or titles.get(_key(doc.fields.get("title")))
            or _named_by_file(doc.ref.path, ids)
        )
        if entry is None:
            continue
        if is_empty(doc.fields.get("id")):
            _fill(doc, "id", entry.fields.get("doc_id"), entry)
        for name in CONTROL_FIELDS:
            if is_empty(doc.fields.get(name)) and name not in doc.unread:
                _fill(doc, name, entry.fields.get(name), entry)
        listed = REGISTER_STATUS.get(text_of(entry.fields.get("status")))
        if listed and is_empty(doc.fields.get("status")) and "status" not in doc.unread:
            _fill(doc, "status", listed, entry)


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


def looked_up(items: Resolved, other: Resolved, key: str, fields: tuple[str, ...]) -> None:
    """Fill each item's empty `fields` from the first row of `other` whose `key` names the same
    thing: a person's name in either order of its words, a reference as references match."""
    rows: dict[str, Item] = {}
    for row in other.items:
        if row.problem or is_empty(row.fields.get(key)):
            continue
        name = reference_key(text_of(row.fields[key]))
        rows.setdefault(name, row)
        if (either := either_order(name)) is not None:
            rows.setdefault(either, row)
    for item in items.items:
        if is_empty(item.fields.get(key)):
            continue
        name = reference_key(text_of(item.fields[key]))
        either = either_order(name)
        found = rows.get(name) or (rows.get(either) if either is not None else None)
        if found is None:
            continue
        for field in fields:
            if is_empty(item.fields.get(field)) and field not in item.unread:
                if field in found.unread:
                    item.unread = {**item.unread, field: found.unread[field]}
                else:
                    _fill(item, field, found.fields.get(field), found)
