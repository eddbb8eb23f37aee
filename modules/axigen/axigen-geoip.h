/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AXIGEN_GEOIP_H_INCLUDED
#define AXIGEN_GEOIP_H_INCLUDED

#include "parser/parser-expr.h"

LogParser *axigen_geoip_new(GlobalConfig *cfg);

/* database() may name one file, or several (for example an IPv4 and an IPv6 file) */
void axigen_geoip_add_database(LogParser *s, const gchar *path);
void axigen_geoip_set_asn_database(LogParser *s, const gchar *path);
void axigen_geoip_set_prefix(LogParser *s, const gchar *prefix);
void axigen_geoip_add_home_country(LogParser *s, const gchar *iso_code);
void axigen_geoip_set_cache_size(LogParser *s, gint cache_size);
void axigen_geoip_set_reload_interval(LogParser *s, gint seconds);
void axigen_geoip_set_language(LogParser *s, const gchar *language);

#endif
