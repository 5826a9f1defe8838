"""Problems in user-written TOML (frameworks, cases, sessions, answers) name file and line."""

from __future__ import annotations

import pytest

from genai_design_cli.errors import UserError
from genai_design_cli.io.tomlfile import locate_line
from genai_design_cli.model.session import session_from_toml

TEXT = """\
title = "x"

[[steps]]
id = "a"

[[steps.questions]]
id = "q"
title = "Q"

[[steps]]
id = "b"

[answers.requirements]
qps = 3
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("title", 1),
        ("steps[0].id", 4),
        ("steps[0].questions[0].title", 8),
        # a key missing from a table points at the table, not at a sub-table's key
        ("steps[0].title", 3),
        ("steps[1].id", 11),
        ("answers", 13),  # a table header
        ("answers.requirements.qps", 14),
        ("steps[5].id", None),
    ],
)
def test_locate_line(path, line):
    assert locate_line(TEXT, path) == line


def test_an_answers_file_with_a_syntax_error_names_line_and_column():
    with pytest.raises(UserError) as info:
        session_from_toml("[answers.requirements]\nqps = 3\nfoo = \n", "a.toml")
    assert "a.toml:3:7: TOML syntax error" in info.value.format_message()
    assert "foo =" in info.value.format_message()  # the offending line, shown


def test_a_misspelled_table_in_an_answers_file_names_its_line():
    with pytest.raises(UserError) as info:
        session_from_toml('[answers.requirements]\nqps = 3\n\n[sesion]\nid = "x"\n', "a.toml")
    assert "a.toml:4: sesion: unknown key" in info.value.format_message()


def test_a_session_is_found_by_the_start_of_its_title_part(tmp_path):
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.session import Session, SessionMeta

    store = SessionStore(tmp_path)
    store.save(Session(session=SessionMeta(id="20261126-165935-final-check", title="Final")))
    store.save(Session(session=SessionMeta(id="20261126-170000-support-bot", title="Bot")))
    assert store.resolve("final").name == "20261126-165935-final-check.toml"
    assert store.resolve("20261126-17").name == "20261126-170000-support-bot.toml"
    with pytest.raises(UserError, match="matches 2 sessions"):
        store.resolve("20261126")


def test_a_misspelt_choice_suggests_the_nearest_allowed_value(tmp_path):
    from pathlib import Path

    from genai_design_cli.model.framework import FrameworkError, load_framework_file

    source = Path(__file__).resolve().parents[1] / "frameworks" / "genai-system-design.toml"
    text = source.read_text(encoding="utf-8").replace('kind = "number"', 'kind = "nubmer"', 1)
    path = tmp_path / "typo.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert "(got 'nubmer'); did you mean 'number'?" in info.value.format_message()
