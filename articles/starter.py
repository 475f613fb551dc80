"""The starter articles, site pages and chooser questions, read from the data
files in articles/starter_data/.

Articles and pages are markdown files with their fields in a YAML header; every
figure in an article is a live fact, so it changes when an editor changes the
record. Questions, options and rules are in questions.yaml.
"""

from pathlib import Path

import yaml

from therapies import starter as therapy_starter

DATA = Path(__file__).resolve().parent / "starter_data"


def read_markdown(path: Path) -> dict:
    """Fields from the YAML header between '---' lines, and the markdown body after it."""
    text = path.read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    return {
        **yaml.safe_load(header),
        "body": body,
        "reviewer": therapy_starter.REVIEWER,
        "last_reviewed": therapy_starter.REVIEWED,
        "next_review_due": therapy_starter.NEXT_REVIEW,
    }


def read_question(data: dict) -> dict:
    options = [
        (
            option["value"],
            option["label"],
            [
                (rule["attribute"], rule["operator"], rule["value"], rule["fits"], rule["reason"])
                for rule in option.get("rules") or []
            ],
        )
        for option in data["options"]
    ]
    return {**data, "options": options}


ARTICLES = [read_markdown(path) for path in sorted((DATA / "articles").glob("*.md"))]
PAGES = [read_markdown(path) for path in sorted((DATA / "pages").glob("*.md"))]
QUESTIONS = [
    read_question(question)
    for question in yaml.safe_load((DATA / "questions.yaml").read_text(encoding="utf-8"))
]
