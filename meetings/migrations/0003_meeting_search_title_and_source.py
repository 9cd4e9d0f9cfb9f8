from django.db import migrations, models


def fill_search_title(apps, schema_editor):
    """Meetings indexed before this migration: their normalised title is search_text's first line.

    search_source stays empty until the next rebuild; snippets then fall back to search_text.
    """
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.exclude(search_text="").only("pk", "search_text"):
        Meeting.objects.filter(pk=meeting.pk).update(
            search_title=meeting.search_text.split("\n", 1)[0]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_agendaitem_activity_link_meeting_attachment_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="search_source",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="meeting",
            name="search_title",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_title, migrations.RunPython.noop),
    ]
