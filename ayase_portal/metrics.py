"""/metrics for Prometheus: the counts of core/metrics.py and the portal's own figures.

Only scrapers may read it: a client whose address (core.http.client_ip, so the proxy's
X-Forwarded-For counts as everywhere else) is in METRICS_ALLOWED_IPS, or one that sends
``Authorization: Bearer <METRICS_TOKEN>``. Everyone else gets the site's 404, as if there
were nothing here.

Reservations, the queue and unsent mail are read from PostgreSQL and Redis at each scrape:
the database is the truth whichever node or worker changed a reservation, and nothing is
lost when a process restarts. Every node answers the same figures for them, so a dashboard
takes ``max`` of them across nodes, never ``sum``.
"""

import hmac
import ipaddress
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily

from core import metrics
from core.http import client_ip
from openfactory.selectors import reservation_counts

from . import health

logger = logging.getLogger(__name__)


def scraper_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    address = client_ip(request)
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    return any(
        ip in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS
    )


class PortalCollector:
    """Figures read at scrape time: five queries (one for the reservations, four for the
    unsent mail) and one broker round trip for the queue."""

    def collect(self):
        try:
            counts = reservation_counts()
            now = timezone.now()
            since = health.unsent_mail_since(now)
        except DatabaseError:
            # The counts of requests and tasks are served all the same: they tell most
            # about an outage.
            logger.warning("metrics: database unreachable, its figures left out")
            yield GaugeMetricFamily("ayase_database_up", "1 while the database answers.", 0)
        else:
            yield GaugeMetricFamily("ayase_database_up", "1 while the database answers.", 1)
            reservations = GaugeMetricFamily(
                "ayase_reservations",
                "Reservations by status, from the database (cancelled ones included).",
                labels=["status"],
            )
            for status, count in counts.items():
                reservations.add_metric([status], count)
            yield reservations
            yield GaugeMetricFamily(
                "ayase_oldest_unsent_mail_age_seconds",
                "Seconds since the oldest mail still unsent should have gone out (0: none).",
                0 if since is None else max(0.0, (now - since).total_seconds()),
            )

        broker, queue_length = health._broker()
        yield GaugeMetricFamily(
            "ayase_broker_up", "1 while the broker answers.", int(broker == "ok")
        )
        if queue_length is not None:
            yield GaugeMetricFamily(
                "ayase_celery_queue_length", "Tasks waiting in the workers' queues.", queue_length
            )


@never_cache
def metrics_view(request):
    if not scraper_allowed(request):
        raise Http404
    return HttpResponse(metrics.exposition(PortalCollector()), content_type=CONTENT_TYPE_LATEST)
