"""Load check: simulated users against gunicorn on loopback, on the default SQLite set-up and on
PostgreSQL (when a server answers at 127.0.0.1:5432): page views, searches, nonconformity and
complaint entry, an import preview and a dossier build. Reports requests, errors (5xx, target
zero) and the 95th-percentile time per kind of request.

Each back-end gets a throw-away database with the demo centre (`load_demo`); gunicorn runs with
2 workers x 4 threads and Celery eager (the dossier build runs inside its request). Loops are
bounded by the duration; nothing leaves 127.0.0.1.

Run: python bench/bench_load.py [sqlite] [postgres] [--users 20] [--seconds 60]"""

import argparse
import http.cookiejar
import io
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
LOGINS = ["office", "auditor", "manager"]
KINDS = [("page", 50), ("search", 20), ("nonconformity", 10), ("complaint", 10), ("import_preview", 8),
         ("dossier", 2)]
PAGES = ["/", "/standards/", "/standards/tree/", "/audits/nonconformities/", "/evaluation/complaints/",
         "/catalog/items/", "/standards/checks/", "/assessments/"]
SEARCHES = ["窗口", "服务", "告知", "投诉", "规范", "受理"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(backend: str, scratch: Path) -> dict:
    if backend == "sqlite":
        url = f"sqlite:///{scratch / 'load.sqlite3'}"
    else:
        import psycopg

        name = f"qms_bench_load_{os.getpid()}"
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        url = f"{PG}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(scratch / "media"), "AXES_ENABLED": "0",
           "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "CELERY_BROKER_URL": "", "SECURE_SSL_REDIRECT": "0",
           "SECRET_KEY": secrets.token_urlsafe(50),  # production refuses the built-in key
           "DJANGO_SETTINGS_MODULE": "qms.settings"}
    for command in (["migrate"], ["load_demo"]):
        subprocess.run([PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    return env


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen([PYTHON, "-m", "gunicorn", "qms.wsgi", "-w", "2", "--threads", "4", "-b",
                               f"127.0.0.1:{port}", "--timeout", "300", "--log-level", "warning"],
                              cwd=ROOT, env=env, start_new_session=True)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=60)  # noqa: S310
            return server
        except OSError:  # not listening yet, or still loading Django
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


class User:
    """One simulated user: a cookie session, logged in through the login form."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = self.get("/accounts/login/")[1]
        self.post("/accounts/login/", {"username": username, "password": "demo12345"}, form)

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(  # noqa: S310 (the base is http://127.0.0.1:<port>)
            self.base + path, data=data, headers={"Referer": self.base + path, **(headers or {})})
        try:
            with self.opener.open(request, timeout=300) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request(path)

    def post(self, path: str, fields: dict, page: str, files: dict | None = None) -> tuple[int, str]:
        token = CSRF.search(page)
        fields = {**fields, "csrfmiddlewaretoken": token.group(1) if token else ""}
        if files:
            body, kind = multipart(fields, files)
            return self.request(path, body, {"Content-Type": kind})
        return self.request(path, urllib.parse.urlencode(fields).encode())


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def first_option(page: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    values = re.findall(r'<option value="(\d+)"', select.group(0)) if select else []
    return random.choice(values) if values else ""


def items_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["实施部门", "项目名称", "权力类型", "申报材料", "办理程序", "法定办结时限", "承诺办结时限", "办件类型"])
    for n in range(30):
        sheet.append(["税务局窗口", f"压测事项{n}", "公共服务", "身份证（原件）", "受理并办结", "", "即办", "即办件"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Load:
    """The mix of actions, the records (kind, status, ms) and the one dossier build at a time."""

    def __init__(self, base: str, seconds: float):
        self.base, self.deadline = base, time.monotonic() + seconds
        self.records: list[tuple[str, int, float]] = []
        self.lock, self.dossier_busy = threading.Lock(), threading.Lock()
        self.workbook = items_workbook()

    def timed(self, kind: str, call):
        start = time.perf_counter()
        status, page = call()
        with self.lock:
            self.records.append((kind, status, (time.perf_counter() - start) * 1000))
        return status, page

    def act(self, user: User, kind: str) -> None:
        if kind == "page":
            self.timed("page", lambda: user.get(random.choice(PAGES)))
        elif kind == "search":
            word = urllib.parse.quote(random.choice(SEARCHES))
            self.timed("search", lambda: user.get(f"/standards/?q={word}"))
        elif kind == "nonconformity":
            _s, form = user.get("/audits/nonconformities/new/")
            fields = {"source": "implementation_check", "source_ref": "压测", "department": first_option(form, "department"),
                      "description": "压测：窗口未公示办事指南", "grade": "minor"}
            self.timed("nonconformity", lambda: user.post("/audits/nonconformities/new/", fields, form))
        elif kind == "complaint":
            _s, form = user.get("/evaluation/complaints/new/")
            fields = {"channel": "hotline", "complainant_name": "压测", "department": first_option(form, "department"),
                      "description": "压测投诉内容"}
            self.timed("complaint", lambda: user.post("/evaluation/complaints/new/", fields, form))
        elif kind == "import_preview":
            _s, form = user.get("/catalog/items/import/")
            files = {"upload": ("items.xlsx", self.workbook)}
            self.timed("import_preview", lambda: user.post("/catalog/items/import/", {}, form, files))
        elif kind == "dossier":
            self.dossier(user)

    def dossier(self, user: User) -> None:
        if not self.dossier_busy.acquire(blocking=False):
            return self.act(user, "page")
        try:
            _s, form = user.get("/dossiers/")
            self.timed("dossier", lambda: user.post("/dossiers/", {"assessment": ""}, form))
        finally:
            self.dossier_busy.release()

    def run_user(self, username: str) -> None:
        user = User(self.base, username)
        kinds, weights = zip(*KINDS, strict=True)
        while time.monotonic() < self.deadline:
            self.act(user, random.choices(kinds, weights)[0])


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def report(backend: str, users: int, seconds: float, records) -> bool:
    by_kind = defaultdict(list)
    for kind, status, ms in records:
        by_kind[kind].append((status, ms))
    print(f"\n== load: {backend}, {users} users, {seconds:g} s, gunicorn 2 workers x 4 threads")
    print(f"  {'kind':<16}{'requests':>9}{'5xx':>6}{'4xx':>6}{'p95 ms':>10}{'median ms':>11}")
    for kind, rows in sorted(by_kind.items()):
        times = [ms for _status, ms in rows]
        print(f"  {kind:<16}{len(rows):>9}{sum(s >= 500 for s, _ in rows):>6}{sum(400 <= s < 500 for s, _ in rows):>6}"
              f"{p95(times):>10.0f}{statistics.median(times):>11.0f}")
    errors = sum(status >= 500 for _kind, status, _ms in records)
    print(f"  total {len(records)} requests, {errors} server errors (target 0)")
    return errors == 0


def run(backend: str, users: int, seconds: float) -> bool:
    with tempfile.TemporaryDirectory(prefix=f"bench_load_{backend}_") as scratch:
        env = prepare(backend, Path(scratch))
        port = free_port()
        server = start_gunicorn(env, port)
        try:
            load = Load(f"http://127.0.0.1:{port}", seconds)
            threads = [threading.Thread(target=load.run_user, args=(LOGINS[n % len(LOGINS)],)) for n in range(users)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return report(backend, users, seconds, load.records)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
            drop(env["DATABASE_URL"])


def drop(url: str) -> None:
    if url.startswith(PG):
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("backends", nargs="*", default=["sqlite", "postgres"])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    ok = all([run(backend, args.users, args.seconds) for backend in args.backends])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
