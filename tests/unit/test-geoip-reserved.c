/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Parsing addresses, and the special-purpose blocks that are never looked up.
 */
#include "geoip-reserved.h"

#include <criterion/criterion.h>
#include "test-parameters.h"
#include <criterion/parameterized.h>
#include <string.h>


typedef struct
{
  const gchar *address;
  /* NULL: globally routable */
  const gchar *block;
} BlockCase;

static GeoipAddress
parsed(const gchar *text)
{
  GeoipAddress address;

  cr_assert(geoip_address_parse(text, strlen(text), &address), "%s does not parse", text);
  return address;
}

static const BlockCase block_cases[] =
{
  { "0.0.0.0", "this-network" },
  { "0.1.2.3", "this-network" },
  { "10.0.0.5", "private-use" },
  { "10.255.255.255", "private-use" },
  { "11.0.0.1", NULL },
  { "100.63.255.255", NULL },
  { "100.64.0.1", "shared-address-space" },
  { "100.127.255.255", "shared-address-space" },
  { "100.128.0.0", NULL },
  { "127.0.0.1", "loopback" },
  { "169.254.1.1", "link-local" },
  { "172.15.255.255", NULL },
  { "172.16.0.1", "private-use" },
  { "172.31.255.255", "private-use" },
  { "172.32.0.0", NULL },
  { "192.0.0.1", "ietf-protocol-assignments" },
  { "192.0.0.9", NULL },
  { "192.0.0.10", NULL },
  { "192.0.2.1", "documentation" },
  { "192.88.99.1", "6to4-relay-anycast" },
  { "192.168.1.100", "private-use" },
  { "198.18.0.1", "benchmarking" },
  { "198.19.255.255", "benchmarking" },
  { "198.20.0.0", NULL },
  { "198.51.100.7", "documentation" },
  { "203.0.113.40", "documentation" },
  { "224.0.0.1", "multicast" },
  { "239.255.255.255", "multicast" },
  { "240.0.0.1", "reserved" },
  { "255.255.255.255", "limited-broadcast" },
  { "85.214.132.117", NULL },
  { "8.8.8.8", NULL },
  { "::", "unspecified" },
  { "::1", "loopback" },
  { "::2", "reserved-by-ietf" },
  { "::ffff:10.0.0.5", "private-use" },
  { "::ffff:85.214.132.117", NULL },
  { "64:ff9b::192.168.1.1", "private-use" },
  { "64:ff9b::8.8.8.8", NULL },
  { "64:ff9b:1::1", "ipv4-ipv6-translation" },
  { "100::1", "discard-only" },
  { "2001::1", "ietf-protocol-assignments" },
  { "2001:2::1", "ietf-protocol-assignments" },
  { "2001:1::1", NULL },
  { "2001:1::2", NULL },
  { "2001:3::1", NULL },
  { "2001:4:112::1", NULL },
  { "2001:20::1", NULL },
  { "2001:1ff:ffff::1", "ietf-protocol-assignments" },
  { "2001:200::1", NULL },
  { "2001:db8::1", "documentation" },
  { "2001:db9::1", NULL },
  { "2001:2002:1::7", NULL },
  { "2002:5566:7788::1", NULL },
  { "2a02:8108:1:2::5", NULL },
  { "3fff::1", "documentation" },
  { "5f00::1", "segment-routing" },
  { "fc00::1", "unique-local" },
  { "fd12:3456::1", "unique-local" },
  { "fe80::1", "link-local" },
  { "febf::1", "link-local" },
  { "fec0::1", "site-local" },
  { "ff02::1", "multicast" },
  { "4000::1", "reserved-by-ietf" },
};

PARAMETERS_FROM_TABLE(geoip_reserved, special_purpose_blocks_are_named_and_others_are_not, block_cases)

ParameterizedTest(gsize *index, geoip_reserved, special_purpose_blocks_are_named_and_others_are_not)
{
  const BlockCase *c = &block_cases[*index];
  GeoipAddress address = parsed(c->address);

  const gchar *block = geoip_address_reserved_block(&address);
  if (c->block)
    cr_assert_str_eq(block ? block : "(none)", c->block, "%s", c->address);
  else
    cr_assert_null(block, "%s should be looked up, but is in %s", c->address, block);
  cr_assert_eq(geoip_address_is_reserved(&address), c->block != NULL);
}

typedef struct
{
  const gchar *text;
  gsize len;
  guint8 family_len;
} ParseCase;

static const ParseCase parse_cases[] =
{
  { "85.214.132.117", 14, 4 },
  { "2a02:8108:1:2::5", 16, 16 },
  { "[2a02:8108:1:2::5]", 18, 16 },
  { "::ffff:1.2.3.4", 14, 16 },
  { "0:0:0:0:0:0:0:1", 15, 16 },
  /* the length counts, not a NUL */
  { "85.214.132.117:25", 14, 4 },
};

PARAMETERS_FROM_TABLE(geoip_reserved, addresses_parse_in_their_textual_forms, parse_cases)

ParameterizedTest(gsize *index, geoip_reserved, addresses_parse_in_their_textual_forms)
{
  const ParseCase *c = &parse_cases[*index];
  GeoipAddress address;

  cr_assert(geoip_address_parse(c->text, c->len, &address), "%.*s", (gint) c->len, c->text);
  cr_assert_eq(address.len, c->family_len);
}

static const gchar *const not_address_cases[] =
{
  "", " ", "[]", "mx1", "85.214.132", "85.214.132.117.1", "85.214.132.256", " 85.214.132.117",
  "85.214.132.117 ", "085.214.132.117", "85.214.132.117:25", "[85.214.132.117", "fe80::1%eth0",
  "2a02:8108:1:2::5:25:1:2:3", "2a02::8108::5", "::g", "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18",
  "0000:0000:0000:0000:0000:0000:0000:0000:0000",
};

PARAMETERS_FROM_TABLE(geoip_reserved, anything_but_an_address_does_not_parse, not_address_cases)

ParameterizedTest(gsize *index, geoip_reserved, anything_but_an_address_does_not_parse)
{
  const gchar *text = not_address_cases[*index];
  GeoipAddress address;

  cr_assert_not(geoip_address_parse(text, strlen(text), &address), "'%s' parsed", text);
}

Test(geoip_reserved, a_nul_byte_inside_the_text_does_not_parse)
{
  GeoipAddress address;

  cr_assert_not(geoip_address_parse("1.2.3.4\0", 8, &address));
}

Test(geoip_reserved, an_ipv4_mapped_address_unmaps_to_its_ipv4_address)
{
  GeoipAddress address = parsed("::ffff:85.214.132.117");
  GeoipAddress expected = parsed("85.214.132.117");

  geoip_address_unmap(&address);
  cr_assert_eq(address.len, 4);
  cr_assert_arr_eq(address.bytes, expected.bytes, 4);
}

Test(geoip_reserved, a_nat64_address_unmaps_to_its_ipv4_address)
{
  GeoipAddress address = parsed("64:ff9b::8.8.4.4");
  GeoipAddress expected = parsed("8.8.4.4");

  geoip_address_unmap(&address);
  cr_assert_eq(address.len, 4);
  cr_assert_arr_eq(address.bytes, expected.bytes, 4);
}

Test(geoip_reserved, a_plain_ipv6_address_stays_as_it_is_when_unmapped)
{
  GeoipAddress address = parsed("2a02:8108:1:2::5");
  GeoipAddress expected = address;

  geoip_address_unmap(&address);
  cr_assert_eq(address.len, 16);
  cr_assert_arr_eq(address.bytes, expected.bytes, 16);
}

Test(geoip_reserved, an_address_formats_back_to_its_usual_text)
{
  gchar buffer[64];
  GeoipAddress v4 = parsed("85.214.132.117");
  GeoipAddress v6 = parsed("2a02:8108:0001:0002:0000:0000:0000:0005");

  cr_assert_str_eq(geoip_address_format(&v4, buffer, sizeof(buffer)), "85.214.132.117");
  cr_assert_str_eq(geoip_address_format(&v6, buffer, sizeof(buffer)), "2a02:8108:1:2::5");
}
