"""Does a search look like someone in crisis? Then urgent help comes first.

A pure function over the words typed: no storage, no logging. It errs on the
side of showing help: showing the urgent-help panel to someone who searched
"suicide statistics" costs little; missing someone who needed it costs a lot.
"""

import re

# Written against the normalised text: lower case, hyphens as spaces, no
# apostrophes, single spaces.
CRISIS_PATTERNS = [
    r"suicid\w*",
    r"kill(ing|ed)? (my ?self|me)",
    r"end(ing)? (my life|it all|my own life|things)",
    r"take my (own )?life",
    r"self ?harm\w*",
    r"(harm|hurt|cut|cutting|harming|hurting)( my ?self| me)",
    r"overdos\w*",
    r"crisis",
    r"(want|wanna|wanting) to die",
    r"(dont|do not) want to (live|be alive|be here)",
    r"better off dead",
    r"no (reason|point) (to|in) (live|living)",
]
CRISIS = re.compile(r"\b(" + "|".join(CRISIS_PATTERNS) + r")\b")


def normalise(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    text = re.sub(r"[-_/]+", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def mentions_crisis(query: str) -> bool:
    """True when the words suggest thoughts of suicide, self-harm or a crisis."""
    return bool(CRISIS.search(normalise(query)))
