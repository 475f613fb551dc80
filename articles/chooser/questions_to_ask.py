"""The questions the chooser's printable summary suggests a reader asks the
person who assesses them or the therapist.

Written in code, like urgent help, so no edit can empty them. The four BRAN
questions come from Choosing Wisely UK and cite it: the editorial read model
loads the sources named here (articles/read_model.py), the summary numbers
them like any other source, and tests/therapies/test_starter_data.py counts
them as cited, so the data checks keep those sources and refuse a key that
names none.
"""

BRAN_SOURCES = ("choosing-wisely-bran", "aomrc-choosing-wisely")

# Choosing Wisely UK's four questions, in our plain words: (what the letter
# stands for, the question).
BRAN = (
    ("Benefits", "What are the benefits of this treatment for me?"),
    ("Risks", "What are the risks or downsides?"),
    ("Alternatives", "What else could I try, including the other options on NICE's list?"),
    ("Nothing", "What if I do nothing for now, or wait?"),
)

# About the options themselves; "Can I have ... here?" names the options (views.py).
ABOUT_THE_OPTIONS = (
    "Is it one to one or in a group?",
    "Can I have it in person, online or by phone?",
    "How many sessions would I have, and how long is each one?",
    "Who would I see, and what training do they have?",
    "What happens if it does not help, or I want to stop?",
)
