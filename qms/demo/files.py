"""Reading the demo centre's data files in fixtures/demo/ (UTF-8 CSV and JSON)."""

import csv
import json
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(fh)]


def read_json(name: str):
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return json.load(fh)
