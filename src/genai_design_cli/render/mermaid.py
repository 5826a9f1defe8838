"""The architecture as a Mermaid flowchart, built from the chosen pattern(s) and components.

Output is kept to the subset of Mermaid that GitHub's renderer accepts without surprises:
`flowchart TD`, every label quoted, plain node ids, entity codes for awkward characters.
Top-down, because the request path is a long chain: drawn left to right it is several
thousand pixels wide, and a page that fits it to its column shrinks the labels to a few
pixels; top to bottom it is about as wide as a column, so labels keep their size.
`problems()` is a small structural check of that subset (ids unique, edges between defined
nodes, labels quoted), so tests can validate diagrams without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Shapes: Mermaid's opening and closing brackets around a quoted label.
_SHAPES = {
    "box": ("[", "]"),
    "round": ("(", ")"),
    "stadium": ("([", "])"),
    "database": ("[(", ")]"),
    "decision": ("{", "}"),
    "doc": ("[/", "/]"),
}


def label_text(text: str, limit: int = 48) -> str:
    """Text made safe inside a quoted Mermaid label: one line, entity codes for # " < >."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("#", "#35;")
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


@dataclass
class Flowchart:
    """A flowchart under construction: nodes in insertion order, then edges."""

    direction: str = "TD"
    nodes: dict[str, str] = field(default_factory=dict)  # id -> rendered definition
    edges: list[str] = field(default_factory=list)
    subgraphs: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def node(self, node_id: str, *lines: str, shape: str = "box") -> str:
        """Define a node; `lines` are label lines (already trusted or passed through
        label_text), joined with <br/>."""
        if node_id in self.nodes:
            raise ValueError(f"node {node_id!r} defined twice")
        opening, closing = _SHAPES[shape]
        label = "<br/>".join(lines)
        self.nodes[node_id] = f'{node_id}{opening}"{label}"{closing}'
        return node_id

    def edge(self, source: str, target: str, label: str = "", dotted: bool = False) -> None:
        arrow = "-.->" if dotted else "-->"
        text = f'|"{label_text(label)}"|' if label else ""
        self.edges.append(f"{source} {arrow}{text} {target}")

    def subgraph(self, sub_id: str, title: str, members: list[str]) -> None:
        self.subgraphs.append((sub_id, title, members))

    def render(self) -> str:
        in_subgraph = {m for _, _, members in self.subgraphs for m in members}
        lines = [f"flowchart {self.direction}"]
        lines += [f"    {d}" for nid, d in self.nodes.items() if nid not in in_subgraph]
        for sub_id, title, members in self.subgraphs:
            lines.append(f'    subgraph {sub_id}["{label_text(title)}"]')
            lines += [f"        {self.nodes[m]}" for m in members]
            lines.append("    end")
        lines += [f"    {e}" for e in self.edges]
        return "\n".join(lines)


def _pct(share: float) -> str:
    """0.09 -> '9%', 0.005 -> '0.5%': a share of all queries, for an edge label."""
    percent = share * 100
    return f"{percent:.0f}%" if percent >= 1 or percent == 0 else f"{percent:.1g}%"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _as_fraction(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# Short names of the guardrail choices, for node labels.
_CHECK_NAMES = {
    "prompt-injection": "prompt injection",
    "pii-scrubbing": "PII scrubbing",
    "topic-scope": "topic scope",
    "rate-limiting": "rate limits",
    "pii-redaction": "PII redaction",
    "llm-judge": "LLM judge",
}


def _check_names(values: list[str], limit: int = 3) -> str:
    names = [_CHECK_NAMES.get(v, v.replace("-", " ")) for v in values]
    if len(names) > limit:
        names = [*names[:limit], f"+{len(names) - limit} more"]
    return label_text(", ".join(names), limit=60)


def has_architecture(variables: Mapping[str, Any]) -> bool:
    """True when the answers say enough to draw something."""
    return bool(_as_list(variables.get("architecture")) or _as_list(variables.get("components")))


@dataclass(frozen=True)
class _Shape:
    """What the answers say about the request path, read once."""

    patterns: set[str]
    components: set[str]
    variables: Mapping[str, Any]

    @classmethod
    def read(cls, variables: Mapping[str, Any]) -> _Shape:
        return cls(
            set(_as_list(variables.get("architecture"))),
            set(_as_list(variables.get("components"))),
            variables,
        )

    @property
    def agents(self) -> bool:
        return "agents" in self.patterns

    @property
    def fine_tuned(self) -> bool:
        adaptation = self.variables.get("adaptation")
        return "fine-tune" in self.patterns or adaptation in ("fine-tune", "both")

    @property
    def rag(self) -> bool:
        # a vector store left in `components` after switching away from RAG draws no retriever
        return "rag" in self.patterns or (not self.patterns and "vector-store" in self.components)

    @property
    def llm_fraction(self) -> float | None:
        return _as_fraction(self.variables.get("llm_fraction"))

    @property
    def hybrid(self) -> bool:
        return self.llm_fraction is not None and self.llm_fraction < 1

    @property
    def cheap_model(self) -> str:
        return str(self.variables.get("cheap_model") or "")

    @property
    def routing(self) -> bool:
        routed = "router" in self.components or bool(self.variables.get("routing"))
        return routed or bool(self.cheap_model)


class _RequestPath:
    """The flowchart under construction: the main request path in order, and the side exits
    (classifier, cheap model) that also lead to the response."""

    def __init__(self) -> None:
        self.chart = Flowchart()
        self.chart.node("user", "User", shape="stadium")
        self.path = ["user"]
        self.side_exits: list[tuple[str, str]] = []
        self.after_router = ""  # the label of the router's edge onward along the main path

    def step(self, node_id: str, *lines: str, shape: str = "box", edge_label: str = "") -> None:
        self.chart.node(node_id, *lines, shape=shape)
        self.chart.edge(self.path[-1], node_id, edge_label or self.after_router)
        self.after_router = ""
        self.path.append(node_id)


def _add_guards_in(flow: _RequestPath, shape: _Shape) -> None:
    if "response-cache" in shape.components:
        flow.step("cache", "Response cache")
    input_filters = _as_list(shape.variables.get("input_filters"))
    if "input-guardrails" in shape.components or input_filters:
        extra = [_check_names(input_filters)] if input_filters else []
        flow.step("input_guard", "Input guardrails", *extra)


def _add_router(flow: _RequestPath, shape: _Shape) -> None:
    """Router with the classifier (hybrid) and the cheap model, each edge labelled with its
    share of all queries: the classifier takes 1 - llm_fraction; of the LLM calls the cheap
    model takes cheap_fraction, the main model the rest."""
    if not (shape.routing or shape.hybrid):
        return
    chart = flow.chart
    flow.step("router", "Router", shape="decision")
    flow.after_router = "hard"
    share = max(0.0, min(1.0, shape.llm_fraction)) if shape.hybrid else 1.0
    cheap_share = _as_fraction(shape.variables.get("cheap_fraction"))
    has_cheap = bool(shape.cheap_model) or ("router" in shape.components and not shape.hybrid)
    main_share = share * (1 - cheap_share) if has_cheap and cheap_share is not None else share
    if shape.hybrid:
        chart.node("classifier", "Classifier or lookup", "no LLM")
        chart.edge("router", "classifier", f"simple: {_pct(1 - share)} of queries")
        flow.side_exits.append(("classifier", ""))
        flow.after_router = f"hard: {_pct(main_share)}"
    elif has_cheap and cheap_share is not None:
        flow.after_router = f"hard: {_pct(main_share)}"
    if has_cheap:
        name = label_text(shape.cheap_model) if shape.cheap_model else "small model"
        chart.node("cheap_llm", "Cheap model", name)
        easy = f"easy: {_pct(share * cheap_share)}" if cheap_share is not None else "easy"
        chart.edge("router", "cheap_llm", easy)
        flow.side_exits.append(("cheap_llm", ""))


def _add_context(flow: _RequestPath, shape: _Shape) -> None:
    components = shape.components
    if "feature-store" in components or shape.variables.get("context_enrichment"):
        flow.step("context", "Context enrichment", "per-user data at query time")
        if "feature-store" in components:
            flow.chart.node("feature_store", "Feature store", shape="database")
            flow.chart.edge("feature_store", "context", dotted=True)


def _add_retrieval(flow: _RequestPath, shape: _Shape) -> None:
    chart = flow.chart
    if not shape.rag:
        if "reranker" in shape.components:
            flow.step("reranker", "Reranker")
        return
    flow.step("retriever", "Retriever")
    chart.node("vector_store", "Vector store", shape="database")
    chart.edge("retriever", "vector_store", "query")
    chart.edge("vector_store", "retriever", "top-k chunks")
    if "reranker" in shape.components:
        flow.step("reranker", "Reranker")
    chart.node("knowledge", "Knowledge base", shape="doc")
    chart.node("indexer", "Chunk and embed")
    chart.edge("knowledge", "indexer", "updates", dotted=True)
    chart.edge("indexer", "vector_store", "index", dotted=True)
    chart.subgraph("offline_index", "Offline indexing", ["knowledge", "indexer"])


def _llm_lines(shape: _Shape) -> list[str]:
    variables = shape.variables
    title = "Agent LLM" if shape.agents else ("Fine-tuned model" if shape.fine_tuned else "LLM")
    lines = [title]
    model = str(variables.get("model") or "")
    if model and model != "other":
        lines.append(label_text(model))
    hosting = variables.get("model_hosting")
    if hosting == "self-hosted":
        framework = variables.get("serving_framework")
        named = f", {label_text(framework)}" if framework and framework != "other" else ""
        lines.append("self-hosted" + named)
    elif hosting == "api":
        lines.append("hosted API")
    return lines


def _add_llm(flow: _RequestPath, shape: _Shape) -> None:
    chart = flow.chart
    flow.step("llm", *_llm_lines(shape), edge_label="prompt + context" if shape.rag else "")
    if shape.agents or "tools" in shape.components:
        chart.node("tools", "Tools and APIs")
        chart.edge("llm", "tools", "tool call")
        chart.edge("tools", "llm", "observation")
    if shape.fine_tuned:
        chart.node("training", "Training data", shape="doc")
        chart.node("fine_tune", "Fine-tuning job")
        chart.edge("training", "fine_tune", dotted=True)
        chart.edge("fine_tune", "llm", "weights", dotted=True)
        chart.subgraph("offline_training", "Offline training", ["training", "fine_tune"])


def _add_guards_out_and_exits(flow: _RequestPath, shape: _Shape) -> None:
    chart, components, variables = flow.chart, shape.components, shape.variables
    output_checks = _as_list(variables.get("output_checks"))
    if "output-guardrails" in components or output_checks:
        extra = [_check_names(output_checks)] if output_checks else []
        flow.step("output_guard", "Output guardrails", *extra)
    chart.node("response", "Response", shape="stadium")
    chart.edge(flow.path[-1], "response", "stream" if variables.get("streaming") else "")
    for node, label in flow.side_exits:
        target = "output_guard" if "output_guard" in chart.nodes else "response"
        chart.edge(node, target, label)
    if "response-cache" in components:
        chart.edge("cache", "response", "hit")
    if "human-escalation" in components or variables.get("fallback") == "human-escalation":
        chart.node("human", "Human agent", shape="round")
        chart.edge(flow.path[-1], "human", "low confidence", dotted=True)
    if "monitoring" in components:
        chart.node("monitoring", "Monitoring", "logs, cost, drift", shape="round")
        chart.edge("llm", "monitoring", "traces", dotted=True)


def architecture_flowchart(variables: Mapping[str, Any]) -> str:
    """The request path from user to response, from the answers' `architecture` patterns
    (api, rag, fine-tune, agents) and `components` (with `input_filters`, `output_checks`,
    `fallback`, `llm_fraction`, `cheap_model` and the model for detail), plus the offline
    paths (indexing, training).

    Order along the path: response cache → input guardrails → router (→ classifier / cheap
    model) → context enrichment → retriever → reranker → LLM (⇄ tools) → output guardrails.
    """
    shape = _Shape.read(variables)
    flow = _RequestPath()
    for add in (_add_guards_in, _add_router, _add_context, _add_retrieval, _add_llm):
        add(flow, shape)
    _add_guards_out_and_exits(flow, shape)
    return flow.chart.render()


# --- validation ---------------------------------------------------------------------------

_ID = r"[A-Za-z][A-Za-z0-9_]*"
_LABEL = r'"[^"\n]*"'
_NODE = re.compile(
    rf"^({_ID})(\[{_LABEL}\]|\({_LABEL}\)|\(\[{_LABEL}\]\)|\[\({_LABEL}\)\]|\{{{_LABEL}\}}"
    rf"|\[/{_LABEL}/\])$"
)
_EDGE = re.compile(rf"^({_ID}) (-->|-\.->|<-->)(?:\|{_LABEL}\|)? ({_ID})$")
_SUBGRAPH = re.compile(rf"^subgraph ({_ID})(\[{_LABEL}\])?$")
_RESERVED = {"end", "subgraph", "graph", "flowchart", "style", "classDef", "class", "click"}


def problems(text: str) -> list[str]:
    """Structural problems in a flowchart of the subset we write: a `flowchart TD|LR` header,
    node definitions with quoted labels, unique ids, edges between defined nodes, balanced
    subgraphs. An empty list means it passed."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    found: list[str] = []
    if not lines or lines[0] not in ("flowchart LR", "flowchart TD", "flowchart TB"):
        found.append(f"first line must be 'flowchart TD', got {lines[0] if lines else ''!r}")
    defined: set[str] = set()
    edges: list[tuple[int, str, str]] = []
    depth = 0
    for number, line in enumerate(lines[1:], start=2):
        if line == "end":
            depth -= 1
            if depth < 0:
                found.append(f"line {number}: 'end' without subgraph")
            continue
        if match := _SUBGRAPH.match(line):
            depth += 1
            if match.group(1) in defined:
                found.append(f"line {number}: id {match.group(1)!r} reused for a subgraph")
            defined.add(match.group(1))
            continue
        if match := _NODE.match(line):
            node_id = match.group(1)
            if node_id in defined:
                found.append(f"line {number}: node {node_id!r} defined twice")
            if node_id in _RESERVED:
                found.append(f"line {number}: {node_id!r} is a Mermaid keyword")
            defined.add(node_id)
            continue
        if match := _EDGE.match(line):
            edges.append((number, match.group(1), match.group(3)))
            continue
        found.append(f"line {number}: not a node, edge or subgraph of the expected form: {line!r}")
    if depth > 0:
        found.append("a subgraph is not closed with 'end'")
    for number, source, target in edges:
        for node_id in (source, target):
            if node_id not in defined:
                found.append(f"line {number}: edge refers to undefined node {node_id!r}")
    return found
