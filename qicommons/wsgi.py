"""WSGI entry point for gunicorn: `gunicorn qicommons.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qicommons.settings")
application = get_wsgi_application()
