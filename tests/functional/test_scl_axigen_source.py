# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The axigen() source: rotation, restarts, lines that do not parse, and no database."""

import os
import time

from gelf_receiver import GelfReceiver
from scl_support import (append_lines, geoip_options, numbered_lines, sample_databases_or_skip, scl_config,
                         sessions_of, tags_of)
from syslogng import SyslogNgTestCase

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") {geoip}); }};
  destination {{ axigen-graylog(port({port}) disk-buffer(dir("{workdir}")) time-reopen(1)); }};
}};
"""


class AxigenSourceTest(SyslogNgTestCase):
    def setUp(self):
        super().setUp()
        self.receiver = GelfReceiver("tcp").start()
        self.addCleanup(self.receiver.stop)
        self.log_dir = self.path("log")
        os.mkdir(self.log_dir)
        self.log_file = os.path.join(self.log_dir, "everything.txt")

    def config(self, geoip=None):
        if geoip is None:
            geoip = geoip_options(*sample_databases_or_skip(self))
        return scl_config(CONFIG.format(dir=self.log_dir, geoip=geoip, port=self.receiver.port,
                                        workdir=self.workdir))

    def start(self, geoip=None):
        return self.syslog_ng(self.config(geoip)).start()

    def assert_arrived_once(self, expected_sessions, instance):
        self.assertTrue(self.receiver.wait_for(len(expected_sessions), timeout=30),
                        "%d of %d arrived; syslog-ng said:\n%s"
                        % (self.receiver.count(), len(expected_sessions), instance.output()))
        self.receiver.wait_quiet(1.5)
        self.assertEqual(self.receiver.violations[:3], [])
        self.assertEqual(sorted(sessions_of(self.receiver.messages)), sorted(expected_sessions))

    def test_a_file_rotated_while_followed_loses_no_line_and_repeats_none(self):
        append_lines(self.log_file, numbered_lines(0, 100))
        instance = self.start()
        self.assertTrue(self.receiver.wait_for(100, timeout=30), instance.output())

        append_lines(self.log_file, numbered_lines(100, 50))
        os.rename(self.log_file, os.path.join(self.log_dir, "everything-2020-08-03.txt"))
        # what the writer still had in hand goes to the old file
        append_lines(os.path.join(self.log_dir, "everything-2020-08-03.txt"), numbered_lines(150, 2))
        time.sleep(1.5)
        append_lines(self.log_file, numbered_lines(152, 100))

        self.assert_arrived_once(range(252), instance)

    def test_a_file_truncated_while_followed_is_read_again_from_its_start(self):
        append_lines(self.log_file, numbered_lines(0, 50))
        instance = self.start()
        self.assertTrue(self.receiver.wait_for(50, timeout=30), instance.output())

        with open(self.log_file, "w", encoding="utf-8"):
            pass
        time.sleep(1.5)
        append_lines(self.log_file, numbered_lines(50, 20))

        self.assert_arrived_once(range(70), instance)

    def test_a_restart_goes_on_where_the_last_run_stopped(self):
        append_lines(self.log_file, numbered_lines(0, 100))
        first = self.start()
        self.assertTrue(self.receiver.wait_for(100, timeout=30), first.output())
        self.receiver.wait_quiet(1)
        self.assertEqual(first.stop(), 0, first.output())

        append_lines(self.log_file, numbered_lines(100, 100))
        second = self.start()
        self.assert_arrived_once(range(200), second)

    def test_a_line_that_does_not_parse_arrives_whole_and_tagged_axigen_unparsed(self):
        odd_lines = [b"not an axigen line at all",
                     b"quotes \" and a backslash \\ and a \x01 control",
                     b"invalid UTF-8 \xff\xfe here",
                     b"2020-08-03 06:00:03 +0100 08 mx1"]
        with open(self.log_file, "wb") as f:
            f.write(b"\n".join(odd_lines) + b"\n")
        append_lines(self.log_file, numbered_lines(0, 1))
        instance = self.start()
        self.assertTrue(self.receiver.wait_for(len(odd_lines) + 1, timeout=30), instance.output())
        self.receiver.wait_quiet(1)

        self.assertEqual(self.receiver.violations[:3], [])
        unparsed = [m for m in self.receiver.messages if "axigen_unparsed" in tags_of(m)]
        self.assertEqual([m["short_message"] for m in unparsed],
                         [line.decode("utf-8", errors="replace") for line in odd_lines])
        self.assertEqual([m for m in unparsed if any(k.startswith("_axigen_") for k in m)], [])
        parsed = [m for m in self.receiver.messages if "axigen_unparsed" not in tags_of(m)]
        self.assertEqual([m["host"] for m in parsed], ["mx1"])

    def test_a_city_database_alone_is_enough_as_in_the_readme(self):
        city, _ = sample_databases_or_skip(self)
        append_lines(self.log_file, numbered_lines(0, 20))
        instance = self.start(geoip='geoip-database("%s") home-countries("DE")' % city)
        self.assert_arrived_once(range(20), instance)
        self.assertEqual({m.get("_axigen_geo_country_code") for m in self.receiver.messages}, {"DE"})
        self.assertEqual([m for m in self.receiver.messages if "_axigen_geo_asn" in m], [])

    def test_without_a_database_the_lines_are_parsed_and_sent_without_geo_fields(self):
        append_lines(self.log_file, numbered_lines(0, 20))
        instance = self.syslog_ng(self.config(geoip="")).start()
        self.assert_arrived_once(range(20), instance)
        self.assertEqual([m for m in self.receiver.messages if any(k.startswith("_axigen_geo_") for k in m)], [])


if __name__ == "__main__":
    import unittest
    unittest.main()
