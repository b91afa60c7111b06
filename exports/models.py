"""Exports too large to build in a request: one job per request, run by a Celery task, its file kept for its
owner only until it expires (``liaoyuan.core.exports`` is the engine; this app runs it in the background)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaoyuan.core.files import GeneratedName
from liaoyuan.core.models import choices_constraint


class ExportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("export", "Waiting")
    RUNNING = "running", pgettext_lazy("export", "Writing")
    DONE = "done", pgettext_lazy("export", "Ready")
    FAILED = "failed", pgettext_lazy("export", "Failed")


class ExportJob(models.Model):
    Status = ExportStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("owner")
    )
    dataset = models.CharField(_("dataset"), max_length=40)
    fmt = models.CharField(_("format"), max_length=8)
    params = models.JSONField(_("filters"), default=dict, blank=True)  # the list filters, name → list of values
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    written = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=GeneratedName("exports"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [choices_constraint("status", ExportStatus, "exports_exportjob_status_valid")]
        indexes = [
            # the cleanup: jobs older than the expiry
            models.Index(fields=["created_at"], name="exports_job_created"),
        ]

    def __str__(self):
        return f"{self.dataset}.{self.fmt} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, self.written * 100 // self.total) if self.total else 0
