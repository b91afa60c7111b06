"""Menu-style service (菜单式服务) and micro-wishes (微心愿).

A community publishes a service menu (``ServiceItem`` with its extra ``ServiceQuestion``s); a resident orders
from it or writes a micro-wish; both are a ``Wish``, routed to the community (and grid) of the building chosen.
Each change of status is a ``WishEvent`` (the history the resident sees), and each event that concerns the
resident is an SMS in ``WishMessage`` (one per event: sending it twice is impossible). Whole views of a
resident's contact are logged in ``ContactView``. Open311 clients post with an ``ApiKey``.
"""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.models import NODE_MANAGER_ROLES, Node
from liaoyuan.core.files import GeneratedName
from liaoyuan.core.masking import mask_phone
from liaoyuan.core.models import LimitedTextField, TimeStampedModel, choices_constraint, text_length_constraint
from liaoyuan.core.scoping import ScopeRule
from liaoyuan.core.validators import validate_china_phone
from people.models import Person
from units.models import MemberUnit
from wishes.masking import mask_phones_in

TEXT = 2_000  # a wish's description, a note, a reason


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")


class ServiceItem(TimeStampedModel):
    """One item of a community's service menu: meal delivery, home repairs, companionship…"""

    community = models.ForeignKey(
        Node,
        on_delete=models.CASCADE,
        related_name="service_items",
        verbose_name=_("community"),
        limit_choices_to={"kind": Node.Kind.COMMUNITY},
    )
    title = models.CharField(_("service"), max_length=100)
    description = LimitedTextField(_("description"), blank=True, max_length=TEXT)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)
    is_active = models.BooleanField(_("on the menu"), default=True)

    scope_rule = ScopeRule(node="community", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("service menu item")
        verbose_name_plural = _("service menu items")
        constraints = [
            models.UniqueConstraint(fields=["community", "title"], name="wishes_item_unique_title"),
            text_length_constraint({"description": TEXT}, "wishes_item_text_lengths"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wishes:item", args=[self.pk])

    @property
    def service_code(self) -> str:
        """The item's code in Open311."""
        return self.code_for(self.pk)

    @staticmethod
    def code_for(pk: int) -> str:
        """The Open311 code of the item ``pk`` (for lists read as rows)."""
        return f"menu-{pk}"


class ServiceQuestion(models.Model):
    """An extra question asked when ordering an item (a number, a date, a choice…)."""

    Kind = QuestionKind

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="questions", verbose_name=_("service"))
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    choices = models.CharField(
        _("choices"), max_length=500, blank=True, help_text=_("For a choice: the options, separated by “|”.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_rule = ScopeRule(node="item__community", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        constraints = [
            choices_constraint("kind", QuestionKind, "wishes_question_kind_valid"),
            models.UniqueConstraint(fields=["item", "code"], name="wishes_question_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(kind="choice", choices=""), name="wishes_question_choice_has_options"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def options(self) -> list[str]:
        return [o.strip() for o in self.choices.split("|") if o.strip()]


class WishKind(models.TextChoices):
    ORDER = "order", _("Order from the menu")
    WISH = "wish", _("Micro-wish")


class Channel(models.TextChoices):
    WEB = "web", _("Public page")
    MAILBOX = "mailbox", _("Residents' mailbox")
    HOME_VISIT = "home_visit", _("Home visit")
    WECHAT = "wechat", _("WeChat group")
    PHONE = "phone", _("Telephone")
    OPEN311 = "open311", _("Open311 client")


class CareGroup(models.TextChoices):
    """Special-care households, whose wishes come first in the queue."""

    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")
    DISABLED = "disabled", _("Disabled")
    SINGLE_PARENT = "single_parent", _("Single-parent child")


class WishStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged as a duplicate")
    DECLINED = "declined", _("Declined")
    DISPATCHED = "dispatched", _("Dispatched")
    CLAIMED = "claimed", _("Claimed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    RATED = "rated", _("Rated")
    REOPENED = "reopened", _("Reopened")


class ProviderKind(models.TextChoices):
    POST = "post", _("Vanguard post")
    TEAM = "team", _("Team")
    UNIT = "unit", _("Member unit")
    VOLUNTEER = "volunteer", _("Volunteer")


OPEN_STATUSES = frozenset(
    {
        WishStatus.SUBMITTED,
        WishStatus.ACCEPTED,
        WishStatus.DISPATCHED,
        WishStatus.CLAIMED,
        WishStatus.IN_PROGRESS,
        WishStatus.REOPENED,
    }
)
# The queue's order (open first, special-care households first among them, then oldest first), as expressions
# so that the list's ORDER BY and the index serving it are the same expressions.
QUEUE_ORDER = (
    models.Case(
        models.When(status__in=sorted(OPEN_STATUSES), then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    ),
    models.Case(
        models.When(care_group="", then=models.Value(1)), default=models.Value(0), output_field=models.IntegerField()
    ),
    models.F("created_at"),
    models.F("id"),
)
# Wishes a provider works on: past their promised date they are overdue (escalated).
WORKING_STATUSES = frozenset({WishStatus.DISPATCHED, WishStatus.CLAIMED, WishStatus.IN_PROGRESS})


class Wish(TimeStampedModel):
    """A resident's order from the menu or micro-wish, from submission to rating."""

    Kind = WishKind
    Status = WishStatus
    Channel = Channel
    CareGroup = CareGroup
    ProviderKind = ProviderKind

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.WISH)
    item = models.ForeignKey(
        ServiceItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("service"),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    community = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="wishes", verbose_name=_("community"))
    grid = models.ForeignKey(
        Node, on_delete=models.PROTECT, null=True, blank=True, related_name="grid_wishes", verbose_name=_("grid")
    )
    building = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="building_wishes",
        verbose_name=_("building"),
        help_text=_("The building or stairwell unit the wish comes from: it routes the wish."),
    )
    title = models.CharField(_("what is needed"), max_length=100)
    description = LimitedTextField(_("details"), blank=True, max_length=TEXT)
    beneficiary = models.CharField(_("for whom"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, validators=[validate_china_phone])
    door = models.CharField(_("door number"), max_length=20, blank=True)
    photo = models.ImageField(_("photo"), upload_to=GeneratedName("wishes"), blank=True)
    channel = models.CharField(_("source channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    care_group = models.CharField(_("special care"), max_length=16, choices=CareGroup.choices, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    reason = LimitedTextField(_("reason"), blank=True, max_length=TEXT, help_text=_("Why it was declined."))
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,  # a merged wish always names its original
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    provider_kind = models.CharField(_("provider"), max_length=10, choices=ProviderKind.choices, blank=True)
    provider_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("member unit"),
    )
    provider_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes_served",
        verbose_name=_("volunteer"),
    )
    provider_post = models.ForeignKey(
        "volunteers.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("vanguard post"),
    )
    provider_team = models.ForeignKey(
        "organisations.PartyOrganisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("team"),
    )
    provider_name = models.CharField(
        _("provider name"),
        max_length=200,
        blank=True,
        help_text=_("The post or team as named when the wish was dispatched (kept if the record goes)."),
    )
    promised_on = models.DateField(_("promised date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = LimitedTextField(_("comment"), blank=True, max_length=TEXT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    resident = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("resident"),
        help_text=_("The resident's own record, when they were signed in."),
    )
    api_key = models.ForeignKey(
        "ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="wishes", verbose_name=_("API key")
    )
    need = models.ForeignKey(
        "ledgers.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("need"),
        help_text=_("The entry of the community's needs list the accepted wish became."),
    )

    scope_rule = ScopeRule(
        node="building",
        unit="provider_unit",
        unit_write="provider_unit",
        person="provider_person",
        person_writes=True,
        write_roles=NODE_MANAGER_ROLES,
    )

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        constraints = [
            choices_constraint("kind", WishKind, "wishes_wish_kind_valid"),
            choices_constraint("channel", Channel, "wishes_wish_channel_valid"),
            choices_constraint("care_group", CareGroup, "wishes_wish_care_group_valid", allow_blank=True),
            choices_constraint("status", WishStatus, "wishes_wish_status_valid"),
            choices_constraint("provider_kind", ProviderKind, "wishes_wish_provider_kind_valid", allow_blank=True),
            # an order names its menu item, a micro-wish none
            models.CheckConstraint(
                condition=models.Q(kind="order", item__isnull=False) | models.Q(kind="wish", item__isnull=True),
                name="wishes_wish_order_has_item",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined", reason=""), name="wishes_wish_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged", duplicate_of__isnull=True),
                name="wishes_wish_merged_names_original",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rated", rating__isnull=True), name="wishes_wish_rated_has_rating"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="wishes_wish_rating_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=sorted(WORKING_STATUSES), provider_kind=""),
                name="wishes_wish_working_has_provider",
            ),
            text_length_constraint(
                {"description": TEXT, "reason": TEXT, "rating_comment": TEXT}, "wishes_wish_text_lengths"
            ),
        ]
        indexes = [
            # the triage queue of a community: open wishes, special care first, oldest first
            models.Index(fields=["community", "status", "created_at"], name="wishes_wish_queue"),
            # the overdue sweep: working wishes past their promised date
            models.Index(fields=["status", "promised_on"], name="wishes_wish_status_due"),
            # Open311 feed and the staff list, newest first
            models.Index(fields=["-created_at"], name="wishes_wish_newest"),
            # the staff list in queue order: a page is an index scan, not a sort of every wish in scope
            models.Index(*QUEUE_ORDER, name="wishes_wish_queue_order"),
        ]

    def __str__(self):
        return f"{self.tracking_code} {mask_phones_in(self.title)}"

    def get_absolute_url(self):
        return reverse("wishes:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_phone(self) -> str:
        """The contact phone as lists show it: 138****1234."""
        return mask_phone(self.contact_phone)

    @property
    def provider_label(self) -> str:
        """Returns who serves the wish, as the resident and staff see it."""
        if self.provider_unit_id:
            return self.provider_unit.name
        if self.provider_person_id:
            return self.provider_person.name[:1] + "*" * max(len(self.provider_person.name) - 1, 1)
        return self.provider_name


class ReplyTemplate(TimeStampedModel):
    """A community's ready answer for common cases (declining, accepting, progress), chosen instead of typing."""

    community = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="reply_templates", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=50)
    text = LimitedTextField(_("text"), max_length=500)

    scope_rule = ScopeRule(node="community", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        constraints = [
            models.UniqueConstraint(fields=["community", "title"], name="wishes_reply_unique_title"),
            text_length_constraint({"text": 500}, "wishes_reply_text_length"),
        ]

    def __str__(self):
        return self.title


class WishEvent(models.Model):
    """One line of a wish's history: a change of status (or a progress note), who and when, and the note the
    resident sees."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="events", verbose_name=_("wish"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    status_from = models.CharField(_("from"), max_length=12, choices=WishStatus.choices, blank=True)
    status_to = models.CharField(_("to"), max_length=12, choices=WishStatus.choices)
    note = LimitedTextField(_("note"), blank=True, max_length=TEXT)
    photo = models.ImageField(_("photo"), upload_to=GeneratedName("wishes/done"), blank=True)

    scope_rule = ScopeRule(node="wish__building", write_roles=frozenset())

    class Meta:
        verbose_name = _("wish history")
        verbose_name_plural = _("wish history")
        ordering = ["at", "pk"]
        constraints = [
            choices_constraint("status_to", WishStatus, "wishes_event_status_valid"),
            text_length_constraint({"note": TEXT}, "wishes_event_text_lengths"),
        ]
        indexes = [models.Index(fields=["wish", "at"], name="wishes_event_wish_at")]  # a wish's history

    def __str__(self):
        return f"{self.wish_id}: {self.status_from} → {self.status_to}"


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class WishMessage(models.Model):
    """The SMS telling the resident of one event (one per event), sent after commit through the notification
    layer's SMS sender; a worker claims it before sending."""

    Status = MessageStatus

    event = models.OneToOneField(WishEvent, on_delete=models.CASCADE, related_name="message", verbose_name=_("event"))
    phone = models.CharField(_("phone"), max_length=20)
    text = models.CharField(_("text"), max_length=300)
    status = models.CharField(_("status"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SMS to a resident")
        verbose_name_plural = _("SMS to residents")
        constraints = [choices_constraint("status", MessageStatus, "wishes_message_status_valid")]
        indexes = [models.Index(fields=["status", "created_at"], name="wishes_message_todo")]  # the sweep

    def __str__(self):
        return f"{self.event_id} · {self.status}"


class ContactView(models.Model):
    """A log line for each time someone saw a wish's contact (phone, door) whole (PIPL)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="contact_views", verbose_name=_("wish"))
    channel = models.CharField(_("channel"), max_length=8, help_text=_("web or api"))
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact view")
        verbose_name_plural = _("contact views")
        indexes = [models.Index(fields=["wish", "-at"], name="wishes_contactview_wish_at")]  # who looked

    def __str__(self):
        return f"{self.user_id} → {self.wish_id}"


class ApiKey(TimeStampedModel):
    """A key issued to a channel (a WeChat mini-program…) to post requests through Open311. Only its digest
    is stored; a revoked key is refused."""

    name = models.CharField(_("channel"), max_length=100)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
