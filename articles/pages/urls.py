from django.urls import path

from articles.pages import views
from articles.pages.feeds import ArticlesFeed, TherapiesFeed
from common.caching import public

# Included by articles/urls.py, in the "articles" namespace.
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("about/editorial-policy/", views.editorial_policy, name="editorial-policy"),
    path("urgent-help/", views.urgent_help, name="urgent-help"),
    path("how-to-get-help/", views.getting_help, name="getting-help"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("feeds/articles/", public()(ArticlesFeed()), name="article-feed"),
    path("feeds/therapies/", public()(TherapiesFeed()), name="therapy-feed"),
]
