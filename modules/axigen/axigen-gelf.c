/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * $(axigen-gelf): GELF 1.1 for Graylog, written by hand rather than with
 * $(format-json), because on @version: 3.38 format-json writes typed values
 * as strings, and its type-hint casts drop the whole message when a value is
 * empty.  Here every value is written with the type it was stored with, and
 * a value that does not look like its type is written as a string: the
 * object is always valid JSON and always accepted by Graylog.
 */
#include "axigen-gelf.h"
#include "axigen-json.h"
#include "template/templates.h"

#include <string.h>

#define SYSLOG_SEVERITY_MASK 0x07

typedef struct _AxigenGelfAlias
{
  const gchar *gelf_name;
  /* after the prefix */
  const gchar *value_name;
} AxigenGelfAlias;

/* Graylog's information model, so that its own searches and dashboards work */
static const AxigenGelfAlias gelf_aliases[] =
{
  { "_source_ip",              "client_ip" },
  { "_source_port",            "client_port" },
  { "_user_name",              "user" },
  { "_event_outcome",          "outcome" },
  { "_source_geo_country_iso", "geo.country_code" },
  { "_source_geo_city",        "geo.city" },
  { "_source_as_number",       "geo.asn" },
  { "_source_as_organization", "geo.as_org" },
  { "_source_reserved_ip",     "geo.reserved" },
};

struct _AxigenGelf
{
  gchar *prefix;
  gsize prefix_len;
  /* what an additional field name starts with: "_axigen_" for ".axigen." */
  gchar *field_prefix;
  gboolean null_terminated;

  NVHandle host;
  NVHandle message;
  NVHandle level;
  NVHandle latitude;
  NVHandle longitude;
  NVHandle alias_handles[G_N_ELEMENTS(gelf_aliases)];
};

/* syslog-ng's value types as the JSON writer's: the ones JSON has a type
 * for, and every other one (JSON, lists, datetimes, ...) as a string, so
 * that nothing is ever nested */
static AxigenJsonType
_json_type(LogMessageValueType type)
{
  switch (type)
    {
    case LM_VT_INT32:
    case LM_VT_INT64:
      return AXIGEN_JSON_INTEGER;
    case LM_VT_DOUBLE:
      return AXIGEN_JSON_DOUBLE;
    case LM_VT_BOOLEAN:
      return AXIGEN_JSON_BOOLEAN;
    default:
      return AXIGEN_JSON_STRING;
    }
}

static gboolean
_is_present(const gchar *value, gssize len, LogMessageValueType type)
{
  return value && len > 0 && type != LM_VT_NULL;
}

/* Message parts */

static const gchar *
_get_value(LogMessage *msg, NVHandle handle, gssize *len, LogMessageValueType *type)
{
  LogMessageValueType value_type = LM_VT_STRING;
  const gchar *value = log_msg_get_value_if_set_with_type(msg, handle, len, &value_type);

  if (type)
    *type = value_type;
  if (!_is_present(value, *len, value_type))
    return NULL;
  return value;
}

static void
_append_string_or_fallback(GString *out, LogMessage *msg, NVHandle preferred, NVHandle fallback)
{
  gssize len;
  const gchar *value = _get_value(msg, preferred, &len, NULL);

  if (!value)
    value = _get_value(msg, fallback, &len, NULL);
  if (!value)
    {
      /* Graylog requires both host and short_message to be non-empty */
      value = "-";
      len = 1;
    }
  axigen_json_append_string(out, value, len);
}

static void
_append_timestamp(GString *out, LogMessage *msg)
{
  const UnixTime *stamp = &msg->timestamps[LM_TS_STAMP];
  gint64 seconds = stamp->ut_sec;
  guint32 usec = stamp->ut_usec % 1000000;

  if (seconds < 0 && usec > 0)
    {
      /* -5 s + 0.25 s is -4.75 s */
      g_string_append_c(out, '-');
      axigen_json_append_uint64(out, (guint64) 0 - (guint64) (seconds + 1));
      usec = 1000000 - usec;
    }
  else
    axigen_json_append_int64(out, seconds);

  if (usec == 0)
    return;

  gchar fraction[7] = { '.' };
  gsize digits = 6;
  for (gsize i = 6; i >= 1; i--)
    {
      fraction[i] = '0' + (usec % 10);
      usec /= 10;
    }
  while (fraction[digits] == '0')
    digits--;
  g_string_append_len(out, fraction, digits + 1);
}

/* Axigen's level is a bit weight: 01 critical, 02 error, 04 warning,
 * 08 info, 16 (or 10) protocol */
static gint
_gelf_level(AxigenGelf *self, LogMessage *msg)
{
  gssize len;
  const gchar *level = _get_value(msg, self->level, &len, NULL);
  gint64 weight;

  if (level && axigen_json_parse_int64(level, len, &weight))
    {
      switch (weight)
        {
        case 1:
          return 2;
        case 2:
          return 3;
        case 4:
          return 4;
        case 8:
          return 6;
        case 10:
        case 16:
          return 7;
        default:
          break;
        }
    }
  return msg->pri & SYSLOG_SEVERITY_MASK;
}

static void
_append_aliases(AxigenGelf *self, LogMessage *msg, GString *out)
{
  for (gsize i = 0; i < G_N_ELEMENTS(gelf_aliases); i++)
    {
      gssize len;
      LogMessageValueType type;
      const gchar *value = _get_value(msg, self->alias_handles[i], &len, &type);

      if (!value)
        continue;
      axigen_json_append_key(out, gelf_aliases[i].gelf_name);
      axigen_json_append_typed_value(out, value, len, _json_type(type));
    }

  gssize latitude_len, longitude_len;
  const gchar *latitude = _get_value(msg, self->latitude, &latitude_len, NULL);
  const gchar *longitude = _get_value(msg, self->longitude, &longitude_len, NULL);
  if (latitude && longitude)
    {
      axigen_json_append_key(out, "_source_geo_coordinates");
      g_string_append_c(out, '"');
      axigen_json_append_string_content(out, latitude, latitude_len);
      g_string_append_c(out, ',');
      axigen_json_append_string_content(out, longitude, longitude_len);
      g_string_append_c(out, '"');
    }
}

static inline gboolean
_is_name_char(gchar c)
{
  return g_ascii_isalnum(c) || c == '_' || c == '-';
}

typedef struct _AxigenGelfFields
{
  AxigenGelf *self;
  GString *out;
} AxigenGelfFields;

static gboolean
_append_field(NVHandle handle, const gchar *name, const gchar *value, gssize value_len, NVType type,
              gpointer user_data)
{
  AxigenGelfFields *fields = (AxigenGelfFields *) user_data;
  AxigenGelf *self = fields->self;
  GString *out = fields->out;

  if (!name || strncmp(name, self->prefix, self->prefix_len) != 0)
    return FALSE;
  const gchar *rest = name + self->prefix_len;
  if (!rest[0] || !_is_present(value, value_len, type))
    return FALSE;

  g_string_append_len(out, ",\"", 2);
  gsize name_start = out->len;
  g_string_append(out, self->field_prefix);
  for (const gchar *p = rest; *p; p++)
    g_string_append_c(out, _is_name_char(*p) ? *p : '_');
  if (out->len - name_start == 3 && memcmp(out->str + name_start, "_id", 3) == 0)
    {
      /* GELF reserves _id */
      g_string_truncate(out, name_start);
      g_string_append_len(out, "_axigen_id", 10);
    }
  g_string_append_len(out, "\":", 2);
  axigen_json_append_typed_value(out, value, value_len, _json_type(type));
  return FALSE;
}

typedef struct _AxigenGelfTags
{
  GString *out;
  gboolean any;
} AxigenGelfTags;

static gboolean
_append_tag(const LogMessage *msg, LogTagId tag_id, const gchar *name, gpointer user_data)
{
  AxigenGelfTags *tags = (AxigenGelfTags *) user_data;

  /* syslog-ng's own tags (.source.s_axigen, ...) say nothing to Graylog */
  if (!name || !name[0] || name[0] == '.')
    return TRUE;

  if (tags->any)
    g_string_append_c(tags->out, ',');
  else
    {
      axigen_json_append_key(tags->out, "_tags");
      g_string_append_c(tags->out, '"');
      tags->any = TRUE;
    }
  axigen_json_append_string_content(tags->out, name, strlen(name));
  return TRUE;
}

void
axigen_gelf_append(AxigenGelf *self, LogMessage *msg, GString *result)
{
  g_string_append(result, "{\"version\":\"1.1\",\"host\":");
  _append_string_or_fallback(result, msg, self->host, LM_V_HOST);
  g_string_append(result, ",\"short_message\":");
  _append_string_or_fallback(result, msg, self->message, LM_V_MESSAGE);
  g_string_append(result, ",\"timestamp\":");
  _append_timestamp(result, msg);
  g_string_append(result, ",\"level\":");
  axigen_json_append_int64(result, _gelf_level(self, msg));

  _append_aliases(self, msg, result);

  AxigenGelfFields fields = { .self = self, .out = result };
  log_msg_values_foreach(msg, _append_field, &fields);

  AxigenGelfTags tags = { .out = result, .any = FALSE };
  log_msg_tags_foreach(msg, _append_tag, &tags);
  if (tags.any)
    g_string_append_c(result, '"');

  g_string_append_c(result, '}');
  if (self->null_terminated)
    g_string_append_c(result, '\0');
}

/* ".axigen." -> "_axigen_" */
static gchar *
_field_prefix_new(const gchar *prefix)
{
  const gchar *p = prefix;
  GString *field_prefix = g_string_new("_");

  while (*p == '.' || *p == '_')
    p++;
  for (; *p; p++)
    g_string_append_c(field_prefix, _is_name_char(*p) ? *p : '_');
  return g_string_free(field_prefix, FALSE);
}

static NVHandle
_handle_after_prefix(const gchar *prefix, const gchar *name)
{
  gchar *full_name = g_strconcat(prefix, name, NULL);
  NVHandle handle = log_msg_get_value_handle(full_name);

  g_free(full_name);
  return handle;
}

void
axigen_gelf_set_null_terminated(AxigenGelf *self, gboolean null_terminated)
{
  self->null_terminated = null_terminated;
}

AxigenGelf *
axigen_gelf_new(const gchar *prefix)
{
  AxigenGelf *self = g_new0(AxigenGelf, 1);

  g_assert(prefix && prefix[0]);
  self->prefix = g_strdup(prefix);
  self->prefix_len = strlen(prefix);
  self->field_prefix = _field_prefix_new(prefix);

  self->host = _handle_after_prefix(prefix, "host");
  self->message = _handle_after_prefix(prefix, "message");
  self->level = _handle_after_prefix(prefix, "level");
  self->latitude = _handle_after_prefix(prefix, "geo.latitude");
  self->longitude = _handle_after_prefix(prefix, "geo.longitude");
  for (gsize i = 0; i < G_N_ELEMENTS(gelf_aliases); i++)
    self->alias_handles[i] = _handle_after_prefix(prefix, gelf_aliases[i].value_name);
  return self;
}

void
axigen_gelf_free(AxigenGelf *self)
{
  if (!self)
    return;
  g_free(self->prefix);
  g_free(self->field_prefix);
  g_free(self);
}

/* The template function */

typedef struct _TFAxigenGelfState
{
  AxigenGelf *gelf;
} TFAxigenGelfState;

/* --name VALUE or --name=VALUE: 1 when argv[*i] is the option (value set,
 * *i past it), 0 when it is not, -1 when its value is missing */
static gint
_take_option(const gchar *option, gint argc, gchar *argv[], gint *i, const gchar **value)
{
  const gchar *arg = argv[*i];
  gsize option_len = strlen(option);

  if (strncmp(arg, option, option_len) != 0)
    return 0;
  if (arg[option_len] == '=')
    {
      *value = arg + option_len + 1;
      return 1;
    }
  if (arg[option_len] != '\0')
    return 0;
  if (*i + 1 >= argc)
    return -1;
  *value = argv[++(*i)];
  return 1;
}

static gboolean
_transport_is_null_terminated(const gchar *transport, gboolean *null_terminated)
{
  if (g_ascii_strcasecmp(transport, "tcp") == 0 || g_ascii_strcasecmp(transport, "tls") == 0)
    *null_terminated = TRUE;
  else if (g_ascii_strcasecmp(transport, "udp") == 0)
    *null_terminated = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
tf_axigen_gelf_prepare(LogTemplateFunction *self, gpointer s, LogTemplate *parent, gint argc, gchar *argv[],
                       GError **error)
{
  TFAxigenGelfState *state = (TFAxigenGelfState *) s;
  const gchar *prefix = AXIGEN_GELF_DEFAULT_PREFIX;
  gboolean null_terminated = FALSE;

  for (gint i = 1; i < argc; i++)
    {
      const gchar *value = NULL;
      gint taken;

      if ((taken = _take_option("--prefix", argc, argv, &i, &value)) != 0)
        {
          if (taken < 0 || !value[0])
            {
              g_set_error(error, LOG_TEMPLATE_ERROR, LOG_TEMPLATE_ERROR_COMPILE,
                          "axigen-gelf: --prefix needs a non-empty value");
              return FALSE;
            }
          prefix = value;
        }
      else if ((taken = _take_option("--transport", argc, argv, &i, &value)) != 0)
        {
          if (taken < 0 || !_transport_is_null_terminated(value, &null_terminated))
            {
              g_set_error(error, LOG_TEMPLATE_ERROR, LOG_TEMPLATE_ERROR_COMPILE,
                          "axigen-gelf: --transport needs tcp, tls or udp, got \"%s\"", value ? value : "");
              return FALSE;
            }
        }
      else
        {
          g_set_error(error, LOG_TEMPLATE_ERROR, LOG_TEMPLATE_ERROR_COMPILE,
                      "axigen-gelf: unknown argument \"%s\" (known: --prefix, --transport)", argv[i]);
          return FALSE;
        }
    }

  state->gelf = axigen_gelf_new(prefix);
  axigen_gelf_set_null_terminated(state->gelf, null_terminated);
  return TRUE;
}

static void
tf_axigen_gelf_call(LogTemplateFunction *self, gpointer s, const LogTemplateInvokeArgs *args, GString *result,
                    LogMessageValueType *type)
{
  TFAxigenGelfState *state = (TFAxigenGelfState *) s;

  *type = LM_VT_STRING;
  if (args->num_messages < 1)
    return;
  /* in a correlation context, the message the template is about is the last one */
  axigen_gelf_append(state->gelf, args->messages[args->num_messages - 1], result);
}

static void
tf_axigen_gelf_free_state(gpointer s)
{
  TFAxigenGelfState *state = (TFAxigenGelfState *) s;

  axigen_gelf_free(state->gelf);
  state->gelf = NULL;
}

TEMPLATE_FUNCTION(TFAxigenGelfState, tf_axigen_gelf, tf_axigen_gelf_prepare, NULL, tf_axigen_gelf_call,
                  tf_axigen_gelf_free_state, NULL);
