/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test-geoip-files.h"

#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <string.h>

static gchar *mmdb_path;
static gchar *scratch_dir;
static gchar *scratch_path;

const gchar *
test_mmdb(const gchar *name)
{
  g_free(mmdb_path);
  mmdb_path = g_strdup_printf("%s/%s.mmdb", AXIGEN_TEST_MMDB_DIR, name);
  return mmdb_path;
}

void
test_scratch_start(void)
{
  GError *error = NULL;

  scratch_dir = g_dir_make_tmp("axigen-geoip-XXXXXX", &error);
  cr_assert_not_null(scratch_dir, "cannot create a scratch directory: %s", error ? error->message : "");
}

void
test_scratch_stop(void)
{
  if (scratch_dir)
    {
      GDir *dir = g_dir_open(scratch_dir, 0, NULL);
      const gchar *entry;

      while (dir && (entry = g_dir_read_name(dir)))
        {
          gchar *path = g_build_filename(scratch_dir, entry, NULL);
          g_remove(path);
          g_free(path);
        }
      if (dir)
        g_dir_close(dir);
      g_rmdir(scratch_dir);
    }
  g_free(scratch_dir);
  g_free(scratch_path);
  g_free(mmdb_path);
  scratch_dir = scratch_path = mmdb_path = NULL;
}

const gchar *
test_scratch_path(const gchar *file)
{
  g_free(scratch_path);
  scratch_path = g_build_filename(scratch_dir, file, NULL);
  return scratch_path;
}

static void
_install_bytes(const gchar *file, const gchar *contents, gsize len)
{
  gchar *tmp_name = g_strconcat(file, ".tmp", NULL);
  gchar *tmp = g_strdup(test_scratch_path(tmp_name));
  gchar *target = g_strdup(test_scratch_path(file));
  GError *error = NULL;

  cr_assert(g_file_set_contents(tmp, contents, len, &error), "cannot write %s: %s", tmp, error ? error->message : "");
  cr_assert_eq(g_rename(tmp, target), 0, "cannot rename %s", tmp);
  g_free(tmp_name);
  g_free(tmp);
  g_free(target);
}

static gchar *
_read_mmdb(const gchar *name, gsize *len)
{
  gchar *contents = NULL;
  GError *error = NULL;

  cr_assert(g_file_get_contents(test_mmdb(name), &contents, len, &error),
            "cannot read test database %s: %s", name, error ? error->message : "");
  return contents;
}

void
test_scratch_install(const gchar *name, const gchar *file)
{
  gsize len;
  gchar *contents = _read_mmdb(name, &len);

  _install_bytes(file, contents, len);
  g_free(contents);
}

void
test_scratch_install_truncated(const gchar *name, const gchar *file, gsize len)
{
  gsize full_len;
  gchar *contents = _read_mmdb(name, &full_len);

  _install_bytes(file, contents, MIN(len, full_len));
  g_free(contents);
}

void
test_scratch_install_zeroed_tail(const gchar *name, const gchar *file, gsize len)
{
  gsize full_len;
  gchar *contents = _read_mmdb(name, &full_len);

  len = MIN(len, full_len);
  memset(contents + full_len - len, 0, len);
  _install_bytes(file, contents, full_len);
  g_free(contents);
}

gsize
test_scratch_install_overwritten(const gchar *name, const gchar *file, gsize offset, gsize len, guint8 byte)
{
  gsize full_len;
  gchar *contents = _read_mmdb(name, &full_len);

  if (offset < full_len)
    memset(contents + offset, byte, MIN(len, full_len - offset));
  _install_bytes(file, contents, full_len);
  g_free(contents);
  return full_len;
}

void
test_scratch_install_text(const gchar *file, const gchar *text)
{
  _install_bytes(file, text, strlen(text));
}
