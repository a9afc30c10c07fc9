// Where ARM and Entra's token endpoint are for a cloud (AzurePublicCloud, AzureChinaCloud,
// AzureUSGovernment, as `az cloud list` names them), and the user's own --arm-endpoint and
// --authority-host, which replace them. An endpoint the user names explicitly is exempt from the
// private-address guard and never goes through a proxy: the user said where it is.
#pragma once

#include <string>

#include "analyzer/model/result.h"

namespace wid {

struct AzureEndpoints {
  std::string cloud;
  std::string arm;        // https://management.azure.com, no trailing '/'
  std::string authority;  // https://login.microsoftonline.com, no trailing '/'
  std::string scope;      // the ARM resource's .default scope, asked for in the exchange
  bool arm_explicit = false;
  bool authority_explicit = false;
};

// kInvalidArgument for an unknown cloud or an endpoint that is not an https URL.
Result<AzureEndpoints> azure_endpoints(const std::string& cloud, const std::string& arm_endpoint,
                                       const std::string& authority_host);

}  // namespace wid
