"""Searching the guides and the glossary as the person types.

How a query matches (issue 13: "ECOG" found "recognise", and two-word searches found nothing):

- Text and query are cut into words. Case and accents do not count ("MYÉLOMA" finds
  "myeloma", "Leukaemia" finds "leukaemia"), nor do punctuation and hyphens ("PD-L1", "pd l1"
  and "PD L1" are the same two words; "T-cell" and "T cell" too).
- Words match whole words: "ECOG" does not find "recognise", "ALK" does not find "talk".
- The last word of the query may be the start of a word, because results show while the person
  is still typing: "immuno" finds "immunotherapy", "EGF" finds "EGFR". Earlier words must be
  whole.
- A query of several words finds a place where they stand together, in that order ("stable
  disease"); failing that, a guide or definition that has every one of the words somewhere
  ("liver immunotherapy"), small words such as "what" and "is" aside ("what is ECOG"). The
  snippet shows the shortest stretch of text that holds them all.
- Order of results: a match in the title comes first (so the glossary entry for a term comes
  before guides that use it); then glossary entries before guides; then words side by side
  before words scattered; then whole words before a word still being typed; then the order of
  the files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from carecompanion.reference.library import Guide, Term, glossary, guides

_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)|[*#`_]")
_WORD = re.compile(r"[^\W_]+")
# Words too common to require when the words are not side by side ("what is ECOG").
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "are", "can", "do", "does", "for", "how", "i", "in", "is", "it", "me"}
    | {"my", "of", "on", "or", "the", "to", "what", "when", "which", "who", "why"}
)
# Letters that Unicode does not split into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Lower case without accents, so "Leukaemia" finds "leukaemia" and "leucemia" "leucémia"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", markdown).split())


@lru_cache(maxsize=1024)  # the guides and definitions are cut once, not at every key press
def words(text: str) -> tuple[tuple[str, int], ...]:
    """The folded words of a text, each with where it starts in the text."""
    found: list[tuple[str, int]] = []
    for match in _WORD.finditer(text):
        # Folding can itself split a word ("½" becomes "1⁄2"); the pieces share its place.
        found.extend((piece, match.start()) for piece in _WORD.findall(fold(match.group())))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # "guide" or "term"
    id: str
    title: str
    snippet: str


@dataclass(frozen=True, slots=True)
class _Match:
    at: int  # where in the text, for the snippet
    together: bool  # the words side by side, in order
    whole: bool  # the last word whole, not only its start


def _same(word: str, wanted: str, last: bool) -> bool:
    return word == wanted or (last and word.startswith(wanted))


def _find(query: list[str], text: str) -> _Match | None:
    """The best place in `text` for the query's words, or None if some word is missing."""
    found = words(text)
    n = len(query)
    best: _Match | None = None
    for i in range(len(found) - n + 1):
        if all(_same(found[i + k][0], query[k], k == n - 1) for k in range(n)):
            if found[i + n - 1][0] == query[-1]:
                return _Match(found[i][1], True, True)
            best = best or _Match(found[i][1], True, False)
    if best is not None or n == 1:
        return best
    return _scattered(query, found)


def _scattered(query: list[str], found: tuple[tuple[str, int], ...]) -> _Match | None:
    """Every word somewhere, small words aside: the closest group of them, or None."""
    last = len(query) - 1
    wanted = [(k, w) for k, w in enumerate(query) if w not in _SMALL_WORDS] or list(
        enumerate(query)
    )
    # Each place in the text where one of the wanted words stands: (word's place, which word).
    places = [
        (i, j)
        for i, (word, _) in enumerate(found)
        for j, (k, w) in enumerate(wanted)
        if _same(word, w, k == last)
    ]
    if {j for _, j in places} != set(range(len(wanted))):
        return None
    # The shortest stretch of text holding all of them, for the snippet.
    best, count, start = (0, len(found)), [0] * len(wanted), 0
    for i, j in places:
        count[j] += 1
        while count[places[start][1]] > 1:
            count[places[start][1]] -= 1
            start += 1
        if all(count) and i - places[start][0] < best[1] - best[0]:
            best = (places[start][0], i)
    whole = any(word == query[-1] for word, _ in found) or query[-1] in _SMALL_WORDS
    return _Match(found[best[0]][1], False, whole)


def _snippet(text: str, at: int, width: int = 90) -> str:
    start = max(0, at - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def search(query: str, limit: int = 30) -> list[Hit]:
    wanted = [word for word, _ in words(query)]
    if len("".join(wanted)) < 2:
        return []
    ranked: list[tuple[tuple[int, ...], Hit]] = []
    for term in glossary().values():
        ranked.extend(_term_hit(term, wanted))
    for guide in guides():
        ranked.extend(_guide_hit(guide, wanted))
    ranked.sort(key=lambda pair: pair[0])  # a stable sort keeps the files' order among equals
    return [hit for _, hit in ranked[:limit]]


def _rank(in_title: _Match | None, kind: str, where: _Match) -> tuple[int, ...]:
    return (
        in_title is None,
        kind != "term",
        not where.together,
        not where.whole,
    )


def _term_hit(term: Term, wanted: list[str]) -> list[tuple[tuple[int, ...], Hit]]:
    in_title = _find(wanted, term.term)
    where = in_title or _find(wanted, f"{term.term} {term.definition}")
    if where is None:
        return []
    return [(_rank(in_title, "term", where), Hit("term", term.id, term.term, term.definition))]


def _guide_hit(guide: Guide, wanted: list[str]) -> list[tuple[tuple[int, ...], Hit]]:
    in_title = _find(wanted, guide.title)
    text = plain(guide.summary + " " + guide.body + " " + " ".join(guide.questions))
    if in_title is not None:
        hit = Hit("guide", guide.id, guide.title, plain(guide.summary))
        return [(_rank(in_title, "guide", in_title), hit)]
    # The words may be shared between the title and the text ("immunotherapy liver").
    where = _find(wanted, text)
    at = where.at if where is not None else _first(wanted, text)
    where = where or _find(wanted, f"{guide.title} {text}")
    if where is None:
        return []
    hit = Hit("guide", guide.id, guide.title, _snippet(text, at))
    return [(_rank(None, "guide", where), hit)]


def _first(query: list[str], text: str) -> int:
    """Where the first of the query's words stands in the text (0 if none does)."""
    last = len(query) - 1
    for word, at in words(text):
        if any(_same(word, wanted, k == last) for k, wanted in enumerate(query)):
            return at
    return 0


def term_for(term_id: str) -> Term | None:
    return glossary().get(term_id)
