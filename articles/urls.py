from articles.chooser import urls as chooser
from articles.comparison import urls as comparison
from articles.editorial import urls as editorial
from articles.pages import urls as pages
from articles.reports import urls as reports
from articles.search import urls as search

app_name = "articles"

# One namespace for the whole app, so URL names ("articles:comparison") do not
# depend on which package a page lives in.
urlpatterns = [
    *pages.urlpatterns,
    *comparison.urlpatterns,
    *chooser.urlpatterns,
    *search.urlpatterns,
    *reports.urlpatterns,
    *editorial.urlpatterns,
]
