# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""What the reliability tests share (this module holds no tests itself).

Every reliability test counts the lines that go in and the lines that come
out.  Lines are compared as multisets, so that realistic input (which may
repeat a line) is checked as strictly as unique input: a line that comes
out fewer times than it went in is lost, one that comes out more often is
a duplicate.
"""

import collections
import importlib.util
import os
import threading
import time

from scl_support import sample_databases_or_skip, test_database
from syslogng import SOURCE_DIR, config_header


# The size of the tests: .ci/sanitize makes them smaller under valgrind,
# where syslog-ng runs some 30 times slower.
SCALE = float(os.environ.get("AXIGEN_TEST_SCALE", "1"))


def scaled(n, minimum=1):
    return max(minimum, int(n * SCALE))


def load_corpus_generator():
    """tests/bench/gen-corpus.py as a module (its file name has a dash)."""
    path = os.path.join(SOURCE_DIR, "tests", "bench", "gen-corpus.py")
    spec = importlib.util.spec_from_file_location("gen_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_lines(count, seed=1, **options):
    """count realistic Axigen lines (str, without newline) from the corpus generator."""
    gen = load_corpus_generator()
    stream = gen.Corpus(gen.Options(seed=seed, **options)).lines()
    return [next(stream) for _ in range(count)]


def unique_session_lines(first, count, seed=1):
    """Realistic Axigen lines whose session field is the line's number (8 hex digits), so
    that each line can be told apart in GELF by _axigen_session.  No garbage lines."""
    lines = []
    for n, line in enumerate(corpus_lines(count, seed=seed, garbage_share=0.0), start=first):
        head, colon, rest = line.partition(": ")
        service = head.rsplit(":", 1)[0]
        lines.append("%s:%08X%s%s" % (service, n, colon, rest))
    return lines


# the test databases, as the SCL tests find them
mmdb_path = test_database
databases_or_skip = sample_databases_or_skip


def scl_config(body):
    return config_header(include_scl=True) + '@include "scl/axigen"\n' + body


def compare_lines(sent, received):
    """(lost, duplicated): lines of sent missing from received, and surplus copies in received."""
    want = collections.Counter(sent)
    got = collections.Counter(received)
    lost = want - got
    duplicated = got - want
    return lost, duplicated


def describe(counter, limit=5):
    items = list(counter.items())[:limit]
    return ", ".join("%r x%d" % (line[:120], n) for line, n in items)


def read_lines(path):
    """The lines of a file, as bytes without their newline."""
    with open(path, "rb") as f:
        return f.read().split(b"\n")[:-1]


class GrowingFile(threading.Thread):
    """Appends lines to a file in batches, at about `rate` lines per second, as Axigen does.

    rotate_at: line numbers before which the file is rotated: it is renamed
    (to NAME.1, NAME.2, ...), the lines the writer has in hand
    (`in_hand`) still go to the renamed file, then the file is created
    anew, as a logger that rotates by rename does.  before_rotation(k),
    when given, is called before the k-th rotation (from 0) and may wait.
    """

    def __init__(self, path, lines, rate=20000.0, batch=200, rotate_at=(), in_hand=3, before_rotation=None):
        super().__init__(daemon=True)
        self.path = path
        self.lines = lines
        self.rate = rate
        self.batch = batch
        self.rotate_at = sorted(rotate_at)
        self.in_hand = in_hand
        self.before_rotation = before_rotation
        self.rotated = []
        self.written = 0
        self.error = None

    def _encode(self, lines):
        return b"".join((line if isinstance(line, bytes) else line.encode("utf-8")) + b"\n" for line in lines)

    def run(self):
        try:
            f = open(self.path, "ab")
            started = time.monotonic()
            pending_rotations = list(self.rotate_at)
            paused = 0.0
            while self.written < len(self.lines):
                end = min(self.written + self.batch, len(self.lines))
                if pending_rotations and end > pending_rotations[0]:
                    end = max(pending_rotations[0], self.written)
                if pending_rotations and self.written == pending_rotations[0]:
                    pending_rotations.pop(0)
                    before = time.monotonic()
                    f = self._rotate(f)
                    paused += time.monotonic() - before
                    continue
                f.write(self._encode(self.lines[self.written:end]))
                f.flush()
                self.written = end
                ahead = self.written / self.rate - (time.monotonic() - started - paused)
                if ahead > 0:
                    time.sleep(ahead)
            f.close()
        except Exception as e:  # reported by the test that joins
            self.error = e

    def _rotate(self, f):
        if self.before_rotation:
            self.before_rotation(len(self.rotated))
        rotated = "%s.%d" % (self.path, len(self.rotated) + 1)
        os.rename(self.path, rotated)
        self.rotated.append(rotated)
        end = min(self.written + self.in_hand, len(self.lines))
        f.write(self._encode(self.lines[self.written:end]))
        f.close()
        self.written = end
        return open(self.path, "ab")

    def finish(self, test, timeout=120):
        self.join(timeout)
        test.assertFalse(self.is_alive(), "the writer did not finish")
        if self.error:
            raise self.error
