"""The starter content, read from the data files in therapies/starter_data/.

One YAML file per therapy, plus files for sources, schools, conditions and
who reviewed it all. Every fact cites its sources there, and
tests/therapies/test_starter_data.py refuses a file with an uncited fact, an
unknown source, a source without a link, or a number its sources don't give.
Editors own the records once they exist: load_starter_content only creates
what is missing.
"""

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "starter_data"


def read(path: Path):
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def citation(item) -> tuple[str, str]:
    """A citation as (source key, note): written as a key, or {source, note}."""
    if isinstance(item, str):
        return item, ""
    return item["source"], item.get("note", "")


def read_therapy(path: Path) -> dict:
    data = read(path)
    data["citations"] = {
        fact: [citation(item) for item in items] for fact, items in data["citations"].items()
    }
    return data


_review = read(DATA / "review.yaml")
REVIEWED = _review["last_reviewed"]
NEXT_REVIEW = _review["next_review_due"]
REVIEWER = _review["reviewer"]


def read_lists(name: str) -> list[dict]:
    """`name`.yaml and then every file in the folder `name`/, in name order: one
    list of records split by topic (the sources for eating disorders, say)."""
    paths = [DATA / f"{name}.yaml", *sorted((DATA / name).glob("*.yaml"))]
    return [item for path in paths if path.exists() for item in read(path)]


SOURCES: list[dict] = read_lists("sources")
SCHOOLS: list[dict] = read(DATA / "schools.yaml")
CONDITIONS: list[dict] = read_lists("conditions")
# The ways to get help (README.md, "A way to get help").
ROUTES: list[dict] = read(DATA / "routes.yaml")
# One file per guideline: its recommendations (README.md, "A guideline's recommendations").
GUIDELINES: list[dict] = [read(path) for path in sorted((DATA / "guidelines").glob("*.yaml"))]
THERAPIES: list[dict] = sorted(
    (read_therapy(path) for path in (DATA / "therapies").glob("*.yaml")),
    key=lambda therapy: therapy["position"],
)
