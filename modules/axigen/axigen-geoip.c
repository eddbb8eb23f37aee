/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * axigen-geoip(): the syslog-ng face of the geoip-* lookups.  It looks the
 * client address up (through the cache), sets the typed fields it found, and
 * never drops a message.  What it could not look up is counted in syslog-ng's
 * statistics (component "parser", id "axigen-geoip", the parser's name as
 * instance: found, not_found, reserved, unparsable, failed) and logged at
 * debug level only.  Without any database (database("") from the SCL) it
 * passes every message on untouched.  A changed database file is noticed
 * on the message path: at most every reload-interval() seconds one
 * message's thread checks the files, the others go on with the databases
 * they have.
 */
#include "axigen-geoip.h"
#include "geoip-cache.h"
#include "geoip-database.h"
#include "geoip-reserved.h"
#include "parser-input.h"

#include "stats/stats-cluster-single.h"

#include <string.h>
#include <unistd.h>

#define AXIGEN_GEOIP_DEFAULT_TEMPLATE "${.axigen.client_ip}"
#define AXIGEN_GEOIP_DEFAULT_PREFIX ".axigen.geo."
#define AXIGEN_GEOIP_DEFAULT_CACHE_SIZE 65536
#define AXIGEN_GEOIP_DEFAULT_RELOAD_INTERVAL 60
#define AXIGEN_GEOIP_DEFAULT_LANGUAGE "en"
#define AXIGEN_GEOIP_STATS_ID "axigen-geoip"

static const gchar *default_databases[] =
{
  "/usr/share/GeoIP/GeoLite2-City.mmdb",
  "/var/lib/GeoIP/GeoLite2-City.mmdb",
  "/usr/share/GeoIP/GeoLite2-Country.mmdb",
  "/var/lib/GeoIP/GeoLite2-Country.mmdb",
};

/* The string fields come first, in the order of GeoipStringField. */
typedef enum
{
  GEO_FIELD_COUNTRY_CODE,
  GEO_FIELD_COUNTRY_NAME,
  GEO_FIELD_CONTINENT_CODE,
  GEO_FIELD_CITY,
  GEO_FIELD_AS_ORG,
  GEO_FIELD_LATITUDE,
  GEO_FIELD_LONGITUDE,
  GEO_FIELD_ACCURACY_KM,
  GEO_FIELD_ASN,
  GEO_FIELD_DB_BUILD,
  GEO_FIELD_RESERVED,
  GEO_FIELD_FOREIGN,
  GEO_FIELD_MAX
} GeoField;

static const gchar *geo_field_names[GEO_FIELD_MAX] =
{
  [GEO_FIELD_COUNTRY_CODE] = "country_code",
  [GEO_FIELD_COUNTRY_NAME] = "country_name",
  [GEO_FIELD_CONTINENT_CODE] = "continent_code",
  [GEO_FIELD_CITY] = "city",
  [GEO_FIELD_AS_ORG] = "as_org",
  [GEO_FIELD_LATITUDE] = "latitude",
  [GEO_FIELD_LONGITUDE] = "longitude",
  [GEO_FIELD_ACCURACY_KM] = "accuracy_km",
  [GEO_FIELD_ASN] = "asn",
  [GEO_FIELD_DB_BUILD] = "db_build",
  [GEO_FIELD_RESERVED] = "reserved",
  [GEO_FIELD_FOREIGN] = "foreign",
};

G_STATIC_ASSERT((gint) GEO_FIELD_AS_ORG == (gint) GEOIP_STRING_AS_ORG);

typedef enum
{
  GEO_COUNTER_FOUND,
  GEO_COUNTER_NOT_FOUND,
  GEO_COUNTER_RESERVED,
  GEO_COUNTER_UNPARSABLE,
  GEO_COUNTER_FAILED,
  GEO_COUNTER_MAX
} GeoCounter;

static const gchar *geo_counter_names[GEO_COUNTER_MAX] =
{
  [GEO_COUNTER_FOUND] = "found",
  [GEO_COUNTER_NOT_FOUND] = "not_found",
  [GEO_COUNTER_RESERVED] = "reserved",
  [GEO_COUNTER_UNPARSABLE] = "unparsable",
  [GEO_COUNTER_FAILED] = "failed",
};

typedef struct _AxigenGeoip
{
  LogParser super;
  ParserInput input;

  GPtrArray *databases_given;
  gchar *asn_database;
  gchar *prefix;
  GPtrArray *home_countries;
  gint cache_size;
  gint reload_interval;
  gchar *language;

  /* what init() acquires */
  GeoipDatabases *databases;
  GeoipCache *cache;
  NVHandle handles[GEO_FIELD_MAX];
  gchar *stats_instance;
  StatsCounterItem *counters[GEO_COUNTER_MAX];
} AxigenGeoip;

/*
 * Empty paths are kept, so that clone() passes them on, and skipped at
 * init(): database() given only empty paths means no location database
 * (not the default one), as the SCL needs for its unset arguments.
 */
void
axigen_geoip_add_database(LogParser *s, const gchar *path)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  g_ptr_array_add(self->databases_given, g_strdup(path ? path : ""));
}

/* an empty path is no database (the SCL passes its unset arguments as "") */
void
axigen_geoip_set_asn_database(LogParser *s, const gchar *path)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  g_free(self->asn_database);
  self->asn_database = path && path[0] ? g_strdup(path) : NULL;
}

void
axigen_geoip_set_prefix(LogParser *s, const gchar *prefix)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  g_free(self->prefix);
  self->prefix = g_strdup(prefix ? prefix : "");
}

void
axigen_geoip_add_home_country(LogParser *s, const gchar *iso_code)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  if (iso_code && iso_code[0])
    g_ptr_array_add(self->home_countries, g_ascii_strup(iso_code, -1));
}

void
axigen_geoip_set_cache_size(LogParser *s, gint cache_size)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  self->cache_size = MAX(cache_size, 0);
}

void
axigen_geoip_set_reload_interval(LogParser *s, gint seconds)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  self->reload_interval = MAX(seconds, 0);
}

void
axigen_geoip_set_language(LogParser *s, const gchar *language)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  g_free(self->language);
  self->language = g_strdup(language);
}

/* Setting the values */

static void
_set_value(AxigenGeoip *self, LogMessage *msg, GeoField field, const gchar *value, gssize len,
           LogMessageValueType type)
{
  log_msg_set_value_with_type(msg, self->handles[field], value, len, type);
}

/* the numbers as geoip_databases_lookup() wrote them, once per lookup: a cache hit formats nothing */
static void
_set_number(AxigenGeoip *self, LogMessage *msg, GeoField field, const GeoipRecord *record,
            GeoipNumberField number, LogMessageValueType type)
{
  gsize len;
  const gchar *text = geoip_record_get_number_text(record, number, &len);

  if (text)
    _set_value(self, msg, field, text, len, type);
}

static void
_set_boolean(AxigenGeoip *self, LogMessage *msg, GeoField field, gboolean value)
{
  _set_value(self, msg, field, value ? "true" : "false", -1, LM_VT_BOOLEAN);
}

static gboolean
_is_home_country(AxigenGeoip *self, const gchar *country_code)
{
  for (guint i = 0; i < self->home_countries->len; i++)
    {
      if (g_ascii_strcasecmp(g_ptr_array_index(self->home_countries, i), country_code) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
_set_record(AxigenGeoip *self, LogMessage *msg, const GeoipRecord *record)
{
  for (gint field = 0; field < GEOIP_STRING_MAX; field++)
    {
      gsize len;
      const gchar *value = geoip_record_get_string(record, field, &len);

      if (value)
        _set_value(self, msg, field, value, len, LM_VT_STRING);
    }

  _set_number(self, msg, GEO_FIELD_LATITUDE, record, GEOIP_NUMBER_LATITUDE, LM_VT_DOUBLE);
  _set_number(self, msg, GEO_FIELD_LONGITUDE, record, GEOIP_NUMBER_LONGITUDE, LM_VT_DOUBLE);
  _set_number(self, msg, GEO_FIELD_ACCURACY_KM, record, GEOIP_NUMBER_ACCURACY_KM, LM_VT_INT64);
  _set_number(self, msg, GEO_FIELD_ASN, record, GEOIP_NUMBER_ASN, LM_VT_INT64);
  _set_number(self, msg, GEO_FIELD_DB_BUILD, record, GEOIP_NUMBER_DB_BUILD, LM_VT_INT64);

  const gchar *country_code = geoip_record_get_string(record, GEOIP_STRING_COUNTRY_CODE, NULL);
  if (country_code && self->home_countries->len > 0)
    _set_boolean(self, msg, GEO_FIELD_FOREIGN, !_is_home_country(self, country_code));
}

/* Lookups */

static void
_report_reload(const gchar *path, GeoipReloadResult result, gint error, gpointer user_data)
{
  AxigenGeoip *self = (AxigenGeoip *) user_data;

  switch (result)
    {
    case GEOIP_RELOAD_SWAPPED:
      msg_info("axigen-geoip(): database file replaced, now using the new one",
               evt_tag_str("database", path),
               log_pipe_location_tag(&self->super.super));
      break;
    case GEOIP_RELOAD_REJECTED:
      msg_warning("axigen-geoip(): database file changed but cannot be used, keeping the one loaded",
                  evt_tag_str("database", path),
                  evt_tag_str("error", geoip_strerror(error)),
                  log_pipe_location_tag(&self->super.super));
      break;
    default:
      break;
    }
}

static gint64
_monotonic_seconds(void)
{
  return g_get_monotonic_time() / G_USEC_PER_SEC;
}

static void
_count(AxigenGeoip *self, GeoCounter counter)
{
  stats_counter_inc(self->counters[counter]);
}

static gint
_lookup(AxigenGeoip *self, const GeoipAddress *address, GeoipRecord *record, gboolean *found)
{
  /* the generation is read first: an answer cached under it can be older, never newer, than it */
  guint32 generation = geoip_databases_get_generation(self->databases);

  if (self->cache && geoip_cache_lookup(self->cache, address, generation, record, found))
    return GEOIP_SUCCESS;

  gint error = geoip_databases_lookup(self->databases, address, self->language, record, found);
  if (self->cache && error == GEOIP_SUCCESS)
    geoip_cache_insert(self->cache, address, generation, record, *found);
  return error;
}

static gboolean
_process(LogParser *s, LogMessage **pmsg, const LogPathOptions *path_options, const gchar *input, gsize input_len)
{
  AxigenGeoip *self = (AxigenGeoip *) s;
  GeoipAddress address;

  if (!geoip_databases_has_any(self->databases))
    return TRUE;

  input = parser_input_get(&self->input, *pmsg, input, &input_len);

  if (!geoip_address_parse(input, input_len, &address))
    {
      _count(self, GEO_COUNTER_UNPARSABLE);
      msg_debug("axigen-geoip(): no IP address to look up",
                evt_tag_mem("input", input, MIN(input_len, 64)),
                log_pipe_location_tag(&s->super));
      return TRUE;
    }

  if (geoip_address_is_reserved(&address))
    {
      _count(self, GEO_COUNTER_RESERVED);
      _set_boolean(self, log_msg_make_writable(pmsg, path_options), GEO_FIELD_RESERVED, TRUE);
      return TRUE;
    }

  geoip_databases_reload_if_due(self->databases, _monotonic_seconds(), self->reload_interval,
                                _report_reload, self);

  GeoipRecord record;
  gboolean found;
  gint error = _lookup(self, &address, &record, &found);

  if (error != GEOIP_SUCCESS)
    {
      _count(self, GEO_COUNTER_FAILED);
      msg_debug("axigen-geoip(): lookup failed",
                evt_tag_mem("address", input, input_len),
                evt_tag_str("error", geoip_strerror(error)),
                log_pipe_location_tag(&s->super));
    }

  if (!found)
    {
      if (error == GEOIP_SUCCESS)
        {
          _count(self, GEO_COUNTER_NOT_FOUND);
          msg_debug("axigen-geoip(): address not found in the databases",
                    evt_tag_mem("address", input, input_len),
                    log_pipe_location_tag(&s->super));
        }
      return TRUE;
    }

  _count(self, GEO_COUNTER_FOUND);
  _set_record(self, log_msg_make_writable(pmsg, path_options), &record);
  return TRUE;
}

/* Lifecycle */

static const gchar *
_find_default_database(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(default_databases); i++)
    {
      if (access(default_databases[i], F_OK) == 0)
        return default_databases[i];
    }
  return NULL;
}

static gboolean
_open_database(AxigenGeoip *self, const gchar *path, GeoipFields fields)
{
  gint error = geoip_databases_add(self->databases, path, fields);

  if (error == GEOIP_SUCCESS)
    return TRUE;

  msg_error("axigen-geoip(): cannot open database",
            evt_tag_str("database", path),
            evt_tag_str("error", geoip_strerror(error)),
            log_pipe_location_tag(&self->super.super));
  return FALSE;
}

static gboolean
_open_databases(AxigenGeoip *self)
{
  self->databases = geoip_databases_new();

  if (self->databases_given->len == 0)
    {
      const gchar *path = _find_default_database();
      if (!path)
        {
          gchar *tried = g_strjoinv(", ", (gchar **) default_databases);
          msg_error("axigen-geoip(): no database() given, and none of the default databases exists",
                    evt_tag_str("tried", tried),
                    log_pipe_location_tag(&self->super.super));
          g_free(tried);
          return FALSE;
        }
      if (!_open_database(self, path, GEOIP_FIELDS_LOCATION))
        return FALSE;
    }

  for (guint i = 0; i < self->databases_given->len; i++)
    {
      const gchar *path = g_ptr_array_index(self->databases_given, i);

      if (path[0] && !_open_database(self, path, GEOIP_FIELDS_LOCATION))
        return FALSE;
    }

  if (self->asn_database && !_open_database(self, self->asn_database, GEOIP_FIELDS_AS))
    return FALSE;

  /* starts the reload clock */
  geoip_databases_reload_if_due(self->databases, _monotonic_seconds(), self->reload_interval, NULL, NULL);
  return TRUE;
}

static void
_resolve_handles(AxigenGeoip *self)
{
  GString *name = g_string_new(NULL);

  for (gint field = 0; field < GEO_FIELD_MAX; field++)
    {
      g_string_assign(name, self->prefix);
      g_string_append(name, geo_field_names[field]);
      self->handles[field] = log_msg_get_value_handle(name->str);
    }
  g_string_free(name, TRUE);
}

static void
_register_counters(AxigenGeoip *self)
{
  StatsClusterKey sc_key;

  self->stats_instance = g_strdup(self->super.name ? self->super.name : AXIGEN_GEOIP_STATS_ID);
  stats_lock();
  for (gint counter = 0; counter < GEO_COUNTER_MAX; counter++)
    {
      stats_cluster_single_key_set_with_name(&sc_key, SCS_PARSER, AXIGEN_GEOIP_STATS_ID, self->stats_instance,
                                             geo_counter_names[counter]);
      stats_register_counter(0, &sc_key, SC_TYPE_SINGLE_VALUE, &self->counters[counter]);
    }
  stats_unlock();
}

static void
_unregister_counters(AxigenGeoip *self)
{
  StatsClusterKey sc_key;

  if (!self->stats_instance)
    return;
  stats_lock();
  for (gint counter = 0; counter < GEO_COUNTER_MAX; counter++)
    {
      stats_cluster_single_key_set_with_name(&sc_key, SCS_PARSER, AXIGEN_GEOIP_STATS_ID, self->stats_instance,
                                             geo_counter_names[counter]);
      stats_unregister_counter(&sc_key, SC_TYPE_SINGLE_VALUE, &self->counters[counter]);
    }
  stats_unlock();
  g_free(self->stats_instance);
  self->stats_instance = NULL;
}

static void
_release(AxigenGeoip *self)
{
  _unregister_counters(self);
  geoip_cache_free(self->cache);
  self->cache = NULL;
  geoip_databases_free(self->databases);
  self->databases = NULL;
}

/* a misspelt country would silently flag every login as foreign */
static gboolean
_validate_options(AxigenGeoip *self)
{
  for (guint i = 0; i < self->home_countries->len; i++)
    {
      const gchar *code = g_ptr_array_index(self->home_countries, i);

      if (strlen(code) != 2 || !g_ascii_isalpha(code[0]) || !g_ascii_isalpha(code[1]))
        {
          msg_error("axigen-geoip(): home-countries() takes two-letter ISO 3166 country codes, such as \"DE\"",
                    evt_tag_str("country", code),
                    log_pipe_location_tag(&self->super.super));
          return FALSE;
        }
    }
  if (!self->language[0])
    {
      msg_error("axigen-geoip(): language() must not be empty; the default is \"en\"",
                log_pipe_location_tag(&self->super.super));
      return FALSE;
    }
  return TRUE;
}

static gboolean
_init(LogPipe *s)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  if (!_validate_options(self))
    return FALSE;
  if (!_open_databases(self) || !log_parser_init_method(s))
    {
      _release(self);
      return FALSE;
    }

  if (self->cache_size > 0)
    self->cache = geoip_cache_new(self->cache_size);
  _resolve_handles(self);
  _register_counters(self);
  parser_input_init(&self->input, &self->super);
  return TRUE;
}

static gboolean
_deinit(LogPipe *s)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  parser_input_deinit(&self->input, &self->super);
  _release(self);
  return log_parser_deinit_method(s);
}

static LogPipe *
_clone(LogPipe *s)
{
  AxigenGeoip *self = (AxigenGeoip *) s;
  LogParser *cloned = axigen_geoip_new(s->cfg);

  log_parser_set_template(cloned, log_template_ref(parser_input_get_template(&self->input, &self->super)));
  for (guint i = 0; i < self->databases_given->len; i++)
    axigen_geoip_add_database(cloned, g_ptr_array_index(self->databases_given, i));
  axigen_geoip_set_asn_database(cloned, self->asn_database);
  axigen_geoip_set_prefix(cloned, self->prefix);
  for (guint i = 0; i < self->home_countries->len; i++)
    axigen_geoip_add_home_country(cloned, g_ptr_array_index(self->home_countries, i));
  axigen_geoip_set_cache_size(cloned, self->cache_size);
  axigen_geoip_set_reload_interval(cloned, self->reload_interval);
  axigen_geoip_set_language(cloned, self->language);
  return &cloned->super;
}

static void
_free(LogPipe *s)
{
  AxigenGeoip *self = (AxigenGeoip *) s;

  parser_input_deinit(&self->input, &self->super);
  _release(self);
  g_ptr_array_free(self->databases_given, TRUE);
  g_free(self->asn_database);
  g_free(self->prefix);
  g_ptr_array_free(self->home_countries, TRUE);
  g_free(self->language);
  log_parser_free_method(s);
}

static LogTemplate *
_default_template(GlobalConfig *cfg)
{
  LogTemplate *template = log_template_new(cfg, NULL);

  /* a constant that compiles */
  log_template_compile(template, AXIGEN_GEOIP_DEFAULT_TEMPLATE, NULL);
  return template;
}

LogParser *
axigen_geoip_new(GlobalConfig *cfg)
{
  AxigenGeoip *self = g_new0(AxigenGeoip, 1);

  log_parser_init_instance(&self->super, cfg);
  self->super.super.init = _init;
  self->super.super.deinit = _deinit;
  self->super.super.clone = _clone;
  self->super.super.free_fn = _free;
  self->super.process = _process;

  self->databases_given = g_ptr_array_new_with_free_func(g_free);
  self->home_countries = g_ptr_array_new_with_free_func(g_free);

  log_parser_set_template(&self->super, _default_template(cfg));
  axigen_geoip_set_prefix(&self->super, AXIGEN_GEOIP_DEFAULT_PREFIX);
  axigen_geoip_set_cache_size(&self->super, AXIGEN_GEOIP_DEFAULT_CACHE_SIZE);
  axigen_geoip_set_reload_interval(&self->super, AXIGEN_GEOIP_DEFAULT_RELOAD_INTERVAL);
  axigen_geoip_set_language(&self->super, AXIGEN_GEOIP_DEFAULT_LANGUAGE);
  return &self->super;
}
