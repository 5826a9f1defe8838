"""The design document as a standalone HTML page: the Markdown export rendered by markdown-it-py,
with the pinned Mermaid build inlined so the diagrams draw with no network.

- Raw HTML in the Markdown is not passed through (`html: False`), and user text is escaped
  before it reaches the Markdown (`render.markdown.md_inline`), so nothing a person typed
  becomes an element. A Content-Security-Policy allows only this page's own two scripts (by
  hash) and no network at all.
- Each Mermaid block becomes `<pre class="mermaid">` holding its source: with scripts off
  (or no Mermaid given) that source is what the reader sees, with a note saying so.
- Diagrams are drawn at their natural size (`useMaxWidth: false`) inside a box that scrolls
  sideways, so labels keep Mermaid's 16 px instead of shrinking to the column; the
  flowchart is top-down (render/mermaid.py), so it usually fits anyway.
- The cost chart's lines get a palette of strong colours and a legend under the chart, named
  from the line list that follows the chart in the Markdown.

The Mermaid script is passed in (`mermaid_js`): renderers read no file. `cli/export.py` loads
`render/assets/mermaid.min.js` (see NOTICE.md there for its version and licence).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
from typing import Any

from genai_design_cli.render.markdown import clean_text

MERMAID_VERSION = "11.17.2"

# Line colours for charts, in plot order: GitHub's Primer blue, red, green, purple, orange.
# Mermaid's default palette starts with a near-white tint of its primary colour.
PALETTE = ("#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00")

MERMAID_CONFIG: dict[str, Any] = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "theme": "default",
    "flowchart": {"useMaxWidth": False, "htmlLabels": True},
    "xyChart": {"useMaxWidth": False},
    "themeVariables": {"xyChart": {"plotColorPalette": ", ".join(PALETTE)}},
}

# Draw every diagram, then mark the page: `data-diagrams` is "drawn" or "failed" (a test and
# a curious reader can see which).
MERMAID_RUN = (
    f"mermaid.initialize({json.dumps(MERMAID_CONFIG)});\n"
    'mermaid.run({ querySelector: "pre.mermaid" }).then(\n'
    '  () => { document.documentElement.dataset.diagrams = "drawn"; },\n'
    '  (error) => { document.documentElement.dataset.diagrams = "failed"; console.error(error); }\n'
    ");"
)

CSS = """\
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d1d9e0; padding: .35em .7em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { background: #f6f8fa; padding: .1em .3em; border-radius: 4px; font-size: 90%; }
pre { background: #f6f8fa; padding: 1em; overflow-x: auto; border-radius: 6px; }
blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.diagram { overflow-x: auto; margin: 1em 0; padding: .5em; border: 1px solid #d1d9e0;
           border-radius: 6px; background: #fff; }
.diagram pre.mermaid { margin: 0; background: none; white-space: pre; }
.diagram pre.mermaid svg { max-width: none; }
.diagram-note { margin: 0 0 .5em; color: #59636e; font-size: 90%; }
.legend { list-style: none; padding: 0; margin: .25em 0 1em; display: flex; flex-wrap: wrap;
          gap: .4em 1.5em; }
.legend li { display: flex; align-items: center; gap: .5em; }
.swatch { display: inline-block; width: 1.5em; height: .3em; border-radius: 2px; }
@media (prefers-color-scheme: dark) {
  body { background: #0d1117; color: #e6edf3; }
  th, code, pre { background: #161b22; }
  th, td, h2 { border-color: #3d444d; }
  .diagram { color: #1f2328; }
}
"""

NOSCRIPT_NOTE = (
    '<noscript><p class="diagram-note">Scripts are off, so this diagram is shown as its '
    "Mermaid source.</p></noscript>"
)
SOURCE_NOTE = '<p class="diagram-note">The diagram&#8217;s Mermaid source.</p>'

_SERIES = re.compile(r"^\s*(line|bar)\s*\[", re.M)
_LEGEND_TEXT = re.compile(r"^Lines, in order: (.+?)\.?$", re.S)


def _legend(count: int, names: list[str]) -> str:
    """A legend for a chart's `count` series: a colour swatch and a name each."""
    items = []
    for index in range(count):
        name = names[index] if index < len(names) else f"Series {index + 1}"
        colour = PALETTE[index % len(PALETTE)]
        items.append(
            f'<li><span class="swatch" style="background:{colour}"></span>{escape(name)}</li>'
        )
    return '<ul class="legend" aria-label="Legend">\n' + "\n".join(items) + "\n</ul>\n"


def _mark_legends(tokens: list[Any]) -> None:
    """After a chart, turn the paragraph that lists its lines ("Lines, in order: A; B.") into a
    legend with the palette's colours (a legend of numbered series when no list follows)."""
    from markdown_it.token import Token

    index = 0
    while index < len(tokens):
        token = tokens[index]
        info = token.info.strip().split(" ")[0] if token.type == "fence" else ""
        if info != "mermaid" or not token.content.lstrip().startswith("xychart"):
            index += 1
            continue
        count = len(_SERIES.findall(token.content))
        names: list[str] = []
        following = tokens[index + 1 : index + 4]
        types = [t.type for t in following]
        if types == ["paragraph_open", "inline", "paragraph_close"]:
            match = _LEGEND_TEXT.match(following[1].content.strip())
            if match:
                names = [name.strip() for name in match.group(1).split(";")]
                del tokens[index + 1 : index + 4]
        legend = Token("html_block", "", 0)
        legend.content = _legend(count, names)
        tokens.insert(index + 1, legend)
        index += 2


def _renderer(with_script: bool) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    default_fence = md.renderer.rules["fence"]
    note = NOSCRIPT_NOTE if with_script else SOURCE_NOTE

    def fence(renderer, tokens, idx, options, env):  # bound by add_render_rule
        token = tokens[idx]
        if token.info.strip().split(" ")[0] == "mermaid":
            return (
                f'<div class="diagram">\n{note}\n'
                f'<pre class="mermaid">\n{escape(token.content)}</pre>\n</div>\n'
            )
        return default_fence(tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    return md


def _strip_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :].lstrip("\n")
    return markdown


def _inline_script(code: str) -> str:
    """Code as an inline `<script>`: refused if it could end the element early (`</script`)
    or open a nested script state (`<script` after `<!--`), which would turn the rest of the
    page into script text."""
    lowered = code.lower()  # str.find, not a case-blind regex: the build is 3.6 MB
    if "<script" in lowered or "</script" in lowered:
        raise ValueError("this script text contains '<script' or '</script' and cannot be inlined")
    return f"<script>{code}</script>"


def _hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(markdown: str, title: str, mermaid_js: str | None = None) -> str:
    """A complete HTML page from Markdown (front matter dropped); with `mermaid_js` (the
    text of Mermaid's `mermaid.min.js`) inlined when the page has a diagram."""
    source = _strip_front_matter(markdown)
    has_diagram = re.search(r"^```mermaid\s*$", source, re.M) is not None
    with_script = bool(mermaid_js) and has_diagram
    md = _renderer(with_script)
    tokens = md.parse(source)
    _mark_legends(tokens)
    body = md.renderer.render(tokens, md.options, {})
    scripts, allowed = "", "'none'"
    if with_script:
        assert mermaid_js is not None
        banner = f"/* Mermaid {MERMAID_VERSION}, MIT licence (see its notice in the package) */\n"
        library = banner + mermaid_js
        scripts = _inline_script(library) + "\n" + _inline_script(MERMAID_RUN) + "\n"
        allowed = f"{_hash(library)} {_hash(MERMAID_RUN)}"
    shown_title = " ".join(clean_text(title).split())
    # no network at all; only this page's own scripts run (an injected handler would not)
    policy = (
        f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(shown_title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        f"<main>\n{body}</main>\n{scripts}</body>\n</html>\n"
    )
