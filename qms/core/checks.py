"""Production safety: a published secret key is refused where production starts (the WSGI
application, a Celery worker) and reported by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# The key built into settings.py and the placeholder in .env.example are public: anyone holding
# them could forge sessions and password-reset links.
PUBLISHED_SECRET_KEY_PREFIXES = ("dev-insecure-", "change-me")
REFUSAL = (
    "SECRET_KEY is the built-in development key or the .env.example placeholder. Set SECRET_KEY to a "
    "long random value of your own (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
)


def secret_key_is_published(key: str) -> bool:
    return (key or "").startswith(PUBLISHED_SECRET_KEY_PREFIXES)


def refuse_published_secret_key() -> None:
    """Stop a production process (DEBUG off) that would run on a published key."""
    if not settings.DEBUG and secret_key_is_published(settings.SECRET_KEY):
        raise ImproperlyConfigured(REFUSAL)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if secret_key_is_published(settings.SECRET_KEY):
        return [checks.Error(REFUSAL, id="qms.E001")]
    return []
