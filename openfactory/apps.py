from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenfactoryConfig(AppConfig):
    name = "openfactory"
    verbose_name = _("Open factory")
