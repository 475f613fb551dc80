from django.urls import path

from articles import editor, views
from articles.feeds import ArticlesFeed, TherapiesFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", views.compare_form, name="compare"),
    path("compare/<str:slugs>/", views.comparison, name="comparison"),
    path("which-therapy/", views.which_therapy, name="which-therapy"),
    path("which-therapy/result/", views.which_therapy_result, name="which-therapy-result"),
    path("search/", views.search_page, name="search"),
    path("about/", views.about, name="about"),
    path("about/editorial-policy/", views.editorial_policy, name="editorial-policy"),
    path("urgent-help/", views.urgent_help, name="urgent-help"),
    path("report-a-mistake/", views.report_mistake, name="report-mistake"),
    path("report-a-mistake/thanks/", views.report_mistake_thanks, name="report-mistake-thanks"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("feeds/articles/", ArticlesFeed(), name="article-feed"),
    path("feeds/therapies/", TherapiesFeed(), name="therapy-feed"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
]

# markdownx's admin widget looks these up by name, outside any namespace.
editor_urlpatterns = [
    path("markdownx/markdownify/", editor.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload, name="markdownx_upload"),
]
