from django.db import migrations

from organisations.conversion import organisations_from_names


def forwards(apps, schema_editor):
    organisations_from_names(
        apps.get_model("organisations", "PartyOrganisation"),
        apps.get_model("grids", "Node"),
        apps.get_model("units", "MemberUnit"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("grids", "0005_node_summary"),
        ("units", "0002_labels"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
