# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""axigen-network(): Axigen's remote logging over UDP and TCP, with or without a syslog header."""

import socket

from gelf_receiver import GelfReceiver, free_port
from scl_support import geoip_options, sample_databases_or_skip, scl_config, tags_of
from syslogng import SyslogNgTestCase

CONFIG = """
log {{
  source {{ axigen-network(port({port}) transport("{transport}") {geoip}); }};
  destination {{ axigen-graylog(port({gelf_port}) disk-buffer(dir("{workdir}")) time-reopen(1)); }};
}};
"""

# the forms the scanner accepts, in one session, and a line that is not Axigen's
LINES = [
    b"2020-08-03 06:00:03 +0100 08 mx1 IMAP:00000001: [192.168.1.100:143] connection accepted from [197.210.1.2:5000]",
    b"<22>2020-08-03 06:00:04 +0100 08 mx1 IMAP:00000001: User [chef@example.de] successfully authorized!",
    b"<22>Aug  3 06:00:05 mx1 IMAP:00000002: [192.168.1.100:143] connection accepted from [85.214.1.1:5001]",
    b"<22>1 2020-08-03T06:00:06+01:00 mx1 axigen - - - IMAP:00000002: User [gina@example.de] successfully authorized!",
    b"IMAP:00000002: Closing connection from [85.214.1.1:5001]",
    b"this is not an Axigen line",
]


class AxigenNetworkTest(SyslogNgTestCase):
    def run_lines(self, transport):
        receiver = GelfReceiver("tcp").start()
        self.addCleanup(receiver.stop)
        port = free_port(socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM)
        config = scl_config(CONFIG.format(port=port, transport=transport,
                                          geoip=geoip_options(*sample_databases_or_skip(self)),
                                          gelf_port=receiver.port, workdir=self.workdir))
        instance = self.syslog_ng(config).start()
        if transport == "udp":
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                for line in LINES:
                    s.sendto(line, ("127.0.0.1", port))
        else:
            with socket.create_connection(("127.0.0.1", port)) as s:
                s.sendall(b"".join(line + b"\n" for line in LINES))
        self.assertTrue(receiver.wait_for(len(LINES), timeout=30),
                        "%d of %d arrived; syslog-ng said:\n%s" % (receiver.count(), len(LINES), instance.output()))
        receiver.wait_quiet(0.5)
        self.assertEqual(receiver.violations, [])
        return receiver.messages

    def check(self, messages):
        self.assertEqual(len(messages), len(LINES))
        parsed, unparsed = messages[:-1], messages[-1]
        self.assertEqual([m.get("_axigen_session") for m in parsed], ["00000001"] * 2 + ["00000002"] * 3)
        self.assertEqual([m["_axigen_event"] for m in parsed], ["connect", "login", "connect", "login", "disconnect"])
        self.assertEqual([m["host"] for m in parsed[:2]], ["mx1", "mx1"])

        intruder = parsed[1]
        self.assertEqual(intruder["_source_ip"], "197.210.1.2")
        self.assertEqual(intruder["_axigen_geo_country_code"], "NG")
        self.assertIn("axigen_foreign_login", tags_of(intruder))
        home = parsed[3]
        self.assertEqual(home["_axigen_geo_country_code"], "DE")
        self.assertNotIn("axigen_foreign_login", tags_of(home))

        self.assertEqual(unparsed["short_message"], LINES[-1].decode())
        self.assertIn("axigen_unparsed", tags_of(unparsed))

    def test_udp_datagrams_are_parsed_enriched_and_tagged(self):
        self.check(self.run_lines("udp"))

    def test_tcp_lines_are_parsed_enriched_and_tagged(self):
        self.check(self.run_lines("tcp"))


if __name__ == "__main__":
    import unittest
    unittest.main()
