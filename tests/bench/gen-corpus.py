#!/usr/bin/env python3
# Copyright (c) 2026 The syslog-ng-mod-axigen authors
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a realistic Axigen everything.txt of any size, for benchmarks and load tests.

The lines have the shapes of tests/data/everything.txt (see the format notes):
interleaved sessions of IMAP, POP3, SMTP-IN (inbound mail and submission),
WEBMAIL behind a reverse proxy with its MAILBOXAPI requests, and the
PROCESSING of every mail received; logins that succeed and fail, password
guessers, TLS alerts, protocol lines (<< and >>), and a share of garbage
(lines that are not Axigen lines at all, or real lines cut short).

The output is reproducible: the same options and --seed give the same bytes.

  gen-corpus.py --lines 1000000 --output /tmp/corpus.txt
  gen-corpus.py --lines 10000000 --ever-new-sessions | syslog-ng ...

Other programs may import it (importlib, the file name has a dash) and use
Corpus(options).lines(), an endless iterator of lines without their newline.
"""

import argparse
import collections
import datetime
import os
import random
import sys

LOCAL_IP = "192.168.1.100"
PROXY_IP = "10.0.0.5"
DOMAIN = "example.de"
FIRST_NAMES = ("anna", "ben", "chef", "doris", "emil", "frank", "gina", "hans", "ida", "jonas",
               "karl", "lena", "max", "nina", "otto", "paul", "rita", "sven", "tina", "uwe")
SENDER_DOMAINS = ("vendor.example", "shop.example", "partner.example", "news.example", "bank.example",
                  "travel.example", "social.example", "forum.example", "school.example", "city.example",
                  "insurance.example", "cloud.example", "energy.example", "press.example", "club.example")
SENDER_USERS = ("info", "billing", "news", "noreply", "support", "sales", "office", "hr")
GUESSED_USERS = ("admin", "test", "info", "postmaster", "root", "office", "webmaster", "sales")
SPF_RESULTS = ("Pass", "Pass", "Pass", "Pass", "Pass", "Pass", "SoftFail", "Neutral", "None", "Fail")
RECIPIENT_FILTERS = ("WM_Blacklist_Check", "WM_Whitelist_Check", "WM_Antispam")
TLS_REASONS = ("error:0A000102:SSL routines::unsupported protocol",
               "error:0A00006C:SSL routines::bad key share",
               "error:0A000418:SSL routines::tlsv1 alert unknown ca")
WEB_PATHS = ("/api/v1/conversations?folderId=71_16777247&sort=date&dir=DESC&start=0&limit=50&_h={token}",
             "/api/v1/folders?_h={token}",
             "/api/v1/messages/{number}?folderId=71_16777247&_h={token}",
             "/api/v1/settings/account?_h={token}",
             "/api/v1/contacts?limit=200&_h={token}")
API_CALLS = ("GET api/v1/conversations", "GET api/v1/folders", "GET api/v1/messages",
             "POST api/v1/messages", "GET api/v1/contacts")
# Special-purpose IPv4 networks (first octet, and /8 or /16 prefixes) the
# generator never hands out as public client addresses.
RESERVED_FIRST_OCTETS = {0, 10, 100, 127, 169, 172, 192, 198, 203}


class Options:
    """The generator's knobs, with the defaults of the command line."""

    def __init__(self, **kwargs):
        self.seed = 1
        self.host = "mx1"
        self.start = "2020-08-03 06:00:00"
        self.offset = "+0100"
        self.concurrency = 64
        self.users = 400
        self.client_ips = 5000
        self.ipv6_share = 0.10
        self.garbage_share = 0.01
        self.protocol_share = 0.15
        self.ever_new_sessions = False
        self.unclosed_share = 0.0
        self.session_id_space = 0x10000
        self.lines_per_second = 20.0
        for name, value in kwargs.items():
            if not hasattr(self, name):
                raise TypeError("unknown option " + name)
            setattr(self, name, value)


class Corpus:
    """An endless, seeded stream of Axigen lines."""

    def __init__(self, options=None):
        self.o = options or Options()
        self.rng = random.Random(self.o.seed)
        self.time = datetime.datetime.strptime(self.o.start, "%Y-%m-%d %H:%M:%S")
        self.stamp = None
        self.counters = {"IMAP": 0x5600, "POP3": 0x1200, "SMTP-IN": 0x4C00, "WEBMAIL": 0x30, "queue": 0x2C2600}
        self.bases = dict(self.counters)
        self.active = []
        self.spawned = collections.deque()
        self.recent = collections.deque(maxlen=64)
        self.users = self._users()
        self.home_ips = [self._client_ip() for _ in range(self.o.users)]
        self.sender_ips = [self._client_ip(ipv6_share=self.o.ipv6_share / 2)
                           for _ in range(max(1, self.o.client_ips - self.o.users))]
        self.guesser_ips = [self._public_ipv4() for _ in range(max(1, self.o.client_ips // 50))]
        self.kinds = ((self._smtp_inbound, 36), (self._imap, 20), (self._pop3, 8), (self._submission, 7),
                      (self._webmail, 14), (self._guesser, 10), (self._tls_alert, 5))
        self.kind_choices = [k for k, _ in self.kinds]
        self.kind_weights = [w for _, w in self.kinds]

    # -- addresses and names -------------------------------------------------

    def _users(self):
        users = []
        for i in range(self.o.users):
            name = FIRST_NAMES[i % len(FIRST_NAMES)]
            number = i // len(FIRST_NAMES)
            users.append("%s%s@%s" % (name, number if number else "", DOMAIN))
        return users

    def _public_ipv4(self):
        rng = self.rng
        while True:
            first = rng.randint(1, 223)
            if first not in RESERVED_FIRST_OCTETS:
                return "%d.%d.%d.%d" % (first, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))

    def _public_ipv6(self):
        rng = self.rng
        # inside 2a00::/8, where the RIPE region's providers are
        return "2a%02x:%x:%x:%x::%x" % (rng.randint(0, 255), rng.randint(0, 0xffff), rng.randint(0, 0xffff),
                                         rng.randint(0, 0xffff), rng.randint(1, 0xffff))

    def _client_ip(self, ipv6_share=None):
        share = self.o.ipv6_share if ipv6_share is None else ipv6_share
        return self._public_ipv6() if self.rng.random() < share else self._public_ipv4()

    def _port(self):
        return self.rng.randint(1024, 65535)

    def _token(self):
        return "%032x" % self.rng.getrandbits(128)

    def _next_id(self, service):
        self.counters[service] += 1
        number = self.counters[service]
        if not self.o.ever_new_sessions:
            base = self.bases[service]
            number = base + (number - base) % self.o.session_id_space
        return number & 0xFFFFFFFF

    def _protocol(self):
        return self.rng.random() < self.o.protocol_share

    def _closes(self):
        return not self.o.unclosed_share or self.rng.random() >= self.o.unclosed_share

    # -- sessions: generators of (level, service, session, message) ----------

    def _imap(self):
        rng = self.rng
        sid = "%08X" % self._next_id("IMAP")
        index = rng.randrange(len(self.users))
        user = self.users[index]
        # mostly from home, sometimes on the road
        ip = self.home_ips[index] if rng.random() < 0.8 else rng.choice(self.sender_ips)
        endpoint = "%s:%d" % (ip, self._port())
        yield "08", "IMAP", sid, "[%s:993] connection accepted from [%s]" % (LOCAL_IP, endpoint)
        if self._protocol():
            yield "16", "IMAP", sid, "<< A0001 CAPABILITY"
            yield "16", "IMAP", sid, ">> * CAPABILITY IMAP4rev1 AUTH=PLAIN"
        if rng.random() < 0.94:
            yield "08", "IMAP", sid, "User [%s] successfully authorized!" % user
            if self._protocol():
                yield "16", "IMAP", sid, "<< A0003 SELECT INBOX"
                yield "16", "IMAP", sid, ">> A0003 OK [READ-WRITE] SELECT completed"
        else:
            yield "02", "IMAP", sid, "Authentication error for user '%s': Invalid password" % user
        if self._closes():
            yield "08", "IMAP", sid, "Closing connection from [%s]" % endpoint

    def _pop3(self):
        rng = self.rng
        sid = "%08X" % self._next_id("POP3")
        index = rng.randrange(len(self.users))
        user = self.users[index]
        endpoint = "%s:%d" % (self.home_ips[index], self._port())
        yield "08", "POP3", sid, "[%s:995] connection accepted from [%s]" % (LOCAL_IP, endpoint)
        if self._protocol():
            yield "16", "POP3", sid, "<< CAPA"
            yield "16", "POP3", sid, ">> +OK Capability list follows"
        if rng.random() < 0.95:
            yield "08", "POP3", sid, "User [%s] successfully authorized!" % user
            if self._protocol():
                yield "16", "POP3", sid, "<< STAT"
                yield "16", "POP3", sid, ">> +OK %d %d" % (rng.randint(0, 40), rng.randint(0, 9000000))
        else:
            yield "02", "POP3", sid, "Authentication error for user '%s': Invalid password" % user
        if self._closes():
            yield "08", "POP3", sid, "Closing connection from [%s]" % endpoint

    def _new_mail(self, sid, sender_host, ip, sender, rcpt):
        rng = self.rng
        queue = self._next_id("queue")
        message_id = "%d.%d@%s" % (rng.randint(10 ** 8, 10 ** 9 - 1), rng.randint(1, 99), sender_host)
        self.spawned.append(self._processing(queue, sender, rcpt))
        return "08", "SMTP-IN", sid, (
            "New mail <%s> received from %s (%s) with envelope from <%s>, recipients=1 (%s), size=%d, "
            "enqueued with id %X" % (message_id, sender_host, ip, sender, rcpt, rng.randint(800, 2500000), queue))

    def _smtp_inbound(self):
        rng = self.rng
        sid = "%08X" % self._next_id("SMTP-IN")
        ip = rng.choice(self.sender_ips)
        endpoint = "%s:%d" % (ip, self._port())
        domain = rng.choice(SENDER_DOMAINS)
        yield "08", "SMTP-IN", sid, "[%s:25] connection accepted from [%s]" % (LOCAL_IP, endpoint)
        if self._protocol():
            yield "16", "SMTP-IN", sid, ">> 220 mx1.%s Axigen ESMTP ready" % DOMAIN
            yield "16", "SMTP-IN", sid, "<< EHLO %s" % domain
            yield "16", "SMTP-IN", sid, ">> 250-mx1.%s" % DOMAIN
        for _ in range(1 if rng.random() < 0.85 else rng.randint(2, 4)):
            sender = "%s@%s" % (rng.choice(SENDER_USERS), domain)
            rcpt = rng.choice(self.users)
            result = rng.choice(SPF_RESULTS)
            if rng.random() < 0.9:
                yield "08", "SMTP-IN", sid, (
                    "SPF result for MAIL FROM <%s> issued from EHLO domain <%s> connected from <%s>: %s "
                    "(spfHeader = 'x'; spfExplanation = 'null')" % (sender, domain, ip, result))
            else:
                yield "08", "SMTP-IN", sid, "SPF result for EHLO domain <%s> connected from <%s>: %s" % (
                    domain, ip, result)
            if self._protocol():
                yield "16", "SMTP-IN", sid, "<< MAIL FROM: <%s>" % sender
                yield "16", "SMTP-IN", sid, ">> 250 Sender accepted"
            if result == "Fail":
                if self._protocol():
                    yield "16", "SMTP-IN", sid, ">> 550 SPF check failed"
                continue
            yield self._new_mail(sid, domain, ip, sender, rcpt)
        if self._closes():
            yield "08", "SMTP-IN", sid, "closing session from [%s]" % endpoint

    def _submission(self):
        rng = self.rng
        sid = "%08X" % self._next_id("SMTP-IN")
        index = rng.randrange(len(self.users))
        user, ip = self.users[index], self.home_ips[index]
        endpoint = "%s:%d" % (ip, self._port())
        yield "08", "SMTP-IN", sid, "[%s:587] connection accepted from [%s]" % (LOCAL_IP, endpoint)
        if rng.random() < 0.9:
            yield "08", "SMTP-IN", sid, "User [%s] successfully authorized!" % user
            yield self._new_mail(sid, "client.%s" % DOMAIN, ip, user, rng.choice(self.users))
        else:
            yield "02", "SMTP-IN", sid, "Authentication error for user '%s': Invalid password" % user
        if self._closes():
            yield "08", "SMTP-IN", sid, "closing session from [%s]" % endpoint

    def _guesser(self):
        """A password guesser: one failure per connection, on any service."""
        rng = self.rng
        service, port = rng.choice((("SMTP-IN", 587), ("IMAP", 993), ("POP3", 995)))
        sid = "%08X" % self._next_id(service)
        endpoint = "%s:%d" % (rng.choice(self.guesser_ips), self._port())
        if rng.random() < 0.5:
            user, reason = rng.choice(self.users), "Invalid password"
        else:
            user, reason = "%s@%s" % (rng.choice(GUESSED_USERS), DOMAIN), "Account not found locally"
        closing = "closing session from" if service == "SMTP-IN" else "Closing connection from"
        yield "08", service, sid, "[%s:%d] connection accepted from [%s]" % (LOCAL_IP, port, endpoint)
        yield "02", service, sid, "Authentication error for user '%s': %s" % (user, reason)
        if self._closes():
            yield "08", service, sid, "%s [%s]" % (closing, endpoint)

    def _tls_alert(self):
        rng = self.rng
        service, port = rng.choice((("IMAP", 993), ("POP3", 995), ("SMTP-IN", 465)))
        sid = "%08X" % self._next_id(service)
        ip, client_port = rng.choice(self.sender_ips), self._port()
        closing = "closing session from" if service == "SMTP-IN" else "Closing connection from"
        yield "08", service, sid, "[%s:%d] connection accepted from [%s:%d]" % (LOCAL_IP, port, ip, client_port)
        yield "08", service, sid, "SSL alert remote %s:%d, %s" % (ip, client_port, rng.choice(TLS_REASONS))
        if self._closes():
            yield "08", service, sid, "%s [%s:%d]" % (closing, ip, client_port)

    def _webmail(self):
        rng = self.rng
        number = self._next_id("WEBMAIL")
        sid = "%08X" % number
        index = rng.randrange(len(self.users))
        user, ip = self.users[index], self.home_ips[index]
        yield "08", "WEBMAIL", sid, "[%s:443] connection accepted from [%s:%d]" % (LOCAL_IP, PROXY_IP, self._port())
        yield "08", "WEBMAIL", sid, "Remote address updated from '%s' to '%s'" % (PROXY_IP, ip)
        if rng.random() < 0.1:
            yield "08", "WEBMAIL", sid, "<> POST /api/v1/login/cookie HTTP/1.1 u= code=401 time=%d" % (
                rng.randint(50, 400))
            return
        token = self._token()
        yield "08", "WEBMAIL", sid, "<%s> POST /api/v1/login/cookie HTTP/1.1 u=%s code=200 time=%d" % (
            token, user, rng.randint(2, 40))
        for request in range(rng.randint(1, 8)):
            if rng.random() < 0.3:
                call = "%05d" % rng.randint(0, 99999)
                api = rng.choice(API_CALLS)
                yield "08", "MAILBOXAPI", sid, "<%s> BEGIN [id=%s|%s|u=%s]" % (token, call, api, user)
                yield "08", "MAILBOXAPI", sid, "<%s> END [id=%s|%s|u=%s|code=200|time=%d]" % (
                    token, call, api, user, rng.randint(1, 60))
            else:
                path = rng.choice(WEB_PATHS).format(token=token, number=rng.randint(1, 20000))
                yield "08", "WEBMAIL", sid, "<%s> GET %s HTTP/1.1 u=%s code=%d time=%d" % (
                    token, path, user, 200 if rng.random() < 0.98 else 404, rng.randint(1, 120))

    def _processing(self, queue, sender, rcpt):
        rng = self.rng
        sid = "%08X" % queue
        yield "08", "PROCESSING", sid, "Set recipient <%s> state to RECEIVED" % rcpt
        if rng.random() < 0.25:
            filt = "wmFilter of type script filter from domain object <%s>" % rcpt
            yield "08", "PROCESSING", sid, "Start filter %s" % filt
            yield "08", "PROCESSING", sid, "%s (@7) [%s]: Email address <%s> not found in black list" % (
                filt, rng.choice(RECIPIENT_FILTERS), sender)
            yield "08", "PROCESSING", sid, "Finished filtering mail object %X with filter: %s" % (queue, filt)
        yield "08", "PROCESSING", sid, "Set recipient <%s> state to PROCESSING" % rcpt
        yield "08", "PROCESSING", sid, "Mail delivered to mailbox 'INBOX' of <%s> with id %d" % (
            rcpt, rng.randint(1, 20000))
        yield "08", "PROCESSING", sid, "Set recipient <%s> state to SENT" % rcpt

    # -- the stream ----------------------------------------------------------

    def _garbage(self):
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0 and self.recent:
            line = rng.choice(self.recent)
            return line[:rng.randint(1, len(line) - 1)].rstrip() or "x"
        if kind == 1:
            return "\tat com.axigen.server.%s.run(Worker.java:%d)" % (rng.choice(("smtp", "imap", "pop3")),
                                                                    rng.randint(10, 999))
        if kind == 2:
            return "%s Axigen: %s" % (self._stamp_text(), rng.choice(("watchdog ok", "log rotated", "starting")))
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 :[]<>@.-") for _ in range(rng.randint(5, 90)))

    def _stamp_text(self):
        return self.time.strftime("%Y-%m-%d %H:%M:%S")

    def _tick(self):
        if self.rng.random() * self.o.lines_per_second < 1.0:
            self.time += datetime.timedelta(seconds=1)
            self.stamp = None

    def lines(self):
        """Lines without their newline, forever."""
        rng = self.rng
        prefix_of = {}
        active = self.active
        while len(active) < self.o.concurrency:
            active.append(self._new_session())
        while True:
            self._tick()
            if self.stamp is None:
                self.stamp = "%s %s " % (self._stamp_text(), self.o.offset)
                prefix_of = {}
            if rng.random() < self.o.garbage_share:
                yield self._garbage()
                continue
            slot = rng.randrange(len(active))
            try:
                level, service, sid, message = next(active[slot])
            except StopIteration:
                active[slot] = self.spawned.popleft() if self.spawned else self._new_session()
                continue
            head = prefix_of.get(level)
            if head is None:
                head = prefix_of[level] = "%s%s %s " % (self.stamp, level, self.o.host)
            line = "%s%s:%s: %s" % (head, service, sid, message)
            if len(self.recent) < 64 or rng.random() < 0.01:
                self.recent.append(line)
            yield line

    def _new_session(self):
        kind = self.rng.choices(self.kind_choices, self.kind_weights)[0]
        return kind()


def write(corpus, count, out, chunk=4096):
    """Writes count lines of corpus to the binary stream out."""
    stream = corpus.lines()
    left = count
    while left > 0:
        n = min(chunk, left)
        batch = [next(stream) for _ in range(n)]
        out.write(("\n".join(batch) + "\n").encode("utf-8"))
        left -= n


def main(argv=None):
    defaults = Options()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=int, default=1000000, help="number of lines (default 1000000)")
    p.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")
    p.add_argument("--append", action="store_true", help="append to --output instead of replacing it")
    p.add_argument("--seed", type=int, default=defaults.seed)
    p.add_argument("--host", default=defaults.host, help="the Axigen host name")
    p.add_argument("--start", default=defaults.start, help="time of the first line, 'YYYY-MM-DD HH:MM:SS'")
    p.add_argument("--concurrency", type=int, default=defaults.concurrency,
                   help="sessions interleaved at any time (default %(default)s)")
    p.add_argument("--users", type=int, default=defaults.users, help="mailboxes of the domain")
    p.add_argument("--client-ips", type=int, default=defaults.client_ips,
                   help="distinct client addresses, about (default %(default)s)")
    p.add_argument("--ipv6-share", type=float, default=defaults.ipv6_share,
                   help="share of IPv6 addresses among the users' addresses (default %(default)s)")
    p.add_argument("--garbage-share", type=float, default=defaults.garbage_share,
                   help="share of lines that are not Axigen lines (default %(default)s)")
    p.add_argument("--protocol-share", type=float, default=defaults.protocol_share,
                   help="share of sessions that log their protocol lines (default %(default)s)")
    p.add_argument("--ever-new-sessions", action="store_true",
                   help="session ids never repeat (otherwise they wrap, as after restarts)")
    p.add_argument("--unclosed-share", type=float, default=defaults.unclosed_share,
                   help="share of sessions that end without their closing line, as dropped connections "
                        "do (default %(default)s)")
    args = p.parse_args(argv)

    options = Options(seed=args.seed, host=args.host, start=args.start, concurrency=args.concurrency,
                      users=args.users, client_ips=args.client_ips, ipv6_share=args.ipv6_share,
                      garbage_share=args.garbage_share, protocol_share=args.protocol_share,
                      ever_new_sessions=args.ever_new_sessions, unclosed_share=args.unclosed_share)
    corpus = Corpus(options)
    if args.output == "-":
        try:
            write(corpus, args.lines, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            # the reader had enough (| head): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    else:
        with open(args.output, "ab" if args.append else "wb") as out:
            write(corpus, args.lines, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
