"""One hardened YAML loader for framework files and rulesets alike.

Why not plain ``yaml.safe_load``: it keeps the last of duplicate keys, reads ``NO``
(Norway) as ``False`` and ``2001-12-14`` as a date (YAML 1.1), expands alias bombs
that later code walks into gigabytes, and the C parser segfaults on deep nesting.
This module parses with a safe loader only, types scalars as YAML 1.2 core does (as
VS Code's YAML extension does), and rejects aliases, duplicate keys, excessive
depth, size or node counts, non-UTF-8 bytes and control characters.
"""
from __future__ import annotations

import math
import re

import yaml

from firearms_gap.diagnostics import CONTROL_OR_BIDI, Diagnostic, InputError, describe
from firearms_gap.plain_scalars import Test, is_bool, is_float, is_int, is_null

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_BYTES = DEFAULT_MAX_BYTES        # raised or lowered with `firearms-gap --max-bytes N` (set_max_bytes)
MAX_DEPTH = 64
MAX_NODES = 200_000

# The C parser when libyaml is present (fast); the pure-Python one otherwise.
FAST_BASE = getattr(yaml, "CSafeLoader", None)
PURE_BASE = yaml.SafeLoader

_FORBIDDEN = CONTROL_OR_BIDI


class _StrictMixin:
    """YAML 1.2 core typing, text keys only, no duplicate keys."""

    yaml_implicit_resolvers: dict = {}

    def construct_mapping(self, node, deep=False):
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise _Located(f"keys must be text; write the key {_short(key_node)} in quotes",
                               key_node.start_mark)
            key = key_node.value
            if key in seen:
                raise _Located(f"duplicate key '{key}' (first used on line {seen[key]})",
                               key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=True)


def _short(node) -> str:
    value = getattr(node, "value", "")
    return repr(value if isinstance(value, str) else "…")[:40]


def _make_loader(base):
    # YAML 1.2 core schema typing of plain scalars (plain_scalars.py: one test each, shared by the
    # resolver and the one-pass builder).
    loader = type(f"Strict{base.__name__}", (_StrictMixin, base), {"yaml_implicit_resolvers": {}})
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", Test(is_bool), list("tTfF"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:null", Test(is_null), ["~", "n", "N", ""])
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", Test(is_int), list("-+0123456789"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        Test(is_float),
        list("-+0123456789."))
    # SafeConstructor only knows lower-case booleans; YAML 1.2 core allows True/TRUE too.
    loader.add_constructor("tag:yaml.org,2002:bool",
                           lambda self, node: self.construct_scalar(node).lower() == "true")
    # Only what the implicit resolvers above produce reaches these (explicit tags are refused).
    loader.add_constructor("tag:yaml.org,2002:int", lambda self, node: _int_value(node))
    loader.add_constructor("tag:yaml.org,2002:float", lambda self, node: _float_value(node))
    return loader


class _Located(Exception):
    def __init__(self, message, mark=None):
        super().__init__(message)
        self.message = message
        self.mark = mark


class Document:
    """A loaded YAML file: its data, and its node tree for line/column look-ups.

    The node tree is composed only when a position is first asked for (`compose`): a valid file,
    the usual case, is built straight from the parser's events and never needs one (see load)."""
    __slots__ = ("name", "data", "_root", "_compose", "_keys")

    def __init__(self, name: str, data: dict, root: yaml.Node | None = None, *, compose=None):
        self.name, self.data, self._root, self._compose = name, data, root, compose
        self._keys: dict = {}

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self._compose is not None:
            self._root, self._compose = self._compose(), None
        return self._root

    def position(self, path) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path` (keys and list indexes)."""
        mark = self.node_at(path).start_mark
        return mark.line + 1, mark.column + 1

    def key_position(self, path) -> tuple[int, int]:
        """Line and column of the key that names the last element of `path`."""
        parent = self.node_at(path[:-1])
        if isinstance(parent, yaml.MappingNode):
            entry = self._entries(parent).get(path[-1])
            if entry is not None:
                return entry[0].start_mark.line + 1, entry[0].start_mark.column + 1
        return self.position(path)

    def node_at(self, path) -> yaml.Node:
        node = self.root
        for part in path:
            if isinstance(node, yaml.MappingNode):
                entry = self._entries(node).get(part)
                node = entry[1] if entry is not None else node
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                break
        return node

    def _entries(self, node) -> dict:
        """KEY -> (key node, value node) of a mapping node, built once: a file with 90,000 unknown
        keys is located key by key, and a scan per look-up made that hours (issue 16)."""
        entries = self._keys.get(id(node))
        if entries is None:
            entries = {}
            for k, v in node.value:
                entries.setdefault(k.value, (k, v))      # the first, as the linear scan found
            self._keys[id(node)] = entries
        return entries


def read_input(path: str, what: str = "framework file", *, unreadable: str = "cannot read") -> tuple[bytes, str]:
    """Bytes and display name of PATH ('-' = standard input), read up to the size limit + 1 so
    that load() can report a file that is too large. Every file read is noted (input_files) so
    that no report is ever written over it.

    Only regular files (and '-'): a named pipe would block or never end, and a device such as
    /dev/zero or /dev/urandom is not a document (`--max-bytes` would only bound the damage)."""
    import os

    from firearms_gap import input_files

    if path == "-":
        import sys
        stdin = sys.stdin
        if stdin is None:                        # started with standard input closed (`<&-`)
            raise InputError.single("<stdin>", f"standard input is closed; name the {what} instead of -")
        try:
            try:
                input_files.remember(stdin.fileno())     # `- -o law.yaml < law.yaml` is caught too
            except (AttributeError, OSError, ValueError):
                pass
            return _within_limit(getattr(stdin, "buffer", stdin).read(MAX_BYTES + 1), "<stdin>"), "<stdin>"
        except OSError as e:
            raise InputError.single("<stdin>", f"{unreadable}: {e.strerror or e}") from None
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer before it can be refused.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise InputError.single(path, f"is a directory, not a {what}") from None
    except OSError as e:
        raise InputError.single(path, f"{unreadable}: {e.strerror or e}") from None
    import stat

    try:
        st = input_files.remember(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise InputError.single(path, f"is a directory, not a {what}")
            raise InputError.single(path, f"is not a regular file (it is a pipe, device or socket); give a {what}")
        raw = input_files.read_at_most(fd, MAX_BYTES, st.st_size)
    except OSError as e:
        raise InputError.single(path, f"{unreadable}: {e.strerror or e}") from None
    finally:
        os.close(fd)
    return _within_limit(raw, path), path


def _within_limit(raw: bytes, name: str) -> bytes:
    """--max-bytes is enforced here, on every file the user names (framework files, standard
    input, custom rulesets), and not on the bundled rulesets, which are part of the program: with
    a low limit a run would otherwise fail or not depending on whether the ruleset cache was warm."""
    if len(raw) > MAX_BYTES:
        # At most MAX_BYTES + 1 bytes were read, so the true size is unknown: say "more than".
        raise InputError.single(name, f"file is more than {MAX_BYTES:,} bytes, the limit "
                                      "(raise it with --max-bytes)")
    return raw


def read_inputs(paths) -> list[tuple[bytes, str]]:
    """read_input of each path; every file that cannot be read is reported at once (InputError)."""
    inputs, problems = [], []
    for path in paths:
        try:
            inputs.append(read_input(path))
        except InputError as e:
            problems.extend(e.diagnostics)
    if problems:
        raise InputError(problems)
    return inputs


def set_max_bytes(limit: int) -> None:
    """The size limit for every file this process reads (IN-6)."""
    global MAX_BYTES
    MAX_BYTES = limit


def decode(raw: bytes, name: str) -> str:
    # Bytes that did not come through read_input (the bundled rulesets, a library caller's)
    # still have a ceiling: the default limit, or a raised one.
    limit = max(MAX_BYTES, DEFAULT_MAX_BYTES)
    if len(raw) > limit:
        raise InputError.single(name, f"file is more than {limit:,} bytes, the limit "
                                      "(raise it with --max-bytes)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(name, "file is UTF-16; save it as UTF-8", 1, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError.single(
            name, f"not UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8", line, col) from None
    # The byte order mark some editors write, dropped as the "utf-8-sig" codec would, without importing
    # that codec's module on every run (0.7 M instructions of a `check`).
    return text[1:] if text.startswith("\ufeff") else text


def _prescan(text: str, base) -> None:
    """Stream parser events once: reject aliases, depth, node count, several documents.

    Done before composing so that an alias bomb or 100,000 nested brackets never
    become a data structure (and never reach libyaml's recursive composer).

    libyaml scans a flow collection's opening brackets ahead of the events it hands out, and
    from libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at its own nesting limit before our
    MAX_DEPTH is ever seen. When the C parser fails, the pure-Python parser (which looks at
    most 1,024 characters ahead) scans the text again, so that the user gets the same message
    whichever libyaml is installed: our limit when it is crossed first, else the C error.
    """
    try:
        _scan_events(text, base)
    except yaml.YAMLError:
        if base is PURE_BASE:
            raise
        try:
            _scan_events(text, PURE_BASE)
        except _Located:
            raise
        except yaml.YAMLError:
            pass
        raise


def _scan_events(text: str, base) -> None:
    depth = nodes = docs = 0
    for ev in yaml.parse(text, Loader=base):
        if isinstance(ev, yaml.AliasEvent):
            raise _Located("anchors and aliases (&name / *name) are not allowed; write the value out",
                           ev.start_mark)
        if getattr(ev, "tag", None) is not None:
            raise _Located(_TAG_MESSAGE.format(tag=_short_tag(ev.tag)), ev.start_mark)
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Located(f"nested deeper than {MAX_DEPTH} levels", ev.start_mark)
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(ev, yaml.DocumentStartEvent):
            docs += 1
            if docs > 1:
                raise _Located("more than one YAML document ('---') in the file", ev.start_mark)
        if isinstance(ev, yaml.NodeEvent) and getattr(ev, "anchor", None):
            raise _Located("anchors and aliases (&name / *name) are not allowed; write the value out",
                           ev.start_mark)
        if isinstance(ev, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _Located(f"more than {MAX_NODES:,} YAML values in one file", ev.start_mark)


# Why explicit tags are refused: `!!bool yes` is read as false, `!!int 0x10` as 16, `!!int 1:30`
# as 90 - each a silent wrong answer in a file whose every value must mean what it says.
_TAG_MESSAGE = ("the explicit tag '{tag}' is not allowed (it changes how the value is read); "
                "write the value without it, in quotes if it is text")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


# A line indented by more than 200 spaces, after any line break YAML knows (1.1 counts three more).
_DEEP_INDENT = "(?:^|[\r\n\x85\u2028\u2029]) {201}"   # compiled on the composed path only (~0.3 ms)


def _plainly_shallow(text: str) -> bool:
    """True when the text cannot hold an alias, an anchor, a second document or deep nesting, so
    the event pre-scan can be skipped (it costs a whole extra parse). The limits are far below
    what the C composer survives, and _check_tree still enforces MAX_DEPTH and MAX_NODES."""
    if "&" in text or "*" in text or "!" in text or "\n---" in text or "\n..." in text:
        return False
    if text.count("[") + text.count("{") > 200:
        return False
    # Every YAML value after the first needs one of these characters before it, and each can
    # start at most two (a key and its value). Under the limit, composing cannot run away; over
    # it, the streaming pre-scan stops at MAX_NODES before any tree is built (a 5 MB file of
    # 2.6 million flow scalars was composed whole, 23-72 s, before the limit was checked).
    separators = sum(text.count(c) for c in ",:-?\n[{")
    if 2 * separators + 2 > MAX_NODES:
        return False
    return re.search(_DEEP_INDENT, text) is None


# NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR: YAML reads each as a line break, most editors and
# viewers do not, so `# retired: answer: true` with U+2028 in the middle is an answer that looks
# like a comment. Refused wherever they are (comments included), before parsing.
_LINE_SEPARATORS = "[\x85\u2028\u2029]"        # compiled (by re, which keeps it) only for a file that has one


def _refuse_line_separators(text: str, name: str) -> None:
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return
    found = []
    for m in re.finditer(_LINE_SEPARATORS, text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        found.append(Diagnostic(name, line, column, "",
                                f"contains the line separator U+{ord(m.group()):04X}, which YAML reads as a "
                                "line break (it can end a # comment unseen); remove it"))
    raise InputError(found)


def _int_value(node) -> int:
    """A YAML 1.2 core integer, or a located error when it cannot be one (more digits than
    Python reads, 4,300 by default: a retention period of 10^5000 years is not an answer)."""
    try:
        return int(node.value)
    except ValueError:
        raise _Located(f"the number has more than {_max_digits():,} digits; no answer needs that many",
                       node.start_mark) from None


def _max_digits() -> int:
    import sys
    return getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300


def _float_value(node) -> float:
    """A finite YAML 1.2 core float: 1e999999 would be infinity, and infinite retention 'meets'
    any minimum."""
    value = float(node.value)
    if not math.isfinite(value):
        raise _Located(f"the number {_quoted(node.value)} is too large to be an answer", node.start_mark)
    return value


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 30 else text[:29] + "…")


def _check_tree(root) -> None:
    """Depth and node-count limits on the composed node tree (iterative: no recursion to exhaust)."""
    stack = [(root, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _Located(f"more than {MAX_NODES:,} YAML values in one file", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            if depth > MAX_DEPTH:
                raise _Located(f"nested deeper than {MAX_DEPTH} levels", node.start_mark)
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            if depth > MAX_DEPTH:
                raise _Located(f"nested deeper than {MAX_DEPTH} levels", node.start_mark)
            stack.extend((child, depth + 1) for child in node.value)


def _check_strings(doc: Document) -> list[Diagnostic]:
    """IN-10: no control or bidi characters in any key or value."""
    found = []

    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                if _FORBIDDEN.search(k):
                    line, col = doc.key_position(path + [k])
                    ch = _FORBIDDEN.search(k).group()
                    found.append(Diagnostic(doc.name, line, col, _dotted(path),
                                            f"a key contains {describe(ch)} U+{ord(ch):04X}; remove it"))
                walk(v, path + [k])
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + [i])
        elif isinstance(value, str):
            m = _FORBIDDEN.search(value)
            if m:
                line, col = doc.position(path)
                found.append(Diagnostic(
                    doc.name, line, col, _dotted(path),
                    f"contains {describe(m.group())} U+{ord(m.group()):04X}; remove it"))

    walk(doc.data, [])
    return found


def _dotted(path) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


dotted = _dotted
FORBIDDEN = _FORBIDDEN      # for checking text that does not come from a file (command-line options)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column:column + 1] if line < len(lines) else ""


def load(raw: bytes, name: str, *, base=None, streamed: bool = True) -> Document:
    """Parse `raw` safely. Raises InputError (with line and column where known).

    A plain file (the usual case) is built straight from the parser's events (_stream_build),
    its node tree composed later only if a position is asked for. Anything else - an error,
    a limit reached, a tag, an alias, a duplicate key - takes the composed path (`streamed=False`,
    the straightforward implementation), which words every message; the tests check both paths
    give the same data and the same errors."""
    base = base or FAST_BASE or PURE_BASE
    text = decode(raw, name)
    _refuse_line_separators(text, name)
    if not text.strip():
        # Only spaces, tabs and blank lines (a tab alone would be a YAML syntax error).
        raise InputError.single(name, "file is empty (no YAML content)")
    loader_cls = _LOADERS.get(base)
    if loader_cls is None:                       # built once per base, not once per file
        loader_cls = _LOADERS[base] = _make_loader(base)
    if streamed:
        data = _streamed(text, loader_cls)
        if data is not None:
            return Document(name, data, compose=lambda: _compose(text, loader_cls))
    return _load_composed(text, name, base, loader_cls)


def _compose(text: str, loader_cls):
    """The node tree of a text the streamed path accepted (so within the limits: safe to compose)."""
    loader = loader_cls(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _load_composed(text: str, name: str, base, loader_cls) -> Document:
    """The composed path: pre-scan, compose the node tree, build (or construct) the data."""
    try:
        if not _plainly_shallow(text):
            _prescan(text, base)
        loader = loader_cls(text)
        try:
            root = loader.get_single_node()
            if root is None:
                raise InputError.single(name, "file is empty (no YAML content)")
            try:
                data, checked = _build(root), True
            except _Unusual:                     # PyYAML's own path, and its exact diagnostics
                _check_tree(root)
                data, checked = loader.construct_document(root), False
        finally:
            loader.dispose()
    except _Located as e:
        line, col = (e.mark.line + 1, e.mark.column + 1) if e.mark else (None, None)
        raise InputError.single(name, e.message, line, col) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = e.problem or e.context
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem = "a tab cannot indent YAML or start a value; use spaces"
        raise InputError.single(name, f"invalid YAML: {problem}", line, col) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise InputError.single(
            name, f"contains the control character U+{e.character:04X}; remove it" if isinstance(e.character, int)
            else f"invalid YAML: {e.reason}", line, col) from None
    except yaml.YAMLError as e:
        raise InputError.single(name, f"invalid YAML: {e}") from None
    except RecursionError:
        raise InputError.single(name, f"nested deeper than {MAX_DEPTH} levels") from None
    if data is None:        # only '---', '~' or 'null': as empty as an empty file
        raise InputError.single(name, "file is empty (no YAML content)")
    if not isinstance(data, dict):
        kind = {list: "list", str: "single value"}.get(type(data), "single value")
        raise InputError.single(
            name, f"the top level must be a mapping (key: value lines), not a {kind}",
            root.start_mark.line + 1, root.start_mark.column + 1)
    doc = Document(name, data, root)
    problems = [] if checked else _check_strings(doc)
    if problems:
        raise InputError(problems)
    return doc


class _Unusual(Exception):
    """A node _build leaves to PyYAML's constructor and the checks that report it exactly."""


_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _build(root):
    """The data of a composed node tree, as the strict loader's constructor would build it, in
    one pass that also enforces MAX_DEPTH and MAX_NODES and the IN-10 character check.

    Why: PyYAML's generic constructor and the two checking walks took ~4 ms of each 50 kB
    framework file, as long as parsing it (issue 6: `compare` over a thousand files). Only the
    plain case is handled here - text keys once each, the core tags with values the implicit
    resolvers produce, no forbidden character, within the limits; anything else raises _Unusual
    and the file takes the original path, which builds it and words every error. A property
    test checks both paths give the same data."""
    budget = [MAX_NODES]
    forbidden = _FORBIDDEN.search
    mapping_node, sequence_node = yaml.MappingNode, yaml.SequenceNode

    def build(node, depth):
        budget[0] -= 1
        if budget[0] < 0:
            raise _Unusual
        tag = node.tag
        kind = type(node)
        if kind is yaml.ScalarNode:
            value = node.value
            if tag == _STR:
                if forbidden(value):
                    raise _Unusual
                return value
            if tag == _BOOL:
                return value.lower() == "true"
            if tag == _NULL:
                return None
            if tag == _INT and is_int(value):
                return int(value) if len(value) <= 300 else _int_value(node)
            if tag == _FLOAT and is_float(value):
                return _float_value(node)
            raise _Unusual
        if depth > MAX_DEPTH:
            raise _Unusual
        if kind is mapping_node and tag == _MAP:
            out = {}
            for key_node, value_node in node.value:
                budget[0] -= 1
                if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                    raise _Unusual
                key = key_node.value
                if key in out or forbidden(key):
                    raise _Unusual
                out[key] = build(value_node, depth + 1)
            return out
        if kind is sequence_node and tag == _SEQ:
            return [build(child, depth + 1) for child in node.value]
        raise _Unusual

    return build(root, 1)


_LOADERS: dict = {}


# ----------------------------------------------------------------------- the streamed path

_StreamStart, _DocumentStart, _DocumentEnd, _StreamEnd = (
    yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent, yaml.StreamEndEvent)
_Scalar, _MappingStart, _MappingEnd = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_AWAITING_KEY = object()


def _streamed(text: str, loader_cls) -> dict | None:
    """The data of a plain file built from the parser's events, or None: leave it to the composed path.

    Why: composing a node tree (a Python object per value, each typed by PyYAML's resolver) and then
    walking it cost ~4 ms of each 55 kB framework file, half again what parsing alone costs (issue
    17: `compare` over a thousand files). Only what the composed path accepts as it is - one
    document whose top level is a mapping; text keys once each; no tag, anchor or alias; scalars
    typed by the YAML 1.2 core rules of _make_loader; no forbidden character; within MAX_DEPTH
    and MAX_NODES - is built here. Anything else, a parser error included, returns None and the
    composed path parses the file again and words the message, so errors are never worded twice."""
    try:
        parser = loader_cls(text)                 # the pure-Python reader refuses some characters here
    except yaml.YAMLError:
        return None
    try:
        return _stream_build(parser.get_event)
    except (_Unusual, yaml.YAMLError):
        return None
    finally:
        parser.dispose()


def _stream_build(next_event) -> dict:
    if type(next_event()) is not _StreamStart or type(next_event()) is not _DocumentStart:
        raise _Unusual
    event = next_event()
    if type(event) is not _MappingStart or event.tag is not None or event.anchor is not None:
        raise _Unusual
    forbidden = _FORBIDDEN.search
    plain = _plain_scalar
    root: dict = {}
    container, key, is_map = root, _AWAITING_KEY, True     # where the next value goes
    stack: list = []                                        # the enclosing (container, key, is_map)
    nodes, depth = 1, 1
    while True:
        event = next_event()
        kind = type(event)
        if kind is _Scalar:
            nodes += 1
            if event.tag is not None or event.anchor is not None:
                raise _Unusual
            value = event.value
            if event.implicit[0]:                 # plain: typed by the YAML 1.2 core rules
                value = plain(value)
            elif forbidden(value):
                raise _Unusual
            if not is_map:
                container.append(value)
            elif key is _AWAITING_KEY:
                if type(value) is not str or value in container:
                    raise _Unusual                # a key that is not text, or a duplicate
                key = value
            else:
                container[key] = value
                key = _AWAITING_KEY
        elif kind is _MappingStart or kind is _SequenceStart:
            nodes += 1
            depth += 1
            if depth > MAX_DEPTH or event.tag is not None or event.anchor is not None:
                raise _Unusual
            new = {} if kind is _MappingStart else []
            if not is_map:
                container.append(new)
            elif key is _AWAITING_KEY:
                raise _Unusual                    # a mapping or list as a key
            else:
                container[key] = new
            stack.append((container, key, is_map))
            container, key, is_map = new, _AWAITING_KEY, kind is _MappingStart
        elif kind is _MappingEnd or kind is _SequenceEnd:
            if not stack:
                break
            depth -= 1
            container, key, is_map = stack.pop()
            key = _AWAITING_KEY
        else:
            raise _Unusual                        # an alias
        if nodes > MAX_NODES:
            raise _Unusual
    if type(next_event()) is not _DocumentEnd or type(next_event()) is not _StreamEnd:
        raise _Unusual                            # a second document
    return root


def _plain_scalar(value: str):
    """A plain scalar's value as the resolvers and constructors of _make_loader make it, or
    _Unusual where the composed path words an error (an integer over 300 digits, a float that
    overflows, a forbidden character)."""
    if not value:
        return None
    first = value[0]
    if first in "tTfF" and is_bool(value):
        return value.lower() == "true"
    if first in "~nN" and is_null(value):
        return None
    if first in "-+0123456789.":
        if first != "." and is_int(value):
            if len(value) > 300:
                raise _Unusual
            return int(value)
        if is_float(value):
            number = float(value)
            if not math.isfinite(number):
                raise _Unusual
            return number
    if _FORBIDDEN.search(value):
        raise _Unusual
    return value
