/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The message shapes: what follows "SERVICE:SESSION: " on an Axigen line.
 * Internal to the scanner: axigen_scan_line() is the only caller.
 */
#ifndef AXIGEN_MESSAGES_H_INCLUDED
#define AXIGEN_MESSAGES_H_INCLUDED

#include "axigen-scanner.h"

/*
 * Sets line->event, and the fields of the message's shape, for the message
 * [message, end), which may be empty; AXIGEN_EVENT_OTHER when no shape
 * matches.  Sets neither the message field nor the event field.
 */
void axigen_messages_scan(AxigenLine *line, const char *message, const char *end);

#endif
