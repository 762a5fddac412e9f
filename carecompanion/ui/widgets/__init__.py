"""Shared widgets: the 0-10 score input, the trend chart, band colours."""
