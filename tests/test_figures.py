"""Figures a question states as values, and the passages that state them."""

from __future__ import annotations

from qa.analyse.intent.figures import stated_figures, states_figure, without_figures


def test_a_figure_with_its_unit_is_stated() -> None:
    assert stated_figures("哪两个镇的人民调解成功率都是97.8%？分别是哪一年？") == ("97.8%",)
    assert stated_figures("哪些地方的报告里聘请法律顾问正好是5名？") == ("5名",)
    assert stated_figures("全年清理零散摊点2710起，疏导了多少处？") == ("2710起",)
    assert stated_figures("东华门街道2024年12345热线诉求有多少件？") == ("12345",)


def test_bounds_years_dates_and_bare_digits_are_not_figures() -> None:
    assert stated_figures("哪些地方一年的普法宣传活动超过了100场？") == ()
    assert stated_figures("哪个地方的出庭应诉率没有达到100%？") == ()
    assert stated_figures("调解成功率在95%以上的有哪些镇？") == ()
    assert stated_figures("截至2022年11月底，公开了多少条执法结果？") == ()
    assert stated_figures("岔河镇23年行政诉讼几件") == ()
    assert stated_figures("“5G+VR政务晓屋”设了几个服务点？") == ()
    assert stated_figures("Which reports state more than 100% ?") == ()


def test_the_bounds_after_a_figure_are_those_the_amount_checks_read() -> None:
    """One list of bounds (``qa.analyse.intent.counters.BOUNDS_AFTER``) for a question's figures
    and for the counts of a report's sentences (``qa.answer.statements.amounts.counts_another``)."""
    assert stated_figures("哪些镇配了20名左右的调解员？") == ()
    assert stated_figures("哪个镇举办了100多场普法活动？") == ()
    assert stated_figures("哪个镇调解员有30人上下？") == ()


def test_a_passage_states_the_same_figure_not_a_longer_one() -> None:
    assert states_figure("全年共扫码登记涉企检查1,436次。", ("1436次",))
    assert states_figure("调解成功率97.8%，", ("97.8%",))
    assert not states_figure("调解成功率97.85%", ("97.8%",))
    assert not states_figure("聘请法律顾问15名", ("5名",))
    assert not states_figure("聘请法律顾问5.5名", ("5名",))
    assert states_figure("聘请法律顾问5名", ("5名",))


def test_a_figure_the_question_gives_is_left_out_of_the_passage() -> None:
    given = stated_figures("南通市市场监管局作为被告的8件行政诉讼，最后败诉了几件？")
    assert given == ("8件",)
    assert (
        without_figures("作为被告的行政诉讼8件，审结6件。", given)
        == "作为被告的行政诉讼，审结6件。"
    )
    assert without_figures("受理18件。", given) == "受理18件。"
