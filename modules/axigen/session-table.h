/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The client address of each open Axigen session, so that lines which do not
 * name the client (logins, above all) can carry it.  Bounded in count and in
 * age, safe to share between threads.  GLib only: no syslog-ng types.
 */
#ifndef SESSION_TABLE_H_INCLUDED
#define SESSION_TABLE_H_INCLUDED

#include <glib.h>

/* long enough for any IPv6 text form, with a scope id */
#define SESSION_CLIENT_IP_MAX 64
#define SESSION_CLIENT_PORT_MAX 6

typedef struct _SessionTable SessionTable;

typedef struct
{
  gchar ip[SESSION_CLIENT_IP_MAX];
  gchar port[SESSION_CLIENT_PORT_MAX];
} SessionClient;

SessionTable *session_table_new(gsize max_sessions, gint64 timeout_seconds);
void session_table_free(SessionTable *self);

/* port may be NULL: the known port is kept when ip is the known address, else dropped */
void session_table_remember(SessionTable *self, const gchar *key, gsize key_len,
                            const gchar *ip, gsize ip_len, const gchar *port, gsize port_len, gint64 now);
gboolean session_table_recall(SessionTable *self, const gchar *key, gsize key_len, gint64 now,
                              SessionClient *client);
void session_table_forget(SessionTable *self, const gchar *key, gsize key_len);
gsize session_table_size(SessionTable *self);

#endif
