/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libFuzzer target for the line scanner: any input must scan or be refused
 * without a crash, and a scanned line must keep the scanner's promises.
 */
#include "axigen-scanner.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the words the scanner derives rather than points at, per field */
static const char *const severity_words[] = { "critical", "error", "warning", "info", "protocol", "unknown", NULL };
static const char *const outcome_words[] = { "success", "failure", NULL };
static const char *const direction_words[] = { "in", "out", NULL };

static void
check(bool condition)
{
  if (!condition)
    abort();
}

static bool
is_inside(AxigenSpan span, const char *input, size_t size)
{
  return span.ptr >= input && span.ptr < input + size && span.len <= (size_t) (input + size - span.ptr);
}

/* a word of the scanner's own static storage, not a part of the input */
static bool
is_one_of(AxigenSpan span, const char *const *words, const char *input, size_t size)
{
  if (is_inside(span, input, size))
    return false;
  for (; *words; words++)
    {
      if (span.len == strlen(*words) && memcmp(span.ptr, *words, span.len) == 0)
        return true;
    }
  return false;
}

static bool
spans_equal(AxigenSpan a, AxigenSpan b)
{
  return a.ptr == b.ptr && a.len == b.len;
}

static bool
is_all_digits(AxigenSpan span)
{
  for (size_t i = 0; i < span.len; i++)
    {
      if (span.ptr[i] < '0' || span.ptr[i] > '9')
        return false;
    }
  return true;
}

static void
check_field(const AxigenLine *line, AxigenField field, const char *input, size_t size)
{
  AxigenSpan span = line->fields[field];

  if (!span.ptr)
    {
      check(span.len == 0);
      return;
    }
  check(span.len > 0);

  switch (field)
    {
    case AXIGEN_FIELD_EVENT:
      check(span.ptr == axigen_event_name(line->event) && span.len == strlen(span.ptr));
      return;
    case AXIGEN_FIELD_SEVERITY:
      check(is_one_of(span, severity_words, input, size));
      return;
    case AXIGEN_FIELD_OUTCOME:
      check(is_one_of(span, outcome_words, input, size));
      return;
    case AXIGEN_FIELD_DIRECTION:
      check(is_one_of(span, direction_words, input, size));
      return;
    default:
      break;
    }

  check(is_inside(span, input, size));
  if (axigen_field_type(field) == AXIGEN_TYPE_INTEGER)
    {
      check(is_all_digits(span) && span.len <= 18);
      if (field == AXIGEN_FIELD_LOCAL_PORT || field == AXIGEN_FIELD_CLIENT_PORT)
        {
          unsigned long port = 0;
          for (size_t i = 0; i < span.len; i++)
            port = port * 10 + (unsigned long) (span.ptr[i] - '0');
          check(span.len <= 5 && port <= 65535);
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *input = (const char *) data;
  AxigenLine line, again;

  bool scanned = axigen_scan_line(input, size, &line);
  check(axigen_scan_line(input, size, &again) == scanned);
  if (!scanned)
    return 0;

  check(line.has_time == again.has_time && line.time_utc == again.time_utc
        && line.utc_offset_seconds == again.utc_offset_seconds && line.event == again.event);
  for (AxigenField field = 0; field < AXIGEN_FIELD_MAX; field++)
    check(spans_equal(line.fields[field], again.fields[field]));
  check((unsigned) line.event < AXIGEN_EVENT_MAX);
  check(line.fields[AXIGEN_FIELD_SERVICE].ptr && line.fields[AXIGEN_FIELD_SESSION].ptr);
  check(line.fields[AXIGEN_FIELD_EVENT].ptr);
  check(!line.fields[AXIGEN_FIELD_HOST].ptr == !line.has_time);
  check(!line.fields[AXIGEN_FIELD_LEVEL].ptr == !line.has_time);
  check(!line.fields[AXIGEN_FIELD_SEVERITY].ptr == !line.has_time);
  for (AxigenField field = 0; field < AXIGEN_FIELD_MAX; field++)
    check_field(&line, field, input, size);
  return 0;
}
