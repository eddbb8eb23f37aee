# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""axigen-parser() options and routing, each in a real syslog-ng."""

import unittest

from syslogng import SyslogNgTestCase, axigen_fields, config_header

ENDPOINTS = """
source s_in {{ file("{input}" flags(no-parse) follow-freq(1) log-msg-size(1048576)); }};
destination d_out {{ file("{out}" template("$(format-json --key .axigen.* --key mail.* --pair unparsed=${{UNPARSED}} --pair isodate=${{ISODATE}} --pair msg=${{MSG}})\\n")); }};
"""

CONFIG = ENDPOINTS + """
log {{
  source(s_in);
  if {{ parser {{ axigen-parser({options}); }}; }} else {{ rewrite {{ set("yes" value("UNPARSED")); }}; }};
  destination(d_out);
}};
"""

CONFIG_WITHOUT_IF = ENDPOINTS + """
log {{
  source(s_in);
  parser {{ axigen-parser({options}); }};
  destination(d_out);
}};
"""

CONNECT = "2020-08-03 06:00:15 +0100 08 mx1 IMAP:{session}: [192.168.1.100:993] connection accepted from [{ip}:32095]"
LOGIN = "2020-08-03 {time} +0100 08 mx1 IMAP:{session}: User [gina@example.de] successfully authorized!"
NOT_AXIGEN = "kernel: eth0 link up"
# Axigen lines and other lines, alternating
MIXED = [CONNECT.format(session="00000001", ip="85.214.132.117"), NOT_AXIGEN,
         LOGIN.format(time="06:00:20", session="00000001"), "this is not an axigen line"]


class ParserOptionsTest(SyslogNgTestCase):
    def parse(self, lines, options="", config=CONFIG, lines_out=None):
        """Runs lines through axigen-parser(options) in config; returns one dict per line out.

        It waits for lines_out lines (all of them unless told)."""
        source = self.path("in.txt")
        out = self.path("out.jsonl")
        with open(source, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
        config = config_header() + config.format(input=source, out=out, options=options)
        self.run_until(config, out, len(lines) if lines_out is None else lines_out)
        with open(out, encoding="utf-8") as f:
            return [axigen_fields(line) for line in f]

    def test_a_line_that_is_not_axigen_takes_the_else_branch_unchanged(self):
        out = self.parse(["this is not an axigen line", "2020-08-03 06:00:15 +0100 08 mx1 bogus"])
        self.assertEqual([o.get("unparsed") for o in out], ["yes", "yes"])
        self.assertEqual(out[0]["msg"], "this is not an axigen line")
        self.assertNotIn("event", out[0])

    def test_hostile_lines_are_neither_lost_nor_fatal(self):
        hostile = ["[" * 5000, ":" * 5000, "2020-08-03 06:00:15 +0100 08 mx1 IMAP:1: " + "[999.1.1.1:99999] " * 20000,
                   "<13>" * 100, "2020-13-45 99:99:99 +9999 08 mx1 IMAP:00000001: x"]
        out = self.parse(hostile + [CONNECT.format(session="00000001", ip="85.214.132.117")])
        self.assertEqual(len(out), len(hostile) + 1)
        self.assertEqual(out[-1]["event"], "connect")

    def test_prefix_names_every_field_under_another_prefix(self):
        out = self.parse([CONNECT.format(session="00000001", ip="85.214.132.117")], 'prefix("mail.")')
        self.assertEqual(out[0]["mail.client_ip"], "85.214.132.117")
        self.assertNotIn("client_ip", out[0])

    def test_a_login_carries_the_client_ip_of_its_session(self):
        out = self.parse([CONNECT.format(session="00000001", ip="85.214.132.117"),
                          LOGIN.format(time="06:00:20", session="00000001")])
        self.assertEqual(out[1]["client_ip"], "85.214.132.117")

    def test_correlate_no_leaves_a_login_without_client_ip(self):
        out = self.parse([CONNECT.format(session="00000001", ip="85.214.132.117"),
                          LOGIN.format(time="06:00:20", session="00000001")], "correlate(no)")
        self.assertEqual(out[1]["event"], "login")
        self.assertNotIn("client_ip", out[1])

    def test_max_sessions_forgets_the_oldest_session_first(self):
        out = self.parse([CONNECT.format(session="00000001", ip="85.214.132.117"),
                          CONNECT.format(session="00000002", ip="84.128.10.20"),
                          LOGIN.format(time="06:00:20", session="00000001"),
                          LOGIN.format(time="06:00:21", session="00000002")], "max-sessions(1)")
        self.assertNotIn("client_ip", out[2])
        self.assertEqual(out[3]["client_ip"], "84.128.10.20")

    def test_session_timeout_forgets_a_session_not_seen_for_that_long(self):
        out = self.parse([CONNECT.format(session="00000001", ip="85.214.132.117"),
                          LOGIN.format(time="06:02:16", session="00000001")], "session-timeout(120)")
        self.assertNotIn("client_ip", out[1])

    def test_a_session_seen_within_the_timeout_is_remembered(self):
        out = self.parse([CONNECT.format(session="00000001", ip="85.214.132.117"),
                          LOGIN.format(time="06:02:14", session="00000001")], "session-timeout(120)")
        self.assertEqual(out[1]["client_ip"], "85.214.132.117")

    def test_set_timestamp_no_keeps_the_time_of_reception(self):
        out = self.parse([CONNECT.format(session="00000001", ip="85.214.132.117")], "set-timestamp(no)")
        self.assertFalse(out[0]["isodate"].startswith("2020-08-03"), out[0]["isodate"])

    def test_template_parses_what_it_names_instead_of_the_message(self):
        line = "relay: " + CONNECT.format(session="00000001", ip="85.214.132.117")
        out = self.parse([line], 'template("$(substr ${MSG} 7)")')
        self.assertEqual(out[0]["event"], "connect")

    def test_without_template_the_same_line_is_not_axigen(self):
        line = "relay: " + CONNECT.format(session="00000001", ip="85.214.132.117")
        out = self.parse([line])
        self.assertEqual(out[0]["unparsed"], "yes")

    def test_drop_invalid_no_without_if_passes_every_line_on_in_order(self):
        out = self.parse(MIXED, "drop-invalid(no)", config=CONFIG_WITHOUT_IF)
        self.assertEqual([o["msg"] for o in out], MIXED)
        self.assertEqual([o.get("event") for o in out], ["connect", None, "login", None])

    def test_drop_invalid_no_without_if_passes_a_line_that_is_not_axigen_on_without_axigen_fields(self):
        out = self.parse(MIXED, "drop-invalid(no)", config=CONFIG_WITHOUT_IF)
        self.assertEqual(out[1]["msg"], NOT_AXIGEN)
        self.assertLessEqual(set(out[1]), {"msg", "isodate", "unparsed"}, out[1])

    def test_by_default_without_if_a_line_that_is_not_axigen_does_not_come_out(self):
        # lines come out in order, so once the login is out the line before it had its turn
        lines = MIXED[:3]
        out = self.parse(lines, config=CONFIG_WITHOUT_IF, lines_out=2)
        self.assertEqual([o["msg"] for o in out], [lines[0], lines[2]])


if __name__ == "__main__":
    unittest.main()
