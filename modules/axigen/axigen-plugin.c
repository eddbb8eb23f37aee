/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "axigen-parser-parser.h"
#include "axigen-gelf.h"
#include "plugin.h"
#include "plugin-types.h"

#include <gmodule.h>

static Plugin axigen_plugins[] =
{
  {
    .type = LL_CONTEXT_PARSER,
    .name = "axigen-parser",
    .parser = &axigen_parser_parser,
  },
  {
    .type = LL_CONTEXT_PARSER,
    .name = "axigen-geoip",
    .parser = &axigen_parser_parser,
  },
  TEMPLATE_FUNCTION_PLUGIN(tf_axigen_gelf, "axigen-gelf"),
};

G_MODULE_EXPORT gboolean axigen_module_init(PluginContext *context, CfgArgs *args);

G_MODULE_EXPORT gboolean
axigen_module_init(PluginContext *context, CfgArgs *args)
{
  plugin_register(context, axigen_plugins, G_N_ELEMENTS(axigen_plugins));
  return TRUE;
}

G_MODULE_EXPORT const ModuleInfo module_info =
{
  .canonical_name = "axigen",
  .version = SYSLOG_NG_VERSION,
  .description = "The axigen module parses the logs of the Axigen mail server and enriches them with GeoIP data.",
  .core_revision = SYSLOG_NG_SOURCE_REVISION,
  .plugins = axigen_plugins,
  .plugins_len = G_N_ELEMENTS(axigen_plugins),
};
