"""Every registered figure says in Chinese what it counts (its help text, 口径), and the pages that
explain a figure show that text, in English with the English locale; the engineers' docstring stays
the `definition` of `manage.py figures --json`."""

import html
import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from qms.core.figures import figure_get, figures_all

from ..leadership.helpers import GE, make_plan

CJK = re.compile(r"[\u4e00-\u9fff]")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。；;]", text) if s.strip()]


def test_every_registered_figure_has_a_chinese_help_text_and_an_english_one():
    figures = figures_all()
    assert len(figures) >= 20
    for figure in figures:
        with translation.override("zh-hans"):
            zh = str(figure.help)
        assert zh and zh != figure.definition, figure.key
        assert CJK.search(zh), figure.key
        for sentence in sentences(zh):
            assert CJK.search(sentence), (figure.key, sentence)  # no sentence left in English
        with translation.override("en"):
            en = str(figure.help)
        assert en != zh and not CJK.search(en), (figure.key, en)  # translated in locale/en


def test_help_texts_name_what_is_left_out():
    with translation.override("zh-hans"):
        assert "即办件不计入" in str(figure_get("cases_early_rate").help)
        assert "应参训" in str(figure_get("training_rate").help)
        assert "满分" in str(figure_get("external_score_rate").help)


def test_the_command_gives_the_help_beside_the_engineers_definition(db):
    out = StringIO()
    call_command("figures", "--json", stdout=out)
    rows = {row["key"]: row for row in json.loads(out.getvalue())["figures"]}
    early = rows["cases_early_rate"]
    assert early["definition"] == figure_get("cases_early_rate").definition
    assert early["help"] == str(figure_get("cases_early_rate").help) and "承诺件" in early["help"]


def _page(client, url, language=None):
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return html.unescape(client.get(url).content.decode())


def test_dashboard_help_shows_the_help_text_in_the_chosen_language(client, staff_user):
    client.force_login(staff_user)
    keys = ["coverage", "implementation_rate", "training_rate", "open_ca", "cases_early_rate", "reviews_due"]
    with translation.override("zh-hans"):
        chinese = {key: str(figure_get(key).help) for key in keys}
    with translation.override("en"):
        english = {key: str(figure_get(key).help) for key in keys}
    page = _page(client, "/dashboard/")
    for key in keys:
        assert chinese[key] in page, key
    assert figure_get("implementation_rate").definition.split("\n")[0] not in page  # no engineers' text
    page = _page(client, "/dashboard/", "en")
    for key in keys:
        assert english[key] in page and chinese[key] not in page, key


def test_external_evaluation_and_plan_pages_show_the_help_text(client, office_user, manager_user):
    client.force_login(office_user)
    with translation.override("zh-hans"):
        external = str(figure_get("external_score_rate").help)
        coverage = str(figure_get("coverage").help)
    assert external in _page(client, reverse("external-list") + "?year=2026")
    plan = make_plan(office_user, approved_by=manager_user, targets=[("coverage", GE, 90, None)])
    assert f'title="{coverage}"' in _page(client, reverse("leadership-plan-detail", args=[plan.pk]))


@pytest.fixture(autouse=True)
def _chinese_after():
    yield
    translation.activate(settings.LANGUAGE_CODE)
