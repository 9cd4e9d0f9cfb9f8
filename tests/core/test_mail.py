"""core.mail.compose: the one way the portal builds a mail."""

from core.mail import SEPARATOR, compose


def test_a_bilingual_mail_has_the_japanese_then_the_english_text_and_a_japanese_subject(
    settings, tmp_path
):
    (tmp_path / "subject.txt").write_text(
        "{% load i18n %}{% translate 'Log in' %}\n", encoding="utf-8"
    )
    (tmp_path / "body.txt").write_text(
        "{% load i18n %}{% translate 'Cancel' %}: {{ url }}", encoding="utf-8"
    )
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]
    message = compose(
        to=["yamada@example.jp"],
        subject="subject.txt",
        body_template="body.txt",
        context={"url": "https://example.jp/x"},
    )
    japanese, english = message.body.split(SEPARATOR)
    assert japanese == "キャンセル: https://example.jp/x"
    assert english == "Cancel: https://example.jp/x"
    assert message.subject == "ログイン"
    assert message.to == ["yamada@example.jp"]


def test_a_mail_in_one_language_has_one_text(settings, tmp_path):
    (tmp_path / "body.txt").write_text("{{ name }}様", encoding="utf-8")
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]
    message = compose(
        to=["a@example.jp"],
        subject="明日の委員会",
        body_template="body.txt",
        context={"name": "山田"},
        languages=("ja",),
    )
    assert (message.subject, message.body) == ("明日の委員会", "山田様")
