"""``--store`` of ``build`` / ``add`` / ``remove``, and ``fazhi-qa migrate``: the index on Milvus.

The folder (``FAZHI_INDEX_DIR``) is built or updated as always, with embeddings from the encoder
and its cache; then, when the store is Milvus (``--store`` or ``FAZHI_STORE``), it is published
there as a new version (``index.store.milvus.publish``): the vectors are copied, not embedded
again. ``migrate --to`` publishes an existing folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from index.errors import FazhiError, InvalidInputError
from service.cli.common import IndexOpt, err, fail

if TYPE_CHECKING:
    from index.config import Settings


def publish_if_milvus(settings: Settings, store: str | None, index_dir: Path) -> None:
    """Publish the folder ``index_dir`` to the Milvus ``store`` (or ``FAZHI_STORE``) if one."""
    from index.store.opening import is_local

    target = settings.model_copy(update={"store": store}) if store is not None else settings
    if is_local(target):
        return
    publish_folder(target, index_dir)


def publish_folder(settings: Settings, index_dir: Path) -> None:
    from index.store.folder.files import load_index
    from index.store.milvus.publish import publish
    from index.store.opening import milvus_address

    address = milvus_address(settings)
    index = load_index(index_dir)
    try:
        version = publish(index, address)
    except FazhiError:
        raise
    except Exception as exc:  # the server's refusal or an unreachable address
        raise InvalidInputError(
            f"cannot publish to Milvus at {address.label}: {exc}", {"store": address.uri}
        ) from exc
    err.print(  # on stderr: ``eval-bench --json`` prints its figures on stdout
        f"published {index_dir} to {address.label} as version {version}: "
        f"{len(index.documents)} documents, {len(index.passages)} passages, "
        f"{len(index.windows.rows)} windows; services on it switch by themselves"
    )


def migrate_command(
    to: Annotated[str, typer.Option("--to", help="milvus://host:19530 or path/to/file.db")],
    index_dir: IndexOpt = None,
) -> None:
    """Copy a built index folder into Milvus (no embedding again); switch its alias to it."""
    from index.config import Settings
    from index.store.opening import is_local

    settings = Settings(store=to)
    try:
        if is_local(settings):
            raise InvalidInputError("migrate --to needs a Milvus store, not local", {"to": to})
        publish_folder(settings, index_dir or settings.index_dir)
    except FazhiError as exc:
        raise fail(exc) from exc
