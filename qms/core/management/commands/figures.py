"""python manage.py figures [--as-of YYYY-MM-DD] [--json]

Prints every registered figure (qms.core.figures) for one day: key, label, value, numerator,
denominator, target, the definition users read (口径, `help`, in the active language) and the
engineers' definition. The dashboard, the self-assessment, the reports and the
dossier print the same values (tests/core/test_figures_consistency.py checks it)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qms.core.figures import figures_table


class Command(BaseCommand):
    help = "列出全部指标的数值、分子、分母、目标和定义"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default="", help="计算哪一天的指标，如 2026-06-30（默认今天）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--as-of 不是有效日期（应为 YYYY-MM-DD）：{options['as_of']}") from exc
        rows = figures_table(as_of=as_of)
        if options["json"]:
            self.stdout.write(json.dumps({"as_of": as_of.isoformat(), "figures": rows}, ensure_ascii=False, indent=2,
                                         default=float))
            return
        for row in rows:
            self.stdout.write(f"{row['key']:<26} {row['label']}  {row['text']}"
                              f"  ({_n(row['numerator'])} / {_n(row['denominator'])})  目标 {row['target_text']}")
            self.stdout.write(f"    口径：{row['help']}")
            if row["help"] != row["definition"]:
                self.stdout.write(f"    {' '.join(row['definition'].split())}")


def _n(value) -> str:
    return "—" if value is None else f"{value:g}"
