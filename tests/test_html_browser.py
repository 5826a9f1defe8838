"""The HTML export in a real browser: each example's page, opened from a file in headless
Chromium (Debian's `chromium` package, which .ci/run installs) with no network, draws every
diagram as an SVG whose text is at least 12 px on screen in a 1280 px window, and its cost
chart has coloured lines with a legend.

Driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON messages ended by
NUL on file descriptors 3 and 4), so no test dependency is needed. Without Chromium the tests
are skipped and say why.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ["rag-support-assistant", "ticket-triage-hybrid"]
WINDOW = (1280, 900)
MIN_LABEL_PX = 12


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install -y chromium): the HTML export is not "
    "checked in a real browser on this machine",
)


class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()
        # the child's ends go above 9 first, so placing them at 3 and 4 cannot clobber them
        child_in = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
        os.close(to_child)
        os.close(from_child)

        def pipe_at_3_and_4() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--remote-debugging-pipe",
                f"--window-size={WINDOW[0]},{WINDOW[1]}",
                # nothing but the file: no proxy reachable, no name resolves
                "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--no-first-run",
                "--disable-extensions",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            preexec_fn=pipe_at_3_and_4,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(child_in)
        os.close(child_out)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                data = json.loads(raw)
                if data.get("id") == self._last_id:
                    if "error" in data:
                        raise RuntimeError(f"{method}: {data['error']}")
                    return data.get("result", {})
                self.events.append(data)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"Chromium did not answer {method}")
            if select.select([self._read], [], [], left)[0]:
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk

    def evaluate(self, expression: str, session: str):
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError, TimeoutError):
            self.send("Browser.close")
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self._write)
        os.close(self._read)


# Per diagram: whether it became an SVG, its kind, the smallest text on screen (computed
# font size times the on-screen scale of the SVG element holding it), and the line colours.
MEASURE = r"""
(() => {
  const scale = (el) => { const m = el.getScreenCTM(); return m ? Math.hypot(m.a, m.b) : 1; };
  return [...document.querySelectorAll("pre.mermaid")].map((pre) => {
    const svg = pre.querySelector("svg");
    if (!svg) return { svg: false };
    const sizes = [];
    const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const el = node.parentElement;
      const box = el.getBoundingClientRect();
      if (!text || (box.width === 0 && box.height === 0)) continue;
      const holder = el.closest("foreignObject") || el.closest("text") || svg;
      sizes.push({ text, px: parseFloat(getComputedStyle(el).fontSize) * scale(holder) });
    }
    sizes.sort((a, b) => a.px - b.px);
    const lines = [...svg.querySelectorAll("[class*='line-plot'] path")]
      .map((p) => getComputedStyle(p).stroke);
    return { svg: true, kind: svg.getAttribute("aria-roledescription"), labels: sizes.length,
             smallest: sizes[0] || null, lines,
             legend: pre.closest(".diagram").nextElementSibling?.matches("ul.legend")
               ? pre.closest(".diagram").nextElementSibling.querySelectorAll("li").length : 0 };
  });
})()
"""


def open_page(
    path: Path, tmp_path: Path, measure: str = MEASURE, scripts: bool = True
) -> tuple[str, object, list]:
    """Load `path` at 1280 px and wait for the page's diagrams; returns the page's diagram
    state ("drawn" or "failed"; "" with scripts off), what `measure` finds, and every URL the
    page requested."""
    assert CHROMIUM is not None
    browser = Browser(CHROMIUM, tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        browser.send("Network.enable", session=session)
        browser.send("Page.enable", session=session)
        width, height = WINDOW
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        if not scripts:
            browser.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        browser.send("Page.navigate", {"url": path.resolve().as_uri()}, session)
        state = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = browser.evaluate("document.documentElement.dataset.diagrams || ''", session)
            loaded = browser.evaluate("document.readyState", session) == "complete"
            if state or (loaded and not scripts):
                break
            time.sleep(0.1)
        measures = browser.evaluate(measure, session)
        urls = [
            event["params"]["request"]["url"]
            for event in browser.events
            if event.get("method") == "Network.requestWillBeSent"
        ]
        return state or "", measures, urls
    finally:
        browser.close()


def _export_html(cli, name: str, out: Path) -> Path:
    result = cli("export", str(EXAMPLES / f"{name}.toml"), "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_diagram_is_drawn_offline_with_legible_labels(cli, tmp_path, name):
    page = _export_html(cli, name, tmp_path / f"{name}.html")
    state, diagrams, urls = open_page(page, tmp_path)
    assert state == "drawn", f"Mermaid did not draw the diagrams: {state!r}"
    assert all(url.startswith(("file:", "data:")) for url in urls), urls
    assert len(diagrams) == 2, diagrams  # the architecture and the cost chart
    for diagram in diagrams:
        assert diagram["svg"], f"a diagram stayed source text: {diagram}"
        assert diagram["labels"] > 3
        smallest = diagram["smallest"]
        # what the report quotes: the smallest label of each diagram, in px on screen
        print(f"{name}: {diagram['kind']}: smallest {smallest['px']:.1f} px ({smallest['text']!r})")
        assert smallest["px"] >= MIN_LABEL_PX, (
            f"{diagram['kind']}: {smallest['text']!r} is {smallest['px']:.1f} px on screen"
        )
    kinds = [d["kind"] for d in diagrams]
    assert kinds == ["flowchart-v2", "xychart"], kinds


@needs_chromium
@pytest.mark.slow
def test_the_cost_chart_has_coloured_lines_and_a_legend(cli, tmp_path):
    from genai_design_cli.render.html import PALETTE

    page = _export_html(cli, "ticket-triage-hybrid", tmp_path / "hybrid.html")
    _, diagrams, _ = open_page(page, tmp_path)
    chart = next(d for d in diagrams if d["kind"] == "xychart")
    assert len(chart["lines"]) >= 2, chart  # the hybrid route beside the LLM path
    palette = {
        "rgb({}, {}, {})".format(*(int(c[i : i + 2], 16) for i in (1, 3, 5))) for c in PALETTE
    }
    assert set(chart["lines"]) <= palette, chart["lines"]  # no near-white default
    assert len(set(chart["lines"])) == len(chart["lines"])  # one colour per line
    assert chart["legend"] == len(chart["lines"])


SCRIPTS_OFF = r"""
[...document.querySelectorAll("pre.mermaid")].map((pre) => ({
  source: pre.textContent.trim().split("\n")[0],
  svg: pre.querySelector("svg") !== null,
  note: pre.closest(".diagram").querySelector(".diagram-note")?.offsetHeight || 0,
}))
"""


@needs_chromium
@pytest.mark.slow
def test_with_scripts_off_the_diagram_source_stays_readable(cli, tmp_path):
    page = _export_html(cli, "rag-support-assistant", tmp_path / "rag.html")
    _, diagrams, _ = open_page(page, tmp_path, SCRIPTS_OFF, scripts=False)
    assert [d["source"] for d in diagrams] == ["flowchart TD", "xychart-beta"]
    assert not any(d["svg"] for d in diagrams)
    assert all(d["note"] > 0 for d in diagrams)  # "Scripts are off, so …" is shown
