/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "session-table.h"

#include <criterion/criterion.h>
#include <string.h>

static SessionTable *table;

static void
remember(const gchar *key, const gchar *ip, const gchar *port, gint64 now)
{
  session_table_remember(table, key, strlen(key), ip, strlen(ip), port, port ? strlen(port) : 0, now);
}

static gboolean
recall(const gchar *key, gint64 now, SessionClient *client)
{
  return session_table_recall(table, key, strlen(key), now, client);
}

static void
setup_small_table(void)
{
  table = session_table_new(2, 60);
}

static void
teardown_table(void)
{
  session_table_free(table);
}

TestSuite(session_table, .init = setup_small_table, .fini = teardown_table);

Test(session_table, recalls_the_client_of_a_remembered_session)
{
  SessionClient client;

  remember("mx1 IMAP 1", "85.214.132.117", "32095", 100);
  cr_assert(recall("mx1 IMAP 1", 101, &client));
  cr_assert_str_eq(client.ip, "85.214.132.117");
  cr_assert_str_eq(client.port, "32095");
}

Test(session_table, knows_nothing_of_a_session_never_seen)
{
  SessionClient client;

  remember("mx1 IMAP 1", "85.214.132.117", "32095", 100);
  cr_assert_not(recall("mx1 IMAP 2", 101, &client));
}

Test(session_table, a_new_address_replaces_the_old_one_and_its_port)
{
  SessionClient client;

  remember("mx1 WEBMAIL 1", "10.0.0.5", "34575", 100);
  remember("mx1 WEBMAIL 1", "85.214.132.117", NULL, 101);
  cr_assert(recall("mx1 WEBMAIL 1", 102, &client));
  cr_assert_str_eq(client.ip, "85.214.132.117");
  cr_assert_str_eq(client.port, "");
}

Test(session_table, the_same_address_without_a_port_keeps_the_known_port)
{
  SessionClient client;

  remember("mx1 SMTP-IN 1", "78.67.20.30", "46591", 100);
  remember("mx1 SMTP-IN 1", "78.67.20.30", NULL, 101);
  cr_assert(recall("mx1 SMTP-IN 1", 102, &client));
  cr_assert_str_eq(client.port, "46591");
}

Test(session_table, a_forgotten_session_is_not_recalled)
{
  SessionClient client;

  remember("mx1 IMAP 1", "85.214.132.117", "32095", 100);
  session_table_forget(table, "mx1 IMAP 1", strlen("mx1 IMAP 1"));
  cr_assert_not(recall("mx1 IMAP 1", 101, &client));
  cr_assert_eq(session_table_size(table), 0);
}

Test(session_table, the_least_recently_seen_session_is_dropped_past_the_bound)
{
  SessionClient client;

  remember("a", "192.0.2.1", NULL, 100);
  remember("b", "192.0.2.2", NULL, 101);
  cr_assert(recall("a", 102, &client));
  remember("c", "192.0.2.3", NULL, 103);
  cr_assert_eq(session_table_size(table), 2);
  cr_assert_not(recall("b", 104, &client));
  cr_assert(recall("a", 104, &client));
}

Test(session_table, a_session_not_seen_for_the_timeout_is_forgotten)
{
  SessionClient client;

  remember("a", "192.0.2.1", NULL, 100);
  cr_assert_not(recall("a", 160, &client));
  cr_assert_eq(session_table_size(table), 0);
}

Test(session_table, a_session_seen_just_within_the_timeout_is_kept)
{
  SessionClient client;

  remember("a", "192.0.2.1", NULL, 100);
  cr_assert(recall("a", 159, &client));
}

Test(session_table, a_session_seen_again_goes_back_in_the_queue_and_is_still_forgotten_after_the_timeout)
{
  SessionClient client;

  session_table_free(table);
  table = session_table_new(10, 60);
  remember("a", "192.0.2.1", NULL, 0);
  remember("b", "192.0.2.2", NULL, 10);
  cr_assert(recall("a", 20, &client));
  /* b goes for its age; a, seen at 20, goes back to the head of the queue */
  remember("c", "192.0.2.3", NULL, 75);
  cr_assert_not(recall("b", 75, &client));
  cr_assert_not(recall("a", 81, &client), "a was last seen 61 seconds before");
  cr_assert(recall("c", 81, &client));
  cr_assert_eq(session_table_size(table), 1);
}

Test(session_table, keys_differing_only_after_a_nul_byte_are_different_sessions)
{
  SessionClient client;

  static const gchar first[] = "mx1\0IMAP\0" "00000001";
  static const gchar second[] = "mx1\0IMAP\0" "00000002";

  session_table_remember(table, first, sizeof(first) - 1, "192.0.2.1", 9, NULL, 0, 100);
  cr_assert_not(session_table_recall(table, second, sizeof(second) - 1, 101, &client));
  cr_assert(session_table_recall(table, first, sizeof(first) - 1, 101, &client));
}

Test(session_table, a_long_key_is_kept_whole)
{
  SessionClient client;
  gchar long_key[300], other_key[300];

  memset(long_key, 'k', sizeof(long_key) - 1);
  long_key[sizeof(long_key) - 1] = '\0';
  memcpy(other_key, long_key, sizeof(long_key));
  other_key[sizeof(other_key) - 2] = 'x';
  remember(long_key, "192.0.2.1", "1", 100);
  cr_assert(recall(long_key, 101, &client));
  cr_assert_not(recall(other_key, 101, &client));
}

Test(session_table, an_evicted_session_makes_room_that_a_new_one_reuses_cleanly)
{
  SessionClient client;

  remember("a", "192.0.2.1", "11", 100);
  remember("b", "192.0.2.2", "22", 101);
  remember("c", "192.0.2.3", NULL, 102);
  cr_assert(recall("c", 103, &client));
  cr_assert_str_eq(client.ip, "192.0.2.3");
  cr_assert_str_eq(client.port, "");
}

Test(session_table, an_overlong_address_is_cut_and_stays_terminated)
{
  SessionClient client;
  gchar long_ip[200];

  memset(long_ip, '1', sizeof(long_ip) - 1);
  long_ip[sizeof(long_ip) - 1] = '\0';
  remember("a", long_ip, "1", 100);
  cr_assert(recall("a", 101, &client));
  cr_assert_eq(strlen(client.ip), SESSION_CLIENT_IP_MAX - 1);
}

TestSuite(session_table_under_load, .fini = teardown_table);

Test(session_table_under_load, stays_within_its_bound_under_ever_new_sessions)
{
  table = session_table_new(1000, 3600);
  for (gint i = 0; i < 100000; i++)
    {
      gchar key[32];
      g_snprintf(key, sizeof(key), "mx1 IMAP %08X", i);
      remember(key, "192.0.2.1", "1", 100 + i / 100);
    }
  cr_assert_eq(session_table_size(table), 1000);
}

/* forgetting shifts the entries of a probe run back: check it against a plain hash table */
Test(session_table_under_load, agrees_with_a_plain_hash_table_over_random_remembering_and_forgetting)
{
  GHashTable *model = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  GRand *random = g_rand_new_with_seed(20261203);
  SessionClient client;

  table = session_table_new(100000, 3600);
  for (gint i = 0; i < 200000; i++)
    {
      gchar key[32], ip[32];
      g_snprintf(key, sizeof(key), "mx1 IMAP %08X", g_rand_int_range(random, 0, 3000));
      gint op = g_rand_int_range(random, 0, 3);

      if (op == 0)
        {
          g_snprintf(ip, sizeof(ip), "192.0.2.%d", i % 250);
          remember(key, ip, NULL, 100);
          g_hash_table_insert(model, g_strdup(key), g_strdup(ip));
        }
      else if (op == 1)
        {
          session_table_forget(table, key, strlen(key));
          g_hash_table_remove(model, key);
        }
      else
        {
          const gchar *expected = g_hash_table_lookup(model, key);
          cr_assert_eq(recall(key, 100, &client), expected != NULL, "%s at step %d", key, i);
          if (expected)
            cr_assert_str_eq(client.ip, expected, "%s at step %d", key, i);
        }
    }
  cr_assert_eq(session_table_size(table), g_hash_table_size(model));
  g_rand_free(random);
  g_hash_table_destroy(model);
}

static gpointer
_hammer(gpointer data)
{
  SessionClient client;
  gint thread = GPOINTER_TO_INT(data);

  for (gint i = 0; i < 20000; i++)
    {
      gchar key[32];
      g_snprintf(key, sizeof(key), "%d %d", thread, i % 500);
      remember(key, "192.0.2.1", "1", 100);
      recall(key, 100, &client);
      if (i % 7 == 0)
        session_table_forget(table, key, strlen(key));
    }
  return NULL;
}

Test(session_table_under_load, is_safe_to_use_from_several_threads)
{
  GThread *threads[4];

  table = session_table_new(300, 3600);
  for (gint i = 0; i < 4; i++)
    threads[i] = g_thread_new("hammer", _hammer, GINT_TO_POINTER(i));
  for (gint i = 0; i < 4; i++)
    g_thread_join(threads[i]);
  cr_assert_leq(session_table_size(table), 300);
}
