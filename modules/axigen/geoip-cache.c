/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An open-addressing hash table (linear probing, at most half full) of
 * (hash, entry) pairs over a fixed array of entries (links are indices plus
 * one, 0 is "none"), so that a miss reads one small table and no entry.  It
 * evicts by CLOCK: a hit marks its entry,
 * and once the array is full, the hand sweeps it, unmarking the marked
 * entries and reusing the first unmarked one, so an answer asked for again
 * outlives those asked for once.  Records are stored in the entry itself
 * (those with unusually long names on the heap): a miss does not allocate,
 * and the memory stays at capacity entries.  One mutex guards it all; a hit
 * holds it for a hash, a comparison and a copy of the record.
 */
#include "geoip-cache.h"

#include <string.h>

/* room for the names of nearly every record */
#define INLINE_RECORD_SIZE (G_STRUCT_OFFSET(GeoipRecord, text) + 128)

typedef struct
{
  guint32 generation;
  guint8 len;
  guint8 bytes[16];
} CacheKey;

typedef struct
{
  CacheKey key;
  guint32 hash;
  guint16 record_size;
  guint8 found;
  guint8 referenced;
  /* NULL when the record fits in inline_record */
  guint8 *heap_record;
  guint8 inline_record[INLINE_RECORD_SIZE];
} CacheEntry;

typedef struct
{
  guint32 hash;
  guint32 link;
} CacheSlot;

struct _GeoipCache
{
  GMutex lock;
  guint capacity;
  guint size;
  guint hand;
  CacheEntry *entries;
  CacheSlot *slots;
  guint32 slot_mask;
  guint64 evictions;
};

G_STATIC_ASSERT(sizeof(GeoipRecord) <= G_MAXUINT16);

GeoipCache *
geoip_cache_new(guint capacity)
{
  GeoipCache *self = g_new0(GeoipCache, 1);

  g_mutex_init(&self->lock);
  self->capacity = MIN(capacity, GEOIP_CACHE_MAX_CAPACITY);
  if (self->capacity == 0)
    return self;

  guint slots = 2;
  while (slots < 2 * self->capacity)
    slots <<= 1;
  self->slots = g_new0(CacheSlot, slots);
  self->slot_mask = slots - 1;
  /* zeroed pages the kernel maps only as entries are used */
  self->entries = g_new0(CacheEntry, self->capacity);
  return self;
}

void
geoip_cache_free(GeoipCache *self)
{
  if (!self)
    return;
  for (guint i = 0; i < self->size; i++)
    g_free(self->entries[i].heap_record);
  g_free(self->entries);
  g_free(self->slots);
  g_mutex_clear(&self->lock);
  g_free(self);
}

static void
_make_key(CacheKey *key, const GeoipAddress *address, guint32 generation)
{
  memset(key, 0, sizeof(*key));
  key->generation = generation;
  key->len = address->len;
  memcpy(key->bytes, address->bytes, address->len == 4 ? 4 : 16);
}

static guint32
_hash(const CacheKey *key)
{
  guint64 high, low;

  memcpy(&high, key->bytes, 8);
  memcpy(&low, key->bytes + 8, 8);

  guint64 h = (high ^ (low * 0x9e3779b97f4a7c15ULL)) + ((guint64) key->generation << 8) + key->len;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return (guint32) h;
}

static gboolean
_key_equal(const CacheKey *a, const CacheKey *b)
{
  return a->generation == b->generation && a->len == b->len && memcmp(a->bytes, b->bytes, 16) == 0;
}

static CacheEntry *
_entry(GeoipCache *self, guint32 link)
{
  return &self->entries[link - 1];
}

/* the entry of key, or 0 with *free_slot set to where it would go */
static guint32
_find(GeoipCache *self, const CacheKey *key, guint32 hash, guint32 *free_slot)
{
  guint32 i = hash & self->slot_mask;

  for (; self->slots[i].link; i = (i + 1) & self->slot_mask)
    {
      if (self->slots[i].hash == hash && _key_equal(&_entry(self, self->slots[i].link)->key, key))
        return self->slots[i].link;
    }
  if (free_slot)
    *free_slot = i;
  return 0;
}

static const guint8 *
_record_of(const CacheEntry *entry)
{
  return entry->heap_record ? entry->heap_record : entry->inline_record;
}

gboolean
geoip_cache_lookup(GeoipCache *self, const GeoipAddress *address, guint32 generation,
                   GeoipRecord *record, gboolean *found)
{
  CacheKey key;

  if (self->capacity == 0)
    return FALSE;

  _make_key(&key, address, generation);
  guint32 hash = _hash(&key);

  g_mutex_lock(&self->lock);
  guint32 link = _find(self, &key, hash, NULL);
  if (link)
    {
      CacheEntry *entry = _entry(self, link);

      if (!entry->referenced)
        entry->referenced = TRUE;
      memcpy(record, _record_of(entry), entry->record_size);
      *found = entry->found;
    }
  g_mutex_unlock(&self->lock);
  return link != 0;
}

static gboolean
_between(guint32 from, guint32 position, guint32 to)
{
  return from <= to ? (from < position && position <= to) : (from < position || position <= to);
}

/* removes the slot of link, shifting back the slots that probed past it */
static void
_remove_slot(GeoipCache *self, guint32 link)
{
  guint32 hole = _entry(self, link)->hash & self->slot_mask;

  while (self->slots[hole].link != link)
    hole = (hole + 1) & self->slot_mask;

  for (guint32 next = (hole + 1) & self->slot_mask; self->slots[next].link; next = (next + 1) & self->slot_mask)
    {
      guint32 home = self->slots[next].hash & self->slot_mask;

      /* a slot whose home lies after the hole, up to it, is where it belongs */
      if (_between(hole, home, next))
        continue;
      self->slots[hole] = self->slots[next];
      hole = next;
    }
  self->slots[hole].link = 0;
}

/* returns the entry to reuse, and the heap record it held (to be freed outside the lock) */
static guint32
_take_free_entry(GeoipCache *self, guint8 **old_heap_record)
{
  *old_heap_record = NULL;
  if (self->size < self->capacity)
    return ++self->size;

  /* every marked entry is unmarked on the way: two sweeps at most */
  for (;;)
    {
      CacheEntry *entry = &self->entries[self->hand];
      guint32 link = self->hand + 1;

      self->hand = (self->hand + 1) % self->capacity;
      if (entry->referenced)
        {
          entry->referenced = FALSE;
          continue;
        }

      _remove_slot(self, link);
      *old_heap_record = entry->heap_record;
      entry->heap_record = NULL;
      self->evictions++;
      return link;
    }
}

static void
_store_record(CacheEntry *entry, const GeoipRecord *record, gboolean found, guint8 *heap_record)
{
  gsize record_size = GEOIP_RECORD_SIZE(record);

  entry->record_size = record_size;
  entry->found = found;
  entry->heap_record = heap_record;
  memcpy(heap_record ? heap_record : entry->inline_record, record, record_size);
}

void
geoip_cache_insert(GeoipCache *self, const GeoipAddress *address, guint32 generation,
                   const GeoipRecord *record, gboolean found)
{
  CacheKey key;
  guint8 *old_heap_record = NULL;

  if (self->capacity == 0)
    return;

  _make_key(&key, address, generation);
  guint32 hash = _hash(&key);
  guint8 *heap_record = GEOIP_RECORD_SIZE(record) > INLINE_RECORD_SIZE ? g_malloc(GEOIP_RECORD_SIZE(record)) : NULL;

  g_mutex_lock(&self->lock);
  guint32 free_slot;
  guint32 link = _find(self, &key, hash, &free_slot);
  CacheEntry *entry;
  if (link)
    {
      /* another thread answered the same address meanwhile */
      entry = _entry(self, link);
      old_heap_record = entry->heap_record;
    }
  else
    {
      guint64 evictions = self->evictions;
      link = _take_free_entry(self, &old_heap_record);
      /* an eviction may have shifted slots: look for the free one again */
      if (self->evictions != evictions)
        _find(self, &key, hash, &free_slot);
      entry = _entry(self, link);
      entry->key = key;
      entry->hash = hash;
      entry->referenced = FALSE;
      self->slots[free_slot] = (CacheSlot)
      {
        .hash = hash, .link = link
      };
    }
  _store_record(entry, record, found, heap_record);
  g_mutex_unlock(&self->lock);

  g_free(old_heap_record);
}

guint
geoip_cache_get_capacity(GeoipCache *self)
{
  return self->capacity;
}

guint
geoip_cache_get_size(GeoipCache *self)
{
  g_mutex_lock(&self->lock);
  guint size = self->size;
  g_mutex_unlock(&self->lock);
  return size;
}

guint64
geoip_cache_get_evictions(GeoipCache *self)
{
  g_mutex_lock(&self->lock);
  guint64 evictions = self->evictions;
  g_mutex_unlock(&self->lock);
  return evictions;
}
