"""A room's states and limits."""

from __future__ import annotations

LOBBY, QUESTION, REVEALED, CLOSED = "lobby", "question", "revealed", "closed"
#: A what-if round is open (teams set levers) / its outcome is shown.
WHATIF, WHATIF_REVEALED = "whatif", "whatif_shown"
STATES = (LOBBY, QUESTION, REVEALED, CLOSED, WHATIF, WHATIF_REVEALED)
#: States in which a what-if round is on screen.
WHATIF_LIVE = (WHATIF, WHATIF_REVEALED)
#: States in which a question is on screen.
LIVE = (QUESTION, REVEALED)
MAX_SEATS = 500
MAX_TEAMS = 50
MAX_QUESTIONS = 50
MAX_SECONDS = 900
