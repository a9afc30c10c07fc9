// One helper server of the tests (fake_cluster.py, fake_azure.py, connect_proxy.py) as a child
// process: its stdin and stdout are pipes, it prints "PORT <n>" once it listens on 127.0.0.1,
// and it exits when its stdin closes. It is stopped with the object (SIGKILL after 5 s).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace wid::test {

class PortProcess {
 public:
  PortProcess() = default;
  ~PortProcess();
  PortProcess(const PortProcess&) = delete;
  PortProcess& operator=(const PortProcess&) = delete;

  // Runs args (args[0] an absolute path) and waits for its "PORT <n>" line; a test failure
  // naming `name` when none comes.
  void start(std::vector<std::string> args, const std::string& name);
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
};

}  // namespace wid::test
