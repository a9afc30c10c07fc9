// Writes a bundle: a .tar.gz holding manifest.json and the given files under their bundle-layout
// paths, regular files only, mode 0600 (a bundle may be attached to a ticket, but is the user's
// until then). Written to a temporary file beside the target and renamed, so a failed run never
// leaves half a bundle.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/model/result.h"
#include "collectors/bundle/bundle_reader.h"

namespace wid {

inline constexpr const char* kBundleSchemaVersion = "wi-doctor.bundle/v1";

Status write_bundle(const std::string& path, const std::vector<MemoryFile>& files,
                    const nlohmann::json& manifest);

}  // namespace wid
