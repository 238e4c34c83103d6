"""WSGI entry point (gunicorn qms.wsgi). With DEBUG off it refuses a published SECRET_KEY."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")
application = get_wsgi_application()

from qms.core.checks import refuse_published_secret_key  # noqa: E402 (needs the app registry)

refuse_published_secret_key()
