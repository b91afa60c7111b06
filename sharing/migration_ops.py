"""Migration operations that exist on PostgreSQL only."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.migrations.operations.base import Operation


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()  # only ever compared inside the constraint


def booking_overlap_constraint() -> ExclusionConstraint:
    """No two live bookings of one venue share an instant: GiST over (venue =, [starts_at, ends_at) &&)."""
    return ExclusionConstraint(
        name="sharing_booking_no_overlap",
        expressions=[
            ("venue", RangeOperators.EQUAL),
            (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
        ],
        condition=models.Q(status__in=["pending", "approved"]),
    )


class AddPostgresConstraint(Operation):
    """Adds a constraint on PostgreSQL only, outside the migration state (SQLite cannot hold it, and a table
    SQLite rebuilds must not carry it): the service's serialised check stands in for it there."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, constraint_factory):
        self.model_name = model_name
        self.constraint_factory = constraint_factory

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name, self.constraint_factory], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_constraint(model, self.constraint_factory())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_constraint(model, self.constraint_factory())

    def describe(self):
        return f"Add the PostgreSQL-only constraint of {self.model_name}"
