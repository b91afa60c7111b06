"""Signal receivers: they record security events and start a session's policy; no other work here."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts import sessions
from liaoyuan.core import security_log


@receiver(user_logged_in, dispatch_uid="accounts.session_policy")
def start_session_policy(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.policy_start(request, user)
        security_log.security_event(security_log.LOGIN, request, username=user.get_username())


@receiver(user_login_failed, dispatch_uid="accounts.log_failed_login")
def log_failed_login(sender, credentials, request=None, **kwargs):
    """Django passes the credentials with the password already masked; only the username is logged."""
    if request is not None:
        security_log.security_event(security_log.LOGIN_FAILED, request, username=credentials.get("username") or "-")


@receiver(user_locked_out, dispatch_uid="accounts.log_lockout")
def log_lockout(sender, request, username=None, ip_address=None, **kwargs):
    security_log.security_event(security_log.LOCKED_OUT, request, username=username or "-")
