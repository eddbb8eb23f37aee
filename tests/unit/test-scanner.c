/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The pure C line scanner: the line forms it accepts, every message shape
 * and its fields, the edge cases, and the bundled sample day against its
 * truth file.
 */
#include <criterion/criterion.h>
#include "test-parameters.h"
#include <criterion/parameterized.h>

#include "axigen-scanner.h"
#include "axigen-address.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NATIVE_PREFIX "2021-03-14 18:08:05 +0100 08 mx1 "
/* a literal as the (text, length) pair the helpers take */
#define LIT_ARGS(s) (s), (sizeof(s) - 1)

#define N_ELEMENTS(array) (sizeof(array) / sizeof((array)[0]))

static AxigenLine scanned;
/* the exact-size copy the spans of scanned point into */
static char *scanned_copy;
static size_t scanned_copy_len;

static void
forget_scanned_copy(void)
{
  free(scanned_copy);
  scanned_copy = NULL;
  scanned_copy_len = 0;
}

static void
setup(void)
{
  memset(&scanned, 0, sizeof(scanned));
}

static void
teardown(void)
{
  forget_scanned_copy();
}

TestSuite(scanner, .init = setup, .fini = teardown);
TestSuite(address);

/* Scans a heap copy of exactly len bytes, so that AddressSanitizer catches
 * any read past the end. */
static bool
scan_bytes(const char *data, size_t len)
{
  forget_scanned_copy();
  scanned_copy = malloc(len ? len : 1);
  cr_assert_not_null(scanned_copy);
  memcpy(scanned_copy, data, len);
  scanned_copy_len = len;
  return axigen_scan_line(scanned_copy, len, &scanned);
}

static bool
scan(const char *text)
{
  return scan_bytes(text, strlen(text));
}

/* "SERVICE:000056A7: message" behind the native date, level and host */
static bool
scan_native_message(const char *service, const char *message)
{
  size_t len = strlen(NATIVE_PREFIX) + strlen(service) + strlen(":000056A7: ") + strlen(message);
  char *text = malloc(len + 1);
  cr_assert_not_null(text);
  snprintf(text, len + 1, "%s%s:000056A7: %s", NATIVE_PREFIX, service, message);
  bool result = scan_bytes(text, len);
  free(text);
  return result;
}

static void
assert_field(AxigenField field, const char *expected)
{
  AxigenSpan span = scanned.fields[field];
  const char *name = axigen_field_name(field);

  if (!expected)
    {
      cr_assert_null(span.ptr, "%s should be absent, is '%.*s'", name, (int) span.len, span.ptr);
      return;
    }
  cr_assert_not_null(span.ptr, "%s should be '%s', is absent", name, expected);
  cr_assert(span.len == strlen(expected) && memcmp(span.ptr, expected, span.len) == 0,
            "%s should be '%s', is '%.*s'", name, expected, (int) span.len, span.ptr);
}

static void
assert_event(AxigenEvent expected)
{
  cr_assert_eq(scanned.event, expected, "event should be %s, is %s",
               axigen_event_name(expected), axigen_event_name(scanned.event));
  assert_field(AXIGEN_FIELD_EVENT, axigen_event_name(expected));
}

static bool
span_is_inside(AxigenSpan span, const char *data, size_t len)
{
  return span.ptr >= data && span.ptr <= data + len && span.len <= (size_t) (data + len - span.ptr);
}

/* every present field is non-empty, and lies inside the input unless it is
 * one of the derived words */
static void
assert_spans_are_sane(const char *data, size_t len)
{
  for (AxigenField field = 0; field < AXIGEN_FIELD_MAX; field++)
    {
      AxigenSpan span = scanned.fields[field];
      if (!span.ptr)
        continue;
      cr_assert_gt(span.len, 0, "%s is present but empty", axigen_field_name(field));
      if (field == AXIGEN_FIELD_EVENT || field == AXIGEN_FIELD_SEVERITY
          || field == AXIGEN_FIELD_OUTCOME || field == AXIGEN_FIELD_DIRECTION)
        continue;
      cr_assert(span_is_inside(span, data, len), "%s lies outside the input", axigen_field_name(field));
    }
}

/* ---- the line forms ----------------------------------------------------- */

Test(scanner, native_line_gives_host_service_session_level_and_message)
{
  cr_assert(scan("2021-03-14 18:08:05 +0100 08 Server2019 IMAP:000056A7: User [a@b.example] successfully authorized!"));

  cr_assert(scanned.has_time);
  assert_field(AXIGEN_FIELD_HOST, "Server2019");
  assert_field(AXIGEN_FIELD_SERVICE, "IMAP");
  assert_field(AXIGEN_FIELD_SESSION, "000056A7");
  assert_field(AXIGEN_FIELD_LEVEL, "08");
  assert_field(AXIGEN_FIELD_SEVERITY, "info");
  assert_field(AXIGEN_FIELD_MESSAGE, "User [a@b.example] successfully authorized!");
}

typedef struct
{
  const char *stamp;
  int64_t time_utc;
  int32_t utc_offset_seconds;
} TimeCase;

static const TimeCase time_cases[] =
{
  { "2021-03-14 18:08:05 +0100", 1615741685, 3600 },
  { "2021-03-14 18:08:05 -0545", 1615765985, -20700 },
  { "1970-01-01 00:00:00 +0000", 0, 0 },
  { "1969-12-31 23:59:59 +0000", -1, 0 },
  { "2000-03-01 00:00:00 +0000", 951868800, 0 },
  { "2100-03-01 12:00:00 +0000", 4107585600, 0 },
  { "1600-02-29 00:00:00 +0000", -11670998400, 0 },
  { "0000-01-01 00:00:00 +0000", -62167219200, 0 },
  { "9999-12-31 23:59:59 -1459", 253402354739, -53940 },
  { "2020-02-29 23:59:60 +1400", 1582970400, 50400 },
};

PARAMETERS_FROM_TABLE(scanner, native_time_is_converted_to_utc_with_its_offset, time_cases)

ParameterizedTest(size_t *index, scanner, native_time_is_converted_to_utc_with_its_offset)
{
  const TimeCase *time_case = &time_cases[*index];
  char text[128];
  snprintf(text, sizeof(text), "%s 08 mx1 IMAP:1: x", time_case->stamp);

  cr_assert(scan(text), "%s should scan", text);
  cr_assert(scanned.has_time);
  cr_assert_eq(scanned.time_utc, time_case->time_utc, "%s: time_utc %lld, expected %lld", time_case->stamp,
               (long long) scanned.time_utc, (long long) time_case->time_utc);
  cr_assert_eq(scanned.utc_offset_seconds, time_case->utc_offset_seconds);
}

static const char *impossible_stamps[] =
{
  "2021-02-29 18:08:05 +0100",
  "2100-02-29 18:08:05 +0100",
  "2021-04-31 18:08:05 +0100",
  "2021-00-10 18:08:05 +0100",
  "2021-13-10 18:08:05 +0100",
  "2021-03-00 18:08:05 +0100",
  "2021-03-32 18:08:05 +0100",
  "2021-03-14 24:00:00 +0100",
  "2021-03-14 23:60:00 +0100",
  "2021-03-14 23:59:61 +0100",
  "2021-03-14 18:08:05 +1500",
  "2021-03-14 18:08:05 +0160",
  "2021-03-14 18:08:05 0100 ",
  "2021-03-14 18:08:05 *0100",
  "2021-3-14 18:08:05 +01000",
  "2021/03/14 18:08:05 +0100",
  "2021-03-14T18:08:05 +0100",
  "2021-03-14 18.08.05 +0100",
  "2021-03-14 18:08:5x +0100",
  "202a-03-14 18:08:05 +0100",
};

PARAMETERS_FROM_TABLE(scanner, impossible_date_or_time_rejects_the_line, impossible_stamps)

ParameterizedTest(size_t *index, scanner, impossible_date_or_time_rejects_the_line)
{
  const char **stamp = &impossible_stamps[*index];
  char text[128];
  snprintf(text, sizeof(text), "%s 08 mx1 IMAP:000056A7: closing session from [1.2.3.4:5]", *stamp);

  cr_assert_not(scan(text), "%s should not scan", text);
}

typedef struct
{
  const char *level;
  const char *severity;
} LevelCase;

static const LevelCase level_cases[] =
{
  { "01", "critical" },
  { "02", "error" },
  { "04", "warning" },
  { "08", "info" },
  { "16", "protocol" },
  { "10", "protocol" },
  { "00", "unknown" },
  { "15", "unknown" },
  { "99", "unknown" },
};

PARAMETERS_FROM_TABLE(scanner, level_gives_its_severity, level_cases)

ParameterizedTest(size_t *index, scanner, level_gives_its_severity)
{
  const LevelCase *level_case = &level_cases[*index];
  char text[128];
  snprintf(text, sizeof(text), "2021-03-14 18:08:05 +0100 %s mx1 IMAP:1: x", level_case->level);

  cr_assert(scan(text));
  assert_field(AXIGEN_FIELD_LEVEL, level_case->level);
  assert_field(AXIGEN_FIELD_SEVERITY, level_case->severity);
}

Test(scanner, short_form_has_no_time_host_level_or_severity)
{
  cr_assert(scan("SMTP-IN:00004C01: closing session from [44.44.44.44:51979]"));

  cr_assert_not(scanned.has_time);
  cr_assert_eq(scanned.time_utc, 0);
  assert_field(AXIGEN_FIELD_HOST, NULL);
  assert_field(AXIGEN_FIELD_LEVEL, NULL);
  assert_field(AXIGEN_FIELD_SEVERITY, NULL);
  assert_field(AXIGEN_FIELD_SERVICE, "SMTP-IN");
  assert_field(AXIGEN_FIELD_SESSION, "00004C01");
  assert_event(AXIGEN_EVENT_DISCONNECT);
  assert_field(AXIGEN_FIELD_CLIENT_IP, "44.44.44.44");
}

typedef struct
{
  const char *text;
  bool has_time;
} PriorityCase;

static const PriorityCase priority_cases[] =
{
  { "<13>2021-03-14 18:08:05 +0100 08 mx1 IMAP:000056A7: Closing connection from [5.6.7.8:993]", true },
  { "<0>IMAP:000056A7: Closing connection from [5.6.7.8:993]", false },
  { "<191>IMAP:000056A7: Closing connection from [5.6.7.8:993]", false },
  { "<22>Aug  3 06:00:03 mx1 axigen[812]: IMAP:000056A7: Closing connection from [5.6.7.8:993]", false },
  { "<22>Aug 13 06:00:03 mx1 IMAP:000056A7: Closing connection from [5.6.7.8:993]", false },
  { "<22>1 2020-08-03T06:00:03+01:00 mx1 axigen 812 - - IMAP:000056A7: Closing connection from [5.6.7.8:993]", false },
  { "<22>1 2020-08-03T06:00:03+01:00 mx1 axigen 812 - - 2021-03-14 18:08:05 +0100 08 mx1 IMAP:000056A7: Closing connection from [5.6.7.8:993]", true },
};

PARAMETERS_FROM_TABLE(scanner, priority_and_syslog_header_before_the_line_are_skipped, priority_cases)

ParameterizedTest(size_t *index, scanner, priority_and_syslog_header_before_the_line_are_skipped)
{
  const PriorityCase *priority_case = &priority_cases[*index];
  cr_assert(scan(priority_case->text), "%s should scan", priority_case->text);
  cr_assert_eq(scanned.has_time, priority_case->has_time);
  assert_field(AXIGEN_FIELD_SERVICE, "IMAP");
  assert_field(AXIGEN_FIELD_SESSION, "000056A7");
  assert_event(AXIGEN_EVENT_DISCONNECT);
  assert_field(AXIGEN_FIELD_CLIENT_IP, "5.6.7.8");
}

static const char *malformed_lines[] =
{
  "",
  "hello world",
  "imap:000056A7: lower-case service",
  "1MAP:000056A7: service starting with a digit",
  "IMAP_X:000056A7: underscore in the service",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG:000056A7: service of 33 characters",
  "IMAP:0123456789ABCDEF0: session of 17 digits",
  "IMAP:000056AZ: session not hex",
  "IMAP:: empty session",
  ":000056A7: empty service",
  "IMAP:000056A7:no space after the session",
  "IMAP:000056A7",
  "IMAP 000056A7: no colon after the service",
  "<192>IMAP:000056A7: priority too large",
  "<1234>IMAP:000056A7: priority of four digits",
  "<>IMAP:000056A7: empty priority",
  "<a>IMAP:000056A7: priority not a number",
  "<13",
  "<13>",
  "<13>a b c d e f g h i IMAP:000056A7: nine header tokens",
  "2021-03-14 18:08:05 +0100 08 mx1",
  "2021-03-14 18:08:05 +0100 08 mx1 ",
  "2021-03-14 18:08:05 +0100 8 mx1 IMAP:000056A7: one-digit level",
  "2021-03-14 18:08:05 +0100 08  IMAP:000056A7: empty host",
  "2021-03-14 18:08:05 +0100 08 mx1  IMAP:000056A7: two spaces before the service",
  "2021-03-14 18:08:05 +0100 08 mx1 imap:000056A7: lower-case service",
  " IMAP:000056A7: leading space",
};

PARAMETERS_FROM_TABLE(scanner, malformed_line_is_rejected, malformed_lines)

ParameterizedTest(size_t *index, scanner, malformed_line_is_rejected)
{
  const char **text = &malformed_lines[*index];
  cr_assert_not(scan(*text), "'%s' should not scan", *text);
}

Test(scanner, host_longer_than_255_bytes_rejects_the_line)
{
  char text[512];
  char host[257];
  memset(host, 'h', 256);
  host[256] = '\0';

  snprintf(text, sizeof(text), "2021-03-14 18:08:05 +0100 08 %.255s IMAP:1: x", host);
  cr_assert(scan(text));
  snprintf(text, sizeof(text), "2021-03-14 18:08:05 +0100 08 %s IMAP:1: x", host);
  cr_assert_not(scan(text));
}

Test(scanner, unknown_service_still_parses_as_other)
{
  cr_assert(scan_native_message("WEBADMIN-X2", "something no shape knows"));

  assert_field(AXIGEN_FIELD_SERVICE, "WEBADMIN-X2");
  assert_event(AXIGEN_EVENT_OTHER);
  assert_field(AXIGEN_FIELD_MESSAGE, "something no shape knows");
}

Test(scanner, empty_message_gives_other_without_message)
{
  cr_assert(scan(NATIVE_PREFIX "IMAP:000056A7: "));
  assert_event(AXIGEN_EVENT_OTHER);
  assert_field(AXIGEN_FIELD_MESSAGE, NULL);

  cr_assert(scan(NATIVE_PREFIX "IMAP:000056A7:"));
  assert_event(AXIGEN_EVENT_OTHER);
  assert_field(AXIGEN_FIELD_MESSAGE, NULL);
}

Test(scanner, line_terminator_is_not_part_of_the_message)
{
  cr_assert(scan(NATIVE_PREFIX "IMAP:000056A7: Closing connection from [5.6.7.8:993]\r\n"));

  assert_field(AXIGEN_FIELD_MESSAGE, "Closing connection from [5.6.7.8:993]");
  assert_field(AXIGEN_FIELD_CLIENT_PORT, "993");
}

Test(scanner, input_is_not_read_when_its_length_is_zero)
{
  cr_assert_not(axigen_scan_line(NULL, 0, &scanned));
  cr_assert_not(axigen_scan_line("IMAP:1: x", 0, &scanned));
}

/* ---- message shapes ----------------------------------------------------- */

typedef struct
{
  const char *service;
  const char *message;
  AxigenEvent event;
  /* the expected value of each field after the event; NULL: absent */
  const char *fields[AXIGEN_FIELD_MAX];
} ShapeCase;

static const ShapeCase shape_cases[] =
{
  {
    "IMAP", "[192.168.1.100:143] connection accepted from [55.55.55.55:52339]", AXIGEN_EVENT_CONNECT,
    {
      [AXIGEN_FIELD_LOCAL_IP] = "192.168.1.100", [AXIGEN_FIELD_LOCAL_PORT] = "143",
      [AXIGEN_FIELD_CLIENT_IP] = "55.55.55.55", [AXIGEN_FIELD_CLIENT_PORT] = "52339",
    }
  },
  {
    "SMTP-IN", "[192.168.1.100:587] connection accepted from [2001:2002:1::7:64071]", AXIGEN_EVENT_CONNECT,
    {
      [AXIGEN_FIELD_LOCAL_IP] = "192.168.1.100", [AXIGEN_FIELD_LOCAL_PORT] = "587",
      [AXIGEN_FIELD_CLIENT_IP] = "2001:2002:1::7", [AXIGEN_FIELD_CLIENT_PORT] = "64071",
    }
  },
  {
    "IMAP", "[[2001:db8::25]:143] connection accepted from [[2001:db8::1]:52339]", AXIGEN_EVENT_CONNECT,
    {
      [AXIGEN_FIELD_LOCAL_IP] = "2001:db8::25", [AXIGEN_FIELD_LOCAL_PORT] = "143",
      [AXIGEN_FIELD_CLIENT_IP] = "2001:db8::1", [AXIGEN_FIELD_CLIENT_PORT] = "52339",
    }
  },
  {
    "IMAP", "[2001:db8::25]:143 connection accepted from [2001:db8::1]:52339", AXIGEN_EVENT_CONNECT,
    {
      [AXIGEN_FIELD_LOCAL_IP] = "2001:db8::25", [AXIGEN_FIELD_LOCAL_PORT] = "143",
      [AXIGEN_FIELD_CLIENT_IP] = "2001:db8::1", [AXIGEN_FIELD_CLIENT_PORT] = "52339",
    }
  },
  {
    "SMTP-IN", "closing session from [44.44.44.44:51979]", AXIGEN_EVENT_DISCONNECT,
    { [AXIGEN_FIELD_CLIENT_IP] = "44.44.44.44", [AXIGEN_FIELD_CLIENT_PORT] = "51979" }
  },
  {
    "POP3", "Closing connection from [55.55.55.55:58221]", AXIGEN_EVENT_DISCONNECT,
    { [AXIGEN_FIELD_CLIENT_IP] = "55.55.55.55", [AXIGEN_FIELD_CLIENT_PORT] = "58221" }
  },
  {
    "WEBMAIL", "Remote address updated from '192.0.2.254' to '198.51.100.40'", AXIGEN_EVENT_CLIENT_UPDATE,
    { [AXIGEN_FIELD_PROXY_IP] = "192.0.2.254", [AXIGEN_FIELD_CLIENT_IP] = "198.51.100.40" }
  },
  {
    "WEBMAIL", "Remote address updated from '10.0.0.5' to '2001:db8::1:8584'", AXIGEN_EVENT_CLIENT_UPDATE,
    { [AXIGEN_FIELD_PROXY_IP] = "10.0.0.5", [AXIGEN_FIELD_CLIENT_IP] = "2001:db8::1:8584" }
  },
  {
    "SMTP-IN", "SSL alert remote 203.0.113.21:45678, error:0A000102:SSL routines::unsupported protocol",
    AXIGEN_EVENT_TLS_ALERT,
    {
      [AXIGEN_FIELD_CLIENT_IP] = "203.0.113.21", [AXIGEN_FIELD_CLIENT_PORT] = "45678",
      [AXIGEN_FIELD_REASON] = "error:0A000102:SSL routines::unsupported protocol",
    }
  },
  {
    "IMAP", "SSL alert remote [2001:db8::1]:45678, handshake failure", AXIGEN_EVENT_TLS_ALERT,
    {
      [AXIGEN_FIELD_CLIENT_IP] = "2001:db8::1", [AXIGEN_FIELD_CLIENT_PORT] = "45678",
      [AXIGEN_FIELD_REASON] = "handshake failure",
    }
  },
  {
    "IMAP", "User [exists@domain.com] successfully authorized!", AXIGEN_EVENT_LOGIN,
    { [AXIGEN_FIELD_OUTCOME] = "success", [AXIGEN_FIELD_USER] = "exists@domain.com" }
  },
  {
    "IMAP", "User [] successfully authorized!", AXIGEN_EVENT_LOGIN,
    { [AXIGEN_FIELD_OUTCOME] = "success" }
  },
  {
    "SMTP-IN", "Authentication error for user 'exists@domain.com': Invalid password", AXIGEN_EVENT_LOGIN,
    {
      [AXIGEN_FIELD_OUTCOME] = "failure", [AXIGEN_FIELD_USER] = "exists@domain.com",
      [AXIGEN_FIELD_REASON] = "Invalid password",
    }
  },
  {
    "POP3", "Authentication error for user 'notexists@domain.com': Account not found locally", AXIGEN_EVENT_LOGIN,
    {
      [AXIGEN_FIELD_OUTCOME] = "failure", [AXIGEN_FIELD_USER] = "notexists@domain.com",
      [AXIGEN_FIELD_REASON] = "Account not found locally",
    }
  },
  {
    "IMAP", "Authentication error for user '': Invalid password", AXIGEN_EVENT_LOGIN,
    { [AXIGEN_FIELD_OUTCOME] = "failure", [AXIGEN_FIELD_REASON] = "Invalid password" }
  },
  {
    "WEBMAIL", "Account 'user@example.com' has logged in", AXIGEN_EVENT_LOGIN,
    { [AXIGEN_FIELD_OUTCOME] = "success", [AXIGEN_FIELD_USER] = "user@example.com" }
  },
  {
    "WEBMAIL", "<5a136461ad53e450303879b7e4c1c0b0> Account 'user@example.com' has logged in", AXIGEN_EVENT_LOGIN,
    {
      [AXIGEN_FIELD_OUTCOME] = "success", [AXIGEN_FIELD_USER] = "user@example.com",
      [AXIGEN_FIELD_WEB_SESSION] = "5a136461ad53e450303879b7e4c1c0b0",
    }
  },
  {
    "WEBMAIL", "<e9cb0eb53f16947ccf25ec84d8dbc742> POST /api/v1/login/cookie HTTP/1.1 u=anna@example.de code=200 time=6",
    AXIGEN_EVENT_LOGIN,
    {
      [AXIGEN_FIELD_OUTCOME] = "success", [AXIGEN_FIELD_USER] = "anna@example.de",
      [AXIGEN_FIELD_HTTP_STATUS] = "200", [AXIGEN_FIELD_WEB_SESSION] = "e9cb0eb53f16947ccf25ec84d8dbc742",
      [AXIGEN_FIELD_DURATION_MS] = "6",
    }
  },
  {
    "WEBMAIL", "<> POST /api/v1/login/cookie HTTP/1.1 u= code=401 time=288", AXIGEN_EVENT_LOGIN,
    { [AXIGEN_FIELD_OUTCOME] = "failure", [AXIGEN_FIELD_HTTP_STATUS] = "401", [AXIGEN_FIELD_DURATION_MS] = "288" }
  },
  {
    "WEBMAIL", "<e9cb0eb5> POST /api/v1/login/cookie HTTP/1.1 u=anna@example.de code=401 time=12", AXIGEN_EVENT_LOGIN,
    {
      [AXIGEN_FIELD_OUTCOME] = "failure", [AXIGEN_FIELD_USER] = "anna@example.de",
      [AXIGEN_FIELD_HTTP_STATUS] = "401", [AXIGEN_FIELD_WEB_SESSION] = "e9cb0eb5",
      [AXIGEN_FIELD_DURATION_MS] = "12",
    }
  },
  {
    "SMTP-IN", "SPF result for EHLO domain <mx.example.test> connected from <203.0.113.40>: Pass", AXIGEN_EVENT_SPF,
    {
      [AXIGEN_FIELD_SPF_RESULT] = "Pass", [AXIGEN_FIELD_HELO] = "mx.example.test",
      [AXIGEN_FIELD_CLIENT_IP] = "203.0.113.40",
    }
  },
  {
    "SMTP-IN", "SPF result for MAIL FROM <a@b.example> issued from EHLO domain <mx.b.example> connected from "
    "<10.10.10.110>: SoftFail (spfHeader = 'x'; spfExplanation = 'null')", AXIGEN_EVENT_SPF,
    {
      [AXIGEN_FIELD_SPF_RESULT] = "SoftFail", [AXIGEN_FIELD_HELO] = "mx.b.example",
      [AXIGEN_FIELD_MAIL_FROM] = "a@b.example", [AXIGEN_FIELD_CLIENT_IP] = "10.10.10.110",
    }
  },
  {
    "SMTP-IN", "SPF result for MAIL FROM <> issued from EHLO domain <mx.b.example> connected from <2001:db8::5>: None",
    AXIGEN_EVENT_SPF,
    {
      [AXIGEN_FIELD_SPF_RESULT] = "None", [AXIGEN_FIELD_HELO] = "mx.b.example",
      [AXIGEN_FIELD_CLIENT_IP] = "2001:db8::5",
    }
  },
  {
    "SMTP-IN", "New mail <MSGID@host> received from host.example (10.10.10.110) with envelope from <a@b.example>, "
    "recipients=1 (c@d.example), size=2210, enqueued with id 2C2605", AXIGEN_EVENT_MAIL_RECEIVED,
    {
      [AXIGEN_FIELD_MESSAGE_ID] = "MSGID@host", [AXIGEN_FIELD_CLIENT_HOST] = "host.example",
      [AXIGEN_FIELD_CLIENT_IP] = "10.10.10.110", [AXIGEN_FIELD_MAIL_FROM] = "a@b.example",
      [AXIGEN_FIELD_RECIPIENTS] = "1", [AXIGEN_FIELD_RCPT] = "c@d.example", [AXIGEN_FIELD_SIZE] = "2210",
      [AXIGEN_FIELD_QUEUE_ID] = "2C2605",
    }
  },
  {
    "PROCESSING", "Set recipient <c@d.example> state to RECEIVED", AXIGEN_EVENT_RECIPIENT_STATE,
    { [AXIGEN_FIELD_RCPT] = "c@d.example", [AXIGEN_FIELD_STATE] = "RECEIVED" }
  },
  {
    "PROCESSING", "Set recipient <c@d.example> state to PROCESSED - LOCAL", AXIGEN_EVENT_RECIPIENT_STATE,
    { [AXIGEN_FIELD_RCPT] = "c@d.example", [AXIGEN_FIELD_STATE] = "PROCESSED - LOCAL" }
  },
  {
    "PROCESSING", "Mail delivered to mailbox 'INBOX' of <c@d.example> with id 6", AXIGEN_EVENT_DELIVERED,
    { [AXIGEN_FIELD_MAILBOX] = "INBOX", [AXIGEN_FIELD_RCPT] = "c@d.example" }
  },
  {
    "PROCESSING", "Start filter wmFilter of type script filter from domain object <c@d.example>", AXIGEN_EVENT_FILTER,
    { [AXIGEN_FIELD_RCPT] = "c@d.example" }
  },
  {
    "PROCESSING", "wmFilter of type script filter from domain object <c@d.example> (@7) [WM_Blacklist_Check]: "
    "Email address <a@b.example> not found in black list", AXIGEN_EVENT_FILTER,
    { [AXIGEN_FIELD_RCPT] = "c@d.example" }
  },
  {
    "PROCESSING", "Finished filtering mail object 2C2605 with filter: wmFilter of type script filter from domain "
    "object <c@d.example>", AXIGEN_EVENT_FILTER,
    { [AXIGEN_FIELD_RCPT] = "c@d.example" }
  },
  {
    "PROCESSING", "Finished filtering mail object 2C2605", AXIGEN_EVENT_FILTER, { 0 }
  },
  {
    "WEBMAIL", "<5a136461ad53e450303879b7e4c1c0b0> GET /api/v1/conversations?folderId=71_16777247&limit=50 HTTP/1.1 "
    "u=user@example.com code=200 time=8", AXIGEN_EVENT_HTTP_REQUEST,
    {
      [AXIGEN_FIELD_WEB_SESSION] = "5a136461ad53e450303879b7e4c1c0b0", [AXIGEN_FIELD_HTTP_METHOD] = "GET",
      [AXIGEN_FIELD_HTTP_PATH] = "/api/v1/conversations?folderId=71_16777247&limit=50",
      [AXIGEN_FIELD_USER] = "user@example.com", [AXIGEN_FIELD_HTTP_STATUS] = "200",
      [AXIGEN_FIELD_DURATION_MS] = "8",
    }
  },
  {
    "MAILBOXAPI", "<5a136461> DELETE /api/v1/messages/12 HTTP/1.1 u= code=404 time=1", AXIGEN_EVENT_HTTP_REQUEST,
    {
      [AXIGEN_FIELD_WEB_SESSION] = "5a136461", [AXIGEN_FIELD_HTTP_METHOD] = "DELETE",
      [AXIGEN_FIELD_HTTP_PATH] = "/api/v1/messages/12", [AXIGEN_FIELD_HTTP_STATUS] = "404",
      [AXIGEN_FIELD_DURATION_MS] = "1",
    }
  },
  {
    "MAILBOXAPI", "GET /api/v1/folders HTTP/1.1 u=user@example.com code=200 time=3", AXIGEN_EVENT_HTTP_REQUEST,
    {
      [AXIGEN_FIELD_HTTP_METHOD] = "GET", [AXIGEN_FIELD_HTTP_PATH] = "/api/v1/folders",
      [AXIGEN_FIELD_USER] = "user@example.com", [AXIGEN_FIELD_HTTP_STATUS] = "200",
      [AXIGEN_FIELD_DURATION_MS] = "3",
    }
  },
  {
    "WEBMAIL", "<5a136461ad53e450303879b7e4c1c0b0> BEGIN [id=02396|GET api/v1/conversations|u=user@example.com]",
    AXIGEN_EVENT_HTTP_REQUEST,
    {
      [AXIGEN_FIELD_WEB_SESSION] = "5a136461ad53e450303879b7e4c1c0b0", [AXIGEN_FIELD_HTTP_METHOD] = "GET",
      [AXIGEN_FIELD_HTTP_PATH] = "api/v1/conversations", [AXIGEN_FIELD_USER] = "user@example.com",
    }
  },
  {
    "WEBMAIL", "<5a136461ad53e450303879b7e4c1c0b0> END [id=02396|GET api/v1/conversations|u=user@example.com|code=200|time=7]",
    AXIGEN_EVENT_HTTP_REQUEST,
    {
      [AXIGEN_FIELD_WEB_SESSION] = "5a136461ad53e450303879b7e4c1c0b0", [AXIGEN_FIELD_HTTP_METHOD] = "GET",
      [AXIGEN_FIELD_HTTP_PATH] = "api/v1/conversations", [AXIGEN_FIELD_USER] = "user@example.com",
      [AXIGEN_FIELD_HTTP_STATUS] = "200", [AXIGEN_FIELD_DURATION_MS] = "7",
    }
  },
  {
    "IMAP", "<< A0001 CAPABILITY", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "in", [AXIGEN_FIELD_COMMAND] = "CAPABILITY" }
  },
  {
    "IMAP", ">> * CAPABILITY IMAP4rev1 AUTH=PLAIN", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "out", [AXIGEN_FIELD_COMMAND] = "CAPABILITY" }
  },
  {
    "IMAP", ">> A0001 OK CAPABILITY completed", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "out", [AXIGEN_FIELD_COMMAND] = "OK" }
  },
  {
    "SMTP-IN", "<< EHLO host.example.com", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "in", [AXIGEN_FIELD_COMMAND] = "EHLO" }
  },
  {
    "SMTP-IN", "<< MAIL FROM: remote_user@example.com", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "in", [AXIGEN_FIELD_COMMAND] = "MAIL" }
  },
  {
    "SMTP-IN", ">> 220 mail.example.com Axigen ESMTP ready", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "out", [AXIGEN_FIELD_COMMAND] = "220" }
  },
  {
    "SMTP-IN", ">> 250-mail.example.com", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "out", [AXIGEN_FIELD_COMMAND] = "250" }
  },
  {
    "SMTP-IN", ">> 535 Authentication failed", AXIGEN_EVENT_PROTOCOL,
    { [AXIGEN_FIELD_DIRECTION] = "out", [AXIGEN_FIELD_COMMAND] = "535" }
  },
  {
    "POP3", "<<", AXIGEN_EVENT_PROTOCOL, { [AXIGEN_FIELD_DIRECTION] = "in" }
  },
  {
    "SECURITY", "OP_FAIL login ip=192.0.2.7 user=bob@x.example", AXIGEN_EVENT_SECURITY,
    { [AXIGEN_FIELD_OP] = "OP_FAIL", [AXIGEN_FIELD_CLIENT_IP] = "192.0.2.7", [AXIGEN_FIELD_USER] = "bob@x.example" }
  },
  {
    "SECURITY", "[192.0.2.7:4433] <bob@x.example> OP_AUTH_FAILED", AXIGEN_EVENT_SECURITY,
    {
      [AXIGEN_FIELD_OP] = "OP_AUTH_FAILED", [AXIGEN_FIELD_CLIENT_IP] = "192.0.2.7",
      [AXIGEN_FIELD_CLIENT_PORT] = "4433", [AXIGEN_FIELD_USER] = "bob@x.example",
    }
  },
  {
    "IMAP", "login 'bob@x.example' from 2001:db8::9 result OP_OK", AXIGEN_EVENT_SECURITY,
    { [AXIGEN_FIELD_OP] = "OP_OK", [AXIGEN_FIELD_CLIENT_IP] = "2001:db8::9", [AXIGEN_FIELD_USER] = "bob@x.example" }
  },
  {
    "IMAP", "result NOOP_OK is no operation token", AXIGEN_EVENT_OTHER, { 0 }
  },
  {
    "IMAP", "User [x] logged out", AXIGEN_EVENT_OTHER, { 0 }
  },
  {
    "SMTP-IN", "Closing the door", AXIGEN_EVENT_OTHER, { 0 }
  },
  {
    "SMTP-IN", "[1.2.3.4:25] something else", AXIGEN_EVENT_OTHER, { 0 }
  },
  {
    "WEBMAIL", "<abc def> GET /x HTTP/1.1", AXIGEN_EVENT_OTHER, { 0 }
  },
  {
    "WEBMAIL", "<abc> hello there", AXIGEN_EVENT_OTHER, { 0 }
  },
};

PARAMETERS_FROM_TABLE(scanner, message_shape_gives_its_event_and_only_its_fields, shape_cases)

ParameterizedTest(size_t *index, scanner, message_shape_gives_its_event_and_only_its_fields)
{
  const ShapeCase *shape = &shape_cases[*index];
  cr_assert(scan_native_message(shape->service, shape->message), "'%s' should scan", shape->message);

  assert_event(shape->event);
  assert_field(AXIGEN_FIELD_MESSAGE, shape->message);
  for (AxigenField field = AXIGEN_FIELD_EVENT + 1; field < AXIGEN_FIELD_MAX; field++)
    assert_field(field, shape->fields[field]);
}

Test(scanner, connect_line_gives_local_and_client_address)
{
  cr_assert(scan(NATIVE_PREFIX "IMAP:000056A7: [192.168.1.100:143] connection accepted from [55.55.55.55:52339]"));

  assert_event(AXIGEN_EVENT_CONNECT);
  assert_field(AXIGEN_FIELD_LOCAL_IP, "192.168.1.100");
  assert_field(AXIGEN_FIELD_LOCAL_PORT, "143");
  assert_field(AXIGEN_FIELD_CLIENT_IP, "55.55.55.55");
  assert_field(AXIGEN_FIELD_CLIENT_PORT, "52339");
}

typedef struct
{
  const char *address;
  const char *client_ip;
  const char *client_port;
} AddressCase;

static const AddressCase address_cases[] =
{
  { "[999.1.1.1:99999]", NULL, NULL },
  { "[999.1.1.1:25]", NULL, NULL },
  { "[1.2.3.4:99999]", "1.2.3.4", NULL },
  { "[1.2.3.4:65536]", "1.2.3.4", NULL },
  { "[1.2.3.4:65535]", "1.2.3.4", "65535" },
  { "[1.2.3.4:0]", "1.2.3.4", "0" },
  { "[1.2.3.4:abc]", "1.2.3.4", NULL },
  { "[1.2.3.4:]", "1.2.3.4", NULL },
  { "[1.2.3.4]", "1.2.3.4", NULL },
  { "[01.2.3.4:25]", NULL, NULL },
  { "[1.2.3:25]", NULL, NULL },
  { "[1.2.3.4.5:25]", NULL, NULL },
  { "[::gg:1:25]", NULL, NULL },
  { "[2001:db8::1]", "2001:db8::1", NULL },
  { "[[2001:db8::1]:99999]", "2001:db8::1", NULL },
  { "[[not-an-ip]:25]", NULL, NULL },
  { "[]", NULL, NULL },
  { "[:25]", NULL, NULL },
  { "[1.2.3.4:25", NULL, NULL },
  { "garbage", NULL, NULL },
  { "", NULL, NULL },
};

PARAMETERS_FROM_TABLE(scanner, impossible_address_or_port_is_left_out_of_a_connect_line, address_cases)

ParameterizedTest(size_t *index, scanner, impossible_address_or_port_is_left_out_of_a_connect_line)
{
  const AddressCase *address_case = &address_cases[*index];
  char message[256];
  snprintf(message, sizeof(message), "[192.168.1.100:143] connection accepted from %s", address_case->address);

  cr_assert(scan_native_message("IMAP", message));
  assert_event(AXIGEN_EVENT_CONNECT);
  assert_field(AXIGEN_FIELD_LOCAL_IP, "192.168.1.100");
  assert_field(AXIGEN_FIELD_CLIENT_IP, address_case->client_ip);
  assert_field(AXIGEN_FIELD_CLIENT_PORT, address_case->client_port);
}

Test(scanner, webmail_login_with_empty_token_and_user_has_no_web_session_or_user)
{
  cr_assert(scan_native_message("WEBMAIL", "<> POST /api/v1/login/cookie HTTP/1.1 u= code=401 time=288"));

  assert_event(AXIGEN_EVENT_LOGIN);
  assert_field(AXIGEN_FIELD_OUTCOME, "failure");
  assert_field(AXIGEN_FIELD_WEB_SESSION, NULL);
  assert_field(AXIGEN_FIELD_USER, NULL);
}

Test(scanner, webmail_login_without_a_code_has_no_outcome)
{
  cr_assert(scan_native_message("WEBMAIL", "<abc> POST /api/v1/login/cookie HTTP/1.1 u=a@b.example"));

  assert_event(AXIGEN_EVENT_LOGIN);
  assert_field(AXIGEN_FIELD_OUTCOME, NULL);
  assert_field(AXIGEN_FIELD_USER, "a@b.example");
}

Test(scanner, number_that_is_not_all_digits_is_left_out)
{
  cr_assert(scan_native_message("WEBMAIL", "<abc> GET /x HTTP/1.1 u=a code=2OO time=12345678901234567890"));

  assert_event(AXIGEN_EVENT_HTTP_REQUEST);
  assert_field(AXIGEN_FIELD_HTTP_STATUS, NULL);
  assert_field(AXIGEN_FIELD_DURATION_MS, NULL);
}

/* ---- hostile input ------------------------------------------------------ */

static const char *valid_lines[] =
{
  "2020-08-03 06:00:03 +0100 08 mx1 WEBMAIL:00000031: [192.168.1.100:443] connection accepted from [10.0.0.5:34575]",
  "2020-08-03 06:00:10 +0100 08 mx1 SMTP-IN:00004C01: [192.168.1.100:587] connection accepted from [[2001:2002:1::7]:64071]",
  "2020-08-03 06:00:05 +0100 08 mx1 WEBMAIL:00000031: Remote address updated from '10.0.0.5' to '85.214.132.117'",
  "2020-08-03 06:00:10 +0100 08 mx1 WEBMAIL:00000031: <> POST /api/v1/login/cookie HTTP/1.1 u= code=401 time=288",
  "2020-08-03 06:00:15 +0100 08 mx1 SMTP-IN:00004C04: SPF result for MAIL FROM <billing@vendor.example> issued from "
  "EHLO domain <vendor.example> connected from <78.67.20.30>: Pass (spfHeader = 'x'; spfExplanation = 'null')",
  "2020-08-03 06:00:21 +0100 08 mx1 SMTP-IN:00004C04: New mail <382122033.37@vendor.example> received from "
  "vendor.example (78.67.20.30) with envelope from <billing@vendor.example>, recipients=1 (frank@example.de), "
  "size=24800, enqueued with id 2C2615",
  "2020-08-03 06:00:24 +0100 02 mx1 SMTP-IN:00004C01: Authentication error for user 'doris@example.de': Invalid password",
  "2020-08-03 06:00:31 +0100 08 mx1 PROCESSING:002C2615: Mail delivered to mailbox 'INBOX' of <frank@example.de> with id 1663",
  "2020-08-03 06:00:51 +0100 08 mx1 WEBMAIL:00000034: <e9cb0eb53f16947ccf25ec84d8dbc742> END "
  "[id=02396|GET api/v1/conversations|u=anna@example.de|code=200|time=7]",
  "2020-08-03 06:00:16 +0100 16 mx1 IMAP:00005602: << A0001 CAPABILITY",
  "2020-08-03 06:00:16 +0100 08 mx1 SMTP-IN:00005602: SSL alert remote 203.0.113.21:45678, error:0A000102",
  "<22>Aug  3 06:00:03 mx1 axigen: SECURITY:0001: [192.0.2.7:4433] user='bob' OP_AUTH_FAILED",
  "PROCESSING:002C2605: wmFilter of type script filter from domain object <c@d.example> (@7) [WM_Blacklist_Check]",
};

PARAMETERS_FROM_TABLE(scanner, every_prefix_of_a_valid_line_is_rejected_or_scanned_within_it, valid_lines)

ParameterizedTest(size_t *index, scanner, every_prefix_of_a_valid_line_is_rejected_or_scanned_within_it)
{
  const char **line = &valid_lines[*index];
  size_t len = strlen(*line);

  cr_assert(scan(*line), "the whole line should scan: %s", *line);
  for (size_t prefix_len = 0; prefix_len <= len; prefix_len++)
    {
      if (scan_bytes(*line, prefix_len))
        assert_spans_are_sane(scanned_copy, prefix_len);
    }
}

Test(scanner, line_over_64_kib_scans_with_its_whole_message)
{
  size_t reason_len = 100 * 1024;
  const char *head = NATIVE_PREFIX "SMTP-IN:00004C01: Authentication error for user 'a@b.example': ";
  size_t len = strlen(head) + reason_len;
  char *text = malloc(len);
  cr_assert_not_null(text);
  memcpy(text, head, strlen(head));
  memset(text + strlen(head), 'x', reason_len);

  bool scanned_ok = scan_bytes(text, len);
  free(text);

  cr_assert(scanned_ok);
  assert_event(AXIGEN_EVENT_LOGIN);
  assert_field(AXIGEN_FIELD_USER, "a@b.example");
  cr_assert_eq(scanned.fields[AXIGEN_FIELD_REASON].len, reason_len);
  cr_assert_eq(scanned.fields[AXIGEN_FIELD_MESSAGE].len, len - strlen(NATIVE_PREFIX "SMTP-IN:00004C01: "));
}

Test(scanner, nul_byte_in_the_message_is_kept_as_a_byte)
{
  static const char text[] = NATIVE_PREFIX "IMAP:000056A7: User [a\0b@c.example] successfully authorized!";

  cr_assert(scan_bytes(text, sizeof(text) - 1));
  assert_event(AXIGEN_EVENT_LOGIN);
  cr_assert_eq(scanned.fields[AXIGEN_FIELD_USER].len, 13);
  cr_assert(memcmp(scanned.fields[AXIGEN_FIELD_USER].ptr, "a\0b@c.example", 13) == 0);
}

Test(scanner, nul_byte_in_the_header_rejects_the_line)
{
  static const char text[] = "2021-03-14 18:08:05 +0100 0\0 mx1 IMAP:000056A7: x";

  cr_assert_not(scan_bytes(text, sizeof(text) - 1));
}

Test(scanner, nul_byte_in_an_address_leaves_the_address_out)
{
  static const char text[] = NATIVE_PREFIX "IMAP:000056A7: Closing connection from [::1\0:993]";

  cr_assert(scan_bytes(text, sizeof(text) - 1));
  assert_event(AXIGEN_EVENT_DISCONNECT);
  assert_field(AXIGEN_FIELD_CLIENT_IP, NULL);
  assert_field(AXIGEN_FIELD_CLIENT_PORT, NULL);
}

Test(scanner, invalid_utf8_in_the_user_is_kept_as_bytes)
{
  cr_assert(scan(NATIVE_PREFIX "IMAP:000056A7: User [\xff\xfe\xc3(@x.example] successfully authorized!"));

  assert_event(AXIGEN_EVENT_LOGIN);
  assert_field(AXIGEN_FIELD_USER, "\xff\xfe\xc3(@x.example");
}

Test(scanner, every_single_byte_is_handled)
{
  for (int c = 0; c < 256; c++)
    {
      char text[] = NATIVE_PREFIX "IMAP:000056A7: ? [1.2.3.4:5]";
      text[sizeof(NATIVE_PREFIX "IMAP:000056A7: ") - 1] = (char) c;

      cr_assert(scan_bytes(text, sizeof(text) - 1), "byte %d", c);
      assert_spans_are_sane(scanned_copy, scanned_copy_len);
    }
}

/* ---- names and types ---------------------------------------------------- */

Test(scanner, field_names_are_the_lower_case_enum_names)
{
  static const char *names[AXIGEN_FIELD_MAX] =
  {
    "host", "service", "session", "level", "severity", "message", "event", "local_ip", "local_port",
    "client_ip", "client_port", "proxy_ip", "outcome", "user", "reason", "http_status", "web_session",
    "http_method", "http_path", "duration_ms", "spf_result", "helo", "mail_from", "message_id",
    "client_host", "recipients", "rcpt", "size", "queue_id", "state", "mailbox", "direction", "command", "op",
  };

  for (AxigenField field = 0; field < AXIGEN_FIELD_MAX; field++)
    cr_assert_str_eq(axigen_field_name(field), names[field]);
  cr_assert_null(axigen_field_name(AXIGEN_FIELD_MAX));
}

Test(scanner, event_names_are_the_lower_case_enum_names)
{
  static const char *names[AXIGEN_EVENT_MAX] =
  {
    "other", "connect", "disconnect", "client_update", "tls_alert", "login", "spf", "mail_received",
    "recipient_state", "delivered", "filter", "http_request", "protocol", "security",
  };

  for (AxigenEvent event = 0; event < AXIGEN_EVENT_MAX; event++)
    cr_assert_str_eq(axigen_event_name(event), names[event]);
  cr_assert_null(axigen_event_name(AXIGEN_EVENT_MAX));
}

Test(scanner, ports_and_counts_are_the_integer_fields)
{
  for (AxigenField field = 0; field < AXIGEN_FIELD_MAX; field++)
    {
      bool integer = field == AXIGEN_FIELD_LOCAL_PORT || field == AXIGEN_FIELD_CLIENT_PORT
                     || field == AXIGEN_FIELD_HTTP_STATUS || field == AXIGEN_FIELD_DURATION_MS
                     || field == AXIGEN_FIELD_RECIPIENTS || field == AXIGEN_FIELD_SIZE;
      cr_assert_eq(axigen_field_type(field), integer ? AXIGEN_TYPE_INTEGER : AXIGEN_TYPE_STRING,
                   "type of %s", axigen_field_name(field));
    }
}

/* ---- the sample day against its truth ----------------------------------- */

#define TRUTH_KEYS_MAX 32

typedef struct
{
  char keys[TRUTH_KEYS_MAX][64];
  char values[TRUTH_KEYS_MAX][512];
  int count;
} TruthLine;

/* tests/unit/../data, next to this source */
static void
source_data_path(const char *name, char *path, size_t path_size)
{
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s", __FILE__);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  else
    snprintf(dir, sizeof(dir), ".");
  snprintf(path, path_size, "%s/../data/%s", dir, name);
}

/* from $AXIGEN_TEST_DATA (set by ctest), else from the source tree */
static FILE *
open_test_data(const char *name)
{
  char path[4200] = "";
  const char *data_dir = getenv("AXIGEN_TEST_DATA");
  FILE *file = NULL;

  if (data_dir && *data_dir)
    {
      snprintf(path, sizeof(path), "%s/%s", data_dir, name);
      file = fopen(path, "r");
    }
  if (!file)
    {
      source_data_path(name, path, sizeof(path));
      file = fopen(path, "r");
    }
  cr_assert_not_null(file, "cannot open %s (nor $AXIGEN_TEST_DATA/%s)", path, name);
  return file;
}

/* a JSON string at *p, with the simple escapes; false when malformed */
static bool
parse_json_string(const char **p, char *out, size_t out_size)
{
  const char *s = *p;
  size_t n = 0;

  if (*s != '"')
    return false;
  for (s++; *s && *s != '"'; s++)
    {
      char c = *s;
      if (c == '\\')
        {
          s++;
          switch (*s)
            {
            case 'n':
              c = '\n';
              break;
            case 't':
              c = '\t';
              break;
            case '"':
            case '\\':
            case '/':
              c = *s;
              break;
            default:
              return false;
            }
        }
      if (n + 1 >= out_size)
        return false;
      out[n++] = c;
    }
  if (*s != '"')
    return false;
  out[n] = '\0';
  *p = s + 1;
  return true;
}

static const char *
skip_json_space(const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* a flat {"key": "value", ...} object of strings */
static bool
parse_truth_line(const char *text, TruthLine *truth)
{
  const char *p = skip_json_space(text);

  truth->count = 0;
  if (*p++ != '{')
    return false;
  p = skip_json_space(p);
  if (*p == '}')
    return true;
  while (truth->count < TRUTH_KEYS_MAX)
    {
      p = skip_json_space(p);
      if (!parse_json_string(&p, truth->keys[truth->count], sizeof(truth->keys[0])))
        return false;
      p = skip_json_space(p);
      if (*p++ != ':')
        return false;
      p = skip_json_space(p);
      if (!parse_json_string(&p, truth->values[truth->count], sizeof(truth->values[0])))
        return false;
      truth->count++;
      p = skip_json_space(p);
      if (*p == '}')
        return true;
      if (*p++ != ',')
        return false;
    }
  return false;
}

static const char *
truth_value(const TruthLine *truth, const char *key)
{
  for (int i = 0; i < truth->count; i++)
    {
      if (strcmp(truth->keys[i], key) == 0)
        return truth->values[i];
    }
  return NULL;
}

static bool
field_by_name(const char *name, AxigenField *field)
{
  for (AxigenField f = 0; f < AXIGEN_FIELD_MAX; f++)
    {
      if (strcmp(axigen_field_name(f), name) == 0)
        {
          *field = f;
          return true;
        }
    }
  return false;
}

/* The events whose own text names the client address.  On every other line
 * the truth's client address comes from the parser's session table, which
 * is not the scanner's business. */
static bool
event_names_its_client(const char *event)
{
  static const char *events[] = { "connect", "disconnect", "client_update", "tls_alert", "spf", "mail_received", "security" };

  for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
    {
      if (event && strcmp(event, events[i]) == 0)
        return true;
    }
  return false;
}

/* the number of keys of this line that disagree with the truth, each logged */
static int
count_disagreements(int line_number, const char *text, size_t len, const TruthLine *truth)
{
  int disagreements = 0;
  bool ok = scan_bytes(text, len);

  if (truth_value(truth, "_unparsed"))
    {
      if (ok)
        cr_log_error("line %d: should not scan", line_number);
      return ok ? 1 : 0;
    }
  if (!ok)
    {
      cr_log_error("line %d: does not scan", line_number);
      return 1;
    }

  bool own_client = event_names_its_client(truth_value(truth, "event"));
  for (int i = 0; i < truth->count; i++)
    {
      const char *key = truth->keys[i];
      const char *expected = truth->values[i];
      AxigenField field;

      if (!field_by_name(key, &field))
        {
          cr_log_error("line %d: the truth has an unknown key %s", line_number, key);
          disagreements++;
          continue;
        }
      if ((field == AXIGEN_FIELD_CLIENT_IP || field == AXIGEN_FIELD_CLIENT_PORT) && !own_client)
        expected = NULL;

      AxigenSpan span = scanned.fields[field];
      bool same = expected ? span.ptr && span.len == strlen(expected) && memcmp(span.ptr, expected, span.len) == 0
                  : span.ptr == NULL;
      if (!same)
        {
          cr_log_error("line %d: %s is '%.*s', the truth says '%s'", line_number, key, (int) span.len,
                       span.ptr ? span.ptr : "", expected ? expected : "(absent)");
          disagreements++;
        }
    }
  return disagreements;
}

Test(scanner, sample_day_agrees_with_its_truth_on_the_fields_the_scanner_decides)
{
  FILE *lines = open_test_data("everything.txt");
  FILE *truths = open_test_data("everything.truth.jsonl");
  static char text[70000];
  static char truth_text[70000];
  static TruthLine truth;
  int line_number = 0;
  int disagreements = 0;

  while (fgets(text, sizeof(text), lines))
    {
      line_number++;
      cr_assert_not_null(fgets(truth_text, sizeof(truth_text), truths), "the truth ends before line %d", line_number);
      cr_assert(parse_truth_line(truth_text, &truth), "truth line %d is not a flat JSON object", line_number);

      size_t len = strlen(text);
      while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
      disagreements += count_disagreements(line_number, text, len, &truth);
    }
  cr_assert_null(fgets(truth_text, sizeof(truth_text), truths), "the truth has more lines than the sample");
  fclose(lines);
  fclose(truths);

  cr_assert_gt(line_number, 0, "the sample is empty");
  cr_assert_eq(disagreements, 0, "%d disagreements with the truth over %d lines", disagreements, line_number);
}

/* ---- the address helpers ------------------------------------------------ */

static void
assert_span(AxigenSpan span, const char *expected)
{
  if (!expected)
    {
      cr_assert_null(span.ptr, "should be absent, is '%.*s'", (int) span.len, span.ptr);
      return;
    }
  cr_assert(span.ptr && span.len == strlen(expected) && memcmp(span.ptr, expected, span.len) == 0,
            "should be '%s', is '%.*s'", expected, (int) span.len, span.ptr ? span.ptr : "");
}

typedef struct
{
  const char *text;
  bool found;
  const char *ip;
  const char *port;
} SplitCase;

static const SplitCase split_cases[] =
{
  { "1.2.3.4:25", true, "1.2.3.4", "25" },
  { "2001:db8::7:64071", true, "2001:db8::7", "64071" },
  { "[2001:db8::1]:52339", true, "2001:db8::1", "52339" },
  { "[2001:db8::1]", true, "2001:db8::1", NULL },
  { "::1", true, "::1", NULL },
  { "::ffff:1.2.3.4:25", true, "::ffff:1.2.3.4", "25" },
  { "1.2.3.4", true, "1.2.3.4", NULL },
  { "1.2.3.4:99999", true, "1.2.3.4", NULL },
  { "999.1.1.1:99999", false, NULL, NULL },
  { "host.example:25", false, NULL, NULL },
  { "[1.2.3.4", false, NULL, NULL },
  { "", false, NULL, NULL },
};

PARAMETERS_FROM_TABLE(address, split_takes_the_port_after_the_last_colon, split_cases)

ParameterizedTest(size_t *index, address, split_takes_the_port_after_the_last_colon)
{
  const SplitCase *split_case = &split_cases[*index];
  AxigenSpan ip, port;

  cr_assert_eq(axigen_address_split(split_case->text, strlen(split_case->text), &ip, &port), split_case->found,
               "split of '%s'", split_case->text);
  assert_span(ip, split_case->ip);
  assert_span(port, split_case->port);
}

Test(address, ip_first_takes_a_whole_ipv6_address_without_a_port)
{
  AxigenSpan ip, port;

  cr_assert(axigen_address_parse_ip_first(LIT_ARGS("2001:db8::1:8584"), &ip, &port));
  assert_span(ip, "2001:db8::1:8584");
  assert_span(port, NULL);
}

typedef struct
{
  const char *text;
  bool valid;
} ValidityCase;

static const ValidityCase ipv4_cases[] =
{
  { "0.0.0.0", true }, { "255.255.255.255", true }, { "10.0.0.5", true },
  { "256.1.1.1", false }, { "1.2.3", false }, { "1.2.3.4.", false }, { ".1.2.3", false },
  { "01.2.3.4", false }, { "1.2.3.4a", false }, { "1..3.4", false }, { "1234.1.1.1", false }, { "", false },
};

PARAMETERS_FROM_TABLE(address, ipv4_is_a_strict_dotted_quad, ipv4_cases)

ParameterizedTest(size_t *index, address, ipv4_is_a_strict_dotted_quad)
{
  const ValidityCase *ipv4_case = &ipv4_cases[*index];
  cr_assert_eq(axigen_address_is_ipv4(ipv4_case->text, strlen(ipv4_case->text)), ipv4_case->valid, "'%s'",
               ipv4_case->text);
}

Test(address, ipv6_longer_than_any_address_is_rejected_without_overflow)
{
  char text[200];
  memset(text, '1', sizeof(text));
  text[4] = ':';
  text[5] = ':';

  cr_assert_not(axigen_address_is_ipv6(text, sizeof(text)));
  cr_assert(axigen_address_is_ipv6("1111:2222:3333:4444:5555:6666:255.255.255.255", 45));
}

Test(address, port_is_at_most_65535)
{
  cr_assert(axigen_address_is_port("65535", 5));
  cr_assert(axigen_address_is_port("0", 1));
  cr_assert_not(axigen_address_is_port("65536", 5));
  cr_assert_not(axigen_address_is_port("123456", 6));
  cr_assert_not(axigen_address_is_port("", 0));
  cr_assert_not(axigen_address_is_port("8a", 2));
}
