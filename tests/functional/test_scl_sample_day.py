# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The sample day through axigen() into axigen-graylog(), as the README's three lines do it."""

import datetime
import json
import os
import re
import tempfile
import unittest

from gelf_receiver import GelfReceiver
from scl_support import copy_sample, geoip_options, sample_databases_or_skip, scl_config, tags_of
from syslogng import SyslogNg, count_lines, read_sample_lines, read_sample_truth, wait_for

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") {geoip}); }};
  destination {{ axigen-graylog(port({port}) disk-buffer(dir("{dir}")) time-reopen(1)); }};
  destination {{ axigen-json-file(file("{json}")); }};
}};
"""

NATIVE_LINE = re.compile(r"^(\S+ \S+ [+-]\d{4}) (\d\d) (\S+) [A-Z0-9-]+:[^ ]+: (.*)$")


def expected_frame(line):
    """(timestamp, host, short_message) of a native line."""
    stamp, _, host, text = NATIVE_LINE.match(line).groups()
    return datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S %z").timestamp(), host, text


class SampleDayToGraylogTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="axigen-scl-")
        workdir = cls.tmp.name
        cls.lines = read_sample_lines()
        cls.truth = read_sample_truth()
        cls.receiver = GelfReceiver("tcp").start()
        cls.json_path = os.path.join(workdir, "axigen.json")
        cls.syslog_ng = None
        cls.start_error = None

    @classmethod
    def tearDownClass(cls):
        if cls.syslog_ng:
            cls.syslog_ng.stop()
        cls.receiver.stop()
        cls.tmp.cleanup()

    def setUp(self):
        cls = type(self)
        if cls.start_error:
            self.fail(cls.start_error)
        if cls.syslog_ng is None:
            city, asn = sample_databases_or_skip(self)
            copy_sample(cls.tmp.name)
            config = scl_config(CONFIG.format(dir=cls.tmp.name, geoip=geoip_options(city, asn),
                                              port=cls.receiver.port, json=cls.json_path))
            try:
                cls.syslog_ng = SyslogNg(cls.tmp.name, config).start()
            except RuntimeError as e:
                cls.start_error = str(e)
                raise
            cls.receiver.wait_for(len(cls.lines), timeout=60)
            wait_for(lambda: count_lines(cls.json_path) >= len(cls.lines), timeout=30)
            cls.receiver.wait_quiet(0.5)
        self.messages = cls.receiver.messages

    def test_every_frame_is_gelf_that_graylog_accepts(self):
        self.assertEqual(self.receiver.violations[:5], [])

    def test_every_line_of_the_sample_arrives_exactly_once(self):
        self.assertEqual(len(self.messages), len(self.lines), self.syslog_ng.output())
        arrived = [(m["timestamp"], m["host"], m["short_message"]) for m in self.messages]
        self.assertEqual(arrived, [expected_frame(line) for line in self.lines])

    def test_every_field_of_the_truth_arrives_under_its_gelf_name(self):
        mismatches = []
        for number, (expected, message) in enumerate(zip(self.truth, self.messages), start=1):
            for key, value in expected.items():
                actual = message.get("_axigen_" + key)
                if isinstance(actual, (int, float)) and not isinstance(actual, bool):
                    actual = str(actual)
                if actual != value:
                    mismatches.append("line %d: _axigen_%s expected %r, got %r" % (number, key, value, actual))
        self.assertEqual(mismatches[:20], [], "%d mismatches" % len(mismatches))

    def test_numbers_arrive_as_json_numbers(self):
        ports = [m["_axigen_client_port"] for m in self.messages if "_axigen_client_port" in m]
        self.assertGreater(len(ports), 500)
        self.assertTrue(all(isinstance(p, int) for p in ports))
        located = [m for m in self.messages if "_axigen_geo_latitude" in m]
        self.assertGreater(len(located), 100)
        self.assertTrue(all(isinstance(m["_axigen_geo_latitude"], float) for m in located))

    def test_the_level_is_the_syslog_severity_of_the_axigen_level(self):
        severity = {"01": 2, "02": 3, "04": 4, "08": 6, "16": 7}
        wrong = [(m["_axigen_level"], m["level"]) for m in self.messages
                 if m.get("_axigen_level") in severity and m["level"] != severity[m["_axigen_level"]]]
        self.assertEqual(wrong[:5], [])
        self.assertIn(3, {m["level"] for m in self.messages})

    def test_successful_logins_from_abroad_are_tagged_and_home_ones_are_not(self):
        logins = [m for m in self.messages
                  if m.get("_axigen_event") == "login" and m.get("_axigen_outcome") == "success"]
        foreign = [m for m in logins if m.get("_axigen_geo_country_code") not in (None, "DE")]
        home = [m for m in logins if m.get("_axigen_geo_country_code") == "DE"]
        self.assertGreater(len(foreign), 0)
        self.assertGreater(len(home), 0)
        self.assertEqual([m for m in foreign if "axigen_foreign_login" not in tags_of(m)], [])
        self.assertEqual([m for m in home if "axigen_foreign_login" in tags_of(m)], [])
        self.assertEqual({m["_user_name"] for m in foreign}, {"chef@example.de"})

    def test_the_graylog_schema_names_repeat_the_axigen_fields(self):
        pairs = [("_source_ip", "_axigen_client_ip"), ("_source_port", "_axigen_client_port"),
                 ("_user_name", "_axigen_user"), ("_event_outcome", "_axigen_outcome"),
                 ("_source_geo_country_iso", "_axigen_geo_country_code"),
                 ("_source_geo_city", "_axigen_geo_city"), ("_source_as_number", "_axigen_geo_asn"),
                 ("_source_as_organization", "_axigen_geo_as_org"),
                 ("_source_reserved_ip", "_axigen_geo_reserved")]
        for alias, field in pairs:
            with self.subTest(alias=alias):
                self.assertTrue(any(field in m for m in self.messages), field)
                self.assertEqual([m for m in self.messages if m.get(alias) != m.get(field)][:1], [])
        located = [m for m in self.messages if "_axigen_geo_latitude" in m]
        self.assertEqual([m for m in located if [float(x) for x in m["_source_geo_coordinates"].split(",")]
                          != [m["_axigen_geo_latitude"], m["_axigen_geo_longitude"]]][:1], [])

    def test_the_json_file_has_every_line_with_the_fields_nested(self):
        with open(self.json_path, encoding="utf-8") as f:
            objects = [json.loads(line) for line in f]
        self.assertEqual(len(objects), len(self.lines))
        self.assertEqual([o["axigen"]["event"] for o in objects], [t["event"] for t in self.truth])
        self.assertEqual({o["program"] for o in objects}, {"axigen"})


if __name__ == "__main__":
    unittest.main()
