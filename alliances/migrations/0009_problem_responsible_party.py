"""Who answers for a tracked problem: a member unit (as before), the street's or community's party organisation
itself, or a named department that is not a member; exactly one (`alliances_problem_one_responsible`). Every
existing problem has its responsible unit, so it keeps it and meets the constraint as it is."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alliances', '0008_alliance_members_from'),
        ('organisations', '0003_team_kinds'),
        ('units', '0003_unit_location'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='trackedproblem',
            name='responsible_department',
            field=models.CharField(blank=True, help_text='A department that is not a member of the alliance, by name.', max_length=150, verbose_name='responsible department'),
        ),
        migrations.AddField(
            model_name='trackedproblem',
            name='responsible_organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='problems', to='organisations.partyorganisation', verbose_name='responsible party organisation'),
        ),
        migrations.AlterField(
            model_name='trackedproblem',
            name='responsible_unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='problems', to='units.memberunit', verbose_name='responsible unit'),
        ),
        migrations.AddConstraint(
            model_name='trackedproblem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('responsible_organisation__isnull', True), ('responsible_unit__isnull', False), ('responsible_department', '')), models.Q(('responsible_organisation__isnull', False), ('responsible_unit__isnull', True), ('responsible_department', '')), models.Q(('responsible_organisation__isnull', True), ('responsible_unit__isnull', True), models.Q(('responsible_department', ''), _negated=True)), _connector='OR'), name='alliances_problem_one_responsible'),
        ),
    ]
