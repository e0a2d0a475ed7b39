"""What an organization's cell means, in the words of the pack: empty markers, dates written its
own way, and closed vocabularies (a status, a result, a type, a yes/no flag).

A pack's evidence type may declare, per column, the values it knows and their synonyms
(`values: {status: {closed: [done, completed, erledigt]}}`); a profile may add its own words per
evidence type (`values: {status: {abgeschlossen: closed}}`), cells that mean nothing was recorded
(`empty: ["-", keine]`) and how it writes dates (`dates: "%d.%m.%Y"`, or per column). `CellReader`
applies all of that to one row: a cell that names a known value becomes the pack's word for it; a
cell in a closed column that names none is reported, never silently read as something else.

Words are compared folded: case, surrounding punctuation and runs of spaces do not count, and a
value followed by more words counts as that value ("Closed - not achieved, carried over" is
closed, "Rework (re-machined)" is rework, "Surveillance 2" is surveillance). A cell matches the
longest known term it starts with, at a word boundary.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

# Cells that mean "nothing recorded" in any register. Not "none" or "n/a": in many columns they
# are an answer ("statutory requirements: none"). An evidence type of a pack whose columns never
# use them as an answer (a register of references) says so in its `empty:`, and a profile adds
# its own organization's words the same way.
DEFAULT_EMPTY = ("-", "–", "—")
_SPACES = re.compile(r"\s+")
_EDGES = " \t\"'`.,;:!?()[]{}"
_EDGES_WS = _EDGES + "\n\r\x0b\x0c"


def fold(text: str) -> str:
    """`text` as words are compared: case-folded, trimmed of spaces and punctuation at its ends,
    inner runs of spaces as one space."""
    return _SPACES.sub(" ", casefolded(str(text))).strip(_EDGES)


# Romanian s and t with a comma below compared as the cedilla forms many Romanian files still
# hold (and Turkish writes)
_COMMA_BELOW = str.maketrans({"ș": "ş", "ț": "ţ"})

# Japanese and Chinese punctuation of full width, as the rest of a cell's reading knows it:
# "田村 真由美、石川 美穂" lists two people, "大西 隆（代表取締役社長）" names one with a remark
_FULL_WIDTH = str.maketrans(
    {"、": ", ", "，": ", ", "；": "; ", "（": " (", "）": ")", "：": ": ", "／": " / "}
)
# both, in one pass over the text: words and folds are taken of every cell and every document
_FOLDED_LETTERS = {**_COMMA_BELOW, **_FULL_WIDTH}


def casefolded(text: str) -> str:
    """`text` case-folded, Turkish I's as i: "İç" folds to "i̇ç", an i and a combining dot that
    would split the word in two, and "BAŞARISIZ" to "başarisiz" where "başarısız" keeps its
    dotless ı: the dot is dropped, and ı read as i. Romanian ș and ț with a comma below
    ("îmbunătățire") are the letters with a cedilla ("îmbunătăţire") many files write, and
    Japanese and Chinese punctuation of full width is the punctuation it stands for."""
    return text.casefold().replace("\u0307", "").replace("ı", "i").translate(_FOLDED_LETTERS)


@dataclass(frozen=True)
class Vocabulary:
    """The values of one closed column: each term (folded) -> the pack's word for it. What a cell
    is compared with is worked out once, when the vocabulary is built, not once per cell."""

    terms: Mapping[str, str]
    words: tuple[str, ...]  # the pack's words, in the pack's order, for messages
    squashed: Mapping[str, str] = field(default_factory=dict)  # term without spaces, hyphens
    longest_first: tuple[str, ...] = ()  # the terms, longest first, for a cell's leading words

    @staticmethod
    def of(pack: Mapping[str, Iterable[str]], own: Mapping[str, str] | None = None) -> Vocabulary:
        """A pack's values {word: [synonyms]} with a profile's {its word: the pack's word}."""
        terms: dict[str, str] = {}
        for word, synonyms in pack.items():
            terms.setdefault(fold(word), word)
            for synonym in synonyms:
                terms.setdefault(fold(synonym), word)
        for theirs, word in (own or {}).items():
            terms[fold(theirs)] = pack_word(pack, word)
        squashed: dict[str, str] = {}
        for term, word in terms.items():
            squashed.setdefault(_squash(term), word)
        longest = tuple(sorted(terms, key=len, reverse=True))
        return Vocabulary(terms, tuple(pack), squashed, longest)

    def meaning(self, cell: str) -> str | None:
        """The pack's word for a cell, or None if the cell names no known value."""
        folded = fold(cell)
        exact = self.terms.get(folded)
        if exact is not None:
            return exact
        # "re-certification", "in use", "inuse" are one word
        exact = self.squashed.get(_squash(folded))
        if exact is not None:
            return exact
        for term in self.longest_first:
            if term and folded.startswith(term) and _ends_word(folded, len(term)):
                return self.terms[term]
        return None


# A date in some order: a year of two or four digits at one end ("7.4.3" is a clause, not a day).
_DATE_LIKE = re.compile(
    r"^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4}))$"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


# One optional separator between letters and number ("A.5.1", "A 5.1", "A. 5.1"), written so
# that no run of spaces can be split two ways: the cell is evidence, the work it causes is bounded.
_NUMBERED = re.compile(r"^(?:annex +)?([a-z]{1,3})?(?:\. ?| )?(\d+(?:\.\d+)+)$", re.IGNORECASE)
MAX_IDENTIFIER = 40  # longer parts of a cell are no identifier: kept as written, not parsed


def prefixed(cell: str, prefix: str) -> str:
    """Identifiers as the pack writes them: with prefix "A.", "5.1", "A 5.1", "A5.1" and "Annex A
    5.1" are "A.5.1"; in a list ("5.17, 8.5") each is, and the list is separated by ";"."""
    letters = prefix.rstrip(".").casefold()
    out = []
    for part in (p.strip() for p in re.split(r"[,;]", cell)):
        match = _NUMBERED.match(" ".join(part.split())) if len(part) <= MAX_IDENTIFIER else None
        if match and (match.group(1) is None or match.group(1).casefold() == letters):
            out.append(prefix + match.group(2))
        elif part:
            out.append(part)
    return ";".join(out)


def _squash(text: str) -> str:
    return text.replace("-", "").replace(" ", "").replace("_", "")


def _ends_word(text: str, at: int) -> bool:
    """Whether a word ends at `at` in `text` ("open" in "open - x" and "open (x)", not in
    "opened" or "open-ended")."""
    following = text[at]
    if following.isalnum():
        return False
    return not (following in "-_/'" and text[at + 1 : at + 2].isalnum())


# A cell that answers "none" in words: "none", "No significant variables", "keine", "nessuna
# significativa (VR-04 non significativa)", "aucune", "ninguna", "geen", "n/a"
_NONE_FIRST = frozenset(
    {"none", "nil", "keine", "keiner", "keines", "nessuna", "nessuno", "aucune", "aucun",
     "ninguna", "ninguno", "nenhuma", "nenhum", "geen", "n/a", "n.a", "n.a.", "na", "ingen",
     "inga", "inget", "intet", "brak", "żadne", "żaden", "žádné", "žádná", "žádný", "yok",
     "nincs", "nincsenek", "καμία", "κανένα", "κανένας", "ουδέν", "niciuna", "niciunul", "nimic",
     "nėra", "nessun", "nenustatyta", "nenustatyti", "nenustatytas", "jokių", "neviena", "puudub",
     "puuduvad", "なし", "無し", "該当なし", "特になし", "無", "无", "没有", "暂无", "不适用",
     "없음", "nihil", "brez", "noben", "nobena", "nobene", "nobenih", "nič", "nema", "nijedan",
     "nijedna", "nijedno", "žiadne", "žiadna", "žiadny", "žiaden", "немає", "нема", "відсутні",
     "відсутня", "відсутній", "отсутствуют", "отсутствует", "nav", "engin", "enginn", "ekkert",
     "ingi", "einki"}
)  # fmt: skip
# None said after what there is none of, as Baltic and Slavic languages put it ("Neatbilstību
# nav", "Neatitikčių nėra", "Несоответствий нет": of nonconformities, there are none), and a
# label answered so ("Nonconformities: none"): the last of two or three words
_NONE_LAST = frozenset(
    {"none", "nil", "keine", "nav", "nėra", "немає", "нема", "нет", "puudub", "pole", "nincs",
     "yok", "brak"}
)  # fmt: skip
MAX_NONE_LAST_WORDS = 3
# None in two words, whose first alone says something else ("Tidak ada", not "Tidak sesuai"),
# and Thai, whose marks the first word's pattern does not hold
_NONE_TWO_WORDS = frozenset({"tidak ada", "không có", "chưa có", "not applicable"})
_NONE_THAI = ("ไม่มี", "ไม่พบ")
# "No" followed by what there is none of: "No significant variables", "Ei poikkeamia", and
# "without" so ("Bez uwag", "Bez neskladnosti": without remarks, without nonconformities);
# Latvian "nav" is none whatever follows it ("Nav konstatētas", "nav (attiecība)")
_NO_AND_A_WORD = frozenset({"no", "ei", "bez"})
_NONE_LEAD = re.compile(r"^\s*(n/a|n\.a\.?|[^\W\d_]+)(?:[\s,.:;(]|$)")
MAX_NONE_CELL = 200


def says_none(cell: Any) -> bool:
    """Whether a cell answers "none" (an SEU no variable affects): its first word says so, or it
    starts "no" and a word ("No significant variables", "Ei poikkeamia")."""
    text = text_of_cell(cell)
    if not text or len(text) > MAX_NONE_CELL:
        return False
    folded = text.casefold()
    if folded.startswith(_NONE_THAI):
        return True
    match = _NONE_LEAD.match(folded)
    if match is None:
        return False
    first = match.group(1)
    if first in _NONE_FIRST:
        return True
    rest = folded[match.end(1) :].split()
    if rest and f"{first} {rest[0].rstrip(',.:;')}" in _NONE_TWO_WORDS:
        return True
    if first in _NO_AND_A_WORD and bool(rest) and rest[0].isalpha():
        return True
    said = folded.rstrip(" .!").replace(":", " ").split()
    return (
        1 < len(said) <= MAX_NONE_LAST_WORDS
        and said[-1] in _NONE_LAST
        and all(w.isalpha() for w in said[:-1])
    )


# A result judged against a limit (a permit's, a licence's, a regulation's): what the column of
# its evaluation, or of its limit, is called says how to read a bare "yes" or "no" in it.
# A column asking whether the result exceeded its limit ("Exceedance?", "Überschreitung")
_EXCEEDED = (
    "exceed", "exceeds", "exceeded", "exceedance", "exceedances", "exceeding", "over limit",
    "over the limit", "above limit", "above the limit", "above licence limit",
    "above permit limit", "breach", "breached", "out of limit", "out of limits", "Überschreitung",
    "überschritten", "dépassement", "dépassé", "dépasse", "superación", "superado", "excedido",
    "excede", "superamento", "superato", "ultrapassagem", "ultrapassado", "excedência",
    "overschrijding", "overschreden", "przekroczenie", "przekroczony", "przekroczona",
    "překročení", "překročeno", "prekoračitev", "prekoračeno", "prekoračena", "ylitys",
    "ylittyi", "ylitetty", "överskridande", "överskriden", "överskridet", "overskridelse",
    "overskredet", "túllépés", "túllépve", "depășire", "depășit", "depășită", "vượt",
    "vượt ngưỡng", "초과", "melebihi", "เกิน", "超标", "超過", "превышение", "превышен",
    "перевищення", "перевищено", "pārsniegums", "pārsniegts", "viršijimas", "viršyta",
    "ületamine", "ületatud",
)  # fmt: skip
# A column naming a limit ("Permit Limit", "Grenzwert", "Mejna vrednost"), or asking whether
# the result is within it or compliant ("Within Limit", "Compliant")
_LIMIT_NAMED = (
    "limit", "limits", "limit value", "consent", "permit", "licence", "license", "ELV",
    "compliant", "compliance", "within limit", "Grenzwert", "Grenzwerte", "eingehalten",
    "valeur limite", "VLE", "conformité réglementaire", "límite", "valor límite", "limite",
    "valore limite", "limite di legge", "grenswaarde", "wartość dopuszczalna",
    "dopuszczalna", "limitní hodnota", "mezní hodnota", "mejna vrednost", "mejna",
    "raja-arvo", "gränsvärde", "grænseværdi", "grenseverdi", "határérték", "valoare limită",
    "giới hạn", "quy chuẩn", "허용기준", "배출기준", "baku mutu", "ค่ามาตรฐาน", "限值",
    "排放标准", "基準値", "норматив", "пдк", "гранично допустима", "robežvērtība",
    "ribinė vertė", "piirväärtus",
)  # fmt: skip
# An evaluation saying the result fails ("Not met", "Non conforme", "ne ustreza")
_FAILED = (
    "not met", "not compliant", "non-compliant", "noncompliant", "non compliant",
    "noncompliance", "non-compliance", "not within", "outside", "fail", "failed", "not ok",
    "nok", "nicht eingehalten", "nicht erfüllt", "non conforme", "non-conforme",
    "non respecté", "no cumple", "no conforme", "incumple", "não conforme", "não cumpre",
    "non rispettato", "voldoet niet", "niet conform", "niezgodny", "niezgodne", "nie spełnia",
    "nevyhovuje", "nesplňuje", "nesplněno", "ne ustreza", "neustrezno", "ei täyty",
    "ei täytä", "uppfylls ej", "ej uppfyllt", "ikke opfyldt", "ikke oppfylt",
    "nem felel meg", "neconform", "neconformă", "không đạt", "부적합", "tidak memenuhi",
    "ไม่ผ่าน", "不合格", "不達成", "не соответствует", "не відповідає", "neatbilst",
    "neatitinka", "ei vasta",
)  # fmt: skip
# A target or goal, whose "exceeded" says nothing of a limit ("tavoite ylittyi": the target was
# exceeded, "Exceeded target" of a KPI)
_TARGET_WORDS = (
    "target", "goal", "objective", "KPI", "Ziel", "Zielwert", "objectif", "cible", "objetivo",
    "meta", "obiettivo", "doel", "streefwaarde", "cel", "cíl", "mål", "målet", "tavoite",
    "cél", "célérték", "obiectiv", "mục tiêu", "목표", "sasaran", "เป้าหมาย", "目标", "目標",
    "цель", "ціль", "mērķis", "tikslas", "eesmärk", "cilj",
)  # fmt: skip
# A bare "no", in the languages a register is kept in
ANSWER_NO = frozenset(
    {"no", "n", "nein", "non", "nee", "nej", "nie", "não", "nao", "ne", "ei", "nu", "nem",
     "hayır", "όχι", "không", "아니오", "tidak", "ไม่", "否", "いいえ", "нет", "ні", "nē", "✗",
     "✘", "×"}
)  # fmt: skip
_ANSWER_YES = frozenset(
    {"yes", "y", "ja", "oui", "sí", "si", "sim", "tak", "ano", "da", "kyllä", "igen", "có",
     "예", "ya", "ใช่", "是", "はい", "да", "так", "jā", "taip", "jah", "✓", "✔"}
)  # fmt: skip
MAX_EVALUATION_CELL = 300  # characters of an evaluation read for what it says of a limit


def outside_limit(evaluation: Any, asked: str, limit_named: str) -> bool:
    """Whether the evaluation of a result says it is outside its limit, read with what the
    organization calls its column (`asked`) and its limit's (`limit_named`): it says an
    exceedance ("Exceedance - INC-26-026 raised", "Überschreitung"), answers yes where the
    column asks whether the limit was exceeded ("Exceedance?": "Y"), or, where either column
    names a limit or asks about compliance ("Within Limit", "Permit Limit", "Mejna vrednost"),
    answers no or says the result fails ("No", "ne ustreza"). "No exceedance" and a target's
    "Not met" (a column naming no limit) are not."""
    text = text_of_cell(evaluation)
    if not text or len(text) > MAX_EVALUATION_CELL:
        return False
    return _outside_limit(text, _asks(asked, limit_named))


# How a register's evaluation column reads: it asks whether the limit was exceeded, or it (or its
# limit's column) names a limit, or neither
_ASKS_EXCEEDED, _NAMES_LIMIT, _NO_LIMIT = "exceeded", "limit", ""


@lru_cache(maxsize=1 << 10)  # the same two column names, row after row
def _asks(asked: str, limit_named: str) -> str:
    if says_any(_EXCEEDED, words(asked)):
        return _ASKS_EXCEEDED
    if says_any(_LIMIT_NAMED, words(asked)) or says_any(_LIMIT_NAMED, words(limit_named)):
        return _NAMES_LIMIT
    return _NO_LIMIT


@lru_cache(maxsize=1 << 14)  # an evaluation column holds a few words, again and again
def _outside_limit(text: str, asks: str) -> bool:
    if says_none(text):
        return False
    said = words(text)
    if not said:
        return False
    bare = text.strip(" .!?").casefold()
    if asks == _ASKS_EXCEEDED:
        return bare in _ANSWER_YES or says_any(_EXCEEDED, said)
    if says_any(_EXCEEDED, said):
        # the target was exceeded, not a limit: a KPI's word for it
        return not says_any(_TARGET_WORDS, said) or says_any(_LIMIT_NAMED, said)
    return asks == _NAMES_LIMIT and (bare in ANSWER_NO or says_any(_FAILED, said))


def _short(cell: Any) -> str:
    """A cell's text where it is short enough to be read as a word or two, else nothing."""
    text = text_of_cell(cell)
    return text if len(text) <= MAX_NONE_CELL else ""


# A cell that says its matter is still to be decided: "TBD", "To be defined after the pilot",
# "noch festzulegen", "à définir". Not "pending" or "open": those are states of something that
# exists (an effectiveness check pending until its date), where these say the thing is not there.
_UNDECIDED = re.compile(
    r"^\s*(?:tbd|tbc|tba|t\.b\.d\.?|n\.t\.b\.?"
    r"|(?:still\s+|yet\s+)?to\s+be\s+(?:defined|determined|decided|confirmed|agreed|established"
    r"|set|assigned|identified|specified|written|drafted)"
    r"|not\s+yet\s+(?:defined|determined|decided|agreed|established|set|assigned|identified"
    r"|specified|written|drafted)"
    r"|noch\s+(?:festzulegen|zu\s+definieren|zu\s+bestimmen|nicht\s+festgelegt|nicht\s+definiert)"
    r"|à\s+(?:définir|déterminer|préciser|confirmer|établir)"
    r"|(?:por|a)\s+(?:definir|determinar|establecer|estabelecer|confirmar)"
    r"|pendiente\s+de\s+(?:definir|determinar)"
    r"|da\s+(?:definire|stabilire|determinare)"
    r"|nog\s+te\s+(?:bepalen|definiëren|bepalen)"
    r"|do\s+(?:ustalenia|określenia|zdefiniowania)"
    r"|skal\s+(?:fastlægges|defineres)|ska\s+fastställas)"
    r"(?=[\s,.:;()\-–—]|$)",
    re.IGNORECASE,
)


def says_undecided(cell: Any) -> bool:
    """Whether a cell says its matter is still to be decided ("To be defined after ECO-mode
    pilot"): filled in, but with nothing yet."""
    return _UNDECIDED.match(_short(cell)) is not None


# An approval still awaited, where a document names its approver: "offen (Entwurf, zur Freigabe
# vorgelegt)", "pending", "awaiting approval", "en attente de validation", "not yet approved"
_PENDING = re.compile(
    r"^\W*(?:open|pending|awaiting|outstanding|not\s+(?:yet\s+)?(?:approved|released|signed)"
    r"|draft|to\s+be\s+(?:approved|signed)|for\s+approval|tbc"
    r"|offen|ausstehend|noch\s+nicht|nicht\s+freigegeben|entwurf|zur\s+freigabe"
    r"|en\s+attente|non\s+(?:approuvé|validé|signé)|brouillon|à\s+valider"
    r"|pendiente|en\s+espera|no\s+aprobado|borrador|por\s+aprobar"
    r"|in\s+attesa|non\s+approvato|bozza|da\s+approvare"
    r"|in\s+afwachting|niet\s+goedgekeurd|concept|nog\s+niet"
    r"|oczekuje|niezatwierdzon\w*|afventer|ikke\s+godkendt|udkast"
    r"|pendente|aguarda\w*|não\s+aprovado|rascunho)"
    r"(?=[\s,.:;()\-–—]|$)",
    re.IGNORECASE,
)


def says_pending(cell: Any) -> bool:
    """Whether a cell naming who approved something says the approval is still awaited."""
    return _PENDING.match(_short(cell)) is not None


# A cell that restricts what it is said of to some of those it could apply to: "Healthcare sites
# only (C101)", "nur Baustellen mit Kran", "uniquement sur site client", "endast Såg 2"
_ONLY = re.compile(
    r"\b(?:only|solely|exclusively|nur|ausschließlich|ausschliesslich|uniquement|seulement"
    r"|exclusivement|solamente|únicamente|unicamente|soltanto|esclusivamente|apenas|somente"
    r"|alleen|uitsluitend|endast|enbart|udelukkende|kun|tylko|wyłącznie|pouze|výhradně|jen"
    r"|vain|ainoastaan)\b",
    re.IGNORECASE,
)


def says_only(cell: Any) -> bool:
    """Whether a cell restricts what it is said of in words ("Healthcare sites only")."""
    return _ONLY.search(_short(cell)) is not None


# A level as skills matrices grade competence: "3", "L3", "Level 3", "Stufe 2", "nivel 4"
_LEVEL_WORD = r"(?:level|lvl|stufe|niveau|nivel|nível|livello|poziom|niveau|trin|niv[aå])"
_LEVEL_HELD = re.compile(r"^\s*(?:" + _LEVEL_WORD + r"\s*|l)?([0-9])\s*\+?\s*$", re.IGNORECASE)
# The least level a requirement states: "Level 3 required", "Level 2+", "min. Stufe 3"
_LEVEL_STATED = re.compile(r"(?<![\w.])" + _LEVEL_WORD + r"\s*([0-9])(?![\d.,])", re.IGNORECASE)


def level_held(cell: Any) -> int | None:
    """The level a cell grades a competence at, where it is nothing but a level ("3", "L3",
    "Level 3"); None for anything else (a certificate, a date, words)."""
    match = _LEVEL_HELD.match(text_of_cell(cell))
    return int(match.group(1)) if match else None


def level_stated(cell: Any) -> int | None:
    """The least level a requirement states in words ("Level 3 required before stamp issue",
    "Level 2: reads drawings"), the lowest where it states several; None where it states none."""
    text = text_of_cell(cell)
    if len(text) > MAX_NONE_CELL:
        return None
    found = {int(m.group(1)) for m in _LEVEL_STATED.finditer(text)}
    return min(found) if found else None


def text_of_cell(cell: Any) -> str:
    return cell.strip() if isinstance(cell, str) else ""


MAX_LISTED_WORDS_CELL = 400  # a longer cell is no list of a column's words


def pack_word(pack: Mapping[str, Iterable[str]], word: str) -> str:
    """`word` as the pack writes it (a profile may write the pack's word in another case)."""
    folded = fold(word)
    for known, synonyms in pack.items():
        if fold(known) == folded or folded in {fold(s) for s in synonyms}:
            return known
    return word


# A number as registers print it: a comparator or "approx." before it, a unit or % after it, the
# decimal point or comma, groups of thousands ("95,1 %", "≤ 500 ppm", "1.234,5", "1,234.5 h").
_NUMBER = re.compile(
    r"^(?:[<>≤≥=~≈]=?|ca\.?|approx\.?)?\s*([-+−]?)(\d+(?:[.,'’ \u00a0\u202f]\d{3})*)([.,]\d+)?"
    r"\s*(?:%|‰|[^\W\d_][^\W\d_.]*\.?(?:/[^\W\d_]+)?)?"
    # a word for the number in parentheses after it: "4 (mittel)", "20 (high)"
    r"(?:\s*\([^\W\d_][^()\d]{0,24}\))?$"
)
MAX_NUMBER = 40  # a longer cell is no number


def to_number(value: Any) -> float:
    """A cell as a number. Raises ValueError for anything else, for NaN and infinities (never a
    number that passes every comparison or none) and for "1,234", which is a thousand and some or
    one and a bit depending on who wrote it."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return float(value)
    text = str(value).strip()
    match = _NUMBER.match(text) if len(text) <= MAX_NUMBER else None
    if match is None:
        raise ValueError("not a number")
    sign, whole, fraction = match.group(1), match.group(2), match.group(3) or ""
    separators = set(re.sub(r"\d", "", whole))
    if len(separators) > 1 or (fraction and fraction[0] in separators):
        raise ValueError("not a number")
    if not fraction and separators == {"."} and len(whole) == 5:
        whole, fraction = whole[0], whole[1:]  # "1.125" is a decimal, as it always was
    elif not fraction and separators == {","} and len(whole) == 5 and whole[0] != "0":
        # "1,234": a thousand and some, or one and a bit, depending on who wrote it
        raise ValueError("ambiguous: a decimal comma or a thousands separator")
    elif not fraction and separators == {","} and whole[0] == "0" and len(whole) == 5:
        whole, fraction = "0", whole[1:]  # "0,001"
    number = float(re.sub(r"\D", "", whole) + ("." + fraction[1:] if fraction else ""))
    return -number if sign in ("-", "−") else number


def on_scale(cell: str, theirs: tuple[float, float], ours: tuple[float, float]) -> float | str:
    """A number on the organization's scale (worst, best) as the same place on the pack's: a school
    grade of 2.8 (5 worst, 1 best) is 5.5 out of 10. A cell that is no number is kept as written."""
    try:
        number = to_number(cell)
    except ValueError:
        return cell
    (their_worst, their_best), (worst, best) = theirs, ours
    if their_best == their_worst:
        return cell
    return worst + (number - their_worst) * (best - worst) / (their_best - their_worst)


# How often something is done, as the longest period in days it allows: a month is up to 31 days,
# a quarter 92, half a year 183, a year 366 (a yearly test on 5 November may fall on 6 November
# the year after a leap day; no auditor counts a day).
_DAYS_PER = {"d": 1.0, "w": 7.0, "m": 365.25 / 12, "y": 365.25}


@lru_cache(maxsize=64)
def period_days(count: int, unit: str) -> int:
    """The most days `count` of a unit can span: calendar months as the longest run of them
    ("every 6 months" from 20 May is 20 November, 184 days on), years with a leap day."""
    if unit == "q":  # a quarter of a year: three calendar months
        return period_days(count * 3, "m")
    if unit != "m":
        return math.ceil(count * _DAYS_PER[unit] - 1e-9)
    longest = 0
    for year in (2023, 2024):  # a year with a leap day and one without
        for month in range(1, 13):
            ahead = month - 1 + count
            start = dt.date(year, month, 1)
            longest = max(longest, (dt.date(year + ahead // 12, ahead % 12 + 1, 1) - start).days)
    return longest


_EVERY_WORD = {
    "daily": "1d", "weekly": "1w", "fortnightly": "2w", "biweekly": "2w", "monthly": "1m",
    "quarterly": "3m", "half-yearly": "6m", "half yearly": "6m", "semi-annual": "6m",
    "semi-annually": "6m", "semiannual": "6m", "semiannually": "6m", "six-monthly": "6m",
    "six monthly": "6m", "annual": "1y", "annually": "1y", "yearly": "1y", "biennial": "2y",
    "biennially": "2y", "triennial": "3y", "triennially": "3y", "once a month": "1m",
    "once a quarter": "3m", "twice a year": "6m", "once a year": "1y", "per year": "1y",
    "once per year": "1y", "twice per year": "6m", "once per month": "1m", "once per quarter": "3m",
    "every other year": "2y", "every second year": "2y", "alternate years": "2y",
    "in alternate years": "2y", "every other month": "2m", "every other week": "2w",
    # de
    "täglich": "1d", "wöchentlich": "1w", "monatlich": "1m", "vierteljährlich": "3m",
    "quartalsweise": "3m", "halbjährlich": "6m", "jährlich": "1y", "zweijährlich": "2y",
    # nl
    "dagelijks": "1d", "wekelijks": "1w", "maandelijks": "1m", "per kwartaal": "3m",
    "elk kwartaal": "3m", "driemaandelijks": "3m", "halfjaarlijks": "6m", "jaarlijks": "1y",
    "tweejaarlijks": "2y",
    # fr
    "quotidien": "1d", "hebdomadaire": "1w", "mensuel": "1m", "trimestriel": "3m",
    "semestriel": "6m", "annuel": "1y", "annuelle": "1y", "biennal": "2y", "tous les ans": "1y",
    # es
    "diario": "1d", "diaria": "1d", "semanal": "1w", "quincenal": "2w", "mensual": "1m",
    "trimestral": "3m", "semestral": "6m", "anual": "1y", "bienal": "2y", "cada año": "1y",
    # it
    "giornaliero": "1d", "quotidiano": "1d", "settimanale": "1w", "mensile": "1m",
    "trimestrale": "3m", "semestrale": "6m", "annuale": "1y", "biennale": "2y", "ogni anno": "1y",
    # pt
    "diária": "1d", "mensal": "1m", "anualmente": "1y", "todos os anos": "1y",
    # pl
    "codziennie": "1d", "co tydzień": "1w", "co miesiąc": "1m", "miesięcznie": "1m",
    "kwartalnie": "3m", "co kwartał": "3m", "półrocznie": "6m", "rocznie": "1y",
    "co roku": "1y", "corocznie": "1y", "co dwa lata": "2y", "raz w roku": "1y", "raz na rok": "1y",
    "dwa razy w roku": "6m", "raz na pół roku": "6m", "co pół roku": "6m", "raz w kwartale": "3m",
    "raz na kwartał": "3m", "raz w miesiącu": "1m", "raz w tygodniu": "1w", "raz na dwa lata": "2y",
    "raz na trzy lata": "3y", "co trzy lata": "3y",
    # and as adjectives ("Dostępność miesięczna", monthly availability; "przegląd roczny")
    "dzienny": "1d", "dzienna": "1d", "dzienne": "1d", "tygodniowy": "1w", "tygodniowa": "1w",
    "tygodniowe": "1w", "miesięczny": "1m", "miesięczna": "1m", "miesięczne": "1m",
    "kwartalny": "3m", "kwartalna": "3m", "kwartalne": "3m", "półroczny": "6m",
    "półroczna": "6m", "półroczne": "6m", "roczny": "1y", "roczna": "1y", "roczne": "1y",
    # more ways of saying it once a period, in the languages above
    "una vez al año": "1y", "dos veces al año": "6m", "semestralmente": "6m",
    "trimestralmente": "3m", "mensualmente": "1m", "cada seis meses": "6m",
    "uma vez por ano": "1y", "duas vezes por ano": "6m", "uma vez por mês": "1m",
    "une fois par an": "1y", "deux fois par an": "6m", "par an": "1y", "chaque année": "1y",
    "una volta all'anno": "1y", "due volte all'anno": "6m", "annualmente": "1y",
    "einmal jährlich": "1y", "einmal im jahr": "1y", "zweimal jährlich": "6m", "pro jahr": "1y",
    "eens per jaar": "1y", "per jaar": "1y", "twee keer per jaar": "6m", "per maand": "1m",
    "per week": "1w",
    # da, no, sv
    "dagligt": "1d", "daglig": "1d", "dagligen": "1d", "ugentligt": "1w", "ukentlig": "1w",
    "varje vecka": "1w", "veckovis": "1w", "månedligt": "1m", "månedlig": "1m",
    "månadsvis": "1m", "varje månad": "1m", "kvartalsvis": "3m", "halvårligt": "6m",
    "halvårlig": "6m", "halvårsvis": "6m", "årligt": "1y", "årlig": "1y", "årligen": "1y",
    "hvert år": "1y", "varje år": "1y", "en gång per år": "1y", "en gång om året": "1y",
    "två gånger per år": "6m", "hvert andet år": "2y", "annethvert år": "2y",
    "vartannat år": "2y", "vart annat år": "2y", "vart tredje år": "3y", "hvert tredje år": "3y",
    # fi
    "päivittäin": "1d", "viikoittain": "1w", "kuukausittain": "1m", "neljännesvuosittain": "3m",
    "puolivuosittain": "6m", "vuosittain": "1y", "vuosittainen": "1y", "kerran vuodessa": "1y",
    "kahdesti vuodessa": "6m", "kerran kuukaudessa": "1m", "kerran viikossa": "1w",
    "joka vuosi": "1y", "joka toinen vuosi": "2y", "joka kolmas vuosi": "3y",
    # cs
    "denně": "1d", "týdně": "1w", "měsíčně": "1m", "čtvrtletně": "3m", "pololetně": "6m",
    "ročně": "1y", "jednou ročně": "1y", "jednou za rok": "1y", "každý rok": "1y",
    "dvakrát ročně": "6m", "jednou za dva roky": "2y", "jednou za tři roky": "3y",
    # sk
    "denne": "1d", "týždenne": "1w", "mesačne": "1m", "štvrťročne": "3m", "polročne": "6m",
    "ročne": "1y", "raz ročne": "1y", "raz za rok": "1y",
    "dvakrát ročne": "6m", "raz za dva roky": "2y",
    # sl
    "dnevno": "1d", "tedensko": "1w", "mesečno": "1m", "četrtletno": "3m", "polletno": "6m",
    "letno": "1y", "enkrat letno": "1y", "enkrat na leto": "1y", "vsako leto": "1y",
    "dvakrat letno": "6m", "vsaki dve leti": "2y", "na dve leti": "2y", "na 2 leti": "2y",
    "vsake tri leta": "3y", "na tri leta": "3y",
    # hr, sr (Latin script)
    "tjedno": "1w", "nedeljno": "1w", "mjesečno": "1m", "tromjesečno": "3m",
    "kvartalno": "3m", "tromesečno": "3m", "polugodišnje": "6m", "godišnje": "1y",
    "jednom godišnje": "1y", "svake godine": "1y", "dvaput godišnje": "6m",
    "dva puta godišnje": "6m", "svake dvije godine": "2y", "svake dve godine": "2y",
    # hu
    "naponta": "1d", "naponként": "1d", "hetente": "1w", "hetenként": "1w", "havonta": "1m",
    "havonként": "1m", "negyedévente": "3m", "negyedévenként": "3m", "félévente": "6m",
    "félévenként": "6m", "évente": "1y", "évenként": "1y", "évente egyszer": "1y",
    "évente kétszer": "6m", "kétévente": "2y", "háromévente": "3y",
    # ro
    "zilnic": "1d", "săptămânal": "1w", "lunar": "1m", "trimestrial": "3m", "semestrial": "6m",
    "o dată pe an": "1y", "de două ori pe an": "6m", "la doi ani": "2y", "o dată la doi ani": "2y",
    "la trei ani": "3y", "o dată la trei ani": "3y",
    # el
    "ημερήσια": "1d", "καθημερινά": "1d", "εβδομαδιαία": "1w", "μηνιαία": "1m", "μηνιαίως": "1m",
    "τριμηνιαία": "3m", "ανά τρίμηνο": "3m", "εξαμηνιαία": "6m", "ανά εξάμηνο": "6m",
    "ετήσια": "1y", "ετήσιο": "1y", "ετησίως": "1y", "ανά έτος": "1y", "κάθε χρόνο": "1y",
    "ανά διετία": "2y", "ανά τριετία": "3y",
    # hu, more forms
    "éves": "1y", "évi": "1y", "évenkénti": "1y", "évente 1x": "1y", "évi egyszer": "1y",
    "évi egy alkalommal": "1y", "minden évben": "1y", "egyszer egy évben": "1y", "12 havonta": "1y",
    "12 havonként": "1y", "féléves": "6m", "félévi": "6m", "félévenkénti": "6m", "évente 2x": "6m",
    "évente 2 alkalommal": "6m", "évi kétszer": "6m", "évi két alkalommal": "6m", "hathavonta": "6m",
    "hat havonta": "6m", "6 havonta": "6m", "6 havonként": "6m", "negyedéves": "3m", "negyedévi": "3m",
    "negyedévenkénti": "3m", "évente négyszer": "3m", "évente 4x": "3m", "háromhavonta": "3m",
    "három havonta": "3m", "3 havonta": "3m", "3 havonként": "3m", "havi": "1m", "havonkénti": "1m",
    "havi egyszer": "1m", "havi egy alkalommal": "1m", "minden hónapban": "1m", "havonta 1x": "1m",
    "heti": "1w", "hetenkénti": "1w", "heti egyszer": "1w", "heti egy alkalommal": "1w",
    "minden héten": "1w", "hetente 1x": "1w", "napi": "1d", "naponkénti": "1d", "napi egyszer": "1d",
    "mindennap": "1d", "minden nap": "1d", "kétéves": "2y", "kétévenként": "2y", "kétévenkénti": "2y",
    "két évente": "2y", "2 évente": "2y", "kétévi": "2y", "minden második évben": "2y", "hároméves": "3y",
    "háromévenként": "3y", "háromévenkénti": "3y", "három évente": "3y", "3 évente": "3y",
    "minden harmadik évben": "3y",
    # ro, more forms
    "anuală": "1y", "anuale": "1y", "anuali": "1y", "o dată la un an": "1y", "în fiecare an": "1y",
    "la un an": "1y", "pe an": "1y", "la fiecare an": "1y", "semestrială": "6m", "semestriale": "6m",
    "la șase luni": "6m", "o dată la șase luni": "6m", "la 6 luni": "6m", "o dată la 6 luni": "6m",
    "bianual": "6m", "bianuală": "6m", "în fiecare semestru": "6m", "pe semestru": "6m",
    "trimestrială": "3m", "trimestriale": "3m", "o dată pe trimestru": "3m", "în fiecare trimestru": "3m",
    "la trei luni": "3m", "o dată la trei luni": "3m", "la 3 luni": "3m", "pe trimestru": "3m",
    "lunară": "1m", "lunare": "1m", "o dată pe lună": "1m", "în fiecare lună": "1m", "pe lună": "1m",
    "la o lună": "1m", "săptămânală": "1w", "săptămânale": "1w", "o dată pe săptămână": "1w",
    "în fiecare săptămână": "1w", "pe săptămână": "1w", "zilnică": "1d", "zilnice": "1d",
    "în fiecare zi": "1d", "o dată pe zi": "1d", "pe zi": "1d", "la fiecare doi ani": "2y", "bienală": "2y",
    "din doi în doi ani": "2y", "la 2 ani": "2y", "o dată la 2 ani": "2y", "la fiecare trei ani": "3y",
    "trienal": "3y", "trienală": "3y", "din trei în trei ani": "3y", "la 3 ani": "3y",
    "o dată la 3 ani": "3y",
    # el, more forms
    "ετήσιος": "1y", "ετήσιες": "1y", "ετήσιοι": "1y", "ετήσιας": "1y", "ετήσιου": "1y", "ετησίου": "1y",
    "κάθε έτος": "1y", "ανά χρόνο": "1y", "μία φορά το χρόνο": "1y", "μια φορά το χρόνο": "1y",
    "μία φορά τον χρόνο": "1y", "μια φορά τον χρόνο": "1y", "1 φορά το χρόνο": "1y",
    "1 φορά τον χρόνο": "1y", "κάθε 12 μήνες": "1y", "ανά 12 μήνες": "1y", "ανά δωδεκάμηνο": "1y",
    "εξαμηνιαίος": "6m", "εξαμηνιαίο": "6m", "εξαμηνιαίες": "6m", "εξαμηνιαίως": "6m", "κάθε εξάμηνο": "6m",
    "κάθε 6 μήνες": "6m", "ανά 6 μήνες": "6m", "κάθε έξι μήνες": "6m", "ανά έξι μήνες": "6m",
    "δύο φορές το χρόνο": "6m", "δυο φορές το χρόνο": "6m", "δύο φορές τον χρόνο": "6m",
    "2 φορές το χρόνο": "6m", "2 φορές τον χρόνο": "6m", "δύο φορές ετησίως": "6m", "2 φορές ετησίως": "6m",
    "δις ετησίως": "6m", "τριμηνιαίος": "3m", "τριμηνιαίο": "3m", "τριμηνιαίες": "3m", "τριμηνιαίως": "3m",
    "κάθε τρίμηνο": "3m", "κάθε 3 μήνες": "3m", "ανά 3 μήνες": "3m", "κάθε τρεις μήνες": "3m",
    "ανά τρεις μήνες": "3m", "μία φορά το τρίμηνο": "3m", "μια φορά το τρίμηνο": "3m",
    "4 φορές το χρόνο": "3m", "τέσσερις φορές το χρόνο": "3m", "μηνιαίος": "1m", "μηνιαίο": "1m",
    "μηνιαίες": "1m", "κάθε μήνα": "1m", "ανά μήνα": "1m", "μία φορά το μήνα": "1m",
    "μια φορά το μήνα": "1m", "μία φορά τον μήνα": "1m", "μια φορά τον μήνα": "1m", "1 φορά το μήνα": "1m",
    "1 φορά τον μήνα": "1m", "εβδομαδιαίος": "1w", "εβδομαδιαίο": "1w", "εβδομαδιαίες": "1w",
    "εβδομαδιαίως": "1w", "κάθε εβδομάδα": "1w", "ανά εβδομάδα": "1w", "μία φορά την εβδομάδα": "1w",
    "μια φορά την εβδομάδα": "1w", "1 φορά την εβδομάδα": "1w", "ημερήσιος": "1d", "ημερήσιο": "1d",
    "ημερήσιες": "1d", "ημερησίως": "1d", "καθημερινός": "1d", "καθημερινή": "1d", "καθημερινό": "1d",
    "καθημερινώς": "1d", "κάθε μέρα": "1d", "κάθε ημέρα": "1d", "ανά ημέρα": "1d",
    "σε καθημερινή βάση": "1d", "διετής": "2y", "διετία": "2y", "κάθε δύο χρόνια": "2y",
    "κάθε δυο χρόνια": "2y", "κάθε 2 χρόνια": "2y", "κάθε δύο έτη": "2y", "κάθε 2 έτη": "2y",
    "ανά δύο έτη": "2y", "ανά 2 έτη": "2y", "ανά δύο χρόνια": "2y", "ανά 2 χρόνια": "2y",
    "κάθε 24 μήνες": "2y", "ανά 24 μήνες": "2y", "μία φορά κάθε δύο χρόνια": "2y",
    "μια φορά κάθε δύο χρόνια": "2y", "τριετής": "3y", "τριετία": "3y", "κάθε τρία χρόνια": "3y",
    "κάθε 3 χρόνια": "3y", "κάθε τρία έτη": "3y", "κάθε 3 έτη": "3y", "ανά τρία έτη": "3y",
    "ανά 3 έτη": "3y", "ανά τρία χρόνια": "3y", "ανά 3 χρόνια": "3y", "κάθε 36 μήνες": "3y",
    "ανά 36 μήνες": "3y", "μία φορά κάθε τρία χρόνια": "3y", "μια φορά κάθε τρία χρόνια": "3y",
    # vi
    "hằng năm": "1y", "hàng năm": "1y", "mỗi năm": "1y", "năm một lần": "1y",
    "một năm một lần": "1y", "mỗi năm một lần": "1y", "một lần mỗi năm": "1y",
    "định kỳ hằng năm": "1y", "định kỳ hàng năm": "1y", "thường niên": "1y", "1 năm/lần": "1y",
    "1 lần/năm": "1y", "12 tháng/lần": "1y", "12 tháng một lần": "1y", "6 tháng một lần": "6m",
    "sáu tháng một lần": "6m", "6 tháng/lần": "6m", "nửa năm một lần": "6m",
    "hai lần mỗi năm": "6m", "hai lần một năm": "6m", "2 lần/năm": "6m", "mỗi 6 tháng": "6m",
    "mỗi sáu tháng": "6m", "định kỳ 6 tháng": "6m", "bán niên": "6m", "nửa năm": "6m",
    "hằng quý": "3m", "hàng quý": "3m", "hằng quí": "3m", "hàng quí": "3m", "mỗi quý": "3m",
    "quý một lần": "3m", "định kỳ hằng quý": "3m", "định kỳ hàng quý": "3m", "theo quý": "3m",
    "3 tháng một lần": "3m", "ba tháng một lần": "3m", "3 tháng/lần": "3m", "1 lần/quý": "3m",
    "mỗi 3 tháng": "3m", "hằng tháng": "1m", "hàng tháng": "1m", "mỗi tháng": "1m",
    "tháng một lần": "1m", "một tháng một lần": "1m", "định kỳ hằng tháng": "1m",
    "định kỳ hàng tháng": "1m", "theo tháng": "1m", "1 lần/tháng": "1m", "1 tháng/lần": "1m",
    "hằng tuần": "1w", "hàng tuần": "1w", "mỗi tuần": "1w", "tuần một lần": "1w",
    "một tuần một lần": "1w", "định kỳ hằng tuần": "1w", "định kỳ hàng tuần": "1w",
    "theo tuần": "1w", "1 lần/tuần": "1w", "hằng ngày": "1d", "hàng ngày": "1d", "mỗi ngày": "1d",
    "ngày một lần": "1d", "định kỳ hằng ngày": "1d", "định kỳ hàng ngày": "1d", "theo ngày": "1d",
    "1 lần/ngày": "1d", "2 năm một lần": "2y", "hai năm một lần": "2y", "2 năm/lần": "2y",
    "mỗi 2 năm": "2y", "mỗi hai năm": "2y", "định kỳ 2 năm": "2y", "24 tháng/lần": "2y",
    "24 tháng một lần": "2y", "3 năm một lần": "3y", "ba năm một lần": "3y", "3 năm/lần": "3y",
    "mỗi 3 năm": "3y", "mỗi ba năm": "3y", "định kỳ 3 năm": "3y", "36 tháng/lần": "3y",
    "36 tháng một lần": "3y",
    # ko
    "매년": "1y", "연간": "1y", "연례": "1y", "해마다": "1y", "연 1회": "1y",
    "연1회": "1y", "년 1회": "1y", "년1회": "1y", "1년": "1y", "1년마다": "1y",
    "1년 1회": "1y", "1년에 1회": "1y", "1년에 한 번": "1y", "매년 1회": "1y",
    "매 1년": "1y", "12개월": "1y", "12개월마다": "1y", "반기": "6m",
    "반기별": "6m", "매반기": "6m", "반기 1회": "6m", "반기1회": "6m",
    "연 2회": "6m", "연2회": "6m", "년 2회": "6m", "년2회": "6m", "6개월": "6m",
    "6개월마다": "6m", "매 6개월": "6m", "반년": "6m", "반년마다": "6m",
    "1년에 2회": "6m", "분기": "3m", "분기별": "3m", "매분기": "3m",
    "매 분기": "3m", "분기 1회": "3m", "분기1회": "3m", "연 4회": "3m",
    "연4회": "3m", "3개월": "3m", "3개월마다": "3m", "매 3개월": "3m",
    "월간": "1m", "월별": "1m", "매월": "1m", "매달": "1m", "월 1회": "1m",
    "월1회": "1m", "1개월": "1m", "1개월마다": "1m", "매 1개월": "1m",
    "달마다": "1m", "한 달에 한 번": "1m", "주간": "1w", "주별": "1w", "매주": "1w",
    "주 1회": "1w", "주1회": "1w", "1주": "1w", "1주마다": "1w", "1주일": "1w",
    "일주일마다": "1w", "주마다": "1w", "일간": "1d", "일일": "1d", "매일": "1d",
    "일 1회": "1d", "일1회": "1d", "1일": "1d", "날마다": "1d", "일별": "1d",
    "매일 1회": "1d", "격년": "2y", "2년": "2y", "2년마다": "2y",
    "2년 1회": "2y", "2년1회": "2y", "2년에 1회": "2y", "2년에 한 번": "2y",
    "매 2년": "2y", "24개월": "2y", "24개월마다": "2y", "3년": "3y",
    "3년마다": "3y", "3년 1회": "3y", "3년1회": "3y", "3년에 1회": "3y",
    "3년에 한 번": "3y", "매 3년": "3y", "36개월": "3y", "36개월마다": "3y",
    # id
    "tahunan": "1y", "setiap tahun": "1y", "tiap tahun": "1y", "per tahun": "1y",
    "setahun sekali": "1y", "sekali setahun": "1y", "1 tahun sekali": "1y",
    "satu tahun sekali": "1y", "1x setahun": "1y", "1 kali setahun": "1y", "1x/tahun": "1y",
    "1x per tahun": "1y", "12 bulan sekali": "1y", "setiap 12 bulan": "1y", "semesteran": "6m",
    "per semester": "6m", "setiap semester": "6m", "tiap semester": "6m", "6 bulan sekali": "6m",
    "enam bulan sekali": "6m", "setiap 6 bulan": "6m", "setiap enam bulan": "6m",
    "tiap 6 bulan": "6m", "dua kali setahun": "6m", "2 kali setahun": "6m", "2x setahun": "6m",
    "2x/tahun": "6m", "setengah tahunan": "6m", "enam bulanan": "6m", "6 bulanan": "6m",
    "triwulanan": "3m", "per triwulan": "3m", "setiap triwulan": "3m", "tiap triwulan": "3m",
    "kuartalan": "3m", "per kuartal": "3m", "setiap kuartal": "3m", "3 bulan sekali": "3m",
    "tiga bulan sekali": "3m", "setiap 3 bulan": "3m", "setiap tiga bulan": "3m",
    "tiap 3 bulan": "3m", "tiga bulanan": "3m", "3 bulanan": "3m", "4 kali setahun": "3m",
    "4x setahun": "3m", "bulanan": "1m", "setiap bulan": "1m", "tiap bulan": "1m",
    "per bulan": "1m", "sebulan sekali": "1m", "sekali sebulan": "1m", "1 bulan sekali": "1m",
    "satu bulan sekali": "1m", "1x sebulan": "1m", "1 kali sebulan": "1m", "1x/bulan": "1m",
    "1x per bulan": "1m", "mingguan": "1w", "setiap minggu": "1w", "tiap minggu": "1w",
    "per minggu": "1w", "seminggu sekali": "1w", "sekali seminggu": "1w", "1 minggu sekali": "1w",
    "1x seminggu": "1w", "1 kali seminggu": "1w", "1x/minggu": "1w", "setiap pekan": "1w",
    "sepekan sekali": "1w", "pekanan": "1w", "harian": "1d", "setiap hari": "1d",
    "tiap hari": "1d", "per hari": "1d", "sehari sekali": "1d", "sekali sehari": "1d",
    "1x sehari": "1d", "1 kali sehari": "1d", "1x/hari": "1d", "dua tahunan": "2y",
    "2 tahunan": "2y", "setiap 2 tahun": "2y", "setiap dua tahun": "2y", "tiap 2 tahun": "2y",
    "tiap dua tahun": "2y", "2 tahun sekali": "2y", "dua tahun sekali": "2y",
    "sekali dalam 2 tahun": "2y", "24 bulan sekali": "2y", "setiap 24 bulan": "2y",
    "tiga tahunan": "3y", "3 tahunan": "3y", "setiap 3 tahun": "3y", "setiap tiga tahun": "3y",
    "tiap 3 tahun": "3y", "tiap tiga tahun": "3y", "3 tahun sekali": "3y",
    "tiga tahun sekali": "3y", "sekali dalam 3 tahun": "3y", "36 bulan sekali": "3y",
    "setiap 36 bulan": "3y",
    # th
    "รายปี": "1y", "ทุกปี": "1y", "ประจำปี": "1y", "ปีละครั้ง": "1y",
    "ปีละ 1 ครั้ง": "1y", "ปีละหนึ่งครั้ง": "1y", "1 ครั้ง/ปี": "1y",
    "1 ครั้งต่อปี": "1y", "ครั้ง/ปี": "1y", "ทุก 1 ปี": "1y",
    "ทุก 12 เดือน": "1y", "ทุกๆ ปี": "1y", "ทุก ๆ ปี": "1y",
    "1 ปี": "1y", "12 เดือน": "1y", "1 ปี/ครั้ง": "1y",
    "1 ปีครั้ง": "1y", "ราย 6 เดือน": "6m", "ทุก 6 เดือน": "6m",
    "ทุกหกเดือน": "6m", "ครึ่งปี": "6m", "รายครึ่งปี": "6m",
    "ทุกครึ่งปี": "6m", "ครึ่งปีละครั้ง": "6m", "ปีละ 2 ครั้ง": "6m",
    "ปีละสองครั้ง": "6m", "2 ครั้ง/ปี": "6m", "2 ครั้งต่อปี": "6m",
    "6 เดือนครั้ง": "6m", "6 เดือน/ครั้ง": "6m",
    "6 เดือนต่อครั้ง": "6m", "ทุกๆ 6 เดือน": "6m",
    "ทุก ๆ 6 เดือน": "6m", "6 เดือน": "6m", "รายไตรมาส": "3m",
    "ทุกไตรมาส": "3m", "ประจำไตรมาส": "3m", "ไตรมาสละครั้ง": "3m",
    "ไตรมาสละ 1 ครั้ง": "3m", "ทุก 3 เดือน": "3m",
    "ทุกสามเดือน": "3m", "3 เดือนครั้ง": "3m", "3 เดือน/ครั้ง": "3m",
    "3 เดือนต่อครั้ง": "3m", "ราย 3 เดือน": "3m",
    "ปีละ 4 ครั้ง": "3m", "4 ครั้ง/ปี": "3m", "1 ครั้ง/ไตรมาส": "3m",
    "ทุกๆ 3 เดือน": "3m", "ทุก ๆ 3 เดือน": "3m", "3 เดือน": "3m",
    "รายเดือน": "1m", "ทุกเดือน": "1m", "ประจำเดือน": "1m",
    # ja
    "毎年": "1y", "年1回": "1y", "年１回": "1y", "年一回": "1y", "1年に1回": "1y", "1回/年": "1y",
    "年次": "1y", "1年": "1y", "1年毎": "1y", "1年ごと": "1y", "年2回": "6m", "年２回": "6m",
    "半年": "6m", "半年毎": "6m", "半年ごと": "6m", "6ヶ月毎": "6m", "6ヶ月ごと": "6m",
    "6か月ごと": "6m", "6ヵ月ごと": "6m", "年4回": "3m", "年４回": "3m", "四半期": "3m",
    "四半期毎": "3m", "四半期ごと": "3m", "3ヶ月毎": "3m", "3ヶ月ごと": "3m", "3か月ごと": "3m",
    "3ヵ月ごと": "3m", "毎月": "1m", "月1回": "1m", "月１回": "1m", "月一回": "1m", "月次": "1m",
    "1回/月": "1m", "毎週": "1w", "週1回": "1w", "週１回": "1w", "週次": "1w", "毎日": "1d",
    "日次": "1d", "1日1回": "1d", "2年毎": "2y", "2年ごと": "2y", "2年に1回": "2y", "3年毎": "3y",
    "3年ごと": "3y", "3年に1回": "3y",
    # zh
    "每年": "1y", "每年一次": "1y", "一年一次": "1y", "1次/年": "1y", "每半年": "6m",
    "半年一次": "6m", "每季度": "3m", "每季": "3m", "季度": "3m", "每月": "1m", "每月一次": "1m",
    "1次/月": "1m", "每周": "1w", "每週": "1w", "每天": "1d", "每日": "1d", "每两年": "2y",
    "每兩年": "2y", "两年一次": "2y", "兩年一次": "2y", "每三年": "3y", "三年一次": "3y",
    "เดือนละครั้ง": "1m", "เดือนละ 1 ครั้ง": "1m",
    "เดือนละหนึ่งครั้ง": "1m", "1 ครั้ง/เดือน": "1m",
    "1 ครั้งต่อเดือน": "1m", "ครั้ง/เดือน": "1m", "ทุก 1 เดือน": "1m",
    "ทุกๆ เดือน": "1m", "ทุก ๆ เดือน": "1m", "1 เดือน": "1m",
    "รายสัปดาห์": "1w", "ทุกสัปดาห์": "1w", "ประจำสัปดาห์": "1w",
    "สัปดาห์ละครั้ง": "1w", "สัปดาห์ละ 1 ครั้ง": "1w",
    "1 ครั้ง/สัปดาห์": "1w", "1 ครั้งต่อสัปดาห์": "1w",
    "ครั้ง/สัปดาห์": "1w", "ทุกอาทิตย์": "1w", "อาทิตย์ละครั้ง": "1w",
    "รายอาทิตย์": "1w", "ทุก 7 วัน": "1w", "ทุกๆ สัปดาห์": "1w",
    "ทุก ๆ สัปดาห์": "1w", "1 สัปดาห์": "1w", "รายวัน": "1d",
    "ทุกวัน": "1d", "ประจำวัน": "1d", "วันละครั้ง": "1d",
    "วันละ 1 ครั้ง": "1d", "1 ครั้ง/วัน": "1d", "1 ครั้งต่อวัน": "1d",
    "ครั้ง/วัน": "1d", "ทุกๆ วัน": "1d", "ทุก ๆ วัน": "1d",
    "ทุก 2 ปี": "2y", "ทุกสองปี": "2y", "2 ปีครั้ง": "2y",
    "2 ปี/ครั้ง": "2y", "สองปีครั้ง": "2y", "2 ปีต่อครั้ง": "2y",
    "ราย 2 ปี": "2y", "ทุก 24 เดือน": "2y", "ทุกๆ 2 ปี": "2y",
    "ทุก ๆ 2 ปี": "2y", "2 ปี": "2y", "ทุก 3 ปี": "3y",
    "ทุกสามปี": "3y", "3 ปีครั้ง": "3y", "3 ปี/ครั้ง": "3y",
    "สามปีครั้ง": "3y", "3 ปีต่อครั้ง": "3y", "ราย 3 ปี": "3y",
    "ทุก 36 เดือน": "3y", "ทุกๆ 3 ปี": "3y", "ทุก ๆ 3 ปี": "3y",
    "3 ปี": "3y",
    # lv
    "katru dienu": "1d", "ik dienu": "1d", "reizi nedēļā": "1w", "katru nedēļu": "1w",
    "reizi mēnesī": "1m", "katru mēnesi": "1m", "ik mēnesi": "1m", "reizi ceturksnī": "3m",
    "katru ceturksni": "3m", "reizi pusgadā": "6m", "divreiz gadā": "6m", "reizi gadā": "1y",
    "katru gadu": "1y", "ik gadu": "1y", "ikgadēji": "1y", "reizi divos gados": "2y",
    "reizi trijos gados": "3y", "ikdienas": "1d", "iknedēļas": "1w", "ikmēneša": "1m",
    "ikceturkšņa": "3m", "ikgadējs": "1y", "ikgadēja": "1y", "ikgadējā": "1y",
    # lt
    "kasdien": "1d", "kas savaitę": "1w", "kas mėnesį": "1m", "kartą per mėnesį": "1m",
    "kas ketvirtį": "3m", "kartą per ketvirtį": "3m", "kas pusmetį": "6m",
    "du kartus per metus": "6m", "kasmet": "1y", "kartą per metus": "1y", "kas metus": "1y",
    "kas dvejus metus": "2y", "kas trejus metus": "3y", "kasdienis": "1d", "savaitinis": "1w",
    "mėnesinis": "1m", "ketvirtinis": "3m", "pusmetinis": "6m", "metinis": "1y", "metinė": "1y",
    "kasmetinis": "1y", "kasmetinė": "1y",
    # et
    "iga päev": "1d", "kord nädalas": "1w", "kord kuus": "1m", "igakuiselt": "1m",
    "kord kvartalis": "3m", "kord poolaastas": "6m", "kaks korda aastas": "6m",
    "kord aastas": "1y", "igal aastal": "1y", "iga-aastaselt": "1y", "kord kahe aasta jooksul": "2y",
    "igapäevane": "1d", "iganädalane": "1w", "igakuine": "1m", "kvartaalne": "3m",
    "iga kvartal": "3m", "poolaastane": "6m", "iga-aastane": "1y", "aastane": "1y",
    "iga kahe aasta järel": "2y", "iga kolme aasta järel": "3y",
    # uk, ru
    "щодня": "1d", "щотижня": "1w", "щомісяця": "1m", "щомісячно": "1m", "раз на місяць": "1m",
    "щокварталу": "3m", "щоквартально": "3m", "раз на квартал": "3m", "раз на півроку": "6m",
    "двічі на рік": "6m", "щорічно": "1y", "раз на рік": "1y", "раз на два роки": "2y",
    "раз на три роки": "3y", "ежедневно": "1d", "еженедельно": "1w", "ежемесячно": "1m",
    "ежеквартально": "3m", "раз в полгода": "6m", "ежегодно": "1y", "раз в год": "1y",
    "раз в два года": "2y", "раз в три года": "3y",
}  # fmt: skip
# as cells are read: folded ("ετησίως" with the final sigma of its folded form)
_EVERY_WORD = {fold(word): period for word, period in _EVERY_WORD.items()}
_UNITS = {
    "d": "d", "day": "d", "days": "d", "tag": "d", "tage": "d", "tagen": "d", "dag": "d",
    "dagen": "d", "jour": "d", "jours": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w", "woche": "w", "wochen": "w",
    "weken": "w", "semaine": "w", "semaines": "w",
    "m": "m", "mo": "m", "mos": "m", "month": "m", "months": "m", "monat": "m", "monate": "m",
    "monaten": "m", "maand": "m", "maanden": "m", "mois": "m",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y", "jahr": "y", "jahre": "y",
    "jahren": "y", "jaar": "y", "jaren": "y", "an": "y", "ans": "y",
    "día": "d", "días": "d", "dias": "d", "giorni": "d", "dni": "d", "dage": "d", "dager": "d",
    "dagar": "d", "semana": "w", "semanas": "w", "settimana": "w", "settimane": "w",
    "tygodni": "w", "tydzień": "w", "tygodnie": "w", "dzień": "d",
    "uge": "w", "uger": "w", "uke": "w", "uker": "w", "vecka": "w", "veckor": "w",
    "mes": "m", "meses": "m", "mese": "m", "mesi": "m", "miesiąc": "m", "miesiące": "m",
    "miesięcy": "m", "måned": "m", "måneder": "m", "månad": "m", "månader": "m",
    "año": "y", "años": "y", "anno": "y", "anni": "y", "ano": "y", "anos": "y", "rok": "y",
    "lata": "y", "lat": "y", "år": "y",
    "päivä": "d", "päivää": "d", "päivän": "d", "viikko": "w", "viikkoa": "w", "viikon": "w",
    "kk": "m", "kuukausi": "m", "kuukautta": "m", "kuukauden": "m", "vuosi": "y", "vuotta": "y",
    "vuoden": "y",
    "den": "d", "dny": "d", "dnů": "d", "týden": "w", "týdny": "w", "týdnů": "w", "měsíc": "m",
    "měsíce": "m", "měsíců": "m", "roky": "y", "let": "y", "roků": "y",
    # lv, lt, et, uk, ru
    "diena": "d", "dienas": "d", "dienā": "d", "dienu": "d", "nedēļa": "w", "nedēļas": "w",
    "nedēļā": "w", "nedēļu": "w", "mēnesis": "m", "mēneši": "m", "mēnesī": "m", "mēnešus": "m",
    "gads": "y", "gadi": "y", "gadā": "y", "gadus": "y", "gada": "y", "dienos": "d", "dienų": "d",
    "savaitė": "w", "savaitės": "w", "savaičių": "w", "mėnuo": "m", "mėnesiai": "m",
    "mėnesių": "m", "metai": "y", "metų": "y", "metus": "y", "päev": "d", "päeva": "d",
    "nädal": "w", "nädala": "w", "kuu": "m", "kuud": "m", "aasta": "y", "aastat": "y",
    "день": "d", "дні": "d", "днів": "d", "дня": "d", "дней": "d", "тиждень": "w",
    "тижні": "w", "тижнів": "w", "неделя": "w", "недели": "w", "недель": "w", "місяць": "m",
    "місяці": "m", "місяців": "m", "месяц": "m", "месяца": "m", "месяцев": "m", "рік": "y",
    "роки": "y", "років": "y", "год": "y", "года": "y", "лет": "y",
    # a quarter of a year ("2 quarters", "kwartał" of "błędy na kwartał")
    "quarter": "q", "quarters": "q", "quartal": "q", "quartale": "q", "kwartał": "q",
    "kwartały": "q", "kwartaal": "q", "kwartalen": "q", "kvartal": "q", "kvartál": "q",
    "kwartału": "q", "trimestre": "q", "trimestres": "q", "neljännes": "q",
}  # fmt: skip
_COUNTS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12,
    "eighteen": 18, "twenty-four": 24, "zwei": 2, "drei": 3, "sechs": 6, "twee": 2, "drie": 3,
    "zes": 6, "deux": 2, "trois": 3, "dos": 2, "tres": 3, "seis": 6, "due": 2, "tre": 3,
    "sei": 6, "dois": 2, "três": 3, "dwa": 2, "trzy": 3, "sześć": 6, "to": 2, "seks": 6,
    "två": 2, "sex": 6, "kaksi": 2, "kolme": 3, "kuusi": 6, "dva": 2, "dvě": 2, "tři": 3,
    "šest": 6,
}  # fmt: skip
_PERIOD = re.compile(
    r"^(?:(?:every|each|once every|alle|jede|jeden|elke|iedere|om de|tous les|toutes les|"
    r"cada|ogni|todos os|todas as|co|hver|hvert|hvere|varje|var|každé|každý|každá|každých|za"
    r"|joka)\s+)?"
    r"(?:(\d{1,4})\s*|([a-z-]+)\s+)?([^\W\d_]+)$"
)
_ISO_PERIOD = re.compile(r"^p(\d{1,4})([dwmy])$")
MAX_PERIOD_CELL = (
    120  # a drill's kind, with whom, and its period ("Tabletop with CFA ... annually")
)
MAX_PERIOD_DIGITS = 5  # days written as a number: 99999 at most (a lifetime)


# A count before a unit's adverb: "6-monthly", "3 monthly", "2-yearly", "4-weekly"
_N_LY = re.compile(r"^(\d{1,3})\s*-?\s*(dai|week|month|year)ly$")
# So many times in a period: "1× ročně" (once yearly), "2x ročně", "1× za 2 roky"
_TIMES_IN = re.compile(r"^(\d{1,2})\s*[×x]\s*(\S.*)$")
# A period written as the interval between two times: "2 vuoden välein" (every 2 years)
_INTERVAL_AFTER = re.compile(r"\s+(?:välein|välin)$")

# Where a cell giving a period goes on to say something more
_FIRST_OF_SEVERAL = re.compile(
    r"\s*[,;+]\s*|\s+(?:and|plus|und|sowie|et|y|e|en|og|och|samt|oraz|i)\s+"
)

# a remark in parentheses closing a folded value (its closing parenthesis folded away)
_FOLDED_REMARK = re.compile(r"\s*\([^()]*\)?$")


def without_folded_remark(folded: str) -> str:
    """A value as `fold` gives it, without the remark in parentheses that closes it ("hlr
    (giltig t.o.m" is "hlr"; folding trimmed its closing parenthesis)."""
    return _FOLDED_REMARK.sub("", folded)


def to_days(value: Any) -> int:
    """How often a cell says something is done, as the most days it allows between two times:
    "quarterly" (92), "every 6 months" (183), "jährlich" (366), "90 days", "90", "P3M". Raises
    ValueError for anything else (a frequency of "as needed" sets no period to check)."""
    if isinstance(value, bool):
        raise ValueError("not a period")
    if isinstance(value, int) and value > 0:
        return value
    text = fold(value)
    if not text or len(text) > MAX_PERIOD_CELL:
        raise ValueError("not a period")
    text = without_folded_remark(text) or text  # "4 Jahre (Ersthelfer)", "annual (May)"
    if text.isdigit():
        if 0 < len(text) <= MAX_PERIOD_DIGITS and int(text) > 0:
            return int(text)
        raise ValueError("not a period")
    said = _EVERY_WORD.get(text) or _EVERY_WORD.get(text.removeprefix("every ").strip())
    if said is None and (times := _TIMES_IN.match(text)) is not None and int(times.group(1)):
        per, count = to_days(times.group(2)), int(times.group(1))
        if per == period_days(1, "y") and 12 % count == 0:
            return period_days(12 // count, "m")  # "2x ročně": every 6 months
        return math.ceil(per / count)
    text = _INTERVAL_AFTER.sub("", text)
    if said is None and (counted := _N_LY.match(text)) is not None:
        # "6-monthly", "3 monthly", "2-yearly": every so many of the unit
        said = counted.group(1) + _EVERY_WORD[counted.group(2) + "ly"][-1]
    if said is None and len(parts := _FIRST_OF_SEVERAL.split(text, maxsplit=1)) > 1:
        # a cell giving the period and then another thing's ("Årligen samt HLR-kurs vartannat
        # år", "annual, plus after each change"): the period it opens with; or a kind of
        # exercise of several words and then its period ("Load test and walk-through annually");
        # or an occasion and then the period ("Each site at start-up and 6-monthly")
        for part in parts:
            try:
                return to_days(part)
            except ValueError:
                pass
    if said is not None:
        count, unit = int(said[:-1]), said[-1]
    elif (iso := _ISO_PERIOD.match(text)) is not None:
        count, unit = int(iso.group(1)), iso.group(2)
    else:
        match = _PERIOD.match(text.replace(".", ""))
        if match is None or match.group(3) not in _UNITS:
            return _period_said_after(text)
        count, unit = _counted(match)
    if count <= 0:
        raise ValueError("not a period")
    return period_days(count, unit)


# A cell naming the kind of exercise and then its period ("Drill - annual per project",
# "Desktop exercise: annual"), and what a period is counted per ("annual per compound")
_KIND_THEN = re.compile(r"\s+[-–]\s+|:\s+")
_PER_WHAT = re.compile(r"\s+(?:per|for each|in each|pro|par|por|für jede[nrs]?)\s+(\S+).*$")


MAX_KIND_WORDS = 3  # words naming the kind of exercise before the word of its period


def _period_said_after(text: str) -> int:
    """The period of a cell that names a kind of exercise before it ("Drill - annual", or with
    the adjective after its noun: "Simulacro anual", "Ćwiczenie raz w roku"), or what it is
    counted per after it; ValueError where no reading gives one."""
    per = _PER_WHAT.search(text)
    if per is not None and per.group(1) not in _UNITS:
        # "once per shift per quarter": once a quarter, on each shift
        rest = text[per.end(1) :].strip()
        if rest:
            try:
                return to_days(f"{text[: per.start()]} {rest}")
            except ValueError:
                pass
        return to_days(text[: per.start()])
    parts = _KIND_THEN.split(text)
    if len(parts) > 1:
        return to_days(parts[-1])
    said = text.split()
    for start in range(1, min(len(said), MAX_KIND_WORDS + 1)):
        # a period's words after a few naming the kind, closing the cell or followed by whom
        # or what it is done with ("Simulacro anual con bomberos")
        for end in range(min(len(said), start + 4), start, -1):
            every = _EVERY_WORD.get(" ".join(said[start:end]))
            if every and (end == len(said) or said[end] in _WITH):
                return period_days(int(every[:-1]), every[-1])
    # the period first, then the kind of exercise and when ("Yearly tabletop", "Yearly drill
    # before NE monsoon", "Jährliche Räumungsübung")
    if len(said) - 1 <= MAX_KIND_WORDS + MAX_WHEN_WORDS and not said[-1][:1].isdigit():
        for end in range(min(len(said) - 1, MAX_PERIOD_WORDS), 0, -1):
            try:
                return to_days(" ".join(said[:end]))
            except ValueError:
                continue
    # a period closing a cell that names the exercise in more words ("Evacuation drill every 6
    # months", "Generator load test and walk-through annually"), or its period's first part
    # ("... every 6 months, each shift pattern in turn")
    for head in dict.fromkeys((text, _FIRST_OF_SEVERAL.split(text, maxsplit=1)[0])):
        closing = head.split()
        for start in range(max(1, len(closing) - MAX_PERIOD_WORDS), len(closing)):
            if (days := _period_phrase(closing[start:])) is not None:
                return days
    # once a year at a time of the year ("each November", "before each fire season")
    if _YEARLY_AT.search(text):
        return period_days(1, "y")
    raise ValueError("not a period")


def _period_phrase(said: list[str]) -> int | None:
    """The days of a period said in these words alone ("annually", "every 6 months"), or None;
    a bare number is no period here (the words before it name something else)."""
    phrase = " ".join(said)
    every = _EVERY_WORD.get(phrase)
    if every is not None:
        return period_days(int(every[:-1]), every[-1])
    match = _PERIOD.match(phrase)
    if match is None or match.group(3) not in _UNITS:
        return None
    if not (match.group(1) or match.group(2) or phrase.startswith(_EVERY_LEADS)):
        return None  # a unit alone ("days") is no period
    count, unit = _counted(match)
    if count <= 0:
        return None  # "rest days": no count of days
    return period_days(count, unit)


# A word of a text a period is read from: hyphenated words whole ("semi-annually", "six-monthly")
_PERIOD_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
MAX_PERIOD_TEXT_WORDS = 2_000  # words of a document's part read for the periods it states


def periods_in(text: str) -> set[int]:
    """The periods a passage of a document states in words, as days: "Access rights are reviewed
    every six months" (183), "Semestrales por sistema" (183), "halbjährliche Rezertifizierung"
    (183). A number of a unit counts too ("within 90 days"); a unit alone does not."""
    said = _PERIOD_TOKEN.findall(casefolded(text))[:MAX_PERIOD_TEXT_WORDS]
    found: set[int] = set()
    at = 0
    while at < len(said):
        for end in range(min(len(said), at + MAX_PERIOD_WORDS), at, -1):
            days = _period_phrase(said[at:end])
            if days is None and end == at + 1:
                days = _inflected_every(said[at])
            if days is not None:
                found.add(days)
                at = end
                break
        else:
            at += 1
    return found


# A score below which something is said of an item: "< 60%", "below 60", "unter 60", "sotto 60",
# "sub 60", "poniżej 60", "menos de 60", "abaixo de 60", "en dessous de 60", "低于60"; and a score
# the words follow: "60 pont alatt", "60点未満", "60 puanın altında"
_BELOW_THEN = (
    r"(?:(?<![<>=≤≥])<(?!=)|\bbelow\b|\bunder\b|\bless than\b|\blower than\b|\bunter\b|"
    r"\bweniger als\b|\bsotto\b|\binferiore a\b|\bmeno di\b|\bsub\b|\bponiżej\b|\bpod\b|"
    r"\bmenos de\b|\binferior a\b|\bpor debajo de\b|\babaixo de\b|\ben dessous de\b|"
    r"\binférieure? à\b|\bonder\b|\bminder dan\b|\bméně než\b|\bnižší než\b|"
    r"\bmindre än\b|\bmindre end\b|\bdưới\b|低于|低於|不足|小于|小於)"
    r"\s*(\d{1,3}(?:[.,]\d{1,2})?)(?!\s*[-–]\s*\d)(?![\d.,]*\d)"
)
_THEN_BELOW = (
    r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|点|分|pont|puan[ıi]?n?|ball[ai]?|bod[ůu]?)?\s*"
    r"(?:未満|未満の|alatt|altında|altinda)"
)
_FLOOR = re.compile(_BELOW_THEN + "|" + _THEN_BELOW, re.IGNORECASE)
# Where a score's clause ends: a semicolon, a full stop (not a decimal point), a new paragraph,
# list item, table row or heading (a paragraph wrapped onto its next line goes on); before the
# score, a comma or a table's cell ends it too
_PARAGRAPH = r"\n\s*(?:\n|[-*+|#>]|\d+[.)]\s)"
_CLAUSE_AFTER = re.compile(r";|[.](?!\d)|" + _PARAGRAPH)
_CLAUSE_BEFORE = re.compile(r"[;|]|[.,](?!\d)|" + _PARAGRAPH)
FLOOR_WINDOW = 60  # characters after a score (and before it, within its clause) read for its word
MAX_FLOOR_TEXT = 50_000  # characters of a document read for the scores it sets floors at


def floors_said(text: str, dropped: Iterable[str]) -> set[float]:
    """The scores below which a document says an item is dropped, in words `dropped` says (a
    supplier "suspended", "gesperrt", "sospeso"): "score >= 70% approved, 60-69% conditional,
    < 60% suspended" (60), "sotto 60 il fornitore è sospeso" (60), "< 70 = plan d'action, < 50 =
    bloqué" (50: the other score is said of no drop). The words are read in the score's clause,
    after it and, up to the clause's start, before it."""
    phrases = list(dropped)
    text = text[:MAX_FLOOR_TEXT]
    found: set[float] = set()
    for match in _FLOOR.finditer(text):
        number = match.group(1) or match.group(2)
        after = text[match.end() : match.end() + FLOOR_WINDOW]
        following = _FLOOR.search(after)  # the next score's words are its own
        if following is not None:
            after = after[: following.start()]
        start = max(0, match.start() - FLOOR_WINDOW)
        before = _CLAUSE_BEFORE.split(text[start : match.start()])[-1]
        after = _CLAUSE_AFTER.split(after)[0]  # a table's next cell may say it
        if says_any(phrases, words(before + " " + after)):
            found.add(float(number.replace(",", ".")))
    return found


def _inflected_every(word: str) -> int | None:
    """The period a word of frequency says in an inflection the table does not hold: a plural
    ("semestrales", "trimestrais", "semestrali", "annuelles") or a declined German adjective
    ("halbjährliche", "jährlichen")."""
    stems = []
    if word.endswith("ais"):
        stems.append(word[:-3] + "al")  # semestrais
    if word.endswith("i"):
        stems.append(word[:-1] + "e")  # semestrali
    if word.endswith(("e", "s")):
        stems.append(word[:-1])  # halbjährliche, annuelles
    if word.endswith(("es", "en", "er", "em")):
        stems.append(word[:-2])  # semestrales, jährlichen
    for stem in stems:
        every = _EVERY_WORD.get(stem) if len(stem) >= MIN_PERIOD_STEM else None
        if every is not None:
            return period_days(int(every[:-1]), every[-1])
    return None


MIN_PERIOD_STEM = 5  # letters of the least word of frequency an inflection is read back to


def _counted(match: re.Match[str]) -> tuple[int, str]:
    """How many of which unit a `_PERIOD` match says: its digits, or its word for a number (0
    for a word that is none), else one; the unit's letter."""
    digits, word = match.group(1), match.group(2)
    count = int(digits) if digits else _COUNTS.get(word, 0) if word else 1
    return count, _UNITS[match.group(3)]


_EVERY_LEADS = ("every ", "each ", "once every ")
# A time of the year an exercise is held at, each year: a month, a season
_YEARLY_AT = re.compile(
    r"\b(?:each|every|before each|before every|ahead of each|ahead of every)\s+(?:[^\W\d_]+\s+)?"
    r"(?:season|winter|summer|spring|autumn|fall|january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b"
)


MAX_PERIOD_WORDS = 4  # words of a period opening a cell ("every 6 months", "once a year")
MAX_WHEN_WORDS = 3  # words after the kind of exercise saying when ("before NE monsoon")


# Words after a period that say with whom or what it is done, not another period
_WITH = frozenset(
    {"with", "incl", "including", "con", "mit", "inkl", "avec", "z", "ze", "met", "med", "com",
     "s", "se", "kanssa", "conjunto", "junto"}
)  # fmt: skip


# Between the days of an event held over several ("15/09/2026 - 16/09/2026", "15.–16.09.2026" is
# no such range: each side must be a whole date).
_DATE_RANGE = re.compile(r"\s*(?:–|—|〜|～|\bto\b|\bbis\b|\btot\b)\s*|\s+-\s+")


# Month names as registers in the standards' languages write them, read as English for %b and
# %B (strptime knows only the C locale's names, and changing the process's locale is no option)
_MONTH_NAMES = {
    1: "january januar janvier enero gennaio januari janeiro jänner jan janv ene gen"
    " styczeń stycznia sty ledna leden",
    2: "february februar février fevrier febrero febbraio februari fevereiro feb fév fev febr"
    " luty lutego lut února únor",
    3: "march märz maerz mars marzo maart março mar mär mrt marts marzec marca března březen",
    4: "april avril abril aprile apr avr abr kwiecień kwietnia kwi dubna duben",
    5: "may mai mayo maggio mei maio mag maj maja května květen",
    6: "june juni juin junio giugno junho jun juin giu czerwiec czerwca cze června červen",
    7: "july juli juillet julio luglio julho jul juil lug lipiec lipca lip července červenec",
    8: "august août aout agosto augustus aug aoû ago augusti sierpień sierpnia srpna srpen",
    9: "september septembre septiembre settembre setembro sep sept set wrzesień września wrz září",
    10: "october oktober octobre octubre ottobre outubro oct okt ott out październik"
    " października paź října říjen",
    11: "november novembre noviembre novembro nov listopad listopada lis listopadu",
    12: "december dezember décembre decembre diciembre dicembre dezembro dec dez déc dic"
    " desember grudzień grudnia gru prosince prosinec",
}
_MONTH_OF = {name: month for month, names in _MONTH_NAMES.items() for name in names.split()}
_MONTH_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_MONTH = ("", "January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")  # fmt: skip


# A date no reader can take two ways: a month by its name ("12 March 2026", "March 12, 2026",
# "12-Mar-26", "Thursday, 12 March 2026", "3 Oct 2026 14:05") or the year first ("2026/03/12"),
# in any of the languages above. Read without a format, as YYYY-MM-DD is; a day and a month both
# in digits ("12/03/2026") never is.
_TIME = r"(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?"
_DAY_MONTH_YEAR = re.compile(
    r"^(?:[^\W\d_]{2,12}\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?[\s\-/]*(?:de\s+)?"
    r"([^\W\d_]{3,10})\.?[\s\-/,]+(?:de\s+)?(\d{4}|\d{2})" + _TIME + "$"
)
_MONTH_DAY_YEAR = re.compile(
    r"^(?:[^\W\d_]{2,12}\.?,?\s+)?([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    + _TIME
    + "$"
)
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})" + _TIME + "$")
# The first day of days of one month ("10-12 February 2026", "10 – 12 Feb 2026")
_DAY_RANGE = re.compile(r"^(\d{1,2})\.?\s*[-–]\s*\d{1,2}(\.?\s+[^\W\d_]{3,10}\.?\s+\d{4})$")
# Where a date's words end and a remark begins: "8 October 2026, 09:30-13:00, boardroom"
_AFTER_DATE = (re.compile(r",|;|\s\("), re.compile(r"\s[-–]\s"))
MAX_WRITTEN_DATE = 48
MAX_REMARKED_DATE = 400  # a longer cell is no date with a remark


def written_date(text: str) -> dt.date | None:
    """The date of a cell written so that it cannot be read two ways (see above), else None; a
    day range's first day, and the date that starts a cell followed by a remark ("8 October 2026,
    09:30-13:00, Slough boardroom")."""
    if len(text) > MAX_REMARKED_DATE:
        return None
    text = text.strip()
    day = _written_date(text)
    for after in _AFTER_DATE:
        if day is None and (head := after.split(text, maxsplit=1)[0].strip()) != text:
            day = _written_date(head)
    return day


def _written_date(text: str) -> dt.date | None:
    if len(text) > MAX_WRITTEN_DATE:
        return None
    if (days := _DAY_RANGE.match(text)) is not None:
        text = days.group(1) + days.group(2)
    try:
        if first := _YEAR_FIRST.match(text):
            return dt.date(*(int(g) for g in first.groups()))
        if match := _DAY_MONTH_YEAR.match(text):
            day, name, year = match.groups()
        elif match := _MONTH_DAY_YEAR.match(text):
            name, day, year = match.groups()
        else:
            return None
        month = _MONTH_OF.get(name.casefold())
        if month is None:
            return None
        return dt.date(int(year) if len(year) == 4 else 2000 + int(year), month, int(day))
    except ValueError:
        return None


def _in_english(cell: str) -> str:
    """A cell's month names as English full names ("Gennaio 2026" is "January 2026")."""

    def english(match: re.Match[str]) -> str:
        month = _MONTH_OF.get(match.group(0).casefold())
        return match.group(0) if month is None else _ENGLISH_MONTH[month]

    return _MONTH_WORD.sub(english, cell)


def _strptime(cell: str, fmt: str, last_day: bool) -> dt.date:
    """`cell` read in `fmt`; month names in other languages read as well, and a month with no day
    read as its last day where the field ends a period (a monthly value's period_end)."""
    if BUDDHIST_YEAR in fmt:
        cell, fmt = _gregorian(cell, fmt)
    if "%b" in fmt or "%B" in fmt:
        cell = _in_english(cell)
        fmt = fmt.replace("%b", "%B")  # strptime reads a full name for %B, an abbreviation not
        if "." not in fmt:
            cell = cell.replace(".", "")  # "janv." "Sept."
    when = dt.datetime.strptime(cell, fmt).date()
    if last_day and "%d" not in fmt:
        following = when.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)
    return when


class RemarkedDate(dt.date):
    """A date read from a cell that goes on with a remark ("12/07/2026 (in force until the
    renewal decision)"): a date like any other, that still says what the cell said after it."""

    __slots__ = ("remark",)
    remark: str

    def __reduce__(self) -> tuple[Any, ...]:
        return (remarked, (dt.date(self.year, self.month, self.day), remark_of(self)))


def remarked(day: dt.date, remark: str) -> dt.date:
    """`day`, carrying the remark its cell wrote after it."""
    out = RemarkedDate(day.year, day.month, day.day)
    out.remark = remark
    return out


def remark_of(value: object) -> str:
    """The remark a date's cell wrote after it ("" for any other value)."""
    return getattr(value, "remark", "") if isinstance(value, RemarkedDate) else ""


def _first_day(cell: str, fmt: str, last_day: bool = False) -> dt.date:
    """The date a cell gives in `fmt`, or the first day of a range of two such dates (an audit
    held over two days), its last day with `last_day` (the end of a baseline's period); a remark
    in parentheses after a date or a range is no part of it ("15.04.2026 (extended from
    31.03.2026)", "01/01/2025-31/12/2025 (adjusted)"). Raises ValueError otherwise."""
    if len(cell) > MAX_REMARKED_DATE:
        return dt.datetime.strptime(cell, fmt).date()  # raises: no date with a remark is that long
    try:
        return _strptime(cell, fmt, last_day)
    except ValueError:
        pass
    if cell.endswith("）") and "（" in cell:  # parentheses of full width: Japanese, Chinese
        cell = cell.replace("（", " (").replace("）", ")")
    if cell.endswith(")") and "(" in cell:
        remark = cell[cell.rindex("(") + 1 : -1].strip()
        cell = cell[: cell.rindex("(")].strip()
        try:  # a date with a remark: "15.04.2026 (extended from 31.03.2026)"
            return remarked(_strptime(cell, fmt, last_day), remark)
        except ValueError:
            pass
    try:
        return _range_day(cell, fmt, last_day)
    except ValueError:
        # a date, then a remark in words after a dash, comma or semicolon ("15/06/2026 -
        # certificado renovado"); a remark of no words is no remark
        for after in _AFTER_DATE:
            head, remark = _split_remark(after, cell)
            if remark and any(c.isalpha() for c in remark):
                try:
                    return remarked(_strptime(head, fmt, last_day), remark)
                except ValueError:
                    continue
        raise


def _split_remark(after: re.Pattern[str], cell: str) -> tuple[str, str]:
    """A cell as what stands before `after` and the remark after it (none where it has none)."""
    parts = after.split(cell, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (cell, "")


def _range_day(cell: str, fmt: str, last_day: bool) -> dt.date:
    """The first (or with `last_day`, the last) day of a range of two dates in `fmt`."""
    parts = _DATE_RANGE.split(cell)
    if len(parts) == 1 and "-" not in fmt:
        # "01/01/2025-31/12/2025": a hyphen between two whole dates of a format without one
        parts = cell.split("-")
    if len(parts) != 2:
        raise ValueError(f"{cell!r} is not a date")
    last = _strptime(parts[1].strip(), fmt, True)
    first = _shared_tail(parts[0].strip(), parts[1].strip(), fmt)
    if last < first:
        raise ValueError(f"{cell!r} ends before it starts")
    return last if last_day else first


MAX_RANGE_HEAD = 20  # characters of a range's last date looked through for the tail it shares


def _shared_tail(first: str, last: str, fmt: str) -> dt.date:
    """The first date of a range, which may leave out what it shares with the last: its year
    ("Jan-Dec 2024"), or its month and year ("10-12 February 2026", "21-22.04.2026")."""
    try:
        return _strptime(first, fmt, False)
    except ValueError:
        # the last date's tail from each mark between its parts (" 2026", ".04.2026"), after
        # the first's own parts ("28.09." of "28.09.-02.10.2026")
        head = first.rstrip(" ./-")
        for at, mark in enumerate(last[:MAX_RANGE_HEAD]):
            if at and not mark.isalnum():
                try:
                    return _strptime(head + last[at:], fmt, False)
                except ValueError:
                    continue
        raise


# What each strftime code a date format may hold matches in text
_CODE_PATTERNS = {
    "d": r"\d{1,2}",
    "m": r"\d{1,2}",
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "b": r"[^\W\d_]+\.?",
    "B": r"[^\W\d_]+",
    "H": r"\d{1,2}",
    "I": r"\d{1,2}",
    "M": r"\d{2}",
    "S": r"\d{2}",
    "p": r"[AaPp]\.?[Mm]\.?",
    "%": "%",
}
MAX_TEXT_CELL = 512  # characters of a cell searched for the one date it holds


@lru_cache(maxsize=64)
def _format_pattern(fmt: str) -> re.Pattern[str] | None:
    """A regex finding text written in `fmt`, or None for a format with codes it does not know."""
    parts, at = [], 0
    while at < len(fmt):
        if fmt[at] == "%" and at + 1 < len(fmt):
            code = _CODE_PATTERNS.get(fmt[at + 1])
            if code is None:
                return None
            parts.append(code)
            at += 2
        else:
            parts.append(re.escape(fmt[at]))
            at += 1
    return re.compile(r"(?<![\w/.-])" + "".join(parts) + r"(?![\w/-]|\.\d)")


def date_in_text(cell: str, fmt: str) -> dt.date | None:
    """The one date a cell of words holds, written in `fmt` ("Verifica in campo 03/03/2026:
    conforme", "Superato (12/2025)"); None where it holds none, or two different ones. Only for
    a column whose format the profile gives: the format is declared, never guessed."""
    pattern = _format_pattern(fmt)
    if pattern is None or len(cell) > MAX_TEXT_CELL:
        return None
    found = set()
    for match in pattern.finditer(cell):
        try:
            found.add(_strptime(match.group(), fmt, False))
        except ValueError:
            continue
    return found.pop() if len(found) == 1 else None


# Words before the date a next check or inspection falls due ("prochain contrôle à réaliser avant
# le 14/05/2024", "next inspection due 2027-03-01", "nächste Prüfung bis 24.02.2026")
_DUE_WORDS = re.compile(
    r"\b(?:next|due|prochaine?s?|échéance|avant\s+le|nächste[nrs]?|fällig|bis\s+zum|próxim[oa]s?"
    r"|antes\s+del?|vence|prossim[oa]|entro\s+il|scadenza|volgende|uiterlijk|następn\w*|termin"
    r"|næste|senest|inden)\b",
    re.IGNORECASE,
)
MAX_DUE_DISTANCE = 25  # characters between the words and the date they lead to


def due_in_text(cell: str, fmt: str | None) -> dt.date | None:
    """The date a cell of words says something next falls due, written in `fmt` (the profile's
    format for the column, if it gives one) or as YYYY-MM-DD, where words saying so lead to it;
    None where none do, or they lead to different dates."""
    if len(cell) > MAX_TEXT_CELL:
        return None
    pattern = _format_pattern(fmt) if fmt else None
    found = set()
    for words in _DUE_WORDS.finditer(cell):
        after = cell[words.end() : words.end() + MAX_DUE_DISTANCE]
        dates = [m for p in (pattern, _ISO_IN_TEXT) if p is not None for m in p.finditer(after)]
        if not dates:
            continue
        first = min(dates, key=lambda m: m.start())
        try:
            iso = _ISO_IN_TEXT.fullmatch(first.group())
            found.add(
                dt.date.fromisoformat(first.group())
                if iso
                else _strptime(first.group(), str(fmt), False)
            )
        except ValueError:
            continue
    return found.pop() if len(found) == 1 else None


_ISO_IN_TEXT = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


# A band of numbers in one cell: "1 - 4", "10–16", "17 to 25", "5 bis 9", "1〜4" (Japanese)
_NUMBER_RANGE = re.compile(
    r"^\s*(\d{1,6}(?:[.,]\d{1,3})?)\s*(?:-|–|—|〜|～|~|to|bis|à|a|až|tot)\s*(\d{1,6}(?:[.,]\d{1,3})?)\s*$"
)


def ends_a_period(name: str) -> bool:
    """Whether a field names the end of a period (period_end), which a range gives as its last
    day."""
    return name.endswith("_end")


class DateFormatError(ValueError):
    """A date format given in a profile that strftime cannot use."""


def has_year(fmt: str) -> bool:
    """Whether a date format names the year."""
    return "%Y" in fmt or "%y" in fmt or BUDDHIST_YEAR in fmt


# A year of the Buddhist era (the Gregorian year plus 543), as Thai registers date: "%d/%m/%E"
# reads 20/11/2569 as 20 November 2026
BUDDHIST_YEAR = "%E"
BUDDHIST_ERA = 543
_BUDDHIST_YEAR_WRITTEN = re.compile(r"(?<!\d)(2[4-6]\d\d)(?!\d)")


def _gregorian(cell: str, fmt: str) -> tuple[str, str]:
    """A cell and format in the Buddhist era, as the Gregorian year reads them."""
    return (
        _BUDDHIST_YEAR_WRITTEN.sub(lambda m: str(int(m.group(1)) - BUDDHIST_ERA), cell),
        fmt.replace(BUDDHIST_YEAR, "%Y"),
    )


def check_date_format(fmt: str) -> None:
    """Raise DateFormatError unless `fmt` names at least a month. A format without a day ("%m/%Y",
    a month planned) reads as the first of the month; one with a time ("%d/%b/%y %I:%M %p", a
    tool's export) reads as the day; one without a year ("%b", a programme's "Oct" under "2026
    plan") takes the year its column's header names."""
    has_month = any(code in fmt for code in ("%m", "%b", "%B"))
    if not has_month:
        raise DateFormatError(f"{fmt!r} does not name a month (%m, %b or %B)")
    full = fmt.replace(BUDDHIST_YEAR, "%Y") if has_year(fmt) else f"{fmt} %Y"
    try:
        # an aware time, so that a UTC offset (%z: "+00:00", "Z" as tools write it) has one
        sample = dt.datetime(2026, 1, 31, 13, 45, tzinfo=dt.UTC).strftime(full)
        dt.datetime.strptime(sample, full)
    except ValueError as exc:
        raise DateFormatError(f"{fmt!r} is not a date format: {exc}") from None


# A year a column's header names ("2026 plan", "Programme 2026"): one, of four digits.
_HEADER_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def _header_years(
    headers: Mapping[str, Any], dates: str | Mapping[str, str] | None
) -> dict[str, int]:
    """The columns whose date format names no year, and the one year their header names."""
    found = {}
    own = dates if isinstance(dates, Mapping) else {}
    for column, header in headers.items():
        fmt = own.get(column, dates if isinstance(dates, str) else None)
        if not fmt or has_year(fmt) or not isinstance(header, str):
            continue
        years = set(_HEADER_YEAR.findall(header))
        if len(years) == 1:
            found[column] = int(years.pop())
    return found


def _in_the_year(cell: str, fmt: str, year: int) -> dt.date | None:
    """The first date of a cell written without its year (`fmt`), in `year`: "Oct" is 1 October,
    "Feb / Oct" 1 February (the first audit planned)."""
    full = f"{fmt} %Y"
    try:
        return _strptime(f"{cell} {year}", full, False)
    except ValueError:
        pass
    pattern = _format_pattern(fmt)
    if pattern is None or len(cell) > MAX_TEXT_CELL:
        return None
    for match in pattern.finditer(cell):
        try:
            return _strptime(f"{match.group()} {year}", full, False)
        except ValueError:
            continue
    return None


MAX_REMEMBERED_CELLS = 1 << 16  # distinct cells of an evidence type whose reading is kept

# What most rows leave unread: one empty mapping for all of them, never written to (a register of a
# million rows need not hold a million empty dicts).
_NOTHING_UNREAD: dict[str, str] = {}


_DATE_FIELD = re.compile(r"(?:^|_)(?:on|date)$")
# Any field of the packs that holds a date: "approved_on", "audit_date", "valid_until",
# "expires", "next_due", "period_end", "last_reviewed", "next_evaluation"
_ANY_DATE_FIELD = re.compile(r"(?:^|_)(?:on|date|expires|until|due|end)$|^(?:next|last)_")


def _header_dates(
    headers: Mapping[str, str],
    dates: str | Mapping[str, str] | None,
    dates_else: str | None = None,
) -> dict[str, dt.date]:
    """The columns whose header names the one date their cells are as of, in the date format the
    profile gives the column of its own ("Valore al 30/09/2026", "Stand 30.09.2026"), and that
    date. A format for every column reads no header: a header's date says nothing of a column
    that holds no dates (its values as of that day)."""
    found = {}
    own = dates if isinstance(dates, Mapping) else {}
    for column, header in headers.items():
        fmt = own.get(column)
        if fmt is None and _DATE_FIELD.search(column):
            # a date field mapped to a column of words headed by its day ("reviewed_on: Stand
            # 30.09.2026"), the organization's format for every column: that day
            fmt = dates if isinstance(dates, str) else dates_else
        day = date_in_text(header, fmt) if fmt else None
        if day is not None:
            found[column] = day
    return found


@dataclass
class CellReader:
    """Reads the cells of one evidence type's items for the pack, as the profile says."""

    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)  # column -> values
    empty: frozenset[str] = frozenset(fold(m) for m in DEFAULT_EMPTY)
    all_dates: str | None = None  # one format for every column
    dates: dict[str, str] = field(default_factory=dict)  # column -> format
    where_to_map: str = ""  # how the profile names this evidence type, for hints
    closed: frozenset[str] = frozenset()  # columns whose values the pack knows: others are reported
    prefixes: dict[str, str] = field(default_factory=dict)  # column -> prefix of its identifiers
    # column -> (the organization's (worst, best), the pack's (worst, best)) for numbers
    scales: dict[str, tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=dict)
    # column -> cells (folded) that the profile's values give a meaning though they are empty
    # markers ("—" in a risk acceptance table's "who may accept" is "not acceptable")
    said: dict[str, dict[str, str]] = field(default_factory=dict)
    # column -> the date its header names, for the cells it holds that are no date ("Valore al
    # 30/09/2026": each objective's progress as of that day)
    header_dates: dict[str, dt.date] = field(default_factory=dict)
    # column -> the year its header names, for a date format that names none ("Oct" under "2026
    # plan")
    header_years: dict[str, int] = field(default_factory=dict)
    # columns given a date format of their own whose column also serves a field of words (a
    # document register's "Stato": "In vigore", or "Superato (12/2025)"): a cell with no date is
    # no date recorded, its words being the other field's
    shared: frozenset[str] = frozenset()
    _longest_empty: int = field(init=False, default=0)  # the longest empty marker, folded
    # column -> cell as written -> how it reads and why it cannot be (see `read`)
    _seen: dict[str, dict[str, tuple[Any, str | None]]] = field(
        init=False, default_factory=dict, repr=False, compare=False
    )
    _remembered: int = field(init=False, default=0, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._longest_empty = max(map(len, self.empty), default=0)

    @staticmethod
    def build(
        pack_values: Mapping[str, Mapping[str, Iterable[str]]],
        own_values: Mapping[str, Mapping[str, str]],
        empty: Iterable[str] = (),
        dates: str | Mapping[str, str] | None = None,
        evidence: str = "",
        prefixes: Mapping[str, str] | None = None,
        open_columns: Iterable[str] = (),
        scales: Mapping[str, tuple[tuple[float, float], tuple[float, float]]] | None = None,
        headers: Mapping[str, str] | None = None,
        shared: Iterable[str] = (),
        dates_else: str | None = None,
        own_empty: Iterable[str] = (),
    ) -> CellReader:
        """`headers`: each column's header as the organization writes it, where it may name the
        date the column's cells are as of. `own_empty`: the markers the profile declares empty,
        which the pack's values cannot give a meaning (`empty` holds them too)."""
        columns = dict.fromkeys([*pack_values, *own_values])
        vocabularies = {
            column: Vocabulary.of(pack_values.get(column, {}), own_values.get(column))
            for column in columns
        }
        markers = frozenset(fold(m) for m in (*DEFAULT_EMPTY, *empty))
        said = {
            column: {
                theirs.strip().casefold(): vocabularies[column].terms[fold(theirs)]
                for theirs in own
                if theirs.strip() and fold(theirs) in markers
            }
            for column, own in own_values.items()
        }
        # A marker the pack gives a meaning in one column: "–" for an objective's resources is
        # that none are needed beyond those in place, where elsewhere it records nothing. Unless
        # the profile declares that dash empty for this evidence: the organization's word on its
        # own registers ("-" for a lot it did not record) comes before the pack's reading. A
        # word it declares empty ("N/A") keeps the pack's meaning where the pack gives one (MFA
        # "not applicable"): a word says something, a dash only that nothing is written.
        declared = frozenset(fold(m) for m in own_empty) & frozenset(map(fold, DEFAULT_EMPTY))
        for column, known in pack_values.items():
            for word, synonyms in known.items():
                for theirs in (word, *synonyms):
                    if theirs.strip() and fold(theirs) in markers - declared:
                        said.setdefault(column, {}).setdefault(theirs.strip().casefold(), word)
        return CellReader(
            vocabularies,
            markers,
            dates if isinstance(dates, str) else dates_else,
            dict(dates) if isinstance(dates, Mapping) else {},
            evidence,
            frozenset(pack_values) - set(open_columns),
            dict(prefixes or {}),
            dict(scales or {}),
            {column: cells for column, cells in said.items() if cells},
            _header_dates(headers or {}, dates, dates_else),
            _header_years(headers or {}, dates),
            frozenset(shared) & set(dates if isinstance(dates, Mapping) else ()),
        )

    def dated(self, fmt: str) -> CellReader:
        """This reader with one date format for every column (the dates of a document's head,
        read as the profile says that document writes them)."""
        return replace(self, all_dates=fmt, dates={}, header_dates={}, header_years={})

    def read(self, fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """The row's fields as the pack reads them, and what could not be read: column -> why (a
        value the pack does not know in a column whose values it knows)."""
        out: dict[str, Any] = {}
        problems: dict[str, str] = {}
        seen = self._seen
        for name, value in fields.items():
            if type(value) is str:
                # A register writes the same words, dates and names row after row: each cell
                # as written is read once per column.
                column = seen.get(name)
                if column is None:
                    column = seen[name] = {}
                known = column.get(value)
                if known is None:
                    known = self._cell(name, value)
                    if self._remembered < MAX_REMEMBERED_CELLS:
                        column[value] = known
                        self._remembered += 1
            else:
                known = self._cell(name, value)
            out[name] = known[0]
            if known[1] is not None:
                problems[name] = known[1]
        return out, problems or _NOTHING_UNREAD

    def _cell(self, name: str, value: Any) -> tuple[Any, str | None]:
        """One cell as the pack reads it, and why it cannot be read (None if it can)."""
        if isinstance(value, bool | int | float) and name in self.vocabularies:
            # A YAML or JSON register's yes, true or 1 is a word of the column like any other.
            value = str(value).lower()
        elif isinstance(value, int | float) and (name in self.scales or name in self.prefixes):
            # A number typed in a workbook or YAML is on the organization's scale, or an
            # identifier, as the same number written in a CSV is (bool went above).
            value = str(value)
        if not isinstance(value, str):
            return value, None
        value = value.translate(_FULL_WIDTH)
        if not value.strip() or self._empty(value):
            said = self.said.get(name)
            reason = value.rstrip()
            if (
                said
                and (
                    (word := said.get(value.strip().casefold())) is not None
                    # the marker with its reason after it: "None (low risk)" for a supplier's
                    # controls, where the pack reads "none" as none needed
                    or (
                        reason.endswith(")")
                        and (word := said.get(reason[: reason.rfind("(")].strip().casefold()))
                        is not None
                    )
                )
            ):
                return word, None  # the profile or the pack says what this marker means here
            vocabulary = self.vocabularies.get(name)
            if vocabulary is not None and reason.endswith(")") and "(" in reason:
                # A marker with its reason, the reason a word of the column: "– (nicht
                # akzeptabel)" in who may accept a band of risk is that no one may.
                word = vocabulary.meaning(reason[reason.rfind("(") + 1 : -1])
                if word is not None:
                    return word, None
            return "", None  # a blank cell is nothing recorded, never an unknown word
        if name.startswith(("min_", "max_")) and (span := _NUMBER_RANGE.match(value)):
            # a band written as a range of numbers ("5 - 9") in a column both of its ends map to
            return span.group(1 if name.startswith("min_") else 2), None
        scale = self.scales.get(name)
        if scale is not None:
            return on_scale(value, *scale), None
        prefix = self.prefixes.get(name)
        if prefix is not None:
            return prefixed(value, prefix), None
        fmt = self.dates.get(name, self.all_dates)
        if fmt is not None and not has_year(fmt):
            year = self.header_years.get(name)
            day = _in_the_year(value.strip(), fmt, year) if year is not None else None
            if day is not None:
                return day, None
            if _ISO_DATE.match(value.strip()):
                return value, None
            if (written := written_date(value)) is not None:
                return written, None
            return value, (
                f"{name} {value.strip()!r} is not a date written {fmt}"
                if year is not None
                else f"{name} {value.strip()!r} has no year, and the header of its column names "
                "none; give the year in the profile's date format"
            )
        if fmt is not None:
            try:
                return _first_day(value.strip(), fmt, ends_a_period(name)), None
            except ValueError:
                if _ISO_DATE.match(value.strip()):
                    return value, None  # YYYY-MM-DD is never ambiguous: read as it is
                if (written := written_date(value)) is not None:
                    return written, None  # nor is a month by its name ("12 March 2026")
                if name in self.header_dates and date_in_text(value, fmt) is None:
                    return self.header_dates[name], None  # as of the day its header names
                if (name in self.dates or _ANY_DATE_FIELD.search(name)) and (
                    day := date_in_text(value, fmt)
                ) is not None:
                    # the one date of a column of words the profile dates, or of a date field's
                    # cell in words ("ISO 9001 exp. 14/05/2028") in the format the profile gives
                    return day, None
                if name in self.shared and not _DATE_LIKE.match(value.strip()):
                    return "", None  # the words are the other field's: no date recorded
                if name in self.dates or _DATE_LIKE.match(value.strip()):
                    # Written as a date, but not the way the profile says: never guessed.
                    return value, (
                        f"{name} {value.strip()!r} is not a date written {fmt}, as the "
                        f"profile says this evidence writes dates"
                    )
        vocabulary = self.vocabularies.get(name)
        if vocabulary is None:
            return value, None
        if ";" in value and len(value) <= MAX_LISTED_WORDS_CELL:
            # "ISO 9001; ISO 14001; ISO 45001": one audit of an integrated system, each word known
            listed = [vocabulary.meaning(part) for part in value.split(";") if part.strip()]
            if len(set(listed)) > 1 and None not in listed:
                return "; ".join(dict.fromkeys(w for w in listed if w is not None)), None
        word = vocabulary.meaning(value)
        if word is not None:
            return word, None
        return value, self._unknown(name, value, vocabulary) if name in self.closed else None

    def nothing(self, value: Any) -> bool:
        """Whether a cell records nothing: blank, or one of the empty markers."""
        return value is None or (
            isinstance(value, str) and (not value.strip() or self._empty(value))
        )

    def _empty(self, value: str) -> bool:
        """Whether a cell is one of the empty markers, as folded. Most cells are longer than any
        marker: a cell whose core (without edge punctuation and spaces) is longer than the
        longest marker, and holds no run of spaces or other white space that folding would
        shorten, folds to something at least as long, so it is no marker (no fold needed)."""
        # a marker with its reason: "nessuna significativa (VR-04 non significativa)"
        text = value.rstrip()
        opening = text.find("(") if text.endswith(")") else -1
        if opening > 0 and text[:opening].strip() and self._empty(text[:opening]):
            return True
        core = value.strip(_EDGES_WS)
        if len(core) > self._longest_empty and "  " not in core and core.isprintable():
            return False
        return fold(value) in self.empty

    def _unknown(self, name: str, value: str, vocabulary: Vocabulary) -> str:
        words = ", ".join(vocabulary.words)
        return (
            f"{name} {value.strip()!r} is not one of: {words}; say what it means in the "
            f"profile (evidence: {self.where_to_map}: values: {name}: {{{value.strip()!r}: ...}})"
        )


# --- phrases in documents ------------------------------------------------------------------------

# Chinese and Japanese write no spaces between words, and a phrase's words run into each other
# and into particles ("内部監査の結果", "是正処置の状況"): each of their characters (kanji, kana)
# is a word of its own, so that a phrase is found as its characters in order, at most GAP apart.
# Korean spaces its words, but writes a compound with or without them ("정보보호", "정보 보호")
# and joins particles to the word they follow ("암호화를", "정책의"): each of its syllables is
# read as a word of its own too.
_CJK = (
    "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\uac00-\ud7a3"
)
# Thai writes no spaces between words either, and its vowel and tone marks are no letters of
# their own: each cluster (a leading vowel, a consonant or vowel, and the marks on it) is a word,
# and "ไม่" (not), which negates what it leads, is one
_THAI = "\u0e01-\u0e5b"
_THAI_CLUSTER = (
    "ไม่|[\u0e40-\u0e44]?[\u0e01-\u0e30\u0e32\u0e33\u0e45\u0e46\u0e4f-\u0e5b]"
    "[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*"
)
_THAI_CHARACTER = re.compile(rf"[{_THAI}]")
# The marks forms are ticked with, each a word of its own: "×" (failed) and "○" (done) in a
# Japanese training log, "✓" in a checklist. Else a phrase of a mark alone has no word to find,
# and a text would say it whatever the text.
_MARKS = "×✓✔✗✘✕○◯●◎△▲☑☒"
_WORD = re.compile(rf"[{_CJK}]|{_THAI_CLUSTER}|[{_MARKS}]|[^\W_{_CJK}{_THAI}]+")
_CJK_CHARACTERS = re.compile(rf"[{_CJK}]|{_THAI_CLUSTER}")
# Characters that negate the word they lead: "不合格" (failed) is not "合格" (passed), "无异常"
# no anomaly, "ไม่ผ่าน" (failed) not "ผ่าน" (passed)
_CJK_NEGATIONS = frozenset(["不", "未", "非", "無", "无", "没", "ไม่"])
# Korean reads the same characters as syllables that lead a word ("불합격" failed, "미완료" not
# done, "부적합" a nonconformity, not "적합"), but the same syllables end common words ("내부"
# internal, "업무" work, "대비" preparedness): only where they begin a word of two syllables or
# more are they read as the characters they stand for, and so negate what follows
_KOREAN_NEGATION = re.compile(r"(?<![\uac00-\ud7a3])([불부미비무])(?=[\uac00-\ud7a3])")
_KOREAN_NEGATION_AS = {"불": "不", "부": "不", "미": "未", "비": "非", "무": "無"}
GAP = 3  # words that may stand between two words of a phrase ("applicable [legal] requirements")


def words(text: str) -> list[str]:
    """The words of a text, case-folded, in order (punctuation and line breaks aside)."""
    folded = casefolded(text)
    if not folded.isascii() and _KOREAN_NEGATION.search(folded):  # Hangul only
        folded = _KOREAN_NEGATION.sub(lambda m: _KOREAN_NEGATION_AS[m.group(1)], folded)
    return _WORD.findall(folded)


def word_count(said: list[str]) -> int:
    """How many words `words` gave, a run of Japanese, Chinese, Korean or Thai characters
    counted as one word ("情報セキュリティ管理責任者", a role's name, is one word, not thirteen)."""
    count, within = 0, False
    for word in said:
        cjk = _CJK_CHARACTERS.fullmatch(word) is not None
        count += not (cjk and within)
        within = cjk
    return count


# Leading parts of a word that turn its meaning around: "nonconformity" is no "conformity",
# "Nichtkonformität" no "Konformität" and "nemmegfelelőség" no "megfelelőség", so a compound
# ending in a phrase word is not that word when its first part is one of these.
_NEGATIONS = frozenset({"non", "dis", "mis", "nicht", "miss", "kein", "fehl", "nem"})
_COMPOUND_HEAD = 3  # letters a compound's first part has at least ("Qualitäts|ziele")
_COMPOUND_TAIL = 4  # letters a compound's second part has at least ("Abfall|trennung")
_INFLECTION = 3  # letters an inflected ending adds at most ("Ziel|en", "requirement|s")
_NESS_WORD = (
    10  # letters a noun in -ness has at least to be said by its adjective ("effectiveness")
)
_SHORT_STEM = 5  # letters of a stem that starts many words, and that a derived word adds at most


# A remark in parentheses closing a value: "Leeds (remote)", "Engineering (QA)", "Improvement
# (Kaizen / Suggestion)"
_CLOSING_REMARK = re.compile(r"\s*\([^()]*\)\s*$")


def without_remark(text: str) -> str:
    """A value without the remark in parentheses that closes it (the site of "Leeds (remote)",
    the department of "Engineering (QA)"); as written where none does."""
    return _CLOSING_REMARK.sub("", text)


# The rest of a word after a short stem that its inflections drop or turn: "manage" as
# "managing", "policy" as "policies", "improve" as "improving"
_TURNED_ENDINGS = frozenset({"e", "y", "es", "ed", "s"})

# A word ending so takes -es in the plural ("miss", "misses")
_ES_PLURAL = ("s", "x", "z", "ch", "sh")


MAX_TITLE_WORDS = 8  # words of a job title ("Chef d'équipe pose", "Site Manager")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(_ES_PLURAL):
        return word[:-2]  # "coaches", "boxes"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]  # "chefs", "managers"
    return word


def title_key(text: str) -> tuple[str, ...]:
    """A job title as a role holder or a staff register writes it, for comparing the two: its
    words, case and a closing remark aside, each in the singular ("Chefs d'équipe pose" is the
    title of each "Chef d'équipe pose", "Line managers" of each "Line Manager"); none for a
    value too long to be a title."""
    said = words(without_remark(text))
    if len(said) > MAX_TITLE_WORDS:
        return ()
    if len(said) > 1 and said[-1] in _GROUP_WORDS:
        said = said[:-1]  # "Beschneier-Team", "Shift crew": each who holds the title
    return tuple(_singular(w) for w in said)


# A closing word naming a group of the people holding the title before it ("Beschneier-Team",
# "Maintenance crew", "equipo de mantenimiento" aside, which names it first)
_GROUP_WORDS = frozenset(
    {"team", "teams", "crew", "crews", "mannschaft", "trupp", "équipe", "equipe", "squadra",
     "ploeg", "zespół", "tým", "tiimi", "meeskond", "komanda", "brigade", "brygada", "brigada"}
)  # fmt: skip


# The last part of a compound that names the quantity of its first ("Wassermenge", "vesimäärä")
_QUANTITY_TAILS = ("määrä", "menge", "mengde", "mängd", "mængde", "hoeveelheid", "množství")


@lru_cache(maxsize=1 << 16)  # registers repeat their words row after row
def _same_word(wanted: str, found: str) -> bool:
    """Whether a text word is a phrase word, inflection aside: requirement(s), policy/policies,
    satisfy/satisfaction; short words must be the same (or a plural). A compound whose last
    part is the word counts too, as German writes them ("Qualitätsziele" says "Ziele",
    "Kundenzufriedenheit" says "Zufriedenheit"), unless its first part negates it, and so does
    one whose first part is the whole word, of five letters or more ("Abfalltrennung" says
    "Abfall", "Gefährdungsbeurteilung" "Gefährdung")."""
    if wanted == found or found == wanted + "s" or wanted == found + "s":
        return True
    if wanted.endswith(_ES_PLURAL) and found == wanted + "es":
        return True  # "near misses" say "near miss", "boxes" "box"
    if len(wanted) < 5 or _one_without(wanted, found):
        return False
    if _vowel_ending(wanted, found):
        return True  # Lithuanian "ciklų" (of the cycles) says "ciklai" (cycles)
    if wanted.endswith(("ment", "ments")) and _verb_of(wanted, found):
        return True
    if (
        wanted.endswith("ness")
        and len(wanted) >= _NESS_WORD
        and found in (wanted[:-4], wanted[:-4] + "ly")
    ):
        return True  # "the QMS is effective" says its "effectiveness"
    if found.startswith(wanted) and len(found) - len(wanted) >= _COMPOUND_TAIL:
        return True  # a compound led by the word: "Abfalltrennung" says "Abfall" (waste)
    tail = next((t for t in _QUANTITY_TAILS if wanted.endswith(t)), "")
    if tail and len(wanted) > len(tail) + 2 and _same_word(wanted[: -len(tail)], found):
        return True  # the quantity of a thing is the thing measured: "vesimäärä" is "vesi"
    stem = wanted[: max(5, len(wanted) - 3)]
    if found.startswith(stem):
        # a stem of five letters starts other words too ("inter" of "internal" starts
        # "interessierter"): the word found is at most a few letters longer, and goes on as the
        # word does ("satis-fy" as "satis-faction"), or where the word's rest is an ending that
        # inflection drops or turns ("manag-e", "manag-ing"; "polic-y", "polic-ies"): Spanish
        # "compr-as" is not "compr-essed"
        if len(stem) > _SHORT_STEM:
            return True
        rest, goes_on = wanted[len(stem) :], found[len(stem) :]
        return len(found) <= len(wanted) + _SHORT_STEM and (
            not rest or not goes_on or rest[0] == goes_on[0] or rest in _TURNED_ENDINGS
        )

    at = found.find(stem, _COMPOUND_HEAD)
    return (
        at >= _COMPOUND_HEAD
        and len(found) - at - len(wanted) <= _INFLECTION
        and found[:at].rstrip("-") not in _NEGATIONS
    )


_VOWELS = frozenset("aeiouyàáâãäåāąæèéêëēėęìíîïīįòóôõöøōœùúûüūůųýÿ")
_VOWEL_ENDING = 2  # vowels an inflected ending of a stem has at most ("cikl|ų", "cikl|ai")


def _vowel_ending(wanted: str, found: str) -> bool:
    """Whether two words are one stem of four letters or more with different endings of
    vowels alone, one of them a letter English does not write: Lithuanian "ciklų" and
    "ciklai" (of the cycles, cycles). Endings of English letters alone are left out: Italian
    "scopo" (purpose) is not "scope"."""
    if wanted[-1] not in _VOWELS and found[-1] not in _VOWELS:
        return False
    stems = []
    for word in (wanted, found):
        end = len(word)
        while end > len(word) - _VOWEL_ENDING and word[end - 1] in _VOWELS:
            end -= 1
        stems.append((word[:end], word[end:]))
    (stem, ending), (other, other_ending) = stems
    return (
        stem == other
        and len(stem) >= _COMPOUND_TAIL
        and ending != other_ending
        and not (ending + other_ending).isascii()
    )


# Words that say a thing is counted, its amount taken, or its share or rate worked out, which a
# text naming the thing itself need not say: a relevant variable "CIP ciklų skaičius" (number of
# CIP cycles) is collected as "CIP ciklai", "Anzahl der Chargen" as "Chargen", "number of shifts"
# as "shifts worked"; a share or a factor is worked out from the data on the thing: the "clinker
# factor" from the clinker produced, the "part PM2" (PM2's share) from PM2's production
_QUANTITY_WORDS = frozenset(
    {"number", "count", "quantity", "amount", "anzahl", "menge", "nombre", "quantité",
     "número", "cantidad", "numero", "quantità", "quantidade", "aantal", "hoeveelheid",
     "antal", "mængde", "mengde", "mängd", "lukumäärä", "määrä", "liczba", "ilość", "počet",
     "množství", "skaičius", "kiekis", "skaits", "daudzums", "száma", "mennyiség", "sayısı",
     "miktarı", "số", "lượng", "数", "数量", "件数", "回数",
     # shares, ratios, rates and factors
     "share", "proportion", "fraction", "ratio", "percentage", "rate", "factor", "anteil",
     "quote", "faktor", "part", "taux", "proporción", "porcentaje", "cuota", "quota",
     "percentuale", "proporzione", "fattore", "proporção", "percentagem", "fator", "aandeel",
     "verhouding", "andel", "osuus", "udział", "współczynnik", "podíl", "dalis", "daļa",
     "īpatsvars", "delež", "arány", "oranı", "hlutfall"}
)  # fmt: skip
# The little word after a count word that ties it to the thing: "number of", "nombre de"
_QUANTITY_LINKS = frozenset(
    {"of", "de", "des", "du", "der", "di", "del", "della", "dei", "degli", "delle", "do", "da",
     "dos", "das", "van", "av", "af", "the"}
)  # fmt: skip


def without_quantity(phrase: str) -> str | None:
    """A phrase naming a count, an amount or a share of a thing ("number of CIP cycles", "CIP
    ciklų skaičius", "clinker factor"), as the thing itself ("CIP cycles", "CIP ciklų",
    "clinker"); None for a phrase that names none, or nothing else."""
    said = words(phrase)
    kept: list[str] = []
    dropped = False
    after_count = False
    for word in said:
        if word in _QUANTITY_WORDS:
            dropped, after_count = True, True
            continue
        if after_count and word in _QUANTITY_LINKS:
            continue
        after_count = False
        kept.append(word)
    return " ".join(kept) if dropped and kept else None


# Endings that make a word say its opposite, "without" it: Turkish "başarısız" (unsuccessful) of
# "başarı", "uygunsuz" of "uygun"; "careless", "erfolglos", "waardeloos", "hjälplös". Words are
# compared folded, the dotless ı as i: "-sız" is "-siz" by then.
_WITHOUT = ("siz", "suz", "süz", "less", "los", "lose", "loos", "lös", "løs")


def _one_without(wanted: str, found: str) -> bool:
    """Whether one word is the other with an ending saying "without" (so its opposite)."""
    for ending in _WITHOUT:
        if wanted.endswith(ending) != found.endswith(ending):
            bare, other = (
                (wanted[: -len(ending)], found)
                if wanted.endswith(ending)
                else (found[: -len(ending)], wanted)
            )
            if len(bare) >= _INFLECTION and other.startswith(bare[: max(3, len(bare) - 2)]):
                return True
    return False


def _verb_of(noun: str, found: str) -> bool:
    """Whether `found` is the verb an English noun in -ment is made of, as a text says the
    same thing in a verb: "continually improve" says "continual improvement", "as required"
    says "requirement". The verb has six letters at least ("commit", not "state" of
    "statement"), and only its own endings count ("committed", not "committee")."""
    verb = noun.removesuffix("s").removesuffix("ment")
    if len(verb) < 6:
        return False
    stem = verb.removesuffix("e")
    double = verb + verb[-1]
    return found in (
        verb,
        verb + "s",
        verb + "d",
        stem + "ed",
        stem + "ing",
        double + "ed",
        double + "ing",
    )


# Articles, which a text may leave out of a phrase that has them ("extent to which [the]
# objectives have been met", "mate waarin [de] doelstellingen zijn gerealiseerd"), and "of the"
# made one word ("adequação [dos] recursos" of "adequação de recursos"); words that are articles
# in one language and something else in another ("as", "die", "i", "do") are kept. Japanese
# particles join a phrase's words as the text's grammar needs, and a text may say others
_ARTICLES = frozenset(
    {"the", "an", "de", "het", "een", "der", "das", "dem", "des", "le", "la", "les", "el", "los",
     "las", "il", "lo", "gli", "os", "dos", "del", "du", "aux", "della", "delle", "dei", "degli",
     "dello", "aos", "ao",
     # Japanese particles, each a word of its own (`words`): "パフォーマンスをトップマネジメントに報告"
     # is said by "パフォーマンスのトップマネジメントへの報告"
     "の", "を", "に", "へ", "は", "が", "で", "と", "も", "や", "的"}
)  # fmt: skip


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    found = words(phrase)
    while len(found) > 1 and found[0] in _ARTICLES:
        found = found[1:]  # "the management review": an article that leads is no word to find
    return tuple(found)


@lru_cache(maxsize=4096)
def _phrase_gaps(phrase: str) -> tuple[int, ...]:
    """The words that may stand before each word of a phrase after its first: GAP, but none
    between two clusters of one Thai word ("ทบทวน"), whose letters would otherwise be found
    scattered through any long Thai text."""
    wanted = _phrase_words(phrase)
    if not any(_THAI_CHARACTER.match(word) for word in wanted):
        return (GAP,) * len(wanted)
    chunks = [(word, at) for at, chunk in enumerate(phrase.split()) for word in words(chunk)]
    chunks = chunks[len(chunks) - len(wanted) :] if len(chunks) >= len(wanted) else chunks
    gaps = [GAP]
    for (before, chunk_before), (word, chunk) in itertools.pairwise(chunks):
        tight = chunk == chunk_before and bool(
            _THAI_CHARACTER.match(before) and _THAI_CHARACTER.match(word)
        )
        gaps.append(0 if tight else GAP)
    return tuple(gaps) if len(gaps) == len(wanted) else (GAP,) * len(wanted)


def says(phrase: str, text_words: list[str]) -> bool:
    """Whether `text_words` say `phrase`: its words in its order, each at most GAP words after the
    one before, inflection and case aside. Linear in the text for each word of the phrase."""
    wanted = _phrase_words(phrase)
    if not wanted:
        return True
    reach = [_same_word(wanted[0], w) for w in text_words]
    if _CJK_CHARACTERS.fullmatch(wanted[0]):
        # "不合格" (failed) does not say "合格" (passed), nor "不適合" (nonconformity) "適合"
        reach = [
            r and (j == 0 or text_words[j - 1] not in _CJK_NEGATIONS) for j, r in enumerate(reach)
        ]
    gaps = _phrase_gaps(phrase)
    for at, word in enumerate(wanted[1:], 1):
        if not any(reach):
            return False
        following = [False] * len(text_words)
        gap = gaps[at]
        last = -GAP - 2  # the last place the phrase so far ends at, before j
        for j, found in enumerate(text_words):
            if j - last <= gap + 1 and _same_word(word, found):
                following[j] = True
            if reach[j]:
                last = j
        if word in _ARTICLES:  # said or left out: the phrase may go on where it was
            following = [a or b for a, b in zip(following, reach, strict=True)]
        reach = following
    return any(reach)


def says_any(phrases: Iterable[str], text_words: list[str]) -> bool:
    """Whether `text_words` say any of `phrases` (`says`). A phrase one of whose words no word
    of the text could be is passed over without its walk through the text: a text word that is
    a phrase word (`_same_word`) holds its first four letters, or starts with all its letters
    but the last where it is shorter than five."""
    joined = ""
    for phrase in phrases:
        wanted = _phrase_words(phrase)
        if len(wanted) > 0 and len(text_words) > 0:
            if not joined:
                joined = " " + " ".join(text_words)
            if not all(_part(word) in joined for word in wanted if word not in _ARTICLES):
                continue
        if says(phrase, text_words):
            return True
    return False


@lru_cache(maxsize=4096)
def _part(word: str) -> str:
    """What every text word that is `word` (`_same_word`) holds, with a space for its start."""
    return word[:4] if len(word) >= 5 else " " + word[:-1]


class PhraseTable(dict[str, tuple[str, ...]]):
    """A pack's topics (topic -> the phrases that say it) with an organization's own wording
    (`phrases:` in its profile: a name -> its phrases) added where each belongs.

    The organization names what it words its own way as it reads it in `isocheck explain` or a
    finding: a topic ("review-audits"), one of a topic's phrases ("audit results") or a phrase a
    rule wants ("scope"), or a longer name that says one ("audit scope" says "scope"). Its
    phrases join every topic one of whose phrases it names exactly; a name that names none
    exactly joins the topics whose longest phrase it says, and any phrase a rule wants that it
    says (`saying`)."""

    def __init__(
        self, topics: Mapping[str, Iterable[str]], own: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        super().__init__({t: tuple(p) for t, p in topics.items()})
        self.own = {name: tuple(theirs) for name, theirs in (own or {}).items()}
        self._own_words = {name: words(name) for name in self.own}
        self._said: dict[str, tuple[str, ...]] = {}
        by_phrase: dict[str, set[str]] = {}
        for topic, phrases in list(self.items()):
            for phrase in (topic, *phrases):
                by_phrase.setdefault(fold(phrase), set()).add(topic)
        for name, theirs in self.own.items():
            for topic in self._topics_named(name, by_phrase):
                self[topic] = tuple(dict.fromkeys((*self[topic], *theirs)))

    def _topics_named(self, name: str, by_phrase: Mapping[str, set[str]]) -> list[str]:
        exact = by_phrase.get(fold(name))
        if exact:
            return sorted(exact)
        said = self._own_words[name]
        best, topics = 0, []
        for topic, phrases in self.items():
            length = max((len(words(p)) for p in phrases if names_phrase(said, p)), default=0)
            if length > best:
                best, topics = length, [topic]
            elif length and length == best:
                topics.append(topic)
        return topics

    def saying(self, wanted: str) -> tuple[str, ...]:
        """The phrases that say `wanted`: a topic's, or the phrase itself with the organization's
        wording of it (a name in `phrases:` that is or says the phrase)."""
        if wanted in self:
            return self[wanted]
        if wanted not in self._said:
            theirs = (
                p
                for name, phrases in self.own.items()
                if fold(name) == fold(wanted) or names_phrase(self._own_words[name], wanted)
                for p in phrases
            )
            self._said[wanted] = tuple(dict.fromkeys((wanted, *theirs)))
        return self._said[wanted]


def names_phrase(name: list[str], phrase: str) -> bool:
    """Whether a name an organization gives its wording holds each word of `phrase`, in order, as
    written or as a plural: naming is exact ("audit scope" names "scope", not "auditor")."""
    wanted = iter(words(phrase))
    word = next(wanted, None)
    for found in name:
        if word is None:
            break
        if found in (word, word + "s") or word == found + "s":
            word = next(wanted, None)
    return word is None
