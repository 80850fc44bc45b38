"""The host's HTTP side: the page, its files and strings, the room's public facts; nothing
there gives away the join code; other paths and methods are refused and the host serves on."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest

from game.room.web import FILES


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_the_page_and_its_files_load_in_under_300_kb(room_factory):
    room = room_factory(seats=2, months=2)
    status, headers, page = get(room.http + "/")
    assert status == 200 and b"<html" in page
    assert headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    total = len(page)
    for src in (b"/room.js", b"/seat.js", b"/room.css"):
        assert src in page
        status, _h, body = get(room.http + src.decode())
        assert status == 200 and body
        total += len(body)
    status, _h, strings = get(room.http + "/api/strings?lang=en")
    total += len(strings)
    assert total <= 300 * 1024


def test_strings_come_in_both_languages(room_factory):
    room = room_factory(seats=1, months=2)
    en = json.loads(get(room.http + "/api/strings?lang=en")[2])
    zh = json.loads(get(room.http + "/api/strings?lang=zh")[2])
    assert en.keys() == zh.keys()
    assert en["room.join.button"] == "Join" and zh["room.join.button"] == "加入"
    assert zh["path.self_employ.title"] != en["path.self_employ.title"]
    weird = json.loads(get(room.http + "/api/strings?lang=<script>")[2])
    assert weird == en


def test_no_http_answer_holds_the_join_code(room_factory):
    room = room_factory(seats=3, months=2)
    facts = json.loads(get(room.http + "/api/room")[2])
    assert facts["protocol"] == 1 and facts["seats"] == 3 and facts["free_seats"] == 3
    for path in [*FILES, "/api/room", "/api/strings?lang=zh"]:
        assert room.code.encode() not in get(room.http + path)[2], path


@pytest.mark.parametrize("path", ["/nope", "/../../etc/passwd", "/room.js/..", "/api/"])
def test_unknown_paths_are_404(room_factory, path):
    room = room_factory(seats=1, months=2)
    assert get(room.http + path)[0] == 404
    assert get(room.http + "/")[0] == 200


def test_a_post_is_refused_and_the_host_serves_on(room_factory):
    room = room_factory(seats=1, months=2)
    with socket.create_connection(("127.0.0.1", room.port), timeout=10) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        s.recv(1024)
    assert get(room.http + "/")[0] == 200
    assert get(room.http + "/ws")[0] == 426
