/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A bounded cache of lookup answers, evicting by CLOCK (an answer asked for
 * again outlives those asked for once), safe to share between threads.  It is keyed by the address and by the
 * generation of the databases that answered (geoip_databases_get_generation()),
 * so that after a swap it never answers from the old database: the old
 * generation's entries are never asked for again and age out.  It also keeps
 * "not found" answers.  A cache of capacity 0 stores nothing.
 */
#ifndef GEOIP_CACHE_H_INCLUDED
#define GEOIP_CACHE_H_INCLUDED

#include "geoip-database.h"

typedef struct _GeoipCache GeoipCache;

/* capacity is capped at GEOIP_CACHE_MAX_CAPACITY */
#define GEOIP_CACHE_MAX_CAPACITY (16 * 1024 * 1024)

GeoipCache *geoip_cache_new(guint capacity);
void geoip_cache_free(GeoipCache *self);

/* TRUE with *record and *found filled when the cache holds this address for this generation */
gboolean geoip_cache_lookup(GeoipCache *self, const GeoipAddress *address, guint32 generation,
                            GeoipRecord *record, gboolean *found);
void geoip_cache_insert(GeoipCache *self, const GeoipAddress *address, guint32 generation,
                        const GeoipRecord *record, gboolean found);

guint geoip_cache_get_capacity(GeoipCache *self);
guint geoip_cache_get_size(GeoipCache *self);
guint64 geoip_cache_get_evictions(GeoipCache *self);

#endif
