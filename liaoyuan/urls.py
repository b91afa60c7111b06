from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from accounts.api import token_obtain
from accounts.forms import SignInForm
from alliances.views.calendar import feed as calendar_feed
from dashboards.views import home
from liaoyuan.core import pickers
from liaoyuan.core import views as core_views
from liaoyuan.core.api import ApiDocsPermission

urlpatterns = [
    path("", home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("tree/", include("grids.urls")),
    path("units/", include("units.urls")),
    path("people/", include("people.urls")),
    path("organisations/", include("organisations.urls")),
    path("alliances/", include("alliances.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("notifications/", include("notifications.urls")),
    path("reviews/", include("reviews.urls")),
    path("exports/", include("exports.urls")),
    path("imports/", include("liaoyuan.core.imports.urls")),
    path("wishes/", include("wishes.urls")),
    path("sharing/compounds/", include("compounds.urls")),
    path("sharing/", include("sharing.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("open311/", include("wishes.open311_urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("pickers/<slug:name>/", pickers.search, name="picker"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # API
    path("api/v1/", include(("liaoyuan.api_urls", "api"), namespace="api")),
    path("api/token/", token_obtain, name="api_token"),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[ApiDocsPermission]), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[ApiDocsPermission]),
        name="api_docs",
    ),
]

handler400 = "liaoyuan.core.views.bad_request"
handler403 = "liaoyuan.core.views.permission_denied"
handler404 = "liaoyuan.core.views.page_not_found"
handler500 = "liaoyuan.core.views.server_error"
