"""Every activity stands at a node: the alliance's street or community for the activities there are (an
activity without an alliance stands at its party organisation's node, from the next migration on)."""

from django.db import migrations, models
import django.db.models.deletion


def stand_at_the_alliances_node(apps, schema_editor):
    """Every existing activity is an alliance's: it stands at the alliance's street or community."""
    Activity = apps.get_model("alliances", "Activity")
    Alliance = apps.get_model("alliances", "Alliance")
    Activity.objects.filter(node__isnull=True).update(
        node_id=models.Subquery(Alliance.objects.filter(pk=models.OuterRef("alliance_id")).values("node_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0010_activity_unnamed_counts"),
        ("grids", "0005_node_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name='activity',
            name='node',
            field=models.ForeignKey(help_text="The alliance's street or community, or the party organisation's place in the tree.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='grids.node', verbose_name='held at'),
        ),
        migrations.RunPython(stand_at_the_alliances_node, migrations.RunPython.noop),
    ]
