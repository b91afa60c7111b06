"""A unit's community becomes its location, which may be any level of the territory (city-level and
district-level units are located at the city or at their district). Existing units keep their community
as their location: the column is renamed, no row changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0005_node_summary"),
        ("units", "0002_labels"),
        # the organisations' data migration reads the units' old column
        ("organisations", "0002_organisations_from_names"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="memberunit", name="units_memberunit_unique_name_in_community"),
        migrations.RenameField(model_name="memberunit", old_name="community", new_name="location"),
        migrations.AlterField(
            model_name="memberunit",
            name="location",
            field=models.ForeignKey(
                help_text="The city, a district or county, a street or town, or a community.",
                limit_choices_to={"kind__in": ("city", "district", "county", "street", "town", "community")},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="member_units",
                to="grids.node",
                verbose_name="located in",
            ),
        ),
        migrations.AddConstraint(
            model_name="memberunit",
            constraint=models.UniqueConstraint(fields=("location", "name"), name="units_memberunit_unique_name_in_location"),
        ),
    ]
