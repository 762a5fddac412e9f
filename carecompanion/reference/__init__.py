"""The Learn reference: guides about next-step treatments, the glossary, search, trial search."""
