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


# Rows of the side-by-side table: (label, fact whose citations the cell shows,
# how to read the value, free-text detail field).
COMPARISON_FACTS: list[tuple[str, str, str]] = [
    ("School of thought", Fact.SCHOOL, "influences"),
    ("Where it looks for the root of problems", Fact.FOCUS, "focus_detail"),
    ("Who can provide it", Fact.PROVIDERS, "provider_detail"),
    ("How long it lasts", Fact.DURATION, "duration_detail"),
    ("Brief format", Fact.BRIEF, ""),
    ("Maintenance use", Fact.MAINTENANCE, "maintenance_detail"),
    ("Format", Fact.FORMAT, ""),
    ("What sessions are like", Fact.SESSIONS_LIKE, ""),
    ("Who it may suit", Fact.WHO_FOR, ""),
    ("On the NHS", Fact.NHS, ""),
    ("Privately", Fact.PRIVATE, ""),
]


def conditions_cell(therapy: Therapy, footnotes: Footnotes) -> Cell:
    """Reviewed uses with their evidence; unreviewed ones only as a separate mention."""
    reviewed, unreviewed = split_by_review(therapy.condition_links.all())
    value = (
        "; ".join(f"{link.condition.name}: {link.evidence.phrase}" for link in reviewed)
        or "No problems with evidence we have reviewed yet"
    )
    detail = ""
    if unreviewed:
        names = ", ".join(link.condition.name for link in unreviewed)
        detail = f"{UNREVIEWED_HEADING}: {names}."
    references = [ref for link in reviewed + unreviewed for ref in footnotes.for_condition(link)]
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

    def fact_row(label: str, fact: str, detail_field: str) -> ComparisonRow:
        return ComparisonRow(
            label,
            [
                Cell(
                    fact_text(therapy, fact) or NOT_IN_OUR_SOURCES,
                    getattr(therapy, detail_field) if detail_field else "",
                    footnotes.for_fact(therapy, fact),
                    therapy.abbreviation,
                )
                for therapy in therapies
            ],
        )

    def shown(specs) -> list[ComparisonRow]:
        # A fact none of them has yet would be a row of "Our sources do not say".
        return [fact_row(*spec) for spec in specs if any(fact_text(t, spec[1]) for t in therapies)]

    rows = shown(COMPARISON_FACTS[:3])
    rows.append(
        ComparisonRow(
            "Evidence",
            [
                # The level is the line; what the research found is the explanation.
                Cell(
                    f"{t.evidence.label}.",
                    f"{t.evidence_summary} {t.evidence.explainer}",
                    footnotes.for_fact(t, Fact.EVIDENCE),
                    t.abbreviation,
                )
                for t in therapies
            ],
        )
    )
    rows.append(ComparisonRow("NICE guidance", [guideline_cell(t, footnotes) for t in therapies]))
    rows.append(
        ComparisonRow(
            "Evidence or NICE advice we have checked, by problem",
            [conditions_cell(t, footnotes) for t in therapies],
        )
    )
    for spec in COMPARISON_FACTS[3:]:
        rows += shown([spec])
        if spec[1] == Fact.WHO_FOR and any(t.may_not_suit for t in therapies):
            # As plain as who it may suit (therapies/facts.py, MAY_NOT_SUIT_LABEL).
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
    return rows
