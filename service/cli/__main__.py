"""``python -m service.cli``: the same as the ``fazhi-qa`` command."""

import sys

from service.cli import app

if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
