# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""axigen-geoip() after axigen-parser() in a real syslog-ng, on the sample day.

The test databases (sample-city, sample-city-next, sample-asn) are written at
build time by tests/data/mmdb/write-test-mmdb.pl into the build's tests/mmdb.
"""

import os
import shutil
import time
import unittest

from syslogng import (TEST_BUILD_DIR, SyslogNgTestCase, axigen_fields, config_header, count_lines,
                      read_sample_lines, read_sample_truth, wait_for)

MMDB_DIR = os.path.join(TEST_BUILD_DIR, "mmdb")

CONFIG = """
source s_in {{ file("{input}" flags(no-parse) follow-freq(1)); }};
destination d_out {{ file("{out}" template("$(format-json --key .axigen.*)\\n")); }};
log {{
  source(s_in);
  parser {{ axigen-parser(); }};
  parser {{
    axigen-geoip(database("{city}") asn-database("{asn}") home-countries("DE") reload-interval(1));
  }};
  destination(d_out);
}};
"""

# the countries the sample database gives the sample day's public addresses
COUNTRY = {
    "85.214.132.117": "DE", "84.128.10.20": "DE", "93.104.5.6": "DE", "91.64.12.5": "DE",
    "79.192.4.4": "DE", "217.0.43.1": "DE", "5.199.130.10": "DE", "213.95.1.1": "DE",
    "2a02:8108:1:2::5": "DE",
    "197.210.55.3": "NG", "41.58.100.2": "NG", "196.25.1.10": "ZA",
    "62.20.1.1": "SE", "78.67.20.30": "SE", "2001:2002:1::7": "SE", "81.167.40.50": "NO",
    "141.98.11.7": "LT", "193.32.162.21": "RO", "45.155.205.9": "RU",
}
RESERVED = {"10.0.0.5", "192.168.1.100", "203.0.113.40", "198.51.100.7"}
# the intruder, in chef@example.de's account
INTRUDER_COUNTRIES = {"NG", "ZA", "SE", "NO"}
# the one network that sample-city-next moves from DE to AT
MOVED = "5.199.130.10"


class GeoipTestCase(SyslogNgTestCase):
    def setUp(self):
        super().setUp()
        if not os.path.exists(os.path.join(MMDB_DIR, "sample-city.mmdb")):
            self.fail("no test databases in %s: build the geoip-test-mmdb target" % MMDB_DIR)
        self.city = self.path("city.mmdb")
        self.install("sample-city")
        self.input = self.path("in.txt")
        self.out = self.path("out.jsonl")
        open(self.input, "w").close()
        self.config = config_header() + CONFIG.format(
            input=self.input, out=self.out, city=self.city, asn=os.path.join(MMDB_DIR, "sample-asn.mmdb"))

    def install(self, name):
        """Puts a database at self.city the way geoipupdate does: a new file renamed over the old."""
        tmp = self.city + ".tmp"
        shutil.copyfile(os.path.join(MMDB_DIR, name + ".mmdb"), tmp)
        os.rename(tmp, self.city)

    def append(self, lines):
        with open(self.input, "a", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))

    def wait_for_output(self, instance, expected):
        arrived = wait_for(lambda: count_lines(self.out) >= expected, timeout=60)
        self.assertTrue(arrived, "only %d of %d lines arrived; syslog-ng said:\n%s"
                        % (count_lines(self.out), expected, instance.output()))

    def output(self):
        with open(self.out, encoding="utf-8") as f:
            return [axigen_fields(line) for line in f]


class SampleDayGeoipTest(GeoipTestCase):
    @classmethod
    def setUpClass(cls):
        cls.lines = read_sample_lines()
        cls.truth = read_sample_truth()

    def setUp(self):
        super().setUp()
        instance = self.syslog_ng(self.config).start()
        self.append(self.lines)
        self.wait_for_output(instance, len(self.lines))
        self.assertEqual(instance.stop(), 0, instance.output())
        self.events = self.output()

    def logins(self):
        return [e for e in self.events if e.get("event") == "login"]

    def test_every_login_carries_the_country_of_its_address(self):
        wrong = [(e.get("client_ip"), e.get("geo.country_code")) for e in self.logins()
                 if e.get("geo.country_code") != COUNTRY.get(e.get("client_ip"))]
        self.assertGreater(len(self.logins()), 100)
        self.assertEqual(wrong[:10], [])

    def test_the_intruders_logins_are_foreign_and_the_users_are_not(self):
        chef = [e for e in self.logins() if e.get("user") == "chef@example.de" and e.get("outcome") == "success"]
        intruder = [e for e in chef if e.get("geo.country_code") in INTRUDER_COUNTRIES]
        at_home = [e for e in chef if e.get("geo.country_code") == "DE"]
        self.assertGreaterEqual(len(intruder), 10)
        self.assertGreater(len(at_home), 10)
        self.assertEqual({e.get("geo.foreign") for e in intruder}, {"true"})
        self.assertEqual({e.get("geo.foreign") for e in at_home}, {"false"})

    def test_the_search_for_successful_logins_from_abroad_finds_the_intruder_only(self):
        found = {e.get("client_ip") for e in self.logins()
                 if e.get("outcome") == "success" and e.get("geo.foreign") == "true"}
        self.assertEqual(found, {"197.210.55.3", "41.58.100.2", "196.25.1.10", "62.20.1.1", "78.67.20.30",
                                 "81.167.40.50"})

    def test_reserved_addresses_are_marked_and_get_no_country(self):
        reserved = [e for e in self.events if e.get("client_ip") in RESERVED]
        self.assertGreater(len(reserved), 100)
        self.assertEqual({e.get("geo.reserved") for e in reserved}, {"true"})
        self.assertEqual([e for e in reserved if "geo.country_code" in e], [])

    def test_the_as_database_answers_alongside_the_city_database(self):
        login = next(e for e in self.logins() if e.get("client_ip") == "197.210.55.3")
        self.assertEqual(login.get("geo.asn"), "64497")
        self.assertEqual(login.get("geo.as_org"), "Example Mobile Nigeria")
        self.assertEqual(login.get("geo.city"), "Lagos")

    def test_lines_without_a_client_address_pass_without_geo_fields(self):
        without = [e for e in self.events if "client_ip" not in e]
        self.assertGreater(len(without), 100)
        self.assertEqual([e for e in without if any(k.startswith("geo.") for k in e)], [])

    def test_no_line_is_lost(self):
        self.assertEqual(len(self.events), len(self.lines))


class DatabaseReplacedTest(GeoipTestCase):
    def test_a_database_renamed_over_the_old_one_answers_without_a_restart(self):
        lines = read_sample_lines()
        half = len(lines) // 2
        instance = self.syslog_ng(self.config).start()

        self.append(lines[:half])
        self.wait_for_output(instance, half)
        self.install("sample-city-next")
        # longer than reload-interval(1): the next message's thread checks the file
        time.sleep(2.5)
        self.append(lines[half:])
        self.wait_for_output(instance, len(lines))
        self.assertTrue(instance.is_running(), instance.output())
        self.assertEqual(instance.stop(), 0, instance.output())

        events = self.output()
        self.assertEqual(len(events), len(lines), "lines were lost")
        before = {e.get("geo.country_code") for e in events[:half] if e.get("client_ip") == MOVED}
        after = {e.get("geo.country_code") for e in events[half:] if e.get("client_ip") == MOVED}
        builds_after = {e.get("geo.db_build") for e in events[half:] if "geo.country_code" in e}
        self.assertEqual(before, {"DE"})
        self.assertEqual(after, {"AT"})
        self.assertEqual(builds_after, {"1596844800"})
        self.assertIn("database file replaced", instance.output())

    def test_a_corrupt_replacement_keeps_the_old_database_with_one_warning(self):
        lines = read_sample_lines()
        half = len(lines) // 2
        instance = self.syslog_ng(self.config).start()

        self.append(lines[:half])
        self.wait_for_output(instance, half)
        tmp = self.city + ".tmp"
        with open(os.path.join(MMDB_DIR, "sample-city-next.mmdb"), "rb") as f:
            data = f.read()
        with open(tmp, "wb") as f:
            f.write(data[:len(data) // 2])
        os.rename(tmp, self.city)
        time.sleep(2.5)
        self.append(lines[half:half + 1000])
        time.sleep(2.5)
        self.append(lines[half + 1000:])
        self.wait_for_output(instance, len(lines))
        self.assertEqual(instance.stop(), 0, instance.output())

        events = self.output()
        self.assertEqual(len(events), len(lines))
        after = {e.get("geo.country_code") for e in events[half:] if e.get("client_ip") == MOVED}
        self.assertEqual(after, {"DE"})
        self.assertEqual(instance.output().count("database file changed but cannot be used"), 1,
                         instance.output())


if __name__ == "__main__":
    unittest.main()
