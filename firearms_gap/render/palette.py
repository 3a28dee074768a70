"""The colours of the statuses, defined once: the terminal's styles, and the fills HTML (CSS)
and XLSX both use. Colour only helps: a status is always written as a word too."""
from __future__ import annotations

# rich styles for the terminal table.
TERMINAL = {"met": "green", "met (uncited)": "yellow", "partial": "yellow", "gap": "bold red", "not adopted": "magenta", "not assessed": "dim",
            "not applicable": "cyan"}
REGRESSION_TERMINAL = "bold red"

# Background fills (RGB hex) of status cells in HTML and XLSX.
FILLS = {"met": "D4EFD4", "met (uncited)": "FDF3D0", "partial": "FDE9B0", "gap": "F6C4C4", "not adopted": "EFE6F0", "not assessed": "ECECEC",
         "not applicable": "DBE9F6"}
# In the non-binding sections a shortfall is never a breach: a paler, violet fill, not the alarm red.
NON_BINDING_FILLS = {**FILLS, "gap": "E6E0F3", "partial": "F1EEF8"}
HEADER_FILL = "E4E4E4"
