"""Limits on rendering an office's own .docx templates: output size and render time.

A template is code its uploader writes (`{{ 'a' * 200000000 }}`, loops inside loops), rendered
in a sandbox that guards attributes but not resources. `LimitedEnvironment` checks, before
anything large is made: repetition (`*`, `**`), integer arguments of calls and filters (widths,
ranges); and, while output streams, its running size and the clock. Exceeding a limit raises
`TemplateLimitExceeded` with a message naming the limit."""

import functools
import time

from django.conf import settings
from django.utils.translation import gettext as _
from jinja2.sandbox import SandboxedEnvironment

from qms.core.errors import ApplicationError

MAX_POWER = 64


class TemplateLimitExceeded(ApplicationError):
    pass


def template_limits() -> tuple[int, float]:
    """(characters of rendered XML, seconds) allowed for one document."""
    return (getattr(settings, "DOCUMENT_TEMPLATE_MAX_CHARS", 5_000_000),
            getattr(settings, "DOCUMENT_TEMPLATE_MAX_SECONDS", 15.0))


class LimitedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options):
        super().__init__(**options)
        self.max_chars, seconds = template_limits()
        self.deadline, self.produced = time.monotonic() + seconds, 0
        self.concat = self._concat
        self.filters = {name: self._guarded(f) for name, f in self.filters.items()}

    def _too_big(self):
        raise TemplateLimitExceeded(
            _("模板生成的内容超过上限（%(n)d 万字符），请检查模板中的重复或循环。") % {"n": self.max_chars // 10_000})

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitExceeded(_("模板生成超时（上限 %(s)s 秒），请检查模板中的循环。")
                                        % {"s": f"{template_limits()[1]:g}"})

    def _check_args(self, args) -> None:
        self.check_time()
        if any(isinstance(a, int) and abs(a) > self.max_chars for a in args):
            self._too_big()

    def _check_result(self, value):
        if isinstance(value, str | list | tuple | bytes) and len(value) > self.max_chars:
            self._too_big()
        return value

    def call_binop(self, context, operator, left, right):
        self._check_args((left, right))
        if operator == "**" and isinstance(right, int) and right > MAX_POWER:
            self._too_big()
        if operator == "*":
            sizes = [len(x) for x in (left, right) if isinstance(x, str | list | tuple)]
            counts = [x for x in (left, right) if isinstance(x, int)]
            if sizes and counts and sizes[0] * counts[0] > self.max_chars:
                self._too_big()
        return self._check_result(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self._check_args((*args, *kwargs.values()))
        return __self._check_result(super().call(__context, __obj, *args, **kwargs))

    def _guarded(self, function):
        @functools.wraps(function)
        def guarded(*args, **kwargs):
            self._check_args((*args, *kwargs.values()))
            return self._check_result(function(*args, **kwargs))
        return guarded

    def _concat(self, chunks) -> str:
        parts = []
        for chunk in chunks:
            self.produced += len(chunk)
            if self.produced > self.max_chars:
                self._too_big()
            self.check_time()
            parts.append(chunk)
        return "".join(parts)
