"""The scoring rules on plain values: steps and bounds, suggestions, totals, pass line, vetoes, gaps."""

from decimal import Decimal as D

from qms.assessment import rules


def test_score_must_lie_between_zero_and_the_maximum():
    assert rules.points_refusal(D("4"), maximum=D("4"), step=D("0.5")) is None
    assert rules.points_refusal(D("0"), maximum=D("4"), step=D("0.5")) is None
    assert "0 至 4 分" in rules.points_refusal(D("4.5"), maximum=D("4"), step=D("0.5"))
    assert "0 至 4 分" in rules.points_refusal(D("-1"), maximum=D("4"), step=D("0.5"))


def test_score_must_follow_the_template_step():
    assert rules.points_refusal(D("2.5"), maximum=D("4"), step=D("0.5")) is None
    assert "0.5 分递进" in rules.points_refusal(D("2.3"), maximum=D("4"), step=D("0.5"))
    assert "1 分递进" in rules.points_refusal(D("2.5"), maximum=D("4"), step=D("1"))


def test_suggestion_is_proportional_to_the_target_and_rounded_down_to_the_step():
    s = rules.suggest_points(maximum=D("10"), step=D("0.5"), label="实施率", unit="%", value=92.0, target=95.0)
    assert s.points == D("9.5")  # 10 × 92/95 = 9.68 -> 9.5
    assert "9.68" in s.explanation and "92.0%" in s.explanation and "95%" in s.explanation


def test_suggestion_reaching_the_target_gives_full_points():
    s = rules.suggest_points(maximum=D("8"), step=D("0.5"), label="参训率", unit="%", value=99.0, target=95.0)
    assert s.points == D("8")


def test_no_suggestion_without_data_or_for_counts():
    assert rules.suggest_points(maximum=D("6"), step=D("0.5"), label="覆盖率", unit="%", value=None,
                                target=90).points is None
    count = rules.suggest_points(maximum=D("6"), step=D("0.5"), label="逾期", unit="项", value=3, target=None)
    assert count.points is None and "计数" in count.explanation


def test_a_companion_figure_with_a_target_can_lower_the_suggestion():
    pass_rate = rules.Companion(label="考核合格率", value=72.0, target=90.0)
    s = rules.suggest_points(maximum=D("8"), step=D("0.5"), label="参训率", unit="%", value=99.0, target=95.0,
                             companions=(pass_rate,))
    assert s.points == D("6")  # 8 × min(99/95, 72/90, 1) = 6.4 -> 6
    assert "考核合格率 72.0%（目标 90%）" in s.explanation and "6.40" in s.explanation


def test_a_companion_without_target_or_data_is_named_but_not_counted():
    external = rules.Companion(label="外部评价得分率", value=80.0, target=None, value_text="80.00%")
    empty = rules.Companion(label="考核合格率", value=None, target=90.0)
    s = rules.suggest_points(maximum=D("6"), step=D("0.5"), label="满意率", unit="%", value=98.0, target=98.0,
                             companions=(external, empty))
    assert s.points == D("6")
    assert "外部评价得分率 80.00%（无目标，仅供参考）" in s.explanation and "考核合格率暂无数据" in s.explanation


def _sections():
    return [
        rules.SectionResult("一", D("10"), False, False, [
            rules.ItemResult(1, "1.1", "甲", "一", D("6"), D("6"), evidence_count=1),
            rules.ItemResult(2, "1.2", "乙", "一", D("4"), D("1.5"), evidence_hint="会议纪要"),
        ]),
        rules.SectionResult("加分", D("5"), True, False, [rules.ItemResult(3, "5.1", "创新", "加分", D("5"), D("5"))]),
        rules.SectionResult("否决项", D("0"), False, True, [
            rules.ItemResult(4, "6.1", "弄虚作假", "否决项", D("0"), None, is_veto=True)]),
    ]


def test_total_adds_sections_and_caps_the_bonus():
    summary = rules.summarise(_sections(), bonus_limit=D("3"), pass_line=D("8"), max_total=D("10"))
    assert summary.sections[0].score == D("7.5")
    assert summary.base_total == D("7.5") and summary.bonus == D("3") and summary.total == D("10.5")
    assert summary.passed


def test_pass_line_is_reached_or_not():
    summary = rules.summarise(_sections(), bonus_limit=D("0"), pass_line=D("8"), max_total=D("10"))
    assert summary.total == D("7.5") and not summary.passed and summary.shortfall_to_pass == D("0.5")


def test_a_failed_veto_item_fails_whatever_the_score():
    sections = _sections()
    sections[2].items[0].veto_failed = True
    summary = rules.summarise(sections, bonus_limit=D("5"), pass_line=D("8"), max_total=D("10"))
    assert summary.total >= D("8") and not summary.passed
    assert [v.title for v in summary.vetoes_failed] == ["弄虚作假"]


def test_gap_list_names_shortfall_and_missing_evidence():
    summary = rules.summarise(_sections(), bonus_limit=D("5"), pass_line=D("8"), max_total=D("10"))
    assert [(g.item.code, g.shortfall, g.missing_evidence) for g in summary.gaps] == [("1.2", D("2.5"), "会议纪要")]


def test_template_points_must_add_up():
    ok = rules.template_problems(total_points=D("10"), bonus_points=D("5"), pass_line=D("8"), sections=[
        ("一", D("10"), False, False, [D("6"), D("4")]), ("加分", D("5"), True, False, [D("5")]),
        ("否决项", D("0"), False, True, [D("0")])])
    assert ok == []
    bad = rules.template_problems(total_points=D("12"), bonus_points=D("2"), pass_line=D("13"), sections=[
        ("一", D("10"), False, False, [D("6"), D("3")]), ("加分", D("5"), True, False, [D("5")])])
    assert any("合计 9 分，与标注的 10 分不符" in p for p in bad)
    assert any("与总分 12 分不符" in p for p in bad)
    assert any("超过加分上限" in p for p in bad)
    assert any("合格线 13 分高于总分" in p for p in bad)
