"""The starter content: IPT and DIT, their schools, conditions and sources.

Facts come from ../shared/seed/FACTS.md with their sources; every sentence is
written fresh in plain English. Where the sources disagree or a fact could
not be checked, the text says so. Editors own these records once they exist:
load_starter_content only creates what is missing.
"""

import datetime

REVIEWED = datetime.date(2026, 11, 26)
NEXT_REVIEW = datetime.date(2027, 11, 26)
# Who checked the facts, and in what role: shown to readers on every page.
REVIEWER = (
    "Therapy Compare editorial team (fact-checking against the sources, not a clinical review)"
)

SOURCES = [
    {
        "key": "seed",
        "title": "Interpersonal Therapy vs DIT – Are They the Same?",
        "authors": "Darcy, A. M.",
        "publisher": "Harley Therapy blog",
        "kind": "article",
        "url": "https://www.harleytherapy.co.uk/counselling/interpersonal-therapy-vs-dit.htm",
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
        "publisher": "DIT website",
        "kind": "professional_body",
        "url": "https://www.d-i-t.org/training.php",
        "notes": "The website of the people who developed DIT.",
    },
    {
        "key": "annafreud-dit",
        "title": "Dynamic interpersonal therapy (DIT): FAQs and training programme",
        "authors": "",
        "publisher": "Anna Freud",
        "kind": "professional_body",
        "url": "https://www.annafreud.org/training/dynamic-interpersonal-therapy/dit-faqs/",
        "notes": "The charity that runs DIT training in the UK. Describes the two training routes.",
    },
    {
        "key": "berkshire-dit",
        "title": "Talking Therapies: Dynamic interpersonal therapy",
        "authors": "",
        "publisher": "Berkshire Healthcare NHS Foundation Trust",
        "kind": "service",
        "url": "https://www.berkshirehealthcare.nhs.uk/services/talking-therapies/dynamic-interpersonal-therapy",
        "notes": "What one NHS talking therapies service offers. Other services may differ.",
    },
    {
        "key": "fonagy2020",
        "title": "Dynamic interpersonal therapy for moderate to severe depression: a pilot "
        "randomized controlled and feasibility trial",
        "authors": "Fonagy, P. et al.",
        "publisher": "Psychological Medicine 50(6)",
        "kind": "research",
        "url": "https://doi.org/10.1017/S0033291719000928",
        "published": "2020 (online 2019)",
        "notes": "A pilot (small, early) trial with 147 people.",
    },
    {
        "key": "cuijpers2016",
        "title": "Interpersonal psychotherapy for mental health problems: a comprehensive "
        "meta-analysis",
        "authors": "Cuijpers, P. et al.",
        "publisher": "American Journal of Psychiatry 173(7)",
        "kind": "research",
        "url": "https://doi.org/10.1176/appi.ajp.2015.15091141",
        "published": "2016",
        "notes": "A review that combined 90 studies with 11,434 people, for all mental health "
        "problems, not only depression. Most studies had some risk of bias.",
    },
    {
        "key": "malhi2023",
        "title": "Positioning of psychodynamic psychotherapy in the treatment of depression: "
        "a comparison of the RANZCP 2020 and NICE 2022 guidelines",
        "authors": "Malhi, G. S. et al.",
        "publisher": "Australasian Psychiatry 31(3)",
        "kind": "research",
        "url": "https://doi.org/10.1177/10398562231159329",
        "published": "2023",
        "notes": "Compares what two national guidelines say about psychodynamic therapy.",
    },
    {
        "key": "lipsitz2013",
        "title": "Mechanisms of change in interpersonal therapy (IPT)",
        "authors": "Lipsitz, J. D. and Markowitz, J. C.",
        "publisher": "Clinical Psychology Review 33(8)",
        "kind": "research",
        "url": "https://doi.org/10.1016/j.cpr.2013.09.002",
        "published": "2013",
        "notes": "A review of the ideas IPT is built on and how it may work.",
    },
    {
        "key": "swartz2014",
        "title": "Brief interpersonal psychotherapy (IPT-B): overview and review of evidence",
        "authors": "Swartz, H. A., Grote, N. K. and Graham, P.",
        "publisher": "American Journal of Psychotherapy 68(4)",
        "kind": "research",
        "url": "https://doi.org/10.1176/appi.psychotherapy.2014.68.4.443",
        "published": "2014",
        "notes": "Describes IPT-B, an 8-session version of IPT, and reviews its research.",
    },
    {
        "key": "frank2007",
        "title": "Randomized trial of weekly, twice-monthly, and monthly interpersonal "
        "psychotherapy as maintenance treatment for women with recurrent depression",
        "authors": "Frank, E. et al.",
        "publisher": "American Journal of Psychiatry 164(5)",
        "kind": "research",
        "url": "https://doi.org/10.1176/appi.ajp.164.5.761",
        "published": "2007",
        "notes": "A trial with 233 women whose depression had come back more than once.",
    },
    # Clinical guidelines readers are pointed to where this site has no
    # reviewed evidence for any therapy (see CONDITIONS).
    {
        "key": "ng69",
        "title": "Eating disorders: recognition and treatment (NG69)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/ng69",
        "published": "2017",
        "notes": "The NHS guideline for eating disorders.",
    },
    {
        "key": "ng116",
        "title": "Post-traumatic stress disorder (NG116)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/ng116",
        "published": "5 December 2018",
        "notes": "The NHS guideline for PTSD.",
    },
    {
        "key": "cg185",
        "title": "Bipolar disorder: assessment and management (CG185)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/cg185",
        "published": "24 September 2014",
        "notes": "The NHS guideline for bipolar disorder.",
    },
    {
        "key": "cg113",
        "title": "Generalised anxiety disorder and panic disorder in adults: management (CG113)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/cg113",
        "published": "26 January 2011",
        "notes": "The NHS guideline for generalised anxiety and panic.",
    },
    {
        "key": "cg159",
        "title": "Social anxiety disorder: recognition, assessment and treatment (CG159)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/cg159",
        "published": "22 May 2013",
        "notes": "The NHS guideline for social anxiety.",
    },
    {
        "key": "cg115",
        "title": "Alcohol-use disorders: diagnosis, assessment and management of harmful "
        "drinking and alcohol dependence (CG115)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/cg115",
        "published": "2011",
        "notes": "The NHS guideline for problems with alcohol.",
    },
    {
        "key": "cg51",
        "title": "Drug misuse in over 16s: psychosocial interventions (CG51)",
        "authors": "",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "kind": "guideline",
        "url": "https://www.nice.org.uk/guidance/cg51",
        "published": "2007",
        "notes": "The NHS guideline on talking and other psychosocial help for drug misuse.",
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

# Conditions, with the guideline and specialist support a reader is pointed to
# when no therapy here has reviewed evidence for it. A support line is named
# only where its details could be checked; Beat's helpline numbers could not be
# confirmed on Beat's own pages, so readers are sent to its website for them.
CONDITIONS = [
    {"slug": "depression", "name": "Depression", "guidelines": ["ng222"]},
    {"slug": "anxiety", "name": "Anxiety", "guidelines": ["cg113", "cg159"]},
    {"slug": "relationship-problems", "name": "Relationship problems"},
    {"slug": "loneliness", "name": "Loneliness"},
    {"slug": "grief", "name": "Grief"},
    {"slug": "life-changes", "name": "Big life changes"},
    {"slug": "midlife-crisis", "name": "Midlife crisis"},
    {"slug": "substance-misuse", "name": "Substance misuse", "guidelines": ["cg115", "cg51"]},
    {"slug": "bipolar-disorder", "name": "Bipolar disorder", "guidelines": ["cg185"]},
    {
        "slug": "eating-disorders",
        "name": "Eating disorders",
        "guidelines": ["ng69"],
        "support": "Beat, the UK's eating disorder charity, offers support and helplines.",
        "support_url": "https://www.beateatingdisorders.org.uk/",
    },
    {"slug": "ptsd", "name": "Post-traumatic stress disorder (PTSD)", "guidelines": ["ng116"]},
]

SEED_ONLY_USE = {
    "evidence_level": "not_reviewed",
    "evidence_note": "One article lists this as a use. We have not reviewed the research.",
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
        "influences": "Published accounts say IPT builds on ideas about relationships from "
        "Harry Stack Sullivan and John Bowlby (attachment theory, which is about how we form "
        "close bonds), and on research about stress, support from other people and illness. "
        "One article says IPT takes more from cognitive behavioural therapy (CBT) than from "
        "psychodynamic ideas. The published account we checked does not describe it that way.",
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
        "maintenance_detail": "For depression that keeps coming back, IPT can carry on as "
        "occasional sessions, for example once a month, to help people stay well after they "
        "recover. Trials have tested this.",
        "evidence_level": "moderate",
        "evidence_summary": "A review in 2016 combined 90 studies with 11,434 people. The "
        "studies were about IPT for many mental health problems, not only depression. The "
        "review found that IPT helps with depression, and no clear difference between IPT and "
        "other therapies. But most of the studies had some risk of bias: weaknesses in how "
        "they were done that make the results less certain. NICE describes the evidence for "
        "IPT in less severe depression as “some evidence”.",
        "citations": {
            "summary": ["seed", "iptuk"],
            "origin": ["iptuk"],
            "school": [
                (
                    "lipsitz2013",
                    "IPT builds on work by Sullivan, Bowlby and others, and on research on "
                    "stress, social support and illness.",
                ),
                ("seed", "IPT takes more from CBT than from psychodynamic ideas."),
            ],
            "focus": ["seed", "iptuk"],
            "sessions_like": ["seed"],
            "providers": [
                ("seed", "any therapist can choose to train in IPT."),
                ("iptuk", "accreditation expects a core mental health profession."),
            ],
            "duration": ["seed", "iptuk"],
            "brief": [("swartz2014", "IPT-B is an 8-session version of IPT.")],
            "maintenance": ["frank2007", "iptuk"],
            "format": ["seed"],
            "evidence": ["cuijpers2016", "ng222"],
        },
        "conditions": {
            "depression": {
                "evidence_level": "moderate",
                "evidence_note": "A 2016 review found IPT helps with depression, but most "
                "studies had some risk of bias. NICE calls the evidence “some evidence”.",
                "guideline_status": "listed",
                "guideline_note": "For a new episode of less severe depression, NICE lists "
                "IPT as an option: there was some evidence that it works and is good value. "
                "NICE suggests it for people who would rather not have CBT or behavioural "
                "activation, which it found the best value. For more severe depression, NICE "
                "also includes IPT as an option: it found some evidence that IPT works, but "
                "it seemed less good value than other options. We have not checked IPT's "
                "exact place in either of NICE's tables.",
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
        "provider_route": "training_routes",
        "provider_background": "a 5-day course for psychodynamic practitioners, or a 20-day "
        "course for counsellors and psychologists",
        "min_supervised_hours": None,
        "provider_detail": "There are two ways to train. The 5-day course is for people "
        "already trained in psychodynamic work. They need at least 150 hours of this work with "
        "a supervisor. They need at least a year of weekly therapy of their own. And they must "
        "be on a professional register. The 20-day course is for counsellors and "
        "psychologists. They need a counselling diploma or a doctorate in psychology. They "
        "must be on the BACP, UKCP or HCPC register. They do not need therapy of their own. "
        "One article says only psychodynamic therapists with 150 hours of experience can "
        "offer DIT. The training bodies describe both routes.",
        "sessions_min": 16,
        "sessions_max": 16,
        "weeks_min": None,
        "weeks_max": None,
        "brief_sessions": None,
        "duration_detail": "DIT is planned as 16 sessions over about five months. Services "
        "differ: one NHS service says most people have 8 to 16 sessions, each 30 to 50 "
        "minutes long. Ask your service what it offers.",
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
                    "annafreud-dit",
                    "a 5-day course for psychodynamically trained practitioners (150 hours of "
                    "supervised psychodynamic work, personal therapy, registration) and a "
                    "20-day course for counsellors and psychologists.",
                ),
                ("dit-org", "at least 150 hours of supervised psychodynamic practice."),
                (
                    "seed",
                    "only psychodynamic therapists with at least 150 hours of experience.",
                ),
            ],
            "duration": [
                ("fonagy2020", "16 sessions over about five months."),
                ("berkshire-dit", "most people have 8 to 16 sessions of 30 to 50 minutes."),
            ],
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
