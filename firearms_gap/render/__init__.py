"""Laying views out as text or bytes: one module per format in render/formats/ (and its registry),
with what the formats share defined once here: escape.py, palette.py, stamp.py, json_text.py,
svg_chart.py (the HTML reports' charts).
rules_out.py writes the `rules` commands' listings."""
