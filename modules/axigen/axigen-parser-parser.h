/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AXIGEN_PARSER_PARSER_H_INCLUDED
#define AXIGEN_PARSER_PARSER_H_INCLUDED

#include "cfg-parser.h"
#include "parser/parser-expr.h"

extern CfgParser axigen_parser_parser;

CFG_PARSER_DECLARE_LEXER_BINDING(axigen_parser_, AXIGEN_PARSER_, LogParser **)

#endif
