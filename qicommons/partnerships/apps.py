from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "qicommons.partnerships"
    label = "partnerships"
