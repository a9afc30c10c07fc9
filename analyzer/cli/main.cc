// wi-doctor's entry point. The catch-all (exit 1, internal error) is run_main() in cli.cc.
#include <iostream>

#include "analyzer/cli/cli.h"

int main(int argc, char** argv) { return wid::run_main(argc, argv, std::cout, std::cerr); }
