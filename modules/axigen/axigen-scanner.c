/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One left-to-right pass: the header is checked byte by byte at fixed
 * offsets, then the message is dispatched on its first bytes and matched
 * against fixed literals.  Every field is a span into the input or a static
 * word; nothing is allocated and nothing is read past the end.
 */
#include "axigen-scanner.h"
#include "axigen-address.h"

#include <string.h>

/* a literal and its length, for the memcmp-based helpers below */
#define LIT(s) (s), (sizeof(s) - 1)

#define SERVICE_MAX 32
#define SESSION_MAX 16
#define HOST_MAX 255
/* an integer field is at most this many digits, so that it fits in 64 bits */
#define NUMBER_DIGITS_MAX 18
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

/* ---- bytes and spans ---------------------------------------------------- */

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

static inline bool
_is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static inline bool
_is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}

static inline bool
_is_alpha(char c)
{
  return _is_upper(c) || (c >= 'a' && c <= 'z');
}

static inline bool
_is_alnum(char c)
{
  return _is_alpha(c) || _is_digit(c);
}

static inline bool
_is_hex(char c)
{
  return _is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool
_starts_with(const char *p, const char *end, const char *literal, size_t literal_len)
{
  return (size_t) (end - p) >= literal_len && memcmp(p, literal, literal_len) == 0;
}

static bool
_starts_with_ci(const char *p, const char *end, const char *lower_literal, size_t literal_len)
{
  if ((size_t) (end - p) < literal_len)
    return false;
  for (size_t i = 0; i < literal_len; i++)
    {
      char c = p[i];
      if (_is_upper(c))
        c = (char) (c - 'A' + 'a');
      if (c != lower_literal[i])
        return false;
    }
  return true;
}

/* the first occurrence of literal in [p, end), or NULL */
static const char *
_find(const char *p, const char *end, const char *literal, size_t literal_len)
{
  while (p < end && (size_t) (end - p) >= literal_len)
    {
      const char *hit = memchr(p, literal[0], (size_t) (end - p) - literal_len + 1);
      if (!hit)
        return NULL;
      if (memcmp(hit + 1, literal + 1, literal_len - 1) == 0)
        return hit;
      p = hit + 1;
    }
  return NULL;
}

static inline const char *
_find_byte(const char *p, const char *end, char c)
{
  if (p >= end)
    return NULL;
  return memchr(p, c, (size_t) (end - p));
}

static const char *
_find_last_byte(const char *p, const char *end, char c)
{
  while (end > p)
    {
      end--;
      if (*end == c)
        return end;
    }
  return NULL;
}

/* the end of the word at p: the next space, or end */
static inline const char *
_word_end(const char *p, const char *end)
{
  const char *space = _find_byte(p, end, ' ');
  return space ? space : end;
}

static inline const char *
_skip_spaces(const char *p, const char *end)
{
  while (p < end && *p == ' ')
    p++;
  return p;
}

static inline const char *
_digits_end(const char *p, const char *end)
{
  while (p < end && _is_digit(*p))
    p++;
  return p;
}

/* an empty span stays absent: a present field is never empty */
static inline void
_set(AxigenLine *line, AxigenField field, const char *from, const char *to)
{
  if (from && to && to > from)
    {
      line->fields[field].ptr = from;
      line->fields[field].len = (size_t) (to - from);
    }
}

static inline void
_set_span(AxigenLine *line, AxigenField field, AxigenSpan span)
{
  if (span.ptr && span.len > 0)
    line->fields[field] = span;
}

static inline void
_set_static(AxigenLine *line, AxigenField field, const char *word, size_t len)
{
  line->fields[field].ptr = word;
  line->fields[field].len = len;
}

#define SET_STATIC(line, field, word) _set_static((line), (field), LIT(word))

/* integer fields are present only when they are all digits and fit */
static void
_set_number(AxigenLine *line, AxigenField field, const char *from, const char *to)
{
  size_t len = (size_t) (to - from);

  if (len == 0 || len > NUMBER_DIGITS_MAX || _digits_end(from, to) != to)
    return;
  _set(line, field, from, to);
}

/* a run of digits at p, ending at a non-digit or end */
static const char *
_set_number_at(AxigenLine *line, AxigenField field, const char *p, const char *end)
{
  const char *digits_end = _digits_end(p, end);
  _set_number(line, field, p, digits_end);
  return digits_end;
}

static void
_set_address(AxigenLine *line, AxigenField ip_field, AxigenField port_field, AxigenSpan ip, AxigenSpan port)
{
  _set_span(line, ip_field, ip);
  _set_span(line, port_field, port);
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

static void _scan_message(AxigenLine *line, const char *message, const char *end);

static void
_commit_tag(AxigenLine *line, const AxigenTag *tag, const char *end)
{
  line->fields[AXIGEN_FIELD_SERVICE] = tag->service;
  line->fields[AXIGEN_FIELD_SESSION] = tag->session;
  _set(line, AXIGEN_FIELD_MESSAGE, tag->message, end);
  _scan_message(line, tag->message, end);
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

/* ---- message shapes ------------------------------------------------------
 *
 * Each _scan_<shape>() returns false without touching line when the message
 * is not of its shape, and true with the event and fields set when it is.  A
 * field whose text is missing or does not validate (an impossible address or
 * port, a non-numeric size) is left out; the line keeps its event.
 */

/* an address at p, bracketed in any of the accepted forms or bare up to a
 * space or comma; returns the end of what was consumed */
static const char *
_scan_address_token(const char *p, const char *end, AxigenSpan *ip, AxigenSpan *port)
{
  if (p < end && *p == '[')
    {
      const char *after = axigen_address_scan_bracketed(p, end, ip, port);
      if (after)
        return after;
    }

  const char *token_end = p;
  while (token_end < end && *token_end != ' ' && *token_end != ',')
    token_end++;
  axigen_address_split(p, (size_t) (token_end - p), ip, port);
  return token_end;
}

/* "[L:lp] connection accepted from [C:cp]" */
static bool
_scan_connect(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan local_ip, local_port, client_ip, client_port;

  const char *p = axigen_address_scan_bracketed(m, end, &local_ip, &local_port);
  if (!p || !_starts_with(p, end, LIT(" connection accepted from ")))
    return false;
  p += sizeof(" connection accepted from ") - 1;
  _scan_address_token(p, end, &client_ip, &client_port);

  line->event = AXIGEN_EVENT_CONNECT;
  _set_address(line, AXIGEN_FIELD_LOCAL_IP, AXIGEN_FIELD_LOCAL_PORT, local_ip, local_port);
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  return true;
}

/* "closing session from [C:cp]" (SMTP), "Closing connection from [C:cp]"
 * (IMAP, POP3); either word in either case */
static bool
_scan_disconnect(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan client_ip, client_port;
  const char *p = m + 1;

  if (!_starts_with(p, end, LIT("losing ")))
    return false;
  p += sizeof("losing ") - 1;
  if (_starts_with(p, end, LIT("session from ")))
    p += sizeof("session from ") - 1;
  else if (_starts_with(p, end, LIT("connection from ")))
    p += sizeof("connection from ") - 1;
  else
    return false;
  _scan_address_token(p, end, &client_ip, &client_port);

  line->event = AXIGEN_EVENT_DISCONNECT;
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  return true;
}

/* "Remote address updated from 'P' to 'C'": behind a proxy, C is the client */
static bool
_scan_client_update(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan proxy_ip, proxy_port, client_ip, client_port;

  if (!_starts_with(m, end, LIT("Remote address updated from '")))
    return false;
  const char *proxy = m + sizeof("Remote address updated from '") - 1;
  const char *proxy_end = _find(proxy, end, LIT("' to '"));
  if (!proxy_end)
    return false;
  const char *client = proxy_end + sizeof("' to '") - 1;
  const char *client_end = _find_byte(client, end, '\'');
  if (!client_end)
    return false;

  axigen_address_parse_ip_first(proxy, (size_t) (proxy_end - proxy), &proxy_ip, &proxy_port);
  axigen_address_parse_ip_first(client, (size_t) (client_end - client), &client_ip, &client_port);

  line->event = AXIGEN_EVENT_CLIENT_UPDATE;
  _set_span(line, AXIGEN_FIELD_PROXY_IP, proxy_ip);
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  return true;
}

/* "SSL alert remote C:cp, REASON" */
static bool
_scan_tls_alert(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan client_ip, client_port;

  if (!_starts_with(m, end, LIT("SSL alert remote ")))
    return false;
  const char *p = m + sizeof("SSL alert remote ") - 1;
  p = _scan_address_token(p, end, &client_ip, &client_port);
  if (p < end && *p == ',')
    p++;
  p = _skip_spaces(p, end);

  line->event = AXIGEN_EVENT_TLS_ALERT;
  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
  _set(line, AXIGEN_FIELD_REASON, p, end);
  return true;
}

static void
_set_login(AxigenLine *line, bool success, const char *user, const char *user_end)
{
  line->event = AXIGEN_EVENT_LOGIN;
  if (success)
    SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "success");
  else
    SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "failure");
  _set(line, AXIGEN_FIELD_USER, user, user_end);
}

/* "User [U] successfully authorized!" */
static bool
_scan_user_authorized(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("User [")))
    return false;
  const char *user = m + sizeof("User [") - 1;
  const char *user_end = _find(user, end, LIT("] successfully authorized"));
  if (!user_end)
    return false;

  _set_login(line, true, user, user_end);
  return true;
}

/* "Account 'U' has logged in" */
static bool
_scan_account_logged_in(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Account '")))
    return false;
  const char *user = m + sizeof("Account '") - 1;
  const char *user_end = _find(user, end, LIT("' has logged in"));
  if (!user_end)
    return false;

  _set_login(line, true, user, user_end);
  return true;
}

/* "Authentication error for user 'U': REASON" */
static bool
_scan_authentication_error(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Authentication error for user '")))
    return false;
  const char *user = m + sizeof("Authentication error for user '") - 1;
  const char *reason = NULL;
  const char *user_end = _find(user, end, LIT("': "));
  if (user_end)
    reason = user_end + 3;
  else
    user_end = _find_last_byte(user, end, '\'');

  _set_login(line, false, user, user_end);
  _set(line, AXIGEN_FIELD_REASON, reason, end);
  return true;
}

/* "SPF result for EHLO domain <H> connected from <C>: RESULT" and
 * "SPF result for MAIL FROM <F> issued from EHLO domain <H> connected from <C>: RESULT (...)" */
static bool
_scan_spf(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("SPF result for ")))
    return false;
  const char *p = m + sizeof("SPF result for ") - 1;
  line->event = AXIGEN_EVENT_SPF;

  if (_starts_with(p, end, LIT("MAIL FROM <")))
    {
      const char *from = p + sizeof("MAIL FROM <") - 1;
      const char *from_end = _find_byte(from, end, '>');
      if (!from_end)
        return true;
      /* the null sender "<>" gives no mail_from */
      _set(line, AXIGEN_FIELD_MAIL_FROM, from, from_end);
      p = from_end + 1;
    }

  const char *helo = _find(p, end, LIT("EHLO domain <"));
  if (helo)
    {
      helo += sizeof("EHLO domain <") - 1;
      const char *helo_end = _find_byte(helo, end, '>');
      if (!helo_end)
        return true;
      _set(line, AXIGEN_FIELD_HELO, helo, helo_end);
      p = helo_end + 1;
    }

  const char *client = _find(p, end, LIT("connected from <"));
  if (client)
    {
      AxigenSpan client_ip, client_port;
      client += sizeof("connected from <") - 1;
      const char *client_end = _find_byte(client, end, '>');
      if (!client_end)
        return true;
      axigen_address_parse_ip_first(client, (size_t) (client_end - client), &client_ip, &client_port);
      _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
      p = client_end + 1;
    }

  if (_starts_with(p, end, LIT(": ")))
    {
      const char *result = p + 2;
      const char *result_end = result;
      while (result_end < end && _is_alpha(*result_end))
        result_end++;
      _set(line, AXIGEN_FIELD_SPF_RESULT, result, result_end);
    }
  return true;
}

/* "New mail <ID> received from H (C) with envelope from <F>, recipients=N (R),
 * size=S, enqueued with id Q"; each part is looked for after the previous
 * one, and a missing part is skipped */
static bool
_scan_mail_received(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("New mail <")))
    return false;
  const char *p = m + sizeof("New mail <") - 1;
  const char *found;
  line->event = AXIGEN_EVENT_MAIL_RECEIVED;

  const char *id_end = _find_byte(p, end, '>');
  if (!id_end)
    return true;
  _set(line, AXIGEN_FIELD_MESSAGE_ID, p, id_end);
  p = id_end + 1;

  if ((found = _find(p, end, LIT(" received from "))))
    {
      const char *host = found + sizeof(" received from ") - 1;
      const char *host_end = host;
      while (host_end < end && *host_end != ' ' && *host_end != '(')
        host_end++;
      _set(line, AXIGEN_FIELD_CLIENT_HOST, host, host_end);
      p = _skip_spaces(host_end, end);
      if (p < end && *p == '(')
        {
          const char *client = p + 1;
          const char *client_end = _find_byte(client, end, ')');
          if (client_end)
            {
              AxigenSpan client_ip, client_port;
              axigen_address_parse_ip_first(client, (size_t) (client_end - client), &client_ip, &client_port);
              _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, client_ip, client_port);
              p = client_end + 1;
            }
        }
    }

  if ((found = _find(p, end, LIT("envelope from <"))))
    {
      const char *from = found + sizeof("envelope from <") - 1;
      const char *from_end = _find_byte(from, end, '>');
      if (from_end)
        {
          _set(line, AXIGEN_FIELD_MAIL_FROM, from, from_end);
          p = from_end + 1;
        }
    }

  if ((found = _find(p, end, LIT("recipients="))))
    {
      p = _set_number_at(line, AXIGEN_FIELD_RECIPIENTS, found + sizeof("recipients=") - 1, end);
      if (_starts_with(p, end, LIT(" (")))
        {
          const char *rcpt = p + 2;
          const char *rcpt_end = _find_byte(rcpt, end, ')');
          if (rcpt_end)
            {
              _set(line, AXIGEN_FIELD_RCPT, rcpt, rcpt_end);
              p = rcpt_end + 1;
            }
        }
    }

  if ((found = _find(p, end, LIT("size="))))
    p = _set_number_at(line, AXIGEN_FIELD_SIZE, found + sizeof("size=") - 1, end);

  if ((found = _find(p, end, LIT("enqueued with id "))))
    {
      const char *queue_id = found + sizeof("enqueued with id ") - 1;
      _set(line, AXIGEN_FIELD_QUEUE_ID, queue_id, _word_end(queue_id, end));
    }
  return true;
}

/* "Set recipient <R> state to S", S to the end ("PROCESSED - LOCAL") */
static bool
_scan_recipient_state(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Set recipient <")))
    return false;
  const char *rcpt = m + sizeof("Set recipient <") - 1;
  const char *rcpt_end = _find(rcpt, end, LIT("> state to "));
  if (!rcpt_end)
    return false;

  line->event = AXIGEN_EVENT_RECIPIENT_STATE;
  _set(line, AXIGEN_FIELD_RCPT, rcpt, rcpt_end);
  _set(line, AXIGEN_FIELD_STATE, rcpt_end + sizeof("> state to ") - 1, end);
  return true;
}

/* "Mail delivered to mailbox 'M' of <R> with id N" */
static bool
_scan_delivered(AxigenLine *line, const char *m, const char *end)
{
  if (!_starts_with(m, end, LIT("Mail delivered to mailbox '")))
    return false;
  const char *mailbox = m + sizeof("Mail delivered to mailbox '") - 1;
  line->event = AXIGEN_EVENT_DELIVERED;

  const char *mailbox_end = _find(mailbox, end, LIT("' of <"));
  if (!mailbox_end)
    {
      _set(line, AXIGEN_FIELD_MAILBOX, mailbox, _find_byte(mailbox, end, '\''));
      return true;
    }
  const char *rcpt = mailbox_end + sizeof("' of <") - 1;
  _set(line, AXIGEN_FIELD_MAILBOX, mailbox, mailbox_end);
  _set(line, AXIGEN_FIELD_RCPT, rcpt, _find_byte(rcpt, end, '>'));
  return true;
}

/* The filter lines ("Start filter F of type ...", "F of type ... (@7)
 * [...]: ...", "Finished filtering mail object Q with filter: F of type
 * ..."): the recipient is the object the filter belongs to, "domain object
 * <R>" in the samples ("user object <R>" is taken the same way). */
static void
_set_filter(AxigenLine *line, const char *m, const char *end)
{
  line->event = AXIGEN_EVENT_FILTER;
  const char *object = _find(m, end, LIT(" object <"));
  if (object)
    {
      const char *rcpt = object + sizeof(" object <") - 1;
      _set(line, AXIGEN_FIELD_RCPT, rcpt, _find_byte(rcpt, end, '>'));
    }
}

static bool
_scan_filter(AxigenLine *line, const char *m, const char *end)
{
  if (_starts_with(m, end, LIT("Start filter ")) || _starts_with(m, end, LIT("Finished filtering ")))
    {
      _set_filter(line, m, end);
      return true;
    }

  /* "NAME of type ...": the filter's name comes first */
  const char *name_end = _word_end(m, end);
  if (name_end > m && _starts_with(name_end, end, LIT(" of type ")))
    {
      _set_filter(line, m, end);
      return true;
    }
  return false;
}

static void
_set_http_status(AxigenLine *line, const char *from, const char *to)
{
  _set_number(line, AXIGEN_FIELD_HTTP_STATUS, from, to);
}

/* the web mail login request, whatever the API version and query string */
static bool
_is_login_path(const char *path, const char *path_end)
{
  const char *query = _find_byte(path, path_end, '?');
  if (query)
    path_end = query;
  return (size_t) (path_end - path) >= sizeof("/login/cookie") - 1
         && memcmp(path_end - (sizeof("/login/cookie") - 1), LIT("/login/cookie")) == 0;
}

/* "METHOD /path HTTP/1.1 u=U code=N time=T", behind "<token> " or bare.  The
 * web mail login (POST .../login/cookie) is a login event: success for a 2xx
 * code, failure for any other; without a code its outcome is not known. */
static bool
_scan_http_request_line(AxigenLine *line, const char *p, const char *end, const char *token, const char *token_end)
{
  const char *method = p;
  while (p < end && _is_upper(*p) && p - method <= 16)
    p++;
  if (p == method || p - method > 16 || p == end || *p != ' ')
    return false;
  const char *method_end = p;

  const char *path = method_end + 1;
  const char *path_end = _word_end(path, end);
  if (path_end == path)
    return false;
  if (*path != '/' && !_starts_with(path_end, end, LIT(" HTTP/")))
    return false;

  const char *user = NULL, *user_end = NULL;
  const char *code = NULL, *code_end = NULL;
  const char *duration = NULL, *duration_end = NULL;
  for (p = path_end; p < end; )
    {
      const char *word = _skip_spaces(p, end);
      const char *word_end = _word_end(word, end);
      if (_starts_with(word, word_end, LIT("u=")))
        {
          user = word + 2;
          user_end = word_end;
        }
      else if (_starts_with(word, word_end, LIT("code=")))
        {
          code = word + 5;
          code_end = word_end;
        }
      else if (_starts_with(word, word_end, LIT("time=")))
        {
          duration = word + 5;
          duration_end = word_end;
        }
      p = word_end;
    }

  bool is_login = method_end - method == 4 && memcmp(method, "POST", 4) == 0 && _is_login_path(path, path_end);
  if (is_login)
    {
      line->event = AXIGEN_EVENT_LOGIN;
      _set_http_status(line, code, code_end);
      AxigenSpan status = line->fields[AXIGEN_FIELD_HTTP_STATUS];
      if (status.ptr && status.len == 3)
        {
          if (status.ptr[0] == '2')
            SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "success");
          else
            SET_STATIC(line, AXIGEN_FIELD_OUTCOME, "failure");
        }
    }
  else
    {
      line->event = AXIGEN_EVENT_HTTP_REQUEST;
      _set(line, AXIGEN_FIELD_HTTP_METHOD, method, method_end);
      _set(line, AXIGEN_FIELD_HTTP_PATH, path, path_end);
      _set_http_status(line, code, code_end);
    }
  _set(line, AXIGEN_FIELD_USER, user, user_end);
  _set(line, AXIGEN_FIELD_WEB_SESSION, token, token_end);
  if (duration)
    _set_number(line, AXIGEN_FIELD_DURATION_MS, duration, duration_end);
  return true;
}

/* "BEGIN [id=..|METHOD path|u=U]" and "END [id=..|METHOD path|u=U|code=N|time=T]"
 * after "<token> "; the items may come in any order, the id is not kept */
static bool
_scan_http_begin_end(AxigenLine *line, const char *p, const char *end, const char *token, const char *token_end)
{
  if (_starts_with(p, end, LIT("BEGIN [")))
    p += sizeof("BEGIN [") - 1;
  else if (_starts_with(p, end, LIT("END [")))
    p += sizeof("END [") - 1;
  else
    return false;

  const char *items_end = _find_last_byte(p, end, ']');
  if (!items_end)
    items_end = end;

  line->event = AXIGEN_EVENT_HTTP_REQUEST;
  _set(line, AXIGEN_FIELD_WEB_SESSION, token, token_end);
  while (p < items_end)
    {
      const char *item = p;
      const char *item_end = _find_byte(item, items_end, '|');
      if (!item_end)
        item_end = items_end;
      p = item_end + 1;

      if (_starts_with(item, item_end, LIT("u=")))
        _set(line, AXIGEN_FIELD_USER, item + 2, item_end);
      else if (_starts_with(item, item_end, LIT("code=")))
        _set_http_status(line, item + 5, item_end);
      else if (_starts_with(item, item_end, LIT("time=")))
        _set_number(line, AXIGEN_FIELD_DURATION_MS, item + 5, item_end);
      else if (item < item_end && _is_upper(*item))
        {
          const char *method_end = item;
          while (method_end < item_end && _is_upper(*method_end))
            method_end++;
          if (method_end < item_end && *method_end == ' ')
            {
              _set(line, AXIGEN_FIELD_HTTP_METHOD, item, method_end);
              _set(line, AXIGEN_FIELD_HTTP_PATH, method_end + 1, item_end);
            }
        }
    }
  return true;
}

/* "<token> ..." of web mail and its API; the token may be empty ("<>") */
static bool
_scan_web_request(AxigenLine *line, const char *m, const char *end)
{
  const char *token = m + 1;
  const char *token_end = token;
  while (token_end < end && *token_end != '>' && *token_end != ' ')
    token_end++;
  if (token_end == end || *token_end != '>' || token_end + 1 == end || token_end[1] != ' ')
    return false;
  const char *p = token_end + 2;

  if (_scan_http_begin_end(line, p, end, token, token_end))
    return true;
  if (_scan_account_logged_in(line, p, end))
    {
      _set(line, AXIGEN_FIELD_WEB_SESSION, token, token_end);
      return true;
    }
  return _scan_http_request_line(line, p, end, token, token_end);
}

/* an IMAP tag ("A0001") or the untagged "*": letters and digits with at least
 * one digit */
static bool
_is_imap_tag(const char *word, const char *word_end)
{
  if (word_end - word == 1 && *word == '*')
    return true;

  bool has_digit = false;
  for (const char *p = word; p < word_end; p++)
    {
      if (_is_digit(*p))
        has_digit = true;
      else if (!_is_alpha(*p) && *p != '.')
        return false;
    }
  return has_digit;
}

/*
 * "<< ..." (client to server) and ">> ..." (server to client).  The command
 * is the first word after the arrow, except:
 *  - a server reply that starts with a three-digit code ("220 ...",
 *    "250-mx ...") gives the code;
 *  - an IMAP tag or "*" followed by another word is skipped, so that
 *    "<< A0001 CAPABILITY" gives CAPABILITY and ">> * OK ..." gives OK;
 *  - a trailing colon is dropped ("MAIL FROM:<x>" gives MAIL anyway).
 */
static bool
_scan_protocol(AxigenLine *line, const char *m, const char *end)
{
  bool inbound = m[0] == '<';

  if (end - m < 2 || m[1] != m[0] || (end - m > 2 && m[2] != ' '))
    return false;

  line->event = AXIGEN_EVENT_PROTOCOL;
  if (inbound)
    SET_STATIC(line, AXIGEN_FIELD_DIRECTION, "in");
  else
    SET_STATIC(line, AXIGEN_FIELD_DIRECTION, "out");

  const char *word = _skip_spaces(m + 2, end);
  const char *word_end = _word_end(word, end);
  if (word == word_end)
    return true;

  if (!inbound && word_end - word >= 3 && _is_digit(word[0]) && _is_digit(word[1]) && _is_digit(word[2])
      && (word_end - word == 3 || word[3] == '-'))
    {
      _set(line, AXIGEN_FIELD_COMMAND, word, word + 3);
      return true;
    }

  if (_is_imap_tag(word, word_end))
    {
      const char *next = _skip_spaces(word_end, end);
      if (next < end)
        {
          word = next;
          word_end = _word_end(word, end);
        }
    }
  if (word_end - word > 1 && word_end[-1] == ':')
    word_end--;
  _set(line, AXIGEN_FIELD_COMMAND, word, word_end);
  return true;
}

/* ---- the security log (format unverified: be tolerant) ------------------ */

/* "OP_" and upper case letters or underscores, standing as a word of its own */
static bool
_find_op_token(const char *m, const char *end, const char **op, const char **op_end)
{
  for (const char *p = m; (p = _find(p, end, LIT("OP_"))); p += 3)
    {
      if (p > m && (_is_alnum(p[-1]) || p[-1] == '_'))
        continue;
      const char *q = p + 3;
      while (q < end && (_is_upper(*q) || *q == '_'))
        q++;
      if (q == p + 3 || (q < end && (_is_alnum(*q))))
        continue;
      *op = p;
      *op_end = q;
      return true;
    }
  return false;
}

static bool
_is_token_punctuation(char c)
{
  return c == ',' || c == ';' || c == '.' || c == ')' || c == ':';
}

/* Looks through the words of a security line for the client address ("ip=A",
 * "[A:p]", a bare address) and the user ("user=U", "'U'", "<U>", "[U]"); the
 * first of each wins. */
static void
_scan_security_words(AxigenLine *line, const char *m, const char *end)
{
  AxigenSpan ip = { 0 }, port = { 0 };
  const char *user = NULL, *user_end = NULL;

  for (const char *p = m; p < end; )
    {
      const char *word = _skip_spaces(p, end);
      const char *word_end = _word_end(word, end);
      p = word_end;
      while (word_end > word && _is_token_punctuation(word_end[-1]))
        word_end--;
      if (word == word_end)
        continue;

      const char *value = NULL;
      if (_starts_with_ci(word, word_end, LIT("ip=")))
        value = word + 3;
      else if (_starts_with_ci(word, word_end, LIT("client=")) || _starts_with_ci(word, word_end, LIT("remote=")))
        value = word + 7;
      if (value)
        {
          if (!ip.ptr)
            axigen_address_parse_ip_first(value, (size_t) (word_end - value), &ip, &port);
          continue;
        }

      if (_starts_with_ci(word, word_end, LIT("user=")) || _starts_with_ci(word, word_end, LIT("account=")))
        {
          value = _find_byte(word, word_end, '=') + 1;
          if (!user && value < word_end)
            {
              if (*value == '\'' || *value == '"')
                value++;
              user = value;
              user_end = word_end;
              if (user_end > user && (user_end[-1] == '\'' || user_end[-1] == '"'))
                user_end--;
            }
          continue;
        }

      char open = *word;
      char closer = open == '[' ? ']' : open == '<' ? '>' : open == '\'' ? '\'' : open == '"' ? '"' : 0;
      if (closer)
        {
          const char *inner = word + 1;
          const char *inner_end = _find_byte(inner, end, closer);
          if (!inner_end || inner_end == inner)
            continue;
          p = inner_end + 1;

          AxigenSpan inner_ip, inner_port;
          if (axigen_address_split(inner, (size_t) (inner_end - inner), &inner_ip, &inner_port))
            {
              if (!ip.ptr)
                {
                  ip = inner_ip;
                  port = inner_port;
                }
            }
          else if (!user && !_find_byte(inner, inner_end, ' '))
            {
              user = inner;
              user_end = inner_end;
            }
          continue;
        }

      if (!ip.ptr && (_is_hex(*word) || *word == ':'))
        axigen_address_split(word, (size_t) (word_end - word), &ip, &port);
    }

  _set_address(line, AXIGEN_FIELD_CLIENT_IP, AXIGEN_FIELD_CLIENT_PORT, ip, port);
  _set(line, AXIGEN_FIELD_USER, user, user_end);
}

/* A line of no other shape that carries an "OP_..." result token.  Known
 * shapes are tried first: a login line stays a login even if such a token
 * turns up in it. */
static bool
_scan_security(AxigenLine *line, const char *m, const char *end)
{
  const char *op, *op_end;

  if (!_find_op_token(m, end, &op, &op_end))
    return false;

  line->event = AXIGEN_EVENT_SECURITY;
  _set(line, AXIGEN_FIELD_OP, op, op_end);
  _scan_security_words(line, m, end);
  return true;
}

/* ---- dispatch ----------------------------------------------------------- */

static bool
_scan_known_shape(AxigenLine *line, const char *m, const char *end)
{
  switch (m[0])
    {
    case '[':
      return _scan_connect(line, m, end);
    case 'c':
    case 'C':
      return _scan_disconnect(line, m, end);
    case 'R':
      return _scan_client_update(line, m, end);
    case 'S':
      return _scan_spf(line, m, end)
             || _scan_recipient_state(line, m, end)
             || _scan_tls_alert(line, m, end)
             || _scan_filter(line, m, end);
    case 'U':
      return _scan_user_authorized(line, m, end);
    case 'A':
      return _scan_authentication_error(line, m, end)
             || _scan_account_logged_in(line, m, end);
    case 'N':
      return _scan_mail_received(line, m, end);
    case 'M':
      return _scan_delivered(line, m, end);
    case 'F':
      return _scan_filter(line, m, end);
    case '<':
      return _scan_protocol(line, m, end) || _scan_web_request(line, m, end);
    case '>':
      return _scan_protocol(line, m, end);
    default:
      return false;
    }
}

static void
_scan_message(AxigenLine *line, const char *m, const char *end)
{
  line->event = AXIGEN_EVENT_OTHER;
  if (m < end)
    {
      if (!_scan_known_shape(line, m, end)
          && !_scan_filter(line, m, end)
          && !(_is_upper(*m) && _scan_http_request_line(line, m, end, NULL, NULL)))
        _scan_security(line, m, end);
    }

  _set_static(line, AXIGEN_FIELD_EVENT, event_names[line->event], event_name_lengths[line->event]);
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
