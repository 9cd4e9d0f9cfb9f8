"""The ready-made questions a new survey can start with, by audience: what the committee asks
every year, so that staff only adjust them (and results compare across editions, since "copy
last edition's survey" and the report match questions by their wording)."""

from django.db import transaction

from core.page_cache import pages_changed

from ..models import Choice, Question, Survey
from .services import question_add_default_choices

# (kind, text, text_en, fields, choices as (value, label, label_en))
VISITORS = [
    ("rating", "満足度", "How satisfied were you?", {"required": True}, []),
    ("heard_from", "何で知りましたか", "How did you hear of it?", {}, []),
    ("residence", "お住まい", "Where do you live?", {}, []),
    ("age_band", "年代", "Your age", {}, []),
    ("text", "ご意見・ご感想", "Comments", {}, []),
]

EXHIBITORS = [
    (
        "number",
        "来場者数の実感(人)",
        "How many visitors do you feel you had?",
        {"required": True, "min_value": 0, "max_value": 100000},
        [],
    ),
    (
        "multiple",
        "効果があったこと",
        "What worked?",
        {"allow_other": True},
        [
            ("tour", "工場見学", "The factory tour"),
            ("workshop", "ものづくり体験", "The workshop"),
            ("demo", "展示・実演", "Exhibits and demonstrations"),
            ("reservations", "事前予約", "Reservations in advance"),
            ("sns", "SNSでの告知", "Announcements on social media"),
        ],
    ),
    (
        "single",
        "次回も出展しますか",
        "Will you exhibit next time?",
        {"required": True},
        [
            ("yes", "出展したい", "Yes"),
            ("undecided", "検討中", "Not decided yet"),
            ("no", "出展しない", "No"),
        ],
    ),
    (
        "multiple",
        "採用や取引に役立ちましたか",
        "Did it help hiring or business?",
        {},
        [
            (
                "hiring",
                "採用への関心(応募・問い合わせ)",
                "Interest in jobs (applications, enquiries)",
            ),
            ("schools", "学校との関係づくり", "Contacts with schools"),
            ("business", "取引の相談・引き合い", "Business enquiries"),
            ("local", "地域での認知", "Being known locally"),
            ("none", "特になし", "Not particularly"),
        ],
    ),
    ("text", "運営へのご意見", "Comments for the organisers", {}, []),
]

QUESTIONS = {Survey.Audience.VISITORS: VISITORS, Survey.Audience.EXHIBITORS: EXHIBITORS}


@transaction.atomic
def survey_add_ready_made(*, survey: Survey) -> int:
    """Give a survey without questions its audience's ready-made ones (editable afterwards);
    a survey that already has questions is left as it is. Returns how many were added."""
    if survey.questions.exists():
        return 0
    for order, (kind, text, text_en, fields, choices) in enumerate(
        QUESTIONS[Survey.Audience(survey.audience)], start=1
    ):
        question = Question.objects.create(
            survey=survey, order=order, kind=kind, text=text, text_en=text_en, **fields
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=i, value=value, label=label, label_en=label_en)
            for i, (value, label, label_en) in enumerate(choices, start=1)
        )
        pages_changed()  # the questions' choices (bulk_create sends no signal)
        question_add_default_choices(question=question)
    return len(QUESTIONS[Survey.Audience(survey.audience)])
