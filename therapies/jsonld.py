"""schema.org descriptions of pages, as plain dicts (printed by the jsonld filter)."""

from therapies.models import Therapy


def therapy_page_jsonld(therapy: Therapy, request) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": request.build_absolute_uri(therapy.get_absolute_url()),
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
        },
    }
