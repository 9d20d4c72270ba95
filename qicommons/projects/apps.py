from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "qicommons.projects"
    label = "projects"
