/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * IP addresses as bytes: parsing the text of one, and telling the addresses
 * of IANA's special-purpose registries (private, loopback, documentation,
 * multicast, ...) from those that a geolocation database can place.  Pure
 * functions, no allocation, no syslog-ng.
 */
#ifndef GEOIP_RESERVED_H_INCLUDED
#define GEOIP_RESERVED_H_INCLUDED

#include <glib.h>

typedef struct
{
  /* 4 for IPv4, 16 for IPv6 */
  guint8 len;
  guint8 bytes[16];
} GeoipAddress;

/*
 * Parses a dotted quad or any textual IPv6 form (one pair of surrounding
 * brackets is accepted); the text need not be NUL-terminated.  Returns FALSE
 * for anything else, an IPv6 zone ("fe80::1%eth0") included.
 */
gboolean geoip_address_parse(const gchar *text, gsize len, GeoipAddress *address);

/*
 * The name of the special-purpose block that holds the address ("private-use",
 * "loopback", "documentation", ...), or NULL for an address that is globally
 * routable and worth looking up.  An IPv4 address embedded in an IPv6 one
 * (::ffff:0:0/96, 64:ff9b::/96) is judged as that IPv4 address.
 */
const gchar *geoip_address_reserved_block(const GeoipAddress *address);

static inline gboolean
geoip_address_is_reserved(const GeoipAddress *address)
{
  return geoip_address_reserved_block(address) != NULL;
}

/*
 * Turns an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6
 * address into the IPv4 address it carries, so that it is looked up as the
 * IPv4 address it stands for (also in an IPv4-only database).
 */
void geoip_address_unmap(GeoipAddress *address);

/* Writes the usual text of the address into buffer (at least 46 bytes). */
const gchar *geoip_address_format(const GeoipAddress *address, gchar *buffer, gsize buffer_size);

#endif
