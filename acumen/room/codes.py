"""Room codes, secret tokens and team names."""

from __future__ import annotations

import hashlib
import secrets

from acumen.errors import AcumenError
from acumen.i18n import N_, _

#: Capital letters that can't be misread for a digit or each other on a projector
#: (no B/8, I/1, O/0, S/5, Z/2).
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY"
CODE_LENGTH = 6
MAX_TEAM_NAME = 40
SOURCE = N_("Live room")  # where a refusal comes from, translated where raised


def new_code() -> str:
    """A random room code of :data:`CODE_LENGTH` letters of :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


def normalise_code(code: object) -> str:
    """``code`` as stored: capitals, without spaces or dashes (``" kq-7 "`` -> ``"KQ7"``)."""
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())[:12]


def new_token() -> str:
    """A secret for a facilitator or a seat (URL-safe, 192 bits)."""
    return secrets.token_urlsafe(24)


def token_hash(token: object) -> str:
    """What the database keeps of a token: its SHA-256, hex."""
    return hashlib.sha256(str(token or "").encode("utf-8")).hexdigest()


def clean_team_name(name: object) -> tuple[str, str]:
    """The team name as shown (spaces collapsed, cut to :data:`MAX_TEAM_NAME`) and the key
    that makes it unique in a room (case-folded); AcumenError when blank."""
    shown = " ".join(str(name or "").split())[:MAX_TEAM_NAME]
    if not shown:
        raise AcumenError(
            _("a team needs a name"),
            source=_(SOURCE),
            fix=_("Type your team's name, or pick a team."),
        )
    return shown, shown.casefold()[: MAX_TEAM_NAME * 2]
