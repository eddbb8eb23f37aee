/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Setting the fields of an AxigenLine, for the line forms and the message
 * shapes alike.  Internal: not part of the scanner's API.
 */
#ifndef AXIGEN_FIELDS_H_INCLUDED
#define AXIGEN_FIELDS_H_INCLUDED

#include "axigen-scanner.h"
#include "axigen-text.h"

/* an integer field is at most this many digits, so that it fits in 64 bits */
#define NUMBER_DIGITS_MAX 18

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
static inline void
_set_number(AxigenLine *line, AxigenField field, const char *from, const char *to)
{
  size_t len = (size_t) (to - from);

  if (len == 0 || len > NUMBER_DIGITS_MAX || _digits_end(from, to) != to)
    return;
  _set(line, field, from, to);
}

/* a run of digits at p, ending at a non-digit or end */
static inline const char *
_set_number_at(AxigenLine *line, AxigenField field, const char *p, const char *end)
{
  const char *digits_end = _digits_end(p, end);
  _set_number(line, field, p, digits_end);
  return digits_end;
}

static inline void
_set_address(AxigenLine *line, AxigenField ip_field, AxigenField port_field, AxigenSpan ip, AxigenSpan port)
{
  _set_span(line, ip_field, ip);
  _set_span(line, port_field, port);
}

#endif
