from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenfactoryConfig(AppConfig):
    name = "openfactory"
    verbose_name = _("Open factory")

    def ready(self):
        # The company page's programmes and the directory's "exhibits" filter, provided from
        # above into the places the companies app owns.
        from . import company_extensions

        company_extensions.register()

        # The surveys live in their own package (openfactory/surveys/): their admin, and
        # their tasks for Celery (autodiscover_tasks looks for <app>.tasks only).
        from .surveys import admin as survey_admin  # noqa: F401
        from .surveys import tasks as survey_tasks  # noqa: F401
