"""The top bar fits the window in both languages, at the widths of a service centre's desktops:
no page wider than the window, the language picker never squeezed (English menu labels are
longer: the menu wraps onto a second row instead)."""

import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1024, 1280, 1366, 1440, 1600, 1920)
MEASURE = """() => {
  const picker = document.querySelector('select[name=language]');
  return {page: document.documentElement.scrollWidth, right: picker.getBoundingClientRect().right,
          squeezed: picker.scrollWidth > picker.clientWidth + 1};
}"""


def test_the_top_bar_fits_every_desktop_width_in_chinese_and_english(page, office_user):
    login(page, office_user.username)
    for language in ("zh-hans", "en"):
        page.select_option("select[name=language]", language)
        page.wait_for_selector(f"html[lang={language}]")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            seen = page.evaluate(MEASURE)
            assert seen["page"] <= width, (language, width, seen)
            assert seen["right"] <= width and not seen["squeezed"], (language, width, seen)
