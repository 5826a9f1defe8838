"""User text made safe for a terminal: terminal escape sequences and control characters
removed, and Rich markup never read from it.

A title, an answer or a model id is data. Printed as Rich markup, `Bot [/bold] v2` crashes
and `[red]EU[/red]` vanishes; printed raw, `ESC]52;...` can rewrite the clipboard and
`ESC[2J` clear the screen. Everything a person or a file wrote goes through `clean` (for a
plain string) or `text` (a Rich Text, which Rich never parses as markup) before it is shown.
The session file keeps the text exactly as typed; only what is drawn is cleaned.
"""

from __future__ import annotations

import re
from typing import Any

# ESC-introduced sequences: CSI (ESC [ ... final), OSC / DCS / APC / PM / SOS strings up to
# their terminator (BEL or ESC \), and two-character escapes; and their 8-bit C1 forms.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                      # CSI
    | \x9b[0-?]*[ -/]*[@-~]                      # 8-bit CSI
    | [\x1b][\]PX^_].*?(?:\x07|\x1b\\|$)         # OSC, DCS, SOS, PM, APC
    | [\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|$)   # their 8-bit forms
    | \x1b[ -/]*[0-~]                            # other escapes (ESC c, ESC ( B ...)
    """,
    re.VERBOSE | re.DOTALL,
)
# What is left to drop: C0 controls but tab and newline, DEL, C1, and the bidirectional
# overrides that make text read differently from what it holds.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: Any, *, one_line: bool = False) -> str:
    """`value` as text fit to print: no escape sequences, no control characters (a CRLF
    reads as one line break). `one_line` turns line breaks and tabs into spaces, for table
    cells and titles."""
    text = str(value).replace("\r\n", "\n")
    text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    if one_line:
        text = re.sub(r"[\n\t]+", " ", text)
    return text


def text(value: Any, style: str = "", *, one_line: bool = False) -> Any:
    """A Rich Text of `value`, cleaned (Rich does not parse markup in a Text)."""
    from rich.text import Text

    return Text(clean(value, one_line=one_line), style=style)


def markup_escape(value: Any, *, one_line: bool = True) -> str:
    """`value` cleaned and escaped for a place that reads Rich markup (a panel's title
    string, a table cell given as a string)."""
    from rich.markup import escape

    return escape(clean(value, one_line=one_line))
