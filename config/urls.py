from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.editorial.urls import editor_urlpatterns
from articles.pages.sitemaps import SITEMAPS
from common.caching import public
from config import health
from config.login import LockoutAdminAuthenticationForm

admin.site.login_form = LockoutAdminAuthenticationForm

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", public(reads=["p"])(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("therapies.urls")),
    path("", include("articles.urls")),
    *editor_urlpatterns,
]

if settings.DEBUG:
    # In production uploads are served by the web server or object storage.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
