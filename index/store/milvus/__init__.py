"""The index on Milvus (a server, a cluster, or Milvus Lite): layout, publishing, reading.

pymilvus configures logging when first imported (``logging.config.dictConfig``, which disables
every logger that exists by then: the service's own among them); it is imported here once, and
the loggers are left as they were.
"""

import logging


def _import_pymilvus() -> None:
    loggers = logging.Logger.manager.loggerDict.values()
    before = {lg: lg.disabled for lg in loggers if isinstance(lg, logging.Logger)}
    import pymilvus  # noqa: F401

    for logger, disabled in before.items():
        logger.disabled = disabled
    # Milvus Lite keeps no MVCC timestamps: every scan would warn that the client's clock is used
    logging.getLogger("pymilvus.client.iterator.query_iterator").setLevel(logging.ERROR)


_import_pymilvus()
