"""The evidence bundle: one walk of the folder, files parsed lazily and once, read-only, confined.

`EvidenceIndex` lists the folder once (symlinks are reported, never followed), matches globs against
that listing, and parses a file the first time a rule asks for it. The walk and every read go through
one descriptor of the folder (isocheck.confined), so a link swapped in later is refused too.
`resolve()` turns an evidence type (with the profile's mapping overrides) into the items a check
looks at: one per document or record file, one per table row.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

from isocheck.confined import ConfinedError, ConfinedRoot, split
from isocheck.globs import glob_regex
from isocheck.loaders import Heading, LoaderRegistry, LoadLimits, ParsedFile
from isocheck.meaning import CellReader, due_in_text, fold, says_any, without_remark, words
from isocheck.model import (
    FOR_OTHER_STANDARD,
    PROFILE_NAME,
    EvidenceMapping,
    EvidenceRef,
    EvidenceType,
    Limits,
    Profile,
    Wide,
)

# Never evidence: the profile itself and tool caches that may sit in the folder.
_IGNORED_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
}


def _could_hold(pattern: str, folder: str) -> bool:
    """Whether files matching `pattern` could lie under `folder` (a path of the folder)."""
    parts = pattern.split("/")
    depth = folder.count("/") + 1
    if len(parts) <= depth:
        return False
    if any("**" in part for part in parts[:depth]):
        return True
    return bool(glob_regex("/".join(parts[:depth])).match(folder))


@dataclass(frozen=True)
class Skipped:
    """A path the walk saw but did not read, and why (symlink, unreadable, too large)."""

    path: str
    reason: str


# The fields' own lines and places of a table row: none, one empty mapping shared by every row
# (never written to).
_NO_PLACES: dict[str, Any] = {}


@dataclass(slots=True)  # a register of a million rows is a million of these
class Item:
    """One thing a check looks at: a document or record file, or a table row."""

    fields: dict[str, Any]
    ref: EvidenceRef
    field_lines: dict[str, int] = field(default_factory=dict)
    field_places: dict[str, str] = field(default_factory=dict)  # in a file without lines
    parsed: ParsedFile | None = None  # documents and records: the whole file
    problem: str = ""  # row-level problem (ragged row), reported by checks that read the row
    # column -> why its value cannot be read (a word the pack does not know), reported by the
    # checks whose conditions read that column
    unread: dict[str, str] = field(default_factory=dict)
    # a table row as the organization wrote it, before names and values were mapped (a value a
    # profile maps to "yes" may still name a tool that other records mention)
    written: dict[str, Any] | None = None
    # fields taken from another record (isocheck.completion) -> that record
    field_refs: dict[str, EvidenceRef] | None = None
    # field -> the organization's own name for it, where that differs ("Próxima verificação"
    # for next_due): what a finding calls it. One mapping per file, shared by its rows.
    names: dict[str, str] = field(default_factory=lambda: _NO_PLACES)

    def named(self, name: str) -> str:
        """A field as the organization names it, for a message."""
        return self.names.get(name, name)

    def titled_by_heading(self) -> bool:
        """Whether a document's title is its first heading, which it states nowhere else."""
        if self.parsed is None or not self.parsed.headings:
            return False
        return self.field_lines.get("title") == self.parsed.headings[0].line

    def heading_title(self) -> str | None:
        """A document's first heading, of the first level, where its title is another's (its
        control table's): what the document calls itself at its head."""
        if self.parsed is None or not self.parsed.headings or self.titled_by_heading():
            return None
        first = self.parsed.headings[0]
        return first.title if first.level == 1 else None

    def where(self, name: str | None = None) -> EvidenceRef:
        """The reference for a field of this item (its own line, or place, where known; the
        record it came from, for a field the item takes from another)."""
        if name and self.field_refs and name in self.field_refs:
            return self.field_refs[name]
        if name and name in self.field_lines:
            return EvidenceRef(self.ref.path, self.field_lines[name], self.ref.sha256)
        if name and name in self.field_places:
            return EvidenceRef(self.ref.path, None, self.ref.sha256, self.field_places[name])
        return self.ref


@dataclass
class Resolved:
    """An evidence type resolved against the folder."""

    type: EvidenceType
    items: list[Item]
    files: list[ParsedFile]
    broken: list[ParsedFile]  # files that matched but could not be read
    locations: tuple[str, ...]
    left_out: int = 0  # items the profile's `rows:` filter left out (they are another type's)
    # where the items were found inside other documents (the pack's `within:`), as said to the
    # organization: "the table under 'Situations d'urgence identifiées' in PR-ENV-04.md"
    found_within: tuple[str, ...] = ()
    # the fields the profile maps as other standards' columns ("clauses@iso9001-2015"), the
    # only ones a check reads as such: a file's own header of that name is no mapping
    other_standards: tuple[str, ...] = ()
    # column -> the organization's name for it in every file alike (`own_name`), once worked out
    said: dict[str, str] | None = field(default=None, repr=False, compare=False)
    # column -> a word of the pack's -> the organization's word for it (the profile's values:)
    words: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)


def own_name(resolved: Resolved, column: str) -> str:
    """A column as the organization names it where every file of the evidence type names it
    alike (a register kept in one file, or in several with the same header), else the pack's
    name."""
    return own_names(resolved).get(column, column)


def own_names(resolved: Resolved) -> dict[str, str]:
    """Each column the organization names alike in every file of the evidence type -> that
    name (see `own_name`)."""
    if resolved.said is None:
        # the files' names, each mapping once (the rows of a file share theirs)
        files = list({id(item.names): item.names for item in resolved.items}.values())
        resolved.said = {}
        for name in {name for names in files for name in names}:
            alike = {names.get(name, name) for names in files}
            if len(alike) == 1:
                resolved.said[name] = alike.pop()
    return resolved.said


class EvidenceIndex:
    """The evidence folder, walked once. Also built from a mapping of path -> text (examples)."""

    def __init__(
        self,
        root: Path | None,
        loaders: LoaderRegistry,
        *,
        files: dict[str, bytes] | None = None,
        limits: Limits | None = None,
        ignore: tuple[str, ...] = (PROFILE_NAME,),
    ) -> None:
        self.root = root.resolve() if root is not None else None
        self.loaders = loaders
        self.limits = limits or Limits()
        self._memory = files
        self._confined: ConfinedRoot | None = None
        self._parsed: dict[tuple[str, tuple[tuple[str, Any], ...]], ParsedFile] = {}
        self._glob_cache: dict[str, list[str]] = {}
        self.skipped: list[Skipped] = []
        if files is not None:
            self.paths = sorted(p for p in files if p not in ignore)
            return
        assert self.root is not None
        try:
            # One descriptor for the whole run: the walk and every later read go through it.
            self._confined = ConfinedRoot(self.root)
        except OSError as exc:
            self.skipped.append(Skipped(".", f"cannot be listed: {exc.strerror}"))
            self.paths = []
            return
        self.paths = self._walk(self._confined, ignore)

    def _walk(self, confined: ConfinedRoot, ignore: tuple[str, ...]) -> list[str]:
        found: list[str] = []

        def onerror(rel: str, reason: str) -> None:
            self.skipped.append(Skipped(rel or ".", reason))

        for folder, subfolders, others in confined.walk(onerror):
            prefix = f"{folder}/" if folder else ""
            subfolders[:] = [name for name in subfolders if name not in _IGNORED_DIRS]
            for name, info in others:
                rel = prefix + name
                if rel in ignore:
                    continue
                if isinstance(info, OSError):
                    self.skipped.append(Skipped(rel, f"cannot be read: {info.strerror}"))
                elif stat.S_ISLNK(info.st_mode):
                    self.skipped.append(Skipped(rel, "symbolic link: not followed"))
                elif not stat.S_ISREG(info.st_mode):
                    self.skipped.append(Skipped(rel, "not a regular file"))
                else:
                    found.append(rel)
        return sorted(found)

    def close(self) -> None:
        """Release the folder's descriptor; files already parsed stay available."""
        if self._confined is not None:
            self._confined.close()
            self._confined = None

    def glob(self, pattern: str) -> list[str]:
        """Paths of the folder matching a glob (case-insensitive), sorted."""
        if pattern not in self._glob_cache:
            regex = glob_regex(pattern)
            self._glob_cache[pattern] = [p for p in self.paths if regex.match(p)]
        return self._glob_cache[pattern]

    def parsed(self, path: str, options: Mapping[str, Any] | None = None) -> ParsedFile:
        """The parsed file, parsed at most once per index (and per way of reading it a profile
        declares: a CSV delimiter, a workbook's sheet and header row; `EvidenceMapping.reading`)."""
        key = (path, tuple(sorted((options or {}).items())))
        cached = self._parsed.get(key)
        if cached is None:
            cached = self._parse(path, dict(options or {}))
            self._parsed[key] = cached
        return cached

    def parsed_paths(self) -> set[str]:
        """The paths of the folder parsed so far, for whatever evidence type."""
        return {path for path, _ in self._parsed}

    def read_bytes(self, path: str, max_bytes: int) -> bytes:
        """The bytes of a file of the folder that is not evidence of a type itself (a signature
        next to an attestation, the allowed-signers file the profile names), read as confined as
        evidence: no link at any level, nothing but a regular file, at most `max_bytes`. Raises
        ConfinedError."""
        if self._memory is not None:
            split(path)  # the same paths are refused in memory as in a folder
            if path not in self._memory:
                raise ConfinedError(path, "cannot be read: No such file or directory", "missing")
            data = self._memory[path]
            if len(data) > max_bytes:
                raise ConfinedError(
                    path, f"file is {len(data)} bytes, over the limit of {max_bytes}", "too-large"
                )
            return data
        if self._confined is None:
            raise ConfinedError(path, "the evidence folder could not be opened", "unreadable")
        return self._confined.read(path, max_bytes)

    def _read(self, parsed: ParsedFile) -> bytes | None:
        path = parsed.path
        if self._memory is not None:
            return self._memory[path]
        if self._confined is None:
            parsed.error = "cannot be read: the evidence folder could not be opened"
            return None
        try:
            return self._confined.read(path, self.limits.max_file_bytes)
        except ConfinedError as exc:
            parsed.error = exc.reason
            if exc.size is not None:  # over the limit: say how to raise it
                parsed.size = exc.size
                parsed.error += (
                    "; raise limits.max_file_bytes in the profile if this is really evidence"
                )
            return None

    def _parse(self, path: str, options: dict[str, Any]) -> ParsedFile:
        parsed = ParsedFile(path, options=options)
        data = self._read(parsed)
        if data is None:
            return parsed
        parsed.size = len(data)
        parsed.sha256 = hashlib.sha256(data).hexdigest()
        loader = self.loaders.for_path(path)
        if loader is None:
            parsed.error = (
                f"no loader reads {Path(path).suffix or 'files without a suffix'}; "
                f"known: {', '.join(self.loaders.suffixes())}"
            )
            return parsed
        limits = LoadLimits(
            max_rows=self.limits.max_rows,
            max_yaml_depth=self.limits.max_yaml_depth,
            max_yaml_nodes=self.limits.max_yaml_nodes,
            max_unpacked_bytes=self.limits.max_unpacked_bytes,
            max_cell_chars=self.limits.max_cell_chars,
        )
        try:
            loader(parsed, data, limits)
        except Exception as exc:  # a plugin loader's bug must not crash the run
            parsed.error = f"loader failed: {type(exc).__name__}: {exc}"
        return parsed

    def resolve(
        self,
        etype: EvidenceType,
        mapping: EvidenceMapping | None,
        document_control: dict[str, str],
        keep: Callable[[Item], bool] | None = None,
        document_dates: Callable[[str], str | None] | None = None,
    ) -> Resolved:
        """Items of an evidence type, with the organization's names mapped to the logical ones
        and its cells read as the pack's words (`isocheck.meaning`); with `keep`, only the items
        it keeps (the profile's `rows:` filter, which the caller evaluates)."""
        locations = mapping.locations if mapping and mapping.locations else etype.locations
        paths: dict[str, None] = {}
        for pattern in locations:
            for path in self.glob(pattern):
                paths.setdefault(path, None)
        # the organization's name -> the logical names it is read as (one column may serve two:
        # an inventory's "Backups" says both whether and how often restores are tested)
        renames: dict[str, tuple[str, ...]] = {}
        # The profile's names for document control fields are a document's; a record that keeps
        # no such field (minutes, a report) keeps the label for a field of its own: the "Date"
        # that is a procedure's approval date is a review's date.
        control = (
            {}
            if etype.kind == "table"
            else document_control
            if etype.kind == "document"
            else {k: v for k, v in document_control.items() if k in etype.fields}
        )
        for names in (
            control,
            mapping.columns if mapping else {},
            mapping.fields if mapping else {},
        ):
            for logical, theirs in names.items():
                if logical not in renames.get(theirs, ()):
                    renames[theirs] = (*renames.get(theirs, ()), logical)
        reader = CellReader.build(
            etype.values,
            mapping.values if mapping else {},
            (*etype.empty, *(mapping.empty if mapping else ())),
            mapping.dates if mapping else None,
            etype.name,
            etype.prefixes,
            etype.open,
            {
                column: (theirs, etype.scales[column])
                for column, theirs in (mapping.scales if mapping else {}).items()
                if column in etype.scales
            },
            mapping.columns if mapping else None,
            _sharing_words(renames, mapping),
            mapping.dates_else if mapping else None,
            mapping.empty if mapping else (),
        )
        options = mapping.reading() if mapping else {}
        items: list[Item] = []
        written: list[dict[str, Any]] = []  # each item's fields as the organization named them
        files: list[ParsedFile] = []
        broken: list[ParsedFile] = []
        # A symlink or unreadable entry where evidence is expected is reported, never followed.
        for skipped in self.skipped:
            # A link (or unreadable entry) named by a location, or standing where a location
            # looks inside it ("policy" linked, "policy/*.md" wanted), is named in the finding.
            if any(
                glob_regex(pattern).match(skipped.path) or _could_hold(pattern, skipped.path)
                for pattern in locations
            ):
                entry = ParsedFile(skipped.path)
                entry.error = skipped.reason
                broken.append(entry)
        for path in sorted(paths):
            parsed = self.parsed(path, options)
            if parsed.error:
                broken.append(parsed)
                continue
            files.append(parsed)
            if etype.kind == "table":
                if parsed.rows is None and etype.documents and parsed.fields:
                    # a table kept as documents, one per item (a control kept as a procedure)
                    own_fields, _ = _with_sections(parsed, None)
                    as_document = _rename(own_fields, _document_renames(document_control))
                    fields, unread = reader.read(_as_row(etype.documents, as_document, parsed))
                    written.append(own_fields)
                    items.append(
                        Item(fields, EvidenceRef(path, None, parsed.sha256), unread=unread)
                    )
                    continue
                if parsed.rows is None:
                    parsed_copy = ParsedFile(path, parsed.sha256, parsed.size)
                    parsed_copy.error = (
                        f"{etype.title} should be a table (CSV with a header row, or a YAML/JSON "
                        "list of records), this file has no rows"
                    )
                    broken.append(parsed_copy)
                    files.pop()
                    continue
                across = mapping.wide if mapping else None
                spread = across.spread(parsed.header or ()) if across else ()
                if across and not spread:
                    # every row would hold no item: said, never an empty register
                    header = parsed.header or ()
                    shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
                    parsed_copy = ParsedFile(path, parsed.sha256, parsed.size)
                    parsed_copy.header = parsed.header  # lint names the pattern that misses
                    parsed_copy.error = (
                        f"no column of its header matches the profile's wide: columns "
                        f"({', '.join(across.columns)}); its columns: {shown or 'none'}; name "
                        f"them as the header writes them (* for any characters)"
                    )
                    broken.append(parsed_copy)
                    files.pop()
                    continue
                # A header naming a column of the pack in words ("Planned date", "Audit ID") is
                # that column where the profile maps nothing to it: once per file, not per row.
                by_header = _named_as_fields(
                    dict.fromkeys(parsed.header),
                    renames,
                    etype.columns,
                    etype.headers,
                    etype.own_headers,
                )
                names = _own_names(by_header, parsed.header, mapping)
                held, held_unread = (
                    _held(
                        parsed,
                        etype,
                        renames,
                        by_header,
                        document_control,
                        reader,
                        mapping,
                        document_dates,
                    )
                    if etype.in_document and parsed.fields
                    else ({}, {})
                )
                for row in parsed.rows:
                    for own in (
                        _spread(row.fields, across, spread, reader.nothing)
                        if across
                        else (row.fields,)
                    ):
                        fields, unread = reader.read(_completed(own, by_header, mapping))
                        if etype.due_from is not None:
                            _due(fields, etype.due_from, reader)
                        if held:
                            fields = {**held, **fields}
                            unread = {**held_unread, **unread} if held_unread else unread
                        written.append(own)
                        items.append(
                            Item(
                                fields,
                                EvidenceRef(path, row.line, parsed.sha256, row.place),
                                _NO_PLACES,  # a row is one line or place: its ref says it
                                _NO_PLACES,
                                problem=row.problem,
                                unread=unread,
                                written=own,
                                names=names if not across else _NO_PLACES,
                            )
                        )
            else:
                own_fields, own_lines = _with_sections(parsed, mapping)
                named = _named_as_fields(
                    own_fields,
                    _labels_as_mapped(own_fields, renames),
                    etype.fields,
                    etype.headers,
                    etype.own_headers,
                )
                fields, unread = reader.read(_completed(own_fields, named, mapping))
                heading = None
                if "title" in etype.fields and not str(fields.get("title") or "").strip():
                    # a document titled by its first heading only, above its control table
                    # ("# POLÍTICA DEL SISTEMA INTEGRADO DE GESTIÓN"): that heading is its title,
                    # read on the heading's line
                    first = parsed.headings[0] if parsed.headings else None
                    if first is not None and first.level == 1 and first.title.strip():
                        fields["title"] = first.title.strip()
                        heading = first
                written.append(own_fields)
                lines = _rename(own_lines, named)
                if heading is not None:
                    lines = {**lines, "title": heading.line}
                places = _rename(parsed.field_places, renames)
                items.append(
                    Item(
                        fields,
                        EvidenceRef(path, None, parsed.sha256),
                        lines,
                        places,
                        parsed=parsed,
                        unread=unread,
                        names=_own_names(named, own_fields, mapping),
                    )
                )
        every = len(items)
        if keep is not None:
            # The filter may name a column as the pack does or as the organization does, even
            # one the mapping renames ("rows: {Art: {equals: Chance}}" beside "type: Art").
            items = [
                item
                for item, own in zip(items, written, strict=True)
                if keep(Item({**own, **item.fields}, item.ref, unread=item.unread))
            ]
        return Resolved(
            etype,
            items,
            files,
            broken,
            tuple(locations),
            every - len(items),
            words=_own_words(mapping),
        )


def _due(fields: dict[str, Any], due_from: tuple[str, str], reader: CellReader) -> None:
    """Where the row's date column (`due_from`'s second) is empty, the date its column of words
    says something next falls due, read in that column's format (YYYY-MM-DD without one)."""
    text, into = due_from
    if into in fields and fields[into] not in (None, ""):
        return
    fmt = reader.dates.get(text) or reader.all_dates
    written = fields.get(text)
    if not isinstance(written, str) or not written.strip():
        return
    day = due_in_text(written, fmt)
    if day is not None:
        fields[into] = day


def _held(
    parsed: ParsedFile,
    etype: EvidenceType,
    renames: dict[str, tuple[str, ...]],
    by_header: dict[str, tuple[str, ...]],
    document_control: dict[str, str],
    reader: CellReader,
    mapping: EvidenceMapping | None,
    document_dates: Callable[[str], str | None] | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """What each row of a table kept inside a document takes from the document (the pack's
    `in_document:`), read as the rows are: the columns the table keeps no column for, from
    the document's control fields and the labels of its head ("**Persons at risk:**",
    "**Tätigkeitsgruppe:**") as the profile or the pack's header words name them. Dates
    there are read in the format the profile gives this evidence, else the one it gives
    the same file read as a document (a procedure's control table is dated as the profile's
    document mapping says)."""
    kept = set(_rename(dict.fromkeys(parsed.header or ()), by_header))
    wanted = {c: s for c, s in etype.in_document.items() if c not in kept}
    if not wanted or not parsed.fields:
        return {}, {}
    doc_renames = dict(renames)
    for theirs, logical in _document_renames(document_control).items():
        doc_renames[theirs] = (*doc_renames.get(theirs, ()), *logical)
    named = _named_as_fields(
        parsed.fields, doc_renames, etype.columns, etype.headers, etype.own_headers
    )
    own = _as_row(wanted, _rename(parsed.fields, named), parsed)
    if not own:
        return {}, {}
    if not (mapping and mapping.dates) and document_dates is not None:
        fmt = document_dates(parsed.path)
        if fmt:
            reader = reader.dated(fmt)
    return reader.read({c: v for c, v in own.items() if isinstance(v, str)})


def _document_renames(document_control: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """The profile's document control labels as renames (its "Doc. No." is id)."""
    renames: dict[str, tuple[str, ...]] = {}
    for logical, theirs in document_control.items():
        renames[theirs] = (*renames.get(theirs, ()), logical)
    return renames


MAX_DOCUMENT_TEXT = 4000  # characters of a document's body read as a row's cell
# The kind of document the master list of documents says a document is, where it says
# (filled by isocheck.completion), and the kind a permit, a standard or a law is
REGISTER_TYPE = "register_type"
EXTERNAL = "external"


def _as_row(
    columns: dict[str, tuple[str, ...]], fields: dict[str, Any], parsed: ParsedFile
) -> dict[str, Any]:
    """A document read as one row of a table: each column from the first of its sources that the
    document fills in ("text": its body, "heading": its first heading)."""
    row: dict[str, Any] = {}
    for column, sources in columns.items():
        for source in sources:
            if source == "text":
                value: Any = parsed.text[:MAX_DOCUMENT_TEXT]
            elif source == "heading":
                value = parsed.headings[0].title if parsed.headings else None
            else:
                value = fields.get(source)
            if value not in (None, "", []):
                row[column] = value
                break
    return row


def resolve_evidence(
    index: EvidenceIndex,
    etype: EvidenceType,
    profile: Profile,
    keep: Callable[[Item], bool] | None = None,
    standard: str = "",
    keep_of: Callable[[EvidenceMapping], Callable[[Item], bool] | None] | None = None,
) -> Resolved:
    """An evidence type's items from the folder, with the profile's mapping of names (as it reads
    for `standard`, where it maps a column per standard); `keep` applies the mapping's `rows:`
    filter."""
    mapping = profile.evidence.get(etype.name)
    if mapping is not None and mapping.per_standard:
        mapping = mapping.for_standard(standard)
    resolved = index.resolve(
        etype, mapping, profile.document_control, keep, partial(_dates_of, profile)
    )
    others = tuple(c for c in (mapping.columns if mapping else ()) if FOR_OTHER_STANDARD in c)
    if others:
        resolved = replace(resolved, other_standards=others)
    other = profile.evidence.get(etype.alongside) if etype.alongside and mapping is None else None
    if other is not None and other.locations and not resolved.items and not resolved.broken:
        # kept in the files of the type it goes with, where the profile locates only that one
        alongside = EvidenceMapping(other.locations, {}, {})
        return index.resolve(etype, alongside, profile.document_control, keep)
    if mapping is None and not resolved.items and not resolved.broken:
        # An integrated system's one register for two standards' types (a legal register for
        # energy and environment), which the profile maps as the other standard's only
        for name, ours in etype.same_as:
            theirs = profile.evidence.get(name)
            if theirs is None or not theirs.locations or theirs.kept_in:
                continue
            if theirs.per_standard:
                theirs = theirs.for_standard(standard)
            shared = theirs.renamed(dict(ours))
            # its rows: filter too (the evaluations "not yet applicable" left out)
            found = index.resolve(
                etype, shared, profile.document_control, keep_of(shared) if keep_of else None
            )
            if found.items or found.broken:
                return found
    if mapping is None and not resolved.items and not resolved.broken and etype.within:
        return _within(index, etype, profile, keep) or resolved
    return resolved


def _within(
    index: EvidenceIndex,
    etype: EvidenceType,
    profile: Profile,
    keep: Callable[[Item], bool] | None,
) -> Resolved | None:
    """An evidence type kept inside the documents another type locates (the pack's `within:`),
    where the profile locates them: a table type from each table under a heading that says what
    it is ("Potential emergency situations", "Situations d'urgence identifiées"), a document
    type from each document whose title says it. None where none holds it."""
    within = etype.within
    host = profile.evidence.get(within.evidence) if within is not None else None
    if within is None or host is None or not host.locations or host.kept_in:
        return None
    paths = sorted({path for pattern in host.locations for path in index.glob(pattern)})
    title_name = profile.document_control.get("title", "title")
    found: list[Resolved] = []
    where_found: list[str] = []
    for path in paths:
        parsed = index.parsed(path, host.reading())
        if parsed.error or parsed.text is None:
            continue
        dates = host.dates if isinstance(host.dates, str) else _dates_of(profile, path)
        if etype.kind == "table":
            heading = next(
                (
                    h.title
                    for i, h in enumerate(parsed.headings)
                    if says_any(within.says, words(h.title))
                    and _has_register(parsed, h, parsed.headings[i + 1 : i + 2])
                ),
                None,
            )
            if heading is None:
                continue
            inside = EvidenceMapping((path,), {}, {}, table=heading, dates=dates)
            said = f"the table under {heading!r} in {path}"
        else:
            titles = [str((parsed.fields or {}).get(title_name) or "")]
            titles += [h.title for h in parsed.headings[:1] if h.level == 1]
            if not any(says_any(within.says, words(t)) for t in titles if t):
                continue
            inside = replace(host, locations=(path,), dates=host.dates or dates)
            said = path
        one = index.resolve(etype, inside, profile.document_control, keep)
        if one.items:
            found.append(one)
            where_found.append(said)
    if not found:
        return None
    return Resolved(
        etype,
        [item for one in found for item in one.items],
        [f for one in found for f in one.files],
        [],
        tuple(path for one in found for path in one.locations),
        sum(one.left_out for one in found),
        tuple(where_found),
        words=found[0].words,
    )


def _dates_of(profile: Profile, path: str) -> str | None:
    """The one date format the profile gives a file under any evidence type that locates it (the
    first such, in the profile's order), for the dates of its head read under another."""
    for mapping in profile.evidence.values():
        if isinstance(mapping.dates, str) and any(
            glob_regex(pattern).match(path) for pattern in mapping.locations or ()
        ):
            return mapping.dates
    return None


def from_profile(etype: EvidenceType, items: list[Item]) -> Resolved:
    """An evidence type of kind `profile`, resolved to the items a plugin took from the profile."""
    return Resolved(etype, items, [], [], (PROFILE_NAME,))


V = TypeVar("V")


MAX_OWN_NAME = 80  # characters of a header a finding says in place of the pack's name


def _own_words(mapping: EvidenceMapping | None) -> dict[str, dict[str, str]]:
    """Per column, each word of the pack's the profile maps a word of the organization's to ->
    that word (the first, where several are): what a finding says for the pack's word."""
    words: dict[str, dict[str, str]] = {}
    for column, theirs in (mapping.values if mapping else {}).items():
        for their, ours in theirs.items():
            if len(their) <= MAX_OWN_NAME and their.isprintable():
                words.setdefault(column, {}).setdefault(str(ours).casefold(), their)
    return words


def _own_names(
    renames: dict[str, tuple[str, ...]],
    own: Iterable[str] | None,
    mapping: EvidenceMapping | None,
) -> dict[str, str]:
    """Each field under the name the organization gives it, where that is another: a header or
    label of its own that the profile, or its words, read as the field. A field made of several
    columns (`joins`) keeps the pack's name."""
    names: dict[str, str] = {}
    joined = mapping.joins if mapping else {}
    for theirs in own or ():
        # a name is said as written only where it reads as one: short, on one line
        if len(theirs) > MAX_OWN_NAME or not theirs.isprintable():
            continue
        for logical in renames.get(theirs, ()):
            if logical != theirs and logical not in joined:
                names.setdefault(logical, theirs)
    return names or _NO_PLACES


def _completed(
    values: dict[str, Any], renames: dict[str, tuple[str, ...]], mapping: EvidenceMapping | None
) -> dict[str, Any]:
    """An item's fields under the pack's names: renamed, the cells of joined columns together (a
    name kept as first name and surname), and the profile's defaults where a field is empty."""
    fields = _rename(values, renames)
    if mapping is None or not (mapping.joins or mapping.defaults):
        return fields  # read, never written to: the reader makes the item's own
    if fields is values:
        fields = dict(values)
    for logical, theirs in mapping.joins.items():
        parts = [str(values[c]).strip() for c in theirs if values.get(c) not in (None, "")]
        fields[logical] = " ".join(part for part in parts if part)
    for logical, default in mapping.defaults.items():
        if fields.get(logical) is None or not str(fields[logical]).strip():
            fields[logical] = default
    return fields


def _sharing_words(
    renames: dict[str, tuple[str, ...]], mapping: EvidenceMapping | None
) -> set[str]:
    """Fields with a date format of their own whose column also serves a field without one."""
    own = mapping.dates if mapping and isinstance(mapping.dates, dict) else {}
    return {
        logical
        for names in renames.values()
        if any(n not in own for n in names)
        for logical in names
        if logical in own
    }


def _labels_as_mapped(
    own: dict[str, Any], renames: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """The renames, with a label the profile maps read where a document writes it in the plural
    or the singular instead ("Auditors" in the report two people audited, where the profile maps
    "Auditor"), whatever its case, if the document has no label as mapped."""
    extra = {}
    for theirs, logical in renames.items():
        if theirs in own:
            continue
        stem = _label_stem(theirs)
        for key in own:
            if key not in renames and _label_stem(key) == stem:
                extra[key] = logical
                break
    return {**renames, **extra} if extra else renames


# A preposition that ends a label naming who did something ("Approved by", "Elaborado por",
# "Freigegeben von"): a document may leave it out ("Aprovado: Marta Sousa")
_LABEL_BY = re.compile(r"\s+(?:by|por|von|par|da|door|af|przez|av)$")


def _label_stem(label: str) -> str:
    """A label as compared: case, a trailing preposition and a plural's s aside."""
    return _LABEL_BY.sub("", label.strip().casefold()).rstrip("s")


def _named_as_fields(
    own: dict[str, Any],
    renames: dict[str, tuple[str, ...]],
    known: tuple[str, ...],
    words: dict[str, tuple[str, ...]] | None = None,
    own_words: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """The renames, with a document's own field or a table's header that names one of the
    evidence type's fields or columns (`known`) in words ("Date", "Chair", "Next review", "Audit
    ID" for date, chair, next_review, audit_id), or in a word the pack gives it (`words`:
    "Client" for customer, "Emplacement" for location), read as it, where the profile maps
    nothing of the item's own labels to it and nothing of the item is named so already; each
    name once, by the first header that names it."""
    extra: dict[str, tuple[str, ...]] = {}
    said = header_words(words) if words else {}
    # what the profile maps from this file's own labels: a document control mapping's "Eigenaar"
    # maps nothing of a design file that has no such label
    mapped = {name for key, names in renames.items() if key in own for name in names}
    taken: set[str] = set()
    theirs = header_words(own_words) if own_words else {}
    for key in own:
        if key in renames and theirs:
            # A label the profile maps to one name that the type's own words say is another
            # too: a design file's "Status", mapped as the document's status, is its stage.
            also = theirs.get(fold(key), "")
            if also and also in known and also not in mapped | taken and also not in own:
                extra[key] = (*renames[key], also)
                taken.add(also)
            continue
        if key in renames or key in known:
            continue
        snake = re.sub(r"[\s-]+", "_", key.strip().casefold())
        if snake not in known and snake.endswith("s") and snake[:-1] in known:
            snake = snake[:-1]  # "Sites" for site
        if snake not in known:
            snake = _shortened(snake, known)
        if not snake:
            snake = said.get(fold(key), "") or _said_in_parts(key, said)
        if snake and snake in known and snake not in mapped | taken and snake not in own:
            extra[key] = (snake,)
            taken.add(snake)
    return {**renames, **extra} if extra else renames


def _said_in_parts(header: str, said: dict[str, str]) -> str:
    """The column a header names in one of its parts: without a remark in parentheses after it
    ("Improvement (Kaizen / Suggestion)"), or in one of the alternatives it gives ("Verified
    Saving / Result"), the first that names one; empty where none does."""
    bare = without_remark(header)
    parts = [bare, *bare.split(" / ")] if " / " in bare else [bare]
    for part in parts:
        if part != header and (found := said.get(fold(part), "")):
            return found
    return ""


@lru_cache(maxsize=512)  # one per evidence type of a pack, asked once per file
def _header_words_cached(words: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, said in words:
        for word in said:
            out.setdefault(fold(word), name)  # a word two columns share goes to the first
    return out


def header_words(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A header word (folded) -> the column it names."""
    return _header_words_cached(tuple(words.items()))


MIN_SHORT_WORD = 3  # letters a shortened word of a header keeps at least ("Cert", "Eval")


def _shortened(snake: str, known: tuple[str, ...]) -> str:
    """The one known name a header writes with its words shortened, each the start of the
    name's word in turn ("cert_expires" for certificate_expires, "next_eval" for
    next_evaluation); empty where none is, or several are."""
    words = snake.split("_")
    if len(words) < 2 or any(len(w) < MIN_SHORT_WORD or not w.isalpha() for w in words):
        return ""
    found = [
        name
        for name in known
        if len(parts := name.split("_")) == len(words)
        and all(part.startswith(word) for word, part in zip(words, parts, strict=True))
    ]
    return found[0] if len(found) == 1 else ""


MAX_SECTION_FIELD = 4000  # characters of a section read as a field


@lru_cache(maxsize=256)  # a profile names a few labels; every document of the type asks
def _heading_named(label: str) -> re.Pattern[str]:
    """A heading that is the label, numbered or not ("Criteria", "2. Criteria", "Scope of the
    audit"), never one that merely contains its letters ("Updates" for "Date")."""
    return re.compile(r"^(?:[\d.]+\s*)?" + re.escape(label.casefold()) + r"\b")


def _with_sections(
    parsed: ParsedFile, mapping: EvidenceMapping | None
) -> tuple[dict[str, Any], dict[str, int]]:
    """A document's fields, and the field a profile maps to a heading the document has rather
    than to a field of its head ("clauses: Criteria" for a report's Criteria section): that
    section's text, on its heading's line. The parsed fields themselves are never written to."""
    fields, lines = parsed.fields or {}, parsed.field_lines
    wanted = [
        label
        for label in (mapping.fields.values() if mapping else ())
        if label not in fields and parsed.headings
    ]
    if not wanted:
        return fields, lines
    fields, lines = dict(fields), dict(lines)
    for label in wanted:
        named = _heading_named(label)
        heading = next((h for h in parsed.headings if named.match(h.title.casefold())), None)
        text = section_text(parsed, heading.title) if heading is not None else None
        if heading is not None and text and text.strip():
            fields[label] = " ".join(text.split())[:MAX_SECTION_FIELD]
            lines[label] = heading.line
    return fields, lines


def _spread(
    fields: dict[str, Any],
    wide: Wide,
    columns: tuple[str, ...],
    nothing: Callable[[Any], bool],
) -> list[dict[str, Any]]:
    """The items a row of a table kept across holds: one per cell of `columns` that records
    something (not blank, not an empty marker: "n.a." for a month an EnPI was not measured), with
    the row's other cells, the column's header as `wide.name` and the cell as `wide.value`; a row
    that records nothing across, one item of its other cells."""
    common = {k: v for k, v in fields.items() if k not in columns}
    spread = [
        # the column's name first: a message names the item by it ("enpi_id IPE-01 (%)")
        {wide.name: column, **common, wide.value: fields[column]}
        for column in columns
        if not nothing(fields.get(column))
    ]
    # A row that records nothing across is still there: a role the competence matrix lists as
    # needing none of its competences ("-" in each), an indicator not measured yet
    return spread or [common]


def _rename(values: dict[str, V], renames: dict[str, tuple[str, ...]]) -> dict[str, V]:
    """`values` under the pack's names: `values` itself where nothing is renamed (never to be
    written to), else a new mapping."""
    if not renames:
        return values
    return {name: v for k, v in values.items() for name in renames.get(k, (k,))}


MIN_REGISTER_COLUMNS = 3  # a register's table has more columns than a key and its value


def _has_register(parsed: ParsedFile, heading: Heading, after: list[Heading]) -> bool:
    """Whether the text right under `heading` (before any other heading) holds a table of
    several columns: a register, not the document's control table of labels and values."""
    lines = parsed.text.split("\n")
    first = parsed.body_line
    end = after[0].line if after else first + len(lines)
    for line in lines[heading.line - first + 1 : end - first]:
        cells = line.strip()
        if cells.startswith("|") and cells.count("|") > MIN_REGISTER_COLUMNS:
            return True
    return False


def section_text(parsed: ParsedFile, heading: str) -> str | None:
    """The text under the first heading containing `heading` (case-insensitive), up to the next
    heading of the same or a higher level; None if there is no such heading."""
    wanted = heading.casefold()
    lines = parsed.text.split("\n")
    first = parsed.body_line
    for i, h in enumerate(parsed.headings):
        if wanted in h.title.casefold():
            end_line = next(
                (n.line for n in parsed.headings[i + 1 :] if n.level <= h.level), first + len(lines)
            )
            return "\n".join(lines[h.line - first + 1 : end_line - first])
    return None
