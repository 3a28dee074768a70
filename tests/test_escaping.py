"""render/escape.markup escapes as html.escape does (it stands in for it so that no report imports
`html` and its table of entities): the same text for any string, with quotes and without."""
from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from firearms_gap.render.escape import html_text, markup


@given(st.text(alphabet=st.sampled_from("&<>\"'a é;#x27&amp;") | st.characters()))
def test_markup_is_html_escape(text):
    assert markup(text) == html.escape(text) == html.escape(text, quote=True)
    assert markup(text, quote=False) == html.escape(text, quote=False)


def test_html_text_escapes_every_markup_character():
    assert html_text('<a href="x">O\'Brien & co</a>') == "&lt;a href=&quot;x&quot;&gt;O&#x27;Brien &amp; co&lt;/a&gt;"
