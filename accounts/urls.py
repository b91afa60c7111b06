from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("people/<int:person_pk>/password/", views.person_password_reset, name="person_password_reset"),
    path("tokens/new/", views.api_token_create, name="api_token_create"),
    path("tokens/<str:token_key>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/setup/qr.svg", views.two_factor_qr, name="two_factor_qr"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/backup-codes/", views.backup_codes_renew, name="backup_codes_renew"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
]
