/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AXIGEN_PARSER_H_INCLUDED
#define AXIGEN_PARSER_H_INCLUDED

#include "parser/parser-expr.h"

LogParser *axigen_parser_new(GlobalConfig *cfg);

void axigen_parser_set_prefix(LogParser *s, const gchar *prefix);
void axigen_parser_set_correlate(LogParser *s, gboolean correlate);
void axigen_parser_set_max_sessions(LogParser *s, gint max_sessions);
void axigen_parser_set_session_timeout(LogParser *s, gint seconds);
void axigen_parser_set_set_timestamp(LogParser *s, gboolean set_timestamp);
void axigen_parser_set_drop_invalid(LogParser *s, gboolean drop_invalid);

#endif
