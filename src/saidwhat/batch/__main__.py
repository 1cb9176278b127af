"""``python -m saidwhat.batch ...`` = ``saidwhat batch ...``; also the driver file for
``spark-submit`` (pass this file's path: ``python -c "import saidwhat.batch.__main__ as m;
print(m.__file__)"``)."""

from __future__ import annotations

if __name__ == "__main__":
    from saidwhat.cli.batch import batch_cmd

    batch_cmd(prog_name="saidwhat batch")
