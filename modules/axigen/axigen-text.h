/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The byte helpers of the scanner, shared by the line forms and the message
 * shapes: character classes, and bounded searches over [p, end) that never
 * read at or past end.  Internal: not part of the scanner's API.
 */
#ifndef AXIGEN_TEXT_H_INCLUDED
#define AXIGEN_TEXT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* a literal and its length, for the memcmp-based helpers below */
#define LIT(s) (s), (sizeof(s) - 1)

static inline bool
_is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static inline bool
_is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}

static inline bool
_is_alpha(char c)
{
  return _is_upper(c) || (c >= 'a' && c <= 'z');
}

static inline bool
_is_alnum(char c)
{
  return _is_alpha(c) || _is_digit(c);
}

static inline bool
_is_hex(char c)
{
  return _is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool
_starts_with(const char *p, const char *end, const char *literal, size_t literal_len)
{
  return (size_t) (end - p) >= literal_len && memcmp(p, literal, literal_len) == 0;
}

static inline bool
_starts_with_ci(const char *p, const char *end, const char *lower_literal, size_t literal_len)
{
  if ((size_t) (end - p) < literal_len)
    return false;
  for (size_t i = 0; i < literal_len; i++)
    {
      char c = p[i];
      if (_is_upper(c))
        c = (char) (c - 'A' + 'a');
      if (c != lower_literal[i])
        return false;
    }
  return true;
}

/* the first occurrence of literal in [p, end), or NULL */
static inline const char *
_find(const char *p, const char *end, const char *literal, size_t literal_len)
{
  while (p < end && (size_t) (end - p) >= literal_len)
    {
      const char *hit = memchr(p, literal[0], (size_t) (end - p) - literal_len + 1);
      if (!hit)
        return NULL;
      if (memcmp(hit + 1, literal + 1, literal_len - 1) == 0)
        return hit;
      p = hit + 1;
    }
  return NULL;
}

static inline const char *
_find_byte(const char *p, const char *end, char c)
{
  if (p >= end)
    return NULL;
  return memchr(p, c, (size_t) (end - p));
}

static inline const char *
_find_last_byte(const char *p, const char *end, char c)
{
  while (end > p)
    {
      end--;
      if (*end == c)
        return end;
    }
  return NULL;
}

/* the end of the word at p: the next space, or end */
static inline const char *
_word_end(const char *p, const char *end)
{
  const char *space = _find_byte(p, end, ' ');
  return space ? space : end;
}

static inline const char *
_skip_spaces(const char *p, const char *end)
{
  while (p < end && *p == ' ')
    p++;
  return p;
}

static inline const char *
_digits_end(const char *p, const char *end)
{
  while (p < end && _is_digit(*p))
    p++;
  return p;
}

#endif
