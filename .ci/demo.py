#!/usr/bin/env python3
# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The helpers of .ci/demo (standard library only).

  demo.py receive PORT_FILE OUTPUT     a GELF TCP input on 127.0.0.1: writes its port to
                                       PORT_FILE and each NUL-framed object as a line of OUTPUT
  demo.py wait N JSON GELF PID         waits until both files have N lines (or syslog-ng died)
  demo.py report JSON GELF HOME        the tables of the main job
"""

import collections
import datetime
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "functional"))
from syslogng import count_lines  # noqa: E402  (the tests' harness, one copy of the helper)


def receive(port_file, output):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    lock = threading.Lock()
    out = open(output, "ab", buffering=0)

    def serve(connection):
        pending = b""
        with connection:
            while True:
                data = connection.recv(65536)
                if not data:
                    return
                *frames, pending = (pending + data).split(b"\0")
                with lock:
                    out.write(b"".join(frame + b"\n" for frame in frames))

    with open(port_file + ".tmp", "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie: it exited, the shell has not reaped it yet
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def wait(n, json_path, gelf_path, pid, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if count_lines(json_path) >= n and count_lines(gelf_path) >= n:
            return 0
        if not alive(pid):
            print("syslog-ng stopped early", file=sys.stderr)
            return 1
        time.sleep(0.05)
    print("timed out: %d JSON and %d GELF of %d lines" % (count_lines(json_path), count_lines(gelf_path), n),
          file=sys.stderr)
    return 1


def table(headers, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)] if rows else [len(h) for h in headers]
    line = "  ".join("%%-%ds" % w for w in widths)
    print(line % tuple(headers))
    print(line % tuple("-" * w for w in widths))
    for row in rows:
        print(line % tuple(row))


def report(json_path, gelf_path, home):
    with open(json_path, encoding="utf-8") as f:
        events = [json.loads(line) for line in f]
    with open(gelf_path, encoding="utf-8") as f:
        gelf = [json.loads(line) for line in f]

    print("\n(a) events by type")
    counts = collections.Counter(e.get("axigen", {}).get("event", "(unparsed)") for e in events)
    table(["event", "count"], sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    print("\n(b) successful logins from outside %s (tagged axigen_foreign_login)" % home)
    rows = []
    for e in events:
        if "axigen_foreign_login" not in e.get("tags", "").split(","):
            continue
        axigen = e["axigen"]
        geo = axigen.get("geo", {})
        when = datetime.datetime.fromisoformat(e["isodate"]).strftime("%Y-%m-%d %H:%M:%S %z")
        place = geo.get("country_code", "?") + (" (%s)" % geo["city"] if geo.get("city") else "")
        rows.append([when, axigen.get("user", ""), axigen.get("service", ""), axigen.get("client_ip", ""), place])
    table(["time", "user", "service", "client IP", "country"], rows)

    print("\n(c) where it went")
    print("  GELF (what Graylog receives): %s  (%d objects)" % (gelf_path, len(gelf)))
    print("  JSON:                         %s  (%d objects)" % (json_path, len(events)))
    if gelf:
        sample = next((g for g in gelf if "axigen_foreign_login" in g.get("_tags", "")), gelf[0])
        print("\n  one of the GELF objects:")
        print("  " + json.dumps(sample, ensure_ascii=False))
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == "receive":
        return receive(argv[2], argv[3])
    if len(argv) == 6 and argv[1] == "wait":
        return wait(int(argv[2]), argv[3], argv[4], int(argv[5]))
    if len(argv) == 5 and argv[1] == "report":
        return report(argv[2], argv[3], argv[4])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
