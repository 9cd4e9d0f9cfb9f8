"""Japanese first, English on request; the catalogue is complete and compiled."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES"


def test_every_ui_string_has_a_japanese_translation():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e.msgid
        for e in po
        if not e.msgid_plural
        and (compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid))
        != e.msgstr
    ]
    assert stale == [], "run `make messages` to compile locale/ja"


def test_the_site_speaks_japanese_by_default(client):
    body = client.get("/").content.decode()
    assert '<html lang="ja">' in body
    assert "ものづくりのまち あやせ" in body
    assert "事務局:綾瀬市 工業振興企業誘致課" in body


def test_the_language_switch_turns_the_site_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/about/"}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == "/about/"
    assert '<html lang="en">' in body
    assert "About the committee" in body
    assert "日本語" in body  # the switch back
    body = client.post(
        "/i18n/setlang/", {"language": "ja", "next": "/"}, follow=True
    ).content.decode()
    assert '<html lang="ja">' in body


def test_a_browser_asking_for_english_gets_english(client):
    body = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "Ayase, the town of monozukuri" in body


def test_japanese_sentences_end_with_full_width_question_marks():
    """「何で知りましたか？」: a half-width ? after Japanese text reads as a typo."""
    import re

    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.BASE_DIR / "locale/ja/LC_MESSAGES/django.po"))
    half_width = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff][?!]")
    found = [
        text
        for entry in po
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if text and half_width.search(text)
    ]
    assert found == []
