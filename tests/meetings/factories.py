import datetime as dt

import factory

from meetings.models import AgendaItem, Attendance, Link, Meeting, Member, Note, Visibility


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"綾瀬 一郎{n}")
    name_kana = factory.Sequence(lambda n: f"あやせ いちろう{n}")
    role = Member.Role.MEMBER
    order = factory.Sequence(lambda n: n)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.REGULAR
    title = "綾瀬イノベーション推進委員会 定例会 議事録"
    date = factory.Sequence(lambda n: dt.date(2022, 9, 5) - dt.timedelta(days=7 * n))
    start_time = dt.time(19, 0)
    visibility = Visibility.PUBLIC


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    order = factory.Sequence(lambda n: n)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"議題{n}について")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n)
    text = "市内製造業の技術力のPRについて意見交換した"


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n)
    label = "HP"
    url = "https://www.example.jp/"
    kind = Link.Kind.HP
