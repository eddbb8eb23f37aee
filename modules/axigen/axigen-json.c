/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The JSON writer of $(axigen-gelf): appends straight to the template's
 * GString, with no document in between, and replaces invalid UTF-8 where it
 * escapes, since an Axigen line may hold any bytes.
 */
#include "axigen-json.h"

#include <math.h>
#include <string.h>

/* longer numbers are not numbers an Axigen log or a GeoIP database gives */
#define NUMBER_TEXT_MAX 63

/* Strings */

static inline void
_append_unicode_escape(GString *out, guint code)
{
  static const gchar hex[] = "0123456789abcdef";
  gchar escape[6] = { '\\', 'u', hex[(code >> 12) & 0xf], hex[(code >> 8) & 0xf], hex[(code >> 4) & 0xf],
                      hex[code & 0xf]
                    };

  g_string_append_len(out, escape, sizeof(escape));
}

static inline gboolean
_is_continuation(guchar c)
{
  return (c & 0xc0) == 0x80;
}

/* length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 when there is none */
static gsize
_utf8_sequence_length(const guchar *s, gsize len)
{
  guchar c = s[0];

  if (c >= 0xc2 && c <= 0xdf)
    return (len >= 2 && _is_continuation(s[1])) ? 2 : 0;

  if (c >= 0xe0 && c <= 0xef)
    {
      if (len < 3 || !_is_continuation(s[1]) || !_is_continuation(s[2]))
        return 0;
      if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
        return 0;
      return 3;
    }

  if (c >= 0xf0 && c <= 0xf4)
    {
      if (len < 4 || !_is_continuation(s[1]) || !_is_continuation(s[2]) || !_is_continuation(s[3]))
        return 0;
      if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
        return 0;
      return 4;
    }

  return 0;
}

void
axigen_json_append_string_content(GString *out, const gchar *text, gsize len)
{
  const guchar *s = (const guchar *) text;
  gsize run_start = 0;
  gsize i = 0;

  while (i < len)
    {
      guchar c = s[i];

      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        {
          i++;
          continue;
        }

      if (c >= 0x80)
        {
          gsize sequence = _utf8_sequence_length(s + i, len - i);
          if (sequence > 0)
            {
              i += sequence;
              continue;
            }
        }

      g_string_append_len(out, text + run_start, i - run_start);
      switch (c)
        {
        case '"':
          g_string_append_len(out, "\\\"", 2);
          break;
        case '\\':
          g_string_append_len(out, "\\\\", 2);
          break;
        case '\n':
          g_string_append_len(out, "\\n", 2);
          break;
        case '\r':
          g_string_append_len(out, "\\r", 2);
          break;
        case '\t':
          g_string_append_len(out, "\\t", 2);
          break;
        default:
          _append_unicode_escape(out, c < 0x20 ? c : 0xfffd);
          break;
        }
      i++;
      run_start = i;
    }
  g_string_append_len(out, text + run_start, len - run_start);
}

void
axigen_json_append_string(GString *out, const gchar *text, gsize len)
{
  g_string_append_c(out, '"');
  axigen_json_append_string_content(out, text, len);
  g_string_append_c(out, '"');
}

void
axigen_json_append_key(GString *out, const gchar *name)
{
  g_string_append_len(out, ",\"", 2);
  g_string_append(out, name);
  g_string_append_len(out, "\":", 2);
}

/* Numbers */

void
axigen_json_append_uint64(GString *out, guint64 value)
{
  gchar digits[24];
  gsize pos = sizeof(digits);

  do
    {
      digits[--pos] = '0' + (value % 10);
      value /= 10;
    }
  while (value > 0);
  g_string_append_len(out, digits + pos, sizeof(digits) - pos);
}

void
axigen_json_append_int64(GString *out, gint64 value)
{
  if (value < 0)
    {
      g_string_append_c(out, '-');
      axigen_json_append_uint64(out, (guint64) 0 - (guint64) value);
    }
  else
    axigen_json_append_uint64(out, (guint64) value);
}

gboolean
axigen_json_parse_int64(const gchar *text, gsize len, gint64 *result)
{
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gsize i = 0;

  if (len > 0 && text[0] == '-')
    {
      negative = TRUE;
      i = 1;
    }
  if (i == len)
    return FALSE;

  for (; i < len; i++)
    {
      if (!g_ascii_isdigit(text[i]))
        return FALSE;
      guint digit = text[i] - '0';
      if (magnitude > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      magnitude = magnitude * 10 + digit;
    }

  if (magnitude > (negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
    return FALSE;
  *result = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
  return TRUE;
}

static gsize
_skip_digits(const gchar *text, gsize len, gsize i)
{
  while (i < len && g_ascii_isdigit(text[i]))
    i++;
  return i;
}

/* RFC 8259's number grammar */
static gboolean
_is_json_number(const gchar *text, gsize len)
{
  gsize i = 0;
  gsize start;

  if (i < len && text[i] == '-')
    i++;
  if (i >= len)
    return FALSE;
  if (text[i] == '0')
    i++;
  else if (text[i] >= '1' && text[i] <= '9')
    i = _skip_digits(text, len, i);
  else
    return FALSE;

  if (i < len && text[i] == '.')
    {
      start = ++i;
      i = _skip_digits(text, len, i);
      if (i == start)
        return FALSE;
    }
  if (i < len && (text[i] == 'e' || text[i] == 'E'))
    {
      i++;
      if (i < len && (text[i] == '+' || text[i] == '-'))
        i++;
      start = i;
      i = _skip_digits(text, len, i);
      if (i == start)
        return FALSE;
    }
  return i == len;
}

static gboolean
_append_integer_value(GString *out, const gchar *text, gsize len)
{
  gint64 value;

  if (!axigen_json_parse_int64(text, len, &value))
    return FALSE;
  axigen_json_append_int64(out, value);
  return TRUE;
}

static gboolean
_append_double_value(GString *out, const gchar *text, gsize len)
{
  gchar copy[NUMBER_TEXT_MAX + 1];
  gchar *end;

  if (len > NUMBER_TEXT_MAX)
    return FALSE;
  memcpy(copy, text, len);
  copy[len] = '\0';
  gdouble value = g_ascii_strtod(copy, &end);
  if (end != copy + len || !isfinite(value))
    return FALSE;

  if (_is_json_number(text, len))
    g_string_append_len(out, text, len);
  else
    {
      gchar formatted[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append(out, g_ascii_dtostr(formatted, sizeof(formatted), value));
    }
  return TRUE;
}

static gboolean
_text_equals(const gchar *text, gsize len, const gchar *word)
{
  return strlen(word) == len && g_ascii_strncasecmp(text, word, len) == 0;
}

static gboolean
_append_boolean_value(GString *out, const gchar *text, gsize len)
{
  if (_text_equals(text, len, "true") || _text_equals(text, len, "yes") || _text_equals(text, len, "on")
      || _text_equals(text, len, "1"))
    g_string_append_len(out, "true", 4);
  else if (_text_equals(text, len, "false") || _text_equals(text, len, "no") || _text_equals(text, len, "off")
           || _text_equals(text, len, "0"))
    g_string_append_len(out, "false", 5);
  else
    return FALSE;
  return TRUE;
}

void
axigen_json_append_typed_value(GString *out, const gchar *value, gsize len, AxigenJsonType type)
{
  gboolean written = FALSE;

  switch (type)
    {
    case AXIGEN_JSON_INTEGER:
      written = _append_integer_value(out, value, len);
      break;
    case AXIGEN_JSON_DOUBLE:
      written = _append_double_value(out, value, len);
      break;
    case AXIGEN_JSON_BOOLEAN:
      written = _append_boolean_value(out, value, len);
      break;
    default:
      break;
    }

  if (!written)
    axigen_json_append_string(out, value, len);
}
