/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A benchmark, not a test: the axigen-parser() object in-process, as a log
 * path runs it, over the lines of a corpus.  Prints ns per line (median of
 * the repeats) with session correlation on and off.
 *
 *   bench-parser tests/data/everything.txt [rounds] [repeats]
 */
#include "axigen-parser.h"
#include "syslog-ng-test-helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  LogMessage **messages;
  gsize count;
} Corpus;

static Corpus
load_corpus(const gchar *path)
{
  gchar *contents;
  gsize length;
  GError *error = NULL;
  Corpus corpus = { 0 };

  if (!g_file_get_contents(path, &contents, &length, &error))
    {
      fprintf(stderr, "bench-parser: cannot read %s: %s\n", path, error->message);
      exit(1);
    }
  gchar **lines = g_strsplit(contents, "\n", -1);
  corpus.messages = g_new0(LogMessage *, g_strv_length(lines));
  for (gchar **line = lines; *line; line++)
    if (**line)
      corpus.messages[corpus.count++] = test_message_new(*line);
  g_strfreev(lines);
  g_free(contents);
  return corpus;
}

static gint
compare_doubles(const void *a, const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return (x > y) - (x < y);
}

/* each round parses a fresh copy of every message, as a log path would */
static gdouble
ns_per_line(LogParser *parser, const Corpus *corpus, gint rounds)
{
  LogPathOptions path_options = LOG_PATH_OPTIONS_INIT;
  gint64 start = g_get_monotonic_time();

  for (gint round = 0; round < rounds; round++)
    for (gsize i = 0; i < corpus->count; i++)
      {
        LogMessage *msg = log_msg_ref(corpus->messages[i]);
        log_parser_process_message(parser, &msg, &path_options);
        log_msg_unref(msg);
      }
  return (g_get_monotonic_time() - start) * 1000.0 / ((gdouble) rounds * corpus->count);
}

static gdouble
median_ns_per_line(gboolean correlate, const Corpus *corpus, gint rounds, gint repeats)
{
  gdouble *samples = g_new(gdouble, repeats);
  LogParser *parser = axigen_parser_new(configuration);

  axigen_parser_set_correlate(parser, correlate);
  parser = test_parser_start(parser);
  ns_per_line(parser, corpus, 1);
  for (gint i = 0; i < repeats; i++)
    samples[i] = ns_per_line(parser, corpus, rounds);
  test_parser_stop(parser);
  qsort(samples, repeats, sizeof(gdouble), compare_doubles);
  gdouble median = samples[repeats / 2];
  g_free(samples);
  return median;
}

int
main(int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf(stderr, "usage: bench-parser CORPUS [ROUNDS] [REPEATS]\n");
      return 2;
    }
  gint rounds = argc > 2 ? atoi(argv[2]) : 50;
  gint repeats = argc > 3 ? atoi(argv[3]) : 7;

  syslog_ng_test_start();
  Corpus corpus = load_corpus(argv[1]);

  gdouble with = median_ns_per_line(TRUE, &corpus, rounds, repeats);
  gdouble without = median_ns_per_line(FALSE, &corpus, rounds, repeats);
  printf("axigen-parser() in-process over %zu lines x %d rounds, median of %d repeats:\n",
         corpus.count, rounds, repeats);
  printf("  correlate(yes): %8.1f ns/line  (%.0f lines/s)\n", with, 1e9 / with);
  printf("  correlate(no):  %8.1f ns/line  (%.0f lines/s)\n", without, 1e9 / without);

  for (gsize i = 0; i < corpus.count; i++)
    log_msg_unref(corpus.messages[i]);
  g_free(corpus.messages);
  syslog_ng_test_stop();
  return 0;
}
