from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.core.signals import request_finished

        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            page_cache,
            request_id,
        )

        request_finished.connect(request_id.clear, dispatch_uid="request_id_clear")
        page_cache.connect_signals()
