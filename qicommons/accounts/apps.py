from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qicommons.accounts"
    label = "accounts"
