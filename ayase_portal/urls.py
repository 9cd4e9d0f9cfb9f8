from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views
from meetings import views as meetings_views

from . import health, sitemaps, views

admin.site.site_header = _("Ayase Innovation Promotion Committee portal administration")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Administration")
admin.site.site_url = "/"
# Everyone signs in through allauth (rate limits, second factor, password reset); the admin
# checks no password of its own.
admin.site.login = accounts_views.admin_login
admin.site.password_change = accounts_views.admin_password_change
admin.site.password_change_done = accounts_views.admin_password_change

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", meetings_views.about, name="about"),
    path("healthz", health.healthz, name="healthz"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("meetings/", include("meetings.urls")),
    path("openfactory/", include("openfactory.urls")),
    path("companies/", include("companies.urls")),
    path("talent/", include("talent.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
