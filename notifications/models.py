"""The one notification layer: reminders of duties, each person's inbox, deliveries by e-mail and SMS, and
the channels the city office requires and each person chooses.

A ``Reminder`` is one reminder of one duty: (kind of duty, target organisation or record, period, stage),
unique in the database, so that a retry, a second beat or a run after a crash never reminds twice. It is
addressed to people through ``Notification`` rows (one per recipient: their inbox), each sent on the other
channels through ``Delivery`` rows (one per channel), which a worker claims before sending.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaoyuan.core.models import choices_constraint


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("Reminder")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalation")
    NOTICE = "notice", _("Notice")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    NO_ADDRESS = "no_address", _("No address")
    FAILED = "failed", _("Failed")


class Reminder(models.Model):
    """One reminder of one duty: what is due (``kind``), from which organisation or record (``target``), for
    which period (``period``, a key of ``liaoyuan.core.periods``; empty for a one-off duty) and at which stage
    (``stage`` and ``days``: days before the due date, or days overdue)."""

    kind = models.CharField(_("kind of duty"), max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField(_("target"))
    period = models.CharField(_("period"), max_length=16, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    days = models.SmallIntegerField(_("days"), default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    target_name = models.CharField(_("organisation"), max_length=200, help_text=_("Whom or what the duty is about."))
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    url = models.CharField(_("link"), max_length=300, help_text=_("The page where the duty is done."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            choices_constraint("stage", Stage, "notifications_reminder_stage_valid"),
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "period", "stage", "days"],
                name="notifications_reminder_once",
            ),
        ]

    def __str__(self):
        return f"{self.kind} · {self.target_name} · {self.period or '-'} · {self.stage}"


class Notification(models.Model):
    """One line of one person's inbox."""

    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("reminder")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["reminder", "recipient"], name="notifications_notification_once"),
        ]
        indexes = [
            # the unread count in the top bar and the inbox page, newest first
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notifications_inbox"),
        ]

    def __str__(self):
        return f"{self.recipient} ← {self.reminder}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """A notification sent on one more channel (e-mail, SMS). A worker claims it (``pending`` → ``sending``)
    before sending, so two workers never send it both; one stuck in ``sending`` is taken up again by the
    sweep after the broker's visibility timeout."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("notification")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            choices_constraint("channel", Channel, "notifications_delivery_channel_valid"),
            choices_constraint("status", DeliveryStatus, "notifications_delivery_status_valid"),
            models.UniqueConstraint(fields=["notification", "channel"], name="notifications_delivery_once"),
        ]
        indexes = [
            # the sweep: deliveries still waiting, or stuck being sent, oldest first
            models.Index(fields=["status", "created_at"], name="notifications_delivery_todo"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.get_status_display()}"


class ChannelPolicy(models.Model):
    """What the city office sets for one kind of duty: the channels everyone gets (``*_required``) and those
    a person gets unless they switch them off (``*_default``). Without a row, the kind's own defaults apply
    and nothing is required beyond the inbox."""

    kind = models.CharField(_("kind of duty"), max_length=64, unique=True)
    email_required = models.BooleanField(_("e-mail required"), default=False)
    sms_required = models.BooleanField(_("SMS required"), default=False)
    email_default = models.BooleanField(_("e-mail by default"), default=True)
    sms_default = models.BooleanField(_("SMS by default"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("channel policy")
        verbose_name_plural = _("channel policies")

    def __str__(self):
        return self.kind


class Preference(models.Model):
    """One person's choice of channels for one kind of duty (within what the city office requires)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind of duty"), max_length=64)
    email = models.BooleanField(_("e-mail"), default=True)
    sms = models.BooleanField(_("SMS"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once")]

    def __str__(self):
        return f"{self.user} · {self.kind}"
