"""python manage.py export_management_review [--year YYYY] --docx FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits.evaluation.documents.review_report import build_management_review_docx
from audits.evaluation.selectors.reviews import review_for_year, review_report_context


class Command(BaseCommand):
    help = "导出管理评审报告（.docx）：指定年度的评审，缺省为最近一次。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="评审所属年度（评审期间截止年或计划年）")
        parser.add_argument("--docx", required=True, help="输出文件路径")

    def handle(self, *args, year=None, docx=None, **options):
        review = review_for_year(year)
        if review is None:
            raise CommandError(f"没有{f' {year} 年度的' if year else ''}管理评审。")
        path = Path(docx)
        if not path.parent.exists():
            raise CommandError(f"目录不存在：{path.parent}")
        path.write_bytes(build_management_review_docx(review_report_context(review)))
        self.stdout.write(f"{review.number} {review.title} -> {path}")
