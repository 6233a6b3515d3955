from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "baruga.notifications"
    label = "notifications"

    def ready(self):
        from baruga.notifications import checks  # noqa: F401  (registers the system checks)
