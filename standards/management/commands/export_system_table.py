"""python manage.py export_system_table --xlsx FILE --docx FILE [--node CODE] [--as-of YYYY-MM-DD]
[--columns seq,code,number,...]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms.core.errors import ApplicationError
from qms.core.spreadsheets import parse_date
from qms.org.selectors import organisation_profile
from standards.documents.system_table_docx import build_system_table_docx
from standards.documents.system_table_xlsx import build_system_table_xlsx
from standards.system_table import COLUMNS, system_table_context


class Command(BaseCommand):
    help = "导出标准体系表（Excel 和/或 Word）。"

    def add_arguments(self, parser):
        parser.add_argument("--xlsx", help="Excel 文件路径")
        parser.add_argument("--docx", help="Word 文件路径")
        parser.add_argument("--node", default="", help="只导出该节点及其下级，如 300")
        parser.add_argument("--as-of", default="", help="按该日日终的状态导出，如 2025-06-30")
        parser.add_argument("--columns", default="",
                            help="明细表的列（逗号分隔）：" + ",".join(c.key for c in COLUMNS))

    def handle(self, *args, **options):
        if not options["xlsx"] and not options["docx"]:
            raise CommandError("请至少指定 --xlsx 或 --docx。")
        try:
            as_of = parse_date(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"--as-of 不是有效日期：{options['as_of']}") from exc
        columns = [c for c in options["columns"].split(",") if c.strip()] or None
        try:
            context = system_table_context(organisation=organisation_profile().name, node_code=options["node"],
                                           as_of=as_of, columns=columns)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for option, render in (("xlsx", build_system_table_xlsx), ("docx", build_system_table_docx)):
            if options[option]:
                path = Path(options[option])
                path.write_bytes(render(context))
                self.stdout.write(f"{path}：{context.row_count} 行")
