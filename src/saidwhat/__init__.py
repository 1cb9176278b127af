"""saidwhat: who said what, about whom, where.

    >>> import saidwhat
    >>> result = saidwhat.extract("“We will win,” she said.", id="a1")
    >>> [q.contents[0].text for q in result.quotes]

Importing saidwhat is cheap: spaCy and the model load on the first extraction.
"""

# The subpackage saidwhat.extract (the extraction stages) is imported first, so
# that the name ``saidwhat.extract`` is bound to the function below for good:
# importing a submodule binds it on its parent only the first time it loads.
from . import extract as _extract_stages  # noqa: F401  (see above)
from .about import __version__
from .api import ExtractFailure, extract, extract_many
from .errors import (
    BatchError,
    EvaluationError,
    InputError,
    ModelError,
    SaidwhatError,
    StoreError,
)
from .readers import ArticleInput, ReadFailure, read_inputs, read_path
from .records import ArticleResult, Entity, Quote, Speaker, TextSpan

__all__ = [
    "ArticleInput",
    "ArticleResult",
    "BatchError",
    "Entity",
    "EvaluationError",
    "ExtractFailure",
    "InputError",
    "ModelError",
    "Quote",
    "ReadFailure",
    "SaidwhatError",
    "Speaker",
    "StoreError",
    "TextSpan",
    "__version__",
    "extract",
    "extract_many",
    "read_inputs",
    "read_path",
]
