"""How work runs in worker processes: :mod:`.procs` (workers die with their parent) and
:mod:`.timelimit` (the wall-clock limit on one article)."""
