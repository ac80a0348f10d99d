"""Sign-in, the second factor, one's API tokens and language: staff pages kept under
/accounts/ and the `accounts:` names that LOGIN_URL and the sign-in redirects use."""

from django.urls import path

from opencall.staff.views import accounts as views

app_name = "accounts"

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("verify/", views.verify, name="verify"),
    path("two-factor/", views.two_factor_page, name="two_factor"),
    path("language/", views.language, name="language"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
