"""Training scripts of the shipped models (``make train``, ``make train-accurate``), each
run as ``python -m saidwhat.train.<name>``: :mod:`.neural` (the cue and link taggers),
:mod:`.antecedents` (the he/she ranker), :mod:`.stance` and :mod:`.stance_accurate` (the
two stance tiers). PyTorch is needed only here."""
