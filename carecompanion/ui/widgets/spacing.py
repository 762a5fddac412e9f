"""The spacing scale (DESIGN.md), named once: multiples of 4 px at 100 % text size."""

from __future__ import annotations

INSIDE = 4  # inside a control
RELATED = 8  # between related controls
GROUP = 16  # between groups
SECTION = 24  # page margins and between sections
