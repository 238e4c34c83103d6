from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qms.core.backup import restore_read
from qms.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_read(Path(archive))
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"restored {sum(manifest['counts'].values())} records and "
                          f"{len(manifest['media'])} files; counts and hashes match the manifest")
