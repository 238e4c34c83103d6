import io
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.core.errors import ApplicationError
from qms.core.uploads import upload_check

from ..docs import docx_bytes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures_from_one_address(client, settings, office_user):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/accounts/login/", {"username": "office", "password": "wrong"}, REMOTE_ADDR="10.0.0.5")
    locked = client.post("/accounts/login/", {"username": "office", "password": "pw-123456"}, REMOTE_ADDR="10.0.0.5")
    assert locked.status_code == 429
    assert "暂时锁定" in locked.content.decode()
    # Another address is not locked out for the same user.
    other = client.post("/accounts/login/", {"username": "office", "password": "pw-123456"}, REMOTE_ADDR="10.0.0.6")
    assert other.status_code == 302


def test_upload_refuses_renamed_executable():
    fake = SimpleUploadedFile("standard.docx", b"MZ\x90\x00\x03" + b"\x00" * 100)
    with pytest.raises(ApplicationError, match="文件类型不符"):
        upload_check(fake, allowed={"docx", "pdf"})


def test_upload_accepts_real_docx_whatever_its_name():
    checked = upload_check(SimpleUploadedFile("scan.bin", docx_bytes({"1 范围": ["x"]})), allowed={"docx"})
    assert checked.kind == "docx" and len(checked.sha256) == 64


def test_upload_refuses_oversized_file(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ApplicationError, match="文件过大"):
        upload_check(SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"0" * 2000), allowed={"pdf"})


def test_upload_refuses_zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * 50_000_000)
    with pytest.raises(ApplicationError, match="压缩炸弹"):
        upload_check(SimpleUploadedFile("big.docx", buffer.getvalue()), allowed={"docx"})


def _documented_production_env(tmp_path):
    """The environment .env.example documents, with a key of the operator's own and files in tmp_path."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for browser tests
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/deploy.sqlite3"
    env["MEDIA_ROOT"], env["STATIC_ROOT"] = str(tmp_path / "media"), str(tmp_path / "static")
    return env


def _run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_deploy_check_is_clean_under_documented_production_settings(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _documented_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", ["built-in", "dev-insecure-key-change-me-in-production-0123456789abcdef",
                                 "change-me-to-a-long-random-string-of-at-least-fifty-characters-0123456789"])
def test_production_refuses_the_published_secret_keys(tmp_path, key):
    env = _documented_production_env(tmp_path)
    if key == "built-in":
        del env["SECRET_KEY"]
    else:
        env["SECRET_KEY"] = key
    served = _run(["-c", "import qms.wsgi"], env)
    assert served.returncode != 0 and "SECRET_KEY" in served.stderr
    checked = _run(["manage.py", "check", "--deploy"], env)
    assert checked.returncode != 0 and "qms.E001" in checked.stderr
    env["DEBUG"] = "1"  # a developer's own machine still runs on the built-in key
    assert _run(["-c", "import qms.wsgi"], env).returncode == 0


def test_production_serves_with_a_key_of_its_own(tmp_path):
    served = _run(["-c", "import qms.wsgi"], _documented_production_env(tmp_path))
    assert served.returncode == 0, served.stderr
