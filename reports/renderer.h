// Renderers are sinks over one Report, one file each, chosen from one table by name.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analyzer/model/report.h"
#include "analyzer/model/result.h"

namespace wid {

struct RenderOptions {
  bool color = false;  // text: ANSI colour (the CLI decides: tty, NO_COLOR, --color)
};

struct Renderer {
  const char* name;         // json | text
  const char* description;  // one line for --help
  Status (*render)(const Report& report, const RenderOptions& options, std::ostream& out);
};

// The sinks themselves, one file each (reports/<name>.cc); callers go through the table, tests
// may call them directly. Each finalizes a copy, so output never depends on the caller's order.
Status render_json(const Report& report, const RenderOptions& options, std::ostream& out);
Status render_text(const Report& report, const RenderOptions& options, std::ostream& out);

// The table of renderers, in the order --help lists them.
const std::vector<Renderer>& renderers();
const Renderer* find_renderer(const std::string& name);

}  // namespace wid
