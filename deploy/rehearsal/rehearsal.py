"""``make rehearsal``: the multi-machine set-up of docs/deploy.md, on this machine.

Starts nginx (Debian's package, with deploy/nginx/ayase.conf) in front of two gunicorn web
nodes, two Celery workers and one beat, all on PostgreSQL and Redis, with one media folder
shared by all standing in for object storage; then drives the portal over HTTPS through nginx
only (deploy/rehearsal/traffic.py), prints a short report and stops everything it started,
whatever happened. Exit status 0 when every check held.

Its own database and Redis database are emptied first: REHEARSAL_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/ayase_rehearsal) and REHEARSAL_REDIS_URL (default
redis://127.0.0.1:6379/12). Ports: REHEARSAL_PORT (nginx, default 8120) and the next three
(two web nodes, nginx's plain-HTTP redirect).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from deploy.rehearsal import traffic  # noqa: E402

BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DATABASE_URL = os.environ.get(
    "REHEARSAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ayase_rehearsal"
)
REDIS_URL = os.environ.get("REHEARSAL_REDIS_URL", "redis://127.0.0.1:6379/12")
PORT = int(os.environ.get("REHEARSAL_PORT", "8120"))
NODE_PORTS = (PORT + 1, PORT + 2)
HTTP_PORT = PORT + 3
JOB_SECONDS = 4


class Processes:
    """Every process the rehearsal starts, each in a session of its own, so that a node is
    killed whole (gunicorn's master and workers) and everything is stopped at the end."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.running[name] = process
        return process

    def kill(self, name: str, port: int) -> None:
        """SIGKILL to the node's processes, as a machine that dies (no graceful shutdown);
        returns once its port refuses connections. Until then, connections still complete in
        the kernel's backlog and are reset: those count as in flight at the kill."""
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            except OSError:
                return
            time.sleep(0.005)
        raise RuntimeError(f"{name} still accepts connections after SIGKILL")

    def stop_all(self) -> None:
        for process in self.running.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, process in list(self.running.items()):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"   {name} did not stop: killed", flush=True)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # what is left of its group
            process.wait()
        self.running.clear()


def log(message: str) -> None:
    print(f"== {dt.datetime.now(dt.UTC):%H:%M:%S} {message}", flush=True)


def run(args: list[str], env: dict[str, str], **kwargs) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, made here: TLS stays the operator's in production."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ayase rehearsal")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def nginx_config(work: Path, cert: Path, key: Path) -> Path:
    """deploy/nginx/ayase.conf with this machine's paths, ports and certificate, inside a
    main configuration of its own (nginx runs as a child of this script, not as the
    system's service)."""
    site = (ROOT / "deploy/nginx/ayase.conf").read_text()
    replacements = [
        ("server 10.0.0.11:8000", f"server 127.0.0.1:{NODE_PORTS[0]}"),
        ("server 10.0.0.12:8000", f"server 127.0.0.1:{NODE_PORTS[1]}"),
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{HTTP_PORT};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{PORT} ssl http2;"),
        ("/etc/ssl/ayase/fullchain.pem", str(cert)),
        ("/etc/ssl/ayase/privkey.pem", str(key)),
        ("/srv/ayase/", f"{work}/srv/"),
        # Which node answered: for the rehearsal's checks only, never in production.
        (
            "        proxy_pass http://ayase_web;\n",
            "        proxy_pass http://ayase_web;\n"
            "        add_header X-Rehearsal-Upstream $upstream_addr always;\n",
        ),
    ]
    for old, new in replacements:
        if old not in site:
            raise RuntimeError(f"deploy/nginx/ayase.conf no longer has {old!r}")
        site = site.replace(old, new)
    folder = work / "nginx"
    (folder / "tmp").mkdir(parents=True)
    (folder / "ayase.conf").write_text(site)
    main = folder / "nginx.conf"
    logs = work / "logs"
    main.write_text(
        f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {logs}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {logs}/nginx-access.log;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    include {folder}/ayase.conf;
}}
"""
    )
    return main


def reset_database_and_redis(env: dict[str, str]) -> None:
    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = f"{parts.scheme}://{parts.netloc}/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def wait_for(url: str, timeout: float, verify=True) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, verify=verify, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="ayase-rehearsal-"))
    work.chmod(0o755)  # nginx's workers (nobody when started as root) read the files
    logs = work / "logs"
    for folder in ("logs", "srv/media", "srv/private_media", "srv/staticfiles", "mail", "tls"):
        (work / folder).mkdir(parents=True)
        (work / folder).chmod(0o755)
    processes = Processes(logs)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    password = secrets.token_urlsafe(16)
    totp_secret = base64.b32encode(secrets.token_bytes(20)).decode()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.rehearsal",
        # The settings that must agree between nodes (docs/deploy.md): one value for all.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{PORT}",
        "TRUSTED_PROXY_COUNT": "1",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": f"{work}/srv/media",
        "PRIVATE_MEDIA_ROOT": f"{work}/srv/private_media",
        "STATIC_ROOT": f"{work}/srv/staticfiles",
        "PRIVATE_MEDIA_ACCEL_REDIRECT": "/_private/",
        "EMAIL_FILE_PATH": f"{work}/mail",
        "REHEARSAL_JOB_SECONDS": str(JOB_SECONDS),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [str(BIN / "python"), "manage.py"]
    report: dict = {}
    ok = False
    try:
        log(f"preparing in {work}: database, static files, certificate, data")
        reset_database_and_redis(env)
        run([*manage, "migrate", "--noinput", "-v0"], env)
        run([*manage, "collectstatic", "--noinput", "-v0"], env)
        cert, key = self_signed_certificate(work / "tls")
        config = nginx_config(work, cert, key)
        data = json.loads(
            run(
                [
                    *manage,
                    "rehearsal_data",
                    "setup",
                    "--password",
                    password,
                    "--totp-secret",
                    totp_secret,
                ],
                env,
            )
        )

        log("starting nginx, two web nodes, two workers and one beat")
        for number, port in enumerate(NODE_PORTS, 1):
            processes.start(
                f"web{number}",
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
                {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            )
        celery = [str(BIN / "celery"), "-A", "ayase_portal"]
        for number in (1, 2):
            processes.start(
                f"worker{number}",
                [
                    *celery,
                    "worker",
                    "-n",
                    f"worker{number}@rehearsal",
                    "--concurrency=2",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                ],
                env,
            )
        processes.start(
            "beat1",
            [*celery, "beat", "--loglevel=INFO", "--schedule", f"{work}/beat1-schedule"],
            env,
        )
        subprocess.run(
            [NGINX, "-t", "-q", "-p", str(work / "nginx"), "-c", str(config)], check=True
        )
        processes.start(
            "nginx", [NGINX, "-p", str(work / "nginx"), "-c", str(config), "-g", "daemon off;"], env
        )
        for port in NODE_PORTS:
            wait_for(f"http://127.0.0.1:{port}/healthz", 60)
        wait_for(f"https://127.0.0.1:{PORT}/healthz", 10, verify=str(cert))

        site = traffic.Site(
            base=f"https://127.0.0.1:{PORT}",
            verify=str(cert),
            data=data,
            password=password,
            totp_secret=totp_secret,
            mail_folder=work / "mail",
            logs=logs,
            state=lambda: json.loads(
                run([*manage, "rehearsal_data", "state", "--slot", str(data["slot"])], env)
            ),
        )
        report = traffic.rehearse(
            site,
            start_second_beat=lambda: processes.start(
                "beat2",
                [*celery, "beat", "--loglevel=INFO", "--schedule", f"{work}/beat2-schedule"],
                env,
            ),
            kill_node=lambda: processes.kill("web2", NODE_PORTS[1]),
            job_seconds=JOB_SECONDS,
        )
        ok = report["ok"]
    except KeyboardInterrupt:
        log("interrupted")
    except Exception as error:  # the report says what failed; the logs say why
        log(f"failed: {error}")
    finally:
        log("stopping everything the rehearsal started")
        processes.stop_all()
    if report:
        print(traffic.format_report(report), flush=True)
    if ok:
        shutil.rmtree(work, ignore_errors=True)
        log("rehearsal passed")
        return 0
    log(f"rehearsal FAILED; logs kept in {logs}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
