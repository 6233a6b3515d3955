from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "baruga.lib"
    label = "lib"
