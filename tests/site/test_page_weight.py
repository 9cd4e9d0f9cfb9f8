"""Page weight: what a public page makes a phone download before it can draw, and the trimmed
Bootstrap build that keeps it small (docs/tools/trim_bootstrap.py, `make css`).

Bytes, not time: speed is measured by `bench/lighthouse` (docs/benchmarks.md)."""

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 60_000  # CSS and JS of one public page together, before compression


def load_trimmer():
    spec = importlib.util.spec_from_file_location(
        "trim_bootstrap", ROOT / "docs" / "tools" / "trim_bootstrap.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


trim_bootstrap = load_trimmer()


class Assets(HTMLParser):
    """The stylesheets and scripts a page loads, in its order."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def page_assets(client, path) -> dict[str, int]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = Assets()
    parser.feed(response.content.decode())
    sizes = {}
    for url in parser.urls:
        assert url.startswith("/static/"), url  # nothing from another host
        found = finders.find(url.removeprefix("/static/"))
        assert found, url
        sizes[url] = Path(found).stat().st_size
    return sizes


@pytest.fixture
def demo(db):
    call_command("load_demo")


def first_link(client, path, pattern):
    """The first link of a listing page that a visitor could follow to a page of the kind."""
    found = re.search(pattern, client.get(path).content.decode())
    assert found, (path, pattern)
    return found[0]


def public_pages(client):
    """Home, a programme and the minutes (the list and one meeting's), as the demo data has
    them."""
    area_day = first_link(client, "/openfactory/", r"/openfactory/\d{4}/[\w-]+/")
    programme = first_link(client, area_day, r"/openfactory/programmes/\d+/")
    meeting = first_link(client, "/meetings/", r"/meetings/\d+/")
    return ["/", programme, "/meetings/", meeting]


def test_a_public_pages_css_and_js_stay_under_60_kb(client, demo):
    for path in public_pages(client):
        sizes = page_assets(client, path)
        assert any("bootstrap.portal.min.css" in url for url in sizes), path
        assert not any("bootstrap.bundle" in url or "bootstrap.min.css" in url for url in sizes)
        assert sum(sizes.values()) < BUDGET, (path, sum(sizes.values()), sizes)


def test_the_committed_bootstrap_build_is_the_one_the_templates_need():
    """A template that starts using a Bootstrap class the committed build dropped (or stops
    using one) makes the build differ: run `make css` and commit the file."""
    fresh = trim_bootstrap.build()
    committed = trim_bootstrap.OUTPUT.read_text(encoding="utf-8")
    if fresh != committed:
        missing = set(trim_bootstrap.CLASS.findall(fresh)) - set(
            trim_bootstrap.CLASS.findall(committed)
        )
        pytest.fail(
            "static/vendor/bootstrap/bootstrap.portal.min.css is stale: run `make css` "
            f"(classes the committed build lacks: {sorted(missing) or 'none, rules differ'})"
        )


def test_the_build_keeps_rules_whose_classes_are_used_and_drops_the_rest(tmp_path):
    css = (
        ":root{--bs-gap:1rem;--bs-unread:red;--bs-link-color:blue}"
        "body{margin:0}"
        ".btn{padding:var(--bs-gap);color:var(--bs-link-color)}"
        ".btn-primary,.btn-unused{color:red}"
        ".card .card-body{padding:0}"
        ".spinner{animation:spin 1s}"
        ".btn:not(.collapsed){display:block}"
        "[data-bs-theme=dark] .btn{color:white}"
        "@media (min-width:768px){.col-md-6{width:50%}.card-body{margin:0}}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
    )
    words = {"btn", "btn-primary", "card-body", "col-md-6", "--bs-link-color"}
    trimmed = trim_bootstrap.trim(css, words)
    assert "body{margin:0}" in trimmed  # element rules stay
    # Read by one rule, set once on :root: written in place; the portal's own is left.
    assert ".btn{padding:1rem;color:var(--bs-link-color)}" in trimmed
    assert "--bs-gap" not in trimmed and "--bs-unread" not in trimmed
    assert ":root{--bs-link-color:blue}" in trimmed
    assert ".btn-primary{color:red}" in trimmed  # the unused half of the list goes
    assert ".card .card-body" not in trimmed  # .card is not used
    assert ".btn:not(.collapsed){display:block}" in trimmed  # a negated class is not needed
    assert "data-bs-theme" not in trimmed
    assert "@media (min-width:768px){.col-md-6{width:50%}.card-body{margin:0}}" in trimmed
    assert "spinner" not in trimmed and "@keyframes" not in trimmed


def test_the_scan_reads_classes_from_templates_python_scripts_and_crispy_forms():
    words = trim_bootstrap.portal_words()
    assert "navbar-toggler" in words  # templates/includes/header.html
    assert "form-select" in words  # openfactory/forms.py sets it on a widget
    assert "data-bs-popper" in words  # static/js/portal.js sets it on the account menu
    assert "invalid-feedback" in words  # crispy-bootstrap5's field errors
    assert "alert-danger" in words  # built in includes/messages.html from a message's level
    assert "accordion" not in words  # crispy's layout objects are not used
    assert re.search(r"\.navbar-toggler\{", trim_bootstrap.OUTPUT.read_text())


HTML_BUDGET = 30_000  # issue 16: the HTML of a public page, before compression


@pytest.mark.django_db
def test_a_full_page_of_the_timeline_stays_within_the_html_budget(client):
    """A page of posts, each with its cover photo (the pictures' source sets are most of
    it), long titles and company names, and more pages after it."""
    from companies.post_views import PAGE_SIZE
    from tests.companies.factories import CompanyFactory, PostFactory, add_photos

    company = CompanyFactory(name="株式会社綾瀬精密工業所 第二工場(本社・技術開発センター)")
    for i in range(PAGE_SIZE + 1):
        post = PostFactory(company=company, title=f"新しい5軸マシニングセンタを導入しました{i}" * 2)
        add_photos(post)
    response = client.get("/companies/posts/")
    html = response.content.decode()
    assert html.count('class="card post-card') == PAGE_SIZE and "?before=" in html
    assert len(response.content) <= HTML_BUDGET, len(response.content)
