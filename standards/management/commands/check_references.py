"""python manage.py check_references [--json]: the 引用核查 list (same as the web page)."""

import json

from django.core.management.base import BaseCommand

from standards.selectors import reference_problems


class Command(BaseCommand):
    help = "列出自制标准规范性引用文件中的问题：引用已被代替或废止的版本、引用本中心已不再持有的标准。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        problems = reference_problems()
        if options["json"]:
            self.stdout.write(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
            return
        for problem in problems:
            self.stdout.write(f"{problem.edition.standard.code} {problem.edition.number}：{problem.message}")
        self.stdout.write(f"共 {len(problems)} 处引用问题。")
