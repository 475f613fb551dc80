"""The starter content: IPT and DIT, their schools, conditions and sources.

Facts come from ../shared/seed/FACTS.md with their sources; every sentence is
written fresh in plain English. Where the sources disagree or a fact could
not be checked, the text says so. Editors own these records once they exist:
load_starter_content only creates what is missing.
"""

import datetime

REVIEWED = datetime.date(2026, 11, 26)
NEXT_REVIEW = datetime.date(2027, 11, 26)
REVIEWER = "Therapy Compare editorial team"

SOURCES = [
    {
        "key": "seed",
        "title": "Interpersonal Therapy vs DIT – Are They the Same?",
        "authors": "Darcy, A. M.",
        "publisher": "Harley Therapy blog",
        "kind": "article",
        "url": "https://www.harleytherapy.co.uk/",
        "notes": "An article for the public by a mental health writer. Helpful, but not an "
        "official source, and out of date on some points.",
    },
    {
        "key": "ng222",
        "title": "Depression in adults: treatment and management (NG222)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/ng222",
        "published": "29 June 2022",
        "notes": "The official guideline for the NHS in England on treating depression in adults.",
    },
    {
        "key": "iptuk",
        "title": "Stages of IPT; IPT accreditation",
        "authors": "",
        "publisher": "IPT UK",
        "kind": "professional_body",
        "url": "https://iptuk.net/",
        "notes": "The professional body for IPT in the UK.",
    },
    {
        "key": "dit-org",
        "title": "Dynamic Interpersonal Therapy: about DIT and DIT training",
        "authors": "",
        "publisher": "DIT website and the Anna Freud centre",
        "kind": "professional_body",
        "url": "https://www.d-i-t.org/",
        "notes": "The people who developed DIT and train DIT therapists (also annafreud.org).",
    },
    {
        "key": "fonagy2020",
        "title": "Dynamic interpersonal therapy for moderate to severe depression: a pilot "
        "randomized controlled and feasibility trial",
        "authors": "Fonagy, P. et al.",
        "publisher": "Psychological Medicine",
        "kind": "research",
        "published": "2020 (online 2019)",
        "notes": "A pilot (small, early) trial with 147 people.",
    },
    {
        "key": "cuijpers2016",
        "title": "Interpersonal psychotherapy for mental health problems: a comprehensive "
        "meta-analysis",
        "authors": "Cuijpers, P. et al.",
        "publisher": "American Journal of Psychiatry",
        "kind": "research",
        "published": "2016",
        "notes": "A review that combined 90 studies with 11,434 people.",
    },
    {
        "key": "malhi2023",
        "title": "Positioning of psychodynamic psychotherapy in the treatment of depression: "
        "a comparison of the RANZCP 2020 and NICE 2022 guidelines",
        "authors": "Malhi, G. S. et al.",
        "publisher": "Australasian Psychiatry 31(3)",
        "kind": "research",
        "published": "2023",
        "notes": "Compares what two national guidelines say about psychodynamic therapy.",
    },
]

SCHOOLS = [
    {
        "slug": "psychosocial",
        "name": "Psychosocial",
        "description": "Therapies that work on the links between how you feel and your "
        "relationships and everyday life.",
    },
    {
        "slug": "psychodynamic",
        "name": "Psychodynamic",
        "description": "Therapies based on the idea that feelings and patterns from earlier "
        "in life shape how we feel and relate to others today.",
    },
]

CONDITIONS = [
    ("depression", "Depression"),
    ("anxiety", "Anxiety"),
    ("relationship-problems", "Relationship problems"),
    ("loneliness", "Loneliness"),
    ("grief", "Grief"),
    ("life-changes", "Big life changes"),
    ("midlife-crisis", "Midlife crisis"),
    ("substance-misuse", "Substance misuse"),
    ("bipolar-disorder", "Bipolar disorder"),
    ("eating-disorders", "Eating disorders"),
    ("ptsd", "Post-traumatic stress disorder (PTSD)"),
]

SEED_ONLY_USE = {
    "evidence_level": "not_reviewed",
    "evidence_note": "One article lists this as a use. We have not checked the research yet.",
    "guideline_status": "not_checked",
    "sources": ["seed"],
}

THERAPIES = [
    {
        "slug": "ipt",
        "name": "Interpersonal therapy",
        "abbreviation": "IPT",
        "status": "published",
        "position": 10,
        "summary": "IPT is a short talking therapy. It helps you see how your mood and your "
        "relationships affect each other. You work on something that is happening in your "
        "life now, such as a loss, a falling-out or a big change.",
        "origin": "Klerman and Weissman developed IPT in the 1970s. It was first used to "
        "treat depression.",
        "school": "psychosocial",
        "influences": "It takes some ideas from psychodynamic therapy, but more from "
        "cognitive behavioural therapy (CBT) and from attachment theory, which is about "
        "how we form close bonds with people.",
        "focus": "recent_events",
        "focus_detail": "It looks at your relationships now, and at recent events that upset "
        "them. This could be a death, a clash with someone, or a relationship that starts or "
        "ends. It could also be feeling cut off from people, an illness, a new job or a move "
        "abroad. The usual model works on four areas: grief, disputes, changes in your role "
        "in life, and finding it hard to make or keep relationships. You will talk about past "
        "relationships too. So saying IPT only looks at the present is a simplification.",
        "sessions_like": "You meet your therapist once a week. Together you pick the "
        "problem to work on. You look at how you talk to people, what you need from them, "
        "and how to ask for support and keep it.",
        "format": "Weekly sessions with a therapist trained in IPT.",
        "provider_route": "any_trained",
        "provider_background": "",
        "min_supervised_hours": None,
        "provider_detail": "Our sources do not fully agree. One article says a therapist from "
        "any background can train in IPT. IPT UK, the professional body, expects an accredited "
        "IPT therapist to already work in a core mental health profession. Other people may "
        "only practise IPT while they work for the NHS or a voluntary service.",
        "sessions_min": 12,
        "sessions_max": 16,
        "weeks_min": 12,
        "weeks_max": 16,
        "brief_sessions": 8,
        "duration_detail": "IPT UK's standard model has 16 sessions in three stages: "
        "sessions 1 to 4, sessions 5 to 12, and sessions 13 to 16.",
        "maintenance": True,
        "maintenance_detail": "For depression, IPT can carry on as occasional sessions "
        "over several years, to help you stay well after you recover.",
        "evidence_level": "strong",
        "evidence_summary": "A large review in 2016 combined 90 studies with 11,434 people. "
        "It found that IPT helps with depression. It found no clear difference between "
        "IPT and other therapies.",
        "citations": {
            "summary": ["seed", "iptuk"],
            "origin": ["iptuk"],
            "school": ["seed"],
            "focus": ["seed", "iptuk"],
            "sessions_like": ["seed"],
            "providers": [
                ("seed", "any therapist can choose to train in IPT."),
                ("iptuk", "accreditation expects a core mental health profession."),
            ],
            "duration": ["seed", "iptuk"],
            "brief": ["seed", "iptuk"],
            "maintenance": ["seed", "iptuk"],
            "format": ["seed"],
            "evidence": ["cuijpers2016"],
        },
        "conditions": {
            "depression": {
                "evidence_level": "strong",
                "evidence_note": "A 2016 review of 90 studies with 11,434 people.",
                "guideline_status": "listed",
                "guideline_note": "For a new episode of less severe depression, NICE lists "
                "IPT as an option, with some evidence that it works and is good value. It is "
                "eighth of the 11 options in NICE's table. We have not yet confirmed where "
                "it sits for more severe depression.",
                "sources": ["cuijpers2016", "ng222"],
            },
            **dict.fromkeys(
                [
                    "anxiety",
                    "relationship-problems",
                    "loneliness",
                    "grief",
                    "life-changes",
                    "midlife-crisis",
                    "substance-misuse",
                    "bipolar-disorder",
                    "eating-disorders",
                    "ptsd",
                ],
                SEED_ONLY_USE,
            ),
        },
    },
    {
        "slug": "dit",
        "name": "Dynamic interpersonal therapy",
        "abbreviation": "DIT",
        "status": "published",
        "position": 20,
        "summary": "DIT is a short form of psychodynamic therapy. It helps you find a "
        "pattern in the way you relate to people, often one you learned as a child. Then "
        "you look at how that pattern causes stress in your relationships today.",
        "origin": "Lemma, Target and Fonagy developed DIT around 2010. They wrote it as a "
        "short psychodynamic therapy with a set plan, for NHS talking therapy services.",
        "school": "psychodynamic",
        "influences": "It is a brief form of psychodynamic therapy. You may see it called "
        "short-term psychodynamic psychotherapy.",
        "focus": "childhood_patterns",
        "focus_detail": "It looks for a pattern in how you relate to others that keeps "
        "repeating, usually one learned early in life. The work then focuses on how that "
        "pattern affects your relationships here and now.",
        "sessions_like": "You and your therapist try to name the pattern that keeps coming "
        "back in your relationships. Then you look at how it affects the people in your "
        "life today.",
        "format": "Sessions with a therapist trained in DIT, who follows a set plan.",
        "provider_route": "required_background",
        "provider_background": "psychodynamic therapists (on the usual training route)",
        "min_supervised_hours": 150,
        "provider_detail": "Training bodies ask for more than hours of practice. On the usual "
        "route, the therapist must also have had this kind of therapy themselves, and be "
        "registered with a professional body. A longer route trains counsellors and "
        "psychologists from other backgrounds too. One article says only psychodynamic "
        "therapists with 150 hours of experience can offer DIT. That is not the whole picture.",
        "sessions_min": 16,
        "sessions_max": 16,
        "weeks_min": None,
        "weeks_max": None,
        "brief_sessions": None,
        "duration_detail": "DIT is planned as 16 sessions. Services can differ in what they "
        "offer, so ask yours.",
        "maintenance": False,
        "maintenance_detail": "",
        "evidence_level": "limited",
        "evidence_summary": "One pilot trial tested DIT with 147 people with moderate to "
        "severe depression. After six months, people who had DIT did better than people "
        "who had low-intensity help. Their results were similar to people who had CBT, but "
        "the CBT group was small.",
        "citations": {
            "summary": ["seed", "dit-org"],
            "origin": ["dit-org"],
            "school": ["seed"],
            "focus": ["seed", "dit-org"],
            "sessions_like": ["seed", "dit-org"],
            "providers": [
                (
                    "seed",
                    "only psychodynamic therapists with at least 150 hours of experience.",
                ),
                (
                    "dit-org",
                    "150 hours of supervised psychodynamic practice, personal therapy and "
                    "registration; a longer route for others.",
                ),
            ],
            "duration": ["seed", "dit-org"],
            "format": ["dit-org"],
            "evidence": ["fonagy2020"],
        },
        "conditions": {
            "depression": {
                "evidence_level": "limited",
                "evidence_note": "One pilot trial with 147 people.",
                "guideline_status": "family_listed",
                "guideline_note": "NICE recommends short-term psychodynamic psychotherapy, "
                "and DIT is one form of it. We could not find NICE naming DIT itself. This "
                "type of therapy is last of 11 options for less severe depression, and "
                "seventh for more severe depression. One article says NICE recommends DIT, "
                "and many DIT pages quote older NICE guidance from 2009 that has since been "
                "replaced.",
                "sources": ["fonagy2020", "ng222", "malhi2023", "seed"],
            },
            "anxiety": SEED_ONLY_USE,
            "relationship-problems": SEED_ONLY_USE,
            "loneliness": SEED_ONLY_USE,
        },
    },
]
