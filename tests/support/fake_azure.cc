#include "tests/support/fake_azure.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/paths.h"

namespace wid::test {

FakeAzure::FakeAzure(const TestPki& pki, const FakeAzureOptions& o) {
  std::vector<std::string> args{"/usr/bin/python3",
                                std::string(WID_SOURCE_DIR) + "/tests/support/fake_azure.py",
                                "--scenario",
                                o.scenario,
                                "--cert",
                                pki.server_cert,
                                "--key",
                                pki.server_key,
                                "--token",
                                o.token,
                                "--issued-token",
                                o.issued_token,
                                "--page-size",
                                std::to_string(o.page_size),
                                "--extra-identities",
                                std::to_string(o.extra_identities)};
  for (const std::string& f : o.faults) args.insert(args.end(), {"--fault", f});
  if (!o.log.empty()) args.insert(args.end(), {"--log", o.log});
  process_.start(std::move(args), "fake_azure.py");
}

}  // namespace wid::test
