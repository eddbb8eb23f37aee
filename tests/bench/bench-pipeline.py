#!/usr/bin/env python3
# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end throughput of a real syslog-ng with and without this module.

A file source (flags(no-parse) log-fetch-limit(1000) log-iw-size(10000))
reads a generated Axigen log into a file destination, through one of:

  (1) no parser: the ceiling;
  (2) axigen-parser(drop-invalid(no)), which keeps the lines that are not
      Axigen's without an if {} junction;
  (2i) axigen-parser() inside if {}, the other way to keep them;
  (3) (2) and axigen-geoip() with a City-style database;
  (4) what a syslog-ng user writes today for the same fields: regexp-parser()
      with named groups for the line prefix and for the connection and login
      shapes, then upstream's geoip2() parser on the client address.

Each round runs every configuration once, in turn, so that the machine's
load falls on all of them alike; the figures are medians over the rounds.
A run is timed from the first line syslog-ng writes to the last, so that
start-up (config, module and database loading) is not counted; the time
from start to the last line is printed beside it.  Peak memory is VmHWM of
the syslog-ng process just before it is stopped.

  bench-pipeline.py --build build/release            # the comparison
  bench-pipeline.py --build build/release --memory   # RSS after 1M and 10M lines
  bench-pipeline.py --build build/release --instructions  # callgrind: instructions per message

The timed comparison also prints, beside the ratio of the medians, the
median of the ratios taken within each round (the two configurations ran
one after the other there), which a busy machine disturbs less.

--memory runs axigen-parser(max-sessions(100000)) over a corpus whose
session ids never repeat, and prints the resident memory after each
million lines; the promise is that after 10,000,000 lines it is within 10%
of what it is after 1,000,000.  By default no session of that corpus logs
its end (--unclosed-share 1), so that the session table is full (at
max-sessions()) before the first million lines and what is measured is
whether memory stays flat at the bound; with the ordinary mix
(--unclosed-share 0) the table takes some 5,000,000 lines to fill.  The
time bound is set beyond the corpus' span, so that only the count bound
evicts.
"""

import argparse
import importlib.util
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(os.path.join(HERE, "..", ".."))
SYSLOG_NG = os.environ.get("AXIGEN_SYSLOG_NG", "/usr/sbin/syslog-ng")
SYSTEM_MODULE_DIR = os.environ.get("AXIGEN_SYSTEM_MODULE_DIR", "/usr/lib/syslog-ng/3.38")

SOURCE_OPTIONS = "flags(no-parse) follow-freq(1) log-fetch-limit(1000) log-iw-size(10000)"

# The fields each configuration writes: the same columns for all four, so
# that the destination does the same work; the stock geoip2() names its
# country field differently.
TEMPLATE = ("${.axigen.service} ${.axigen.event} ${.axigen.client_ip} ${.axigen.user} %s $MESSAGE\\n")

# drop-invalid(no) keeps the lines that are not Axigen's without an if {}
# junction, which would make syslog-ng copy every message the parser writes
# to; (2i) measures the parser the other way, inside if {}.
AXIGEN_PARSER = "parser { axigen-parser(drop-invalid(no)); };"
AXIGEN_PARSER_IN_IF = "if { parser { axigen-parser(); }; };"
AXIGEN_GEOIP = "parser { axigen-geoip(database(\"%(db)s\")); };"

# regexp-parser() tries the patterns in turn; a line none matches makes it
# fail, which the if {} lets through unchanged.  \x27 is an apostrophe.
STOCK = r"""
if {
  parser { regexp-parser(prefix(".axigen.") patterns(
    '^(?<date>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (?<offset>[-+]\d{4}) (?<level>\d\d) (?<host>\S+) (?<service>[A-Z0-9-]+):(?<session>[0-9A-F]+): (?<message>.*)$'
  )); };
  if {
    parser { regexp-parser(prefix(".axigen.") template("${.axigen.message}") patterns(
      '^\[(?<local_ip>.+):(?<local_port>\d+)\] connection accepted from \[(?<client_ip>.+):(?<client_port>\d+)\]$',
      '^(?:closing session|Closing connection) from \[(?<client_ip>.+):(?<client_port>\d+)\]$',
      '^Remote address updated from \x27(?<proxy_ip>[^\x27]*)\x27 to \x27(?<client_ip>[^\x27]*)\x27$',
      '^User \[(?<user>[^\]]*)\] successfully authorized!$',
      '^Authentication error for user \x27(?<user>[^\x27]*)\x27: (?<reason>.*)$',
      '^<(?<web_session>[0-9a-f]*)> POST /api/v1/login/cookie HTTP/1\.1 u=(?<user>\S*) code=(?<http_status>\d+)'
    )); };
  };
  if ("${.axigen.client_ip}" ne "") {
    parser { geoip2("${.axigen.client_ip}" prefix(".axigen.geo.") database("%(db)s")); };
  };
};
"""

CONFIGURATIONS = [
    ("1", "no parser", "", "${.axigen.geo.country_code}"),
    ("2", "axigen-parser(drop-invalid(no))", AXIGEN_PARSER, "${.axigen.geo.country_code}"),
    ("2i", "axigen-parser() inside if {}", AXIGEN_PARSER_IN_IF, "${.axigen.geo.country_code}"),
    ("3", "(2) + axigen-geoip()", AXIGEN_PARSER + "\n" + AXIGEN_GEOIP, "${.axigen.geo.country_code}"),
    ("4", "regexp-parser() + geoip2() (stock)", STOCK, "${.axigen.geo.country.iso_code}"),
]

CONFIG = """@version: 3.38
@module axigen
options { stats-freq(0); };
source s_in { file("%(input)s" %(source_options)s); };
destination d_out { file("%(output)s" template("%(template)s")); };
log {
  source(s_in);
%(parsers)s
  destination(d_out);
  flags(flow-control);
};
"""


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_corpus", os.path.join(HERE, "gen-corpus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class LineCounter:
    """Counts the lines of a file that grows, reading only what is new."""

    def __init__(self, path):
        self.path = path
        self.fd = None
        self.count = 0

    def poll(self):
        if self.fd is None:
            try:
                self.fd = os.open(self.path, os.O_RDONLY)
            except FileNotFoundError:
                return self.count
        while True:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return self.count
            self.count += chunk.count(b"\n")

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def proc_status(pid):
    """VmRSS and VmHWM of a process, in KiB."""
    values = {}
    with open("/proc/%d/status" % pid, encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values


class Daemon:
    """A syslog-ng in a directory of its own; every path it writes is absolute."""

    def __init__(self, workdir, config, module_dir, wrapper=()):
        self.workdir = workdir
        os.makedirs(workdir, exist_ok=True)
        self.config_path = os.path.join(workdir, "syslog-ng.conf")
        with open(self.config_path, "w", encoding="utf-8") as f:
            f.write(config)
        self.command = list(wrapper) + [
            SYSLOG_NG, "-F", "--no-caps", "--stderr", "-f", self.config_path,
            "--module-path=%s:%s" % (module_dir, SYSTEM_MODULE_DIR),
            "--pidfile=" + os.path.join(workdir, "syslog-ng.pid"),
            "--persist-file=" + os.path.join(workdir, "syslog-ng.persist"),
            "--control=" + os.path.join(workdir, "syslog-ng.ctl"),
        ]
        self.log_path = os.path.join(workdir, "syslog-ng.stderr")
        self.process = None

    def check(self):
        command = self.command[self.command.index(SYSLOG_NG):]
        result = subprocess.run(command + ["--syntax-only"], capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit("syslog-ng refuses %s:\n%s%s" % (self.config_path, result.stdout, result.stderr))

    def start(self):
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        self.process = None

    def output(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def run_once(workdir, config_text, module_dir, output, lines, timeout, wrapper=()):
    """One syslog-ng over the whole corpus: (msg/s from first to last line, s from start, VmHWM KiB)."""
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    daemon = Daemon(workdir, config_text, module_dir, wrapper)
    counter = LineCounter(output)
    started = time.monotonic()
    pid = daemon.start()
    first_time = first_count = None
    try:
        deadline = started + timeout
        while True:
            count = counter.poll()
            now = time.monotonic()
            if count and first_time is None:
                first_time, first_count = now, count
            if count >= lines:
                break
            if not daemon.alive():
                raise SystemExit("syslog-ng exited during the run:\n" + daemon.output())
            if now > deadline:
                raise SystemExit("only %d of %d lines after %ds:\n%s" % (count, lines, timeout, daemon.output()))
            time.sleep(0.002)
        last_time = now
        memory = proc_status(pid)
    finally:
        daemon.stop()
        counter.close()
    if count != lines:
        raise SystemExit("%d lines out of %d in" % (count, lines))
    rate = (lines - first_count) / (last_time - first_time) if last_time > first_time else float("nan")
    return rate, last_time - started, memory["VmHWM"]


def ensure_corpus(path, lines, seed):
    stamp = path + ".stamp"
    wanted = "%d %d %s" % (lines, seed, os.path.getmtime(os.path.join(HERE, "gen-corpus.py")))
    if os.path.exists(path) and os.path.exists(stamp) and open(stamp).read() == wanted:
        return
    print("writing the corpus: %d lines to %s" % (lines, path), flush=True)
    gen = load_generator()
    with open(path, "wb") as out:
        gen.write(gen.Corpus(gen.Options(seed=seed)), lines, out)
    with open(stamp, "w") as f:
        f.write(wanted)


def ensure_database(path, prefix_length):
    script = os.path.join(HERE, "write-bench-mmdb.pl")
    stamp = path + ".stamp"
    wanted = "%d %s" % (prefix_length, os.path.getmtime(script))
    if os.path.exists(path) and os.path.exists(stamp) and open(stamp).read() == wanted:
        return
    print("writing the database: %s" % path, flush=True)
    subprocess.run(["perl", script, path, str(prefix_length)], check=True)
    with open(stamp, "w") as f:
        f.write(wanted)


def mib(kib):
    return "%.1f MiB" % (kib / 1024.0)


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="ascii") as f:
            memory = int(f.readline().split()[1]) // 1024
    except OSError:
        memory = 0
    return "%s, %d CPUs, %d MiB" % (model, os.cpu_count() or 0, memory)


def prepare(args):
    """The corpus and the database in --workdir, written when missing or out of date."""
    os.makedirs(args.workdir, exist_ok=True)
    corpus = os.path.join(args.workdir, "corpus-%d.txt" % args.lines)
    database = os.path.join(args.workdir, "bench-city.mmdb")
    ensure_corpus(corpus, args.lines, args.seed)
    ensure_database(database, args.db_prefix_length)
    return corpus, database


def compare(args, module_dir):
    corpus, database = prepare(args)

    chosen = [c for c in CONFIGURATIONS if c[0] in args.configs.split(",")]
    configs = {}
    for key, name, parsers, country in chosen:
        output = os.path.join(args.workdir, "out-%s.txt" % key)
        configs[key] = (output, CONFIG % {
            "input": corpus, "output": output, "source_options": SOURCE_OPTIONS,
            "template": TEMPLATE % country, "parsers": parsers % {"db": database}})
        Daemon(os.path.join(args.workdir, "check-%s" % key), configs[key][1], module_dir).check()

    print("machine: %s" % machine())
    print("corpus: %d lines, %d bytes; %d rounds; configurations in turn: %s"
          % (args.lines, os.path.getsize(corpus), args.runs, " ".join("(%s)" % c[0] for c in chosen)), flush=True)
    results = {key: [] for key, *_ in chosen}
    for round_number in range(1, args.runs + 1):
        for key, name, _, _ in chosen:
            output, text = configs[key]
            if os.path.exists(output):
                os.unlink(output)
            # the previous run's output written back to disk first, so that no run pays for another's
            os.sync()
            time.sleep(1.0)
            rate, wall, hwm = run_once(os.path.join(args.workdir, "run-%s" % key), text, module_dir, output,
                                       args.lines, args.timeout)
            results[key].append((rate, wall, hwm))
            print("  round %d (%s): %9.0f msg/s, %.2f s from start, VmHWM %s"
                  % (round_number, key, rate, wall, mib(hwm)), flush=True)
            if round_number == 1:
                with open(output, "rb") as f:
                    located = sum(1 for line in f if len(line.split(b" ", 5)) > 4 and line.split(b" ", 5)[4])
                results[key + "located"] = located

    medians = {key: statistics.median(r[0] for r in results[key]) for key, *_ in chosen}
    print()
    print("%-38s %12s %8s %10s %14s %10s %12s" % ("configuration", "median msg/s", "to (1)", "per round",
                                                  "median s total", "peak RSS", "with country"))
    for key, name, _, _ in chosen:
        ratio = medians[key] / medians["1"] if "1" in medians else float("nan")
        # the same ratio taken within each round, where the two ran one after the other
        in_rounds = (statistics.median(r[0] / one[0] for r, one in zip(results[key], results["1"]))
                     if "1" in medians else float("nan"))
        print("%-38s %12.0f %8.2f %10.2f %14.2f %10s %12d"
              % ("(%s) %s" % (key, name), medians[key], ratio, in_rounds,
                 statistics.median(r[1] for r in results[key]), mib(max(r[2] for r in results[key])),
                 results[key + "located"]))
    verdicts = []
    if "1" in medians:
        for key, target in (("2", 0.80), ("3", 0.75)):
            if key in medians:
                ratio = medians[key] / medians["1"]
                verdicts.append(("(%s) at %.2f of (1), target %.2f" % (key, ratio, target), ratio >= target))
    if "3" in medians and "4" in medians:
        ratio = medians["3"] / medians["4"]
        verdicts.append(("(3) at %.2f times (4), target 2.00" % ratio, ratio >= 2.0))
    print()
    for text, met in verdicts:
        print("%-50s %s" % (text, "met" if met else "MISSED"))
    return 0 if all(met for _, met in verdicts) or not args.check else 1


def callgrind_instructions(path):
    """The instruction count callgrind wrote: its 'summary:' (or 'totals:') line."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise SystemExit("no instruction count in %s" % path)


def instructions(args, module_dir):
    """Each configuration once under callgrind: instructions per message, repeatable on a busy machine."""
    full, database = prepare(args)
    corpus = os.path.join(args.workdir, "corpus-head-%d.txt" % args.instruction_lines)
    with open(full, "rb") as f, open(corpus, "wb") as out:
        for _, line in zip(range(args.instruction_lines), f):
            out.write(line)

    chosen = [c for c in CONFIGURATIONS if c[0] in args.configs.split(",")]
    print("machine: %s" % machine())
    print("callgrind, %d lines of the corpus, each configuration once; instructions per message"
          " (start-up and shut-down included, about 1%% of (1))" % args.instruction_lines, flush=True)
    counts = {}
    for key, name, parsers, country in chosen:
        output = os.path.join(args.workdir, "out-%s.txt" % key)
        if os.path.exists(output):
            os.unlink(output)
        profile = os.path.join(args.workdir, "callgrind-%s.out" % key)
        config = CONFIG % {"input": corpus, "output": output, "source_options": SOURCE_OPTIONS,
                           "template": TEMPLATE % country, "parsers": parsers % {"db": database}}
        run_once(os.path.join(args.workdir, "run-%s" % key), config, module_dir, output, args.instruction_lines,
                 args.timeout * 10, wrapper=("valgrind", "--tool=callgrind", "--callgrind-out-file=" + profile))
        counts[key] = callgrind_instructions(profile) / args.instruction_lines
        print("  (%s) %-36s %9.0f instructions per message" % (key, name, counts[key]), flush=True)
    print()
    for key, name, _, _ in chosen:
        if "1" in counts:
            print("(%s) %.2f times the instructions of (1)" % (key, counts[key] / counts["1"]))
    if "3" in counts and "4" in counts:
        print("(4) %.2f times the instructions of (3)" % (counts["4"] / counts["3"]))
    return 0


def memory(args, module_dir):
    os.makedirs(args.workdir, exist_ok=True)
    workdir = os.path.join(args.workdir, "memory")
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    corpus = os.path.join(workdir, "ever-new.txt")
    output = os.path.join(workdir, "out.txt")
    open(corpus, "wb").close()
    # Only the count bound is under test: the time bound is set beyond the
    # corpus' span, so every session stays until max-sessions() evicts it.
    parser = ("parser { axigen-parser(max-sessions(%d) session-timeout(2000000000) %s); };"
              % (args.max_sessions, args.parser_options))
    config = CONFIG % {"input": corpus, "output": output, "source_options": SOURCE_OPTIONS,
                       "template": "${.axigen.event}\\n", "parsers": "if { %s };" % parser}
    daemon = Daemon(workdir, config, module_dir)
    daemon.check()
    gen = load_generator()
    corpus_stream = gen.Corpus(gen.Options(seed=args.seed, ever_new_sessions=True, unclosed_share=args.unclosed_share))
    counter = LineCounter(output)
    step = args.memory_step
    total = 0
    samples = []
    print("machine: %s" % machine())
    print("axigen-parser(max-sessions(%d)); session ids never repeat, %d%% of sessions never log their end;"
          " RSS after each %d lines" % (args.max_sessions, round(args.unclosed_share * 100), step), flush=True)
    pid = daemon.start()
    try:
        with open(corpus, "ab") as out:
            while total < args.memory_lines:
                n = min(step, args.memory_lines - total)
                gen.write(corpus_stream, n, out)
                out.flush()
                total += n
                deadline = time.monotonic() + args.timeout
                while counter.poll() < total:
                    if not daemon.alive():
                        raise SystemExit("syslog-ng exited:\n" + daemon.output())
                    if time.monotonic() > deadline:
                        raise SystemExit("syslog-ng is behind: %d of %d lines" % (counter.count, total))
                    time.sleep(0.05)
                time.sleep(1.0)
                status = proc_status(pid)
                samples.append((total, status["VmRSS"], status["VmHWM"]))
                print("  %11d lines: VmRSS %s, VmHWM %s" % (total, mib(status["VmRSS"]), mib(status["VmHWM"])),
                      flush=True)
    finally:
        daemon.stop()
        counter.close()
    if counter.count != total:
        raise SystemExit("%d lines out of %d in" % (counter.count, total))
    first = next((s for s in samples if s[0] >= 1000000), samples[0])
    last = samples[-1]
    ratio = last[1] / first[1]
    print()
    print("RSS after %d lines: %s; after %d lines: %s; ratio %.3f (target at most 1.10): %s"
          % (first[0], mib(first[1]), last[0], mib(last[1]), ratio, "met" if ratio <= 1.10 else "MISSED"))
    if not args.keep:
        os.unlink(corpus)
    return 0 if ratio <= 1.10 or not args.check else 1


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--build", default=os.environ.get("AXIGEN_BUILD", os.path.join(SOURCE_DIR, "build", "release")),
                   help="the CMake build directory (default: build/release)")
    p.add_argument("--module-dir", help="directory of libaxigen.so (default: BUILD/modules/axigen)")
    p.add_argument("--workdir", default="/tmp/axigen-bench",
                   help="where the corpus, the database and the runs go (default %(default)s)")
    p.add_argument("--lines", type=int, default=1000000)
    p.add_argument("--runs", type=int, default=5, help="rounds; the figures are medians (default %(default)s)")
    p.add_argument("--configs", default="1,2,2i,3,4", help="which configurations, e.g. 1,3 (default: all)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--db-prefix-length", type=int, default=20,
                   help="IPv4 network size of the benchmark database (default /%(default)s)")
    p.add_argument("--timeout", type=int, default=300, help="seconds a run may take")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--memory", action="store_true", help="the memory test instead of the comparison")
    p.add_argument("--memory-lines", type=int, default=10000000)
    p.add_argument("--memory-step", type=int, default=1000000)
    p.add_argument("--max-sessions", type=int, default=100000)
    p.add_argument("--unclosed-share", type=float, default=1.0,
                   help="--memory: share of sessions without a closing line (default %(default)s: the session "
                        "table reaches max-sessions() within the first million lines; 0 for the ordinary mix)")
    p.add_argument("--parser-options", default="", help="--memory: more axigen-parser() options, e.g. correlate(no)")
    p.add_argument("--keep", action="store_true", help="keep the memory test's corpus")
    p.add_argument("--instructions", action="store_true",
                   help="count instructions per message under callgrind instead of timing (slow, but the same "
                        "figures however busy the machine)")
    p.add_argument("--instruction-lines", type=int, default=100000,
                   help="--instructions: lines of the corpus to run (default %(default)s)")
    args = p.parse_args(argv)

    module_dir = args.module_dir or os.path.join(args.build, "modules", "axigen")
    if not os.path.exists(os.path.join(module_dir, "libaxigen.so")):
        raise SystemExit("no libaxigen.so in %s: build first, or pass --build / --module-dir" % module_dir)
    if args.memory:
        return memory(args, module_dir)
    if args.instructions:
        return instructions(args, module_dir)
    return compare(args, module_dir)


if __name__ == "__main__":
    sys.exit(main())
