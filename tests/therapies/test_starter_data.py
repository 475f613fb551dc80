"""The starter content files: every fact cited, every citation known, every
source linked, every number backed by what its sources say.

These read the data files themselves (therapies/starter_data/,
articles/starter_data/), so they hold for every therapy added there later.
"""

import re

import pytest

from articles import starter as article_starter
from articles.chooser import questions_to_ask
from therapies import starter
from therapies.models import Fact

SOURCES = {source["key"]: source for source in starter.SOURCES}
THERAPIES = {therapy["slug"]: therapy for therapy in starter.THERAPIES}

# The fields each fact is written from (a fact is cited when any is filled in).
FACT_FIELDS: dict[str, list[str]] = {
    Fact.SUMMARY: ["summary"],
    Fact.ORIGIN: ["origin"],
    Fact.SCHOOL: ["influences", "form_of"],
    Fact.FOCUS: ["focus_detail"],
    Fact.SESSIONS_LIKE: ["sessions_like", "structure", "homework"],
    Fact.PROVIDERS: ["provider_background", "min_supervised_hours", "provider_detail"],
    Fact.DURATION: [
        "sessions_min",
        "sessions_max",
        "weeks_min",
        "weeks_max",
        "session_minutes_min",
        "session_minutes_max",
        "duration_detail",
    ],
    Fact.BRIEF: ["brief_sessions", "brief_detail"],
    Fact.MAINTENANCE: ["maintenance_detail"],
    Fact.FORMAT: ["format", "one_to_one", "in_a_group", "online", "by_phone"],
    Fact.EVIDENCE: ["evidence_summary"],
    Fact.WHO_FOR: ["suits", "may_not_suit"],
    Fact.NHS: ["nhs_step", "nhs_detail"],
    Fact.PRIVATE: ["register_name", "register_url"],
}
# Values that say nothing, so need no source.
SAYS_NOTHING = (None, "", False, "not_known")
NUMBER = re.compile(r"\d[\d,]*")


def numbers_in(*values) -> set[str]:
    found = set()
    for value in values:
        if value is None or isinstance(value, bool):
            continue
        found |= {number.replace(",", "") for number in NUMBER.findall(str(value))}
    return found


def what_sources_say(keys, notes=()) -> str:
    """Everything a reader can check a number against: the citation notes and
    each cited source's own title, date and notes."""
    parts = list(notes)
    for key in keys:
        source = SOURCES[key]
        parts += [source["title"], source.get("published", ""), source.get("notes", "")]
    return " ".join(parts)


def test_there_are_data_files_to_check():
    assert len(THERAPIES) >= 2 and len(SOURCES) >= 5 and article_starter.ARTICLES


@pytest.mark.parametrize("slug", sorted(THERAPIES))
def test_every_fact_of_a_therapy_cites_a_source(slug):
    therapy = THERAPIES[slug]
    for fact, fields in FACT_FIELDS.items():
        filled = [field for field in fields if therapy.get(field) not in SAYS_NOTHING]
        if filled:
            assert therapy["citations"].get(fact), f"{slug}: {fact} ({filled}) cites no source"


@pytest.mark.parametrize("slug", sorted(THERAPIES))
def test_every_use_for_a_condition_cites_a_source(slug):
    for condition, use in THERAPIES[slug]["conditions"].items():
        assert use["sources"], f"{slug} for {condition} cites no source"


def cited_keys():
    for therapy in starter.THERAPIES:
        for fact, citations in therapy["citations"].items():
            for key, _note in citations:
                yield f"{therapy['slug']} {fact}", key
        for condition, use in therapy["conditions"].items():
            for key in use["sources"]:
                yield f"{therapy['slug']} for {condition}", key
    for condition in starter.CONDITIONS:
        for key in condition.get("guidelines", []):
            yield f"condition {condition['slug']}", key
        for key, _note in cited(condition.get("sources")):
            yield f"condition {condition['slug']}", key
    for route in starter.ROUTES:
        for key, _note in cited(route["sources"]):
            yield f"route {route['key']}", key
    for guideline in starter.GUIDELINES:
        yield f"guideline {guideline['guideline']}", guideline["guideline"]
        for group in guideline["recommendations"]:
            where = f"{guideline['guideline']} {group['condition']} {group['population']}"
            for key, _note in cited(group.get("sources")):
                yield where, key
            for key, _note in cited(group.get("if_you_wait_sources")):
                yield f"{where} if you wait", key
            for option in group["options"]:
                for key, _note in cited(option.get("sources")):
                    yield f"{where} {option['name']}", key
    for article in article_starter.ARTICLES:
        for key in article["sources"]:
            yield f"article {article['slug']}", key
    # Words written in code that cite sources: the chooser summary's questions.
    for key in questions_to_ask.BRAN_SOURCES:
        yield "chooser summary: questions to ask", key
    for page in article_starter.PAGES:
        for key in sources_linked(page["body"]):
            yield f"page {page['slug']}", key


# A site page (about.md...) cites a source by linking to the source's url.
SOURCE_BY_URL = {source["url"]: key for key, source in SOURCES.items()}
LINK = re.compile(r"\]\((\S+?)\)")


def outside_links(markdown: str) -> list[str]:
    return [url for url in LINK.findall(markdown) if not url.startswith("/")]


def sources_linked(markdown: str) -> list[str]:
    return [SOURCE_BY_URL[url] for url in outside_links(markdown) if url in SOURCE_BY_URL]


PUBLISHED = sorted(slug for slug, therapy in THERAPIES.items() if therapy["status"] == "published")


@pytest.mark.parametrize("slug", PUBLISHED)
def test_every_published_therapy_says_who_it_may_and_may_not_suit_in_like_detail(slug):
    # A decision aid gives the good points and the downsides in equal detail
    # (IPDAS 2.1.1, docs/decision-aid.md): both are written, cited, and
    # neither is more than three times as long as the other.
    therapy = THERAPIES[slug]
    suits = len((therapy.get("suits") or "").split())
    may_not = len((therapy.get("may_not_suit") or "").split())
    assert suits and may_not, f"{slug}: suits {suits} words, may_not_suit {may_not} words"
    assert therapy["citations"].get(Fact.WHO_FOR), f"{slug}: who_for cites no source"
    assert max(suits, may_not) <= 3 * min(suits, may_not), f"{slug}: {suits} / {may_not} words"


def test_every_source_and_condition_is_written_once():
    # Split across files by topic, so the same key could be written twice.
    for records, field in [(starter.SOURCES, "key"), (starter.CONDITIONS, "slug")]:
        keys = [record[field] for record in records]
        assert sorted(key for key in set(keys) if keys.count(key) > 1) == []


def cited(items) -> list[tuple[str, str]]:
    return [starter.citation(item) for item in items or []]


CONDITIONS = {condition["slug"]: condition for condition in starter.CONDITIONS}
OPTIONS = [
    (guideline, group, option)
    for guideline in starter.GUIDELINES
    for group in guideline["recommendations"]
    for option in group["options"]
]


def test_every_citation_names_a_known_source():
    unknown = [(where, key) for where, key in cited_keys() if key not in SOURCES]
    assert unknown == []


def test_every_source_has_a_link_that_looks_like_it_works():
    for key, source in SOURCES.items():
        url = source.get("url", "")
        assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", url), f"{key}: {url!r}"
        if source["kind"] == "research":
            assert url.startswith("https://doi.org/10."), f"{key}: research needs its DOI"


def test_every_source_is_cited_somewhere():
    cited = {key for _where, key in cited_keys()}
    assert set(SOURCES) - cited == set()


@pytest.mark.parametrize("slug", sorted(THERAPIES))
def test_every_number_in_a_fact_is_one_its_sources_give(slug):
    therapy = THERAPIES[slug]
    for fact, fields in FACT_FIELDS.items():
        citations = therapy["citations"].get(fact, [])
        backing = numbers_in(
            what_sources_say([key for key, _ in citations], [note for _, note in citations])
        )
        for field in fields:
            if field == "register_url":
                continue  # a web address, not a claim
            missing = numbers_in(therapy.get(field)) - backing
            assert not missing, f"{slug}.{field}: {sorted(missing)} not in the sources of {fact}"


@pytest.mark.parametrize("slug", sorted(THERAPIES))
def test_every_number_about_a_condition_is_one_its_sources_give(slug):
    for condition, use in THERAPIES[slug]["conditions"].items():
        backing = numbers_in(what_sources_say(use["sources"]))
        # A row in NICE's table is a number too: a cited source must give it.
        notes = ["evidence_note", "guideline_note", "less_severe_note", "more_severe_note"]
        for field in [*notes, "less_severe_rank", "more_severe_rank"]:
            missing = numbers_in(use.get(field)) - backing
            assert not missing, f"{slug} for {condition}.{field}: {sorted(missing)}"


def test_every_number_written_in_an_article_is_one_its_sources_give():
    for article in article_starter.ARTICLES:
        prose = re.sub(r"\{\{.*?\}\}", "", article["body"])  # live facts are checked above
        backing = numbers_in(what_sources_say(article["sources"]))
        assert numbers_in(prose) - backing == set(), article["slug"]


def test_every_link_out_of_a_site_page_is_a_source_we_list():
    # So a page's facts are cited like any other: the source, its notes and its
    # review come with the link.
    for page in article_starter.PAGES:
        unknown = [url for url in outside_links(page["body"]) if url not in SOURCE_BY_URL]
        assert unknown == [], page["slug"]


# The site's own rules, not facts a source gives.
OUR_OWN_WORDS = ["every 3 years", "reading age of 11 to 14"]


def test_every_number_in_a_site_page_is_one_the_sources_it_links_give():
    # Paragraph by paragraph: a figure stands next to the link that cites it.
    for page in article_starter.PAGES:
        for paragraph in page["body"].split("\n\n"):
            prose = LINK.sub("", paragraph)
            for words in OUR_OWN_WORDS:
                prose = prose.replace(words, "")
            backing = numbers_in(what_sources_say(sources_linked(paragraph)))
            missing = numbers_in(prose) - backing
            assert not missing, f"{page['slug']}: {sorted(missing)} in {paragraph[:60]!r}"


def test_a_fact_with_no_citation_would_be_caught():
    # The check above can fail: a copy of a therapy with one citation removed.
    therapy = {**THERAPIES["ipt"], "citations": dict(THERAPIES["ipt"]["citations"])}
    del therapy["citations"][Fact.DURATION]
    filled = [f for f in FACT_FIELDS[Fact.DURATION] if therapy.get(f) not in SAYS_NOTHING]
    assert filled and not therapy["citations"].get(Fact.DURATION)


@pytest.mark.parametrize("slug", sorted(CONDITIONS))
def test_what_a_condition_says_about_itself_cites_a_source(slug):
    condition = CONDITIONS[slug]
    says = [field for field in ["affects", "talking_therapies"] if condition.get(field)]
    if says:
        assert cited(condition.get("sources")), f"{slug}: {says} cite no source"


@pytest.mark.parametrize("slug", sorted(CONDITIONS))
def test_every_number_about_a_condition_itself_is_one_its_sources_give(slug):
    condition = CONDITIONS[slug]
    citations = cited(condition.get("sources"))
    backing = numbers_in(
        what_sources_say([key for key, _ in citations], [note for _, note in citations])
    )
    for field in ["summary", "affects"]:
        missing = numbers_in(condition.get(field)) - backing
        assert not missing, f"{slug}.{field}: {sorted(missing)}"


def test_every_guideline_option_cites_a_source_and_its_numbers_are_theirs():
    assert OPTIONS
    for guideline, group, option in OPTIONS:
        where = f"{guideline['guideline']} {group['population']} {option['name']}"
        citations = cited(option.get("sources"))
        assert citations, f"{where} cites no source"
        backing = numbers_in(
            what_sources_say([key for key, _ in citations], [note for _, note in citations])
        )
        for field in ["note", "nice_words"]:
            missing = numbers_in(option.get(field)) - backing
            assert not missing, f"{where}.{field}: {sorted(missing)}"


def test_what_a_guideline_says_about_not_having_treatment_now_is_cited_with_its_numbers():
    groups = [group for guideline in starter.GUIDELINES for group in guideline["recommendations"]]
    assert any(group.get("if_you_wait") for group in groups)
    for group in groups:
        where = f"{group['condition']} {group['population']}"
        citations = cited(group.get("if_you_wait_sources"))
        if group.get("if_you_wait") or group.get("if_you_wait_words"):
            assert citations, f"{where}: if_you_wait cites no source"
        backing = numbers_in(
            what_sources_say([key for key, _ in citations], [note for _, note in citations])
        )
        for field in ["if_you_wait", "if_you_wait_words"]:
            missing = numbers_in(group.get(field)) - backing
            assert not missing, f"{where}.{field}: {sorted(missing)}"


def test_every_way_to_get_help_cites_its_sources_and_their_numbers():
    assert starter.ROUTES
    for route in starter.ROUTES:
        citations = cited(route["sources"])
        assert citations, route["key"]
        backing = numbers_in(
            what_sources_say([key for key, _ in citations], [note for _, note in citations])
        )
        assert numbers_in(route["summary"]) - backing == set(), route["key"]
        assert route["url"].startswith("https://"), route["key"]


def test_every_guideline_option_names_a_therapy_on_the_site_or_none():
    for guideline, group, option in OPTIONS:
        slug = option.get("therapy") or ""
        assert slug == "" or slug in THERAPIES, f"{guideline['guideline']}: {slug}"
        assert group["condition"] in CONDITIONS, group["condition"]
