"""Property-based: hostile session, answers, history, catalog and LiteLLM files, generated
from valid ones (values swapped for wrong types, deep nesting, huge and non-finite numbers,
invalid UTF-8, Rich markup, control characters, cut short). Each loads, or raises our own
error naming the file; through the CLI each gives exit 0, 1 or 2, never a traceback.

Seeded (derandomize) and bounded, so CI runs the same 633 hostile files (and 150 round-trips of
typed text) in under half a minute.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_design_cli.errors import GenaiDesignError, UserError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "rag-support-assistant.toml"


def fast(examples: int) -> settings:
    """Seeded and bounded: the same inputs on every run, in CI too."""
    return settings(
        derandomize=True,
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
    )


# --- hostile values ---------------------------------------------------------------------------

MARKUP = ["[red]EU[/red]", "Bot [/bold] v2", "[link=file:///etc/passwd]x[/link]", "[", "]["]
CONTROL = ["\x1b[31m", "\x1b]0;title\x07", "\x00", "\r", "\r\n", "\x7f", "\u202e", "\x9b2J"]
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(MARKUP + CONTROL),
    st.builds(lambda a, b: a + b, st.sampled_from(MARKUP), st.sampled_from(CONTROL)),
    st.just("x" * 5000),
)
numbers = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=2**63, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e308, -1e308, 5e-324]),
)
scalars = st.one_of(
    texts,
    numbers,
    st.booleans(),
    st.datetimes(max_value=datetime(9999, 1, 1)),  # a local date-time, no offset
    st.datetimes(timezones=st.just(timezone.utc), max_value=datetime(9999, 1, 1)),
    st.dates(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3),
    ),
    max_leaves=6,
)


def deep(depth: int, kind: str) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


hostile = st.one_of(
    values, st.builds(deep, st.integers(40, 1200), st.sampled_from(["list", "table"]))
)


# --- mutating a valid document ---------------------------------------------------------------


def leaves(data: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += leaves(value, (*path, index))
    return found


def replaced(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: replaced(data[head], rest, value)}
    copy = list(data)
    copy[head] = replaced(copy[head], rest, value)
    return copy


def to_toml(data: dict) -> bytes | None:
    """TOML bytes for `data`, or None where TOML cannot say it (the writer refuses)."""
    from genai_design_cli.model.session import dump_toml

    try:
        return dump_toml(data).encode("utf-8", "surrogateescape")
    except (TypeError, ValueError, RecursionError, UnicodeEncodeError):
        return None


@st.composite
def mutated_document(draw, base: dict, encode=to_toml) -> bytes:
    """A valid document with one place given a hostile value, or its bytes damaged."""
    data = base
    if not isinstance(data, dict):
        data = {"x": data}
    for _ in range(draw(st.integers(1, 2))):
        spots = leaves(data)
        path = draw(st.sampled_from(spots[1:] or spots))
        data = replaced(data, path, draw(hostile))
    raw = encode(data) if isinstance(data, dict) else None
    if raw is None:
        raw = encode(base) or b""
    how = draw(st.sampled_from(["as is", "as is", "invalid utf-8", "cut", "garbage line"]))
    if how == "invalid utf-8":
        at = draw(st.integers(0, len(raw)))
        raw = (
            raw[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]))
            + raw[at:]
        )
    elif how == "cut":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif how == "garbage line":
        raw = raw + b"\n" + draw(st.binary(max_size=30)) + b"\n"
    return raw


@contextmanager
def fresh_home():
    previous = os.environ.get("GENAI_DESIGN_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.environ["GENAI_DESIGN_HOME"] = home
        try:
            yield Path(home)
        finally:
            if previous is None:
                os.environ.pop("GENAI_DESIGN_HOME", None)
            else:
                os.environ["GENAI_DESIGN_HOME"] = previous


def invoke(*args: str):
    from typer.testing import CliRunner

    from genai_design_cli.cli import app

    return CliRunner().invoke(app, list(args))


def assert_clean_exit(result, *args: str) -> None:
    """Exit 0, 1 or 2 and no exception escaped (CliRunner keeps a traceback's exception)."""
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.output


def _example() -> dict:
    import tomllib

    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


SESSION = _example()
ANSWERS_ONLY = {"answers": SESSION["answers"]}


# --- sessions and answers files ----------------------------------------------------------------


@fast(150)
@given(
    st.one_of(mutated_document(SESSION), mutated_document(ANSWERS_ONLY)),
)
def test_a_hostile_session_or_answers_file_loads_or_names_itself(raw):
    from genai_design_cli.io.store import SessionStore

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.toml"
        path.write_bytes(raw)
        try:
            session = SessionStore(Path(folder)).load_path(path)
        except UserError as exc:
            assert str(path) in exc.format_message()
        else:
            # what loads can be saved and loaded again, answers unchanged
            from genai_design_cli.model.session import session_from_toml, session_to_toml

            again = session_from_toml(session_to_toml(session), "again.toml")
            assert again.answers == session.answers


@fast(15)
@given(st.one_of(mutated_document(SESSION), mutated_document(ANSWERS_ONLY)))
def test_the_cli_reads_a_hostile_session_without_a_traceback(raw):
    with fresh_home() as home:
        path = home / "hostile.toml"
        path.write_bytes(raw)
        for args in (("sessions", "show", str(path)), ("export", str(path))):
            assert_clean_exit(invoke(*args), *args)


@fast(8)
@given(st.lists(mutated_document(SESSION), min_size=2, max_size=4))
def test_sessions_list_shows_the_good_files_whatever_sits_beside_them(raws):
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.session import Session, SessionMeta

    with fresh_home() as home:
        folder = home / "sessions"
        store = SessionStore(folder)
        store.save(Session(session=SessionMeta(id="20261126-000000-good", title="Good one")))
        for index, raw in enumerate(raws):
            (folder / f"hostile-{index}.toml").write_bytes(raw)
        result = invoke("sessions", "list")
        assert_clean_exit(result, "sessions", "list")
        assert result.exit_code == 0 and "Good one" in result.output


# --- history ----------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
GOOD_ENTRY = {
    "session": "s1",
    "case": "support-bot",
    "date": "2026-11-26T16:15:00+00:00",
    "framework": "genai-system-design",
    "mode": "practice",
    "steps": {"why-genai": 80.0, "requirements": 55.5},
    "total": 61.0,
}
HOSTILE_LINES = [
    '{"steps": {"why-genai": ' + "9" * 400 + "}}",
    '{"steps": {"why-genai": ' + "9" * 5000 + "}}",
    '{"steps": {"why-genai": NaN}, "total": Infinity}',
    '{"steps": {"why-genai": 1e400}}',
    '{"steps": {"why-genai": [1, 2]}, "total": "high"}',
    '{"steps": ' + "[" * 3000 + "]" * 3000 + "}",
    '{"steps": {"why-genai": 50}, "date": 20261126}',
]


@st.composite
def history_text(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["good", "hostile", "mutated", "random"]))
        if kind == "good":
            lines.append(json.dumps(GOOD_ENTRY))
        elif kind == "hostile":
            lines.append(draw(st.sampled_from(HOSTILE_LINES)))
        elif kind == "mutated":
            path = draw(st.sampled_from(leaves(GOOD_ENTRY)[1:]))
            entry = replaced(GOOD_ENTRY, path, draw(json_values))
            lines.append(json.dumps(entry, allow_nan=True))
        else:
            lines.append(json.dumps(draw(json_values), allow_nan=True))
    raw = "\n".join(lines).encode()
    if draw(st.booleans()):
        raw += b"\n\xff\xfe{" + draw(st.binary(max_size=20))
    return raw


@fast(200)
@given(history_text())
def test_a_hostile_history_is_read_line_by_line_and_progress_is_computed(raw):
    from genai_design_cli.coach.progress import progress_data
    from genai_design_cli.io.history import read_history

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.jsonl"
        path.write_bytes(raw)
        entries = read_history(path)
        progress_data(entries)
        assert raw.count(json.dumps(GOOD_ENTRY).encode()) == 0 or entries


@fast(10)
@given(history_text())
def test_progress_reads_a_hostile_history_without_a_traceback(raw):
    with fresh_home() as home:
        (home / "history.jsonl").write_bytes(raw)
        for args in (("progress",), ("progress", "--json")):
            result = invoke(*args)
            assert_clean_exit(result, *args)
            assert result.exit_code == 0


# --- the user's catalog -------------------------------------------------------------------------

USER_CATALOG = {
    "models": {
        "my-model": {
            "kind": "api",
            "provider": "in-house",
            "price": {
                "input": 1.0,
                "cached_input": 0.5,
                "output": 2.0,
                "as_of": "2026-11-01",
                "source": "our contract",
            },
        }
    },
    "gpus": {
        "my-gpu": {
            "memory_gib": 80,
            "bandwidth_gb_s": 3350,
            "bf16_tflops": 989,
            "price_per_hour": 2.5,
            "as_of": "2026-11-01",
            "source": "datasheet",
        }
    },
}


@fast(20)
@given(mutated_document(USER_CATALOG))
def test_a_hostile_user_catalog_is_bad_input_not_a_traceback(raw):
    with fresh_home() as home:
        (home / "catalog.toml").write_bytes(raw)
        for args in (
            ("cost", "--qps", "1", "--model", "my-model", "--json"),
            ("catalog", "gpus", "--json"),
        ):
            assert_clean_exit(invoke(*args), *args)


# --- LiteLLM price files ----------------------------------------------------------------------

LITELLM = {
    "gpt-4o": {
        "litellm_provider": "openai",
        "mode": "chat",
        "input_cost_per_token": 2.5e-06,
        "cache_read_input_token_cost": 1.25e-06,
        "output_cost_per_token": 1e-05,
        "max_input_tokens": 128000,
        "max_output_tokens": 16384,
    },
    "my/other-model": {
        "litellm_provider": "other",
        "mode": "chat",
        "input_cost_per_token": 1e-07,
        "output_cost_per_token": 2e-07,
    },
}


def to_json(data: Any) -> bytes | None:
    try:
        return json.dumps(data, default=str, allow_nan=True).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):
        return None


RAW_JSON = [
    b'{"gpt-4o": {"mode": "chat", "input_cost_per_token": ' + b"1" * 400 + b"}}",
    b'{"gpt-4o": {"mode": "chat", "input_cost_per_token": 1e400, "output_cost_per_token": 1}}',
    b'{"gpt-4o": {"mode": "chat", "input_cost_per_token": NaN, "output_cost_per_token": 1}}',
    b'{"\\ud800": {"mode": "chat", "input_cost_per_token": 1, "output_cost_per_token": 1}}',
    b'{"gpt-4o": {"mode": "chat\\udfff", "input_cost_per_token": 1, "output_cost_per_token": 1}}',
    b"[" * 5000 + b"]" * 5000,
    b"\xff\xfe{}",
]


@fast(30)
@given(st.one_of(mutated_document(LITELLM, encode=to_json), st.sampled_from(RAW_JSON)))
def test_a_hostile_litellm_file_imports_or_is_bad_input(raw):
    with fresh_home() as home:
        path = home / "prices.json"
        path.write_bytes(raw)
        args = ("catalog", "import-litellm", str(path), "--as-of", "2026-11-20")
        result = invoke(*args)
        assert_clean_exit(result, *args)
        if result.exit_code == 2:
            assert str(path) in result.output or "catalog" in result.output


@fast(200)
@given(st.one_of(mutated_document(LITELLM, encode=to_json), st.sampled_from(RAW_JSON)))
def test_reading_a_hostile_litellm_file_names_it(raw):
    from genai_design_cli.io.user_catalog import read_json_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prices.json"
        path.write_bytes(raw)
        try:
            read_json_file(path)
        except GenaiDesignError as exc:
            assert str(path) in str(exc)


# --- typed text round-trips -------------------------------------------------------------------


@fast(150)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200))
def test_any_typed_text_round_trips_through_save_and_load_byte_for_byte(text):
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.session import Session, SessionMeta

    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder))
        session = Session(session=SessionMeta(id="20261126-000000-x", title=text))
        session.set_answer("requirements", "notes", text)
        session.set_answer("architecture", "components", [text, text + "\r\n"])
        path = store.save(session)
        loaded = store.load_path(path)
        assert loaded.answers == session.answers
        assert loaded.session.title == text


_ = (date, time)  # kept for the strategies above
