"""The commands, one module each, and the one registry of them.

Every report command goes the same way: parse its options -> firearms_gap.api (check, compare,
diff, validate, lint) -> a view (firearms_gap.views) -> render (firearms_gap.render.formats) ->
write (commands/output.py) -> exit with an ExitCode (firearms_gap.exitcodes).

A command module is imported only when its command is named (or all are listed, for --help):
defining every command's options up front cost ~1.5 ms of each `check`. Heavy modules (yaml,
jsonschema, rich, openpyxl) are imported inside the command functions, so `--help` and
`--version` start at once (tests/test_startup.py).

To add a command: write commands/<name>.py defining a click command named COMMAND
(made with cls=help_option.Command), and add
one line below.
"""

# command name -> the module of firearms_gap.commands that defines it (as COMMAND)
COMMANDS = {
    "check": "check",
    "compare": "compare",
    "diff": "diff",
    "import": "questionnaire",
    "history": "history",
    "init": "init",
    "needs": "needs",
    "rules": "rules",
    "schema": "schema",
    "validate": "validate",
}

# `rules` sub-commands defined outside commands/rules.py: name -> module (defining COMMAND)
RULES_SUBCOMMANDS = {
    "lint": "lint",
}


def load(name: str, registry: dict = COMMANDS):
    """The click command `name` of a registry, importing only its module."""
    import importlib

    return importlib.import_module(f"firearms_gap.commands.{registry[name]}").COMMAND
