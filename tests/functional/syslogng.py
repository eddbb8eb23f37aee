# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a real syslog-ng with the module under test, for the functional tests.

Every path syslog-ng writes to (pid file, persist file, control socket) is
absolute and inside the test's own directory, so a test never touches the
system's syslog-ng.  The build and source trees come from the environment
that ctest sets (see tests/functional/CMakeLists.txt).
"""

import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

SYSLOG_NG = os.environ.get("AXIGEN_SYSLOG_NG", "/usr/sbin/syslog-ng")
MODULE_DIR = os.environ.get("AXIGEN_MODULE_DIR", "")
SYSTEM_MODULE_DIR = os.environ.get("AXIGEN_SYSTEM_MODULE_DIR", "/usr/lib/syslog-ng/3.38")
SOURCE_DIR = os.environ.get(
    "AXIGEN_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
DATA_DIR = os.path.join(SOURCE_DIR, "tests", "data")
TEST_BUILD_DIR = os.environ.get("AXIGEN_TEST_BUILD", "")

SAMPLE_LOG = os.path.join(DATA_DIR, "everything.txt")
SAMPLE_TRUTH = os.path.join(DATA_DIR, "everything.truth.jsonl")


def read_sample_truth():
    with open(SAMPLE_TRUTH, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def read_sample_lines():
    with open(SAMPLE_LOG, encoding="utf-8") as f:
        return f.read().splitlines()


def flatten(obj, prefix=""):
    """format-json nests dotted names ('.axigen.geo.x' -> {'_axigen': {'geo': {'x': ..}}})."""
    flat = {}
    for key, value in obj.items():
        name = prefix + key
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def axigen_fields(json_line):
    """The values of one format-json line by dotted name, .axigen.* without their prefix."""
    fields = {}
    for name, value in flatten(json.loads(json_line)).items():
        fields[name[len("_axigen."):] if name.startswith("_axigen.") else name] = value
    return fields


def wait_for(predicate, timeout=30.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


class SyslogNg:
    """One syslog-ng process on a config, in a directory of its own."""

    def __init__(self, workdir, config, module_path=None, extra_args=()):
        self.workdir = workdir
        self.config_path = os.path.join(workdir, "syslog-ng.conf")
        self.stderr_path = os.path.join(workdir, "syslog-ng.stderr")
        self.module_path = module_path or ":".join(p for p in (MODULE_DIR, SYSTEM_MODULE_DIR) if p)
        self.extra_args = list(extra_args)
        self.process = None
        with open(self.config_path, "w", encoding="utf-8") as f:
            f.write(config)

    def _command(self, *args):
        return [
            SYSLOG_NG, "--no-caps", "-f", self.config_path,
            "--module-path=" + self.module_path,
            "--pidfile=" + os.path.join(self.workdir, "syslog-ng.pid"),
            "--persist-file=" + os.path.join(self.workdir, "syslog-ng.persist"),
            "--control=" + os.path.join(self.workdir, "syslog-ng.ctl"),
            *self.extra_args, *args,
        ]

    def syntax_check(self):
        """Returns (ok, output) of syslog-ng --syntax-only on the config."""
        result = subprocess.run(self._command("--syntax-only"), capture_output=True, text=True, timeout=60)
        return result.returncode == 0, result.stdout + result.stderr

    def start(self, wait=True):
        self.stderr = open(self.stderr_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(self._command("-F", "--stderr"), stdout=self.stderr,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if wait:
            control = os.path.join(self.workdir, "syslog-ng.ctl")
            if not wait_for(lambda: os.path.exists(control) or self.process.poll() is not None, timeout=30):
                raise RuntimeError("syslog-ng did not start: " + self.output())
            if self.process.poll() is not None:
                raise RuntimeError("syslog-ng exited at start-up: " + self.output())
        return self

    def output(self):
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def is_running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()
        code = self.process.returncode
        self.process = None
        return code

    def kill(self):
        return self.stop(signal.SIGKILL)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def config_header(include_scl=False):
    """@version and, optionally, the repository's SCL ahead of the installed ones."""
    lines = ["@version: 3.38"]
    if include_scl:
        lines.append('@define include-path "%s:/etc/syslog-ng:/usr/share/syslog-ng/include"' % SOURCE_DIR)
    else:
        lines.append("@module axigen")
    return "\n".join(lines) + "\n"


class SyslogNgTestCase(unittest.TestCase):
    """A test case with a fresh directory and a syslog-ng that is always stopped."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="axigen-test-")
        self.workdir = self._tmp.name
        self.instances = []

    def tearDown(self):
        for instance in self.instances:
            instance.stop()
        self._tmp.cleanup()

    def path(self, name):
        return os.path.join(self.workdir, name)

    def module_path_without_axigen(self):
        """syslog-ng's own modules without libaxigen.so, even where the package is installed."""
        directory = self.path("modules-without-axigen")
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(SYSTEM_MODULE_DIR):
            if name.endswith(".so") and name != "libaxigen.so":
                os.symlink(os.path.join(SYSTEM_MODULE_DIR, name), os.path.join(directory, name))
        return directory

    def syslog_ng(self, config, **kwargs):
        instance = SyslogNg(self.workdir, config, **kwargs)
        self.instances.append(instance)
        return instance

    def run_until(self, config, output, expected_lines, timeout=30, **kwargs):
        """Starts syslog-ng, waits for expected_lines lines in output, stops it."""
        instance = self.syslog_ng(config, **kwargs).start()
        arrived = wait_for(lambda: count_lines(output) >= expected_lines, timeout=timeout)
        code = instance.stop()
        self.assertTrue(arrived, "only %d of %d lines arrived in %s; syslog-ng said:\n%s"
                        % (count_lines(output), expected_lines, output, instance.output()))
        self.assertEqual(code, 0, instance.output())
        return instance
