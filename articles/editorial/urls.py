from django.urls import path

from articles.editorial import editor, views

# Included by articles/urls.py, in the "articles" namespace.
urlpatterns = [
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
]

# markdownx's admin widget looks these up by name, outside any namespace.
editor_urlpatterns = [
    path("markdownx/markdownify/", editor.preview, name="markdownx_markdownify"),
    path("markdownx/upload/", editor.upload, name="markdownx_upload"),
]
