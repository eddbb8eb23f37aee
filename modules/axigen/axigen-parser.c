/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * axigen-parser(): the syslog-ng face of the Axigen line scanner.  It sets
 * the fields the scanner found, and gives lines that do not name their
 * client (logins, above all) the client address of their session.
 */
#include "axigen-parser.h"
#include "axigen-scanner.h"
#include "session-table.h"

#include <string.h>

#define AXIGEN_PARSER_DEFAULT_PREFIX ".axigen."
#define AXIGEN_PARSER_DEFAULT_MAX_SESSIONS 100000
#define AXIGEN_PARSER_DEFAULT_SESSION_TIMEOUT 3600

/* host (255) + service (32) + session (16) and their separators, with room to spare */
#define AXIGEN_SESSION_KEY_MAX 320

typedef struct _AxigenParser
{
  LogParser super;

  gchar *prefix;
  gboolean correlate;
  gint max_sessions;
  gint session_timeout;
  gboolean set_timestamp;
  gboolean drop_invalid;

  NVHandle field_handles[AXIGEN_FIELD_MAX];
  LogMessageValueType field_types[AXIGEN_FIELD_MAX];
  SessionTable *sessions;
} AxigenParser;

void
axigen_parser_set_prefix(LogParser *s, const gchar *prefix)
{
  AxigenParser *self = (AxigenParser *) s;

  g_free(self->prefix);
  self->prefix = g_strdup(prefix ? prefix : "");
}

void
axigen_parser_set_correlate(LogParser *s, gboolean correlate)
{
  AxigenParser *self = (AxigenParser *) s;

  self->correlate = correlate;
}

void
axigen_parser_set_max_sessions(LogParser *s, gint max_sessions)
{
  AxigenParser *self = (AxigenParser *) s;

  self->max_sessions = max_sessions;
}

void
axigen_parser_set_session_timeout(LogParser *s, gint seconds)
{
  AxigenParser *self = (AxigenParser *) s;

  self->session_timeout = seconds;
}

void
axigen_parser_set_set_timestamp(LogParser *s, gboolean set_timestamp)
{
  AxigenParser *self = (AxigenParser *) s;

  self->set_timestamp = set_timestamp;
}

void
axigen_parser_set_drop_invalid(LogParser *s, gboolean drop_invalid)
{
  AxigenParser *self = (AxigenParser *) s;

  self->drop_invalid = drop_invalid;
}

static gboolean
_has(const AxigenLine *line, AxigenField field)
{
  return line->fields[field].ptr != NULL;
}

static void
_append_span(gchar *key, gsize *key_len, AxigenSpan span)
{
  gsize n = MIN(span.len, AXIGEN_SESSION_KEY_MAX / 3 - 1);

  if (span.ptr)
    memcpy(key + *key_len, span.ptr, n);
  else
    n = 0;
  *key_len += n;
  key[(*key_len)++] = '\0';
}

/* host + service + session: Axigen counts sessions per service, and per host */
static gsize
_format_session_key(const AxigenLine *line, gchar *key)
{
  gsize key_len = 0;

  _append_span(key, &key_len, line->fields[AXIGEN_FIELD_HOST]);
  _append_span(key, &key_len, line->fields[AXIGEN_FIELD_SERVICE]);
  _append_span(key, &key_len, line->fields[AXIGEN_FIELD_SESSION]);
  return key_len;
}

static void
_set_client(AxigenLine *line, const SessionClient *client)
{
  line->fields[AXIGEN_FIELD_CLIENT_IP] = (AxigenSpan) { client->ip, strlen(client->ip) };
  if (client->port[0])
    line->fields[AXIGEN_FIELD_CLIENT_PORT] = (AxigenSpan) { client->port, strlen(client->port) };
}

/*
 * A line that names the client teaches the table (a disconnect ends the
 * session); a line that does not is given what the table knows.  The
 * client is copied out of the table, so the spans stay valid after the
 * lock is released.
 */
static void
_correlate(AxigenParser *self, AxigenLine *line, gint64 now, SessionClient *client)
{
  if (!_has(line, AXIGEN_FIELD_SESSION) || !_has(line, AXIGEN_FIELD_SERVICE))
    return;

  gchar key[AXIGEN_SESSION_KEY_MAX];
  gsize key_len = _format_session_key(line, key);

  if (line->event == AXIGEN_EVENT_DISCONNECT)
    {
      session_table_forget(self->sessions, key, key_len);
      return;
    }

  if (_has(line, AXIGEN_FIELD_CLIENT_IP))
    {
      AxigenSpan ip = line->fields[AXIGEN_FIELD_CLIENT_IP];
      AxigenSpan port = line->fields[AXIGEN_FIELD_CLIENT_PORT];

      session_table_remember(self->sessions, key, key_len, ip.ptr, ip.len, port.ptr, port.len, now);
      return;
    }

  if (session_table_recall(self->sessions, key, key_len, now, client))
    _set_client(line, client);
}

static void
_set_timestamp(LogMessage *msg, const AxigenLine *line)
{
  UnixTime *stamp = &msg->timestamps[LM_TS_STAMP];

  stamp->ut_sec = line->time_utc;
  stamp->ut_usec = 0;
  stamp->ut_gmtoff = line->utc_offset_seconds;
}

static void
_set_fields(AxigenParser *self, LogMessage *msg, const AxigenLine *line)
{
  for (gint field = 0; field < AXIGEN_FIELD_MAX; field++)
    {
      AxigenSpan value = line->fields[field];

      if (!value.ptr)
        continue;
      log_msg_set_value_with_type(msg, self->field_handles[field], value.ptr, value.len, self->field_types[field]);
    }
}

static gboolean
_process(LogParser *s, LogMessage **pmsg, const LogPathOptions *path_options, const gchar *input, gsize input_len)
{
  AxigenParser *self = (AxigenParser *) s;
  AxigenLine line;

  /*
   * drop-invalid(no) exists to keep the lines that are not Axigen's
   * without an `if {}`: inside one, syslog-ng write-protects every
   * message and the parser's first write copies it (log_msg_clone_cow +
   * nv_table_clone).  So such a line is passed on without a write.
   */
  if (!axigen_scan_line(input, input_len, &line))
    {
      msg_debug("axigen-parser(): not an Axigen line",
                evt_tag_mem("input", input, MIN(input_len, 256)),
                log_pipe_location_tag(&s->super));
      return !self->drop_invalid;
    }

  LogMessage *msg = log_msg_make_writable(pmsg, path_options);
  SessionClient client;

  if (self->sessions)
    {
      gint64 now = line.has_time ? line.time_utc : msg->timestamps[LM_TS_STAMP].ut_sec;
      _correlate(self, &line, now, &client);
    }
  _set_fields(self, msg, &line);
  if (self->set_timestamp && line.has_time)
    _set_timestamp(msg, &line);
  return TRUE;
}

static void
_resolve_fields(AxigenParser *self)
{
  GString *name = g_string_new(self->prefix);

  for (gint field = 0; field < AXIGEN_FIELD_MAX; field++)
    {
      g_string_truncate(name, strlen(self->prefix));
      g_string_append(name, axigen_field_name(field));
      self->field_handles[field] = log_msg_get_value_handle(name->str);
      self->field_types[field] = axigen_field_type(field) == AXIGEN_TYPE_INTEGER ? LM_VT_INT64 : LM_VT_STRING;
    }
  g_string_free(name, TRUE);
}

static gboolean
_init(LogPipe *s)
{
  AxigenParser *self = (AxigenParser *) s;

  _resolve_fields(self);
  if (self->correlate)
    self->sessions = session_table_new(self->max_sessions, self->session_timeout);
  return log_parser_init_method(s);
}

static gboolean
_deinit(LogPipe *s)
{
  AxigenParser *self = (AxigenParser *) s;

  if (self->sessions)
    {
      session_table_free(self->sessions);
      self->sessions = NULL;
    }
  return log_parser_deinit_method(s);
}

static LogPipe *
_clone(LogPipe *s)
{
  AxigenParser *self = (AxigenParser *) s;
  LogParser *cloned = axigen_parser_new(s->cfg);

  log_parser_set_template(cloned, log_template_ref(self->super.template));
  axigen_parser_set_prefix(cloned, self->prefix);
  axigen_parser_set_correlate(cloned, self->correlate);
  axigen_parser_set_max_sessions(cloned, self->max_sessions);
  axigen_parser_set_session_timeout(cloned, self->session_timeout);
  axigen_parser_set_set_timestamp(cloned, self->set_timestamp);
  axigen_parser_set_drop_invalid(cloned, self->drop_invalid);
  return &cloned->super;
}

static void
_free(LogPipe *s)
{
  AxigenParser *self = (AxigenParser *) s;

  g_free(self->prefix);
  log_parser_free_method(s);
}

LogParser *
axigen_parser_new(GlobalConfig *cfg)
{
  AxigenParser *self = g_new0(AxigenParser, 1);

  log_parser_init_instance(&self->super, cfg);
  self->super.super.init = _init;
  self->super.super.deinit = _deinit;
  self->super.super.clone = _clone;
  self->super.super.free_fn = _free;
  self->super.process = _process;

  axigen_parser_set_prefix(&self->super, AXIGEN_PARSER_DEFAULT_PREFIX);
  axigen_parser_set_correlate(&self->super, TRUE);
  axigen_parser_set_max_sessions(&self->super, AXIGEN_PARSER_DEFAULT_MAX_SESSIONS);
  axigen_parser_set_session_timeout(&self->super, AXIGEN_PARSER_DEFAULT_SESSION_TIMEOUT);
  axigen_parser_set_set_timestamp(&self->super, TRUE);
  axigen_parser_set_drop_invalid(&self->super, TRUE);
  return &self->super;
}
