"""The export renderers on a small fixture framework: Markdown doc, post, HTML, Mermaid."""

from __future__ import annotations

import re

import pytest
from export_fixtures import RAG_ANSWERS, make_session, mini_framework
from fixtures import COMPONENTS
from support.design import html_of, md_of

from genai_design_cli.model.answers import typed_variables
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


# --- the design doc ---------------------------------------------------------------------


def test_doc_has_title_meta_and_one_section_per_answered_step(fw):
    doc = md_of(fw, _rag_session())
    assert doc.startswith("# Support bot for an online store\n")
    assert "created 2026-11-26 15:30 UTC" in doc
    headings = re.findall(r"^## (\d+\. .*)$", doc, re.M)
    assert headings == [
        "0. Why GenAI?",
        "1. Requirements",
        "2. Architecture (deep dive)",
        "3. Model Selection",
    ]


def test_skipped_steps_are_listed_on_one_line_not_as_sections(fw):
    session = _rag_session(**{"model-selection": {"status": "skipped"}})
    doc = md_of(fw, session)
    assert "**Skipped:** 3. Model Selection" in doc
    assert "## 3. Model Selection" not in doc
    assert "GPT-4o mini (`gpt-4o-mini`)" not in doc.split("## Key numbers")[0]


def test_deep_dive_steps_are_marked_and_listed(fw):
    doc = md_of(fw, _rag_session())
    assert "## 2. Architecture (deep dive)" in doc
    assert "**Deep dives:** 2. Architecture" in doc
    assert "| 2. Architecture | done (deep dive) |" in doc  # the coach's table agrees
    # the deep-dive links section carries the framework's links for that step
    links = doc.split("## Deep dives", 1)[1]
    assert "[Retrieval-augmented generation](https://arxiv.org/abs/2005.11401)" in links


def test_key_numbers_table_formats_counts_money_and_times(fw):
    answers = {**RAG_ANSWERS, "requirements": {**RAG_ANSWERS["requirements"]}}
    answers["requirements"]["queries-per-month"] = "10M"  # as typed in a hand-written file
    doc = md_of(fw, make_session(answers))
    table = doc.split("## Key numbers", 1)[1].split("\n\n")[1]
    rows = dict(
        (cells[0], cells[1])
        for cells in (
            [c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:]
        )
    )
    assert rows["QPS now"] == "50"
    assert rows["QPS in 6 months"] == "200"
    assert rows["Queries per month"] == "10M"
    assert rows["Tokens per query"] == "2k in / 300 out"
    assert rows["p95 latency SLO"] == "3,000 ms"
    assert rows["Budget per query"] == "$0.0100"
    assert rows["Data may leave our infrastructure"] == "Yes"
    assert rows["Model"] == "GPT-4o mini"
    assert rows["Architecture"] == "RAG"


def test_answers_show_labels_lists_and_paragraphs(fw):
    doc = md_of(fw, _rag_session())
    architecture = doc.split("## 2. Architecture", 1)[1].split("\n## ", 1)[0]
    assert "**Which pattern(s)?**\n\n- RAG (`rag`)\n" in architecture
    assert "- `vector-store`\n- `reranker`\n" in architecture
    assert "**Notes**\n\nRetrieve from the help centre and the order API." in architecture
    assert "**May data leave your infrastructure?**: Yes" in doc


def test_steps_without_answers_are_not_sections(fw):
    answers = {"requirements": {"qps": 5}}
    doc = md_of(fw, make_session(answers))
    assert re.findall(r"^## \d", doc, re.M) == ["## 1"]
    assert "**Not answered yet:** 0. Why GenAI?, 2. Architecture" in doc


def test_render_is_deterministic_and_has_no_clock(fw):
    from datetime import date, datetime, timezone

    session = _rag_session()
    session.session.created = datetime(2020, 1, 2, 3, 4, tzinfo=timezone.utc)
    session.session.updated = datetime(2020, 1, 2, 5, 6, tzinfo=timezone.utc)
    first = md_of(fw, session)
    assert first == md_of(fw, session)
    assert "created 2020-01-02 03:04 UTC · updated 2020-01-02 05:06 UTC" in first
    assert date.today().isoformat() not in first


def test_doc_includes_the_calculators_tables_and_the_coach_findings(fw):
    from genai_design_cli.calc import engine
    from genai_design_cli.coach import evaluate as coach
    from genai_design_cli.render import calc_tables as report
    from genai_design_cli.render import coach_md

    session = _rag_session()
    doc = md_of(fw, session)
    variables = typed_variables(fw, session.answers)
    results = engine.run(variables)
    assert {"cost", "latency"} <= set(results)
    tables = "\n".join(markdown.embedded_section("Estimates", report.markdown(results, variables)))
    assert tables in doc
    assert "gpt-4o-mini" in tables and "| " in tables
    complete = session.model_copy(update={"results": results})
    findings = coach_md.feedback_markdown(coach.evaluate(fw, complete), fw)
    assert "\n".join(markdown.embedded_section("Coach's findings", findings)) in doc
    # order: steps, then estimates, then findings, then deep-dive links
    assert doc.index("## 3. Model Selection") < doc.index(tables) < doc.index(findings[:20])
    assert doc.index(findings[:20]) < doc.index("## Deep dives")


def test_session_results_are_used_as_stored(fw):
    from genai_design_cli.calc import engine

    session = _rag_session()
    results = engine.run(typed_variables(fw, session.answers))
    results["cost"]["queries_per_month"] = 123_000_000
    session.results = results
    doc = md_of(fw, session)
    assert "| Queries per month | 123M (from QPS, 30 days) |" in doc


def test_unknown_style_is_refused(fw):
    with pytest.raises(ValueError, match="post"):
        md_of(fw, _rag_session(), style="slides")


# --- the architecture diagram ----------------------------------------------------------


def _edges(chart: str) -> set[tuple[str, str]]:
    return set(re.findall(r"^\s*(\w+) -\.?->(?:\|\"[^\"]*\"\|)? (\w+)$", chart, re.M))


def _labels(chart: str) -> dict[str, str]:
    return dict(re.findall(r'^\s*(\w+)[\[\(\{/]+"([^"]*)"', chart, re.M))


def test_rag_design_diagram_has_retriever_vector_store_and_llm(fw):
    chart = _flowchart(md_of(fw, _rag_session()))
    assert chart.startswith("flowchart LR\n")
    assert mermaid.problems(chart) == []
    labels = _labels(chart)
    assert labels["retriever"].startswith("Retriever")
    assert labels["vector_store"] == "Vector store"
    assert labels["llm"].startswith("LLM<br/>gpt-4o-mini")
    edges = _edges(chart)
    assert {("retriever", "vector_store"), ("vector_store", "retriever")} <= edges
    # guardrails before and after the model, reranker between retrieval and generation
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
        "undefined node 'b'" in p for p in mermaid.problems('flowchart LR\n  a["x"]\n  a --> b')
    )
    assert any("defined twice" in p for p in mermaid.problems('flowchart LR\n  a["x"]\n  a["y"]'))
    assert mermaid.problems("flowchart LR\n  a[unquoted (label)]") != []
    assert mermaid.problems('flowchart LR\n  subgraph s["S"]\n  a["x"]') != []


def test_no_diagram_without_architecture_answers(fw):
    doc = md_of(fw, make_session({"requirements": {"qps": 5}}))
    assert "```mermaid\nflowchart" not in doc


# --- escaping ----------------------------------------------------------------------------


def _script_session():
    answers = {
        **RAG_ANSWERS,
        "why-genai": {
            "notes": "Ignore this <script>alert('x')</script> and <img src=x onerror=alert(1)>"
        },
    }
    return make_session(answers, title="Bot <b>bold</b> | pipes")


def test_markdown_neutralises_html_in_answers(fw):
    doc = md_of(fw, _script_session())
    assert "<script>" not in doc and "<img" not in doc
    assert "&lt;script>alert('x')&lt;/script>" in doc


def test_html_escapes_user_text_and_keeps_mermaid_blocks(fw):
    page = html_of(fw, _script_session())
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert" in page
    assert "<title>Bot &lt;b&gt;bold&lt;/b&gt; | pipes</title>" in page
    assert '<pre class="mermaid">\nflowchart LR' in page
    assert "language-mermaid" not in page
    assert "mermaid.esm.min.mjs" in page and "mermaid.initialize" in page
    assert "<table>" in page and "<td>QPS now</td>" in page
    # the only scripts on the page are ours
    assert page.count("<script") == 1


def test_html_without_a_diagram_loads_no_script(fw):
    page = html_of(fw, make_session({"requirements": {"qps": 5}}))
    assert "<script" not in page
    assert "</html>" in page


# --- the blog post -----------------------------------------------------------------------


def test_post_has_front_matter_deep_dives_in_full_and_the_rest_in_brief(fw):
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
    assert "going deep on 2. Architecture, and skip 4. Inference Infra" in body
    # deep dive: in full, with the checkbox answers as a list
    deep = body.split("## 2. Architecture (deep dive)", 1)[1].split("\n## ", 1)[0]
    assert "**Components**\n\n- `vector-store`" in deep
    assert (
        "- API vs RAG vs Fine-tune vs Agents: Retrieval-augmented generation — "
        "[see the deep dive](https://arxiv.org/abs/2005.11401)"
    ) in deep
    # brief: one bullet per answer
    brief = body.split("## 1. Requirements", 1)[1].split("\n## ", 1)[0]
    assert "- **Peak QPS now**: 50\n- **Peak QPS in 6 months**: 200" in brief
    assert "## 4. Inference Infra" not in body
    assert _flowchart(post)


def test_post_date_comes_from_the_session(fw):
    from datetime import datetime, timezone

    session = _rag_session()
    session.session.created = datetime(2025, 3, 4, 9, 0, tzinfo=timezone.utc)
    assert "\ndate: 2025-03-04\n" in md_of(fw, session, style="post")


def test_post_quotes_awkward_titles_as_yaml_strings(fw):
    session = make_session(RAG_ANSWERS, title='Bot: "v2"')
    post = md_of(fw, session, style="post")
    assert 'title: "Bot: \\"v2\\""' in post


def test_free_text_cannot_break_the_document_structure(fw):
    answers = {
        **RAG_ANSWERS,
        "why-genai": {"notes": "# Not a heading\nSome code:\n```python\nprint('never closed')"},
    }
    doc = md_of(fw, make_session(answers))
    assert "\n\\# Not a heading\n" in doc
    assert not re.search(r"^# Not a heading", doc, re.M)
    # the unclosed fence is closed, so the next step is still a heading, not code
    html_page = html_of(fw, make_session(answers))
    assert "<h2>1. Requirements</h2>" in html_page


def test_code_in_notes_is_shown_as_typed(fw):
    answers = {
        **RAG_ANSWERS,
        "why-genai": {"notes": "Example:\n```\nif a < b and <b>:\n```\n<i>x</i>"},
    }
    doc = md_of(fw, make_session(answers))
    assert "```\nif a < b and <b>:\n```\n&lt;i>x&lt;/i>" in doc
    page = html_of(fw, make_session(answers))
    assert "<code>if a &lt; b and &lt;b&gt;:\n</code>" in page
    assert "<i>" not in page


def test_router_edges_show_each_path_share_of_all_queries():
    """30% of queries need an LLM; 70% of those go to the cheap model: 70/21/9."""
    from genai_design_cli.render.mermaid import architecture_flowchart, problems

    chart = architecture_flowchart(
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
    assert problems(chart) == []


def test_a_vector_store_left_over_after_leaving_rag_draws_no_retriever():
    from genai_design_cli.render.mermaid import architecture_flowchart

    chart = architecture_flowchart({"architecture": ["fine-tune"], "components": ["vector-store"]})
    assert "Retriever" not in chart and "Offline indexing" not in chart
