/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "session-table.h"

#include <string.h>

/*
 * A hash table for lookups and a queue ordered by last use for eviction:
 * the least recently seen session sits at the tail, so both bounds are
 * enforced by looking at the tail only.
 */
typedef struct
{
  const gchar *key;
  gsize key_len;
} SessionKey;

/* the hash table's key is the SessionKey inside the entry, pointing at its own key bytes */
typedef struct
{
  SessionKey hash_key;
  GList lru_link;
  gint64 last_seen;
  SessionClient client;
  gchar key[];
} SessionEntry;

struct _SessionTable
{
  GMutex lock;
  GHashTable *entries;
  GQueue lru;
  gsize max_sessions;
  gint64 timeout;
};

static guint
_key_hash(gconstpointer k)
{
  const SessionKey *key = k;
  guint hash = 5381;

  for (gsize i = 0; i < key->key_len; i++)
    hash = (hash * 33) ^ (guchar) key->key[i];
  return hash;
}

static gboolean
_key_equal(gconstpointer a, gconstpointer b)
{
  const SessionKey *ka = a, *kb = b;

  return ka->key_len == kb->key_len && memcmp(ka->key, kb->key, ka->key_len) == 0;
}

static void
_copy_bounded(gchar *dst, gsize dst_size, const gchar *src, gsize src_len)
{
  gsize n = MIN(src_len, dst_size - 1);

  memcpy(dst, src, n);
  dst[n] = '\0';
}

static void
_remove_entry(SessionTable *self, SessionEntry *entry)
{
  g_queue_unlink(&self->lru, &entry->lru_link);
  g_hash_table_remove(self->entries, &entry->hash_key);
  g_free(entry);
}

static void
_evict(SessionTable *self, gint64 now)
{
  while (self->lru.tail)
    {
      SessionEntry *oldest = self->lru.tail->data;

      if (self->lru.length <= self->max_sessions && now - oldest->last_seen < self->timeout)
        break;
      _remove_entry(self, oldest);
    }
}

static SessionEntry *
_lookup(SessionTable *self, const gchar *key, gsize key_len)
{
  SessionKey lookup_key = { key, key_len };

  return g_hash_table_lookup(self->entries, &lookup_key);
}

static void
_touch(SessionTable *self, SessionEntry *entry, gint64 now)
{
  entry->last_seen = MAX(entry->last_seen, now);
  g_queue_unlink(&self->lru, &entry->lru_link);
  g_queue_push_head_link(&self->lru, &entry->lru_link);
}

static SessionEntry *
_insert(SessionTable *self, const gchar *key, gsize key_len, gint64 now)
{
  SessionEntry *entry = g_malloc0(sizeof(SessionEntry) + key_len);

  memcpy(entry->key, key, key_len);
  entry->hash_key.key = entry->key;
  entry->hash_key.key_len = key_len;
  entry->last_seen = now;
  entry->lru_link.data = entry;
  g_hash_table_insert(self->entries, &entry->hash_key, entry);
  g_queue_push_head_link(&self->lru, &entry->lru_link);
  return entry;
}

void
session_table_remember(SessionTable *self, const gchar *key, gsize key_len,
                       const gchar *ip, gsize ip_len, const gchar *port, gsize port_len, gint64 now)
{
  g_mutex_lock(&self->lock);
  SessionEntry *entry = _lookup(self, key, key_len);
  if (entry)
    _touch(self, entry, now);
  else
    entry = _insert(self, key, key_len, now);

  gboolean same_ip = strlen(entry->client.ip) == ip_len && memcmp(entry->client.ip, ip, ip_len) == 0;
  if (port)
    _copy_bounded(entry->client.port, sizeof(entry->client.port), port, port_len);
  else if (!same_ip)
    entry->client.port[0] = '\0';
  _copy_bounded(entry->client.ip, sizeof(entry->client.ip), ip, ip_len);
  _evict(self, now);
  g_mutex_unlock(&self->lock);
}

gboolean
session_table_recall(SessionTable *self, const gchar *key, gsize key_len, gint64 now, SessionClient *client)
{
  g_mutex_lock(&self->lock);
  _evict(self, now);
  SessionEntry *entry = _lookup(self, key, key_len);
  if (entry)
    {
      _touch(self, entry, now);
      *client = entry->client;
    }
  g_mutex_unlock(&self->lock);
  return entry != NULL;
}

void
session_table_forget(SessionTable *self, const gchar *key, gsize key_len)
{
  g_mutex_lock(&self->lock);
  SessionEntry *entry = _lookup(self, key, key_len);
  if (entry)
    _remove_entry(self, entry);
  g_mutex_unlock(&self->lock);
}

gsize
session_table_size(SessionTable *self)
{
  g_mutex_lock(&self->lock);
  gsize size = self->lru.length;
  g_mutex_unlock(&self->lock);
  return size;
}

SessionTable *
session_table_new(gsize max_sessions, gint64 timeout_seconds)
{
  SessionTable *self = g_new0(SessionTable, 1);

  g_mutex_init(&self->lock);
  self->entries = g_hash_table_new(_key_hash, _key_equal);
  g_queue_init(&self->lru);
  self->max_sessions = max_sessions;
  self->timeout = timeout_seconds;
  return self;
}

void
session_table_free(SessionTable *self)
{
  while (self->lru.tail)
    _remove_entry(self, self->lru.tail->data);
  g_hash_table_destroy(self->entries);
  g_mutex_clear(&self->lock);
  g_free(self);
}
