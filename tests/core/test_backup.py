"""Backup -> restore into an empty database (SQLite or PostgreSQL, from either) gives the same
records, the same history rows and the same files; a damaged archive is refused."""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command

from qms.core.backup import backup_write

from ..standards.helpers import make_in_force

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(office_user, tmp_path):
    standard, edition = make_in_force(office_user)
    edition.title = "修改后的标题"
    edition.save()  # one more history row
    path = tmp_path / "backup.zip"
    manifest = backup_write(path)
    assert manifest["counts"]["standards.HistoricalEdition"] >= 2 and manifest["media"]
    return path, manifest


def _target(kind: str, tmp_path, request) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    name = f"qms_restore_{os.getpid()}"
    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server")
    request.addfinalizer(lambda: _drop(name))
    return f"{PG}/{name}"


def _drop(name: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(url: str, media: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "DJANGO_SETTINGS_MODULE": "qms.settings"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


# Django's serializer writes milliseconds only when the microseconds are not zero: an instant
# stored as 15:21:58.000412 is written "15:21:58.000Z" and, read back as 15:21:58, "15:21:58Z".
# Both name the same millisecond, so compare them in one form.
_WHOLE_SECOND = re.compile(r"(T\d\d:\d\d:\d\d)\.000(?=Z|[+-]\d\d:\d\d)")


def _records(path: Path) -> list:
    return sorted(_WHOLE_SECOND.sub(r"\1", json.dumps(row, sort_keys=True)) for row in json.loads(path.read_text()))


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_restore_into_an_empty_database_gives_identical_records_history_and_files(archive, tmp_path, kind, request):
    path, manifest = archive
    url, media = _target(kind, tmp_path, request), tmp_path / "restored-media"
    restored = _manage(url, media, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    dumped = tmp_path / "after.json"
    _manage(url, media, "dumpdata", "--natural-foreign", "--all", "--exclude", "contenttypes", "--exclude",
            "auth.permission", "--exclude", "sessions", "--output", str(dumped))
    with zipfile.ZipFile(path) as source:
        source.extract("data/db.json", tmp_path)
    assert _records(dumped) == _records(tmp_path / "data" / "db.json")  # records and history rows
    import hashlib

    files = {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in media.rglob("*") if p.is_file()}
    assert files == manifest["media"]
    again = _manage(url, media, "restore", str(path))
    assert again.returncode != 0 and "不是空的" in again.stderr


def test_a_truncated_or_altered_archive_is_refused(archive, tmp_path):
    path, _manifest = archive
    cut = tmp_path / "cut.zip"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CommandError, match="已损坏或不完整"):
        call_command("restore", str(cut))
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(altered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data + b"x" if info.filename.startswith("media/") else data)
    with pytest.raises(CommandError, match="校验值与清单不符"):
        call_command("restore", str(altered))
