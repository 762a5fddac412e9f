"""Whose journal: a journal's id and person, and what an import may do with another's file.

Every journal has an id (a UUID); its person is the profile's name and date of birth. A file
carries the id of the journal it came from. Importing decides, in `judge`:

- the same id: the same journal on another computer; merge as always;
- this journal is empty (no record of any kind, and no other person named in it): it adopts
  the file's id, which is how a second laptop joins a journal;
- another id: another person's journal, refused (OtherJournal names both people) unless the
  person explicitly asks for the merge; then the records are merged and this journal keeps its
  own id and person;
- a file from before journals had ids (format 1-3, or a CSV): merged as before, unless both
  give a date of birth and the dates differ, which is refused the same way (a name alone may
  have been corrected or completed on the other laptop; a birth date tells two people apart).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import Enum

from carecompanion.domain.errors import InvalidInput

MERGE_OPTION = "--merge-other-journal"


@dataclass(frozen=True, slots=True)
class Person:
    """Whose journal it is, as far as it says: a name, a birth date, the days of its check-ins."""

    name: str = ""
    date_of_birth: date | None = None
    first_day: date | None = None
    last_day: date | None = None

    def named(self) -> bool:
        return bool(self.name.strip()) or self.date_of_birth is not None

    def same_as(self, other: Person) -> bool:
        """The same person by name (any case and spacing) and, where both give it, birth date."""
        if " ".join(self.name.casefold().split()) != " ".join(other.name.casefold().split()):
            return False
        both = self.date_of_birth is not None and other.date_of_birth is not None
        return not both or self.date_of_birth == other.date_of_birth

    def described(self) -> str:
        """ "Sam Jones (born 1958-02-01; check-ins from 2025-03-20 to 2026-03-20)"."""
        name = self.name.strip() or "a person with no name given"
        parts = []
        if self.date_of_birth is not None:
            parts.append(f"born {self.date_of_birth.isoformat()}")
        if self.first_day is not None and self.last_day is not None:
            parts.append(f"check-ins from {self.first_day} to {self.last_day}")
        else:
            parts.append("no check-ins")
        return f"{name} ({'; '.join(parts)})"


@dataclass(frozen=True, slots=True)
class JournalIdentity:
    """The id of the journal a file came from, and the person it names."""

    id: uuid.UUID
    person: Person = Person()


class Verdict(Enum):
    SAME = "same journal"
    ADOPT = "empty journal adopts the file's id"
    OTHER = "another person's journal, merged as asked"
    UNKNOWN = "a file from before journal ids"


class OtherJournal(InvalidInput):
    """A file from another person's journal, not merged because nobody asked for that."""

    def __init__(
        self,
        theirs: Person,
        ours: Person,
        their_id: uuid.UUID | None = None,
        our_id: uuid.UUID | None = None,
    ) -> None:
        self.theirs, self.ours = theirs, ours
        their_words, our_words = theirs.described(), ours.described()
        if their_words == our_words and their_id is not None and our_id is not None:
            # Two journals naming nobody, with the same days, would read alike: the first
            # digits of their ids tell them apart.
            their_words = f"{their_words[:-1]}; journal {their_id.hex[:8]})"
            our_words = f"{our_words[:-1]}; journal {our_id.hex[:8]})"
        self.their_words, self.our_words = their_words, our_words
        self.field, self.value = "file", their_words
        self.allowed = (
            f"a file of this journal; to merge another person's records into it anyway, "
            f"import again with {MERGE_OPTION}"
        )
        ValueError.__init__(
            self,
            f"file: this file comes from another person's journal: {their_words}. "
            f"This journal is {our_words}. Nothing was imported. To merge the other "
            f"person's records into this journal anyway, import again with {MERGE_OPTION}.",
        )


def judge(
    ours: JournalIdentity,
    ours_empty: bool,
    theirs: JournalIdentity | None,
    their_person: Person,
    *,
    merge_other: bool = False,
) -> Verdict:
    """What importing a file may do here (see the module's docstring); raises OtherJournal."""
    if theirs is not None and theirs.id == ours.id:
        return Verdict.SAME
    same_or_unnamed = not ours.person.named() or ours.person.same_as(their_person)
    if theirs is not None and ours_empty and same_or_unnamed:
        return Verdict.ADOPT
    born = ours.person.date_of_birth, their_person.date_of_birth
    other = theirs is not None or (None not in born and born[0] != born[1])
    if not other:
        return Verdict.UNKNOWN
    if not merge_other:
        raise OtherJournal(their_person, ours.person, theirs.id if theirs else None, ours.id)
    return Verdict.OTHER
