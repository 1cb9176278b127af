"""The public API: everything in ``saidwhat.__all__`` exists and nothing public is missing."""

from __future__ import annotations

import subprocess
import sys

import saidwhat

EXPECTED = {
    "__version__",
    "extract",
    "extract_many",
    "ArticleResult",
    "Quote",
    "Entity",
    "Speaker",
    "TextSpan",
    "ArticleInput",
    "ReadFailure",
    "ExtractFailure",
    "read_inputs",
    "read_path",
    "SaidwhatError",
    "InputError",
    "ModelError",
    "EvaluationError",
    "StoreError",
    "BatchError",
}


def test_all_lists_the_public_api() -> None:
    assert set(saidwhat.__all__) == EXPECTED
    assert len(saidwhat.__all__) == len(set(saidwhat.__all__))
    assert sorted(saidwhat.__all__, key=str.lower) == sorted(EXPECTED, key=str.lower)


def test_every_exported_member_exists_and_is_documented() -> None:
    for name in saidwhat.__all__:
        member = getattr(saidwhat, name)
        if name != "__version__":
            assert member.__doc__, name
    assert isinstance(saidwhat.__version__, str) and saidwhat.__version__


def test_no_other_public_names_leak() -> None:
    # in a fresh interpreter: importing submodules elsewhere binds them on the package
    code = "import saidwhat; print(*sorted(n for n in vars(saidwhat) if not n[0] == '_'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    submodules = {"about", "api", "errors", "readers", "records"}
    assert set(out.stdout.split()) - submodules == EXPECTED - {"__version__"}


def test_error_classes_share_one_base() -> None:
    for name in ("InputError", "ModelError", "EvaluationError", "StoreError", "BatchError"):
        assert issubclass(getattr(saidwhat, name), saidwhat.SaidwhatError)


def test_importing_saidwhat_does_not_load_spacy() -> None:
    code = "import sys, saidwhat; print('spacy' in sys.modules, callable(saidwhat.extract))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
