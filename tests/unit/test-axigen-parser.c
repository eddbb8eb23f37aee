/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The axigen-parser() object: its options, their survival through clone(),
 * and session correlation.  The scanner's shapes are tested on their own
 * in test-scanner.c.
 */
#include "axigen-parser.h"
#include "syslog-ng-test-helpers.h"

#include <criterion/criterion.h>

#define CONNECT_1 "2020-08-03 06:00:15 +0100 08 mx1 IMAP:00000001: [192.168.1.100:993] connection accepted from [85.214.132.117:32095]"
#define CONNECT_2 "2020-08-03 06:00:16 +0100 08 mx1 IMAP:00000002: [192.168.1.100:993] connection accepted from [84.128.10.20:40000]"
#define LOGIN_1   "2020-08-03 06:00:20 +0100 08 mx1 IMAP:00000001: User [gina@example.de] successfully authorized!"
#define LOGIN_2   "2020-08-03 06:00:21 +0100 08 mx1 IMAP:00000002: User [ida@example.de] successfully authorized!"
#define LOGIN_1_LATE "2020-08-03 07:00:20 +0100 08 mx1 IMAP:00000001: User [gina@example.de] successfully authorized!"
#define CLOSE_1   "2020-08-03 06:00:25 +0100 08 mx1 IMAP:00000001: Closing connection from [85.214.132.117:32095]"
#define SMTP_1    "2020-08-03 06:00:20 +0100 02 mx1 SMTP-IN:00000001: Authentication error for user 'gina@example.de': Invalid password"

static LogParser *parser;
static LogMessage *last;

static void
setup(void)
{
  syslog_ng_test_start();
  parser = axigen_parser_new(configuration);
  last = NULL;
}

static void
teardown(void)
{
  if (last)
    log_msg_unref(last);
  test_parser_stop(parser);
  syslog_ng_test_stop();
}

TestSuite(axigen_parser, .init = setup, .fini = teardown);

static void
start(void)
{
  parser = test_parser_start(parser);
  cr_assert_not_null(parser, "the parser did not init");
}

/* feeds one line; the message stays available as `last` */
static gboolean
feed(const gchar *line)
{
  if (last)
    log_msg_unref(last);
  last = test_message_new(line);
  return test_parser_process(parser, &last);
}

static const gchar *
value(const gchar *name)
{
  return test_message_value(last, name);
}

Test(axigen_parser, sets_the_fields_of_an_axigen_line_under_the_default_prefix)
{
  start();
  cr_assert(feed(CONNECT_1));
  cr_assert_str_eq(value(".axigen.event"), "connect");
  cr_assert_str_eq(value(".axigen.client_ip"), "85.214.132.117");
  cr_assert_str_eq(value(".axigen.service"), "IMAP");
}

Test(axigen_parser, sets_numbers_as_integers_and_words_as_strings)
{
  start();
  feed(CONNECT_1);
  cr_assert_eq(test_message_value_type(last, ".axigen.client_port"), LM_VT_INT64);
  cr_assert_eq(test_message_value_type(last, ".axigen.client_ip"), LM_VT_STRING);
}

Test(axigen_parser, returns_false_for_a_line_that_is_not_axigen)
{
  start();
  cr_assert_not(feed("kernel: eth0 link up"));
  cr_assert_null(value(".axigen.event"));
}

Test(axigen_parser, gives_a_login_the_client_ip_of_its_session)
{
  start();
  feed(CONNECT_1);
  feed(LOGIN_1);
  cr_assert_str_eq(value(".axigen.client_ip"), "85.214.132.117");
  cr_assert_str_eq(value(".axigen.client_port"), "32095");
}

Test(axigen_parser, keeps_interleaved_sessions_apart)
{
  start();
  feed(CONNECT_1);
  feed(CONNECT_2);
  feed(LOGIN_2);
  cr_assert_str_eq(value(".axigen.client_ip"), "84.128.10.20");
  feed(LOGIN_1);
  cr_assert_str_eq(value(".axigen.client_ip"), "85.214.132.117");
}

Test(axigen_parser, keeps_the_same_session_id_of_another_service_apart)
{
  start();
  feed(CONNECT_1);
  feed(SMTP_1);
  cr_assert_null(value(".axigen.client_ip"));
}

Test(axigen_parser, forgets_a_session_at_its_disconnect)
{
  start();
  feed(CONNECT_1);
  feed(CLOSE_1);
  cr_assert_str_eq(value(".axigen.client_ip"), "85.214.132.117");
  feed(LOGIN_1);
  cr_assert_null(value(".axigen.client_ip"));
}

Test(axigen_parser, sets_the_message_timestamp_from_the_axigen_time_and_offset)
{
  start();
  feed(CONNECT_1);
  cr_assert_eq(last->timestamps[LM_TS_STAMP].ut_sec, 1596430815);
  cr_assert_eq(last->timestamps[LM_TS_STAMP].ut_gmtoff, 3600);
}

Test(axigen_parser, prefix_survives_clone)
{
  axigen_parser_set_prefix(parser, "mail.");
  start();
  feed(CONNECT_1);
  cr_assert_str_eq(value("mail.client_ip"), "85.214.132.117");
  cr_assert_null(value(".axigen.client_ip"));
}

Test(axigen_parser, correlate_no_survives_clone)
{
  axigen_parser_set_correlate(parser, FALSE);
  start();
  feed(CONNECT_1);
  feed(LOGIN_1);
  cr_assert_str_eq(value(".axigen.event"), "login");
  cr_assert_null(value(".axigen.client_ip"));
}

Test(axigen_parser, max_sessions_survives_clone_and_drops_the_oldest_session)
{
  axigen_parser_set_max_sessions(parser, 1);
  start();
  feed(CONNECT_1);
  feed(CONNECT_2);
  feed(LOGIN_1);
  cr_assert_null(value(".axigen.client_ip"));
  feed(LOGIN_2);
  cr_assert_str_eq(value(".axigen.client_ip"), "84.128.10.20");
}

Test(axigen_parser, session_timeout_survives_clone_and_forgets_an_idle_session)
{
  axigen_parser_set_session_timeout(parser, 60);
  start();
  feed(CONNECT_1);
  feed(LOGIN_1_LATE);
  cr_assert_null(value(".axigen.client_ip"));
}

Test(axigen_parser, default_session_timeout_keeps_a_session_idle_for_less_than_an_hour)
{
  start();
  feed(CONNECT_1);
  feed("2020-08-03 06:59:00 +0100 08 mx1 IMAP:00000001: User [gina@example.de] successfully authorized!");
  cr_assert_str_eq(value(".axigen.client_ip"), "85.214.132.117");
}

Test(axigen_parser, set_timestamp_no_survives_clone_and_keeps_the_message_time)
{
  axigen_parser_set_set_timestamp(parser, FALSE);
  start();
  if (last)
    log_msg_unref(last);
  last = test_message_new(CONNECT_1);
  last->timestamps[LM_TS_STAMP].ut_sec = 42;
  test_parser_process(parser, &last);
  cr_assert_eq(last->timestamps[LM_TS_STAMP].ut_sec, 42);
}

Test(axigen_parser, drop_invalid_no_survives_clone_and_accepts_a_line_that_is_not_axigen)
{
  axigen_parser_set_drop_invalid(parser, FALSE);
  start();
  cr_assert(feed("kernel: eth0 link up"));
}

Test(axigen_parser, drop_invalid_no_sets_no_value_on_a_line_that_is_not_axigen)
{
  axigen_parser_set_drop_invalid(parser, FALSE);
  start();
  feed("kernel: eth0 link up");
  cr_assert_null(value(".axigen.event"));
  cr_assert_str_eq(value("MESSAGE"), "kernel: eth0 link up");
}

Test(axigen_parser, drop_invalid_no_does_not_copy_a_write_protected_line_that_is_not_axigen)
{
  axigen_parser_set_drop_invalid(parser, FALSE);
  start();
  last = test_message_new("kernel: eth0 link up");
  log_msg_write_protect(last);
  LogMessage *fed = last;

  cr_assert(test_parser_process(parser, &last));
  cr_assert_eq(last, fed, "the parser made the message writable");
}

Test(axigen_parser, template_survives_clone)
{
  LogTemplate *template = log_template_new(configuration, NULL);

  cr_assert(log_template_compile(template, "${raw}", NULL));
  log_parser_set_template(parser, template);
  start();
  if (last)
    log_msg_unref(last);
  last = test_message_new("not axigen");
  log_msg_set_value_by_name(last, "raw", CONNECT_1, -1);
  cr_assert(test_parser_process(parser, &last));
  cr_assert_str_eq(value(".axigen.event"), "connect");
}
