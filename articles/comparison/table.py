"""The comparison table: one row per fact, one cell per therapy, each with its sources."""

from dataclasses import dataclass

from therapies.claims import UNREVIEWED_HEADING, split_by_review
from therapies.facts import MAY_NOT_SUIT_LABEL, Footnotes, Reference, fact_text
from therapies.models import Fact, GuidelineStatus, Therapy


@dataclass(frozen=True)
class Cell:
    value: str
    detail: str
    references: list[Reference]
    abbreviation: str = ""  # whose cell: named on each line when the table is stacked on phones


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    cells: list[Cell]


# Rows of the side-by-side table: (label, the facts a cell joins, each with the
# free-text field that explains it). Related facts share a row, so that a
# phone reader scrolls past fewer headings (tests/browser/test_reader_experience.py).
FactSpec = tuple[str, str]
COMPARISON_FACTS: list[tuple[str, list[FactSpec]]] = [
    ("School of thought", [(Fact.SCHOOL, "influences")]),
    ("Where it looks for the root of problems", [(Fact.FOCUS, "focus_detail")]),
    ("Who can provide it", [(Fact.PROVIDERS, "provider_detail")]),
    # Here the evidence and NICE guidance rows follow (comparison_rows).
    (
        "How long it lasts",
        [
            (Fact.DURATION, "duration_detail"),
            (Fact.BRIEF, ""),
            (Fact.MAINTENANCE, "maintenance_detail"),
        ],
    ),
    ("What sessions are like", [(Fact.SESSIONS_LIKE, ""), (Fact.FORMAT, "")]),
    ("Who it may suit", [(Fact.WHO_FOR, "")]),
    # Here who it may not suit follows.
    ("On the NHS and privately", [(Fact.NHS, ""), (Fact.PRIVATE, "")]),
]


def evidence_cell(therapy: Therapy, footnotes: Footnotes) -> Cell:
    """The evidence for each problem we have reviewed; what the research found,
    and problems a source mentions that we have not reviewed, as the detail."""
    reviewed, unreviewed = split_by_review(therapy.condition_links.all())
    value = (
        "; ".join(f"{link.condition.name}: {link.evidence.phrase}" for link in reviewed)
        or f"{therapy.evidence.label} overall; no problem reviewed one by one yet"
    )
    detail = f"{therapy.evidence_summary} {therapy.evidence.explainer}"
    if unreviewed:
        names = ", ".join(link.condition.name for link in unreviewed)
        detail += f" {UNREVIEWED_HEADING}: {names}."
    references = footnotes.for_fact(therapy, Fact.EVIDENCE) + [
        ref for link in reviewed + unreviewed for ref in footnotes.for_condition(link)
    ]
    return Cell(value + ".", detail, list(dict.fromkeys(references)), therapy.abbreviation)


def guideline_cell(therapy: Therapy, footnotes: Footnotes) -> Cell:
    covered = [
        link
        for link in therapy.condition_links.all()
        if link.guideline_status
        in {GuidelineStatus.LISTED, GuidelineStatus.FAMILY_LISTED, GuidelineStatus.NOT_LISTED}
    ]
    if not covered:
        return Cell("No NICE guidance checked yet.", "", [], therapy.abbreviation)
    value = "; ".join(f"{link.condition.name}: {link.guideline.label}" for link in covered)
    detail = " ".join(link.guideline_note for link in covered if link.guideline_note)
    references = [ref for link in covered for ref in footnotes.for_condition(link)]
    return Cell(value + ".", detail, list(dict.fromkeys(references)), therapy.abbreviation)


NOT_IN_OUR_SOURCES = "Our sources do not say."


def comparison_rows(therapies: list[Therapy], footnotes: Footnotes) -> list[ComparisonRow]:
    """The side-by-side rows, built in the order the page shows them, so that
    sources are numbered in the order a reader meets them."""

    def cell(therapy: Therapy, facts: list[FactSpec]) -> Cell:
        values = [fact_text(therapy, fact) for fact, _ in facts]
        details = [getattr(therapy, field) for _, field in facts if field]
        references = [ref for fact, _ in facts for ref in footnotes.for_fact(therapy, fact)]
        return Cell(
            " ".join(value for value in values if value) or NOT_IN_OUR_SOURCES,
            " ".join(detail for detail in details if detail),
            list(dict.fromkeys(references)),
            therapy.abbreviation,
        )

    def fact_rows(specs) -> list[ComparisonRow]:
        # A row none of them has a fact for yet would say only "Our sources do not say".
        return [
            ComparisonRow(label, [cell(therapy, facts) for therapy in therapies])
            for label, facts in specs
            if any(fact_text(therapy, fact) for therapy in therapies for fact, _ in facts)
        ]

    rows = fact_rows(COMPARISON_FACTS[:3])
    rows.append(ComparisonRow("Evidence", [evidence_cell(t, footnotes) for t in therapies]))
    rows.append(ComparisonRow("NICE guidance", [guideline_cell(t, footnotes) for t in therapies]))
    rows += fact_rows(COMPARISON_FACTS[3:6])
    if any(t.may_not_suit for t in therapies):
        # As plain as who it may suit (therapies/facts.py, MAY_NOT_SUIT_LABEL);
        # one fact with it, so it cites the same sources.
        rows.append(
            ComparisonRow(
                MAY_NOT_SUIT_LABEL,
                [
                    Cell(
                        t.may_not_suit or NOT_IN_OUR_SOURCES,
                        "",
                        footnotes.for_fact(t, Fact.WHO_FOR),
                        t.abbreviation,
                    )
                    for t in therapies
                ],
            )
        )
    rows += fact_rows(COMPARISON_FACTS[6:])
    return rows
