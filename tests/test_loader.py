"""The hardened YAML loader against ecosystem-reliability.md §7, IN-1 to IN-10.

Every test runs on both loader bases: the C parser (libyaml, when PyYAML has it) and the
pure-Python parser, because they fail differently (the C composer segfaults on deep nesting,
the pure one raises RecursionError) and the product must behave the same on both.
"""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from clirun import run_process
from support import ROOT

from firearms_gap import loader
from firearms_gap.diagnostics import InputError

BASES = [
    pytest.param(loader.FAST_BASE, id="C",
                 marks=pytest.mark.skipif(loader.FAST_BASE is None, reason="PyYAML built without libyaml")),
    pytest.param(loader.PURE_BASE, id="pure"),
]


@pytest.fixture(params=BASES)
def base(request):
    return request.param


def load(raw: bytes, base):
    return loader.load(raw, "law.yaml", base=base).data


def problem(raw: bytes, base):
    """The single diagnostic the loader raises for `raw`."""
    with pytest.raises(InputError) as info:
        loader.load(raw, "law.yaml", base=base)
    diagnostics = info.value.diagnostics
    assert len(diagnostics) == 1, info.value.render()
    return diagnostics[0]


FORBIDDEN_CALLS = ("yaml.load(", "full_load", "unsafe_load", "FullLoader", "UnsafeLoader", "yaml.Loader")


def test_no_unsafe_yaml_loading_anywhere_in_the_package():
    hits = []
    for path in sorted((ROOT / "firearms_gap").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hits += [f"{path.relative_to(ROOT)}:{number}: {word}" for word in FORBIDDEN_CALLS if word in line]
    assert hits == []


def test_the_source_scan_would_see_an_unsafe_call():
    line = "data = yaml.load(text, Loader=yaml.Loader)"
    assert [w for w in FORBIDDEN_CALLS if w in line] == ["yaml.load(", "yaml.Loader"]


def test_python_tags_are_rejected_and_nothing_runs(base, tmp_path):
    marker = tmp_path / "executed"
    raw = f"a: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    d = problem(raw, base)
    assert d.message.startswith("the explicit tag '!!python/object/apply:os.system' is not allowed")
    assert (d.line, d.column) == (1, 4)
    assert not marker.exists()


def test_python_tags_through_the_cli_exit_2_and_run_nothing(tmp_path):
    marker = tmp_path / "executed"
    law = tmp_path / "law.yaml"
    law.write_text(f"format: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    proc = run_process("check", str(law))
    assert proc.returncode == 2
    assert "law.yaml:1:9:" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()
    assert not marker.exists()


# --------------------------------------------------------------------------- IN-2 YAML 1.2 typing

def test_yaml_1_2_core_typing(base):
    data = load(b"code: NO\nflag: yes\nswitch: on\nenacted: 2001-12-14\nsection: 1:20\nref: 012\n"
                b"t1: true\nt2: True\nt3: TRUE\nf1: false\nn1: ~\nn2: null\nn3:\n'<<': merge\n"
                b"num: 10\nfloat: 1.10\nexp: 1e3\nus: 1_000\n", base)
    assert data == {"code": "NO", "flag": "yes", "switch": "on", "enacted": "2001-12-14", "section": "1:20",
                    "ref": "012", "t1": True, "t2": True, "t3": True, "f1": False, "n1": None, "n2": None,
                    "n3": None, "<<": "merge", "num": 10, "float": 1.1, "exp": 1000.0, "us": "1_000"}
    assert all(type(data[k]) is bool for k in ("t1", "t2", "t3", "f1"))
    assert type(data["num"]) is int


def test_norway_stays_norway_in_a_framework_file(base):
    data = load(b"jurisdiction:\n  name: Norway\n  code: NO\ndescribed_as_of: 2026-01-31\n", base)
    assert data["jurisdiction"]["code"] == "NO"
    assert data["described_as_of"] == "2026-01-31"


# --------------------------------------------------------------------------- IN-3 duplicate keys

def test_duplicate_keys_are_rejected_at_the_second_occurrence(base):
    d = problem(b"country: Aldoria\nname: x\ncountry: Borealia\n", base)
    assert d.message == "duplicate key 'country' (first used on line 1)"
    assert (d.line, d.column) == (3, 1)


def test_duplicate_keys_in_a_nested_mapping(base):
    d = problem(b"answers:\n  records:\n    retention_years: {answer: 5}\n    retention_years: {answer: 10}\n", base)
    assert "duplicate key 'retention_years' (first used on line 3)" in d.message
    assert (d.line, d.column) == (4, 5)


# --------------------------------------------------------------------------- IN-4 aliases

BILLION_LAUGHS = "\n".join(['l0: &l0 "lol"'] + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]"
                                                for i in range(1, 10)]).encode()


def test_a_simple_alias_is_rejected(base):
    d = problem(b"a: &x 1\nb: *x\n", base)
    assert "anchors and aliases" in d.message
    assert (d.line, d.column) == (1, 4)


def test_billion_laughs_is_rejected_before_expansion(base):
    assert len(BILLION_LAUGHS) < 600            # 9 levels, 9**9 leaves if it were expanded
    d = problem(BILLION_LAUGHS, base)
    assert "anchors and aliases" in d.message
    assert d.line == 1


def test_a_recursive_alias_is_rejected(base):
    d = problem(b"a: &a [1, *a]\n", base)
    assert "anchors and aliases" in d.message
    assert (d.line, d.column) == (1, 4)


def test_billion_laughs_through_the_cli_exits_2(tmp_path):
    law = tmp_path / "laughs.yaml"
    law.write_bytes(BILLION_LAUGHS)
    proc = run_process("check", str(law))
    assert proc.returncode == 2
    assert "anchors and aliases" in proc.stderr.decode()


# --------------------------------------------------------------------------- IN-5 depth

def test_deep_nesting_is_a_clean_error(base):
    d = problem(b"[" * 100_000, base)
    assert d.message == f"nested deeper than {loader.MAX_DEPTH} levels"
    assert (d.line, d.column) == (1, loader.MAX_DEPTH + 1)


def test_our_depth_limit_is_reported_even_when_libyaml_stops_first(monkeypatch):
    """libyaml >= 0.2.6 has a nesting limit of its own that fires while it scans ahead; whichever
    libyaml is installed, the user sees the tool's one message (simulated here, so that the test
    holds on every PyYAML the project supports)."""
    real_scan = loader._scan_events

    def c_parser_stops_first(text, base):
        if base is not loader.PURE_BASE:
            raise yaml.parser.ParserError(None, None, "exceeded maximum nesting depth")
        return real_scan(text, base)

    monkeypatch.setattr(loader, "_scan_events", c_parser_stops_first)
    d = problem(b"a: " + b"[" * 5_000, loader.FAST_BASE or loader.PURE_BASE)
    assert d.message == f"nested deeper than {loader.MAX_DEPTH} levels"
    assert (d.line, d.column) == (1, 3 + loader.MAX_DEPTH)


def test_a_c_parser_error_stays_the_c_parser_s_when_the_nesting_is_shallow(monkeypatch):
    real_scan = loader._scan_events

    def c_parser_fails(text, base):
        if base is not loader.PURE_BASE:
            raise yaml.parser.ParserError(None, None, "some libyaml error")
        return real_scan(text, base)

    monkeypatch.setattr(loader, "_scan_events", c_parser_fails)
    # The same parser error stops the streamed path first, which leaves the file to the composed one.
    monkeypatch.setattr(loader, "_streamed", lambda text, loader_cls: None)
    d = problem(b"a: [" + b"[1], " * 300 + b"]\n", loader.FAST_BASE or loader.PURE_BASE)
    assert d.message == "invalid YAML: some libyaml error"


def test_nesting_at_the_limit_is_accepted(base):
    depth = loader.MAX_DEPTH - 1                # the top-level mapping is one level
    data = load(b"a: " + b"[" * depth + b"]" * depth + b"\n", base)
    assert isinstance(data["a"], list)


def test_100000_brackets_through_the_cli_exit_2_without_a_crash(tmp_path):
    """In a separate process: libyaml's recursive composer dies with SIGSEGV (exit -11/139) here."""
    law = tmp_path / "deep.yaml"
    law.write_bytes(b"[" * 100_000)
    proc = run_process("check", str(law))
    assert proc.returncode == 2, proc.stderr.decode()[-500:]
    assert f"deep.yaml:1:{loader.MAX_DEPTH + 1}: nested deeper than" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()


def test_100000_brackets_on_the_pure_python_base_in_a_subprocess(tmp_path):
    code = ("from firearms_gap import loader\nfrom firearms_gap.diagnostics import InputError\n"
            "try:\n    loader.load(b'[' * 100000, 'deep.yaml', base=loader.PURE_BASE)\n"
            "except InputError as e:\n    print(e.render())\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
    assert "nested deeper than" in proc.stdout.decode()


# --------------------------------------------------------------------------- IN-6 / IN-7 size and values

def test_a_file_over_the_size_limit_is_rejected_without_parsing(base):
    raw = b"a: [" + b"[" * (loader.MAX_BYTES - 3)      # would be a depth error if it were parsed
    d = problem(raw, base)
    assert d.message == f"file is more than {loader.MAX_BYTES:,} bytes, the limit (raise it with --max-bytes)"


def test_a_file_exactly_at_the_size_limit_is_read(base):
    raw = b"a: " + b"x" * (loader.MAX_BYTES - 4) + b"\n"
    assert len(raw) == loader.MAX_BYTES
    assert len(load(raw, base)["a"]) == loader.MAX_BYTES - 4


@pytest.mark.parametrize("length", [0, 1, 99, 100, 101, 70_000, 200_000])
@pytest.mark.parametrize("hint", ["true size", "zero", "too small", "too large"])
def test_a_file_is_read_up_to_one_byte_past_the_limit_whatever_its_size_was_said_to_be(tmp_path, length, hint):
    """What the size check rests on: every byte up to the limit, one more if there are more, and no
    more than that - even when the size given is wrong (a file that grew or shrank since its fstat)."""
    import os

    from firearms_gap.input_files import read_at_most

    data = bytes(range(256)) * (length // 256 + 1)
    data = data[:length]
    path = tmp_path / "f"
    path.write_bytes(data)
    size = {"true size": length, "zero": 0, "too small": length // 3, "too large": length * 2 + 10}[hint]
    for limit in (100, 70_000, 1 << 20):
        fd = os.open(path, os.O_RDONLY)
        try:
            assert read_at_most(fd, limit, size) == data[:limit + 1]
        finally:
            os.close(fd)


def test_a_file_on_disk_over_the_size_limit_exits_2_and_one_at_it_is_checked(tmp_path, monkeypatch):
    from clirun import run

    monkeypatch.setattr(loader, "MAX_BYTES", loader.MAX_BYTES)     # --max-bytes sets it for the process

    example = (ROOT / "examples" / "aldoria-typical-gaps.yaml").read_bytes()
    path = tmp_path / "law.yaml"
    path.write_bytes(example)
    at = run("--max-bytes", str(len(example)), "check", str(path), "--format", "json")
    assert at.exit_code in (0, 1) and at.stdout.startswith("{")
    over = run("--max-bytes", str(len(example) - 1), "check", str(path), "--format", "json")
    assert over.exit_code == 2
    assert f"file is more than {len(example) - 1:,} bytes" in over.stderr


def test_stdin_over_the_size_limit_exits_2():
    proc = run_process("check", "-", stdin=b"a: " + b"x" * loader.MAX_BYTES)
    assert proc.returncode == 2
    assert f"<stdin>: file is more than {loader.MAX_BYTES:,} bytes, the limit (raise it with --max-bytes)" in proc.stderr.decode()


def test_more_values_than_the_node_limit_are_rejected(base, monkeypatch):
    # The limit is lowered, not the input raised: the same code path, a hundredth of the time.
    monkeypatch.setattr(loader, "MAX_NODES", 2_000)
    raw = b"a: [" + b"0," * loader.MAX_NODES + b"0]\n"
    d = problem(raw, base)
    assert d.message == f"more than {loader.MAX_NODES:,} YAML values in one file"


# --------------------------------------------------------------------------- IN-8 encoding

def test_utf8_with_a_byte_order_mark_is_accepted(base):
    assert load(b"\xef\xbb\xbfname: C\xc3\xb4te d'Ivoire\n", base) == {"name": "C\u00f4te d'Ivoire"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_rejected_with_a_hint(base, encoding):
    raw = "name: Norway\n".encode(encoding)
    if encoding != "utf-16":
        raw = ("\ufeff" + "name: Norway\n").encode(encoding)
    d = problem(raw, base)
    assert d.message == "file is UTF-16; save it as UTF-8"


def test_latin1_is_rejected_at_the_offending_byte(base):
    d = problem("jurisdiction:\n  name: C\u00f4te d'Ivoire\n".encode("latin-1"), base)
    assert "not UTF-8 (byte 0xf4); save the file as UTF-8" == d.message
    assert (d.line, d.column) == (2, 10)


def test_a_bad_byte_after_a_byte_order_mark_is_located_in_the_file(base):
    """The byte order mark counts as the file's first bytes: the bad byte and its column are the file's."""
    d = problem(b"\xef\xbb\xbfjurisdiction:\n  name: C\xf4te\n", base)
    assert "not UTF-8 (byte 0xf4); save the file as UTF-8" == d.message
    assert (d.line, d.column) == (2, 10)


def test_latin1_on_the_first_line(base):
    d = problem("name: C\u00f4te\n".encode("latin-1"), base)
    assert (d.line, d.column) == (1, 8)


@pytest.mark.parametrize("char,code", [(b"\x00", "U+0000"), (b"\x1b", "U+001B"), (b"\x07", "U+0007")])
def test_raw_control_characters_are_rejected_with_a_position(base, char, code):
    d = problem(b"a: 1\nname: Nor" + char + b"way\n", base)
    assert code in d.message
    assert d.line == 2


# --------------------------------------------------------------------------- IN-9 shape

@pytest.mark.parametrize("raw", [b"", b"\n\n", b"# only a comment\n", b"---\n", b"~\n"],
                         ids=["empty", "blank", "comment", "marker", "null"])
def test_an_empty_file_is_rejected(base, raw):
    d = problem(raw, base)
    assert d.message == "file is empty (no YAML content)"


def test_a_top_level_list_is_rejected_briefly(base):
    raw = b"".join(b"- provision %d: long text that must not be repeated in the message\n" % i for i in range(2000))
    d = problem(raw, base)
    assert d.message == "the top level must be a mapping (key: value lines), not a list"
    assert (d.line, d.column) == (1, 1)
    assert len(d.render()) < 300


def test_a_top_level_scalar_is_rejected(base):
    d = problem(b"Republic of Aldoria\n", base)
    assert "top level must be a mapping" in d.message


def test_two_documents_are_rejected_at_the_second(base):
    d = problem(b"format: firearms-gap/framework-1\n---\nformat: firearms-gap/framework-1\n", base)
    assert d.message == "more than one YAML document ('---') in the file"
    assert d.line == 2


@pytest.mark.parametrize("raw,shown", [(b"1: x\n", "'1'"), (b"true: x\n", "'true'"), (b"~: x\n", "'~'"),
                                       (b"? [a]\n: x\n", "'\u2026'")])
def test_keys_must_be_text(base, raw, shown):
    d = problem(raw, base)
    assert d.message == f"keys must be text; write the key {shown} in quotes"
    assert d.line == 1


# --------------------------------------------------------------------------- IN-10 clean strings

@pytest.mark.parametrize("raw,path,code", [
    (b'jurisdiction:\n  name: "Norway\\e[2J"\n', "jurisdiction.name", "U+001B"),
    (b'answers:\n  marking:\n    x: {note: "Art. 5\\u202e"}\n', "answers.marking.x.note", "U+202E"),
    ("sources:\n  A: {title: Act \u2066one\u2069}\n".encode(), "sources.A.title", "U+2066"),
    (b'list:\n  - ok\n  - "bell\\a"\n', "list[1]", "U+0007"),
    (b'x: "del\\x7f"\n', "x", "U+007F"),
    (b'x: "c1\\x85"\n', "x", "U+0085"),
], ids=["escape", "rlo", "isolate", "bell-in-list", "del", "c1"])
def test_control_and_bidi_characters_in_values_are_rejected_naming_the_path(base, raw, path, code):
    d = problem(raw, base)
    assert d.path == path
    assert code in d.message


def test_a_control_character_in_a_key_is_rejected(base):
    d = problem(b'"na\\tme\\e": x\n', base)
    assert "control character" in d.message


def test_tabs_and_newlines_in_values_are_allowed(base):
    assert load(b'note: "one\\ttwo\\nthree"\n', base) == {"note": "one\ttwo\nthree"}


def test_every_problem_in_values_is_reported_at_once(base):
    with pytest.raises(InputError) as info:
        loader.load(b'a: "x\\e"\nb: "y\\a"\n', "law.yaml", base=base)
    assert [d.path for d in info.value.diagnostics] == ["a", "b"]


def test_positions_of_values_and_keys(base):
    doc = loader.load(b"answers:\n  records:\n    retention_years:\n      answer: 5\n", "law.yaml", base=base)
    assert doc.position(["answers", "records", "retention_years", "answer"]) == (4, 15)
    assert doc.key_position(["answers", "records", "retention_years"]) == (3, 5)


# --------------------------------------------------------------------------- issue 16: silent wrong answers

@pytest.mark.parametrize("tagged, shown", [
    ("!!bool yes", "!!bool"), ("!!int 0x10", "!!int"), ("!!int 1_0", "!!int"), ("!!int 0b1010", "!!int"),
    ("!!int 012", "!!int"), ("!!int 1:30", "!!int"), ("!!float .inf", "!!float"), ("!!float .nan", "!!float"),
    ("!!str text", "!!str"), ("!!null ''", "!!null"), ("!!binary aGk=", "!!binary"),
    ("!!timestamp 2001-12-14", "!!timestamp"), ("!!set {a: null}", "!!set"), ("! text", "!"),
    ("!<tag:yaml.org,2002:int> 5", "!!int"), ("!local x", "!local"), ("[1, !!int 2]", "!!int"),
])
def test_every_explicit_tag_is_refused_where_it_stands(base, tagged, shown):
    d = problem(f"answer: {tagged}\n".encode(), base)
    assert d.message == (f"the explicit tag '{shown}' is not allowed (it changes how the value is read); "
                         "write the value without it, in quotes if it is text")
    assert d.line == 1 and d.column >= 9


@pytest.mark.parametrize("plain", ["0x10", "1_0", "0b1010", "012", "1:30", ".inf", ".nan", "+.inf", "0o17"])
def test_what_yaml_1_1_would_read_as_a_number_is_text(base, plain):
    assert load(f"answer: {plain}\n".encode(), base) == {"answer": plain}


@pytest.mark.parametrize("raw, message", [
    (b"answer: 1e999999\n", "the number '1e999999' is too large to be an answer"),
    (b"answer: -1e400\n", "the number '-1e400' is too large to be an answer"),
    (b"answer: " + b"7" * 4301 + b"\n", "the number has more than 4,300 digits; no answer needs that many"),
    (b"answer: [1, " + b"7" * 4301 + b"]\n", "the number has more than 4,300 digits; no answer needs that many"),
])
def test_a_number_that_is_not_a_finite_readable_value_is_refused(base, raw, message):
    d = problem(raw, base)
    assert (d.line, d.message) == (1, message)


def test_the_largest_readable_integer_is_still_a_number(base):
    assert load(b"answer: " + b"7" * 4300 + b"\n", base)["answer"] == int("7" * 4300)


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_a_line_separator_in_a_comment_cannot_hide_an_answer(base, separator):
    raw = f"a: 1\n# old answer{separator}hidden: true\n".encode()
    d = problem(raw, base)
    assert (d.line, d.column) == (2, 13)
    assert d.message.startswith(f"contains the line separator U+{ord(separator):04X}, which YAML reads as a line break")


@pytest.mark.parametrize("char", ["\u200b", "\u200e", "\u200f", "\u061c", "\u00ad", "\u2060", "\ufeff", "\U000e0041"])
def test_invisible_characters_are_refused_raw_and_escaped(base, char):
    code = f"U+{ord(char):04X}"
    for raw in (f"a: 'x{char}y'\n".encode(), f'a: "x\\U{ord(char):08x}y"\n'.encode()):
        d = problem(raw, base)
        assert (d.line, d.column, d.path) == (1, 4, "a")
        assert d.message == f"contains the invisible character {code}; remove it"


def test_joiners_that_scripts_need_are_kept(base):
    assert load("a: 'می\u200cخواهم \U0001F469\u200d\U0001F4BB'\n".encode(), base) == {"a": "می\u200cخواهم \U0001F469\u200d\U0001F4BB"}
