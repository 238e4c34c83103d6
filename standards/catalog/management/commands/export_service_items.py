from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from qms.org.models import Department
from qms.org.selectors import organisation_profile
from standards.catalog.documents.workbook import render_items_workbook
from standards.catalog.selectors import item_row, items_for_export


class Command(BaseCommand):
    help = "导出事项清单（.xlsx），导出的文件可原样重新导入。"

    def add_arguments(self, parser):
        parser.add_argument("--xlsx", required=True, help="output file")
        parser.add_argument("--department", help="department code (default: all)")

    def handle(self, *args, **options):
        department = Department.objects.get(code=options["department"]) if options["department"] else None
        rows = [item_row(item) for item in items_for_export(department=department)]
        data = render_items_workbook(title=f"{organisation_profile().name}政务服务事项清单",
                                     subtitle=f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}", rows=rows)
        Path(options["xlsx"]).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(rows)} 个事项到 {options['xlsx']}"))
