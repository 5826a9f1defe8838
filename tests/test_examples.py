"""The worked examples in examples/: valid answers for the shipped framework, and their
exported design docs, pinned byte for byte to what `export` writes today, reading as design
docs (the sections, no prompt text or ids)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.design import md_of

from genai_design_cli.io.store import SessionStore
from genai_design_cli.model import conditions
from genai_design_cli.model.framework import load_framework
from genai_design_cli.render import mermaid

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ["rag-support-assistant", "ticket-triage-hybrid"]
DOC_SECTIONS = [
    "Context and goals",
    "Requirements",
    "Architecture",
    "Decisions",
    "Estimates",
    "Risks and open questions",
    "Rollout and monitoring",
]


def _load(name: str):
    _, session = SessionStore().load(str(EXAMPLES / f"{name}.toml"))
    return load_framework(session.session.framework), session


def _doc(name: str) -> str:
    return (EXAMPLES / f"{name}.md").read_text(encoding="utf-8")


def _section(doc: str, title: str) -> str:
    return doc.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_every_example_answers_file_has_its_exported_doc():
    answers = sorted(p.stem for p in EXAMPLES.glob("*.toml"))
    assert answers == sorted(NAMES)
    assert all((EXAMPLES / f"{name}.md").is_file() for name in answers)


@pytest.mark.parametrize("name", NAMES)
def test_exported_doc_is_in_sync(name):
    fw, session = _load(name)
    assert md_of(fw, session) == _doc(name), (
        f"examples/{name}.md is out of date with what export writes. Regenerate it with:\n"
        f"  genai-design export examples/{name}.toml --out examples/{name}.md --force\n"
        "and review the diff."
    )


@pytest.mark.parametrize("name", NAMES)
def test_example_answers_fit_the_shipped_framework(name):
    """Every answer names a real step and question, picks real choices, and was asked."""
    from genai_design_cli.model.framework import answer_variables

    fw, session = _load(name)
    env = answer_variables(fw, session.answers)
    assert set(session.answers) <= {s.id for s in fw.steps}
    for step_id, answers in session.answers.items():
        step = fw.step(step_id)
        questions = {q.id: q for q in step.questions}
        for question_id, value in answers.items():
            assert question_id in questions, f"{step_id}.{question_id} is not a question"
            question = questions[question_id]
            if question.when is not None:
                assert conditions.evaluate(question.when, env), f"{question_id} is not asked"
            allowed = {c.value for c in question.choices}
            if question.kind == "select":
                assert value in allowed, f"{step_id}.{question_id} = {value!r}"
            if question.kind == "checkbox":
                order = [c.value for c in question.choices if c.value in value]
                assert value == order, f"{step_id}.{question_id}: use the choices' order {order}"
            if question.kind == "number":
                assert question.min is None or value >= question.min
                assert question.max is None or value <= question.max
    for question in (q for _, q in fw.questions() if q.required):
        if question.when is not None and not conditions.evaluate(question.when, env):
            continue  # required only where it applies
        assert question.var in env, f"required {question.id} unanswered"


@pytest.mark.parametrize("name", NAMES)
def test_example_doc_reads_as_a_design_doc(name):
    doc = _doc(name)
    headings = re.findall(r"^## (.+)$", doc, re.M)
    assert [h for h in headings if h in DOC_SECTIONS] == DOC_SECTIONS
    context = _section(doc, "Context and goals")
    assert "**Goals**" in context and "**Non-goals**" in context
    assert "| Requirement | Target |" in _section(doc, "Requirements")
    charts = re.findall(r"```mermaid\n(flowchart.*?)\n```", _section(doc, "Architecture"), re.S)
    assert len(charts) == 1 and mermaid.problems(charts[0]) == []
    assert "  - Considered: " in _section(doc, "Decisions")  # the options not taken
    estimates = _section(doc, "Estimates")
    assert "### Cost" in estimates and "### Latency" in estimates
    assert "```mermaid\nxychart-beta" in estimates


@pytest.mark.parametrize("name", NAMES)
def test_example_doc_has_no_prompt_text_ids_or_instructions(name):
    fw, session = _load(name)
    doc = _doc(name)
    for _, question in fw.questions():
        assert question.prompt not in doc, question.prompt
        for choice in question.choices:
            assert f"`{choice.value}`" not in doc
    for leak in ("(optional)", "Enter 0", "pick all that apply"):
        assert leak not in doc
    assert not re.search(r"\b1 (queries|users|tokens)\b", doc)  # 1 query/s, not 1 queries/s
    assert "`support-bot`" not in doc and "(data-strategy)" not in doc.split("## Coach")[0]


def test_rag_example_draws_retrieval_and_the_hybrid_example_the_classifier_route():
    rag = _doc("rag-support-assistant")
    assert 'retriever["Retriever"]' in rag and 'vector_store[("Vector store")]' in rag
    assert "- **Skipped:** Inference Infra." in _section(rag, "Risks and open questions")
    assert "> **Case: Support assistant for an online store**" in rag
    assert "## Coach feedback" in rag  # a practice interview's doc carries its feedback
    hybrid = _doc("ticket-triage-hybrid")
    assert 'router -->|"simple: 90% of queries"| classifier' in hybrid
    assert "| Queries per month | 10M queries/month |" in hybrid
    assert "### Capacity" in hybrid  # self-hosted: GPUs sized
    assert "Coach feedback" not in hybrid and "/100" not in hybrid  # no scores in a design doc


def test_hybrid_example_as_a_post_reads_as_a_case_study_and_keeps_every_note():
    fw, session = _load("ticket-triage-hybrid")
    post = md_of(fw, session, style="post")
    assert post.startswith(
        '---\ntitle: "Ticket triage for a B2B SaaS help desk"\ndate: 2026-11-26\n'
    )
    assert '"fine-tune"' in post.split("\n---\n")[0]
    headings = re.findall(r"^## (.+)$", post, re.M)
    assert headings == [
        "The problem",
        "Constraints",
        "Key decisions",
        "Architecture",
        "The numbers",
        "What we would do differently",
    ]
    deep = re.findall(r"^### (.+) \(deep dive\)$", post, re.M)
    assert deep == ["Why GenAI?", "Model Selection", "Inference Infra"]
    infra = post.split("### Inference Infra (deep dive)", 1)[1].split("\n### ", 1)[0]
    assert "- **Serving framework:** vLLM." in infra
    assert "The fleet: 2 replicas, 2 GPUs × A100 40 GB" in infra
    assert "[see the deep dive](https://arxiv.org/abs/2309.06180)" in infra  # PagedAttention
    # the notes are whole: the EU residency sentence the old post cut is there
    flat = " ".join(post.split())
    for _, answers in session.answers.items():
        notes = answers.get("notes")
        if notes:
            assert " ".join(notes.split()).replace("~", "\\~") in flat
    assert "Tickets contain customer data from EU contracts: nothing may leave our" in post


def test_example_as_html_inlines_mermaid_for_both_diagrams(cli, tmp_path):
    out = tmp_path / "rag.html"
    result = cli(
        "export", str(EXAMPLES / "rag-support-assistant.toml"), "--format", "html", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<pre class="mermaid">') == 2  # architecture and cost chart
    assert page.count("<script>") == 2 and "Mermaid 11.17.2" in page
    assert "<h2>Risks and open questions</h2>" in page
    assert '<ul class="legend"' in page


@pytest.mark.parametrize("name", NAMES)
def test_new_from_the_example_answers_writes_the_same_design(cli, tmp_path, name):
    """`new --answers examples/<file> --no-input --out` (issue 3's "done when") asks nothing
    and writes the same context, requirements, architecture and decisions as the example."""
    out = tmp_path / "design.md"
    result = cli(
        "new", "--answers", str(EXAMPLES / f"{name}.toml"), "--no-input", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")

    def design_part(doc: str) -> str:
        part = doc[doc.index("## Context and goals") : doc.index("\n## Estimates")]
        part = re.sub(r"^>.*\n", "", part, flags=re.M)  # `new` runs no practice case
        return re.sub(r"\n{3,}", "\n\n", part)

    written_part = design_part(written).split("\n## Assumed, not decided")[0]
    assert written_part == design_part(_doc(name))
