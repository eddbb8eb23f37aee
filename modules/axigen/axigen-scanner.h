/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The Axigen line scanner: pure C, no syslog-ng and no GLib, so that it can be
 * unit-tested, benchmarked and fuzzed on its own.  It never allocates: every
 * field it finds is a span into the input (or into static storage for the
 * words it derives, such as severity and outcome).
 */
#ifndef AXIGEN_SCANNER_H_INCLUDED
#define AXIGEN_SCANNER_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum
{
  AXIGEN_EVENT_OTHER = 0,
  AXIGEN_EVENT_CONNECT,
  AXIGEN_EVENT_DISCONNECT,
  AXIGEN_EVENT_CLIENT_UPDATE,
  AXIGEN_EVENT_TLS_ALERT,
  AXIGEN_EVENT_LOGIN,
  AXIGEN_EVENT_SPF,
  AXIGEN_EVENT_MAIL_RECEIVED,
  AXIGEN_EVENT_RECIPIENT_STATE,
  AXIGEN_EVENT_DELIVERED,
  AXIGEN_EVENT_FILTER,
  AXIGEN_EVENT_HTTP_REQUEST,
  AXIGEN_EVENT_PROTOCOL,
  AXIGEN_EVENT_SECURITY,
  AXIGEN_EVENT_MAX
} AxigenEvent;

/* The order here is the order in which the parser sets the values. */
typedef enum
{
  AXIGEN_FIELD_HOST = 0,
  AXIGEN_FIELD_SERVICE,
  AXIGEN_FIELD_SESSION,
  AXIGEN_FIELD_LEVEL,
  AXIGEN_FIELD_SEVERITY,
  AXIGEN_FIELD_MESSAGE,
  AXIGEN_FIELD_EVENT,
  AXIGEN_FIELD_LOCAL_IP,
  AXIGEN_FIELD_LOCAL_PORT,
  AXIGEN_FIELD_CLIENT_IP,
  AXIGEN_FIELD_CLIENT_PORT,
  AXIGEN_FIELD_PROXY_IP,
  AXIGEN_FIELD_OUTCOME,
  AXIGEN_FIELD_USER,
  AXIGEN_FIELD_REASON,
  AXIGEN_FIELD_HTTP_STATUS,
  AXIGEN_FIELD_WEB_SESSION,
  AXIGEN_FIELD_HTTP_METHOD,
  AXIGEN_FIELD_HTTP_PATH,
  AXIGEN_FIELD_DURATION_MS,
  AXIGEN_FIELD_SPF_RESULT,
  AXIGEN_FIELD_HELO,
  AXIGEN_FIELD_MAIL_FROM,
  AXIGEN_FIELD_MESSAGE_ID,
  AXIGEN_FIELD_CLIENT_HOST,
  AXIGEN_FIELD_RECIPIENTS,
  AXIGEN_FIELD_RCPT,
  AXIGEN_FIELD_SIZE,
  AXIGEN_FIELD_QUEUE_ID,
  AXIGEN_FIELD_STATE,
  AXIGEN_FIELD_MAILBOX,
  AXIGEN_FIELD_DIRECTION,
  AXIGEN_FIELD_COMMAND,
  AXIGEN_FIELD_OP,
  AXIGEN_FIELD_MAX
} AxigenField;

typedef enum
{
  AXIGEN_TYPE_STRING = 0,
  AXIGEN_TYPE_INTEGER,
} AxigenFieldType;

/* ptr == NULL means the line has no such field; a present field is never empty. */
typedef struct
{
  const char *ptr;
  size_t len;
} AxigenSpan;

typedef struct
{
  /* true for the native form, which carries Axigen's own date, offset, level and host */
  bool has_time;
  /* seconds since the epoch (UTC) of the Axigen time, and its offset east of UTC */
  int64_t time_utc;
  int32_t utc_offset_seconds;

  AxigenEvent event;
  AxigenSpan fields[AXIGEN_FIELD_MAX];
} AxigenLine;

/*
 * Scans one line (input need not be NUL-terminated and may hold any byte).
 * Returns false, leaving *line unspecified, when the input is not an Axigen
 * line; returns true with line filled otherwise.
 */
bool axigen_scan_line(const char *input, size_t input_len, AxigenLine *line);

const char *axigen_field_name(AxigenField field);
AxigenFieldType axigen_field_type(AxigenField field);
const char *axigen_event_name(AxigenEvent event);

#endif
