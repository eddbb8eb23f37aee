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

/* host + service + session id fit here in practice; a longer key goes to the heap */
#define SESSION_KEY_INLINE 48
#define SESSION_ENTRIES_PER_CHUNK 256

/* the hash table's key is the SessionKey inside the entry, pointing at its own key bytes */
typedef struct _SessionEntry SessionEntry;
struct _SessionEntry
{
  SessionKey hash_key;
  GList lru_link;
  gint64 last_seen;
  SessionClient client;
  gchar *key_on_heap;
  SessionEntry *next_free;
  gchar key_inline[SESSION_KEY_INLINE];
};

/*
 * Entries come from chunks that live as long as the table, and an evicted
 * entry is reused by the next new session: under an endless stream of new
 * sessions the table's memory stays at what its bound needs, instead of
 * growing with the holes that a malloc() per session, freed among the
 * messages' own allocations, leaves behind.
 */
struct _SessionTable
{
  GMutex lock;
  GHashTable *entries;
  GQueue lru;
  gsize max_sessions;
  gint64 timeout;

  GPtrArray *chunks;
  gsize chunk_used;
  SessionEntry *free_entries;
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
  g_free(entry->key_on_heap);
  entry->key_on_heap = NULL;
  entry->next_free = self->free_entries;
  self->free_entries = entry;
}

static SessionEntry *
_allocate_entry(SessionTable *self)
{
  if (self->free_entries)
    {
      SessionEntry *entry = self->free_entries;
      self->free_entries = entry->next_free;
      return entry;
    }
  if (self->chunks->len == 0 || self->chunk_used == SESSION_ENTRIES_PER_CHUNK)
    {
      g_ptr_array_add(self->chunks, g_new(SessionEntry, SESSION_ENTRIES_PER_CHUNK));
      self->chunk_used = 0;
    }
  SessionEntry *chunk = g_ptr_array_index(self->chunks, self->chunks->len - 1);
  return &chunk[self->chunk_used++];
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
  SessionEntry *entry = _allocate_entry(self);

  memset(entry, 0, sizeof(*entry));
  gchar *key_copy = entry->key_inline;
  if (key_len > sizeof(entry->key_inline))
    key_copy = entry->key_on_heap = g_malloc(key_len);
  memcpy(key_copy, key, key_len);
  entry->hash_key.key = key_copy;
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
  self->chunks = g_ptr_array_new_with_free_func(g_free);
  return self;
}

void
session_table_free(SessionTable *self)
{
  while (self->lru.tail)
    _remove_entry(self, self->lru.tail->data);
  g_hash_table_destroy(self->entries);
  g_ptr_array_free(self->chunks, TRUE);
  g_mutex_clear(&self->lock);
  g_free(self);
}
