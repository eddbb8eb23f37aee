/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Opening databases of both schemas, reading their fields, and replacing
 * them while they are in use.
 */
#include "geoip-database.h"
#include "test-geoip-files.h"

#include <maxminddb.h>

#include <criterion/criterion.h>
#include "test-parameters.h"
#include <criterion/parameterized.h>
#include <glib/gstdio.h>
#include <string.h>


static GeoipDatabase *database;
static GeoipDatabases *databases;
static GeoipRecord record;
static gboolean found;

static void
setup(void)
{
  test_scratch_start();
  database = NULL;
  databases = NULL;
  found = FALSE;
  geoip_record_clear(&record);
}

static void
teardown(void)
{
  geoip_database_unref(database);
  geoip_databases_free(databases);
  test_scratch_stop();
}

TestSuite(geoip_database, .init = setup, .fini = teardown);

static GeoipAddress
address_of(const gchar *text)
{
  GeoipAddress address;

  cr_assert(geoip_address_parse(text, strlen(text), &address), "%s does not parse", text);
  return address;
}

static void
open_database(const gchar *name)
{
  gint error;

  database = geoip_database_open(test_mmdb(name), &error);
  cr_assert_not_null(database, "%s: %s", name, geoip_strerror(error));
}

/* looks address up in the open database; returns whether it was found */
static gboolean
look_up_in(GeoipFields fields, const gchar *language, const gchar *address)
{
  GeoipAddress parsed_address = address_of(address);

  geoip_record_clear(&record);
  gint error = geoip_database_lookup(database, &parsed_address, language, fields, &record, &found);
  cr_assert_eq(error, GEOIP_SUCCESS, "%s: %s", address, geoip_strerror(error));
  return found;
}

static gboolean
look_up(const gchar *address)
{
  return look_up_in(GEOIP_FIELDS_LOCATION | GEOIP_FIELDS_AS, "en", address);
}

static const gchar *
string_of(GeoipStringField field)
{
  return geoip_record_get_string(&record, field, NULL);
}

static void
assert_string(GeoipStringField field, const gchar *expected)
{
  const gchar *value = string_of(field);

  cr_assert_not_null(value, "field %d is missing, expected '%s'", field, expected);
  cr_assert_str_eq(value, expected);
}

static void
assert_number(GeoipNumberField field, const gchar *expected)
{
  const gchar *text = geoip_record_get_number_text(&record, field, NULL);

  cr_assert_not_null(text, "number %d has no text, expected '%s'", field, expected);
  cr_assert_str_eq(text, expected);
}

/* the test databases of these names, each asked for its fields, tried in this order */
static void
open_databases(const gchar *const *names, const GeoipFields *fields)
{
  databases = geoip_databases_new();
  for (gint i = 0; names[i]; i++)
    {
      gint error = geoip_databases_add(databases, test_mmdb(names[i]), fields[i]);
      cr_assert_eq(error, GEOIP_SUCCESS, "%s: %s", names[i], geoip_strerror(error));
    }
}

static gboolean
look_up_in_all(const gchar *address)
{
  GeoipAddress parsed_address = address_of(address);
  gint error = geoip_databases_lookup(databases, &parsed_address, "en", &record, &found);

  cr_assert_eq(error, GEOIP_SUCCESS, "%s: %s", address, geoip_strerror(error));
  return found;
}

/* Schemas */

typedef struct
{
  const gchar *name;
  GeoipSchema schema;
} SchemaCase;

static const SchemaCase schema_cases[] =
{
  { "maxmind-city", GEOIP_SCHEMA_MAXMIND },
  { "maxmind-country", GEOIP_SCHEMA_MAXMIND },
  { "maxmind-asn", GEOIP_SCHEMA_MAXMIND },
  { "ipv4-only", GEOIP_SCHEMA_MAXMIND },
  { "flat-city", GEOIP_SCHEMA_FLAT },
  { "flat-country", GEOIP_SCHEMA_FLAT },
};

PARAMETERS_FROM_TABLE(geoip_database, the_schema_is_recognised_when_the_database_opens, schema_cases)

ParameterizedTest(gsize *index, geoip_database, the_schema_is_recognised_when_the_database_opens)
{
  const SchemaCase *c = &schema_cases[*index];
  open_database(c->name);
  cr_assert_eq(geoip_database_get_schema(database), c->schema, "%s", c->name);
}

Test(geoip_database, a_maxmind_city_database_gives_country_continent_city_and_location)
{
  open_database("maxmind-city");

  cr_assert(look_up("85.214.132.117"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
  assert_string(GEOIP_STRING_COUNTRY_NAME, "Germany");
  assert_string(GEOIP_STRING_CONTINENT_CODE, "EU");
  assert_string(GEOIP_STRING_CITY, "Berlin");
  cr_assert(geoip_record_has(&record, GEOIP_HAS_COORDINATES | GEOIP_HAS_ACCURACY));
  cr_assert_float_eq(record.latitude, 52.5244, 1e-9);
  cr_assert_float_eq(record.longitude, 13.4105, 1e-9);
  cr_assert_eq(record.accuracy_km, 20);
}

Test(geoip_database, a_maxmind_city_database_answers_ipv6_addresses)
{
  open_database("maxmind-city");

  cr_assert(look_up("2a02:8108:1:2::5"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
  assert_string(GEOIP_STRING_CITY, "Cologne");
}

Test(geoip_database, the_language_chooses_the_names)
{
  open_database("maxmind-city");

  cr_assert(look_up_in(GEOIP_FIELDS_LOCATION, "de", "2a02:8108:1:2::5"));
  assert_string(GEOIP_STRING_COUNTRY_NAME, "Deutschland");
  assert_string(GEOIP_STRING_CITY, "Köln");
}

Test(geoip_database, a_language_the_database_lacks_gives_no_names_but_the_codes)
{
  open_database("maxmind-city");

  cr_assert(look_up_in(GEOIP_FIELDS_LOCATION, "fr", "85.214.132.117"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
  cr_assert_null(string_of(GEOIP_STRING_COUNTRY_NAME));
  cr_assert_null(string_of(GEOIP_STRING_CITY));
}

Test(geoip_database, a_maxmind_country_database_gives_the_country_and_nothing_of_a_city)
{
  open_database("maxmind-country");

  cr_assert(look_up("196.25.1.10"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "ZA");
  assert_string(GEOIP_STRING_COUNTRY_NAME, "South Africa");
  assert_string(GEOIP_STRING_CONTINENT_CODE, "AF");
  cr_assert_null(string_of(GEOIP_STRING_CITY));
  cr_assert_not(geoip_record_has(&record, GEOIP_HAS_COORDINATES));
  cr_assert_not(geoip_record_has(&record, GEOIP_HAS_ACCURACY));
}

Test(geoip_database, an_asn_database_gives_the_as_number_and_organisation)
{
  open_database("maxmind-asn");

  cr_assert(look_up_in(GEOIP_FIELDS_AS, "en", "81.167.40.50"));
  cr_assert(geoip_record_has(&record, GEOIP_HAS_ASN));
  cr_assert_eq(record.asn, 64500);
  assert_string(GEOIP_STRING_AS_ORG, "Example Telecom Norge");
}

Test(geoip_database, a_flat_city_database_gives_country_city_and_float_coordinates)
{
  open_database("flat-city");

  cr_assert(look_up("2a02:8108:1:2::5"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
  assert_string(GEOIP_STRING_CITY, "Köln");
  cr_assert(geoip_record_has(&record, GEOIP_HAS_COORDINATES));
  cr_assert_float_eq(record.latitude, 50.9375, 1e-5);
  cr_assert_float_eq(record.longitude, 6.9603, 1e-5);
  cr_assert_not(geoip_record_has(&record, GEOIP_HAS_ACCURACY));
  cr_assert_null(string_of(GEOIP_STRING_COUNTRY_NAME));
}

Test(geoip_database, empty_strings_of_a_flat_database_give_no_field)
{
  open_database("flat-city");

  cr_assert(look_up("196.25.1.10"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "ZA");
  cr_assert_null(string_of(GEOIP_STRING_CITY));
}

Test(geoip_database, a_flat_record_of_empty_strings_is_found_with_coordinates_only)
{
  open_database("flat-city");

  cr_assert(look_up("62.20.1.1"));
  cr_assert_null(string_of(GEOIP_STRING_COUNTRY_CODE));
  cr_assert_null(string_of(GEOIP_STRING_CITY));
  cr_assert(geoip_record_has(&record, GEOIP_HAS_COORDINATES));
}

Test(geoip_database, a_flat_country_database_gives_the_country_code_alone)
{
  open_database("flat-country");

  cr_assert(look_up("2001:2002:1::7"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "SE");
  cr_assert_eq(record.present, (1u << GEOIP_STRING_COUNTRY_CODE) | GEOIP_HAS_DB_BUILD);
}

Test(geoip_database, the_build_epoch_of_the_answering_database_is_in_the_record)
{
  open_database("maxmind-city");

  cr_assert(look_up("85.214.132.117"));
  cr_assert(geoip_record_has(&record, GEOIP_HAS_DB_BUILD));
  cr_assert_eq(record.db_build, 1700000000);
  cr_assert_eq(geoip_database_get_build_epoch(database), 1700000000);
}

Test(geoip_database, an_address_the_database_lacks_is_not_found_without_an_error)
{
  open_database("maxmind-city");

  cr_assert_not(look_up("8.8.8.8"));
  cr_assert_eq(record.present, 0);
}

Test(geoip_database, an_ipv6_address_in_an_ipv4_only_database_is_a_quiet_miss)
{
  open_database("ipv4-only");

  cr_assert_eq(geoip_database_get_ip_version(database), 4);
  cr_assert_not(look_up("2a02:8108:1:2::5"));
}

Test(geoip_database, an_ipv4_mapped_address_is_found_in_an_ipv4_only_database)
{
  open_database("ipv4-only");

  cr_assert(look_up("::ffff:85.214.132.117"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
}

Test(geoip_database, fields_already_in_the_record_are_kept)
{
  open_database("maxmind-country");

  geoip_record_clear(&record);
  GeoipAddress address = address_of("85.214.132.117");
  cr_assert_eq(geoip_database_lookup(database, &address, "en", GEOIP_FIELDS_LOCATION, &record, &found), GEOIP_SUCCESS);
  cr_assert_eq(geoip_database_lookup(database, &address, "de", GEOIP_FIELDS_LOCATION, &record, &found), GEOIP_SUCCESS);
  assert_string(GEOIP_STRING_COUNTRY_NAME, "Germany");
}

/* Fields missing, or not what they should be */

typedef struct
{
  const gchar *address;
  guint32 present;
} MissingCase;

#define S(field) (1u << GEOIP_STRING_ ## field)

static const MissingCase missing_cases[] =
{
  /* a country code and nothing else */
  { "1.1.1.1", S(COUNTRY_CODE) | GEOIP_HAS_DB_BUILD },
  /* a latitude without a longitude: no coordinates, and so no radius */
  { "1.1.2.1", GEOIP_HAS_DB_BUILD },
  /* a latitude out of range */
  { "1.1.3.1", GEOIP_HAS_DB_BUILD },
  /* an infinite longitude */
  { "1.1.4.1", GEOIP_HAS_DB_BUILD },
  /* a city name of 300 bytes, a continent code of 14, a country code with a space */
  { "1.1.5.1", S(COUNTRY_NAME) | GEOIP_HAS_DB_BUILD },
  /* empty strings */
  { "1.1.6.1", GEOIP_HAS_DB_BUILD },
  /* an empty record */
  { "1.1.7.1", GEOIP_HAS_DB_BUILD },
};

PARAMETERS_FROM_TABLE(geoip_database, a_record_without_some_fields_gives_only_the_others, missing_cases)

ParameterizedTest(gsize *index, geoip_database, a_record_without_some_fields_gives_only_the_others)
{
  const MissingCase *c = &missing_cases[*index];
  open_database("missing-fields");

  cr_assert(look_up(c->address), "%s", c->address);
  cr_assert_eq(record.present, c->present, "%s: present 0x%x, expected 0x%x", c->address, record.present,
               c->present);
}

Test(geoip_database, values_of_the_wrong_type_are_left_out)
{
  open_database("wrong-types");

  cr_assert(look_up("1.1.1.1"));
  cr_assert_eq(record.present, GEOIP_HAS_DB_BUILD, "present 0x%x", record.present);
}

/* Opening */

Test(geoip_database, a_missing_file_does_not_open_and_says_so)
{
  gint error;

  cr_assert_null(geoip_database_open(test_scratch_path("nothing.mmdb"), &error));
  cr_assert_eq(error, GEOIP_ERROR_FILE_NOT_FOUND);
  cr_assert_str_eq(geoip_strerror(error), "The database file does not exist.");
}

Test(geoip_database, a_directory_does_not_open)
{
  gint error;

  cr_assert_null(geoip_database_open(AXIGEN_TEST_MMDB_DIR, &error));
  cr_assert_eq(error, GEOIP_ERROR_NOT_A_REGULAR_FILE);
}

Test(geoip_database, a_truncated_file_does_not_open_and_gives_libmaxminddbs_reason)
{
  gint error;

  test_scratch_install_truncated("maxmind-city", "city.mmdb", 1000);
  cr_assert_null(geoip_database_open(test_scratch_path("city.mmdb"), &error));
  cr_assert_eq(error, MMDB_INVALID_METADATA_ERROR);
  cr_assert_str_eq(geoip_strerror(error), MMDB_strerror(MMDB_INVALID_METADATA_ERROR));
}

Test(geoip_database, a_file_whose_metadata_is_overwritten_does_not_open)
{
  gint error;

  test_scratch_install_zeroed_tail("maxmind-city", "city.mmdb", 200);
  cr_assert_null(geoip_database_open(test_scratch_path("city.mmdb"), &error));
  cr_assert_neq(error, GEOIP_SUCCESS);
}

Test(geoip_database, a_text_file_does_not_open)
{
  gint error;

  test_scratch_install_text("city.mmdb", "this is not a MaxMind DB file\n");
  cr_assert_null(geoip_database_open(test_scratch_path("city.mmdb"), &error));
  cr_assert_eq(error, MMDB_INVALID_METADATA_ERROR);
}

/* every sample address, in a copy of the sample database damaged at one place after another */
Test(geoip_database, a_database_damaged_anywhere_never_crashes_a_lookup)
{
  static const gchar *addresses[] =
  {
    "85.214.132.117", "2a02:8108:1:2::5", "197.210.55.3", "2001:2002:1::7", "8.8.8.8", "::ffff:81.167.40.50",
  };
  gsize size = test_scratch_install_overwritten("sample-city", "city.mmdb", 0, 0, 0);

  for (gsize offset = 0; offset < size; offset += 61)
    {
      gint error;

      test_scratch_install_overwritten("sample-city", "city.mmdb", offset, 24, offset % 2 ? 0xff : 0x00);
      GeoipDatabase *damaged = geoip_database_open(test_scratch_path("city.mmdb"), &error);
      if (!damaged)
        continue;
      for (gsize i = 0; i < G_N_ELEMENTS(addresses); i++)
        {
          GeoipAddress address = address_of(addresses[i]);
          geoip_record_clear(&record);
          geoip_database_lookup(damaged, &address, "en", GEOIP_FIELDS_LOCATION | GEOIP_FIELDS_AS, &record, &found);
          for (gint field = 0; field < GEOIP_STRING_MAX; field++)
            {
              gsize len;
              const gchar *value = geoip_record_get_string(&record, field, &len);
              if (value)
                cr_assert(len > 0 && g_utf8_validate(value, len, NULL) && value[len] == '\0');
            }
        }
      geoip_database_unref(damaged);
    }
}

static const gint error_cases[] =
{
  GEOIP_ERROR_FILE_NOT_FOUND, GEOIP_ERROR_PERMISSION_DENIED, GEOIP_ERROR_NOT_A_REGULAR_FILE,
  GEOIP_ERROR_FILE_UNREADABLE, MMDB_FILE_OPEN_ERROR, MMDB_CORRUPT_SEARCH_TREE_ERROR,
  MMDB_INVALID_METADATA_ERROR, MMDB_IO_ERROR, MMDB_OUT_OF_MEMORY_ERROR, MMDB_UNKNOWN_DATABASE_FORMAT_ERROR,
  MMDB_INVALID_DATA_ERROR,
};

PARAMETERS_FROM_TABLE(geoip_database, every_error_has_a_sentence, error_cases)

ParameterizedTest(gsize *index, geoip_database, every_error_has_a_sentence)
{
  gint error = error_cases[*index];
  const gchar *sentence = geoip_strerror(error);

  cr_assert_not_null(sentence);
  cr_assert_gt(strlen(sentence), 10, "%d: '%s'", error, sentence);
}

/* The numbers as text */

typedef struct
{
  gdouble latitude;
  const gchar *expected;
} CoordinateCase;

static const CoordinateCase coordinate_cases[] =
{
  { 52.5244, "52.5244" },
  { 9.1770, "9.177" },
  { -26.2041, "-26.2041" },
  { 10.0, "10" },
  { 0.0000001, "0" },
  { -0.0000001, "0" },
  { -180.0, "-180" },
  { 12.3456789, "12.345679" },
  { 0.000001, "0.000001" },
  { -0.05, "-0.05" },
  { 179.9999996, "180" },
  { -33.8688, "-33.8688" },
  { 151.2093, "151.2093" },
};

PARAMETERS_FROM_TABLE(geoip_database, a_coordinate_is_written_with_six_decimals_at_most_and_no_trailing_zero,
                      coordinate_cases)

ParameterizedTest(gsize *index, geoip_database, a_coordinate_is_written_with_six_decimals_at_most_and_no_trailing_zero)
{
  const CoordinateCase *c = &coordinate_cases[*index];
  gsize len;

  geoip_record_clear(&record);
  record.latitude = c->latitude;
  record.longitude = 1.5;
  record.present |= GEOIP_HAS_COORDINATES;
  geoip_record_format_numbers(&record);

  const gchar *text = geoip_record_get_number_text(&record, GEOIP_NUMBER_LATITUDE, &len);
  cr_assert_not_null(text);
  cr_assert_str_eq(text, c->expected);
  cr_assert_eq(len, strlen(c->expected));
}

Test(geoip_database, integers_are_written_in_decimal_zero_and_the_largest_included)
{
  geoip_record_clear(&record);
  record.accuracy_km = 0;
  record.asn = G_MAXUINT32;
  record.db_build = G_MAXUINT64;
  record.present |= GEOIP_HAS_ACCURACY | GEOIP_HAS_ASN | GEOIP_HAS_DB_BUILD;
  geoip_record_format_numbers(&record);

  assert_number(GEOIP_NUMBER_ACCURACY_KM, "0");
  assert_number(GEOIP_NUMBER_ASN, "4294967295");
  assert_number(GEOIP_NUMBER_DB_BUILD, "18446744073709551615");
}

Test(geoip_database, numbers_the_record_lacks_have_no_text)
{
  geoip_record_clear(&record);
  record.asn = 64497;
  record.present |= GEOIP_HAS_ASN;
  geoip_record_format_numbers(&record);

  assert_number(GEOIP_NUMBER_ASN, "64497");
  cr_assert_null(geoip_record_get_number_text(&record, GEOIP_NUMBER_LATITUDE, NULL));
  cr_assert_null(geoip_record_get_number_text(&record, GEOIP_NUMBER_ACCURACY_KM, NULL));
  cr_assert_null(geoip_record_get_number_text(&record, GEOIP_NUMBER_DB_BUILD, NULL));
}

Test(geoip_database, a_lookup_in_the_databases_writes_the_numbers_as_text_beside_the_strings)
{
  const gchar *names[] = { "sample-city", "sample-asn", NULL };
  const GeoipFields fields[] = { GEOIP_FIELDS_LOCATION, GEOIP_FIELDS_AS };

  open_databases(names, fields);
  cr_assert(look_up_in_all("196.25.1.1"));
  assert_string(GEOIP_STRING_CITY, "Johannesburg");
  assert_number(GEOIP_NUMBER_LATITUDE, "-26.2041");
  assert_number(GEOIP_NUMBER_LONGITUDE, "28.0473");
  assert_number(GEOIP_NUMBER_ACCURACY_KM, "100");
  assert_number(GEOIP_NUMBER_DB_BUILD, "1596240000");
}

/* Several databases */

Test(geoip_database, an_ipv4_file_and_an_ipv6_file_answer_together)
{
  const gchar *names[] = { "ipv4-only", "ipv6-only", NULL };
  const GeoipFields fields[] = { GEOIP_FIELDS_LOCATION, GEOIP_FIELDS_LOCATION };

  open_databases(names, fields);
  cr_assert(look_up_in_all("81.167.40.50"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "NO");
  cr_assert(look_up_in_all("2001:2002:1::7"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "SE");
  cr_assert_eq(record.db_build, 1700000600);
}

Test(geoip_database, the_first_location_database_that_has_the_address_answers)
{
  const gchar *names[] = { "maxmind-country", "maxmind-city", NULL };
  const GeoipFields fields[] = { GEOIP_FIELDS_LOCATION, GEOIP_FIELDS_LOCATION };

  open_databases(names, fields);
  cr_assert(look_up_in_all("85.214.132.117"));
  cr_assert_null(string_of(GEOIP_STRING_CITY), "the city database was asked after the country one answered");
  cr_assert(look_up_in_all("81.167.40.50"));
  assert_string(GEOIP_STRING_CITY, "Oslo");
}

Test(geoip_database, a_city_and_an_asn_database_fill_one_record)
{
  const gchar *names[] = { "sample-city", "sample-asn", NULL };
  const GeoipFields fields[] = { GEOIP_FIELDS_LOCATION, GEOIP_FIELDS_AS };

  open_databases(names, fields);
  cr_assert(look_up_in_all("197.210.55.3"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "NG");
  assert_string(GEOIP_STRING_CITY, "Lagos");
  cr_assert_eq(record.asn, 64497);
  assert_string(GEOIP_STRING_AS_ORG, "Example Mobile Nigeria");
}

Test(geoip_database, an_asn_database_alone_answers_when_the_city_database_has_nothing)
{
  const gchar *names[] = { "maxmind-country", "maxmind-asn", NULL };
  const GeoipFields fields[] = { GEOIP_FIELDS_LOCATION, GEOIP_FIELDS_AS };

  open_databases(names, fields);
  cr_assert(look_up_in_all("81.167.40.50"));
  cr_assert_null(string_of(GEOIP_STRING_COUNTRY_CODE));
  cr_assert_eq(record.asn, 64500);
  cr_assert_eq(record.db_build, 1700000200);
}

/* Replacing a file */

typedef struct
{
  gint calls;
  GeoipReloadResult last;
  gint last_error;
} ReloadReports;

static void
record_report(const gchar *path, GeoipReloadResult result, gint error, gpointer user_data)
{
  ReloadReports *reports = user_data;

  reports->calls++;
  reports->last = result;
  reports->last_error = error;
}

static void
open_scratch_city(const gchar *name)
{
  test_scratch_install(name, "city.mmdb");
  databases = geoip_databases_new();
  cr_assert_eq(geoip_databases_add(databases, test_scratch_path("city.mmdb"), GEOIP_FIELDS_LOCATION), GEOIP_SUCCESS);
}

static GeoipReloadResult
reload(void)
{
  ReloadReports reports = { 0 };

  geoip_databases_reload(databases, record_report, &reports);
  cr_assert_eq(reports.calls, 1);
  return reports.last;
}

Test(geoip_database, an_unchanged_file_is_not_reopened)
{
  open_scratch_city("sample-city");
  guint32 generation = geoip_databases_get_generation(databases);

  cr_assert_eq(reload(), GEOIP_RELOAD_UNCHANGED);
  cr_assert_eq(geoip_databases_get_generation(databases), generation);
}

Test(geoip_database, a_file_renamed_over_the_old_one_is_swapped_in_with_a_new_generation)
{
  open_scratch_city("sample-city");
  guint32 generation = geoip_databases_get_generation(databases);
  cr_assert(look_up_in_all("5.199.130.10"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");

  test_scratch_install("sample-city-next", "city.mmdb");
  cr_assert_eq(reload(), GEOIP_RELOAD_SWAPPED);

  cr_assert_neq(geoip_databases_get_generation(databases), generation);
  cr_assert(look_up_in_all("5.199.130.10"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "AT");
  cr_assert_eq(record.db_build, 1596844800);
}

Test(geoip_database, a_corrupt_replacement_keeps_the_old_database_and_is_reported_once)
{
  open_scratch_city("sample-city");
  guint32 generation = geoip_databases_get_generation(databases);

  test_scratch_install_truncated("sample-city-next", "city.mmdb", 2000);
  cr_assert_eq(reload(), GEOIP_RELOAD_REJECTED);
  cr_assert_eq(reload(), GEOIP_RELOAD_STILL_REJECTED);

  cr_assert_eq(geoip_databases_get_generation(databases), generation);
  cr_assert(look_up_in_all("5.199.130.10"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
}

Test(geoip_database, a_good_file_after_a_corrupt_one_is_swapped_in)
{
  open_scratch_city("sample-city");

  test_scratch_install_truncated("sample-city-next", "city.mmdb", 2000);
  cr_assert_eq(reload(), GEOIP_RELOAD_REJECTED);
  test_scratch_install("sample-city-next", "city.mmdb");
  cr_assert_eq(reload(), GEOIP_RELOAD_SWAPPED);
  cr_assert(look_up_in_all("5.199.130.10"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "AT");
}

Test(geoip_database, a_file_that_vanished_keeps_the_old_database)
{
  ReloadReports reports = { 0 };

  open_scratch_city("sample-city");
  cr_assert_eq(g_unlink(test_scratch_path("city.mmdb")), 0);

  geoip_databases_reload(databases, record_report, &reports);
  cr_assert_eq(reports.last, GEOIP_RELOAD_REJECTED);
  cr_assert_eq(reports.last_error, GEOIP_ERROR_FILE_NOT_FOUND);
  cr_assert(look_up_in_all("5.199.130.10"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
}

Test(geoip_database, a_reload_interval_of_zero_never_checks)
{
  ReloadReports reports = { 0 };

  open_scratch_city("sample-city");
  geoip_databases_reload_if_due(databases, 100, 0, record_report, &reports);
  geoip_databases_reload_if_due(databases, 100000, 0, record_report, &reports);
  cr_assert_eq(reports.calls, 0);
}

Test(geoip_database, the_files_are_checked_once_per_interval)
{
  ReloadReports reports = { 0 };

  open_scratch_city("sample-city");
  /* the first call starts the clock */
  geoip_databases_reload_if_due(databases, 1000, 60, record_report, &reports);
  geoip_databases_reload_if_due(databases, 1059, 60, record_report, &reports);
  cr_assert_eq(reports.calls, 0);
  geoip_databases_reload_if_due(databases, 1060, 60, record_report, &reports);
  cr_assert_eq(reports.calls, 1);
  geoip_databases_reload_if_due(databases, 1061, 60, record_report, &reports);
  cr_assert_eq(reports.calls, 1);
  geoip_databases_reload_if_due(databases, 1120, 60, record_report, &reports);
  cr_assert_eq(reports.calls, 2);
}

Test(geoip_database, a_reference_keeps_a_database_usable_after_the_last_other_is_dropped)
{
  open_database("maxmind-city");
  GeoipDatabase *kept = geoip_database_ref(database);

  geoip_database_unref(database);
  database = kept;
  cr_assert(look_up("85.214.132.117"));
  assert_string(GEOIP_STRING_COUNTRY_CODE, "DE");
}

/* Lookups on several threads while the file is replaced again and again */

#define SWAP_THREADS 4
#define SWAP_ROUNDS 40

static gint stop_lookups;

static gpointer
look_up_until_stopped(gpointer user_data)
{
  GeoipAddress address = address_of("5.199.130.10");
  GeoipRecord thread_record;
  gboolean thread_found;
  gint wrong = 0;

  while (!g_atomic_int_get(&stop_lookups))
    {
      gint error = geoip_databases_lookup(databases, &address, "en", &thread_record, &thread_found);
      const gchar *country = geoip_record_get_string(&thread_record, GEOIP_STRING_COUNTRY_CODE, NULL);

      if (error != GEOIP_SUCCESS || !thread_found || !country
          || (strcmp(country, "DE") != 0 && strcmp(country, "AT") != 0))
        wrong++;
    }
  return GINT_TO_POINTER(wrong);
}

Test(geoip_database, lookups_on_several_threads_survive_repeated_swaps)
{
  GThread *threads[SWAP_THREADS];

  open_scratch_city("sample-city");
  g_atomic_int_set(&stop_lookups, 0);
  for (gint i = 0; i < SWAP_THREADS; i++)
    threads[i] = g_thread_new("lookup", look_up_until_stopped, NULL);

  for (gint round = 0; round < SWAP_ROUNDS; round++)
    {
      test_scratch_install(round % 2 ? "sample-city" : "sample-city-next", "city.mmdb");
      cr_assert_eq(reload(), GEOIP_RELOAD_SWAPPED, "round %d", round);
    }

  g_atomic_int_set(&stop_lookups, 1);
  for (gint i = 0; i < SWAP_THREADS; i++)
    cr_assert_eq(GPOINTER_TO_INT(g_thread_join(threads[i])), 0);
}
