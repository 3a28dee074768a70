"""The Excel questionnaire: the framework file as a workbook a ministry can fill in.

`firearms_gap.render.questionnaire.write_questionnaire(book, framework)` makes the workbook (bytes);
`read.read_questionnaire`
reads a filled one back into the same data a YAML framework file yields, with every value's cell
so that problems are reported as `questionnaire.xlsx:Questions!D17: ...`; `to_yaml.render_yaml`
writes the equivalent framework YAML. `layout` is the one description of the sheets that the
writer and the reader share. Nothing here prints or imports click.
"""

# Zip files start with these bytes; an .xlsx is a zip. A file that starts so, or is named like a
# workbook, is read as a questionnaire whatever its name (standard input, a renamed file).
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb")


def is_workbook(raw: bytes, name: str) -> bool:
    """True when `raw` should be read as a questionnaire rather than as YAML."""
    return raw.startswith(ZIP_MAGIC) or name.lower().endswith(WORKBOOK_SUFFIXES)
