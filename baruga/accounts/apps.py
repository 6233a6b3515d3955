from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baruga.accounts"
    label = "accounts"

    def ready(self):
        from baruga.accounts import receivers  # noqa: F401  (login history)
