"""The release a process runs (core/release.py), and the kept pages it keys."""

from pathlib import Path

from core.release import SUFFIXES, digest, release_id, source_roots


def test_the_digest_changes_with_a_template_and_only_with_the_files_that_make_pages(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "page.html"
    page.write_text("<h1>議事録</h1>")
    (templates / "photo.jpg").write_bytes(b"\xff\xd8")
    before = digest([templates])
    assert digest([templates]) == before  # the same files, the same release
    (templates / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # not a file of a page's code
    assert digest([templates]) == before
    page.write_text("<h1>議事録の一覧</h1>")
    assert digest([templates]) != before
    page.write_text("<h1>議事録</h1>")
    assert digest([templates]) == before
    (templates / "added.py").write_text("")
    assert digest([templates]) != before


def test_the_release_reads_the_projects_files_not_the_libraries():
    roots = source_roots()
    names = {root.name for root in roots}
    assert {
        "meetings",
        "openfactory",
        "companies",
        "talent",
        "core",
        "templates",
        "locale",
    } <= names
    assert not any("site-packages" in root.parts for root in roots)
    assert ".html" in SUFFIXES and ".mo" in SUFFIXES and ".py" in SUFFIXES
    assert len(release_id()) == 12 and release_id() == digest(roots)


def test_a_missing_directory_is_no_error(tmp_path):
    assert digest([tmp_path / "gone"]) == digest([])


def test_the_digest_reads_every_file_of_the_roots(tmp_path):
    nested = tmp_path / "meetings" / "templatetags"
    nested.mkdir(parents=True)
    (nested / "tags.py").write_text("x = 1")
    before = digest([tmp_path])
    Path(nested / "tags.py").write_text("x = 2")
    assert digest([tmp_path]) != before
