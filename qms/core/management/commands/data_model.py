"""python manage.py data_model [--check]: write docs/data-model.md from the models (or, with
--check, fail when the file is not current)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qms.core.datamodel import DOC_PATH, data_model_markdown


class Command(BaseCommand):
    help = "由模型生成 docs/data-model.md（--check 只检查是否最新）"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只检查文件是否最新，不写入")

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / DOC_PATH
        text = data_model_markdown()
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{DOC_PATH} 不是最新的，请运行 python manage.py data_model")
            self.stdout.write(f"{DOC_PATH} 是最新的")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {DOC_PATH}")
