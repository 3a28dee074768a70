"""Command line: the `firearms-gap` group and `main()`, which maps every outcome to an ExitCode.
The commands themselves are in firearms_gap/commands/, one module each (commands.COMMANDS).

Heavy modules (yaml, jsonschema, rich) are imported inside commands so that
--help and --version start at once.
"""
from __future__ import annotations

import os
import sys

import click

from firearms_gap import __version__
from firearms_gap.commands import COMMANDS, load
from firearms_gap.commands.help_option import Group, version_option
from firearms_gap.exitcodes import ExitCode, general, help_table


class _LazyGroup(Group):
    """Imports a command's module only when the command is named (or all, to list them)."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx, name):
        if name not in self.commands and name in COMMANDS:
            self.add_command(load(name), name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=help_table(general()))
@version_option(f"firearms-gap {__version__} (framework format firearms-gap/framework-1)")
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


def _flag(option: str) -> str:
    """The command-line option of a core parameter (fail_on -> --fail-on, themes -> --theme), as
    the commands declare it."""
    groups = [cli]
    while groups:
        for command in groups.pop().commands.values():
            for param in command.params:
                if param.name == option and isinstance(param, click.Option):
                    return max(param.opts, key=len)
            if isinstance(command, click.Group):
                groups.append(command)
    return option


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
    from firearms_gap.diagnostics import InputError, OptionError

    if sys.stdout is None:
        sys.stdout = _ClosedStdout()

    ctx_meta: dict = {}
    ctx = None
    try:
        with cli.make_context("firearms-gap", list(sys.argv[1:] if argv is None else argv)) as ctx:
            ctx_meta = ctx.meta
            cli.invoke(ctx)
        sys.exit(ExitCode.OK)
    except InputError as e:
        if isinstance(e, OptionError):
            e = e.as_option(_flag(e.option))
        if ctx_meta.get("format") == "json" and not isinstance(sys.stdout, _ClosedStdout):
            # Where the report would have gone (-o FILE), unless writing there is what failed.
            from firearms_gap.output import emit_error_document
            from firearms_gap.render.formats.json import errors_text
            emit_error_document(errors_text(e.diagnostics, ctx and ctx.invoked_subcommand), ctx_meta.get("output"), e)
        click.echo(e.render(), err=True)
        sys.exit(ExitCode.INPUT_ERROR)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("Interrupted.", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as e:
        e.show()
        sys.exit(ExitCode.INPUT_ERROR)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.BROKEN_PIPE)
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001 - the last line of defence: exit 3, never a bare traceback
        from firearms_gap.output import write_failure
        failure = write_failure(e, ctx_meta.get("output"))
        if failure:                  # the disk filled up while the result was being made: exit 2
            click.echo(failure, err=True)
            sys.exit(ExitCode.INPUT_ERROR)
        if os.environ.get("FIREARMS_GAP_DEBUG"):
            import traceback
            traceback.print_exc()
        click.echo(f"firearms-gap: internal error: {type(e).__name__}: {e}\n"
                   "This is a bug. Please report it with the command you ran "
                   "(set FIREARMS_GAP_DEBUG=1 to see the traceback).", err=True)
        sys.exit(ExitCode.INTERNAL_ERROR)
