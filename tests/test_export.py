"""The export renderers: the design doc's sections, decisions and assumptions, the post, the
HTML page, the Mermaid diagram, and that nothing a person types can change a document's
structure (property tests with a fixed seed)."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from export_fixtures import RAG_ANSWERS, make_session, mini_framework
from fixtures import COMPONENTS
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from support.design import design_of, html_of, md_of

from genai_design_cli.model.answers import typed_variables
from genai_design_cli.render import html as html_page
from genai_design_cli.render import markdown, mermaid


@pytest.fixture(scope="module")
def fw():
    return mini_framework()


def _rag_session(**steps):
    states = {"architecture": {"status": "done", "deep_dive": True}}
    states.update(steps)
    return make_session(RAG_ANSWERS, steps=states)


def _mermaid_blocks(text: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)\n```", text, re.S)


def _flowchart(text: str) -> str:
    charts = [b for b in _mermaid_blocks(text) if b.startswith("flowchart")]
    assert len(charts) == 1, text
    return charts[0]


def _section(doc: str, title: str) -> str:
    """The body of `## title`, up to the next `## ` heading."""
    return doc.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _h2(doc: str) -> list[str]:
    return re.findall(r"^## (.+)$", doc, re.M)


def _builtin_session(answers, steps=None, **meta):
    return make_session(answers, steps=steps, framework="genai-system-design", **meta)


# --- the design doc's shape --------------------------------------------------------------


def test_doc_has_the_design_doc_sections_in_order(fw):
    doc = md_of(fw, _rag_session())
    assert doc.startswith("# Support bot for an online store\n")
    assert "created 2026-11-26 15:30 UTC" in doc
    assert _h2(doc) == [
        "Context and goals",
        "Requirements",
        "Architecture",
        "Decisions",
        "Estimates",
        "Risks and open questions",
        "Further reading",
    ]


def test_the_built_in_doc_names_answers_by_their_document_labels(framework):
    answers = {
        "requirements": {"qps": 40, "users": 0, "budget-per-query": 0.004},
        "architecture": {"architecture": ["rag"], "components": ["vector-store"]},
        "evaluation": {"offline-metrics": ["retrieval-recall"], "ab-test": "Reranker on/off"},
    }
    doc = md_of(framework, _builtin_session(answers))
    assert "| Average traffic | 40 queries/s |" in doc
    assert "| Daily active users | 0 users |" in doc
    assert "**Architecture pattern:** RAG (retrieve -> stuff context -> generate)." in doc
    rollout = _section(doc, "Rollout and monitoring")
    assert "- **Offline metrics that gate a release:** Retrieval recall@k" in rollout
    assert "**First A/B test.** Reranker on/off" in rollout
    for prompt in (q.prompt for _, q in framework.questions()):
        assert prompt not in doc
    for leak in ("(optional)", "Enter 0", "pick all that apply", "`rag`", "`vector-store`"):
        assert leak not in doc


def test_every_built_in_question_has_its_own_document_label(framework):
    labels = {}
    for step, question in framework.questions():
        assert question.doc_label, f"{step.id}.{question.id} has no doc_label"
        labels.setdefault(question.doc_label, []).append(f"{step.id}.{question.id}")
    assert {k: v for k, v in labels.items() if len(v) > 1} == {}


def test_a_label_with_a_question_mark_or_instructions_is_refused():
    from pydantic import ValidationError

    from genai_design_cli.model.framework import Question

    for label in ("Users?", "Budget (optional)", "two\nlines", "x" * 61):
        with pytest.raises(ValidationError):
            Question(id="q", kind="text", prompt="Q?", doc_label=label)


def test_one_is_singular(framework):
    doc = md_of(framework, _builtin_session({"requirements": {"qps": 1, "users": 1}}))
    assert "| Average traffic | 1 query/s |" in doc
    assert "| Daily active users | 1 user |" in doc
    assert "queries/s" not in doc.split("## Estimates")[0]


def test_context_has_goals_and_non_goals(framework):
    answers = {
        "why-genai": {"output-kind": "structured", "llm-share": 1, "notes": "Labels are JSON."},
        "requirements": {
            "qps": 4,
            "qps-6mo": 8,
            "p95-slo-ms": 2000,
            "streaming": False,
            "budget-per-month": 5000,
            "data-residency": "region",
            "data-region": "EU (Frankfurt), under the provider's DPA",
        },
        "architecture": {"architecture": ["fine-tune"]},
        "model-selection": {"routing": False},
    }
    steps = {"guardrails": {"status": "skipped"}}
    context = _section(
        md_of(framework, _builtin_session(answers, steps=steps)), "Context and goals"
    )
    assert "**Why an LLM.** Labels are JSON." in context
    goals = context.split("**Goals**", 1)[1].split("**Non-goals**")[0]
    assert "- Produce structured output (JSON, SQL, form fields)." in goals
    assert "- Serve 4 queries/s on average, and 8 queries/s in six months." in goals
    assert "- Answer within 2,000 ms at p95, not streamed." in goals
    assert "- Cost at most $5,000 a month." in goals
    assert "EU (Frankfurt), under the provider's DPA" in goals
    non_goals = context.split("**Non-goals**", 1)[1]
    assert "- Not in this design: API call (prompt -> model); RAG" in non_goals
    assert "- No router to a cheaper model." in non_goals
    assert "every query reaches the LLM" in non_goals
    assert "- Guardrails: left out of this design." in non_goals


# --- decisions ------------------------------------------------------------------------------


def test_each_decision_lists_the_options_it_left_out_with_why(framework):
    answers = {
        "architecture": {"architecture": ["rag"]},
        "model-selection": {
            "model": "gpt-4o-mini",
            "model-hosting": "api",
            "notes": "We compared it with claude-haiku-4-5 on our eval set.",
        },
    }
    decisions = _section(md_of(framework, _builtin_session(answers)), "Decisions")
    pattern = decisions.split("- **Architecture pattern:**", 1)[1].split("\n- ", 1)[0]
    assert "Not used: API call (prompt -> model); Fine-tuned model; Agents" in pattern
    model = decisions.split("- **Model:**", 1)[1].split("\n- ", 1)[0]
    # a long picker: only the alternatives the notes name, not every catalog model
    assert "Considered: claude-haiku-4-5 (Anthropic API). Named in the notes." in model
    assert model.count("Considered:") == 1
    hosting = decisions.split("- **Hosting:**", 1)[1].split("\n- ", 1)[0]
    assert hosting.startswith(" Hosted API (pay per token).")
    assert "Considered: Self-hosted open weights on your GPUs." in hosting
    assert "**Why.** We compared it with claude-haiku-4-5 on our eval set." in decisions


def test_a_decision_whose_notes_name_no_alternative_says_so(framework):
    answers = {"model-selection": {"model": "gpt-4o-mini"}}
    decisions = _section(md_of(framework, _builtin_session(answers)), "Decisions")
    assert "- **Model:** gpt-4o-mini (OpenAI API).\n  - No alternative is named." in decisions


# --- assumed, not decided -------------------------------------------------------------------


def test_defaults_nobody_chose_are_assumed_not_decided(framework):
    answers = {
        "requirements": {"qps": 5},
        "model-selection": {"model": "gpt-4o", "model-hosting": "api"},
    }
    steps = {
        "requirements": {"status": "done"},
        "model-selection": {"status": "done", "defaulted": ["model", "model-hosting"]},
    }
    doc = md_of(framework, _builtin_session(answers, steps=steps))
    assumed = _section(doc, "Assumed, not decided")
    assert "- **Model** (Model Selection): gpt-4o (OpenAI API)" in assumed
    assert "- **Hosting** (Model Selection): Hosted API (pay per token)" in assumed
    before = doc.split("## Assumed, not decided")[0]
    assert "gpt-4o" not in before and "Hosted API" not in before  # not stated as decisions
    assert "```mermaid\nflowchart" not in doc  # no diagram drawn from assumptions
    # the estimates still run on them, and say so
    assert "The estimates use them" in assumed and "### Cost" in doc


def test_a_chosen_answer_is_not_assumed(framework):
    answers = {"model-selection": {"model": "gpt-4o"}}
    doc = md_of(framework, _builtin_session(answers))
    assert "## Assumed, not decided" not in doc
    assert "- **Model:** gpt-4o (OpenAI API)." in doc


# --- risks, estimates, feedback -------------------------------------------------------------


def test_risks_come_from_checks_skipped_steps_and_open_questions(framework):
    answers = {
        "requirements": {"qps": 5, "data-residency": "may-not-leave"},
        "model-selection": {"model": "gpt-4o", "model-hosting": "api"},
    }
    steps = {
        "requirements": {"status": "done", "kept": {"privacy-vs-hosted-api": "a pilot only"}},
        "architecture": {"status": "skipped"},
        "model-selection": {"status": "done"},
    }
    risks = _section(
        md_of(framework, _builtin_session(answers, steps=steps, finished=True)),
        "Risks and open questions",
    )
    lines = risks.strip().splitlines()
    assert lines[0].startswith("- **Error:** Data may not leave")  # errors first
    assert "  - Kept, because: a pilot only." in lines
    assert any(line.startswith("- **Skipped:** Architecture. Not covered:") for line in lines)
    assert "- **Not answered yet:** Why GenAI?" in risks
    open_requirements = next(line for line in lines if line.startswith("- **Open (Requirements)"))
    slo = next(q for _, q in framework.questions() if q.var == "p95_slo_ms")
    assert slo.doc_label in open_requirements
    assert "Queries per month" not in open_requirements  # derived from the QPS
    assert "Budget per month" in open_requirements


def test_estimates_open_with_the_headline_numbers(fw):
    estimates = _section(md_of(fw, _rag_session()), "Estimates")
    first = estimates.strip().split("\n\n")[0]
    assert re.match(
        r"About \$[\d,]+ a month for 130M queries a month \(\$0\.\d+ a query\)\.", first
    )
    assert "against a p95 target of 3,000 ms" in first
    assert "### Cost" in estimates and "### Latency" in estimates


def test_doc_includes_the_calculators_tables_as_they_render_them(fw):
    from genai_design_cli.calc import engine
    from genai_design_cli.render import calc_tables

    session = _rag_session()
    variables = typed_variables(fw, session.answers)
    tables = calc_tables.markdown(engine.run(variables), variables)
    assert markdown.shift_headings(tables, 3) in md_of(fw, session)


def test_scores_time_and_hints_only_in_practice_or_when_asked(fw):
    from genai_design_cli import render

    scaffold = design_of(fw, _rag_session())
    assert "Coach feedback" not in render.render(scaffold)
    assert "**Total:" not in render.render(scaffold)
    assert "## Coach feedback" in render.render(scaffold, feedback=True)
    practice = design_of(fw, make_session(RAG_ANSWERS, mode="practice"))
    assert "## Coach feedback" in render.render(practice)
    assert "## Coach feedback" not in render.render(practice, feedback=False)
    assert "## Coach feedback" not in render.render(practice, style="post")


def test_session_results_are_used_as_stored(fw):
    from genai_design_cli.calc import engine

    session = _rag_session()
    results = engine.run(typed_variables(fw, session.answers))
    results["cost"]["queries_per_month"] = 123_000_000
    session.results = results
    assert "for 123M queries a month" in md_of(fw, session)


def test_render_is_deterministic_and_has_no_clock(fw):
    from datetime import date, datetime, timezone

    session = _rag_session()
    session.session.created = datetime(2020, 1, 2, 3, 4, tzinfo=timezone.utc)
    session.session.updated = datetime(2020, 1, 2, 5, 6, tzinfo=timezone.utc)
    first = md_of(fw, session)
    assert first == md_of(fw, session)
    assert "created 2020-01-02 03:04 UTC · updated 2020-01-02 05:06 UTC" in first
    assert date.today().isoformat() not in first


def test_unknown_style_is_refused(fw):
    with pytest.raises(ValueError, match="post"):
        md_of(fw, _rag_session(), style="slides")


# --- the architecture diagram ----------------------------------------------------------


def _edges(chart: str) -> set[tuple[str, str]]:
    return set(re.findall(r"^\s*(\w+) -\.?->(?:\|\"[^\"]*\"\|)? (\w+)$", chart, re.M))


def _labels(chart: str) -> dict[str, str]:
    return dict(re.findall(r'^\s*(\w+)[\[\(\{/]+"([^"]*)"', chart, re.M))


def test_rag_design_diagram_is_top_down_with_retriever_vector_store_and_llm(fw):
    chart = _flowchart(md_of(fw, _rag_session()))
    assert chart.startswith("flowchart TD\n")  # a long chain drawn across shrinks its labels
    assert mermaid.problems(chart) == []
    labels = _labels(chart)
    assert labels["retriever"].startswith("Retriever")
    assert labels["vector_store"] == "Vector store"
    assert labels["llm"].startswith("LLM<br/>gpt-4o-mini")
    edges = _edges(chart)
    assert {("retriever", "vector_store"), ("vector_store", "retriever")} <= edges
    assert {("user", "input_guard"), ("reranker", "llm"), ("llm", "output_guard")} <= edges
    assert ("output_guard", "response") in edges


def test_agent_design_diagram_shows_the_tool_loop():
    chart = mermaid.architecture_flowchart(
        {"architecture": ["agents"], "components": ["tools", "monitoring"], "model": "gpt-4.1"}
    )
    assert mermaid.problems(chart) == []
    assert _labels(chart)["llm"].startswith("Agent LLM")
    assert {("llm", "tools"), ("tools", "llm")} <= _edges(chart)
    assert "retriever" not in chart


def test_fine_tune_design_shows_the_tuned_model_and_offline_training():
    chart = mermaid.architecture_flowchart(
        {
            "architecture": ["fine-tune"],
            "model": "llama-3.1-8b",
            "model_hosting": "self-hosted",
            "serving_framework": "vllm",
        }
    )
    assert mermaid.problems(chart) == []
    assert _labels(chart)["llm"] == "Fine-tuned model<br/>llama-3.1-8b<br/>self-hosted, vllm"
    assert 'subgraph offline_training["Offline training"]' in chart
    assert ("fine_tune", "llm") in _edges(chart)


def test_cache_sits_in_front_and_router_splits_cheap_and_expensive_models():
    chart = mermaid.architecture_flowchart(
        {
            "architecture": ["api"],
            "components": ["response-cache", "router", "input-guardrails", "output-guardrails"],
            "model": "gpt-4o",
            "cheap_model": "gpt-4o-mini",
        }
    )
    assert mermaid.problems(chart) == []
    edges = _edges(chart)
    assert ("user", "cache") in edges and ("cache", "response") in edges
    assert {("input_guard", "router"), ("router", "cheap_llm"), ("router", "llm")} <= edges
    assert _labels(chart)["cheap_llm"] == "Cheap model<br/>gpt-4o-mini"


def test_hybrid_route_sends_most_queries_to_a_classifier():
    chart = mermaid.architecture_flowchart(
        {"architecture": ["api"], "components": ["router"], "llm_fraction": 0.1}
    )
    assert mermaid.problems(chart) == []
    assert 'router -->|"simple: 90% of queries"| classifier' in chart
    assert 'router -->|"hard: 10%"| llm' in chart
    assert ("classifier", "response") in _edges(chart)


def test_router_edges_show_each_path_share_of_all_queries():
    """30% of queries need an LLM; 70% of those go to the cheap model: 70/21/9."""
    chart = mermaid.architecture_flowchart(
        {
            "architecture": ["api"],
            "llm_fraction": 0.3,
            "cheap_model": "gpt-4o-mini",
            "cheap_fraction": 0.7,
            "model": "gpt-4o",
        }
    )
    assert '-->|"simple: 70% of queries"| classifier' in chart
    assert '-->|"easy: 21%"| cheap_llm' in chart
    assert '-->|"hard: 9%"| llm' in chart
    assert mermaid.problems(chart) == []


def test_every_component_together_is_still_a_valid_chart():
    chart = mermaid.architecture_flowchart(
        {
            "architecture": ["api", "rag", "fine-tune", "agents"],
            "components": COMPONENTS,
            "llm_fraction": 0.3,
            "cheap_model": "gpt-4o-mini",
            "streaming": True,
            "fallback": "human-escalation",
        }
    )
    assert mermaid.problems(chart) == []
    ids = re.findall(r"^\s*(\w+)[\[\(\{]", chart, re.M)
    assert len(ids) == len(set(ids)) >= 15


def test_labels_from_answers_cannot_break_the_chart():
    chart = mermaid.architecture_flowchart(
        {"architecture": ["api"], "model": 'my "best" <model> #1 (v2)'}
    )
    assert mermaid.problems(chart) == []
    assert "my #quot;best#quot; #lt;model#gt; #35;1 (v2)" in chart


def test_the_validator_catches_broken_charts():
    assert mermaid.problems('graph LR\n  a["x"]') != []
    assert any(
        "undefined node 'b'" in p for p in mermaid.problems('flowchart TD\n  a["x"]\n  a --> b')
    )
    assert any("defined twice" in p for p in mermaid.problems('flowchart TD\n  a["x"]\n  a["y"]'))
    assert mermaid.problems("flowchart TD\n  a[unquoted (label)]") != []
    assert mermaid.problems('flowchart TD\n  subgraph s["S"]\n  a["x"]') != []


def test_no_diagram_without_architecture_answers(fw):
    doc = md_of(fw, make_session({"requirements": {"qps": 5}}))
    assert "```mermaid\nflowchart" not in doc


def test_a_vector_store_left_over_after_leaving_rag_draws_no_retriever():
    chart = mermaid.architecture_flowchart(
        {"architecture": ["fine-tune"], "components": ["vector-store"]}
    )
    assert "Retriever" not in chart and "Offline indexing" not in chart


# --- the HTML page -----------------------------------------------------------------------

MERMAID = "window.mermaid = {initialize() {}, run() { return Promise.resolve(); }};"


def test_html_inlines_the_given_mermaid_and_allows_only_its_own_scripts(fw):
    from genai_design_cli import render

    page = render.render(design_of(fw, _rag_session()), "html", mermaid_js=MERMAID)
    assert page.startswith("<!DOCTYPE html>")
    assert MERMAID in page and "cdn" not in page.lower() and "https://cdn" not in page
    assert page.count("<script>") == 2  # Mermaid, then the call that draws the diagrams
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy
    assert policy.count("'sha256-") == 2 and "unsafe-inline" not in policy.split("style-src")[0]
    assert '"useMaxWidth": false' in page  # natural size, scrolled sideways, not shrunk
    assert '<div class="diagram">' in page and '<pre class="mermaid">\nflowchart TD' in page
    assert "<noscript>" in page  # scripts off: the source, with a note saying so


def test_html_without_the_script_shows_the_diagram_source_with_a_note(fw):
    page = html_of(fw, _rag_session())
    assert "<script" not in page
    assert "Mermaid source" in page and '<pre class="mermaid">' in page


def test_html_without_a_diagram_loads_no_script(fw):
    from genai_design_cli import render

    page = render.render(
        design_of(fw, make_session({"requirements": {"qps": 5}})), "html", mermaid_js=MERMAID
    )
    assert "<script" not in page and "script-src 'none'" in page
    assert "</html>" in page


def test_the_cost_chart_gets_a_legend_in_the_palette(fw):
    page = html_page.page(
        "```mermaid\nxychart-beta\n    line [1, 2]\n    line [2, 3]\n```\n\n"
        "Lines, in order: LLM path; Hybrid route.\n",
        "t",
        MERMAID,
    )
    assert "Lines, in order" not in page
    legend = page.split('<ul class="legend"', 1)[1].split("</ul>")[0]
    assert f'background:{html_page.PALETTE[0]}"></span>LLM path</li>' in legend
    assert f'background:{html_page.PALETTE[1]}"></span>Hybrid route</li>' in legend
    assert (
        html_page.PALETTE[0]
        in html_page.MERMAID_CONFIG["themeVariables"]["xyChart"]["plotColorPalette"]
    )


def test_a_script_that_could_end_its_element_is_not_inlined():
    with pytest.raises(ValueError, match="cannot be inlined"):
        html_page.page("```mermaid\nflowchart TD\n```\n", "t", "x = '</script><b>';")


def test_the_shipped_mermaid_build_can_be_inlined():
    from genai_design_cli.cli.export import mermaid_script

    script = mermaid_script()
    assert script is not None and len(script) > 1_000_000
    assert html_page._inline_script(script).startswith("<script>")


# --- the blog post -----------------------------------------------------------------------


def test_post_reads_as_a_case_study(fw):
    session = _rag_session(**{"inference-infra": {"status": "skipped"}})
    post = md_of(fw, session, style="post")
    front, body = post.split("\n---\n", 1)
    assert front.splitlines() == [
        "---",
        'title: "Support bot for an online store"',
        "date: 2026-11-26",
        'tags: ["genai", "system-design", "case-study", "rag"]',
        'description: "Customers ask free-form questions."',
    ]
    assert _h2(body) == [
        "The problem",
        "Constraints",
        "Key decisions",
        "Architecture",
        "The numbers",
        "What we would do differently",
    ]
    assert "going deep on Architecture, and leave out Inference Infra" in body
    decisions = _section(body, "Key decisions")
    assert "### Architecture (deep dive)" in decisions
    assert (
        "- API vs RAG vs Fine-tune vs Agents: Retrieval-augmented generation — "
        "[see the deep dive](https://arxiv.org/abs/2005.11401)"
    ) in decisions
    assert "**Skipped:** Inference Infra" in _section(body, "What we would do differently")
    assert _flowchart(post)


def test_post_keeps_every_note_whole(fw):
    long_notes = (
        "First sentence. Tickets contain customer data from EU contracts: nothing may leave "
        "our infrastructure, so the LLM is self-hosted.\n\nA second paragraph."
    )
    answers = {**RAG_ANSWERS, "requirements": {**RAG_ANSWERS["requirements"], "notes": long_notes}}
    post = md_of(fw, make_session(answers), style="post")
    assert "nothing may leave our infrastructure, so the LLM is self-hosted." in post
    assert "A second paragraph." in post


def test_post_date_comes_from_the_session(fw):
    from datetime import datetime, timezone

    session = _rag_session()
    session.session.created = datetime(2025, 3, 4, 9, 0, tzinfo=timezone.utc)
    assert "\ndate: 2025-03-04\n" in md_of(fw, session, style="post")


def test_post_quotes_awkward_titles_as_yaml_strings(fw):
    session = make_session(RAG_ANSWERS, title='Bot: "v2"')
    post = md_of(fw, session, style="post")
    assert 'title: "Bot: \\"v2\\""' in post


# --- escaping: typed text stays text ------------------------------------------------------


def test_markdown_neutralises_html_and_markdown_in_answers(fw):
    notes = "Ignore <script>alert('x')</script> and <img src=x onerror=alert(1)> [a](http://x)"
    answers = {**RAG_ANSWERS, "why-genai": {"notes": notes}}
    doc = md_of(fw, make_session(answers, title="Bot <b>bold</b> | pipes"))
    assert not re.search(r"(?<!\\)<(script|img|/script)", doc)  # every < escaped
    assert "\\<script>alert('x')\\</script>" in doc
    assert "\\[a\\](http://x)" in doc
    assert doc.startswith("# Bot \\<b>bold\\</b> \\| pipes\n")


def test_a_code_fence_heading_or_underline_in_notes_stays_text(fw):
    answers = {
        **RAG_ANSWERS,
        "why-genai": {"notes": "# Not a heading\nSome code:\n```python\nprint('x')\n===\n---"},
    }
    doc = md_of(fw, make_session(answers))
    assert not re.search(r"^# Not a heading", doc, re.M)
    assert "\\# Not a heading" in doc and "\\`\\`\\`python" in doc
    assert _h2(doc) == _h2(md_of(fw, _rag_session()))
    page = html_of(fw, make_session(answers))
    assert "<h2>Requirements</h2>" in page and "<code>" not in page.split("<h2>Req")[0]
    assert "```python" in page and "# Not a heading" in page


class _PageText(HTMLParser):
    """The text and the element counts of a page's <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []
        self._in_main = False

    def handle_starttag(self, tag, attrs):
        self._in_main = self._in_main or tag == "main"
        if self._in_main:
            self.tags[tag] += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False

    def handle_data(self, data):
        if self._in_main:
            self.text.append(data)


def _page_text(page: str) -> tuple[str, Counter[str]]:
    parser = _PageText()
    parser.feed(page)
    return " ".join(" ".join(parser.text).split()), parser.tags


def _structure(doc: str) -> tuple[list[tuple[str, str]], Counter[str]]:
    """A Markdown document's headings (level, text) and every other block and inline token
    kind it has, paragraphs and plain text aside."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(doc)
    headings = [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    kinds: Counter[str] = Counter()
    for token in tokens:
        if token.type not in ("paragraph_open", "paragraph_close", "inline"):
            kinds[token.type] += 1
        for child in token.children or []:
            if child.type not in ("text", "softbreak"):
                kinds[child.type] += 1
    return headings, kinds


# What people type into answers, mixed with everything Markdown and HTML treat specially.
TRICKY = [
    "```",
    "~~~",
    "````",
    "# ",
    "## ",
    "===",
    "---",
    "***",
    "___",
    "| a | b |",
    "|---|---|",
    "<script>",
    "</script>",
    "<b>",
    "<!--",
    "-->",
    "&lt;",
    "&#35;",
    "&amp;",
    "*",
    "_",
    "**",
    "[x](http://e.com)",
    "![i](x.png)",
    "[^1]",
    "<http://e.com>",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "    ",
    "\t",
    "> ",
    "1. ",
    "1) ",
    "- ",
    "+ ",
    "\\",
    "`",
    "~~",
    "$",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\ud800",
    ":",
    "=",
    "-",
    "\u00e9",
    "\U0001f600",
]
typed_text = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), min_size=1, max_size=25
).map("".join)


def _normalised(text: str) -> str:
    return " ".join(markdown.clean_text(text).split())


def _session_with(where: str, value: str):
    answers = {k: dict(v) for k, v in RAG_ANSWERS.items()}
    if where == "title":
        return make_session(answers, title=value)
    answers.setdefault(where, {})["notes"] = value
    return make_session(answers)


_BASELINES: dict[tuple[str, str], tuple] = {}


def _baseline(fw, where: str, style: str) -> tuple:
    """The structure of the same document with plain words typed, computed once."""
    from genai_design_cli import render

    if (where, style) not in _BASELINES:
        design = design_of(fw, _session_with(where, "plain words"))
        _BASELINES[where, style] = (
            _structure(_without_front_matter(render.render(design, "md", style))),
            _page_text(render.render(design, "html", style))[1],
        )
    return _BASELINES[where, style]


def _without_front_matter(doc: str) -> str:
    return doc.split("\n---\n", 1)[1] if doc.startswith("---\n") else doc


@pytest.mark.parametrize("where", ["title", "why-genai", "architecture", "model-selection"])
@settings(
    max_examples=30,
    derandomize=True,  # a fixed seed: the same inputs on every run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=typed_text)
@example(text="# A heading\nTitle\n===\nSub\n---\n***")
@example(text="```python\nprint('never closed')\n~~~")
@example(text="| a | b |\n|---|---|\n| 1 | 2 |")
@example(text="<script>alert(1)</script> <b>bold</b> <!-- x --> &lt; &#35;")
@example(text="[link](http://e.com) ![img](x.png) <http://e.com> *em* _em_ **b** `c` ~~s~~")
@example(text="- item\n+ item\n1. item\n2) item\n> quote\n    indented code\n\\")
def test_any_typed_text_round_trips_and_cannot_change_the_structure(fw, where, text):
    """Typed into a title or a notes answer, any text shows as typed (whitespace aside) in the
    doc and the post, as Markdown and as HTML, and adds no heading, list, table, fence, link,
    emphasis or element: the documents' structure is the one plain words give."""
    from genai_design_cli import render

    assume(where == "title" or _normalised(text))  # blank notes are no answer: nothing to show
    typed = design_of(fw, _session_with(where, text))
    for style in ("doc", "post"):
        (base_headings, base_kinds), base_tags = _baseline(fw, where, style)
        doc = render.render(typed, "md", style)
        headings, kinds = _structure(_without_front_matter(doc))
        if where == "title" and style == "doc":
            assert headings[0] == ("h1", markdown.md_inline(typed.title))
            headings, base_headings = headings[1:], base_headings[1:]
        assert headings == base_headings
        assert kinds == base_kinds, "typed text added Markdown structure"
        page_text, tags = _page_text(render.render(typed, "html", style))
        more_paragraphs = {"p": tags["p"]}
        assert tags == base_tags | more_paragraphs, "typed text added an HTML element"
        if where != "title" or style == "doc":
            shown = _normalised(typed.title if where == "title" else text)
            assert shown in page_text, "typed text did not reach the page as typed"
