# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""A GELF input on 127.0.0.1 for the functional tests, strict where Graylog is.

It receives GELF over TCP (frames ended by a NUL byte), over TLS (the same,
inside TLS) or over UDP (one object per datagram), checks every frame
against the rules Graylog applies to GELF 1.1 and the project's own rules
for the Axigen fields, and keeps the objects and the violations found.
"""

import json
import re
import socket
import ssl
import threading
import time

GELF_STANDARD_FIELDS = {"version", "host", "short_message", "full_message", "timestamp", "level",
                        "facility", "line", "file"}
ADDITIONAL_FIELD_NAME = re.compile(r"^_[A-Za-z0-9_.-]+$")

# fields whose values the module stores as numbers or booleans
NUMBER_FIELDS = {
    "_axigen_client_port", "_axigen_local_port", "_axigen_size", "_axigen_recipients",
    "_axigen_http_status", "_axigen_duration_ms", "_axigen_geo_latitude", "_axigen_geo_longitude",
    "_axigen_geo_asn", "_axigen_geo_accuracy_km", "_axigen_geo_db_build",
    "_source_port", "_source_as_number",
}
BOOLEAN_FIELDS = {"_axigen_geo_reserved", "_axigen_geo_foreign", "_source_reserved_ip"}


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def _reject_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("duplicate key %r" % key)
        obj[key] = value
    return obj


def gelf_violations(frame):
    """Everything wrong with one frame (bytes), as a list of sentences; [] when it is good GELF."""
    try:
        text = frame.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["not UTF-8: %s" % e]
    try:
        obj = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_reject_duplicates)
    except ValueError as e:
        return ["not JSON: %s: %r" % (e, text[:200])]
    if not isinstance(obj, dict):
        return ["not a JSON object: %r" % text[:200]]

    problems = []
    if obj.get("version") != "1.1":
        problems.append("version is %r, not '1.1'" % obj.get("version"))
    for name in ("host", "short_message"):
        if not isinstance(obj.get(name), str) or not obj.get(name):
            problems.append("%s is %r, not a non-empty string" % (name, obj.get(name)))
    if not _is_number(obj.get("timestamp")):
        problems.append("timestamp is %r, not a number" % obj.get("timestamp"))
    level = obj.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 7:
        problems.append("level is %r, not a syslog severity" % level)

    for name, value in obj.items():
        if name in GELF_STANDARD_FIELDS:
            continue
        if not ADDITIONAL_FIELD_NAME.match(name):
            problems.append("field name %r is not allowed" % name)
        if name == "_id":
            problems.append("the reserved field _id is set")
        if isinstance(value, (dict, list)):
            problems.append("%s is nested: %r" % (name, value))
        if value is None or value == "":
            problems.append("%s is empty" % name)
        if name in NUMBER_FIELDS and not _is_number(value):
            problems.append("%s is %r, not a number" % (name, value))
        if name in BOOLEAN_FIELDS and not isinstance(value, bool):
            problems.append("%s is %r, not a boolean" % (name, value))
    return problems


def free_port(kind=socket.SOCK_STREAM):
    """A port of 127.0.0.1 that nothing listens on now (TCP and UDP both free)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, kind) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        other = socket.SOCK_DGRAM if kind == socket.SOCK_STREAM else socket.SOCK_STREAM
        try:
            with socket.socket(socket.AF_INET, other) as s:
                s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port on 127.0.0.1")


class GelfReceiver:
    """transport: "tcp", "tls" (needs certfile and keyfile) or "udp"."""

    def __init__(self, transport="tcp", port=None, certfile=None, keyfile=None):
        self.transport = transport
        self.port = port or free_port(socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM)
        self.certfile = certfile
        self.keyfile = keyfile
        self.messages = []
        self.violations = []
        self.connections_seen = 0
        self._lock = threading.Lock()
        self._listener = None
        self._connections = []
        self._threads = []
        self._running = False

    # life cycle

    def start(self):
        family_type = socket.SOCK_DGRAM if self.transport == "udp" else socket.SOCK_STREAM
        listener = socket.socket(socket.AF_INET, family_type)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        if self.transport == "udp":
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024 * 1024)
            target = self._receive_datagrams
        else:
            listener.listen(16)
            target = self._accept
        listener.settimeout(0.2)
        self._listener = listener
        self._running = True
        self._spawn(target)
        return self

    def stop(self):
        """Closes the listener and every connection, as a Graylog that goes down."""
        self._running = False
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads = []
        if self._listener:
            self._listener.close()
            self._listener = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # what arrived

    def count(self):
        with self._lock:
            return len(self.messages)

    def wait_for(self, n, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count() >= n:
                return True
            time.sleep(0.05)
        return self.count() >= n

    def wait_quiet(self, seconds=1.0, timeout=30.0):
        """Waits until nothing arrived for `seconds`."""
        deadline = time.monotonic() + timeout
        last = -1
        while time.monotonic() < deadline:
            current = self.count()
            if current == last:
                return current
            last = current
            time.sleep(seconds)
        return self.count()

    # internals

    def _spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _take(self, frame):
        problems = gelf_violations(frame)
        with self._lock:
            if problems:
                self.violations.append((frame[:300], problems))
            else:
                self.messages.append(json.loads(frame.decode("utf-8")))

    def _receive_datagrams(self):
        while self._running:
            try:
                datagram, _ = self._listener.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            if datagram.endswith(b"\0"):
                with self._lock:
                    self.violations.append((datagram[:300], ["a UDP datagram ends with a NUL byte"]))
                continue
            self._take(datagram)

    def _accept(self):
        context = None
        if self.transport == "tls":
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certfile, self.keyfile)
        while self._running:
            try:
                connection, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections_seen += 1
            self._spawn(self._serve, connection, context)

    def _ready_to_read(self):
        """Asked before each read of a connection: False skips this read, and it is asked again.

        A subclass stalls its connections by returning False, after a short
        wait so that stop() still ends them: nothing is read, the socket
        buffers fill, and the sender's writes block.
        """
        return True

    def _serve(self, connection, context):
        try:
            connection.settimeout(10)
            if context:
                connection = context.wrap_socket(connection, server_side=True)
            connection.settimeout(0.2)
            pending = b""
            while self._running:
                if not self._ready_to_read():
                    continue
                try:
                    data = connection.recv(65536)
                except (socket.timeout, ssl.SSLWantReadError):
                    continue
                if not data:
                    break
                pending += data
                *frames, pending = pending.split(b"\0")
                for frame in frames:
                    self._take(frame)
            if pending and self._running:
                with self._lock:
                    self.violations.append((pending[:300], ["a frame without its NUL terminator"]))
        except (OSError, ssl.SSLError) as e:
            if self._running:
                with self._lock:
                    self.violations.append((b"", ["connection failed: %s" % e]))
        finally:
            try:
                connection.close()
            except OSError:
                pass
