"""A room's states and limits."""

from __future__ import annotations

LOBBY, QUESTION, REVEALED, CLOSED = "lobby", "question", "revealed", "closed"
STATES = (LOBBY, QUESTION, REVEALED, CLOSED)
#: States in which a question is on screen.
LIVE = (QUESTION, REVEALED)
MAX_SEATS = 500
MAX_TEAMS = 50
MAX_QUESTIONS = 50
MAX_SECONDS = 900
