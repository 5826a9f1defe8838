"""The worked examples in examples/: valid answers for the shipped framework, and their
exported design docs in sync with what `export` writes today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.design import html_of, md_of

from genai_design_cli.io.store import SessionStore
from genai_design_cli.model import conditions
from genai_design_cli.model.framework import load_framework
from genai_design_cli.render import mermaid

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ["rag-support-assistant", "ticket-triage-hybrid"]


def _load(name: str):
    _, session = SessionStore().load(str(EXAMPLES / f"{name}.toml"))
    return load_framework(session.session.framework), session


def test_every_example_answers_file_has_its_exported_doc():
    answers = sorted(p.stem for p in EXAMPLES.glob("*.toml"))
    assert answers == sorted(NAMES)
    assert all((EXAMPLES / f"{name}.md").is_file() for name in answers)


@pytest.mark.parametrize("name", NAMES)
def test_exported_doc_is_in_sync(name):
    fw, session = _load(name)
    expected = (EXAMPLES / f"{name}.md").read_text(encoding="utf-8")
    assert md_of(fw, session) == expected, (
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
def test_example_doc_is_rich(name):
    doc = (EXAMPLES / f"{name}.md").read_text(encoding="utf-8")
    charts = re.findall(r"```mermaid\n(flowchart.*?)\n```", doc, re.S)
    assert len(charts) == 1 and mermaid.problems(charts[0]) == []
    assert "## Key numbers" in doc
    assert "### Cost" in doc and "### Latency" in doc  # the calculators' tables
    assert "## Coach feedback" in doc and "### Design checks" in doc
    assert "## Deep dives" in doc and "(deep dive)" in doc


def test_rag_example_draws_retrieval_and_the_hybrid_example_the_classifier_route():
    rag = (EXAMPLES / "rag-support-assistant.md").read_text(encoding="utf-8")
    assert 'retriever["Retriever"]' in rag and 'vector_store[("Vector store")]' in rag
    assert "**Skipped:** 5. Inference Infra" in rag
    assert "> **Case: Support assistant for an online store** (`support-bot`)" in rag
    hybrid = (EXAMPLES / "ticket-triage-hybrid.md").read_text(encoding="utf-8")
    assert 'router -->|"simple: 90% of queries"| classifier' in hybrid
    assert "| Queries per month | 10M |" in hybrid
    assert "### Capacity" in hybrid  # self-hosted: GPUs sized


def test_hybrid_example_as_a_post_goes_deep_on_three_steps_and_links_concepts():
    fw, session = _load("ticket-triage-hybrid")
    post = md_of(fw, session, style="post")
    assert post.startswith(
        '---\ntitle: "Ticket triage for a B2B SaaS help desk"\ndate: 2026-11-26\n'
    )
    assert '"fine-tune"' in post.split("\n---\n")[0]
    deep = re.findall(r"^## (\d)\. .* \(deep dive\)$", post, re.M)
    assert deep == ["0", "4", "5"]
    infra = post.split("## 5. Inference Infra (deep dive)", 1)[1].split("\n## ", 1)[0]
    assert "**Which serving framework runs the model?**: vLLM (`vllm`)" in infra
    assert "[see the deep dive](https://arxiv.org/abs/2309.06180)" in infra  # PagedAttention
    brief = post.split("## 6. Guardrails", 1)[1].split("\n## ", 1)[0]
    assert brief.startswith("\n\n- **")  # bullets, not the full answer blocks
    assert "**Notes**\n" not in brief


def test_example_as_html_renders_both_mermaid_blocks():

    fw, session = _load("rag-support-assistant")
    page = html_of(fw, session)
    assert page.count('<pre class="mermaid">') == 2  # architecture and cost chart
    assert page.count("<script") == 1
    assert "<h2>6. Guardrails (deep dive)</h2>" in page


@pytest.mark.parametrize("name", NAMES)
def test_new_from_the_example_answers_writes_the_same_design(cli, tmp_path, name):
    """`new --answers examples/<file> --no-input --out` (issue 3's "done when") asks nothing
    and writes the same step sections and diagram as the example doc."""
    out = tmp_path / "design.md"
    result = cli(
        "new", "--answers", str(EXAMPLES / f"{name}.toml"), "--no-input", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    expected = (EXAMPLES / f"{name}.md").read_text(encoding="utf-8")

    def steps_part(doc: str) -> str:
        return doc[doc.index("## 0. Why GenAI?") : doc.index("## Estimates")]

    assert steps_part(written) == steps_part(expected)
