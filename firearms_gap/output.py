"""Writing results: all or nothing, and never over something that is not ours to replace.

What `-o PATH` does, by what PATH is (README "Writing reports safely"):

- nothing yet: the report is written to a temporary file beside it and renamed into place;
  the new file gets the usual permissions (0666 less the umask).
- a regular file: the same, and the new file keeps the old one's permission bits (and owner
  and group where the system allows), so re-writing a private 0600 report leaves it private.
- a symbolic link: the file it points to is replaced as above; the link stays a link.
- a named pipe (FIFO) or a character device (/dev/stdout, /dev/null, a terminal): the report is
  streamed into it, as the shell's `>` would; the node itself is never replaced.
- a directory, a socket or a block device: refused.
- one of this run's input files (same device and inode: through links, `./`, or standard input
  redirected from it): refused, exit 2, nothing written. So is an existing framework file or
  ruleset, unless what is written is itself a framework file (`init --overwrite`).

Temporary files are named `.firearms-gap-XXXXXXXX.tmp`. Any failure while writing (disk full,
permission, quota), Ctrl-C or SIGTERM removes the temporary file and leaves the target as it
was; a failure is one located message and exit 2 (InputError). Nothing here prints.

click.File(atomic=True) is not used: it replaces the target even on error and resets its mode.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import sys

from firearms_gap import input_files
from firearms_gap.diagnostics import InputError

TEMP_PREFIX = ".firearms-gap-"
TEMP_SUFFIX = ".tmp"
STDOUT_NAME = "<stdout>"


class OutputError(InputError):
    """The result could not be written where it was asked to go (exit 2, like any input error)."""

# The first lines of a framework file or a ruleset: a report must never take its place.
_KEEP_SNIFF = 64 * 1024
# Patterns, compiled (by re, which keeps them) only when a report is written to a file: standard
# output, where most reports go, needs none (compiling them cost ~0.2 ms of every run).
_FRAMEWORK_LINE = rb"(?m)^format:[ \t]*[\"']?firearms-gap/framework-"
_RULESET_LINES = (rb"(?m)^ruleset:[ \t]*\S", rb"(?m)^requirements:[ \t]*(#.*)?$")


def write_atomic(path: str, text: str) -> None:
    """Write text as UTF-8, line endings exactly as given (CSV keeps its CRLF)."""
    write_atomic_pieces(path, (text.encode("utf-8"),))


def write_atomic_bytes(path: str, data: bytes) -> None:
    """Write bytes (e.g. an XLSX workbook) all or nothing."""
    write_atomic_pieces(path, (data,))


def write_atomic_pieces(path: str, pieces) -> None:
    """Write bytes given in pieces (a large report rendered a part at a time) all or nothing.
    Raises InputError (exit 2) naming PATH on any refusal or failure."""
    pieces = iter(pieces)
    first = next(pieces, b"")
    target, existing = _target(path, first)
    try:
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            _stream(target, first, pieces)
        else:
            _replace(target, existing, first, pieces)
    except OSError as e:
        raise OutputError.single(path, f"cannot write output: {_reason(e)}") from None


def emit(data: str | bytes, output: str | None) -> None:
    """Write a whole result to OUTPUT (a path; None or '-' for standard output)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    emit_pieces((data,), output)


def emit_pieces(pieces, output: str | None) -> None:
    """Write a result given in pieces (str or bytes) to OUTPUT, or to standard output as they come."""
    encoded = (p.encode("utf-8") if isinstance(p, str) else p for p in pieces)
    if output and output != "-":
        write_atomic_pieces(output, encoded)
    else:
        write_stdout(_chunks(encoded))


# What standard output is written in: pieces gathered up to this size. Why: a check's JSON comes in
# ~150 pieces (one per requirement), and an unbuffered standard output (python -u, PYTHONUNBUFFERED,
# some CI runners) made each a system call of its own; gathered, ~330 kB is six writes, and a
# comparison of thousands of files is still written as it is made, 64 kB at a time.
CHUNK = 64 * 1024


def _chunks(pieces, size: int = CHUNK):
    """The same bytes, in pieces of at least SIZE (the last one shorter)."""
    held: list[bytes] = []
    length = 0
    for piece in pieces:
        held.append(piece)
        length += len(piece)
        if length >= size:
            yield held[0] if len(held) == 1 else b"".join(held)     # a large piece is not copied
            held, length = [], 0
    if held:
        yield held[0] if len(held) == 1 else b"".join(held)


def write_stdout(pieces) -> None:
    """Send bytes to standard output. The report is UTF-8 whatever PYTHONIOENCODING says (a
    report is data, and `PYTHONIOENCODING=ascii` must not turn a name with an accent into an
    internal error). A full disk or device is an output error (exit 2), not an internal one;
    a reader that went away raises BrokenPipeError, which the CLI ends quietly (141)."""
    stream = sys.stdout
    binary = getattr(stream, "buffer", None)
    try:
        if binary is None:                           # a stand-in (closed stdout, a test double)
            for piece in pieces:
                stream.write(piece.decode("utf-8"))
            stream.flush()
            return
        stream.flush()
        for piece in pieces:
            binary.write(piece)
        binary.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        _drop_stdout()
        raise OutputError.single(STDOUT_NAME, f"cannot write output: {_reason(e)}") from None


def emit_error_document(text: str, output: str | None, error: InputError | None = None) -> None:
    """The JSON error document (`--format json` with invalid input) goes where the report would
    have gone - unless writing there is what failed: then to standard output, and the output
    file stays as it was. It is written with the same care; if that fails too (the output is an
    input, the disk is full, the reader is gone) it is dropped: the diagnostics are on standard
    error and the exit code is 2 either way, never a traceback."""
    if isinstance(error, OutputError):
        if not output or output == "-":
            return                                   # standard output itself failed
        output = None
    try:
        emit(text, output)
    except (InputError, OSError):
        if not output or output == "-":
            _drop_stdout()


def write_failure(e: BaseException, output: str | None = None) -> str | None:
    """The message for an error that is the system refusing to store more (disk full, quota, file
    size limit) raised while a result was being made, e.g. by the XLSX writer's own temporary
    files: an output error (exit 2), not a bug."""
    e = _lxml_io_error(e)
    if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        where = output if output and output != "-" else STDOUT_NAME
        return f"{where}: cannot write output: {_reason(e)}"
    return None


def _lxml_io_error(e: BaseException) -> BaseException:
    """openpyxl writes its temporary sheet files with lxml when lxml is installed (python-docx needs
    it), and lxml reports a failed write as SerialisationError('IO_EFBIG'), not as an OSError: the
    OSError it stands for (named, so lxml is never imported for this)."""
    if type(e).__name__ == "SerialisationError" and str(e).startswith("IO_E"):
        code = getattr(errno, str(e)[3:], None)
        if isinstance(code, int):
            return OSError(code, os.strerror(code))
    return e


def _drop_stdout() -> None:
    """After a failed write, point standard output at /dev/null, so that Python's own flush at
    exit neither fails again (exit 120, 'Exception ignored') nor sends half a report later."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return                                       # not a real file descriptor (in-process tests)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


def _target(path: str, first: bytes) -> tuple[str, os.stat_result | None]:
    """Where to write for PATH and what is there now (None: nothing). Raises InputError for
    everything -o must never replace."""
    def refuse(message: str):
        return OutputError.single(path, f"cannot write output: {message} (nothing was written)")

    try:
        st = os.stat(path)                           # through links, /dev/stdout's included
    except FileNotFoundError:
        # Nothing there, or a link to a file yet to be made: make that file (the link stays).
        return (os.path.realpath(path) if os.path.islink(path) else path), None
    except OSError as e:
        raise refuse(_reason(e)) from None
    mode = st.st_mode
    if input_files.was_read(st):
        raise refuse("it is one of the input files")
    if stat.S_ISDIR(mode):
        raise refuse("it is a directory")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return path, st                              # opened as named, so /dev/stdout is fd 1
    if not stat.S_ISREG(mode):
        raise refuse("it is not a regular file, a pipe or a character device")
    # A regular file, maybe through links: the temporary file goes beside the real file, which
    # is replaced; the links keep pointing at it.
    target = os.path.realpath(path) if os.path.islink(path) else path
    if _is_input_document(target) and not re.search(_FRAMEWORK_LINE, first[:_KEEP_SNIFF]):
        raise refuse("it is a framework file or ruleset, which a report never replaces; choose another name")
    return target, st


def _is_input_document(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(_KEEP_SNIFF)
    except OSError:
        return False
    return bool(re.search(_FRAMEWORK_LINE, head)) or all(re.search(p, head) for p in _RULESET_LINES)


def _stream(target: str, first: bytes, pieces) -> None:
    """Into a FIFO or a device: opened for writing as it is (no truncation, no creation)."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "wb") as handle:
        handle.write(first)
        for piece in pieces:
            handle.write(piece)


def _replace(target: str, existing: os.stat_result | None, first: bytes, pieces) -> None:
    fd, tmp = temporary_file(os.path.dirname(os.path.abspath(target)))
    with _removed_on_termination(tmp):
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(first)
                for piece in pieces:
                    handle.write(piece)
                handle.flush()
                os.fsync(handle.fileno())
            if existing is None:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)        # made 0600; a new report is as readable as any file
            else:
                _keep_owner(tmp, existing)
                os.chmod(tmp, stat.S_IMODE(existing.st_mode) & 0o777)
            os.replace(tmp, target)
        except BaseException:
            _unlink(tmp)
            raise


# How the temporary file is opened: created, never an existing file nor through a link, kept from
# child processes - what tempfile.mkstemp does. Why not mkstemp: importing tempfile imports shutil,
# bz2, lzma and random, ~9.8 M instructions (~2 ms) of every report written to a file.
_TEMPORARY_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
                    | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_BINARY", 0))


def temporary_file(directory: str, attempts: int = 100) -> tuple[int, str]:
    """A new file in DIRECTORY that only its owner can read or write (0600), open: (descriptor, path).
    Its name is TEMP_PREFIX, 16 random hexadecimal digits and TEMP_SUFFIX; a name already taken is
    drawn again."""
    for _ in range(attempts):
        path = os.path.join(directory, f"{TEMP_PREFIX}{os.urandom(8).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(path, _TEMPORARY_FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused name for a temporary file", directory)


def _keep_owner(tmp: str, existing: os.stat_result) -> None:
    """Owner and group of the file being replaced, where permitted (root; or a group one is in)."""
    if not hasattr(os, "chown"):
        return
    for uid, gid in ((existing.st_uid, existing.st_gid), (-1, existing.st_gid)):
        try:
            os.chown(tmp, uid, gid)
            return
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.EINVAL):
                return


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class _Terminated(BaseException):
    """SIGTERM arrived while a temporary file existed."""


class _removed_on_termination:
    """While a temporary file exists, SIGTERM (and SIGHUP: the terminal closed) removes it before
    the process ends as the signal asks. Ctrl-C needs nothing: KeyboardInterrupt already runs
    the clean-up. Only the main thread can set signal handlers; elsewhere this does nothing."""

    SIGNALS = ("SIGTERM", "SIGHUP")

    def __init__(self, tmp: str):
        self.tmp = tmp
        self.previous: dict = {}

    def __enter__(self):
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            return self
        for name in self.SIGNALS:
            number = getattr(signal, name, None)
            if number is None:
                continue
            previous = signal.getsignal(number)
            if previous is signal.SIG_IGN:
                continue                             # ignored before (nohup): keep ignoring it
            self.previous[number] = previous
            signal.signal(number, self._raise)
        return self

    def _raise(self, signum, frame):
        raise _Terminated(signum)

    def __exit__(self, kind, value, traceback):
        import signal

        for number, previous in self.previous.items():
            signal.signal(number, previous)
        if isinstance(value, _Terminated):
            _unlink(self.tmp)
            signum = value.args[0]
            # End as the signal asked, now that the temporary file is gone (the default action,
            # or whatever handler was there before).
            if self.previous.get(signum) in (signal.SIG_DFL, None):
                os.kill(os.getpid(), signum)
            raise SystemExit(128 + signum)
        return False
