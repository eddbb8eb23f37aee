# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The axigen application: Axigen messages relayed by another syslog daemon, recognised by
app-parser(topic(syslog)) and by default-network-drivers()."""

import json
import os
import shutil
import socket
import subprocess
import sys

from gelf_receiver import free_port, gelf_violations
from scl_support import make_certificate
from syslogng import SyslogNg, SyslogNgTestCase, config_header, count_lines, wait_for

OUTPUT = 'destination {{ file("{out}" template("$(axigen-gelf)\\n")); }};'

APP_PARSER_CONFIG = """
@include "scl.conf"
log {{
  source {{ network(ip("127.0.0.1") port({port}) transport("udp")); }};
  if {{ parser {{ app-parser(topic(syslog)); }}; }};
  """ + OUTPUT + """
}};
"""

DEFAULT_NETWORK_DRIVERS_CONFIG = """
@include "scl.conf"
log {{
  source {{ default-network-drivers(tls(key-file("{key}") cert-file("{cert}") peer-verify(optional-untrusted))); }};
  """ + OUTPUT + """
}};
"""

# relayed as the system syslog carries them: PROGRAM "axigen", or PROGRAM the
# service; a relayed native line; and two messages that are not Axigen's
RELAYED = [
    b"<22>Aug  3 06:00:03 mx1 IMAP:00000001: [192.168.1.100:143] connection accepted from [197.210.1.2:5000]",
    b"<22>Aug  3 06:00:04 mx1 IMAP:00000001: User [chef@example.de] successfully authorized!",
    b"<18>Aug  3 06:00:05 mx1 axigen: SMTP-IN:00000002: Authentication error for user 'a@example.de': Invalid password",
    b"<22>Aug  3 06:00:06 relay everything: 2020-08-03 06:00:06 +0100 08 mx3 POP3:00000003: Closing connection from [85.214.1.1:22]",
    b"<38>Aug  3 06:00:07 mx1 sshd[123]: Accepted password for root from 192.0.2.1 port 22 ssh2",
    b"<22>Aug  3 06:00:08 mx1 axigen: starting up",
]


def read_gelf(path):
    with open(path, "rb") as f:
        frames = f.read().splitlines()
    problems = [p for frame in frames for p in gelf_violations(frame)]
    return [json.loads(frame) for frame in frames], problems


class ApplicationTest(SyslogNgTestCase):
    def check(self, messages):
        by_text = {m["short_message"]: m for m in messages}
        connect = by_text["[192.168.1.100:143] connection accepted from [197.210.1.2:5000]"]
        login = by_text["User [chef@example.de] successfully authorized!"]
        failure = by_text["Authentication error for user 'a@example.de': Invalid password"]
        native = by_text["Closing connection from [85.214.1.1:22]"]
        self.assertEqual((connect["_axigen_service"], connect["_axigen_event"]), ("IMAP", "connect"))
        self.assertEqual(login["_axigen_client_ip"], "197.210.1.2", "the session carries the client IP")
        self.assertEqual((failure["_axigen_service"], failure["_axigen_outcome"]), ("SMTP-IN", "failure"))
        self.assertEqual(failure["level"], 2)
        self.assertEqual((native["host"], native["_axigen_service"]), ("mx3", "POP3"))

        others = [m for m in messages if not any(k.startswith("_axigen_") for k in m)]
        self.assertEqual(sorted(m["short_message"] for m in others),
                         ["Accepted password for root from 192.0.2.1 port 22 ssh2", "starting up"])

    def test_app_parser_recognises_relayed_axigen_messages_and_passes_others(self):
        port = free_port(socket.SOCK_DGRAM)
        out = self.path("out.gelf")
        instance = self.syslog_ng(config_header(include_scl=True) + APP_PARSER_CONFIG.format(port=port, out=out))
        instance.start()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for line in RELAYED:
                s.sendto(line, ("127.0.0.1", port))
        self.assertTrue(wait_for(lambda: count_lines(out) >= len(RELAYED)), instance.output())
        messages, problems = read_gelf(out)
        self.assertEqual(problems, [])
        self.check(messages)


class NamespacedSyslogNg(SyslogNg):
    """syslog-ng in a network namespace of its own, where only a loopback exists:
    default-network-drivers() listens on every address and on fixed ports."""

    def _command(self, *args):
        return (["unshare", "--net", "--", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']
                + super()._command(*args))

    def run_in_namespace(self, code, stdin=b""):
        return subprocess.run(["nsenter", "--net=/proc/%d/ns/net" % self.process.pid, "--",
                               sys.executable, "-c", code], input=stdin, capture_output=True, timeout=30)


SENDER = r"""
import socket, sys, time
lines = sys.stdin.buffer.read().split(b"\n")
udp, tcp, rfc5424 = lines[:3], lines[3:5], lines[5:]
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    for line in udp:
        s.sendto(line, ("127.0.0.1", 514))
with socket.create_connection(("127.0.0.1", 514)) as s:
    s.sendall(b"".join(line + b"\n" for line in tcp))
with socket.create_connection(("127.0.0.1", 601)) as s:
    s.sendall(b"".join(b"%d %s" % (len(line), line) for line in rfc5424))
time.sleep(0.5)
"""


class DefaultNetworkDriversTest(SyslogNgTestCase):
    def setUp(self):
        super().setUp()
        if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("nsenter") \
                or not shutil.which("ip"):
            self.skipTest("needs root, unshare, nsenter and ip for a private network namespace")
        if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
            self.skipTest("network namespaces are not allowed here")

    def test_default_network_drivers_recognise_relayed_axigen_messages(self):
        cert, key = make_certificate(self.workdir)
        if not cert:
            self.skipTest("no openssl command")
        out = self.path("out.gelf")
        config = config_header(include_scl=True) + DEFAULT_NETWORK_DRIVERS_CONFIG.format(out=out, key=key, cert=cert)
        instance = NamespacedSyslogNg(self.workdir, config)
        self.instances.append(instance)
        instance.start()
        # the RFC 5424 form over 601, as a relay speaking syslog-protocol does
        lines = RELAYED[:5] + [
            b"<22>1 2020-08-03T06:00:08+01:00 mx1 axigen - - - starting up",
        ]
        sent = instance.run_in_namespace(SENDER, b"\n".join(lines))
        self.assertEqual(sent.returncode, 0, sent.stderr.decode())
        self.assertTrue(wait_for(lambda: count_lines(out) >= len(lines)), instance.output())
        messages, problems = read_gelf(out)
        self.assertEqual(problems, [])
        self.check_relayed(messages)

    check_relayed = ApplicationTest.check


if __name__ == "__main__":
    import unittest
    unittest.main()
