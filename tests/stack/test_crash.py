"""The local stack keeps what it acknowledged: a write that was answered survives a `kill -9`
of the stack (write-ahead log, infra/local/snapshot.py), and a used one-time link never
comes back. The listen backlog holds a burst of parallel connections."""

import email
import json
import re
import signal
import socket
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from email import policy

import pytest

from tests.stack.test_local_stack import call
from tests.support.live import spawn_stack, wait_for_email

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

ADDRESS = "crash@example.com"


def reset_token(outbox, address, seen):
    """The link of the e-mail the worker delivers after the `seen` ones to `address`."""
    message = email.message_from_bytes(wait_for_email(outbox, address, seen=seen).read_bytes(),
                                       policy=policy.default)
    match = re.search(r"[?&]token=([A-Za-z0-9_-]+)",
                      message.get_body(preferencelist=("plain",)).get_content())
    assert match, f"no link e-mailed to {address}"
    return match.group(1)


def cookie_of(headers):
    return headers["Set-Cookie"].split(";")[0]


def test_acknowledged_writes_survive_a_kill_9_and_a_used_reset_link_stays_used(site_dir, tmp_path):
    data = tmp_path / "local"
    data.mkdir()
    process, url = spawn_stack(site_dir, data)
    try:
        status, headers, _ = call(url + "/api/auth/register", "POST", {
            "email": ADDRESS, "password": "primera-clave-larga-1", "first_name": "Ana",
            "last_name": "Crash", "address1": "A 1", "city": "Madrid", "postcode": "28001",
            "country": "ES", "phone": "+34612345678", "accept_terms": True})
        assert status == 201
        first_session = cookie_of(headers)
        wait_for_email(data / "outbox", ADDRESS)  # the welcome e-mail comes first
        assert call(url + "/api/auth/password-reset", "POST", {"email": ADDRESS})[0] == 202
        token = reset_token(data / "outbox", ADDRESS, seen=1)
        assert call(url + "/api/auth/password-reset/confirm", "POST",
                    {"token": token, "new_password": "segunda-clave-larga-2"})[0] == 204
        status, headers, _ = call(url + "/api/auth/login", "POST",
                                  {"email": ADDRESS, "password": "segunda-clave-larga-2"})
        assert status == 200
        status, _, _ = call(url + "/api/account", "PATCH", {"city": "Sevilla"},
                            cookie=cookie_of(headers))
        assert status == 200
    finally:
        process.send_signal(signal.SIGKILL)  # right after the last answer: no time to save
        process.wait()

    process, url = spawn_stack(site_dir, data)
    try:
        assert call(url + "/api/auth/me", cookie=first_session)[0] == 401, \
            "the reset ended every session"
        status, _, body = call(url + "/api/auth/password-reset/confirm", "POST",
                               {"token": token, "new_password": "tercera-clave-larga-3"})
        assert (status, json.loads(body)["error"]["code"]) == (400, "invalid_token"), \
            "a used reset link must stay used"
        assert call(url + "/api/auth/login", "POST",
                    {"email": ADDRESS, "password": "primera-clave-larga-1"})[0] == 401
        status, headers, _ = call(url + "/api/auth/login", "POST",
                                  {"email": ADDRESS, "password": "segunda-clave-larga-2"})
        assert status == 200
        status, _, body = call(url + "/api/account", cookie=cookie_of(headers))
        assert status == 200 and b'"Sevilla"' in body
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


def syn_retransmissions(sock) -> int:
    """Segments the kernel sent again on this connection (Linux struct tcp_info's
    tcpi_total_retrans, at byte 100); right after connect() only a resent SYN counts."""
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    return struct.unpack_from("I", info, 100)[0]


def test_fifty_parallel_connections_are_all_accepted_at_once_and_answered(site_dir, tmp_path):
    """A SYN the listen backlog has no room for is dropped and sent again after 1 s: no
    connection of a burst of 50 needed its SYN sent twice (the kernel's own count, so the
    check does not depend on how fast a loaded machine runs the threads)."""
    data = tmp_path / "local"
    data.mkdir()
    process, url = spawn_stack(site_dir, data)
    port = int(url.rsplit(":", 1)[1])
    start = threading.Barrier(50)

    def health(_):
        start.wait()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
                resent = syn_retransmissions(sock)
                sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := sock.recv(4096):
                    answer += chunk
            return resent, answer.split(b"\r\n", 1)[0]
        except OSError as exc:
            return None, repr(exc)

    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            results = list(pool.map(health, range(50)))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert [answer for _, answer in results] == [b"HTTP/1.1 200 OK"] * 50
    resent = [n for n, _ in results if n]
    assert resent == [], f"{len(resent)} of 50 connections had their SYN dropped by a full backlog"
