"""Reasons the journal cannot be used right now; the command line exits with 3 for each."""

from __future__ import annotations


class JournalUnavailable(Exception):
    """The journal cannot be used; the message says why and what to do."""


class JournalDamaged(JournalUnavailable):
    """The file is not a healthy journal. It is left exactly as it was."""


class JournalBusy(JournalUnavailable):
    """Another CareCompanion window or command has the journal and this needs it alone."""


class JournalTooNew(JournalUnavailable):
    """The journal was written by a newer version of CareCompanion."""


class JournalWriteFailed(JournalUnavailable):
    """A save was refused (disk full, read-only, I/O error); nothing of it was written."""


class UnreadableText(JournalDamaged):
    """Stored text is not UTF-8. The message names the record (kind and id), never the text."""


class JournalLocked(JournalUnavailable):
    """The journal is encrypted and no passphrase or recovery key was given to unlock it."""
