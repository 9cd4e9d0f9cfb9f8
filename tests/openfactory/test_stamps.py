"""The stamp rally: the poster's signed code, valid on its area day only; the quiz set by the
company; a right answer stamps the pass held by the browser, once per factory."""

import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from openfactory import services
from openfactory.models import ExhibitorQuiz, QuizAnswer, Stamp
from tests.openfactory.factories import AreaDayFactory, EditionFactory, ExhibitorFactory
from tests.openfactory.pass_factories import VisitorPassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(company):
    area_day = AreaDayFactory(date=timezone.localdate())
    own = ExhibitorFactory(area_day=area_day, company=company)
    ExhibitorQuiz.objects.create(
        exhibitor=own, question="この工場の主な材料は？", choices="木\n鉄\n紙", answer=2
    )
    return {"area_day": area_day, "own": own}


def scan_url(exhibitor):
    return f"/openfactory/stamps/{services.poster_code(exhibitor)}/"


def holding_a_pass(client, edition):
    visitor_pass = VisitorPassFactory(edition=edition)
    client.get(visitor_pass.get_absolute_url())  # opened on this phone: the browser keeps it
    return visitor_pass


def test_a_right_answer_stamps_the_pass_once(client, day):
    edition = day["area_day"].edition
    edition.stamps_for_draw = 3
    edition.save()
    visitor_pass = holding_a_pass(client, edition)
    page = client.get(scan_url(day["own"])).content.decode()
    assert "この工場の主な材料は？" in page and "鉄" in page
    response = client.post(scan_url(day["own"]), {"choice": "2"})
    assert response.status_code == 302 and response.url == visitor_pass.get_absolute_url()
    assert list(Stamp.objects.values_list("visitor_pass", "exhibitor")) == [
        (visitor_pass.pk, day["own"].pk)
    ]
    shown = client.get(visitor_pass.get_absolute_url()).content.decode()
    assert day["own"].company.name in shown
    assert "1 / 3" in shown or "3個中1個" in shown
    again = client.post(scan_url(day["own"]), {"choice": "2"})
    assert again.status_code == 400 and "スタンプはすでに" in again.content.decode()
    assert Stamp.objects.count() == 1


def test_a_wrong_answer_stamps_nothing_is_recorded_and_says_so(client, day):
    visitor_pass = holding_a_pass(client, day["area_day"].edition)
    response = client.post(scan_url(day["own"]), {"choice": "1"})
    # Back to the poster's page (a reload does not answer again), with the message.
    assert response.status_code == 302 and response.url == scan_url(day["own"])
    page = client.get(response.url).content.decode()
    assert "残念、不正解です。" in page and "この工場の主な材料は？" in page
    assert not Stamp.objects.exists()
    # The answer counts in the factory's report: the pass tried, wrongly.
    assert list(
        QuizAnswer.objects.values_list("visitor_pass", "exhibitor", "choice", "correct")
    ) == [(visitor_pass.pk, day["own"].pk, 1, False)]
    client.post(scan_url(day["own"]), {"choice": "2"})
    assert list(QuizAnswer.objects.values_list("choice", "correct")) == [(1, False), (2, True)]
    assert Stamp.objects.count() == 1


def test_refused_answers_are_not_recorded(client, day):
    """A stamp already given, several answers at once, no pass: nothing to count."""
    client.post(scan_url(day["own"]), {"choice": "2"})  # no pass yet
    holding_a_pass(client, day["area_day"].edition)
    client.post(scan_url(day["own"]), {"choice": ["1", "2"]})
    assert not QuizAnswer.objects.exists()
    client.post(scan_url(day["own"]), {"choice": "2"})
    again = client.post(scan_url(day["own"]), {"choice": "1"})
    assert again.status_code == 400
    assert QuizAnswer.objects.count() == 1


def test_several_answers_at_once_stamp_nothing(client, day):
    """A radio button posts one answer; a crafted post of all of them is not a right one."""
    holding_a_pass(client, day["area_day"].edition)
    response = client.post(scan_url(day["own"]), {"choice": ["1", "3", "2"]})
    assert response.status_code == 400
    assert not Stamp.objects.exists()


def test_a_photo_of_the_poster_used_another_day_stamps_nothing(client, day):
    area_day = day["area_day"]
    holding_a_pass(client, area_day.edition)
    url = scan_url(day["own"])  # signed for today
    area_day.date = timezone.localdate() - dt.timedelta(days=1)
    area_day.save()
    response = client.post(url, {"choice": "2"})
    assert response.status_code == 400
    # The code of the old date no longer matches the factory's day.
    assert not Stamp.objects.exists()
    tomorrow = ExhibitorFactory(
        area_day=AreaDayFactory(
            edition=area_day.edition, date=timezone.localdate() + dt.timedelta(days=1)
        )
    )
    ExhibitorQuiz.objects.create(exhibitor=tomorrow, question="Q", choices="a\nb", answer=1)
    early = client.post(scan_url(tomorrow), {"choice": "1"})
    assert early.status_code == 400 and "開催日" in early.content.decode()
    assert not Stamp.objects.exists()


def test_a_forged_or_altered_code_stamps_nothing(client, day):
    holding_a_pass(client, day["area_day"].edition)
    code = services.poster_code(day["own"])
    other = ExhibitorFactory(area_day=day["area_day"])
    payload = signing.dumps([other.pk, day["area_day"].date.isoformat()], salt="another salt")
    for forged in [code[:-2] + "xx", payload, "not-a-code", code.split(":")[0]]:
        response = client.post(f"/openfactory/stamps/{forged}/", {"choice": "2"})
        assert response.status_code == 400, forged
        assert "ポスター" in response.content.decode()
    assert not Stamp.objects.exists()


def test_without_a_pass_the_poster_offers_one(client, day):
    page = client.get(scan_url(day["own"])).content.decode()
    assert f"/openfactory/passes/at/{day['own'].pk}/" in page
    assert client.post(scan_url(day["own"]), {"choice": "2"}).status_code == 400
    assert not Stamp.objects.exists()


def test_a_pass_of_another_edition_is_refused(client, day):
    holding_a_pass(client, EditionFactory())
    response = client.post(scan_url(day["own"]), {"choice": "2"})
    assert response.status_code == 400
    assert not Stamp.objects.exists()


def test_the_company_sets_its_quiz_and_bad_choices_are_told_beside_the_field(client, owner, day):
    client.force_login(owner)
    url = f"/openfactory/manage/{day['own'].pk}/quiz/"
    assert "この工場の主な材料は？" in client.get(url).content.decode()
    one = client.post(url, {"question": "Q", "choices": "ひとつだけ", "answer": "1"})
    assert one.status_code == 400 and one.context["form"].errors["choices"]
    beyond = client.post(url, {"question": "Q", "choices": "あ\nい", "answer": "3"})
    assert beyond.status_code == 400 and beyond.context["form"].errors["answer"]
    done = client.post(
        url, {"question": "　旋盤の数は？", "choices": "1台\n\n５台\n", "answer": "2"}
    )
    assert done.status_code == 302
    quiz = ExhibitorQuiz.objects.get(exhibitor=day["own"])
    assert (quiz.question, quiz.choice_list, quiz.answer) == (
        "旋盤の数は?",
        ["1台", "5台"],
        2,
    )  # NFKC: 全角？ is ?


def test_another_companys_staff_cannot_see_or_set_the_quiz_or_the_poster(client, owner):
    other = ExhibitorFactory()
    client.force_login(owner)
    assert client.get(f"/openfactory/manage/{other.pk}/quiz/").status_code == 404
    assert client.get(f"/openfactory/reception/{other.pk}/poster/").status_code == 404


def test_the_poster_carries_the_code_of_its_area_day(client, owner, day):
    client.force_login(owner)
    page = client.get(f"/openfactory/reception/{day['own'].pk}/poster/")
    assert page.status_code == 200
    assert 'class="poster-qr"' in page.content.decode()
    assert services.poster_check(services.poster_code(day["own"])) == day["own"]
