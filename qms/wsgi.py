"""WSGI entry point (gunicorn qms.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
application = get_wsgi_application()
