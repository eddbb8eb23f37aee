# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""A stream of hostile input through the whole pipeline: axigen() with a database, to a file and to Graylog.

Random bytes, lines of 1 MiB, NUL bytes, endless brackets and colons,
impossible addresses and ports, broken <PRI> and UTF-8, interleaved with
ordinary lines.  syslog-ng must keep running, and every line must come out
once, byte for byte in the file and as valid GELF at the receiver.

"Every line" is counted as syslog-ng's file source frames lines, which no
parser can change: a line ends at a newline or at a NUL byte, trailing
carriage returns are dropped, and empty lines are skipped.  A line longer
than the source's log-msg-size() is cut into pieces of that size; the
pipeline here sets log-msg-size(LINE_MAX) so that the 1 MiB lines arrive whole
(the SCL's own default stays syslog-ng's 64 KiB unless the lead changes it).
"""

import os
import random
import re
import sys

from gelf_receiver import GelfReceiver
from syslogng import SyslogNgTestCase, count_lines, wait_for
from test_reliability_common import (compare_lines, corpus_lines, databases_or_skip, describe, read_lines,
                                     scaled, scl_config)

MIB = 1 << 20
LINE_MAX = 2 * MIB

CONFIG = """
log {{
  source {{ axigen(dir("{dir}") geoip-database("{city}") asn-database("{asn}") home-countries("DE")
                   log-msg-size({line_max})); }};
  destination {{ file("{out}" template("$MESSAGE\\n")); }};
  destination {{ axigen-graylog(port({port}) disk-buffer(dir("{buffer}")) time-reopen(1)); }};
  flags(flow-control);
}};
"""

PREFIX = b"2020-08-03 06:00:03 +0100 08 mx1 "


def hostile_lines(rng):
    """The hostile lines, as bytes without their newline (some hold NUL and CR bytes)."""
    lines = []
    # random bytes of any value but the newline
    for _ in range(300):
        lines.append(bytes(rng.choice([b for b in range(256) if b != 10]) for _ in range(rng.randint(1, 3000))))
    # 1 MiB lines: printable noise, a login whose user never ends, brackets, colons, invalid UTF-8
    lines.append(bytes(rng.randint(33, 126) for _ in range(MIB)))
    lines.append(PREFIX + b"IMAP:00000001: User [" + b"x" * (MIB - 60))
    lines.append(b"[" * MIB)
    lines.append(b":" * MIB)
    lines.append(PREFIX + b"IMAP:00000002: [" + b"[" * (MIB // 2) + b"]" * (MIB // 2 - 60))
    lines.append(PREFIX + b"SMTP-IN:00000003: New mail <" + b"\xff\xfe" * (MIB // 2 - 40) + b">")
    lines.append(PREFIX + b"IMAP:00000004: [192.168.1.100:993] connection accepted from [" + b"1" * (MIB - 100) + b"]")
    lines.append(PREFIX + b"WEBMAIL:00000005: <" + b"a" * (MIB - 40) + b"> GET / HTTP/1.1 u= code=200 time=1")
    # NUL bytes inside lines, and carriage returns
    lines.append(PREFIX + b"IMAP:0000\x0000A: User [a@b] successfully authorized!")
    lines.append(PREFIX + b"IMAP:0000000B: User [a\x00b] successfully authorized!\r")
    lines.append(b"\x00" * 50 + PREFIX + b"IMAP:0000000C: Closing connection from [85.214.132.117:1]")
    lines.append(PREFIX + b"IMAP:0000000D: \r\r\rClosing connection from [85.214.132.117:1]\r\r")
    lines.append(b"\r\r\r")
    # endless brackets and colons, shorter
    for n in (1, 2, 3, 100, 10000, 60000):
        lines.append(PREFIX + b"IMAP:" + b":" * n)
        lines.append(PREFIX + b"IMAP:0000000E: [" * n)
        lines.append(PREFIX + b"IMAP:0000000F: connection accepted from " + b"[" * n + b"1.2.3.4:5" + b"]" * n)
        lines.append(PREFIX + b"SMTP-IN:00000010: closing session from [" + b"::" * n + b"]")
    # impossible addresses and ports, on every shape that carries one
    for address in (b"999.1.1.1:99999", b"1.2.3.4:-1", b"1.2.3.4:", b":", b"::::::::::::::::1:0",
                    b"[[[1.2.3.4]:5]:6]", b"[2001:db8::1]:99999999999999999999", b"fe80::1%eth0:123",
                    b"::ffff:999.1.1.1:1", b"1.2.3.4:5:6:7", b"256.256.256.256:65536", b"0x7f.1:80",
                    b"1.2.3.4 :5", b"\xc3\x28:1", b"%s%n%x:1"):
        lines.append(PREFIX + b"IMAP:00000011: [192.168.1.100:993] connection accepted from [" + address + b"]")
        lines.append(PREFIX + b"IMAP:00000011: User [victim@example.de] successfully authorized!")
        lines.append(PREFIX + b"IMAP:00000011: Closing connection from [" + address + b"]")
        lines.append(PREFIX + b"WEBMAIL:00000012: Remote address updated from '" + address + b"' to '" + address + b"'")
        lines.append(PREFIX + b"IMAP:00000013: SSL alert remote " + address + b", error:x")
        lines.append(PREFIX + b"SMTP-IN:00000014: SPF result for EHLO domain <x> connected from <" + address
                     + b">: Pass")
        lines.append(PREFIX + b"SMTP-IN:00000015: New mail <m@x> received from h (" + address
                     + b") with envelope from <a@b>, recipients=99999999999999999999999 (), size=-5, "
                     b"enqueued with id ZZZZ")
    # broken headers, <PRI> and numbers
    lines += [b"<999999>" + PREFIX + b"IMAP:1: x", b"<>", b"<" * 1000, b"<1>IMAP:1: User [u] successfully authorized!",
              b"9999-99-99 99:99:99 +9999 99 mx1 IMAP:1: x", b"2020-08-03 06:00:03 -2400 08 mx1 IMAP:1: x",
              PREFIX + b"IMAP:1:", PREFIX + b"IMAP:1: ", PREFIX + b":1: x", PREFIX + b"IMAP:: x",
              b"\xef\xbb\xbf" + PREFIX + b"IMAP:1: bom", PREFIX + b"IMAP:1: \x1b[31mred\x1b[0m %s%n",
              PREFIX + b"IMAP:1: \xc0\xaf overlong \xed\xa0\x80 surrogate \xf4\x90\x80\x80 too big",
              PREFIX + b"WEBMAIL:1: <> POST /api/v1/login/cookie HTTP/1.1 u=" + b"%" * 5000 + b" code=99999999999",
              PREFIX + b"MAILBOXAPI:1: <t> END [id=|||||||||||code=|time=99999999999999999999]",
              b" " * 100, b"\t"]
    return lines


def framed(stream):
    """The messages syslog-ng's file source makes of a byte stream (see the module's docstring)."""
    messages = []
    for piece in re.split(b"[\n\x00]", stream):
        piece = piece.rstrip(b"\r")
        if piece:
            messages.append(piece)
    return messages


class HostileInputTest(SyslogNgTestCase):
    def test_syslog_ng_keeps_running_and_every_line_comes_out_once(self):
        city, asn = databases_or_skip(self)
        rng = random.Random(666)
        lines = hostile_lines(rng)
        ordinary = [line.encode("utf-8") for line in corpus_lines(scaled(3000), seed=66)]
        for line in ordinary:
            lines.insert(rng.randrange(len(lines) + 1), line)
        stream = b"".join(line + b"\n" for line in lines)
        expected = framed(stream)

        receiver = GelfReceiver("tcp").start()
        self.addCleanup(receiver.stop)
        log_dir = self.path("log")
        buffer_dir = self.path("buffer")
        os.mkdir(log_dir)
        os.mkdir(buffer_dir)
        out = self.path("out.txt")
        instance = self.syslog_ng(scl_config(CONFIG.format(dir=log_dir, city=city, asn=asn, line_max=LINE_MAX,
                                                           out=out, port=receiver.port, buffer=buffer_dir)))
        instance.start()
        with open(os.path.join(log_dir, "everything.txt"), "wb") as f:
            for n in range(0, len(stream), 1 << 16):
                f.write(stream[n:n + (1 << 16)])
                f.flush()

        wait_for(lambda: count_lines(out) >= len(expected) and receiver.count() >= len(expected), timeout=90)
        receiver.wait_quiet(1.5)
        self.assertTrue(instance.is_running(), instance.output())
        self.assertEqual(instance.stop(), 0, instance.output())

        received = read_lines(out)
        lost, duplicated = compare_lines(expected, received)
        print("\n%s: %d lines (%d bytes) in, %d messages expected, %d in the file, %d at the receiver"
              % (self.id(), len(lines), len(stream), len(expected), len(received), receiver.count()),
              file=sys.stderr)
        self.assertEqual(sum(lost.values()), 0, "lost: " + describe(lost))
        self.assertEqual(sum(duplicated.values()), 0, "repeated: " + describe(duplicated))
        self.assertEqual(receiver.violations[:3], [])
        self.assertEqual(receiver.count(), len(expected))
        # the long lines arrive whole at Graylog too, not cut
        long_in = sum(1 for m in expected if len(m) > MIB // 2 + 100)
        long_out = sum(1 for m in receiver.messages if len(m.get("short_message", "")) > MIB // 2)
        self.assertEqual(long_out, long_in)


if __name__ == "__main__":
    import unittest
    unittest.main()
