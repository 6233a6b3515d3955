from django.contrib.auth import views as auth_views
from django.urls import path

from baruga.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.signup, name="signup"),
    path("lanjut/", views.after_login, name="after_login"),
]
