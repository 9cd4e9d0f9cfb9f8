"""Configuration from the environment: production refuses bad settings and passes --deploy."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

BASE_DIR = str(settings.BASE_DIR)


def run_manage(*args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}  # None: not in the environment
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.production",
        ALLOWED_HOSTS="portal.example.jp",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_reports_no_issue_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.production",
        SECRET_KEY="Zq8-" + "x7Kp2mN9vR4tL6wY1sD3fG5hJ8kB0cV" * 2,
        ALLOWED_HOSTS="portal.example.jp",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_local_settings_need_nothing_from_the_environment(tmp_path):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("redis_url", "eager", "cache"),
    [("", True, "LocMemCache"), ("redis://127.0.0.1:6379/3", False, "ResilientRedisCache")],
)
def test_redis_url_decides_broker_cache_and_eager_tasks(redis_url, eager, cache):
    code = (
        "from django.conf import settings as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'].rsplit('.',1)[1], s.CELERY_BROKER_URL)"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.local",
        REDIS_URL=redis_url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == [str(eager), cache]
    assert result.stdout.split()[2] == (redis_url or "memory://")


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8101"}, "http://127.0.0.1:8101"),
        ({"PORT": "8101", "SITE_URL": "https://portal.example.jp/"}, "https://portal.example.jp"),
    ],
)
def test_local_links_follow_the_port_being_served(env, site_url):
    """`make run PORT=8101` passes PORT: links in mails and og:url point at :8101."""
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SITE_URL)",
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.local",
        **{"PORT": None, "SITE_URL": None, **env},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == site_url


def test_createsuperuser_makes_an_administrator_who_can_log_in(tmp_path):
    """The first administrator's address counts as verified: no sign-up mail to wait for."""
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = {"DJANGO_SETTINGS_MODULE": "ayase_portal.settings.local", "DATABASE_URL": database}
    assert run_manage("migrate", "--noinput", **env).returncode == 0
    made = run_manage(
        "createsuperuser",
        "--noinput",
        "--email",
        "admin@example.jp",
        DJANGO_SUPERUSER_PASSWORD="a-long-passphrase-1",
        **env,
    )
    assert made.returncode == 0, made.stderr
    code = (
        "from django.test import Client; "
        "r = Client().post('/accounts/login/', "
        "{'login': 'admin@example.jp', 'password': 'a-long-passphrase-1'}); "
        "print('LOGIN', r.status_code, r.url)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, ALLOWED_HOSTS="testserver", **env)
    assert result.returncode == 0, result.stderr
    status, url = result.stdout.split("LOGIN ")[1].split()[:2]
    # Straight on to set up the second factor, never to "confirm your e-mail address".
    assert status == "302" and "confirm-email" not in url, result.stdout


def test_collectstatic_works_with_the_production_storage(tmp_path):
    """The manifest storage fails on any missing file a CSS or JS file refers to."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.production",
        SECRET_KEY="collectstatic-test-" + "c" * 40,
        ALLOWED_HOSTS="portal.example.jp",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()


def test_an_empty_database_url_means_the_default_sqlite_file():
    """`DATABASE_URL=` (left empty in a .env copied from .env.example) is the same as unset."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.local",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("METRICS_ALLOWED_IPS", "10.0.0.20,prometheus.internal", "'prometheus.internal' is no"),
        ("LOG_FORMAT", "yaml", "LOG_FORMAT is 'yaml'"),
    ],
)
def test_a_mistyped_monitoring_setting_stops_the_start(tmp_path, name, value, message):
    """Better than a /metrics that answers 500 to the scraper, or logs nobody can read."""
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="ayase_portal.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **{name: value},
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert (
        run_manage(
            "check",
            **{name: ""},
            DJANGO_SETTINGS_MODULE="ayase_portal.settings.local",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ).returncode
        == 0
    )
