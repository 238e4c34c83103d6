"""Vendored static files survive `collectstatic` with the manifest storage documented for
production: every file a stylesheet or script refers to (source maps included) is vendored too."""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
SOURCE_MAP = re.compile(rb"[#@]\s*sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_vendored_file_names_is_present():
    missing = []
    for path in STATIC.rglob("*"):
        if path.suffix in {".js", ".css"}:
            for name in SOURCE_MAP.findall(path.read_bytes()):
                if not name.startswith(b"data:") and not (path.parent / name.decode()).exists():
                    missing.append(f"{path.relative_to(STATIC)} -> {name.decode()}")
    assert missing == []
