# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The bundled sample day through axigen-parser() in a real syslog-ng."""

import datetime
import unittest

from syslogng import (SAMPLE_LOG, SyslogNgTestCase, axigen_fields, config_header,
                      read_sample_lines, read_sample_truth)

CONFIG = """
source s_sample {{ file("{sample}" flags(no-parse) follow-freq(1)); }};
destination d_out {{ file("{out}" template("$(format-json --key .axigen.* --pair unparsed=${{UNPARSED}} --pair isodate=${{ISODATE}})\\n")); }};
log {{
  source(s_sample);
  if {{ parser {{ axigen-parser(); }}; }} else {{ rewrite {{ set("yes" value("UNPARSED")); }}; }};
  destination(d_out);
}};
"""


def axigen_isodate(line):
    """'2020-08-03 06:00:03 +0100 ...' -> '2020-08-03T06:00:03+01:00'"""
    stamp = datetime.datetime.strptime(line[:25], "%Y-%m-%d %H:%M:%S %z")
    return stamp.isoformat()


class SampleDayTest(SyslogNgTestCase):
    @classmethod
    def setUpClass(cls):
        cls.truth = read_sample_truth()
        cls.lines = read_sample_lines()

    def setUp(self):
        super().setUp()
        out = self.path("out.jsonl")
        config = config_header() + CONFIG.format(sample=SAMPLE_LOG, out=out)
        self.run_until(config, out, len(self.lines))
        with open(out, encoding="utf-8") as f:
            self.output = [axigen_fields(line) for line in f]

    def test_every_line_of_the_sample_comes_out_once(self):
        self.assertEqual(len(self.output), len(self.lines))

    def test_every_field_of_the_truth_matches(self):
        mismatches = []
        for number, (expected, actual) in enumerate(zip(self.truth, self.output), start=1):
            if "_unparsed" in expected:
                continue
            for key, value in expected.items():
                if actual.get(key) != value:
                    mismatches.append("line %d: %s expected %r, got %r" % (number, key, value, actual.get(key)))
        self.assertEqual(mismatches[:20], [], "%d mismatches" % len(mismatches))

    def test_lines_marked_unparsed_fail_to_parse_and_no_other_does(self):
        expected = [n for n, t in enumerate(self.truth, start=1) if "_unparsed" in t]
        actual = [n for n, o in enumerate(self.output, start=1) if o.get("unparsed") == "yes"]
        self.assertEqual(actual, expected)

    def test_every_parsed_line_carries_the_axigen_time_as_its_timestamp(self):
        wrong = [(n, o.get("isodate")) for n, (line, o) in enumerate(zip(self.lines, self.output), start=1)
                 if o.get("unparsed") != "yes" and o.get("isodate") != axigen_isodate(line)]
        self.assertEqual(wrong[:10], [])

    def test_every_login_of_the_sample_carries_a_client_ip(self):
        logins = [o for o in self.output if o.get("event") == "login"]
        self.assertGreater(len(logins), 100)
        self.assertEqual([o for o in logins if not o.get("client_ip")], [])


if __name__ == "__main__":
    unittest.main()
