"""The review a page of several records gives (history.models.page_review), without a database."""

import datetime
from types import SimpleNamespace

from history.models import page_review


def record(last: str | None, due: str | None, reviewer: str = "Ann"):
    day = datetime.date.fromisoformat
    return SimpleNamespace(
        last_reviewed=last and day(last), next_review_due=due and day(due), reviewer=reviewer
    )


def test_a_page_is_as_current_as_its_least_recently_checked_record():
    review = page_review([record("2026-06-01", "2099-01-01"), record("2026-09-01", "2098-01-01")])
    assert review is not None
    assert review.last_reviewed == datetime.date(2026, 6, 1)
    assert review.next_review_due == datetime.date(2098, 1, 1)
    assert (review.reviewer, review.overdue) == ("Ann", False)


def test_one_overdue_record_makes_the_page_overdue_and_two_reviewers_name_none():
    review = page_review(
        [record("2026-06-01", "2099-01-01"), record("2020-01-01", "2021-01-01", "Bo")]
    )
    assert review is not None
    assert (review.reviewer, review.overdue) == ("", True)


def test_no_dated_record_gives_no_review():
    assert page_review([]) is None
    assert page_review([record(None, None)]) is None
