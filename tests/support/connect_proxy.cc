#include "tests/support/connect_proxy.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid::test {

ConnectProxy::ConnectProxy(const std::string& log_path) : log_path_(log_path) {
  std::vector<std::string> args{"/usr/bin/python3",
                                std::string(WID_SOURCE_DIR) + "/tests/support/connect_proxy.py",
                                "--log", log_path};
  process_.start(std::move(args), "connect_proxy.py");
}

std::string ConnectProxy::targets() const { return read_file(log_path_); }

}  // namespace wid::test
