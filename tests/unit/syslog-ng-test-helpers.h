/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The few pieces of upstream's libtest that the unit tests need: Debian
 * does not ship it.
 */
#ifndef SYSLOG_NG_TEST_HELPERS_H_INCLUDED
#define SYSLOG_NG_TEST_HELPERS_H_INCLUDED

#include "parser/parser-expr.h"
#include "logmsg/logmsg.h"

/* app_startup() and a fresh global `configuration`; the pair for .init/.fini */
void syslog_ng_test_start(void);
void syslog_ng_test_stop(void);

/* a message whose MESSAGE is text */
LogMessage *test_message_new(const gchar *text);

/* clones the parser as syslog-ng does for a log path, inits the clone and
 * drops the original: what comes back is what a log path would run */
LogParser *test_parser_start(LogParser *parser);
void test_parser_stop(LogParser *parser);

/* runs a message through the parser; *pmsg may be replaced by a writable copy */
gboolean test_parser_process(LogParser *parser, LogMessage **pmsg);

/* the value of name, or NULL when the message has none */
const gchar *test_message_value(LogMessage *msg, const gchar *name);
LogMessageValueType test_message_value_type(LogMessage *msg, const gchar *name);

#endif
