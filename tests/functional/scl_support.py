# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""What the scl/axigen tests share: the test databases, a certificate, the
sample day as frames, and a syslog-ng config that includes the repository's SCL."""

import os
import shutil
import subprocess

from syslogng import SAMPLE_LOG, TEST_BUILD_DIR, config_header

MMDB_DIR = os.path.join(TEST_BUILD_DIR, "mmdb") if TEST_BUILD_DIR else ""


def test_database(name):
    """The path of a test database that the build wrote (tests/data/mmdb/write-test-mmdb.pl), or None."""
    path = os.path.join(MMDB_DIR, name + ".mmdb")
    return path if MMDB_DIR and os.path.exists(path) else None


def sample_databases_or_skip(test):
    city, asn = test_database("sample-city"), test_database("sample-asn")
    if not city or not asn:
        test.skipTest("the test databases are not built (AXIGEN_TEST_BUILD=%r)" % TEST_BUILD_DIR)
    return city, asn


def geoip_options(city, asn):
    return 'geoip-database("%s") asn-database("%s") home-countries("DE")' % (city, asn)


def scl_config(body):
    return config_header(include_scl=True) + '@include "scl/axigen"\n' + body


def make_certificate(directory, common_name="127.0.0.1"):
    """A self-signed certificate for 127.0.0.1, made with the openssl command; (cert, key)."""
    if not shutil.which("openssl"):
        return None, None
    cert = os.path.join(directory, "gelf-cert.pem")
    key = os.path.join(directory, "gelf-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", key, "-out", cert, "-subj", "/CN=" + common_name,
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def copy_sample(directory, name="everything.txt"):
    path = os.path.join(directory, name)
    shutil.copyfile(SAMPLE_LOG, path)
    return path


def append_lines(path, lines):
    with open(path, "a", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")


def numbered_lines(first, count, service="IMAP", host="mx1"):
    """Axigen lines, each with a session id of its own, so that every line can be told apart."""
    return ["2020-08-03 10:%02d:%02d +0100 08 %s %s:%08X: Closing connection from [85.214.132.117:%d]"
            % ((n // 60) % 60, n % 60, host, service, n, 1024 + n) for n in range(first, first + count)]


def sessions_of(messages):
    return [int(m["_axigen_session"], 16) for m in messages if "_axigen_session" in m]


def tags_of(message):
    """The tags of a GELF message, as a set: $(axigen-gelf) joins them with commas in _tags."""
    return set(filter(None, message.get("_tags", "").split(",")))
