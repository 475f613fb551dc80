"""How a therapy's use for a condition may be worded: the one place that decides.

A *use* is a therapy–condition record. Its evidence level says whether an
editor has reviewed the research for that pair. The rule for the whole site:

- A **reviewed** use (strong, moderate or limited evidence) may be stated,
  always with its evidence level for that condition. A use NICE lists, whose
  research we have not reviewed, may be stated as exactly that.
- An **unreviewed** use (its only support is that a source mentions it) is
  never stated as fact. Where it is shown at all, it reads "mentioned by one
  source; we have not reviewed the evidence", apart from the reviewed uses.
- Rankings and reasons (the chooser, key differences, "in common") use
  reviewed uses only.

Every generator (profile, condition page, comparison, chooser, API, JSON-LD)
asks this module, so a new page cannot word a use more strongly by accident.
Pure functions: no database, no HTTP.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from common.text import lower_first
from therapies.models import EvidenceLevel, GuidelineStatus

UNREVIEWED_HEADING = "Mentioned by a source, but not reviewed by us"
UNREVIEWED_EXPLAINER = (
    "A source mentions the therapy for these problems, but we have not reviewed the "
    "research. So we do not say it works for them, or that it does not."
)


NICE_NAMES_IT = {GuidelineStatus.LISTED, GuidelineStatus.FAMILY_LISTED}


def is_reviewed(evidence_level: str, guideline_status: str = "") -> bool:
    """Whether an editor has checked this use: rated its research, or found the
    guideline (NICE) listing it. Either may be stated, worded as exactly that."""
    return evidence_level != EvidenceLevel.NOT_REVIEWED or guideline_status in NICE_NAMES_IT


def mentioned_phrase(source_count: int) -> str:
    """'mentioned by one source; we have not reviewed the evidence'."""
    who = "one source" if source_count <= 1 else f"{source_count} sources"
    return f"mentioned by {who}; we have not reviewed the evidence"


def guideline_phrase(guideline_status: str) -> str:
    """What NICE says, in words that follow 'NICE': '' when not checked."""
    phrases: dict[str, str] = {
        GuidelineStatus.LISTED: "lists it as a treatment option",
        GuidelineStatus.FAMILY_LISTED: "lists the type of therapy it belongs to",
        GuidelineStatus.NOT_LISTED: "does not list it",
    }
    return phrases.get(guideline_status, "")


@dataclass(frozen=True)
class UseClaim:
    """One use, worded as strongly as its evidence allows and no more."""

    condition: str  # the condition's name, capitals kept ("PTSD")
    condition_slug: str
    reviewed: bool
    evidence_label: str  # "Moderate", or "Not reviewed by us yet"
    sentence: str  # a whole sentence a page, the API or a reason may print


def use_claim(
    *,
    abbreviation: str,
    condition: str,
    condition_slug: str,
    evidence_level: str,
    guideline_status: str,
    source_count: int,
) -> UseClaim:
    level = EvidenceLevel(evidence_level)
    if not is_reviewed(evidence_level, guideline_status):
        sentence = f"{abbreviation} for {condition}: {mentioned_phrase(source_count)}."
        return UseClaim(condition, condition_slug, False, level.label, sentence)
    nice = guideline_phrase(guideline_status)
    if level == EvidenceLevel.NOT_REVIEWED:
        # Only NICE's position is checked: say that, and no more.
        named = f"{nice} ".replace(" it ", f" {abbreviation} ", 1).strip()
        sentence = (
            f"NICE {named} for {lower_first(condition)}. We have not reviewed the research "
            "ourselves."
        )
        return UseClaim(condition, condition_slug, True, level.label, sentence)
    sentence = f"{abbreviation} has {level.phrase} for {lower_first(condition)}"
    if nice:
        sentence += f", and NICE {nice}"
    return UseClaim(condition, condition_slug, True, level.label, sentence + ".")


def claim_for_link(link) -> UseClaim:
    """The claim for a TherapyCondition with its therapy, condition and sources loaded."""
    return use_claim(
        abbreviation=link.therapy.abbreviation,
        condition=link.condition.name,
        condition_slug=link.condition.slug,
        evidence_level=link.evidence_level,
        guideline_status=link.guideline_status,
        source_count=len(link.sources.all()),
    )


def split_by_review(links: Iterable) -> tuple[list, list]:
    """(reviewed uses, unreviewed uses), each in the order given."""
    reviewed: list = []
    unreviewed: list = []
    for link in links:
        checked = is_reviewed(link.evidence_level, link.guideline_status)
        (reviewed if checked else unreviewed).append(link)
    return reviewed, unreviewed
