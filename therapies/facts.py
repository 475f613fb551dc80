"""How a therapy's facts read on a page, and how their sources are numbered.

One place decides the words for each fact, so the profile, the comparison
table, live facts in articles and the API all say the same thing.
Everything here works on objects already loaded (see
TherapyQuerySet.with_facts) and runs no queries of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from common.text import join_words, lower_first
from therapies.models import (
    Fact,
    Homework,
    NhsStep,
    ProviderRoute,
    Source,
    Structure,
    Therapy,
    TherapyCondition,
)


def provider_words(route: str, background: str, hours: int | None) -> str:
    """Who can offer a therapy, as a phrase: 'Any qualified therapist who …'.

    The one wording of this fact: the profile, the comparison's key differences,
    live facts and the API all build on it. "Only" is used solely for a single
    required background; a therapy whose training has several entry routes is
    never described as open to one group only.
    """
    match route:
        case ProviderRoute.ANY_TRAINED:
            text = "Any qualified therapist who completes the training"
        case ProviderRoute.TRAINING_ROUTES:
            text = "Therapists who complete its training"
            if background:
                text += f" ({background})"
        case ProviderRoute.TRAINED_PRACTITIONERS:
            text = "Practitioners trained to give it, who need not be qualified therapists"
            if background:
                text += f" ({background})"
        case ProviderRoute.NOT_KNOWN:
            # Never read as "anyone": the fact is unknown, not open.
            return "Our sources do not say who can give it"
        case _:
            text = f"Only {background or 'therapists with a set background'}"
    if hours:
        text += f", with at least {hours} hours of supervised practice"
    return text


def providers_text(therapy: Therapy) -> str:
    return (
        provider_words(
            therapy.provider_route, therapy.provider_background, therapy.min_supervised_hours
        )
        + "."
    )


def duration_text(therapy: Therapy) -> str:
    text = f"Usually {therapy.session_range}"
    if therapy.week_range:
        text += f", over {therapy.week_range}"
    text += "."
    if therapy.session_minutes:
        text += f" Each session lasts {therapy.session_minutes}."
    return text


def format_text(therapy: Therapy) -> str:
    ways = therapy.ways_offered
    text = f"Offered {join_words(ways, 'or')}." if ways else ""
    return " ".join(part for part in [text, therapy.format] if part)


def sessions_like_text(therapy: Therapy) -> str:
    parts = [therapy.sessions_like]
    # Only what the sources say: "not known" adds nothing rather than a guess.
    if therapy.structure != Structure.NOT_KNOWN:
        parts.append(Structure(therapy.structure).label + ".")
    if therapy.homework != Homework.NOT_KNOWN:
        parts.append(Homework(therapy.homework).label + ".")
    return " ".join(part for part in parts if part)


def nhs_text(therapy: Therapy) -> str:
    if therapy.nhs_step == NhsStep.NOT_KNOWN:
        return therapy.nhs_detail
    return " ".join(
        part for part in [NhsStep(therapy.nhs_step).label + ".", therapy.nhs_detail] if part
    )


def private_text(therapy: Therapy) -> str:
    if not therapy.register_name:
        return ""
    return f"Check that the therapist is listed by {therapy.register_name}."


def brief_text(therapy: Therapy) -> str:
    if therapy.brief_sessions:
        return f"A shorter, brief format of {therapy.brief_sessions} sessions."
    # Absence from our sources is not absence from the world.
    return "Our sources do not describe a shorter, brief format."


def maintenance_text(therapy: Therapy) -> str:
    if therapy.maintenance:
        return "Yes: it can continue as occasional sessions over a long time to help you stay well."
    return "Our sources do not describe it being used for long-term maintenance."


def evidence_text(therapy: Therapy) -> str:
    return f"{therapy.evidence.label}. {therapy.evidence_summary}"


def fact_text(therapy: Therapy, fact: str) -> str:
    """The plain-language value of one fact, as readers see it."""
    match fact:
        case Fact.SUMMARY:
            return therapy.summary
        case Fact.ORIGIN:
            return therapy.origin
        case Fact.SCHOOL:
            return therapy.school.name
        case Fact.FOCUS:
            return therapy.focus_choice.label
        case Fact.SESSIONS_LIKE:
            return sessions_like_text(therapy)
        case Fact.PROVIDERS:
            return providers_text(therapy)
        case Fact.DURATION:
            return duration_text(therapy)
        case Fact.BRIEF:
            return brief_text(therapy)
        case Fact.MAINTENANCE:
            return maintenance_text(therapy)
        case Fact.FORMAT:
            return format_text(therapy)
        case Fact.EVIDENCE:
            return evidence_text(therapy)
        case Fact.WHO_FOR:
            return therapy.suits
        case Fact.NHS:
            return nhs_text(therapy)
        case Fact.PRIVATE:
            return private_text(therapy)
    raise ValueError(f"unknown fact {fact!r}")


def citations_of(therapy: Therapy, fact: str) -> list:
    """A therapy's citations for one fact, grouped once per therapy object
    (pages ask for many facts; re-reading the prefetched list each time adds up)."""
    grouped = therapy.__dict__.get("_citations_by_fact")
    if grouped is None:
        grouped = {}
        for citation in therapy.citations.all():
            grouped.setdefault(citation.fact, []).append(citation)
        # A cache of the record's own loaded citations, written past __setattr__
        # as cached_property does, so a shared read-model record may keep it too
        # (history/read_only.py): every request would compute the same.
        therapy.__dict__["_citations_by_fact"] = grouped
    return grouped.get(fact, [])


@dataclass(frozen=True)
class Reference:
    number: int
    source: Source
    note: str = ""


@dataclass
class Footnotes:
    """Numbers sources in the order a page first cites them."""

    numbers: dict[int, int] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def ref(self, source: Source, note: str = "") -> Reference:
        if source.pk not in self.numbers:
            self.sources.append(source)
            self.numbers[source.pk] = len(self.sources)
        return Reference(self.numbers[source.pk], source, note)

    def for_fact(self, therapy: Therapy, fact: str) -> list[Reference]:
        return [
            self.ref(citation.source, citation.note) for citation in citations_of(therapy, fact)
        ]

    def for_condition(self, link: TherapyCondition) -> list[Reference]:
        return [self.ref(source) for source in link.sources.all()]


@dataclass(frozen=True)
class FactRow:
    fact: str
    label: str
    value: str
    detail: str
    references: list[Reference]

    @property
    def notes(self) -> list[Reference]:
        """The references that say what their source says about this fact."""
        return [ref for ref in self.references if ref.note]


# The rows of a profile's "at a glance" list: the facts each row joins, each
# with the free-text detail field that explains it. Related facts share a row
# (the row is named, and anchored, by its first), so that a phone reader
# scrolls past fewer headings; the comparison table groups them the same way.
PROFILE_FACTS: list[list[tuple[str, str]]] = [
    [(Fact.SCHOOL, "influences")],
    [(Fact.FOCUS, "focus_detail")],
    [(Fact.SESSIONS_LIKE, ""), (Fact.FORMAT, "")],
    [(Fact.PROVIDERS, "provider_detail")],
    [
        (Fact.DURATION, "duration_detail"),
        (Fact.BRIEF, ""),
        (Fact.MAINTENANCE, "maintenance_detail"),
    ],
    [(Fact.WHO_FOR, "")],
    [(Fact.ORIGIN, "")],
]
# Who a therapy may not suit is a row of its own, as plain as who it may suit:
# a decision aid gives the downsides in the same detail as the good points
# (IPDAS certification criterion 2.1.1, docs/decision-aid.md). Both are one
# fact, so both cite its sources.
MAY_NOT_SUIT_LABEL = "Who it may not suit"


def may_not_suit_row(therapy: Therapy, footnotes: Footnotes) -> FactRow:
    references = footnotes.for_fact(therapy, Fact.WHO_FOR)
    return FactRow(
        fact="may_not_suit",
        label=MAY_NOT_SUIT_LABEL,
        value=therapy.may_not_suit,
        detail="",
        # What each source says is under the row above; not repeated here.
        references=[Reference(ref.number, ref.source) for ref in references],
    )


def fact_row(therapy: Therapy, fact: str, footnotes: Footnotes, detail: str = "") -> FactRow:
    return FactRow(
        fact=fact,
        label=Fact(fact).label,
        value=fact_text(therapy, fact),
        detail=detail,
        references=footnotes.for_fact(therapy, fact),
    )


def profile_rows(therapy: Therapy, footnotes: Footnotes) -> list[FactRow]:
    rows = []
    for facts in PROFILE_FACTS:
        values = [fact_text(therapy, fact) for fact, _ in facts]
        if not values[0]:
            continue
        details = [getattr(therapy, field) for _, field in facts if field]
        references = [ref for fact, _ in facts for ref in footnotes.for_fact(therapy, fact)]
        first = facts[0][0]
        rows.append(
            FactRow(
                fact=first,
                label=Fact(first).label,
                value=" ".join(value for value in values if value),
                detail=" ".join(detail for detail in details if detail),
                references=list(dict.fromkeys(references)),
            )
        )
        if first == Fact.WHO_FOR and therapy.may_not_suit:
            rows.append(may_not_suit_row(therapy, footnotes))
    return rows


@dataclass(frozen=True)
class LiveFactKind:
    """A fact an article can embed as {{ slug.key }}."""

    description: str
    anchor: str  # the profile row where its sources are listed
    read: Callable[[Therapy], str]


# Values read naturally in the middle of a sentence: "IPT usually takes
# {{ ipt.sessions }}" → "IPT usually takes 12 to 16 sessions".
LIVE_FACTS: dict[str, LiveFactKind] = {
    "name": LiveFactKind("full name", Fact.SUMMARY, lambda t: t.name),
    "sessions": LiveFactKind("usual number of sessions", Fact.DURATION, lambda t: t.session_range),
    "weeks": LiveFactKind(
        "usual number of weeks",
        Fact.DURATION,
        lambda t: t.week_range or "a number of weeks that varies",
    ),
    "brief": LiveFactKind(
        "sessions in the brief format",
        Fact.DURATION,  # the brief format is part of the profile's "How long it lasts"
        lambda t: f"{t.brief_sessions} sessions" if t.brief_sessions else "no brief format",
    ),
    "school": LiveFactKind("school of thought", Fact.SCHOOL, lambda t: lower_first(t.school.name)),
    "focus": LiveFactKind(
        "where it looks for the root of problems",
        Fact.FOCUS,
        lambda t: lower_first(t.focus_choice.label),
    ),
    "providers": LiveFactKind(
        "who can provide it", Fact.PROVIDERS, lambda t: lower_first(providers_text(t).rstrip("."))
    ),
    "hours": LiveFactKind(
        "minimum hours of supervised practice",
        Fact.PROVIDERS,
        lambda t: (
            f"{t.min_supervised_hours} hours"
            if t.min_supervised_hours
            else "no number of hours in our records"
        ),
    ),
    "evidence": LiveFactKind("overall evidence", Fact.EVIDENCE, lambda t: t.evidence.phrase),
    "research": LiveFactKind(
        "what the research found (whole sentences)", Fact.EVIDENCE, lambda t: t.evidence_summary
    ),
}


def live_fact_help() -> str:
    """The syntax explained for editors, listing every fact key."""
    keys = "; ".join(f"{key} ({kind.description})" for key, kind in LIVE_FACTS.items())
    return (
        "To show a therapy fact that stays up to date, write {{ therapy.fact }}, for example "
        "{{ ipt.sessions }}. Use the therapy's web-address name (ipt, dit) and one of: "
        f"{keys}."
    )
