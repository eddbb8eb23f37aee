/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Addresses as Axigen writes them: "addr:port" split on the last colon, and
 * the bracketed IPv6 forms "[addr]:port" and "[[addr]:port]".  Pure C, no
 * allocation; the input is never read past its length.
 *
 * An address or a port that does not validate is not reported: its span is
 * left empty ({NULL, 0}) and the caller simply has no such field.
 */
#ifndef AXIGEN_ADDRESS_H_INCLUDED
#define AXIGEN_ADDRESS_H_INCLUDED

#include "axigen-scanner.h"

/* a dotted quad, four decimal parts 0..255 without leading zeros */
bool axigen_address_is_ipv4(const char *text, size_t len);
/* an IPv6 address in any textual form libc accepts, without a zone */
bool axigen_address_is_ipv6(const char *text, size_t len);
bool axigen_address_is_ip(const char *text, size_t len);
/* 1 to 5 decimal digits, at most 65535 */
bool axigen_address_is_port(const char *text, size_t len);

/*
 * Splits "addr:port" on the last colon, or "[addr]:port"; a lone "addr" or
 * "[addr]" gives the address without a port.  Returns true when a valid
 * address was found; the port is set only with a valid address.
 */
bool axigen_address_split(const char *text, size_t len, AxigenSpan *ip, AxigenSpan *port);

/*
 * Like axigen_address_split(), but a text that is a whole valid address is
 * taken as that address first ("2001:db8::1:25" is an address, not a port
 * 25): for the places that name an address without a port.
 */
bool axigen_address_parse_ip_first(const char *text, size_t len, AxigenSpan *ip, AxigenSpan *port);

/*
 * text points at '[': scans "[addr:port]", "[[addr]:port]" or "[addr]:port".
 * Returns the first byte after the form, or NULL when a bracket is not
 * closed before end; ip and port are set as by axigen_address_split().
 */
const char *axigen_address_scan_bracketed(const char *text, const char *end, AxigenSpan *ip, AxigenSpan *port);

#endif
