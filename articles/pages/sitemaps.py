from itertools import combinations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.read_model import editorial_of
from therapies.models import comparison_url
from therapies.read_model import published_knowledge


class PagesSitemap(Sitemap):
    def items(self):
        return [
            "articles:home",
            "therapies:therapy-list",
            "articles:compare",
            "articles:which-therapy",
            "articles:article-list",
            "articles:about",
        ]

    def location(self, item):
        return reverse(item)


class TherapySitemap(Sitemap):
    def items(self):
        return published_knowledge().published()

    def lastmod(self, therapy):
        return therapy.updated_at


class ConditionSitemap(Sitemap):
    def items(self):
        return published_knowledge().shown_conditions()


class ComparisonSitemap(Sitemap):
    """Every pair of published therapies, at its canonical address."""

    def items(self):
        return list(combinations(published_knowledge().published(), 2))

    def location(self, pair):
        return comparison_url(pair)

    def lastmod(self, pair):
        return max(therapy.updated_at for therapy in pair)


class ArticleSitemap(Sitemap):
    def items(self):
        return editorial_of(published_knowledge()).articles

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "therapies": TherapySitemap,
    "conditions": ConditionSitemap,
    "comparisons": ComparisonSitemap,
    "articles": ArticleSitemap,
}
