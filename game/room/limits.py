"""What one client may send: message size, message rate, and plain text.

A student's phone, a classmate's script and a broken client all talk to the same host; none
of them may cost the others their month. Frames above `MAX_MESSAGE_BYTES` are refused by the
websocket library itself (the connection closes with 1009); messages beyond the rate are
answered with an error and dropped, and a connection that keeps flooding is closed.
"""

from __future__ import annotations

import time
import unicodedata

MAX_MESSAGE_BYTES = 16 * 1024  # the largest honest message (a command) is under 1 KB
RATE_PER_SECOND = 20.0  # sustained messages per connection
RATE_BURST = 40.0  # messages a client may send at once (a reconnect resending its month)
DROPS_BEFORE_CLOSE = 200  # dropped messages before the host closes a flooding connection
MAX_CONNECTIONS = 400  # open websockets for the whole room (40 seats, their retries, viewers)
MAX_PER_ADDRESS = 60  # from one address: a class behind one NAT fits, one script cannot fill it
MAX_NAME_CHARS = 40
MAX_STRATEGY_CHARS = 200


class RateLimit:
    """A token bucket per connection: `allow()` is False once the client outruns the rate."""

    def __init__(self, rate: float = RATE_PER_SECOND, burst: float = RATE_BURST) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = burst
        self.stamp = time.monotonic()
        self.dropped = 0

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        self.dropped += 1
        return False

    @property
    def flooding(self) -> bool:
        return self.dropped >= DROPS_BEFORE_CLOSE


def plain_text(value: object, limit: int) -> str:
    """A name or strategy line as plain text: control and format characters (newlines, bidi
    overrides, zero-width joins) removed, spaces collapsed, at most `limit` characters.
    Markup is left as the characters typed; every place that shows it escapes it (the page
    writes textContent, the report escapes HTML, pygame_gui gets it with its tags escaped)."""
    if not isinstance(value, str):
        return ""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    text = " ".join(kept.split())
    return text[:limit].strip()
