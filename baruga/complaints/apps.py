from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "baruga.complaints"
    label = "complaints"
