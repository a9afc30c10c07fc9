// wi-doctor's entry point: the only catch-all (exit 1, internal error) lives here.
#include <exception>
#include <iostream>

#include "analyzer/cli/cli.h"
#include "analyzer/cli/exit_codes.h"

int main(int argc, char** argv) {
  try {
    return wid::run_cli(argc, argv, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "wi-doctor: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "wi-doctor: internal error\n";
  }
  return wid::kExitInternal;
}
