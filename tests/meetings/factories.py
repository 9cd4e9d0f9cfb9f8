import datetime as dt

import factory

from meetings.models import (
    ActionItem,
    Activity,
    ActivityResponse,
    AgendaItem,
    Attendance,
    CalendarToken,
    Link,
    Meeting,
    Member,
    Note,
    Visibility,
)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"委員{n}")
    name_kana = factory.Sequence(lambda n: f"いいん{n}")
    order = factory.Sequence(lambda n: n)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = "綾瀬イノベーション推進委員会 定例会 議事録"
    date = factory.Sequence(lambda n: dt.date(2020, 1, 6) + dt.timedelta(days=30 * n))
    start_time = dt.time(19, 0)
    kind = Meeting.Kind.REGULAR
    visibility = Visibility.PUBLIC


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    name_as_written = factory.LazyAttribute(lambda a: a.member.name if a.member else "")
    order = factory.Sequence(lambda n: n)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"議題{n}について")
    order = factory.Sequence(lambda n: n)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    item = factory.SubFactory(AgendaItemFactory)
    text = "工場見学より意見交換会重視"
    order = factory.Sequence(lambda n: n)


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    item = factory.SubFactory(AgendaItemFactory)
    label = "HP"
    url = "https://www.ayase-kougyoudanchi.jp/open-factory/"
    kind = Link.Kind.HP
    order = factory.Sequence(lambda n: n)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = "先方との打合せ"
    owner_name = "事務局"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = Activity.Kind.INSPECTION
    title = "燕三条 工場の祭典 視察"
    start_date = dt.date(2022, 10, 6)
    visibility = Visibility.MEMBERS


class ActivityResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityResponse

    activity = factory.SubFactory(ActivityFactory)
    member = factory.SubFactory(MemberFactory)
    answer = ActivityResponse.Answer.ATTEND


class CalendarTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarToken

    member = factory.SubFactory(MemberFactory)
