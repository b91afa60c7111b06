"""The typed counts of an activity become the remainder of those not named one by one (the named participants
and visited households are records from the next migration on): the columns are renamed, their values kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0009_problem_responsible_party"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="activity", name="alliances_activity_households_only_for_visits"),
        migrations.RemoveConstraint(model_name="activity", name="alliances_activity_counts_range"),
        migrations.RenameField(model_name="activity", old_name="participants", new_name="unnamed_participants"),
        migrations.RenameField(model_name="activity", old_name="households_visited", new_name="unnamed_households"),
    ]
