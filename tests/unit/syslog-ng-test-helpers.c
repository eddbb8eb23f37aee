/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "syslog-ng-test-helpers.h"

#include "apphook.h"
#include "cfg.h"
#include "scratch-buffers.h"

void
syslog_ng_test_start(void)
{
  app_startup();
  configuration = cfg_new_snippet();
}

void
syslog_ng_test_stop(void)
{
  scratch_buffers_explicit_gc();
  cfg_free(configuration);
  configuration = NULL;
  app_shutdown();
}

LogMessage *
test_message_new(const gchar *text)
{
  LogMessage *msg = log_msg_new_empty();

  log_msg_set_value(msg, LM_V_MESSAGE, text, -1);
  return msg;
}

LogParser *
test_parser_start(LogParser *parser)
{
  LogParser *clone = (LogParser *) log_pipe_clone(&parser->super);

  log_pipe_unref(&parser->super);
  if (!log_pipe_init(&clone->super))
    {
      log_pipe_unref(&clone->super);
      return NULL;
    }
  return clone;
}

void
test_parser_stop(LogParser *parser)
{
  if (!parser)
    return;
  log_pipe_deinit(&parser->super);
  log_pipe_unref(&parser->super);
}

gboolean
test_parser_process(LogParser *parser, LogMessage **pmsg)
{
  LogPathOptions path_options = LOG_PATH_OPTIONS_INIT;

  return log_parser_process_message(parser, pmsg, &path_options);
}

const gchar *
test_message_value(LogMessage *msg, const gchar *name)
{
  return log_msg_get_value_if_set(msg, log_msg_get_value_handle(name), NULL);
}

LogMessageValueType
test_message_value_type(LogMessage *msg, const gchar *name)
{
  LogMessageValueType type = LM_VT_NONE;

  log_msg_get_value_if_set_with_type(msg, log_msg_get_value_handle(name), NULL, &type);
  return type;
}
