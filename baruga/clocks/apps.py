from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "baruga.clocks"
    label = "clocks"
