from django.apps import AppConfig


class HeadAppConfig(AppConfig):
    name = "baruga.headapp"
    label = "headapp"
    verbose_name = "Aplikasi pimpinan"
