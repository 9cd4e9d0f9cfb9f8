"""gunicorn settings; every value can be changed from the environment."""

import datetime as dt
import glob
import json
import multiprocessing
import os
import time

from gunicorn.glogging import Logger

from core.logging import RedactedJsonFormatter, redact
from core.warmup import warm_up_worker

# The master's log lines in the portal's time zone, as the workers' are (Django sets TZ to
# settings.TIME_ZONE in each worker, tests/site/test_warmup.py checks they agree): one offset
# in the whole log, +09:00, instead of the master's +00:00 beside the workers' +09:00.
TIME_ZONE = "Asia/Tokyo"
os.environ["TZ"] = TIME_ZONE
time.tzset()

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never takes a server down. Not too often:
# a new worker spends most of a second starting, and a worker serves 2,000 requests in a few
# seconds of a rush; the jitter keeps the workers from restarting all at once
# (docs/benchmarks.md, "workers restarting").
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 4
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
# As the portal's LOG_FORMAT: JSON lines with the production settings, text otherwise. The
# text access log is the combined format with the request's id (as the portal answered it:
# nginx's X-Request-ID, or the portal's own) at the end.
LOG_FORMAT = (
    os.environ.get("LOG_FORMAT")
    or ("json" if os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production") else "text")
).lower()
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms %({x-request-id}o)s'
)
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

    def access(self, resp, req, environ, request_time):
        if LOG_FORMAT != "json":
            return super().access(resp, req, environ, request_time)
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "process": os.getpid(),
            "request_id": atoms.get("{x-request-id}o") or None,
            "remote_addr": atoms["h"],
            "request": atoms["r"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "referer": atoms["f"],
            "user_agent": atoms["a"],
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))
        return None

    def _set_handler(self, log, output, fmt, stream=None):
        # gunicorn's own lines (workers booting and exiting, errors) as JSON too.
        if LOG_FORMAT == "json" and log is self.error_log:
            fmt = RedactedJsonFormatter()
        super()._set_handler(log, output, fmt, stream=stream)


logger_class = AccessLogWithoutSecrets


# A new worker answers the home page itself before it takes a visitor's request.
post_worker_init = warm_up_worker


# Prometheus (core/metrics.py): with PROMETHEUS_MULTIPROC_DIR set, each worker keeps its
# counts in files there, which /metrics adds up. The folder is emptied when gunicorn starts
# (counts of an earlier run would be added to this one's), and a worker that exits has its
# files marked, so that they stop counting towards what it held alone.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for path in glob.glob(os.path.join(folder, "*.db")):
            os.remove(path)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
