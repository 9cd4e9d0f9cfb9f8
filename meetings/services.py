from django.db import transaction

from .models import Committee, CommitteeActivity, CommitteePurpose
from .profile import CommitteeProfile


@transaction.atomic
def committee_profile_save(*, profile: CommitteeProfile, name_en: str = "") -> Committee:
    """Store a parsed profile as the committee's, replacing its purposes and activities."""
    committee, _created = Committee.objects.select_for_update().update_or_create(
        singleton=True,
        defaults={
            "name": profile.name,
            "name_en": name_en,
            "description": profile.description,
            "founded_on": profile.founded_on,
            "member_count": profile.member_count,
            "member_count_as_of": profile.member_count_as_of,
            "members_profile": profile.members_profile,
            "secretariat": profile.secretariat,
        },
    )
    committee.purposes.all().delete()
    CommitteePurpose.objects.bulk_create(
        CommitteePurpose(committee=committee, order=i, text=text)
        for i, text in enumerate(profile.purposes, start=1)
    )
    committee.activities.all().delete()
    CommitteeActivity.objects.bulk_create(
        CommitteeActivity(
            committee=committee,
            order=i,
            title=activity.title,
            period=activity.period,
            started_on=activity.started_on,
            description=activity.description,
        )
        for i, activity in enumerate(profile.activities, start=1)
    )
    return committee


@transaction.atomic
def activity_answer(*, activity, member, answer: str, comment: str = ""):
    """Record (or change) a member's answer to an activity."""
    from .models import ActivityResponse

    response, _created = ActivityResponse.objects.update_or_create(
        activity=activity, member=member, defaults={"answer": answer, "comment": comment}
    )
    return response
