"""What is asked of a document a question names in 《》: its number, its day, not the report's."""

from __future__ import annotations

from index.models import Document, DocumentMeta
from qa.answer.confidence.asked.docnumbers import unstated_doc_number
from qa.answer.confidence.asked.headers import header_answers
from qa.evaluation.corpora import set_names


def test_the_number_of_a_document_named_is_given_beside_its_name() -> None:
    question = "《岔河镇2023年法治建设工作计划》的文号是多少？"
    other = [
        "出台《岔河镇2023年法治建设工作计划》。印发《岔河镇法律顾问制度》（岔政发〔2023〕5号）。"
    ]
    own = ["出台《岔河镇2023年法治建设工作计划》（岔政发〔2023〕3号）。"]
    assert unstated_doc_number(question, other)
    assert not unstated_doc_number(question, own)
    assert not unstated_doc_number("这份报告的文号是多少？", other)  # any number given


def test_a_document_named_other_than_a_report_has_no_header_to_answer() -> None:
    meta = DocumentMeta(
        region="岔河镇", year=2023, publisher="岔河镇人民政府", published="2024-01-10"
    )
    report = [Document("ch", "ch.txt", "岔河镇2023年法治政府建设工作报告", "h", meta)]
    assert not header_answers("《岔河镇2023年法治建设工作计划》是哪天发布的？", ["day"], report)
    assert header_answers("《岔河镇2023年法治政府建设工作报告》是哪天发布的？", ["day"], report)


def test_the_question_sets_are_the_folders_in_natural_order() -> None:
    names = set_names()
    fresh = [n for n in names if n.rstrip("0123456789") == "fresh"]
    assert fresh == sorted(fresh, key=lambda n: int(n[5:] or 0)) and "fresh10" in names
