"""The shipped stages, one module each; importing this package registers them.

The order they run in is the configuration's (``[pipeline] stages`` per parsed
document, then ``article_stages`` per batch of finished articles)::

    quotemarks → tagger → backoff → tidy → reporters → entities → resolution → dialogue
      → continuity → claims → targets → statements          (per document)
    stance                                     (per batch, when [stance] enabled)

A new stage is a factory ``config -> (DocState -> DocState)`` decorated with
:func:`saidwhat.extract.state.register` and one entry in that list.
"""

from __future__ import annotations

from ..state import build
from . import (  # noqa: F401  (registration)
    backoff,
    claims,
    continuity,
    dialogue,
    entities,
    quotemarks,
    reporters,
    resolution,
    stance,
    statements,
    tagger,
    targets,
    tidy,
)
from .tagger import METHODS

__all__ = ["METHODS", "build"]
