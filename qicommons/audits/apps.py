from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "qicommons.audits"
    label = "audits"
