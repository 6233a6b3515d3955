from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baruga.accounts"
    label = "accounts"
