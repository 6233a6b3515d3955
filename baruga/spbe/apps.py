from django.apps import AppConfig


class SpbeConfig(AppConfig):
    name = "baruga.spbe"
    label = "spbe"
    verbose_name = "SPBE"
