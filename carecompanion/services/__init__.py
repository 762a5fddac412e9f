"""Services: take a session, validate, query and change the journal, return domain objects.

They never commit; the caller's `journal.write()` block is the transaction.
"""
