# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""axigen-graylog()'s reliable disk buffer: nothing is lost while Graylog is down or restarting."""

import glob
import os
import time

from gelf_receiver import GelfReceiver
from scl_support import append_lines, geoip_options, numbered_lines, sample_databases_or_skip, scl_config, sessions_of
from syslogng import SyslogNgTestCase, wait_for

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") {geoip}); }};
  destination {{ axigen-graylog(port({port}) disk-buffer(dir("{buffer}")) time-reopen(1)); }};
}};
"""


class DiskBufferTest(SyslogNgTestCase):
    def setUp(self):
        super().setUp()
        self.receiver = GelfReceiver("tcp")
        self.addCleanup(self.receiver.stop)
        self.log_dir = self.path("log")
        self.buffer_dir = self.path("buffer")
        os.mkdir(self.log_dir)
        os.mkdir(self.buffer_dir)
        self.log_file = os.path.join(self.log_dir, "everything.txt")
        self.config = scl_config(CONFIG.format(dir=self.log_dir, geoip=geoip_options(*sample_databases_or_skip(self)),
                                               port=self.receiver.port, buffer=self.buffer_dir))

    def buffer_files(self):
        return glob.glob(os.path.join(self.buffer_dir, "*.rqf"))

    def assert_all_arrived(self, count, instance):
        self.assertTrue(self.receiver.wait_for(count, timeout=60),
                        "%d of %d arrived; syslog-ng said:\n%s" % (self.receiver.count(), count, instance.output()))
        self.receiver.wait_quiet(1.5)
        self.assertEqual(self.receiver.violations[:3], [])
        arrived = sessions_of(self.receiver.messages)
        self.assertEqual(sorted(set(arrived)), list(range(count)))
        return arrived

    def test_the_buffer_is_reliable_and_on_disk_by_default(self):
        instance = self.syslog_ng(self.config).start()
        self.assertTrue(wait_for(lambda: self.buffer_files(), timeout=10), instance.output())

    def test_messages_logged_while_graylog_is_down_arrive_when_it_is_back(self):
        append_lines(self.log_file, numbered_lines(0, 100))
        self.receiver.start()
        instance = self.syslog_ng(self.config).start()
        self.assertTrue(self.receiver.wait_for(100, timeout=30), instance.output())
        self.receiver.wait_quiet(1)

        self.receiver.stop()
        time.sleep(1)
        append_lines(self.log_file, numbered_lines(100, 400))
        time.sleep(3)
        self.receiver.start()

        arrived = self.assert_all_arrived(500, instance)
        self.assertEqual(len(arrived), 500, "some messages arrived twice")

    def test_messages_buffered_when_syslog_ng_stops_arrive_after_its_restart(self):
        self.receiver.start()
        first = self.syslog_ng(self.config).start()
        self.receiver.stop()
        time.sleep(1)
        append_lines(self.log_file, numbered_lines(0, 300))
        # read and queued: the file source is past them, so after the restart
        # they can come only from the disk buffer
        self.assertTrue(wait_for(lambda: sum(os.path.getsize(f) for f in self.buffer_files()) > 300 * 200,
                                 timeout=30), first.output())
        self.assertEqual(first.stop(), 0, first.output())

        self.receiver.start()
        second = self.syslog_ng(self.config).start()
        self.assert_all_arrived(300, second)


if __name__ == "__main__":
    import unittest
    unittest.main()
