from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "baruga.directory"
    label = "directory"
