from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import selectors, services
from accounts.authentication import ExpiringTokenAuthentication
from accounts.models import PasswordChange, RoleAssignment
from liaoyuan.core.api import ErrorSerializer
from liaoyuan.core.net import client_address


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    node_name = serializers.CharField(source="node.name", default=None, allow_null=True, read_only=True)
    unit_name = serializers.CharField(source="unit.name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "role_display", "node", "node_name", "unit", "unit_name"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    roles = RoleAssignmentSerializer(many=True)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user and their roles."""
    user = request.user
    data = {
        "username": user.username,
        "name": user.get_full_name(),
        "person": user.person_id,
        "roles": selectors.role_assignments(user=user),
    }
    return Response(MeSerializer(data).data)


# --- API tokens -----------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, write_only=True)
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="The current code of the user's authenticator app (or a backup code), when two-factor sign-in is on.",
    )


class TokenIssuedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown only this once.")
    token_key = serializers.CharField(help_text="The token's first characters, naming it in lists.")
    expiry = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="Whether this call was made with this token.")

    class Meta:
        model = AuthToken
        fields = ["token_key", "created", "expiry", "current"]

    def get_current(self, token) -> bool:
        auth = getattr(self.context.get("request"), "auth", None)
        return isinstance(auth, AuthToken) and auth.digest == token.digest


def _refuse_login(request, username: str, message: str):
    """Counts a failed sign-in (django-axes locks after ``LOGIN_FAILURE_LIMIT``) and answers 401."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request._request)
    raise exceptions.AuthenticationFailed(message)


@extend_schema(
    request=TokenRequestSerializer,
    responses={200: TokenIssuedSerializer, 400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer,
               429: ErrorSerializer},
    auth=[],
)  # fmt: skip
@api_view(["POST"])
@authentication_classes([ExpiringTokenAuthentication])  # gives a 401 its WWW-Authenticate header
@permission_classes([AllowAny])
def token_obtain(request):
    """Issues an API token for a username and password (and the second-factor code, when the account has
    one). The token expires after the configured number of days; it is shown only in this answer."""
    data = TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    username = data.validated_data["username"]
    user = authenticate(request._request, username=username, password=data.validated_data["password"])
    if user is None:  # wrong password, inactive account, or locked (django-axes answers 429 instead)
        raise exceptions.AuthenticationFailed(_("The username or password is not right."))
    if selectors.has_two_factor(user=user):
        code = (data.validated_data.get("otp_token") or "").replace(" ", "")
        if not code or match_token(user, code) is None:
            _refuse_login(request, username, _("Give the current code of your authenticator app as otp_token."))
    elif selectors.two_factor_required(user=user):
        raise exceptions.PermissionDenied(_("Your account needs two-factor sign-in: set it up on the web first."))
    try:
        token, secret = services.api_token_create(user=user)
    except DjangoPermissionDenied as refused:
        raise exceptions.PermissionDenied(str(refused)) from None
    response = Response({"token": secret, "token_key": token.token_key, "expiry": token.expiry})
    add_never_cache_headers(response)  # a secret: never kept by a browser or a proxy
    return response


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The signed-in user's API tokens that have not expired: list them, revoke one (DELETE)."""

    serializer_class = ApiTokenSerializer
    lookup_field = "token_key"
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return AuthToken.objects.none()
        return selectors.api_tokens(user=self.request.user)

    def perform_destroy(self, instance):
        services.api_token_revoke(user=self.request.user, token_key=instance.token_key)


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(trim_whitespace=False, write_only=True)
    new_password = serializers.CharField(trim_whitespace=False, write_only=True)


class PasswordChangedSerializer(serializers.Serializer):
    detail = serializers.CharField()


@extend_schema(request=PasswordChangeSerializer, responses={200: PasswordChangedSerializer, 400: ErrorSerializer})
@api_view(["POST"])
def password_change(request):
    """Changes the signed-in user's password. Every API token (this one too) and calendar link is revoked
    and other sessions end: ask for a new token with the new password."""
    data = PasswordChangeSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    user = request.user
    if not user.check_password(data.validated_data["old_password"]):
        raise exceptions.ValidationError({"old_password": [_("Your old password was entered incorrectly.")]})
    try:
        validate_password(data.validated_data["new_password"], user)
    except DjangoValidationError as invalid:
        raise exceptions.ValidationError({"new_password": list(invalid.messages)}) from None
    services.password_set(
        user=user,
        password=data.validated_data["new_password"],
        kind=PasswordChange.Kind.CHANGED,
        by=user,
        address=client_address(request),
    )
    if isinstance(request.successful_authenticator, SessionAuthentication):
        update_session_auth_hash(request._request, user)  # this browser session stays signed in
    return Response({"detail": _("The password was changed; API tokens and calendar links were revoked.")})
