"""Sub-commands beyond `check`, one module per area. Each module defines click commands and
keeps heavy imports (yaml, jsonschema, rich) inside the command functions, so that
`--help` and `--version` stay fast."""
