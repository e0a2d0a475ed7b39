"""People's names and references as registers write them, compared as the same thing: case,
accents, apostrophes, leading zeros, a remark in parentheses, an address or a login for a name, a
name written surname first, a title or letters around it. The lowest layer of meaning: the checks
and the conditions compare with it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from isocheck.meaning import fold

# A person's name, or its surnames or given names: one to four words of letters, joined by
# hyphens or apostrophes ("Müller-Kern", "O'Neill"), never a number ("AB-05, AB-06" is a list).
PERSON_NAME = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*(?: [^\W\d_]+(?:['’-][^\W\d_]+)*){0,3}$")
MAX_PERSON_NAME = 120  # the longest "Surname, Given" read as a name


# A period written after a name, how often the thing it names is renewed: "Safe Pass - 4 yr",
# "Forklift – 3 years", "First aid (3 yrs)", "Refresher, every 2 years"
_PERIOD_AFTER = re.compile(
    r"(?:\s+[-–]\s*|\s*\(\s*|,\s*)(?:every\s+)?\d{1,2}\s*"
    r"(?:y|yr|yrs|year|years|jahre?|ans?|años?|anni|jaar|m|mo|months?)\.?\s*\)?$",
    re.IGNORECASE,
)
MAX_PERIOD_TAIL = 32  # characters at a name's end looked at for a period
_EMAIL = re.compile(r"^([^@\s]+)@[^@\s.]+(?:\.[^@\s.]+)*\.[a-z]{2,}$", re.IGNORECASE)
# A login as directories and asset tools export people: first name and surname joined by a dot
# or an underscore (pauline.giraud, jean_dupont), each part of two letters or more.
_LOGIN = re.compile(r"^[^\W\d_]{2,}(?:-[^\W\d_]+)*(?:[._][^\W\d_]{2,}(?:-[^\W\d_]+)*)+$")
MAX_EMAIL = 254  # the longest address there is


@lru_cache(maxsize=1 << 17)  # a register names the same people and records row after row
def reference_key(value: str) -> str:
    """A reference as compared: folded, numbers without leading zeros, without a remark in
    parentheses after it ("Thomas Müller
    (Geschäftsführer)" names Thomas Müller; "NC-2026-01 (closed)" names NC-2026-01), a
    person's e-mail address as the name it spells (aisha.bello@example.com is Aisha Bello), since
    tools export people by address and registers kept by hand by name, and a name written surname
    first as payroll exports write it ("Ferrer Albiol, Vicente" is Vicente Ferrer Albiol)."""
    text = value.strip()
    tail = text[-MAX_PERIOD_TAIL:]  # searched at the end only: the work stays bounded
    if (period := _PERIOD_AFTER.search(tail)) is not None and len(text) - len(
        tail
    ) + period.start():
        text = text[: len(text) - len(tail) + period.start()].strip()  # "Manual Handling - 3 yr"
    if text.endswith(")") and "(" in text:  # a remark after it, in parentheses
        text = text[: text.rindex("(")].strip() or text
    email = _EMAIL.match(text) if len(text) <= MAX_EMAIL else None
    login = _LOGIN.match(text) if not email and len(text) <= MAX_PERSON_NAME else None
    if email:
        text = re.sub(r"[._-]+", " ", email.group(1))
    elif login:
        text = re.sub(r"[._]+", " ", text)
    elif len(text) <= MAX_PERSON_NAME:
        if (initials := _DOTTED_INITIALS.match(text)) is not None:
            # "P. Arunprasath" is Arunprasath P, as Indian payrolls write him
            text = " ".join([*re.findall(r"[^\W\d_]", initials.group(1)), initials.group(2)])
        text = _undecorated(text)
        if text.count(",") == 1:
            surname, given = (" ".join(part.split()) for part in text.split(","))
            if PERSON_NAME.match(surname) and PERSON_NAME.match(given):
                text = f"{given} {surname}"
    # "NC-26-04" and "NC-26-004" are one number written with more or fewer leading zeros;
    # accents aside, since addresses and logins are written without them (ines.laurent is Inès
    # Laurent)
    # and apostrophes aside, which addresses and logins leave out (niamh.oconnell is Niamh
    # O'Connell)
    return _LEADING_ZEROS.sub("", _unaccented(fold(text))).replace("'", "").replace("’", "")


# What registers write around a person's name: a title before it ("Dr. Jane Smith", "Dipl.-Ing.
# Klaus Berger", "Mme Claire Dumas", "Dott.ssa Elena Rovedatti", "Ir. Joost de Vries"), letters
# after it ("Jane Smith MSc CMIOSH", "Smith, Jane, PhD") and a middle initial ("Jane A. Smith").
# Only words that name no thing: never "DR" (disaster recovery), "PE" or "II".
_TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "ing", "dipl-ing", "dr-ing",
     "dipl", "herr", "frau", "mme", "mlle", "sig", "sigra", "sig-ra", "dott", "dottssa",
     "dott-ssa", "avv", "geom", "sra", "srta", "dhr", "mevr", "ir", "drs", "mag", "engr",
     "lic", "licda", "mtro", "mtra", "arq", "dra", "eng", "mgr", "inz", "inż", "mmag", "ddr",
     "maga", "dkfm", "bmstr", "bc", "mudr", "mvdr", "judr", "phdr", "rndr", "paedr", "mga",
     "pharmdr", "thdr",
     # Mexican professional titles, written dotted in capitals ("Q.F.B.", "C.P.", "M.V.Z.")
     "qfb", "cp", "mvz", "iq", "ibq", "lae", "mc"}
)  # fmt: skip
# Austrian and German titles written in capitals ("DI Florian Wallner", Diplom-Ingenieur), which
# name no thing before a person's name, and the kind of school a title comes with ("Mag. (FH)
# Sabine Pichler", "Ing. (HTL)"), which follows a title
_CAPITAL_TITLES = frozenset({"DI", "DDI"})
_TITLE_SCHOOL = frozenset({"(fh)", "(htl)", "(uni)", "(tu)"})
# The words of a job title signed after a name ("Lic. Fernando Herrera Cantú, Director General",
# "Antoine MERCERON, Responsable bureau d'études", "Helen Carter - Managing Director"): a tail
# after a comma or a dash with one of them is the role, not a given name ("Ferrer Albiol,
# Vicente" is Vicente Ferrer Albiol).
_ROLE_WORDS = frozenset(
    {"director", "directora", "directeur", "directrice", "direktor", "direktorin", "direttore",
     "diretor", "dyrektor", "direktør", "manager", "managerin", "gerente", "gérant",
     "gerant", "responsable", "responsabile", "responsável", "coordinator", "coordinador",
     "coordinadora", "coordinateur", "coordinatrice", "coordinatore", "koordinator",
     "coördinator", "head", "chef", "leiter", "leiterin", "geschäftsführer", "geschäftsführerin",
     "officer", "engineer", "ingeniero", "ingeniera", "ingénieur", "ingegnere", "supervisor",
     "superviseur", "jefe", "jefa", "ceo", "cfo", "coo", "cto", "ciso", "president", "presidente",
     "président", "representative", "representante", "auditor", "auditora", "auditeur",
     "técnico", "técnica", "technician", "technicien", "technicus", "specialist", "especialista",
     "administrator", "secretary", "owner", "lead", "leader", "beauftragter", "beauftragte",
     "verantwortlicher", "verantwortliche", "kierownik", "prezes", "bedrijfsleider",
     "directeur-generaal", "teamleider", "afdelingshoofd", "adjoint", "adjointe", "médico",
     "controller", "planner", "inspector", "inspecteur", "analyst", "analista"}
)  # fmt: skip
_ROLE_AFTER = re.compile(r"\s*(?:,|\s[-–—]\s)\s*")
_LETTERS_AFTER = frozenset(
    {"msc", "bsc", "mba", "phd", "ceng", "ieng", "cmiosh", "miosh", "techiosh", "grad-iosh",
     "csp", "pmp", "cissp", "cisa", "cism", "crisc", "fcca", "acca", "meng", "beng", "mrics",
     "frics", "cqp", "mcqi", "fcqi", "llm", "mphil", "cenv", "miema", "ciema", "dipl-ing",
     "csc", "drsc", "dis"}
)  # fmt: skip
_INITIAL = re.compile(r"^[^\W\d_]\.$")  # "A." (a dot: "Hall A" stays a hall)
# A name led by initials with dots, as South Indian names are written ("P. Arunprasath", "S.K.
# Murugan"): the given name (and perhaps one more) after one or two initials
_DOTTED_INITIALS = re.compile(r"^((?:[^\W\d_]\.\s*){1,2})([^\W\d_]{2,}(?: [^\W\d_]{2,})?)$")


def _word(token: str, capitals: bool = True) -> str | None:
    """A title's or letters' token as the lists above write it ("Dipl.-Ing." is dipl-ing); None
    for a title in capitals, which is an acronym ("DR", "MS"), unless `capitals` or dotted."""
    bare = token.strip(".,")
    if not capitals and len(bare) > 1 and bare.isupper() and "." not in bare:
        return None  # "DR", "MS": an acronym; "Q.F.B.", dotted, a title
    return token.casefold().replace(".", "").strip(",")


def _without_role(text: str) -> str:
    """A name signed with its role after it ("Fernando Herrera Cantú, Director General") as the
    name; anything else as written."""
    parts = _ROLE_AFTER.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or len(parts[0].split()) < 2:
        return text
    said = {word.strip(".,()'’").casefold() for word in parts[1].split()}
    return parts[0].strip() if said & _ROLE_WORDS else text


def _undecorated(text: str) -> str:
    """A person's name without a title before it, letters after it, a middle initial or a role
    signed after it, where two words of a name remain ("Dr. Jane A. Smith, PhD" is Jane Smith,
    "Lic. Fernando Herrera Cantú, Director General" Fernando Herrera Cantú); anything else as
    written."""
    text = _without_role(text)
    tokens = text.replace(",", " , ").split()
    if len(tokens) < 3:
        return text
    changed = False
    while len(tokens) > 2 and (
        _word(tokens[0], capitals=False) in _TITLES
        or tokens[0] in _CAPITAL_TITLES
        or (changed and tokens[0].casefold() in _TITLE_SCHOOL)
    ):
        tokens, changed = tokens[1:], True
    while len(tokens) > 2 and (tokens[-1] == "," or _word(tokens[-1]) in _LETTERS_AFTER):
        tokens, changed = tokens[:-1], True
    if len(tokens) > 2 and "," not in tokens and any(_INITIAL.match(t) for t in tokens[1:-1]):
        tokens, changed = (
            [tokens[0], *(t for t in tokens[1:-1] if not _INITIAL.match(t)), tokens[-1]],
            True,
        )
    if not changed:
        return text
    name = " ".join(tokens).replace(" , ", ", ")
    return name if PERSON_NAME.match(name.replace(", ", " ")) else text


def _unaccented(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize(
        "NFC",
        "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)),
    )


_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")


def either_order(key: str) -> str | None:
    """A person's name (a reference key of two to four words of letters) with its words in one
    order, since registers write names either way: "Mainetti Alessandro", as a register with a
    "Cognome e nome" (surname and name) column writes him, is Alessandro Mainetti. None for a
    key that is no such name."""
    words = key.split()
    if not 2 <= len(words) <= MAX_NAME_ORDER_WORDS or not PERSON_NAME.match(key):
        return None
    return " ".join(sorted(words))


MAX_NAME_ORDER_WORDS = 4


def is_identifier(word: str) -> bool:
    """Whether a word is a register's identifier: letters and digits in one word ("VR-01",
    "USE-02", "A.5.1"), never a plain number or a word."""
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


# An identifier as text names it: letters and digits in one hyphenated word ("C101", "PK-3",
# "CAPA-26-005"), never a date or a plain number; a number after a slash may close it, as a
# register numbers its records per month or year ("NC-2026-27/02")
_CODE_IN_TEXT = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])([\w-]{2,})((?:/\d{1,4})+)?(?![\w-])"
)


def codes_named(text: str) -> list[str]:
    """The identifiers a text names, in its order ("reviewed late (IA-26-02 / CAPA-26-005)"); one
    closed by a number after a slash both with it and without ("NC-2026-27/02", "NC-2026-27")."""
    found: list[str] = []
    for match in _CODE_IN_TEXT.finditer(text):
        code, closing = match.groups()
        if closing:
            found.append(code + closing)
        found.append(code)
    return found
