/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TEST_PARAMETERS_H_INCLUDED
#define TEST_PARAMETERS_H_INCLUDED

#include <criterion/parameterized.h>
#include <stddef.h>

/* Criterion may run each parameter in a fresh process, where pointers held
 * in a parameter would not be valid: the parameters are indices into static
 * tables, and each test looks its case up (a size_t parameter). */
#define PARAMETERS_FROM_TABLE(suite, name, table) \
  ParameterizedTestParameters(suite, name) \
  { \
    static size_t indices[sizeof(table) / sizeof((table)[0])]; \
    for (size_t i = 0; i < sizeof(table) / sizeof((table)[0]); i++) \
      indices[i] = i; \
    return cr_make_param_array(size_t, indices, sizeof(table) / sizeof((table)[0])); \
  }

#endif
