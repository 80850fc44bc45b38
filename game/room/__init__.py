"""The room: one host serves a workshop session over the local network.

The facilitator's machine runs `python main.py host` (`host.py`): one port answers the
browser page, a few JSON endpoints and the websocket every client talks through
(`docs/protocol.md`). Seats are claimed with the room's join code and then held by a secret
token (`seats.py`); every command reaches the town only through the workshop session
(`adapter.py`), which validates it with the core. No pygame here.
"""
