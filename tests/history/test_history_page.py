"""The history page stays short: long texts and big saves are folded away
(<details>, no script) until the editor opens them (issue 27, item 6.5)."""

import re

import pytest

from history.changes import SHORT_VALUE, FieldChange
from tests.history.test_history_and_conflicts import (  # noqa: F401  (a fixture)
    history_url,
    ipt,
    recorded_starter,
    save_therapy,
)


def folded(html: str) -> list[str]:
    """The text of each <summary>: what is folded away."""
    return [
        " ".join(re.sub(r"<[^>]+>", "", s).split())
        for s in re.findall(r"<summary>(.*?)</summary>", html, re.S)
    ]


def test_a_value_is_long_past_two_phone_lines_or_on_several_lines():
    short = "x" * SHORT_VALUE
    assert not FieldChange("Summary", short, short).is_long
    assert FieldChange("Summary", short, short + "x").is_long
    assert FieldChange("Summary", "(empty)", short + "x").is_long
    assert FieldChange("Notes", "one", "one\ntwo").is_long


@pytest.mark.usefixtures("recorded_starter")
def test_a_long_text_change_is_folded_and_a_number_is_not(editor_client, committed):
    therapy = ipt()
    longer = therapy.summary + " One more sentence for the test."
    save_therapy(editor_client, committed, therapy, summary=longer, sessions_max=20)
    html = editor_client.get(history_url(ipt())).content.decode()
    newest = html[html.index('<tr class="save">') :]
    newest = newest[: newest.index("</tr>")]
    assert folded(newest) == ["Summary: show the change"]
    details = newest[newest.index("<details>") : newest.index("</details>")]
    assert "One more sentence for the test." in details
    assert "<strong>Most sessions (usual course):</strong> <del>16</del> → <ins>20</ins>" in (
        newest.replace(details, "")
    )


@pytest.mark.usefixtures("recorded_starter")
def test_a_save_of_many_records_shows_the_first_few(editor_client):
    html = editor_client.get(history_url(ipt())).content.decode()
    summaries = folded(html)
    # The starter content's save: the therapy, its uses and dozens of citations.
    assert any(re.fullmatch(r"Show what it was created with \(\d\d fields\)", s) for s in summaries)
    more = [s for s in summaries if s.endswith("more records changed by this save")]
    assert len(more) == 1
    assert html.count('<p class="record-name">') > 4
