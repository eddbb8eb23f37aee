/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A benchmark, not a test: the axigen-parser() object in-process, as a log
 * path runs it, over the lines of a corpus.  Every line of every round is
 * a new message, sized as syslog-ng's sources size theirs, so that the
 * parser writes into a fresh payload as it does in a pipeline.  Prints ns
 * per line (median of the repeats), less the cost of making and freeing
 * the messages, which is measured first:
 *
 *  - axigen-parser() with session correlation on and off;
 *  - the values alone: the very values the parser sets for each line (found
 *    once, before the clock starts) set on fresh messages with the same
 *    call, log_msg_set_value_with_type().  That is syslog-ng's own cost of
 *    storing them, which no parser setting these fields can go below.
 *
 *   bench-parser tests/data/everything.txt [rounds] [repeats]
 */
#include "axigen-parser.h"
#include "axigen-scanner.h"
#include "syslog-ng-test-helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* one value the scanner found, kept small so that reading them costs no more than scanning */
typedef struct
{
  const gchar *ptr;
  guint32 len;
  guint8 field;
} FoundValue;

typedef struct
{
  gchar **lines;
  gsize count;
  /* the values the scanner found, line i's from values[first[i]] to values[first[i + 1]] */
  FoundValue *values;
  gsize *first;
  NVHandle handles[AXIGEN_FIELD_MAX];
  LogMessageValueType types[AXIGEN_FIELD_MAX];
} Corpus;

typedef enum
{
  RUN_MESSAGES_ONLY,
  RUN_PARSER,
  RUN_VALUES_ALONE,
} RunKind;

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
  g_free(contents);

  corpus.lines = g_new0(gchar *, g_strv_length(lines) + 1);
  for (gchar **line = lines; *line; line++)
    if (**line)
      corpus.lines[corpus.count++] = *line;
    else
      g_free(*line);
  g_free(lines);

  GArray *values = g_array_new(FALSE, FALSE, sizeof(FoundValue));
  corpus.first = g_new0(gsize, corpus.count + 1);
  for (gsize i = 0; i < corpus.count; i++)
    {
      AxigenLine line;

      corpus.first[i] = values->len;
      if (!axigen_scan_line(corpus.lines[i], strlen(corpus.lines[i]), &line))
        continue;
      for (gint field = 0; field < AXIGEN_FIELD_MAX; field++)
        if (line.fields[field].ptr)
          {
            FoundValue value = { line.fields[field].ptr, line.fields[field].len, field };
            g_array_append_val(values, value);
          }
    }
  corpus.first[corpus.count] = values->len;
  corpus.values = (FoundValue *) g_array_free(values, FALSE);
  for (gint field = 0; field < AXIGEN_FIELD_MAX; field++)
    {
      gchar *name = g_strconcat(".axigen.", axigen_field_name(field), NULL);
      corpus.handles[field] = log_msg_get_value_handle(name);
      corpus.types[field] = axigen_field_type(field) == AXIGEN_TYPE_INTEGER ? LM_VT_INT64 : LM_VT_STRING;
      g_free(name);
    }
  return corpus;
}

static void
free_corpus(Corpus *corpus)
{
  g_strfreev(corpus->lines);
  g_free(corpus->values);
  g_free(corpus->first);
}

/* as syslog-ng's sources make them: a payload of twice the line, at least 256 bytes */
static LogMessage *
new_message(const gchar *line)
{
  gsize len = strlen(line);
  LogMessage *msg = log_msg_sized_new(MAX(len * 2, 256));

  log_msg_set_value(msg, LM_V_MESSAGE, line, len);
  return msg;
}

static void
set_values_alone(const Corpus *corpus, gsize i, LogMessage *msg)
{
  for (gsize v = corpus->first[i]; v < corpus->first[i + 1]; v++)
    {
      const FoundValue *value = &corpus->values[v];

      log_msg_set_value_with_type(msg, corpus->handles[value->field], value->ptr, value->len,
                                  corpus->types[value->field]);
    }
}

static gdouble
ns_per_line(RunKind kind, LogParser *parser, const Corpus *corpus, gint rounds)
{
  LogPathOptions path_options = LOG_PATH_OPTIONS_INIT;
  gint64 start = g_get_monotonic_time();

  for (gint round = 0; round < rounds; round++)
    for (gsize i = 0; i < corpus->count; i++)
      {
        LogMessage *msg = new_message(corpus->lines[i]);

        if (kind == RUN_PARSER)
          log_parser_process_message(parser, &msg, &path_options);
        else if (kind == RUN_VALUES_ALONE)
          set_values_alone(corpus, i, msg);
        log_msg_unref(msg);
      }
  return (g_get_monotonic_time() - start) * 1000.0 / ((gdouble) rounds * corpus->count);
}

static gint
compare_doubles(const void *a, const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return (x > y) - (x < y);
}

static gdouble
median_ns_per_line(RunKind kind, gboolean correlate, const Corpus *corpus, gint rounds, gint repeats)
{
  gdouble *samples = g_new(gdouble, repeats);
  LogParser *parser = NULL;

  if (kind == RUN_PARSER)
    {
      parser = axigen_parser_new(configuration);
      axigen_parser_set_correlate(parser, correlate);
      parser = test_parser_start(parser);
    }
  ns_per_line(kind, parser, corpus, 1);
  for (gint i = 0; i < repeats; i++)
    samples[i] = ns_per_line(kind, parser, corpus, rounds);
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

  gdouble messages = median_ns_per_line(RUN_MESSAGES_ONLY, FALSE, &corpus, rounds, repeats);
  gdouble with = median_ns_per_line(RUN_PARSER, TRUE, &corpus, rounds, repeats) - messages;
  gdouble without = median_ns_per_line(RUN_PARSER, FALSE, &corpus, rounds, repeats) - messages;
  gdouble values = median_ns_per_line(RUN_VALUES_ALONE, FALSE, &corpus, rounds, repeats) - messages;

  printf("axigen-parser() in-process over %zu lines x %d rounds, median of %d repeats,\n"
         "a new message for every line (making and freeing it, %.1f ns, is left out):\n",
         corpus.count, rounds, repeats, messages);
  printf("  correlate(yes):   %8.1f ns/line\n", with);
  printf("  correlate(no):    %8.1f ns/line\n", without);
  printf("  the values alone: %8.1f ns/line  (%.0f%% of correlate(yes): syslog-ng storing them)\n",
         values, 100.0 * values / with);

  free_corpus(&corpus);
  syslog_ng_test_stop();
  return 0;
}
