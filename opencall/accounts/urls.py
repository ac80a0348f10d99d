from django.urls import path

from opencall.accounts import views

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
