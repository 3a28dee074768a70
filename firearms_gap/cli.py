"""Command line: parse options, call the core, write the result. Nothing else lives here.

Heavy modules (yaml, jsonschema, rich) are imported inside commands so that
--help and --version start at once.
"""
from __future__ import annotations

import os
import sys

import click

from firearms_gap import __version__

EXIT_HELP = """\
\b
Exit codes:
  0    no shortfall at the --fail-on threshold
  1    a gap, partial result or option not adopted at the --fail-on threshold
       (compare: in any jurisdiction; diff: a new one in NEW)
  2    usage or input error (bad option, unreadable or invalid file)
  3    internal error (a bug: please report it)
  130  interrupted (Ctrl-C)
"""

FAIL_ON_HELP = ("Which legal force makes a shortfall exit 1: mandatory (mandatory and conditional "
                "obligations; default), qualified, definitional, optional, recommended, any, none.")


def _check_output(fmt: str, output: str | None, csv_bom: bool = False) -> None:
    """Refuse option combinations that cannot work, before any file is read."""
    if fmt == "xlsx" and (not output or output == "-"):
        raise click.UsageError("--format xlsx writes a binary workbook: give -o FILE.xlsx")
    if csv_bom and fmt != "csv":
        raise click.UsageError("--csv-bom applies to --format csv only")


def _emit(text: str | bytes, output: str | None) -> None:
    if output and output != "-":
        from firearms_gap.output import write_atomic, write_atomic_bytes
        try:
            if isinstance(text, bytes):
                write_atomic_bytes(output, text)
            else:
                write_atomic(output, text)
        except OSError as e:
            from firearms_gap.diagnostics import InputError
            raise InputError.single(output, f"cannot write output: {e.strerror}") from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _use_color(color: bool | None, output: str | None) -> bool:
    if output and output != "-":
        return False
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


# The command modules in firearms_gap/commands/ and the commands each defines. They are imported
# only when one of their commands is named (or all listed, for --help): defining every command's
# options up front cost ~1.5 ms of each `check` (issue 6). A test keeps this map complete.
LAZY_COMMANDS = {"compare": "batch", "diff": "batch", "init": "authoring", "validate": "authoring",
                 "rules": "rules", "import": "questionnaire"}


class _LazyGroup(click.Group):
    def list_commands(self, ctx) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx, name):
        if name not in self.commands and name in LAZY_COMMANDS:
            import importlib

            module = importlib.import_module(f"firearms_gap.commands.{LAZY_COMMANDS[name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_HELP)
@click.version_option(__version__, "--version", prog_name="firearms-gap",
                      message="%(prog)s %(version)s (framework format firearms-gap/framework-1)")
@click.option("--max-bytes", type=click.IntRange(1, 1 << 30), default=None, metavar="N",
              help="Refuse input files larger than N bytes (default 5 MiB).")
def cli(max_bytes):
    """Gap matrix of a national firearms law against the UN Firearms Protocol.

    Describe a jurisdiction's law in a framework file (YAML), then run
    `firearms-gap check law.yaml`.
    """
    if max_bytes is not None:
        from firearms_gap import loader
        loader.set_max_bytes(max_bytes)



@cli.command(epilog=EXIT_HELP)
@click.argument("file", metavar="FILE")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "markdown", "csv", "json", "html", "xlsx"]),
              default="table", show_default=True, help="Output format (xlsx needs -o FILE).")
@click.option("-o", "--output", metavar="PATH", help="Write to PATH (atomically) instead of standard output.")
@click.option("--csv-bom", is_flag=True, help="Start CSV output with a UTF-8 byte order mark (for Excel).")
@click.option("--ruleset", "rulesets", multiple=True, metavar="NAME|PATH",
              help="Ruleset to check against (repeatable): a bundled name or a ruleset file. Default: all bundled.")
@click.option("--force", "forces", multiple=True, metavar="FORCE",
              help="Only requirements of this legal force (repeatable).")
@click.option("--theme", "themes", multiple=True, metavar="THEME", help="Only requirements of this theme (repeatable).")
@click.option("--fail-on", default="mandatory", show_default=True, metavar="LEVEL", help=FAIL_ON_HELP)
@click.option("--color/--no-color", default=None, help="Force or disable colour (default: colour on a terminal "
              "unless NO_COLOR is set).")
@click.option("--width", type=click.IntRange(40, 400), default=None,
              help="Table width in columns (default: terminal width, 120 when piped).")
def check(file, fmt, output, csv_bom, rulesets, forces, themes, fail_on, color, width):
    """Check FILE (a framework file, or - for standard input) and print the gap matrix."""
    from firearms_gap import api

    ctx = click.get_current_context()
    ctx.meta["format"] = fmt        # set first: an unreadable FILE is reported as JSON too
    _check_output(fmt, output, csv_bom)
    from firearms_gap.loader import read_input

    raw, name = read_input(file)
    report = api.check_file(raw, name, rulesets=list(rulesets) or None, fail_on=fail_on,
                            forces=tuple(forces), themes=tuple(themes))
    if width is None:
        width = os.get_terminal_size().columns if sys.stdout.isatty() and not output else 120
    text = api.render(report, fmt, width=width, color=_use_color(color, output))
    if csv_bom:
        from firearms_gap.render.csv_out import BOM
        text = BOM + text
    _emit(text, output)
    sys.exit(1 if report.failing else 0)


@cli.command()
@click.option("-o", "--output", metavar="PATH", help="Write to PATH instead of standard output.")
@click.option("--ruleset", "rulesets", multiple=True, metavar="PATH",
              help="Also allow the questions of this custom ruleset (repeatable); the bundled ones are always in.")
def schema(output, rulesets):
    """Print the JSON Schema of the framework file (for editors and validators).

    For VS Code: `firearms-gap schema -o framework.schema.json` beside your framework files,
    which `firearms-gap init` templates point at in their first line.
    """
    from firearms_gap.framework import derive_schema
    from firearms_gap.render import json_text
    from firearms_gap.rulesets import load_book

    _emit(json_text.dumps(derive_schema(load_book(list(rulesets) or None))) + "\n", output)


class _ClosedStdout:
    """Stands in for standard output when the process started with it closed (`cmd >&-`):
    a result written there is an output error (exit 2, said on stderr), while `-o FILE` still works."""

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    def write(self, text) -> int:
        from firearms_gap.diagnostics import InputError
        raise InputError.single("<stdout>", "cannot write output: standard output is closed (use -o FILE)")


def main(argv=None) -> None:
    """Run the CLI with the documented exit codes (click alone uses 1 for too many things)."""
    from firearms_gap.diagnostics import InputError

    if sys.stdout is None:
        sys.stdout = _ClosedStdout()

    ctx_meta: dict = {}
    try:
        with cli.make_context("firearms-gap", list(sys.argv[1:] if argv is None else argv)) as ctx:
            ctx_meta = ctx.meta
            cli.invoke(ctx)
        sys.exit(0)
    except InputError as e:
        if ctx_meta.get("format") == "json" and not isinstance(sys.stdout, _ClosedStdout):
            from firearms_gap.render import json_text
            sys.stdout.write(json_text.dumps({"output_schema_version": "1", "input_errors": [
                d.as_dict() for d in e.diagnostics]}) + "\n")
        click.echo(e.render(), err=True)
        sys.exit(2)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - the last line of defence: exit 3, never a bare traceback
        if os.environ.get("FIREARMS_GAP_DEBUG"):
            import traceback
            traceback.print_exc()
        click.echo(f"firearms-gap: internal error: {type(e).__name__}: {e}\n"
                   "This is a bug. Please report it with the command you ran "
                   "(set FIREARMS_GAP_DEBUG=1 to see the traceback).", err=True)
        sys.exit(3)
