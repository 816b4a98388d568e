"""A live workshop room: participants join on their own devices, the facilitator reveals.

Pure Python over the database of :mod:`acumen.store` (no Streamlit here). The room's state
lives in the database, so a restarted server, or a second server on the same PostgreSQL,
carries on where the room was. See :class:`~acumen.room.store.RoomStore`; the after-session
materials are in :mod:`acumen.room.materials`.
"""

from __future__ import annotations

from acumen.room.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    clean_team_name,
    new_code,
    new_token,
    normalise_code,
    token_hash,
)
from acumen.room.payload import question_payload
from acumen.room.states import (
    CLOSED,
    LOBBY,
    MAX_QUESTIONS,
    MAX_SEATS,
    MAX_TEAMS,
    QUESTION,
    REVEALED,
    STATES,
    WHATIF,
    WHATIF_REVEALED,
)
from acumen.room.store import RoomStore
from acumen.room.whatif_round import DEFAULT_BOUNDS, GOALS
from acumen.room.whatif_store import RoomWhatIf

__all__ = [
    "CLOSED",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "LOBBY",
    "MAX_QUESTIONS",
    "MAX_SEATS",
    "MAX_TEAMS",
    "QUESTION",
    "REVEALED",
    "STATES",
    "WHATIF",
    "WHATIF_REVEALED",
    "DEFAULT_BOUNDS",
    "GOALS",
    "RoomStore",
    "RoomWhatIf",
    "clean_team_name",
    "new_code",
    "new_token",
    "normalise_code",
    "question_payload",
    "token_hash",
]
