/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The test databases (written at build time by tests/data/mmdb/write-test-mmdb.pl)
 * and a scratch directory for the tests that replace or break a database file.
 */
#ifndef TEST_GEOIP_FILES_H_INCLUDED
#define TEST_GEOIP_FILES_H_INCLUDED

#include <glib.h>

/* the path of a test database by name ("maxmind-city"); owned by the helper until the next call */
const gchar *test_mmdb(const gchar *name);

/* a fresh directory, and the path of a file in it (owned until the next call) */
void test_scratch_start(void);
void test_scratch_stop(void);
const gchar *test_scratch_path(const gchar *file);

/* copies a test database into the scratch directory as file, through a rename like geoipupdate's */
void test_scratch_install(const gchar *name, const gchar *file);
/* the same, cut to its first len bytes, or with its last len bytes overwritten by zeros */
void test_scratch_install_truncated(const gchar *name, const gchar *file, gsize len);
void test_scratch_install_zeroed_tail(const gchar *name, const gchar *file, gsize len);
/* the same, with len bytes from offset overwritten by byte; returns the file's size */
gsize test_scratch_install_overwritten(const gchar *name, const gchar *file, gsize offset, gsize len, guint8 byte);
/* a file that is no database at all */
void test_scratch_install_text(const gchar *file, const gchar *text);

#endif
