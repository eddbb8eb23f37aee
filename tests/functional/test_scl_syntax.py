# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""scl/axigen never breaks a configuration: with the module missing it is skipped, with it
every block and option of the README parses."""

from syslogng import SyslogNgTestCase, config_header

DISTRIBUTION_LIKE = """
@include "scl.conf"
log {
  source { system(); internal(); default-network-drivers(); };
  destination { file("/dev/null"); };
};
"""

EVERY_OPTION = """
@include "scl.conf"
log {
  source {
    axigen(dir("/var/opt/axigen/log") file("everything.txt")
           geoip-database("/usr/share/GeoIP/GeoLite2-City.mmdb") asn-database("/usr/share/GeoIP/GeoLite2-ASN.mmdb")
           home-countries("DE" "AT") parser-options(max-sessions(1000) session-timeout(600))
           geoip-options(cache-size(1024) reload-interval(0)) log-fetch-limit(1000));
    axigen-network(ip("127.0.0.1") port(2000) transport("udp") home-countries("DE"));
    axigen-network(ip("127.0.0.1") port(2000) transport(tcp) max-connections(50));
  };
  destination {
    axigen-graylog(host("graylog.example.com"));
    axigen-graylog(host("graylog.example.com") port(12202) transport("tls")
                   tls(ca-file("/etc/ssl/certs/ca-certificates.crt"))
                   disk-buffer(dir("/var/spool/syslog-ng") disk-buf-size(2147483648)));
    axigen-graylog(host("graylog.example.com") transport(udp) prefix(".axigen.") disk-buffer(reliable(no)));
    axigen-json-file(file("/var/log/axigen.json"));
  };
};
"""


class SclSyntaxTest(SyslogNgTestCase):
    def preprocess(self, instance):
        preprocessed = self.path("preprocessed.conf")
        ok, output = instance.syntax_check()
        instance.extra_args.append("--preprocess-into=" + preprocessed)
        instance.syntax_check()
        with open(preprocessed, encoding="utf-8") as f:
            return ok, output, f.read()

    def test_a_config_including_scl_conf_loads_where_the_module_is_not_on_the_module_path(self):
        instance = self.syslog_ng(config_header(include_scl=True) + DISTRIBUTION_LIKE,
                                  module_path=self.module_path_without_axigen())
        ok, output, preprocessed = self.preprocess(instance)
        self.assertTrue(ok, output)
        self.assertIn("syslog-ng-mod-axigen authors", preprocessed, "scl/axigen/axigen.conf was not read")
        self.assertNotIn("block source axigen(", preprocessed)

    def test_a_config_including_scl_conf_loads_with_the_module_and_defines_the_blocks(self):
        instance = self.syslog_ng(config_header(include_scl=True) + DISTRIBUTION_LIKE)
        ok, output, preprocessed = self.preprocess(instance)
        self.assertTrue(ok, output)
        for block in ("block source axigen(", "block source axigen-network(", "block destination axigen-graylog(",
                      "block destination axigen-json-file(", "application axigen[syslog]"):
            self.assertIn(block, preprocessed)

    def test_every_block_option_of_the_readme_parses(self):
        ok, output = self.syslog_ng(config_header(include_scl=True) + EVERY_OPTION).syntax_check()
        self.assertTrue(ok, output)


if __name__ == "__main__":
    import unittest
    unittest.main()
