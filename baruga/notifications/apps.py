from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "baruga.notifications"
    label = "notifications"
