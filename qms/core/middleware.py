"""Chinese first: the UI language is the one the user chose (language cookie, set by the
language menu), else LANGUAGE_CODE. The browser's Accept-Language is deliberately ignored:
a centre's PCs often run English browsers, and the users read Chinese."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class FiguresMemoMiddleware:
    """A GET/HEAD page computes each figure once per date (see `qms.core.figures.figures_memo`).
    Writes (POST…) compute afresh: a bulk update sends no signal to empty the memo."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from .figures import figures_memo

        with figures_memo():
            return self.get_response(request)
