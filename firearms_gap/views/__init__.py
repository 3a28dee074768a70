"""Views: what a report shows, built once from a result, for every format to lay out.

- `CheckView` (views/check.py) of a Report (`check`),
- `CompareView` (views/compare.py) of a BatchResult (`compare`),
- `DiffView` (views/diff.py) of a DiffResult (`diff`).

A view holds the words of a report - title, meta lines, the sections of the matrix with their
rows, counts, summary lines, legend - so that the formats in render/formats/ cannot disagree
about any of them; a format only decides how they look (table, markdown, csv, json, html, xlsx).
The vocabulary (labels of legal forces, sections, themes, statuses) is in views/labels.py.
Nothing here prints, imports click, or imports a format.
"""
