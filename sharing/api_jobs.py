"""API of the job postings, referrals, training sessions and 8:30 class check-ins:

- ``/api/v1/job-postings/``: the open postings (a directory) and those in the user's scope; a unit's admins
  (or the staff of where the unit is) publish and change them; ``referrals`` lists and records the community's
  referrals to a posting.
- ``/api/v1/job-referrals/``: the referrals the user sees; ``outcome`` records what came of one.
- ``/api/v1/trainings/``: sessions in the user's scope; ``attendance`` lists and records who attended.
- ``/api/v1/class-checkins/``: check-ins in the user's scope; POST without a person checks the signed-in
  community worker in on today's class, with ``person`` and ``day`` the community's staff record one.

Writes go through ``sharing.services``; a ``ValidationError`` there is a 400 with field errors. People's names
are masked in every list."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from grids.models import Node
from liaoyuan.core.api import ChoicesField, ModelLabelsMixin
from liaoyuan.core.masking import mask_name
from people.models import Person
from people.selectors import nameable
from sharing import filters
from sharing.models import MAX_HEADCOUNT, ClassCheckIn, JobPosting, JobReferral, Training, TrainingAttendance
from sharing.selectors import classes as class_selectors
from sharing.selectors import jobs as selectors
from sharing.services import classes as class_services
from sharing.services import jobs as job_services
from sharing.services import trainings as training_services
from units.models import MemberUnit


def _publishable_units(user):
    return scopes.editable(user, MemberUnit.objects.all()).order_by("name")


def _communities(user):
    return Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("path")


def _nameable(user):
    return nameable(user=user)


def _training_nodes(user):
    return scopes.editable(user, Node.objects.all()).order_by("path")


# ---- job postings ---------------------------------------------------------------------------------------------


class JobPostingSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    unit = ChoicesField(_publishable_units, queryset=MemberUnit.objects.all())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    community = ChoicesField(_communities, queryset=Node.objects.all(), required=False)
    community_name = serializers.CharField(source="community.name", read_only=True)
    headcount = serializers.IntegerField(min_value=1, max_value=MAX_HEADCOUNT, default=1)

    class Meta:
        model = JobPosting
        fields = [
            "id",
            "unit",
            "unit_name",
            "community",
            "community_name",
            "position",
            "headcount",
            "requirements",
            "pay_min",
            "pay_max",
            "contact",
            "published_on",
            "closes_on",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"published_on": {"required": False}}

    def create(self, validated_data):
        return job_services.posting_create(user=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("unit", None)  # a posting stays with its unit
        return job_services.posting_update(user=self.context["request"].user, posting=instance, **validated_data)


class JobReferralSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField(help_text="Masked.")
    position = serializers.CharField(source="posting.position", read_only=True)
    unit_name = serializers.CharField(source="posting.unit.name", read_only=True)

    class Meta:
        model = JobReferral
        fields = [
            "id",
            "posting",
            "position",
            "unit_name",
            "person",
            "person_name",
            "referred_on",
            "outcome",
            "employed_on",
            "note",
        ]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        return mask_name(obj.person.name)


class ReferralCreateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = JobReferral

    person = ChoicesField(_nameable, queryset=Person.objects.all())
    referred_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OutcomeSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = JobReferral

    outcome = serializers.ChoiceField(choices=JobReferral.Outcome.choices)
    employed_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class JobPostingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Job postings (用人信息), newest first: every open posting and the closed ones in the user's scope. Filter
    with ``q``, ``under`` and ``state`` (open, closed). A closing date before the publishing date, a reversed pay
    range or a unit the user may not publish for answers 400."""

    queryset = JobPosting.objects.none()
    serializer_class = JobPostingSerializer
    filterset_class = filters.JobPostingFilter
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.postings(user=self.request.user)

    def get_object(self):
        posting = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS and not scopes.can_change(self.request.user, posting):
            self.permission_denied(self.request)
        return posting

    @extend_schema(
        request=ReferralCreateSerializer, responses={200: JobReferralSerializer(many=True), 201: JobReferralSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def referrals(self, request, pk=None):
        """GET: the posting's referrals the user sees. POST: the community refers a person (once per posting)."""
        posting = super().get_object()
        if request.method == "GET":
            rows = selectors.referrals(user=request.user).filter(posting=posting)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(JobReferralSerializer(page, many=True).data)
        if not job_services.may_refer(request.user, posting):
            self.permission_denied(request)
        data = ReferralCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        referral = job_services.referral_create(user=request.user, posting=posting, **data.validated_data)
        return Response(JobReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class JobReferralViewSet(viewsets.ReadOnlyModelViewSet):
    """The referrals the user sees (of the postings in the user's scope, and the user's own), newest first;
    filter with ``outcome``."""

    queryset = JobReferral.objects.none()
    serializer_class = JobReferralSerializer
    filterset_class = filters.ReferralFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.referrals(user=self.request.user)

    @extend_schema(request=OutcomeSerializer, responses=JobReferralSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        """Records what came of the referral; ``employed`` needs ``employed_on``."""
        referral = self.get_object()
        if not job_services.may_refer(request.user, referral.posting):
            self.permission_denied(request)
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = job_services.referral_outcome(user=request.user, referral=referral, **data.validated_data)
        return Response(JobReferralSerializer(referral).data)


# ---- training sessions ----------------------------------------------------------------------------------------


class TrainingSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    node = ChoicesField(_training_nodes, queryset=Node.objects.all())
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Training
        fields = ["id", "node", "node_name", "topic", "provider", "held_on", "place", "hours", "note"]
        read_only_fields = ["id"]

    def create(self, validated_data):
        return training_services.training_create(user=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("node", None)
        return training_services.training_update(user=self.context["request"].user, training=instance, **validated_data)


class TrainingAttendanceSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField(help_text="Masked.")

    class Meta:
        model = TrainingAttendance
        fields = ["id", "person", "person_name", "attended"]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        return mask_name(obj.person.name)


class AttendanceSetSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = TrainingAttendance

    people = ChoicesField(_nameable, queryset=Person.objects.all(), many=True, allow_empty=False)
    attended = serializers.BooleanField(default=True)


class TrainingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Training sessions in the user's scope, newest first; filter with ``q`` and ``under``."""

    queryset = Training.objects.none()
    serializer_class = TrainingSerializer
    filterset_class = filters.TrainingFilter
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.trainings(user=self.request.user)

    def get_object(self):
        training = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS and not scopes.can_change(self.request.user, training):
            self.permission_denied(self.request)
        return training

    @extend_schema(request=AttendanceSetSerializer, responses=TrainingAttendanceSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request, pk=None):
        """GET: who is on the session's list. POST: put people on it as attended (or absent)."""
        training = self.get_object()
        if request.method == "POST":
            data = AttendanceSetSerializer(data=request.data, context=self.get_serializer_context())
            data.is_valid(raise_exception=True)
            training_services.attendance_set(user=request.user, training=training, **data.validated_data)
        page = self.paginate_queryset(selectors.attendance(training))
        return self.get_paginated_response(TrainingAttendanceSerializer(page, many=True).data)


# ---- 8:30 class check-ins -------------------------------------------------------------------------------------


class ClassCheckInSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField(help_text="Masked.")
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = ClassCheckIn
        fields = ["id", "person", "person_name", "community", "community_name", "day", "checked_in_at"]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        return mask_name(obj.person.name)


class CheckInCreateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = ClassCheckIn

    person = ChoicesField(_nameable, queryset=Person.objects.all(), required=False, allow_null=True, default=None)
    day = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["person"] is not None and attrs["day"] is None:
            raise serializers.ValidationError({"day": _("Give the day of the class.")})
        return attrs


class ClassCheckInViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Check-ins at the 8:30 daily class in the user's scope (and the user's own), newest first; filter with
    ``under``, ``day_from`` and ``day_to``. POST ``{}``: the signed-in community worker checks in on today's
    class (08:00–09:30, Monday to Friday); POST ``{"person", "day"}``: the community's staff record one."""

    queryset = ClassCheckIn.objects.none()
    serializer_class = ClassCheckInSerializer
    filterset_class = filters.CheckInFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return class_selectors.check_ins(user=self.request.user)

    @extend_schema(request=CheckInCreateSerializer, responses={201: ClassCheckInSerializer})
    def create(self, request, *args, **kwargs):
        data = CheckInCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        person, day = data.validated_data["person"], data.validated_data["day"]
        if person is None:
            check_in = class_services.check_in(user=request.user)
        else:
            check_in = class_services.check_in_record(user=request.user, person=person, day=day)
        return Response(ClassCheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("job-postings", JobPostingViewSet, basename="job-posting")
    router.register("job-referrals", JobReferralViewSet, basename="job-referral")
    router.register("trainings", TrainingViewSet, basename="training")
    router.register("class-checkins", ClassCheckInViewSet, basename="class-checkin")
