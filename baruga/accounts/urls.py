from django.contrib.auth import views as auth_views
from django.urls import path

from baruga.accounts import views, views_privacy

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.signup, name="signup"),
    path("lanjut/", views.after_login, name="after_login"),
    path("dua-langkah/", views.two_factor, name="two_factor"),
    path("dua-langkah/pasang/", views.two_factor_setup, name="two_factor_setup"),
    path("dua-langkah/kode-cadangan/", views.recovery_codes, name="recovery_codes"),
    path("riwayat-masuk/", views.login_history, name="login_history"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("kata-sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path("kata-sandi/lupa/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("kata-sandi/atur/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("kata-sandi/atur/selesai/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("data-saya/", views_privacy.my_data, name="my_data"),
    path("data-saya/unduh/", views_privacy.my_data_export, name="my_data_export"),
    path("data-saya/hapus/", views_privacy.my_data_erase, name="my_data_erase"),
]
