/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The axigen-geoip() object.  Every test sets its options on a new parser
 * and runs the clone that test_parser_start() makes, as syslog-ng runs a
 * parser of a log path: an option that did not survive clone() fails the
 * test that sets it.
 */
#include "axigen-geoip.h"
#include "syslog-ng-test-helpers.h"
#include "test-geoip-files.h"

#include "stats/stats-cluster-single.h"
#include "stats/stats-registry.h"

#include <criterion/criterion.h>
#include "test-parameters.h"
#include <criterion/parameterized.h>
#include <syslog.h>
#include <unistd.h>


static LogParser *parser;
static LogMessage *msg;
static gint warnings;
static gint errors;

static void
count_internal_message(LogMessage *internal)
{
  const gchar *text = log_msg_get_value(internal, LM_V_MESSAGE, NULL);
  gint severity = internal->pri & LOG_PRIMASK;

  if (g_str_has_prefix(text, "axigen-geoip(): ") && severity == LOG_WARNING)
    warnings++;
  if (g_str_has_prefix(text, "axigen-geoip(): ") && severity == LOG_ERR)
    errors++;
  log_msg_unref(internal);
}

static void
setup(void)
{
  syslog_ng_test_start();
  msg_set_post_func(count_internal_message);
  test_scratch_start();
  parser = axigen_geoip_new(configuration);
  msg = NULL;
  warnings = errors = 0;
}

static void
teardown(void)
{
  if (msg)
    log_msg_unref(msg);
  test_parser_stop(parser);
  test_scratch_stop();
  msg_set_post_func(NULL);
  syslog_ng_test_stop();
}

TestSuite(geoip_parser, .init = setup, .fini = teardown);

static void
start(void)
{
  parser = test_parser_start(parser);
  cr_assert_not_null(parser, "the parser did not init");
}

static void
start_with(const gchar *database_name)
{
  axigen_geoip_add_database(parser, test_mmdb(database_name));
  start();
}

static void
feed_value(const gchar *name, const gchar *value)
{
  if (msg)
    log_msg_unref(msg);
  msg = test_message_new("a line");
  if (value)
    log_msg_set_value_by_name(msg, name, value, -1);
  cr_assert(test_parser_process(parser, &msg), "the parser dropped the message");
}

static void
feed(const gchar *client_ip)
{
  feed_value(".axigen.client_ip", client_ip);
}

static const gchar *
geo(const gchar *field)
{
  gchar *name = g_strconcat(".axigen.geo.", field, NULL);
  const gchar *value = test_message_value(msg, name);

  g_free(name);
  return value;
}

static void
assert_geo(const gchar *field, const gchar *expected)
{
  const gchar *value = geo(field);

  cr_assert_not_null(value, "%s is not set, expected '%s'", field, expected);
  cr_assert_str_eq(value, expected, "%s", field);
}

static const gchar *all_fields[] =
{
  "country_code", "country_name", "continent_code", "city", "latitude", "longitude", "accuracy_km",
  "asn", "as_org", "db_build", "reserved", "foreign",
};

static void
assert_no_geo_fields(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(all_fields); i++)
    cr_assert_null(geo(all_fields[i]), "%s is set to '%s'", all_fields[i], geo(all_fields[i]));
}

static gsize
counter(const gchar *name)
{
  StatsClusterKey key;

  stats_cluster_single_key_set_with_name(&key, SCS_PARSER, "axigen-geoip", "axigen-geoip", name);
  stats_lock();
  gsize value = stats_counter_get(stats_get_counter(&key, SC_TYPE_SINGLE_VALUE));
  stats_unlock();
  return value;
}

/* what is set, with which type */

typedef struct
{
  const gchar *field;
  const gchar *value;
  LogMessageValueType type;
} FieldCase;

static const FieldCase field_cases[] =
{
  { "country_code", "DE", LM_VT_STRING },
  { "country_name", "Germany", LM_VT_STRING },
  { "continent_code", "EU", LM_VT_STRING },
  { "city", "Berlin", LM_VT_STRING },
  { "latitude", "52.5244", LM_VT_DOUBLE },
  { "longitude", "13.4105", LM_VT_DOUBLE },
  { "accuracy_km", "20", LM_VT_INT64 },
  { "asn", "64496", LM_VT_INT64 },
  { "as_org", "Example Telecom Deutschland", LM_VT_STRING },
  { "db_build", "1596240000", LM_VT_INT64 },
  { "foreign", "false", LM_VT_BOOLEAN },
};

PARAMETERS_FROM_TABLE(geoip_parser, a_found_address_gets_every_field_with_its_type, field_cases)

ParameterizedTest(gsize *index, geoip_parser, a_found_address_gets_every_field_with_its_type)
{
  const FieldCase *c = &field_cases[*index];
  axigen_geoip_set_asn_database(parser, test_mmdb("sample-asn"));
  axigen_geoip_add_home_country(parser, "DE");
  start_with("sample-city");

  feed("85.214.132.117");
  assert_geo(c->field, c->value);
  gchar *name = g_strconcat(".axigen.geo.", c->field, NULL);
  cr_assert_eq(test_message_value_type(msg, name), c->type, "%s", c->field);
  g_free(name);
}

Test(geoip_parser, a_found_address_is_counted)
{
  start_with("sample-city");

  feed("85.214.132.117");
  cr_assert_eq(counter("found"), 1);
}

Test(geoip_parser, coordinates_south_and_west_keep_their_sign)
{
  start_with("sample-city");

  feed("196.25.1.10");
  assert_geo("latitude", "-26.2041");
  assert_geo("longitude", "28.0473");
}

Test(geoip_parser, an_ipv6_address_is_looked_up)
{
  start_with("sample-city");

  feed("2001:2002:1::7");
  assert_geo("country_code", "SE");
}

Test(geoip_parser, an_ipv4_mapped_address_is_looked_up_as_ipv4)
{
  start_with("sample-city");

  feed("::ffff:197.210.55.3");
  assert_geo("country_code", "NG");
}

Test(geoip_parser, a_reserved_address_is_marked_and_not_looked_up)
{
  /* the database maps 10.0.0.0/8 to ZZ, as some free databases map private ranges */
  start_with("sample-city");

  feed("10.0.0.5");
  assert_geo("reserved", "true");
  cr_assert_eq(test_message_value_type(msg, ".axigen.geo.reserved"), LM_VT_BOOLEAN);
  cr_assert_null(geo("country_code"));
  cr_assert_eq(counter("reserved"), 1);
}

Test(geoip_parser, a_public_address_gets_no_reserved_field)
{
  start_with("sample-city");

  feed("85.214.132.117");
  cr_assert_null(geo("reserved"));
}

/* never dropped, never changed when there is nothing to look up */

static const gchar *const no_address_cases[] =
{
  "", "mx1", "85.214.132", "fe80::1%eth0", "85.214.132.117:25", "\xff\xfe",
};

PARAMETERS_FROM_TABLE(geoip_parser, a_message_without_an_address_passes_unchanged_and_is_counted, no_address_cases)

ParameterizedTest(gsize *index, geoip_parser, a_message_without_an_address_passes_unchanged_and_is_counted)
{
  start_with("sample-city");

  feed(no_address_cases[*index]);
  assert_no_geo_fields();
  cr_assert_eq(counter("unparsable"), 1);
}

Test(geoip_parser, a_message_without_the_client_ip_field_passes_unchanged)
{
  start_with("sample-city");

  feed(NULL);
  assert_no_geo_fields();
  cr_assert_eq(counter("unparsable"), 1);
}

Test(geoip_parser, an_address_no_database_has_passes_unchanged_and_is_counted)
{
  start_with("sample-city");

  feed("8.8.8.8");
  assert_no_geo_fields();
  cr_assert_eq(counter("not_found"), 1);
}

/* home-countries() */

Test(geoip_parser, a_login_from_a_home_country_is_not_foreign)
{
  axigen_geoip_add_home_country(parser, "DE");
  axigen_geoip_add_home_country(parser, "AT");
  start_with("sample-city");

  feed("2a02:8108:1:2::5");
  assert_geo("foreign", "false");
}

Test(geoip_parser, a_login_from_another_country_is_foreign)
{
  axigen_geoip_add_home_country(parser, "DE");
  axigen_geoip_add_home_country(parser, "AT");
  start_with("sample-city");

  feed("197.210.55.3");
  assert_geo("foreign", "true");
  cr_assert_eq(test_message_value_type(msg, ".axigen.geo.foreign"), LM_VT_BOOLEAN);
}

Test(geoip_parser, home_countries_are_matched_regardless_of_case)
{
  axigen_geoip_add_home_country(parser, "de");
  start_with("sample-city");

  feed("85.214.132.117");
  assert_geo("foreign", "false");
}

Test(geoip_parser, without_home_countries_there_is_no_foreign_field)
{
  start_with("sample-city");

  feed("197.210.55.3");
  cr_assert_null(geo("foreign"));
}

Test(geoip_parser, without_a_country_there_is_no_foreign_field)
{
  axigen_geoip_add_home_country(parser, "DE");
  start_with("missing-fields");

  feed("1.1.7.1");
  cr_assert_null(geo("foreign"));
  assert_geo("db_build", "1700000700");
}

/* the other options */

Test(geoip_parser, prefix_names_the_fields)
{
  axigen_geoip_set_prefix(parser, "geo_");
  start_with("sample-city");

  feed("85.214.132.117");
  cr_assert_str_eq(test_message_value(msg, "geo_country_code"), "DE");
  cr_assert_null(geo("country_code"));
}

static void
set_template(const gchar *text)
{
  LogTemplate *template = log_template_new(configuration, NULL);
  cr_assert(log_template_compile(template, text, NULL));
  log_parser_set_template(parser, template);
}

Test(geoip_parser, template_chooses_the_address)
{
  set_template("${peer}");
  start_with("sample-city");

  feed_value("peer", "81.167.40.50");
  assert_geo("country_code", "NO");
}

Test(geoip_parser, a_template_of_several_parts_is_formatted_before_the_lookup)
{
  set_template("${net}.40.50");
  start_with("sample-city");

  feed_value("net", "81.167");
  assert_geo("country_code", "NO");
}

Test(geoip_parser, a_parser_cloned_while_started_keeps_its_template)
{
  set_template("${peer}");
  start_with("sample-city");

  LogParser *running = parser;
  parser = (LogParser *) log_pipe_clone(&running->super);
  test_parser_stop(running);
  cr_assert(log_pipe_init(&parser->super));

  feed_value("peer", "81.167.40.50");
  assert_geo("country_code", "NO");
}

Test(geoip_parser, a_parser_stopped_and_started_again_still_reads_its_template)
{
  set_template("${peer}");
  start_with("sample-city");

  cr_assert(log_pipe_deinit(&parser->super));
  cr_assert(log_pipe_init(&parser->super));
  feed_value("peer", "81.167.40.50");
  assert_geo("country_code", "NO");
}

Test(geoip_parser, language_chooses_the_names)
{
  axigen_geoip_set_language(parser, "de");
  start_with("sample-city");

  feed("93.104.5.6");
  assert_geo("city", "München");
  assert_geo("country_name", "Deutschland");
}

Test(geoip_parser, an_ipv4_and_an_ipv6_database_answer_together)
{
  axigen_geoip_add_database(parser, test_mmdb("ipv4-only"));
  start_with("ipv6-only");

  feed("81.167.40.50");
  assert_geo("country_code", "NO");
  feed("2001:2002:1::7");
  assert_geo("country_code", "SE");
}

Test(geoip_parser, asn_database_adds_the_as_fields)
{
  axigen_geoip_set_asn_database(parser, test_mmdb("maxmind-asn"));
  start_with("maxmind-country");

  feed("85.214.132.117");
  assert_geo("country_code", "DE");
  assert_geo("asn", "64496");
  assert_geo("as_org", "Example Telecom Deutschland");
}

Test(geoip_parser, a_flat_database_works_like_a_maxmind_one)
{
  start_with("flat-city");

  feed("85.214.132.117");
  assert_geo("country_code", "DE");
  assert_geo("city", "Berlin");
  assert_geo("latitude", "52.5244");
  cr_assert_null(geo("country_name"));
}

Test(geoip_parser, a_cache_size_of_zero_still_answers_every_time)
{
  axigen_geoip_set_cache_size(parser, 0);
  start_with("sample-city");

  feed("85.214.132.117");
  assert_geo("country_code", "DE");
  feed("85.214.132.117");
  assert_geo("country_code", "DE");
}

Test(geoip_parser, the_cache_answers_the_same_as_the_database)
{
  start_with("sample-city");

  feed("217.0.43.1");
  feed("217.0.43.1");
  assert_geo("country_code", "DE");
  assert_geo("city", "Düsseldorf");
  assert_geo("accuracy_km", "100");
  cr_assert_eq(counter("found"), 2);
}

/* start-up */

static void
set_a_missing_database(void)
{
  axigen_geoip_add_database(parser, test_scratch_path("missing.mmdb"));
}

static void
set_a_home_country_that_is_not_an_iso_code(void)
{
  axigen_geoip_add_home_country(parser, "Germany");
  axigen_geoip_add_database(parser, test_mmdb("sample-city"));
}

static void
set_an_empty_language(void)
{
  axigen_geoip_set_language(parser, "");
  axigen_geoip_add_database(parser, test_mmdb("sample-city"));
}

static void
set_a_missing_asn_database(void)
{
  axigen_geoip_set_asn_database(parser, test_scratch_path("missing.mmdb"));
  axigen_geoip_add_database(parser, test_mmdb("sample-city"));
}

static void
set_a_corrupt_database(void)
{
  test_scratch_install_truncated("sample-city", "city.mmdb", 3000);
  axigen_geoip_add_database(parser, test_scratch_path("city.mmdb"));
}

typedef struct
{
  const gchar *what;
  void (*configure)(void);
} StartFailureCase;

static const StartFailureCase start_failure_cases[] =
{
  { "a missing database", set_a_missing_database },
  { "a home country that is not an ISO code", set_a_home_country_that_is_not_an_iso_code },
  { "an empty language", set_an_empty_language },
  { "a missing ASN database", set_a_missing_asn_database },
  { "a corrupt database", set_a_corrupt_database },
};

PARAMETERS_FROM_TABLE(geoip_parser, a_parser_set_up_wrong_refuses_to_start_with_one_error, start_failure_cases)

ParameterizedTest(gsize *index, geoip_parser, a_parser_set_up_wrong_refuses_to_start_with_one_error)
{
  const StartFailureCase *c = &start_failure_cases[*index];
  c->configure();
  parser = test_parser_start(parser);

  cr_assert_null(parser, "%s: the parser started", c->what);
  cr_assert_eq(errors, 1, "%s: %d errors, expected 1", c->what, errors);
}

Test(geoip_parser, without_database_and_without_a_default_one_it_refuses_to_start)
{
  const gchar *defaults[] =
  {
    "/usr/share/GeoIP/GeoLite2-City.mmdb", "/var/lib/GeoIP/GeoLite2-City.mmdb",
    "/usr/share/GeoIP/GeoLite2-Country.mmdb", "/var/lib/GeoIP/GeoLite2-Country.mmdb",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(defaults); i++)
    {
      if (access(defaults[i], F_OK) == 0)
        cr_skip_test("%s exists on this machine", defaults[i]);
    }

  parser = test_parser_start(parser);
  cr_assert_null(parser);
  cr_assert_eq(errors, 1);
}

Test(geoip_parser, a_parser_can_be_stopped_and_started_again)
{
  start_with("sample-city");

  cr_assert(log_pipe_deinit(&parser->super));
  cr_assert(log_pipe_init(&parser->super));
  feed("85.214.132.117");
  assert_geo("country_code", "DE");
}

/* reload-interval() */

static void
start_with_scratch_city(gint reload_interval)
{
  test_scratch_install("sample-city", "city.mmdb");
  axigen_geoip_add_database(parser, test_scratch_path("city.mmdb"));
  axigen_geoip_set_reload_interval(parser, reload_interval);
  start();
}

/* long enough for a reload-interval(1) to pass, counted in whole seconds */
static void
wait_for_one_interval(void)
{
  g_usleep(1100 * 1000);
}

Test(geoip_parser, a_replaced_database_answers_after_the_reload_interval)
{
  start_with_scratch_city(1);
  feed("5.199.130.10");
  assert_geo("country_code", "DE");

  test_scratch_install("sample-city-next", "city.mmdb");
  wait_for_one_interval();
  feed("5.199.130.10");
  assert_geo("country_code", "AT");
  assert_geo("db_build", "1596844800");
}

Test(geoip_parser, a_reload_interval_of_zero_keeps_the_first_database)
{
  start_with_scratch_city(0);
  feed("5.199.130.10");

  test_scratch_install("sample-city-next", "city.mmdb");
  wait_for_one_interval();
  feed("5.199.130.10");
  assert_geo("country_code", "DE");
}

Test(geoip_parser, a_corrupt_replacement_keeps_the_old_database_with_one_warning)
{
  start_with_scratch_city(1);
  feed("5.199.130.10");

  test_scratch_install_truncated("sample-city-next", "city.mmdb", 2000);
  wait_for_one_interval();
  feed("5.199.130.10");
  assert_geo("country_code", "DE");
  wait_for_one_interval();
  feed("5.199.130.10");
  assert_geo("country_code", "DE");

  cr_assert_eq(warnings, 1);
}

/* empty arguments, as the SCL passes those it was not given */

Test(geoip_parser, empty_paths_among_the_databases_are_skipped)
{
  axigen_geoip_add_database(parser, "");
  start_with("sample-city");

  feed("85.214.132.117");
  assert_geo("country_code", "DE");
}

Test(geoip_parser, databases_given_as_empty_paths_only_pass_every_message_untouched)
{
  axigen_geoip_add_database(parser, "");
  axigen_geoip_set_asn_database(parser, "");
  start();

  feed("85.214.132.117");
  assert_no_geo_fields();
  feed("10.0.0.5");
  assert_no_geo_fields();
  cr_assert_eq(errors, 0);
}

Test(geoip_parser, an_empty_asn_database_is_no_asn_database)
{
  axigen_geoip_set_asn_database(parser, "");
  start_with("sample-city");

  feed("85.214.132.117");
  assert_geo("country_code", "DE");
  cr_assert_null(geo("asn"));
}

Test(geoip_parser, an_empty_home_country_is_ignored)
{
  axigen_geoip_add_home_country(parser, "");
  start_with("sample-city");

  feed("85.214.132.117");
  cr_assert_null(geo("foreign"));
}

Test(geoip_parser, only_an_asn_database_gives_the_as_fields_alone)
{
  axigen_geoip_add_database(parser, "");
  axigen_geoip_set_asn_database(parser, test_mmdb("sample-asn"));
  start();

  feed("85.214.132.117");
  assert_geo("asn", "64496");
  cr_assert_null(geo("country_code"));
}
