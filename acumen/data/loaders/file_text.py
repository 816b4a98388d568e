"""Decoding a text file's bytes: UTF-8, else the most plausible detected encoding."""

from __future__ import annotations

import re

from acumen.data.loaders.file_context import LoadContext
from acumen.i18n import _


def decode_text(raw: bytes, ctx: LoadContext) -> str:
    """Text of the file: strict UTF-8 (BOM or not), else the detected encoding, else cp1252."""
    try:
        text = raw.decode("utf-8-sig")
        if "\x00" not in text:
            return text
    except UnicodeDecodeError:
        pass
    encoding = _detect_encoding(raw)
    try:
        text = decode_as(raw, encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "cp1252"
        text = raw.decode(encoding, errors="replace")
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ctx.error(
            _("the file is not text (it contains binary data)"),
            fix=_("Upload a CSV or an Excel .xlsx file."),
        )
    ctx.warnings.append(
        _(
            "The file is not UTF-8; it was read as {encoding}. "
            "If names look wrong, save it as 'CSV UTF-8' and upload it again."
        ).format(encoding=encoding)
    )
    return text


def _detect_encoding(raw: bytes) -> str:
    """The most plausible of charset_normalizer's guess, cp1252 and GB18030.

    Short files fool detectors (a Latin-1 "Bénéteau" reads as Big5 "B幯彋eau"), so each
    candidate's decoded text is scored by :func:`_implausibility` and the lowest wins;
    ties keep the detector's order.
    """
    from charset_normalizer import from_bytes

    sample = _non_ascii_lines(raw)
    best = from_bytes(sample).best()
    candidates = [best.encoding] if best is not None else []
    candidates += [c for c in ("cp1252", MIXED_UTF8, "gb18030", "big5") if c not in candidates]
    as_cp1252 = sample.decode("cp1252", errors="replace")
    scored = []
    for position, encoding in enumerate(candidates):
        try:
            text = decode_as(sample, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if text == as_cp1252:  # cp1250 and friends often read identically: name the common one
            encoding = "cp1252"
        scored.append((_implausibility(text), position, encoding))
    return min(scored)[2] if scored else "cp1252"


MIXED_UTF8 = "UTF-8 with some cp1252 bytes"


def _non_ascii_lines(raw: bytes, limit: int = 200_000) -> bytes:
    """The lines that hold non-ASCII bytes (the ones an encoding changes), up to ``limit``
    bytes: a bulk file's 4,000 rows of digits say nothing about its encoding."""
    if b"\x00" in raw[:4096]:  # UTF-16/32: every byte pair matters
        return raw[:limit]
    lines = raw[: 20 * limit].split(b"\n")
    sample = b"\n".join(line for line in lines if not line.isascii())[:limit]
    return sample or raw[:limit]


def _line_as_utf8_or_cp1252(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def decode_as(raw: bytes, encoding: str) -> str:
    """Decode ``raw``; MIXED_UTF8 reads each line as UTF-8, or as cp1252 where it isn't."""
    if encoding == MIXED_UTF8:
        return "\n".join(_line_as_utf8_or_cp1252(line) for line in raw.split(b"\n"))
    return raw.decode(encoding)


def _script(char: str) -> str:
    code = ord(char)
    if code < 0x250:
        return "latin"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    return f"other-{code >> 7}"


def _implausibility(text: str) -> int:
    """How much a decoded text looks like mojibake: words that mix scripts (Latin with Han,
    Hangul with Han), Latin-1 symbols and spacing modifier letters (ˇ˘˙) inside words, words
    mostly of accented letters, and control, private-use or replacement characters."""
    penalty = 0
    for word in re.findall(r"[^\s,;\t\"'()\[\]]*[^\x00-\x7f][^\s,;\t\"'()\[\]]*", text):
        scripts = {_script(c) for c in word if c.isalpha()} - {"kana"} | (
            {"han"} if any(_script(c) == "kana" for c in word) else set()
        )
        penalty += 2 * (len(scripts) - 1) if len(scripts) > 1 else 0
        penalty += sum(1 for c in word if 0xA0 <= ord(c) <= 0xBF or c in "×÷")
        penalty += sum(1 for c in word if 0x2B0 <= ord(c) <= 0x2FF)  # spacing modifiers: ˇ˘˙
        accented = sum(1 for c in word if 0xC0 <= ord(c) < 0x250)
        penalty += 1 if accented >= 2 and accented * 2 >= len(word) else 0
        penalty += 3 * sum(
            1
            for c in word
            if c == "\ufffd" or (ord(c) < 32 and c not in "\r\n\t") or 0xE000 <= ord(c) <= 0xF8FF
        )
    return penalty
