from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from meetings import views as meetings_views

from . import health, media, metrics, site_files, sitemaps, views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", meetings_views.about, name="about"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path("manifest.webmanifest", site_files.web_manifest, name="web_manifest"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("meetings/", include("meetings.urls")),
    path("openfactory/", include("openfactory.urls")),
    path("companies/", include("companies.urls")),
    path("talent/", include("talent.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.MEDIA_URL.startswith("/"):
    # Public uploads from the storage API, with DEBUG on or off (nginx may serve them first).
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.public_media, name="media")
    )

# 400.html and 500.html are pages of their own in both languages (no request, user or database
# needed); a database that cannot be reached gets the 503 maintenance page instead of the 500.
handler500 = "ayase_portal.errors.server_error"
