from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JapaneseConfig(AppConfig):
    name = "japanese"
    verbose_name = _("Japanese text")
