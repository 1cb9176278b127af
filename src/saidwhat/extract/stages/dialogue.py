"""Stage ``dialogue``: in a conversation, a quote attributed by "he"/"she" goes to
the participant the turns point to, and "I said" in the narration to the narrator the
others call by name (:mod:`saidwhat.extract.dialogue`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..dialogue import Mention, converse, pronoun_subjects
from ..state import DocState, Stage, register


@register("dialogue")
def make_dialogue(config: Mapping[str, Any]) -> Stage:
    max_gap = int(config["extract"].get("dialogue_max_gap", 400))

    def dialogue(state: DocState) -> DocState:
        ents = state.ents
        if ents is None or not state.quoted:
            return state
        quoted = [(q.start, q.end) for q in state.quoted]
        state.resolved = converse(
            state.text,
            state.resolved,
            quoted=quoted,
            mentions=[Mention(s, e, c) for s, e, c in ents.named_mentions()],
            gender_of=ents.gender_of,
            max_gap=max_gap,
            subjects=[Mention(s, e, c) for s, e, c in ents.subject_mentions()],
            pronouns=pronoun_subjects(state.tokens(), quoted),
        )
        return state

    return dialogue
