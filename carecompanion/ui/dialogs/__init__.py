"""Dialogs: add and edit forms, settings, the call-now list."""
