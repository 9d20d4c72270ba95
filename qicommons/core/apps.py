from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qicommons.core"
    label = "core"
