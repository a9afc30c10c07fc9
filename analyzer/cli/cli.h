// The CLI11 wiring: subcommands analyze, report, rules list|validate, explain, version.
// stdout carries only reports; progress and errors go to stderr.
#pragma once

#include <ostream>

namespace wid {

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

// run_cli() inside the one catch-all: anything that escapes a subcommand is an internal error
// (exit 1). main() is only this; tests call it to prove the contract for every subcommand.
int run_main(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace wid
