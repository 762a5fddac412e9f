"""Plain data and rules of the journal: no Qt, no SQL."""
