"""What the screen offers is what the user may do: every demo login crawls the site from its home
page, following the links its pages show, and no link leads to a refusal (403), a missing page
(404), a wrong method (405) or an error (500)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from qms.org.models import User

LOGINS = ["office", "auditor", "manager", "head", "admin"]
SKIP = ("/accounts/logout", "/admin/", "/i18n/", "/static/", "/media/")
PER_PATTERN = 1  # pages of one shape (/standards/N/) visited per login
MAX_PAGES = 180


def _pattern(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)|[0-9a-f]{8}-[0-9a-f-]{27}", "/N", path)


def _links(html: str) -> list[str]:
    links = []
    for href in re.findall(r'<a\b[^>]*\bhref="([^"#][^"]*)"', html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        if href.startswith("/") and not href.startswith("//") and not href.startswith(SKIP):
            links.append(href)
    return links


def _crawl(client) -> tuple[int, list[tuple[str, int, str]]]:
    seen, per_pattern, broken = {"/"}, {}, []
    queue = deque([("/", "—")])
    visited = 0
    while queue and visited < MAX_PAGES:
        url, source = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (403, 404, 405) or response.status_code >= 500:
            broken.append((url, response.status_code, source))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            pattern = _pattern(urlsplit(link).path)
            if link in seen or per_pattern.get(pattern, 0) >= PER_PATTERN:
                continue
            seen.add(link)
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            queue.append((link, url))
    return visited, broken


@pytest.mark.django_db
@pytest.mark.parametrize("username", LOGINS)
def test_no_page_shows_a_link_the_user_cannot_open(demo, client, settings, username):
    settings.MEDIA_ROOT = demo["media"]  # the demo's documents are stored there
    client.force_login(User.objects.get(username=username))
    visited, broken = _crawl(client)
    assert visited > 40, f"{username} reached only {visited} pages"
    assert not broken, "\n".join(f"{code} {url}  (linked from {source})" for url, code, source in broken)
