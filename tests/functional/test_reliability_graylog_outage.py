# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Graylog unreachable for 30 seconds in the middle of 100,000 messages, then back.

Everything goes through axigen() and axigen-graylog() with its reliable disk
buffer, as the README's pipeline does.  Two kinds of outage:

- the network stalls: the connection stays open but nothing is read, so
  syslog-ng's writes block and the messages pile up in the disk buffer;
- Graylog goes away: it closes its connection (after reading what it was
  sent, as a server that shuts down cleanly does) and refuses new ones
  until it is back, so syslog-ng reconnects every time-reopen().

Either way every message must arrive once it is back.  A receiver that dies
with data unread in its socket loses that data whatever the sender does:
GELF over TCP has no acknowledgement, so that case is no test here.
"""

import glob
import os
import socket
import sys
import threading
import time

from gelf_receiver import GelfReceiver
from syslogng import SyslogNgTestCase, wait_for
from test_reliability_common import (SCALE, GrowingFile, databases_or_skip, scaled, scl_config,
                                     unique_session_lines)

MESSAGES = scaled(100000)
OUTAGE_SECONDS = 30 if SCALE >= 1 else 10

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") geoip-database("{city}") asn-database("{asn}") home-countries("DE")); }};
  destination {{ axigen-graylog(port({port}) disk-buffer(dir("{buffer}")) time-reopen(1)); }};
}};
"""


class OutageReceiver(GelfReceiver):
    """The tests' GELF receiver, able to stall its connections or to go away cleanly."""

    def __init__(self):
        super().__init__("tcp")
        self.reading = threading.Event()
        self.reading.set()
        self.open_connections = []

    def stall(self):
        self.reading.clear()

    def unstall(self):
        self.reading.set()

    def go_away(self, timeout=15):
        """Refuses new connections, closes the open ones once the sender has closed its side."""
        self._listener.close()
        with self._lock:
            connections = list(self.open_connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        return wait_for(lambda: not self.open_connections, timeout=timeout)

    def come_back(self):
        self.start()

    def _ready_to_read(self):
        return self.reading.wait(0.2)

    def _serve(self, connection, context):
        with self._lock:
            self.open_connections.append(connection)
        try:
            super()._serve(connection, context)
        finally:
            with self._lock:
                self.open_connections.remove(connection)


class GraylogOutageTest(SyslogNgTestCase):
    def setUp(self):
        super().setUp()
        self.log_dir = self.path("log")
        self.buffer_dir = self.path("buffer")
        os.mkdir(self.log_dir)
        os.mkdir(self.buffer_dir)
        self.log_file = os.path.join(self.log_dir, "everything.txt")
        self.city, self.asn = databases_or_skip(self)
        self.receiver = OutageReceiver().start()
        self.addCleanup(self.receiver.stop)
        self.lines = unique_session_lines(0, MESSAGES, seed=30)

    def buffered_bytes(self):
        return sum(os.path.getsize(f) for f in glob.glob(os.path.join(self.buffer_dir, "*.rqf")))

    def run_outage(self, begin, end):
        instance = self.syslog_ng(scl_config(CONFIG.format(dir=self.log_dir, city=self.city, asn=self.asn,
                                                           port=self.receiver.port, buffer=self.buffer_dir)))
        instance.start()
        writer = GrowingFile(self.log_file, self.lines, rate=scaled(10000))
        writer.start()
        self.assertTrue(self.receiver.wait_for(scaled(5000), timeout=30), instance.output())

        begin()
        during = self.receiver.count()
        time.sleep(OUTAGE_SECONDS / 2)
        held_back = self.buffered_bytes()
        time.sleep(OUTAGE_SECONDS / 2)
        writer.finish(self)
        arrived_during = self.receiver.count() - during
        end()

        delivered = self.receiver.wait_for(MESSAGES, timeout=60)
        self.receiver.wait_quiet(2.0)
        self.assertEqual(instance.stop(), 0, instance.output())

        sessions = [int(m["_axigen_session"], 16) for m in self.receiver.messages]
        missing = sorted(set(range(MESSAGES)) - set(sessions))
        print("\n%s: %d messages in, %d out (%d duplicates); %d arrived during the outage, %d bytes buffered,"
              " %d frames cut" % (self.id(), MESSAGES, len(sessions), len(sessions) - len(set(sessions)),
                                  arrived_during, held_back, len(self.receiver.violations)), file=sys.stderr)
        self.assertEqual(missing[:10], [], "%d lost (all arrived: %s)" % (len(missing), delivered))
        # a connection closed in the middle of a frame cuts it; the message
        # itself comes again (checked above), and Graylog drops the piece
        cut = [v for v in self.receiver.violations if v[1] == ["a frame without its NUL terminator"]]
        self.assertLessEqual(len(cut), 2)
        self.assertEqual([v for v in self.receiver.violations if v not in cut][:3], [])
        self.assertGreater(held_back, 0, "the outage did not hold anything back")
        return arrived_during

    def test_a_stalled_network_loses_nothing(self):
        arrived_during = self.run_outage(self.receiver.stall, self.receiver.unstall)
        # what the socket buffers held when the stall began, no more: else the receiver kept reading
        self.assertLess(arrived_during, MESSAGES // 10)

    def test_graylog_gone_and_refusing_connections_loses_nothing(self):
        def begin():
            self.assertTrue(self.receiver.go_away(), "syslog-ng did not close its connection")

        arrived_during = self.run_outage(begin, self.receiver.come_back)
        self.assertEqual(arrived_during, 0)


if __name__ == "__main__":
    import unittest
    unittest.main()
