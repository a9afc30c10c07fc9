// The CLI11 wiring: subcommands analyze, report, rules list|validate, explain, version.
// stdout carries only reports; progress and errors go to stderr.
#pragma once

#include <ostream>

namespace wid {

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace wid
