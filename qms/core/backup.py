"""Backup and restore: one zip with the database (every record and its history, as Django
serialized JSON, so it restores on SQLite or PostgreSQL whichever it came from) and the media
files, with a manifest of record counts per model and a SHA-256 per file.

Layout: `manifest.json`, `data/db.json`, `media/<path>`. Restore checks the archive (every
member's CRC, then each hash against the manifest) before it touches anything, loads into an
empty database and media folder, and compares the record counts with the manifest."""

import datetime as dt
import hashlib
import json
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from .errors import ApplicationError

FORMAT = 1
DATA = "data/db.json"
# Rebuilt by `migrate` from the code; rows elsewhere refer to them by natural key.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1024 * 1024


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _models():
    skipped = {"contenttypes", "sessions"}
    return [m for m in apps.get_models() if m._meta.app_label not in skipped
            and m._meta.label_lower != "auth.permission" and not m._meta.proxy and m._meta.managed]


def record_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in _models()}


def media_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def backup_write(out: Path) -> dict:
    """Write the archive to `out` (through a temporary file, renamed at the end); return the manifest."""
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "db.json"
        call_command("dumpdata", "--natural-foreign", "--all", "--indent", "0", "--output", str(data),
                     *[arg for label in EXCLUDED for arg in ("--exclude", label)], verbosity=0)
        manifest = {"format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(),
                    "database": connection.vendor, "counts": record_counts(),
                    "data": {"path": DATA, "sha256": _sha256_file(data)},
                    "media": {p.relative_to(root).as_posix(): _sha256_file(p) for p in media_files(root)}}
        partial = out.with_name(out.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.write(data, DATA)
            for name in manifest["media"]:
                archive.write(root / name, f"media/{name}")
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        partial.replace(out)
    return manifest


def backup_verify(path: Path) -> dict:
    """The archive's manifest, once every member and hash checks out; else ApplicationError."""
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            if broken:
                raise ApplicationError(f"备份文件已损坏：{broken} 校验失败。")
            manifest = json.loads(archive.read("manifest.json"))
            _hashes_check(archive, manifest)
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as exc:
        raise ApplicationError(f"备份文件已损坏或不完整（{exc}），未恢复任何内容。") from exc
    if manifest.get("format") != FORMAT:
        raise ApplicationError(f"不支持的备份格式：{manifest.get('format')}。")
    return manifest


def _hashes_check(archive: zipfile.ZipFile, manifest: dict) -> None:
    expected = {manifest["data"]["path"]: manifest["data"]["sha256"],
                **{f"media/{name}": digest for name, digest in manifest["media"].items()}}
    for member, digest in expected.items():
        actual = hashlib.sha256()
        with archive.open(member) as handle:
            while block := handle.read(CHUNK):
                actual.update(block)
        if actual.hexdigest() != digest:
            raise ApplicationError(f"备份文件已损坏：{member} 的校验值与清单不符。")


def restore_read(path: Path) -> dict:
    """Restore the archive at `path` into an empty database and media folder; return the manifest."""
    manifest = backup_verify(path)
    root = Path(settings.MEDIA_ROOT)
    _require_empty(root)
    call_command("migrate", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(path) as archive:
        data = Path(archive.extract(manifest["data"]["path"], scratch))
        call_command("flush", interactive=False, verbosity=0)  # rows made by data migrations
        apps.get_model("auth", "Group").objects.all().delete()  # made again after flush, restored below
        call_command("loaddata", str(data), verbosity=0)
        for name in manifest["media"]:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(f"media/{name}"))
    _counts_check(manifest["counts"])
    return manifest


def _require_empty(root: Path) -> None:
    users = apps.get_model(settings.AUTH_USER_MODEL)
    if users._meta.db_table in connection.introspection.table_names() and users._base_manager.exists():
        raise ApplicationError("目标数据库不是空的（已有用户），拒绝恢复。请恢复到新建的空数据库。")
    if media_files(root):
        raise ApplicationError(f"目标媒体目录 {root} 不是空的，拒绝恢复。")


def _counts_check(expected: dict[str, int]) -> None:
    actual = record_counts()
    wrong = [f"{label}：清单 {count}，恢复后 {actual.get(label)}"
             for label, count in expected.items() if actual.get(label) != count]
    if wrong:
        raise ApplicationError("恢复后的记录数与清单不符：" + "；".join(wrong[:10]))
