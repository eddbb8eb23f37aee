/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * $(axigen-gelf): the GELF object of a message (typed values, escaping,
 * empty values, Graylog's field names, name sanitising) and the template
 * function's arguments.
 */
#include "axigen-gelf.h"
#include "syslog-ng-test-helpers.h"

#include "cfg.h"
#include "plugin.h"
#include "template/templates.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

static AxigenGelf *gelf;
static LogMessage *msg;
static GString *output;

static void
setup(void)
{
  syslog_ng_test_start();
  gelf = axigen_gelf_new(AXIGEN_GELF_DEFAULT_PREFIX);
  msg = log_msg_new_empty();
  output = g_string_new("");
}

static void
teardown(void)
{
  g_string_free(output, TRUE);
  log_msg_unref(msg);
  axigen_gelf_free(gelf);
  syslog_ng_test_stop();
}

TestSuite(axigen_gelf, .init = setup, .fini = teardown);

static void
set(const gchar *name, const gchar *value, LogMessageValueType type)
{
  log_msg_set_value_by_name_with_type(msg, name, value, -1, type);
}

static void
set_string(const gchar *name, const gchar *value)
{
  set(name, value, LM_VT_STRING);
}

static const gchar *
format(void)
{
  g_string_truncate(output, 0);
  axigen_gelf_append(gelf, msg, output);
  return output->str;
}

static void
assert_contains(const gchar *expected)
{
  const gchar *gelf_object = format();
  cr_assert(strstr(gelf_object, expected) != NULL, "expected %s in %s", expected, gelf_object);
}

static void
assert_lacks(const gchar *unexpected)
{
  const gchar *gelf_object = format();
  cr_assert(strstr(gelf_object, unexpected) == NULL, "did not expect %s in %s", unexpected, gelf_object);
}

/* The mandatory fields */

Test(axigen_gelf, writes_the_axigen_host_message_time_and_level_as_the_gelf_fields)
{
  set_string(".axigen.host", "mx1");
  set_string(".axigen.message", "User [gina@example.de] successfully authorized!");
  set_string(".axigen.level", "08");
  log_msg_set_value(msg, LM_V_HOST, "relay", -1);
  log_msg_set_value(msg, LM_V_MESSAGE, "the whole line", -1);
  msg->timestamps[LM_TS_STAMP].ut_sec = 1596430803;
  msg->timestamps[LM_TS_STAMP].ut_usec = 0;

  const gchar *expected = "{\"version\":\"1.1\",\"host\":\"mx1\","
                          "\"short_message\":\"User [gina@example.de] successfully authorized!\","
                          "\"timestamp\":1596430803,\"level\":6,";
  cr_assert(g_str_has_prefix(format(), expected), "got %s", output->str);
  cr_assert(g_str_has_suffix(output->str, "}"));
}

Test(axigen_gelf, falls_back_to_host_and_the_whole_message_when_the_line_did_not_parse)
{
  log_msg_set_value(msg, LM_V_HOST, "mx1", -1);
  log_msg_set_value(msg, LM_V_MESSAGE, "not an axigen line", -1);
  assert_contains("\"host\":\"mx1\",\"short_message\":\"not an axigen line\"");
}

Test(axigen_gelf, writes_a_dash_when_there_is_no_host_or_message_at_all)
{
  assert_contains("\"host\":\"-\",\"short_message\":\"-\"");
}

Test(axigen_gelf, writes_a_fraction_of_a_second_only_when_the_time_has_one)
{
  msg->timestamps[LM_TS_STAMP].ut_sec = 1596430803;
  msg->timestamps[LM_TS_STAMP].ut_usec = 250000;
  assert_contains("\"timestamp\":1596430803.25,");
  msg->timestamps[LM_TS_STAMP].ut_usec = 1;
  assert_contains("\"timestamp\":1596430803.000001,");
}

/* criterion hands parameters to the test process by value: no pointers */
typedef struct
{
  gchar axigen_level[4];
  gint syslog_pri;
  gint gelf_level;
} LevelCase;

ParameterizedTestParameters(axigen_gelf, maps_the_axigen_level_to_a_syslog_severity)
{
  static LevelCase cases[] =
  {
    { "01", 13, 2 },
    { "02", 13, 3 },
    { "04", 13, 4 },
    { "08", 13, 6 },
    { "16", 13, 7 },
    { "10", 13, 7 },
    { "8", 13, 6 },
    /* no or an unknown Axigen level: the message's own severity */
    { "", 11, 3 },
    { "03", 12, 4 },
    { "xx", 14, 6 },
  };
  return cr_make_param_array(LevelCase, cases, G_N_ELEMENTS(cases));
}

ParameterizedTest(LevelCase *level_case, axigen_gelf, maps_the_axigen_level_to_a_syslog_severity)
{
  gchar expected[32];

  if (level_case->axigen_level[0])
    set_string(".axigen.level", level_case->axigen_level);
  msg->pri = level_case->syslog_pri;
  g_snprintf(expected, sizeof(expected), "\"level\":%d", level_case->gelf_level);
  assert_contains(expected);
}

/* Typed values */

Test(axigen_gelf, writes_every_axigen_value_as_a_flat_field_with_underscores_for_dots)
{
  set_string(".axigen.geo.country_code", "NG");
  set_string(".axigen.event", "login");
  assert_contains("\"_axigen_geo_country_code\":\"NG\"");
  assert_contains("\"_axigen_event\":\"login\"");
}

Test(axigen_gelf, leaves_out_values_outside_the_prefix)
{
  set_string("PROGRAM", "axigen");
  set_string(".other.event", "login");
  assert_lacks("axigen\"");
  assert_lacks("login");
}

Test(axigen_gelf, writes_integers_as_json_numbers)
{
  set(".axigen.client_port", "52339", LM_VT_INT64);
  set(".axigen.size", "-12", LM_VT_INT32);
  set(".axigen.zero_padded", "0443", LM_VT_INT64);
  assert_contains("\"_axigen_client_port\":52339");
  assert_contains("\"_axigen_size\":-12");
  assert_contains("\"_axigen_zero_padded\":443");
}

Test(axigen_gelf, writes_an_integer_that_does_not_parse_as_a_string)
{
  set(".axigen.client_port", "52339x", LM_VT_INT64);
  set(".axigen.huge", "99999999999999999999", LM_VT_INT64);
  assert_contains("\"_axigen_client_port\":\"52339x\"");
  assert_contains("\"_axigen_huge\":\"99999999999999999999\"");
}

Test(axigen_gelf, writes_doubles_as_json_numbers)
{
  set(".axigen.geo.latitude", "52.52", LM_VT_DOUBLE);
  set(".axigen.geo.longitude", "-0.5e1", LM_VT_DOUBLE);
  set(".axigen.half", ".5", LM_VT_DOUBLE);
  assert_contains("\"_axigen_geo_latitude\":52.52");
  assert_contains("\"_axigen_geo_longitude\":-0.5e1");
  assert_contains("\"_axigen_half\":0.5");
}

Test(axigen_gelf, writes_a_double_that_is_not_a_finite_number_as_a_string)
{
  set(".axigen.a", "nan", LM_VT_DOUBLE);
  set(".axigen.b", "1e999", LM_VT_DOUBLE);
  set(".axigen.c", "52,5", LM_VT_DOUBLE);
  assert_contains("\"_axigen_a\":\"nan\"");
  assert_contains("\"_axigen_b\":\"1e999\"");
  assert_contains("\"_axigen_c\":\"52,5\"");
}

Test(axigen_gelf, writes_booleans_as_json_booleans)
{
  set(".axigen.geo.foreign", "true", LM_VT_BOOLEAN);
  set(".axigen.geo.reserved", "FALSE", LM_VT_BOOLEAN);
  set(".axigen.odd", "maybe", LM_VT_BOOLEAN);
  assert_contains("\"_axigen_geo_foreign\":true");
  assert_contains("\"_axigen_geo_reserved\":false");
  assert_contains("\"_axigen_odd\":\"maybe\"");
}

Test(axigen_gelf, writes_strings_that_look_like_numbers_as_strings)
{
  set_string(".axigen.session", "00004C01");
  set_string(".axigen.level", "08");
  assert_contains("\"_axigen_session\":\"00004C01\"");
  assert_contains("\"_axigen_level\":\"08\"");
}

Test(axigen_gelf, leaves_out_empty_values)
{
  set_string(".axigen.user", "");
  set(".axigen.client_port", "", LM_VT_INT64);
  set(".axigen.geo.foreign", "", LM_VT_BOOLEAN);
  set(".axigen.nothing", "", LM_VT_NULL);
  assert_lacks("_axigen_user");
  assert_lacks("_axigen_client_port");
  assert_lacks("_axigen_geo_foreign");
  assert_lacks("_axigen_nothing");
  assert_lacks("_user_name");
  assert_lacks("_source_port");
}

Test(axigen_gelf, writes_json_and_list_values_as_strings_never_nested)
{
  set(".axigen.json", "{\"a\":[1]}", LM_VT_JSON);
  set(".axigen.list", "a,b", LM_VT_LIST);
  assert_contains("\"_axigen_json\":\"{\\\"a\\\":[1]}\"");
  assert_contains("\"_axigen_list\":\"a,b\"");
}

/* Escaping */

Test(axigen_gelf, escapes_quotes_backslashes_and_control_characters)
{
  set_string(".axigen.message", "a \"b\" c\\d\te\nf\rg\x01h\x1f");
  assert_contains("\"short_message\":\"a \\\"b\\\" c\\\\d\\te\\nf\\rg\\u0001h\\u001f\"");
}

Test(axigen_gelf, escapes_a_nul_byte_inside_a_value)
{
  log_msg_set_value_by_name_with_type(msg, ".axigen.reason", "a\0b", 3, LM_VT_STRING);
  assert_contains("\"_axigen_reason\":\"a\\u0000b\"");
}

Test(axigen_gelf, keeps_valid_utf8_as_it_is)
{
  set_string(".axigen.geo.city", "M\xc3\xbcnchen \xe2\x82\xac \xf0\x9f\x93\xa7");
  assert_contains("\"_axigen_geo_city\":\"M\xc3\xbcnchen \xe2\x82\xac \xf0\x9f\x93\xa7\"");
}

typedef struct
{
  gchar bytes[8];
  gchar escaped[32];
} Utf8Case;

ParameterizedTestParameters(axigen_gelf, replaces_each_byte_of_invalid_utf8)
{
  static Utf8Case cases[] =
  {
    { "a\xff" "b", "a\\ufffdb" },
    { "\xc3", "\\ufffd" },                         /* truncated */
    { "\xc0\xaf", "\\ufffd\\ufffd" },              /* overlong '/' */
    { "\xe0\x80\xaf", "\\ufffd\\ufffd\\ufffd" },   /* overlong */
    { "\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd" },   /* a surrogate */
    { "\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd" }, /* above U+10FFFF */
    { "\x80x", "\\ufffdx" },                       /* a lone continuation byte */
  };
  return cr_make_param_array(Utf8Case, cases, G_N_ELEMENTS(cases));
}

ParameterizedTest(Utf8Case *utf8_case, axigen_gelf, replaces_each_byte_of_invalid_utf8)
{
  gchar *expected = g_strdup_printf("\"_axigen_reason\":\"%s\"", utf8_case->escaped);

  set_string(".axigen.reason", utf8_case->bytes);
  assert_contains(expected);
  g_free(expected);
}

/* Names */

Test(axigen_gelf, replaces_every_byte_outside_the_gelf_name_characters)
{
  set_string(".axigen.a b/c\xc3\xbc-d_e", "x");
  assert_contains("\"_axigen_a_b_c__-d_e\":\"x\"");
}

Test(axigen_gelf, never_writes_the_reserved_id_field)
{
  axigen_gelf_free(gelf);
  gelf = axigen_gelf_new(".");
  set_string(".id", "42");
  assert_lacks("\"_id\"");
  assert_contains("\"_axigen_id\":\"42\"");
}

Test(axigen_gelf, names_the_fields_after_another_prefix)
{
  axigen_gelf_free(gelf);
  gelf = axigen_gelf_new(".mail.");
  set_string(".mail.event", "login");
  set_string(".axigen.event", "connect");
  assert_contains("\"_mail_event\":\"login\"");
  assert_lacks("connect");
}

/* Graylog's names */

Test(axigen_gelf, adds_the_graylog_schema_names_beside_the_axigen_fields)
{
  set_string(".axigen.client_ip", "102.89.0.10");
  set(".axigen.client_port", "52339", LM_VT_INT64);
  set_string(".axigen.user", "chef@example.de");
  set_string(".axigen.outcome", "success");
  set_string(".axigen.geo.country_code", "NG");
  set_string(".axigen.geo.city", "Lagos");
  set(".axigen.geo.asn", "29465", LM_VT_INT64);
  set_string(".axigen.geo.as_org", "MTN Nigeria");
  set(".axigen.geo.reserved", "false", LM_VT_BOOLEAN);
  assert_contains("\"_source_ip\":\"102.89.0.10\"");
  assert_contains("\"_source_port\":52339");
  assert_contains("\"_user_name\":\"chef@example.de\"");
  assert_contains("\"_event_outcome\":\"success\"");
  assert_contains("\"_source_geo_country_iso\":\"NG\"");
  assert_contains("\"_source_geo_city\":\"Lagos\"");
  assert_contains("\"_source_as_number\":29465");
  assert_contains("\"_source_as_organization\":\"MTN Nigeria\"");
  assert_contains("\"_source_reserved_ip\":false");
}

Test(axigen_gelf, writes_the_coordinates_as_one_latitude_comma_longitude_string)
{
  set(".axigen.geo.latitude", "6.4474", LM_VT_DOUBLE);
  set(".axigen.geo.longitude", "3.3903", LM_VT_DOUBLE);
  assert_contains("\"_source_geo_coordinates\":\"6.4474,3.3903\"");
}

Test(axigen_gelf, writes_no_coordinates_without_both_halves)
{
  set(".axigen.geo.latitude", "6.4474", LM_VT_DOUBLE);
  assert_lacks("_source_geo_coordinates");
}

/* Tags */

Test(axigen_gelf, writes_the_tags_as_one_comma_separated_string)
{
  log_msg_set_tag_by_name(msg, "axigen_foreign_login");
  log_msg_set_tag_by_name(msg, "brute\"force");
  assert_contains("\"_tags\":\"axigen_foreign_login,brute\\\"force\"");
}

Test(axigen_gelf, leaves_out_syslog_ngs_own_tags)
{
  log_msg_set_tag_by_name(msg, ".source.s_axigen");
  assert_lacks("_tags");
  assert_lacks("s_axigen");
}

/* The template function */

static Plugin gelf_plugin[] =
{
  TEMPLATE_FUNCTION_PLUGIN(tf_axigen_gelf, "axigen-gelf"),
};

static gboolean
compile(LogTemplate *template, const gchar *text, GError **error)
{
  plugin_register(&configuration->plugin_context, gelf_plugin, G_N_ELEMENTS(gelf_plugin));
  return log_template_compile(template, text, error);
}

static GString *
expand(const gchar *text)
{
  LogTemplate *template = log_template_new(configuration, NULL);
  LogTemplateEvalOptions options = DEFAULT_TEMPLATE_EVAL_OPTIONS;
  GError *error = NULL;
  GString *result = g_string_new("");

  cr_assert(compile(template, text, &error), "%s does not compile: %s", text, error ? error->message : "");
  log_template_format(template, msg, &options, result);
  log_template_unref(template);
  return result;
}

static void
assert_does_not_compile(const gchar *text)
{
  LogTemplate *template = log_template_new(configuration, NULL);
  GError *error = NULL;

  cr_assert_not(compile(template, text, &error), "%s compiles", text);
  cr_assert_not_null(error);
  cr_assert(g_str_has_prefix(error->message, "axigen-gelf: ") || strstr(error->message, "axigen-gelf: "),
            "%s", error->message);
  g_clear_error(&error);
  log_template_unref(template);
}

Test(axigen_gelf, the_template_function_writes_the_same_object)
{
  set_string(".axigen.event", "login");
  GString *result = expand("$(axigen-gelf)");
  cr_assert_str_eq(result->str, format());
  g_string_free(result, TRUE);
}

Test(axigen_gelf, the_template_function_takes_another_prefix)
{
  set_string(".mail.event", "login");
  GString *result = expand("$(axigen-gelf --prefix .mail.)");
  cr_assert(strstr(result->str, "\"_mail_event\":\"login\""), "%s", result->str);
  g_string_free(result, TRUE);
}

Test(axigen_gelf, ends_each_object_with_a_nul_byte_on_tcp_and_tls_only)
{
  GString *tcp = expand("$(axigen-gelf --transport tcp)");
  GString *tls = expand("$(axigen-gelf --transport=TLS)");
  GString *udp = expand("$(axigen-gelf --transport udp)");

  cr_assert_eq(tcp->str[tcp->len - 1], '\0');
  cr_assert_eq(tcp->str[tcp->len - 2], '}');
  cr_assert_eq(tls->str[tls->len - 1], '\0');
  cr_assert_eq(udp->str[udp->len - 1], '}');
  g_string_free(tcp, TRUE);
  g_string_free(tls, TRUE);
  g_string_free(udp, TRUE);
}

Test(axigen_gelf, refuses_unknown_or_incomplete_arguments)
{
  assert_does_not_compile("$(axigen-gelf --pretty)");
  assert_does_not_compile("$(axigen-gelf --prefix)");
  assert_does_not_compile("$(axigen-gelf --prefix \"\")");
  assert_does_not_compile("$(axigen-gelf --transport http)");
}
