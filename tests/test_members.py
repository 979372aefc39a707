"""The members of a counted group asked (``qa.answer.confidence.asked.members``)."""

from __future__ import annotations

from qa.answer.confidence.asked.members import asked_members, members_unnamed


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


def test_a_breakdown_the_count_is_part_of_names_no_member() -> None:
    question = "柳河县2023年行政复议被撤销的4件案件涉及哪些单位？"
    breakdown = "审结41件，其中维持27件、撤销4件、驳回3件、终止7件，纠错率9.8%。"
    assert members_unnamed(question, [breakdown])
    assert not members_unnamed(question, ["撤销4件，分别为县自然资源局2件、县住建局2件。"])


def test_a_list_in_the_clause_after_the_count_lists_something_else() -> None:
    question = "石门镇“老娘舅”调解室的4名调解员分别叫什么名字？"
    sentence = "由4名退休教师担任调解员，依托熟悉社情民意、群众基础好的优势开展调解。"
    assert members_unnamed(question, [sentence])
    assert not members_unnamed(question, ["调解室有4名调解员：王建军、李秀英、赵明、陈刚。"])


def test_a_list_of_what_the_group_concerns_names_its_members() -> None:
    question = "2021年银雀山街道作出的4项重大决策涉及哪些事情？"
    named = "全年作出重大决策4项，涉及南关社区老旧小区改造、银雀山路沿街立面整治等事项。"
    assert not members_unnamed(question, [named])
    assert members_unnamed(question, ["全年作出重大决策4项，均经过合法性审查。"])


def test_which_two_asks_the_members() -> None:
    assert asked_members("考核排名靠后被约谈的2个单位是哪两个？") == ("2个",)


def test_a_sum_of_money_asked_of_a_counted_group_stands_beside_the_count() -> None:
    question = "2023年诉调对接调解成功的150件案件涉及金额多少？"

    def money(span: str) -> bool:
        return "元" in span

    assert members_unnamed(question, ["全年委派调解案件230件，调解成功150件。"], None, money)
    assert not members_unnamed(question, ["调解成功150件，涉及金额860万元。"], None, money)
    scope = "全镇20个村居一共有多少名“法律明白人”？"  # a count asked: the group is its scope
    assert not members_unnamed(scope, ["20个村居共有法律明白人95名。"], None, money)


def test_a_case_pointed_at_is_one() -> None:
    question = "区市场监管局被复议撤销的那件案件是什么内容？"
    assert members_unnamed(question, ["作为被申请人的复议案件5件，其中维持4件、撤销1件。"])
    assert asked_members("解放碑那个商圈调解室叫什么？") == ()  # 那个: a word of speech


def test_places_the_group_went_to_name_no_member_of_another_kind() -> None:
    question = "“灾后重建法律服务团”的18名律师分别来自哪些律师事务所？"
    went = "组织律师参与“灾后重建法律服务团”，18名律师深入石城镇、冯家峪镇、不老屯镇等山区镇。"
    assert members_unnamed(question, [went])
    firms = "18名律师来自北京市檀州律师事务所、北京云湖律师事务所等3家律所。"
    assert not members_unnamed(question, [firms])
    villages = "全镇评上示范村3个：石门村、杨柳村、红旗村。"
    assert not members_unnamed("评上的3个示范村分别是哪些？", [villages])


def test_the_group_s_own_quoted_name_and_a_quotation_further_on_name_no_member() -> None:
    question = "“灾后重建法律服务团”的18名律师分别来自哪些律师事务所？"
    sentence = (
        "组建由18名律师组成的“灾后重建法律服务团”，深入受灾村庄提供法律咨询3200人次，"
        "为受灾群众开辟法律援助“绿色通道”。"
    )
    assert members_unnamed(question, [sentence])
    quoted = "新制定政府规章3件，分别是《甲办法》《乙规定》《丙条例》。"
    assert not members_unnamed("新制定的3件政府规章分别叫什么？", [quoted])
