"""The beat scheduler: django-celery-beat's ``DatabaseScheduler`` (schedules live in the database and are edited
in the admin, no deploy), which also tells each task that asks for it (``takes_scheduled_at``) the moment it
was due, so that periods are computed from the schedule date, not from when a worker ran the task."""

from types import SimpleNamespace

from django.utils import timezone
from django_celery_beat import schedulers


class DatabaseScheduler(schedulers.DatabaseScheduler):
    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        task = self.app.tasks.get(entry.task)
        if not getattr(task, "takes_scheduled_at", False):
            return super().apply_async(entry, producer, advance, **kwargs)
        entry = self.reserve(entry) if advance else entry
        stamped = SimpleNamespace(
            name=entry.name,
            task=entry.task,
            args=entry.args,
            kwargs={**entry.kwargs, "scheduled_at": timezone.now().isoformat()},
            options=entry.options,
        )
        return super().apply_async(stamped, producer, False, **kwargs)
