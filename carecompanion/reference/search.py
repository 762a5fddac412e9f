"""Searching the guides and the glossary as the person types: any case, accents optional."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from carecompanion.reference.library import Guide, Term, glossary, guides

_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)|[*#`_]")


def fold(text: str) -> str:
    """Lower case without accents, so "Leukaemia" finds "leukaemia" and "leucemia" "leucémia"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", markdown).split())


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "guide" or "term"
    id: str
    title: str
    snippet: str


def _snippet(text: str, at: int, width: int = 90) -> str:
    start = max(0, at - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def search(query: str, limit: int = 30) -> list[Hit]:
    wanted = fold(query.strip())
    if len(wanted) < 2:
        return []
    hits: list[Hit] = []
    for term in glossary().values():
        if wanted in fold(term.term) or wanted in fold(term.definition):
            hits.append(Hit("term", term.id, term.term, term.definition))
    for guide in guides():
        hits.extend(_guide_hits(guide, wanted))
    hits.sort(key=lambda h: (wanted not in fold(h.title), h.kind != "term"))
    return hits[:limit]


def _guide_hits(guide: Guide, wanted: str) -> list[Hit]:
    text = plain(guide.summary + " " + guide.body + " " + " ".join(guide.questions))
    at = fold(text).find(wanted)
    if wanted in fold(guide.title):
        return [Hit("guide", guide.id, guide.title, guide.summary)]
    if at >= 0:
        return [Hit("guide", guide.id, guide.title, _snippet(text, at))]
    return []


def term_for(term_id: str) -> Term | None:
    return glossary().get(term_id)
