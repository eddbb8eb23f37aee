/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "axigen-parser-parser.h"
#include "axigen-parser-grammar.h"

extern int axigen_parser_debug;

int axigen_parser_parse(CfgLexer *lexer, LogParser **instance, gpointer arg);

static CfgLexerKeyword axigen_parser_keywords[] =
{
  { "axigen_parser",    KW_AXIGEN_PARSER },
  { "axigen_geoip",     KW_AXIGEN_GEOIP },
  { "prefix",           KW_PREFIX },
  { "correlate",        KW_CORRELATE },
  { "max_sessions",     KW_MAX_SESSIONS },
  { "session_timeout",  KW_SESSION_TIMEOUT },
  { "set_timestamp",    KW_SET_TIMESTAMP },
  { "drop_invalid",     KW_DROP_INVALID },
  { "database",         KW_DATABASE },
  { "asn_database",     KW_ASN_DATABASE },
  { "home_countries",   KW_HOME_COUNTRIES },
  { "cache_size",       KW_CACHE_SIZE },
  { "reload_interval",  KW_RELOAD_INTERVAL },
  { "language",         KW_LANGUAGE },
  { NULL }
};

CfgParser axigen_parser_parser =
{
#if SYSLOG_NG_ENABLE_DEBUG
  .debug_flag = &axigen_parser_debug,
#endif
  .name = "axigen",
  .keywords = axigen_parser_keywords,
  .parse = (gint (*)(CfgLexer *, gpointer *, gpointer)) axigen_parser_parse,
  .cleanup = (void (*)(gpointer)) log_pipe_unref,
};

CFG_PARSER_IMPLEMENT_LEXER_BINDING(axigen_parser_, AXIGEN_PARSER_, LogParser **)
