"""What statements mean, over the sentence encoder: :mod:`.encoder` (all-MiniLM-L6-v2 and
all-mpnet-base-v2 in NumPy), :mod:`.targets` (the entities a statement's contents
name), :mod:`.stance` (against / neutral / for toward each) and :mod:`.copies` (the
same quote in other articles)."""
