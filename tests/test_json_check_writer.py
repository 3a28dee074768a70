"""`check --format json` writes its results straight from templates (render/formats/json.py); the text
must be, to the byte, what the standard library writes for the same document (json.dumps(indent=2)
of check_data), on every example, in every reading, and for any text a framework file can hold."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import EXAMPLES

from firearms_gap import api
from firearms_gap.render.formats import json as json_format

READINGS = {
    "default": {},
    "as of 2016": {"as_of": "2016-01-01"},                   # answers set aside: not_in_force lines
    "no determinations": {"determinations": False},
    "soft law only": {"forces": ("recommended", "discussion_point")},
}


def straightforward(view) -> str:
    return json.dumps(json_format.check_data(view), ensure_ascii=False, indent=2) + "\n"


def report_of(example: str, **reading):
    return api.check_file((EXAMPLES / example).read_bytes(), example, **reading)


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_in_every_reading_is_written_as_the_standard_library_writes_it(example, reading):
    view = api.view(report_of(example, **READINGS[reading]))
    text = json_format.render_check(view)
    assert text == straightforward(view)
    assert json.loads(text)["results"] == json_format.check_data(view)["results"]


def test_the_report_is_written_a_result_at_a_time():
    """What `check` writes, piece after piece: the head, then each result (its separator first), never
    the results joined in one text (~320 kB, copied whole at every step)."""
    from firearms_gap.render import formats

    view = api.view(report_of("aldoria-typical-gaps.yaml"))
    pieces = list(formats.pieces(view, "json"))
    assert "".join(pieces) == straightforward(view)
    assert len(pieces) == len(view.results) + 3                       # head, results..., "]", "}"
    assert all(p.lstrip("[,\n ").startswith('{\n      "id": ') for p in pieces[1:-2])


def test_the_examples_exercise_what_the_results_can_hold():
    """Determinations, assistance needs, provisions set aside and benchmarks all occur above."""
    results = [r for e in EXAMPLES.glob("*.yaml") for reading in READINGS.values()
               for r in report_of(e.name, **reading).results]
    assert any(r.determination for r in results) and any(r.assistance for r in results)
    assert any(r.not_in_force for r in results) and any(r.elements for r in results)
    assert any(not r.elements for r in results)


def test_a_report_without_results():
    report = report_of("aldoria-typical-gaps.yaml")
    view = api.view(report._replace(results=()))
    assert json_format.render_check(view) == straightforward(view)
    assert json.loads(json_format.render_check(view))["results"] == []


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["%s", "%(id)s", "%%", '"', "\\", "\n", "\t", "\u202e", "\ufeff", "é 中 😀", ""])


@settings(max_examples=150, deadline=None)
@given(title=TEXT, citation=TEXT, qualifier=st.none() | TEXT, reason=st.none() | TEXT,
       lists=st.lists(TEXT, max_size=3), element=TEXT)
def test_any_text_in_any_field_is_written_as_the_standard_library_writes_it(title, citation, qualifier, reason,
                                                                             lists, element):
    report = _REPORT
    first, second, *rest = report.results
    first = first._replace(title=title, citation=citation, qualifier=qualifier, reason=reason,
                           provisions=tuple(lists), missing=tuple(lists), notes=tuple(lists), evidence=tuple(lists),
                           elements=tuple(e._replace(requires=element, gap=element or None, provisions=tuple(lists))
                                          for e in first.elements))
    view = api.view(report._replace(results=(first, second)))
    assert json_format.render_check(view) == straightforward(view)


_REPORT = report_of("aldoria-typical-gaps.yaml")
