/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The JSON writer under $(axigen-gelf): strings (escaped, with invalid UTF-8
 * replaced), keys, integers, and values written as the type they were stored
 * with.  Appends to a GString and never fails: what is not of its type is
 * written as a string, so the text is always valid JSON.  GLib only: no
 * syslog-ng types, so that it can be tested alone.
 */
#ifndef AXIGEN_JSON_H_INCLUDED
#define AXIGEN_JSON_H_INCLUDED

#include <glib.h>

/* the type a value was stored with, as far as JSON can tell them apart */
typedef enum
{
  AXIGEN_JSON_STRING,
  AXIGEN_JSON_INTEGER,
  AXIGEN_JSON_DOUBLE,
  AXIGEN_JSON_BOOLEAN,
} AxigenJsonType;

/* the contents of a JSON string, without the quotes, for a string built of
 * several values; a byte that is not part of well-formed UTF-8 becomes U+FFFD */
void axigen_json_append_string_content(GString *out, const gchar *text, gsize len);
void axigen_json_append_string(GString *out, const gchar *text, gsize len);

/* ,"name": -- the comma included, so for every member but the first, and
 * only for a name known not to need escaping */
void axigen_json_append_key(GString *out, const gchar *name);

void axigen_json_append_uint64(GString *out, guint64 value);
void axigen_json_append_int64(GString *out, gint64 value);

/* an optional '-' and decimal digits that fit an int64, nothing else */
gboolean axigen_json_parse_int64(const gchar *text, gsize len, gint64 *result);

/* the value as a JSON value of type; as a string when its text is not one
 * of that type, so that a value never costs the message */
void axigen_json_append_typed_value(GString *out, const gchar *value, gsize len, AxigenJsonType type);

#endif
