from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from articles.read_model import editorial_of
from therapies.read_model import published_knowledge


class PlainTextSummaryAtomFeed(Atom1Feed):
    """Atom with the summary marked type="text".

    Django's Atom feed marks every summary as HTML, so feed readers would
    render markup in a standfirst (which is plain text) and swallow a
    literal "<". The summary is written here as text instead.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ArticlesFeed(Feed):
    feed_type = PlainTextSummaryAtomFeed
    title = "Therapy Compare: articles"
    subtitle = "Plain-English articles about talking therapies, checked against their sources."
    link = reverse_lazy("articles:article-list")

    def items(self):
        return editorial_of(published_knowledge()).articles[:20]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.standfirst

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author


class TherapiesFeed(Feed):
    """Every published therapy page, the most recently changed first, so people
    who follow the site hear when a fact is corrected or a therapy added."""

    feed_type = PlainTextSummaryAtomFeed
    title = "Therapy Compare: therapy pages"
    subtitle = "Talking therapy profiles, each fact cited. Newest changes first."
    link = reverse_lazy("therapies:therapy-list")

    def items(self):
        therapies = published_knowledge().published()
        return sorted(therapies, key=lambda therapy: therapy.updated_at, reverse=True)

    def item_title(self, therapy):
        return f"{therapy.name} ({therapy.abbreviation})"

    def item_description(self, therapy):
        return therapy.summary

    def item_pubdate(self, therapy):
        return therapy.updated_at

    def item_updateddate(self, therapy):
        return therapy.updated_at
