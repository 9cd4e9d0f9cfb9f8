"""gunicorn settings; every value can be changed from the environment."""

import multiprocessing
import os

from gunicorn.glogging import Logger

from core.logging import redact

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never takes a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Addresses of the proxies (the load balancer) whose X-Forwarded-Proto gunicorn believes. They
# are the proxies the portal's TRUSTED_PROXY_COUNT counts when it reads the client's address
# from X-Forwarded-For: set both, or neither (`check --deploy` warns when only this one is set).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "ayase_portal.wsgi:application"


class AccessLogWithoutSecrets(Logger):
    """gunicorn's logger, with the keys of secret links (core/logging.py) replaced in every
    log atom: request line, path, referrer, redirect location, headers."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str) and "/" in value:
                atoms[key] = redact(value)
        return atoms


logger_class = AccessLogWithoutSecrets
