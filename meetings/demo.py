"""Demo data of the meetings app: the committee's profile, members and the seed minutes."""

import datetime as dt

from .importer import minutes_import
from .minutes_parser import parse_minutes
from .models import ActionItem, Activity, AgendaItem, Committee, Meeting, Member, Visibility
from .profile import parse_profile
from .services import committee_profile_save

COMMITTEE_NAME_EN = "Ayase Innovation Promotion Committee"

# The seed's attendee list as written (family names; 川崎 twice: two people), then three
# invented members, marked as demo, to make up the committee's 14 (R4.4).
SEED_MEMBERS = [
    ("斉藤", Member.Role.CHAIR),
    ("今", Member.Role.MEMBER),
    ("中島", Member.Role.MEMBER),
    ("水木", Member.Role.MEMBER),
    ("土橋", Member.Role.MEMBER),
    ("高崎", Member.Role.MEMBER),
    ("松村", Member.Role.MEMBER),
    ("丸山", Member.Role.MEMBER),
    ("川崎", Member.Role.MEMBER),
    ("谷藤", Member.Role.MEMBER),
    ("川崎", Member.Role.MEMBER),
]
DEMO_MEMBERS = ["青木 (デモ)", "石井 (デモ)", "上野 (デモ)"]


def load(seed_text: str) -> list[str]:
    """Load what is missing; what exists (and staff edits to it) is kept."""
    report = []
    if Committee.objects.exists():
        report.append("committee profile: kept (already in the database)")
    else:
        committee = committee_profile_save(
            profile=parse_profile(seed_text), name_en=COMMITTEE_NAME_EN
        )
        report.append(
            f"committee profile: created ({committee.purposes.count()} purposes, "
            f"{committee.activities.count()} activities)"
        )

    if Member.objects.exists():
        report.append("committee members: kept")
    else:
        members = [
            Member(name=name, role=role, order=i)
            for i, (name, role) in enumerate(SEED_MEMBERS, start=1)
        ]
        members += [
            Member(name=name, order=len(SEED_MEMBERS) + i, is_demo=True)
            for i, name in enumerate(DEMO_MEMBERS, start=1)
        ]
        Member.objects.bulk_create(members)
        report.append(
            f"committee members: {len(members)} created ({len(DEMO_MEMBERS)} invented, marked as demo)"
        )

    parsed = parse_minutes(seed_text)
    if Meeting.objects.filter(date=parsed.date).exists():
        report.append(f"minutes of {parsed.date}: kept")
    else:
        result = minutes_import(parsed=parsed, source_text=seed_text, visibility=Visibility.PUBLIC)
        report.append(f"minutes of {parsed.date}: {result.describe()}")
        report += _follow_ups(result.meeting)
    return report


def _item(meeting: Meeting, starts: str) -> AgendaItem | None:
    return meeting.agenda_items.filter(title__startswith=starts).first()


def _follow_ups(meeting: Meeting) -> list[str]:
    """What the seed minutes decided: one action item and three activities."""
    tsubame = _item(meeting, "燕三条")
    ActionItem.objects.create(
        meeting=meeting,
        agenda_item=tsubame,
        text="先方との打合せ(9/6)を経て、イノベ参加を改めて調整",
        owner_name="事務局",
        due_date=dt.date(2022, 9, 6),
        status=ActionItem.Status.DONE,
    )
    activities = [
        (
            Activity.Kind.INSPECTION,
            "燕三条 工場の祭典 視察",
            dt.date(2022, 10, 6),
            dt.date(2022, 10, 9),
            "新潟県 燕市・三条市",
            "燕三条",
        ),
        (
            Activity.Kind.SEMINAR,
            "委員会セミナー(異業種進出と新たな取り組み)",
            dt.date(2022, 12, 12),
            None,
            "綾瀬市内",
            "委員会セミナー",
        ),
        (
            Activity.Kind.TALK,
            "Manufacturing Japan Summit パネル登壇",
            dt.date(2023, 2, 15),
            None,
            "大東市",
            "Manufacturing",
        ),
    ]
    for kind, title, start, end, place, item_title in activities:
        activity = Activity.objects.create(
            kind=kind,
            title=title,
            start_date=start,
            end_date=end,
            place=place,
            visibility=Visibility.PUBLIC,
        )
        item = _item(meeting, item_title)
        if item:
            activity.agenda_items.add(item)
    return [f"follow-ups of {meeting.date}: 1 action item, {len(activities)} activities"]
