"""A finer histogram of the tree's paths, so that PostgreSQL estimates the size of a subtree (``path LIKE
'…%'``, every scope's condition) within a few rows rather than taking a community's 256 nodes for 15 and
planning a page as if it held nothing."""

from django.db import migrations


def finer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE grids_node ALTER COLUMN path SET STATISTICS 1000")


def default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE grids_node ALTER COLUMN path SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("grids", "0005_node_summary")]

    operations = [migrations.RunPython(finer, default)]
