# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""axigen-graylog() over TLS and UDP, and the GELF of a message without any Axigen field."""

import os

from gelf_receiver import GelfReceiver
from scl_support import (append_lines, geoip_options, make_certificate, numbered_lines, sample_databases_or_skip,
                         scl_config, sessions_of)
from syslogng import SyslogNgTestCase

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") {geoip}); }};
  destination {{ axigen-graylog(port({port}) transport("{transport}") disk-buffer(dir("{workdir}")) time-reopen(1) {extra}); }};
}};
"""

PLAIN_CONFIG = """
source s_plain {{ file("{file}" flags(no-parse) follow-freq(1)); }};
log {{
  source(s_plain);
  destination {{ axigen-graylog(port({port}) disk-buffer(dir("{workdir}")) time-reopen(1)); }};
}};
"""


class GraylogTransportTest(SyslogNgTestCase):
    def setUp(self):
        super().setUp()
        self.log_dir = self.path("log")
        os.mkdir(self.log_dir)
        append_lines(os.path.join(self.log_dir, "everything.txt"), numbered_lines(0, 200))

    def run_into(self, receiver, transport, extra=""):
        self.addCleanup(receiver.stop)
        receiver.start()
        config = scl_config(CONFIG.format(dir=self.log_dir, geoip=geoip_options(*sample_databases_or_skip(self)),
                                          port=receiver.port, transport=transport, workdir=self.workdir,
                                          extra=extra))
        instance = self.syslog_ng(config).start()
        self.assertTrue(receiver.wait_for(200, timeout=30),
                        "%d of 200 arrived; syslog-ng said:\n%s" % (receiver.count(), instance.output()))
        receiver.wait_quiet(1)
        self.assertEqual(receiver.violations[:3], [])
        self.assertEqual(sorted(sessions_of(receiver.messages)), list(range(200)))

    def test_tls_delivers_every_message_to_a_receiver_whose_certificate_it_checks(self):
        cert, key = make_certificate(self.workdir)
        if not cert:
            self.skipTest("no openssl command")
        receiver = GelfReceiver("tls", certfile=cert, keyfile=key)
        self.run_into(receiver, "tls", extra='tls(ca-file("%s") peer-verify(required-trusted))' % cert)
        self.assertGreaterEqual(receiver.connections_seen, 1)

    def test_tls_sends_nothing_to_a_receiver_whose_certificate_it_does_not_trust(self):
        cert, key = make_certificate(self.workdir)
        other_dir = self.path("other")
        os.mkdir(other_dir)
        other_cert, _ = make_certificate(other_dir)
        if not cert:
            self.skipTest("no openssl command")
        receiver = GelfReceiver("tls", certfile=cert, keyfile=key).start()
        self.addCleanup(receiver.stop)
        config = scl_config(CONFIG.format(dir=self.log_dir, geoip=geoip_options(*sample_databases_or_skip(self)),
                                          port=receiver.port, transport="tls", workdir=self.workdir,
                                          extra='tls(ca-file("%s"))' % other_cert))
        instance = self.syslog_ng(config).start()
        self.assertFalse(receiver.wait_for(1, timeout=3))
        self.assertIn("certificate", instance.output().lower())

    def test_udp_delivers_every_message_one_object_per_datagram(self):
        self.run_into(GelfReceiver("udp"), "udp")

    def test_a_message_without_any_axigen_field_still_arrives(self):
        plain = self.path("plain.log")
        with open(plain, "w", encoding="utf-8") as f:
            f.write("just text\n")
        receiver = GelfReceiver("tcp").start()
        self.addCleanup(receiver.stop)
        instance = self.syslog_ng(scl_config(PLAIN_CONFIG.format(file=plain, port=receiver.port,
                                                                 workdir=self.workdir))).start()
        self.assertTrue(receiver.wait_for(1, timeout=30), instance.output())
        self.assertEqual(receiver.violations, [])
        message = receiver.messages[0]
        self.assertEqual(message["short_message"], "just text")
        self.assertEqual([k for k in message if k.startswith("_")], [])


if __name__ == "__main__":
    import unittest
    unittest.main()
