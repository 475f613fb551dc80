import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from therapies.text import lower_first

register = template.Library()

# The characters that could end a <script> element or start a comment inside
# it, written as JSON escapes (the same set Django's json_script escapes).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: dict):
    """Print schema.org data as <script type="application/ld+json">.

    It is data, not script, so a strict script-src CSP does not block it and
    the page can be cached whole.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter(name="lower_first")
def lower_first_filter(text: str) -> str:
    """'Depression' → 'depression' mid-sentence, but 'PTSD' stays 'PTSD' (not |lower)."""
    return lower_first(str(text))


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


@register.simple_tag
def refs(references):
    """Numbered links from a fact to its sources: [1][2].

    A tag rather than an include: it runs for every cell of the comparison
    table, where an include's template machinery costs more than the page's queries.
    """
    if not references:
        return ""
    links = format_html_join(
        "",
        '<a href="#source-{}" aria-label="Source {}: {}">[{}]</a>',
        ((ref.number, ref.number, ref.source.title, ref.number) for ref in references),
    )
    return format_html('<span class="refs">{}</span>', links)
