"""Which sync folder the journal exchanges its changes through, as chosen in Settings or with
`sync --folder` (remembered in the journal's identity row; `identity.set_sync_folder` changes
it). Read through the driver: the window asks at start, before the SQL layer's mapping loads."""

from __future__ import annotations

from carecompanion.services.checkin_rows import Reader, rows


def chosen_folder(source: Reader) -> str:
    """The folder chosen for this journal; empty when none is."""
    found = rows(source, "SELECT sync_folder FROM journal_identity LIMIT 1")
    return (found[0][0] or "") if found else ""
