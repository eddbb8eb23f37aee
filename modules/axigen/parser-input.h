/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What a parser reads, without a copy when it can.  syslog-ng 3.38's
 * LogParser formats its template() into a new GString for every message
 * before it calls process().  A template that is a single value, such as
 * axigen-geoip()'s "${.axigen.client_ip}", can be read in place instead:
 * from init to deinit ParserInput holds such a template itself, so that
 * LogParser hands process() the MESSAGE, and parser_input_get() returns
 * the template's value from the message.  Any other template stays with
 * LogParser, and parser_input_get() returns what LogParser passed.
 */
#ifndef PARSER_INPUT_H_INCLUDED
#define PARSER_INPUT_H_INCLUDED

#include "parser/parser-expr.h"

typedef struct
{
  /* the template taken from LogParser while initialized, or NULL */
  LogTemplate *in_place;
} ParserInput;

/* at init: takes the parser's template when it is a single value */
void parser_input_init(ParserInput *self, LogParser *parser);
/* at deinit: gives it back, so that clone() and free() find it where they look */
void parser_input_deinit(ParserInput *self, LogParser *parser);
/* the parser's template, wherever it is now */
LogTemplate *parser_input_get_template(ParserInput *self, LogParser *parser);

/*
 * What to parse: the in-place value, or the input process() was given.  The
 * result points into the message's payload: read it before setting values.
 */
const gchar *parser_input_get(ParserInput *self, LogMessage *msg, const gchar *input, gsize *len);

#endif
