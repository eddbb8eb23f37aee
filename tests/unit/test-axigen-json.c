/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The JSON writer alone: string escaping, invalid UTF-8, integers, and
 * typed values that fall back to strings.
 */
#include "axigen-json.h"

#include <criterion/criterion.h>
#include "test-parameters.h"
#include <criterion/parameterized.h>
#include <string.h>

static GString *output;

static void
setup(void)
{
  output = g_string_new("");
}

static void
teardown(void)
{
  g_string_free(output, TRUE);
}

TestSuite(axigen_json, .init = setup, .fini = teardown);

typedef struct
{
  const gchar *text;
  /* the bytes of text, so that a NUL byte can be one of them */
  gsize len;
  const gchar *json;
} StringCase;

#define STRING_CASE(text, json) { text, sizeof(text) - 1, json }

static void
assert_string_written_as(const StringCase *string_case)
{
  axigen_json_append_string(output, string_case->text, string_case->len);
  cr_assert_str_eq(output->str, string_case->json);
}

/* Strings */

static const StringCase escape_cases[] =
{
  STRING_CASE("plain text", "\"plain text\""),
  STRING_CASE("", "\"\""),
  STRING_CASE("a \"b\"", "\"a \\\"b\\\"\""),
  STRING_CASE("c:\\d", "\"c:\\\\d\""),
  STRING_CASE("a\nb\rc\td", "\"a\\nb\\rc\\td\""),
  STRING_CASE("a\x01" "b\x1f", "\"a\\u0001b\\u001f\""),
  STRING_CASE("a\0b", "\"a\\u0000b\""),
  STRING_CASE("/ and \x7f", "\"/ and \x7f\""),
};

PARAMETERS_FROM_TABLE(axigen_json, characters_json_reserves_are_escaped, escape_cases)

ParameterizedTest(gsize *index, axigen_json, characters_json_reserves_are_escaped)
{
  assert_string_written_as(&escape_cases[*index]);
}

static const StringCase utf8_cases[] =
{
  STRING_CASE("M\xc3\xbcnchen", "\"M\xc3\xbcnchen\""),
  STRING_CASE("\xe2\x82\xac", "\"\xe2\x82\xac\""),
  STRING_CASE("\xef\xbf\xbf", "\"\xef\xbf\xbf\""),
  STRING_CASE("\xf0\x9f\x93\xa7", "\"\xf0\x9f\x93\xa7\""),
  STRING_CASE("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\""),
};

PARAMETERS_FROM_TABLE(axigen_json, well_formed_utf8_is_kept_as_it_is, utf8_cases)

ParameterizedTest(gsize *index, axigen_json, well_formed_utf8_is_kept_as_it_is)
{
  assert_string_written_as(&utf8_cases[*index]);
}

static const StringCase invalid_utf8_cases[] =
{
  STRING_CASE("a\xff" "b", "\"a\\ufffdb\""),
  /* truncated */
  STRING_CASE("\xc3", "\"\\ufffd\""),
  STRING_CASE("\xe2\x82", "\"\\ufffd\\ufffd\""),
  /* overlong */
  STRING_CASE("\xc0\xaf", "\"\\ufffd\\ufffd\""),
  STRING_CASE("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\""),
  STRING_CASE("\xf0\x80\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""),
  /* a surrogate */
  STRING_CASE("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""),
  /* above U+10FFFF */
  STRING_CASE("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""),
  STRING_CASE("\xf5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""),
  /* a lone continuation byte */
  STRING_CASE("\x80x", "\"\\ufffdx\""),
};

PARAMETERS_FROM_TABLE(axigen_json, each_byte_outside_well_formed_utf8_becomes_a_replacement_character,
                      invalid_utf8_cases)

ParameterizedTest(gsize *index, axigen_json, each_byte_outside_well_formed_utf8_becomes_a_replacement_character)
{
  assert_string_written_as(&invalid_utf8_cases[*index]);
}

Test(axigen_json, string_content_is_written_without_the_quotes)
{
  axigen_json_append_string_content(output, "a\"b", 3);
  cr_assert_str_eq(output->str, "a\\\"b");
}

Test(axigen_json, a_key_is_written_after_the_comma_that_separates_it)
{
  axigen_json_append_key(output, "_tags");
  cr_assert_str_eq(output->str, ",\"_tags\":");
}

/* Integers */

Test(axigen_json, the_int64_limits_are_written_in_full)
{
  axigen_json_append_int64(output, G_MININT64);
  g_string_append_c(output, ' ');
  axigen_json_append_int64(output, G_MAXINT64);
  g_string_append_c(output, ' ');
  axigen_json_append_uint64(output, G_MAXUINT64);
  cr_assert_str_eq(output->str, "-9223372036854775808 9223372036854775807 18446744073709551615");
}

typedef struct
{
  const gchar *text;
  gboolean parses;
  gint64 value;
} IntegerCase;

static const IntegerCase integer_cases[] =
{
  { "0", TRUE, 0 },
  { "42", TRUE, 42 },
  { "-17", TRUE, -17 },
  { "007", TRUE, 7 },
  { "9223372036854775807", TRUE, G_MAXINT64 },
  { "-9223372036854775808", TRUE, G_MININT64 },
  { "9223372036854775808", FALSE, 0 },
  { "-9223372036854775809", FALSE, 0 },
  { "18446744073709551616", FALSE, 0 },
  { "", FALSE, 0 },
  { "-", FALSE, 0 },
  { "+1", FALSE, 0 },
  { " 1", FALSE, 0 },
  { "1.0", FALSE, 0 },
  { "0x10", FALSE, 0 },
};

PARAMETERS_FROM_TABLE(axigen_json, only_decimal_integers_that_fit_an_int64_parse, integer_cases)

ParameterizedTest(gsize *index, axigen_json, only_decimal_integers_that_fit_an_int64_parse)
{
  const IntegerCase *integer_case = &integer_cases[*index];
  gint64 value = 0;

  gboolean parses = axigen_json_parse_int64(integer_case->text, strlen(integer_case->text), &value);
  cr_assert_eq(parses, integer_case->parses, "\"%s\"", integer_case->text);
  if (parses)
    cr_assert_eq(value, integer_case->value, "\"%s\"", integer_case->text);
}

/* Typed values */

typedef struct
{
  AxigenJsonType type;
  const gchar *text;
  const gchar *json;
} TypedCase;

static void
assert_typed_value_written_as(const TypedCase *typed_case)
{
  axigen_json_append_typed_value(output, typed_case->text, strlen(typed_case->text), typed_case->type);
  cr_assert_str_eq(output->str, typed_case->json, "\"%s\" of type %d", typed_case->text, typed_case->type);
}

static const TypedCase number_cases[] =
{
  { AXIGEN_JSON_INTEGER, "42", "42" },
  { AXIGEN_JSON_INTEGER, "-9223372036854775808", "-9223372036854775808" },
  { AXIGEN_JSON_INTEGER, "007", "7" },
  { AXIGEN_JSON_DOUBLE, "1.5", "1.5" },
  { AXIGEN_JSON_DOUBLE, "-0.25e+3", "-0.25e+3" },
  { AXIGEN_JSON_DOUBLE, "3", "3" },
  /* what strtod reads but JSON does not, rewritten as a JSON number */
  { AXIGEN_JSON_DOUBLE, ".5", "0.5" },
  { AXIGEN_JSON_DOUBLE, "+2", "2" },
  { AXIGEN_JSON_DOUBLE, "01", "1" },
  { AXIGEN_JSON_DOUBLE, "1.", "1" },
};

PARAMETERS_FROM_TABLE(axigen_json, numbers_are_written_as_json_numbers, number_cases)

ParameterizedTest(gsize *index, axigen_json, numbers_are_written_as_json_numbers)
{
  assert_typed_value_written_as(&number_cases[*index]);
}

static const TypedCase boolean_cases[] =
{
  { AXIGEN_JSON_BOOLEAN, "true", "true" },
  { AXIGEN_JSON_BOOLEAN, "Yes", "true" },
  { AXIGEN_JSON_BOOLEAN, "ON", "true" },
  { AXIGEN_JSON_BOOLEAN, "1", "true" },
  { AXIGEN_JSON_BOOLEAN, "FALSE", "false" },
  { AXIGEN_JSON_BOOLEAN, "no", "false" },
  { AXIGEN_JSON_BOOLEAN, "Off", "false" },
  { AXIGEN_JSON_BOOLEAN, "0", "false" },
};

PARAMETERS_FROM_TABLE(axigen_json, booleans_are_written_as_json_booleans, boolean_cases)

ParameterizedTest(gsize *index, axigen_json, booleans_are_written_as_json_booleans)
{
  assert_typed_value_written_as(&boolean_cases[*index]);
}

static const TypedCase not_of_its_type_cases[] =
{
  { AXIGEN_JSON_STRING, "42", "\"42\"" },
  { AXIGEN_JSON_INTEGER, "4.2", "\"4.2\"" },
  { AXIGEN_JSON_INTEGER, "9223372036854775808", "\"9223372036854775808\"" },
  { AXIGEN_JSON_INTEGER, "12 KB", "\"12 KB\"" },
  { AXIGEN_JSON_DOUBLE, "inf", "\"inf\"" },
  { AXIGEN_JSON_DOUBLE, "nan", "\"nan\"" },
  { AXIGEN_JSON_DOUBLE, "1e999", "\"1e999\"" },
  { AXIGEN_JSON_DOUBLE, "1.5x", "\"1.5x\"" },
  /* longer than any number a log gives */
  {
    AXIGEN_JSON_DOUBLE, "1.0000000000000000000000000000000000000000000000000000000000000000",
    "\"1.0000000000000000000000000000000000000000000000000000000000000000\""
  },
  { AXIGEN_JSON_BOOLEAN, "maybe", "\"maybe\"" },
  { AXIGEN_JSON_BOOLEAN, "truely", "\"truely\"" },
};

PARAMETERS_FROM_TABLE(axigen_json, a_value_that_is_not_of_its_type_is_written_as_a_string, not_of_its_type_cases)

ParameterizedTest(gsize *index, axigen_json, a_value_that_is_not_of_its_type_is_written_as_a_string)
{
  assert_typed_value_written_as(&not_of_its_type_cases[*index]);
}
