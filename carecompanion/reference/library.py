"""Loading the guides and the glossary from the Markdown files shipped in resources/reference
(found through carecompanion.resource_files).

A guide is Markdown with a short header between `---` lines:

    ---
    id: targeted
    title: Targeted therapy and precision medicine
    track: tests                      (where "track this" leads: today, treatments, tests, trials)
    track_label: Record a test result in Tests
    questions:
    - A question worth asking the care team?
    ---
    The first paragraph is the summary. Then the detail, with glossary links written as
    [words](glossary:term-id).

The glossary is one Markdown file of `## Term {#term-id}` headings, each followed by its
definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from carecompanion.resource_files import resource_folder

TRACK_TARGETS = ("today", "treatments", "tests", "trials", "questions")
_HEADER_KEYS = {"id", "title", "track", "track_label", "questions"}
_GLOSSARY_LINK = re.compile(r"\]\(glossary:([a-z0-9-]+)\)")
_TERM = re.compile(r"## (.+?) \{#([a-z0-9-]+)\}")
_ID = re.compile(r"[a-z0-9-]+")


class ReferenceError(ValueError):
    """A reference file is malformed; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Guide:
    id: str
    title: str
    summary: str
    body: str  # Markdown after the summary
    questions: tuple[str, ...]
    track: str
    track_label: str

    def glossary_links(self) -> set[str]:
        return set(_GLOSSARY_LINK.findall(self.summary + "\n" + self.body))


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    definition: str


def parse_guide(text: str, name: str = "guide") -> Guide:
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise ReferenceError(f"{name}, line 1: a guide starts with a '---' header line")
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise ReferenceError(f"{name}: the header has no closing '---' line") from None
    header: dict[str, str] = {}
    questions: list[str] = []
    in_questions = False
    for number, line in enumerate(lines[1:end], start=2):
        if in_questions and line.startswith("- "):
            questions.append(line[2:].strip())
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in _HEADER_KEYS:
            raise ReferenceError(
                f"{name}, line {number}: expected one of "
                f"{', '.join(sorted(_HEADER_KEYS))}, found {line[:40]!r}"
            )
        in_questions = key == "questions"
        if not in_questions:
            header[key] = value.strip()
    for key in ("id", "title", "track", "track_label"):
        if not header.get(key):
            raise ReferenceError(f"{name}: the header needs '{key}'")
    if _ID.fullmatch(header["id"]) is None:
        raise ReferenceError(f"{name}: id {header['id']!r} must be lower-case letters, digits, -")
    if header["track"] not in TRACK_TARGETS:
        raise ReferenceError(f"{name}: track must be one of {', '.join(TRACK_TARGETS)}")
    if not 3 <= len(questions) <= 6:
        raise ReferenceError(f"{name}: a guide has 3 to 6 questions, found {len(questions)}")
    content = "\n".join(lines[end + 1 :]).strip()
    summary, _, body = content.partition("\n\n")
    if not summary.strip() or summary.lstrip().startswith("#"):
        raise ReferenceError(f"{name}: the text starts with a summary paragraph")
    return Guide(
        header["id"],
        header["title"],
        " ".join(summary.split()),
        body.strip(),
        tuple(questions),
        header["track"],
        header["track_label"],
    )


def parse_glossary(text: str, name: str = "glossary") -> dict[str, Term]:
    terms: dict[str, Term] = {}
    current: tuple[str, str] | None = None
    words: list[str] = []

    def close() -> None:
        if current is not None:
            definition = " ".join(" ".join(words).split())
            if not definition:
                raise ReferenceError(f"{name}: {current[0]!r} has no definition")
            terms[current[1]] = Term(current[1], current[0], definition)

    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith("## "):
            match = _TERM.fullmatch(line.strip())
            if match is None:
                raise ReferenceError(f"{name}, line {number}: write a term as '## Term {{#id}}'")
            close()
            if match.group(2) in terms:
                raise ReferenceError(f"{name}, line {number}: {match.group(2)!r} appears twice")
            current, words = (match.group(1), match.group(2)), []
        elif current is not None:
            words.append(line.strip())
    close()
    return terms


@cache
def guides() -> tuple[Guide, ...]:
    folder = resource_folder("reference")
    names = sorted(
        p.name for p in folder.iterdir() if p.name.endswith(".md") and p.name != "glossary.md"
    )
    return tuple(parse_guide((folder / n).read_text(encoding="utf-8"), n) for n in names)


@cache
def glossary() -> dict[str, Term]:
    folder = resource_folder("reference")
    return parse_glossary((folder / "glossary.md").read_text(encoding="utf-8"), "glossary.md")


def guide(guide_id: str) -> Guide:
    return next(g for g in guides() if g.id == guide_id)
