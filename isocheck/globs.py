"""Location patterns: the globs packs and profiles name evidence by, compiled once, bounded, and
checked where they are written (a bad one is a pack or profile problem with its line, never a
rule error at run time)."""

from __future__ import annotations

import re
from functools import lru_cache


class GlobError(ValueError):
    """A location pattern that cannot be used: the message says why."""


GLOB_HINT = (
    "write a pattern such as 'registers/*.csv' or 'policy/*.{md,docx}': '*' is any name, "
    "[abc] one of its characters, a range runs from low to high"
)
MAX_GLOB = 256  # characters of a location pattern
MAX_WILDCARDS = 8  # '*' and '?' of one pattern: more could take polynomial time per path


def glob_problem(pattern: str) -> str | None:
    """Why `pattern` is no usable location, or None."""
    try:
        glob_regex(pattern)
    except GlobError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a '/'-separated glob: `*` and `?` stay within a path segment, `**` spans segments,
    `{md,docx,pdf}` is any one of its alternatives. GlobError for a pattern too long, with too
    many wildcards, or with a character class that is empty or runs backwards ("[z-a]")."""
    if len(pattern) > MAX_GLOB:
        raise GlobError(f"the pattern is {len(pattern)} characters long, more than {MAX_GLOB}")
    wildcards = pattern.count("*") - pattern.count("**") + pattern.count("?")
    if wildcards > MAX_WILDCARDS:
        raise GlobError(f"the pattern has {wildcards} wildcards, more than {MAX_WILDCARDS}")
    try:
        return re.compile(_glob_source(pattern) + r"\Z", re.IGNORECASE)
    except re.error as exc:
        raise GlobError(f"{pattern!r} is no pattern: {exc.msg}") from None


def _glob_source(pattern: str) -> str:
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
            while pattern.startswith("**/", i):  # "**/**/" is "**/": never nested repeats
                i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{" and (end := pattern.find("}", i + 1)) != -1 and "," in pattern[i:end]:
            alternatives = pattern[i + 1 : end].split(",")
            out.append("(?:" + "|".join(_glob_source(a) for a in alternatives) + ")")
            i = end
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                raw = pattern[i + 1 : end]
                if raw in ("", "!"):
                    raise GlobError(f"the character class '[{raw}]' holds no character")
                for low, high in re.findall(r"(.)-(.)", raw.lstrip("!")):
                    if low > high:
                        raise GlobError(f"the range {low}-{high} in '[{raw}]' runs backwards")
                body = raw.replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)
