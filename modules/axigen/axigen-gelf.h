/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * $(axigen-gelf): one message as one GELF 1.1 object for Graylog, with the
 * Axigen fields as flat, typed additional fields.
 */
#ifndef AXIGEN_GELF_H_INCLUDED
#define AXIGEN_GELF_H_INCLUDED

#include "template/function.h"
#include "logmsg/logmsg.h"

#define AXIGEN_GELF_DEFAULT_PREFIX ".axigen."

typedef struct _AxigenGelf AxigenGelf;

/* prefix: the names to send as additional fields (non-empty); resolves the
 * names the formatter reads, so call it at configuration time */
AxigenGelf *axigen_gelf_new(const gchar *prefix);
void axigen_gelf_free(AxigenGelf *self);

/* end each object with a NUL byte, the frame delimiter of GELF over TCP */
void axigen_gelf_set_null_terminated(AxigenGelf *self, gboolean null_terminated);

/* appends the GELF object of msg to result */
void axigen_gelf_append(AxigenGelf *self, LogMessage *msg, GString *result);

TEMPLATE_FUNCTION_DECLARE(tf_axigen_gelf);

#endif
