"""我的待办: what a person must do, gathered from every app. Each app registers one provider in its
AppConfig.ready(); a provider takes the user and today's date and yields `Todo`s, using the same
permission predicates as the pages where the thing is done, so the list and the buttons agree.
A thing done disappears from its provider's query: nothing is stored here."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Todo:
    kind: str  # what to do, as the list shows it, e.g. "反馈征求意见"
    title: str  # which record
    url: str  # where it is done
    due_on: dt.date | None = None
    today: dt.date | None = None

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.today is not None and self.due_on < self.today


Provider = Callable[..., Iterable[Todo]]
_PROVIDERS: list[Provider] = []


def todo_register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def todos_for(user, *, today: dt.date | None = None) -> list[Todo]:
    """Everything `user` must do, the earliest due first, undated ones last."""
    today = today or timezone.localdate()
    found = [t for provider in _PROVIDERS for t in provider(user, today=today)]
    return sorted(found, key=lambda t: (t.due_on is None, t.due_on or today, t.kind, t.title))
