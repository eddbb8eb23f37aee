/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Geolocation lookups in MaxMind DB files, on libmaxminddb, without
 * syslog-ng.  Three layers:
 *
 *  - GeoipDatabase: one opened file (memory-mapped), reference-counted so
 *    that a lookup on one thread keeps it alive while another swaps in a new
 *    file; it reads a fixed set of fields by explicit path, in either of the
 *    two schemas it recognises when it opens the file.
 *  - GeoipDatabaseFile: a path and the database currently open from it,
 *    replaced when a new file appears at the path and opens.
 *  - GeoipDatabases: the location files tried in order (an IPv4 and an IPv6
 *    file, say) and the AS files, with a generation number that changes on
 *    every swap, for caches to key on.
 *
 * As in libmaxminddb, "not found" is not an error: a lookup returns
 * GEOIP_SUCCESS and says whether it found the address; an error code means
 * the lookup failed, and geoip_strerror() has a sentence for each.
 */
#ifndef GEOIP_DATABASE_H_INCLUDED
#define GEOIP_DATABASE_H_INCLUDED

#include "geoip-reserved.h"

#include <glib.h>

/* Error codes: libmaxminddb's MMDB_* codes, and these of our own. */
enum
{
  GEOIP_SUCCESS = 0,
  GEOIP_ERROR_FILE_NOT_FOUND = 100,
  GEOIP_ERROR_PERMISSION_DENIED,
  GEOIP_ERROR_NOT_A_REGULAR_FILE,
  GEOIP_ERROR_FILE_UNREADABLE,
};

const gchar *geoip_strerror(gint error);

typedef enum
{
  /* country.iso_code, city.names.<language>, location.latitude, ... */
  GEOIP_SCHEMA_MAXMIND,
  /* ip-location-db: top-level country_code, city, latitude, longitude */
  GEOIP_SCHEMA_FLAT,
} GeoipSchema;

typedef enum
{
  GEOIP_STRING_COUNTRY_CODE,
  GEOIP_STRING_COUNTRY_NAME,
  GEOIP_STRING_CONTINENT_CODE,
  GEOIP_STRING_CITY,
  GEOIP_STRING_AS_ORG,
  GEOIP_STRING_MAX
} GeoipStringField;

/* bits of GeoipRecord.present; the string bits are 1 << GeoipStringField */
enum
{
  GEOIP_HAS_COORDINATES = 1 << GEOIP_STRING_MAX,
  GEOIP_HAS_ACCURACY = GEOIP_HAS_COORDINATES << 1,
  GEOIP_HAS_ASN = GEOIP_HAS_COORDINATES << 2,
  GEOIP_HAS_DB_BUILD = GEOIP_HAS_COORDINATES << 3,
};

/* A code is 1 to 8 letters, digits or dashes; a name at most 200 bytes of UTF-8. */
#define GEOIP_CODE_MAX_LEN 8
#define GEOIP_NAME_MAX_LEN 200
/* the numbers as text: two coordinates of "%.6f" (at most 11 bytes), three integers of up to 20 digits */
#define GEOIP_NUMBER_TEXT_SIZE (2 * 12 + 3 * 21)
#define GEOIP_RECORD_TEXT_SIZE (3 * (GEOIP_NAME_MAX_LEN + 1) + 2 * (GEOIP_CODE_MAX_LEN + 1) + GEOIP_NUMBER_TEXT_SIZE)

/* the numbers of a record, which geoip_databases_lookup() also writes as text */
typedef enum
{
  GEOIP_NUMBER_LATITUDE,
  GEOIP_NUMBER_LONGITUDE,
  GEOIP_NUMBER_ACCURACY_KM,
  GEOIP_NUMBER_ASN,
  GEOIP_NUMBER_DB_BUILD,
  GEOIP_NUMBER_MAX
} GeoipNumberField;

/*
 * What the databases said about one address.  Strings live in text, each
 * NUL-terminated; a present string is never empty.  The numbers are kept
 * both as numbers and, once geoip_record_format_numbers() ran, as text
 * after the strings: formatted once per lookup, so that a cached answer
 * costs no printf.  Only the first text_len bytes of text are meaningful,
 * so a copy of G_STRUCT_OFFSET(GeoipRecord, text) + text_len bytes is a
 * whole record.
 */
typedef struct
{
  guint32 present;
  gdouble latitude;
  gdouble longitude;
  guint32 accuracy_km;
  guint32 asn;
  guint64 db_build;
  guint16 string_offset[GEOIP_STRING_MAX];
  guint16 string_len[GEOIP_STRING_MAX];
  guint16 number_offset[GEOIP_NUMBER_MAX];
  guint8 number_len[GEOIP_NUMBER_MAX];
  guint16 text_len;
  gchar text[GEOIP_RECORD_TEXT_SIZE];
} GeoipRecord;

#define GEOIP_RECORD_SIZE(record) (G_STRUCT_OFFSET(GeoipRecord, text) + (record)->text_len)

void geoip_record_clear(GeoipRecord *record);

static inline gboolean
geoip_record_has(const GeoipRecord *record, guint32 bits)
{
  return (record->present & bits) == bits;
}

/* NULL when the record has no such string */
const gchar *geoip_record_get_string(const GeoipRecord *record, GeoipStringField field, gsize *len);

/*
 * Writes the numbers the record has as text: coordinates with six decimals
 * (about 0.1 m) and no trailing zeros, integers in decimal.  Once per
 * record, after its last lookup; geoip_databases_lookup() does it.
 */
void geoip_record_format_numbers(GeoipRecord *record);

/* NULL when the record has no such number, or its numbers were not formatted */
const gchar *geoip_record_get_number_text(const GeoipRecord *record, GeoipNumberField field, gsize *len);

/* Which fields a database is asked for. */
typedef enum
{
  /* country, continent, city, coordinates, accuracy */
  GEOIP_FIELDS_LOCATION = 1 << 0,
  /* AS number and organisation */
  GEOIP_FIELDS_AS = 1 << 1,
} GeoipFields;

typedef struct _GeoipDatabase GeoipDatabase;

/* NULL with *error set when the file is missing, unreadable or not a MaxMind DB. */
GeoipDatabase *geoip_database_open(const gchar *path, gint *error);
GeoipDatabase *geoip_database_ref(GeoipDatabase *self);
void geoip_database_unref(GeoipDatabase *self);

GeoipSchema geoip_database_get_schema(const GeoipDatabase *self);
guint64 geoip_database_get_build_epoch(const GeoipDatabase *self);
/* 4 for an IPv4-only database, 6 otherwise */
gint geoip_database_get_ip_version(const GeoipDatabase *self);

/*
 * Adds what the database has for the address to record (fields already
 * present are kept, an IPv4-mapped address is looked up as IPv4).  Returns
 * GEOIP_SUCCESS with *found telling whether the database has the address (an
 * IPv6 address in an IPv4-only database is simply not found), or an error,
 * leaving record as it was.
 */
gint geoip_database_lookup(GeoipDatabase *self, const GeoipAddress *address, const gchar *language,
                           GeoipFields fields, GeoipRecord *record, gboolean *found);

typedef enum
{
  /* the file is the one open */
  GEOIP_RELOAD_UNCHANGED,
  /* a new file opened and replaced the old one */
  GEOIP_RELOAD_SWAPPED,
  /* a new file (or its absence) did not open: the old one stays */
  GEOIP_RELOAD_REJECTED,
  /* the same rejected file as at the last check: nothing new to report */
  GEOIP_RELOAD_STILL_REJECTED,
} GeoipReloadResult;

typedef struct _GeoipDatabases GeoipDatabases;

GeoipDatabases *geoip_databases_new(void);
void geoip_databases_free(GeoipDatabases *self);

/* Opens path now; location files are tried in the order they were added. */
gint geoip_databases_add(GeoipDatabases *self, const gchar *path, GeoipFields fields);

gboolean geoip_databases_has_any(GeoipDatabases *self);

/* Changes whenever a database was swapped: cache entries of another generation are stale. */
guint32 geoip_databases_get_generation(GeoipDatabases *self);

/*
 * Clears record and fills it from the first location database that has the
 * address and from every AS database.  *found tells whether any had it.  On
 * an error the other databases still answer; the first error is returned.
 */
gint geoip_databases_lookup(GeoipDatabases *self, const GeoipAddress *address, const gchar *language,
                            GeoipRecord *record, gboolean *found);

typedef void (*GeoipReloadReportFunc)(const gchar *path, GeoipReloadResult result, gint error, gpointer user_data);

/* Checks every file now and swaps in those that changed and open; report may be NULL. */
void geoip_databases_reload(GeoipDatabases *self, GeoipReloadReportFunc report, gpointer user_data);

/*
 * Calls geoip_databases_reload() when interval seconds have passed since the
 * last check (now is any monotonic count of seconds; interval 0: never).
 * Safe to call from every thread on every lookup: one caller does the check,
 * the others go on with the databases they have.
 */
void geoip_databases_reload_if_due(GeoipDatabases *self, gint64 now, gint interval,
                                   GeoipReloadReportFunc report, gpointer user_data);

#endif
