"""Line offsets of a text document, as every editor's line numbers use them."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.editors.text import _line_starts


@given(st.text(alphabet="ab\n\r\u2028", max_size=60))
def test_a_line_starts_after_every_newline_and_only_there(text):
    assert _line_starts(text) == [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
