"""The members of a counted group asked (``qa.answer.confidence.members``)."""

from __future__ import annotations

from qa.answer.confidence.members import asked_members, members_unnamed


def test_members_asked_of_a_count_the_report_gives_alone_are_not_named() -> None:
    question = "蓟州区2023年行政诉讼败诉的5件案子分别是哪些部门的？"
    assert asked_members(question) == ("5件",)
    assert members_unnamed(question, ["应诉行政诉讼案件118件，审结112件，败诉5件。"])
    assert not members_unnamed(question, ["败诉5件，分别为区住建委3件、区城管委2件。"])
    assert asked_members("哪些地方的报告里聘请法律顾问正好是5名？") == ()  # the count picks a place
    assert asked_members("败诉的5件案子一共罚了多少钱？") == ()  # an amount asked


def test_a_list_of_counts_names_no_member() -> None:
    question = "天津市2023年新制定的6件政府规章分别叫什么？"
    assert members_unnamed(question, ["制定政府规章6件、修改9件、废止4件。"])
    assert not members_unnamed(question, ["制定《天津市物业管理规定》等政府规章6件。"])


def test_a_name_of_the_kind_asked_names_the_members() -> None:
    question = "红星乡9个行政村的法律顾问由哪家律所的律师担任？"
    firm = ["由黑龙江依诚律师事务所3名律师担任全乡9个行政村的法律顾问。"]
    assert not members_unnamed(question, firm)
    assert members_unnamed(question, ["全乡9个行政村均配备法律顾问。"])
