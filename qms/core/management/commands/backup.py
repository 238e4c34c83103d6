from pathlib import Path

from django.core.management.base import BaseCommand

from qms.core.backup import backup_write


class Command(BaseCommand):
    help = "Write one archive with the database (all records and their history) and the media files."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the archive to write (.zip)")

    def handle(self, *args, out, **options):
        manifest = backup_write(Path(out))
        records = sum(manifest["counts"].values())
        self.stdout.write(f"{out}: {records} records in {len(manifest['counts'])} tables, "
                          f"{len(manifest['media'])} files")
