/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The lookup cache: hits, eviction, bounds, threads, and the generation
 * that keeps it from answering for a database that was swapped out.
 */
#include "geoip-cache.h"
#include "test-geoip-files.h"

#include <criterion/criterion.h>
#include <string.h>

static GeoipCache *cache;

static void
setup(void)
{
  cache = NULL;
  test_scratch_start();
}

static void
teardown(void)
{
  geoip_cache_free(cache);
  test_scratch_stop();
}

TestSuite(geoip_cache, .init = setup, .fini = teardown);

static GeoipAddress
address_of(const gchar *text)
{
  GeoipAddress address;

  cr_assert(geoip_address_parse(text, strlen(text), &address), "%s does not parse", text);
  return address;
}

/* the n-th of a run of distinct IPv4 addresses */
static GeoipAddress
address_number(guint32 n)
{
  GeoipAddress address = { .len = 4 };

  address.bytes[0] = 11 + (n >> 24);
  address.bytes[1] = n >> 16;
  address.bytes[2] = n >> 8;
  address.bytes[3] = n;
  return address;
}

/* a record that says which address it belongs to */
static GeoipRecord
record_for(guint32 asn, const gchar *country)
{
  GeoipRecord record;

  geoip_record_clear(&record);
  record.asn = asn;
  record.present |= GEOIP_HAS_ASN;
  if (country)
    {
      record.string_offset[GEOIP_STRING_COUNTRY_CODE] = 0;
      record.string_len[GEOIP_STRING_COUNTRY_CODE] = strlen(country);
      memcpy(record.text, country, strlen(country) + 1);
      record.text_len = strlen(country) + 1;
      record.present |= 1 << GEOIP_STRING_COUNTRY_CODE;
    }
  return record;
}

static void
insert(guint32 n, guint32 generation)
{
  GeoipAddress address = address_number(n);
  GeoipRecord record = record_for(n, NULL);

  geoip_cache_insert(cache, &address, generation, &record, TRUE);
}

static gboolean
holds(guint32 n, guint32 generation)
{
  GeoipAddress address = address_number(n);
  GeoipRecord record;
  gboolean found;

  if (!geoip_cache_lookup(cache, &address, generation, &record, &found))
    return FALSE;
  cr_assert(found);
  cr_assert_eq(record.asn, n, "the record of %u came back as %u", n, record.asn);
  return TRUE;
}

Test(geoip_cache, an_address_not_inserted_misses)
{
  cache = geoip_cache_new(16);
  cr_assert_not(holds(1, 1));
}

Test(geoip_cache, an_inserted_answer_comes_back_whole)
{
  GeoipAddress address = address_of("2a02:8108:1:2::5");
  GeoipRecord inserted = record_for(64496, "DE");
  GeoipRecord record;
  gboolean found = FALSE;

  cache = geoip_cache_new(16);
  geoip_cache_insert(cache, &address, 1, &inserted, TRUE);

  cr_assert(geoip_cache_lookup(cache, &address, 1, &record, &found));
  cr_assert(found);
  cr_assert_eq(record.asn, 64496);
  cr_assert_str_eq(geoip_record_get_string(&record, GEOIP_STRING_COUNTRY_CODE, NULL), "DE");
}

Test(geoip_cache, a_not_found_answer_is_cached_too)
{
  GeoipAddress address = address_of("8.8.8.8");
  GeoipRecord empty, record;
  gboolean found = TRUE;

  cache = geoip_cache_new(16);
  geoip_record_clear(&empty);
  geoip_cache_insert(cache, &address, 1, &empty, FALSE);

  cr_assert(geoip_cache_lookup(cache, &address, 1, &record, &found));
  cr_assert_not(found);
}

Test(geoip_cache, an_ipv4_address_and_an_ipv6_address_of_the_same_bytes_are_different_keys)
{
  GeoipAddress v4 = address_of("1.2.3.4");
  GeoipAddress v6 = { .len = 16 };
  GeoipRecord inserted = record_for(1, NULL), record;
  gboolean found;

  memcpy(v6.bytes, v4.bytes, 4);
  cache = geoip_cache_new(16);
  geoip_cache_insert(cache, &v4, 1, &inserted, TRUE);
  cr_assert_not(geoip_cache_lookup(cache, &v6, 1, &record, &found));
}

Test(geoip_cache, an_answer_of_another_generation_misses)
{
  cache = geoip_cache_new(16);
  insert(7, 1);

  cr_assert(holds(7, 1));
  cr_assert_not(holds(7, 2));
}

Test(geoip_cache, inserting_an_address_again_replaces_its_answer)
{
  GeoipAddress address = address_number(3);
  GeoipRecord first = record_for(3, "DE"), second = record_for(3, "AT"), record;
  gboolean found;

  cache = geoip_cache_new(16);
  geoip_cache_insert(cache, &address, 1, &first, TRUE);
  geoip_cache_insert(cache, &address, 1, &second, TRUE);

  cr_assert_eq(geoip_cache_get_size(cache), 1);
  cr_assert(geoip_cache_lookup(cache, &address, 1, &record, &found));
  cr_assert_str_eq(geoip_record_get_string(&record, GEOIP_STRING_COUNTRY_CODE, NULL), "AT");
}

Test(geoip_cache, the_cache_stays_at_its_capacity_and_counts_evictions)
{
  cache = geoip_cache_new(100);
  for (guint32 n = 0; n < 1000; n++)
    insert(n, 1);

  cr_assert_eq(geoip_cache_get_size(cache), 100);
  cr_assert_eq(geoip_cache_get_evictions(cache), 900);
  for (guint32 n = 900; n < 1000; n++)
    cr_assert(holds(n, 1), "the recent address %u was evicted", n);
  cr_assert_not(holds(0, 1));
}

Test(geoip_cache, an_answer_asked_for_again_outlives_those_asked_for_once)
{
  cache = geoip_cache_new(3);
  insert(1, 1);
  insert(2, 1);
  insert(3, 1);
  cr_assert(holds(1, 1));

  insert(4, 1);
  cr_assert_not(holds(2, 1), "2 was asked for once, and first in line");
  cr_assert(holds(1, 1));
  cr_assert(holds(3, 1));
  cr_assert(holds(4, 1));
}

Test(geoip_cache, a_cache_of_capacity_zero_stores_nothing)
{
  cache = geoip_cache_new(0);
  insert(1, 1);

  cr_assert_not(holds(1, 1));
  cr_assert_eq(geoip_cache_get_size(cache), 0);
}

Test(geoip_cache, a_huge_capacity_is_capped)
{
  cache = geoip_cache_new(G_MAXUINT);
  cr_assert_eq(geoip_cache_get_capacity(cache), GEOIP_CACHE_MAX_CAPACITY);
}

/* threads */

#define CACHE_THREADS 4
#define CACHE_OPERATIONS 20000
#define CACHE_ADDRESSES 500

static gpointer
insert_and_look_up(gpointer user_data)
{
  guint32 seed = GPOINTER_TO_UINT(user_data);
  gint wrong = 0;

  for (gint i = 0; i < CACHE_OPERATIONS; i++)
    {
      seed = seed * 1103515245 + 12345;
      guint32 n = (seed >> 8) % CACHE_ADDRESSES;
      GeoipAddress address = address_number(n);
      GeoipRecord record;
      gboolean found;

      if (geoip_cache_lookup(cache, &address, 1, &record, &found))
        {
          if (!found || record.asn != n)
            wrong++;
        }
      else
        {
          record = record_for(n, "DE");
          geoip_cache_insert(cache, &address, 1, &record, TRUE);
        }
    }
  return GINT_TO_POINTER(wrong);
}

Test(geoip_cache, several_threads_share_the_cache_and_get_their_own_answers)
{
  GThread *threads[CACHE_THREADS];

  cache = geoip_cache_new(CACHE_ADDRESSES / 4);
  for (gint i = 0; i < CACHE_THREADS; i++)
    threads[i] = g_thread_new("cache", insert_and_look_up, GUINT_TO_POINTER(i + 1));
  for (gint i = 0; i < CACHE_THREADS; i++)
    cr_assert_eq(GPOINTER_TO_INT(g_thread_join(threads[i])), 0);

  cr_assert_eq(geoip_cache_get_size(cache), CACHE_ADDRESSES / 4);
}

/* across a swap, as axigen-geoip() uses it */

static GeoipDatabases *databases;

static const gchar *
cached_country(const gchar *text)
{
  static GeoipRecord record;
  GeoipAddress address = address_of(text);
  guint32 generation = geoip_databases_get_generation(databases);
  gboolean found;

  if (!geoip_cache_lookup(cache, &address, generation, &record, &found))
    {
      cr_assert_eq(geoip_databases_lookup(databases, &address, "en", &record, &found), GEOIP_SUCCESS);
      geoip_cache_insert(cache, &address, generation, &record, found);
    }
  return geoip_record_get_string(&record, GEOIP_STRING_COUNTRY_CODE, NULL);
}

Test(geoip_cache, the_cache_never_answers_from_the_old_database_after_a_swap)
{
  cache = geoip_cache_new(16);
  databases = geoip_databases_new();
  test_scratch_install("sample-city", "city.mmdb");
  cr_assert_eq(geoip_databases_add(databases, test_scratch_path("city.mmdb"), GEOIP_FIELDS_LOCATION), GEOIP_SUCCESS);

  cr_assert_str_eq(cached_country("5.199.130.10"), "DE");
  cr_assert_str_eq(cached_country("5.199.130.10"), "DE");

  test_scratch_install("sample-city-next", "city.mmdb");
  geoip_databases_reload(databases, NULL, NULL);

  cr_assert_str_eq(cached_country("5.199.130.10"), "AT");
  geoip_databases_free(databases);
}
