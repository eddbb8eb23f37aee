/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "axigen-address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/* the longest textual IPv6 address: eight groups, or six and a dotted quad */
#define IPV6_TEXT_MAX 45

static inline bool
_is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static inline bool
_is_hex(char c)
{
  return _is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void
_clear(AxigenSpan *span)
{
  span->ptr = NULL;
  span->len = 0;
}

static void
_set(AxigenSpan *span, const char *ptr, size_t len)
{
  span->ptr = ptr;
  span->len = len;
}

bool
axigen_address_is_ipv4(const char *text, size_t len)
{
  const char *p = text;
  const char *end = text + len;

  for (int part = 0; part < 4; part++)
    {
      if (part > 0)
        {
          if (p == end || *p != '.')
            return false;
          p++;
        }
      if (p == end || !_is_digit(*p))
        return false;

      /* one to three digits, no leading zero */
      unsigned value = (unsigned) (*p++ - '0');
      if (p < end && _is_digit(*p))
        {
          if (value == 0)
            return false;
          value = value * 10 + (unsigned) (*p++ - '0');
          if (p < end && _is_digit(*p))
            value = value * 10 + (unsigned) (*p++ - '0');
        }
      if (value > 255)
        return false;
    }
  return p == end;
}

bool
axigen_address_is_ipv6(const char *text, size_t len)
{
  char copy[IPV6_TEXT_MAX + 1];
  struct in6_addr unused;

  if (len < 2 || len > IPV6_TEXT_MAX)
    return false;

  /* inet_pton() wants a C string: vet every byte first, so that a NUL or
   * any other byte in the input cannot shorten or change what it sees */
  bool has_colon = false;
  for (size_t i = 0; i < len; i++)
    {
      char c = text[i];
      if (c == ':')
        has_colon = true;
      else if (!_is_hex(c) && c != '.')
        return false;
    }
  if (!has_colon)
    return false;

  memcpy(copy, text, len);
  copy[len] = '\0';
  return inet_pton(AF_INET6, copy, &unused) == 1;
}

bool
axigen_address_is_ip(const char *text, size_t len)
{
  /* a dotted quad fails within its first few bytes when it is IPv6 */
  return axigen_address_is_ipv4(text, len) || axigen_address_is_ipv6(text, len);
}

bool
axigen_address_is_port(const char *text, size_t len)
{
  unsigned value = 0;

  if (len < 1 || len > 5)
    return false;
  for (size_t i = 0; i < len; i++)
    {
      if (!_is_digit(text[i]))
        return false;
      value = value * 10 + (unsigned) (text[i] - '0');
    }
  return value <= 65535;
}

static const char *
_last_colon(const char *text, size_t len)
{
  for (size_t i = len; i > 0; i--)
    {
      if (text[i - 1] == ':')
        return text + i - 1;
    }
  return NULL;
}

/* "[addr]" or "[addr]:port" */
static bool
_split_bracketed(const char *text, size_t len, AxigenSpan *ip, AxigenSpan *port)
{
  const char *end = text + len;
  const char *closing = memchr(text + 1, ']', len - 1);

  if (!closing || !axigen_address_is_ip(text + 1, (size_t) (closing - text - 1)))
    return false;

  _set(ip, text + 1, (size_t) (closing - text - 1));
  if (closing + 1 < end && closing[1] == ':' && axigen_address_is_port(closing + 2, (size_t) (end - closing - 2)))
    _set(port, closing + 2, (size_t) (end - closing - 2));
  return true;
}

bool
axigen_address_split(const char *text, size_t len, AxigenSpan *ip, AxigenSpan *port)
{
  _clear(ip);
  _clear(port);
  if (len == 0)
    return false;

  if (text[0] == '[')
    return _split_bracketed(text, len, ip, port);

  /* The last colon separates the port, even for IPv6: that is how Axigen
   * writes "[2001:db8::7:64071]".  When what is left is no address, the whole
   * text may still be one without a port. */
  const char *colon = _last_colon(text, len);
  if (colon && axigen_address_is_ip(text, (size_t) (colon - text)))
    {
      const char *port_text = colon + 1;
      size_t port_len = len - (size_t) (port_text - text);

      _set(ip, text, (size_t) (colon - text));
      /* an impossible port leaves the address, just without its port */
      if (axigen_address_is_port(port_text, port_len))
        _set(port, port_text, port_len);
      return true;
    }
  if (axigen_address_is_ip(text, len))
    {
      _set(ip, text, len);
      return true;
    }
  return false;
}

bool
axigen_address_parse_ip_first(const char *text, size_t len, AxigenSpan *ip, AxigenSpan *port)
{
  if (axigen_address_is_ip(text, len))
    {
      _set(ip, text, len);
      _clear(port);
      return true;
    }
  return axigen_address_split(text, len, ip, port);
}

const char *
axigen_address_scan_bracketed(const char *text, const char *end, AxigenSpan *ip, AxigenSpan *port)
{
  _clear(ip);
  _clear(port);
  if (text >= end || *text != '[')
    return NULL;

  if (text + 1 < end && text[1] == '[')
    {
      /* "[[addr]:port]": the outer brackets hold "[addr]:port" */
      const char *inner_close = memchr(text + 2, ']', (size_t) (end - text - 2));
      if (!inner_close)
        return NULL;
      const char *outer_close = memchr(inner_close + 1, ']', (size_t) (end - inner_close - 1));
      if (!outer_close)
        return NULL;
      axigen_address_split(text + 1, (size_t) (outer_close - text - 1), ip, port);
      return outer_close + 1;
    }

  const char *closing = memchr(text + 1, ']', (size_t) (end - text - 1));
  if (!closing)
    return NULL;

  if (closing + 2 < end && closing[1] == ':' && _is_digit(closing[2]))
    {
      /* "[addr]:port" */
      const char *port_end = closing + 2;
      while (port_end < end && _is_digit(*port_end))
        port_end++;
      axigen_address_split(text, (size_t) (port_end - text), ip, port);
      return port_end;
    }

  axigen_address_split(text + 1, (size_t) (closing - text - 1), ip, port);
  return closing + 1;
}
