from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.jsonld import jsonld_script
from common.text import first_sentence_of, lower_first

register = template.Library()


@register.filter
def jsonld(data):
    """Print schema.org data as <script type="application/ld+json"> (common/jsonld.py)."""
    return jsonld_script(data)


@register.simple_tag
def choice(chosen, key: str, value: str, attribute: str):
    """' checked' (or ' selected') where the reader chose this answer; "" is
    the answer of a question left unanswered."""
    return mark_safe(f" {attribute}") if chosen.get(key, "") == value else ""


@register.filter(name="lower_first")
def lower_first_filter(text: str) -> str:
    """'Depression' → 'depression' mid-sentence, but 'PTSD' stays 'PTSD' (not |lower)."""
    return lower_first(str(text))


@register.filter
def first_sentence(text: str) -> str:
    """The first sentence of a plain text: "Panic disorder is ... . It ..." → "Panic disorder is ... ."."""
    return first_sentence_of(str(text))


@register.filter
def add_list(first, second) -> list:
    """first|add_list:second: one list after the other."""
    return [*first, *second]


@register.filter
def get_item(mapping: dict, key: str):
    """mapping|get_item:key, for dictionaries keyed by a variable."""
    return mapping.get(key, "")


class CaptureNode(template.Node):
    # Declared so that {% block %} tags inside are found and overridden by
    # child templates, like blocks anywhere else.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # The nodelist's output is already escaped HTML; marking it safe stops
        # {{ name }} escaping it a second time (&amp; shown as "&amp;amp;").
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}...{% endcapture %}: render once, use as {{ name }} many times.

    The base template uses it to print a page's title block in <title> and
    in the Open Graph tags.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def number_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → '1–3,5': a compact marker however many sources a fact has."""
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else ",".join(map(str, run)))
        run = [n]
    if run:
        parts.append(f"{run[0]}–{run[-1]}" if len(run) > 2 else ",".join(map(str, run)))
    return ",".join(parts)


@register.simple_tag
def refs(references):
    """One discreet marker per fact, e.g. [1–3], linking to the first of its
    sources in the numbered list at the end and naming them all to screen readers.

    A tag rather than an include: it runs for every cell of the comparison
    table, where an include's template machinery costs more than the page's queries.
    """
    if not references:
        return ""
    by_number = {ref.number: ref.source.title for ref in references}
    numbers = sorted(by_number)
    marker = number_ranges(numbers)
    # The name starts with what is shown, so voice control users can say it.
    word = "source" if len(numbers) == 1 else "sources"
    label = f"[{marker}] {word}: " + "; ".join(by_number[n] for n in numbers)
    # Brackets keep "16 sessions[2]" from reading as a power of sixteen.
    return format_html(
        '<span class="ref"><a href="#source-{}" aria-label="{}">[{}]</a></span>',
        numbers[0],
        label,
        marker,
    )
