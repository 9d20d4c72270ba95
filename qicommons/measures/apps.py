from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "qicommons.measures"
    label = "measures"
