"""The design document as a standalone HTML page: the Markdown export rendered by markdown-it-py.

Raw HTML in the Markdown is not passed through (`html: False`), so text a person typed is
shown, never run. Mermaid blocks become `<pre class="mermaid">`, which the Mermaid script at
the end of the page draws in the browser.
"""

from __future__ import annotations

from html import escape
from typing import Any

MERMAID_SCRIPT = (
    '<script type="module">\n'
    'import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs";\n'
    'mermaid.initialize({ startOnLoad: true, securityLevel: "strict" });\n'
    "</script>"
)

CSS = """\
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin-top: 2em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d1d9e0; padding: .35em .7em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { background: #f6f8fa; padding: .1em .3em; border-radius: 4px; font-size: 90%; }
pre { background: #f6f8fa; padding: 1em; overflow-x: auto; border-radius: 6px; }
pre.mermaid { background: none; text-align: center; }
blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
@media (prefers-color-scheme: dark) {
  body { background: #0d1117; color: #e6edf3; }
  th, code, pre { background: #161b22; }
  th, td, h2 { border-color: #3d444d; }
}
"""


def _renderer() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    default_fence = md.renderer.rules["fence"]

    def fence(renderer, tokens, idx, options, env):  # bound by add_render_rule
        token = tokens[idx]
        if token.info.strip().split(" ")[0] == "mermaid":
            return f'<pre class="mermaid">\n{escape(token.content)}</pre>\n'
        return default_fence(tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    return md


def _strip_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :].lstrip("\n")
    return markdown


def page(markdown: str, title: str) -> str:
    """A complete HTML page from Markdown (front matter dropped)."""
    body = _renderer().render(_strip_front_matter(markdown))
    script = MERMAID_SCRIPT if '<pre class="mermaid">' in body else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        f"<main>\n{body}</main>\n{script}\n</body>\n</html>\n"
    )
