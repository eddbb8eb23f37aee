/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One left-to-right pass: the header is checked byte by byte at fixed
 * offsets, then the message is handed to axigen-messages.c, which dispatches
 * it on its first bytes and matches it against fixed literals.  Every field
 * is a span into the input or a static word; nothing is allocated and
 * nothing is read past the end.
 */
#include "axigen-scanner.h"
#include "axigen-fields.h"
#include "axigen-messages.h"
#include "axigen-text.h"

#include <string.h>

#define SERVICE_MAX 32
#define SESSION_MAX 16
#define HOST_MAX 255
/* how many tokens of a syslog header may stand between <PRI> and the line */
#define SYSLOG_HEADER_TOKENS_MAX 8

static const char *const field_names[AXIGEN_FIELD_MAX] =
{
  [AXIGEN_FIELD_HOST] = "host",
  [AXIGEN_FIELD_SERVICE] = "service",
  [AXIGEN_FIELD_SESSION] = "session",
  [AXIGEN_FIELD_LEVEL] = "level",
  [AXIGEN_FIELD_SEVERITY] = "severity",
  [AXIGEN_FIELD_MESSAGE] = "message",
  [AXIGEN_FIELD_EVENT] = "event",
  [AXIGEN_FIELD_LOCAL_IP] = "local_ip",
  [AXIGEN_FIELD_LOCAL_PORT] = "local_port",
  [AXIGEN_FIELD_CLIENT_IP] = "client_ip",
  [AXIGEN_FIELD_CLIENT_PORT] = "client_port",
  [AXIGEN_FIELD_PROXY_IP] = "proxy_ip",
  [AXIGEN_FIELD_OUTCOME] = "outcome",
  [AXIGEN_FIELD_USER] = "user",
  [AXIGEN_FIELD_REASON] = "reason",
  [AXIGEN_FIELD_HTTP_STATUS] = "http_status",
  [AXIGEN_FIELD_WEB_SESSION] = "web_session",
  [AXIGEN_FIELD_HTTP_METHOD] = "http_method",
  [AXIGEN_FIELD_HTTP_PATH] = "http_path",
  [AXIGEN_FIELD_DURATION_MS] = "duration_ms",
  [AXIGEN_FIELD_SPF_RESULT] = "spf_result",
  [AXIGEN_FIELD_HELO] = "helo",
  [AXIGEN_FIELD_MAIL_FROM] = "mail_from",
  [AXIGEN_FIELD_MESSAGE_ID] = "message_id",
  [AXIGEN_FIELD_CLIENT_HOST] = "client_host",
  [AXIGEN_FIELD_RECIPIENTS] = "recipients",
  [AXIGEN_FIELD_RCPT] = "rcpt",
  [AXIGEN_FIELD_SIZE] = "size",
  [AXIGEN_FIELD_QUEUE_ID] = "queue_id",
  [AXIGEN_FIELD_STATE] = "state",
  [AXIGEN_FIELD_MAILBOX] = "mailbox",
  [AXIGEN_FIELD_DIRECTION] = "direction",
  [AXIGEN_FIELD_COMMAND] = "command",
  [AXIGEN_FIELD_OP] = "op",
};

/* each event with its name, for the two tables below */
#define EACH_EVENT(EVENT) \
  EVENT(AXIGEN_EVENT_OTHER, "other") \
  EVENT(AXIGEN_EVENT_CONNECT, "connect") \
  EVENT(AXIGEN_EVENT_DISCONNECT, "disconnect") \
  EVENT(AXIGEN_EVENT_CLIENT_UPDATE, "client_update") \
  EVENT(AXIGEN_EVENT_TLS_ALERT, "tls_alert") \
  EVENT(AXIGEN_EVENT_LOGIN, "login") \
  EVENT(AXIGEN_EVENT_SPF, "spf") \
  EVENT(AXIGEN_EVENT_MAIL_RECEIVED, "mail_received") \
  EVENT(AXIGEN_EVENT_RECIPIENT_STATE, "recipient_state") \
  EVENT(AXIGEN_EVENT_DELIVERED, "delivered") \
  EVENT(AXIGEN_EVENT_FILTER, "filter") \
  EVENT(AXIGEN_EVENT_HTTP_REQUEST, "http_request") \
  EVENT(AXIGEN_EVENT_PROTOCOL, "protocol") \
  EVENT(AXIGEN_EVENT_SECURITY, "security")

#define EVENT_NAME(event, name) [event] = name,
#define EVENT_NAME_LENGTH(event, name) [event] = sizeof(name) - 1,

static const char *const event_names[AXIGEN_EVENT_MAX] = { EACH_EVENT(EVENT_NAME) };
static const unsigned char event_name_lengths[AXIGEN_EVENT_MAX] = { EACH_EVENT(EVENT_NAME_LENGTH) };

const char *
axigen_field_name(AxigenField field)
{
  if ((unsigned) field >= AXIGEN_FIELD_MAX)
    return NULL;
  return field_names[field];
}

AxigenFieldType
axigen_field_type(AxigenField field)
{
  switch (field)
    {
    case AXIGEN_FIELD_LOCAL_PORT:
    case AXIGEN_FIELD_CLIENT_PORT:
    case AXIGEN_FIELD_HTTP_STATUS:
    case AXIGEN_FIELD_DURATION_MS:
    case AXIGEN_FIELD_RECIPIENTS:
    case AXIGEN_FIELD_SIZE:
      return AXIGEN_TYPE_INTEGER;
    default:
      return AXIGEN_TYPE_STRING;
    }
}

const char *
axigen_event_name(AxigenEvent event)
{
  if ((unsigned) event >= AXIGEN_EVENT_MAX)
    return NULL;
  return event_names[event];
}

/* ---- the line header ---------------------------------------------------- */

static inline int
_two_digits(const char *p)
{
  if (!_is_digit(p[0]) || !_is_digit(p[1]))
    return -1;
  return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Years are 0..9999 here: unsigned arithmetic lets the divisions by
 * constants become multiplications. */
static bool
_is_leap_year(unsigned year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
_days_in_month(unsigned year, int month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && _is_leap_year(year))
    return 29;
  return days[month - 1];
}

/* leap years in [0, year), year 0 being one (proleptic Gregorian) */
static int64_t
_leap_years_before(unsigned year)
{
  if (year == 0)
    return 0;
  return (int64_t) ((year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400 + 1);
}

/* days since 1970-01-01, by integer arithmetic alone: no mktime()/timegm(),
 * which depend on the process time zone and are not thread-safe */
static int64_t
_days_since_epoch(unsigned year, int month, int day)
{
  static const int days_before_month[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

  int64_t days = ((int64_t) year - 1970) * 365 + _leap_years_before(year) - _leap_years_before(1970);
  days += days_before_month[month - 1];
  if (month > 2 && _is_leap_year(year))
    days++;
  return days + day - 1;
}

/* "YYYY-MM-DD HH:MM:SS ±HHMM" at p, 25 bytes the caller has checked exist */
static bool
_scan_timestamp(const char *p, int64_t *time_utc, int32_t *utc_offset)
{
  int century = _two_digits(p);
  int year_in_century = _two_digits(p + 2);
  int month = _two_digits(p + 5);
  int day = _two_digits(p + 8);
  int hour = _two_digits(p + 11);
  int minute = _two_digits(p + 14);
  int second = _two_digits(p + 17);
  int offset_hours = _two_digits(p + 21);
  int offset_minutes = _two_digits(p + 23);

  if (century < 0 || year_in_century < 0 || p[4] != '-' || p[7] != '-' || p[10] != ' '
      || p[13] != ':' || p[16] != ':' || p[19] != ' ' || (p[20] != '+' && p[20] != '-'))
    return false;

  unsigned year = (unsigned) (century * 100 + year_in_century);
  if (month < 1 || month > 12 || day < 1 || day > _days_in_month(year, month)
      || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60
      || offset_hours < 0 || offset_hours > 14 || offset_minutes < 0 || offset_minutes > 59)
    return false;

  int32_t offset = (offset_hours * 60 + offset_minutes) * 60;
  if (p[20] == '-')
    offset = -offset;

  int64_t local = _days_since_epoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  *time_utc = local - offset;
  *utc_offset = offset;
  return true;
}

static const char *
_severity_of(const char *level, size_t *len)
{
  static const struct
  {
    char level[2];
    const char *name;
    size_t len;
  } severities[] =
  {
    { "08", LIT("info") },
    { "16", LIT("protocol") },
    { "02", LIT("error") },
    { "04", LIT("warning") },
    { "01", LIT("critical") },
    /* the format notes say the protocol level may be written as 10 */
    { "10", LIT("protocol") },
  };

  for (size_t i = 0; i < sizeof(severities) / sizeof(severities[0]); i++)
    {
      if (level[0] == severities[i].level[0] && level[1] == severities[i].level[1])
        {
          *len = severities[i].len;
          return severities[i].name;
        }
    }
  *len = sizeof("unknown") - 1;
  return "unknown";
}

/* byte classes for the loops over the service and session, by table */
enum
{
  CLASS_HEX = 1,
  CLASS_SERVICE = 2,
};

#define CLASS_OF(c) \
  ((((c) >= '0' && (c) <= '9') ? CLASS_HEX | CLASS_SERVICE : 0) \
   | (((c) >= 'A' && (c) <= 'F') ? CLASS_HEX : 0) \
   | (((c) >= 'a' && (c) <= 'f') ? CLASS_HEX : 0) \
   | ((((c) >= 'A' && (c) <= 'Z') || (c) == '-') ? CLASS_SERVICE : 0))
#define CLASS_ROW4(c) CLASS_OF(c), CLASS_OF((c) + 1), CLASS_OF((c) + 2), CLASS_OF((c) + 3)
#define CLASS_ROW16(c) CLASS_ROW4(c), CLASS_ROW4((c) + 4), CLASS_ROW4((c) + 8), CLASS_ROW4((c) + 12)
#define CLASS_ROW64(c) CLASS_ROW16(c), CLASS_ROW16((c) + 16), CLASS_ROW16((c) + 32), CLASS_ROW16((c) + 48)

static const unsigned char byte_classes[256] =
{
  CLASS_ROW64(0), CLASS_ROW64(64), CLASS_ROW64(128), CLASS_ROW64(192),
};

static inline bool
_has_class(char c, int byte_class)
{
  return (byte_classes[(unsigned char) c] & byte_class) != 0;
}

typedef struct
{
  AxigenSpan service;
  AxigenSpan session;
  const char *message;
} AxigenTag;

/* the session id as every real sample writes it, 8 hex digits and a colon:
 * a loop of fixed length, whose end the CPU predicts */
static inline bool
_is_session_of_8(const char *p, const char *end)
{
  if (end - p < 9 || p[8] != ':')
    return false;
  int classes = CLASS_HEX;
  for (int i = 0; i < 8; i++)
    classes &= byte_classes[(unsigned char) p[i]];
  return classes != 0;
}

/* "SERVICE:SESSION: " at p; the message is everything after it, maybe empty */
static bool
_scan_tag(const char *p, const char *end, AxigenTag *tag)
{
  const char *service = p;

  if (p == end || !_is_upper(*p))
    return false;
  while (p < end && p - service <= SERVICE_MAX && _has_class(*p, CLASS_SERVICE))
    p++;
  if (p - service > SERVICE_MAX || p == end || *p != ':')
    return false;

  const char *session = ++p;
  if (_is_session_of_8(p, end))
    p += 8;
  else
    {
      while (p < end && p - session <= SESSION_MAX && _has_class(*p, CLASS_HEX))
        p++;
      if (p == session || p - session > SESSION_MAX || p == end || *p != ':')
        return false;
    }

  tag->service.ptr = service;
  tag->service.len = (size_t) (session - 1 - service);
  tag->session.ptr = session;
  tag->session.len = (size_t) (p - session);

  /* exactly one space before the message; a line that ends right after the
   * colon (a relay may trim trailing blanks) has an empty message */
  p++;
  if (p < end)
    {
      if (*p != ' ')
        return false;
      p++;
    }
  tag->message = p;
  return true;
}

static void
_commit_tag(AxigenLine *line, const AxigenTag *tag, const char *end)
{
  line->fields[AXIGEN_FIELD_SERVICE] = tag->service;
  line->fields[AXIGEN_FIELD_SESSION] = tag->session;
  _set(line, AXIGEN_FIELD_MESSAGE, tag->message, end);
  axigen_messages_scan(line, tag->message, end);
  _set_static(line, AXIGEN_FIELD_EVENT, event_names[line->event], event_name_lengths[line->event]);
}

/* "YYYY-MM-DD HH:MM:SS ±HHMM LL HOST SERVICE:SESSION: MESSAGE" */
static bool
_scan_native_form(const char *p, const char *end, AxigenLine *line)
{
  int64_t time_utc;
  int32_t utc_offset;
  AxigenTag tag;

  /* the fixed part up to the host, then at least "H S:0:" */
  if (end - p < 29 + 5)
    return false;
  if (!_scan_timestamp(p, &time_utc, &utc_offset))
    return false;
  if (p[25] != ' ' || !_is_digit(p[26]) || !_is_digit(p[27]) || p[28] != ' ')
    return false;

  const char *level = p + 26;
  const char *host = p + 29;
  size_t host_room = (size_t) (end - host) < HOST_MAX + 1 ? (size_t) (end - host) : HOST_MAX + 1;
  const char *host_end = memchr(host, ' ', host_room);
  if (!host_end || host_end == host)
    return false;
  if (!_scan_tag(host_end + 1, end, &tag))
    return false;

  size_t severity_len;
  const char *severity = _severity_of(level, &severity_len);

  line->has_time = true;
  line->time_utc = time_utc;
  line->utc_offset_seconds = utc_offset;
  _set(line, AXIGEN_FIELD_HOST, host, host_end);
  _set(line, AXIGEN_FIELD_LEVEL, level, level + 2);
  _set_static(line, AXIGEN_FIELD_SEVERITY, severity, severity_len);
  _commit_tag(line, &tag, end);
  return true;
}

/* "SERVICE:SESSION: MESSAGE", as the system syslog carries it */
static bool
_scan_short_form(const char *p, const char *end, AxigenLine *line)
{
  AxigenTag tag;

  if (!_scan_tag(p, end, &tag))
    return false;
  _commit_tag(line, &tag, end);
  return true;
}

/* Either form; neither touches line unless it matches, so the caller may try
 * again further on. */
static bool
_scan_either_form(const char *p, const char *end, AxigenLine *line)
{
  if (p == end)
    return false;
  if (_is_digit(*p))
    return _scan_native_form(p, end, line);
  if (_is_upper(*p))
    return _scan_short_form(p, end, line);
  return false;
}

/* "<PRI>", 1 to 3 digits of value 0..191; returns what follows, or NULL */
static const char *
_skip_priority(const char *p, const char *end)
{
  const char *digits = ++p;
  int value = 0;

  while (p < end && _is_digit(*p) && p - digits < 4)
    {
      value = value * 10 + (*p - '0');
      p++;
    }
  if (p == digits || p - digits > 3 || value > 191 || p == end || *p != '>')
    return NULL;
  return p + 1;
}

/* After <PRI> there may be a syslog header (RFC 3164 "Mmm dd hh:mm:ss host
 * tag:" or RFC 5424 "1 TIMESTAMP HOST APP PROCID MSGID SD"): rather than
 * parse either, skip a bounded number of space-separated tokens until one of
 * the two forms starts. */
static bool
_scan_after_priority(const char *p, const char *end, AxigenLine *line)
{
  for (int skipped = 0; ; skipped++)
    {
      if (_scan_either_form(p, end, line))
        return true;
      if (skipped == SYSLOG_HEADER_TOKENS_MAX)
        return false;
      p = _find_byte(p, end, ' ');
      if (!p)
        return false;
      p = _skip_spaces(p, end);
    }
}

/* Span by span rather than memset(): for this fixed size compilers like to
 * emit "rep stos", whose start-up cost alone is a good part of a line's
 * budget; a span assignment is one 16-byte store. */
static void
_clear_line(AxigenLine *line)
{
  static const AxigenSpan absent = { NULL, 0 };

  line->has_time = false;
  line->time_utc = 0;
  line->utc_offset_seconds = 0;
  line->event = AXIGEN_EVENT_OTHER;
  for (int field = 0; field < AXIGEN_FIELD_MAX; field++)
    line->fields[field] = absent;
}

bool
axigen_scan_line(const char *input, size_t input_len, AxigenLine *line)
{
  _clear_line(line);
  if (!input || input_len == 0)
    return false;

  const char *p = input;
  const char *end = input + input_len;
  /* a line read with its terminator, or from a CRLF file */
  while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
    end--;

  if (p < end && *p == '<')
    {
      p = _skip_priority(p, end);
      if (!p)
        return false;
      return _scan_after_priority(p, end, line);
    }
  return _scan_either_form(p, end, line);
}
