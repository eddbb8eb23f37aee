# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""everything.txt rotated twice while the axigen() source follows it under load.

The axigen() source of scl/axigen is a file() source that follows the file
by name (follow-freq(1)): at the end of the file it has open, it looks
whether the name now points to another file, and if so opens that one from
its beginning.  So it reads a renamed file to its end, however far behind it
is, but it can follow only one rotation at a time: if the name has been
rotated twice before syslog-ng reaches the end of the file it has open, the
file in between is never opened and its lines are lost (seen here with
syslog-ng slowed down by AddressSanitizer).  Axigen rotates daily, so that
takes a syslog-ng a whole day behind; the test keeps to the promise that
holds: each rotation happens after syslog-ng has opened the file before it,
while syslog-ng is still behind in it.

The writer rotates as a logger that renames does: rename everything.txt
away, write the lines it still has in hand to the renamed file, then create
everything.txt anew.  Every line must come out exactly once and in order.
"""

import os
import sys

from syslogng import SyslogNgTestCase, count_lines, wait_for
from test_reliability_common import (GrowingFile, compare_lines, corpus_lines, databases_or_skip, describe,
                                     read_lines, scaled, scl_config)

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") geoip-database("{city}") asn-database("{asn}") home-countries("DE")); }};
  destination {{ file("{out}" template("$MESSAGE\\n")); }};
  flags(flow-control);
}};
"""

IN_HAND = 25


class RotationTest(SyslogNgTestCase):
    def test_two_rotations_under_load_lose_no_line_and_repeat_none(self):
        city, asn = databases_or_skip(self)
        log_dir = self.path("log")
        os.mkdir(log_dir)
        log_file = os.path.join(log_dir, "everything.txt")
        out = self.path("out.txt")
        lines = corpus_lines(scaled(150000), seed=11)
        first = scaled(1000)
        rotations = (scaled(50000), scaled(110000))

        # syslog-ng has the file open before the stream starts
        with open(log_file, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[:first]) + "\n")
        instance = self.syslog_ng(scl_config(CONFIG.format(dir=log_dir, city=city, asn=asn, out=out))).start()
        self.assertTrue(wait_for(lambda: count_lines(out) >= first, timeout=30), instance.output())

        behind = []

        def after_the_previous_rotation_was_followed(k):
            if k:
                previous = rotations[k - 1] + IN_HAND
                self.assertTrue(wait_for(lambda: count_lines(out) > previous, timeout=60), instance.output())
            behind.append(first + writer.written - count_lines(out))

        # 30,000 lines a second against a source that reads once a second:
        # each rotation comes with syslog-ng behind in the file it renames
        writer = GrowingFile(log_file, lines[first:], rate=scaled(30000), in_hand=IN_HAND,
                             rotate_at=[r - first for r in rotations],
                             before_rotation=after_the_previous_rotation_was_followed)
        writer.start()
        writer.finish(self)
        self.assertEqual(len(writer.rotated), 2)

        wait_for(lambda: count_lines(out) >= len(lines), timeout=60)
        wait_for(lambda: False, timeout=2.0)  # anything more would be a repeat
        self.assertEqual(instance.stop(), 0, instance.output())

        received = read_lines(out)
        lost, duplicated = compare_lines([line.encode("utf-8") for line in lines], received)
        print("\n%s: %d lines in (three files), %d out; syslog-ng was %s lines behind at the rotations"
              % (self.id(), len(lines), len(received), " and ".join(map(str, behind))), file=sys.stderr)
        self.assertEqual(sum(lost.values()), 0, "lost: " + describe(lost))
        self.assertEqual(sum(duplicated.values()), 0, "repeated: " + describe(duplicated))
        self.assertEqual(received, [line.encode("utf-8") for line in lines])


if __name__ == "__main__":
    import unittest
    unittest.main()
