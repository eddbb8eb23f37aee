/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The tables follow IANA's "IPv4 Special-Purpose Address Registry" and
 * "IPv6 Special-Purpose Address Registry": a block is reserved here when the
 * registry does not call it globally reachable, so that no database is asked
 * about an address it cannot place (some free databases map private ranges
 * to countries).  Blocks the registry calls globally reachable stay
 * lookups: the anycast addresses 192.0.0.9 and 192.0.0.10, and the
 * exceptions inside 2001::/23 (2001:1::1 to 2001:1::3, 2001:3::/32,
 * 2001:4:112::/48, 2001:20::/28, 2001:30::/28).  Outside 2000::/3, which is
 * all IANA has allocated for global unicast, every IPv6 address is reserved.
 * 6to4 (2002::/16) is looked up as it is: databases that care alias it to the
 * IPv4 space themselves.
 */
#include "geoip-reserved.h"

#include <arpa/inet.h>
#include <string.h>

typedef struct
{
  guint32 network;
  guint8 prefix_len;
  /* NULL: an exception that is globally reachable */
  const gchar *block;
} ReservedIPv4Block;

#define IPV4(a, b, c, d) (((guint32) (a) << 24) | ((guint32) (b) << 16) | ((guint32) (c) << 8) | (guint32) (d))

/* first match wins: exceptions come before the blocks that contain them */
static const ReservedIPv4Block reserved_ipv4[] =
{
  { IPV4(0, 0, 0, 0), 8, "this-network" },
  { IPV4(10, 0, 0, 0), 8, "private-use" },
  { IPV4(100, 64, 0, 0), 10, "shared-address-space" },
  { IPV4(127, 0, 0, 0), 8, "loopback" },
  { IPV4(169, 254, 0, 0), 16, "link-local" },
  { IPV4(172, 16, 0, 0), 12, "private-use" },
  { IPV4(192, 0, 0, 9), 32, NULL },
  { IPV4(192, 0, 0, 10), 32, NULL },
  { IPV4(192, 0, 0, 0), 24, "ietf-protocol-assignments" },
  { IPV4(192, 0, 2, 0), 24, "documentation" },
  { IPV4(192, 88, 99, 0), 24, "6to4-relay-anycast" },
  { IPV4(192, 168, 0, 0), 16, "private-use" },
  { IPV4(198, 18, 0, 0), 15, "benchmarking" },
  { IPV4(198, 51, 100, 0), 24, "documentation" },
  { IPV4(203, 0, 113, 0), 24, "documentation" },
  { IPV4(224, 0, 0, 0), 4, "multicast" },
  { IPV4(255, 255, 255, 255), 32, "limited-broadcast" },
  { IPV4(240, 0, 0, 0), 4, "reserved" },
};

typedef enum
{
  IPV6_RESERVED,
  IPV6_GLOBAL,
  IPV6_EMBEDS_IPV4,
} IPv6BlockKind;

typedef struct
{
  guint64 high;
  guint64 low;
  guint8 prefix_len;
  IPv6BlockKind kind;
  const gchar *block;
} ReservedIPv6Block;

#define H(a, b, c, d) (((guint64) (a) << 48) | ((guint64) (b) << 32) | ((guint64) (c) << 16) | (guint64) (d))

static const ReservedIPv6Block reserved_ipv6[] =
{
  { 0, 0, 128, IPV6_RESERVED, "unspecified" },
  { 0, 1, 128, IPV6_RESERVED, "loopback" },
  { 0, H(0, 0xffff, 0, 0), 96, IPV6_EMBEDS_IPV4, NULL },
  { H(0x64, 0xff9b, 0, 0), 0, 96, IPV6_EMBEDS_IPV4, NULL },
  { H(0x64, 0xff9b, 1, 0), 0, 48, IPV6_RESERVED, "ipv4-ipv6-translation" },
  { H(0x100, 0, 0, 0), 0, 64, IPV6_RESERVED, "discard-only" },
  { H(0x2001, 1, 0, 0), 1, 128, IPV6_GLOBAL, NULL },
  { H(0x2001, 1, 0, 0), 2, 128, IPV6_GLOBAL, NULL },
  { H(0x2001, 1, 0, 0), 3, 128, IPV6_GLOBAL, NULL },
  { H(0x2001, 3, 0, 0), 0, 32, IPV6_GLOBAL, NULL },
  { H(0x2001, 4, 0x112, 0), 0, 48, IPV6_GLOBAL, NULL },
  { H(0x2001, 0x20, 0, 0), 0, 28, IPV6_GLOBAL, NULL },
  { H(0x2001, 0x30, 0, 0), 0, 28, IPV6_GLOBAL, NULL },
  { H(0x2001, 0, 0, 0), 0, 23, IPV6_RESERVED, "ietf-protocol-assignments" },
  { H(0x2001, 0xdb8, 0, 0), 0, 32, IPV6_RESERVED, "documentation" },
  { H(0x3fff, 0, 0, 0), 0, 20, IPV6_RESERVED, "documentation" },
  { H(0x5f00, 0, 0, 0), 0, 16, IPV6_RESERVED, "segment-routing" },
  { H(0xfc00, 0, 0, 0), 0, 7, IPV6_RESERVED, "unique-local" },
  { H(0xfe80, 0, 0, 0), 0, 10, IPV6_RESERVED, "link-local" },
  { H(0xfec0, 0, 0, 0), 0, 10, IPV6_RESERVED, "site-local" },
  { H(0xff00, 0, 0, 0), 0, 8, IPV6_RESERVED, "multicast" },
  { H(0x2000, 0, 0, 0), 0, 3, IPV6_GLOBAL, NULL },
};

/* a dotted quad of decimal parts 0..255 without leading zeros, as inet_pton() takes it, but faster */
static gboolean
_parse_ipv4(const gchar *text, gsize len, guint8 *bytes)
{
  const gchar *end = text + len;
  gint part = 0;

  while (part < 4)
    {
      guint value = 0;
      gint digits = 0;

      while (text < end && g_ascii_isdigit(*text) && digits < 4)
        {
          value = value * 10 + (*text++ - '0');
          digits++;
        }
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text[-digits] == '0'))
        return FALSE;
      bytes[part++] = value;

      if (part < 4)
        {
          if (text >= end || *text != '.')
            return FALSE;
          text++;
        }
    }
  return text == end;
}

gboolean
geoip_address_parse(const gchar *text, gsize len, GeoipAddress *address)
{
  gchar buffer[INET6_ADDRSTRLEN + 1];

  if (len >= 2 && text[0] == '[' && text[len - 1] == ']')
    {
      text++;
      len -= 2;
    }
  if (len == 0 || len >= sizeof(buffer))
    return FALSE;

  if (!memchr(text, ':', len))
    {
      address->len = 4;
      return _parse_ipv4(text, len, address->bytes);
    }

  if (memchr(text, '\0', len))
    return FALSE;
  memcpy(buffer, text, len);
  buffer[len] = '\0';
  if (inet_pton(AF_INET6, buffer, address->bytes) != 1)
    return FALSE;
  address->len = 16;
  return TRUE;
}

static guint32
_ipv4_value(const guint8 *bytes)
{
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16) | ((guint32) bytes[2] << 8) | (guint32) bytes[3];
}

static guint64
_ipv6_half(const guint8 *bytes)
{
  guint64 value = 0;

  for (gint i = 0; i < 8; i++)
    value = (value << 8) | bytes[i];
  return value;
}

/* the first octets of every block in reserved_ipv4 */
static gboolean
_ipv4_may_be_reserved(guint32 value)
{
  switch (value >> 24)
    {
    case 0:
    case 10:
    case 100:
    case 127:
    case 169:
    case 172:
    case 192:
    case 198:
    case 203:
      return TRUE;
    default:
      return (value >> 24) >= 224;
    }
}

static const gchar *
_ipv4_reserved_block(guint32 value)
{
  if (!_ipv4_may_be_reserved(value))
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS(reserved_ipv4); i++)
    {
      const ReservedIPv4Block *entry = &reserved_ipv4[i];
      guint32 mask = entry->prefix_len ? ~(guint32) 0 << (32 - entry->prefix_len) : 0;

      if ((value & mask) == entry->network)
        return entry->block;
    }
  return NULL;
}

static gboolean
_ipv6_in_block(guint64 high, guint64 low, const ReservedIPv6Block *entry)
{
  guint8 len = entry->prefix_len;

  if (len <= 64)
    {
      guint64 mask = len ? ~(guint64) 0 << (64 - len) : 0;
      return (high & mask) == entry->high;
    }

  guint64 mask = len == 128 ? ~(guint64) 0 : ~(guint64) 0 << (128 - len);
  return high == entry->high && (low & mask) == entry->low;
}

static const ReservedIPv6Block *
_ipv6_find_block(const GeoipAddress *address)
{
  guint64 high = _ipv6_half(address->bytes);
  guint64 low = _ipv6_half(address->bytes + 8);

  for (gsize i = 0; i < G_N_ELEMENTS(reserved_ipv6); i++)
    {
      if (_ipv6_in_block(high, low, &reserved_ipv6[i]))
        return &reserved_ipv6[i];
    }
  return NULL;
}

const gchar *
geoip_address_reserved_block(const GeoipAddress *address)
{
  if (address->len == 4)
    return _ipv4_reserved_block(_ipv4_value(address->bytes));

  /* most of 2000::/3 is global unicast: only 2001::/16 and 3fff::/16 hold special blocks */
  guint16 first = (address->bytes[0] << 8) | address->bytes[1];
  if ((first & 0xe000) == 0x2000 && first != 0x2001 && first != 0x3fff)
    return NULL;

  const ReservedIPv6Block *entry = _ipv6_find_block(address);
  if (!entry)
    return "reserved-by-ietf";

  switch (entry->kind)
    {
    case IPV6_EMBEDS_IPV4:
      return _ipv4_reserved_block(_ipv4_value(address->bytes + 12));
    case IPV6_GLOBAL:
      return NULL;
    case IPV6_RESERVED:
    default:
      return entry->block;
    }
}

void
geoip_address_unmap(GeoipAddress *address)
{
  if (address->len != 16)
    return;

  const ReservedIPv6Block *entry = _ipv6_find_block(address);
  if (!entry || entry->kind != IPV6_EMBEDS_IPV4)
    return;

  memmove(address->bytes, address->bytes + 12, 4);
  memset(address->bytes + 4, 0, 12);
  address->len = 4;
}

const gchar *
geoip_address_format(const GeoipAddress *address, gchar *buffer, gsize buffer_size)
{
  if (!inet_ntop(address->len == 4 ? AF_INET : AF_INET6, address->bytes, buffer, buffer_size))
    g_strlcpy(buffer, "", buffer_size);
  return buffer;
}
