/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every value read from a database is untrusted: its type is checked before
 * it is read, strings are bounded by their length (they are not
 * NUL-terminated in the file) and must be valid UTF-8 without NUL bytes,
 * and numbers must be in range.  A value that fails is left out, silently:
 * the record simply has no such field.
 */
#include "geoip-database.h"

#include <maxminddb.h>

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

/* what identifies the file behind a path, to notice a replacement */
typedef struct
{
  gboolean exists;
  dev_t dev;
  ino_t ino;
  off_t size;
  gint64 mtime_ns;
} FileIdentity;

struct _GeoipDatabase
{
  gint ref_cnt;
  MMDB_s mmdb;
  GeoipSchema schema;
  FileIdentity identity;
};

/* GeoipDatabase: one opened file */

const gchar *
geoip_strerror(gint error)
{
  switch (error)
    {
    case GEOIP_ERROR_FILE_NOT_FOUND:
      return "The database file does not exist.";
    case GEOIP_ERROR_PERMISSION_DENIED:
      return "The database file may not be read (permission denied).";
    case GEOIP_ERROR_NOT_A_REGULAR_FILE:
      return "The database path does not name a regular file.";
    case GEOIP_ERROR_FILE_UNREADABLE:
      return "The database file could not be examined.";
    default:
      return MMDB_strerror(error);
    }
}

static gint
_read_identity(const gchar *path, FileIdentity *identity)
{
  struct stat st;

  memset(identity, 0, sizeof(*identity));
  if (stat(path, &st) < 0)
    {
      switch (errno)
        {
        case ENOENT:
        case ENOTDIR:
          return GEOIP_ERROR_FILE_NOT_FOUND;
        case EACCES:
          return GEOIP_ERROR_PERMISSION_DENIED;
        default:
          return GEOIP_ERROR_FILE_UNREADABLE;
        }
    }
  if (!S_ISREG(st.st_mode))
    return GEOIP_ERROR_NOT_A_REGULAR_FILE;

  identity->exists = TRUE;
  identity->dev = st.st_dev;
  identity->ino = st.st_ino;
  identity->size = st.st_size;
  identity->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  return GEOIP_SUCCESS;
}

static gboolean
_identity_equal(const FileIdentity *a, const FileIdentity *b)
{
  if (!a->exists || !b->exists)
    return a->exists == b->exists;
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_ns == b->mtime_ns;
}

/*
 * The first data record of the search tree shows the schema: ip-location-db
 * files have a top-level country_code (or a plain-string city, or
 * latitude), MaxMind's have maps.  The walk is bounded, the tree being
 * untrusted.
 */
#define PROBE_MAX_NODES 4096

static gboolean
_find_first_record(const MMDB_s *mmdb, uint32_t node_number, gint depth, gint *budget, MMDB_entry_s *entry)
{
  MMDB_search_node_s node;

  if (depth > 128 || --(*budget) < 0)
    return FALSE;
  if (MMDB_read_node(mmdb, node_number, &node) != MMDB_SUCCESS)
    return FALSE;

  const struct
  {
    uint8_t type;
    uint64_t record;
    MMDB_entry_s entry;
  } branches[2] =
  {
    { node.left_record_type, node.left_record, node.left_record_entry },
    { node.right_record_type, node.right_record, node.right_record_entry },
  };

  for (gint i = 0; i < 2; i++)
    {
      if (branches[i].type == MMDB_RECORD_TYPE_DATA)
        {
          *entry = branches[i].entry;
          return TRUE;
        }
      if (branches[i].type == MMDB_RECORD_TYPE_SEARCH_NODE && branches[i].record <= G_MAXUINT32
          && _find_first_record(mmdb, (uint32_t) branches[i].record, depth + 1, budget, entry))
        return TRUE;
    }
  return FALSE;
}

static gboolean
_has_value(MMDB_entry_s *entry, const gchar *key, uint32_t type)
{
  MMDB_entry_data_s data;
  const char *path[] = { key, NULL };

  return MMDB_aget_value(entry, &data, path) == MMDB_SUCCESS && data.has_data && data.type == type;
}

static GeoipSchema
_detect_schema(const MMDB_s *mmdb)
{
  MMDB_entry_s entry;
  gint budget = PROBE_MAX_NODES;

  if (!_find_first_record(mmdb, 0, 0, &budget, &entry))
    return GEOIP_SCHEMA_MAXMIND;

  if (_has_value(&entry, "country_code", MMDB_DATA_TYPE_UTF8_STRING)
      || _has_value(&entry, "city", MMDB_DATA_TYPE_UTF8_STRING)
      || _has_value(&entry, "latitude", MMDB_DATA_TYPE_FLOAT)
      || _has_value(&entry, "latitude", MMDB_DATA_TYPE_DOUBLE))
    return GEOIP_SCHEMA_FLAT;
  return GEOIP_SCHEMA_MAXMIND;
}

static GeoipDatabase *
_open_with_identity(const gchar *path, const FileIdentity *identity, gint *error)
{
  GeoipDatabase *self = g_new0(GeoipDatabase, 1);

  gint status = MMDB_open(path, MMDB_MODE_MMAP, &self->mmdb);
  if (status != MMDB_SUCCESS)
    {
      g_free(self);
      *error = status;
      return NULL;
    }

  self->ref_cnt = 1;
  self->identity = *identity;
  self->schema = _detect_schema(&self->mmdb);
  *error = GEOIP_SUCCESS;
  return self;
}

GeoipDatabase *
geoip_database_open(const gchar *path, gint *error)
{
  FileIdentity identity;

  /* identity first: a file replaced between the two is then only reopened once more */
  *error = _read_identity(path, &identity);
  if (*error != GEOIP_SUCCESS)
    return NULL;
  return _open_with_identity(path, &identity, error);
}

GeoipDatabase *
geoip_database_ref(GeoipDatabase *self)
{
  g_atomic_int_inc(&self->ref_cnt);
  return self;
}

void
geoip_database_unref(GeoipDatabase *self)
{
  if (!self || !g_atomic_int_dec_and_test(&self->ref_cnt))
    return;
  MMDB_close(&self->mmdb);
  g_free(self);
}

GeoipSchema
geoip_database_get_schema(const GeoipDatabase *self)
{
  return self->schema;
}

guint64
geoip_database_get_build_epoch(const GeoipDatabase *self)
{
  return self->mmdb.metadata.build_epoch;
}

gint
geoip_database_get_ip_version(const GeoipDatabase *self)
{
  return self->mmdb.metadata.ip_version == 4 ? 4 : 6;
}

/* GeoipRecord */

void
geoip_record_clear(GeoipRecord *record)
{
  memset(record, 0, G_STRUCT_OFFSET(GeoipRecord, text));
}

const gchar *
geoip_record_get_string(const GeoipRecord *record, GeoipStringField field, gsize *len)
{
  if (!geoip_record_has(record, 1 << field))
    return NULL;
  if (len)
    *len = record->string_len[field];
  return record->text + record->string_offset[field];
}

/* copies value, NUL-terminated, after the record's text; FALSE when it does not fit */
static gboolean
_record_append_text(GeoipRecord *record, const gchar *value, gsize len, guint16 *offset)
{
  if (len + 1 > sizeof(record->text) - record->text_len)
    return FALSE;

  *offset = record->text_len;
  memcpy(record->text + record->text_len, value, len);
  record->text[record->text_len + len] = '\0';
  record->text_len += len + 1;
  return TRUE;
}

static void
_record_add_string(GeoipRecord *record, GeoipStringField field, const gchar *value, gsize len)
{
  if (geoip_record_has(record, 1 << field))
    return;

  if (_record_append_text(record, value, len, &record->string_offset[field]))
    {
      record->string_len[field] = len;
      record->present |= 1 << field;
    }
}

static void
_record_add_number_text(GeoipRecord *record, GeoipNumberField field, const gchar *text, gsize len)
{
  if (len == 0 || len > G_MAXUINT8)
    return;

  if (_record_append_text(record, text, len, &record->number_offset[field]))
    record->number_len[field] = len;
}

/* the decimal digits of value, written backwards from end; returns where they start */
static gchar *
_format_unsigned(guint64 value, gchar *end)
{
  do
    {
      *--end = (gchar) ('0' + value % 10);
      value /= 10;
    }
  while (value);
  return end;
}

/*
 * Six decimals (about 0.1 m), rounded half away from zero, without trailing
 * zeros, never "-0".  By hand: printf's "%.6f" costs some 3,000
 * instructions, more than the lookup's own field reads, and it would be
 * paid on every cache miss.
 */
static void
_record_add_coordinate_text(GeoipRecord *record, GeoipNumberField field, gdouble value)
{
  if (!isfinite(value) || fabs(value) > 1e9)
    return;

  gdouble scaled = value * 1e6;
  guint64 millionths = (guint64) (fabs(scaled) + 0.5);
  guint64 fraction = millionths % 1000000;
  gchar buffer[32];
  gchar *start = buffer + sizeof(buffer);

  if (fraction)
    {
      gint digits = 6;
      for (; fraction % 10 == 0; fraction /= 10)
        digits--;
      for (; digits > 0; digits--, fraction /= 10)
        *--start = (gchar) ('0' + fraction % 10);
      *--start = '.';
    }
  start = _format_unsigned(millionths / 1000000, start);
  if (scaled < 0 && millionths > 0)
    *--start = '-';
  _record_add_number_text(record, field, start, buffer + sizeof(buffer) - start);
}

static void
_record_add_integer_text(GeoipRecord *record, GeoipNumberField field, guint64 value)
{
  gchar buffer[24];
  gchar *start = _format_unsigned(value, buffer + sizeof(buffer));

  _record_add_number_text(record, field, start, buffer + sizeof(buffer) - start);
}

void
geoip_record_format_numbers(GeoipRecord *record)
{
  if (geoip_record_has(record, GEOIP_HAS_COORDINATES))
    {
      _record_add_coordinate_text(record, GEOIP_NUMBER_LATITUDE, record->latitude);
      _record_add_coordinate_text(record, GEOIP_NUMBER_LONGITUDE, record->longitude);
    }
  if (geoip_record_has(record, GEOIP_HAS_ACCURACY))
    _record_add_integer_text(record, GEOIP_NUMBER_ACCURACY_KM, record->accuracy_km);
  if (geoip_record_has(record, GEOIP_HAS_ASN))
    _record_add_integer_text(record, GEOIP_NUMBER_ASN, record->asn);
  if (geoip_record_has(record, GEOIP_HAS_DB_BUILD))
    _record_add_integer_text(record, GEOIP_NUMBER_DB_BUILD, record->db_build);
}

const gchar *
geoip_record_get_number_text(const GeoipRecord *record, GeoipNumberField field, gsize *len)
{
  if (record->number_len[field] == 0)
    return NULL;
  if (len)
    *len = record->number_len[field];
  return record->text + record->number_offset[field];
}

/* Field reads */

/* where the reads start (a record, or a map inside it), and the first real error met */
typedef struct
{
  MMDB_entry_s entry;
  gint *error;
} Reader;

static gboolean
_read_value(Reader *reader, const char *const *path, MMDB_entry_data_s *data)
{
  gint status = MMDB_aget_value(&reader->entry, data, path);

  if (status == MMDB_SUCCESS)
    return data->has_data;

  /* a key missing on the way, or a value of another shape: the field is absent */
  if (status != MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR && status != MMDB_INVALID_LOOKUP_PATH_ERROR
      && *reader->error == GEOIP_SUCCESS)
    *reader->error = status;
  return FALSE;
}

/*
 * The reads below the map at key start from that map, so that the record's
 * top level (with its large maps of names to skip) is walked once per map
 * rather than once per field.
 */
static gboolean
_enter_map(Reader *reader, const gchar *key, Reader *map)
{
  const char *const path[] = { key, NULL };
  MMDB_entry_data_s data;

  if (!_read_value(reader, path, &data) || data.type != MMDB_DATA_TYPE_MAP)
    return FALSE;
  map->entry = (MMDB_entry_s)
  {
    .mmdb = reader->entry.mmdb, .offset = data.offset
  };
  map->error = reader->error;
  return TRUE;
}

static gboolean
_is_code(const gchar *value, gsize len)
{
  if (len == 0 || len > GEOIP_CODE_MAX_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum(value[i]) && value[i] != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
_is_name(const gchar *value, gsize len)
{
  return len > 0 && len <= GEOIP_NAME_MAX_LEN && g_utf8_validate_len(value, len, NULL);
}

static void
_read_string(Reader *reader, const char *const *path, GeoipRecord *record, GeoipStringField field,
             gboolean is_code)
{
  MMDB_entry_data_s data;

  if (geoip_record_has(record, 1 << field))
    return;
  if (!_read_value(reader, path, &data) || data.type != MMDB_DATA_TYPE_UTF8_STRING)
    return;

  /* an empty string is how the flat databases say "unknown" */
  if (is_code ? !_is_code(data.utf8_string, data.data_size) : !_is_name(data.utf8_string, data.data_size))
    return;
  _record_add_string(record, field, data.utf8_string, data.data_size);
}

static gboolean
_read_double(Reader *reader, const char *const *path, gdouble *value)
{
  MMDB_entry_data_s data;

  if (!_read_value(reader, path, &data))
    return FALSE;
  if (data.type == MMDB_DATA_TYPE_DOUBLE)
    *value = data.double_value;
  else if (data.type == MMDB_DATA_TYPE_FLOAT)
    {
      /* a float holds about 7 digits: 52.5244f is 52.52439880..., and should read 52.5244 */
      gchar digits[G_ASCII_DTOSTR_BUF_SIZE];
      *value = g_ascii_strtod(g_ascii_formatd(digits, sizeof(digits), "%.7g", data.float_value), NULL);
    }
  else
    return FALSE;
  return isfinite(*value);
}

static gboolean
_read_unsigned(Reader *reader, const char *const *path, guint32 *value)
{
  MMDB_entry_data_s data;

  if (!_read_value(reader, path, &data))
    return FALSE;
  switch (data.type)
    {
    case MMDB_DATA_TYPE_UINT16:
      *value = data.uint16;
      return TRUE;
    case MMDB_DATA_TYPE_UINT32:
      *value = data.uint32;
      return TRUE;
    case MMDB_DATA_TYPE_INT32:
      if (data.int32 < 0)
        return FALSE;
      *value = (guint32) data.int32;
      return TRUE;
    case MMDB_DATA_TYPE_UINT64:
      if (data.uint64 > G_MAXUINT32)
        return FALSE;
      *value = (guint32) data.uint64;
      return TRUE;
    default:
      return FALSE;
    }
}

static void
_read_coordinates(Reader *reader, const char *const *latitude_path, const char *const *longitude_path,
                  GeoipRecord *record)
{
  gdouble latitude, longitude;

  if (geoip_record_has(record, GEOIP_HAS_COORDINATES))
    return;
  if (!_read_double(reader, latitude_path, &latitude) || !_read_double(reader, longitude_path, &longitude))
    return;
  if (fabs(latitude) > 90.0 || fabs(longitude) > 180.0)
    return;

  record->latitude = latitude;
  record->longitude = longitude;
  record->present |= GEOIP_HAS_COORDINATES;
}

static void
_read_maxmind_location(Reader *reader, const gchar *language, GeoipRecord *record)
{
  const char *const iso_code[] = { "iso_code", NULL };
  const char *const code[] = { "code", NULL };
  const char *const name[] = { "names", language, NULL };
  const char *const latitude[] = { "latitude", NULL };
  const char *const longitude[] = { "longitude", NULL };
  const char *const accuracy[] = { "accuracy_radius", NULL };
  Reader map;

  if (_enter_map(reader, "country", &map))
    {
      _read_string(&map, iso_code, record, GEOIP_STRING_COUNTRY_CODE, TRUE);
      _read_string(&map, name, record, GEOIP_STRING_COUNTRY_NAME, FALSE);
    }
  if (_enter_map(reader, "continent", &map))
    _read_string(&map, code, record, GEOIP_STRING_CONTINENT_CODE, TRUE);
  if (_enter_map(reader, "city", &map))
    _read_string(&map, name, record, GEOIP_STRING_CITY, FALSE);

  /* the radius belongs to the coordinates it came with */
  if (!geoip_record_has(record, GEOIP_HAS_COORDINATES) && _enter_map(reader, "location", &map))
    {
      _read_coordinates(&map, latitude, longitude, record);
      if (geoip_record_has(record, GEOIP_HAS_COORDINATES) && _read_unsigned(&map, accuracy, &record->accuracy_km))
        record->present |= GEOIP_HAS_ACCURACY;
    }
}

static void
_read_flat_location(Reader *reader, GeoipRecord *record)
{
  const char *const country_code[] = { "country_code", NULL };
  const char *const city[] = { "city", NULL };
  const char *const latitude[] = { "latitude", NULL };
  const char *const longitude[] = { "longitude", NULL };

  _read_string(reader, country_code, record, GEOIP_STRING_COUNTRY_CODE, TRUE);
  _read_string(reader, city, record, GEOIP_STRING_CITY, FALSE);
  _read_coordinates(reader, latitude, longitude, record);
}

static void
_read_as(Reader *reader, GeoipRecord *record)
{
  const char *const number[] = { "autonomous_system_number", NULL };
  const char *const organization[] = { "autonomous_system_organization", NULL };

  if (!geoip_record_has(record, GEOIP_HAS_ASN) && _read_unsigned(reader, number, &record->asn)
      && record->asn != 0)
    record->present |= GEOIP_HAS_ASN;
  _read_string(reader, organization, record, GEOIP_STRING_AS_ORG, FALSE);
}

static void
_fill_sockaddr(const GeoipAddress *address, struct sockaddr_storage *storage)
{
  memset(storage, 0, sizeof(*storage));
  if (address->len == 4)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) storage;
      sin->sin_family = AF_INET;
      memcpy(&sin->sin_addr, address->bytes, 4);
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) storage;
      sin6->sin6_family = AF_INET6;
      memcpy(&sin6->sin6_addr, address->bytes, 16);
    }
}

gint
geoip_database_lookup(GeoipDatabase *self, const GeoipAddress *address, const gchar *language,
                      GeoipFields fields, GeoipRecord *record, gboolean *found)
{
  GeoipAddress unmapped = *address;
  struct sockaddr_storage storage;
  gint mmdb_error;

  *found = FALSE;
  geoip_address_unmap(&unmapped);
  if (unmapped.len == 16 && self->mmdb.metadata.ip_version == 4)
    return GEOIP_SUCCESS;

  _fill_sockaddr(&unmapped, &storage);
  MMDB_lookup_result_s result = MMDB_lookup_sockaddr(&self->mmdb, (const struct sockaddr *) &storage, &mmdb_error);
  if (mmdb_error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR)
    return GEOIP_SUCCESS;
  if (mmdb_error != MMDB_SUCCESS)
    return mmdb_error;
  if (!result.found_entry)
    return GEOIP_SUCCESS;

  gint error = GEOIP_SUCCESS;
  Reader reader = { .entry = result.entry, .error = &error };
  guint32 present_before = record->present;
  guint16 text_len_before = record->text_len;

  if (fields & GEOIP_FIELDS_LOCATION)
    {
      if (self->schema == GEOIP_SCHEMA_FLAT)
        _read_flat_location(&reader, record);
      else
        _read_maxmind_location(&reader, language, record);
    }
  if (fields & GEOIP_FIELDS_AS)
    _read_as(&reader, record);

  if (error != GEOIP_SUCCESS)
    {
      record->present = present_before;
      record->text_len = text_len_before;
      return error;
    }

  if (!geoip_record_has(record, GEOIP_HAS_DB_BUILD))
    {
      record->db_build = self->mmdb.metadata.build_epoch;
      record->present |= GEOIP_HAS_DB_BUILD;
    }
  *found = TRUE;
  return GEOIP_SUCCESS;
}

/* GeoipDatabaseFile: a path and what is open from it */

typedef struct
{
  gchar *path;
  GeoipFields fields;
  /* guards current (the swap and the references taken for lookups) */
  GMutex lock;
  GeoipDatabase *current;
  /* the last replacement that did not open, so that it is reported once */
  FileIdentity rejected;
  gboolean has_rejected;
} GeoipDatabaseFile;

static GeoipDatabaseFile *
_file_open(const gchar *path, GeoipFields fields, gint *error)
{
  GeoipDatabase *database = geoip_database_open(path, error);
  if (!database)
    return NULL;

  GeoipDatabaseFile *self = g_new0(GeoipDatabaseFile, 1);
  self->path = g_strdup(path);
  self->fields = fields;
  self->current = database;
  g_mutex_init(&self->lock);
  return self;
}

static void
_file_free(GeoipDatabaseFile *self)
{
  geoip_database_unref(self->current);
  g_mutex_clear(&self->lock);
  g_free(self->path);
  g_free(self);
}

static GeoipDatabase *
_file_acquire(GeoipDatabaseFile *self)
{
  g_mutex_lock(&self->lock);
  GeoipDatabase *database = geoip_database_ref(self->current);
  g_mutex_unlock(&self->lock);
  return database;
}

/* only one thread at a time runs this (GeoipDatabases.reload_lock) */
static GeoipReloadResult
_file_reload(GeoipDatabaseFile *self, gint *error)
{
  FileIdentity identity;

  *error = _read_identity(self->path, &identity);
  if (_identity_equal(&identity, &self->current->identity))
    {
      self->has_rejected = FALSE;
      return GEOIP_RELOAD_UNCHANGED;
    }
  if (self->has_rejected && _identity_equal(&identity, &self->rejected))
    return GEOIP_RELOAD_STILL_REJECTED;

  GeoipDatabase *replacement = NULL;
  if (*error == GEOIP_SUCCESS)
    replacement = _open_with_identity(self->path, &identity, error);

  if (!replacement)
    {
      self->rejected = identity;
      self->has_rejected = TRUE;
      return GEOIP_RELOAD_REJECTED;
    }

  g_mutex_lock(&self->lock);
  GeoipDatabase *old = self->current;
  self->current = replacement;
  g_mutex_unlock(&self->lock);

  /* lookups still running on other threads hold their own references */
  geoip_database_unref(old);
  self->has_rejected = FALSE;
  return GEOIP_RELOAD_SWAPPED;
}

/* GeoipDatabases: the files of one parser */

struct _GeoipDatabases
{
  GPtrArray *files;
  guint generation;
  GMutex reload_lock;
  gint next_check;
};

GeoipDatabases *
geoip_databases_new(void)
{
  GeoipDatabases *self = g_new0(GeoipDatabases, 1);

  self->files = g_ptr_array_new_with_free_func((GDestroyNotify) _file_free);
  self->generation = 1;
  g_mutex_init(&self->reload_lock);
  return self;
}

void
geoip_databases_free(GeoipDatabases *self)
{
  if (!self)
    return;
  g_ptr_array_free(self->files, TRUE);
  g_mutex_clear(&self->reload_lock);
  g_free(self);
}

gint
geoip_databases_add(GeoipDatabases *self, const gchar *path, GeoipFields fields)
{
  gint error;
  GeoipDatabaseFile *file = _file_open(path, fields, &error);

  if (file)
    g_ptr_array_add(self->files, file);
  return error;
}

gboolean
geoip_databases_has_any(GeoipDatabases *self)
{
  return self->files->len > 0;
}

guint32
geoip_databases_get_generation(GeoipDatabases *self)
{
  return (guint32) g_atomic_int_get(&self->generation);
}

gint
geoip_databases_lookup(GeoipDatabases *self, const GeoipAddress *address, const gchar *language,
                       GeoipRecord *record, gboolean *found)
{
  gboolean location_found = FALSE;
  gint first_error = GEOIP_SUCCESS;

  geoip_record_clear(record);
  *found = FALSE;

  for (guint i = 0; i < self->files->len; i++)
    {
      GeoipDatabaseFile *file = g_ptr_array_index(self->files, i);
      gboolean this_found;

      if ((file->fields & GEOIP_FIELDS_LOCATION) && location_found)
        continue;

      GeoipDatabase *database = _file_acquire(file);
      gint error = geoip_database_lookup(database, address, language, file->fields, record, &this_found);
      geoip_database_unref(database);

      if (error != GEOIP_SUCCESS && first_error == GEOIP_SUCCESS)
        first_error = error;
      if (this_found && (file->fields & GEOIP_FIELDS_LOCATION))
        location_found = TRUE;
      *found = *found || this_found;
    }
  geoip_record_format_numbers(record);
  return first_error;
}

void
geoip_databases_reload(GeoipDatabases *self, GeoipReloadReportFunc report, gpointer user_data)
{
  gboolean swapped = FALSE;

  if (!g_mutex_trylock(&self->reload_lock))
    return;

  for (guint i = 0; i < self->files->len; i++)
    {
      GeoipDatabaseFile *file = g_ptr_array_index(self->files, i);
      gint error;
      GeoipReloadResult result = _file_reload(file, &error);

      if (result == GEOIP_RELOAD_SWAPPED)
        swapped = TRUE;
      if (report)
        report(file->path, result, error, user_data);
    }

  /* after the swap: a lookup that sees the new generation also sees the new files */
  if (swapped)
    g_atomic_int_inc(&self->generation);
  g_mutex_unlock(&self->reload_lock);
}

void
geoip_databases_reload_if_due(GeoipDatabases *self, gint64 now, gint interval,
                              GeoipReloadReportFunc report, gpointer user_data)
{
  if (interval <= 0)
    return;

  gint next_check = g_atomic_int_get(&self->next_check);

  if (next_check != 0 && now < next_check)
    return;
  if (!g_atomic_int_compare_and_exchange(&self->next_check, next_check, (gint) MIN(now + interval, G_MAXINT)))
    return;

  /* the first call only starts the clock: the files were opened just now */
  if (next_check != 0)
    geoip_databases_reload(self, report, user_data);
}
