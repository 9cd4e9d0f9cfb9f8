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
    email = factory.Sequence(lambda n: f"member{n}@example.jp")
    order = factory.Sequence(lambda n: n)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.REGULAR
    title = factory.Sequence(lambda n: f"第{n}回 定例会")
    # One meeting per day and kind: a sequence of days keeps the constraint.
    date = factory.Sequence(lambda n: dt.date(2022, 1, 1) + dt.timedelta(days=7 * n))
    start_time = dt.time(19, 0)
    place = "綾瀬市役所 会議室"
    visibility = Visibility.PUBLIC


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"議題{n}")
    order = factory.Sequence(lambda n: n)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    item = factory.SubFactory(AgendaItemFactory)
    text = factory.Sequence(lambda n: f"メモ{n}")
    order = factory.Sequence(lambda n: n)


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    item = factory.SubFactory(AgendaItemFactory)
    label = "HP"
    url = "https://www.example.jp/"
    kind = Link.Kind.HP


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    name_as_written = factory.LazyAttribute(lambda o: o.member.name if o.member else "")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"課題{n}")
    owner_name = "事務局"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = Activity.Kind.INSPECTION
    title = factory.Sequence(lambda n: f"視察{n}")
    start_date = factory.Sequence(lambda n: dt.date(2022, 1, 1) + dt.timedelta(days=n))
    place = "新潟県三条市"
    visibility = Visibility.PUBLIC


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
