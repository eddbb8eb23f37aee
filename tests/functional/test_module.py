# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""The built libaxigen.so as syslog-ng loads it."""

import os
import subprocess
import unittest

from syslogng import MODULE_DIR, SYSLOG_NG, SyslogNgTestCase, config_header

MODULE = os.path.join(MODULE_DIR, "libaxigen.so")


class ModuleTest(SyslogNgTestCase):
    def module_registry(self):
        result = subprocess.run([SYSLOG_NG, "--module-registry", "--module-path=" + MODULE_DIR],
                                capture_output=True, text=True, timeout=60)
        return result.stdout

    def test_syslog_ng_lists_the_module_and_both_parsers(self):
        registry = self.module_registry()
        self.assertIn("Module: axigen", registry)
        section = registry.split("Module: axigen", 1)[1]
        self.assertIn("parser          axigen-parser", section)
        self.assertIn("parser          axigen-geoip", section)

    def test_the_module_exports_only_what_syslog_ng_looks_up(self):
        result = subprocess.run(["nm", "-D", "--defined-only", MODULE], capture_output=True, text=True, check=True)
        # an AddressSanitizer build adds its one-definition-rule markers of exported data
        exported = sorted(name for name in (line.split()[-1] for line in result.stdout.splitlines() if line.strip())
                          if not name.startswith("__odr_asan"))
        self.assertEqual(exported, ["axigen_module_init", "module_info"])

    def test_a_config_with_the_parser_passes_the_syntax_check(self):
        config = config_header() + """
source s { file("/dev/null"); };
log { source(s); parser { axigen-parser(prefix(".a.") correlate(yes) max-sessions(10) session-timeout(60) set-timestamp(no)); }; };
"""
        ok, output = self.syslog_ng(config).syntax_check()
        self.assertTrue(ok, output)

    def test_an_unknown_option_is_a_configuration_error(self):
        config = config_header() + """
source s { file("/dev/null"); };
log { source(s); parser { axigen-parser(no-such-option(1)); }; };
"""
        ok, output = self.syslog_ng(config).syntax_check()
        self.assertFalse(ok)
        self.assertIn("Error parsing axigen", output)

    def test_a_config_using_the_parser_fails_without_the_module_on_the_path(self):
        config = config_header() + """
source s { file("/dev/null"); };
log { source(s); parser { axigen-parser(); }; };
"""
        ok, _ = self.syslog_ng(config, module_path=self.module_path_without_axigen()).syntax_check()
        self.assertFalse(ok)


if __name__ == "__main__":
    unittest.main()
