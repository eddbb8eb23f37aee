# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The GeoIP database replaced under load by a new one, then by a corrupt one.

Both replacements are made as geoipupdate makes them: the file is written
beside the database and moved over it.  The new database (the sample day's
a week later) moves 5.199.128.0/19 from Germany to Austria; the corrupt one
is that file cut in half.  While the lines stream through axigen() with
reload-interval(1): no line is lost or repeated; every answer comes from
one valid database and says which (db_build); once the new database
answers, the old one never answers again; the corrupt file changes
nothing but a single warning.
"""

import os
import shutil
import sys
import time

from syslogng import SyslogNgTestCase, count_lines, wait_for
from test_reliability_common import (GrowingFile, compare_lines, corpus_lines, databases_or_skip, describe,
                                     mmdb_path, read_lines, scaled, scl_config)

OLD_BUILD, NEW_BUILD = b"1596240000", b"1596844800"
MOVED_IP, STAYING_IP = b"5.199.130.10", b"85.214.132.117"
RATE = scaled(5000, minimum=100)
TEMPLATE = r"${.axigen.geo.db_build}|${.axigen.geo.country_code}|${.axigen.client_ip}|$MESSAGE\n"

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") geoip-database("{db}") asn-database("{asn}") home-countries("DE")
                   geoip-options(reload-interval(1))); }};
  destination {{ file("{out}" template("{template}")); }};
  flags(flow-control);
}};
"""


def probe_lines(count, seed):
    """Realistic lines, every fourth one a connection from an address of the moved or the staying network."""
    lines = corpus_lines(count, seed=seed)
    for n in range(0, count, 4):
        address = (MOVED_IP if n % 8 == 0 else STAYING_IP).decode()
        lines[n] = ("2020-08-03 07:%02d:%02d +0100 08 mx1 IMAP:%08X: [192.168.1.100:993] connection accepted from "
                    "[%s:%d]" % (n // 60 % 60, n % 60, 0x70000000 + n, address, 1024 + n % 60000))
    return lines


def replace_file(path, data):
    tmp = path + ".download"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class GeoipReloadTest(SyslogNgTestCase):
    def test_answers_follow_the_valid_database_and_no_line_is_lost(self):
        city, asn = databases_or_skip(self)
        next_city = mmdb_path("sample-city-next")
        if not next_city:
            self.skipTest("sample-city-next.mmdb is not built")
        log_dir = self.path("log")
        os.mkdir(log_dir)
        db = self.path("GeoLite2-City.mmdb")
        shutil.copyfile(city, db)
        out = self.path("out.txt")
        lines = probe_lines(16 * RATE, seed=21)
        config = scl_config(CONFIG.format(dir=log_dir, db=db, asn=asn, out=out, template=TEMPLATE))
        instance = self.syslog_ng(config).start()
        writer = GrowingFile(os.path.join(log_dir, "everything.txt"), lines, rate=RATE)
        writer.start()

        time.sleep(4)
        with open(next_city, "rb") as f:
            new_data = f.read()
        replace_file(db, new_data)
        swapped_at = writer.written
        time.sleep(5)
        replace_file(db, new_data[:len(new_data) // 2])
        corrupted_at = writer.written
        writer.finish(self)

        wait_for(lambda: count_lines(out) >= len(lines), timeout=60)
        wait_for(lambda: False, timeout=1.5)
        self.assertEqual(instance.stop(), 0, instance.output())
        self.assertGreater(corrupted_at, swapped_at)

        rows = [row.split(b"|", 3) for row in read_lines(out)]
        lost, duplicated = compare_lines([line.encode("utf-8") for line in lines], [r[3] for r in rows])
        self.assertEqual(sum(lost.values()), 0, "lost: " + describe(lost))
        self.assertEqual(sum(duplicated.values()), 0, "repeated: " + describe(duplicated))

        probes = [(n, r) for n, r in enumerate(rows) if r[2] in (MOVED_IP, STAYING_IP)]
        self.assertEqual(len(probes), len(lines) // 4)
        wrong = [(n, r[:3]) for n, r in probes
                 if (r[0], r[1]) not in ((OLD_BUILD, b"DE"), (NEW_BUILD, b"AT" if r[2] == MOVED_IP else b"DE"))]
        self.assertEqual(wrong[:5], [], "answers from no valid database")

        builds = [r[0] for n, r in probes]
        first_new = builds.index(NEW_BUILD) if NEW_BUILD in builds else None
        self.assertIsNotNone(first_new, "the new database never answered")
        self.assertEqual(builds[0], OLD_BUILD)
        self.assertNotIn(OLD_BUILD, builds[first_new:], "the old database answered after the new one")
        switched_at = probes[first_new][0]
        print("\n%s: %d lines; new database in place when line %d was written, answering from line %d; "
              "corrupt file in place when line %d was written"
              % (self.id(), len(lines), swapped_at, switched_at, corrupted_at), file=sys.stderr)
        # reload-interval(1): within a couple of seconds of lines
        self.assertLess(switched_at, swapped_at + 3 * RATE)
        self.assertTrue(all(n < corrupted_at or b == NEW_BUILD for (n, r), b in zip(probes, builds)))

        warnings = [line for line in instance.output().splitlines() if "cannot be used" in line]
        self.assertEqual(len(warnings), 1, instance.output())


if __name__ == "__main__":
    import unittest
    unittest.main()
