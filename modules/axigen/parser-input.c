/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "parser-input.h"

void
parser_input_init(ParserInput *self, LogParser *parser)
{
  if (self->in_place || !parser->template || !log_template_is_trivial(parser->template))
    return;

  self->in_place = parser->template;
  parser->template = NULL;
}

void
parser_input_deinit(ParserInput *self, LogParser *parser)
{
  if (!self->in_place)
    return;

  parser->template = self->in_place;
  self->in_place = NULL;
}

LogTemplate *
parser_input_get_template(ParserInput *self, LogParser *parser)
{
  return self->in_place ? self->in_place : parser->template;
}

const gchar *
parser_input_get(ParserInput *self, LogMessage *msg, const gchar *input, gsize *len)
{
  if (!self->in_place)
    return input;

  gssize value_len;
  const gchar *value = log_template_get_trivial_value(self->in_place, msg, &value_len);

  *len = value_len;
  return value;
}
