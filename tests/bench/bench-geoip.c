/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * bench-geoip [ROUNDS] [REPEATS]: nanoseconds per lookup of an address
 * given as text, on the sample City and ASN test databases, the way
 * axigen-geoip() looks it up (parse, reserved check, cache, databases):
 *
 *   cache hit    the address is in the cache (16 addresses of the sample day)
 *   cache miss   every address is new: lookup, insertion and eviction
 *   no cache     the databases alone
 *   libmaxminddb MMDB_lookup_string() in both files and the same field reads,
 *                each by its full path, as a plain libmaxminddb program does
 *
 * The last three look up the same run of distinct addresses.  Each figure is
 * the median of REPEATS runs of ROUNDS lookups; the runs of the four kinds
 * take turns, so that a machine busy for a while slows them all alike.
 */
#include "geoip-cache.h"
#include "geoip-database.h"

#include <maxminddb.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const gchar *hit_addresses[] =
{
  "85.214.132.117", "84.128.10.20", "93.104.5.6", "91.64.12.5", "79.192.4.4", "217.0.43.1",
  "5.199.130.10", "213.95.1.1", "2a02:8108:1:2::5", "197.210.55.3", "41.58.100.2", "196.25.1.10",
  "62.20.1.1", "78.67.20.30", "2001:2002:1::7", "81.167.40.50",
};

static GeoipDatabases *databases;
static GeoipCache *cache;
static MMDB_s bare_city, bare_asn;
static gchar **miss_addresses;
static guint miss_count;
static volatile guint64 sink;

static gdouble
now_ns(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void
consume(const GeoipRecord *record, gboolean found)
{
  sink += record->present + found;
}

/* what axigen-geoip() does for one message, less setting the values */
static void
look_up(const gchar *text, GeoipCache *with_cache)
{
  GeoipAddress address;
  GeoipRecord record;
  gboolean found;

  if (!geoip_address_parse(text, strlen(text), &address) || geoip_address_is_reserved(&address))
    return;

  guint32 generation = geoip_databases_get_generation(databases);
  if (with_cache && geoip_cache_lookup(with_cache, &address, generation, &record, &found))
    {
      consume(&record, found);
      return;
    }
  if (geoip_databases_lookup(databases, &address, "en", &record, &found) == GEOIP_SUCCESS && with_cache)
    geoip_cache_insert(with_cache, &address, generation, &record, found);
  consume(&record, found);
}

static void
read_bare(MMDB_entry_s *entry, const char *const *path)
{
  MMDB_entry_data_s data;

  if (MMDB_aget_value(entry, &data, path) == MMDB_SUCCESS && data.has_data)
    sink += data.type;
}

static void
look_up_bare(const gchar *text)
{
  static const char *const paths[][4] =
  {
    { "country", "iso_code", NULL },
    { "country", "names", "en", NULL },
    { "continent", "code", NULL },
    { "city", "names", "en", NULL },
    { "location", "latitude", NULL },
    { "location", "longitude", NULL },
    { "location", "accuracy_radius", NULL },
  };
  static const char *const as_paths[][2] =
  {
    { "autonomous_system_number", NULL },
    { "autonomous_system_organization", NULL },
  };
  gint gai_error, mmdb_error;

  MMDB_lookup_result_s result = MMDB_lookup_string(&bare_city, text, &gai_error, &mmdb_error);
  if (result.found_entry)
    {
      for (gsize i = 0; i < G_N_ELEMENTS(paths); i++)
        read_bare(&result.entry, paths[i]);
    }
  result = MMDB_lookup_string(&bare_asn, text, &gai_error, &mmdb_error);
  if (result.found_entry)
    {
      for (gsize i = 0; i < G_N_ELEMENTS(as_paths); i++)
        read_bare(&result.entry, as_paths[i]);
    }
}

typedef enum
{
  RUN_CACHE_HIT,
  RUN_CACHE_MISS,
  RUN_NO_CACHE,
  RUN_LIBMAXMINDDB,
} Run;

static gdouble
run_once(Run run, guint rounds, guint first_miss)
{
  gdouble start = now_ns();

  for (guint i = 0; i < rounds; i++)
    {
      const gchar *hit_address = hit_addresses[i % G_N_ELEMENTS(hit_addresses)];
      const gchar *new_address = miss_addresses[(first_miss + i) % miss_count];

      switch (run)
        {
        case RUN_CACHE_HIT:
          look_up(hit_address, cache);
          break;
        case RUN_CACHE_MISS:
          look_up(new_address, cache);
          break;
        case RUN_NO_CACHE:
          look_up(new_address, NULL);
          break;
        case RUN_LIBMAXMINDDB:
          look_up_bare(new_address);
          break;
        }
    }
  return (now_ns() - start) / rounds;
}

static gint
compare_doubles(gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return (x > y) - (x < y);
}

static gdouble
median(gdouble *results, guint repeats)
{
  qsort(results, repeats, sizeof(gdouble), compare_doubles);
  return results[repeats / 2];
}

/* distinct addresses inside the German networks of the sample database */
static void
make_miss_addresses(guint count)
{
  static const guint8 networks[][2] = { { 84, 128 }, { 79, 192 } };

  miss_count = count;
  miss_addresses = g_new(gchar *, count);
  for (guint i = 0; i < count; i++)
    {
      const guint8 *network = networks[i % 2];
      guint n = i / 2;
      miss_addresses[i] = g_strdup_printf("%u.%u.%u.%u", network[0], network[1] + ((n >> 16) & 0x3f),
                                          (n >> 8) & 0xff, n & 0xff);
    }
}

static void
open_all(void)
{
  const gchar *city = AXIGEN_TEST_MMDB_DIR "/sample-city.mmdb";
  const gchar *asn = AXIGEN_TEST_MMDB_DIR "/sample-asn.mmdb";

  databases = geoip_databases_new();
  if (geoip_databases_add(databases, city, GEOIP_FIELDS_LOCATION) != GEOIP_SUCCESS
      || geoip_databases_add(databases, asn, GEOIP_FIELDS_AS) != GEOIP_SUCCESS
      || MMDB_open(city, MMDB_MODE_MMAP, &bare_city) != MMDB_SUCCESS
      || MMDB_open(asn, MMDB_MODE_MMAP, &bare_asn) != MMDB_SUCCESS)
    {
      fprintf(stderr, "cannot open the test databases in %s (build the geoip-test-mmdb target)\n",
              AXIGEN_TEST_MMDB_DIR);
      exit(1);
    }
}

int
main(int argc, char *argv[])
{
  guint rounds = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
  guint repeats = argc > 2 ? strtoul(argv[2], NULL, 10) : 7;

  if (rounds == 0 || repeats == 0)
    {
      fprintf(stderr, "usage: %s [ROUNDS] [REPEATS]\n", argv[0]);
      return 2;
    }

  open_all();
  /* a new run of addresses for every repeat, up to what the /10 networks hold */
  make_miss_addresses(MIN(rounds * repeats, 2u << 22));
  cache = geoip_cache_new(65536);
  for (gsize i = 0; i < G_N_ELEMENTS(hit_addresses); i++)
    look_up(hit_addresses[i], cache);

  gdouble *results[RUN_LIBMAXMINDDB + 1];
  for (gint run = 0; run <= RUN_LIBMAXMINDDB; run++)
    results[run] = g_new(gdouble, repeats);
  for (guint r = 0; r < repeats; r++)
    {
      for (gint run = 0; run <= RUN_LIBMAXMINDDB; run++)
        results[run][r] = run_once(run, rounds, r * rounds);
    }

  printf("ns per lookup, median of %u runs of %u lookups (sample City + ASN databases):\n", repeats, rounds);
  printf("  cache hit          %8.1f\n", median(results[RUN_CACHE_HIT], repeats));
  printf("  cache miss         %8.1f\n", median(results[RUN_CACHE_MISS], repeats));
  printf("  no cache           %8.1f\n", median(results[RUN_NO_CACHE], repeats));
  printf("  libmaxminddb       %8.1f  (MMDB_lookup_string + the same field reads)\n",
         median(results[RUN_LIBMAXMINDDB], repeats));
  for (gint run = 0; run <= RUN_LIBMAXMINDDB; run++)
    g_free(results[run]);

  geoip_cache_free(cache);
  geoip_databases_free(databases);
  MMDB_close(&bare_city);
  MMDB_close(&bare_asn);
  for (guint i = 0; i < miss_count; i++)
    g_free(miss_addresses[i]);
  g_free(miss_addresses);
  return 0;
}
