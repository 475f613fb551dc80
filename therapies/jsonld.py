"""schema.org descriptions of pages, as plain dicts (printed by the jsonld filter)."""

from common.http import absolute_url
from therapies.facts import duration_text, format_text, sessions_like_text
from therapies.models import Therapy


def therapy_page_jsonld(therapy: Therapy, request) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": absolute_url(request, therapy.get_absolute_url()),
        "name": f"{therapy.name} ({therapy.abbreviation})",
        "description": therapy.summary,
        "inLanguage": "en-GB",
        "lastReviewed": therapy.last_reviewed.isoformat(),
        "reviewedBy": {"@type": "Person", "name": therapy.reviewer},
        "about": {
            "@type": "PsychologicalTreatment",
            "name": therapy.name,
            "alternateName": therapy.abbreviation,
            "description": therapy.summary,
            "howPerformed": how_performed(therapy),
        },
    }


def how_performed(therapy: Therapy) -> str:
    """What a course is like: the profile's own sentences, so the two agree."""
    parts = [sessions_like_text(therapy), duration_text(therapy), format_text(therapy)]
    return " ".join(part for part in parts if part)
