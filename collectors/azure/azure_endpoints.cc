#include "collectors/azure/azure_endpoints.h"

namespace wid {
namespace {

struct Cloud {
  const char* name;
  const char* arm;
  const char* authority;
};

// The values of `az cloud show --name <cloud>` (endpoints.resourceManager,
// endpoints.activeDirectory). The ARM resource's scope is its endpoint plus /.default.
constexpr Cloud kClouds[] = {
    {"AzurePublicCloud", "https://management.azure.com", "https://login.microsoftonline.com"},
    {"AzureChinaCloud", "https://management.chinacloudapi.cn", "https://login.chinacloudapi.cn"},
    {"AzureUSGovernment", "https://management.usgovcloudapi.net",
     "https://login.microsoftonline.us"},
};

Result<std::string> endpoint(const std::string& flag, std::string value) {
  while (!value.empty() && value.back() == '/') value.pop_back();
  if (value.rfind("https://", 0) != 0 || value.size() <= 8)
    return make_error(
        ErrorCode::kInvalidArgument,
        flag + " " + value + " is not an https URL (e.g. https://management.azure.com)");
  return value;
}

}  // namespace

Result<AzureEndpoints> azure_endpoints(const std::string& cloud, const std::string& arm_endpoint,
                                       const std::string& authority_host) {
  const Cloud* found = nullptr;
  for (const Cloud& c : kClouds)
    if (cloud == c.name) found = &c;
  if (found == nullptr)
    return make_error(ErrorCode::kInvalidArgument,
                      "--azure-cloud " + cloud +
                          " is not one of AzurePublicCloud, AzureChinaCloud, AzureUSGovernment");
  AzureEndpoints e;
  e.cloud = found->name;
  e.arm = found->arm;
  e.authority = found->authority;
  e.scope = std::string(found->arm) + "/.default";
  if (!arm_endpoint.empty()) {
    auto v = endpoint("--arm-endpoint", arm_endpoint);
    if (!v) return v.error();
    e.arm = *v;
    e.arm_explicit = true;
  }
  if (!authority_host.empty()) {
    auto v = endpoint("--authority-host", authority_host);
    if (!v) return v.error();
    e.authority = *v;
    e.authority_explicit = true;
  }
  return e;
}

}  // namespace wid
