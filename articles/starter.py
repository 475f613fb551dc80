"""The starter article: "IPT and DIT: are they the same?"

Written fresh in plain English. Every figure is a live fact, so the article
changes when an editor changes the record. It cites the article the site
started from, and says where that article and other sources disagree.
"""

from therapies import starter as therapy_starter

IPT_VS_DIT = {
    "slug": "ipt-and-dit-are-they-the-same",
    "title": "IPT and DIT: are they the same?",
    "standfirst": "Interpersonal therapy (IPT) and dynamic interpersonal therapy (DIT) have "
    "similar names, and both work on relationships. But they are different therapies. This "
    "article explains how, and how to think about which might suit you.",
    "status": "published",
    "author": "Therapy Compare editorial team",
    "reviewer": therapy_starter.REVIEWER,
    "last_reviewed": therapy_starter.REVIEWED,
    "next_review_due": therapy_starter.NEXT_REVIEW,
    "therapies": ["ipt", "dit"],
    "sources": [
        "seed",
        "ng222",
        "iptuk",
        "dit-org",
        "annafreud-dit",
        "fonagy2020",
        "cuijpers2016",
        "malhi2023",
        "lipsitz2013",
        "swartz2014",
        "frank2007",
    ],
    "body": """\
## Why people mix them up

Both therapies start from the same idea: the way we get on with other people affects
how we feel, and working on our relationships can help with depression and anxiety.
Both are short, with a set number of sessions. So it is easy to think they are the
same thing. They are not.

## Different roots

IPT is a {{ ipt.school }} therapy. Published accounts say it grew from ideas about
relationships, including attachment theory, which is about how we form close bonds,
and from research on stress, support and illness. The article this site started from
says IPT takes more from cognitive behavioural therapy (CBT) than from psychodynamic
ideas; the published account we checked does not put it that way.

DIT is a {{ dit.school }} therapy. It is a short form of psychodynamic therapy, and
you may see it called short-term psychodynamic psychotherapy.

## Different places to look

IPT looks mainly at {{ ipt.focus }}. It asks whether something that happened
recently has upset the way you relate to people. That could be a death, a clash
with someone, a relationship starting or ending, an illness, a new job or a move.

DIT looks mainly at {{ dit.focus }}. It helps you spot a way of relating that you
learned early on and that keeps coming back, then looks at how it causes stress in
your relationships now.

Neither is as simple as "present" or "past". IPT also talks about past relationships,
and DIT applies what it finds to the here and now.

## Who you would see

For IPT, it is {{ ipt.providers }}. IPT UK, the professional body, expects an
accredited IPT therapist to already have a core mental health profession.

For DIT, it is {{ dit.providers }}. On the shorter route, therapists also need
supervised psychodynamic experience, their own therapy and professional registration.
The article this site started from says only psychodynamic therapists can offer DIT.
The training bodies describe both routes, so that is not the whole picture.

## How long it takes

IPT usually takes {{ ipt.sessions }}, over {{ ipt.weeks }}. There is also a brief
version with {{ ipt.brief }}. For depression that keeps coming back, IPT can carry on
as occasional sessions to help people stay well.

DIT is planned as {{ dit.sessions }}, over about five months. Services differ, so ask
yours what it offers. Our sources do not describe a shorter version of DIT, or DIT
carrying on as occasional sessions. That does not mean no service offers them.

## What the research says

IPT has {{ ipt.evidence }}. {{ ipt.research }}

DIT has {{ dit.evidence }}. {{ dit.research }}

Less research does not mean a therapy does not work. It means we can be less sure
how well it works. Neither therapy has evidence we have reviewed for problems other
than depression.

## What NICE says

NICE's guideline on depression in adults, from 2022, lists IPT as one option for
a new episode of depression, both less severe and more severe. For more severe
depression, NICE found some evidence that IPT works, but it seemed less good value
than some other options.

For DIT, NICE recommends short-term psychodynamic psychotherapy, which is the type
of therapy DIT belongs to. We could not find NICE naming DIT itself. Many websites,
including the article this site started from, say NICE recommends DIT, and some
still quote NICE advice from 2009 that has since been replaced.

## Which might suit you?

These are pointers, not rules:

- If you had a hard childhood, or feel you learned unhelpful ways of relating from
  your parents, DIT's focus on early patterns may suit you.
- If a recent change has knocked you off balance, such as a death, a break-up, a new
  job, an illness or a move, IPT's focus on the present may suit you.
- If talking about the past feels too upsetting right now, even if your childhood
  was hard, IPT may feel easier.

How well you get on with your therapist matters as much as the type of therapy. The
choice is yours, and you can ask your GP or local service what they offer.
""",
}

ARTICLES = [IPT_VS_DIT]

# "Which therapy is for me?" -------------------------------------------------
# The seed article's three pointers, plus the practical questions people ask.
# Each option's rules are tests of therapy attributes, so any therapy an
# editor adds is scored by them too.

QUESTIONS = [
    {
        "key": "childhood",
        "text": "Do you feel your difficulties go back to your childhood?",
        "hint": "For example, a hard childhood, never feeling loved, or ways of relating to "
        "people that you learned from your parents and that still cause problems.",
        "options": [
            (
                "yes",
                "Yes",
                [
                    (
                        "focus",
                        "equals",
                        "childhood_patterns",
                        2,
                        "{abbreviation} looks mainly at {focus}, which fits what you said about "
                        "your childhood.",
                    ),
                    (
                        "focus",
                        "equals",
                        "both",
                        1,
                        "{abbreviation} looks at patterns from earlier in life as well as the present.",
                    ),
                ],
            ),
            ("no", "No", []),
            ("not-sure", "I'm not sure", []),
        ],
    },
    {
        "key": "recent-change",
        "text": "Has something big changed in your life recently?",
        "hint": "For example, someone close to you died, a relationship ended, you started a "
        "new job, became ill or moved home.",
        "options": [
            (
                "yes",
                "Yes",
                [
                    (
                        "focus",
                        "equals",
                        "recent_events",
                        2,
                        "{abbreviation} looks mainly at {focus}, such as the change you described.",
                    ),
                    (
                        "focus",
                        "equals",
                        "both",
                        1,
                        "{abbreviation} looks at recent events as well as earlier life.",
                    ),
                ],
            ),
            ("no", "No", []),
        ],
    },
    {
        "key": "past",
        "text": "How do you feel about talking about your past?",
        "hint": "",
        "options": [
            (
                "fine",
                "I'm happy to talk about it",
                [
                    (
                        "focus",
                        "equals",
                        "childhood_patterns",
                        1,
                        "You are happy to talk about your past, which {abbreviation} spends time on.",
                    ),
                ],
            ),
            (
                "upsetting",
                "I find it upsetting",
                [
                    (
                        "focus",
                        "equals",
                        "recent_events",
                        2,
                        "{abbreviation} focuses on the present, so you would spend less time on "
                        "the past.",
                    ),
                    (
                        "focus",
                        "equals",
                        "childhood_patterns",
                        -2,
                        "{abbreviation} looks at {focus}, so it means talking about your past, "
                        "which you said you find upsetting.",
                    ),
                ],
            ),
            ("not-sure", "I'm not sure", []),
        ],
    },
    {
        "key": "sessions",
        "text": "How many weekly sessions do you think you could manage?",
        "hint": "Services differ, and you can talk this through with them.",
        "options": [
            (
                "about-8",
                "About 8",
                [
                    (
                        "shortest_course",
                        "at_most",
                        "8",
                        2,
                        "{abbreviation} can be done in {shortest} sessions.",
                    ),
                    (
                        "shortest_course",
                        "at_least",
                        "9",
                        -1,
                        "{abbreviation} usually takes {sessions}, more than 8.",
                    ),
                ],
            ),
            (
                "12-to-16",
                "12 to 16",
                [
                    (
                        "longest_course",
                        "at_most",
                        "16",
                        1,
                        "{abbreviation} usually takes {sessions}, which fits.",
                    ),
                ],
            ),
            (
                "ongoing",
                "I would like support over a longer time",
                [
                    (
                        "maintenance",
                        "equals",
                        "true",
                        1,
                        "{abbreviation} can carry on as occasional sessions to help you stay well.",
                    ),
                ],
            ),
        ],
    },
    {
        "key": "help-with",
        "kind": "conditions",
        "text": "What would you most like help with?",
        "hint": "Choose the one that matters most to you.",
        "options": [
            (
                "any-condition",
                "The condition the reader picks",
                [
                    (
                        "conditions",
                        "includes",
                        "",
                        1,
                        "{abbreviation} has evidence we have reviewed for {answer}.",
                    ),
                ],
            ),
        ],
    },
]

# The site's own pages. Editors own them once they exist.
ABOUT = {
    "slug": "about",
    "title": "About Therapy Compare",
    "standfirst": "Therapy Compare explains talking therapies in plain English and puts "
    "them side by side, so you can talk about your choices with your GP or a service.",
    "reviewer": therapy_starter.REVIEWER,
    "last_reviewed": therapy_starter.REVIEWED,
    "next_review_due": therapy_starter.NEXT_REVIEW,
    "body": """\
## Who publishes this site

Therapy Compare is published by the Therapy Compare editorial team. We are
independent: we do not provide therapy, train therapists or run a service.

## No adverts, no commercial interest

We do not take advertising or payment from therapists, training bodies or services,
and we do not earn anything from the choices you make. We do not track you.

## What this site is not

This site does not diagnose anyone or tell you which treatment you need. It helps
you understand the choices so you can talk them through with your GP or a therapy
service. If you need help now, see [urgent help](/urgent-help/).

## How we check facts

Our [editorial policy](/about/editorial-policy/) explains where our facts come from,
how we check and review them, and how we correct mistakes.

## What we keep

The "Which therapy?" questions and searches are not stored or sent anywhere. The one
thing you can choose to send us is a report of a mistake, with the "Report a
mistake" button at the bottom of each page. We keep those reports so an editor can
check them, and only editors see them.
""",
}

EDITORIAL_POLICY = {
    "slug": "editorial-policy",
    "title": "Editorial policy: how we choose, check and correct facts",
    "standfirst": "Every fact on this site comes from a source we name. Here is how we "
    "choose sources, what we do when they disagree, how often we review, and how we "
    "correct mistakes.",
    "reviewer": therapy_starter.REVIEWER,
    "last_reviewed": therapy_starter.REVIEWED,
    "next_review_due": therapy_starter.NEXT_REVIEW,
    "body": """\
## Where our facts come from

Every fact about a therapy is stored once, with the sources it comes from. The
pages you read are built from those records, so when we correct a fact, every page
that shows it changes at once.

We prefer, in this order: clinical guidelines such as NICE's, reviews that combine
many studies, single research studies, the bodies that train and accredit
therapists, NHS services, and, last, articles written for the public. Each source
is listed on the page that uses it, with a link where one exists.

## Claims are never stronger than the evidence

We only say a therapy is used for a problem when we have reviewed the research for
it, and we always say how strong that research is. If a source only mentions a use,
we show it apart from the others, as mentioned but not reviewed. If our sources do
not describe something, we say that, rather than saying it does not exist.

## When sources disagree

Sometimes sources say different things, or we could not check a claim. When that
happens, we say so on the page. We do not pick the answer we like best, and we do
not show a claim as fact if we could not confirm it.

## How we review

Each therapy, article and page shows when it was last reviewed, by whom, and when
the next review is due. We review everything at least every 3 years, and sooner
when a guideline or important study changes. A page whose review is overdue says so.

## Who reviews

Facts are checked by our editorial team against the sources listed. They are not
yet reviewed by a clinician, and each page says who checked it.

## How we correct mistakes

Every page has a "Report a mistake" button. An editor checks each report against
the sources, corrects the record if it is wrong, and closes the report with a note.
A correction shows on every page that uses the fact straight away.
""",
}

PAGES = [ABOUT, EDITORIAL_POLICY]
