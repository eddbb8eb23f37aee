# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""syslog-ng killed with SIGKILL while it follows a growing everything.txt, then restarted.

The file source promises at-least-once delivery across a crash: its
position in the persist file moves only past lines the destination has
taken, so after a SIGKILL and a restart no line may be missing; lines that
were written out but whose position was not yet saved come again, and are
counted and reported as duplicates, not failed on.
"""

import os
import random
import sys
import time

from gelf_receiver import GelfReceiver
from syslogng import SyslogNgTestCase, count_lines, wait_for
from test_reliability_common import (GrowingFile, compare_lines, corpus_lines, databases_or_skip, describe,
                                     read_lines, scaled, scl_config, unique_session_lines)

KILLS = 4

TO_FILE = """
log {{
  source {{ axigen(dir("{dir}") geoip-database("{city}") asn-database("{asn}") home-countries("DE")); }};
  destination {{ file("{out}" template("$MESSAGE\\n")); }};
  flags(flow-control);
}};
"""

# the pipeline of the README, as a user writes it
TO_GRAYLOG = """
log {{
  source {{ axigen(dir("{dir}") geoip-database("{city}") asn-database("{asn}") home-countries("DE")); }};
  destination {{ axigen-graylog(port({port}) disk-buffer(dir("{buffer}")) time-reopen(1)); }};
}};
"""


class KillTest(SyslogNgTestCase):
    def setUp(self):
        super().setUp()
        self.log_dir = self.path("log")
        os.mkdir(self.log_dir)
        self.log_file = os.path.join(self.log_dir, "everything.txt")
        self.city, self.asn = databases_or_skip(self)
        self.rng = random.Random(6)

    def kill_and_restart(self, instance, writer, kills=KILLS):
        """SIGKILLs syslog-ng at random moments while the writer runs, restarting it each time."""
        control = os.path.join(self.workdir, "syslog-ng.ctl")
        for _ in range(kills):
            time.sleep(self.rng.uniform(0.3, 1.0))
            self.assertTrue(instance.is_running(), instance.output())
            instance.kill()
            if os.path.exists(control):
                os.unlink(control)
            instance.start()
        writer.finish(self)

    def test_no_line_is_lost_to_a_file_destination(self):
        lines = corpus_lines(scaled(200000), seed=6)
        out = self.path("out.txt")
        instance = self.syslog_ng(scl_config(TO_FILE.format(dir=self.log_dir, city=self.city, asn=self.asn,
                                                            out=out)))
        writer = GrowingFile(self.log_file, lines, rate=scaled(50000))
        instance.start()
        writer.start()
        self.kill_and_restart(instance, writer)

        # quiet: nothing more for two seconds, and at least as many lines as went in
        last = [-1]

        def settled():
            n = count_lines(out)
            done = n >= len(lines) and n == last[0]
            last[0] = n
            return done
        wait_for(settled, timeout=60, interval=2.0)
        self.assertEqual(instance.stop(), 0, instance.output())

        lost, duplicated = compare_lines([line.encode("utf-8") for line in lines], read_lines(out))
        print("\n%s: %d lines in, %d out, %d duplicates after %d SIGKILLs"
              % (self.id(), len(lines), count_lines(out), sum(duplicated.values()), KILLS), file=sys.stderr)
        self.assertEqual(sum(lost.values()), 0, "lost: " + describe(lost))

    def test_no_message_is_lost_to_axigen_graylog(self):
        lines = unique_session_lines(0, scaled(50000), seed=7)
        receiver = GelfReceiver("tcp").start()
        self.addCleanup(receiver.stop)
        buffer_dir = self.path("buffer")
        os.mkdir(buffer_dir)
        instance = self.syslog_ng(scl_config(TO_GRAYLOG.format(dir=self.log_dir, city=self.city, asn=self.asn,
                                                               port=receiver.port, buffer=buffer_dir)))
        writer = GrowingFile(self.log_file, lines, rate=scaled(20000))
        instance.start()
        writer.start()
        self.kill_and_restart(instance, writer)

        arrived_all = receiver.wait_for(len(lines), timeout=90)
        receiver.wait_quiet(2.0)
        self.assertEqual(instance.stop(), 0, instance.output())
        # a kill can cut the frame being written; the message comes again from the disk buffer
        cut = [v for v in receiver.violations if v[1] == ["a frame without its NUL terminator"]]
        self.assertLessEqual(len(cut), KILLS)
        self.assertEqual([v for v in receiver.violations if v not in cut][:3], [])
        sessions = [int(m["_axigen_session"], 16) for m in receiver.messages]
        missing = sorted(set(range(len(lines))) - set(sessions))
        print("\n%s: %d messages in, %d out, %d duplicates, %d frames cut, after %d SIGKILLs"
              % (self.id(), len(lines), len(sessions), len(sessions) - len(set(sessions)), len(cut), KILLS),
              file=sys.stderr)
        self.assertEqual(missing[:10], [], "%d lost (arrived all: %s)" % (len(missing), arrived_all))


if __name__ == "__main__":
    import unittest
    unittest.main()
