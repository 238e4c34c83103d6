"""Record numbers such as NS-2026-01 or NC-2026-007, from a per-year counter locked for update."""

from django.db import transaction

from .models import Counter


def number_next(*, key: str, year: int, width: int = 3) -> str:
    """Reserve the next number for `key` in `year`; safe under concurrency (row lock)."""
    with transaction.atomic():
        Counter.objects.get_or_create(key=key, year=year)
        counter = Counter.objects.select_for_update().get(key=key, year=year)
        counter.value += 1
        counter.save(update_fields=["value"])
    return f"{key}-{year}-{counter.value:0{width}d}"
